/*
 * Scenario AMI2 (arbetsträning, at most 12 months, KV-1) through the HTTP
 * API on a fixed clock, across Christmas and New Year 2024/25: a plan whose
 * KV-25 approval runs over julafton, juldagen, annandag jul, nyårsafton and
 * nyårsdagen; December's report due after trettondedag jul; and an ending by the customer (KV-3),
 * an abort (KV-62).
 */
#include "harness_case.h"

#include <string.h>

int main(int argc, char **argv)
{
	struct scn w;
	struct tc_resp r;
	char st[16];
	int64_t cust, iv, plan;

	scn_init(&w, argc > 1 ? argv[1] : "sqlite");
	/* 19880720-2349 (ID-1), 36 in 2024. */
	cust = scn_customer(&w, "198807202349", "1988-07-20");

	scn_day(&w, "2024-11-18");
	iv = scn_grant(&w, cust, "AMI2", w.prov);

	/* Friday 2024-11-22: queued; KV-21 due Monday 2024-11-25. */
	scn_day(&w, "2024-11-22");
	scn_act(&w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue", (long long)iv);
	scn_obligation(&w, iv, "staffing", 0, "2024-11-25", "open", "queued on a Friday");

	/* Monday 2024-11-25: staffed; KV-22 due Tuesday 2024-11-26. */
	scn_day(&w, "2024-11-25");
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/staffing", (long long)iv);
	scn_obligation(&w, iv, "assignment", 0, "2024-11-26", "open", "staffed");

	/* Tuesday 2024-11-26: start Monday 2024-12-02. KV-23: meeting by 3
	 * December; KV-24: plan by 16 December (Monday). AMI2 at most 12
	 * months: planned end 2025-12-01. December's report is due 7 January
	 * 2025 (a Tuesday; trettondedag jul is Monday the 6th), its approval by
	 * Wednesday 15 January 2025. */
	scn_day(&w, "2024-11-26");
	scn_act(&w, S_COU, 200, "{\"start_on\":\"2024-12-02\",\"brief\":\"Arbetsträning i kök.\"}",
	        "/api/v1/interventions/%lld/assignment", (long long)iv);
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-12-03", "open", "assigned");
	scn_obligation(&w, iv, "plan_submission", 0, "2024-12-16", "open", "assigned");
	scn_obligation(&w, iv, "monthly_report", 0, "2025-01-07", "open", "assigned");
	scn_obligation(&w, iv, "monthly_report_approval", 0, "2025-01-15", "open", "assigned");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200 &&
	              tc_jis(r.body, "planned_end_on", "2025-12-01"),
	      "planned end 2025-12-01");
	tc_resp_release(&r);

	/* Tuesday 2024-12-03: the meeting, on time; running since the 2nd. */
	scn_day(&w, "2024-12-03");
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/startup-meeting", (long long)iv);
	CHECK(!strcmp(scn_state(&w, iv, st), "running"), "running, got %s", st);
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-12-03", "met_on_time", "meeting");

	/* Friday 2024-12-20: the plan, 4 days late (20 - 16). KV-25: 5 working
	 * days: 23 December; 24 (julafton), 25 (juldagen), 26 (annandag jul)
	 * are not working days; 27, 30 December; 31 (nyårsafton) and 1 January
	 * (nyårsdagen) are not; 2, 3 January: due Friday 2025-01-03. */
	scn_day(&w, "2024-12-20");
	plan = scn_doc_plan(&w, iv, false);
	CHECK(plan != 0, "plan");
	scn_obligation(&w, iv, "plan_submission", 0, "2024-12-16", "met_late", "plan late");
	scn_obligation(&w, iv, "plan_approval", 0, "2025-01-03", "open", "across Christmas");

	/* Friday 2024-12-27: the customer ends it (KV-3), outside the
	 * provider's control (KV-62). KV-61: final report within 14 days of the
	 * decision: Friday 2025-01-10; KV-63 the same day. */
	scn_day(&w, "2024-12-27");
	scn_act(&w, S_COU, 200, "{\"reason\":\"customer_ended\"}", "/api/v1/interventions/%lld/end",
	        (long long)iv);
	scn_obligation(&w, iv, "final_report_early_end", 0, "2025-01-10", "open", "ended");
	scn_obligation(&w, iv, "final_report_last_chance", 0, "2025-01-10", "open", "ended");

	/* Wednesday 2025-01-08: nobody approved the plan by the 3rd nor sent
	 * December's report by the 7th: missed, 5 and 1 days late. */
	scn_day(&w, "2025-01-08");
	scn_sweep(&w);
	scn_obligation(&w, iv, "plan_approval", 0, "2025-01-03", "missed", "swept");
	scn_obligation(&w, iv, "monthly_report", 0, "2025-01-07", "missed", "swept");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/inbox") == 200, "inbox");
	{
		json_t *o = tc_jfind(json_object_get(r.body, "items"), "deadline", "plan_approval");
		CHECK(o && tc_jint(o, "days_late", 0) == 5, "plan approval 5 days late (8 - 3)");
	}
	tc_resp_release(&r);
	/* The final report, in time: KV-61 met. */
	scn_doc_final(&w, iv, "not_reached", 200);
	scn_obligation(&w, iv, "final_report_early_end", 0, "2025-01-10", "met_on_time", "report");
	scn_done(&w);
	return tc_summary();
}
