/*
 * Changes and endings through the HTTP API (KV-13, KV-14, KV-50, KV-52,
 * KV-53, provider proposals): extension proposals replacing each other and
 * decided by a supervisor only, direct extensions up to the pack's 2 months
 * and no further, a rejected end proposal, a provider switch after the start
 * (the old intervention ends, a new one is granted) and before it (queued
 * again at the new provider), a cancellation, a noted deficiency, timeliness
 * per provider, and the default rotation.
 */
#include "harness_case.h"

#include <stdlib.h>
#include <string.h>

static void case_is(struct scn *w, int64_t iv, const char *member, const char *want,
                    const char *where)
{
	struct tc_resp r;

	CHECK(scn_get(w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200 &&
	              tc_jis(r.body, member, want),
	      "%s: %s is %s, expected %s", where, member, tc_jstr(r.body, member), want);
	tc_resp_release(&r);
}

static int64_t propose(struct scn *w, int64_t iv, const char *body, long want)
{
	struct tc_resp r;
	int64_t id;
	long s =
	        scn_post(w, S_PST, &r, body, "/api/v1/interventions/%lld/proposals", (long long)iv);

	CHECK(s == want, "proposal %s: %ld %.*s", body, s, (int)r.raw.len, r.raw.data);
	id = tc_jint(r.body, "id", 0);
	tc_resp_release(&r);
	return id;
}

int main(int argc, char **argv)
{
	struct scn w;
	struct tc_resp r;
	char st[16];
	int64_t cust, cust2, iv, iv2, iv3, p1, p2, p3;

	scn_init(&w, argc > 1 ? argv[1] : "sqlite");
	cust = scn_customer(&w, "198502146783", "1985-02-14");
	cust2 = scn_customer(&w, "199906307898", "1999-06-30");

	/* KV-12: periods of 14 days from Monday 2024-01-01; the list is
	 * Jobbhuset (authorised 2023-01-01), then Karriärfabriken (2023-06-01). */
	scn_day(&w, "2024-08-01");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/rotation/AMI?from=2024-01-01&periods=4") == 200,
	      "rotation");
	{
		json_t *p = json_object_get(r.body, "periods");
		CHECK(json_array_size(p) == 4 &&
		              tc_jint(json_array_get(p, 0), "provider_id", 0) == w.prov &&
		              tc_jis(json_array_get(p, 0), "end", "2024-01-14") &&
		              tc_jint(json_array_get(p, 1), "provider_id", 0) == w.prov2 &&
		              tc_jis(json_array_get(p, 1), "start", "2024-01-15") &&
		              tc_jint(json_array_get(p, 2), "provider_id", 0) == w.prov &&
		              tc_jint(json_array_get(p, 3), "provider_id", 0) == w.prov2,
		      "alternating two-week periods: %.*s", (int)r.raw.len, r.raw.data);
	}
	tc_resp_release(&r);

	/* AMI1 from Monday 5 August: planned end 5 Aug + 3 months - 1 =
	 * 2024-11-04, the KV-60 due date. */
	iv = scn_grant(&w, cust, "AMI1", w.prov);
	scn_act(&w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue", (long long)iv);
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/staffing", (long long)iv);
	scn_act(&w, S_COU, 200, "{\"start_on\":\"2024-08-05\",\"brief\":\"Matchning.\"}",
	        "/api/v1/interventions/%lld/assignment", (long long)iv);
	scn_day(&w, "2024-08-05");
	scn_sweep(&w);
	CHECK(!strcmp(scn_state(&w, iv, st), "running"), "started by the sweep, got %s", st);
	scn_obligation(&w, iv, "final_report_completed", 0, "2024-11-04", "open", "running");

	/* Tuesday 2024-10-01: two extension proposals; the second replaces the
	 * first. Only a supervisor decides an extension (KV-50). */
	scn_day(&w, "2024-10-01");
	p1 = propose(&w, iv, "{\"kind\":\"extension\",\"justification\":\"Nära anställning.\"}",
	             201);
	p2 = propose(&w, iv,
	             "{\"kind\":\"extension\",\"months\":1,\"justification\":\"Provanställning "
	             "från november.\"}",
	             201);
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/proposals/%lld", (long long)p1) == 200 &&
	              tc_jis(r.body, "state", "replaced") &&
	              tc_jint(r.body, "replaced_by", 0) == p2,
	      "the first proposal is replaced by the second");
	tc_resp_release(&r);
	scn_act(&w, S_COU, 403, "{}", "/api/v1/proposals/%lld/approve", (long long)p2);
	scn_act(&w, S_SUP, 409, "{}", "/api/v1/proposals/%lld/approve", (long long)p1);
	scn_act(&w, S_SUP, 200, "{\"reason\":\"Målet nås inom en månad.\"}",
	        "/api/v1/proposals/%lld/approve", (long long)p2);
	/* KV-50: one month: 5 Nov + 1 month - 1 = 2024-12-04; KV-60 moves. */
	case_is(&w, iv, "planned_end_on", "2024-12-04", "extended once");
	scn_obligation(&w, iv, "final_report_completed", 0, "2024-12-04", "open", "extended");
	/* A second month directly by the supervisor: 2025-01-04 (2 in all). */
	scn_act(&w, S_SUP, 200, "{\"months\":1,\"reason\":\"Ytterligare en månad.\"}",
	        "/api/v1/interventions/%lld/extension", (long long)iv);
	case_is(&w, iv, "planned_end_on", "2025-01-04", "extended twice");
	/* No third (KV-50: at most 2 months), and the counsellor cannot extend. */
	scn_act(&w, S_SUP, 409, "{\"months\":1,\"reason\":\"En till.\"}",
	        "/api/v1/interventions/%lld/extension", (long long)iv);
	scn_act(&w, S_COU, 403, "{\"months\":1,\"reason\":\"En till.\"}",
	        "/api/v1/interventions/%lld/extension", (long long)iv);
	case_is(&w, iv, "planned_end_on", "2025-01-04", "unchanged after the refusals");

	/* An end proposal, rejected with a reason; a reason is required, and a
	 * decided proposal cannot be decided again. */
	p3 = propose(&w, iv,
	             "{\"kind\":\"end\",\"end_reason\":\"no_progression\",\"date\":\"2024-10-15\","
	             "\"justification\":\"Ingen progression.\"}",
	             201);
	scn_act(&w, S_COU, 400, "{}", "/api/v1/proposals/%lld/reject", (long long)p3);
	scn_act(&w, S_COU, 200, "{\"reason\":\"Vi ger det en månad till.\"}",
	        "/api/v1/proposals/%lld/reject", (long long)p3);
	scn_act(&w, S_COU, 409, "{\"reason\":\"Igen.\"}", "/api/v1/proposals/%lld/reject",
	        (long long)p3);
	CHECK(!strcmp(scn_state(&w, iv, st), "running"), "still running, got %s", st);
	/* Another start date cannot be proposed once it runs (KV-24). */
	propose(&w, iv,
	        "{\"kind\":\"start_date\",\"date\":\"2024-10-07\",\"justification\":\"Senare.\"}",
	        409);

	/* KV-53: a deficiency noted for the provider, and its timeliness. */
	{
		char body[160];
		snprintf(body, sizeof(body),
		         "{\"kind\":\"late_reporting\",\"intervention_id\":%lld,\"note\":"
		         "\"Rapporten "
		         "för augusti kom sent.\"}",
		         (long long)iv);
		scn_act(&w, S_COU, 201, body, "/api/v1/providers/%lld/deficiencies",
		        (long long)w.prov);
	}
	CHECK(scn_get(&w, S_SUP, &r, "/api/v1/providers/%lld/deficiencies", (long long)w.prov) ==
	                      200 &&
	              json_array_size(json_object_get(r.body, "items")) == 1,
	      "one deficiency");
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_PST2, &r, "/api/v1/providers/%lld/deficiencies", (long long)w.prov) ==
	              404,
	      "another provider's deficiencies: 404");
	tc_resp_release(&r);
	CHECK(scn_get(&w, S_SUP, &r, "/api/v1/providers/%lld/timeliness?from=2024-01-01",
	              (long long)w.prov) == 200 &&
	              tc_jfind(json_object_get(r.body, "items"), "deadline", "staffing"),
	      "timeliness per kind");
	tc_resp_release(&r);

	/* Thursday 2024-10-10: a switch after the start (KV-14) ends this one
	 * with reason provider_switch and grants a new one at Karriärfabriken.
	 * KV-61: 10 Oct + 14 = Thursday 2024-10-24. */
	scn_day(&w, "2024-10-10");
	{
		char body[96];
		long s;
		snprintf(body, sizeof(body), "{\"provider_id\":%lld}", (long long)w.prov2);
		s = scn_post(&w, S_COU, &r, body, "/api/v1/interventions/%lld/provider-switch",
		             (long long)iv);
		CHECK(s == 201 && tc_jis(r.body, "state", "granted") &&
		              tc_jint(r.body, "provider_id", 0) == w.prov2,
		      "a new intervention at the new provider: %ld %.*s", s, (int)r.raw.len,
		      r.raw.data);
		iv2 = tc_jint(r.body, "id", 0);
		tc_resp_release(&r);
	}
	case_is(&w, iv, "end_reason", "provider_switch", "the old one");
	scn_obligation(&w, iv, "final_report_early_end", 0, "2024-10-24", "open", "switched");
	scn_act(&w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue", (long long)iv2);
	scn_obligation(&w, iv2, "staffing", 0, "2024-10-11", "open", "new provider");
	CHECK(scn_get(&w, S_PST, &r, "/api/v1/interventions/%lld/case", (long long)iv2) == 404,
	      "the old provider does not see the new one");
	tc_resp_release(&r);

	/* A switch before the start keeps the intervention and queues it again
	 * at the new provider; the new queueing gives a new staffing deadline. */
	iv3 = scn_grant(&w, cust2, "AMI2", w.prov);
	scn_act(&w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue", (long long)iv3);
	scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/staffing", (long long)iv3);
	{
		char body[96];
		snprintf(body, sizeof(body), "{\"provider_id\":%lld}", (long long)w.prov2);
		scn_act(&w, S_COU, 200, body, "/api/v1/interventions/%lld/provider-switch",
		        (long long)iv3);
	}
	CHECK(!strcmp(scn_state(&w, iv3, st), "queued"), "queued again, got %s", st);
	scn_obligation(&w, iv3, "staffing", 0, "2024-10-11", "met_on_time", "first provider");
	scn_obligation(&w, iv3, "staffing", 1, "2024-10-11", "open", "second provider");
	CHECK(scn_get(&w, S_PST, &r, "/api/v1/interventions/%lld/case", (long long)iv3) == 404,
	      "the old provider no longer sees it");
	tc_resp_release(&r);
	/* Cancelled before the start (KV-52): nothing more is owed. */
	scn_act(&w, S_COU, 200, "{\"reason\":\"Kunden har fått arbete.\"}",
	        "/api/v1/interventions/%lld/cancel", (long long)iv3);
	CHECK(!strcmp(scn_state(&w, iv3, st), "cancelled"), "cancelled, got %s", st);
	scn_obligation(&w, iv3, "staffing", 0, "2024-10-11", "met_on_time", "kept");
	CHECK(scn_get(&w, S_COU, &r, "/api/v1/interventions/%lld/obligations", (long long)iv3) ==
	                      200 &&
	              json_array_size(json_object_get(r.body, "items")) == 1,
	      "only what was met remains");
	tc_resp_release(&r);
	/* stegvis deadlines lists what is due by a date (text and JSON): the new
	 * provider's staffing of the switched case, due Friday 11 October. */
	{
		char cmd[1400], line[512], want[128];
		bool seen = false;
		FILE *p;
		snprintf(cmd, sizeof(cmd), "'%s' deadlines --on 2024-10-11 --db '%s' --tenant t1",
		         getenv("SV_BINARY"), w.h.url);
		snprintf(want, sizeof(want), "2024-10-11\topen\tKV-21\tstaffing\t%lld\tprovider\t",
		         (long long)iv2);
		p = popen(cmd, "r");
		while (p && fgets(line, sizeof(line), p))
			seen = seen || !strncmp(line, want, strlen(want));
		CHECK(p && pclose(p) == 0 && seen, "stegvis deadlines lists %s", want);
		snprintf(cmd, sizeof(cmd),
		         "'%s' deadlines --on 2024-10-11 --format json --counsellor kv.anna --db "
		         "'%s' "
		         "--tenant t1",
		         getenv("SV_BINARY"), w.h.url);
		p = popen(cmd, "r");
		{
			json_t *doc = p ? json_loadf(p, 0, NULL) : NULL;
			json_t *o = tc_jfind(json_object_get(doc, "items"), "deadline", "staffing");
			CHECK(p && pclose(p) == 0 && o && tc_jint(o, "intervention_id", 0) == iv2 &&
			              tc_jis(o, "due_on", "2024-10-11"),
			      "stegvis deadlines --format json");
			json_decref(doc);
		}
	}
	scn_done(&w);
	return tc_summary();
}
