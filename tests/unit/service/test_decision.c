/*
 * Unit tests for src/service/decision.c: eligibility against the target
 * groups of the packs with the reason shown (KV-2 a gate, JP-1 guidance),
 * the KV-2 warning for a customer under 18, the grant with its assessment
 * and planned end (KV-1, KV-10), and who may grant.
 */
#include "test.h"

#include "case_fixture.h"
#include "service/decision.h"
#include "stegvis/store_case.h"

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

static const struct decision_group *group(const struct decision_eligibility *e, const char *id)
{
	for (size_t i = 0; i < e->n_groups; i++)
		if (!strcmp(e->groups[i].id, id))
			return &e->groups[i];
	fail_msg("no group %s", id);
	return NULL;
}

static void eligible_with_the_reason(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct decision_eligibility e;
	const struct decision_group *g;

	(void)state;
	fx_day(&F, "2024-06-03");
	fx_as(&F, &F.a_cou);
	/* Born 1981-12-18: 42 on 3 June 2024 (CAL-6), with financial assistance. */
	assert_ok(decision_eligibility(&F.s, F.cust, "AMI2", SV_NO_DATE, &e, &err));
	assert_true(e.gated);
	assert_true(e.eligible);
	assert_int_equal(e.age, 42);
	g = group(&e, "financial_assistance_18_66");
	assert_true(g->match);
	assert_string_equal(g->rule, "KV-2");
	assert_non_null(strstr(g->reason, "financial_assistance is recorded"));
	assert_non_null(strstr(g->reason, "age 42 is within 18-66"));
	g = group(&e, "young_adults");
	assert_false(g->match);
	assert_non_null(strstr(g->reason, "age 42 is outside 18-24"));
	assert_non_null(strstr(e.summary, "target group: yes, because"));
}

static void kv2_refuses_with_the_reasons(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct decision_grant g = {0};
	struct decision_eligibility e;
	int64_t id = -1;
	/* 20000101-2343 (ID-1), 24 in 2024, no target-group fact. */
	int64_t c = fx_customer(&F, "200001012343", NULL);

	(void)state;
	fx_day(&F, "2024-06-03");
	fx_as(&F, &F.a_cou);
	g.code = "AMI1";
	g.start_on = SV_NO_DATE;
	assert_rc(decision_grant(&F.s, c, &g, &id, &e, &err), SV_EINVAL);
	assert_int_equal(id, 0);
	assert_string_equal(err.field, "code");
	assert_string_equal(err.rule, "KV-2");
	assert_non_null(strstr(err.msg, "not in a target group"));
	assert_non_null(strstr(err.msg, "financial_assistance is not recorded"));
	assert_false(e.eligible);
}

static void kaa_youth_under_18_is_warned(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct decision_eligibility e;
	const struct decision_group *g;
	/* 20070315-1233 (ID-1): 17 on 3 June 2024; KAA (KV-2 Decision 16-20). */
	int64_t c = fx_customer(&F, "200703151233", "kaa");

	(void)state;
	fx_day(&F, "2024-06-03");
	fx_as(&F, &F.a_cou);
	assert_ok(decision_eligibility(&F.s, c, "FAI1", SV_NO_DATE, &e, &err));
	assert_int_equal(e.age, 17);
	g = group(&e, "kaa_youth");
	assert_true(g->match);
	assert_int_equal(g->n_warnings, 1);
	assert_non_null(strstr(g->warnings[0], "under 18"));
}

static void jp1_guidance_needs_a_reason_outside(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct decision_grant g = {0};
	struct decision_eligibility e;
	struct store_case cs = {0};
	int64_t id = 0;
	/* 19451224-9873 (ID-1): 78 in 2024, no target-group fact: outside every
	 * JP-1 group (18-24; financial assistance; insufficient Swedish). */
	int64_t old = fx_customer(&F, "194512249873", NULL);

	(void)state;
	fx_day(&F, "2024-06-03");
	fx_as(&F, &F.a_cou);
	/* With financial assistance: primary target group, and never a gate. */
	assert_ok(decision_eligibility(&F.s, F.cust, "JP", SV_NO_DATE, &e, &err));
	assert_false(e.gated);
	assert_true(e.primary);
	assert_non_null(strstr(e.summary, "primary target group: yes, because"));
	g.code = "JP";
	g.start_on = SV_NO_DATE;
	assert_rc(decision_grant(&F.s, old, &g, &id, &e, &err), SV_EINVAL);
	assert_true(e.eligible);
	assert_false(e.primary);
	assert_string_equal(err.field, "outside_target_reason");
	assert_string_equal(err.rule, "JP-1");
	assert_non_null(strstr(err.msg, "primary target group: no, because"));
	assert_non_null(strstr(err.msg, "age 78 is outside 18-24"));
	sv_error_clear(&err);
	g.outside_target_reason = "Har ett jobberbjudande inom tre veckor.";
	assert_ok(decision_grant(&F.s, old, &g, &id, &e, &err));
	assert_ok(store_case_get(F.st, F.tenant, id, &cs, &err));
	assert_string_equal(cs.outside_target_reason, g.outside_target_reason);
	assert_null(cs.target_group);
	store_case_release(&cs);
}

static void grant_with_assessment_and_planned_end(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct decision_grant g = {0};
	struct store_case cs = {0};
	int64_t id = 0;

	(void)state;
	fx_day(&F, "2024-02-01");
	fx_as(&F, &F.a_cou);
	g.code = "AMI1";
	g.assessment = "Arbetsförmåga 100 procent.";
	g.future_plan = "Arbete inom handel.";
	/* KV-1: AMI1 at most 3 months: 2024-02-05 + 3 months - 1 day = 2024-05-04. */
	g.start_on = fx_date("2024-02-05");
	assert_ok(decision_grant(&F.s, F.cust, &g, &id, NULL, &err));
	assert_ok(store_case_get(F.st, F.tenant, id, &cs, &err));
	assert_string_equal(cs.iv.state, "granted");
	assert_int_equal(cs.iv.decided_on, fx_date("2024-02-01"));
	assert_int_equal(cs.iv.planned_end_on, fx_date("2024-05-04"));
	assert_int_equal(cs.iv.counsellor_id, F.cou);
	assert_true(cs.assessment_id > 0);
	assert_string_equal(cs.target_group, "financial_assistance_18_66");
	store_case_release(&cs);
	/* Another counsellor of the unit is not the responsible one (KV-10, X-3). */
	fx_as(&F, &F.a_cou2);
	g.assessment = g.future_plan = NULL;
	assert_rc(decision_grant(&F.s, F.cust, &g, &id, NULL, &err), SV_ENOTFOUND);
	sv_error_clear(&err);
	/* A provider may not decide at all. */
	fx_as(&F, &F.a_pst);
	assert_rc(decision_grant(&F.s, F.cust, &g, &id, NULL, &err), SV_EFORBIDDEN);
	sv_error_clear(&err);
	/* An unknown code. */
	fx_as(&F, &F.a_cou);
	g.code = "XYZ";
	assert_rc(decision_grant(&F.s, F.cust, &g, &id, NULL, &err), SV_EINVAL);
	assert_string_equal(err.field, "code");
	assert_string_equal(err.rule, "KV-1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(eligible_with_the_reason),
	        cmocka_unit_test(kv2_refuses_with_the_reasons),
	        cmocka_unit_test(kaa_youth_under_18_is_warned),
	        cmocka_unit_test(jp1_guidance_needs_a_reason_outside),
	        cmocka_unit_test(grant_with_assessment_and_planned_end),
	};
	return fx_main(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown);
}
