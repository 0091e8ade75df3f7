/*
 * Every action of the intervention's life cycle tried in every state in
 * which it is not allowed, through the HTTP API: each is refused with 409
 * naming the state and the action, and nothing changes (the state and the
 * row's updated_at stay as they were, X-4). The allowed pairs are the table
 * of docs/internals/lifecycle.md, written out here independently of the
 * code: granted: choice, queue, cancel; queued: staffing, provider-switch,
 * cancel; staffed: assignment, provider-switch, cancel; assigned:
 * start-date, start-up meeting, provider-switch, cancel; running: contact,
 * start-up meeting, extension, end, provider-switch; ended and cancelled:
 * nothing.
 */
#include "harness_case.h"

#include <string.h>

enum { G, Q, S, A, R, E, C, NSTATES };
static const char *const state_names[NSTATES] = {"granted", "queued", "staffed",  "assigned",
                                                 "running", "ended",  "cancelled"};

struct action {
	const char *path; /* after /api/v1/interventions/{id}/ */
	enum scn_role role;
	const char *body; /* NULL: no body */
	const char *rule; /* the rule the refusal names */
	bool allowed[NSTATES];
};

static char switch_body[64];

static const struct action actions[] = {
        {"choice", S_COU, "{\"provider_id\":1}", "KV-11", {1, 0, 0, 0, 0, 0, 0}},
        {"queue", S_COU, NULL, "KV-20", {1, 0, 0, 0, 0, 0, 0}},
        {"staffing", S_PST, "{}", "KV-21", {0, 1, 0, 0, 0, 0, 0}},
        {"assignment",
         S_COU,
         "{\"brief\":\"x\",\"start_on\":\"2024-10-01\"}",
         "KV-22",
         {0, 0, 1, 0, 0, 0, 0}},
        {"start-date", S_COU, "{\"start_on\":\"2024-10-07\"}", "KV-24", {0, 0, 0, 1, 0, 0, 0}},
        {"startup-meeting", S_PST, "{}", "KV-23", {0, 0, 0, 1, 1, 0, 0}},
        {"contacts", S_PST, "{\"channel\":\"phone\"}", "KV-30", {0, 0, 0, 0, 1, 0, 0}},
        {"extension", S_SUP, "{\"months\":1,\"reason\":\"x\"}", "KV-50", {0, 0, 0, 0, 1, 0, 0}},
        {"end", S_COU, "{\"reason\":\"sickness\"}", "KV-52", {0, 0, 0, 0, 1, 0, 0}},
        {"cancel", S_COU, "{\"reason\":\"x\"}", "KV-52", {1, 1, 1, 1, 0, 0, 0}},
        {"provider-switch", S_COU, switch_body, "KV-14", {0, 1, 1, 1, 1, 0, 0}},
};

/* state and updated_at of the intervention. */
static void snapshot(struct scn *w, int64_t iv, char *state, char *updated)
{
	struct tc_resp r;

	state[0] = updated[0] = '\0';
	if (scn_get(w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200) {
		snprintf(state, 16, "%s", tc_jstr(r.body, "state") ? tc_jstr(r.body, "state") : "");
		snprintf(updated, 40, "%s",
		         tc_jstr(r.body, "updated_at") ? tc_jstr(r.body, "updated_at") : "");
	}
	tc_resp_release(&r);
}

int main(int argc, char **argv)
{
	struct scn w;
	int64_t cust, iv[NSTATES];
	size_t tried = 0;

	scn_init(&w, argc > 1 ? argv[1] : "sqlite");
	snprintf(switch_body, sizeof(switch_body), "{\"provider_id\":%lld}", (long long)w.prov2);
	cust = scn_customer(&w, "198001012460", "1980-01-01");

	/* One intervention in each state, on Tuesday 2024-10-01. */
	scn_day(&w, "2024-10-01");
	for (int s = 0; s < NSTATES; s++) {
		iv[s] = scn_grant(&w, cust, "AMI2", w.prov);
		if (s == C) {
			scn_act(&w, S_COU, 200, "{\"reason\":\"x\"}",
			        "/api/v1/interventions/%lld/cancel", (long long)iv[s]);
			continue;
		}
		if (s >= Q)
			scn_act(&w, S_COU, 200, NULL, "/api/v1/interventions/%lld/queue",
			        (long long)iv[s]);
		if (s >= S)
			scn_act(&w, S_PST, 200, "{}", "/api/v1/interventions/%lld/staffing",
			        (long long)iv[s]);
		if (s == A)
			scn_act(&w, S_COU, 200, "{\"brief\":\"x\",\"start_on\":\"2024-11-04\"}",
			        "/api/v1/interventions/%lld/assignment", (long long)iv[s]);
		if (s >= R)
			scn_act(&w, S_COU, 200, "{\"brief\":\"x\"}",
			        "/api/v1/interventions/%lld/assignment", (long long)iv[s]);
		if (s == E)
			scn_act(&w, S_COU, 200, "{\"reason\":\"self_sufficient\"}",
			        "/api/v1/interventions/%lld/end", (long long)iv[s]);
	}
	for (int s = 0; s < NSTATES; s++) {
		char state[16];
		char updated[40];
		snapshot(&w, iv[s], state, updated);
		CHECK(!strcmp(state, state_names[s]), "set-up: %s, expected %s", state,
		      state_names[s]);
	}
	for (size_t a = 0; a < sizeof(actions) / sizeof(actions[0]); a++)
		for (int s = 0; s < NSTATES; s++) {
			const struct action *x = &actions[a];
			char before[16], ub[40], after[16], ua[40];
			struct tc_resp r;
			long st;
			if (x->allowed[s])
				continue;
			snapshot(&w, iv[s], before, ub);
			st = scn_post(&w, x->role, &r, x->body, "/api/v1/interventions/%lld/%s",
			              (long long)iv[s], x->path);
			CHECK(st == 409, "%s in state %s: %ld, expected 409: %.*s", x->path,
			      state_names[s], st, (int)r.raw.len, r.raw.data);
			CHECK(st != 409 ||
			              (tc_jstr(r.body, "error.message") &&
			               strstr(tc_jstr(r.body, "error.message"), state_names[s])),
			      "%s in state %s: the message names the state: %s", x->path,
			      state_names[s], tc_jstr(r.body, "error.message"));
			CHECK(st != 409 || tc_jis(r.body, "error.rule", x->rule),
			      "%s in state %s: rule %s, expected %s", x->path, state_names[s],
			      tc_jstr(r.body, "error.rule"), x->rule);
			tc_resp_release(&r);
			snapshot(&w, iv[s], after, ua);
			CHECK(!strcmp(before, after) && !strcmp(ub, ua),
			      "%s in state %s changed it: %s %s -> %s %s", x->path, state_names[s],
			      before, ub, after, ua);
			tried++;
		}
	/* 11 actions x 7 states, minus the 18 allowed pairs listed above (3 + 3 + 3 + 4 + 5). */
	CHECK(tried == 77 - 18, "%zu refusals tried", tried);

	/* Proposals: only a pending proposal moves (approve, reject, replace). */
	{
		struct tc_resp r;
		int64_t p;
		CHECK(scn_post(&w, S_PST, &r,
		               "{\"kind\":\"extension\",\"justification\":\"Behöver en månad "
		               "till.\"}",
		               "/api/v1/interventions/%lld/proposals", (long long)iv[R]) == 201,
		      "proposal");
		p = tc_jint(r.body, "id", 0);
		tc_resp_release(&r);
		scn_act(&w, S_SUP, 200, "{\"reason\":\"Rimligt.\"}",
		        "/api/v1/proposals/%lld/reject", (long long)p);
		scn_act(&w, S_SUP, 409, "{}", "/api/v1/proposals/%lld/approve", (long long)p);
		scn_act(&w, S_SUP, 409, "{\"reason\":\"x\"}", "/api/v1/proposals/%lld/reject",
		        (long long)p);
		/* Proposals in states their kind does not allow. */
		scn_act(&w, S_PST, 409, "{\"kind\":\"extension\",\"justification\":\"x\"}",
		        "/api/v1/interventions/%lld/proposals", (long long)iv[A]);
		scn_act(&w, S_PST, 409,
		        "{\"kind\":\"start_date\",\"date\":\"2024-12-02\",\"justification\":\"x\"}",
		        "/api/v1/interventions/%lld/proposals", (long long)iv[R]);
		scn_act(&w, S_PST, 409,
		        "{\"kind\":\"end\",\"end_reason\":\"sickness\",\"justification\":\"x\"}",
		        "/api/v1/interventions/%lld/proposals", (long long)iv[E]);
	}
	scn_done(&w);
	return tc_summary();
}
