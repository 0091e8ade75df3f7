/*
 * Meetings through the use cases, on both backends: booking, outcomes
 * recorded once, the follow-up meeting's plan decision (KV-35) and the
 * revision it requests (KV-31), the follow-up rhythm (KV-35, JP-5), and the
 * iCalendar invitation without personal data (KV-82) or location for a
 * protected identity (KV-81).
 */
#include "docs_fixture.h"

#include "service/jobbpeng.h"
#include "service/meetings.h"
#include "stegvis/ics.h"

/* 10:00 CET on 2024-03-12 = 09:00 UTC. */
static sv_time at_utc(const char *day, int hour, int minute)
{
	return ((sv_time)D(day) * 86400 + hour * 3600 + minute * 60) * 1000000;
}

static struct meeting_input meeting(const char *kind, const char *day, int utc_hour)
{
	struct meeting_input m = {0};
	m.kind = kind;
	m.starts_at = at_utc(day, utc_hour, 0);
	m.ends_at = at_utc(day, utc_hour + 1, 0);
	m.location = "Stadshuset, rum 3";
	return m;
}

static void test_three_party_and_ics(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_meeting m = {0};
	struct meeting_input in = meeting("three_party", "2024-03-12", 9);
	struct buf b = BUF_INIT;
	int64_t id;

	(void)state;
	FX_NEED();
	fx_at("2024-03-05", 9);
	fx_as(F.cou);
	in.interpreter_language = "arabiska";
	fx_ok(meetings_book(&F.s, F.iv, &in, &m, &e), &e, "book");
	id = m.id;
	assert_string_equal(m.outcome, "planned");
	store_meeting_release(&m);
	fx_ok(meetings_ics(&F.s, id, &b, &e), &e, "ics");
	/* 09:00 UTC on 12 March 2024 is 10:00 in Stockholm (CET). */
	assert_non_null(strstr(b.data, "DTSTART;TZID=Europe/Stockholm:20240312T100000\r\n"));
	assert_non_null(strstr(b.data, "DTEND;TZID=Europe/Stockholm:20240312T110000\r\n"));
	assert_non_null(strstr(b.data, "SUMMARY:Trepartsmöte – AMI2\r\n"));
	assert_non_null(strstr(b.data, "LOCATION:Stadshuset\\, rum 3\r\n"));
	assert_non_null(strstr(b.data, "STATUS:CONFIRMED"));
	{
		char uid[64];
		snprintf(uid, sizeof(uid), "UID:%" PRId64 "-meeting-%" PRId64 "@stegvis\r\n",
		         F.tenant, id);
		assert_non_null(strstr(b.data, uid));
	}
	/* KV-82: the customer's name is not in the invitation. */
	assert_null(strstr(b.data, "Anna"));
	assert_null(strstr(b.data, "Testsson"));
	buf_release(&b);

	/* The provider cannot record it as held before it starts (409). */
	fx_as(F.pst);
	assert_rc(meetings_outcome(&F.s, id, "held", NULL, NULL, &m, &e), SV_ESTATE);
	assert_string_equal(e.field, "outcome");
	/* A plan decision belongs to follow-up meetings only. */
	sv_error_clear(&e);
	fx_at("2024-03-12", 11);
	assert_rc(meetings_outcome(&F.s, id, "held", "plan_valid", NULL, &m, &e), SV_EINVAL);
	assert_string_equal(e.field, "plan_decision");
	sv_error_clear(&e);
	fx_ok(meetings_outcome(&F.s, id, "held", NULL, "Bra samtal", &m, &e), &e, "held");
	assert_string_equal(m.outcome, "held");
	store_meeting_release(&m);
	/* An outcome is recorded once. */
	assert_rc(meetings_outcome(&F.s, id, "cancelled", NULL, NULL, &m, &e), SV_ESTATE);
	assert_non_null(strstr(e.msg, "held"));

	/* Cancelled meetings give a CANCELLED invitation with a higher SEQUENCE. */
	sv_error_clear(&e);
	in = meeting("sip", "2024-03-20", 13);
	fx_ok(meetings_book(&F.s, F.iv, &in, &m, &e), &e, "book");
	id = m.id;
	store_meeting_release(&m);
	fx_ok(meetings_outcome(&F.s, id, "cancelled", NULL, NULL, &m, &e), &e, "cancel");
	store_meeting_release(&m);
	fx_ok(meetings_ics(&F.s, id, &b, &e), &e, "ics");
	assert_non_null(strstr(b.data, "STATUS:CANCELLED\r\n"));
	assert_non_null(strstr(b.data, "SEQUENCE:1\r\n"));
	buf_release(&b);

	/* another provider neither reads nor downloads it. */
	fx_as(F.pst2);
	assert_rc(meetings_ics(&F.s, id, &b, &e), SV_ENOTFOUND);
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_protected_location(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_write w;
	struct store_customer c = {0};
	struct store_meeting m = {0};
	struct meeting_input in = meeting("three_party", "2024-03-12", 9);
	struct buf b = BUF_INIT;
	int64_t iv;

	(void)state;
	FX_NEED();
	w = (struct store_write){F.tenant, 0, F.s.now, "fixture"};
	c.id_kind = "none";
	c.given_name = "Skyddad";
	c.family_name = "Person";
	c.birth_date = SV_NO_DATE;
	c.protection = "skyddad_folkbokforing";
	c.unit_id = F.unit;
	c.counsellor_id = F.cou;
	fx_ok(store_customer_create(F.st, &w, &c, &e), &e, "customer");
	iv = fx_intervention(c.id, F.prov, "2024-03-04");
	fx_at("2024-03-05", 9);
	fx_as(F.cou);
	fx_ok(meetings_book(&F.s, iv, &in, &m, &e), &e, "book");
	fx_ok(meetings_ics(&F.s, m.id, &b, &e), &e, "ics");
	/* KV-81: no location for a protected identity. */
	assert_null(strstr(b.data, "LOCATION"));
	assert_non_null(strstr(b.data, "DTSTART"));
	store_meeting_release(&m);
	buf_release(&b);
}

static void test_follow_up(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_meeting m = {0};
	struct meeting_input in = meeting("follow_up", "2024-04-16", 8);
	struct meetings_follow_up f;
	char kinds[4096];
	int64_t id;

	(void)state;
	FX_NEED();
	fx_at("2024-04-02", 9);
	fx_as(F.pst);
	/* The provider books it (KV-6, JP-5) ... */
	fx_ok(meetings_book(&F.s, F.iv, &in, &m, &e), &e, "book");
	id = m.id;
	store_meeting_release(&m);
	fx_ok(meetings_follow_up_status(&F.s, F.iv, &f, &e), &e, "status");
	assert_int_equal(f.planned, 1);
	/* The 2024 Kundval routines leave the frequency to each intervention. */
	assert_false(f.has_interval);
	assert_int_equal(f.next_due, SV_NO_DATE);
	/* ... but the counsellor records it and decides about the plan (KV-35). */
	fx_at("2024-04-16", 10);
	assert_rc(meetings_outcome(&F.s, id, "held", "plan_valid", NULL, &m, &e), SV_EFORBIDDEN);
	sv_error_clear(&e);
	fx_as(F.cou);
	assert_rc(meetings_outcome(&F.s, id, "held", NULL, NULL, &m, &e), SV_EINVAL);
	assert_string_equal(e.field, "plan_decision");
	assert_string_equal(e.rule, "KV-35");
	sv_error_clear(&e);
	fx_ok(meetings_outcome(&F.s, id, "held", "revision_needed", NULL, &m, &e), &e, "held");
	store_meeting_release(&m);
	fx_event_kinds(F.cust, kinds, sizeof(kinds));
	assert_non_null(strstr(kinds, "follow_up_meeting.held plan_revision.requested"));
	assert_non_null(strstr(fx_last_payload(F.cust, "plan_revision.requested"),
	                       "\"on\":\"2024-04-16\""));
	{
		/* KV-31: the revised plan within five working days of Tuesday
		 * 2024-04-16: Tuesday 2024-04-23. */
		struct fx_obl o = fx_obligation(F.iv, "plan_revision", NULL);
		assert_string_equal(o.rule, "KV-31");
		assert_int_equal(o.due_on, D("2024-04-23"));
		assert_string_equal(o.status, "open");
	}
	fx_ok(meetings_follow_up_status(&F.s, F.iv, &f, &e), &e, "status");
	assert_int_equal(f.last_held, D("2024-04-16"));
	assert_int_equal(f.planned, 0);
}

static void test_follow_up_jobbpeng(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct meetings_follow_up f;
	int64_t iv;

	(void)state;
	FX_NEED();
	iv = fx_intervention_code(F.cust, F.prov, "2024-03-04", "JP");
	fx_at("2024-03-05", 9);
	fx_as(F.cou);
	/* JP-5: the first follow-up three months after the start on
	 * 2024-03-04: 2024-06-04. */
	fx_ok(meetings_follow_up_status(&F.s, iv, &f, &e), &e, "status");
	assert_true(f.has_interval);
	assert_int_equal(f.interval_months, 3);
	assert_string_equal(f.rule, "JP-5");
	assert_int_equal(f.next_due, D("2024-06-04"));
}

/* What GET /interventions/{id}/jobbpeng and GET .../follow-up show. */
static void expect_follow_up(int64_t iv, const char *held, const char *status, size_t meetings)
{
	struct sv_error e = SV_ERROR_INIT;
	struct meetings_follow_up f;
	struct jobbpeng_status st;
	struct store_meeting_list l = {0};
	struct store_page page = {0, STORE_PAGE_MAX};

	fx_as(F.cou);
	fx_ok(meetings_follow_up_status(&F.s, iv, &f, &e), &e, "follow-up");
	assert_int_equal(f.last_held, D(held));
	assert_int_equal(f.planned, 0);
	fx_ok(jobbpeng_status(&F.s, iv, &st, &e), &e, "jobbpeng");
	/* JP-5: start Monday 2024-03-04 + 3 months = Tuesday 2024-06-04. */
	assert_int_equal(st.follow_up_due, D("2024-06-04"));
	assert_string_equal(st.follow_up_status, status);
	jobbpeng_status_release(&st);
	fx_ok(meetings_list(&F.s, iv, "follow_up", page, &l, &e), &e, "list");
	assert_int_equal(l.n, meetings);
	for (size_t i = 0; i < l.n; i++)
		assert_string_equal(l.v[i].outcome, "held");
	store_meeting_list_release(&l);
}

/* JP-5, KV-35: one canonical record of the follow-up meeting, whichever
 * route records it: the meeting's outcome (meetings_outcome) or the older
 * casework route (jobbpeng_follow_up), which records the outcome of the
 * meeting booked for that day instead of writing a second one. */
static void test_follow_up_one_record(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_meeting m = {0};
	struct meeting_input in = meeting("follow_up", "2024-06-04", 8);
	int64_t a, b, c, id;

	(void)state;
	FX_NEED();
	a = fx_intervention_code(F.cust, F.prov, "2024-03-04", "JP");
	b = fx_intervention_code(fx_customer("Bo", F.unit, NULL), F.prov, "2024-03-04", "JP");
	c = fx_intervention_code(fx_customer("Cilla", F.unit, NULL), F.prov, "2024-03-04", "JP");

	/* a: booked by the provider, recorded through the older route on the
	 * day (the provider may, JP-5): the booked meeting becomes held. */
	fx_at("2024-05-20", 9);
	fx_as(F.pst);
	fx_ok(meetings_book(&F.s, a, &in, &m, &e), &e, "book a");
	store_meeting_release(&m);
	fx_at("2024-06-04", 12);
	fx_ok(jobbpeng_follow_up(&F.s, a, D("2024-06-04"), "Uppföljning hållen.", &e), &e,
	      "old route");
	expect_follow_up(a, "2024-06-04", "met_on_time", 1);

	/* b: booked, recorded through the meeting's outcome with the
	 * counsellor's plan decision (KV-35): the same obligation is met. */
	fx_at("2024-05-20", 9);
	fx_as(F.pst);
	fx_ok(meetings_book(&F.s, b, &in, &m, &e), &e, "book b");
	id = m.id;
	store_meeting_release(&m);
	fx_at("2024-06-04", 12);
	fx_as(F.cou);
	fx_ok(meetings_outcome(&F.s, id, "held", "plan_valid", NULL, &m, &e), &e, "outcome");
	store_meeting_release(&m);
	expect_follow_up(b, "2024-06-04", "met_on_time", 1);
	/* Recorded again through the older route: nothing booked is left, so a
	 * second held meeting (a later follow-up) is written. */
	fx_at("2024-06-05", 12);
	fx_ok(jobbpeng_follow_up(&F.s, b, D("2024-06-05"), NULL, &e), &e, "again");
	expect_follow_up(b, "2024-06-05", "met_on_time", 2);

	/* c: nothing booked, recorded late through the older route on
	 * Monday 2024-06-10: one held meeting, the obligation met late. */
	fx_at("2024-06-10", 12);
	fx_as(F.pst);
	fx_ok(jobbpeng_follow_up(&F.s, c, D("2024-06-10"), NULL, &e), &e, "late");
	expect_follow_up(c, "2024-06-10", "met_late", 1);
}

static void test_bad_bookings(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_meeting m = {0};
	struct meeting_input in = meeting("start_up", "2024-03-12", 9);
	struct store_meeting_list l = {0};
	struct store_page page = {0, 0};

	(void)state;
	FX_NEED();
	fx_at("2024-03-05", 9);
	fx_as(F.cou);
	/* The start-up meeting is the start-up use case's, not a booking here. */
	assert_rc(meetings_book(&F.s, F.iv, &in, &m, &e), SV_EINVAL);
	assert_string_equal(e.field, "kind");
	sv_error_clear(&e);
	in = meeting("three_party", "2024-03-12", 9);
	in.ends_at = in.starts_at;
	assert_rc(meetings_book(&F.s, F.iv, &in, &m, &e), SV_EINVAL);
	assert_string_equal(e.field, "ends_at");
	sv_error_clear(&e);
	fx_as(F.fin);
	in = meeting("three_party", "2024-03-12", 9);
	assert_rc(meetings_book(&F.s, F.iv, &in, &m, &e), SV_EFORBIDDEN);
	fx_as(F.cou);
	fx_ok(meetings_list(&F.s, F.iv, NULL, page, &l, &e), &e, "list");
	assert_int_equal(l.n, 0);
	store_meeting_list_release(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_three_party_and_ics, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_protected_location, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_follow_up, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_follow_up_jobbpeng, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_follow_up_one_record, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_bad_bookings, fx_setup, fx_teardown),
	};
	return fx_run("meetings", tests, sizeof(tests) / sizeof(tests[0]));
}
