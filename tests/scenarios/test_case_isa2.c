/*
 * Scenario ISA2 (språkträning utanför etableringen, at most 12 months, KV-1)
 * through the HTTP API on a fixed clock, around Kristi himmelsfärd 2024: a
 * queue the day before the holiday, the provider's proposal of another start
 * date approved by the counsellor (KV-24), a late start-up meeting, and an
 * ending for sickness (KV-52), an abort (KV-62).
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
	/* 19770909-4564 (ID-1), 46 in 2024. */
	cust = scn_customer(&w, "197709094564", "1977-09-09");

	scn_day(&w, "2024-05-06");
	iv = scn_grant(&w, cust, "ISA2", w.prov);

	/* Wednesday 2024-05-08: queued. KV-21: Thursday 9 May is Kristi
	 * himmelsfärdsdag: due Friday 2024-05-10. */
	scn_day(&w, "2024-05-08");
	scn_act(&w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue", (long long)iv);
	scn_obligation(&w, iv, "staffing", 0, "2024-05-10", "open", "before Ascension");

	/* Friday 2024-05-10: staffed; KV-22 due Monday 2024-05-13. */
	scn_day(&w, "2024-05-10");
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/staffing", (long long)iv);
	scn_obligation(&w, iv, "assignment", 0, "2024-05-13", "open", "staffed");

	/* Monday 2024-05-13: start Monday 20 May; KV-23 by 20 May; KV-24 by 3
	 * June (Monday). */
	scn_day(&w, "2024-05-13");
	scn_act(&w, S_COU, 200, "{\"start_on\":\"2024-05-20\",\"brief\":\"Språkpraktik i butik.\"}",
	        "/api/v1/interventions/%lld/assignment", (long long)iv);
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-05-20", "open", "assigned");
	scn_obligation(&w, iv, "plan_submission", 0, "2024-06-03", "open", "assigned");

	/* Friday 2024-05-17: the workplace cannot take the customer until 27
	 * May: the provider proposes it; it cannot change the date itself. */
	scn_day(&w, "2024-05-17");
	scn_act(&w, S_PST, 403, "{\"start_on\":\"2024-05-27\"}",
	        "/api/v1/interventions/%lld/start-date", (long long)iv);
	CHECK(scn_post(&w, S_PST, &r,
	               "{\"kind\":\"start_date\",\"date\":\"2024-05-27\",\"justification\":"
	               "\"Arbetsplatsen kan ta emot kunden först den 27 maj.\"}",
	               "/api/v1/interventions/%lld/proposals", (long long)iv) == 201,
	      "start date proposed");
	prop = tc_jint(r.body, "id", 0);
	tc_resp_release(&r);
	scn_act(&w, S_COU, 200, "{}", "/api/v1/proposals/%lld/approve", (long long)prop);
	/* KV-24 moves with the start: 27 May + 14 = Monday 2024-06-10. */
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200 &&
	              tc_jis(r.body, "start_on", "2024-05-27") &&
	              tc_jis(r.body, "state", "assigned"),
	      "start moved to 27 May, still assigned");
	tc_resp_release(&r);
	scn_obligation(&w, iv, "plan_submission", 0, "2024-06-10", "open", "start moved");

	/* Thursday 2024-05-30: the meeting, 10 days after its due date (30 - 20);
	 * running since the 27th. */
	scn_day(&w, "2024-05-30");
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/startup-meeting", (long long)iv);
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-05-20", "met_late", "late meeting");
	CHECK(!strcmp(scn_state(&w, iv, st), "running"), "running, got %s", st);

	/* Friday 2024-09-20: sick more than two weeks with the physician
	 * advising against (KV-52): an abort (KV-62). KV-61: 20 Sep + 14 =
	 * Friday 2024-10-04. */
	scn_day(&w, "2024-09-20");
	scn_act(&w, S_COU, 200, "{\"reason\":\"sickness\",\"withhold_reason\":true}",
	        "/api/v1/interventions/%lld/end", (long long)iv);
	scn_obligation(&w, iv, "final_report_early_end", 0, "2024-10-04", "open", "ended");
	/* KV-52: the customer did not want the provider told the reason. */
	CHECK(scn_get(&w, S_PST, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200 &&
	              tc_jis(r.body, "end_reason", "withheld"),
	      "the reason withheld from the provider");
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200 &&
	              tc_jis(r.body, "end_reason", "sickness"),
	      "the counsellor sees it");
	tc_resp_release(&r);
	scn_done(&w);
	return tc_summary();
}
