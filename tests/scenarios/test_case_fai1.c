/*
 * Scenario FAI1 (arbetsprövning, at most 3 months, KV-1) through the HTTP
 * API on a fixed clock, across Easter 2024: decision, choice, queue across
 * långfredagen and annandag påsk, staffing, assignment, start-up meeting,
 * plan and its approval, monthly reports (one late approval, one missed
 * report), weekly contacts, and an ending as planned with the final report.
 * Every due date is worked out by hand from the Kundval pack
 * (rules/se-nacka-kundval-2024.json) and the Swedish calendar (CAL-3, CAL-4).
 */
#include "harness_case.h"

#include <string.h>

int main(int argc, char **argv)
{
	struct scn w;
	struct tc_resp r;
	char st[16];
	int64_t cust, iv, doc;

	scn_init(&w, argc > 1 ? argv[1] : "sqlite");
	/* 19900101-1239 (ID-1), age 34 in 2024: KV-2 financial assistance 18-66. */
	cust = scn_customer(&w, "199001011239", "1990-01-01");

	/* Monday 2024-03-25: eligibility, decision, choice. */
	scn_day(&w, "2024-03-25");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/customers/%lld/eligibility?code=FAI1",
	              (long long)cust) == 200,
	      "eligibility");
	CHECK(json_is_true(tc_jget(r.body, "eligible")) && tc_jint(r.body, "age", 0) == 34,
	      "FAI1 eligible at 34: %.*s", (int)r.raw.len, r.raw.data);
	CHECK(tc_jstr(r.body, "summary") && strstr(tc_jstr(r.body, "summary"), "target group: yes"),
	      "the reason is shown");
	tc_resp_release(&r);
	iv = scn_grant(&w, cust, "FAI1", w.prov);
	CHECK(!strcmp(scn_state(&w, iv, st), "granted"), "granted, got %s", st);
	scn_no_obligation(&w, iv, "staffing", "before the queue");

	/* Thursday 2024-03-28 (skärtorsdag, a working day): queued (KV-20).
	 * KV-21: staffed within 1 working day: Friday 29 March is
	 * långfredagen, 30-31 the weekend with påskdagen, Monday 1 April
	 * annandag påsk: due Tuesday 2024-04-02. */
	scn_day(&w, "2024-03-28");
	scn_act(&w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue", (long long)iv);
	scn_obligation(&w, iv, "staffing", 0, "2024-04-02", "open", "queued before Easter");
	/* The provider sees it in its inbox. */
	CHECK(scn_get(&w, S_PST, &r, "/api/v1/inbox") == 200 &&
	              tc_jfind(json_object_get(r.body, "items"), "deadline", "staffing"),
	      "staffing in the provider's inbox");
	tc_resp_release(&r);

	/* Tuesday 2024-04-02: staffed on time. KV-22: the assignment is due the
	 * working day after: Wednesday 2024-04-03. */
	scn_day(&w, "2024-04-02");
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/staffing", (long long)iv);
	scn_obligation(&w, iv, "staffing", 0, "2024-04-02", "met_on_time", "staffed");
	scn_obligation(&w, iv, "assignment", 0, "2024-04-03", "open", "staffed");

	/* Wednesday 2024-04-03: the assignment with start Monday 2024-04-08.
	 * KV-23: start-up meeting within 7 days of the assignment: 2024-04-10.
	 * KV-24: plan within 14 days of the start: Monday 2024-04-22.
	 * KV-1: FAI1 at most 3 months: planned end 2024-04-08 + 3 months - 1 day
	 * = 2024-07-07, a Sunday; KV-60 is due on it and never moved.
	 * KV-32: April's report by 7 May (Tuesday), its approval by 15 May;
	 * July's report by 7 August (Wednesday). */
	scn_day(&w, "2024-04-03");
	scn_act(&w, S_COU, 200,
	        "{\"start_on\":\"2024-04-08\",\"brief\":\"Arbetsprövning i butik, heltid.\"}",
	        "/api/v1/interventions/%lld/assignment", (long long)iv);
	CHECK(!strcmp(scn_state(&w, iv, st), "assigned"), "assigned, got %s", st);
	scn_obligation(&w, iv, "assignment", 0, "2024-04-03", "met_on_time", "assigned");
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-04-10", "open", "assigned");
	scn_obligation(&w, iv, "plan_submission", 0, "2024-04-22", "open", "assigned");
	scn_obligation(&w, iv, "final_report_completed", 0, "2024-07-07", "open", "assigned");
	scn_obligation(&w, iv, "monthly_report", 0, "2024-05-07", "open", "assigned");
	scn_obligation(&w, iv, "monthly_report_approval", 0, "2024-05-15", "open", "assigned");
	scn_obligation(&w, iv, "monthly_report", 3, "2024-08-07", "open", "assigned");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200 &&
	              tc_jis(r.body, "planned_end_on", "2024-07-07"),
	      "planned end 2024-07-07");
	tc_resp_release(&r);

	/* Tuesday 2024-04-09: the start-up meeting (on time); the start date has
	 * passed, so the intervention runs (KV-24). A contact that day (KV-30). */
	scn_day(&w, "2024-04-09");
	scn_act(&w, S_PST, 200, "{\"held_on\":\"2024-04-09\"}",
	        "/api/v1/interventions/%lld/startup-meeting", (long long)iv);
	CHECK(!strcmp(scn_state(&w, iv, st), "running"), "running, got %s", st);
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-04-10", "met_on_time", "meeting held");
	scn_act(&w, S_PST, 201, "{\"channel\":\"in_person\"}",
	        "/api/v1/interventions/%lld/contacts", (long long)iv);

	/* Friday 2024-04-19: the plan (on time). KV-25: approval within 5
	 * working days: 22, 23, 24, 25, 26 April: Friday 2024-04-26. KV-30: the
	 * last contact was 9 April, the next was due 16 April: overdue. */
	scn_day(&w, "2024-04-19");
	doc = scn_doc_plan(&w, iv, false);
	scn_obligation(&w, iv, "plan_submission", 0, "2024-04-22", "met_on_time", "plan sent");
	scn_obligation(&w, iv, "plan_approval", 0, "2024-04-26", "open", "plan sent");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/contacts", (long long)iv) == 200 &&
	              json_is_true(tc_jget(r.body, "overdue")) &&
	              tc_jis(r.body, "next_due", "2024-04-16"),
	      "KV-30 contact overdue since 16 April: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);

	/* Monday 2024-04-29: approved 3 days late (29 - 26). */
	scn_day(&w, "2024-04-29");
	if (doc)
		scn_doc_review(&w, doc, NULL);
	scn_obligation(&w, iv, "plan_approval", 0, "2024-04-26", "met_late", "plan approved");

	/* Monday 2024-05-06: April's report, on time. */
	scn_day(&w, "2024-05-06");
	doc = scn_doc_monthly(&w, iv, "2024-04", false);
	scn_obligation(&w, iv, "monthly_report", 0, "2024-05-07", "met_on_time", "April sent");

	/* Thursday 2024-05-16: nobody approved April by the 15th; the sweep
	 * marks it missed and the counsellor's inbox shows it 1 day late. */
	scn_day(&w, "2024-05-16");
	scn_sweep(&w);
	scn_obligation(&w, iv, "monthly_report_approval", 0, "2024-05-15", "missed", "swept");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/inbox") == 200, "inbox");
	{
		json_t *o = tc_jfind(json_object_get(r.body, "items"), "deadline",
		                     "monthly_report_approval");
		CHECK(o && tc_jis(o, "status", "missed") && tc_jint(o, "days_late", 0) == 1,
		      "approval overdue by 1 day in the inbox");
	}
	tc_resp_release(&r);
	if (doc)
		scn_doc_review(&w, doc, NULL);
	scn_obligation(&w, iv, "monthly_report_approval", 0, "2024-05-15", "met_late", "approved");

	/* Monday 2024-06-10: May's report, due Friday 7 June, never came. */
	scn_day(&w, "2024-06-10");
	scn_sweep(&w);
	scn_obligation(&w, iv, "monthly_report", 1, "2024-06-07", "missed", "May missing");

	/* Friday 2024-07-05: ended as planned on Sunday 7 July (KV-60). KV-63:
	 * the last day for the final report is 7 July + 14 = Sunday 21 July,
	 * moved to Monday 2024-07-22. The final report the same day meets both. */
	scn_day(&w, "2024-07-05");
	scn_act(&w, S_COU, 200, "{\"reason\":\"completed\",\"end_on\":\"2024-07-07\"}",
	        "/api/v1/interventions/%lld/end", (long long)iv);
	CHECK(!strcmp(scn_state(&w, iv, st), "ended"), "ended, got %s", st);
	scn_obligation(&w, iv, "final_report_last_chance", 0, "2024-07-22", "open", "ended");
	scn_obligation(&w, iv, "final_report_completed", 0, "2024-07-07", "open", "ended");
	scn_no_obligation(&w, iv, "final_report_early_end", "ended as planned");
	scn_doc_final(&w, iv, "goal_reached", 200);
	scn_obligation(&w, iv, "final_report_completed", 0, "2024-07-07", "met_on_time", "report");
	scn_obligation(&w, iv, "final_report_last_chance", 0, "2024-07-22", "met_on_time",
	               "report");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200 &&
	              tc_jis(r.body, "end_reason", "completed") &&
	              tc_jis(r.body, "actual_end_on", "2024-07-07"),
	      "ended completed on 2024-07-07");
	tc_resp_release(&r);
	scn_done(&w);
	return tc_summary();
}
