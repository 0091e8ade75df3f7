/*
 * sie.h - an SIE 4 writer: the Swedish standard file for moving vouchers
 * into a ledger (SIE-Gruppen, "SIE filformat, utgåva 4"). A pure function
 * from a described file to bytes; no I/O.
 *
 * What is written, in this order, each record on its own line ending in
 * CR LF:
 *
 *     #FLAGGA 0
 *     #PROGRAM "Stegvis" 1.0
 *     #FORMAT PC8
 *     #GEN 20240416 "sign"
 *     #SIETYP 4
 *     #FNAMN "Nacka kommun"
 *     #ORGNR 212000-0167
 *     #RAR 0 20240101 20241231
 *     #KPTYP EUBAS97
 *     #KONTO 4600 "Köpta tjänster, kundval"
 *     #DIM 1 "Kostnadsställe"                (only with objects)
 *     #OBJEKT 1 "310" "Arbetsmarknad"
 *     #VER "K" 1 20240416 "Kundval 2024-03, Anordnare AB"
 *     {
 *     #TRANS 4600 {1 "310"} 12345.60 20240416 "Check"
 *     #TRANS 2440 {} -12345.60 20240416 "Leverantörsskuld"
 *     }
 *
 * Encoding: #FORMAT PC8 means IBM code page 437, so every text is converted
 * from UTF-8 to CP437 (å 0x86, ä 0x84, ö 0x94, Å 0x8F, Ä 0x8E, Ö 0x99, é
 * 0x82). A character CP437 lacks is written as its closest ASCII form (en
 * dash and minus sign as '-', '×' as 'x', no-break space as ' ') or else '?'.
 * Texts are quoted; '"' and '\' inside are escaped with a backslash; control
 * characters become spaces.
 *
 * Amounts are öre written as kronor with a decimal point and two decimals
 * ("-12345.60"), dates YYYYMMDD.
 *
 * Every verification must balance: its transactions sum to zero öre; a
 * verification needs at least two transactions, and every account a
 * transaction names must be declared with #KONTO, every object with
 * #OBJEKT. An object id is 1 to 20 letters, digits, '-' or '_'. Anything else is refused
 * (SV_EINVAL naming the field, rule "SIE-4") and nothing is written.
 */
#ifndef SV_SIE_H
#define SV_SIE_H

#include <stddef.h>
#include <stdint.h>

#include "stegvis/buf.h"
#include "stegvis/date.h"
#include "stegvis/err.h"
#include "stegvis/money.h"

struct sie_account {
	const char *number; /* digits, 1 to 10 */
	const char *name;
};

/* An object of dimension 1, the cost centre (kostnadsställe). */
struct sie_object {
	const char *id;
	const char *name;
};

struct sie_trans {
	const char *account;
	sv_money amount;    /* debit positive, credit negative */
	const char *text;   /* may be NULL */
	const char *object; /* a declared object of dimension 1, or NULL: {} */
};

struct sie_ver {
	const char *series; /* e.g. "K"; letters and digits, 1 to 8 */
	int64_t number;     /* > 0 */
	sv_date date;
	const char *text;
	const struct sie_trans *trans;
	size_t n_trans;
};

struct sie_file {
	const char *program; /* #PROGRAM name */
	const char *version; /* #PROGRAM version */
	sv_date generated;   /* #GEN */
	const char *sign;    /* #GEN signature, may be NULL */
	const char *company; /* #FNAMN */
	const char *orgnr;   /* #ORGNR, "NNNNNN-NNNN" or digits; may be NULL */
	sv_date year_from;   /* #RAR 0: the financial year */
	sv_date year_to;
	const char *kptyp; /* #KPTYP, e.g. "EUBAS97" */
	const struct sie_account *accounts;
	size_t n_accounts;
	const struct sie_ver *vers;
	size_t n_vers;
	const struct sie_object *objects; /* dimension 1; none: no #DIM is written */
	size_t n_objects;
};

/* Append the file to out (bytes in CP437, see above). On error out is unchanged. */
enum sv_rc sie_write(const struct sie_file *f, struct buf *out, struct sv_error *err) SV_WUR;

/*
 * Append s[0..len) (UTF-8) to out in CP437, replacing what CP437 lacks as
 * described above. SV_EINVAL (field "text", rule "UTF-8") for bytes that are
 * not UTF-8; SV_ENOMEM when out is full.
 */
enum sv_rc sie_cp437(const char *s, size_t len, struct buf *out, struct sv_error *err) SV_WUR;

#endif
