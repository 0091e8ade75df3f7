/*
 * Scenario AMI1 (vägledning och matchning, at most 3 months, KV-1) through
 * the HTTP API on a fixed clock, around nationaldagen and midsommar 2024:
 * the default provider of the rotation (KV-13), an assignment starting the
 * day it is issued (KV-24), a late start-up meeting, a plan approved across
 * midsommarafton, a monthly report returned and resubmitted by the 12th
 * (KV-32) and an early ending for self-sufficiency (KV-51, KV-61). Due dates
 * worked out by hand from the Kundval pack and the Swedish calendar.
 */
#include "harness_case.h"

#include <string.h>

int main(int argc, char **argv)
{
	struct scn w;
	struct tc_client anon;
	struct tc_resp r;
	char st[16];
	int64_t cust, iv, doc;

	scn_init(&w, argc > 1 ? argv[1] : "sqlite");
	/* 19950315-1236 (ID-1), 29 in 2024. */
	cust = scn_customer(&w, "199503151236", "1995-03-15");

	/* Monday 2024-06-03: decision; the customer takes the default (KV-13).
	 * KV-12: 14-day periods from Monday 2024-01-01, list by authorisation
	 * date: Jobbhuset (2023-01-01), Karriärfabriken (2023-06-01). 3 June is
	 * day 154 after the anchor (31+29+31+30+31 = 152 to 1 June, + 2): period
	 * 154 / 14 = 11, odd: Karriärfabriken, 3-16 June. */
	scn_day(&w, "2024-06-03");
	/* The comparison is public: no session, no personal data (KV-11). */
	tc_client_init(&anon, w.srv.base);
	CHECK(tc_call(&anon, "GET", "/api/v1/comparison/AMI", NULL, NULL, &r) == 200 &&
	              tc_jint(tc_jget(r.body, "default"), "provider_id", 0) == w.prov2 &&
	              tc_jis(tc_jget(r.body, "default"), "period_start", "2024-06-03") &&
	              tc_jis(tc_jget(r.body, "default"), "period_end", "2024-06-16"),
	      "comparison: default Karriärfabriken 3-16 June: %.*s", (int)r.raw.len, r.raw.data);
	CHECK(json_array_size(json_object_get(r.body, "providers")) == 2 &&
	              tc_jstr(r.body, "how_to_switch"),
	      "both providers with how to switch");
	tc_resp_release(&r);
	tc_client_release(&anon);
	CHECK(scn_post(&w, S_COU, &r, "{\"code\":\"AMI1\"}", "/api/v1/customers/%lld/decisions",
	               (long long)cust) == 201,
	      "grant AMI1");
	iv = tc_jint(tc_jget(r.body, "intervention"), "id", 0);
	CHECK(tc_jis(tc_jget(r.body, "intervention"), "target_group", "financial_assistance_18_66"),
	      "KV-2 group recorded");
	tc_resp_release(&r);
	scn_act(&w, S_COU, 200, "{\"default\":true}", "/api/v1/interventions/%lld/choice",
	        (long long)iv);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200 &&
	              tc_jint(r.body, "provider_id", 0) == w.prov2 &&
	              json_is_true(tc_jget(r.body, "default_choice")),
	      "the default provider recorded");
	tc_resp_release(&r);

	/* Wednesday 2024-06-05: queued. KV-21: Thursday 6 June is nationaldagen:
	 * due Friday 2024-06-07. Jobbhuset's staff cannot see the case. */
	scn_day(&w, "2024-06-05");
	scn_act(&w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue", (long long)iv);
	scn_obligation(&w, iv, "staffing", 0, "2024-06-07", "open", "queued");
	{
		long s = scn_get(&w, S_PST, &r, "/api/v1/interventions/%lld/case", (long long)iv);
		CHECK(s == 404, "another provider: 404, got %ld %.*s", s, (int)r.raw.len,
		      r.raw.data);
	}
	tc_resp_release(&r);
	scn_act(&w, S_PST, 404, "{}", "/api/v1/interventions/%lld/staffing", (long long)iv);

	/* Friday 2024-06-07: staffed; KV-22 due Monday 2024-06-10. */
	scn_day(&w, "2024-06-07");
	scn_act(&w, S_PST2, 200, "{}", "/api/v1/interventions/%lld/staffing", (long long)iv);
	scn_obligation(&w, iv, "assignment", 0, "2024-06-10", "open", "staffed");

	/* Monday 2024-06-10: the assignment starting today (KV-24's default):
	 * running at once. KV-23: meeting by 17 June; KV-24: plan by 24 June
	 * (Monday after midsommar); planned end 10 June + 3 months - 1 day =
	 * 2024-09-09; June's report by 7 July, a Sunday: Monday 2024-07-08. */
	scn_day(&w, "2024-06-10");
	scn_act(&w, S_COU, 200, "{\"brief\":\"Matchning mot lager och logistik.\"}",
	        "/api/v1/interventions/%lld/assignment", (long long)iv);
	CHECK(!strcmp(scn_state(&w, iv, st), "running"), "running at once, got %s", st);
	scn_obligation(&w, iv, "assignment", 0, "2024-06-10", "met_on_time", "assigned");
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-06-17", "open", "assigned");
	scn_obligation(&w, iv, "plan_submission", 0, "2024-06-24", "open", "assigned");
	scn_obligation(&w, iv, "final_report_completed", 0, "2024-09-09", "open", "assigned");
	scn_obligation(&w, iv, "monthly_report", 0, "2024-07-08", "open", "assigned");

	/* Wednesday 2024-06-19: the meeting, 2 days late (19 - 17). */
	scn_day(&w, "2024-06-19");
	scn_act(&w, S_PST2, 200, "{\"held_on\":\"2024-06-19\"}",
	        "/api/v1/interventions/%lld/startup-meeting", (long long)iv);
	scn_obligation(&w, iv, "startup_meeting", 0, "2024-06-17", "met_late", "late meeting");

	/* Thursday 2024-06-20: the plan (the provider is Karriärfabriken: its
	 * staff writes it). KV-25: 5 working days, but Friday 21 June is
	 * midsommarafton: 24, 25, 26, 27, 28 June: Friday 2024-06-28. */
	scn_day(&w, "2024-06-20");
	{
		char path[96];
		struct tc_resp p;
		snprintf(path, sizeof(path), "/api/v1/interventions/%lld/plan", (long long)iv);
		CHECK(tc_call(&w.c[S_PST2], "PUT", path,
		              "{\"sections\":{\"goals\":\"Anställning inom lager.\"}}", NULL,
		              &p) / 100 ==
		              2,
		      "plan saved");
		doc = tc_jint(p.body, "id", 0);
		tc_resp_release(&p);
		scn_act(&w, S_PST2, 200, NULL, "/api/v1/documents/%lld/submit", (long long)doc);
	}
	scn_obligation(&w, iv, "plan_submission", 0, "2024-06-24", "met_on_time", "plan");
	scn_obligation(&w, iv, "plan_approval", 0, "2024-06-28", "open", "plan");

	/* Monday 2024-06-24: approved on time. */
	scn_day(&w, "2024-06-24");
	scn_doc_review(&w, doc, NULL);
	scn_obligation(&w, iv, "plan_approval", 0, "2024-06-28", "met_on_time", "approved");

	/* Monday 2024-07-08: June's report on its (moved) last day. */
	scn_day(&w, "2024-07-08");
	{
		char path[128];
		struct tc_resp p;
		snprintf(path, sizeof(path), "/api/v1/interventions/%lld/monthly-reports/2024-06",
		         (long long)iv);
		CHECK(tc_call(&w.c[S_PST2], "PUT", path,
		              "{\"sections\":{\"progression\":\"Två intervjuer.\",\"adjustments\":"
		              "\"Ej aktuellt, planen gäller.\",\"absence\":\"Ej aktuellt, ingen "
		              "frånvaro.\",\"other_absence\":\"Ej aktuellt, ingen frånvaro.\","
		              "\"other_intervention\":\"Ej aktuellt, inget behov.\",\"deviations\":"
		              "\"Ej aktuellt, inga avvikelser.\"}}",
		              NULL,
		              &p) / 100 ==
		              2,
		      "report saved");
		doc = tc_jint(p.body, "id", 0);
		tc_resp_release(&p);
		scn_act(&w, S_PST2, 200, NULL, "/api/v1/documents/%lld/submit", (long long)doc);
	}
	scn_obligation(&w, iv, "monthly_report", 0, "2024-07-08", "met_on_time", "June sent");

	/* Wednesday 2024-07-10: returned. KV-32: due again by the 12th (a
	 * Friday): 2024-07-12. */
	scn_day(&w, "2024-07-10");
	scn_doc_review(&w, doc, "Frånvaron i juni saknar datum.");
	scn_obligation(&w, iv, "monthly_report_resubmission", 0, "2024-07-12", "open", "returned");

	/* Friday 2024-07-12: resubmitted on time; Monday 15 July approved on
	 * the last day (KV-32: by the 15th). */
	scn_day(&w, "2024-07-12");
	scn_act(&w, S_PST2, 200, NULL, "/api/v1/documents/%lld/submit", (long long)doc);
	scn_obligation(&w, iv, "monthly_report_resubmission", 0, "2024-07-12", "met_on_time",
	               "resubmitted");
	scn_day(&w, "2024-07-15");
	scn_doc_review(&w, doc, NULL);
	scn_obligation(&w, iv, "monthly_report_approval", 0, "2024-07-15", "met_on_time",
	               "approved");

	/* Thursday 2024-08-01: self-sufficient (KV-51), ended early: KV-61 by
	 * 1 Aug + 14 = Thursday 2024-08-15; no KV-60 report on the old planned
	 * end; August is the last month (due 7 September, a Saturday: 9th). */
	scn_day(&w, "2024-08-01");
	scn_act(&w, S_COU, 200, "{\"reason\":\"self_sufficient\"}",
	        "/api/v1/interventions/%lld/end", (long long)iv);
	scn_obligation(&w, iv, "final_report_early_end", 0, "2024-08-15", "open", "ended");
	scn_no_obligation(&w, iv, "final_report_completed", "ended early");
	scn_obligation(&w, iv, "monthly_report", 2, "2024-09-09", "open", "ended");

	/* Monday 2024-08-05: the final report, on time. */
	scn_day(&w, "2024-08-05");
	{
		char path[128];
		struct tc_resp p;
		snprintf(path, sizeof(path), "/api/v1/interventions/%lld/final-report",
		         (long long)iv);
		CHECK(tc_call(&w.c[S_PST2], "PUT", path,
		              "{\"sections\":{\"summary\":\"Anställd på lager.\"},\"body\":"
		              "{\"outcome\":\"self_sufficient\"}}",
		              NULL,
		              &p) / 100 ==
		              2,
		      "final report saved");
		doc = tc_jint(p.body, "id", 0);
		tc_resp_release(&p);
		scn_act(&w, S_PST2, 200, NULL, "/api/v1/documents/%lld/submit", (long long)doc);
	}
	scn_obligation(&w, iv, "final_report_early_end", 0, "2024-08-15", "met_on_time", "report");
	scn_done(&w);
	return tc_summary();
}
