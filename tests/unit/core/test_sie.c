/*
 * Unit tests for src/core/sie.c: the SIE 4 file (#FLAGGA, #PROGRAM, #FORMAT
 * PC8, #GEN, #SIETYP 4, #FNAMN, #ORGNR, #RAR, #KPTYP, #KONTO, #VER/#TRANS)
 * written byte for byte, CP437 for Swedish letters, and refusals of
 * verifications that do not balance (rule "SIE-4").
 */
#include "test.h"

#include <stdio.h>

#include "stegvis/sie.h"

static sv_date D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static const struct sie_account accounts[] = {
        {"4600", "Köpta tjänster, kundval"},
        {"2440", "Leverantörsskulder"},
};

static void file_init(struct sie_file *f, const struct sie_ver *v, size_t n)
{
	memset(f, 0, sizeof(*f));
	f->program = "Stegvis";
	f->version = "1.0";
	f->generated = D(2024, 4, 16);
	f->sign = "ekonomi";
	f->company = "Nacka kommun";
	f->orgnr = "212000-0167";
	f->year_from = D(2024, 1, 1);
	f->year_to = D(2024, 12, 31);
	f->kptyp = "EUBAS97";
	f->accounts = accounts;
	f->n_accounts = 2;
	f->vers = v;
	f->n_vers = n;
}

/* A whole file: 3 230,00 kr for AMI March 2024 (25 days: 387600 / 30 * 25 =
 * 323000 öre, KV-71) debited to 4600 and credited to 2440. */
static void writes_the_whole_file(void **state)
{
	const struct sie_trans t[] = {{"4600", 323000, "Check", NULL},
	                              {"2440", -323000, NULL, NULL}};
	const struct sie_ver v[] = {{"K", 1, D(2024, 4, 16), "Kundval 2024-03 Anordnare AB", t, 2}};
	struct sie_file f;
	struct buf b = BUF_INIT;
	struct sv_error e = SV_ERROR_INIT;
	/* "Köpta tjänster": ö is 0x94, ä 0x84 in CP437. */
	const char want[] = "#FLAGGA 0\r\n"
	                    "#PROGRAM \"Stegvis\" \"1.0\"\r\n"
	                    "#FORMAT PC8\r\n"
	                    "#GEN 20240416 \"ekonomi\"\r\n"
	                    "#SIETYP 4\r\n"
	                    "#FNAMN \"Nacka kommun\"\r\n"
	                    "#ORGNR 212000-0167\r\n"
	                    "#RAR 0 20240101 20241231\r\n"
	                    "#KPTYP EUBAS97\r\n"
	                    "#KONTO 4600 \"K\x94pta tj\x84nster, kundval\"\r\n"
	                    "#KONTO 2440 \"Leverant\x94rsskulder\"\r\n"
	                    "#VER \"K\" 1 20240416 \"Kundval 2024-03 Anordnare AB\"\r\n"
	                    "{\r\n"
	                    "#TRANS 4600 {} 3230.00 20240416 \"Check\"\r\n"
	                    "#TRANS 2440 {} -3230.00 20240416\r\n"
	                    "}\r\n";

	file_init(&f, v, 1);
	assert_ok(sie_write(&f, &b, &e));
	assert_int_equal(b.len, sizeof(want) - 1);
	assert_memory_equal(b.data, want, sizeof(want) - 1);
	buf_release(&b);
}

static void cp437_of_swedish_letters(void **state)
{
	struct buf b = BUF_INIT;
	/* å ä ö Å Ä Ö é ü: 86 84 94 8F 8E 99 82 81 (IBM code page 437). */
	assert_ok(sie_cp437("åäöÅÄÖéü", strlen("åäöÅÄÖéü"), &b, NULL));
	assert_int_equal(b.len, 8);
	assert_memory_equal(b.data, "\x86\x84\x94\x8F\x8E\x99\x82\x81", 8);
	buf_reset(&b);
	/* What CP437 lacks: en dash and minus sign as '-', '×' as 'x',
	 * no-break space as ' ', the euro sign as '?'. */
	assert_ok(sie_cp437("a–b−c×d\xC2\xA0€", strlen("a–b−c×d\xC2\xA0€"), &b, NULL));
	assert_string_equal(b.data, "a-b-cxd ?");
	buf_release(&b);
}

static void refuses_bad_utf8(void **state)
{
	struct buf b = BUF_INIT;
	struct sv_error e = SV_ERROR_INIT;

	assert_rc(sie_cp437("ok\xC3", 3, &b, &e), SV_EINVAL);
	assert_string_equal(e.rule, "UTF-8");
	assert_int_equal(b.len, 0);
	sv_error_clear(&e);
	/* An overlong encoding of '/' is not UTF-8 either. */
	assert_rc(sie_cp437("\xC0\xAF", 2, &b, &e), SV_EINVAL);
	buf_release(&b);
}

static void escapes_quotes_and_backslashes(void **state)
{
	const struct sie_trans t[] = {{"4600", 100, "a\"b\\c\nd", NULL},
	                              {"2440", -100, NULL, NULL}};
	const struct sie_ver v[] = {{"K", 7, D(2024, 5, 2), "x", t, 2}};
	struct sie_file f;
	struct buf b = BUF_INIT;

	file_init(&f, v, 1);
	assert_ok(sie_write(&f, &b, NULL));
	assert_non_null(strstr(b.data, "#TRANS 4600 {} 1.00 20240502 \"a\\\"b\\\\c d\"\r\n"));
	assert_non_null(strstr(b.data, "#VER \"K\" 7 20240502 \"x\"\r\n"));
	buf_release(&b);
}

static void negative_totals_balance_too(void **state)
{
	/* An adjustment taking back 646,00 kr: debit -646.00, credit 646.00. */
	const struct sie_trans t[] = {{"4600", -64600, NULL, NULL}, {"2440", 64600, NULL, NULL}};
	const struct sie_ver v[] = {{"K", 2, D(2024, 5, 16), "Justering", t, 2}};
	struct sie_file f;
	struct buf b = BUF_INIT;

	file_init(&f, v, 1);
	assert_ok(sie_write(&f, &b, NULL));
	assert_non_null(strstr(b.data, "#TRANS 4600 {} -646.00 20240516\r\n"));
	assert_non_null(strstr(b.data, "#TRANS 2440 {} 646.00 20240516\r\n"));
	buf_release(&b);
}

static void refuses_unbalanced_verification(void **state)
{
	/* Off by one öre: 3230.00 against -3229.99. */
	const struct sie_trans t[] = {{"4600", 323000, NULL, NULL}, {"2440", -322999, NULL, NULL}};
	const struct sie_ver v[] = {{"K", 1, D(2024, 4, 16), "x", t, 2}};
	struct sie_file f;
	struct buf b = BUF_INIT;
	struct sv_error e = SV_ERROR_INIT;

	assert_ok(buf_adds(&b, "keep"));
	file_init(&f, v, 1);
	assert_rc(sie_write(&f, &b, &e), SV_EINVAL);
	assert_string_equal(e.field, "vers[0]");
	assert_string_equal(e.rule, "SIE-4");
	assert_non_null(strstr(e.msg, "off by 0.01"));
	assert_string_equal(b.data, "keep"); /* nothing written */
	buf_release(&b);
}

static void refuses_bad_records(void **state)
{
	const struct sie_trans one[] = {{"4600", 0, NULL, NULL}};
	const struct sie_trans undeclared[] = {{"4600", 100, NULL, NULL},
	                                       {"1930", -100, NULL, NULL}};
	const struct sie_trans ok[] = {{"4600", 100, NULL, NULL}, {"2440", -100, NULL, NULL}};
	struct sie_ver v = {"K", 1, D(2024, 4, 16), "x", one, 1};
	struct sie_file f;
	struct buf b = BUF_INIT;
	struct sv_error e = SV_ERROR_INIT;

	file_init(&f, &v, 1);
	assert_rc(sie_write(&f, &b, &e), SV_EINVAL);
	assert_string_equal(e.field, "vers[0].trans");

	sv_error_clear(&e);
	v.trans = undeclared;
	v.n_trans = 2;
	assert_rc(sie_write(&f, &b, &e), SV_EINVAL);
	assert_string_equal(e.field, "vers[0].trans[1].account");

	sv_error_clear(&e);
	v.trans = ok;
	v.date = D(2025, 1, 2); /* outside #RAR 0 2024 */
	assert_rc(sie_write(&f, &b, &e), SV_EINVAL);
	assert_string_equal(e.field, "vers[0].date");

	sv_error_clear(&e);
	v.date = D(2024, 4, 16);
	v.series = "K 1";
	assert_rc(sie_write(&f, &b, &e), SV_EINVAL);
	assert_string_equal(e.field, "vers[0].series");

	sv_error_clear(&e);
	v.series = "K";
	f.orgnr = "21200-0167";
	assert_rc(sie_write(&f, &b, &e), SV_EINVAL);
	assert_string_equal(e.field, "orgnr");

	sv_error_clear(&e);
	f.orgnr = NULL; /* optional */
	f.company = "Nacka \xFF";
	assert_rc(sie_write(&f, &b, &e), SV_EINVAL);
	assert_string_equal(e.field, "company");
	assert_string_equal(e.rule, "UTF-8");
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(writes_the_whole_file),
	        cmocka_unit_test(cp437_of_swedish_letters),
	        cmocka_unit_test(refuses_bad_utf8),
	        cmocka_unit_test(escapes_quotes_and_backslashes),
	        cmocka_unit_test(negative_totals_balance_too),
	        cmocka_unit_test(refuses_unbalanced_verification),
	        cmocka_unit_test(refuses_bad_records),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
