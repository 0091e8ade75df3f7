/*
 * The outputs of a billing run (see billing_export.h): JSON, CSV, XLSX
 * (libxlsxwriter), PDF (libharu) and SIE 4 (core/sie.c).
 */
#include "service/billing_export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>
#include <xlsxwriter.h>

#include "stegvis/ics.h"
#include "stegvis/sie.h"

static const char *const format_names[BILLING_FMT_COUNT] = {"json", "csv", "xlsx", "pdf", "sie"};
static const char *const format_types[BILLING_FMT_COUNT] = {
        "application/json",
        "text/csv; charset=utf-8",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/pdf",
        "text/plain; charset=IBM437",
};

enum sv_rc billing_format_parse(const char *s, enum billing_format *out, const char *field,
                                struct sv_error *err)
{
	for (int i = 0; i < BILLING_FMT_COUNT; i++)
		if (s && !strcmp(s, format_names[i])) {
			*out = (enum billing_format)i;
			return SV_OK;
		}
	return sv_error_set(err, SV_EINVAL, field, "X-4",
	                    "the format is json, csv, xlsx, pdf or sie, not \"%.40s\"", s ? s : "");
}

const char *billing_format_name(enum billing_format f)
{
	return (int)f >= 0 && f < BILLING_FMT_COUNT ? format_names[f] : "";
}

const char *billing_format_type(enum billing_format f)
{
	return (int)f >= 0 && f < BILLING_FMT_COUNT ? format_types[f] : "application/octet-stream";
}

const char *billing_kind_label(const char *kind)
{
	static const char *const labels[][2] = {
	        {"voucher", "Check"},       {"voucher_released", "Check, tidigare månad"},
	        {"abort", "Efter avbrott"}, {"supplement", "Tilläggscheck"},
	        {"bonus", "Bonus"},         {"adjustment", "Justering"},
	        {"held", "Innehålls"},      {"forfeited", "Betalas inte"},
	};
	for (size_t i = 0; kind && i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(labels[i][0], kind))
			return labels[i][1];
	return kind ? kind : "";
}

/* ---- small formats ---------------------------------------------------------------- */

static char *month_of(sv_date d, char out[SV_DATE_STRLEN])
{
	date_format(d, out);
	out[7] = '\0';
	return out;
}

/* "2584,00": the machine form with a decimal comma (CSV for Swedish Excel). */
static char *money_comma(sv_money m, char out[SV_MONEY_STRLEN])
{
	char *dot;

	money_format(m, out);
	dot = strchr(out, '.');
	if (dot)
		*dot = ',';
	return out;
}

/* "556677-8899" for a 10-digit Swedish organisation number, else as stored. */
static void org_text(const char *org, char *out, size_t n)
{
	if (org && strlen(org) == 10)
		snprintf(out, n, "%.6s-%.4s", org, org + 6);
	else
		snprintf(out, n, "%s", org ? org : "");
}

static const struct billing_sum *sum_of(const struct billing_view *v, int64_t provider)
{
	for (size_t i = 0; i < v->n_sums; i++)
		if (v->sums[i].provider_id == provider)
			return &v->sums[i];
	return NULL;
}

static const char *state_label(const char *state)
{
	if (!strcmp(state, "final"))
		return "bekräftad";
	if (!strcmp(state, "draft"))
		return "utkast, ej bekräftad";
	return "förhandsgranskning, inte sparad";
}

/* ---- JSON ----------------------------------------------------------------------------- */

static json_t *jdate(sv_date d)
{
	char s[SV_DATE_STRLEN];
	return d == SV_NO_DATE ? json_null() : json_string(date_format(d, s));
}

static json_t *jmoney(sv_money m)
{
	char s[SV_MONEY_STRLEN];
	return json_string(money_format(m, s));
}

/* A timestamp as ISO-8601 UTC ("2024-04-16T08:00:00Z"); null for 0. */
static json_t *jtime(sv_time t)
{
	time_t secs = (time_t)(t / 1000000);
	struct tm tm;
	char s[32];

	if (!t || !gmtime_r(&secs, &tm))
		return json_null();
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(s);
}

json_t *billing_row_json(const struct billing_row *r)
{
	char mon[SV_DATE_STRLEN];
	json_t *explain = json_loads(r->explain ? r->explain : "{}", 0, NULL);
	json_t *rules = json_array();
	json_t *o;
	const char *p = r->rules;

	while (rules && p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		json_array_append_new(rules, json_stringn(p, n));
		p = end ? end + 1 : p + n;
		while (*p == ' ')
			p++;
	}
	o = json_pack("{s:I,s:I,s:I,s:I,s:s,s:s,s:s,s:I,s:o,s:o,s:s,s:o,s:o,s:o,s:s,s:o,s:b,s:o,"
	              "s:s}",
	              "id", (json_int_t)r->id, "provider_id", (json_int_t)r->provider_id,
	              "intervention_id", (json_int_t)r->intervention_id, "customer_id",
	              (json_int_t)r->customer_id, "kind", r->kind, "basis", r->basis, "period",
	              month_of(r->period, mon), "ref", (json_int_t)r->ref, "amount",
	              jmoney(r->amount), "days", r->days >= 0 ? json_integer(r->days) : json_null(),
	              "scheme", r->scheme, "rate", r->rate ? jmoney(r->rate) : json_null(), "from",
	              jdate(r->from), "to", jdate(r->to), "status", r->status, "rules",
	              rules ? rules : json_array(), "deficiency", r->deficiency, "explain",
	              explain ? explain : json_object(), "text", r->text ? r->text : "");
	return o;
}

json_t *billing_view_json(const struct billing_view *v)
{
	char mon[SV_DATE_STRLEN];
	json_t *o, *sums = json_array(), *lines = NULL, *notices = NULL;
	json_t *params = json_loads(v->params ? v->params : "{}", 0, NULL);

	for (size_t i = 0; sums && i < v->n_sums; i++) {
		const struct billing_sum *s = &v->sums[i];
		json_array_append_new(sums,
		                      json_pack("{s:I,s:s,s:s,s:o,s:I,s:I}", "provider_id",
		                                (json_int_t)s->provider_id, "provider",
		                                s->provider_name ? s->provider_name : "", "org_no",
		                                s->org_no ? s->org_no : "", "amount",
		                                jmoney(s->amount), "lines", (json_int_t)s->n_lines,
		                                "notices", (json_int_t)s->n_notices));
	}
	o = json_pack(
	        "{s:o,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:o,s:I,s:I,s:o,s:o}", "id",
	        v->run_id ? json_integer(v->run_id) : json_null(), "month", month_of(v->month, mon),
	        "state", v->state, "run_on", jdate(v->run_on), "created_at", jtime(v->created_at),
	        "created_by", v->created_by ? json_integer(v->created_by) : json_null(),
	        "confirmed_at", jtime(v->confirmed_at), "confirmed_by",
	        v->confirmed_by ? json_integer(v->confirmed_by) : json_null(), "provider_id",
	        v->provider_id ? json_integer(v->provider_id) : json_null(), "municipality",
	        v->municipality ? v->municipality : "", "total", jmoney(v->total), "lines_count",
	        (json_int_t)v->n_lines, "notices_count", (json_int_t)v->n_notices, "sums",
	        sums ? sums : json_array(), "params", params ? params : json_object());
	if (!o)
		return NULL;
	if (!v->run_id || v->n_unpriced)
		json_object_set_new(o, "unpriced_count", json_integer(v->n_unpriced));
	if (v->with_rows) {
		lines = json_array();
		notices = json_array();
		for (size_t i = 0; lines && i < v->n_rows; i++)
			json_array_append_new(lines, billing_row_json(&v->lines[i]));
		for (size_t i = 0; notices && i < v->n_notice_rows; i++)
			json_array_append_new(notices, billing_row_json(&v->notices[i]));
		json_object_set_new(o, "lines", lines ? lines : json_array());
		json_object_set_new(o, "notices", notices ? notices : json_array());
	}
	return o;
}

static enum sv_rc export_json(const struct billing_view *v, struct buf *out)
{
	json_t *o = billing_view_json(v);
	char *text = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
	enum sv_rc rc = text ? buf_adds(out, text) : SV_ENOMEM;

	if (!rc)
		rc = buf_addc(out, '\n');
	free(text);
	json_decref(o);
	return rc;
}

/* ---- CSV ------------------------------------------------------------------------------- */

static enum sv_rc csv_field(struct buf *b, const char *s, bool last)
{
	enum sv_rc rc = SV_OK;

	if (strpbrk(s, ";\"\r\n")) {
		rc = buf_addc(b, '"');
		for (const char *p = s; !rc && *p; p++) {
			if (*p == '"')
				rc = buf_addc(b, '"');
			if (!rc)
				rc = buf_addc(b, *p);
		}
		if (!rc)
			rc = buf_addc(b, '"');
	} else {
		rc = buf_adds(b, s);
	}
	if (!rc)
		rc = buf_adds(b, last ? "\r\n" : ";");
	return rc;
}

static const char *const csv_head[] = {
        "Körning", "Månad",  "Status",       "Anordnare", "Org.nr",  "Insats", "Kund",
        "Typ",     "Typkod", "Grund",        "Period",    "Beslut",  "Dagar",  "Från",
        "Till",    "Schema", "Månadsbelopp", "Belopp",    "Villkor", "Regler", "Förklaring",
};
#define CSV_COLS (sizeof(csv_head) / sizeof(csv_head[0]))

static enum sv_rc export_csv(const struct billing_view *v, struct buf *out)
{
	enum sv_rc rc = buf_adds(out, "\xEF\xBB\xBF"); /* UTF-8 byte-order mark */

	for (size_t i = 0; !rc && i < CSV_COLS; i++)
		rc = csv_field(out, csv_head[i], i + 1 == CSV_COLS);
	for (size_t i = 0; !rc && i < v->n_rows; i++) {
		const struct billing_row *r = &v->lines[i];
		const struct billing_sum *s = sum_of(v, r->provider_id);
		char run[24], mon[SV_DATE_STRLEN], per[SV_DATE_STRLEN], iv[24], cu[24], ref[24];
		char days[16], from[SV_DATE_STRLEN], to[SV_DATE_STRLEN], rate[SV_MONEY_STRLEN];
		char amount[SV_MONEY_STRLEN], org[24];
		const char *f[CSV_COLS];

		snprintf(run, sizeof(run), "%lld", (long long)v->run_id);
		snprintf(iv, sizeof(iv), "%lld", (long long)r->intervention_id);
		snprintf(cu, sizeof(cu), "%lld", (long long)r->customer_id);
		snprintf(ref, sizeof(ref), "%lld", (long long)r->ref);
		if (r->days >= 0)
			snprintf(days, sizeof(days), "%d", r->days);
		else
			days[0] = '\0';
		org_text(s ? s->org_no : "", org, sizeof(org));
		f[0] = v->run_id ? run : "";
		f[1] = month_of(v->month, mon);
		f[2] = v->state;
		f[3] = s && s->provider_name ? s->provider_name : "";
		f[4] = org;
		f[5] = iv;
		f[6] = cu;
		f[7] = billing_kind_label(r->kind);
		f[8] = r->kind;
		f[9] = r->basis;
		f[10] = month_of(r->period, per);
		f[11] = r->ref ? ref : "";
		f[12] = days;
		f[13] = r->from == SV_NO_DATE ? "" : date_format(r->from, from);
		f[14] = r->to == SV_NO_DATE ? "" : date_format(r->to, to);
		f[15] = r->scheme;
		f[16] = r->rate ? money_comma(r->rate, rate) : "";
		f[17] = money_comma(r->amount, amount);
		f[18] = r->status;
		f[19] = r->rules;
		f[20] = r->text ? r->text : "";
		for (size_t k = 0; !rc && k < CSV_COLS; k++)
			rc = csv_field(out, f[k], k + 1 == CSV_COLS);
	}
	return rc;
}

/* ---- XLSX --------------------------------------------------------------------------------- */

struct xlsx {
	lxw_worksheet *ws;
	lxw_format *money, *bold;
	lxw_error rc;
};

static void xs(struct xlsx *x, lxw_row_t r, lxw_col_t c, const char *s)
{
	lxw_error e = worksheet_write_string(x->ws, r, c, s ? s : "", NULL);
	if (e && !x->rc)
		x->rc = e;
}

static void xn(struct xlsx *x, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
	lxw_error e = worksheet_write_number(x->ws, r, c, v, f);
	if (e && !x->rc)
		x->rc = e;
}

static double kr(sv_money m)
{
	return (double)m / 100.0;
}

static void xlsx_rows(struct xlsx *x, const struct billing_view *v, const struct billing_row *rows,
                      size_t n)
{
	static const char *const head[] = {
	        "Anordnare", "Org.nr",       "Insats", "Kund",    "Typ",    "Typkod",
	        "Grund",     "Period",       "Beslut", "Dagar",   "Från",   "Till",
	        "Schema",    "Månadsbelopp", "Belopp", "Villkor", "Regler", "Förklaring"};
	const size_t nh = sizeof(head) / sizeof(head[0]);

	for (size_t c = 0; c < nh; c++)
		worksheet_write_string(x->ws, 0, (lxw_col_t)c, head[c], x->bold);
	worksheet_freeze_panes(x->ws, 1, 0);
	worksheet_set_column(x->ws, 0, 0, 28, NULL);
	worksheet_set_column(x->ws, 4, 4, 22, NULL);
	worksheet_set_column(x->ws, 13, 14, 14, x->money);
	worksheet_set_column(x->ws, 17, 17, 120, NULL);
	for (size_t i = 0; i < n; i++) {
		const struct billing_row *r = &rows[i];
		const struct billing_sum *s = sum_of(v, r->provider_id);
		lxw_row_t row = (lxw_row_t)(i + 1);
		char org[24], per[SV_DATE_STRLEN], d1[SV_DATE_STRLEN], d2[SV_DATE_STRLEN];

		org_text(s ? s->org_no : "", org, sizeof(org));
		xs(x, row, 0, s ? s->provider_name : "");
		xs(x, row, 1, org);
		xn(x, row, 2, (double)r->intervention_id, NULL);
		xn(x, row, 3, (double)r->customer_id, NULL);
		xs(x, row, 4, billing_kind_label(r->kind));
		xs(x, row, 5, r->kind);
		xs(x, row, 6, r->basis);
		xs(x, row, 7, month_of(r->period, per));
		if (r->ref)
			xn(x, row, 8, (double)r->ref, NULL);
		if (r->days >= 0)
			xn(x, row, 9, r->days, NULL);
		if (r->from != SV_NO_DATE)
			xs(x, row, 10, date_format(r->from, d1));
		if (r->to != SV_NO_DATE)
			xs(x, row, 11, date_format(r->to, d2));
		xs(x, row, 12, r->scheme);
		if (r->rate)
			xn(x, row, 13, kr(r->rate), x->money);
		xn(x, row, 14, kr(r->amount), x->money);
		xs(x, row, 15, r->status);
		xs(x, row, 16, r->rules);
		xs(x, row, 17, r->text);
	}
}

static enum sv_rc export_xlsx(const struct billing_view *v, struct buf *out, struct sv_error *err)
{
	const char *tmp = getenv("TMPDIR");
	char path[512];
	struct xlsx x;
	lxw_workbook_options opt = {0};
	lxw_workbook *wb = NULL;
	int fd;
	enum sv_rc rc;

	memset(&x, 0, sizeof(x));
	snprintf(path, sizeof(path), "%s/stegvis-billing-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return sv_error_set(err, SV_EIO, "format", "", "cannot create a temporary file: %s",
		                    strerror(errno));
	close(fd);
	opt.tmpdir = tmp && *tmp ? (char *)tmp : "/tmp";
	wb = workbook_new_opt(path, &opt);
	if (!wb) {
		rc = sv_error_set(err, SV_EIO, "format", "", "cannot start the workbook");
		goto done;
	}
	x.money = workbook_add_format(wb);
	x.bold = workbook_add_format(wb);
	format_set_num_format(x.money, "#,##0.00");
	format_set_bold(x.bold);

	x.ws = workbook_add_worksheet(wb, "Rader");
	xlsx_rows(&x, v, v->lines, v->n_rows);
	x.ws = workbook_add_worksheet(wb, "Innehållna");
	xlsx_rows(&x, v, v->notices, v->n_notice_rows);
	x.ws = workbook_add_worksheet(wb, "Summor");
	{
		static const char *const head[] = {"Anordnare", "Org.nr", "Rader", "Innehållna",
		                                   "Belopp"};
		char org[24], mon[SV_DATE_STRLEN], title[160];
		lxw_row_t row = 3;

		snprintf(title, sizeof(title), "Faktureringsunderlag %s, %s, %s",
		         month_of(v->month, mon), v->municipality ? v->municipality : "",
		         state_label(v->state));
		worksheet_write_string(x.ws, 0, 0, title, x.bold);
		for (size_t c = 0; c < 5; c++)
			worksheet_write_string(x.ws, 2, (lxw_col_t)c, head[c], x.bold);
		worksheet_set_column(x.ws, 0, 0, 32, NULL);
		worksheet_set_column(x.ws, 4, 4, 16, x.money);
		for (size_t i = 0; i < v->n_sums; i++, row++) {
			const struct billing_sum *s = &v->sums[i];
			org_text(s->org_no, org, sizeof(org));
			xs(&x, row, 0, s->provider_name);
			xs(&x, row, 1, org);
			xn(&x, row, 2, (double)s->n_lines, NULL);
			xn(&x, row, 3, (double)s->n_notices, NULL);
			xn(&x, row, 4, kr(s->amount), x.money);
		}
		worksheet_write_string(x.ws, row, 0, "Summa", x.bold);
		xn(&x, row, 4, kr(v->total), x.money);
	}
	x.rc = x.rc ? x.rc : workbook_close(wb);
	wb = NULL;
	if (x.rc) {
		rc = sv_error_set(err, SV_EIO, "format", "",
		                  "the workbook could not be written (%d)", (int)x.rc);
		goto done;
	}
	rc = buf_read_file(out, path, "format", err);
done:
	if (wb)
		workbook_close(wb);
	unlink(path);
	return rc;
}

/* ---- PDF ------------------------------------------------------------------------------------ */

#define PDF_MARGIN 40.0f

struct pdf {
	HPDF_Doc doc;
	HPDF_Page page;
	HPDF_Font font, bold;
	float y, width, height;
	int pages;
	unsigned long error; /* the first libharu error */
	const struct billing_view *v;
	char head[200];
};

static void HPDF_STDCALL pdf_error(HPDF_STATUS no, HPDF_STATUS detail, void *ctx)
{
	struct pdf *p = ctx;
	(void)detail;
	if (!p->error)
		p->error = (unsigned long)no;
}

/* UTF-8 to WinAnsiEncoding (CP1252), the encoding of the standard fonts. */
static void winansi(const char *s, char *out, size_t n)
{
	static const struct {
		uint32_t cp;
		unsigned char b;
	} high[] = {
	        {0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83}, {0x201E, 0x84}, {0x2026, 0x85},
	        {0x2020, 0x86}, {0x2021, 0x87}, {0x02C6, 0x88}, {0x2030, 0x89}, {0x0160, 0x8A},
	        {0x2039, 0x8B}, {0x0152, 0x8C}, {0x017D, 0x8E}, {0x2018, 0x91}, {0x2019, 0x92},
	        {0x201C, 0x93}, {0x201D, 0x94}, {0x2022, 0x95}, {0x2013, 0x96}, {0x2014, 0x97},
	        {0x02DC, 0x98}, {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B}, {0x0153, 0x9C},
	        {0x017E, 0x9E}, {0x0178, 0x9F}, {0x2212, '-'},  {0x202F, ' '},
	};
	const unsigned char *p = (const unsigned char *)s;
	size_t k = 0;

	while (*p && k + 1 < n) {
		uint32_t c;
		size_t len = 1;

		if (p[0] < 0x80) {
			c = p[0];
		} else if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
			c = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
			len = 2;
		} else if ((p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 &&
		           (p[2] & 0xC0) == 0x80) {
			c = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
			    (p[2] & 0x3F);
			len = 3;
		} else {
			c = '?';
			while (p[len] && (p[len] & 0xC0) == 0x80)
				len++;
		}
		p += len;
		if (c >= 0xA0 && c <= 0xFF) {
			out[k++] = (char)c;
			continue;
		}
		if (c < 0x80) {
			out[k++] = c < 0x20 ? ' ' : (char)c;
			continue;
		}
		out[k] = '?';
		for (size_t i = 0; i < sizeof(high) / sizeof(high[0]); i++)
			if (high[i].cp == c)
				out[k] = (char)high[i].b;
		k++;
	}
	out[k] = '\0';
}

static void pdf_text(struct pdf *p, HPDF_Font f, float size, float x, float y, const char *utf8)
{
	char t[1024];

	winansi(utf8, t, sizeof(t));
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, f, size);
	HPDF_Page_TextOut(p->page, x, y, t);
	HPDF_Page_EndText(p->page);
}

/* Right-aligned at x. */
static void pdf_text_right(struct pdf *p, HPDF_Font f, float size, float x, float y,
                           const char *utf8)
{
	char t[256];
	float w;

	winansi(utf8, t, sizeof(t));
	HPDF_Page_SetFontAndSize(p->page, f, size);
	w = HPDF_Page_TextWidth(p->page, t);
	pdf_text(p, f, size, x - w, y, utf8);
}

static void pdf_page(struct pdf *p)
{
	char n[32];

	p->page = HPDF_AddPage(p->doc);
	HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
	p->width = HPDF_Page_GetWidth(p->page);
	p->height = HPDF_Page_GetHeight(p->page);
	p->pages++;
	pdf_text(p, p->font, 8, PDF_MARGIN, p->height - 24, p->head);
	snprintf(n, sizeof(n), "Sida %d", p->pages);
	pdf_text_right(p, p->font, 8, p->width - PDF_MARGIN, p->height - 24, n);
	p->y = p->height - PDF_MARGIN - 10;
}

/* Room for h points more on the page, or a new page. */
static void pdf_need(struct pdf *p, float h)
{
	if (p->y - h < PDF_MARGIN)
		pdf_page(p);
}

static void pdf_rule(struct pdf *p)
{
	HPDF_Page_SetLineWidth(p->page, 0.5f);
	HPDF_Page_MoveTo(p->page, PDF_MARGIN, p->y + 3);
	HPDF_Page_LineTo(p->page, p->width - PDF_MARGIN, p->y + 3);
	HPDF_Page_Stroke(p->page);
}

/* A paragraph wrapped to the width from x, in the small font. */
static void pdf_wrapped(struct pdf *p, float x, float size, const char *utf8)
{
	char t[4096];
	const char *s = t;
	float w = p->width - PDF_MARGIN - x;

	winansi(utf8, t, sizeof(t));
	while (*s) {
		char line[1024];
		HPDF_UINT n;
		float real = 0;

		HPDF_Page_SetFontAndSize(p->page, p->font, size);
		n = HPDF_Page_MeasureText(p->page, s, w, HPDF_TRUE, &real);
		if (n == 0)
			n = HPDF_Page_MeasureText(p->page, s, w, HPDF_FALSE, &real);
		if (n == 0 || n >= sizeof(line))
			n = (HPDF_UINT)(strlen(s) < sizeof(line) - 1 ? strlen(s)
			                                             : sizeof(line) - 1);
		memcpy(line, s, n);
		line[n] = '\0';
		pdf_need(p, size + 2);
		HPDF_Page_BeginText(p->page);
		HPDF_Page_SetFontAndSize(p->page, p->font, size);
		HPDF_Page_TextOut(p->page, x, p->y, line);
		HPDF_Page_EndText(p->page);
		p->y -= size + 2;
		s += n;
		while (*s == ' ')
			s++;
	}
}

/* Column x positions of the line table. */
static const float col_x[] = {PDF_MARGIN, 100, 160, 300, 360, 420, 520};

static void pdf_table_head(struct pdf *p, bool notices)
{
	static const char *const h[] = {"Insats", "Kund", "Typ", "Period", "Dagar", "Månadsbelopp"};

	pdf_need(p, 30);
	for (size_t i = 0; i < sizeof(h) / sizeof(h[0]); i++) {
		if (i >= 4)
			pdf_text_right(p, p->bold, 9, col_x[i + 1] - 10, p->y, h[i]);
		else
			pdf_text(p, p->bold, 9, col_x[i], p->y, h[i]);
	}
	pdf_text_right(p, p->bold, 9, p->width - PDF_MARGIN, p->y,
	               notices ? "Belopp som inte betalas" : "Belopp");
	p->y -= 4;
	pdf_rule(p);
	p->y -= 10;
}

static void pdf_row(struct pdf *p, const struct billing_row *r)
{
	char a[32], b[32], per[SV_DATE_STRLEN], days[16], m[SV_MONEY_STRLEN], rate[SV_MONEY_STRLEN];

	pdf_need(p, 34);
	snprintf(a, sizeof(a), "%lld", (long long)r->intervention_id);
	snprintf(b, sizeof(b), "%lld", (long long)r->customer_id);
	pdf_text(p, p->font, 9, col_x[0], p->y, a);
	pdf_text(p, p->font, 9, col_x[1], p->y, b);
	pdf_text(p, p->font, 9, col_x[2], p->y, billing_kind_label(r->kind));
	pdf_text(p, p->font, 9, col_x[3], p->y, month_of(r->period, per));
	if (r->days >= 0) {
		snprintf(days, sizeof(days), "%d", r->days);
		pdf_text_right(p, p->font, 9, col_x[5] - 10, p->y, days);
	}
	if (r->rate)
		pdf_text_right(p, p->font, 9, col_x[6] - 10, p->y, money_format_sv(r->rate, rate));
	pdf_text_right(p, p->bold, 9, p->width - PDF_MARGIN, p->y, money_format_sv(r->amount, m));
	p->y -= 11;
	pdf_wrapped(p, col_x[1], 7.5f, r->text ? r->text : "");
	p->y -= 4;
}

static void pdf_provider(struct pdf *p, const struct billing_sum *s)
{
	const struct billing_view *v = p->v;
	char org[24], line[300], m[SV_MONEY_STRLEN];
	bool any = false;

	pdf_need(p, 60);
	org_text(s->org_no, org, sizeof(org));
	snprintf(line, sizeof(line), "Anordnare: %s, org.nr %s", s->provider_name, org);
	pdf_text(p, p->bold, 12, PDF_MARGIN, p->y, line);
	p->y -= 20;
	pdf_table_head(p, false);
	for (size_t i = 0; i < v->n_rows; i++)
		if (v->lines[i].provider_id == s->provider_id)
			pdf_row(p, &v->lines[i]);
	pdf_need(p, 20);
	pdf_rule(p);
	p->y -= 10;
	snprintf(line, sizeof(line), "Summa %s", s->provider_name);
	pdf_text(p, p->bold, 10, PDF_MARGIN, p->y, line);
	pdf_text_right(p, p->bold, 10, p->width - PDF_MARGIN, p->y, money_format_sv(s->amount, m));
	p->y -= 22;
	for (size_t i = 0; i < v->n_notice_rows; i++) {
		if (v->notices[i].provider_id != s->provider_id)
			continue;
		if (!any) {
			pdf_need(p, 40);
			pdf_text(p, p->bold, 10, PDF_MARGIN, p->y,
			         "Innehålls eller betalas inte i denna körning");
			p->y -= 16;
			pdf_table_head(p, true);
			any = true;
		}
		pdf_row(p, &v->notices[i]);
	}
	if (any)
		p->y -= 12;
}

static enum sv_rc export_pdf(const struct billing_view *v, struct buf *out, struct sv_error *err)
{
	struct pdf p;
	char mon[SV_DATE_STRLEN], line[300], m[SV_MONEY_STRLEN];
	HPDF_UINT32 size;
	enum sv_rc rc = SV_OK;

	memset(&p, 0, sizeof(p));
	p.v = v;
	p.doc = HPDF_New(pdf_error, &p);
	if (!p.doc)
		return SV_ENOMEM;
	HPDF_SetCompressionMode(p.doc, HPDF_COMP_ALL);
	HPDF_SetInfoAttr(p.doc, HPDF_INFO_CREATOR, "Stegvis");
	HPDF_SetInfoAttr(p.doc, HPDF_INFO_TITLE, "Faktureringsunderlag");
	p.font = HPDF_GetFont(p.doc, "Helvetica", "WinAnsiEncoding");
	p.bold = HPDF_GetFont(p.doc, "Helvetica-Bold", "WinAnsiEncoding");
	snprintf(p.head, sizeof(p.head), "%s: faktureringsunderlag %s, körning %lld (%s)",
	         v->municipality ? v->municipality : "", month_of(v->month, mon),
	         (long long)v->run_id, state_label(v->state));
	pdf_page(&p);
	pdf_text(&p, p.bold, 18, PDF_MARGIN, p.y, v->municipality ? v->municipality : "");
	p.y -= 24;
	if (v->org_no[0]) {
		snprintf(line, sizeof(line), "Org.nr %s", v->org_no);
		pdf_text(&p, p.font, 10, PDF_MARGIN, p.y, line);
		p.y -= 16;
	}
	snprintf(line, sizeof(line), "Faktureringsunderlag kundval %s", mon);
	pdf_text(&p, p.bold, 14, PDF_MARGIN, p.y, line);
	p.y -= 18;
	if (v->run_id)
		snprintf(line, sizeof(line), "Körning %lld, beräknad för %s, %s",
		         (long long)v->run_id, date_format(v->run_on, mon), state_label(v->state));
	else
		snprintf(line, sizeof(line), "Beräknad för %s, %s", date_format(v->run_on, mon),
		         state_label(v->state));
	pdf_text(&p, p.font, 10, PDF_MARGIN, p.y, line);
	p.y -= 28;
	for (size_t i = 0; i < v->n_sums; i++)
		pdf_provider(&p, &v->sums[i]);
	pdf_need(&p, 30);
	pdf_rule(&p);
	p.y -= 14;
	pdf_text(&p, p.bold, 12, PDF_MARGIN, p.y, "Summa att betala");
	pdf_text_right(&p, p.bold, 12, p.width - PDF_MARGIN, p.y, money_format_sv(v->total, m));
	if (HPDF_SaveToStream(p.doc) != HPDF_OK || p.error) {
		rc = sv_error_set(err, SV_EIO, "format", "", "the PDF could not be written (0x%lx)",
		                  p.error);
		goto out;
	}
	size = HPDF_GetStreamSize(p.doc);
	if ((rc = buf_grow(out, size)))
		goto out;
	{
		HPDF_UINT32 n = size;
		HPDF_STATUS st = HPDF_ReadFromStream(p.doc, (HPDF_BYTE *)out->data + out->len, &n);
		if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || n != size) {
			rc = sv_error_set(err, SV_EIO, "format", "",
			                  "the PDF could not be read back");
			goto out;
		}
		out->len += n;
		out->data[out->len] = '\0';
	}
out:
	if (p.doc)
		HPDF_Free(p.doc);
	return rc;
}

/* ---- SIE 4 --------------------------------------------------------------------------------- */

/* The name of an expense account: after the first basis booked on it. */
static const char *const basis_account_names[BILLING_LEDGER_COUNT] = {
        "Köpta tjänster kundval, checkar", "Köpta tjänster kundval, avbrott",
        "Köpta tjänster kundval, tilläggscheckar", "Köpta tjänster kundval, bonus",
        "Köpta tjänster kundval, justeringar"};

/* The accounts of the tenant's ledger, each once, in basis order, then supplier debts. */
struct sie_chart {
	struct sie_account acc[BILLING_LEDGER_COUNT + 1];
	char num[BILLING_LEDGER_COUNT + 1][8];
	size_t n;
	size_t supplier; /* index of the supplier-debt account */
};

static size_t chart_add(struct sie_chart *c, int account, const char *name)
{
	char num[8];

	snprintf(num, sizeof(num), "%d", account);
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->num[i], num))
			return i;
	memcpy(c->num[c->n], num, sizeof(num));
	c->acc[c->n] = (struct sie_account){c->num[c->n], name};
	return c->n++;
}

static void chart_fill(struct sie_chart *c, const struct billing_ledger *l)
{
	memset(c, 0, sizeof(*c));
	for (int b = 0; b < BILLING_LEDGER_COUNT; b++)
		if (l->expense[b])
			chart_add(c, l->expense[b], basis_account_names[b]);
	c->supplier = chart_add(c, l->supplier, "Leverantörsskulder");
}

static size_t chart_index(const struct sie_chart *c, int account)
{
	char num[8];

	snprintf(num, sizeof(num), "%d", account);
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->num[i], num))
			return i;
	return 0; /* not reached: every account of the ledger is in the chart */
}

/*
 * One verification per provider with lines: the expense accounts of the
 * tenant's ledger debited per account (billing_ledger_account_of), each
 * with the cost centre when the tenant has one, the supplier-debt account
 * credited with the provider's total. The lines sum to the total (the
 * run's invariant), so every verification balances; sie_write refuses one
 * that does not.
 */
static enum sv_rc export_sie(const struct billing_view *v, struct buf *out, struct sv_error *err)
{
	const struct billing_ledger *l = &v->ledger;
	const size_t per = BILLING_LEDGER_COUNT + 2;
	struct sie_trans *trans = NULL;
	struct sie_ver *vers = NULL;
	char(*texts)[160] = NULL;
	struct sie_chart chart;
	struct sie_object cc;
	struct sie_file f;
	sv_date day;
	int y, m, d;
	size_t nv = 0;
	enum sv_rc rc;
	char mon[SV_DATE_STRLEN];

	if (strcmp(v->state, "final"))
		return sv_error_set(err, SV_ESTATE, "format", "four-eyes",
		                    "only a confirmed run goes to the ledger");
	if ((rc = billing_ledger_check(l, err)))
		return rc;
	chart_fill(&chart, l);
	trans = calloc(v->n_sums ? v->n_sums * per : 1, sizeof(*trans));
	vers = calloc(v->n_sums ? v->n_sums : 1, sizeof(*vers));
	texts = calloc(v->n_sums ? v->n_sums : 1, sizeof(*texts));
	if (!trans || !vers || !texts) {
		rc = SV_ENOMEM;
		goto out;
	}
	/* The verification date: the day of the confirmation in Sweden (CAL-1). */
	day = v->run_on;
	if (v->confirmed_at) {
		struct ics_civil c;
		ics_to_civil(ICS_STOCKHOLM, v->confirmed_at, &c);
		day = c.date;
	}
	date_to_ymd(day, &y, &m, &d);
	for (size_t i = 0; i < v->n_sums; i++) {
		const struct billing_sum *s = &v->sums[i];
		sv_money by[BILLING_LEDGER_COUNT + 1] = {0};
		struct sie_trans *t = &trans[nv * per];
		size_t nt = 0;

		for (size_t k = 0; k < v->n_rows; k++) {
			const struct billing_row *r = &v->lines[k];
			if (r->provider_id == s->provider_id)
				by[chart_index(&chart,
				               billing_ledger_account_of(l, r->kind, r->basis))] +=
				        r->amount;
		}
		for (size_t a = 0; a < chart.n; a++)
			if (a != chart.supplier && by[a])
				t[nt++] = (struct sie_trans){
				        chart.acc[a].number, by[a], chart.acc[a].name,
				        l->cost_centre[0] ? l->cost_centre : NULL};
		if (!nt)
			continue;
		t[nt++] = (struct sie_trans){chart.acc[chart.supplier].number, -s->amount,
		                             s->provider_name, NULL};
		snprintf(texts[nv], sizeof(texts[nv]), "Kundval %s %s (körning %lld)",
		         month_of(v->month, mon), s->provider_name, (long long)v->run_id);
		vers[nv] = (struct sie_ver){"K", (int64_t)(nv + 1), day, texts[nv], t, nt};
		nv++;
	}
	memset(&f, 0, sizeof(f));
	f.program = "Stegvis";
	f.version = "1.0";
	f.generated = day;
	f.company = v->municipality && *v->municipality ? v->municipality : "Kommunen";
	f.orgnr = v->org_no[0] ? v->org_no : NULL;
	f.year_from = date_from_ymd(y, 1, 1);
	f.year_to = date_from_ymd(y, 12, 31);
	f.kptyp = "EUBAS97";
	f.accounts = chart.acc;
	f.n_accounts = chart.n;
	f.vers = vers;
	f.n_vers = nv;
	if (l->cost_centre[0]) {
		cc = (struct sie_object){l->cost_centre, l->cost_centre};
		f.objects = &cc;
		f.n_objects = 1;
	}
	rc = sie_write(&f, out, err);
out:
	free(trans);
	free(vers);
	free(texts);
	return rc;
}

enum sv_rc billing_export(const struct billing_view *v, enum billing_format f, struct buf *out,
                          struct sv_error *err)
{
	switch (f) {
	case BILLING_FMT_JSON:
		return export_json(v, out);
	case BILLING_FMT_CSV:
		return export_csv(v, out);
	case BILLING_FMT_XLSX:
		return export_xlsx(v, out, err);
	case BILLING_FMT_PDF:
		return export_pdf(v, out, err);
	case BILLING_FMT_SIE:
		return export_sie(v, out, err);
	default:
		return sv_error_set(err, SV_EINVAL, "format", "X-4", "unknown format");
	}
}
