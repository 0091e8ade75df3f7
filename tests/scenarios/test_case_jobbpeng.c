/*
 * Scenario jobbpeng (JP-0 ... JP-8) through the HTTP API on a fixed clock:
 * eligibility as guidance (JP-1) with a decision outside the primary groups
 * and its reason; the start-up timeline of the kundval routines (JP-0); the
 * plan with activities and durations (JP-6); the 100-day target (JP-3); the
 * follow-up meeting three months after the start (JP-5), due Saturday 31
 * August 2024, moved to Monday 2 September; a supplementary voucher (JP-7);
 * self-sufficiency, the final report, and the bonus after six months (JP-8).
 */
#include "harness_case.h"

#include <string.h>

int main(int argc, char **argv)
{
	struct scn w;
	struct tc_resp r;
	char st[16];
	int64_t cust, other, iv, sup, claim;

	scn_init(&w, argc > 1 ? argv[1] : "sqlite");
	/* 19920101-5675 (ID-1), 32 in 2024, with financial assistance; and
	 * 19930411-1355, 31, with no target-group fact. */
	cust = scn_customer(&w, "199201015675", "1992-01-01");
	other = scn_customer_with(&w, "199304111355", "1993-04-11", NULL);

	/* Monday 2024-05-20: JP-1 is guidance, never a gate. */
	scn_day(&w, "2024-05-20");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/customers/%lld/eligibility?code=JP",
	              (long long)cust) == 200 &&
	              json_is_true(tc_jget(r.body, "primary")) &&
	              json_is_false(tc_jget(r.body, "gated")),
	      "primary target group: yes (financial assistance)");
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/customers/%lld/eligibility?code=JP",
	              (long long)other) == 200 &&
	              json_is_false(tc_jget(r.body, "primary")) &&
	              json_is_true(tc_jget(r.body, "eligible")) && tc_jstr(r.body, "summary") &&
	              strstr(tc_jstr(r.body, "summary"), "primary target group: no, because"),
	      "primary target group: no, with the reason: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	/* Outside the primary groups the decision records its reason (JP-1). */
	CHECK(scn_post(&w, S_COU, &r, "{\"code\":\"JP\"}", "/api/v1/customers/%lld/decisions",
	               (long long)other) == 422 &&
	              strstr(r.raw.data, "outside_target_reason") && strstr(r.raw.data, "JP-1"),
	      "JP-1 reason required: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);
	CHECK(scn_post(&w, S_COU, &r,
	               "{\"code\":\"JP\",\"outside_target_reason\":\"Nära arbetsmarknaden, "
	               "jobberbjudande väntar.\"}",
	               "/api/v1/customers/%lld/decisions", (long long)other) == 201 &&
	              tc_jstr(tc_jget(r.body, "intervention"), "outside_target_reason"),
	      "granted outside with the reason recorded");
	tc_resp_release(&r);
	iv = scn_grant(&w, cust, "JP", w.prov);

	/* Wednesday 2024-05-22: queued; KV-21 due Thursday 23 May. */
	scn_day(&w, "2024-05-22");
	scn_act(&w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue", (long long)iv);
	scn_obligation(&w, iv, "staffing", 0, "2024-05-23", "open", "queued");

	/* Thursday 2024-05-23: staffed; Friday 24 May: assigned with start
	 * Friday 2024-05-31. The planned duration is 100 days (JP-0):
	 * 31 May + 99 = Saturday 2024-09-07, the KV-60 due date (never moved).
	 * JP-5: follow-up 3 months after the start: 31 August, a Saturday:
	 * Monday 2024-09-02. KV-24: plan by 14 June (Friday). */
	scn_day(&w, "2024-05-23");
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/staffing", (long long)iv);
	scn_day(&w, "2024-05-24");
	scn_act(&w, S_COU, 200, "{\"start_on\":\"2024-05-31\",\"brief\":\"Jobbpeng: matchning.\"}",
	        "/api/v1/interventions/%lld/assignment", (long long)iv);
	scn_obligation(&w, iv, "follow_up_meeting", 0, "2024-09-02", "open", "assigned");
	scn_obligation(&w, iv, "final_report_completed", 0, "2024-09-07", "open", "assigned");
	scn_obligation(&w, iv, "plan_submission", 0, "2024-06-14", "open", "assigned");
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-05-31", "open", "assigned");

	/* Friday 2024-05-31: the start-up meeting on the start day. */
	scn_day(&w, "2024-05-31");
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/startup-meeting", (long long)iv);
	CHECK(!strcmp(scn_state(&w, iv, st), "running"), "running, got %s", st);

	/* Monday 2024-06-10: the plan with its activities (JP-6), a
	 * supplementary voucher of 5 000 kr (JP-7; 4 000 kr is not an amount of
	 * the pack), granted. JP-3: the target is 31 May + 100 days =
	 * 2024-09-08; 10 June is day 11 (31 May is day 1). */
	scn_day(&w, "2024-06-10");
	CHECK(scn_doc_plan(&w, iv, true) != 0, "jobbpeng plan");
	scn_obligation(&w, iv, "plan_submission", 0, "2024-06-14", "met_on_time", "plan");
	CHECK(scn_post(&w, S_PST, &r,
	               "{\"amount\":\"4000.00\",\"purpose\":\"Truckkort\",\"justification\":"
	               "\"Krav hos arbetsgivaren.\"}",
	               "/api/v1/interventions/%lld/supplements", (long long)iv) == 422 &&
	              strstr(r.raw.data, "JP-7"),
	      "4 000 kr refused (JP-7)");
	tc_resp_release(&r);
	CHECK(scn_post(&w, S_PST, &r,
	               "{\"amount\":\"5000.00\",\"purpose\":\"Truckkort\",\"justification\":"
	               "\"Krav hos arbetsgivaren för anställning.\"}",
	               "/api/v1/interventions/%lld/supplements", (long long)iv) == 201 &&
	              tc_jis(r.body, "state", "pending"),
	      "5 000 kr applied for");
	sup = tc_jint(r.body, "id", 0);
	tc_resp_release(&r);
	scn_act(&w, S_COU, 422, "{\"grant\":false}", "/api/v1/supplements/%lld/decision",
	        (long long)sup);
	scn_act(&w, S_COU, 200, "{\"grant\":true}", "/api/v1/supplements/%lld/decision",
	        (long long)sup);
	scn_act(&w, S_COU, 409, "{\"grant\":true}", "/api/v1/supplements/%lld/decision",
	        (long long)sup);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/jobbpeng", (long long)iv) == 200,
	      "jobbpeng status");
	CHECK(tc_jis(tc_jget(r.body, "target"), "on", "2024-09-08") &&
	              tc_jint(tc_jget(r.body, "target"), "days", 0) == 100 &&
	              tc_jint(tc_jget(r.body, "target"), "days_since_start", 0) == 11,
	      "JP-3 target: %.*s", (int)r.raw.len, r.raw.data);
	CHECK(tc_jis(tc_jget(r.body, "follow_up"), "due_on", "2024-09-02") &&
	              tc_jis(r.body, "supplements_granted", "5000.00"),
	      "JP-5 due and JP-7 granted");
	tc_resp_release(&r);

	/* Monday 2024-08-19: the follow-up meeting held early (JP-5). */
	scn_day(&w, "2024-08-19");
	scn_act(&w, S_COU, 200, "{\"held_on\":\"2024-08-19\"}",
	        "/api/v1/interventions/%lld/follow-up-meeting", (long long)iv);
	scn_obligation(&w, iv, "follow_up_meeting", 0, "2024-09-02", "met_on_time", "follow-up");

	/* Tuesday 2024-08-20: self-sufficient (JP-8): ended; KV-61 by 3
	 * September (Tuesday). No bonus yet. */
	scn_day(&w, "2024-08-20");
	scn_act(&w, S_COU, 200, "{\"reason\":\"self_sufficient\"}",
	        "/api/v1/interventions/%lld/end", (long long)iv);
	scn_obligation(&w, iv, "final_report_early_end", 0, "2024-09-03", "open", "ended");
	scn_no_obligation(&w, iv, "final_report_completed", "ended early");
	/* JP-8: six months from the day after the end (21 August): 2025-02-21. */
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/jobbpeng", (long long)iv) == 200 &&
	              json_is_true(tc_jget(tc_jget(r.body, "bonus"), "possible")) &&
	              tc_jis(tc_jget(r.body, "bonus"), "qualifying_from", "2024-08-21") &&
	              tc_jis(tc_jget(r.body, "bonus"), "eligible_on", "2025-02-21"),
	      "JP-8 dates: %.*s", (int)r.raw.len, r.raw.data);
	tc_resp_release(&r);

	/* Thursday 2024-08-22: the final report. */
	scn_day(&w, "2024-08-22");
	CHECK(scn_doc_final(&w, iv, "self_sufficient", 200) != 0, "final report");
	scn_obligation(&w, iv, "final_report_early_end", 0, "2024-09-03", "met_on_time", "report");

	/* Thursday 2025-02-20: one day too early for the bonus. */
	scn_day(&w, "2025-02-20");
	scn_act(&w, S_PST, 409,
	        "{\"proof_kind\":\"employment_contract\",\"proof\":\"Tillsvidareanställning från "
	        "2024-08-21.\"}",
	        "/api/v1/interventions/%lld/bonus-claims", (long long)iv);
	/* Friday 2025-02-21: claimed with the proof; approved. */
	scn_day(&w, "2025-02-21");
	CHECK(scn_post(&w, S_PST, &r,
	               "{\"proof_kind\":\"payslips\",\"proof\":\"Lönespecifikationer "
	               "september-februari.\"}",
	               "/api/v1/interventions/%lld/bonus-claims", (long long)iv) == 201 &&
	              tc_jis(r.body, "eligible_on", "2025-02-21"),
	      "bonus claimed: %.*s", (int)r.raw.len, r.raw.data);
	claim = tc_jint(r.body, "id", 0);
	tc_resp_release(&r);
	scn_act(&w, S_COU, 200, "{\"approve\":true}", "/api/v1/bonus-claims/%lld/decision",
	        (long long)claim);
	scn_done(&w);
	return tc_summary();
}
