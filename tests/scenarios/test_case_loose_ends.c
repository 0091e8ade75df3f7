/*
 * Loose ends of the workflow through the HTTP API on a fixed clock:
 *
 *  - KV-24, X-1, X-4: a new start date needs a reason, which is kept with
 *    the change (the event's reason and its payload, as the case's events
 *    list them);
 *  - JP-5, CAL-4: one date for the first jobbpeng follow-up meeting on all
 *    three routes (the obligation, GET .../jobbpeng, GET .../follow-up);
 *  - KV-30: the first weekly contact is due start + 6, later ones D + 7;
 *  - KV-52: GET /interventions shows the life-cycle end reason;
 *  - names next to user ids (messages, contacts, deviations, proposals,
 *    documents, incidents), never for rows the caller cannot read.
 */
#include "harness_case.h"

#include <stdio.h>
#include <string.h>

/* Queue, staff and assign the intervention with start_on (KV-20 ... KV-22). */
static void start_up(struct scn *w, int64_t iv, const char *start_on)
{
	char body[160];

	scn_act(w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue", (long long)iv);
	scn_act(w, S_PST, 200, "{}", "/api/v1/interventions/%lld/staffing", (long long)iv);
	snprintf(body, sizeof(body), "{\"start_on\":\"%s\",\"brief\":\"Matchning mot jobb.\"}",
	         start_on);
	scn_act(w, S_COU, 200, body, "/api/v1/interventions/%lld/assignment", (long long)iv);
}

/* The event of kind about intervention iv in the customer's events (a new reference), or NULL. */
static json_t *event_of(struct scn *w, int64_t cust, int64_t iv, const char *kind)
{
	struct tc_resp r;
	json_t *found = NULL;

	if (scn_get(w, S_COU, &r, "/api/v1/customers/%lld/events?limit=1000", (long long)cust) ==
	    200) {
		json_t *items = tc_jget(r.body, "items"), *e;
		size_t i;
		json_array_foreach(items, i, e)
		{
			if (tc_jis(e, "kind", kind) &&
			    tc_jint(e, "payload.intervention_id", 0) == iv)
				found = e;
		}
		json_incref(found);
	}
	tc_resp_release(&r);
	return found;
}

/* True when the body names the user name anywhere. */
static bool mentions(const struct tc_resp *r, const char *name)
{
	return r->raw.data && strstr(r->raw.data, name);
}

int main(int argc, char **argv)
{
	struct scn w;
	struct tc_resp r;
	char st[16], body[256];
	int64_t cust, jp, iv, later, doc, prop;
	json_t *e;

	scn_init(&w, argc > 1 ? argv[1] : "sqlite");
	/* 19920101-5675 (ID-1), with financial assistance (KV-2, JP-1). */
	cust = scn_customer(&w, "199201015675", "1992-01-01");

	/* ---- KV-30: weekly contacts ----------------------------------------------------- */

	/* Monday 2024-05-27: AMI2 granted; assigned with start Monday
	 * 2024-06-03. A second AMI2 assigned to start Monday 2024-07-01. */
	scn_day(&w, "2024-05-27");
	iv = scn_grant(&w, cust, "AMI2", w.prov);
	start_up(&w, iv, "2024-06-03");
	later = scn_grant(&w, cust, "AMI2", w.prov);
	start_up(&w, later, "2024-07-01");

	/* Monday 2024-06-03: started (start-up meeting held). KV-30, first
	 * week: the start day and the six days after it, 3 ... 9 June: the
	 * first contact is due 2024-06-03 + 6 = Sunday 2024-06-09. */
	scn_day(&w, "2024-06-03");
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/startup-meeting", (long long)iv);
	CHECK(!strcmp(scn_state(&w, iv, st), "running"), "running, got %s", st);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/contacts", (long long)iv) == 200 &&
	              tc_jis(r.body, "next_due", "2024-06-09") &&
	              json_is_false(tc_jget(r.body, "overdue")) &&
	              json_array_size(tc_jget(r.body, "gaps")) == 0,
	      "KV-30: first contact due start + 6 = 2024-06-09: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);

	/* Monday 2024-06-10: no contact in the first week: overdue since
	 * Sunday 9 June, one gap 3 ... 10 June. */
	scn_day(&w, "2024-06-10");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/contacts", (long long)iv) == 200 &&
	              tc_jis(r.body, "next_due", "2024-06-09") &&
	              json_is_true(tc_jget(r.body, "overdue")) &&
	              json_array_size(tc_jget(r.body, "gaps")) == 1 &&
	              tc_jis(json_array_get(tc_jget(r.body, "gaps"), 0), "from", "2024-06-03") &&
	              tc_jis(json_array_get(tc_jget(r.body, "gaps"), 0), "to", "2024-06-10"),
	      "KV-30: overdue on 10 June: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	/* A contact recorded for Wednesday 2024-06-05 (in the first week): the
	 * next is due 5 June + 7 = Wednesday 2024-06-12; no gap any more. */
	scn_act(&w, S_PST, 201, "{\"channel\":\"in_person\",\"contact_on\":\"2024-06-05\"}",
	        "/api/v1/interventions/%lld/contacts", (long long)iv);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/contacts", (long long)iv) == 200 &&
	              tc_jis(r.body, "next_due", "2024-06-12") &&
	              json_is_false(tc_jget(r.body, "overdue")) &&
	              json_array_size(tc_jget(r.body, "gaps")) == 0,
	      "KV-30: after a contact on 5 June, due D + 7 = 2024-06-12: %.*s", (int)r.raw.len,
	      r.raw.data);
	/* Names: the counsellor sees who recorded it (the provider's case
	 * worker), by display name only. */
	CHECK(tc_jis(json_array_get(tc_jget(r.body, "items"), 0), "recorded_by_name", "jh.david") &&
	              !tc_jget(json_array_get(tc_jget(r.body, "items"), 0), "username") &&
	              !tc_jget(json_array_get(tc_jget(r.body, "items"), 0), "role"),
	      "contact recorded_by_name: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);

	/* ---- KV-24, X-1, X-4: the start-date change keeps its reason --------------------- */

	/* Monday 2024-06-10: move the later start from 1 July to Monday 8 July. */
	CHECK(scn_post(&w, S_COU, &r, "{\"start_on\":\"2024-07-08\"}",
	               "/api/v1/interventions/%lld/start-date", (long long)later) == 422 &&
	              strstr(r.raw.data, "\"reason\"") && strstr(r.raw.data, "X-4"),
	      "no reason: 422 naming reason and X-4: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(scn_post(&w, S_COU, &r, "{\"start_on\":\"2024-07-08\",\"reason\":\"  \\n \"}",
	               "/api/v1/interventions/%lld/start-date", (long long)later) == 422 &&
	              strstr(r.raw.data, "\"reason\"") && strstr(r.raw.data, "X-4"),
	      "a blank reason: 422 naming reason and X-4: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)later) == 200 &&
	              tc_jis(r.body, "start_on", "2024-07-01"),
	      "refused: the start is still 2024-07-01");
	tc_resp_release(&r);
	scn_act(&w, S_COU, 200,
	        "{\"start_on\":\"2024-07-08\",\"reason\":\"Kunden avslutar en kurs 5 juli.\"}",
	        "/api/v1/interventions/%lld/start-date", (long long)later);
	e = event_of(&w, cust, later, "intervention.start_changed");
	CHECK(e && tc_jis(e, "reason", "Kunden avslutar en kurs 5 juli.") &&
	              tc_jis(e, "payload.reason", "Kunden avslutar en kurs 5 juli.") &&
	              tc_jis(e, "payload.from", "2024-07-01") &&
	              tc_jis(e, "payload.start_on", "2024-07-08"),
	      "X-1: the change is listed with its reason: %s",
	      e ? tc_jstr(e, "reason") : "(no event)");
	json_decref(e);

	/* ---- Names, and none for rows the caller cannot read (X-3) ------------------------ */

	/* The counsellor writes to the provider (addressed to its case worker,
	 * KV-21), who reads both names. The other provider's staff cannot read the thread
	 * (404) and its inbox names nobody of it. */
	scn_act(&w, S_COU, 201, "{\"topic\":\"general\",\"body\":\"Hur går det?\"}",
	        "/api/v1/interventions/%lld/messages", (long long)iv);
	CHECK(scn_get(&w, S_PST, &r, "/api/v1/interventions/%lld/messages", (long long)iv) == 200 &&
	              tc_jis(json_array_get(tc_jget(r.body, "items"), 0), "from_name", "kv.anna") &&
	              tc_jis(json_array_get(tc_jget(r.body, "items"), 0), "to_name", "jh.david"),
	      "message from_name for the provider: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_PST, &r, "/api/v1/messages") == 200 && mentions(&r, "\"kv.anna\""),
	      "the provider's inbox names the sender: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_PST2, &r, "/api/v1/interventions/%lld/messages", (long long)iv) ==
	                      404 &&
	              !mentions(&r, "kv.anna"),
	      "another provider: 404, no name: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_PST2, &r, "/api/v1/messages") == 200 && !mentions(&r, "kv.anna") &&
	              !mentions(&r, "jh.david"),
	      "another provider's inbox names nobody of this case: %.*s", (int)r.raw.len,
	      r.raw.data);
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_PST2, &r, "/api/v1/interventions/%lld/contacts", (long long)iv) ==
	                      404 &&
	              !mentions(&r, "jh.david"),
	      "another provider: contacts 404, no name");
	tc_resp_release(&r);

	/* The case names its counsellor and the provider's case worker (KV-21). */
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200 &&
	              tc_jis(r.body, "counsellor_name", "kv.anna") &&
	              tc_jis(r.body, "staff_user_name", "jh.david"),
	      "case names: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);

	/* A deviation (KV-34) reported by the provider, read by the counsellor. */
	scn_act(&w, S_PST, 201,
	        "{\"occurred_on\":\"2024-06-07\",\"description\":\"Kom inte till praktiken.\"}",
	        "/api/v1/interventions/%lld/deviations", (long long)iv);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/deviations", (long long)iv) ==
	                      200 &&
	              tc_jis(json_array_get(tc_jget(r.body, "items"), 0), "recorded_by_name",
	                     "jh.david"),
	      "deviation recorded_by_name: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);

	/* A proposal made by the provider, rejected by the supervisor. */
	CHECK(scn_post(&w, S_PST, &r,
	               "{\"kind\":\"extension\",\"months\":1,\"justification\":\"Behöver en "
	               "månad till.\"}",
	               "/api/v1/interventions/%lld/proposals", (long long)iv) == 201,
	      "proposal made");
	prop = tc_jint(r.body, "id", 0);
	tc_resp_release(&r);
	scn_act(&w, S_SUP, 200, "{\"reason\":\"Inte nu.\"}", "/api/v1/proposals/%lld/reject",
	        (long long)prop);
	CHECK(scn_get(&w, S_PST, &r, "/api/v1/proposals/%lld", (long long)prop) == 200 &&
	              tc_jis(r.body, "made_by_name", "jh.david") &&
	              tc_jis(r.body, "decided_by_name", "al.cecilia"),
	      "proposal names: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_PST2, &r, "/api/v1/proposals/%lld", (long long)prop) == 404 &&
	              !mentions(&r, "al.cecilia"),
	      "another provider: proposal 404, no name");
	tc_resp_release(&r);

	/* The plan: written by the provider, returned by the counsellor. */
	doc = scn_doc_plan(&w, iv, false);
	scn_doc_review(&w, doc, "Komplettera med aktiviteter per vecka.");
	CHECK(scn_get(&w, S_PST, &r, "/api/v1/documents/%lld", (long long)doc) == 200 &&
	              tc_jis(json_array_get(tc_jget(r.body, "versions"), 0), "author_name",
	                     "jh.david") &&
	              tc_jis(json_array_get(tc_jget(r.body, "reviews"), 0), "reviewer_name",
	                     "kv.anna"),
	      "document names: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_PST2, &r, "/api/v1/documents/%lld", (long long)doc) == 404 &&
	              !mentions(&r, "kv.anna"),
	      "another provider: document 404, no name");
	tc_resp_release(&r);

	/* A data incident reported by the provider (KV-80). */
	snprintf(body, sizeof(body),
	         "{\"nature\":\"suspected\",\"discovered_at\":\"2024-06-09T08:00:00Z\","
	         "\"description\":\"En utskrift låg kvar i skrivaren.\",\"intervention_id\":%lld}",
	         (long long)iv);
	CHECK(scn_post(&w, S_PST, &r, body, "/api/v1/incidents") == 201 &&
	              tc_jis(r.body, "reported_by_name", "jh.david"),
	      "incident reported_by_name: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_PST2, &r, "/api/v1/incidents") == 200 && !mentions(&r, "jh.david"),
	      "another provider's incidents name nobody of this provider: %.*s", (int)r.raw.len,
	      r.raw.data);
	tc_resp_release(&r);

	/* ---- KV-52: the life-cycle end reason on GET /interventions ------------------------- */

	/* Wednesday 2024-06-12: ended for step_transition (the coarse column
	 * keeps "goal_reached"); the later one is withdrawn. */
	scn_day(&w, "2024-06-12");
	scn_act(&w, S_COU, 200, "{\"reason\":\"step_transition\",\"withhold_reason\":true}",
	        "/api/v1/interventions/%lld/end", (long long)iv);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld", (long long)iv) == 200 &&
	              tc_jis(r.body, "end_reason", "step_transition"),
	      "GET /interventions/{id}: step_transition: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions?customer_id=%lld", (long long)cust) ==
	                      200 &&
	              tc_jis(tc_jfind(tc_jget(r.body, "items"), "state", "ended"), "end_reason",
	                     "step_transition"),
	      "GET /interventions: step_transition: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	/* KV-52: withheld from the provider, on the list as on the single read. */
	CHECK(scn_get(&w, S_PST, &r, "/api/v1/interventions?customer_id=%lld", (long long)cust) ==
	                      200 &&
	              tc_jis(tc_jfind(tc_jget(r.body, "items"), "state", "ended"), "end_reason",
	                     "withheld") &&
	              !mentions(&r, "step_transition") && !mentions(&r, "goal_reached"),
	      "GET /interventions as the provider: withheld: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	/* KV-52: and on GET /interventions/{id}. */
	CHECK(scn_get(&w, S_PST, &r, "/api/v1/interventions/%lld", (long long)iv) == 200 &&
	              tc_jis(r.body, "end_reason", "withheld"),
	      "GET /interventions/{id} as the provider: withheld: %.*s", (int)r.raw.len,
	      r.raw.data);
	tc_resp_release(&r);
	/* ---- JP-5, CAL-4: one date on three routes --------------------------------- */

	/* Monday 2024-06-17: a jobbpeng voucher granted, queued, staffed and
	 * assigned with start Friday
	 * 2024-06-21. JP-5: 3 months after the start: 2024-09-21, a Saturday;
	 * CAL-4 moves it to the next working day, Monday 2024-09-23. */
	scn_day(&w, "2024-06-17");
	jp = scn_grant(&w, cust, "JP", w.prov);
	start_up(&w, jp, "2024-06-21");
	scn_obligation(&w, jp, "follow_up_meeting", 0, "2024-09-23", "open", "JP assigned");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/jobbpeng", (long long)jp) == 200 &&
	              tc_jis(tc_jget(r.body, "follow_up"), "due_on", "2024-09-23"),
	      "GET jobbpeng: JP-5 follow-up 2024-09-23: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/follow-up", (long long)jp) ==
	                      200 &&
	              tc_jis(r.body, "next_due", "2024-09-23") && tc_jis(r.body, "rule", "JP-5"),
	      "GET follow-up: JP-5 next 2024-09-23, not Saturday 2024-09-21: %.*s", (int)r.raw.len,
	      r.raw.data);
	tc_resp_release(&r);

	scn_done(&w);
	return tc_summary();
}
