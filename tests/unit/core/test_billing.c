/*
 * Unit tests for src/core/billing.c: the billing engine (KV-50, KV-52,
 * KV-60 ... KV-63, KV-70 ... KV-74, JP-7, JP-8).
 *
 * Every amount is computed by hand from the rule it cites, with the
 * computation in a comment. Rates: KV-70 gives AMI 3 876 kr, ISA 6 324 kr
 * and FAI 8 160 kr for 2024; the 2025 AMI rate (3 950 kr), the JOBBPENG
 * voucher (5 000 kr) and the bonus (20 000 kr) are invented for these tests
 * (the seed gives none). Cut-offs are the real Swedish ones: the 7th and
 * the 12th of the next month, moved to the next working day (KV-32, CAL-4).
 */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "stegvis/billing.h"
#include "stegvis/calendar.h"

static sv_date D(const char *s)
{
	sv_date d = 0;
	if (date_parse(s, strlen(s), &d, "t", NULL) != SV_OK)
		fail_msg("bad date in test: %s", s);
	return d;
}

static const char *F(sv_date d)
{
	static char out[4][SV_DATE_STRLEN];
	static int i;
	i = (i + 1) % 4;
	return date_format(d, out[i]);
}

#define NONE BILLING_NO_DATE

/* ---- fixture ---------------------------------------------------------------- */

struct fx {
	struct billing_rate rates[8];
	struct billing_cutoff cut[48];
	sv_money supp[3];
	struct billing_params p;
	struct billing_run run;
};

static enum sv_rc roll_se(void *ctx, sv_date due, sv_date *out, struct sv_error *err)
{
	(void)ctx;
	return cal_roll_forward(CAL_SE, due, out, "cutoff", err);
}

/* Rates, cut-offs for 2023-01 .. 2026-12 and the JP-7 amounts; run month and
 * today as given. */
static void fx_setup(struct fx *f, const char *month, const char *today)
{
	memset(f, 0, sizeof(*f));
	f->rates[0] = (struct billing_rate){"AMI", 387600, D("2024-01-01"), D("2024-12-31")};
	f->rates[1] = (struct billing_rate){"AMI", 395000, D("2025-01-01"), BILLING_OPEN_END};
	f->rates[2] = (struct billing_rate){"ISA", 632400, D("2024-01-01"), D("2024-12-31")};
	f->rates[3] = (struct billing_rate){"FAI", 816000, D("2024-01-01"), D("2024-12-31")};
	f->rates[4] = (struct billing_rate){"JOBBPENG", 500000, D("2023-01-01"), BILLING_OPEN_END};
	f->rates[5] = (struct billing_rate){"AMI", 370000, D("2023-01-01"), D("2023-12-31")};
	assert_ok(billing_cutoffs_fill(f->cut, 48, D("2023-01-01"), 7, 12, roll_se, NULL, NULL));
	f->supp[0] = 500000;  /* 5 000 kr (JP-7) */
	f->supp[1] = 1000000; /* 10 000 kr */
	f->supp[2] = 1500000; /* 15 000 kr */
	f->p.month = D(month);
	f->p.today = D(today);
	f->p.rates = f->rates;
	f->p.n_rates = 6;
	f->p.cutoffs = f->cut;
	f->p.n_cutoffs = 48;
	f->p.supplement_amounts = f->supp;
	f->p.n_supplement_amounts = 3;
	f->p.abort_paid_days = 14;
	f->p.max_extension_months = 2;
	billing_run_init(&f->run);
}

static void fx_begin(struct fx *f, const char *month, const char *today)
{
	fx_setup(f, month, today);
	assert_ok(billing_run_begin(&f->run, &f->p, NULL));
}

static struct billing_intervention iv_make(int64_t id, int64_t provider, const char *scheme,
                                           const char *start, const char *planned_end)
{
	struct billing_intervention iv;

	memset(&iv, 0, sizeof(iv));
	iv.id = id;
	iv.provider_id = provider;
	iv.scheme = scheme;
	iv.start = D(start);
	iv.planned_end = D(planned_end);
	iv.extended_end = iv.end = NONE;
	iv.end_reason = BILLING_END_NONE;
	iv.final_submitted = iv.final_due = iv.final_last = NONE;
	iv.open_from = NONE;
	return iv;
}

static struct billing_report rep(const char *month, const char *submitted)
{
	struct billing_report r = {D(month), submitted ? D(submitted) : NONE, false, NONE, NONE};
	return r;
}

static struct billing_paid paid_voucher(const char *month, sv_money amount)
{
	struct billing_paid p = {BILLING_BASIS_VOUCHER, D(month), 0, amount};
	return p;
}

/* Add iv, failing the test with the error's text when it is refused. */
static void add_ok(struct billing_run *run, const struct billing_intervention *iv)
{
	struct sv_error e = SV_ERROR_INIT;

	if (billing_run_add(run, iv, &e) != SV_OK) {
		char s[600];
		sv_error_format(&e, s, sizeof(s));
		fail_msg("add failed: %s", s);
	}
}

/* Run one intervention for month at today; the run is left in f->run. */
static void run_one(struct fx *f, const char *month, const char *today,
                    const struct billing_intervention *iv)
{
	fx_begin(f, month, today);
	add_ok(&f->run, iv);
	assert_ok(billing_run_finish(&f->run, NULL));
}

/* The amount of the only line of a one-intervention run. */
static const struct billing_line *only_line(struct fx *f)
{
	assert_int_equal(f->run.n_lines, 1);
	return &f->run.lines[0];
}

static bool has_rule(const struct billing_line *l, unsigned bit)
{
	return (l->why.rules & bit) != 0;
}

static char *text_of(const struct billing_line *l)
{
	struct buf b = BUF_INIT;
	assert_ok(billing_explain_sv(l, &b));
	return buf_take(&b, NULL);
}

static void assert_text_has(const struct billing_line *l, const char *needle)
{
	char *t = text_of(l);
	if (!strstr(t, needle))
		fail_msg("\"%s\" not in \"%s\"", needle, t);
	free(t);
}

/* A running AMI intervention whose month m is reported on time on day s. */
static const struct billing_line *voucher_for_month(struct fx *f, const char *start,
                                                    const char *month, const char *submitted,
                                                    const char *today)
{
	struct billing_intervention iv = iv_make(1, 1, "AMI", start, "2025-12-31");
	struct billing_report r = rep(month, submitted);

	iv.open_from = D(month);
	iv.reports = &r;
	iv.n_reports = 1;
	run_one(f, month, today, &iv);
	return only_line(f);
}

/* An AMI intervention that ended early (KV-61) on end, final report on time,
 * billed in the month of its end. */
static const struct billing_line *last_month(struct fx *f, const char *start, const char *end,
                                             const char *today)
{
	struct billing_intervention iv = iv_make(1, 1, "AMI", start, "2025-12-31");

	iv.end = D(end);
	iv.end_reason = BILLING_END_EARLY;
	iv.final_submitted = iv.end;
	iv.final_due = iv.end + 14;
	iv.final_last = iv.end + 14;
	iv.open_from = date_month_start(iv.end);
	run_one(f, F(date_month_start(iv.end)), today, &iv);
	return only_line(f);
}

/* ---- cut-offs ------------------------------------------------------------------ */

static void cutoffs_follow_kv32_and_cal4(void **state)
{
	struct billing_cutoff c[4];

	/* 2024-03: the 7th of April 2024 is a Sunday -> Monday 2024-04-08;
	 * the 12th is a Friday and stays (KV-32, CAL-4). */
	assert_ok(billing_cutoffs_fill(c, 2, D("2024-03-01"), 7, 12, roll_se, NULL, NULL));
	assert_string_equal(F(c[0].month), "2024-03-01");
	assert_string_equal(F(c[0].submit_by), "2024-04-08");
	assert_string_equal(F(c[0].resubmit_by), "2024-04-12");
	/* 2024-04: 2024-05-07 is a Tuesday; 2024-05-12 a Sunday -> 2024-05-13. */
	assert_string_equal(F(c[1].submit_by), "2024-05-07");
	assert_string_equal(F(c[1].resubmit_by), "2024-05-13");
	/* 2023-03: 2023-04-07 is långfredagen, then Saturday, påskdagen and
	 * annandag påsk (04-10): Tuesday 2023-04-11. The 12th is a Wednesday. */
	assert_ok(billing_cutoffs_fill(c, 1, D("2023-03-01"), 7, 12, roll_se, NULL, NULL));
	assert_string_equal(F(c[0].submit_by), "2023-04-11");
	assert_string_equal(F(c[0].resubmit_by), "2023-04-12");
	/* Without a calendar the days stay as they are. */
	assert_ok(billing_cutoffs_fill(c, 1, D("2024-03-01"), 7, 12, NULL, NULL, NULL));
	assert_string_equal(F(c[0].submit_by), "2024-04-07");

	struct sv_error e = SV_ERROR_INIT;
	assert_rc(billing_cutoffs_fill(c, 1, D("2024-03-02"), 7, 12, NULL, NULL, &e), SV_EINVAL);
	assert_string_equal(e.field, "first_month");
	assert_string_equal(e.rule, "KV-32");
	sv_error_clear(&e);
	assert_rc(billing_cutoffs_fill(c, 1, D("2024-03-01"), 12, 7, NULL, NULL, &e), SV_EINVAL);
	assert_string_equal(e.rule, "KV-32");
}

/* ---- KV-71: partial months of every length ---------------------------------------- */

static void partial_first_months_28_29_30_31(void **state)
{
	struct fx f;
	const struct billing_line *l;

	/* 31 days: start 2024-03-12, days 12..31 = 20; 3 876,00 / 30 x 20 =
	 * 129,20 x 20 = 2 584,00 kr (KV-71). Report 2024-04-03 <= cut-off 04-08. */
	l = voucher_for_month(&f, "2024-03-12", "2024-03-01", "2024-04-03", "2024-04-20");
	assert_int_equal(l->kind, BILLING_VOUCHER);
	assert_int_equal(l->amount, 258400);
	assert_int_equal(l->why.days, 20);
	assert_int_equal(l->why.month_days, 31);
	assert_false(l->why.whole_month);
	assert_string_equal(F(l->why.from), "2024-03-12");
	assert_string_equal(F(l->why.to), "2024-03-31");
	assert_int_equal(l->why.status, BILLING_ST_REPORT_ON_TIME);
	assert_true(has_rule(l, BILLING_R_KV71));
	assert_true(has_rule(l, BILLING_R_KV72));
	assert_text_has(l, "3 876,00 kr / 30 × 20 dagar = 2 584,00 kr (KV-71)");
	assert_text_has(l, "Månadsrapporten inkom 2024-04-03, senast brytdatum 2024-04-08 (KV-72)");
	assert_int_equal(f.run.total, 258400);
	billing_run_release(&f.run);

	/* 30 days: start 2024-04-21, days 21..30 = 10; 129,20 x 10 = 1 292,00. */
	l = voucher_for_month(&f, "2024-04-21", "2024-04-01", "2024-05-06", "2024-05-20");
	assert_int_equal(l->amount, 129200);
	assert_int_equal(l->why.month_days, 30);
	billing_run_release(&f.run);

	/* 29 days (February 2024, a leap year): start 2024-02-10, days 10..29 =
	 * 20; 129,20 x 20 = 2 584,00. */
	l = voucher_for_month(&f, "2024-02-10", "2024-02-01", "2024-03-05", "2024-03-20");
	assert_int_equal(l->amount, 258400);
	assert_int_equal(l->why.month_days, 29);
	billing_run_release(&f.run);

	/* The whole of February 2024 (29 days) pays exactly the voucher,
	 * 3 876,00, not 29 x 129,20 = 3 746,80 (KV-71). */
	l = voucher_for_month(&f, "2024-01-15", "2024-02-01", "2024-03-05", "2024-03-20");
	assert_int_equal(l->amount, 387600);
	assert_true(l->why.whole_month);
	assert_text_has(l, "hel månad 2024-02-01–2024-02-29, 3 876,00 kr (KV-71)");
	billing_run_release(&f.run);

	/* 28 days (February 2025, rate 3 950 kr): start 2025-02-15, days
	 * 15..28 = 14; 3 950,00 / 30 x 14 = 1 843,333.. -> 1 843,33 kr. */
	l = voucher_for_month(&f, "2025-02-15", "2025-02-01", "2025-03-04", "2025-03-20");
	assert_int_equal(l->amount, 184333);
	assert_int_equal(l->why.month_days, 28);
	assert_int_equal(l->why.rate, 395000);
	billing_run_release(&f.run);
}

static void partial_last_months_28_29_30_31(void **state)
{
	struct fx f;
	const struct billing_line *l;

	/* 31 days: ended 2024-05-10, days 1..10; 129,20 x 10 = 1 292,00. The
	 * last month is paid on the final report, in time (KV-63, KV-73). */
	l = last_month(&f, "2024-01-01", "2024-05-10", "2024-06-20");
	assert_int_equal(l->kind, BILLING_VOUCHER);
	assert_int_equal(l->amount, 129200);
	assert_true(l->why.last_month);
	assert_int_equal(l->why.status, BILLING_ST_FINAL_ON_TIME);
	assert_true(has_rule(l, BILLING_R_KV63));
	assert_true(has_rule(l, BILLING_R_KV73));
	assert_true(has_rule(l, BILLING_R_KV61));
	billing_run_release(&f.run);

	/* 30 days: ended 2024-06-18, 18 days; 129,20 x 18 = 2 325,60. */
	l = last_month(&f, "2024-01-01", "2024-06-18", "2024-07-20");
	assert_int_equal(l->amount, 232560);
	billing_run_release(&f.run);

	/* 29 days: ended 2024-02-15, 15 days; 129,20 x 15 = 1 938,00. */
	l = last_month(&f, "2024-01-01", "2024-02-15", "2024-03-20");
	assert_int_equal(l->amount, 193800);
	billing_run_release(&f.run);

	/* 28 days: ended 2025-02-20 (3 950 kr), 20 days; 3 950,00 / 30 x 20 =
	 * 2 633,333.. -> 2 633,33 kr. */
	l = last_month(&f, "2024-06-01", "2025-02-20", "2025-03-20");
	assert_int_equal(l->amount, 263333);
	billing_run_release(&f.run);

	/* Rounding half away from zero, once: ended 2025-02-07, 7 days;
	 * 3 950,00 / 30 x 7 = 921,666.. -> 921,67 kr. */
	l = last_month(&f, "2024-06-01", "2025-02-07", "2025-03-20");
	assert_int_equal(l->amount, 92167);
	billing_run_release(&f.run);

	/* Start and end in one month: 2024-09-10 .. 2024-09-19, 10 days. */
	l = last_month(&f, "2024-09-10", "2024-09-19", "2024-10-20");
	assert_int_equal(l->amount, 129200);
	assert_string_equal(F(l->why.from), "2024-09-10");
	assert_string_equal(F(l->why.to), "2024-09-19");
	billing_run_release(&f.run);
}

static void no_day_after_the_end_is_paid(void **state)
{
	struct fx f;
	struct billing_intervention iv = iv_make(1, 1, "AMI", "2024-01-01", "2024-12-31");

	/* Ended 2024-03-20: the run for April has nothing to pay (KV-63). */
	iv.end = D("2024-03-20");
	iv.end_reason = BILLING_END_EARLY;
	iv.final_submitted = D("2024-03-25");
	iv.final_due = D("2024-04-03");
	iv.final_last = D("2024-04-03");
	iv.open_from = D("2024-04-01");
	run_one(&f, "2024-04-01", "2024-05-20", &iv);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.n_notices, 0);
	billing_run_release(&f.run);
}

/* ---- CAL-3a: a rate change at a year boundary ------------------------------------- */

static void rate_change_at_year_boundary(void **state)
{
	struct fx f;
	struct billing_intervention iv = iv_make(1, 1, "AMI", "2024-12-20", "2025-06-30");
	struct billing_report r[2] = {rep("2024-12-01", "2025-01-03"),
	                              rep("2025-01-01", "2025-02-04")};
	struct billing_paid p = paid_voucher("2024-12-01", 155040);
	const struct billing_line *l;

	iv.reports = r;
	iv.n_reports = 1; /* January's report is not in yet */
	/* December 2024 at the 2024 rate: days 20..31 = 12; 3 876,00 / 30 x 12 =
	 * 1 550,40 kr. */
	run_one(&f, "2024-12-01", "2025-01-20", &iv);
	l = only_line(&f);
	assert_int_equal(l->amount, 155040);
	assert_int_equal(l->why.rate, 387600);
	assert_string_equal(F(l->why.rate_from), "2024-01-01");
	assert_string_equal(F(l->why.rate_to), "2024-12-31");
	assert_true(has_rule(l, BILLING_R_CAL3A));
	assert_text_has(l, "gäller 2024-01-01–2024-12-31 (KV-70)");
	billing_run_release(&f.run);

	/* January 2025, December paid: the whole month at the 2025 rate,
	 * 3 950,00 kr (CAL-3a: the rate valid in the month concerned). */
	iv.paid = &p;
	iv.n_paid = 1;
	iv.n_reports = 2;
	run_one(&f, "2025-01-01", "2025-02-20", &iv);
	l = only_line(&f);
	assert_int_equal(l->period, D("2025-01-01"));
	assert_int_equal(l->amount, 395000);
	assert_string_equal(F(l->why.rate_from), "2025-01-01");
	assert_int_equal(l->why.rate_to, BILLING_OPEN_END);
	assert_text_has(l, "gäller från 2025-01-01 (KV-70)");
	billing_run_release(&f.run);
}

/* ---- KV-72, KV-32: reports and cut-offs ------------------------------------------- */

static void late_report_moves_payment_to_next_run(void **state)
{
	struct fx f;
	struct billing_intervention iv = iv_make(1, 1, "AMI", "2024-01-01", "2024-12-31");
	struct billing_report r[2] = {rep("2024-03-01", "2024-04-10"),
	                              rep("2024-04-01", "2024-05-06")};

	iv.open_from = D("2024-03-01");
	iv.reports = r;
	iv.n_reports = 1;
	/* March's report came 2024-04-10, after the cut-off 2024-04-08: nothing
	 * is paid in the run for March, 3 876,00 kr is held (KV-72). */
	run_one(&f, "2024-03-01", "2024-04-20", &iv);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.n_notices, 1);
	assert_int_equal(f.run.notices[0].kind, BILLING_HELD);
	assert_int_equal(f.run.notices[0].amount, 387600);
	assert_int_equal(f.run.notices[0].why.status, BILLING_ST_REPORT_LATE);
	assert_false(f.run.notices[0].deficiency);
	assert_text_has(&f.run.notices[0], "efter brytdatum 2024-04-08; betalas i nästa körning");
	billing_run_release(&f.run);

	/* The run for April pays March (released) and April: 2 x 3 876,00 =
	 * 7 752,00 kr; 2024-04-10 <= April's cut-off 2024-05-07. */
	iv.n_reports = 2;
	run_one(&f, "2024-04-01", "2024-05-20", &iv);
	assert_int_equal(f.run.n_lines, 2);
	assert_int_equal(f.run.lines[0].kind, BILLING_VOUCHER_RELEASED);
	assert_int_equal(f.run.lines[0].period, D("2024-03-01"));
	assert_int_equal(f.run.lines[0].amount, 387600);
	assert_int_equal(f.run.lines[0].why.status, BILLING_ST_REPORT_LATE);
	assert_string_equal(F(f.run.lines[0].why.cutoff), "2024-04-08");
	assert_text_has(&f.run.lines[0], "efter brytdatum 2024-04-08; betalas i första körningen");
	assert_int_equal(f.run.lines[1].kind, BILLING_VOUCHER);
	assert_int_equal(f.run.lines[1].period, D("2024-04-01"));
	assert_int_equal(f.run.total, 775200);
	assert_int_equal(f.run.n_notices, 0);
	billing_run_release(&f.run);
}

static void missing_report_is_held(void **state)
{
	struct fx f;
	struct billing_intervention iv = iv_make(1, 1, "AMI", "2024-01-01", "2024-12-31");

	iv.open_from = D("2024-03-01");
	run_one(&f, "2024-03-01", "2024-04-20", &iv);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.n_notices, 1);
	assert_int_equal(f.run.notices[0].why.status, BILLING_ST_REPORT_MISSING);
	assert_text_has(&f.run.notices[0], "har inte kommit in senast brytdatum 2024-04-08");
	billing_run_release(&f.run);
}

static void returned_report_approved_before_15th_is_paid(void **state)
{
	struct fx f;
	const struct billing_line *l;
	struct billing_intervention iv = iv_make(1, 1, "AMI", "2024-01-01", "2024-12-31");
	struct billing_report r = rep("2024-03-01", "2024-04-03");

	/* Submitted 04-03, returned, resubmitted 04-11 (by the 12th, a Friday),
	 * approved 04-14: paid in March's run (KV-32, KV-72). */
	r.returned = true;
	r.resubmitted = D("2024-04-11");
	r.approved = D("2024-04-14");
	iv.open_from = D("2024-03-01");
	iv.reports = &r;
	iv.n_reports = 1;
	run_one(&f, "2024-03-01", "2024-04-20", &iv);
	l = only_line(&f);
	assert_int_equal(l->kind, BILLING_VOUCHER);
	assert_int_equal(l->amount, 387600);
	assert_int_equal(l->why.status, BILLING_ST_REPORT_RESUBMITTED);
	assert_true(has_rule(l, BILLING_R_KV32));
	assert_text_has(l, "kom in igen 2024-04-11, senast 2024-04-12");
	assert_text_has(l, "Godkänd 2024-04-14.");
	billing_run_release(&f.run);

	/* Resubmitted on the 12th itself: still in time. */
	r.resubmitted = D("2024-04-12");
	r.approved = NONE;
	run_one(&f, "2024-03-01", "2024-04-20", &iv);
	assert_int_equal(only_line(&f)->amount, 387600);
	billing_run_release(&f.run);

	/* Approved only after the 15th: the municipality's review never holds
	 * a payment (KV-72). */
	r.approved = D("2024-04-19");
	run_one(&f, "2024-03-01", "2024-04-20", &iv);
	assert_int_equal(only_line(&f)->amount, 387600);
	billing_run_release(&f.run);
}

static void returned_report_not_resubmitted_by_12th_is_held(void **state)
{
	struct fx f;
	struct billing_intervention iv = iv_make(1, 1, "AMI", "2024-01-01", "2024-12-31");
	struct billing_report r[2] = {rep("2024-03-01", "2024-04-03"),
	                              rep("2024-04-01", "2024-05-06")};

	r[0].returned = true;
	r[0].resubmitted = D("2024-04-15"); /* after the 12th */
	iv.open_from = D("2024-03-01");
	iv.reports = r;
	iv.n_reports = 1;
	run_one(&f, "2024-03-01", "2024-04-20", &iv);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.n_notices, 1);
	assert_int_equal(f.run.notices[0].why.status, BILLING_ST_REPORT_RETURNED);
	assert_text_has(&f.run.notices[0], "kom inte in igen senast 2024-04-12");
	billing_run_release(&f.run);

	/* April's run: 04-15 <= April's resubmission deadline 05-13: March is
	 * released, 3 876,00 + April 3 876,00 = 7 752,00 kr. */
	iv.n_reports = 2;
	run_one(&f, "2024-04-01", "2024-05-20", &iv);
	assert_int_equal(f.run.n_lines, 2);
	assert_int_equal(f.run.lines[0].kind, BILLING_VOUCHER_RELEASED);
	assert_int_equal(f.run.lines[0].why.status, BILLING_ST_REPORT_RESUBMITTED_LATE);
	assert_int_equal(f.run.total, 775200);
	billing_run_release(&f.run);

	/* Never resubmitted: still held in April's run. */
	r[0].resubmitted = NONE;
	run_one(&f, "2024-04-01", "2024-05-20", &iv);
	assert_int_equal(f.run.n_lines, 1);
	assert_int_equal(f.run.lines[0].period, D("2024-04-01"));
	assert_int_equal(f.run.n_notices, 1);
	assert_int_equal(f.run.notices[0].period, D("2024-03-01"));
	assert_int_equal(f.run.notices[0].why.status, BILLING_ST_REPORT_RETURNED);
	billing_run_release(&f.run);
}

/* ---- KV-62: two weeks after an abort ---------------------------------------------- */

static void abort_two_weeks_span_month_end(void **state)
{
	struct fx f;
	struct billing_intervention iv = iv_make(1, 1, "AMI", "2024-01-01", "2024-12-31");
	struct billing_paid p[2] = {paid_voucher("2024-03-01", 323000),
	                            {BILLING_BASIS_ABORT, D("2024-03-01"), 0, 64600}};
	const struct billing_line *l;

	/* Aborted 2024-03-25 outside the provider's control: paid as if it ran
	 * 14 more days, to 2024-04-08 (KV-62). */
	iv.end = D("2024-03-25");
	iv.end_reason = BILLING_END_ABORTED;
	iv.final_due = D("2024-04-08");
	iv.final_last = D("2024-04-08");
	iv.final_submitted = D("2024-04-05");
	iv.open_from = D("2024-03-01");
	run_one(&f, "2024-03-01", "2024-04-20", &iv);
	assert_int_equal(f.run.n_lines, 2);
	/* March as it ran: days 1..25; 129,20 x 25 = 3 230,00 kr. */
	l = &f.run.lines[0];
	assert_int_equal(l->kind, BILLING_VOUCHER);
	assert_int_equal(l->amount, 323000);
	assert_int_equal(l->why.status, BILLING_ST_FINAL_ON_TIME);
	/* March as if it ran to 04-08 is a whole month, 3 876,00; less 3 230,00
	 * = 646,00 kr for the 6 days 26..31 (a 31-day month pays 30 days). */
	l = &f.run.lines[1];
	assert_int_equal(l->kind, BILLING_ABORT);
	assert_int_equal(l->amount, 64600);
	assert_int_equal(l->why.days, 6);
	assert_int_equal(l->why.as_if, 387600);
	assert_int_equal(l->why.ran, 323000);
	assert_string_equal(F(l->why.from), "2024-03-26");
	assert_string_equal(F(l->why.to), "2024-03-31");
	assert_true(has_rule(l, BILLING_R_KV62));
	assert_text_has(l, "hel månad 3 876,00 kr − 3 230,00 kr för 25 insatsdagar = 646,00 kr");
	assert_int_equal(f.run.total, 387600);
	billing_run_release(&f.run);

	/* April, March paid: days 1..8; 129,20 x 8 = 1 033,60 kr. In all
	 * 3 230,00 + 646,00 + 1 033,60 = 4 909,60 = March whole + 8 April days. */
	iv.paid = p;
	iv.n_paid = 2;
	run_one(&f, "2024-04-01", "2024-05-20", &iv);
	l = only_line(&f);
	assert_int_equal(l->kind, BILLING_ABORT);
	assert_int_equal(l->period, D("2024-04-01"));
	assert_int_equal(l->amount, 103360);
	assert_int_equal(l->why.days, 8);
	assert_int_equal(l->why.ran, 0);
	assert_text_has(l, "3 876,00 kr / 30 × 8 dagar = 1 033,60 kr (KV-71)");
	billing_run_release(&f.run);

	/* An early end by decision (KV-61) gets no extra days. */
	iv.end_reason = BILLING_END_EARLY;
	iv.n_paid = 0;
	run_one(&f, "2024-03-01", "2024-04-20", &iv);
	assert_int_equal(only_line(&f)->amount, 323000);
	billing_run_release(&f.run);
}

/* ---- KV-63: the final report ------------------------------------------------------- */

static struct billing_intervention completed_may(const char *final_submitted)
{
	struct billing_intervention iv = iv_make(1, 1, "AMI", "2024-01-01", "2024-05-17");

	/* Completed 2024-05-17 (KV-60): deadline the planned end, last day 14
	 * days after the end, 2024-05-31 (a Friday, CAL-4 keeps it). */
	iv.end = D("2024-05-17");
	iv.end_reason = BILLING_END_COMPLETED;
	iv.final_due = D("2024-05-17");
	iv.final_last = D("2024-05-31");
	iv.final_submitted = final_submitted ? D(final_submitted) : NONE;
	iv.open_from = D("2024-05-01");
	return iv;
}

static void late_final_report_within_14_days(void **state)
{
	struct fx f;
	struct billing_intervention iv = completed_may("2024-05-24");
	const struct billing_line *l;

	/* May: days 1..17; 129,20 x 17 = 2 196,40 kr. Late (05-24 > 05-17) but
	 * within the 14 days: held in May's run ... */
	run_one(&f, "2024-05-01", "2024-06-20", &iv);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.n_notices, 1);
	assert_int_equal(f.run.notices[0].kind, BILLING_HELD);
	assert_int_equal(f.run.notices[0].amount, 219640);
	assert_int_equal(f.run.notices[0].why.status, BILLING_ST_FINAL_LATE);
	billing_run_release(&f.run);

	/* ... and paid in June's run (KV-63, KV-72). */
	run_one(&f, "2024-06-01", "2024-07-20", &iv);
	l = only_line(&f);
	assert_int_equal(l->kind, BILLING_VOUCHER_RELEASED);
	assert_int_equal(l->period, D("2024-05-01"));
	assert_int_equal(l->amount, 219640);
	assert_int_equal(l->why.status, BILLING_ST_FINAL_LATE);
	assert_text_has(l,
	                "Slutrapporten inkom 2024-05-24, efter 2024-05-17 men senast 2024-05-31");
	billing_run_release(&f.run);

	/* On time (05-16): paid in May's own run. */
	iv = completed_may("2024-05-16");
	run_one(&f, "2024-05-01", "2024-06-20", &iv);
	assert_int_equal(only_line(&f)->amount, 219640);
	assert_int_equal(only_line(&f)->kind, BILLING_VOUCHER);
	billing_run_release(&f.run);
}

static void late_final_report_after_14_days_forfeits(void **state)
{
	struct fx f;
	struct billing_intervention iv = completed_may("2024-06-03");

	/* Submitted 06-03, after the last day 05-31: the last month is never
	 * paid, and that is a provider deficiency (KV-63, KV-53). */
	run_one(&f, "2024-05-01", "2024-06-20", &iv);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.n_notices, 1);
	assert_int_equal(f.run.notices[0].kind, BILLING_FORFEITED);
	assert_true(f.run.notices[0].deficiency);
	assert_int_equal(f.run.notices[0].amount, 219640);
	assert_int_equal(f.run.notices[0].why.status, BILLING_ST_FINAL_MISSED);
	assert_true(has_rule(&f.run.notices[0], BILLING_R_KV53));
	assert_text_has(&f.run.notices[0], "Brist hos anordnaren (KV-53)");
	billing_run_release(&f.run);
	run_one(&f, "2024-06-01", "2024-07-20", &iv);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.notices[0].kind, BILLING_FORFEITED);
	billing_run_release(&f.run);

	/* No final report yet: pending while the 14 days run (today 05-31) ... */
	iv = completed_may(NULL);
	run_one(&f, "2024-05-01", "2024-05-31", &iv);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.notices[0].kind, BILLING_HELD);
	assert_int_equal(f.run.notices[0].why.status, BILLING_ST_FINAL_PENDING);
	billing_run_release(&f.run);
	/* ... forfeited once they are over (today 06-01). */
	run_one(&f, "2024-05-01", "2024-06-01", &iv);
	assert_int_equal(f.run.notices[0].kind, BILLING_FORFEITED);
	billing_run_release(&f.run);
}

/* ---- KV-50: an extension ------------------------------------------------------------ */

static void extension_months_are_paid_like_others(void **state)
{
	struct fx f;
	struct sv_error e = SV_ERROR_INIT;
	struct billing_intervention iv = iv_make(1, 1, "AMI", "2024-01-15", "2024-04-14");
	struct billing_report r = rep("2024-04-01", "2024-05-03");
	struct billing_paid p = paid_voucher("2024-04-01", 387600);
	const struct billing_line *l;

	/* Planned to 2024-04-14, extended one month to 2024-05-14 (KV-50). */
	iv.extended_end = D("2024-05-14");
	iv.open_from = D("2024-04-01");
	iv.reports = &r;
	iv.n_reports = 1;
	/* April: a whole month, 3 876,00 kr; days 15..30 lie in the extension. */
	run_one(&f, "2024-04-01", "2024-05-20", &iv);
	l = only_line(&f);
	assert_int_equal(l->amount, 387600);
	assert_true(l->why.extension);
	assert_true(has_rule(l, BILLING_R_KV50));
	assert_text_has(l, "Förlängningsmånad (KV-50)");
	billing_run_release(&f.run);

	/* May: completed on the extended end 2024-05-14; days 1..14; 129,20 x
	 * 14 = 1 808,80 kr. */
	iv.end = D("2024-05-14");
	iv.end_reason = BILLING_END_COMPLETED;
	iv.final_submitted = D("2024-05-13");
	iv.final_due = D("2024-05-14");
	iv.final_last = D("2024-05-28");
	iv.paid = &p;
	iv.n_paid = 1;
	run_one(&f, "2024-05-01", "2024-06-20", &iv);
	l = only_line(&f);
	assert_int_equal(l->amount, 180880);
	assert_true(l->why.extension);
	billing_run_release(&f.run);

	/* Two months is the most (KV-50): 2024-06-14 is accepted, 06-15 not. */
	iv.end = NONE;
	iv.end_reason = BILLING_END_NONE;
	iv.final_submitted = iv.final_due = iv.final_last = NONE;
	iv.extended_end = D("2024-06-15");
	fx_begin(&f, "2024-05-01", "2024-06-20");
	assert_rc(billing_run_add(&f.run, &iv, &e), SV_EINVAL);
	assert_string_equal(e.field, "extended_end");
	assert_string_equal(e.rule, "KV-50");
	billing_run_release(&f.run);
	iv.extended_end = D("2024-06-14");
	fx_begin(&f, "2024-05-01", "2024-06-20");
	add_ok(&f.run, &iv);
	billing_run_release(&f.run);

	/* An end after the planned end without an extension. */
	sv_error_clear(&e);
	iv.extended_end = NONE;
	iv.end = D("2024-04-20");
	iv.end_reason = BILLING_END_EARLY;
	fx_begin(&f, "2024-05-01", "2024-06-20");
	assert_rc(billing_run_add(&f.run, &iv, &e), SV_EINVAL);
	assert_string_equal(e.field, "end");
	assert_string_equal(e.rule, "KV-50");
	billing_run_release(&f.run);
}

/* ---- JP-7: supplementary vouchers ---------------------------------------------------- */

static void supplementary_vouchers(void **state)
{
	struct fx f;
	struct sv_error e = SV_ERROR_INIT;
	struct billing_intervention iv = iv_make(7, 3, "JOBBPENG", "2024-04-01", "2024-08-31");
	struct billing_report r = rep("2024-05-01", "2024-06-03");
	struct billing_supplement s[4] = {{3, 1500000, D("2024-05-20")},
	                                  {1, 500000, D("2024-05-02")},
	                                  {2, 1000000, D("2024-05-14")},
	                                  {4, 500000, D("2024-06-02")}};

	iv.open_from = D("2024-05-01");
	iv.reports = &r;
	iv.n_reports = 1;
	iv.supplements = s;
	iv.n_supplements = 4;
	/* May: the voucher (5 000,00 kr, invented JOBBPENG rate) and the three
	 * supplements decided in May, 5 000 + 10 000 + 15 000 kr (JP-7); the one
	 * decided 06-02 belongs to June's run. Total 35 000,00 kr. */
	run_one(&f, "2024-05-01", "2024-06-20", &iv);
	assert_int_equal(f.run.n_lines, 4);
	assert_int_equal(f.run.lines[0].kind, BILLING_VOUCHER);
	assert_int_equal(f.run.lines[0].amount, 500000);
	assert_int_equal(f.run.lines[1].kind, BILLING_SUPPLEMENT);
	assert_int_equal(f.run.lines[1].ref, 1);
	assert_int_equal(f.run.lines[1].amount, 500000);
	assert_int_equal(f.run.lines[2].ref, 2);
	assert_int_equal(f.run.lines[2].amount, 1000000);
	assert_int_equal(f.run.lines[3].ref, 3);
	assert_int_equal(f.run.lines[3].amount, 1500000);
	assert_true(has_rule(&f.run.lines[3], BILLING_R_JP7));
	assert_text_has(&f.run.lines[2], "beslutad 2024-05-14, 10 000,00 kr (JP-7)");
	assert_int_equal(f.run.total, 3500000);
	assert_int_equal(f.run.n_notices, 0);
	billing_run_release(&f.run);

	/* Re-run of May after it was confirmed: decision 2 corrected from
	 * 10 000 to 15 000 kr gives +5 000,00; decision 9, paid in May, is no
	 * longer in the facts (revoked) and is taken back, -5 000,00 kr. */
	{
		struct billing_paid p[5] = {paid_voucher("2024-05-01", 500000),
		                            {BILLING_BASIS_SUPPLEMENT, D("2024-05-01"), 1, 500000},
		                            {BILLING_BASIS_SUPPLEMENT, D("2024-05-01"), 2, 1000000},
		                            {BILLING_BASIS_SUPPLEMENT, D("2024-05-01"), 3, 1500000},
		                            {BILLING_BASIS_SUPPLEMENT, D("2024-05-01"), 9, 500000}};
		s[2].amount = 1500000;
		iv.paid = p;
		iv.n_paid = 5;
		run_one(&f, "2024-05-01", "2024-06-20", &iv);
		assert_int_equal(f.run.n_lines, 2);
		assert_int_equal(f.run.lines[0].kind, BILLING_ADJUSTMENT);
		assert_int_equal(f.run.lines[0].ref, 2);
		assert_int_equal(f.run.lines[0].amount, 500000);
		assert_int_equal(f.run.lines[1].kind, BILLING_ADJUSTMENT);
		assert_int_equal(f.run.lines[1].ref, 9);
		assert_int_equal(f.run.lines[1].amount, -500000);
		assert_text_has(&f.run.lines[1], "beslutet finns inte längre");
		assert_int_equal(f.run.total, 0);
		billing_run_release(&f.run);
		s[2].amount = 1000000;
		iv.paid = NULL;
		iv.n_paid = 0;
	}

	/* 7 500 kr is not an amount a counsellor may decide; nor is -5 000. */
	s[0].amount = 750000;
	fx_begin(&f, "2024-05-01", "2024-06-20");
	assert_rc(billing_run_add(&f.run, &iv, &e), SV_EINVAL);
	assert_string_equal(e.field, "supplements[0].amount");
	assert_string_equal(e.rule, "JP-7");
	billing_run_release(&f.run);
	s[0].amount = -500000;
	sv_error_clear(&e);
	fx_begin(&f, "2024-05-01", "2024-06-20");
	assert_rc(billing_run_add(&f.run, &iv, &e), SV_EINVAL);
	assert_string_equal(e.field, "supplements[0].amount");
	billing_run_release(&f.run);
}

/* ---- JP-8: the bonus --------------------------------------------------------------- */

static struct billing_intervention self_sufficient(struct billing_bonus *b)
{
	struct billing_intervention iv = iv_make(9, 4, "JOBBPENG", "2023-11-01", "2024-03-31");

	iv.end = D("2024-02-29");
	iv.end_reason = BILLING_END_SELF_SUFFICIENT;
	iv.open_from = D("2024-09-01");
	iv.bonus = b;
	return iv;
}

static void bonus_at_exactly_six_months(void **state)
{
	struct fx f;
	struct billing_bonus b = {2000000, D("2024-08-31"), D("2024-09-03")};
	struct billing_intervention iv = self_sufficient(&b);
	const struct billing_line *l;

	/* Ended 2024-02-29 for self-sufficiency; six months from the day after,
	 * 2024-03-01, are complete through 2024-08-31 (JP-8). Proven through
	 * 08-31, recorded 09-03: 20 000,00 kr in September's run. */
	run_one(&f, "2024-09-01", "2024-10-20", &iv);
	l = only_line(&f);
	assert_int_equal(l->kind, BILLING_BONUS);
	assert_int_equal(l->amount, 2000000);
	assert_int_equal(l->why.status, BILLING_ST_BONUS_PROVEN);
	assert_string_equal(F(l->why.sufficient_from), "2024-03-01");
	assert_string_equal(F(l->why.six_months_through), "2024-08-31");
	assert_true(has_rule(l, BILLING_R_JP8));
	assert_text_has(l, "egen försörjning från 2024-03-01, sex månader till och med 2024-08-31");
	billing_run_release(&f.run);

	/* Recorded in September: nothing in August's run. */
	iv.open_from = D("2024-08-01");
	run_one(&f, "2024-08-01", "2024-10-20", &iv);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.n_notices, 0);
	billing_run_release(&f.run);
}

static void bonus_one_day_short_is_not_due(void **state)
{
	struct fx f;
	struct sv_error e = SV_ERROR_INIT;
	struct billing_bonus b = {2000000, D("2024-08-30"), D("2024-09-03")};
	struct billing_intervention iv = self_sufficient(&b);

	/* Proven through 2024-08-30: one day short of six months (JP-8). */
	run_one(&f, "2024-09-01", "2024-10-20", &iv);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.n_notices, 1);
	assert_int_equal(f.run.notices[0].kind, BILLING_HELD);
	assert_int_equal(f.run.notices[0].why.status, BILLING_ST_BONUS_SHORT);
	billing_run_release(&f.run);

	/* No proof recorded yet. */
	b.proven_through = NONE;
	b.proof_recorded = NONE;
	run_one(&f, "2024-09-01", "2024-10-20", &iv);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.notices[0].why.status, BILLING_ST_BONUS_NO_PROOF);
	billing_run_release(&f.run);

	/* A bonus needs an end for self-sufficiency; a negative bonus is refused. */
	iv.end_reason = BILLING_END_EARLY;
	fx_begin(&f, "2024-09-01", "2024-10-20");
	assert_rc(billing_run_add(&f.run, &iv, &e), SV_EINVAL);
	assert_string_equal(e.field, "bonus");
	assert_string_equal(e.rule, "JP-8");
	billing_run_release(&f.run);
	iv.end_reason = BILLING_END_SELF_SUFFICIENT;
	b.amount = -1;
	sv_error_clear(&e);
	fx_begin(&f, "2024-09-01", "2024-10-20");
	assert_rc(billing_run_add(&f.run, &iv, &e), SV_EINVAL);
	assert_string_equal(e.field, "bonus.amount");
	assert_string_equal(e.rule, "JP-8");
	billing_run_release(&f.run);
}

/* ---- re-runs: adjustments, never a rewrite ------------------------------------------ */

static void rerun_after_retroactive_end_gives_one_adjustment(void **state)
{
	struct fx f;
	struct billing_intervention iv = iv_make(1, 1, "AMI", "2024-01-01", "2024-12-31");
	struct billing_report r[3] = {rep("2024-01-01", "2024-02-05"),
	                              rep("2024-02-01", "2024-03-05"),
	                              rep("2024-03-01", "2024-04-03")};
	struct billing_paid p[4] = {paid_voucher("2024-01-01", 387600),
	                            paid_voucher("2024-02-01", 387600),
	                            paid_voucher("2024-03-01", 387600)};
	const struct billing_line *l;

	iv.reports = r;
	iv.n_reports = 3;
	iv.paid = p;
	iv.n_paid = 3;
	/* The confirmed run for March paid it whole; re-running it unchanged
	 * yields nothing. */
	run_one(&f, "2024-03-01", "2024-04-20", &iv);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.n_notices, 0);
	billing_run_release(&f.run);

	/* Decided 2024-04-02: the intervention ended 2024-03-20. March is now
	 * worth days 1..20, 129,20 x 20 = 2 584,00; paid 3 876,00; one line of
	 * -1 292,00 kr. January and February are unchanged. */
	iv.end = D("2024-03-20");
	iv.end_reason = BILLING_END_EARLY;
	iv.final_due = D("2024-04-16");
	iv.final_last = D("2024-04-16");
	run_one(&f, "2024-03-01", "2024-04-20", &iv);
	l = only_line(&f);
	assert_int_equal(l->kind, BILLING_ADJUSTMENT);
	assert_int_equal(l->basis, BILLING_BASIS_VOUCHER);
	assert_int_equal(l->period, D("2024-03-01"));
	assert_int_equal(l->amount, -129200);
	assert_int_equal(l->why.entitled, 258400);
	assert_int_equal(l->why.paid_before, 387600);
	assert_int_equal(f.run.total, -129200);
	assert_int_equal(f.run.n_notices, 0);
	assert_text_has(l, "Tidigare utbetalt 3 876,00 kr; justering -1 292,00 kr.");
	billing_run_release(&f.run);

	/* With the adjustment confirmed and passed back: nothing more. */
	p[3] = paid_voucher("2024-03-01", -129200);
	iv.n_paid = 4;
	run_one(&f, "2024-03-01", "2024-04-20", &iv);
	assert_int_equal(f.run.n_lines, 0);
	billing_run_release(&f.run);

	/* A month paid after the new end is taken back whole: April paid
	 * 3 876,00, worth nothing now. */
	p[3] = paid_voucher("2024-04-01", 387600);
	p[2] = paid_voucher("2024-03-01", 258400);
	run_one(&f, "2024-04-01", "2024-05-20", &iv);
	l = only_line(&f);
	assert_int_equal(l->kind, BILLING_ADJUSTMENT);
	assert_int_equal(l->period, D("2024-04-01"));
	assert_int_equal(l->amount, -387600);
	assert_int_equal(l->why.days, 0);
	assert_text_has(l, "inga insatsdagar i 2024-04");
	billing_run_release(&f.run);
}

/* ---- successive runs: every month paid exactly once --------------------------------- */

static sv_date as_of(sv_date d, sv_date today)
{
	return d != NONE && d <= today ? d : NONE;
}

static void successive_runs_pay_each_month_once(void **state)
{
	static const char *const months[] = {"2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01",
	                                     "2024-05-01", "2024-06-01", "2024-07-01"};
	/* Per run, hand-computed below. */
	static const sv_money expect[] = {219640, 0, 387600, 775200, 387600, 38760, 0};
	struct billing_report all[4] = {
	        rep("2024-01-01", "2024-02-05"), rep("2024-02-01", "2024-03-12"),
	        rep("2024-03-01", "2024-04-03"), rep("2024-04-01", "2024-05-06")};
	struct billing_paid paid[32];
	size_t n_paid = 0;
	sv_money sum = 0;

	/* AMI from 2024-01-15, aborted 2024-05-20 (KV-62: paid to 06-03), final
	 * report 2024-05-30 by its deadline 06-03. March's report is returned
	 * and resubmitted 04-20, after the 12th.
	 *   Jan: 17 days, 129,20 x 17 = 2 196,40, report on time: run Jan.
	 *   Feb: 3 876,00, report 03-12 after the cut-off 03-07: run Mar.
	 *   Mar: 3 876,00, resubmitted 04-20 > 04-12: held, run Apr (<= 05-13).
	 *   Apr: 3 876,00, report 05-06 <= 05-07: run Apr.
	 *   May: 20 days, 2 584,00, plus KV-62 (whole month as if) 3 876,00 -
	 *        2 584,00 = 1 292,00: run May.
	 *   Jun: KV-62 days 1..3, 129,20 x 3 = 387,60: run Jun.
	 * In all 18 088,00 kr = 2 196,40 + 4 x 3 876,00 + 387,60, what the
	 * intervention would pay had it run to 06-03. */
	all[2].returned = true;
	all[2].resubmitted = D("2024-04-20");
	for (size_t r = 0; r < sizeof(months) / sizeof(months[0]); r++) {
		struct fx f;
		struct billing_report reps[4];
		struct billing_intervention iv = iv_make(1, 1, "AMI", "2024-01-15", "2024-12-31");
		sv_date today = date_add_months(D(months[r]), 1) + 19; /* the 20th of M+1 */
		size_t n = 0;

		for (size_t i = 0; i < 4; i++) {
			if (as_of(all[i].submitted, today) == NONE)
				continue;
			reps[n] = all[i];
			reps[n].resubmitted = as_of(all[i].resubmitted, today);
			n++;
		}
		iv.reports = reps;
		iv.n_reports = n;
		iv.end = D("2024-05-20");
		iv.end_reason = BILLING_END_ABORTED;
		iv.final_due = iv.final_last = D("2024-06-03");
		iv.final_submitted = as_of(D("2024-05-30"), today);
		iv.paid = paid;
		iv.n_paid = n_paid;
		fx_begin(&f, months[r], F(today));
		add_ok(&f.run, &iv);
		assert_ok(billing_run_finish(&f.run, NULL));
		assert_int_equal(f.run.total, expect[r]);
		for (size_t i = 0; i < f.run.n_lines; i++) {
			const struct billing_line *l = &f.run.lines[i];
			assert_true(l->kind != BILLING_ADJUSTMENT);
			assert_true(n_paid < 32);
			paid[n_paid++] =
			        (struct billing_paid){l->basis, l->period, l->ref, l->amount};
		}
		sum += f.run.total;
		billing_run_release(&f.run);
	}
	assert_int_equal(sum, 1808800);
	assert_int_equal(n_paid, 7); /* 5 vouchers, 2 abort months */
}

/* ---- KV-74: parallel interventions and a switch, totals ----------------------------- */

static void switch_and_parallel_each_paid_for_own_days(void **state)
{
	struct fx f;
	struct billing_intervention iv[3];
	struct billing_report rb = rep("2024-06-01", "2024-07-03");
	struct billing_report rc = rep("2024-06-01", "2024-07-04");

	/* A: provider 1 until the switch, 2024-06-14 (14 June days, 129,20 x 14
	 * = 1 808,80). B: provider 2 from 2024-06-15 (16 days, 129,20 x 16 =
	 * 2 067,20). Together 3 876,00: one month, each its own days (KV-74). */
	iv[0] = iv_make(10, 1, "AMI", "2024-01-01", "2024-12-31");
	iv[0].end = D("2024-06-14");
	iv[0].end_reason = BILLING_END_EARLY;
	iv[0].final_submitted = D("2024-06-20");
	iv[0].final_due = D("2024-06-28");
	iv[0].final_last = D("2024-06-28");
	iv[0].open_from = D("2024-06-01");
	iv[1] = iv_make(11, 2, "AMI", "2024-06-15", "2024-12-31");
	iv[1].reports = &rb;
	iv[1].n_reports = 1;
	/* C: a parallel ISA intervention at provider 1, all of June: 6 324,00. */
	iv[2] = iv_make(12, 1, "ISA", "2024-06-01", "2024-12-31");
	iv[2].reports = &rc;
	iv[2].n_reports = 1;

	fx_begin(&f, "2024-06-01", "2024-07-20");
	/* Added out of order: the result is ordered by provider, intervention. */
	add_ok(&f.run, &iv[1]);
	add_ok(&f.run, &iv[2]);
	add_ok(&f.run, &iv[0]);
	assert_ok(billing_run_finish(&f.run, NULL));
	assert_int_equal(f.run.n_lines, 3);
	assert_int_equal(f.run.lines[0].intervention_id, 10);
	assert_int_equal(f.run.lines[0].amount, 180880);
	assert_int_equal(f.run.lines[1].intervention_id, 12);
	assert_int_equal(f.run.lines[1].amount, 632400);
	assert_int_equal(f.run.lines[2].intervention_id, 11);
	assert_int_equal(f.run.lines[2].amount, 206720);
	assert_int_equal(f.run.lines[0].amount + f.run.lines[2].amount, 387600);
	/* Totals: provider 1, 1 808,80 + 6 324,00 = 8 132,80; provider 2,
	 * 2 067,20; the run 10 200,00 kr. */
	assert_int_equal(f.run.n_totals, 2);
	assert_int_equal(f.run.totals[0].provider_id, 1);
	assert_int_equal(f.run.totals[0].amount, 813280);
	assert_int_equal(f.run.totals[0].first, 0);
	assert_int_equal(f.run.totals[0].n_lines, 2);
	assert_int_equal(f.run.totals[1].provider_id, 2);
	assert_int_equal(f.run.totals[1].amount, 206720);
	assert_int_equal(f.run.totals[1].first, 2);
	assert_int_equal(f.run.total, 1020000);
	billing_run_release(&f.run);
}

/* Many interventions in two orders: identical lines, and lines sum to totals. */
static char *run_json(struct billing_intervention *ivs, const size_t *order, size_t n,
                      sv_money *total)
{
	struct fx f;
	struct buf out = BUF_INIT;

	fx_begin(&f, "2024-06-01", "2024-07-20");
	for (size_t i = 0; i < n; i++)
		add_ok(&f.run, &ivs[order[i]]);
	assert_ok(billing_run_finish(&f.run, NULL));
	for (size_t t = 0; t < f.run.n_totals; t++) {
		const struct billing_total *tt = &f.run.totals[t];
		sv_money sum = 0;
		for (size_t i = tt->first; i < tt->first + tt->n_lines; i++) {
			assert_int_equal(f.run.lines[i].provider_id, tt->provider_id);
			sum += f.run.lines[i].amount;
		}
		assert_int_equal(sum, tt->amount);
	}
	for (size_t i = 0; i < f.run.n_lines; i++) {
		json_t *j = billing_line_json(&f.run.lines[i]);
		char *s;
		assert_non_null(j);
		s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
		assert_non_null(s);
		assert_ok(buf_adds(&out, s));
		assert_ok(buf_addc(&out, '\n'));
		free(s);
		json_decref(j);
	}
	*total = f.run.total;
	billing_run_release(&f.run);
	return buf_take(&out, NULL);
}

static void lines_sum_to_totals_and_are_deterministic(void **state)
{
	enum { N = 60 };
	struct billing_intervention ivs[N];
	struct billing_report reps[N];
	size_t fwd[N], rev[N];
	sv_money t1, t2, expect = 0;
	char *a, *b;

	for (size_t i = 0; i < N; i++) {
		/* Starts 2024-06-01 .. 2024-06-30 (cycling): days 30 - k + 1, each
		 * 3 876,00 / 30 x days, rounded; the whole month pays 3 876,00. */
		int k = (int)(i % 30);
		ivs[i] = iv_make((int64_t)(100 + i), (int64_t)(1 + i % 7), "AMI", "2024-06-01",
		                 "2024-12-31");
		ivs[i].start += k;
		reps[i] = rep("2024-06-01", "2024-07-02");
		ivs[i].reports = &reps[i];
		ivs[i].n_reports = 1;
		expect += k == 0 ? 387600 : (387600 * (30 - k) + 15) / 30;
		fwd[i] = i;
		rev[i] = N - 1 - i;
	}
	a = run_json(ivs, fwd, N, &t1);
	b = run_json(ivs, rev, N, &t2);
	assert_string_equal(a, b);
	assert_int_equal(t1, expect);
	assert_int_equal(t2, expect);
	free(a);
	free(b);
}

/* ---- bad input never yields lines ----------------------------------------------------- */

static void expect_rejected(struct billing_intervention *iv, const char *field, const char *rule)
{
	struct fx f;
	struct sv_error e = SV_ERROR_INIT;
	struct billing_intervention good = iv_make(99, 1, "AMI", "2024-01-01", "2024-12-31");
	struct billing_report r = rep("2024-03-01", "2024-04-03");

	good.open_from = D("2024-03-01");
	good.reports = &r;
	good.n_reports = 1;
	fx_begin(&f, "2024-03-01", "2024-04-20");
	add_ok(&f.run, &good);
	assert_rc(billing_run_add(&f.run, iv, &e), SV_EINVAL);
	assert_string_equal(e.field, field);
	assert_string_equal(e.rule, rule);
	assert_non_null(strstr(e.msg, "intervention "));
	/* The good intervention's line is not handed out either. */
	sv_error_clear(&e);
	assert_rc(billing_run_finish(&f.run, &e), SV_EINVAL);
	assert_int_equal(f.run.n_lines, 0);
	assert_int_equal(f.run.n_totals, 0);
	assert_int_equal(f.run.total, 0);
	billing_run_release(&f.run);
}

static void bad_input_is_rejected_with_field_and_rule(void **state)
{
	struct billing_intervention iv;
	struct billing_report r[2];
	struct billing_paid p;

	iv = iv_make(5, 1, "AMI", "2024-03-10", "2024-12-31");
	iv.end = D("2024-03-01");
	iv.end_reason = BILLING_END_EARLY;
	expect_rejected(&iv, "end", "KV-52"); /* end before start */

	iv = iv_make(5, 1, "AMI", "2024-03-10", "2024-12-31");
	iv.end = D("2024-03-20");
	iv.end_reason = (enum billing_end_reason)42;
	expect_rejected(&iv, "end_reason", "KV-52"); /* unknown reason */

	iv = iv_make(5, 1, "AMI", "2024-03-10", "2024-12-31");
	iv.end = D("2024-03-20");
	expect_rejected(&iv, "end", "KV-52"); /* an end date without a reason */

	iv = iv_make(5, 1, "AMI", "2024-03-10", "2024-03-01");
	expect_rejected(&iv, "planned_end", "KV-1");

	iv = iv_make(5, 1, "XYZ", "2024-03-10", "2024-12-31");
	expect_rejected(&iv, "scheme", "KV-70");

	iv = iv_make(5, 1, "AMI", "2024-01-01", "2024-12-31");
	iv.end = D("2024-03-20");
	iv.end_reason = BILLING_END_COMPLETED;
	expect_rejected(&iv, "end", "KV-60"); /* completed before its planned end */

	iv = iv_make(5, 1, "AMI", "2024-01-01", "2024-12-31");
	iv.end = D("2024-03-20");
	iv.end_reason = BILLING_END_EARLY;
	expect_rejected(&iv, "final_due", "KV-63"); /* the last month needs the deadline */

	iv = iv_make(5, 1, "AMI", "2024-01-01", "2024-12-31");
	r[0] = rep("2024-03-01", "2024-04-03");
	r[1] = rep("2024-02-01", "2024-03-03");
	iv.reports = r;
	iv.n_reports = 2;
	expect_rejected(&iv, "reports[1].month", "KV-32");

	iv = iv_make(5, 1, "AMI", "2024-01-01", "2024-12-31");
	r[0] = rep("2024-03-01", "2024-04-03");
	r[0].resubmitted = D("2024-04-05"); /* never returned */
	iv.reports = r;
	iv.n_reports = 1;
	expect_rejected(&iv, "reports[0].resubmitted", "KV-32");

	iv = iv_make(5, 1, "AMI", "2024-01-01", "2024-12-31");
	r[0] = rep("2024-03-01", "2024-04-25"); /* after today 2024-04-20 */
	iv.reports = r;
	iv.n_reports = 1;
	expect_rejected(&iv, "reports[0].submitted", "KV-32");

	iv = iv_make(5, 1, "AMI", "2024-01-01", "2024-12-31");
	p = paid_voucher("2024-02-15", 1); /* not a month */
	iv.paid = &p;
	iv.n_paid = 1;
	expect_rejected(&iv, "paid[0].period", "CAL-1");

	iv = iv_make(0, 1, "AMI", "2024-01-01", "2024-12-31");
	expect_rejected(&iv, "id", "X-4");
}

static void bad_parameters_are_rejected(void **state)
{
	struct fx f;
	struct sv_error e = SV_ERROR_INIT;

	/* A negative rate. */
	fx_setup(&f, "2024-03-01", "2024-04-20");
	f.rates[2].monthly = -100;
	assert_rc(billing_run_begin(&f.run, &f.p, &e), SV_EINVAL);
	assert_string_equal(e.field, "rates[2].monthly");
	assert_string_equal(e.rule, "KV-70");
	billing_run_release(&f.run);

	/* Two AMI rates valid on one day. */
	sv_error_clear(&e);
	fx_setup(&f, "2024-03-01", "2024-04-20");
	f.rates[5].valid_to = D("2024-01-31");
	assert_rc(billing_run_begin(&f.run, &f.p, &e), SV_EINVAL);
	assert_string_equal(e.field, "rates[0].valid_from");
	assert_string_equal(e.rule, "CAL-3a");
	billing_run_release(&f.run);

	/* A rate valid from mid-month. */
	sv_error_clear(&e);
	fx_setup(&f, "2024-03-01", "2024-04-20");
	f.rates[3].valid_from = D("2024-01-15");
	assert_rc(billing_run_begin(&f.run, &f.p, &e), SV_EINVAL);
	assert_string_equal(e.field, "rates[3].valid_from");
	assert_string_equal(e.rule, "CAL-3a");
	billing_run_release(&f.run);

	/* Cut-offs that do not reach the run month. */
	sv_error_clear(&e);
	fx_setup(&f, "2027-03-01", "2027-04-20");
	assert_rc(billing_run_begin(&f.run, &f.p, &e), SV_EINVAL);
	assert_string_equal(e.field, "cutoffs");
	assert_string_equal(e.rule, "KV-72");
	billing_run_release(&f.run);

	/* A run month that is not a first day. */
	sv_error_clear(&e);
	fx_setup(&f, "2024-03-02", "2024-04-20");
	assert_rc(billing_run_begin(&f.run, &f.p, &e), SV_EINVAL);
	assert_string_equal(e.field, "month");
	billing_run_release(&f.run);

	/* A rate missing for a month that has days. */
	sv_error_clear(&e);
	fx_setup(&f, "2024-03-01", "2024-04-20");
	f.p.n_rates = 2; /* AMI 2024 and 2025 only */
	assert_ok(billing_run_begin(&f.run, &f.p, NULL));
	{
		struct billing_intervention iv = iv_make(5, 1, "AMI", "2023-12-01", "2024-12-31");
		assert_rc(billing_run_add(&f.run, &iv, &e), SV_EINVAL);
		assert_string_equal(e.field, "scheme");
		assert_string_equal(e.rule, "KV-70");
		assert_non_null(strstr(e.msg, "2023-12"));
	}
	billing_run_release(&f.run);
}

static void run_states_and_duplicates(void **state)
{
	struct fx f;
	struct sv_error e = SV_ERROR_INIT;
	struct billing_intervention iv = iv_make(5, 1, "AMI", "2024-01-01", "2024-12-31");
	struct billing_intervention other = iv_make(4, 1, "AMI", "2024-01-01", "2024-12-31");

	fx_setup(&f, "2024-03-01", "2024-04-20");
	assert_rc(billing_run_add(&f.run, &iv, NULL), SV_ESTATE);
	assert_rc(billing_run_finish(&f.run, NULL), SV_ESTATE);
	assert_ok(billing_run_begin(&f.run, &f.p, NULL));
	assert_rc(billing_run_begin(&f.run, &f.p, NULL), SV_ESTATE);
	iv.open_from = other.open_from = D("2024-03-01");
	/* Twice in a row: refused at once. */
	add_ok(&f.run, &iv);
	assert_rc(billing_run_add(&f.run, &iv, &e), SV_EINVAL);
	assert_string_equal(e.field, "id");
	assert_non_null(strstr(e.msg, "added twice"));
	assert_rc(billing_run_finish(&f.run, NULL), SV_EINVAL);
	assert_int_equal(f.run.n_notices, 0);
	assert_rc(billing_run_add(&f.run, &iv, NULL), SV_ESTATE);
	billing_run_release(&f.run);

	/* Twice, out of order (5, 4, 5): found when the run is finished. */
	sv_error_clear(&e);
	fx_begin(&f, "2024-03-01", "2024-04-20");
	add_ok(&f.run, &iv);
	add_ok(&f.run, &other);
	add_ok(&f.run, &iv);
	assert_rc(billing_run_finish(&f.run, &e), SV_EINVAL);
	assert_non_null(strstr(e.msg, "intervention 5 added twice"));
	assert_int_equal(f.run.n_lines + f.run.n_notices + f.run.n_totals, 0);
	billing_run_release(&f.run);
}

static void streaming_hands_out_lines_per_intervention(void **state)
{
	struct fx f;
	struct sv_error e = SV_ERROR_INIT;
	struct billing_intervention iv[3];
	struct billing_report r = rep("2024-03-01", "2024-04-03");
	sv_money seen = 0;

	/* Three whole March vouchers, 3 876,00 kr each; providers 1, 1, 2. */
	for (int i = 0; i < 3; i++) {
		iv[i] = iv_make(20 + i, i < 2 ? 1 : 2, "AMI", "2024-01-01", "2024-12-31");
		iv[i].open_from = D("2024-03-01");
		iv[i].reports = &r;
		iv[i].n_reports = 1;
	}
	fx_setup(&f, "2024-03-01", "2024-04-20");
	f.p.stream = true;
	assert_ok(billing_run_begin(&f.run, &f.p, NULL));
	for (int i = 0; i < 3; i++) {
		add_ok(&f.run, &iv[i]);
		assert_int_equal(f.run.n_lines, 1);
		assert_int_equal(f.run.lines[0].intervention_id, 20 + i);
		seen += f.run.lines[0].amount;
	}
	/* Out of order: refused, since the run no longer holds what it would
	 * have to sort. */
	assert_rc(billing_run_add(&f.run, &iv[0], &e), SV_EINVAL);
	assert_string_equal(e.field, "id");
	assert_rc(billing_run_finish(&f.run, NULL), SV_EINVAL);
	billing_run_release(&f.run);

	fx_setup(&f, "2024-03-01", "2024-04-20");
	f.p.stream = true;
	assert_ok(billing_run_begin(&f.run, &f.p, NULL));
	for (int i = 0; i < 3; i++)
		add_ok(&f.run, &iv[i]);
	assert_ok(billing_run_finish(&f.run, NULL));
	/* Provider 1: 2 x 3 876,00 = 7 752,00 from line 0; provider 2:
	 * 3 876,00 from line 2; the run 11 628,00 = what was handed out. */
	assert_int_equal(f.run.n_totals, 2);
	assert_int_equal(f.run.totals[0].amount, 775200);
	assert_int_equal(f.run.totals[0].first, 0);
	assert_int_equal(f.run.totals[0].n_lines, 2);
	assert_int_equal(f.run.totals[1].amount, 387600);
	assert_int_equal(f.run.totals[1].first, 2);
	assert_int_equal(f.run.total, 1162800);
	assert_int_equal(f.run.total, seen);
	assert_int_equal(f.run.n_lines_all, 3);
	billing_run_release(&f.run);
}

/* ---- rendering and names ------------------------------------------------------------- */

static void json_of_a_line(void **state)
{
	struct fx f;
	const struct billing_line *l;
	json_t *j, *x, *rules;
	bool kv71 = false;

	l = voucher_for_month(&f, "2024-03-12", "2024-03-01", "2024-04-03", "2024-04-20");
	j = billing_line_json(l);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "voucher");
	assert_string_equal(json_string_value(json_object_get(j, "basis")), "voucher");
	assert_string_equal(json_string_value(json_object_get(j, "period")), "2024-03");
	assert_string_equal(json_string_value(json_object_get(j, "amount")), "2584.00");
	assert_string_equal(json_string_value(json_object_get(j, "scheme")), "AMI");
	x = json_object_get(j, "explain");
	assert_int_equal(json_integer_value(json_object_get(x, "days")), 20);
	assert_string_equal(json_string_value(json_object_get(x, "rate")), "3876.00");
	assert_string_equal(json_string_value(json_object_get(x, "rate_from")), "2024-01-01");
	assert_string_equal(json_string_value(json_object_get(x, "cutoff")), "2024-04-08");
	assert_string_equal(json_string_value(json_object_get(x, "status")), "report_on_time");
	assert_true(json_is_null(json_object_get(x, "final_due")));
	rules = json_object_get(x, "rules");
	for (size_t i = 0; i < json_array_size(rules); i++)
		kv71 |= strcmp(json_string_value(json_array_get(rules, i)), "KV-71") == 0;
	assert_true(kv71);
	assert_non_null(strstr(json_string_value(json_object_get(j, "text")),
	                       "3 876,00 kr / 30 × 20 dagar = 2 584,00 kr (KV-71)"));
	json_decref(j);
	billing_run_release(&f.run);
}

static void names_round_trip(void **state)
{
	enum billing_end_reason r;
	enum billing_basis b;
	struct sv_error e = SV_ERROR_INIT;

	for (int i = 0; i < BILLING_END_REASON_COUNT; i++) {
		const char *s = billing_end_reason_name((enum billing_end_reason)i);
		assert_ok(billing_end_reason_parse(s, strlen(s), &r, "end_reason", NULL));
		assert_int_equal(r, i);
	}
	for (int i = 0; i < BILLING_BASIS_COUNT; i++) {
		const char *s = billing_basis_name((enum billing_basis)i);
		assert_ok(billing_basis_parse(s, strlen(s), &b, "basis", NULL));
		assert_int_equal(b, i);
	}
	assert_rc(billing_end_reason_parse("finished", 8, &r, "end_reason", &e), SV_EINVAL);
	assert_string_equal(e.field, "end_reason");
	assert_string_equal(e.rule, "KV-52");
	assert_string_equal(billing_end_reason_name((enum billing_end_reason)99), "?");
	assert_string_equal(billing_kind_name(BILLING_VOUCHER_RELEASED), "voucher_released");
	assert_string_equal(billing_status_name(BILLING_ST_FINAL_MISSED), "final_missed");
	assert_string_equal(billing_rule_id(BILLING_R_KV71), "KV-71");
	assert_string_equal(billing_rule_id(BILLING_R_CAL3A), "CAL-3a");
	assert_null(billing_rule_id(BILLING_R_KV71 | BILLING_R_KV72));
	for (int i = 0; i < BILLING_KIND_COUNT; i++)
		assert_string_not_equal(billing_kind_name((enum billing_kind)i), "?");
	for (int i = 0; i < BILLING_STATUS_COUNT; i++)
		assert_string_not_equal(billing_status_name((enum billing_status)i), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(cutoffs_follow_kv32_and_cal4),
	        cmocka_unit_test(partial_first_months_28_29_30_31),
	        cmocka_unit_test(partial_last_months_28_29_30_31),
	        cmocka_unit_test(no_day_after_the_end_is_paid),
	        cmocka_unit_test(rate_change_at_year_boundary),
	        cmocka_unit_test(late_report_moves_payment_to_next_run),
	        cmocka_unit_test(missing_report_is_held),
	        cmocka_unit_test(returned_report_approved_before_15th_is_paid),
	        cmocka_unit_test(returned_report_not_resubmitted_by_12th_is_held),
	        cmocka_unit_test(abort_two_weeks_span_month_end),
	        cmocka_unit_test(late_final_report_within_14_days),
	        cmocka_unit_test(late_final_report_after_14_days_forfeits),
	        cmocka_unit_test(extension_months_are_paid_like_others),
	        cmocka_unit_test(supplementary_vouchers),
	        cmocka_unit_test(bonus_at_exactly_six_months),
	        cmocka_unit_test(bonus_one_day_short_is_not_due),
	        cmocka_unit_test(rerun_after_retroactive_end_gives_one_adjustment),
	        cmocka_unit_test(successive_runs_pay_each_month_once),
	        cmocka_unit_test(switch_and_parallel_each_paid_for_own_days),
	        cmocka_unit_test(lines_sum_to_totals_and_are_deterministic),
	        cmocka_unit_test(bad_input_is_rejected_with_field_and_rule),
	        cmocka_unit_test(bad_parameters_are_rejected),
	        cmocka_unit_test(run_states_and_duplicates),
	        cmocka_unit_test(streaming_hands_out_lines_per_intervention),
	        cmocka_unit_test(json_of_a_line),
	        cmocka_unit_test(names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
