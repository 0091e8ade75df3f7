/*
 * SIE 4 writer (see sie.h): header records, the chart of the accounts used,
 * balanced verifications, everything in code page 437 (#FORMAT PC8).
 */
#include "stegvis/sie.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Unicode code points of CP437 0x80..0xFF. */
static const uint16_t cp437_high[128] = {
        0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, /* 80 */
        0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5, /* 88 */
        0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, /* 90 */
        0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192, /* 98 */
        0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, /* A0 */
        0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB, /* A8 */
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, /* B0 */
        0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510, /* B8 */
        0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, /* C0 */
        0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567, /* C8 */
        0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, /* D0 */
        0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580, /* D8 */
        0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, /* E0 */
        0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229, /* E8 */
        0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248, /* F0 */
        0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0, /* F8 */
};

/* The CP437 byte for code point c: an ASCII stand-in or '?' when it has none. */
static unsigned char cp437_of(uint32_t c)
{
	if (c < 0x80)
		return (unsigned char)c;
	switch (c) {
	case 0x00A0: /* no-break space: the reader's field separator is a space */
	case 0x202F:
		return ' ';
	case 0x2010:
	case 0x2011:
	case 0x2012:
	case 0x2013: /* en dash */
	case 0x2014:
	case 0x2212: /* minus sign */
		return '-';
	case 0x00D7: /* multiplication sign */
		return 'x';
	case 0x2018:
	case 0x2019:
		return '\'';
	case 0x201C:
	case 0x201D:
		return '"';
	default:
		break;
	}
	for (unsigned i = 0; i < 128; i++)
		if (cp437_high[i] == c)
			return (unsigned char)(0x80 + i);
	return '?';
}

/* Decode one UTF-8 sequence at s (n bytes left); 0 when invalid. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *c)
{
	size_t len;
	uint32_t v, min;

	if (s[0] < 0x80) {
		*c = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		v = s[0] & 0x1F;
		min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		v = s[0] & 0x0F;
		min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		v = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*c = v;
	return len;
}

enum sv_rc sie_cp437(const char *s, size_t len, struct buf *out, struct sv_error *err)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = out->len;

	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t k = utf8_next(p + i, len - i, &c);
		if (!k) {
			out->len = start;
			out->data[start] = '\0';
			return sv_error_set(err, SV_EINVAL, "text", "UTF-8",
			                    "not UTF-8 at byte %zu", i);
		}
		if (buf_addc(out, (char)cp437_of(c))) {
			out->len = start;
			out->data[start] = '\0';
			return SV_ENOMEM;
		}
		i += k;
	}
	return SV_OK;
}

/* A quoted text in CP437: escapes '"' and '\', control characters become spaces. */
static enum sv_rc put_text(struct buf *b, const char *s, const char *field, struct sv_error *err)
{
	struct buf t = BUF_INIT;
	enum sv_rc rc;

	rc = sie_cp437(s ? s : "", s ? strlen(s) : 0, &t, err);
	if (rc == SV_EINVAL) {
		sv_error_clear(err);
		rc = sv_error_set(err, SV_EINVAL, field, "UTF-8", "not UTF-8");
	}
	if (!rc)
		rc = buf_addc(b, '"');
	for (size_t i = 0; !rc && i < t.len; i++) {
		unsigned char c = (unsigned char)t.data[i];
		if (c == '"' || c == '\\')
			rc = buf_addc(b, '\\');
		if (!rc)
			rc = buf_addc(b, c < 0x20 || c == 0x7F ? ' ' : (char)c);
	}
	if (!rc)
		rc = buf_addc(b, '"');
	buf_release(&t);
	return rc;
}

static enum sv_rc put_amount(struct buf *b, sv_money m)
{
	char s[SV_MONEY_STRLEN];
	return buf_adds(b, money_format(m, s));
}

static enum sv_rc put_date(struct buf *b, sv_date d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return buf_addf(b, "%04d%02d%02d", y, m, dd);
}

static bool digits(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool alnum(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z')))
			return false;
	return true;
}

static bool orgnr_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 11 && s[6] == '-') {
		for (size_t i = 0; i < n; i++)
			if (i != 6 && (s[i] < '0' || s[i] > '9'))
				return false;
		return true;
	}
	return digits(s, 12);
}

static bool declared(const struct sie_file *f, const char *account)
{
	for (size_t i = 0; i < f->n_accounts; i++)
		if (!strcmp(f->accounts[i].number, account))
			return true;
	return false;
}

static bool object_declared(const struct sie_file *f, const char *id)
{
	for (size_t i = 0; i < f->n_objects; i++)
		if (!strcmp(f->objects[i].id, id))
			return true;
	return false;
}

static bool object_id_ok(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++)
		if (!isalnum((unsigned char)s[n]) && s[n] != '-' && s[n] != '_')
			return false;
	return n >= 1 && n <= 20;
}

static bool date_ok(sv_date d)
{
	return d >= date_from_ymd(SV_DATE_MIN_YEAR, 1, 1) &&
	       d <= date_from_ymd(SV_DATE_MAX_YEAR, 12, 31);
}

static enum sv_rc validate(const struct sie_file *f, struct sv_error *err)
{
	char field[64];

	if (!f->program || !*f->program)
		return sv_error_set(err, SV_EINVAL, "program", "SIE-4", "#PROGRAM needs a name");
	if (!f->version || !*f->version)
		return sv_error_set(err, SV_EINVAL, "version", "SIE-4", "#PROGRAM needs a version");
	if (!f->company || !*f->company)
		return sv_error_set(err, SV_EINVAL, "company", "SIE-4", "#FNAMN is required");
	if (f->orgnr && *f->orgnr && !orgnr_ok(f->orgnr))
		return sv_error_set(err, SV_EINVAL, "orgnr", "SIE-4",
		                    "#ORGNR is NNNNNN-NNNN or digits");
	if (!f->kptyp || !alnum(f->kptyp, 16))
		return sv_error_set(err, SV_EINVAL, "kptyp", "SIE-4",
		                    "#KPTYP is letters and digits");
	if (!date_ok(f->generated))
		return sv_error_set(err, SV_EINVAL, "generated", "SIE-4", "#GEN needs a date");
	if (!date_ok(f->year_from) || !date_ok(f->year_to) || f->year_to < f->year_from)
		return sv_error_set(err, SV_EINVAL, "year_from", "SIE-4",
		                    "#RAR needs a financial year, first day before last");
	for (size_t i = 0; i < f->n_accounts; i++) {
		if (!digits(f->accounts[i].number, 10)) {
			snprintf(field, sizeof(field), "accounts[%zu].number", i);
			return sv_error_set(err, SV_EINVAL, field, "SIE-4",
			                    "an account number is 1 to 10 digits");
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(f->accounts[j].number, f->accounts[i].number)) {
				snprintf(field, sizeof(field), "accounts[%zu].number", i);
				return sv_error_set(err, SV_EINVAL, field, "SIE-4",
				                    "account %s is declared twice",
				                    f->accounts[i].number);
			}
	}
	for (size_t i = 0; i < f->n_objects; i++) {
		if (!object_id_ok(f->objects[i].id)) {
			snprintf(field, sizeof(field), "objects[%zu].id", i);
			return sv_error_set(err, SV_EINVAL, field, "SIE-4",
			                    "an object id is 1 to 20 letters, digits, '-' or '_'");
		}
		if (!f->objects[i].name) {
			snprintf(field, sizeof(field), "objects[%zu].name", i);
			return sv_error_set(err, SV_EINVAL, field, "SIE-4",
			                    "an object needs a name");
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(f->objects[j].id, f->objects[i].id)) {
				snprintf(field, sizeof(field), "objects[%zu].id", i);
				return sv_error_set(err, SV_EINVAL, field, "SIE-4",
				                    "object %s is declared twice",
				                    f->objects[i].id);
			}
	}
	for (size_t i = 0; i < f->n_vers; i++) {
		const struct sie_ver *v = &f->vers[i];
		sv_money sum = 0;

		if (!alnum(v->series, 8)) {
			snprintf(field, sizeof(field), "vers[%zu].series", i);
			return sv_error_set(err, SV_EINVAL, field, "SIE-4",
			                    "a series is 1 to 8 letters or digits");
		}
		if (v->number <= 0) {
			snprintf(field, sizeof(field), "vers[%zu].number", i);
			return sv_error_set(err, SV_EINVAL, field, "SIE-4",
			                    "a verification number is positive");
		}
		if (!date_ok(v->date) || v->date < f->year_from || v->date > f->year_to) {
			snprintf(field, sizeof(field), "vers[%zu].date", i);
			return sv_error_set(err, SV_EINVAL, field, "SIE-4",
			                    "the date lies in the financial year of #RAR 0");
		}
		if (v->n_trans < 2 || !v->trans) {
			snprintf(field, sizeof(field), "vers[%zu].trans", i);
			return sv_error_set(err, SV_EINVAL, field, "SIE-4",
			                    "a verification has at least two transactions");
		}
		for (size_t k = 0; k < v->n_trans; k++) {
			const struct sie_trans *t = &v->trans[k];
			if (!t->account || !declared(f, t->account)) {
				snprintf(field, sizeof(field), "vers[%zu].trans[%zu].account", i,
				         k);
				return sv_error_set(err, SV_EINVAL, field, "SIE-4",
				                    "account %s is not declared with #KONTO",
				                    t->account ? t->account : "(none)");
			}
			if (t->object && !object_declared(f, t->object)) {
				snprintf(field, sizeof(field), "vers[%zu].trans[%zu].object", i, k);
				return sv_error_set(err, SV_EINVAL, field, "SIE-4",
				                    "object %s is not declared with #OBJEKT",
				                    t->object);
			}
			if (__builtin_add_overflow(sum, t->amount, &sum)) {
				snprintf(field, sizeof(field), "vers[%zu].trans[%zu].amount", i, k);
				return sv_error_set(err, SV_ERANGE, field, "CAL-5",
				                    "the sum overflows");
			}
		}
		if (sum != 0) {
			char a[SV_MONEY_STRLEN];
			snprintf(field, sizeof(field), "vers[%zu]", i);
			return sv_error_set(err, SV_EINVAL, field, "SIE-4",
			                    "the verification does not balance: off by %s",
			                    money_format(sum, a));
		}
	}
	return SV_OK;
}

#define CRLF "\r\n"

/* head, then text quoted in CP437, then CR LF. */
static enum sv_rc put_line(struct buf *out, const char *head, const char *text, const char *field,
                           struct sv_error *err)
{
	enum sv_rc rc = buf_adds(out, head);

	if (!rc)
		rc = put_text(out, text, field, err);
	if (!rc)
		rc = buf_adds(out, CRLF);
	return rc;
}

enum sv_rc sie_write(const struct sie_file *f, struct buf *out, struct sv_error *err)
{
	size_t start = out->len;
	char field[64];
	enum sv_rc rc;

	if (!f)
		return sv_error_set(err, SV_EINVAL, "", "SIE-4", "no file");
	rc = validate(f, err);
	if (rc)
		return rc;
	rc = buf_adds(out, "#FLAGGA 0" CRLF "#PROGRAM ");
	if (!rc)
		rc = put_text(out, f->program, "program", err);
	if (!rc)
		rc = buf_adds(out, " ");
	if (!rc)
		rc = put_text(out, f->version, "version", err);
	if (!rc)
		rc = buf_adds(out, CRLF "#FORMAT PC8" CRLF "#GEN ");
	if (!rc)
		rc = put_date(out, f->generated);
	if (!rc && f->sign && *f->sign) {
		rc = buf_addc(out, ' ');
		if (!rc)
			rc = put_text(out, f->sign, "sign", err);
	}
	if (!rc)
		rc = buf_adds(out, CRLF "#SIETYP 4" CRLF "#FNAMN ");
	if (!rc)
		rc = put_text(out, f->company, "company", err);
	if (!rc)
		rc = buf_adds(out, CRLF);
	if (!rc && f->orgnr && *f->orgnr)
		rc = buf_addf(out, "#ORGNR %s" CRLF, f->orgnr);
	if (!rc)
		rc = buf_adds(out, "#RAR 0 ");
	if (!rc)
		rc = put_date(out, f->year_from);
	if (!rc)
		rc = buf_addc(out, ' ');
	if (!rc)
		rc = put_date(out, f->year_to);
	if (!rc)
		rc = buf_addf(out, CRLF "#KPTYP %s" CRLF, f->kptyp);
	for (size_t i = 0; !rc && i < f->n_accounts; i++) {
		snprintf(field, sizeof(field), "accounts[%zu].name", i);
		rc = buf_addf(out, "#KONTO %s ", f->accounts[i].number);
		if (!rc)
			rc = put_text(out, f->accounts[i].name, field, err);
		if (!rc)
			rc = buf_adds(out, CRLF);
	}
	if (!rc && f->n_objects)
		rc = put_line(out, "#DIM 1 ", "Kostnadsställe", "dim", err);
	for (size_t i = 0; !rc && i < f->n_objects; i++) {
		snprintf(field, sizeof(field), "objects[%zu].name", i);
		rc = buf_addf(out, "#OBJEKT 1 \"%s\" ", f->objects[i].id);
		if (!rc)
			rc = put_line(out, "", f->objects[i].name, field, err);
	}
	for (size_t i = 0; !rc && i < f->n_vers; i++) {
		const struct sie_ver *v = &f->vers[i];

		snprintf(field, sizeof(field), "vers[%zu].text", i);
		rc = buf_adds(out, "#VER ");
		if (!rc)
			rc = put_text(out, v->series, field, err);
		if (!rc)
			rc = buf_addf(out, " %" PRId64 " ", v->number);
		if (!rc)
			rc = put_date(out, v->date);
		if (!rc)
			rc = buf_addc(out, ' ');
		if (!rc)
			rc = put_text(out, v->text, field, err);
		if (!rc)
			rc = buf_adds(out, CRLF "{" CRLF);
		for (size_t k = 0; !rc && k < v->n_trans; k++) {
			const struct sie_trans *t = &v->trans[k];

			snprintf(field, sizeof(field), "vers[%zu].trans[%zu].text", i, k);
			if (t->object)
				rc = buf_addf(out, "#TRANS %s {1 \"%s\"} ", t->account, t->object);
			else
				rc = buf_addf(out, "#TRANS %s {} ", t->account);
			if (!rc)
				rc = put_amount(out, t->amount);
			if (!rc)
				rc = buf_addc(out, ' ');
			if (!rc)
				rc = put_date(out, v->date);
			if (!rc && t->text) {
				rc = buf_addc(out, ' ');
				if (!rc)
					rc = put_text(out, t->text, field, err);
			}
			if (!rc)
				rc = buf_adds(out, CRLF);
		}
		if (!rc)
			rc = buf_adds(out, "}" CRLF);
	}
	if (rc) {
		out->len = start;
		if (out->cap)
			out->data[start] = '\0';
	}
	return rc;
}
