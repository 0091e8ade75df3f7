/*
 * Plans, monthly reports and final reports through the use cases, on both
 * backends: the document life cycle (KV-24, KV-25, KV-31, KV-32), every
 * illegal transition refused without a change, the "Ej aktuellt" rule
 * (KV-32, KV-32a), report months (KV-32), the final report's window (KV-63)
 * and next step (KV-64), the facts for the deadline engine and X-3.
 */
#include "docs_fixture.h"
#include "service/casework.h"

#include "service/documents.h"

static const struct lc_section plan_sections[] = {
        {"goals", "Arbete inom lager inom tolv månader."},
        {"activities", "Arbetsträning tre dagar i veckan, CV-stöd."},
};

/* All six KV-32a sections of the AMI template, with absence "Ej aktuellt" and a reason. */
static const struct lc_section report_ok[] = {
        {"progression", "Kunden har kommit igång med arbetsträningen."},
        {"adjustments", "Ingen revidering behövs."},
        {"absence", "Ej aktuellt – ingen frånvaro under månaden"},
        {"other_absence", "Ej aktuellt: inga möten med andra myndigheter"},
        {"other_intervention", "Nej."},
        {"deviations", "Inga avvikelser."},
};

static struct documents_content content(const struct lc_section *s, size_t n, const char *body)
{
	struct documents_content c = {s, n, body};
	return c;
}

/* The state and version of a document straight from the store. */
static void expect_doc(int64_t id, const char *state, int version)
{
	struct store_document d = {0};
	struct sv_error e = SV_ERROR_INIT;

	fx_ok(store_doc_get(F.st, F.tenant, id, &d, &e), &e, "doc");
	assert_string_equal(d.state, state);
	assert_int_equal(d.current_version, version);
	store_document_release(&d);
}

static void test_plan_life_cycle(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_document d = {0};
	struct documents_content c = content(plan_sections, 2, NULL);
	struct documents_content empty = content(NULL, 0, NULL);
	char kinds[2048];
	sv_time first;
	int64_t id;

	(void)state;
	FX_NEED();
	fx_at("2024-03-06", 9);
	fx_as(F.pst);
	/* A draft first. */
	fx_ok(documents_save(&F.s, F.iv, LC_DOC_PLAN, SV_NO_DATE, &empty, &d, &e), &e, "save");
	id = d.id;
	assert_string_equal(d.state, "draft");
	assert_int_equal(d.current_version, 1);
	store_document_release(&d);
	/* KV-24: an empty plan cannot be submitted; nothing changes. */
	assert_rc(documents_submit(&F.s, id, NULL, &d, &e), SV_EINVAL);
	assert_string_equal(e.field, "sections");
	assert_string_equal(e.rule, "KV-24");
	expect_doc(id, "draft", 1);
	/* The counsellor cannot approve or return a draft (409). */
	sv_error_clear(&e);
	fx_as(F.cou);
	assert_rc(documents_review(&F.s, id, LC_DA_APPROVE, NULL, &d, &e), SV_ESTATE);
	assert_string_equal(e.field, "state");
	assert_non_null(strstr(e.msg, "approve"));
	assert_non_null(strstr(e.msg, "draft"));
	expect_doc(id, "draft", 1);

	/* Submitted with content on 2024-03-06. */
	sv_error_clear(&e);
	fx_as(F.pst);
	fx_ok(documents_submit(&F.s, id, &c, &d, &e), &e, "submit");
	assert_string_equal(d.state, "submitted");
	first = d.first_submitted_at;
	assert_true(first == F.s.now);
	assert_int_equal(d.nversions, 1);
	assert_int_equal(d.versions[0].nsections, 2);
	store_document_release(&d);
	/* Submitting twice is refused. */
	assert_rc(documents_submit(&F.s, id, NULL, &d, &e), SV_ESTATE);
	assert_non_null(strstr(e.msg, "submitted"));
	/* The provider cannot review (no right): 403. */
	sv_error_clear(&e);
	assert_rc(documents_review(&F.s, id, LC_DA_APPROVE, NULL, &d, &e), SV_EFORBIDDEN);

	/* KV-25: a return needs a comment. */
	sv_error_clear(&e);
	fx_as(F.cou);
	fx_at("2024-03-08", 9);
	assert_rc(documents_review(&F.s, id, LC_DA_RETURN, "   ", &d, &e), SV_EINVAL);
	assert_string_equal(e.field, "comment");
	expect_doc(id, "submitted", 1);
	sv_error_clear(&e);
	fx_ok(documents_review(&F.s, id, LC_DA_RETURN, "Delmål saknas.", &d, &e), &e, "return");
	assert_string_equal(d.state, "returned");
	assert_int_equal(d.nreviews, 1);
	assert_string_equal(d.reviews[0].decision, "returned");
	assert_string_equal(d.reviews[0].comment, "Delmål saknas.");
	store_document_release(&d);
	/* Approving a returned plan is refused. */
	assert_rc(documents_review(&F.s, id, LC_DA_APPROVE, NULL, &d, &e), SV_ESTATE);
	expect_doc(id, "returned", 1);

	/* The provider edits: the returned version 1 is kept, version 2 is new. */
	sv_error_clear(&e);
	fx_as(F.pst);
	fx_at("2024-03-11", 9);
	fx_ok(documents_save(&F.s, F.iv, LC_DOC_PLAN, SV_NO_DATE, &c, &d, &e), &e, "save");
	assert_string_equal(d.state, "returned");
	assert_int_equal(d.current_version, 2);
	assert_int_equal(d.nversions, 2);
	assert_true(d.versions[0].submitted_at == first);
	assert_true(d.versions[1].submitted_at == 0);
	store_document_release(&d);
	fx_ok(documents_submit(&F.s, id, NULL, &d, &e), &e, "resubmit");
	assert_string_equal(d.state, "submitted");
	/* KV-72: the first submission time stays. */
	assert_true(d.first_submitted_at == first);
	store_document_release(&d);

	fx_as(F.cou);
	fx_ok(documents_review(&F.s, id, LC_DA_APPROVE, NULL, &d, &e), &e, "approve");
	assert_string_equal(d.state, "approved");
	store_document_release(&d);
	/* An approved plan is final: no submit, no return, no draft. */
	fx_as(F.pst);
	assert_rc(documents_submit(&F.s, id, NULL, &d, &e), SV_ESTATE);
	sv_error_clear(&e);
	assert_rc(documents_save(&F.s, F.iv, LC_DOC_PLAN, SV_NO_DATE, &c, &d, &e), SV_ESTATE);
	sv_error_clear(&e);
	fx_as(F.cou);
	assert_rc(documents_review(&F.s, id, LC_DA_RETURN, "x", &d, &e), SV_ESTATE);
	expect_doc(id, "approved", 2);

	/* KV-31: a revision is a new version as a draft; the approved one stays. */
	sv_error_clear(&e);
	fx_as(F.pst);
	fx_ok(documents_revise(&F.s, id, NULL, &d, &e), &e, "revise");
	assert_string_equal(d.state, "draft");
	assert_int_equal(d.current_version, 3);
	assert_int_equal(d.versions[2].nsections, 2);
	store_document_release(&d);
	fx_ok(documents_submit(&F.s, id, NULL, &d, &e), &e, "submit revision");
	store_document_release(&d);

	{
		/* KV-24: due 14 days after the start on 2024-03-04, i.e. Monday the
		 * 18th; submitted on the 6th. KV-25: the revised plan submitted on
		 * Monday the 11th is to be approved within five working days, by
		 * Monday the 18th; not yet approved, it is open. */
		struct fx_obl o = fx_obligation(F.iv, "plan_submission", NULL);
		assert_int_equal(o.due_on, D("2024-03-18"));
		assert_string_equal(o.status, "met_on_time");
		o = fx_obligation(F.iv, "plan_approval", NULL);
		assert_string_equal(o.rule, "KV-25");
		assert_int_equal(o.due_on, D("2024-03-18"));
		assert_string_equal(o.status, "open");
	}
	fx_event_kinds(F.cust, kinds, sizeof(kinds));
	/* Facts for the deadline engine: every submission is plan.submitted; the
	 * revision also plan_revision.submitted (KV-31, KV-25). */
	assert_non_null(strstr(kinds, "document.created plan.submitted plan.returned "
	                              "document.saved plan.submitted plan.approved "
	                              "plan.revision_started plan_revision.submitted "
	                              "plan.submitted"));
	assert_non_null(strstr(fx_last_payload(F.cust, "plan.approved"), "\"intervention_id\""));
}

static void test_visibility(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_document d = {0};
	struct store_document_list l = {0};
	struct documents_content c = content(plan_sections, 2, NULL);
	struct store_page page = {0, 0};
	int64_t id;

	(void)state;
	FX_NEED();
	fx_at("2024-03-06", 9);
	fx_as(F.pst);
	fx_ok(documents_save(&F.s, F.iv, LC_DOC_PLAN, SV_NO_DATE, &c, &d, &e), &e, "save");
	id = d.id;
	store_document_release(&d);
	/* another provider's staff see nothing: 404, as if it did not exist. */
	fx_as(F.pst2);
	assert_rc(documents_get(&F.s, id, &d, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	assert_rc(documents_save(&F.s, F.iv, LC_DOC_PLAN, SV_NO_DATE, &c, &d, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	assert_rc(documents_list(&F.s, F.iv, NULL, page, &l, &e), SV_ENOTFOUND);
	/* A counsellor of another unit neither. */
	sv_error_clear(&e);
	fx_as(F.cou2);
	assert_rc(documents_get(&F.s, id, &d, &e), SV_ENOTFOUND);
	/* Counsellors do not write the provider's documents: 403. */
	sv_error_clear(&e);
	fx_as(F.cou);
	assert_rc(documents_save(&F.s, F.iv, LC_DOC_PLAN, SV_NO_DATE, &c, &d, &e), SV_EFORBIDDEN);
	/* The counsellor of the unit reads it, and the read is logged. */
	sv_error_clear(&e);
	fx_ok(documents_get(&F.s, id, &d, &e), &e, "get");
	store_document_release(&d);
	{
		struct store_access_list al = {0};
		fx_ok(store_access_list_person(F.st, F.tenant, F.cust, page, &al, &e), &e, "log");
		assert_true(al.n >= 1);
		assert_int_equal(al.v[al.n - 1].user_id, F.cou);
		store_access_list_release(&al);
	}
	/* Finance reads no documents. */
	fx_as(F.fin);
	assert_rc(documents_get(&F.s, id, &d, &e), SV_EFORBIDDEN);
}

static void test_monthly_report(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_document d = {0};
	struct lc_section bad[6];
	struct documents_content ok = content(report_ok, 6, NULL);
	char title[96], kinds[2048];
	int64_t id;

	(void)state;
	FX_NEED();
	fx_as(F.pst);
	fx_at("2024-03-20", 9);
	/* KV-32: February 2024 is before the start on 2024-03-04. */
	assert_rc(documents_save(&F.s, F.iv, LC_DOC_MONTHLY_REPORT, D("2024-02-01"), &ok, &d, &e),
	          SV_EINVAL);
	assert_string_equal(e.field, "period");
	assert_string_equal(e.rule, "KV-32");
	/* KV-32a: a section the AMI template does not have. */
	sv_error_clear(&e);
	{
		struct lc_section x[] = {{"weather", "soligt"}};
		struct documents_content cx = content(x, 1, NULL);
		assert_rc(documents_save(&F.s, F.iv, LC_DOC_MONTHLY_REPORT, D("2024-03-01"), &cx,
		                         &d, &e),
		          SV_EINVAL);
		assert_string_equal(e.field, "sections.weather");
		assert_string_equal(e.rule, "KV-32a");
	}
	sv_error_clear(&e);
	memcpy(bad, report_ok, sizeof(bad));
	bad[2].text = "Ej aktuellt."; /* no reason */
	{
		struct documents_content cb = content(bad, 6, NULL);
		fx_ok(documents_save(&F.s, F.iv, LC_DOC_MONTHLY_REPORT, D("2024-03-01"), &cb, &d,
		                     &e),
		      &e, "draft");
	}
	id = d.id;
	documents_title(&F.s, &d, "AMI2", title, sizeof(title));
	assert_string_equal(title, "Månadsrapport, mars 2024");
	store_document_release(&d);
	/* KV-32: March is not over on the 20th: 409 naming the month. */
	assert_rc(documents_submit(&F.s, id, NULL, &d, &e), SV_ESTATE);
	assert_string_equal(e.rule, "KV-32");
	assert_non_null(strstr(e.msg, "2024-04-01"));
	/* On 2024-04-05 the "Ej aktuellt" without a reason is refused. */
	sv_error_clear(&e);
	fx_at("2024-04-05", 9);
	assert_rc(documents_submit(&F.s, id, NULL, &d, &e), SV_EINVAL);
	assert_string_equal(e.field, "sections.absence");
	assert_string_equal(e.rule, "KV-32");
	expect_doc(id, "draft", 1);
	/* An empty section too. */
	sv_error_clear(&e);
	bad[2].text = report_ok[2].text;
	bad[5].text = "  ";
	{
		struct documents_content cb = content(bad, 6, NULL);
		assert_rc(documents_submit(&F.s, id, &cb, &d, &e), SV_EINVAL);
		assert_string_equal(e.field, "sections.deviations");
	}
	/* A missing section as well. */
	sv_error_clear(&e);
	{
		struct documents_content cb = content(report_ok, 5, NULL);
		assert_rc(documents_submit(&F.s, id, &cb, &d, &e), SV_EINVAL);
		assert_string_equal(e.field, "sections.deviations");
	}
	expect_doc(id, "draft", 1);
	sv_error_clear(&e);
	fx_ok(documents_submit(&F.s, id, &ok, &d, &e), &e, "submit");
	documents_title(&F.s, &d, "AMI2", title, sizeof(title));
	assert_string_equal(title, "Månadsrapport, mars 2024, KLAR");
	/* "Ej aktuellt" is stored as not applicable with its reason. */
	assert_null(d.versions[0].sections[2].body);
	assert_string_equal(d.versions[0].sections[2].not_applicable,
	                    "ingen frånvaro under månaden");
	store_document_release(&d);
	/* A second report for March is the same document (a draft of it is refused now). */
	assert_rc(documents_save(&F.s, F.iv, LC_DOC_MONTHLY_REPORT, D("2024-03-01"), &ok, &d, &e),
	          SV_ESTATE);

	/* Returned on the 9th, resubmitted on the 11th, approved on the 12th. */
	sv_error_clear(&e);
	fx_as(F.cou);
	fx_at("2024-04-09", 9);
	fx_ok(documents_review(&F.s, id, LC_DA_RETURN, "Beskriv progressionen.", &d, &e), &e,
	      "return");
	store_document_release(&d);
	fx_as(F.pst);
	fx_at("2024-04-11", 9);
	fx_ok(documents_submit(&F.s, id, &ok, &d, &e), &e, "resubmit");
	assert_int_equal(d.current_version, 2);
	store_document_release(&d);
	fx_as(F.cou);
	fx_at("2024-04-12", 9);
	fx_ok(documents_review(&F.s, id, LC_DA_APPROVE, NULL, &d, &e), &e, "approve");
	store_document_release(&d);
	fx_event_kinds(F.cust, kinds, sizeof(kinds));
	assert_non_null(strstr(kinds, "monthly_report.submitted monthly_report.returned "
	                              "monthly_report.resubmitted monthly_report.approved"));
	{
		/* KV-32 for March 2024: submission due the 7th of April, a Sunday,
		 * moved to Monday the 8th (CAL-4), met on the 5th; the returned report
		 * due again by Friday the 12th, met on the 11th; approval due by
		 * Monday the 15th, met on the 12th. */
		struct fx_obl o = fx_obligation(F.iv, "monthly_report", "2024-03");
		assert_int_equal(o.due_on, D("2024-04-08"));
		assert_string_equal(o.status, "met_on_time");
		o = fx_obligation(F.iv, "monthly_report_resubmission", "2024-03");
		assert_int_equal(o.due_on, D("2024-04-12"));
		assert_string_equal(o.status, "met_on_time");
		o = fx_obligation(F.iv, "monthly_report_approval", "2024-03");
		assert_int_equal(o.due_on, D("2024-04-15"));
		assert_string_equal(o.status, "met_on_time");
	}
	/* Monthly report facts carry the month as key (KV-32). */
	assert_non_null(
	        strstr(fx_last_payload(F.cust, "monthly_report.returned"), "\"key\":\"2024-03\""));
}

/* Set the intervention ended on day. */
static void end_intervention(const char *day)
{
	struct store_write w = {F.tenant, 0, F.s.now, "test"};
	struct sv_error e = SV_ERROR_INIT;

	fx_ok(store_intervention_set_state(F.st, &w, F.iv, "ended", "no_progression", D(day), &e),
	      &e, "end");
}

static void test_final_report(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_document d = {0};
	static const struct lc_section secs[] = {{"summary", "Insatsen avslutades."}};
	struct documents_content no_next =
	        content(secs, 1, "{\"outcome\":\"not_reached\",\"next_step\":\" \"}");
	struct documents_content bad_outcome = content(secs, 1, "{\"outcome\":\"maybe\"}");
	struct documents_content with_next = content(
	        secs, 1, "{\"outcome\":\"not_reached\",\"next_step\":\"FAI1 arbetsprövning\"}");
	int64_t id;

	(void)state;
	FX_NEED();
	/* Ended early on Friday 2024-06-07: KV-63 gives 14 days, to 2024-06-21,
	 * midsommarafton (CAL-3, non-working); CAL-4 moves it over the weekend to
	 * Monday 2024-06-24. */
	fx_at("2024-06-07", 9);
	end_intervention("2024-06-07");
	fx_as(F.pst);
	fx_at("2024-06-20", 9);
	fx_ok(documents_save(&F.s, F.iv, LC_DOC_FINAL_REPORT, SV_NO_DATE, &with_next, &d, &e), &e,
	      "draft");
	id = d.id;
	store_document_release(&d);
	fx_at("2024-06-25", 9);
	assert_rc(documents_submit(&F.s, id, NULL, &d, &e), SV_ESTATE);
	assert_string_equal(e.field, "state");
	assert_string_equal(e.rule, "KV-63");
	assert_non_null(strstr(e.msg, "2024-06-24"));
	expect_doc(id, "draft", 1);
	/* KV-64: outcome and next step. */
	sv_error_clear(&e);
	fx_at("2024-06-24", 9);
	assert_rc(documents_submit(&F.s, id, &bad_outcome, &d, &e), SV_EINVAL);
	assert_string_equal(e.field, "body.outcome");
	sv_error_clear(&e);
	assert_rc(documents_submit(&F.s, id, &no_next, &d, &e), SV_EINVAL);
	assert_string_equal(e.field, "body.next_step");
	assert_string_equal(e.rule, "KV-64");
	expect_doc(id, "draft", 1);
	/* On the last day it goes in. */
	sv_error_clear(&e);
	fx_ok(documents_submit(&F.s, id, &with_next, &d, &e), &e, "submit");
	assert_string_equal(d.state, "submitted");
	store_document_release(&d);
	assert_non_null(
	        strstr(fx_last_payload(F.cust, "final_report.submitted"), "\"intervention_id\""));
	/* Returned after the window, it can still be completed (the first
	 * submission was in time). */
	fx_as(F.cou);
	fx_at("2024-06-28", 9);
	fx_ok(documents_review(&F.s, id, LC_DA_RETURN, "Komplettera.", &d, &e), &e, "return");
	store_document_release(&d);
	fx_as(F.pst);
	fx_ok(documents_submit(&F.s, id, NULL, &d, &e), &e, "resubmit");
	store_document_release(&d);
}

/* End iv through casework (the life-cycle cause lands in the details, the
 * coarse column gets its mapping) on day, as the counsellor. */
static void end_by_casework(int64_t iv, enum lc_end_reason why, const char *day)
{
	struct sv_error e = SV_ERROR_INIT;
	struct casework_ending end = {why, D(day), NULL, false};

	fx_as(F.cou);
	fx_at(day, 9);
	fx_ok(casework_end(&F.s, iv, &end, &e), &e, "casework_end");
}

/* Save and submit a final report of iv as the provider; the result of the submit. */
static enum sv_rc final_report(int64_t iv, const char *body, struct sv_error *e)
{
	static const struct lc_section secs[] = {{"summary", "Insatsen avslutades."}};
	struct documents_content c = content(secs, 1, body);
	struct store_document d = {0};
	int64_t id;
	enum sv_rc rc;

	fx_as(F.pst);
	fx_ok(documents_save(&F.s, iv, LC_DOC_FINAL_REPORT, SV_NO_DATE, &c, &d, e), e, "save");
	id = d.id;
	store_document_release(&d);
	rc = documents_submit(&F.s, id, NULL, &d, e);
	store_document_release(&d);
	return rc;
}

/* KV-64 reads the life-cycle end cause (lifecycle.h), never the coarse
 * column: "completed" is stored there as "other", which once forced a next
 * step on a customer who reached the goal. */
static void test_final_report_reads_the_end_cause(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	int64_t done, self, stuck;

	(void)state;
	FX_NEED();
	done = fx_intervention(fx_customer("Bo", F.unit, NULL), F.prov, "2024-03-04");
	self = fx_intervention(fx_customer("Cecilia", F.unit, NULL), F.prov, "2024-03-04");
	stuck = fx_intervention(fx_customer("David", F.unit, NULL), F.prov, "2024-03-04");

	/* Completed on Monday 2024-09-02, goal reached: no next step needed. */
	end_by_casework(done, LC_END_COMPLETED, "2024-09-02");
	fx_ok(final_report(done, "{\"outcome\":\"goal_reached\"}", &e), &e, "completed");

	/* Ended self-sufficient (KV-51): no next step needed. */
	end_by_casework(self, LC_END_SELF_SUFFICIENT, "2024-09-02");
	fx_ok(final_report(self, "{\"outcome\":\"self_sufficient\"}", &e), &e, "self");

	/* Ended for no progression (KV-52): the ending says the goal was not
	 * reached, so a next step is required whatever outcome is claimed. */
	end_by_casework(stuck, LC_END_NO_PROGRESSION, "2024-09-02");
	assert_rc(final_report(stuck, "{\"outcome\":\"goal_reached\"}", &e), SV_EINVAL);
	assert_string_equal(e.field, "body.next_step");
	assert_string_equal(e.rule, "KV-64");
}

static void test_final_report_needs_no_step(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_document d = {0};
	static const struct lc_section secs[] = {{"summary", "Anställd som lagerarbetare."}};
	struct documents_content self = content(secs, 1, "{\"outcome\":\"self_sufficient\"}");

	(void)state;
	FX_NEED();
	/* Before the planned end (KV-60), self-sufficient: no next step needed. */
	fx_at("2024-09-02", 9);
	fx_as(F.pst);
	fx_ok(documents_save(&F.s, F.iv, LC_DOC_FINAL_REPORT, SV_NO_DATE, &self, &d, &e), &e,
	      "save");
	store_document_release(&d);
	{
		struct store_document found = {0};
		fx_ok(store_doc_find(F.st, F.tenant, F.iv, "final_report", SV_NO_DATE, &found, &e),
		      &e, "find");
		fx_ok(documents_submit(&F.s, found.id, NULL, &d, &e), &e, "submit");
		store_document_release(&found);
	}
	store_document_release(&d);
	/* A plan cannot be written once the intervention has ended. */
	end_intervention("2024-09-30");
	fx_at("2024-10-01", 9);
	assert_rc(documents_save(&F.s, F.iv, LC_DOC_PLAN, SV_NO_DATE, NULL, &d, &e), SV_ESTATE);
	assert_string_equal(e.field, "state");
	assert_non_null(strstr(e.msg, "ended"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_plan_life_cycle, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_visibility, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_monthly_report, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_final_report, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_final_report_reads_the_end_cause, fx_setup,
	                                        fx_teardown),
	        cmocka_unit_test_setup_teardown(test_final_report_needs_no_step, fx_setup,
	                                        fx_teardown),
	};
	return fx_run("documents", tests, sizeof(tests) / sizeof(tests[0]));
}
