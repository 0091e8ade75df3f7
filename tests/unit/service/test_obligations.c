/*
 * Unit tests for src/service/obligations.c: the deadline engine materialised
 * per intervention (recompute after each event), the inbox, the sweep, facts
 * dated in the future, and timeliness per provider (KV-53). Every due date
 * is worked out by hand from the Kundval pack (rules/se-nacka-kundval-2024.json)
 * on the Swedish working-day calendar (CAL-3, CAL-4).
 */
#include "test.h"

#include "case_fixture.h"
#include "service/casework.h"
#include "service/choice.h"
#include "service/decision.h"
#include "service/obligations.h"

static struct fx F;

static int setup(void **state)
{
	(void)state;
	fx_setup(&F);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_teardown(&F);
	return 0;
}

/* The stored obligation (deadline, seq) of an intervention, or fail. */
static void find(int64_t iv, const char *deadline, int seq, struct store_obligation *out)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_obligation_list l = {0};
	struct store_obligation_filter f = {0};
	struct store_page page = {0, STORE_PAGE_MAX};
	bool found = false;

	f.intervention_id = iv;
	f.due_until = SV_NO_DATE;
	assert_ok(store_obligation_list(F.st, F.tenant, &f, page, &l, &err));
	for (size_t i = 0; i < l.n; i++)
		if (!strcmp(l.v[i].deadline, deadline) && l.v[i].seq == seq) {
			*out = l.v[i];
			memset(&l.v[i], 0, sizeof(l.v[i]));
			found = true;
		}
	store_obligation_list_release(&l);
	if (!found)
		fail_msg("no obligation %s #%d", deadline, seq);
}

static void expect(int64_t iv, const char *deadline, int seq, const char *due, const char *status)
{
	struct store_obligation o = {0};
	char d[SV_DATE_STRLEN];

	find(iv, deadline, seq, &o);
	if (strcmp(date_format(o.due_on, d), due) || strcmp(o.status, status))
		fail_msg("%s #%d: due %s %s, expected %s %s", deadline, seq, d, o.status, due,
		         status);
	store_obligation_release(&o);
}

static bool absent(int64_t iv, const char *deadline)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_obligation_list l = {0};
	struct store_obligation_filter f = {0};
	struct store_page page = {0, STORE_PAGE_MAX};
	bool none = true;

	f.intervention_id = iv;
	f.due_until = SV_NO_DATE;
	assert_ok(store_obligation_list(F.st, F.tenant, &f, page, &l, &err));
	for (size_t i = 0; i < l.n; i++)
		none = none && strcmp(l.v[i].deadline, deadline);
	store_obligation_list_release(&l);
	return none;
}

/* Grant AMI1 on 2024-06-03 and record the choice of Jobbhuset. */
static int64_t granted_ami1(void)
{
	struct sv_error err = SV_ERROR_INIT;
	struct decision_grant g = {0};
	int64_t id = 0;

	fx_day(&F, "2024-06-03");
	fx_as(&F, &F.a_cou);
	g.code = "AMI1";
	g.assessment = "Arbetsförmåga 100 procent, söker arbete inom handel.";
	g.future_plan = "Egen försörjning inom sex månader.";
	g.start_on = SV_NO_DATE;
	assert_ok(decision_grant(&F.s, F.cust, &g, &id, NULL, &err));
	assert_ok(choice_record(&F.s, id, F.prov, false, &err));
	return id;
}

static void start_up_timeline_across_nationaldagen(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct casework_assignment a = {0};
	struct store_obligation o = {0};
	int64_t iv;

	(void)state;
	iv = granted_ami1();
	/* Before the queue nothing is owed. */
	assert_true(absent(iv, "staffing"));

	/* KV-20/KV-21: queued Wednesday 2024-06-05; staffing is due "the same
	 * working day or the next" = 1 working day: Thursday 6 June is
	 * nationaldagen, so Friday 2024-06-07. */
	fx_day(&F, "2024-06-05");
	assert_ok(casework_queue(&F.s, iv, &err));
	expect(iv, "staffing", 0, "2024-06-07", "open");

	/* Staffed on the Friday: met on time. KV-22: the assignment is due the
	 * working day after: Monday 2024-06-10. */
	fx_day(&F, "2024-06-07");
	fx_as(&F, &F.a_pst);
	assert_ok(casework_staff(&F.s, iv, 0, &err));
	expect(iv, "staffing", 0, "2024-06-07", "met_on_time");
	expect(iv, "assignment", 0, "2024-06-10", "open");

	/* Issued Tuesday 2024-06-11, one day late, with start Monday 17 June.
	 * KV-23: start-up meeting within 7 calendar days of the assignment:
	 * 2024-06-18 (Tuesday). KV-24: plan within 14 days of the start:
	 * 2024-07-01 (Monday). AMI1 runs at most 3 months: planned end
	 * 2024-06-17 + 3 months - 1 day = 2024-09-16, the KV-60 due date (never
	 * moved). */
	fx_day(&F, "2024-06-11");
	fx_as(&F, &F.a_cou);
	a.start_on = fx_date("2024-06-17");
	a.brief = "Matchning mot handel; vägledning.";
	assert_ok(casework_assign(&F.s, iv, &a, &err));
	find(iv, "assignment", 0, &o);
	assert_string_equal(o.status, "met_late");
	assert_int_equal(o.days_late, 1);
	store_obligation_release(&o);
	expect(iv, "startup_meeting", 0, "2024-06-18", "open");
	expect(iv, "plan_submission", 0, "2024-07-01", "open");
	expect(iv, "final_report_completed", 0, "2024-09-16", "open");
	/* KV-32: June's report is due 7 July, a Sunday, so Monday 2024-07-08;
	 * its approval by the 15th (a Monday). */
	expect(iv, "monthly_report", 0, "2024-07-08", "open");
	expect(iv, "monthly_report_approval", 0, "2024-07-15", "open");
	/* September is the last month (planned end 16 September): 7 October. */
	expect(iv, "monthly_report", 3, "2024-10-07", "open");
	assert_true(absent(iv, "monthly_report_resubmission"));
}

static void the_sweep_starts_and_marks_missed(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_case c = {0};
	struct store_obligation_list l = {0};
	struct store_page page = {0, 50};
	int64_t marked = -1, woken = -1, started = -1, iv;
	bool startup_seen = false;

	(void)state;
	/* The intervention of the previous test: assigned, start 17 June. */
	iv = 0;
	{
		struct store_intervention_list il = {0};
		struct store_intervention_filter f = {0};
		f.customer_id = F.cust;
		assert_ok(store_intervention_list(F.st, F.tenant, &f, page, &il, &err));
		assert_true(il.n >= 1);
		iv = il.v[il.n - 1].id;
		store_intervention_list_release(&il);
	}
	/* 2024-06-20: the start date has come (KV-24) and the start-up meeting,
	 * due 18 June, was not held: missed. Only the admin runs the sweep. */
	fx_day(&F, "2024-06-20");
	fx_as(&F, &F.a_cou);
	assert_rc(obligations_sweep(&F.s, &marked, &woken, &err), SV_EFORBIDDEN);
	sv_error_clear(&err);
	fx_as(&F, &F.a_adm);
	assert_ok(casework_start_due(&F.s, &started, &err));
	assert_int_equal(started, 1);
	assert_ok(store_case_get(F.st, F.tenant, iv, &c, &err));
	assert_string_equal(c.iv.state, "running");
	store_case_release(&c);
	/* Starting it recomputed the case as of today, so the meeting already
	 * reads missed and the sweep has nothing left to mark. */
	assert_ok(obligations_sweep(&F.s, &marked, &woken, &err));
	assert_int_equal(marked, 0);
	expect(iv, "startup_meeting", 0, "2024-06-18", "missed");

	/* The counsellor's inbox: the provider's missed meeting shows, with two
	 * days late (20 - 18); KV-25 is not owed yet. */
	fx_as(&F, &F.a_cou);
	assert_ok(obligations_inbox(&F.s, NULL, fx_date("2024-06-30"), page, &l, &err));
	for (size_t i = 0; i < l.n; i++)
		if (!strcmp(l.v[i].deadline, "startup_meeting")) {
			startup_seen = true;
			assert_string_equal(l.v[i].status, "missed");
			assert_int_equal(l.v[i].days_late, 2);
			assert_string_equal(l.v[i].actor, "provider");
		}
	assert_true(startup_seen);
	store_obligation_list_release(&l);

	/* The provider's inbox holds the same meeting; another provider's is empty. */
	fx_as(&F, &F.a_pst);
	assert_ok(obligations_inbox(&F.s, NULL, SV_NO_DATE, page, &l, &err));
	assert_true(l.n >= 1);
	store_obligation_list_release(&l);
	fx_as(&F, &F.a_pst2);
	assert_ok(obligations_inbox(&F.s, NULL, SV_NO_DATE, page, &l, &err));
	assert_int_equal(l.n, 0);
	store_obligation_list_release(&l);

	/* Held late on the 20th (recorded the same day): met late by 2 days. */
	fx_as(&F, &F.a_pst);
	assert_ok(casework_startup_meeting(&F.s, iv, fx_date("2024-06-20"), NULL, &err));
	expect(iv, "startup_meeting", 0, "2024-06-18", "met_late");

	/* KV-24/KV-25: the plan sent Friday 2024-06-28 meets KV-24 on time; the
	 * approval is due 5 working days later: 1, 2, 3, 4, 5 July: Friday
	 * 2024-07-05. */
	fx_day(&F, "2024-06-28");
	assert_ok(store_begin(F.st, &err));
	assert_ok(obligations_event(&F.s, F.cust, iv, "plan.submitted", "doc-1", SV_NO_DATE, NULL,
	                            &err));
	assert_ok(obligations_recompute(&F.s, iv, &err));
	assert_ok(store_commit(F.st, &err));
	expect(iv, "plan_submission", 0, "2024-07-01", "met_on_time");
	expect(iv, "plan_approval", 0, "2024-07-05", "open");

	/* June's report submitted Tuesday 9 July: one day after the 8th. */
	fx_day(&F, "2024-07-09");
	assert_ok(store_begin(F.st, &err));
	assert_ok(obligations_event(&F.s, F.cust, iv, "monthly_report.submitted", "2024-06",
	                            SV_NO_DATE, NULL, &err));
	assert_ok(obligations_recompute(&F.s, iv, &err));
	assert_ok(store_commit(F.st, &err));
	expect(iv, "monthly_report", 0, "2024-07-08", "met_late");

	/* KV-32: June's approval is due Monday 15 July; nobody acts, and on the
	 * 16th the sweep marks it missed without an event of the case. */
	fx_day(&F, "2024-07-16");
	fx_as(&F, &F.a_adm);
	assert_ok(obligations_sweep(&F.s, &marked, &woken, &err));
	assert_true(marked >= 1);
	expect(iv, "monthly_report_approval", 0, "2024-07-15", "missed");
	fx_as(&F, &F.a_pst);

	/* A monthly report event without its month is refused (KV-32). */
	assert_rc(obligations_event(&F.s, F.cust, iv, "monthly_report.approved", NULL, SV_NO_DATE,
	                            NULL, &err),
	          SV_EINVAL);
	assert_string_equal(err.field, "key");
	assert_string_equal(err.rule, "KV-32");
	sv_error_clear(&err);
	assert_rc(
	        obligations_event(&F.s, F.cust, iv, "no.such.event", NULL, SV_NO_DATE, NULL, &err),
	        SV_EINVAL);
	sv_error_clear(&err);
}

static void a_fact_dated_later_wakes_the_case(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_page page = {0, 50};
	struct store_intervention_list il = {0};
	struct store_intervention_filter f = {0};
	int64_t iv, marked, woken;

	(void)state;
	f.customer_id = F.cust;
	assert_ok(store_intervention_list(F.st, F.tenant, &f, page, &il, &err));
	iv = il.v[il.n - 1].id;
	store_intervention_list_release(&il);
	/* KV-41: sick from Monday 2024-08-05, reported that day; sick day 8 is
	 * Monday 12 August, from which the certificate is due within 7 days:
	 * 2024-08-19. On the 5th the fact lies ahead: no obligation yet. */
	fx_day(&F, "2024-08-05");
	fx_as(&F, &F.a_pst);
	assert_ok(store_begin(F.st, &err));
	assert_ok(obligations_event(&F.s, F.cust, iv, "sickness.certificate_required", "abs-1",
	                            fx_date("2024-08-12"), NULL, &err));
	assert_ok(obligations_recompute(&F.s, iv, &err));
	assert_ok(store_commit(F.st, &err));
	assert_true(absent(iv, "sick_certificate"));
	/* On the 12th the sweep recomputes the case. */
	fx_day(&F, "2024-08-12");
	fx_as(&F, &F.a_adm);
	assert_ok(obligations_sweep(&F.s, &marked, &woken, &err));
	assert_int_equal(woken, 1);
	expect(iv, "sick_certificate", 0, "2024-08-19", "open");
	/* And not again. */
	assert_ok(obligations_sweep(&F.s, &marked, &woken, &err));
	assert_int_equal(woken, 0);
}

static void timeliness_per_provider(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_timeliness_list t = {0};
	bool meeting = false, staffing = false;

	(void)state;
	fx_day(&F, "2024-08-12");
	fx_as(&F, &F.a_sup);
	assert_ok(obligations_timeliness(&F.s, F.prov, fx_date("2024-01-01"), fx_date("2024-08-12"),
	                                 &t, &err));
	for (size_t i = 0; i < t.n; i++) {
		assert_int_equal(t.v[i].provider_id, F.prov);
		if (!strcmp(t.v[i].deadline, "startup_meeting")) {
			meeting = true;
			assert_int_equal(t.v[i].late, 1);
			assert_int_equal(t.v[i].max_days_late, 2);
		}
		if (!strcmp(t.v[i].deadline, "staffing")) {
			staffing = true;
			assert_int_equal(t.v[i].on_time, 1);
		}
	}
	assert_true(meeting && staffing);
	store_timeliness_list_release(&t);
	/* A provider sees only its own; another provider's id is not found. */
	fx_as(&F, &F.a_pst2);
	assert_rc(obligations_timeliness(&F.s, F.prov, SV_NO_DATE, SV_NO_DATE, &t, &err),
	          SV_ENOTFOUND);
	sv_error_clear(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(start_up_timeline_across_nationaldagen),
	        cmocka_unit_test(the_sweep_starts_and_marks_missed),
	        cmocka_unit_test(a_fact_dated_later_wakes_the_case),
	        cmocka_unit_test(timeliness_per_provider),
	};
	return fx_main(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown);
}
