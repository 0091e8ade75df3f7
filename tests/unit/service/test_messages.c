/*
 * Messages, personal-data incidents, staff changes and the referral list
 * through the use cases, on both backends: addressing by the case, inboxes
 * per role, reading by the recipient only; KV-80's 72 hours and the
 * dpo's assessment once; KV-83's first-day access; KV-7 from the pack.
 */
#include "docs_fixture.h"

#include "service/incidents.h"
#include "service/messages.h"
#include "service/provider_duties.h"

#define HOUR ((sv_time)3600 * 1000000)

static void test_messages(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_message m = {0};
	struct store_message_list l = {0};
	struct store_page page = {0, 0};
	int64_t from_provider, to_provider;

	(void)state;
	FX_NEED();
	fx_at("2024-03-06", 9);
	/* The provider writes to the case's counsellor (KV-33). */
	fx_as(F.pst);
	fx_ok(messages_send(&F.s, F.iv, "other_intervention", "Behov av FAI1?", &m, &e), &e,
	      "send");
	from_provider = m.id;
	assert_int_equal(m.to_user_id, F.cou);
	assert_int_equal(m.from_user_id, F.pst);
	store_message_release(&m);
	/* The counsellor answers: no case worker named, so to the provider. */
	fx_as(F.cou);
	fx_ok(messages_send(&F.s, F.iv, "general", "Vi tar det på uppföljningen.", &m, &e), &e,
	      "reply");
	to_provider = m.id;
	assert_int_equal(m.to_user_id, 0);
	store_message_release(&m);

	/* Inboxes: the counsellor has the provider's message, unread. */
	fx_ok(messages_inbox(&F.s, true, page, &l, &e), &e, "inbox");
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].id, from_provider);
	store_message_list_release(&l);
	/* The provider's staff have the answer; the other provider nothing. */
	fx_as(F.pst);
	fx_ok(messages_inbox(&F.s, false, page, &l, &e), &e, "inbox");
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].id, to_provider);
	store_message_list_release(&l);
	fx_as(F.pst2);
	fx_ok(messages_inbox(&F.s, false, page, &l, &e), &e, "inbox");
	assert_int_equal(l.n, 0);
	store_message_list_release(&l);
	assert_rc(messages_get(&F.s, from_provider, &m, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	assert_rc(messages_list_case(&F.s, F.iv, page, &l, &e), SV_ENOTFOUND);

	/* Only the recipient marks a message read. */
	sv_error_clear(&e);
	fx_as(F.pst);
	assert_rc(messages_mark_read(&F.s, from_provider, &m, &e), SV_ESTATE);
	assert_string_equal(e.field, "to_user_id");
	sv_error_clear(&e);
	fx_as(F.cou);
	fx_at("2024-03-06", 10);
	fx_ok(messages_mark_read(&F.s, from_provider, &m, &e), &e, "read");
	assert_true(m.read_at == F.s.now);
	store_message_release(&m);
	fx_ok(messages_inbox(&F.s, true, page, &l, &e), &e, "inbox");
	assert_int_equal(l.n, 0);
	store_message_list_release(&l);

	/* Topics are a closed list; bodies are not blank. */
	assert_rc(messages_send(&F.s, F.iv, "gossip", "x", &m, &e), SV_EINVAL);
	assert_string_equal(e.field, "topic");
	sv_error_clear(&e);
	assert_rc(messages_send(&F.s, F.iv, "general", " \n", &m, &e), SV_EINVAL);
	assert_string_equal(e.field, "body");
	/* The message event holds no text (data-model.md). */
	assert_null(strstr(fx_last_payload(F.cust, "message.sent"), "uppföljningen"));
}

static void test_incidents(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct incident_input in = {0};
	struct incident_view v = {0};
	struct incident_view *list = NULL;
	struct store_page page = {0, 0};
	size_t n = 0;
	int64_t next, id, late_id;

	(void)state;
	FX_NEED();
	fx_at("2024-03-11", 9);
	fx_as(F.pst);
	/* Discovered 48 hours ago, about the case: in time (KV-80: 72 hours). */
	in.intervention_id = F.iv;
	in.nature = "suspected";
	in.discovered_at = F.s.now - 48 * HOUR;
	in.description = "Ett e-postmeddelande med kundens planering skickades till fel adress.";
	fx_ok(incidents_report(&F.s, &in, &v, &e), &e, "report");
	id = v.i.id;
	assert_false(v.late);
	assert_true(v.due_at == in.discovered_at + 72 * HOUR);
	assert_true(v.i.message_id > 0);
	assert_int_equal(v.i.customer_id, F.cust);
	incident_view_release(&v);
	{
		/* The case's KV-80 obligation: met on time, due 72 hours after discovery. */
		char key[24];
		struct fx_obl o;
		snprintf(key, sizeof(key), "%" PRId64, id);
		o = fx_obligation(F.iv, "incident_notice", key);
		assert_string_equal(o.rule, "KV-80");
		assert_true(o.due_at == in.discovered_at + 72 * HOUR);
		assert_string_equal(o.status, "met_on_time");
	}
	/* Discovered 73 hours ago, no case named: late. */
	in.intervention_id = 0;
	in.nature = "occurred";
	in.discovered_at = F.s.now - 73 * HOUR;
	fx_ok(incidents_report(&F.s, &in, &v, &e), &e, "report late");
	late_id = v.i.id;
	assert_true(v.late);
	assert_int_equal(v.i.message_id, 0);
	incident_view_release(&v);
	/* Bad input is refused naming the field. */
	in.discovered_at = F.s.now + HOUR;
	assert_rc(incidents_report(&F.s, &in, &v, &e), SV_EINVAL);
	assert_string_equal(e.field, "discovered_at");
	sv_error_clear(&e);
	in.discovered_at = F.s.now - HOUR;
	in.nature = "rumoured";
	assert_rc(incidents_report(&F.s, &in, &v, &e), SV_EINVAL);
	assert_string_equal(e.field, "nature");
	sv_error_clear(&e);
	/* Counsellors do not report them (the provider does). */
	fx_as(F.cou);
	in.nature = "occurred";
	assert_rc(incidents_report(&F.s, &in, &v, &e), SV_EFORBIDDEN);
	sv_error_clear(&e);

	/* The counsellor sees the one about the unit's case, not the other. */
	fx_ok(incidents_list(&F.s, false, page, &list, &n, &next, &e), &e, "list");
	assert_int_equal(n, 1);
	assert_int_equal(list[0].i.id, id);
	incidents_list_release(list, n);
	/* Another provider sees none; the dpo sees both. */
	fx_as(F.pst2);
	fx_ok(incidents_list(&F.s, false, page, &list, &n, &next, &e), &e, "list");
	assert_int_equal(n, 0);
	incidents_list_release(list, n);
	assert_rc(incidents_get(&F.s, late_id, &v, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	fx_as(F.dpo);
	fx_ok(incidents_list(&F.s, true, page, &list, &n, &next, &e), &e, "list");
	assert_int_equal(n, 2);
	incidents_list_release(list, n);

	/* Only the dpo assesses, once; a high risk is told to the persons. */
	fx_as(F.cou);
	assert_rc(incidents_assess(&F.s, id, "risk", "Bedömning", true, false, &v, &e),
	          SV_EFORBIDDEN);
	sv_error_clear(&e);
	fx_as(F.dpo);
	assert_rc(incidents_assess(&F.s, id, "high_risk", "Bedömning", true, false, &v, &e),
	          SV_EINVAL);
	assert_string_equal(e.field, "notify_persons");
	sv_error_clear(&e);
	fx_ok(incidents_assess(&F.s, id, "risk", "Anmäls till IMY inom 72 timmar.", true, false, &v,
	                       &e),
	      &e, "assess");
	assert_string_equal(v.i.risk, "risk");
	assert_true(v.i.notify_authority);
	assert_int_equal(v.i.assessed_by, F.dpo);
	incident_view_release(&v);
	assert_rc(incidents_assess(&F.s, id, "none", "igen", false, false, &v, &e), SV_ESTATE);
	sv_error_clear(&e);
	fx_ok(incidents_list(&F.s, true, page, &list, &n, &next, &e), &e, "list");
	assert_int_equal(n, 1);
	assert_int_equal(list[0].i.id, late_id);
	incidents_list_release(list, n);
	/* Events hold no description. */
	assert_null(strstr(fx_last_payload(F.cust, "incident.discovered"), "e-post"));
}

static void test_staff_and_referrals(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct staff_change_input in = {0};
	struct store_staff_change c = {0};
	struct store_staff_change_list l = {0};
	struct store_page page = {0, 0};
	const struct rules_referral *ref[64];
	size_t n = 0;

	(void)state;
	FX_NEED();
	fx_at("2024-03-11", 9);
	fx_as(F.pst);
	in.kind = "joined";
	in.staff_name = "Kim Nyström";
	in.staff_role = "jobbexpert";
	in.effective_on = D("2024-03-04");
	in.access_requested_on = D("2024-03-06");
	/* KV-83: access was applied for two days after the first day. */
	fx_ok(staff_changes_report(&F.s, &in, &c, &e), &e, "report");
	assert_int_equal(c.provider_id, F.prov);
	assert_true(staff_change_access_late(&c));
	store_staff_change_release(&c);
	in.kind = "left";
	assert_rc(staff_changes_report(&F.s, &in, &c, &e), SV_EINVAL);
	assert_string_equal(e.field, "access_requested_on");
	sv_error_clear(&e);
	in.access_requested_on = SV_NO_DATE;
	in.user_id = F.pst2; /* another provider's account */
	assert_rc(staff_changes_report(&F.s, &in, &c, &e), SV_EINVAL);
	assert_string_equal(e.field, "user_id");
	sv_error_clear(&e);
	/* The municipality reads them; the other provider does not see them. */
	fx_as(F.sup);
	fx_ok(staff_changes_list(&F.s, 0, page, &l, &e), &e, "list");
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].staff_name, "Kim Nyström");
	store_staff_change_list_release(&l);
	fx_as(F.pst2);
	fx_ok(staff_changes_list(&F.s, 0, page, &l, &e), &e, "list");
	assert_int_equal(l.n, 0);
	store_staff_change_list_release(&l);
	in.user_id = F.pst; /* provider 1's account, seen from provider 2 */
	assert_rc(staff_changes_report(&F.s, &in, &c, &e), SV_EINVAL);
	assert_string_equal(e.field, "user_id");

	/* KV-7: the referral list of the 2024 Kundval pack, shown to provider staff. */
	sv_error_clear(&e);
	fx_as(F.pst);
	fx_ok(referrals_list(&F.s, ref, 64, &n, &e), &e, "referrals");
	assert_int_equal(n, 12);
	assert_string_equal(ref[7]->topic, "Ekonomiskt bistånd");
	assert_string_equal(ref[7]->goes_to, "Ansvarig socialsekreterare på ekonomiskt bistånd");
	assert_string_equal(ref[0]->m.rule, "KV-7");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_messages, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_incidents, fx_setup, fx_teardown),
	        cmocka_unit_test_setup_teardown(test_staff_and_referrals, fx_setup, fx_teardown),
	};
	return fx_run("messages", tests, sizeof(tests) / sizeof(tests[0]));
}
