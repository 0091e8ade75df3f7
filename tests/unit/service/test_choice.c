/*
 * Unit tests for src/service/choice.c: the rotation of a scheme from the
 * providers' authorisations and the pack (KV-12), the default provider of a
 * day (KV-13) with a substitute when an authorisation ends inside a period,
 * the comparison data (KV-11, JP-4) and recording a choice.
 *
 * The fixture's providers: Jobbhuset authorised for every scheme from
 * 2023-01-01, Karriärfabriken from 2023-06-01. The Kundval pack's rotation:
 * 14-day periods from Monday 2024-01-01.
 */
#include "test.h"

#include "case_fixture.h"
#include "service/choice.h"
#include "service/decision.h"

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

static void rotation_alternates_by_authorisation_date(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct choice_rotation r;
	struct rotation_period p;

	(void)state;
	fx_day(&F, "2024-06-03");
	assert_ok(choice_rotation_load(&F.s, "AMI", F.s.today, &r, &err));
	assert_int_equal(r.anchor, fx_date("2024-01-01"));
	assert_int_equal(r.period_days, 14);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.list[0].id, F.prov);
	assert_int_equal(r.list[1].id, F.prov2);
	assert_string_equal(choice_provider_name(&r, F.prov2), "Karriärfabriken AB");
	choice_rotation_release(&r);
	/* 2024-01-10: period 0 (1-14 January): Jobbhuset. 2024-01-20: period 1
	 * (15-28 January): Karriärfabriken. */
	assert_ok(choice_default(&F.s, "AMI", fx_date("2024-01-10"), &p, &err));
	assert_int_equal(p.provider_id, F.prov);
	assert_ok(choice_default(&F.s, "AMI", fx_date("2024-01-20"), &p, &err));
	assert_int_equal(p.provider_id, F.prov2);
	assert_int_equal(p.start, fx_date("2024-01-15"));
	assert_int_equal(p.end, fx_date("2024-01-28"));
	/* Jobbpeng has no rotation of its own: the kundval routines' (JP-0). */
	assert_ok(choice_default(&F.s, "JOBBPENG", fx_date("2024-01-10"), &p, &err));
	assert_int_equal(p.provider_id, F.prov);
	/* Before the 2024 routines (valid from their anchor, 2024-01-01) no
	 * pack gives a rotation (CAL-3a); an unknown scheme is refused. */
	assert_rc(choice_default(&F.s, "AMI", fx_date("2023-12-31"), &p, &err), SV_ENOTFOUND);
	assert_string_equal(err.field, "scheme");
	assert_string_equal(err.rule, "KV-12");
	sv_error_clear(&err);
	assert_rc(choice_default(&F.s, "XYZ", fx_date("2024-01-10"), &p, &err), SV_EINVAL);
	assert_string_equal(err.rule, "KV-1");
}

static void a_substitute_when_the_authorisation_ends(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_write w = {F.tenant, 0, 1704067200000000, "test"};
	struct store_authorisation a = {"ISA", fx_date("2023-01-01"), fx_date("2024-01-05")};
	struct store_provider p = {0};
	struct rotation_period per;
	int64_t third;

	(void)state;
	/* A third provider, first in the ISA list (authorised 2022-12-01) and
	 * ended 2024-01-05 (KV-5): period 0 (1-14 January) is its; on the 10th
	 * the next in list order authorised that day stands in (KV-13). */
	p.org_no = "5569876543";
	p.name = "Tredje AB";
	p.capacity = -1;
	a.from = fx_date("2022-12-01");
	p.auths = &a;
	p.nauths = 1;
	assert_ok(store_provider_create(F.st, &w, &p, &err));
	third = p.id;
	assert_ok(choice_default(&F.s, "ISA", fx_date("2024-01-03"), &per, &err));
	assert_int_equal(per.provider_id, third);
	assert_false(per.substitute);
	assert_ok(choice_default(&F.s, "ISA", fx_date("2024-01-10"), &per, &err));
	assert_int_equal(per.provider_id, F.prov);
	assert_true(per.substitute);
	/* Choosing it for AMI is refused (KV-11: not authorised for the scheme). */
	assert_rc(choice_check_authorised(&F.s, third, "AMI", fx_date("2024-01-03"), &err),
	          SV_EINVAL);
	assert_string_equal(err.field, "provider_id");
	assert_string_equal(err.rule, "KV-11");
}

static void comparison_and_record(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct choice_comparison c;
	struct decision_grant g = {0};
	struct store_intervention iv = {0};
	int64_t id = 0;

	(void)state;
	fx_day(&F, "2024-01-20");
	F.s.who = NULL; /* public */
	assert_ok(choice_comparison(&F.s, "AMI", F.s.today, &c, &err));
	assert_int_equal(c.n, 2);
	assert_true(c.has_default);
	assert_int_equal(c.period.provider_id, F.prov2);
	assert_int_equal(c.authorised[0]->nindustries, 2);
	choice_comparison_release(&c);
	fx_as(&F, &F.a_cou);
	g.code = "AMI2";
	g.start_on = SV_NO_DATE;
	assert_ok(decision_grant(&F.s, F.cust, &g, &id, NULL, &err));
	/* Either a provider or the default, not both or neither. */
	assert_rc(choice_record(&F.s, id, F.prov, true, &err), SV_EINVAL);
	sv_error_clear(&err);
	assert_rc(choice_record(&F.s, id, 0, false, &err), SV_EINVAL);
	sv_error_clear(&err);
	assert_ok(choice_record(&F.s, id, 0, true, &err));
	assert_ok(store_intervention_get(F.st, F.tenant, id, &iv, &err));
	assert_int_equal(iv.provider_id, F.prov2);
	store_intervention_release(&iv);
	/* A provider records nothing. */
	fx_as(&F, &F.a_pst);
	assert_rc(choice_record(&F.s, id, F.prov, false, &err), SV_EFORBIDDEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(rotation_alternates_by_authorisation_date),
	        cmocka_unit_test(a_substitute_when_the_authorisation_ends),
	        cmocka_unit_test(comparison_and_record),
	};
	return fx_main(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown);
}
