/*
 * Absence through the use cases, on both backends: certificates from sick
 * day 8 (KV-41, KV-42) with CAL-4 over påsk, long sickness (KV-52),
 * unexcused absence and its notice (KV-44), leave and its yearly limit
 * (KV-3), bad input refused naming field and rule, X-3.
 */
#include "docs_fixture.h"

#include "service/absence.h"

static struct absence_input in(const char *kind, const char *from, const char *to)
{
	struct absence_input a = {0};
	a.kind = kind;
	a.from_on = D(from);
	a.to_on = to ? D(to) : SV_NO_DATE;
	return a;
}

static int count_kind(int64_t customer, const char *kind)
{
	char kinds[8192], *p = kinds;
	int n = 0;
	size_t len = strlen(kind);

	fx_event_kinds(customer, kinds, sizeof(kinds));
	while ((p = strstr(p, kind))) {
		if ((p == kinds || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
			n++;
		p += len;
	}
	return n;
}

static void test_sickness(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct absence_view v = {0};
	struct absence_input a = in("sick", "2024-03-11", NULL);
	int64_t id;

	(void)state;
	FX_NEED();
	fx_as(F.pst);
	/* Sick from Monday 2024-03-11, reported the same day: day 8 (KV-41) is
	 * 2024-03-18, not reached yet. */
	fx_at("2024-03-11", 9);
	fx_ok(absences_record(&F.s, F.iv, &a, &v, &e), &e, "record");
	id = v.a.id;
	assert_int_equal(v.certificate_from, D("2024-03-18"));
	assert_false(v.certificate_needed);
	assert_int_equal(v.certificate_due, SV_NO_DATE);
	absence_view_release(&v);
	assert_int_equal(count_kind(F.cust, "sickness.certificate_required"), 0);

	/* Still sick on the 19th: the fact is recorded once, dated day 8. */
	fx_at("2024-03-19", 9);
	fx_ok(absences_update(&F.s, id, SV_NO_DATE, "fortfarande sjuk", &v, &e), &e, "update");
	assert_true(v.certificate_needed);
	/* Due 7 calendar days after day 8: 2024-03-25, a Monday. */
	assert_int_equal(v.certificate_due, D("2024-03-25"));
	absence_view_release(&v);
	fx_ok(absences_update(&F.s, id, SV_NO_DATE, "fortfarande sjuk", &v, &e), &e, "update");
	absence_view_release(&v);
	assert_int_equal(count_kind(F.cust, "sickness.certificate_required"), 1);
	assert_non_null(strstr(fx_last_payload(F.cust, "sickness.certificate_required"),
	                       "\"on\":\"2024-03-18\""));

	/* On the 26th the certificate is missing past its due date: late; and
	 * 16 days of sickness are more than the pack's 14 (KV-52). */
	fx_at("2024-03-26", 9);
	fx_ok(absences_get(&F.s, id, &v, &e), &e, "get");
	assert_true(v.certificate_late);
	assert_true(v.long_sickness);
	absence_view_release(&v);

	/* Delivered on the 27th. A second delivery is refused (409). */
	fx_at("2024-03-27", 9);
	fx_ok(absences_certificate(&F.s, id, D("2024-03-27"), &v, &e), &e, "certificate");
	assert_int_equal(v.a.certificate_on, D("2024-03-27"));
	assert_true(v.certificate_late);
	absence_view_release(&v);
	assert_rc(absences_certificate(&F.s, id, D("2024-03-27"), &v, &e), SV_ESTATE);
	assert_string_equal(e.rule, "KV-41");
	assert_non_null(strstr(fx_last_payload(F.cust, "sick_certificate.delivered"),
	                       "\"on\":\"2024-03-27\""));
	{
		/* The deadline engine: KV-41 due 2024-03-25, met on the 27th, 2 days late. */
		char key[24];
		struct fx_obl o;
		snprintf(key, sizeof(key), "%" PRId64, id);
		o = fx_obligation(F.iv, "sick_certificate", key);
		assert_string_equal(o.rule, "KV-41");
		assert_int_equal(o.due_on, D("2024-03-25"));
		assert_string_equal(o.status, "met_late");
		assert_int_equal(o.days_late, 2);
	}
	/* The certificate cannot come from the future or before the absence. */
	sv_error_clear(&e);
	{
		struct absence_input b = in("vab", "2024-03-20", "2024-03-21");
		fx_ok(absences_record(&F.s, F.iv, &b, &v, &e), &e, "vab");
		id = v.a.id;
		absence_view_release(&v);
		assert_rc(absences_certificate(&F.s, id, D("2024-03-28"), &v, &e), SV_EINVAL);
		assert_string_equal(e.field, "delivered_on");
		sv_error_clear(&e);
		assert_rc(absences_certificate(&F.s, id, D("2024-03-19"), &v, &e), SV_EINVAL);
		assert_string_equal(e.field, "delivered_on");
	}
}

static void test_certificate_over_pask(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct absence_view v = {0};
	struct absence_input a = in("vab", "2024-03-15", "2024-03-28");

	(void)state;
	FX_NEED();
	fx_as(F.pst);
	fx_at("2024-03-28", 9);
	/* Care of a sick child from Friday 2024-03-15 to 2024-03-28: day 8 is
	 * 2024-03-22 (KV-42); 7 days later is långfredagen 2024-03-29, then
	 * Saturday, påskdagen and annandag påsk (CAL-3): due Tuesday 2024-04-02
	 * (CAL-4). */
	fx_ok(absences_record(&F.s, F.iv, &a, &v, &e), &e, "record");
	assert_true(v.certificate_needed);
	assert_int_equal(v.certificate_from, D("2024-03-22"));
	assert_int_equal(v.certificate_due, D("2024-04-02"));
	assert_false(v.certificate_late);
	absence_view_release(&v);
	assert_int_equal(count_kind(F.cust, "vab.certificate_required"), 1);
	{
		struct fx_obl o = fx_obligation(F.iv, "vab_certificate", NULL);
		assert_string_equal(o.rule, "KV-42");
		assert_int_equal(o.due_on, D("2024-04-02"));
		assert_string_equal(o.status, "open");
	}
	/* A short sickness needs no certificate and records no fact. */
	a = in("sick", "2024-03-25", "2024-03-27");
	fx_ok(absences_record(&F.s, F.iv, &a, &v, &e), &e, "short");
	assert_false(v.certificate_needed);
	absence_view_release(&v);
	assert_int_equal(count_kind(F.cust, "sickness.certificate_required"), 0);
}

static void test_unexcused(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct absence_view v = {0};
	struct absence_input a = in("unexcused", "2024-03-15", NULL);
	struct store_message_list l = {0};
	struct store_message_filter f = {0};
	struct store_page page = {0, 0};

	(void)state;
	FX_NEED();
	fx_as(F.pst);
	fx_at("2024-03-18", 9);
	/* KV-44: a reason is required. */
	assert_rc(absences_record(&F.s, F.iv, &a, &v, &e), SV_EINVAL);
	assert_string_equal(e.field, "reason");
	assert_string_equal(e.rule, "KV-44");
	/* Unreachable means after three contact attempts (the pack's number). */
	sv_error_clear(&e);
	a.reason = "unreachable";
	a.contact_attempts = 2;
	assert_rc(absences_record(&F.s, F.iv, &a, &v, &e), SV_EINVAL);
	assert_string_equal(e.field, "contact_attempts");
	assert_string_equal(e.rule, "KV-44");
	sv_error_clear(&e);
	a.contact_attempts = 3;
	a.note = "Ringt 09.00, 11.00 och 14.00";
	fx_ok(absences_record(&F.s, F.iv, &a, &v, &e), &e, "record");
	/* Absent on Friday 2024-03-15: the notice is due the same day or the
	 * next, Saturday 2024-03-16, moved to Monday 2024-03-18 (CAL-4). */
	assert_int_equal(v.notice_due, D("2024-03-18"));
	absence_view_release(&v);
	assert_non_null(
	        strstr(fx_last_payload(F.cust, "absence.unexcused"), "\"on\":\"2024-03-15\""));
	assert_non_null(strstr(fx_last_payload(F.cust, "absence.reported"), "\"key\""));
	{
		/* KV-44 in the deadline engine: due Monday the 18th, met that day. */
		struct fx_obl o = fx_obligation(F.iv, "unexcused_absence_notice", NULL);
		assert_string_equal(o.rule, "KV-44");
		assert_int_equal(o.due_on, D("2024-03-18"));
		assert_string_equal(o.status, "met_on_time");
	}
	/* The counsellor got the message with dates and attempts. */
	f.to_user_id = F.cou;
	f.topic = "unexcused_absence";
	fx_ok(store_message_list(F.st, F.tenant, &f, page, &l, &e), &e, "messages");
	assert_int_equal(l.n, 1);
	assert_non_null(strstr(l.v[0].body, "2024-03-15"));
	assert_non_null(strstr(l.v[0].body, "Kontaktförsök: 3"));
	assert_non_null(strstr(l.v[0].body, "ej nåbar"));
	store_message_list_release(&l);
	/* A reason belongs to unexcused absence only. */
	a = in("sick", "2024-03-15", "2024-03-15");
	a.reason = "unreachable";
	assert_rc(absences_record(&F.s, F.iv, &a, &v, &e), SV_EINVAL);
	assert_string_equal(e.field, "reason");
}

static void test_leave(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct absence_view v = {0};
	struct absence_input a = in("leave", "2024-07-01", "2024-07-10");
	struct store_message_list l = {0};
	struct store_message_filter f = {0};
	struct store_page page = {0, 0};

	(void)state;
	FX_NEED();
	fx_as(F.pst);
	fx_at("2024-06-10", 9);
	/* 1-10 July: 10 calendar days of the 14 per year (KV-3, Decision). */
	fx_ok(absences_record(&F.s, F.iv, &a, &v, &e), &e, "leave 1");
	assert_int_equal(v.leave_days, 10);
	assert_int_equal(v.leave_limit, 14);
	assert_false(v.ends_intervention);
	absence_view_release(&v);
	/* 22-26 July: 5 more, 15 > 14: planned absence that ends the intervention,
	 * recorded and told to the counsellor. */
	a = in("leave", "2024-07-22", "2024-07-26");
	fx_ok(absences_record(&F.s, F.iv, &a, &v, &e), &e, "leave 2");
	assert_int_equal(v.leave_days, 15);
	assert_true(v.ends_intervention);
	absence_view_release(&v);
	f.to_user_id = F.cou;
	f.topic = "planned_absence";
	fx_ok(store_message_list(F.st, F.tenant, &f, page, &l, &e), &e, "messages");
	assert_int_equal(l.n, 1);
	assert_non_null(strstr(l.v[0].body, "KV-3"));
	store_message_list_release(&l);
	/* Across the new year each calendar year counts for itself:
	 * 28 Dec 2024 - 5 Jan 2025 is 4 days in 2024 (15 + 4 = 19) and 5 in 2025. */
	a = in("leave", "2024-12-28", "2025-01-05");
	fx_ok(absences_record(&F.s, F.iv, &a, &v, &e), &e, "leave 3");
	assert_int_equal(v.leave_days, 19);
	absence_view_release(&v);
	/* Leave is planned absence with a last day. */
	a = in("leave", "2024-08-01", NULL);
	assert_rc(absences_record(&F.s, F.iv, &a, &v, &e), SV_EINVAL);
	assert_string_equal(e.field, "to_on");
	assert_string_equal(e.rule, "KV-3");
}

static void test_leave_establishment_benefit(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct absence_view v = {0};
	struct absence_input a = in("leave", "2024-07-01", "2024-07-05");
	int64_t cust, iv;

	(void)state;
	FX_NEED();
	cust = fx_customer("Bashir", F.unit, "establishment_benefit");
	iv = fx_intervention(cust, F.prov, "2024-03-04");
	fx_as(F.pst);
	fx_at("2024-06-10", 9);
	/* KV-3: customers receiving establishment benefit have no such leave. */
	assert_rc(absences_record(&F.s, iv, &a, &v, &e), SV_EINVAL);
	assert_string_equal(e.field, "kind");
	assert_string_equal(e.rule, "KV-3");
	{
		struct store_absence_list l = {0};
		struct store_page page = {0, 0};
		fx_ok(store_absence_list(F.st, F.tenant, iv, page, &l, &e), &e, "list");
		assert_int_equal(l.n, 0);
		store_absence_list_release(&l);
	}
}

static void test_bad_input_and_rights(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct absence_view v = {0};
	struct absence_input a;
	struct absence_view *list = NULL;
	struct store_page page = {0, 0};
	size_t n = 0;
	int64_t next = 0;

	(void)state;
	FX_NEED();
	fx_as(F.pst);
	fx_at("2024-03-20", 9);
	a = in("holiday", "2024-03-18", NULL);
	assert_rc(absences_record(&F.s, F.iv, &a, &v, &e), SV_EINVAL);
	assert_string_equal(e.field, "kind");
	sv_error_clear(&e);
	a = in("sick", "2024-03-25", NULL);
	assert_rc(absences_record(&F.s, F.iv, &a, &v, &e), SV_EINVAL);
	assert_string_equal(e.field, "from_on");
	sv_error_clear(&e);
	a = in("sick", "2024-03-01", NULL);
	assert_rc(absences_record(&F.s, F.iv, &a, &v, &e), SV_EINVAL);
	assert_string_equal(e.field, "from_on");
	assert_non_null(strstr(e.msg, "2024-03-04"));
	sv_error_clear(&e);
	a = in("sick", "2024-03-18", "2024-03-17");
	assert_rc(absences_record(&F.s, F.iv, &a, &v, &e), SV_EINVAL);
	assert_string_equal(e.field, "to_on");
	/* Nothing was written. */
	fx_ok(absences_list(&F.s, F.iv, page, &list, &n, &next, &e), &e, "list");
	assert_int_equal(n, 0);
	absences_list_release(list, n);
	/* another provider: 404; finance: 403. */
	sv_error_clear(&e);
	a = in("sick", "2024-03-18", NULL);
	fx_as(F.pst2);
	assert_rc(absences_record(&F.s, F.iv, &a, &v, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	fx_as(F.fin);
	assert_rc(absences_record(&F.s, F.iv, &a, &v, &e), SV_EFORBIDDEN);
	/* An ended intervention takes no absence (409). */
	sv_error_clear(&e);
	{
		struct store_write w = {F.tenant, 0, F.s.now, "test"};
		fx_ok(store_intervention_set_state(F.st, &w, F.iv, "ended", "other",
		                                   D("2024-03-19"), &e),
		      &e, "end");
	}
	fx_as(F.pst);
	assert_rc(absences_record(&F.s, F.iv, &a, &v, &e), SV_ESTATE);
	assert_string_equal(e.field, "state");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_sickness, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_certificate_over_pask, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_unexcused, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_leave, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_leave_establishment_benefit, fx_setup,
	                                        fx_teardown),
	        cmocka_unit_test_setup_teardown(test_bad_input_and_rights, fx_setup, fx_teardown),
	};
	return fx_run("absence", tests, sizeof(tests) / sizeof(tests[0]));
}
