/*
 * The billing service (src/service/billing_runs.c) on both backends: the
 * worked examples of the billing issue through real facts in the store,
 * each computed by hand from the rule it cites.
 *
 * Vouchers (KV-70, test packs for 2025 and jobbpeng, see the fixture):
 *   AMI 2024: 3 876 kr = 387600 öre; per day 387600 / 30 = 12920 öre.
 *   AMI 2025: 3 960 kr = 396000 öre; per day 13200 öre.
 *   JOBBPENG: 4 500 kr = 450000 öre; per day 15000 öre.
 * KV-71: a partial month pays voucher / 30 x days, a whole month the voucher.
 * KV-72: the cut-off of month M is the 7th of M+1 moved to a working day
 *   (CAL-4); the resubmission deadline the 12th, moved likewise.
 *   March 2024: 7 April is a Sunday -> cut-off Monday 8 April; 12 April is a
 *   Friday. April 2024: 7 May is a Tuesday. February 2024: 7 March, Thursday.
 */
#include "test.h"

#include "test_billing_fixture.h"

#define AMI24 ((sv_money)387600)
#define AMI25 ((sv_money)396000)

/* KV-71 in months of 28, 29, 30 and 31 days, first and last months. */
static void partial_months(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	const struct billing_row *r;
	/* A: 20 Feb - 10 May 2024, final report 8 May, before the planned end (KV-60). */
	int64_t a = bf_iv(f, f->prov, "AMI2", "2024-02-20", "2024-05-10");
	/* B: from 11 April 2024; C: from 12 March 2024; D: from 15 February 2025. */
	int64_t b = bf_iv(f, f->prov, "AMI2", "2024-04-11", "2024-09-30");
	int64_t c = bf_iv(f, f->prov2, "AMI2", "2024-03-12", "2024-09-30");
	int64_t d = bf_iv(f, f->prov2, "AMI2", "2025-02-15", "2025-06-30");

	bf_report(f, a, "2024-02", "2024-03-04", NULL, NULL, "2024-03-10");
	bf_report(f, a, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_report(f, a, "2024-04", "2024-05-03", NULL, NULL, NULL);
	bf_final(f, a, "2024-05-08");
	bf_report(f, b, "2024-04", "2024-05-06", NULL, NULL, NULL);
	bf_report(f, c, "2024-03", "2024-04-05", NULL, NULL, NULL);
	bf_report(f, d, "2025-02", "2025-03-05", NULL, NULL, NULL);

	/* February 2024, 29 days: A runs 20-29 February, 10 days: 12920 x 10 = 129200. */
	bf_day(f, "2024-03-18");
	bf_prepare(f, "2024-02", true, &v);
	r = bf_find(&v, false, a, "voucher", "2024-02");
	assert_non_null(r);
	assert_int_equal(r->amount, 129200);
	assert_int_equal(r->days, 10);
	assert_string_equal(r->status, "report_on_time");
	assert_non_null(strstr(r->text, "3 876,00 kr / 30 × 10 dagar = 1 292,00 kr (KV-71)"));
	assert_string_equal(v.state, "preview");
	assert_int_equal(v.run_id, 0);
	billing_view_release(&v);

	/* March 2024, 31 days: C runs 12-31 March, 20 days: 12920 x 20 = 258400. */
	bf_day(f, "2024-04-16");
	bf_prepare(f, "2024-03", true, &v);
	r = bf_find(&v, false, c, "voucher", "2024-03");
	assert_non_null(r);
	assert_int_equal(r->amount, 258400);
	assert_int_equal(r->days, 20);
	/* A's whole March pays exactly the voucher. */
	r = bf_find(&v, false, a, "voucher", "2024-03");
	assert_non_null(r);
	assert_int_equal(r->amount, AMI24);
	billing_view_release(&v);

	/* April 2024, 30 days: B runs 11-30 April, 20 days: 258400. */
	bf_day(f, "2024-05-16");
	bf_prepare(f, "2024-04", true, &v);
	r = bf_find(&v, false, b, "voucher", "2024-04");
	assert_non_null(r);
	assert_int_equal(r->amount, 258400);
	assert_int_equal(r->days, 20);
	billing_view_release(&v);

	/* May 2024, A's last month: 1-10 May, 10 days: 129200, paid on the final
	 * report of 8 May, in by its deadline, the planned end (KV-63, KV-73). */
	bf_day(f, "2024-06-17");
	bf_prepare(f, "2024-05", true, &v);
	r = bf_find(&v, false, a, "voucher", "2024-05");
	assert_non_null(r);
	assert_int_equal(r->amount, 129200);
	assert_string_equal(r->status, "final_on_time");
	billing_view_release(&v);

	/* February 2025, 28 days: D runs 15-28 February, 14 days at the 2025 rate:
	 * 13200 x 14 = 184800. */
	bf_day(f, "2025-03-17");
	bf_prepare(f, "2025-02", true, &v);
	r = bf_find(&v, false, d, "voucher", "2025-02");
	assert_non_null(r);
	assert_int_equal(r->amount, 184800);
	assert_int_equal(r->days, 14);
	assert_int_equal(r->rate, AMI25);
	billing_view_release(&v);
}

/* CAL-3a, KV-70: December pays the 2024 voucher, January the 2025 one. */
static void rate_change_at_year_boundary(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	const struct billing_row *r;
	int64_t iv = bf_iv(f, f->prov, "AMI2", "2024-11-01", "2025-03-31");

	bf_report(f, iv, "2024-11", "2024-12-03", NULL, NULL, NULL);
	bf_report(f, iv, "2024-12", "2025-01-03", NULL, NULL, NULL);
	bf_report(f, iv, "2025-01", "2025-02-04", NULL, NULL, NULL);
	bf_day(f, "2024-12-16");
	bf_close(f, "2024-11");
	bf_day(f, "2025-01-16");
	bf_close(f, "2024-12");

	bf_day(f, "2025-02-17");
	bf_prepare(f, "2025-01", true, &v);
	/* Only January: November and December were paid by confirmed runs. */
	assert_int_equal(bf_count(&v, false, iv), 1);
	r = bf_find(&v, false, iv, "voucher", "2025-01");
	assert_non_null(r);
	assert_int_equal(r->amount, AMI25);
	assert_non_null(strstr(r->explain, "\"rate_from\":\"2025-01-01\""));
	billing_view_release(&v);

	/* The December run paid 3 876,00 kr at the 2024 rate. */
	bf_day(f, "2025-02-18");
	{
		struct billing_view d;
		struct sv_error e = SV_ERROR_INIT;
		assert_ok(billing_runs_get(&f->s, 2, 0, true, &d, &e));
		r = bf_find(&d, false, iv, "voucher", "2024-12");
		assert_non_null(r);
		assert_int_equal(r->amount, AMI24);
		assert_non_null(strstr(r->explain, "\"rate_to\":\"2024-12-31\""));
		billing_view_release(&d);
	}
}

/* KV-72: a report in after the cut-off is paid in the next run. */
static void late_report_moves_to_next_run(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	const struct billing_row *r;
	int64_t iv = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-08-31");

	/* March's report on 10 April: after the cut-off, Monday 8 April. */
	bf_report(f, iv, "2024-03", "2024-04-10", NULL, NULL, "2024-04-12");
	bf_day(f, "2024-04-16");
	bf_as(f, &f->a_fin);
	bf_prepare(f, "2024-03", false, &v);
	assert_null(bf_find(&v, false, iv, "voucher", "2024-03"));
	r = bf_find(&v, true, iv, "held", "2024-03");
	assert_non_null(r);
	assert_int_equal(r->amount, AMI24);
	assert_string_equal(r->status, "report_late");
	assert_non_null(strstr(r->text, "2024-04-08"));
	bf_confirm(f, v.run_id);
	billing_view_release(&v);

	/* April's report on 6 May, before its cut-off of Tuesday 7 May. */
	bf_report(f, iv, "2024-04", "2024-05-06", NULL, NULL, NULL);
	bf_day(f, "2024-05-16");
	bf_prepare(f, "2024-04", false, &v);
	r = bf_find(&v, false, iv, "voucher_released", "2024-03");
	assert_non_null(r);
	assert_int_equal(r->amount, AMI24);
	assert_string_equal(r->status, "report_late");
	r = bf_find(&v, false, iv, "voucher", "2024-04");
	assert_non_null(r);
	assert_int_equal(r->amount, AMI24);
	assert_int_equal(bf_count(&v, false, iv), 2);
	/* 2 x 387600 = 775200 for the provider. */
	assert_int_equal(v.total, 775200);
	billing_view_release(&v);
}

/* KV-32, KV-72: returned on 9 April, in again on 11 April (by the 12th),
 * approved on the 14th: paid in March's run; in again on the 15th: held. */
static void returned_report_resubmitted_in_time(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	const struct billing_row *r;
	int64_t ok = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-08-31");
	int64_t late = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-08-31");

	bf_report(f, ok, "2024-03", "2024-04-03", "2024-04-09", "2024-04-11", "2024-04-14");
	bf_report(f, late, "2024-03", "2024-04-03", "2024-04-09", "2024-04-15", NULL);
	bf_day(f, "2024-04-16");
	bf_prepare(f, "2024-03", true, &v);
	r = bf_find(&v, false, ok, "voucher", "2024-03");
	assert_non_null(r);
	assert_int_equal(r->amount, AMI24);
	assert_string_equal(r->status, "report_resubmitted");
	assert_non_null(strstr(r->explain, "\"resubmitted\":\"2024-04-11\""));
	assert_non_null(strstr(r->explain, "\"approved\":\"2024-04-14\""));
	assert_non_null(strstr(r->rules, "KV-32"));
	r = bf_find(&v, true, late, "held", "2024-03");
	assert_non_null(r);
	assert_string_equal(r->status, "report_returned");
	assert_null(bf_find(&v, false, late, "voucher", "2024-03"));
	billing_view_release(&v);
}

/*
 * KV-62: aborted 25 March (sickness, outside the provider's control), paid
 * as if it ran 14 more days, to 8 April. March as it ran: 25 days, 12920 x
 * 25 = 323000; March as if: the whole month, 387600; the abort line is the
 * difference, 64600. April: 1-8 April, 8 days, 12920 x 8 = 103360, in
 * April's run. The final report of 5 April is in by its deadline, two weeks
 * after the decision (8 April, KV-61).
 */
static void abort_pays_two_weeks(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	const struct billing_row *r;
	int64_t iv = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-08-31");

	bf_day(f, "2024-03-25");
	bf_end(f, iv, "2024-03-25", "sickness", "2024-03-25");
	bf_final(f, iv, "2024-04-05");
	bf_day(f, "2024-04-16");
	bf_as(f, &f->a_fin);
	bf_prepare(f, "2024-03", false, &v);
	r = bf_find(&v, false, iv, "voucher", "2024-03");
	assert_non_null(r);
	assert_int_equal(r->amount, 323000);
	assert_int_equal(r->days, 25);
	assert_string_equal(r->status, "final_on_time");
	r = bf_find(&v, false, iv, "abort", "2024-03");
	assert_non_null(r);
	assert_int_equal(r->amount, 64600);
	assert_int_equal(r->days, 6);
	assert_non_null(strstr(r->rules, "KV-62"));
	assert_null(bf_find(&v, false, iv, "abort", "2024-04")); /* April's run pays April */
	bf_confirm(f, v.run_id);
	billing_view_release(&v);

	bf_day(f, "2024-05-16");
	bf_prepare(f, "2024-04", false, &v);
	r = bf_find(&v, false, iv, "abort", "2024-04");
	assert_non_null(r);
	assert_int_equal(r->amount, 103360);
	assert_int_equal(r->days, 8);
	assert_int_equal(bf_count(&v, false, iv), 1);
	billing_view_release(&v);
}

/*
 * KV-63: completed 30 April; the final report was due then (KV-60) and came
 * on 6 May, within the 14 days (to 14 May): April is paid in May's run.
 * Another with no final report by 14 May: April is never paid, a provider
 * deficiency (KV-53).
 */
static void late_final_report(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	const struct billing_row *r;
	int64_t late = bf_iv(f, f->prov, "AMI2", "2024-02-01", "2024-04-30");
	int64_t none = bf_iv(f, f->prov2, "AMI2", "2024-02-01", "2024-04-30");

	for (int k = 0; k < 2; k++) {
		int64_t iv = k ? none : late;
		bf_report(f, iv, "2024-02", "2024-03-04", NULL, NULL, NULL);
		bf_report(f, iv, "2024-03", "2024-04-03", NULL, NULL, NULL);
	}
	bf_day(f, "2024-04-30");
	bf_end(f, late, "2024-04-30", "completed", "2024-04-30");
	bf_end(f, none, "2024-04-30", "completed", "2024-04-30");
	bf_final(f, late, "2024-05-06");
	bf_day(f, "2024-03-18");
	bf_close(f, "2024-02");
	bf_day(f, "2024-04-16");
	bf_close(f, "2024-03");

	bf_day(f, "2024-05-16");
	bf_prepare(f, "2024-04", false, &v);
	assert_int_equal(bf_count(&v, false, late), 0);
	r = bf_find(&v, true, late, "held", "2024-04");
	assert_non_null(r);
	assert_int_equal(r->amount, AMI24);
	assert_string_equal(r->status, "final_late");
	r = bf_find(&v, true, none, "forfeited", "2024-04");
	assert_non_null(r);
	assert_int_equal(r->amount, AMI24);
	assert_true(r->deficiency);
	assert_string_equal(r->status, "final_missed");
	assert_non_null(strstr(r->text, "KV-53"));
	bf_confirm(f, v.run_id);
	billing_view_release(&v);

	bf_day(f, "2024-06-17");
	bf_prepare(f, "2024-05", false, &v);
	r = bf_find(&v, false, late, "voucher_released", "2024-04");
	assert_non_null(r);
	assert_int_equal(r->amount, AMI24);
	assert_string_equal(r->status, "final_late");
	assert_int_equal(bf_count(&v, false, none), 0);
	billing_view_release(&v);
}

/* KV-50: extended by a month from 31 May to 30 June; June is paid like any month. */
static void extension_month(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	const struct billing_row *r;
	int64_t iv = bf_iv(f, f->prov, "AMI2", "2024-04-01", "2024-05-31");

	bf_report(f, iv, "2024-04", "2024-05-03", NULL, NULL, NULL);
	bf_report(f, iv, "2024-05", "2024-06-04", NULL, NULL, NULL);
	bf_day(f, "2024-05-20");
	bf_extend(f, iv, "2024-06-30", 1);
	bf_final(f, iv, "2024-06-28");
	bf_day(f, "2024-07-16");
	bf_prepare(f, "2024-06", true, &v);
	r = bf_find(&v, false, iv, "voucher", "2024-06");
	assert_non_null(r);
	assert_int_equal(r->amount, AMI24);
	assert_non_null(strstr(r->rules, "KV-50"));
	assert_non_null(strstr(r->explain, "\"extension\":true"));
	assert_string_equal(r->status, "final_on_time");
	/* May, the first planned end's month, is no extension month. */
	r = bf_find(&v, false, iv, "voucher_released", "2024-05");
	assert_non_null(r);
	assert_non_null(strstr(r->explain, "\"extension\":false"));
	billing_view_release(&v);
}

/*
 * JP-7: the three amounts a counsellor may decide, 5 000, 10 000 and 15 000
 * kr, each a line in the run of its decision's month. The jobbpeng voucher
 * of March: 4-31 March, 28 days, 15000 x 28 = 420000.
 */
static void each_supplement(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	const struct billing_row *r;
	int64_t iv = bf_iv(f, f->prov, "JP", "2024-03-04", "2024-06-11");
	int64_t s5 = bf_supplement(f, iv, 500000, "2024-03-10");
	int64_t s10 = bf_supplement(f, iv, 1000000, "2024-03-12");
	int64_t s15 = bf_supplement(f, iv, 1500000, "2024-03-20");
	const int64_t ids[] = {s5, s10, s15};
	const sv_money amounts[] = {500000, 1000000, 1500000};

	bf_report(f, iv, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_day(f, "2024-04-16");
	bf_prepare(f, "2024-03", true, &v);
	for (int k = 0; k < 3; k++) {
		r = NULL;
		for (size_t i = 0; i < v.n_rows; i++)
			if (v.lines[i].ref == ids[k])
				r = &v.lines[i];
		assert_non_null(r);
		assert_string_equal(r->kind, "supplement");
		assert_int_equal(r->amount, amounts[k]);
		assert_string_equal(r->rules, "JP-7");
	}
	r = bf_find(&v, false, iv, "voucher", "2024-03");
	assert_non_null(r);
	assert_int_equal(r->amount, 420000);
	/* 420000 + 500000 + 1000000 + 1500000 = 3420000 */
	assert_int_equal(v.total, 3420000);
	billing_view_release(&v);
}

/* an amount the pack does not allow refuses the whole run; nothing is stored. */
static void refused_supplement_stores_nothing(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	struct sv_error e = SV_ERROR_INIT;
	struct billing_request req = {bf_month("2024-03"), false, true, 0, false};
	int64_t iv = bf_iv(f, f->prov, "JP", "2024-03-04", "2024-06-11");
	int64_t n = -1;

	bf_supplement(f, iv, 750000, "2024-03-10");
	bf_day(f, "2024-04-16");
	assert_rc(billing_runs_prepare(&f->s, &req, &v, &e), SV_EINVAL);
	assert_string_equal(e.rule, "JP-7");
	assert_string_equal(e.field, "supplements[0].amount");
	{
		struct store_param p[] = {P_INT(f->tenant)};
		n = bf_sql_id(f, "SELECT count(*) FROM billing_runs WHERE tenant_id = $1", p, 1);
	}
	assert_int_equal(n, 0);
}

/*
 * JP-8: ended for self-sufficiency on 29 February 2024; the six months run
 * from 1 March through 31 August. A claim made on 1 September proves the
 * days before it, through 31 August: the bonus (20 000 kr) is paid in the
 * run for September, the month the proof was approved. Ended on 1 March
 * instead, the six months run through 1 September: one day short, held.
 */
static void bonus_six_months(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	const struct billing_row *r;
	int64_t ok = bf_iv(f, f->prov, "JP", "2024-01-08", "2024-04-16");
	int64_t shy = bf_iv(f, f->prov, "JP", "2024-01-08", "2024-04-16");

	bf_day(f, "2024-03-01");
	bf_end(f, ok, "2024-02-29", "self_sufficient", "2024-02-29");
	bf_end(f, shy, "2024-03-01", "self_sufficient", "2024-03-01");
	bf_final(f, ok, "2024-03-05");
	bf_final(f, shy, "2024-03-05");
	bf_day(f, "2024-09-01");
	bf_bonus(f, ok, "2024-03-01", "2024-09-01", "2024-09-01", "2024-09-02");
	bf_bonus(f, shy, "2024-03-01", "2024-09-01", "2024-09-01", "2024-09-02");
	bf_day(f, "2024-10-16");
	bf_prepare(f, "2024-09", true, &v);
	r = bf_find(&v, false, ok, "bonus", NULL);
	assert_non_null(r);
	assert_int_equal(r->amount, 2000000);
	assert_string_equal(r->status, "bonus_proven");
	assert_non_null(strstr(r->explain, "\"six_months_through\":\"2024-08-31\""));
	assert_non_null(strstr(r->explain, "\"proven_through\":\"2024-08-31\""));
	assert_null(bf_find(&v, false, shy, "bonus", NULL));
	r = bf_find(&v, true, shy, "held", NULL);
	for (size_t i = 0; r && i < v.n_notice_rows; i++)
		if (v.notices[i].intervention_id == shy && !strcmp(v.notices[i].basis, "bonus"))
			r = &v.notices[i];
	assert_non_null(r);
	assert_string_equal(r->basis, "bonus");
	assert_string_equal(r->status, "bonus_short");
	assert_non_null(strstr(r->explain, "\"six_months_through\":\"2024-09-01\""));
	billing_view_release(&v);
}

/* Four eyes: the preparer cannot confirm; another finance user can, once. */
static void four_eyes_and_idempotent_confirm(void **state)
{
	struct bf *f = *state;
	struct billing_view v, c;
	struct sv_error e = SV_ERROR_INIT;
	int64_t iv = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-08-31");
	int64_t run, events = 0;

	bf_report(f, iv, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_day(f, "2024-04-16");
	bf_as(f, &f->a_fin);
	bf_prepare(f, "2024-03", false, &v);
	run = v.run_id;
	assert_true(run > 0);
	assert_string_equal(v.state, "draft");
	billing_view_release(&v);

	assert_rc(billing_runs_confirm(&f->s, run, &c, &e), SV_EFORBIDDEN);
	assert_string_equal(e.rule, "four-eyes");
	sv_error_clear(&e);
	bf_as(f, NULL); /* the system never confirms */
	assert_rc(billing_runs_confirm(&f->s, run, &c, &e), SV_EFORBIDDEN);
	sv_error_clear(&e);
	bf_as(f, &f->a_pst); /* nor a provider */
	assert_rc(billing_runs_confirm(&f->s, run, &c, &e), SV_EFORBIDDEN);
	assert_string_equal(e.rule, "X-3");
	sv_error_clear(&e);
	bf_as(f, &f->a_cou); /* nor a counsellor prepare */
	{
		struct billing_request r = {bf_month("2024-03"), true, false, 0, false};
		assert_rc(billing_runs_prepare(&f->s, &r, &c, &e), SV_EFORBIDDEN);
		sv_error_clear(&e);
	}

	bf_as(f, &f->a_fin2);
	assert_ok(billing_runs_confirm(&f->s, run, &c, &e));
	assert_false(c.already);
	assert_string_equal(c.state, "final");
	assert_int_equal(c.confirmed_by, f->fin2);
	assert_int_equal(c.total, AMI24);
	billing_view_release(&c);
	/* Again, by either: nothing changes. */
	assert_ok(billing_runs_confirm(&f->s, run, &c, &e));
	assert_true(c.already);
	billing_view_release(&c);
	bf_as(f, &f->a_fin);
	assert_ok(billing_runs_confirm(&f->s, run, &c, &e));
	assert_true(c.already);
	billing_view_release(&c);
	{
		struct store_param p[] = {P_INT(f->tenant)};
		events = bf_sql_id(f,
		                   "SELECT count(*) FROM events WHERE tenant_id = $1 AND kind = "
		                   "'billing_run.confirmed'",
		                   p, 1);
	}
	assert_int_equal(events, 1);
}

/* KV-72: the run for March is confirmed after the 15th of April, not before. */
static void confirm_after_the_15th(void **state)
{
	struct bf *f = *state;
	struct billing_view v, c;
	struct sv_error e = SV_ERROR_INIT;
	int64_t iv = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-08-31");

	bf_report(f, iv, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_day(f, "2024-04-10"); /* a preview and a draft may be made any day */
	bf_prepare(f, "2024-03", false, &v);
	bf_as(f, &f->a_fin2);
	bf_day(f, "2024-04-15");
	assert_rc(billing_runs_confirm(&f->s, v.run_id, &c, &e), SV_ESTATE);
	assert_string_equal(e.rule, "KV-72");
	assert_non_null(strstr(e.msg, "2024-04-16"));
	bf_day(f, "2024-04-16");
	assert_ok(billing_runs_confirm(&f->s, v.run_id, &c, &e));
	billing_view_release(&c);
	billing_view_release(&v);
}

/* Two drafts of one month: once one is confirmed the other cannot be (nothing twice). */
static void stale_draft_is_refused(void **state)
{
	struct bf *f = *state;
	struct billing_view a, b, c;
	struct sv_error e = SV_ERROR_INIT;
	int64_t iv = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-08-31");

	bf_report(f, iv, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_day(f, "2024-04-16");
	bf_prepare(f, "2024-03", false, &a);
	bf_prepare(f, "2024-03", false, &b);
	assert_int_equal(a.total, b.total);
	bf_confirm(f, a.run_id);
	bf_as(f, &f->a_fin2);
	assert_rc(billing_runs_confirm(&f->s, b.run_id, &c, &e), SV_ECONFLICT);
	assert_string_equal(e.rule, "KV-72");
	billing_view_release(&a);
	billing_view_release(&b);
}

/*
 * Runs are immutable and re-running a confirmed month gives only
 * adjustments: ended on 18 May retroactively from 15 April (another
 * intervention, decided 17 May), April is worth 15 days, 12920 x 15 =
 * 193800, against the 387600 paid: one adjustment of -193800. Confirmed, a
 * further run of April gives nothing.
 */
static void rerun_gives_only_adjustments(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	struct sv_error e = SV_ERROR_INIT;
	const struct billing_row *r;
	int64_t iv = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-08-31");
	int64_t other = bf_iv(f, f->prov2, "AMI2", "2024-03-01", "2024-08-31");
	int64_t run;

	for (int k = 0; k < 2; k++) {
		bf_report(f, k ? other : iv, "2024-03", "2024-04-03", NULL, NULL, NULL);
		bf_report(f, k ? other : iv, "2024-04", "2024-05-03", NULL, NULL, NULL);
	}
	bf_day(f, "2024-04-16");
	bf_close(f, "2024-03");
	bf_day(f, "2024-05-16");
	run = bf_close(f, "2024-04");

	/* Unchanged facts: the same month again gives nothing new. */
	bf_day(f, "2024-05-17");
	bf_prepare(f, "2024-04", true, &v);
	assert_int_equal(v.n_rows, 0);
	assert_int_equal(v.total, 0);
	billing_view_release(&v);

	/* The database refuses to change or remove a line or a confirmed run. */
	{
		struct store_param p[] = {P_INT(f->tenant), P_INT(run)};
		int64_t n = 0;
		assert_true(store_do(f->st,
		                     "UPDATE billing_lines SET amount_ore = 1 WHERE tenant_id = $1 "
		                     "AND run_id = $2",
		                     p, 2, &n, &e) != SV_OK);
		sv_error_clear(&e);
		assert_true(
		        store_do(f->st,
		                 "DELETE FROM billing_lines WHERE tenant_id = $1 AND run_id = $2",
		                 p, 2, &n, &e) != SV_OK);
		sv_error_clear(&e);
		assert_true(
		        store_do(f->st,
		                 "UPDATE billing_runs SET state = 'draft' WHERE tenant_id = $1 AND "
		                 "id = $2",
		                 p, 2, &n, &e) != SV_OK);
		sv_error_clear(&e);
	}

	bf_day(f, "2024-05-18");
	bf_end(f, iv, "2024-04-15", "another_intervention", "2024-05-17");
	bf_final(f, iv, "2024-05-18");
	bf_day(f, "2024-05-20");
	bf_prepare(f, "2024-04", false, &v);
	assert_int_equal(v.n_rows, 1);
	r = bf_find(&v, false, iv, "adjustment", "2024-04");
	assert_non_null(r);
	assert_int_equal(r->amount, -193800);
	assert_non_null(strstr(r->explain, "\"paid_before\":\"3876.00\""));
	assert_non_null(strstr(r->explain, "\"entitled\":\"1938.00\""));
	bf_confirm(f, v.run_id);
	billing_view_release(&v);
	bf_day(f, "2024-05-21");
	bf_prepare(f, "2024-04", true, &v);
	assert_int_equal(v.n_rows, 0);
	billing_view_release(&v);
}

/* Lines sum to the totals, per provider and in all, stored and read back. */
static void lines_sum_to_totals(void **state)
{
	struct bf *f = *state;
	struct billing_view v, g;
	struct sv_error e = SV_ERROR_INIT;
	int64_t ivs[6];

	for (int k = 0; k < 6; k++) {
		char start[16];
		snprintf(start, sizeof(start), "2024-03-%02d", 1 + 5 * k);
		ivs[k] = bf_iv(f, k % 2 ? f->prov2 : f->prov, "AMI2", start, "2024-08-31");
		bf_report(f, ivs[k], "2024-03",
		          "2024-04-0"
		          "5",
		          NULL, NULL, NULL);
	}
	bf_supplement(f, bf_iv(f, f->prov2, "JP", "2024-03-04", "2024-06-11"), 500000,
	              "2024-03-20");
	bf_day(f, "2024-04-16");
	bf_prepare(f, "2024-03", false, &v);
	assert_ok(billing_runs_get(&f->s, v.run_id, 0, true, &g, &e));
	for (int pass = 0; pass < 2; pass++) {
		const struct billing_view *x = pass ? &g : &v;
		sv_money all = 0;
		assert_int_equal(x->n_sums, 2);
		for (size_t s = 0; s < x->n_sums; s++) {
			sv_money sum = 0;
			int64_t n = 0;
			for (size_t i = 0; i < x->n_rows; i++)
				if (x->lines[i].provider_id == x->sums[s].provider_id) {
					sum += x->lines[i].amount;
					n++;
				}
			assert_int_equal(sum, x->sums[s].amount);
			assert_int_equal(n, x->sums[s].n_lines);
			all += sum;
		}
		assert_int_equal(all, x->total);
		assert_int_equal((int64_t)x->n_rows, x->n_lines);
	}
	/* The stored run reads back exactly as it was prepared. */
	assert_int_equal(g.n_rows, v.n_rows);
	for (size_t i = 0; i < v.n_rows; i++) {
		assert_int_equal(g.lines[i].amount, v.lines[i].amount);
		assert_string_equal(g.lines[i].text, v.lines[i].text);
		assert_string_equal(g.lines[i].explain, v.lines[i].explain);
		assert_string_equal(g.lines[i].rules, v.lines[i].rules);
	}
	billing_view_release(&g);
	billing_view_release(&v);
}

/* a provider sees only its own lines, of confirmed runs only. */
static void provider_sees_only_its_own(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	struct sv_error e = SV_ERROR_INIT;
	struct billing_run_items items;
	struct store_page page = {0, 50};
	int64_t a = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-08-31");
	int64_t b = bf_iv(f, f->prov2, "AMI2", "2024-03-01", "2024-08-31");
	int64_t draft, run;

	bf_report(f, a, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_report(f, b, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_day(f, "2024-04-16");
	bf_prepare(f, "2024-03", false, &v);
	draft = v.run_id;
	billing_view_release(&v);
	bf_as(f, &f->a_pst);
	assert_rc(billing_runs_get(&f->s, draft, 0, true, &v, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	bf_confirm(f, draft);
	run = draft;
	assert_ok(billing_runs_get(&f->s, run, 0, true, &v, &e));
	assert_int_equal(v.n_rows, 1);
	assert_int_equal(v.lines[0].intervention_id, a);
	assert_int_equal(v.n_sums, 1);
	assert_int_equal(v.sums[0].provider_id, f->prov);
	assert_int_equal(v.total, AMI24);
	billing_view_release(&v);
	/* Asking for the other provider is the same as asking for nothing. */
	assert_rc(billing_runs_get(&f->s, run, f->prov2, true, &v, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	bf_as(f, &f->a_pst2);
	assert_ok(billing_runs_get(&f->s, run, 0, true, &v, &e));
	assert_int_equal(v.n_rows, 1);
	assert_int_equal(v.lines[0].intervention_id, b);
	billing_view_release(&v);
	/* The list: confirmed runs only, with the provider's own total. */
	bf_as(f, &f->a_fin);
	bf_prepare(f, "2024-03", false, &v); /* a second draft */
	billing_view_release(&v);
	bf_as(f, &f->a_pst2);
	assert_ok(billing_runs_list(&f->s, SV_NO_DATE, page, &items, &e));
	assert_int_equal(items.n, 1);
	assert_int_equal(items.v[0].id, run);
	assert_int_equal(items.v[0].total, AMI24);
	billing_run_items_release(&items);
	bf_as(f, &f->a_fin);
	assert_ok(billing_runs_list(&f->s, SV_NO_DATE, page, &items, &e));
	assert_int_equal(items.n, 2);
	assert_int_equal(items.v[0].total, 2 * AMI24);
	billing_run_items_release(&items);
	/* A counsellor reads no runs at all. */
	bf_as(f, &f->a_cou);
	assert_rc(billing_runs_get(&f->s, run, 0, true, &v, &e), SV_EFORBIDDEN);
}

/* showing lines logs a read of each customer's data, once per customer. */
static void reading_lines_is_logged(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	struct sv_error e = SV_ERROR_INIT;
	int64_t a = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-08-31");
	int64_t n, run;

	bf_report(f, a, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_supplement(f, bf_iv(f, f->prov, "JP", "2024-03-04", "2024-06-11"), 500000, "2024-03-20");
	bf_day(f, "2024-04-16");
	bf_prepare(f, "2024-03", false, &v);
	run = v.run_id;
	billing_view_release(&v);
	bf_as(f, &f->a_dpo);
	assert_ok(billing_runs_get(&f->s, run, 0, true, &v, &e));
	billing_view_release(&v);
	{
		struct store_param p[] = {P_INT(f->tenant), P_INT(f->dpo)};
		n = bf_sql_id(
		        f,
		        "SELECT count(*) FROM access_log WHERE tenant_id = $1 AND user_id = $2 "
		        "AND purpose = 'billing'",
		        p, 2);
	}
	/* Two customers: the AMI one (a voucher) and the jobbpeng one (a
	 * supplement and a held voucher): two rows. */
	assert_int_equal(n, 2);
}

/* The run reconciled from what confirmed runs settled equals a full reconciliation. */
static void settled_months_change_nothing(void **state)
{
	struct bf *f = *state;
	struct billing_view a, b;
	struct sv_error e = SV_ERROR_INIT;
	struct billing_request full = {bf_month("2024-05"), true, true, 0, true};
	int64_t x = bf_iv(f, f->prov, "AMI2", "2024-02-12", "2024-09-30");
	int64_t y = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-05-20");
	int64_t z = bf_iv(f, f->prov2, "AMI2", "2024-03-01", "2024-09-30");

	bf_report(f, x, "2024-02", "2024-03-04", NULL, NULL, NULL);
	bf_report(f, x, "2024-03", "2024-04-12", NULL, NULL, NULL); /* late: April's run */
	bf_report(f, x, "2024-04", "2024-05-03", NULL, NULL, NULL);
	bf_report(f, y, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_report(f, y, "2024-04", "2024-05-03", NULL, NULL, NULL);
	bf_report(f, z, "2024-04", "2024-05-03", NULL, NULL, NULL); /* March never */
	bf_day(f, "2024-03-18");
	bf_close(f, "2024-02");
	bf_day(f, "2024-04-16");
	bf_close(f, "2024-03");
	bf_day(f, "2024-05-16");
	bf_close(f, "2024-04");
	bf_day(f, "2024-05-20");
	bf_end(f, y, "2024-05-20", "completed", "2024-05-20");
	bf_final(f, y, "2024-05-20");
	bf_report(f, x, "2024-05", "2024-06-05", NULL, NULL, NULL);
	bf_report(f, z, "2024-05", "2024-06-05", NULL, NULL, NULL);
	bf_day(f, "2024-06-17");
	bf_prepare(f, "2024-05", true, &a);
	assert_ok(billing_runs_prepare(&f->s, &full, &b, &e));
	assert_int_equal(a.n_rows, b.n_rows);
	assert_int_equal(a.n_notice_rows, b.n_notice_rows);
	assert_int_equal(a.total, b.total);
	for (size_t i = 0; i < a.n_rows; i++) {
		assert_int_equal(a.lines[i].intervention_id, b.lines[i].intervention_id);
		assert_string_equal(a.lines[i].kind, b.lines[i].kind);
		assert_int_equal(a.lines[i].amount, b.lines[i].amount);
		assert_string_equal(a.lines[i].text, b.lines[i].text);
	}
	/* May: x and z whole months, y 1-20 May = 20 days = 258400. */
	assert_int_equal(a.total, AMI24 + AMI24 + 258400);
	assert_non_null(bf_find(&a, true, z, "held", "2024-03"));
	billing_view_release(&a);
	billing_view_release(&b);
}

/*
 * How the store reads the reports changes nothing a run sees: an ordinary
 * run reads its few open months a month at a time (documents_monthly), more
 * open months by the documents of the id range. Both see a report written
 * around the documents service for 15 May instead of the month's first day,
 * so the intervention is refused by the engine's rule (KV-32: a report's
 * month is given by its first day) in the ordinary run for May (only May
 * open: read a month at a time) and in the first run (every month open:
 * read by range). With the report's month on its first day instead, both
 * pay May for x and y, each a whole month of AMI2 2024: 2 x 387600 = 775200
 * öre (KV-71; in by 4 June, before May's cut-off on Friday 7 June, KV-72).
 */
static void reports_by_month_or_by_range(void **state)
{
	struct bf *f = *state;
	struct billing_view v, w;
	struct sv_error e = SV_ERROR_INIT;
	struct billing_request ordinary = {bf_month("2024-05"), true, true, 0, false};
	struct billing_request full = {bf_month("2024-05"), true, true, 0, true};
	int64_t x = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-12-31");
	int64_t y = bf_iv(f, f->prov, "AMI2", "2024-03-01", "2024-12-31");

	bf_report(f, x, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_report(f, x, "2024-04", "2024-05-03", NULL, NULL, NULL);
	bf_report(f, y, "2024-03", "2024-04-03", NULL, NULL, NULL);
	bf_report(f, y, "2024-04", "2024-05-03", NULL, NULL, NULL);
	bf_day(f, "2024-04-16");
	bf_close(f, "2024-03");
	bf_day(f, "2024-05-16");
	bf_close(f, "2024-04");
	bf_report(f, y, "2024-05", "2024-06-04", NULL, NULL, NULL);
	{
		struct store_param p[] = {P_INT(f->tenant), P_INT(x), P_DATE(bf_date("2024-05-15")),
		                          P_INT(bf_ts("2024-06-04")), P_INT(f->s.now)};
		(void)bf_sql_id(
		        f,
		        "INSERT INTO documents (tenant_id, intervention_id, kind, period, "
		        "state, current_version, first_submitted_at, created_at) VALUES "
		        "($1, $2, 'monthly_report', $3, 'submitted', 1, $4, $5) RETURNING id",
		        p, NPARAMS(p));
	}
	bf_day(f, "2024-06-17");
	assert_int_equal(billing_runs_prepare(&f->s, &ordinary, &v, &e), SV_EINVAL);
	assert_string_equal(e.rule, "KV-32");
	assert_non_null(strstr(e.msg, "first day"));
	sv_error_clear(&e);
	assert_int_equal(billing_runs_prepare(&f->s, &full, &v, &e), SV_EINVAL);
	assert_string_equal(e.rule, "KV-32");
	assert_non_null(strstr(e.msg, "first day"));
	sv_error_clear(&e);

	/* The month on its first day: the same from both readings. */
	{
		struct store_param p[] = {P_INT(f->tenant), P_INT(x)};
		bf_sql(f,
		       "UPDATE documents SET period = '2024-05-01' WHERE tenant_id = $1 AND "
		       "intervention_id = $2 AND kind = 'monthly_report' AND period > '2024-05-01'",
		       p, NPARAMS(p));
	}
	assert_ok(billing_runs_prepare(&f->s, &ordinary, &v, &e));
	assert_ok(billing_runs_prepare(&f->s, &full, &w, &e));
	assert_int_equal(v.total, AMI24 + AMI24);
	assert_int_equal(w.total, v.total);
	assert_int_equal(bf_find(&v, false, x, "voucher", "2024-05")->amount, AMI24);
	assert_int_equal(bf_find(&w, false, y, "voucher", "2024-05")->amount, AMI24);
	billing_view_release(&v);
	billing_view_release(&w);
}

/* Both backends give identical runs: the sqlite pass keeps the JSON, the pg pass compares. */
static char *sqlite_run;

static void backends_give_identical_runs(void **state)
{
	struct bf *f = *state;
	struct billing_view v;
	json_t *o;
	char *text;
	int64_t a = bf_iv(f, f->prov, "AMI2", "2024-03-12", "2024-08-31");
	int64_t b = bf_iv(f, f->prov2, "JP", "2024-03-04", "2024-06-11");
	int64_t c = bf_iv(f, f->prov2, "AMI2", "2024-02-01", "2024-08-31");

	bf_report(f, a, "2024-03", "2024-04-03", "2024-04-09", "2024-04-11", "2024-04-14");
	bf_report(f, b, "2024-03", "2024-04-10", NULL, NULL, NULL);
	bf_supplement(f, b, 1000000, "2024-03-15");
	bf_day(f, "2024-03-28");
	bf_end(f, c, "2024-03-28", "unforeseen_events", "2024-03-28");
	bf_final(f, c, "2024-04-04");
	bf_day(f, "2024-04-16");
	bf_prepare(f, "2024-03", false, &v);
	bf_confirm(f, v.run_id);
	billing_view_release(&v);
	{
		struct sv_error e = SV_ERROR_INIT;
		bf_as(f, &f->a_fin);
		assert_ok(billing_runs_get(&f->s, 1, 0, true, &v, &e));
	}
	o = billing_view_json(&v);
	json_object_del(o, "confirmed_at"); /* the same, but keep the check to the lines */
	text = json_dumps(o, JSON_SORT_KEYS | JSON_INDENT(1));
	json_decref(o);
	billing_view_release(&v);
	assert_non_null(text);
	if (!f->pg) {
		free(sqlite_run);
		sqlite_run = text;
		return;
	}
	assert_non_null(sqlite_run);
	assert_string_equal(text, sqlite_run);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(partial_months, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(rate_change_at_year_boundary, bf_setup,
	                                        bf_teardown),
	        cmocka_unit_test_setup_teardown(late_report_moves_to_next_run, bf_setup,
	                                        bf_teardown),
	        cmocka_unit_test_setup_teardown(returned_report_resubmitted_in_time, bf_setup,
	                                        bf_teardown),
	        cmocka_unit_test_setup_teardown(abort_pays_two_weeks, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(late_final_report, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(extension_month, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(each_supplement, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(refused_supplement_stores_nothing, bf_setup,
	                                        bf_teardown),
	        cmocka_unit_test_setup_teardown(bonus_six_months, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(four_eyes_and_idempotent_confirm, bf_setup,
	                                        bf_teardown),
	        cmocka_unit_test_setup_teardown(confirm_after_the_15th, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(stale_draft_is_refused, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(rerun_gives_only_adjustments, bf_setup,
	                                        bf_teardown),
	        cmocka_unit_test_setup_teardown(lines_sum_to_totals, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(provider_sees_only_its_own, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(reading_lines_is_logged, bf_setup, bf_teardown),
	        cmocka_unit_test_setup_teardown(settled_months_change_nothing, bf_setup,
	                                        bf_teardown),
	        cmocka_unit_test_setup_teardown(reports_by_month_or_by_range, bf_setup,
	                                        bf_teardown),
	        cmocka_unit_test_setup_teardown(backends_give_identical_runs, bf_setup,
	                                        bf_teardown),
	};
	int failed = bf_main("billing_runs", tests, sizeof(tests) / sizeof(tests[0]));

	free(sqlite_run);
	return failed;
}
