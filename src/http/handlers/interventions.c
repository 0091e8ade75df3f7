/*
 * /api/v1/interventions: read (the workflow actions are in casework.c). The
 * end reason is the life-cycle name (lifecycle.h) like every other route,
 * and "withheld" for provider staff when the customer asked so (KV-52).
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "service/providers.h"
#include "stegvis/lifecycle.h"
#include "stegvis/store_case.h"

/*
 * One vocabulary for end reasons (lifecycle.h): the life-cycle name of the
 * ending (end_cause, NULL when only the coarse column is known, which maps
 * "other" to "completed"); "withheld" passes through (KV-52).
 */
static const char *end_reason_of(const struct store_intervention *iv, const char *end_cause)
{
	const char *name = lc_end_reason_display(end_cause, iv->end_reason);

	return name ? name : iv->end_reason;
}

/* The end reason a caller sees: "withheld" for provider roles when the
 * customer wanted it so (KV-52), else the life-cycle name. */
static const char *end_reason_for(const struct http_req *r, const struct store_intervention *iv,
                                  const char *end_cause, bool withheld)
{
	if (withheld && authz_is_provider_role(r->who.role))
		return "withheld";
	return end_reason_of(iv, end_cause);
}

/* end_reason: the name to show (end_reason_for). */
static json_t *intervention_json(const struct store_intervention *iv, const char *end_reason)
{
	return json_pack(
	        "{s:I,s:I,s:s?,s:s?,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:s?,s:s?}", "id",
	        (json_int_t)iv->id, "customer_id", (json_int_t)iv->customer_id, "code", iv->code,
	        "scheme", store_intervention_scheme(iv->code), "provider_id",
	        iv->provider_id ? json_integer(iv->provider_id) : json_null(), "unit_id",
	        iv->unit_id ? json_integer(iv->unit_id) : json_null(), "counsellor_id",
	        iv->counsellor_id ? json_integer(iv->counsellor_id) : json_null(), "decided_on",
	        http_date_json(iv->decided_on), "start_on", http_date_json(iv->start_on),
	        "planned_end_on", http_date_json(iv->planned_end_on), "actual_end_on",
	        http_date_json(iv->actual_end_on), "state", iv->state, "end_reason", end_reason);
}

static bool query_id(struct http_req *r, const char *name, int64_t *out)
{
	const char *v = http_query(r, name);
	char *end;
	long long n;

	*out = 0;
	if (!v)
		return true;
	n = strtoll(v, &end, 10);
	if (!*v || *end || n < 1) {
		http_error(r, 400, NULL, "X-4", "query parameter %s must be a positive id", name);
		return false;
	}
	*out = n;
	return true;
}

void h_interventions_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_intervention_list l = {0};
	struct store_case_ending_list ends = {0};
	struct store_intervention_filter f = {0};
	int64_t *ended = NULL;
	size_t n_ended = 0;
	struct store_page page;
	struct svc s;
	json_t *items;
	int64_t t0;
	enum sv_rc rc;

	if (!http_page(r, &page) || !query_id(r, "unit_id", &f.unit_id) ||
	    !query_id(r, "provider_id", &f.provider_id) ||
	    !query_id(r, "customer_id", &f.customer_id))
		return;
	f.state = http_query(r, "state");
	if (f.state && !store_intervention_state_valid(f.state)) {
		http_error(r, 400, NULL, "X-4", "query parameter state is not a known state");
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = interventions_list(&s, f, page, &l, &err);
	/* The life-cycle names and KV-52 of the page's ended rows: one query
	 * per chunk of the page (store_case_endings), not one per row. */
	if (!rc && l.n && !(ended = calloc(l.n, sizeof(*ended))))
		rc = SV_ENOMEM;
	for (size_t i = 0; !rc && i < l.n; i++)
		if (l.v[i].end_reason)
			ended[n_ended++] = l.v[i].id;
	if (!rc && n_ended)
		rc = store_case_endings(r->st, r->tenant, ended, n_ended, &ends, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		goto out;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++) {
		const struct store_case_ending *e = NULL;
		for (size_t k = 0; l.v[i].end_reason && k < ends.n && !e; k++)
			if (ends.v[k].intervention_id == l.v[i].id)
				e = &ends.v[k];
		json_array_append_new(
		        items, intervention_json(&l.v[i],
		                                 end_reason_for(r, &l.v[i], e ? e->end_cause : NULL,
		                                                e && e->reason_withheld)));
	}
	http_list(r, items, l.next);
out:
	free(ended);
	store_case_ending_list_release(&ends);
	store_intervention_list_release(&l);
}

void h_interventions_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_intervention iv = {0};
	struct store_case c = {0};
	const char *shown = NULL;
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = interventions_get(&s, id, &iv, &err);
	/* The ending's life-cycle name from the details (X-3 checked above). */
	if (!rc && iv.end_reason)
		rc = store_case_get(r->st, r->tenant, id, &c, &err);
	http_db_time(r, t0);
	if (!rc)
		shown = end_reason_for(r, &iv, c.end_cause, c.reason_withheld);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200, intervention_json(&iv, shown));
	store_case_release(&c);
	store_intervention_release(&iv);
}
