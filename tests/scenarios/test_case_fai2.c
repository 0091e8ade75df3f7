/*
 * Scenario FAI2 (förstegsaktiviteter, at most 6 months, KV-1) through the
 * HTTP API on a fixed clock, around 1 May and nationaldagen 2024: a late
 * assignment, a returned and resubmitted plan approved once for both
 * submissions (KV-25, "returns included"), and an abort for no progression
 * (KV-52, KV-61, KV-62). Due dates worked out by hand from the Kundval pack
 * and the Swedish calendar (CAL-3, CAL-4).
 */
#include "harness_case.h"

#include <string.h>

/* Does the customer's chain hold an event of kind? */
static bool has_event(struct scn *w, int64_t cust, const char *kind)
{
	struct tc_resp r;
	bool found = false;

	if (scn_get(w, S_COU, &r, "/api/v1/customers/%lld/events?limit=1000", (long long)cust) ==
	    200)
		found = tc_jfind(json_object_get(r.body, "items"), "kind", kind) != NULL;
	tc_resp_release(&r);
	return found;
}

int main(int argc, char **argv)
{
	struct scn w;
	struct tc_resp r;
	char st[16];
	int64_t cust, iv, plan;

	scn_init(&w, argc > 1 ? argv[1] : "sqlite");
	/* 19811218-9876 (ID-1), 42 in 2024. */
	cust = scn_customer(&w, "198112189876", "1981-12-18");

	scn_day(&w, "2024-04-29");
	iv = scn_grant(&w, cust, "FAI2", w.prov);

	/* Tuesday 2024-04-30: queued. KV-21: 1 working day, but Wednesday 1 May
	 * is första maj: due Thursday 2024-05-02. */
	scn_day(&w, "2024-04-30");
	scn_act(&w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue", (long long)iv);
	scn_obligation(&w, iv, "staffing", 0, "2024-05-02", "open", "queued before 1 May");

	/* Thursday 2024-05-02: staffed; KV-22 due Friday 2024-05-03. */
	scn_day(&w, "2024-05-02");
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/staffing", (long long)iv);
	scn_obligation(&w, iv, "assignment", 0, "2024-05-03", "open", "staffed");

	/* Wednesday 2024-05-08: the assignment, 5 days late (8 - 3), start
	 * Monday 2024-05-13. KV-23: meeting by 15 May; KV-24: plan by 27 May
	 * (Monday); FAI2 at most 6 months: planned end 2024-11-12; May's report
	 * by 7 June (Friday). */
	scn_day(&w, "2024-05-08");
	scn_act(&w, S_COU, 200,
	        "{\"start_on\":\"2024-05-13\",\"brief\":\"Förstegsaktiviteter i grupp.\","
	        "\"extent_percent\":50,\"part_time_reason\":\"Deltid första månaden efter lång "
	        "sjukskrivning.\"}",
	        "/api/v1/interventions/%lld/assignment", (long long)iv);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/obligations?limit=1000",
	              (long long)iv) == 200,
	      "obligations");
	{
		json_t *o = tc_jfind(json_object_get(r.body, "items"), "deadline", "assignment");
		CHECK(o && tc_jis(o, "status", "met_late") && tc_jint(o, "days_late", 0) == 5,
		      "the assignment 5 days late");
	}
	tc_resp_release(&r);
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-05-15", "open", "assigned");
	scn_obligation(&w, iv, "plan_submission", 0, "2024-05-27", "open", "assigned");
	scn_obligation(&w, iv, "final_report_completed", 0, "2024-11-12", "open", "assigned");
	scn_obligation(&w, iv, "monthly_report", 0, "2024-06-07", "open", "assigned");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200 &&
	              tc_jint(r.body, "extent_percent", 0) == 50 &&
	              tc_jstr(r.body, "part_time_reason"),
	      "KV-4: part time with its reason");
	tc_resp_release(&r);

	/* Tuesday 2024-05-14: the meeting; running since the 13th. */
	scn_day(&w, "2024-05-14");
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/startup-meeting", (long long)iv);
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-05-15", "met_on_time", "meeting");
	CHECK(!strcmp(scn_state(&w, iv, st), "running"), "running, got %s", st);

	/* Monday 2024-06-03: the plan, 7 days late (3 June - 27 May). KV-25:
	 * approval within 5 working days: 4, 5, (6 June nationaldagen), 7, 10,
	 * 11: Tuesday 2024-06-11. */
	scn_day(&w, "2024-06-03");
	plan = scn_doc_plan(&w, iv, false);
	scn_obligation(&w, iv, "plan_approval", 0, "2024-06-11", "open", "plan sent");
	/* Tuesday 2024-06-04: returned with a comment. */
	scn_day(&w, "2024-06-04");
	if (plan)
		scn_doc_review(&w, plan, "Delmålen saknar datum.");
	/* Wednesday 2024-06-05: resubmitted: a second KV-25 obligation, due 5
	 * working days later: 7, 10, 11, 12, 13 June: Thursday 2024-06-13. */
	scn_day(&w, "2024-06-05");
	if (plan)
		scn_act(&w, S_PST, 200, NULL, "/api/v1/documents/%lld/submit", (long long)plan);
	scn_obligation(&w, iv, "plan_approval", 1, "2024-06-13", "open", "plan resubmitted");
	/* Wednesday 2024-06-12: one approval meets both: the first late by 1
	 * day (12 - 11), the second on time. */
	scn_day(&w, "2024-06-12");
	if (plan)
		scn_doc_review(&w, plan, NULL);
	scn_obligation(&w, iv, "plan_approval", 0, "2024-06-11", "met_late", "approved");
	scn_obligation(&w, iv, "plan_approval", 1, "2024-06-13", "met_on_time", "approved");

	/* Thursday 2024-08-15: no progression: ended early the same day
	 * (KV-52), an abort outside the provider's control (KV-62). KV-61: the
	 * final report within 14 days of the decision: Thursday 2024-08-29;
	 * KV-63: the last day 15 Aug + 14 = 29 Aug. The KV-60 report on the old
	 * planned end is no longer owed; August is the last monthly report (due
	 * 7 September, a Saturday: Monday 2024-09-09). */
	scn_day(&w, "2024-08-15");
	scn_act(&w, S_COU, 200, "{\"reason\":\"no_progression\",\"note\":\"Ingen progression.\"}",
	        "/api/v1/interventions/%lld/end", (long long)iv);
	CHECK(!strcmp(scn_state(&w, iv, st), "ended"), "ended, got %s", st);
	scn_obligation(&w, iv, "final_report_early_end", 0, "2024-08-29", "open", "aborted");
	scn_obligation(&w, iv, "final_report_last_chance", 0, "2024-08-29", "open", "aborted");
	scn_no_obligation(&w, iv, "final_report_completed", "ended early");
	scn_obligation(&w, iv, "monthly_report", 3, "2024-09-09", "open", "aborted");
	CHECK(has_event(&w, cust, "intervention.end_decided"), "KV-61 decision event");
	CHECK(has_event(&w, cust, "intervention.aborted"), "KV-62 abort event");
	/* Ending twice is refused and changes nothing. */
	scn_act(&w, S_COU, 409, "{\"reason\":\"sickness\"}", "/api/v1/interventions/%lld/end",
	        (long long)iv);

	/* Friday 2024-08-30: no final report: the sweep marks KV-61 missed. */
	scn_day(&w, "2024-08-30");
	scn_sweep(&w);
	scn_obligation(&w, iv, "final_report_early_end", 0, "2024-08-29", "missed", "swept");
	scn_done(&w);
	return tc_summary();
}
