/*
 * Scenario: the provider's documents through the HTTP API on a fixed clock
 * (AMI2 from Monday 2024-03-04): a plan returned and approved (KV-24,
 * KV-25), every illegal document transition refused with 409 and no change,
 * a late monthly report that is returned and resubmitted late (KV-32), a
 * final report in time, late and too late (KV-61, KV-63, KV-64), messages
 * between provider and counsellor, and a three-party meeting's .ics.
 * Every due date is worked out by hand from the Kundval pack
 * (rules/se-nacka-kundval-2024.json) and the Swedish calendar (CAL-3, CAL-4).
 */
#include "harness_case.h"

#include <string.h>

static const char *const plan = "{\"sections\":{\"goals\":\"Arbete inom lager.\","
                                "\"activities\":\"Arbetsträning tre dagar i veckan.\"}}";
static const char *const report =
        "{\"sections\":{\"progression\":\"Deltar enligt plan.\",\"adjustments\":\"Ej aktuellt, "
        "planen gäller.\",\"absence\":\"Ej aktuellt, ingen frånvaro.\",\"other_absence\":\"Ej "
        "aktuellt, ingen frånvaro.\",\"other_intervention\":\"Ej aktuellt, inget behov.\","
        "\"deviations\":\"Ej aktuellt, inga avvikelser.\"}}";

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

/* A running AMI2 intervention of a new customer, started on day (today). */
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
	CHECK(!strcmp(scn_state(w, iv, st), "running"), "intervention %lld running, got %s",
	      (long long)iv, st);
	return iv;
}

/* The document's state and version as the counsellor reads them. */
static void expect_doc(struct scn *w, int64_t doc, const char *state, int version,
                       const char *where)
{
	struct tc_resp r;

	CHECK(call(w, S_COU, "GET", NULL, &r, "/api/v1/documents/%lld", (long long)doc) == 200 &&
	              tc_jis(r.body, "state", state) &&
	              tc_jint(r.body, "current_version", 0) == version,
	      "%s: document %lld should be %s v%d: %.*s", where, (long long)doc, state, version,
	      (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
}

/* An illegal action: 409 naming the action and the state, and nothing changes. */
static void refused(struct scn *w, enum scn_role role, const char *method, const char *body,
                    int64_t doc, const char *verb, const char *action, const char *state,
                    int version)
{
	struct tc_resp r;
	char path[128];
	long s;

	snprintf(path, sizeof(path), "/api/v1/documents/%lld/%s", (long long)doc, verb);
	s = tc_call(&w->c[role], method, path, body, NULL, &r);
	CHECK(s == 409, "%s %s in state %s: %ld, want 409", method, path, state, s);
	CHECK(tc_jstr(r.body, "error.message") &&
	              strstr(tc_jstr(r.body, "error.message"), action) &&
	              strstr(tc_jstr(r.body, "error.message"), state),
	      "%s in state %s: the message names both: %.*s", action, state, (int)r.raw.len,
	      r.raw.data);
	tc_resp_release(&r);
	expect_doc(w, doc, state, version, path);
}

static void plan_returned(struct scn *w, int64_t iv)
{
	struct tc_resp r;
	int64_t doc;
	long s;

	/* Wednesday 2024-03-06: a draft without content. */
	scn_day(w, "2024-03-06");
	s = call(w, S_PST, "PUT", "{}", &r, "/api/v1/interventions/%lld/plan", (long long)iv);
	doc = tc_jint(r.body, "id", 0);
	CHECK(s == 200 && tc_jis(r.body, "state", "draft") && doc, "plan draft: %ld", s);
	tc_resp_release(&r);
	/* Illegal in draft: approve, return. */
	refused(w, S_COU, "POST", NULL, doc, "approve", "approve", "draft", 1);
	refused(w, S_COU, "POST", "{\"comment\":\"x\"}", doc, "return", "return", "draft", 1);
	/* KV-24: an empty plan cannot be submitted: 422 naming the field. */
	s = call(w, S_PST, "POST", NULL, &r, "/api/v1/documents/%lld/submit", (long long)doc);
	CHECK(s == 422 && tc_jis(r.body, "error.rule", "KV-24") &&
	              tc_jis(json_array_get(tc_jget(r.body, "error.fields"), 0), "field",
	                     "$.sections"),
	      "empty plan refused: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	expect_doc(w, doc, "draft", 1, "after the refused submission");

	/* Submitted the same day. KV-24: due 2024-03-04 + 14 = Monday 2024-03-18.
	 * KV-25: approval within 5 working days of 6 March: 7, 8, 11, 12, 13:
	 * Wednesday 2024-03-13. */
	s = call(w, S_PST, "POST", plan, &r, "/api/v1/documents/%lld/submit", (long long)doc);
	CHECK(s == 200 && tc_jis(r.body, "state", "submitted") &&
	              tc_jis(r.body, "title", "Genomförandeplan"),
	      "plan submitted: %ld", s);
	tc_resp_release(&r);
	scn_obligation(w, iv, "plan_submission", 0, "2024-03-18", "met_on_time", "plan sent");
	scn_obligation(w, iv, "plan_approval", 0, "2024-03-13", "open", "plan sent");
	/* Illegal in submitted: submit, save a draft, revise; the provider cannot review. */
	refused(w, S_PST, "POST", NULL, doc, "submit", "submit", "submitted", 1);
	refused(w, S_PST, "POST", NULL, doc, "revise", "revise", "submitted", 1);
	s = call(w, S_PST, "PUT", plan, &r, "/api/v1/interventions/%lld/plan", (long long)iv);
	CHECK(s == 409, "a draft of a submitted plan: %ld", s);
	tc_resp_release(&r);
	CHECK(call(w, S_PST, "POST", NULL, &r, "/api/v1/documents/%lld/approve", (long long)doc) ==
	              403,
	      "the provider cannot approve (X-3)");
	tc_resp_release(&r);
	/* Another provider does not see it at all. */
	CHECK(call(w, S_PST2, "GET", NULL, &r, "/api/v1/documents/%lld", (long long)doc) == 404,
	      "other provider: 404");
	tc_resp_release(&r);

	/* Friday 2024-03-08: returned; a return needs a comment (KV-25). */
	scn_day(w, "2024-03-08");
	s = call(w, S_COU, "POST", "{\"comment\":\"   \"}", &r, "/api/v1/documents/%lld/return",
	         (long long)doc);
	CHECK(s == 422 && tc_jis(json_array_get(tc_jget(r.body, "error.fields"), 0), "field",
	                         "$.comment"),
	      "blank comment: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	expect_doc(w, doc, "submitted", 1, "after the blank comment");
	s = call(w, S_COU, "POST", "{\"comment\":\"Delmålen saknas.\"}", &r,
	         "/api/v1/documents/%lld/return", (long long)doc);
	CHECK(s == 200 && tc_jis(r.body, "state", "returned") &&
	              tc_jis(json_array_get(tc_jget(r.body, "reviews"), 0), "comment",
	                     "Delmålen saknas."),
	      "returned with its comment: %ld", s);
	tc_resp_release(&r);
	refused(w, S_COU, "POST", NULL, doc, "approve", "approve", "returned", 1);
	refused(w, S_COU, "POST", "{\"comment\":\"igen\"}", doc, "return", "return", "returned", 1);

	/* Monday 2024-03-11: resubmitted as version 2 (version 1 is kept).
	 * KV-25: 5 working days from the 11th: Monday 2024-03-18. */
	scn_day(w, "2024-03-11");
	s = call(w, S_PST, "POST", plan, &r, "/api/v1/documents/%lld/submit", (long long)doc);
	CHECK(s == 200 && tc_jint(r.body, "current_version", 0) == 2 &&
	              json_array_size(tc_jget(r.body, "versions")) == 2,
	      "resubmitted as version 2: %ld", s);
	tc_resp_release(&r);
	scn_obligation(w, iv, "plan_approval", 1, "2024-03-18", "open", "resubmitted");

	/* Friday 2024-03-15: approved. "Returns included" (KV-25): the first
	 * submission's approval was due the 13th, met 2 days late; the
	 * resubmission's, due the 18th, on time. */
	scn_day(w, "2024-03-15");
	scn_doc_review(w, doc, NULL);
	expect_doc(w, doc, "approved", 2, "approved");
	scn_obligation(w, iv, "plan_approval", 0, "2024-03-13", "met_late", "approved");
	scn_obligation(w, iv, "plan_approval", 1, "2024-03-18", "met_on_time", "approved");
	refused(w, S_PST, "POST", NULL, doc, "submit", "submit", "approved", 2);
	refused(w, S_COU, "POST", NULL, doc, "approve", "approve", "approved", 2);
	refused(w, S_COU, "POST", "{\"comment\":\"x\"}", doc, "return", "return", "approved", 2);
	/* KV-31: a revision starts version 3 as a draft; the approved one stays. */
	s = call(w, S_PST, "POST", NULL, &r, "/api/v1/documents/%lld/revise", (long long)doc);
	CHECK(s == 200 && tc_jis(r.body, "state", "draft") &&
	              tc_jint(r.body, "current_version", 0) == 3,
	      "revision started: %ld", s);
	tc_resp_release(&r);
}

static void late_monthly_report(struct scn *w, int64_t iv)
{
	struct tc_resp r;
	int64_t doc;
	long s;

	/* Wednesday 2024-03-20: March's draft; March is not over: 409. */
	scn_day(w, "2024-03-20");
	s = call(w, S_PST, "PUT", report, &r, "/api/v1/interventions/%lld/monthly-reports/2024-03",
	         (long long)iv);
	doc = tc_jint(r.body, "id", 0);
	CHECK(s == 200 && tc_jis(r.body, "period", "2024-03") &&
	              tc_jis(r.body, "title", "Månadsrapport, mars 2024") &&
	              json_array_size(tc_jget(r.body, "template")) == 6,
	      "March draft with the AMI template's 6 sections: %ld", s);
	tc_resp_release(&r);
	/* KV-32: submitted from the first day after the month (409). */
	s = call(w, S_PST, "POST", NULL, &r, "/api/v1/documents/%lld/submit", (long long)doc);
	CHECK(s == 409 && tc_jis(r.body, "error.rule", "KV-32") &&
	              strstr(tc_jstr(r.body, "error.message") ? tc_jstr(r.body, "error.message")
	                                                      : "",
	                     "2024-04-01"),
	      "March is not over: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	/* Only plans are revised (KV-31): 422. */
	s = call(w, S_PST, "POST", NULL, &r, "/api/v1/documents/%lld/revise", (long long)doc);
	CHECK(s == 422 && tc_jis(r.body, "error.rule", "KV-31"), "revise a report: %ld", s);
	tc_resp_release(&r);
	expect_doc(w, doc, "draft", 1, "after the refused actions");
	/* Bad months: not a month (400), before the start (422, KV-32), a
	 * section outside the template (422, KV-32a). */
	s = call(w, S_PST, "PUT", report, &r, "/api/v1/interventions/%lld/monthly-reports/2024-13",
	         (long long)iv);
	CHECK(s == 400, "month 2024-13: %ld", s);
	tc_resp_release(&r);
	s = call(w, S_PST, "PUT", report, &r, "/api/v1/interventions/%lld/monthly-reports/2024-02",
	         (long long)iv);
	CHECK(s == 422 && tc_jis(r.body, "error.rule", "KV-32"), "February: %ld", s);
	tc_resp_release(&r);
	s = call(w, S_PST, "PUT", "{\"sections\":{\"weather\":\"sol\"}}", &r,
	         "/api/v1/interventions/%lld/monthly-reports/2024-03", (long long)iv);
	CHECK(s == 422 && tc_jis(r.body, "error.rule", "KV-32a") &&
	              tc_jis(json_array_get(tc_jget(r.body, "error.fields"), 0), "field",
	                     "$.sections.weather"),
	      "unknown section: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	s = call(w, S_PST, "PUT", "{\"sections\":{\"progression\":5}}", &r,
	         "/api/v1/interventions/%lld/monthly-reports/2024-03", (long long)iv);
	CHECK(s == 400, "a section that is not text: %ld", s);
	tc_resp_release(&r);

	/* Wednesday 2024-04-10: "Ej aktuellt" without a reason is refused (KV-32);
	 * then submitted. Due 7 April, a Sunday, moved to Monday 2024-04-08:
	 * met 2 days late. */
	scn_day(w, "2024-04-10");
	s = call(w, S_PST, "POST",
	         "{\"sections\":{\"progression\":\"Deltar.\",\"adjustments\":\"Nej.\",\"absence\":"
	         "\"Ej aktuellt\",\"other_absence\":\"Nej.\",\"other_intervention\":\"Nej.\","
	         "\"deviations\":\"Nej.\"}}",
	         &r, "/api/v1/documents/%lld/submit", (long long)doc);
	CHECK(s == 422 && tc_jis(r.body, "error.rule", "KV-32") &&
	              tc_jis(json_array_get(tc_jget(r.body, "error.fields"), 0), "field",
	                     "$.sections.absence"),
	      "Ej aktuellt without a reason: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	expect_doc(w, doc, "draft", 1, "after the refused report");
	s = call(w, S_PST, "POST", NULL, &r, "/api/v1/documents/%lld/submit", (long long)doc);
	CHECK(s == 200 && tc_jis(r.body, "title", "Månadsrapport, mars 2024, KLAR"),
	      "March KLAR: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	scn_obligation(w, iv, "monthly_report", 0, "2024-04-08", "met_late", "March late");

	/* Thursday 2024-04-11: returned; due again by Friday the 12th. */
	scn_day(w, "2024-04-11");
	scn_doc_review(w, doc, "Beskriv frånvaron.");
	scn_obligation(w, iv, "monthly_report_resubmission", 0, "2024-04-12", "open", "returned");
	/* Monday 2024-04-15: resubmitted 3 days late, approved on time (the
	 * 15th, a Monday). */
	scn_day(w, "2024-04-15");
	s = call(w, S_PST, "POST", report, &r, "/api/v1/documents/%lld/submit", (long long)doc);
	CHECK(s == 200, "resubmitted: %ld", s);
	tc_resp_release(&r);
	scn_obligation(w, iv, "monthly_report_resubmission", 0, "2024-04-12", "met_late",
	               "resubmitted");
	scn_doc_review(w, doc, NULL);
	scn_obligation(w, iv, "monthly_report_approval", 0, "2024-04-15", "met_on_time",
	               "approved");
	CHECK(call(w, S_COU, "GET", NULL, &r,
	           "/api/v1/interventions/%lld/documents?kind=monthly_report",
	           (long long)iv) == 200 &&
	              json_array_size(tc_jget(r.body, "items")) == 1,
	      "one monthly report listed");
	tc_resp_release(&r);
}

/* End the intervention on end_on as the counsellor (decision today). */
static void end_on(struct scn *w, int64_t iv, const char *end)
{
	char body[96];

	snprintf(body, sizeof(body), "{\"reason\":\"no_progression\",\"end_on\":\"%s\"}", end);
	scn_act(w, S_COU, 200, body, "/api/v1/interventions/%lld/end", (long long)iv);
}

static const char *const final_body =
        "{\"sections\":{\"summary\":\"Ingen progression.\"},\"body\":{\"outcome\":"
        "\"not_reached\",\"next_step\":\"FAI1 arbetsprövning\"}}";

static void final_reports(struct scn *w)
{
	struct tc_resp r;
	int64_t a, b, c, doc;
	long s;

	scn_day(w, "2024-03-04");
	a = running(w, "199207042343", "1992-07-04", "2024-03-04");
	b = running(w, "197801153458", "1978-01-15", "2024-03-04");
	c = running(w, "199502284566", "1995-02-28", "2024-03-04");

	/* Friday 2024-04-05: all three end early by decision today. KV-61: the
	 * final report within two weeks of the decision: Friday 2024-04-19.
	 * KV-63: at the latest 14 days after the end. For b the end is 19 April,
	 * so KV-63 runs to Friday 2024-05-03. */
	scn_day(w, "2024-04-05");
	end_on(w, a, "2024-04-05");
	end_on(w, b, "2024-04-19");
	end_on(w, c, "2024-04-05");

	/* In time: Friday 2024-04-12. KV-64: without a next step it is refused. */
	scn_day(w, "2024-04-12");
	s = call(w, S_PST, "PUT",
	         "{\"sections\":{\"summary\":\"Ingen progression.\"},\"body\":{\"outcome\":"
	         "\"not_reached\"}}",
	         &r, "/api/v1/interventions/%lld/final-report", (long long)a);
	doc = tc_jint(r.body, "id", 0);
	CHECK(s == 200, "final draft: %ld", s);
	tc_resp_release(&r);
	s = call(w, S_PST, "POST", NULL, &r, "/api/v1/documents/%lld/submit", (long long)doc);
	CHECK(s == 422 && tc_jis(r.body, "error.rule", "KV-64") &&
	              tc_jis(json_array_get(tc_jget(r.body, "error.fields"), 0), "field",
	                     "$.body.next_step"),
	      "no next step: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	expect_doc(w, doc, "draft", 1, "after the refused final report");
	s = call(w, S_PST, "POST", final_body, &r, "/api/v1/documents/%lld/submit", (long long)doc);
	CHECK(s == 200, "final report in time: %ld", s);
	tc_resp_release(&r);
	scn_obligation(w, a, "final_report_early_end", 0, "2024-04-19", "met_on_time", "in time");
	scn_obligation(w, a, "final_report_last_chance", 0, "2024-04-19", "met_on_time", "in time");

	/* Late: Thursday 2024-04-25, after KV-61's 19 April but within KV-63's
	 * window to 3 May: accepted, KV-61 met 6 days late. */
	scn_day(w, "2024-04-25");
	s = call(w, S_PST, "PUT", final_body, &r, "/api/v1/interventions/%lld/final-report",
	         (long long)b);
	doc = tc_jint(r.body, "id", 0);
	tc_resp_release(&r);
	s = call(w, S_PST, "POST", NULL, &r, "/api/v1/documents/%lld/submit", (long long)doc);
	CHECK(s == 200, "late final report accepted: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	scn_obligation(w, b, "final_report_early_end", 0, "2024-04-19", "met_late", "late");
	scn_obligation(w, b, "final_report_last_chance", 0, "2024-05-03", "met_on_time", "late");

	/* Too late: c ended on 5 April, its last day was Friday 2024-04-19; on
	 * the 25th the report is refused (409, KV-63) and stays a draft. */
	s = call(w, S_PST, "PUT", final_body, &r, "/api/v1/interventions/%lld/final-report",
	         (long long)c);
	doc = tc_jint(r.body, "id", 0);
	tc_resp_release(&r);
	s = call(w, S_PST, "POST", NULL, &r, "/api/v1/documents/%lld/submit", (long long)doc);
	CHECK(s == 409 && tc_jis(r.body, "error.rule", "KV-63") &&
	              strstr(tc_jstr(r.body, "error.message") ? tc_jstr(r.body, "error.message")
	                                                      : "",
	                     "2024-04-19"),
	      "too late: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	expect_doc(w, doc, "draft", 1, "too late");
	scn_obligation(w, c, "final_report_last_chance", 0, "2024-04-19", "missed", "too late");
}

static void messages_and_meeting(struct scn *w, int64_t iv)
{
	struct tc_resp r;
	int64_t msg, meeting;
	long s;

	scn_day(w, "2024-04-16");
	s = call(w, S_PST, "POST",
	         "{\"topic\":\"three_party_request\",\"body\":\"Vi önskar ett trepartsmöte.\"}", &r,
	         "/api/v1/interventions/%lld/messages", (long long)iv);
	msg = tc_jint(r.body, "id", 0);
	CHECK(s == 201 && tc_jint(r.body, "to_user_id", 0) == w->user[S_COU], "message: %ld", s);
	tc_resp_release(&r);
	CHECK(call(w, S_COU, "GET", NULL, &r, "/api/v1/messages?unread=true") == 200 &&
	              json_array_size(tc_jget(r.body, "items")) >= 1,
	      "in the counsellor's inbox");
	tc_resp_release(&r);
	CHECK(call(w, S_PST2, "GET", NULL, &r, "/api/v1/messages/%lld", (long long)msg) == 404,
	      "other provider: 404");
	tc_resp_release(&r);
	CHECK(call(w, S_COU, "POST", NULL, &r, "/api/v1/messages/%lld/read", (long long)msg) ==
	                      200 &&
	              tc_jstr(r.body, "read_at"),
	      "read");
	tc_resp_release(&r);
	s = call(w, S_COU, "POST", "{\"topic\":\"gossip\",\"body\":\"x\"}", &r,
	         "/api/v1/interventions/%lld/messages", (long long)iv);
	CHECK(s == 422, "unknown topic: %ld", s);
	tc_resp_release(&r);

	/* The meeting on Tuesday 23 April at 10:00 Stockholm time (CEST, 08:00 UTC). */
	s = call(w, S_COU, "POST",
	         "{\"kind\":\"three_party\",\"starts_at\":\"2024-04-23T10:00\",\"ends_at\":"
	         "\"2024-04-23T11:00\",\"location\":\"Stadshuset, sal 2\"}",
	         &r, "/api/v1/interventions/%lld/meetings", (long long)iv);
	meeting = tc_jint(r.body, "id", 0);
	CHECK(s == 201 && tc_jis(r.body, "starts_at", "2024-04-23T08:00:00.000Z"),
	      "meeting booked: %ld %.*s", s, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	s = call(w, S_PST, "GET", NULL, &r, "/api/v1/meetings/%lld/invitation.ics",
	         (long long)meeting);
	CHECK(s == 200 && strstr(r.content_type, "text/calendar") && r.raw.len > 0 &&
	              !strncmp(r.raw.data, "BEGIN:VCALENDAR\r\n", 17) &&
	              strstr(r.raw.data, "DTSTART;TZID=Europe/Stockholm:20240423T100000\r\n") &&
	              strstr(r.raw.data, "LOCATION:Stadshuset\\, sal 2\r\n"),
	      "invitation: %ld %s %.*s", s, r.content_type, (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	s = call(w, S_COU, "POST", "{\"kind\":\"three_party\",\"starts_at\":\"2024-03-31T02:30\"}",
	         &r, "/api/v1/interventions/%lld/meetings", (long long)iv);
	CHECK(s == 422 &&
	              tc_jis(json_array_get(tc_jget(r.body, "error.fields"), 0), "rule", "CAL-1"),
	      "02:30 on 31 March does not exist in Stockholm: %ld %.*s", s, (int)r.raw.len,
	      r.raw.data);
	tc_resp_release(&r);
}

int main(int argc, char **argv)
{
	struct scn w;
	int64_t iv;

	scn_init(&w, argc > 1 ? argv[1] : "sqlite");
	/* Monday 2024-03-04: granted, queued, staffed, assigned and started. */
	scn_day(&w, "2024-03-04");
	iv = running(&w, "198503121231", "1985-03-12", "2024-03-04");
	plan_returned(&w, iv);
	late_monthly_report(&w, iv);
	messages_and_meeting(&w, iv);
	final_reports(&w);
	scn_done(&w);
	return tc_summary();
}
