/*
 * The outputs of a billing run (src/service/billing_export.c) on both
 * backends: the CSV Swedish Excel opens (byte-order mark, ';', CR LF, decimal
 * comma, quoting), the JSON of the API with every explanation, SIE 4 only for
 * confirmed runs and in CP437, and the XLSX and PDF containers. Reading the
 * XLSX and PDF back with tools that parse them is tests/cli/billing.sh.
 *
 * The run: March 2024 (KV-70: AMI 3 876 kr; the fixture's jobbpeng voucher
 * 4 500 kr). At Jobbhuset AB an AMI intervention from 12 March, 20 days:
 * 3876 / 30 x 20 = 2 584,00 kr (KV-71). At Vägen Framåt AB a jobbpeng
 * intervention from 4 March, 28 days: 4500 / 30 x 28 = 4 200,00 kr, and its
 * supplement of 5 000 kr (JP-7); and an AMI intervention whose report never
 * came: 3 876,00 kr held (KV-72). Lines: 2 584 + 4 200 + 5 000 = 11 784,00 kr.
 */
#include "test.h"

#include "test_billing_fixture.h"

#include "service/tenant.h"

static bool has_bytes(const struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i + n <= b->len; i++)
		if (!memcmp(b->data + i, s, n))
			return true;
	return false;
}

struct ex {
	struct billing_view v;
	int64_t a, b, c;
};

/* Prepare and confirm March (as of 16 April) and read it back. */
static void run_march(struct bf *f, struct ex *x, bool confirm)
{
	struct sv_error e = SV_ERROR_INIT;
	struct billing_view p;

	x->a = bf_iv(f, f->prov, "AMI2", "2024-03-12", "2024-08-31");
	x->b = bf_iv(f, f->prov2, "JP", "2024-03-04", "2024-06-11");
	x->c = bf_iv(f, f->prov2, "AMI2", "2024-03-01", "2024-08-31");
	bf_report(f, x->a, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_report(f, x->b, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_supplement(f, x->b, 500000, "2024-03-20");
	bf_day(f, "2024-04-16");
	bf_prepare(f, "2024-03", false, &p);
	if (confirm)
		bf_confirm(f, p.run_id);
	assert_ok(billing_runs_get(&f->s, p.run_id, 0, true, &x->v, &e));
	billing_view_release(&p);
}

static void csv_opens_in_swedish_excel(void **state)
{
	struct bf *f = *state;
	struct ex x;
	struct buf b = BUF_INIT;
	size_t rows = 0;

	/* A provider name with the separator and a quote must be quoted. */
	{
		struct store_param p[] = {P_INT(f->tenant), P_INT(f->prov)};
		bf_sql(f,
		       "UPDATE providers SET name = 'Jobb;huset \"Syd\" AB' WHERE tenant_id = $1 "
		       "AND "
		       "id = $2",
		       p, 2);
	}
	run_march(f, &x, true);
	assert_ok(billing_export(&x.v, BILLING_FMT_CSV, &b, NULL));
	assert_memory_equal(b.data, "\xEF\xBB\xBF", 3);
	assert_true(!strncmp(b.data + 3, "Körning;Månad;Status;Anordnare;Org.nr;Insats;Kund;", 50));
	for (size_t i = 0; i + 1 < b.len; i++)
		if (b.data[i] == '\r' && b.data[i + 1] == '\n')
			rows++;
	assert_int_equal(x.v.n_rows, 3);
	assert_int_equal(rows, 1 + 3); /* the header and one row a line */
	assert_non_null(strstr(b.data, ";\"Jobb;huset \"\"Syd\"\" AB\";556677-8899;"));
	/* Decimal comma, no thousands separator: 2584,00 and 5000,00. */
	assert_non_null(strstr(b.data, ";AMI;3876,00;2584,00;report_on_time;KV-70, KV-71, KV-72"));
	assert_non_null(strstr(b.data, ";4500,00;4200,00;report_on_time;"));
	assert_non_null(strstr(b.data, ";5000,00;decided;JP-7;"));
	/* Held money is no payment: not in the CSV. */
	assert_int_equal(x.v.n_notice_rows, 1);
	assert_null(strstr(b.data, "report_missing"));
	buf_release(&b);
	billing_view_release(&x.v);
}

static void json_has_every_explanation(void **state)
{
	struct bf *f = *state;
	struct ex x;
	json_t *o, *lines, *line;
	size_t i;

	run_march(f, &x, false);
	o = billing_view_json(&x.v);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "state")), "draft");
	assert_string_equal(json_string_value(json_object_get(o, "month")), "2024-03");
	lines = json_object_get(o, "lines");
	assert_int_equal(json_array_size(lines), x.v.n_rows);
	json_array_foreach(lines, i, line)
	{
		json_t *ex = json_object_get(line, "explain");
		assert_true(json_is_object(ex));
		assert_true(json_string_length(json_object_get(line, "text")) > 20);
		assert_true(json_array_size(json_object_get(line, "rules")) >= 1);
		assert_non_null(json_object_get(ex, "status"));
	}
	line = json_array_get(lines, 0);
	assert_string_equal(json_string_value(json_object_get(line, "amount")), "2584.00");
	assert_int_equal(json_integer_value(json_object_get(line, "days")), 20);
	assert_string_equal(
	        json_string_value(json_object_get(json_object_get(line, "explain"), "rate")),
	        "3876.00");
	assert_int_equal(json_array_size(json_object_get(o, "notices")), x.v.n_notice_rows);
	assert_string_equal(json_string_value(json_object_get(o, "total")), "11784.00");
	assert_string_equal(
	        json_string_value(json_object_get(
	                json_object_get(json_array_get(json_object_get(o, "notices"), 0),
	                                "explain"),
	                "status")),
	        "report_missing");
	json_decref(o);
	billing_view_release(&x.v);
}

static void sie_only_for_confirmed_runs(void **state)
{
	struct bf *f = *state;
	struct ex x;
	struct buf b = BUF_INIT;
	struct sv_error e = SV_ERROR_INIT;
	struct billing_view fin;

	run_march(f, &x, false);
	assert_rc(billing_export(&x.v, BILLING_FMT_SIE, &b, &e), SV_ESTATE);
	assert_string_equal(e.rule, "four-eyes");
	bf_confirm(f, x.v.run_id);
	assert_ok(billing_runs_get(&f->s, x.v.run_id, 0, true, &fin, &e));
	assert_ok(billing_export(&fin, BILLING_FMT_SIE, &b, &e));
	assert_true(!strncmp(b.data, "#FLAGGA 0\r\n", 11));
	assert_non_null(strstr(b.data, "#FORMAT PC8\r\n#GEN 20240416"));
	assert_non_null(strstr(b.data, "#KONTO 4600 \"K\x94pta tj\x84nster kundval, checkar\""));
	/* Jobbhuset AB: 2584.00 to 4600. Vägen Framåt AB: 4200.00 to 4600 and
	 * 5000.00 to 4601, 9200.00 credited. */
	assert_non_null(strstr(b.data, "#TRANS 4600 {} 2584.00 20240416"));
	assert_non_null(strstr(b.data, "#TRANS 2440 {} -2584.00 20240416"));
	assert_non_null(strstr(b.data, "#TRANS 4600 {} 4200.00 20240416"));
	assert_non_null(strstr(b.data, "#TRANS 4601 {} 5000.00 20240416"));
	assert_non_null(
	        strstr(b.data, "#TRANS 2440 {} -9200.00 20240416 \"V\x84gen Fram\x86t AB\""));
	buf_release(&b);
	billing_view_release(&fin);
	billing_view_release(&x.v);
}

/* The lines of a CP437 SIE file, CR LF stripped, into v (at most max). */
static size_t sie_lines(const struct buf *b, char v[][160], size_t max)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i + 1 < b->len && n < max; i++)
		if (b->data[i] == '\r' && b->data[i + 1] == '\n') {
			size_t len = i - start < 159 ? i - start : 159;
			memcpy(v[n], b->data + start, len);
			v[n][len] = '\0';
			n++;
			start = i + 2;
			i++;
		}
	return n;
}

/* "#TRANS 4010 {1 \"310\"} 2584.00 ..." -> 258400 öre. */
static sv_money trans_amount(const char *line)
{
	const char *p = strchr(line, '}');
	sv_money m = 0;

	assert_non_null(p);
	assert_ok(money_parse(p + 2, strcspn(p + 2, " "), &m, "amount", NULL));
	return m;
}

/*
 * The tenant's ledger in the SIE file: org.nr 212000-0142 (ID-4, Luhn over
 * 212000014: 2x2=4, 1, 2x2=4, 0, 0, 0, 0, 1, 4x2=8 = 18, check digit 2),
 * vouchers on 4010, supplements on 4020, supplier debts on 2441, cost
 * centre 310; abort and bonus keep 4600 and 4602 (declared, unused). The
 * file read back line by line:
 *   Jobbhuset AB: 4010 debit 2 584,00, 2441 credit 2 584,00: 2584 - 2584 = 0;
 *   Vägen Framåt AB: 4010 4 200,00 + 4020 5 000,00 = 9 200,00 credited to
 *   2441: 4200 + 5000 - 9200 = 0 (SIE-4: every verification balances).
 */
static void sie_with_the_tenants_ledger(void **state)
{
	struct bf *f = *state;
	struct ex x;
	struct buf b = BUF_INIT;
	struct sv_error e = SV_ERROR_INIT;
	struct tenant_change c = {0};
	char l[64][160], want[160];
	size_t n, v1, k;

	c.org_no = "2120000142";
	c.accounts[BILLING_LEDGER_VOUCHER] = "4010";
	c.accounts[BILLING_LEDGER_SUPPLEMENT] = "4020";
	c.supplier_account = "2441";
	c.cost_centre = "310";
	bf_as(f, NULL);
	assert_ok(tenant_settings_update(&f->s, &c, NULL, &e));
	bf_as(f, &f->a_fin);
	run_march(f, &x, true);
	assert_string_equal(x.v.org_no, "212000-0142");
	assert_ok(billing_export(&x.v, BILLING_FMT_SIE, &b, &e));
	n = sie_lines(&b, l, 64);
	assert_string_equal(l[5], "#FNAMN \"Nacka kommun\"");
	assert_string_equal(l[6], "#ORGNR 212000-0142");
	assert_string_equal(l[7], "#RAR 0 20240101 20241231");
	assert_string_equal(l[8], "#KPTYP EUBAS97");
	/* Accounts in basis order, each once, then supplier debts. */
	assert_string_equal(l[9], "#KONTO 4010 \"K\x94pta tj\x84nster kundval, checkar\"");
	assert_string_equal(l[10], "#KONTO 4600 \"K\x94pta tj\x84nster kundval, avbrott\"");
	assert_string_equal(l[11],
	                    "#KONTO 4020 \"K\x94pta tj\x84nster kundval, till\x84ggscheckar\"");
	assert_string_equal(l[12], "#KONTO 4602 \"K\x94pta tj\x84nster kundval, bonus\"");
	assert_string_equal(l[13], "#KONTO 2441 \"Leverant\x94rsskulder\"");
	assert_string_equal(l[14], "#DIM 1 \"Kostnadsst\x84lle\"");
	assert_string_equal(l[15], "#OBJEKT 1 \"310\" \"310\"");
	v1 = 16;
	snprintf(want, sizeof(want),
	         "#VER \"K\" 1 20240416 \"Kundval 2024-03 Jobbhuset AB (k\x94rning %lld)\"",
	         (long long)x.v.run_id);
	assert_string_equal(l[v1], want);
	assert_string_equal(l[v1 + 1], "{");
	assert_string_equal(l[v1 + 2], "#TRANS 4010 {1 \"310\"} 2584.00 20240416 \"K\x94pta "
	                               "tj\x84nster kundval, checkar\"");
	assert_string_equal(l[v1 + 3], "#TRANS 2441 {} -2584.00 20240416 \"Jobbhuset AB\"");
	assert_string_equal(l[v1 + 4], "}");
	k = v1 + 5;
	assert_true(!strncmp(l[k], "#VER \"K\" 2 20240416 \"Kundval 2024-03 V\x84gen Fram\x86t AB",
	                     52));
	assert_string_equal(l[k + 1], "{");
	assert_string_equal(l[k + 2], "#TRANS 4010 {1 \"310\"} 4200.00 20240416 \"K\x94pta "
	                              "tj\x84nster kundval, checkar\"");
	assert_string_equal(l[k + 3], "#TRANS 4020 {1 \"310\"} 5000.00 20240416 \"K\x94pta "
	                              "tj\x84nster kundval, till\x84ggscheckar\"");
	assert_string_equal(l[k + 4], "#TRANS 2441 {} -9200.00 20240416 \"V\x84gen Fram\x86t AB\"");
	assert_string_equal(l[k + 5], "}");
	assert_int_equal(n, k + 6);
	/* Every verification sums to zero, read from the file. */
	assert_int_equal(trans_amount(l[v1 + 2]) + trans_amount(l[v1 + 3]), 0);
	assert_int_equal(trans_amount(l[k + 2]) + trans_amount(l[k + 3]) + trans_amount(l[k + 4]),
	                 0);
	assert_int_equal(trans_amount(l[k + 4]), -920000);
	/* The PDF names the municipality with its number. */
	buf_reset(&b);
	assert_ok(billing_export(&x.v, BILLING_FMT_PDF, &b, &e));
	assert_memory_equal(b.data, "%PDF-", 5);
	buf_release(&b);
	billing_view_release(&x.v);
}

/* Without settings: no #ORGNR, the BAS defaults, no dimension. */
static void sie_defaults_without_settings(void **state)
{
	struct bf *f = *state;
	struct ex x;
	struct buf b = BUF_INIT;
	struct sv_error e = SV_ERROR_INIT;

	run_march(f, &x, true);
	assert_string_equal(x.v.org_no, "");
	assert_ok(billing_export(&x.v, BILLING_FMT_SIE, &b, &e));
	assert_null(strstr(b.data, "#ORGNR"));
	assert_null(strstr(b.data, "#DIM"));
	assert_null(strstr(b.data, "#KONTO 4600 \"K\x94pta tj\x84nster kundval, avbrott\""));
	assert_non_null(strstr(b.data, "#KONTO 2440 \"Leverant\x94rsskulder\""));
	buf_release(&b);
	billing_view_release(&x.v);
}

static void xlsx_and_pdf_containers(void **state)
{
	struct bf *f = *state;
	struct ex x;
	struct buf b = BUF_INIT;
	struct sv_error e = SV_ERROR_INIT;

	run_march(f, &x, true);
	assert_ok(billing_export(&x.v, BILLING_FMT_XLSX, &b, &e));
	assert_memory_equal(b.data, "PK\x03\x04", 4); /* a zip: Office Open XML */
	assert_true(has_bytes(&b, "xl/worksheets/sheet3.xml", 24));
	buf_reset(&b);
	assert_ok(billing_export(&x.v, BILLING_FMT_PDF, &b, &e));
	assert_memory_equal(b.data, "%PDF-", 5);
	assert_true(has_bytes(&b, "%%EOF", 5));
	assert_true(has_bytes(&b, "/WinAnsiEncoding", 16));
	buf_release(&b);
	billing_view_release(&x.v);
}

static void format_names(void **state)
{
	enum billing_format fm = BILLING_FMT_JSON;
	struct sv_error e = SV_ERROR_INIT;

	(void)state;
	assert_ok(billing_format_parse("pdf", &fm, "--format", &e));
	assert_int_equal(fm, BILLING_FMT_PDF);
	assert_rc(billing_format_parse("doc", &fm, "--format", &e), SV_EINVAL);
	assert_string_equal(e.field, "--format");
	assert_string_equal(billing_format_type(BILLING_FMT_CSV), "text/csv; charset=utf-8");
	assert_string_equal(billing_kind_label("held"), "Innehålls");
	assert_string_equal(billing_kind_label("voucher_released"), "Check, tidigare månad");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(csv_opens_in_swedish_excel, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(json_has_every_explanation, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(sie_only_for_confirmed_runs, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(xlsx_and_pdf_containers, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(sie_with_the_tenants_ledger, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(sie_defaults_without_settings, bf_setup,
	                                        bf_teardown),
	        cmocka_unit_test(format_names),
	};
	return bf_main("billing_export", tests, sizeof(tests) / sizeof(tests[0]));
}
