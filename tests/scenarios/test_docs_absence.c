/*
 * Scenario: absence and the provider's other reports through the HTTP API
 * on a fixed clock (AMI2 from Monday 2024-03-04): sickness past day 8 with
 * a late certificate (KV-41), unexcused absence on time and late (KV-44),
 * leave over 14 days (KV-3), a personal-data incident past 72 hours and
 * its assessment (KV-80), a staff change (KV-83) and the referral list
 * (KV-7). Dates worked out by hand from the Kundval pack and the Swedish
 * calendar (CAL-3, CAL-4).
 */
#include "harness_case.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static long call(struct scn *w, enum scn_role r, const char *method, const char *body,
                 struct tc_resp *out, const char *path_fmt, ...)
        __attribute__((format(printf, 6, 7)));
static long call(struct scn *w, enum scn_role r, const char *method, const char *body,
                 struct tc_resp *out, const char *path_fmt, ...)
{
	char path[256];
	va_list ap;

	va_start(ap, path_fmt);
	vsnprintf(path, sizeof(path), path_fmt, ap);
	va_end(ap);
	return tc_call(&w->c[r], method, path, body, NULL, out);
}

static const char *field0(json_t *body)
{
	return tc_jstr(json_array_get(tc_jget(body, "error.fields"), 0), "field");
}

static int64_t running(struct scn *w, const char *pid, const char *birth, const char *day)
{
	int64_t cust = scn_customer(w, pid, birth), iv;
	char body[128], st[16];

	iv = scn_grant(w, cust, "AMI2", w->prov);
	scn_act(w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue", (long long)iv);
	scn_act(w, S_PST, 200, "{}", "/api/v1/interventions/%lld/staffing", (long long)iv);
	snprintf(body, sizeof(body), "{\"start_on\":\"%s\",\"brief\":\"Arbetsträning.\"}", day);
	scn_act(w, S_COU, 200, body, "/api/v1/interventions/%lld/assignment", (long long)iv);
	snprintf(body, sizeof(body), "{\"held_on\":\"%s\"}", day);
	scn_act(w, S_PST, 200, body, "/api/v1/interventions/%lld/startup-meeting", (long long)iv);
	CHECK(!strcmp(scn_state(w, iv, st), "running"), "running, got %s", st);
	return iv;
}

static void sickness(struct scn *w, int64_t iv)
{
	struct tc_resp r;
	int64_t id;
	long s;

	/* Monday 2024-03-11: sick from today, reported at once. Day 8 (KV-41)
	 * is Monday 2024-03-18, not reached. */
	scn_day(w, "2024-03-11");
	s = call(w, S_PST, "POST", "{\"kind\":\"sick\",\"from_on\":\"2024-03-11\"}", &r,
	         "/api/v1/interventions/%lld/absences", (long long)iv);
	id = tc_jint(r.body, "id", 0);
	CHECK(s == 201 && json_is_false(tc_jget(r.body, "certificate.needed")) &&
	              tc_jis(r.body, "certificate.required_from", "2024-03-18"),
	      "sick from 11 March: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	scn_no_obligation(w, iv, "sick_certificate", "before day 8");

	/* Tuesday 2024-03-19: still sick. Day 8 is recorded; the certificate
	 * is due with the counsellor 7 days later, Monday 2024-03-25. */
	scn_day(w, "2024-03-19");
	s = call(w, S_PST, "PATCH", "{\"note\":\"Fortfarande sjuk.\"}", &r, "/api/v1/absences/%lld",
	         (long long)id);
	CHECK(s == 200 && json_is_true(tc_jget(r.body, "certificate.needed")) &&
	              tc_jis(r.body, "certificate.due", "2024-03-25"),
	      "certificate needed, due 25 March: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	scn_obligation(w, iv, "sick_certificate", 0, "2024-03-25", "open", "day 8 passed");
	/* An empty update is refused (400). */
	CHECK(call(w, S_PST, "PATCH", "{}", &r, "/api/v1/absences/%lld", (long long)id) == 400,
	      "empty update");
	tc_resp_release(&r);

	/* Tuesday 2024-03-26: no certificate; the sweep marks it missed. */
	scn_day(w, "2024-03-26");
	scn_sweep(w);
	scn_obligation(w, iv, "sick_certificate", 0, "2024-03-25", "missed", "no certificate");
	CHECK(call(w, S_COU, "GET", NULL, &r, "/api/v1/absences/%lld", (long long)id) == 200 &&
	              json_is_true(tc_jget(r.body, "certificate.late")) &&
	              json_is_true(tc_jget(r.body, "long_sickness")),
	      "late certificate, sick over 14 days (KV-52): %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);

	/* Wednesday 2024-03-27: the certificate arrives, 2 days late; sick until
	 * the 27th. A second delivery is refused (409). */
	scn_day(w, "2024-03-27");
	s = call(w, S_PST, "POST", "{\"delivered_on\":\"2024-03-27\"}", &r,
	         "/api/v1/absences/%lld/certificate", (long long)id);
	CHECK(s == 200 && tc_jis(r.body, "certificate_on", "2024-03-27"), "certificate: %ld", s);
	tc_resp_release(&r);
	scn_obligation(w, iv, "sick_certificate", 0, "2024-03-25", "met_late", "delivered");
	s = call(w, S_PST, "POST", "{\"delivered_on\":\"2024-03-27\"}", &r,
	         "/api/v1/absences/%lld/certificate", (long long)id);
	CHECK(s == 409 && tc_jis(r.body, "error.rule", "KV-41"), "second certificate: %ld", s);
	tc_resp_release(&r);
	s = call(w, S_PST, "PATCH", "{\"to_on\":\"2024-03-27\"}", &r, "/api/v1/absences/%lld",
	         (long long)id);
	CHECK(s == 200 && tc_jis(r.body, "to_on", "2024-03-27"), "sickness ended: %ld", s);
	tc_resp_release(&r);
	/* The other provider sees nothing of it. */
	CHECK(call(w, S_PST2, "GET", NULL, &r, "/api/v1/absences/%lld", (long long)id) == 404,
	      "other provider: 404");
	tc_resp_release(&r);
}

static void unexcused(struct scn *w, int64_t iv)
{
	struct tc_resp r;
	long s;

	/* Monday 2024-03-18: absent without notice on Friday the 15th; three
	 * calls unanswered. KV-44: the notice the same day or the next,
	 * Saturday the 16th, moved to Monday 2024-03-18 (CAL-4). */
	scn_day(w, "2024-03-18");
	s = call(w, S_PST, "POST",
	         "{\"kind\":\"unexcused\",\"from_on\":\"2024-03-15\",\"reason\":\"unreachable\","
	         "\"contact_attempts\":2}",
	         &r, "/api/v1/interventions/%lld/absences", (long long)iv);
	CHECK(s == 422 && tc_jis(r.body, "error.rule", "KV-44") && field0(r.body) &&
	              !strcmp(field0(r.body), "$.contact_attempts"),
	      "two attempts are not unreachable: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	s = call(w, S_PST, "POST",
	         "{\"kind\":\"unexcused\",\"from_on\":\"2024-03-15\",\"reason\":\"unknown\"}", &r,
	         "/api/v1/interventions/%lld/absences", (long long)iv);
	CHECK(s == 422, "unknown reason: %ld", s);
	tc_resp_release(&r);
	s = call(w, S_PST, "POST",
	         "{\"kind\":\"unexcused\",\"from_on\":\"2024-03-15\",\"reason\":\"unreachable\","
	         "\"contact_attempts\":3,\"note\":\"Ringt 9, 11 och 14.\"}",
	         &r, "/api/v1/interventions/%lld/absences", (long long)iv);
	CHECK(s == 201 && tc_jis(r.body, "notice_due", "2024-03-18"), "unexcused: %ld %.*s", s,
	      (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	scn_obligation(w, iv, "unexcused_absence_notice", 0, "2024-03-18", "met_on_time",
	               "reported Monday");
	CHECK(call(w, S_COU, "GET", NULL, &r, "/api/v1/messages?unread=true") == 200 &&
	              tc_jfind(tc_jget(r.body, "items"), "topic", "unexcused_absence"),
	      "the counsellor has the notice");
	tc_resp_release(&r);

	/* Thursday 2024-03-21: a missed meeting on Tuesday the 19th, due
	 * Wednesday the 20th: 1 day late. */
	scn_day(w, "2024-03-21");
	s = call(
	        w, S_PST, "POST",
	        "{\"kind\":\"unexcused\",\"from_on\":\"2024-03-19\",\"reason\":\"missed_meeting\"}",
	        &r, "/api/v1/interventions/%lld/absences", (long long)iv);
	CHECK(s == 201 && tc_jis(r.body, "notice_due", "2024-03-20"), "late notice: %ld", s);
	tc_resp_release(&r);
	scn_obligation(w, iv, "unexcused_absence_notice", 1, "2024-03-20", "met_late",
	               "reported Thursday");
}

static void leave(struct scn *w, int64_t iv)
{
	struct tc_resp r;
	long s;

	/* Monday 2024-06-03: leave 1-19 July, 19 calendar days in 2024, more
	 * than KV-3's 14: planned absence that ends the intervention; recorded
	 * and told to the counsellor. */
	scn_day(w, "2024-06-03");
	s = call(w, S_PST, "POST", "{\"kind\":\"leave\",\"from_on\":\"2024-07-01\"}", &r,
	         "/api/v1/interventions/%lld/absences", (long long)iv);
	CHECK(s == 422 && tc_jis(r.body, "error.rule", "KV-3"), "leave without a last day: %ld", s);
	tc_resp_release(&r);
	s = call(w, S_PST, "POST",
	         "{\"kind\":\"leave\",\"from_on\":\"2024-07-01\",\"to_on\":\"2024-07-19\"}", &r,
	         "/api/v1/interventions/%lld/absences", (long long)iv);
	CHECK(s == 201 && tc_jint(r.body, "leave.days_this_year", 0) == 19 &&
	              tc_jint(r.body, "leave.limit", 0) == 14 &&
	              json_is_true(tc_jget(r.body, "leave.ends_intervention")),
	      "leave over 14 days: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(call(w, S_COU, "GET", NULL, &r, "/api/v1/messages?unread=true") == 200 &&
	              tc_jfind(tc_jget(r.body, "items"), "topic", "planned_absence"),
	      "the counsellor is told");
	tc_resp_release(&r);
	/* Other kinds are not planned ahead. */
	s = call(w, S_PST, "POST", "{\"kind\":\"sick\",\"from_on\":\"2024-06-10\"}", &r,
	         "/api/v1/interventions/%lld/absences", (long long)iv);
	CHECK(s == 422 && field0(r.body) && !strcmp(field0(r.body), "$.from_on"),
	      "sickness in the future: %ld", s);
	tc_resp_release(&r);
	CHECK(call(w, S_COU, "GET", NULL, &r, "/api/v1/interventions/%lld/absences",
	           (long long)iv) == 200 &&
	              json_array_size(tc_jget(r.body, "items")) == 4,
	      "four absences listed: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
}

static void incident_and_staff(struct scn *w, int64_t iv)
{
	struct tc_resp r;
	char body[512];
	int64_t id;
	long s;

	/* Tuesday 2024-06-04 (the server's clock is that day at the moment of
	 * the request): discovered on Friday 31 May at 08:00 Stockholm time,
	 * more than 72 hours earlier (KV-80, hours, never moved). */
	scn_day(w, "2024-06-04");
	snprintf(body, sizeof(body),
	         "{\"intervention_id\":%lld,\"nature\":\"occurred\",\"discovered_at\":"
	         "\"2024-05-31T08:00\",\"description\":\"En lista med kunder skickades till fel "
	         "mottagare.\"}",
	         (long long)iv);
	s = call(w, S_PST, "POST", body, &r, "/api/v1/incidents");
	id = tc_jint(r.body, "id", 0);
	CHECK(s == 201 && json_is_true(tc_jget(r.body, "late")) &&
	              tc_jis(r.body, "notice_due_at", "2024-06-03T06:00:00.000Z"),
	      "incident reported late: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	scn_obligation(w, iv, "incident_notice", 0, "2024-06-03", "met_late", "incident");
	CHECK(call(w, S_COU, "POST",
	           "{\"nature\":\"occurred\",\"discovered_at\":\"2024-06-01T08:00\","
	           "\"description\":\"x\"}",
	           &r, "/api/v1/incidents") == 403,
	      "counsellors do not report incidents");
	tc_resp_release(&r);
	CHECK(call(w, S_COU, "POST",
	           "{\"risk\":\"risk\",\"assessment\":\"x\",\"notify_authority\":true,"
	           "\"notify_persons\":false}",
	           &r, "/api/v1/incidents/%lld/assessment", (long long)id) == 403,
	      "only the dpo assesses");
	tc_resp_release(&r);
	CHECK(call(w, S_PST, "GET", NULL, &r, "/api/v1/incidents/%lld", (long long)id) == 200 &&
	              json_is_null(tc_jget(r.body, "assessment")),
	      "the provider reads its report");
	tc_resp_release(&r);
	CHECK(call(w, S_PST2, "GET", NULL, &r, "/api/v1/incidents/%lld", (long long)id) == 404,
	      "another provider does not");
	tc_resp_release(&r);

	/* Staff change (KV-83) and the referral list (KV-7). */
	s = call(w, S_PST, "POST",
	         "{\"kind\":\"joined\",\"staff_name\":\"Kim Nyström\",\"effective_on\":"
	         "\"2024-06-03\",\"access_requested_on\":\"2024-06-03\"}",
	         &r, "/api/v1/staff-changes");
	CHECK(s == 201 && json_is_false(tc_jget(r.body, "access_late")), "staff change: %ld %.*s",
	      s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(call(w, S_SUP, "GET", NULL, &r, "/api/v1/staff-changes") == 200 &&
	              json_array_size(tc_jget(r.body, "items")) == 1,
	      "the supervisor sees it");
	tc_resp_release(&r);
	CHECK(call(w, S_PST2, "GET", NULL, &r, "/api/v1/staff-changes") == 200 &&
	              json_array_size(tc_jget(r.body, "items")) == 0,
	      "the other provider does not");
	tc_resp_release(&r);
	CHECK(call(w, S_PST, "GET", NULL, &r, "/api/v1/referrals") == 200 &&
	              json_array_size(tc_jget(r.body, "items")) == 12 &&
	              tc_jfind(tc_jget(r.body, "items"), "topic", "Ekonomiskt bistånd"),
	      "the referral list: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
}

int main(int argc, char **argv)
{
	struct scn w;
	int64_t iv;

	scn_init(&w, argc > 1 ? argv[1] : "sqlite");
	scn_day(&w, "2024-03-04");
	iv = running(&w, "198809095675", "1988-09-09", "2024-03-04");
	sickness(&w, iv);
	unexcused(&w, iv);
	leave(&w, iv);
	incident_and_staff(&w, iv);
	scn_done(&w);
	return tc_summary();
}
