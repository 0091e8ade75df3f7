/*
 * billing_export.h - the outputs of a billing run (struct billing_view of
 * billing_runs.h): the JSON of the API, and the billing basis
 * (faktureringsunderlag) as CSV, XLSX and PDF, and the accounting export
 * in SIE 4. Every amount is shown with its explanation.
 *
 *  - JSON: billing_view_json(); every line with its explanation object and
 *    Swedish sentence; amounts as "2584.00".
 *  - CSV: UTF-8 with a byte-order mark, ';' between fields, CR LF, a decimal
 *    comma and no thousands separator, so Swedish Excel opens it as numbers;
 *    one row per line (notices are not payments and are left out).
 *  - XLSX (libxlsxwriter): sheets "Rader" (lines, amounts as numbers),
 *    "Innehållna" (notices) and "Summor" (per provider and the total).
 *  - PDF (libharu): per provider the municipality's header, the provider,
 *    every line with its explanation, what is held back, and totals in
 *    Swedish number format ("2 584,00 kr"); Helvetica in WinAnsiEncoding,
 *    which has å ä ö.
 *  - SIE 4 (sie.h): confirmed runs only (SV_ESTATE otherwise): one balanced
 *    verification per provider, debiting the expense accounts by kind and
 *    crediting supplier debts.
 *
 * Customers are named by id only: no name or identity number ever goes into
 * a file (KV-81, X-2).
 */
#ifndef SV_SERVICE_BILLING_EXPORT_H
#define SV_SERVICE_BILLING_EXPORT_H

#include <jansson.h>

#include "service/billing_runs.h"
#include "stegvis/buf.h"

enum billing_format {
	BILLING_FMT_JSON = 0,
	BILLING_FMT_CSV,
	BILLING_FMT_XLSX,
	BILLING_FMT_PDF,
	BILLING_FMT_SIE,
	BILLING_FMT_COUNT
};

/* "json", "csv", "xlsx", "pdf", "sie"; SV_EINVAL naming field otherwise. */
enum sv_rc billing_format_parse(const char *s, enum billing_format *out, const char *field,
                                struct sv_error *err) SV_WUR;
const char *billing_format_name(enum billing_format f);
/* The media type ("text/csv; charset=utf-8", ...). */
const char *billing_format_type(enum billing_format f);

/* Swedish label of a line kind ("Check", "Justering", "Innehålls", ...). */
const char *billing_kind_label(const char *kind);

/* The view as JSON (new reference; NULL when out of memory). */
json_t *billing_view_json(const struct billing_view *v);
json_t *billing_row_json(const struct billing_row *r);

/* Append the view in format f to out. The view must hold its rows (with_rows). */
enum sv_rc billing_export(const struct billing_view *v, enum billing_format f, struct buf *out,
                          struct sv_error *err) SV_WUR;

#endif
