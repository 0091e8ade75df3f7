/*
 * Scenario ISA1 (språkträning för etableringskunder, at most 9 months,
 * KV-1) through the HTTP API on a fixed clock, across midsommar 2024: a
 * queue the day before midsommarafton, a late staffing, and a provider
 * proposal of another intervention (KV-33) approved by the counsellor, who
 * ends the intervention for another one (KV-52) and grants the next step.
 */
#include "harness_case.h"

#include <string.h>

int main(int argc, char **argv)
{
	struct scn w;
	struct tc_resp r;
	char st[16];
	int64_t cust, iv, prop;

	scn_init(&w, argc > 1 ? argv[1] : "sqlite");
	/* 20010506-3457 (ID-1), 23 in 2024. */
	cust = scn_customer(&w, "200105063457", "2001-05-06");

	scn_day(&w, "2024-06-17");
	iv = scn_grant(&w, cust, "ISA1", w.prov);

	/* Thursday 2024-06-20: queued. KV-21: 1 working day, but Friday 21 June
	 * is midsommarafton: due Monday 2024-06-24. */
	scn_day(&w, "2024-06-20");
	scn_act(&w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue", (long long)iv);
	scn_obligation(&w, iv, "staffing", 0, "2024-06-24", "open", "before midsommar");

	/* Tuesday 2024-06-25: staffed one day late; KV-22 due Wednesday 26th. */
	scn_day(&w, "2024-06-25");
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/staffing", (long long)iv);
	scn_obligation(&w, iv, "staffing", 0, "2024-06-24", "met_late", "staffed late");
	scn_obligation(&w, iv, "assignment", 0, "2024-06-26", "open", "staffed");

	/* Wednesday 2024-06-26: start Monday 1 July. KV-23 by 3 July; KV-24 by
	 * 15 July; at most 9 months: planned end 1 July + 9 months - 1 day =
	 * 2025-03-31. */
	scn_day(&w, "2024-06-26");
	scn_act(&w, S_COU, 200,
	        "{\"start_on\":\"2024-07-01\",\"brief\":\"Språkpraktik i vården.\"}",
	        "/api/v1/interventions/%lld/assignment", (long long)iv);
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-07-03", "open", "assigned");
	scn_obligation(&w, iv, "plan_submission", 0, "2024-07-15", "open", "assigned");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200 &&
	              tc_jis(r.body, "planned_end_on", "2025-03-31"),
	      "planned end 2025-03-31");
	tc_resp_release(&r);

	/* Monday 2024-07-01: meeting on the start day; running. */
	scn_day(&w, "2024-07-01");
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/startup-meeting", (long long)iv);
	CHECK(!strcmp(scn_state(&w, iv, st), "running"), "running, got %s", st);
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-07-03", "met_on_time", "meeting");

	/* Monday 2024-10-28: the provider proposes another intervention (KV-33). */
	scn_day(&w, "2024-10-28");
	CHECK(scn_post(&w, S_PST, &r,
	               "{\"kind\":\"another_intervention\",\"justification\":\"Klar med sfi, redo "
	               "för arbetsträning.\"}",
	               "/api/v1/interventions/%lld/proposals", (long long)iv) == 201 &&
	              tc_jis(r.body, "state", "pending"),
	      "proposal made");
	prop = tc_jint(r.body, "id", 0);
	tc_resp_release(&r);
	/* The provider cannot decide its own proposal (X-3: no such right). */
	scn_act(&w, S_PST, 403, "{}", "/api/v1/proposals/%lld/approve", (long long)prop);

	/* Tuesday 2024-10-29: the counsellor approves: no transition by itself. */
	scn_day(&w, "2024-10-29");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/proposals?state=pending") == 200 &&
	              json_array_size(json_object_get(r.body, "items")) == 1,
	      "one pending proposal for the counsellor");
	tc_resp_release(&r);
	scn_act(&w, S_COU, 200, "{\"reason\":\"Vi beviljar AMI2.\"}",
	        "/api/v1/proposals/%lld/approve", (long long)prop);
	CHECK(!strcmp(scn_state(&w, iv, st), "running"), "still running, got %s", st);

	/* Thursday 2024-10-31: ended for another intervention (KV-52). KV-61:
	 * 31 Oct + 14 = Thursday 2024-11-14. October is the last report: due 7
	 * November (Thursday). The next step is granted. */
	scn_day(&w, "2024-10-31");
	scn_act(&w, S_COU, 200, "{\"reason\":\"another_intervention\"}",
	        "/api/v1/interventions/%lld/end", (long long)iv);
	scn_obligation(&w, iv, "final_report_early_end", 0, "2024-11-14", "open", "ended");
	scn_obligation(&w, iv, "monthly_report", 3, "2024-11-07", "open", "ended");
	CHECK(scn_post(&w, S_COU, &r, "{\"code\":\"AMI2\"}", "/api/v1/customers/%lld/decisions",
	               (long long)cust) == 201,
	      "the next intervention granted");
	tc_resp_release(&r);
	scn_done(&w);
	return tc_summary();
}
