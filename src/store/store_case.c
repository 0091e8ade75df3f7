/*
 * store_case.c - the tables of the kundval and jobbpeng workflow
 * (sql/0002_workflow.sql, include/stegvis/store_case.h). Every query names
 * tenant_id; every write runs in store_tx_enter()/store_tx_leave()
 * with its event, except the derived obligations.
 */
#include "stegvis/store_case.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/store_int.h"

/* ---- Helpers ---------------------------------------------------------------- */

/*
 * The display name of the user in column col of the row aliased t (NULL
 * when none): one correlated lookup on users' unique (tenant_id, id) inside
 * the row's own query, never a query per row. Only display_name leaves
 * users here: no username, role or contact data.
 */
#define USER_NAME(t, col)                                                             \
	"(SELECT un.display_name FROM users un WHERE un.tenant_id = " t ".tenant_id " \
	"AND un.id = " t "." col ")"

static size_t page_limit(struct store_page page)
{
	size_t limit = page.limit ? page.limit : STORE_PAGE_DEFAULT;
	return limit > STORE_PAGE_MAX ? STORE_PAGE_MAX : limit;
}

/* Append the event kind with the JSON object text payload (NULL = {}). */
static enum sv_rc emit(struct store *st, const struct store_write *w, int64_t customer_id,
                       const char *kind, const char *payload, struct sv_error *err)
{
	json_t *pl = NULL;
	json_error_t je;

	if (!kind || !*kind)
		return sv_error_set(err, SV_EINVAL, "kind", "store:required",
		                    "an event kind is required");
	if (payload) {
		pl = json_loads(payload, JSON_REJECT_DUPLICATES, &je);
		if (!pl || !json_is_object(pl)) {
			json_decref(pl);
			return sv_error_set(err, SV_EINVAL, "payload", "JSON", "not a JSON object");
		}
	}
	return store_event_emit(st, w, customer_id, kind, pl, err);
}

/* A JSON payload built here: {key: id, ...} as text, or NULL on ENOMEM. */
static char *payload_of(json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	json_decref(o);
	return s;
}

typedef enum sv_rc (*row_fn)(struct store_q *q, void *elem);
typedef void (*release_fn)(void *elem);

/*
 * Run sql whose last parameter is the row limit (limit + 1 is passed, so that
 * a following page shows) and collect up to limit elements; *next is the id
 * (read by idof) of the last element when there is more.
 */
static enum sv_rc fetch_list(struct store *st, const char *sql, struct store_param *p, int np,
                             size_t limit, size_t elemsize, row_fn fn, release_fn rel,
                             int64_t (*idof)(const void *), void **v, size_t *n, int64_t *next,
                             struct sv_error *err)
{
	struct store_q q;
	char *arr;
	enum sv_rc rc;

	*v = NULL;
	*n = 0;
	*next = 0;
	arr = calloc(limit ? limit : 1, elemsize);
	if (!arr)
		return SV_ENOMEM;
	p[np - 1] = P_INT((int64_t)limit + 1);
	rc = store_q_run(st, &q, sql, p, np, false, err);
	if (rc)
		goto out;
	while (store_q_next(&q, &rc, err)) {
		if (*n == limit) {
			*next = idof(arr + (*n - 1) * elemsize);
			break;
		}
		rc = fn(&q, arr + *n * elemsize);
		if (rc)
			break;
		(*n)++;
	}
	store_q_done(&q);
out:
	if (rc) {
		for (size_t i = 0; i < *n; i++)
			rel(arr + i * elemsize);
		free(arr);
		*n = 0;
		*next = 0;
		return rc;
	}
	*v = arr;
	return SV_OK;
}

static enum sv_rc fetch_one(struct store *st, const char *sql, const struct store_param *p, int np,
                            void *elem, row_fn fn, const char *field, const char *what,
                            struct sv_error *err)
{
	struct store_q q;
	enum sv_rc rc = store_q_run(st, &q, sql, p, np, false, err);

	if (rc)
		return rc;
	if (store_q_next(&q, &rc, err))
		rc = fn(&q, elem);
	else if (!rc)
		rc = sv_error_set(err, SV_ENOTFOUND, field, "", "no such %s", what);
	store_q_done(&q);
	return rc;
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static enum sv_rc required_text(const char *s, const char *field, struct sv_error *err)
{
	return blank(s) ? sv_error_set(err, SV_EINVAL, field, "store:required", "%s is required",
	                               field)
	                : SV_OK;
}

static enum sv_rc one_of(const char *s, const char *const *allowed, const char *field,
                         struct sv_error *err)
{
	return store_check_enum(s, allowed, field, true, err);
}

/* ---- An intervention with its workflow details ------------------------------ */

void store_case_release(struct store_case *c)
{
	store_intervention_release(&c->iv);
	free(c->target_group);
	free(c->outside_target_reason);
	free(c->part_time_reason);
	free(c->brief);
	free(c->future_plan);
	free(c->end_cause);
	free(c->end_note);
	free(c->counsellor_name);
	free(c->staff_user_name);
	memset(c, 0, sizeof(*c));
}

static enum sv_rc case_row(struct store_q *q, void *elem)
{
	struct store_case *c = elem;
	struct store_intervention *iv = &c->iv;
	enum sv_rc rc = SV_OK;

	iv->id = store_q_int(q, 0);
	iv->ref = store_q_strdup(q, 1, &rc);
	iv->customer_id = store_q_int(q, 2);
	iv->code = store_q_strdup(q, 3, &rc);
	iv->provider_id = store_q_int(q, 4);
	iv->unit_id = store_q_int(q, 5);
	iv->counsellor_id = store_q_int(q, 6);
	iv->decided_on = store_q_date(q, 7);
	iv->start_on = store_q_date(q, 8);
	iv->planned_end_on = store_q_date(q, 9);
	iv->actual_end_on = store_q_date(q, 10);
	iv->state = store_q_strdup(q, 11, &rc);
	iv->end_reason = store_q_strdup(q, 12, &rc);
	iv->created_at = store_q_int(q, 13);
	iv->updated_at = store_q_int(q, 14);
	c->staff_user_id = store_q_int(q, 15);
	c->extension_months = (int)store_q_int(q, 16);
	c->assessment_id = store_q_int(q, 17);
	c->target_group = store_q_strdup(q, 18, &rc);
	c->outside_target_reason = store_q_strdup(q, 19, &rc);
	c->default_choice = store_q_int(q, 20) != 0;
	c->extent_percent = store_q_null(q, 21) ? 100 : (int)store_q_int(q, 21);
	c->part_time_reason = store_q_strdup(q, 22, &rc);
	c->brief = store_q_strdup(q, 23, &rc);
	c->future_plan = store_q_strdup(q, 24, &rc);
	c->end_cause = store_q_strdup(q, 25, &rc);
	c->end_note = store_q_strdup(q, 26, &rc);
	c->end_decided_on = store_q_date(q, 27);
	c->reason_withheld = store_q_int(q, 28) != 0;
	c->extended_days = (int)store_q_int(q, 29);
	c->counsellor_name = store_q_strdup(q, 30, &rc);
	c->staff_user_name = store_q_strdup(q, 31, &rc);
	if (rc)
		store_case_release(c);
	return rc;
}

enum sv_rc store_case_get(struct store *st, int64_t tenant, int64_t intervention_id,
                          struct store_case *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(intervention_id)};

	memset(out, 0, sizeof(*out));
	return fetch_one(
	        st,
	        "SELECT i.id, i.ref, i.customer_id, i.code, COALESCE(i.provider_id, 0), "
	        "COALESCE(i.unit_id, 0), COALESCE(i.counsellor_id, 0), i.decided_on, i.start_on, "
	        "i.planned_end_on, i.actual_end_on, i.state, i.end_reason, i.created_at, "
	        "i.updated_at, COALESCE(i.staff_user_id, 0), i.extension_months, "
	        "COALESCE(d.assessment_id, 0), d.target_group, d.outside_target_reason, "
	        "COALESCE(d.default_choice, 0), d.extent_percent, d.part_time_reason, d.brief, "
	        "d.future_plan, d.end_cause, d.end_note, d.end_decided_on, "
	        "COALESCE(d.reason_withheld, 0), COALESCE(d.extended_days, 0), " USER_NAME(
	                "i",
	                "counsellor_id") ", " USER_NAME("i",
	                                                "staff_user_id") " FROM interventions i "
	                                                                 "LEFT JOIN "
	                                                                 "intervention_details d "
	                                                                 "ON d.tenant_id = "
	                                                                 "i.tenant_id AND "
	                                                                 "d.intervention_id = i.id "
	                                                                 "WHERE i.tenant_id = $1 "
	                                                                 "AND i.id = $2",
	        p, NPARAMS(p), out, case_row, "intervention_id", "intervention", err);
}

enum sv_rc store_case_save(struct store *st, const struct store_write *w, struct store_case *c,
                           const char *kind, const char *payload, struct sv_error *err)
{
	const struct store_intervention *iv = &c->iv;
	int64_t changed = 0;
	enum sv_rc rc = store_check_write(w, err);

	if (!rc && !store_intervention_state_valid(iv->state))
		rc = sv_error_set(err, SV_EINVAL, "state", "store:enum",
		                  "not an intervention state");
	if (!rc && c->extent_percent != 100 && blank(c->part_time_reason))
		rc = sv_error_set(err, SV_EINVAL, "part_time_reason", "KV-4",
		                  "a part-time start needs a reason in the assignment");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),           P_INT(iv->id),
		                          P_INT(iv->updated_at),      P_ID(iv->provider_id),
		                          P_ID(iv->counsellor_id),    P_ID(iv->unit_id),
		                          P_DATE(iv->start_on),       P_DATE(iv->planned_end_on),
		                          P_DATE(iv->actual_end_on),  P_TEXT(iv->state),
		                          P_TEXT(iv->end_reason),     P_ID(c->staff_user_id),
		                          P_INT(c->extension_months), P_INT(w->at)};
		rc = store_do(
		        st,
		        "UPDATE interventions SET provider_id = $4, counsellor_id = $5, "
		        "unit_id = $6, start_on = $7, planned_end_on = $8, actual_end_on = $9, "
		        "state = $10, end_reason = $11, staff_user_id = $12, "
		        "extension_months = $13, updated_at = $14 "
		        "WHERE tenant_id = $1 AND id = $2 AND updated_at = $3",
		        p, NPARAMS(p), &changed, err);
		if (!rc && changed != 1)
			rc = sv_error_set(err, SV_ECONFLICT, "intervention_id", "store:busy",
			                  "the intervention was changed meanwhile; read it again");
	}
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant),
		                          P_INT(iv->id),
		                          P_ID(c->assessment_id),
		                          P_TEXT(c->target_group),
		                          P_TEXT(c->outside_target_reason),
		                          P_BOOL(c->default_choice),
		                          P_INT(c->extent_percent ? c->extent_percent : 100),
		                          P_TEXT(c->part_time_reason),
		                          P_TEXT(c->brief),
		                          P_TEXT(c->future_plan),
		                          P_TEXT(c->end_cause),
		                          P_TEXT(c->end_note),
		                          P_DATE(c->end_decided_on),
		                          P_BOOL(c->reason_withheld),
		                          P_INT(c->extended_days)};
		rc = store_do(
		        st,
		        "INSERT INTO intervention_details (tenant_id, intervention_id, "
		        "assessment_id, target_group, outside_target_reason, default_choice, "
		        "extent_percent, part_time_reason, brief, future_plan, end_cause, "
		        "end_note, end_decided_on, reason_withheld, extended_days) VALUES ($1, "
		        "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
		        "ON CONFLICT (tenant_id, intervention_id) DO UPDATE SET "
		        "assessment_id = $3, target_group = $4, outside_target_reason = $5, "
		        "default_choice = $6, extent_percent = $7, part_time_reason = $8, "
		        "brief = $9, future_plan = $10, end_cause = $11, end_note = $12, "
		        "end_decided_on = $13, reason_withheld = $14, extended_days = $15",
		        p, NPARAMS(p), NULL, err);
	}
	if (!rc)
		rc = emit(st, w, iv->customer_id, kind, payload, err);
	rc = store_tx_leave(st, rc, err);
	if (!rc)
		c->iv.updated_at = w->at;
	return rc;
}

enum sv_rc store_case_due_starts(struct store *st, int64_t tenant, sv_date today, int64_t *ids,
                                 size_t max, size_t *n, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_DATE(today), P_INT((int64_t)max)};
	struct store_q q;
	enum sv_rc rc;

	*n = 0;
	rc = store_q_run(st, &q,
	                 "SELECT id FROM interventions WHERE tenant_id = $1 AND state = 'assigned' "
	                 "AND start_on <= $2 ORDER BY id LIMIT $3",
	                 p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	while (*n < max && store_q_next(&q, &rc, err))
		ids[(*n)++] = store_q_int(&q, 0);
	store_q_done(&q);
	return rc;
}

void store_case_ending_list_release(struct store_case_ending_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].end_cause);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

enum sv_rc store_case_endings(struct store *st, int64_t tenant, const int64_t *ids, size_t n,
                              struct store_case_ending_list *out, struct sv_error *err)
{
	enum sv_rc rc = SV_OK;

	memset(out, 0, sizeof(*out));
	if (n && !(out->v = calloc(n, sizeof(*out->v))))
		return SV_ENOMEM;
	for (size_t at = 0; !rc && at < n; at += STORE_CASE_ENDINGS_CHUNK) {
		/* Unused slots are 0, which is no intervention's id; 1 + 16
		 * parameters stay within every backend's limit (pg.c: 24). */
		struct store_param p[1 + STORE_CASE_ENDINGS_CHUNK];
		struct store_q q;
		p[0] = P_INT(tenant);
		for (size_t k = 0; k < STORE_CASE_ENDINGS_CHUNK; k++)
			p[1 + k] = P_INT(at + k < n ? ids[at + k] : 0);
		rc = store_q_run(st, &q,
		                 "SELECT d.intervention_id, d.end_cause, "
		                 "COALESCE(d.reason_withheld, 0) FROM intervention_details d "
		                 "WHERE d.tenant_id = $1 AND d.intervention_id IN ($2, $3, $4, $5, "
		                 "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
		                 p, NPARAMS(p), false, err);
		if (rc)
			break;
		while (out->n < n && store_q_next(&q, &rc, err)) {
			struct store_case_ending *e = &out->v[out->n++];
			e->intervention_id = store_q_int(&q, 0);
			e->end_cause = store_q_strdup(&q, 1, &rc);
			e->reason_withheld = store_q_int(&q, 2) != 0;
			if (rc)
				break;
		}
		store_q_done(&q);
	}
	if (rc)
		store_case_ending_list_release(out);
	return rc;
}

/* ---- Assessments -------------------------------------------------------------- */

void store_assessment_release(struct store_assessment *a)
{
	free(a->assessment);
	free(a->future_plan);
	memset(a, 0, sizeof(*a));
}

static void assessment_release_v(void *e)
{
	store_assessment_release(e);
}

void store_assessment_list_release(struct store_assessment_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_assessment_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static enum sv_rc assessment_row(struct store_q *q, void *elem)
{
	struct store_assessment *a = elem;
	enum sv_rc rc = SV_OK;

	a->id = store_q_int(q, 0);
	a->customer_id = store_q_int(q, 1);
	a->made_by = store_q_int(q, 2);
	a->made_on = store_q_date(q, 3);
	a->made_at = store_q_int(q, 4);
	a->assessment = store_q_strdup(q, 5, &rc);
	a->future_plan = store_q_strdup(q, 6, &rc);
	if (rc)
		store_assessment_release(a);
	return rc;
}

static int64_t assessment_id(const void *e)
{
	return ((const struct store_assessment *)e)->id;
}

#define ASSESSMENT_COLS \
	"id, customer_id, COALESCE(made_by, 0), made_on, made_at, assessment, future_plan"

enum sv_rc store_assessment_add(struct store *st, const struct store_write *w,
                                struct store_assessment *a, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = required_text(a->assessment, "assessment", err);
	if (!rc)
		rc = required_text(a->future_plan, "future_plan", err);
	if (!rc && a->made_on == SV_NO_DATE)
		rc = sv_error_set(err, SV_EINVAL, "made_on", "store:required",
		                  "a date is required");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),      P_INT(a->customer_id),
		                          P_ID(w->actor),        P_DATE(a->made_on),
		                          P_INT(w->at),          P_TEXT(a->assessment),
		                          P_TEXT(a->future_plan)};
		rc = store_one_int(
		        st,
		        "INSERT INTO assessments (tenant_id, customer_id, made_by, made_on, "
		        "made_at, assessment, future_plan) VALUES ($1, $2, $3, $4, $5, $6, "
		        "$7) RETURNING id",
		        p, NPARAMS(p), &a->id, err);
	}
	if (!rc) {
		a->made_by = w->actor;
		a->made_at = w->at;
		rc = store_event_emit(st, w, a->customer_id, "assessment.recorded",
		                      json_pack("{sI}", "assessment_id", (json_int_t)a->id), err);
	}
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_assessment_get(struct store *st, int64_t tenant, int64_t id,
                                struct store_assessment *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};

	memset(out, 0, sizeof(*out));
	return fetch_one(
	        st, "SELECT " ASSESSMENT_COLS " FROM assessments WHERE tenant_id = $1 AND id = $2",
	        p, NPARAMS(p), out, assessment_row, "assessment_id", "assessment", err);
}

enum sv_rc store_assessment_list(struct store *st, int64_t tenant, int64_t customer_id,
                                 struct store_page page, struct store_assessment_list *out,
                                 struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(customer_id), P_INT(page.after), P_NULL};

	return fetch_list(st,
	                  "SELECT " ASSESSMENT_COLS " FROM assessments WHERE tenant_id = $1 AND "
	                  "customer_id = $2 AND id > $3 ORDER BY id LIMIT $4",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), assessment_row,
	                  assessment_release_v, assessment_id, (void **)&out->v, &out->n,
	                  &out->next, err);
}

/* ---- Proposals ------------------------------------------------------------------ */

static const char *const proposal_kinds[] = {"extension", "end", "start_date",
                                             "another_intervention", NULL};
static const char *const proposal_states[] = {"pending", "approved", "rejected", "replaced", NULL};

void store_proposal_release(struct store_proposal *p)
{
	free(p->kind);
	free(p->state);
	free(p->justification);
	free(p->end_reason);
	free(p->decision_reason);
	free(p->made_by_name);
	free(p->decided_by_name);
	memset(p, 0, sizeof(*p));
}

static void proposal_release_v(void *e)
{
	store_proposal_release(e);
}

void store_proposal_list_release(struct store_proposal_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_proposal_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

#define PROPOSAL_COLS                                                                           \
	"p.id, p.intervention_id, p.customer_id, COALESCE(p.provider_id, 0), p.kind, p.state, " \
	"p.justification, p.end_reason, p.proposed_on, COALESCE(p.months, 0), "                 \
	"COALESCE(p.made_by, 0), p.made_at, COALESCE(p.decided_by, 0), "                        \
	"COALESCE(p.decided_at, 0), p.decision_reason, COALESCE(p.replaced_by, 0), " USER_NAME( \
	        "p", "made_by") ", " USER_NAME("p", "decided_by")

static enum sv_rc proposal_row(struct store_q *q, void *elem)
{
	struct store_proposal *p = elem;
	enum sv_rc rc = SV_OK;

	p->id = store_q_int(q, 0);
	p->intervention_id = store_q_int(q, 1);
	p->customer_id = store_q_int(q, 2);
	p->provider_id = store_q_int(q, 3);
	p->kind = store_q_strdup(q, 4, &rc);
	p->state = store_q_strdup(q, 5, &rc);
	p->justification = store_q_strdup(q, 6, &rc);
	p->end_reason = store_q_strdup(q, 7, &rc);
	p->proposed_on = store_q_date(q, 8);
	p->months = (int)store_q_int(q, 9);
	p->made_by = store_q_int(q, 10);
	p->made_at = store_q_int(q, 11);
	p->decided_by = store_q_int(q, 12);
	p->decided_at = store_q_int(q, 13);
	p->decision_reason = store_q_strdup(q, 14, &rc);
	p->replaced_by = store_q_int(q, 15);
	p->made_by_name = store_q_strdup(q, 16, &rc);
	p->decided_by_name = store_q_strdup(q, 17, &rc);
	if (rc)
		store_proposal_release(p);
	return rc;
}

static int64_t proposal_id(const void *e)
{
	return ((const struct store_proposal *)e)->id;
}

enum sv_rc store_proposal_add(struct store *st, const struct store_write *w,
                              struct store_proposal *p, const char *kind, const char *payload,
                              struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = one_of(p->kind, proposal_kinds, "kind", err);
	if (!rc)
		rc = required_text(p->justification, "justification", err);
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param q[] = {P_INT(w->tenant),
		                          P_INT(p->intervention_id),
		                          P_INT(p->customer_id),
		                          P_ID(p->provider_id),
		                          P_TEXT(p->kind),
		                          P_TEXT(p->justification),
		                          P_TEXT(p->end_reason),
		                          P_DATE(p->proposed_on),
		                          p->months ? P_INT(p->months) : P_NULL,
		                          P_ID(w->actor),
		                          P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO proposals (tenant_id, intervention_id, customer_id, "
		        "provider_id, kind, state, justification, end_reason, proposed_on, "
		        "months, made_by, made_at) VALUES ($1, $2, $3, $4, $5, 'pending', "
		        "$6, $7, $8, $9, $10, $11) RETURNING id",
		        q, NPARAMS(q), &p->id, err);
	}
	if (!rc) {
		char *pl = NULL;
		if (!payload) {
			pl = payload_of(json_pack("{sIsIss}", "intervention_id",
			                          (json_int_t)p->intervention_id, "proposal_id",
			                          (json_int_t)p->id, "kind", p->kind));
			if (!pl)
				rc = SV_ENOMEM;
		}
		if (!rc)
			rc = emit(st, w, p->customer_id, kind, payload ? payload : pl, err);
		free(pl);
	}
	if (!rc) {
		free(p->state);
		p->state = strdup("pending");
		p->made_by = w->actor;
		p->made_at = w->at;
		if (!p->state)
			rc = SV_ENOMEM;
	}
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_proposal_get(struct store *st, int64_t tenant, int64_t id,
                              struct store_proposal *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st,
	                 "SELECT " PROPOSAL_COLS " FROM proposals p WHERE p.tenant_id = $1 AND "
	                 "p.id = $2",
	                 p, NPARAMS(p), out, proposal_row, "proposal_id", "proposal", err);
}

enum sv_rc store_proposal_pending(struct store *st, int64_t tenant, int64_t intervention_id,
                                  const char *kind, struct store_proposal *out,
                                  struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(intervention_id), P_TEXT(kind)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st,
	                 "SELECT " PROPOSAL_COLS " FROM proposals p WHERE p.tenant_id = $1 AND "
	                 "p.intervention_id = $2 AND p.kind = $3 AND p.state = 'pending' "
	                 "ORDER BY p.id DESC LIMIT 1",
	                 p, NPARAMS(p), out, proposal_row, "proposal_id", "pending proposal", err);
}

enum sv_rc store_proposal_set_state(struct store *st, const struct store_write *w, int64_t id,
                                    const char *from, const char *to, const char *reason,
                                    int64_t replaced_by, const char *kind, const char *payload,
                                    struct sv_error *err)
{
	int64_t changed = 0, customer = 0;
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = one_of(from, proposal_states, "from", err);
	if (!rc)
		rc = one_of(to, proposal_states, "state", err);
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant), P_INT(id)};
		rc = store_one_int(
		        st, "SELECT customer_id FROM proposals WHERE tenant_id = $1 AND id = $2", p,
		        NPARAMS(p), &customer, err);
		if (rc == SV_ENOTFOUND)
			rc = sv_error_set(err, SV_ENOTFOUND, "proposal_id", "", "no such proposal");
	}
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant), P_INT(id),        P_TEXT(from),
		                          P_TEXT(to),       P_ID(w->actor),   P_INT(w->at),
		                          P_TEXT(reason),   P_ID(replaced_by)};
		rc = store_do(
		        st,
		        "UPDATE proposals SET state = $4, decided_by = $5, decided_at = $6, "
		        "decision_reason = $7, replaced_by = $8 WHERE tenant_id = $1 AND id = $2 "
		        "AND state = $3",
		        p, NPARAMS(p), &changed, err);
		if (!rc && changed != 1)
			rc = sv_error_set(err, SV_ECONFLICT, "state", "store:busy",
			                  "the proposal is no longer %s", from);
	}
	if (!rc)
		rc = emit(st, w, customer, kind, payload, err);
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_proposal_list(struct store *st, int64_t tenant,
                               const struct store_proposal_filter *f, struct store_page page,
                               struct store_proposal_list *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant),           P_INT(f->intervention_id),
	                          P_INT(f->provider_id),   P_INT(f->unit_id),
	                          P_INT(f->counsellor_id), f->state ? P_TEXT(f->state) : P_TEXT(""),
	                          P_INT(page.after),       P_NULL};

	return fetch_list(
	        st,
	        "SELECT " PROPOSAL_COLS " FROM proposals p JOIN interventions i ON "
	        "i.tenant_id = p.tenant_id AND i.id = p.intervention_id WHERE p.tenant_id = $1 "
	        "AND (CAST($2 AS BIGINT) = 0 OR p.intervention_id = $2) "
	        "AND (CAST($3 AS BIGINT) = 0 OR p.provider_id = $3) "
	        "AND (CAST($4 AS BIGINT) = 0 OR i.unit_id = $4) "
	        "AND (CAST($5 AS BIGINT) = 0 OR i.counsellor_id = $5) "
	        "AND (CAST($6 AS TEXT) = '' OR p.state = $6) AND p.id > $7 ORDER BY p.id LIMIT $8",
	        p, NPARAMS(p), page_limit(page), sizeof(*out->v), proposal_row, proposal_release_v,
	        proposal_id, (void **)&out->v, &out->n, &out->next, err);
}

/* ---- Contacts (KV-30) and deviations (KV-34) ------------------------------------ */

static const char *const contact_channels[] = {"in_person", "phone", "video",
                                               "message",   "other", NULL};

static void contact_log_release(struct store_contact_log *c)
{
	free(c->channel);
	free(c->note);
	free(c->recorded_by_name);
	memset(c, 0, sizeof(*c));
}

static void contact_log_release_v(void *e)
{
	contact_log_release(e);
}

void store_contact_log_list_release(struct store_contact_log_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		contact_log_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static enum sv_rc contact_log_row(struct store_q *q, void *elem)
{
	struct store_contact_log *c = elem;
	enum sv_rc rc = SV_OK;

	c->id = store_q_int(q, 0);
	c->intervention_id = store_q_int(q, 1);
	c->contact_on = store_q_date(q, 2);
	c->channel = store_q_strdup(q, 3, &rc);
	c->note = store_q_strdup(q, 4, &rc);
	c->recorded_by = store_q_int(q, 5);
	c->recorded_at = store_q_int(q, 6);
	c->recorded_by_name = store_q_strdup(q, 7, &rc);
	if (rc)
		contact_log_release(c);
	return rc;
}

static int64_t contact_log_id(const void *e)
{
	return ((const struct store_contact_log *)e)->id;
}

enum sv_rc store_contact_log_add(struct store *st, const struct store_write *w, int64_t customer_id,
                                 struct store_contact_log *c, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);
	char day[SV_DATE_STRLEN];

	if (!rc)
		rc = one_of(c->channel, contact_channels, "channel", err);
	if (!rc && c->contact_on == SV_NO_DATE)
		rc = sv_error_set(err, SV_EINVAL, "contact_on", "store:required",
		                  "a date is required");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),      P_INT(c->intervention_id),
		                          P_DATE(c->contact_on), P_TEXT(c->channel),
		                          P_TEXT(c->note),       P_ID(w->actor),
		                          P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO contact_logs (tenant_id, intervention_id, contact_on, "
		        "channel, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, "
		        "$5, $6, $7) RETURNING id",
		        p, NPARAMS(p), &c->id, err);
	}
	if (!rc)
		rc = store_event_emit(
		        st, w, customer_id, "contact.recorded",
		        json_pack("{sIsIssss}", "intervention_id", (json_int_t)c->intervention_id,
		                  "contact_log_id", (json_int_t)c->id, "on",
		                  date_format(c->contact_on, day), "channel", c->channel),
		        err);
	if (!rc) {
		c->recorded_by = w->actor;
		c->recorded_at = w->at;
	}
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_contact_log_list(struct store *st, int64_t tenant, int64_t intervention_id,
                                  struct store_page page, struct store_contact_log_list *out,
                                  struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(intervention_id), P_INT(page.after), P_NULL};

	return fetch_list(st,
	                  "SELECT c.id, c.intervention_id, c.contact_on, c.channel, c.note, "
	                  "COALESCE(c.recorded_by, 0), c.recorded_at, " USER_NAME(
	                          "c", "recorded_by") " FROM contact_logs c WHERE c.tenant_id = $1 "
	                                              "AND c.intervention_id = $2 AND "
	                                              "c.id > $3 ORDER BY c.id LIMIT $4",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), contact_log_row,
	                  contact_log_release_v, contact_log_id, (void **)&out->v, &out->n,
	                  &out->next, err);
}

static void deviation_release(struct store_deviation *d)
{
	free(d->description);
	free(d->recorded_by_name);
	memset(d, 0, sizeof(*d));
}

static void deviation_release_v(void *e)
{
	deviation_release(e);
}

void store_deviation_list_release(struct store_deviation_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		deviation_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static enum sv_rc deviation_row(struct store_q *q, void *elem)
{
	struct store_deviation *d = elem;
	enum sv_rc rc = SV_OK;

	d->id = store_q_int(q, 0);
	d->intervention_id = store_q_int(q, 1);
	d->occurred_on = store_q_date(q, 2);
	d->description = store_q_strdup(q, 3, &rc);
	d->affects_assistance = store_q_int(q, 4) != 0;
	d->recorded_by = store_q_int(q, 5);
	d->recorded_at = store_q_int(q, 6);
	d->recorded_by_name = store_q_strdup(q, 7, &rc);
	if (rc)
		deviation_release(d);
	return rc;
}

static int64_t deviation_id(const void *e)
{
	return ((const struct store_deviation *)e)->id;
}

enum sv_rc store_deviation_add(struct store *st, const struct store_write *w, int64_t customer_id,
                               struct store_deviation *d, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);
	char day[SV_DATE_STRLEN];

	if (!rc)
		rc = required_text(d->description, "description", err);
	if (!rc && d->occurred_on == SV_NO_DATE)
		rc = sv_error_set(err, SV_EINVAL, "occurred_on", "store:required",
		                  "a date is required");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),
		                          P_INT(d->intervention_id),
		                          P_DATE(d->occurred_on),
		                          P_TEXT(d->description),
		                          P_BOOL(d->affects_assistance),
		                          P_ID(w->actor),
		                          P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO deviations (tenant_id, intervention_id, occurred_on, "
		        "description, affects_assistance, recorded_by, recorded_at) VALUES "
		        "($1, $2, $3, $4, $5, $6, $7) RETURNING id",
		        p, NPARAMS(p), &d->id, err);
	}
	if (!rc)
		rc = store_event_emit(st, w, customer_id, "deviation.reported",
		                      json_pack("{sIsIsssb}", "intervention_id",
		                                (json_int_t)d->intervention_id, "deviation_id",
		                                (json_int_t)d->id, "on",
		                                date_format(d->occurred_on, day),
		                                "affects_assistance", d->affects_assistance),
		                      err);
	if (!rc) {
		d->recorded_by = w->actor;
		d->recorded_at = w->at;
	}
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_deviation_list(struct store *st, int64_t tenant, int64_t intervention_id,
                                struct store_page page, struct store_deviation_list *out,
                                struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(intervention_id), P_INT(page.after), P_NULL};

	return fetch_list(
	        st,
	        "SELECT d.id, d.intervention_id, d.occurred_on, d.description, "
	        "d.affects_assistance, COALESCE(d.recorded_by, 0), d.recorded_at, " USER_NAME(
	                "d", "recorded_by") " FROM deviations d WHERE d.tenant_id = $1 AND "
	                                    "d.intervention_id = $2 AND d.id > $3 ORDER BY d.id "
	                                    "LIMIT $4",
	        p, NPARAMS(p), page_limit(page), sizeof(*out->v), deviation_row,
	        deviation_release_v, deviation_id, (void **)&out->v, &out->n, &out->next, err);
}

/* ---- Provider deficiencies (KV-53) ------------------------------------------------ */

static const char *const deficiency_kinds[] = {"late_reporting",
                                               "missing_information",
                                               "not_following_plan",
                                               "no_progression_follow_up",
                                               "other",
                                               NULL};

static void deficiency_release(struct store_deficiency *d)
{
	free(d->kind);
	free(d->note);
	memset(d, 0, sizeof(*d));
}

static void deficiency_release_v(void *e)
{
	deficiency_release(e);
}

void store_deficiency_list_release(struct store_deficiency_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		deficiency_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static enum sv_rc deficiency_row(struct store_q *q, void *elem)
{
	struct store_deficiency *d = elem;
	enum sv_rc rc = SV_OK;

	d->id = store_q_int(q, 0);
	d->provider_id = store_q_int(q, 1);
	d->intervention_id = store_q_int(q, 2);
	d->kind = store_q_strdup(q, 3, &rc);
	d->noted_on = store_q_date(q, 4);
	d->note = store_q_strdup(q, 5, &rc);
	d->recorded_by = store_q_int(q, 6);
	d->recorded_at = store_q_int(q, 7);
	if (rc)
		deficiency_release(d);
	return rc;
}

static int64_t deficiency_id(const void *e)
{
	return ((const struct store_deficiency *)e)->id;
}

enum sv_rc store_deficiency_add(struct store *st, const struct store_write *w, int64_t customer_id,
                                struct store_deficiency *d, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);
	char day[SV_DATE_STRLEN];

	if (!rc)
		rc = one_of(d->kind, deficiency_kinds, "kind", err);
	if (!rc && d->noted_on == SV_NO_DATE)
		rc = sv_error_set(err, SV_EINVAL, "noted_on", "store:required",
		                  "a date is required");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),         P_INT(d->provider_id),
		                          P_ID(d->intervention_id), P_TEXT(d->kind),
		                          P_DATE(d->noted_on),      P_TEXT(d->note),
		                          P_ID(w->actor),           P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO provider_deficiencies (tenant_id, provider_id, "
		        "intervention_id, kind, noted_on, note, recorded_by, recorded_at) "
		        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
		        p, NPARAMS(p), &d->id, err);
	}
	if (!rc)
		rc = store_event_emit(st, w, customer_id, "provider.deficiency",
		                      json_pack("{sIsIsIssss}", "provider_id",
		                                (json_int_t)d->provider_id, "intervention_id",
		                                (json_int_t)d->intervention_id, "deficiency_id",
		                                (json_int_t)d->id, "kind", d->kind, "on",
		                                date_format(d->noted_on, day)),
		                      err);
	if (!rc) {
		d->recorded_by = w->actor;
		d->recorded_at = w->at;
	}
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_deficiency_list(struct store *st, int64_t tenant, int64_t provider_id,
                                 sv_date from, sv_date to, struct store_page page,
                                 struct store_deficiency_list *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(provider_id), P_DATE(from),
	                          P_DATE(to),    P_INT(page.after),  P_NULL};

	return fetch_list(st,
	                  "SELECT id, provider_id, COALESCE(intervention_id, 0), kind, noted_on, "
	                  "note, COALESCE(recorded_by, 0), recorded_at FROM provider_deficiencies "
	                  "WHERE tenant_id = $1 AND provider_id = $2 AND noted_on >= $3 AND "
	                  "noted_on <= $4 AND id > $5 ORDER BY id LIMIT $6",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), deficiency_row,
	                  deficiency_release_v, deficiency_id, (void **)&out->v, &out->n,
	                  &out->next, err);
}

/* ---- Jobbpeng: supplementary vouchers (JP-7) --------------------------------------- */

void store_supplement_release(struct store_supplement *s)
{
	free(s->purpose);
	free(s->justification);
	free(s->state);
	free(s->decision_reason);
	memset(s, 0, sizeof(*s));
}

static void supplement_release_v(void *e)
{
	store_supplement_release(e);
}

void store_supplement_list_release(struct store_supplement_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_supplement_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

#define SUPPLEMENT_COLS                                                                          \
	"id, intervention_id, amount_ore, purpose, justification, state, "                       \
	"COALESCE(applied_by, 0), applied_on, applied_at, COALESCE(decided_by, 0), decided_on, " \
	"COALESCE(decided_at, 0), decision_reason"

static enum sv_rc supplement_row(struct store_q *q, void *elem)
{
	struct store_supplement *s = elem;
	enum sv_rc rc = SV_OK;

	s->id = store_q_int(q, 0);
	s->intervention_id = store_q_int(q, 1);
	s->amount_ore = store_q_int(q, 2);
	s->purpose = store_q_strdup(q, 3, &rc);
	s->justification = store_q_strdup(q, 4, &rc);
	s->state = store_q_strdup(q, 5, &rc);
	s->applied_by = store_q_int(q, 6);
	s->applied_on = store_q_date(q, 7);
	s->applied_at = store_q_int(q, 8);
	s->decided_by = store_q_int(q, 9);
	s->decided_on = store_q_date(q, 10);
	s->decided_at = store_q_int(q, 11);
	s->decision_reason = store_q_strdup(q, 12, &rc);
	if (rc)
		store_supplement_release(s);
	return rc;
}

static int64_t supplement_id(const void *e)
{
	return ((const struct store_supplement *)e)->id;
}

enum sv_rc store_supplement_add(struct store *st, const struct store_write *w, int64_t customer_id,
                                struct store_supplement *s, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = required_text(s->purpose, "purpose", err);
	if (!rc)
		rc = required_text(s->justification, "justification", err);
	if (!rc && s->amount_ore <= 0)
		rc = sv_error_set(err, SV_EINVAL, "amount", "JP-7", "the amount must be positive");
	if (!rc && s->applied_on == SV_NO_DATE)
		rc = sv_error_set(err, SV_EINVAL, "applied_on", "store:required",
		                  "a date is required");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),         P_INT(s->intervention_id),
		                          P_INT(s->amount_ore),     P_TEXT(s->purpose),
		                          P_TEXT(s->justification), P_ID(w->actor),
		                          P_DATE(s->applied_on),    P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO jp_supplements (tenant_id, intervention_id, amount_ore, "
		        "purpose, justification, state, applied_by, applied_on, applied_at) "
		        "VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8) RETURNING id",
		        p, NPARAMS(p), &s->id, err);
	}
	if (!rc)
		rc = store_event_emit(st, w, customer_id, "supplement.applied",
		                      json_pack("{sIsIsI}", "intervention_id",
		                                (json_int_t)s->intervention_id, "supplement_id",
		                                (json_int_t)s->id, "amount_ore",
		                                (json_int_t)s->amount_ore),
		                      err);
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_supplement_get(struct store *st, int64_t tenant, int64_t id,
                                struct store_supplement *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st,
	                 "SELECT " SUPPLEMENT_COLS
	                 " FROM jp_supplements WHERE tenant_id = $1 AND id = $2",
	                 p, NPARAMS(p), out, supplement_row, "supplement_id", "supplement", err);
}

/* pending -> state on day, with the event; shared by supplements and bonus claims. */
static enum sv_rc decide(struct store *st, const struct store_write *w, int64_t customer_id,
                         const char *sql, int64_t id, const char *state, sv_date day,
                         const char *reason, const char *kind, const char *idname,
                         struct sv_error *err)
{
	int64_t changed = 0;
	char d[SV_DATE_STRLEN];
	enum sv_rc rc = store_check_write(w, err);

	if (!rc && day == SV_NO_DATE)
		rc = sv_error_set(err, SV_EINVAL, "decided_on", "store:required",
		                  "a date is required");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant), P_INT(id),   P_TEXT(state),
		                          P_ID(w->actor),   P_DATE(day), P_INT(w->at),
		                          P_TEXT(reason)};
		rc = store_do(st, sql, p, NPARAMS(p), &changed, err);
		if (!rc && changed != 1)
			rc = sv_error_set(err, SV_ECONFLICT, "state", "store:busy",
			                  "it is no longer pending");
	}
	if (!rc)
		rc = store_event_emit(st, w, customer_id, kind,
		                      json_pack("{sIssss}", idname, (json_int_t)id, "state", state,
		                                "on", date_format(day, d)),
		                      err);
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_supplement_decide(struct store *st, const struct store_write *w,
                                   int64_t customer_id, int64_t id, const char *state, sv_date day,
                                   const char *reason, struct sv_error *err)
{
	static const char *const states[] = {"granted", "refused", NULL};
	enum sv_rc rc = one_of(state, states, "state", err);

	if (rc)
		return rc;
	return decide(st, w, customer_id,
	              "UPDATE jp_supplements SET state = $3, decided_by = $4, decided_on = $5, "
	              "decided_at = $6, decision_reason = $7 WHERE tenant_id = $1 AND id = $2 AND "
	              "state = 'pending'",
	              id, state, day, reason, "supplement.decided", "supplement_id", err);
}

enum sv_rc store_supplement_list(struct store *st, int64_t tenant, int64_t intervention_id,
                                 struct store_page page, struct store_supplement_list *out,
                                 struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(intervention_id), P_INT(page.after), P_NULL};

	return fetch_list(st,
	                  "SELECT " SUPPLEMENT_COLS " FROM jp_supplements WHERE tenant_id = $1 AND "
	                  "intervention_id = $2 AND id > $3 ORDER BY id LIMIT $4",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), supplement_row,
	                  supplement_release_v, supplement_id, (void **)&out->v, &out->n,
	                  &out->next, err);
}

/* ---- Jobbpeng: bonus claims (JP-8) --------------------------------------------------- */

void store_bonus_claim_release(struct store_bonus_claim *b)
{
	free(b->proof);
	free(b->state);
	free(b->decision_reason);
	memset(b, 0, sizeof(*b));
}

static void bonus_release_v(void *e)
{
	store_bonus_claim_release(e);
}

void store_bonus_claim_list_release(struct store_bonus_claim_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_bonus_claim_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

#define BONUS_COLS                                                                               \
	"id, intervention_id, qualifying_from, eligible_on, proof, state, "                      \
	"COALESCE(claimed_by, 0), claimed_on, claimed_at, COALESCE(decided_by, 0), decided_on, " \
	"COALESCE(decided_at, 0), decision_reason"

static enum sv_rc bonus_row(struct store_q *q, void *elem)
{
	struct store_bonus_claim *b = elem;
	enum sv_rc rc = SV_OK;

	b->id = store_q_int(q, 0);
	b->intervention_id = store_q_int(q, 1);
	b->qualifying_from = store_q_date(q, 2);
	b->eligible_on = store_q_date(q, 3);
	b->proof = store_q_strdup(q, 4, &rc);
	b->state = store_q_strdup(q, 5, &rc);
	b->claimed_by = store_q_int(q, 6);
	b->claimed_on = store_q_date(q, 7);
	b->claimed_at = store_q_int(q, 8);
	b->decided_by = store_q_int(q, 9);
	b->decided_on = store_q_date(q, 10);
	b->decided_at = store_q_int(q, 11);
	b->decision_reason = store_q_strdup(q, 12, &rc);
	if (rc)
		store_bonus_claim_release(b);
	return rc;
}

static int64_t bonus_id(const void *e)
{
	return ((const struct store_bonus_claim *)e)->id;
}

enum sv_rc store_bonus_claim_add(struct store *st, const struct store_write *w, int64_t customer_id,
                                 struct store_bonus_claim *b, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = required_text(b->proof, "proof", err);
	if (!rc && (b->qualifying_from == SV_NO_DATE || b->eligible_on == SV_NO_DATE ||
	            b->claimed_on == SV_NO_DATE))
		rc = sv_error_set(err, SV_EINVAL, "eligible_on", "store:required",
		                  "the qualifying dates are required");
	if (!rc && b->claimed_on < b->eligible_on)
		rc = sv_error_set(err, SV_EINVAL, "claimed_on", "JP-8",
		                  "a bonus can be claimed from the day six months of "
		                  "self-sufficiency are complete");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),           P_INT(b->intervention_id),
		                          P_DATE(b->qualifying_from), P_DATE(b->eligible_on),
		                          P_TEXT(b->proof),           P_ID(w->actor),
		                          P_DATE(b->claimed_on),      P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO jp_bonus_claims (tenant_id, intervention_id, "
		        "qualifying_from, eligible_on, proof, state, claimed_by, claimed_on, "
		        "claimed_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8) "
		        "RETURNING id",
		        p, NPARAMS(p), &b->id, err);
	}
	if (!rc)
		rc = store_event_emit(st, w, customer_id, "bonus.claimed",
		                      json_pack("{sIsI}", "intervention_id",
		                                (json_int_t)b->intervention_id, "bonus_claim_id",
		                                (json_int_t)b->id),
		                      err);
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_bonus_claim_get(struct store *st, int64_t tenant, int64_t id,
                                 struct store_bonus_claim *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};

	memset(out, 0, sizeof(*out));
	return fetch_one(
	        st, "SELECT " BONUS_COLS " FROM jp_bonus_claims WHERE tenant_id = $1 AND id = $2",
	        p, NPARAMS(p), out, bonus_row, "bonus_claim_id", "bonus claim", err);
}

enum sv_rc store_bonus_claim_decide(struct store *st, const struct store_write *w,
                                    int64_t customer_id, int64_t id, const char *state, sv_date day,
                                    const char *reason, struct sv_error *err)
{
	static const char *const states[] = {"approved", "rejected", NULL};
	enum sv_rc rc = one_of(state, states, "state", err);

	if (rc)
		return rc;
	return decide(st, w, customer_id,
	              "UPDATE jp_bonus_claims SET state = $3, decided_by = $4, decided_on = $5, "
	              "decided_at = $6, decision_reason = $7 WHERE tenant_id = $1 AND id = $2 AND "
	              "state = 'pending'",
	              id, state, day, reason, "bonus.decided", "bonus_claim_id", err);
}

enum sv_rc store_bonus_claim_list(struct store *st, int64_t tenant, int64_t intervention_id,
                                  struct store_page page, struct store_bonus_claim_list *out,
                                  struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(intervention_id), P_INT(page.after), P_NULL};

	return fetch_list(st,
	                  "SELECT " BONUS_COLS " FROM jp_bonus_claims WHERE tenant_id = $1 AND "
	                  "intervention_id = $2 AND id > $3 ORDER BY id LIMIT $4",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), bonus_row,
	                  bonus_release_v, bonus_id, (void **)&out->v, &out->n, &out->next, err);
}

/* ---- Meetings (KV-23, JP-5) ------------------------------------------------------------ */

enum sv_rc store_case_meeting_held(struct store *st, const struct store_write *w,
                                   int64_t customer_id, int64_t intervention_id,
                                   const char *meeting_kind, sv_time starts_at, const char *note,
                                   const char *kind, const char *payload, int64_t *id,
                                   struct sv_error *err)
{
	static const char *const kinds[] = {"start_up", "follow_up", NULL};
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = one_of(meeting_kind, kinds, "kind", err);
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),       P_INT(customer_id),
		                          P_INT(intervention_id), P_TEXT(meeting_kind),
		                          P_INT(starts_at),       P_TEXT(note)};
		rc = store_one_int(st,
		                   "INSERT INTO meetings (tenant_id, customer_id, intervention_id, "
		                   "kind, starts_at, outcome, note) VALUES ($1, $2, $3, $4, $5, "
		                   "'held', $6) RETURNING id",
		                   p, NPARAMS(p), id, err);
	}
	if (!rc)
		rc = emit(st, w, customer_id, kind, payload, err);
	return store_tx_leave(st, rc, err);
}

/* ---- Case facts ------------------------------------------------------------------------ */

void store_case_event_list_release(struct store_case_event_list *l)
{
	for (size_t i = 0; i < l->alloc; i++) {
		free(l->v[i].kind);
		free(l->v[i].payload);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void store_case_fact_list_release(struct store_case_fact_list *l)
{
	for (size_t i = 0; i < l->alloc; i++) {
		free(l->v[i].name);
		free(l->v[i].key);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Copy s into *dst, reusing its storage. */
static enum sv_rc set_text(char **dst, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *p = realloc(*dst, n + 1);

	if (!p)
		return SV_ENOMEM;
	memcpy(p, s ? s : "", n + 1);
	*dst = p;
	return SV_OK;
}

/* Make room for one more element of size elem in *v (zeroed when new). */
static enum sv_rc grow(void **v, size_t n, size_t *alloc, size_t elem)
{
	size_t na;
	char *nv;

	if (n < *alloc)
		return SV_OK;
	na = *alloc ? *alloc * 2 : 32;
	nv = realloc(*v, na * elem);
	if (!nv)
		return SV_ENOMEM;
	memset(nv + *alloc * elem, 0, (na - *alloc) * elem);
	*v = nv;
	*alloc = na;
	return SV_OK;
}

enum sv_rc store_case_new_events(struct store *st, int64_t tenant, int64_t customer_id,
                                 struct store_case_event_list *out, int64_t *last,
                                 struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(customer_id)};
	struct store_q q;
	enum sv_rc rc;

	out->n = 0;
	*last = 0;
	rc = store_q_run(
	        st, &q,
	        "SELECT e.id, e.kind, e.at, e.payload FROM events e WHERE e.tenant_id = $1 "
	        "AND e.customer_id = $2 AND e.id > COALESCE((SELECT last_event_id FROM "
	        "fact_watermarks w WHERE w.tenant_id = $1 AND w.customer_id = $2), 0) "
	        "ORDER BY e.id",
	        p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	while (store_q_next(&q, &rc, err)) {
		struct store_case_event *e;
		rc = grow((void **)&out->v, out->n, &out->alloc, sizeof(*out->v));
		if (rc)
			break;
		e = &out->v[out->n];
		e->id = store_q_int(&q, 0);
		e->at = store_q_int(&q, 2);
		rc = set_text(&e->kind, store_q_text(&q, 1));
		if (!rc)
			rc = set_text(&e->payload, store_q_text(&q, 3));
		if (rc)
			break;
		*last = e->id;
		out->n++;
	}
	store_q_done(&q);
	return rc;
}

enum sv_rc store_case_facts_add(struct store *st, int64_t tenant, int64_t customer_id,
                                const struct store_case_fact *f, size_t n, int64_t last,
                                struct sv_error *err)
{
	enum sv_rc rc = store_tx_enter(st, err);

	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < n; i++) {
		struct store_param p[] = {P_INT(tenant),      P_INT(f[i].event_id),
		                          P_INT(customer_id), P_INT(f[i].intervention_id),
		                          P_TEXT(f[i].name),  P_DATE(f[i].on),
		                          P_INT(f[i].at),     P_TEXT(f[i].key ? f[i].key : "")};
		rc = store_do(
		        st,
		        "INSERT INTO case_facts (tenant_id, event_id, customer_id, "
		        "intervention_id, name, on_date, at, okey) VALUES ($1, $2, $3, $4, $5, "
		        "$6, $7, $8) ON CONFLICT (tenant_id, event_id) DO NOTHING",
		        p, NPARAMS(p), NULL, err);
	}
	if (!rc && last) {
		struct store_param p[] = {P_INT(tenant), P_INT(customer_id), P_INT(last)};
		rc = store_do(
		        st,
		        "INSERT INTO fact_watermarks (tenant_id, customer_id, last_event_id) "
		        "VALUES ($1, $2, $3) ON CONFLICT (tenant_id, customer_id) DO UPDATE SET "
		        "last_event_id = $3 WHERE fact_watermarks.last_event_id < $3",
		        p, NPARAMS(p), NULL, err);
	}
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_case_facts(struct store *st, int64_t tenant, int64_t intervention_id,
                            struct store_case_fact_list *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(intervention_id)};
	struct store_q q;
	enum sv_rc rc;

	out->n = 0;
	rc = store_q_run(
	        st, &q,
	        "SELECT event_id, intervention_id, name, on_date, at, okey FROM case_facts "
	        "WHERE tenant_id = $1 AND intervention_id = $2 ORDER BY on_date, at, "
	        "event_id",
	        p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	while (store_q_next(&q, &rc, err)) {
		struct store_case_fact *f;
		rc = grow((void **)&out->v, out->n, &out->alloc, sizeof(*out->v));
		if (rc)
			break;
		f = &out->v[out->n];
		f->event_id = store_q_int(&q, 0);
		f->intervention_id = store_q_int(&q, 1);
		f->on = store_q_date(&q, 3);
		f->at = store_q_int(&q, 4);
		rc = set_text(&f->name, store_q_text(&q, 2));
		if (!rc)
			rc = set_text(&f->key, store_q_text(&q, 5));
		if (rc)
			break;
		out->n++;
	}
	store_q_done(&q);
	return rc;
}

/* ---- Obligations ------------------------------------------------------------------------ */

void store_obligation_release(struct store_obligation *o)
{
	free(o->deadline);
	free(o->rule);
	free(o->actor);
	free(o->what);
	free(o->key);
	free(o->status);
	free(o->code);
	memset(o, 0, sizeof(*o));
}

static void obligation_release_v(void *e)
{
	store_obligation_release(e);
}

void store_obligation_list_release(struct store_obligation_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_obligation_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

#define OBLIGATION_COLS                                                                            \
	"o.id, o.customer_id, o.intervention_id, COALESCE(o.counsellor_id, 0), "                   \
	"COALESCE(o.provider_id, 0), COALESCE(o.unit_id, 0), o.deadline, o.seq, o.rule, o.actor, " \
	"o.what, o.okey, o.from_on, o.due_on, COALESCE(o.due_at, 0), o.status, o.met_on, "         \
	"COALESCE(o.met_at, 0), o.days_late, o.over_limit, i.code"

static enum sv_rc obligation_row(struct store_q *q, void *elem)
{
	struct store_obligation *o = elem;
	enum sv_rc rc = SV_OK;

	o->id = store_q_int(q, 0);
	o->customer_id = store_q_int(q, 1);
	o->intervention_id = store_q_int(q, 2);
	o->counsellor_id = store_q_int(q, 3);
	o->provider_id = store_q_int(q, 4);
	o->unit_id = store_q_int(q, 5);
	o->deadline = store_q_strdup(q, 6, &rc);
	o->seq = (int)store_q_int(q, 7);
	o->rule = store_q_strdup(q, 8, &rc);
	o->actor = store_q_strdup(q, 9, &rc);
	o->what = store_q_strdup(q, 10, &rc);
	o->key = store_q_strdup(q, 11, &rc);
	o->from_on = store_q_date(q, 12);
	o->due_on = store_q_date(q, 13);
	o->due_at = store_q_int(q, 14);
	o->status = store_q_strdup(q, 15, &rc);
	o->met_on = store_q_date(q, 16);
	o->met_at = store_q_int(q, 17);
	o->days_late = (int)store_q_int(q, 18);
	o->over_limit = store_q_int(q, 19) != 0;
	o->code = store_q_strdup(q, 20, &rc);
	if (rc)
		store_obligation_release(o);
	return rc;
}

static int64_t obligation_id(const void *e)
{
	return ((const struct store_obligation *)e)->id;
}

static bool same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* The stored row of (deadline, seq) among the existing ones, or NULL. */
struct existing {
	int64_t id;
	char deadline[72];
	int seq;
	int64_t counsellor_id, provider_id, unit_id;
	sv_date due_on, met_on;
	sv_time due_at, met_at;
	char status[16];
	int days_late;
	bool over_limit;
	char what_hash[16];
	bool used;
};

/* Open or missed: not met yet (the inboxes' partial indexes). */
static bool unmet(const struct store_obligation *o)
{
	return o->status && (!strcmp(o->status, "open") || !strcmp(o->status, "missed"));
}

/* The values that may change without the identity (deadline, seq) changing. */
static bool unchanged(const struct existing *e, const struct store_obligation *o)
{
	return e->counsellor_id == o->counsellor_id && e->provider_id == o->provider_id &&
	       e->unit_id == o->unit_id && e->due_on == o->due_on && e->met_on == o->met_on &&
	       e->due_at == o->due_at && e->met_at == o->met_at &&
	       same_text(e->status, o->status) && e->days_late == o->days_late &&
	       e->over_limit == o->over_limit;
}

enum sv_rc store_obligations_replace(struct store *st, int64_t tenant, int64_t intervention_id,
                                     const struct store_obligation *v, size_t n, sv_date wake_on,
                                     struct sv_error *err)
{
	struct existing *ex = NULL;
	size_t nex = 0, aex = 0;
	enum sv_rc rc = store_tx_enter(st, err);

	if (rc)
		return rc;
	/* Read what is stored, so that unchanged rows are left alone (most
	 * recomputes change one or two obligations). */
	{
		struct store_param p[] = {P_INT(tenant), P_INT(intervention_id)};
		struct store_q q;
		rc = store_q_run(st, &q,
		                 "SELECT id, deadline, seq, COALESCE(counsellor_id, 0), "
		                 "COALESCE(provider_id, 0), COALESCE(unit_id, 0), due_on, met_on, "
		                 "COALESCE(due_at, 0), COALESCE(met_at, 0), status, days_late, "
		                 "over_limit FROM obligations WHERE tenant_id = $1 AND "
		                 "intervention_id = $2",
		                 p, NPARAMS(p), false, err);
		while (!rc && store_q_next(&q, &rc, err)) {
			struct existing *e;
			if (nex == aex) {
				size_t na = aex ? aex * 2 : 32;
				struct existing *nv = realloc(ex, na * sizeof(*nv));
				if (!nv) {
					rc = SV_ENOMEM;
					break;
				}
				ex = nv;
				aex = na;
			}
			e = &ex[nex++];
			memset(e, 0, sizeof(*e));
			e->id = store_q_int(&q, 0);
			snprintf(e->deadline, sizeof(e->deadline), "%s",
			         store_q_text(&q, 1) ? store_q_text(&q, 1) : "");
			e->seq = (int)store_q_int(&q, 2);
			e->counsellor_id = store_q_int(&q, 3);
			e->provider_id = store_q_int(&q, 4);
			e->unit_id = store_q_int(&q, 5);
			e->due_on = store_q_date(&q, 6);
			e->met_on = store_q_date(&q, 7);
			e->due_at = store_q_int(&q, 8);
			e->met_at = store_q_int(&q, 9);
			snprintf(e->status, sizeof(e->status), "%s",
			         store_q_text(&q, 10) ? store_q_text(&q, 10) : "");
			e->days_late = (int)store_q_int(&q, 11);
			e->over_limit = store_q_int(&q, 12) != 0;
		}
		store_q_done(&q);
	}
	for (size_t i = 0; !rc && i < n; i++) {
		const struct store_obligation *o = &v[i];
		struct existing *e = NULL;
		for (size_t j = 0; j < nex; j++)
			if (!ex[j].used && ex[j].seq == o->seq &&
			    !strcmp(ex[j].deadline, o->deadline)) {
				e = &ex[j];
				break;
			}
		if (e) {
			e->used = true;
			if (unchanged(e, o))
				continue;
			{
				struct store_param p[] = {P_INT(tenant),
				                          P_INT(e->id),
				                          P_ID(o->counsellor_id),
				                          P_ID(o->provider_id),
				                          P_ID(o->unit_id),
				                          P_TEXT(o->rule),
				                          P_TEXT(o->actor),
				                          P_TEXT(o->what),
				                          P_TEXT(o->key ? o->key : ""),
				                          P_DATE(o->from_on),
				                          P_DATE(o->due_on),
				                          o->due_at ? P_INT(o->due_at) : P_NULL,
				                          P_TEXT(o->status),
				                          P_DATE(o->met_on),
				                          o->met_at ? P_INT(o->met_at) : P_NULL,
				                          P_INT(o->days_late),
				                          P_BOOL(o->over_limit),
				                          P_BOOL(unmet(o))};
				rc = store_do(
				        st,
				        "UPDATE obligations SET counsellor_id = $3, provider_id = "
				        "$4, unit_id = $5, rule = $6, actor = $7, what = $8, "
				        "okey = $9, from_on = $10, due_on = $11, due_at = $12, "
				        "status = $13, met_on = $14, met_at = $15, days_late = "
				        "$16, "
				        "over_limit = $17, unmet = $18 WHERE tenant_id = $1 AND "
				        "id = $2",
				        p, NPARAMS(p), NULL, err);
			}
			continue;
		}
		{
			struct store_param p[] = {P_INT(tenant),
			                          P_INT(o->customer_id),
			                          P_INT(intervention_id),
			                          P_ID(o->counsellor_id),
			                          P_ID(o->provider_id),
			                          P_ID(o->unit_id),
			                          P_TEXT(o->deadline),
			                          P_INT(o->seq),
			                          P_TEXT(o->rule),
			                          P_TEXT(o->actor),
			                          P_TEXT(o->what),
			                          P_TEXT(o->key ? o->key : ""),
			                          P_DATE(o->from_on),
			                          P_DATE(o->due_on),
			                          o->due_at ? P_INT(o->due_at) : P_NULL,
			                          P_TEXT(o->status),
			                          P_DATE(o->met_on),
			                          o->met_at ? P_INT(o->met_at) : P_NULL,
			                          P_INT(o->days_late),
			                          P_BOOL(o->over_limit),
			                          P_BOOL(unmet(o))};
			rc = store_do(
			        st,
			        "INSERT INTO obligations (tenant_id, customer_id, intervention_id, "
			        "counsellor_id, provider_id, unit_id, deadline, seq, rule, actor, "
			        "what, okey, from_on, due_on, due_at, status, met_on, met_at, "
			        "days_late, over_limit, unmet) VALUES ($1, $2, $3, $4, $5, $6, $7, "
			        "$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
			        "$21)",
			        p, NPARAMS(p), NULL, err);
		}
	}
	for (size_t j = 0; !rc && j < nex; j++) {
		struct store_param p[] = {P_INT(tenant), P_INT(ex[j].id)};
		if (ex[j].used)
			continue;
		rc = store_do(st, "DELETE FROM obligations WHERE tenant_id = $1 AND id = $2", p,
		              NPARAMS(p), NULL, err);
	}
	if (!rc) {
		struct store_param p[] = {P_INT(tenant), P_INT(intervention_id)};
		rc = store_do(st,
		              "DELETE FROM obligation_wakeups WHERE tenant_id = $1 AND "
		              "intervention_id = $2",
		              p, NPARAMS(p), NULL, err);
	}
	if (!rc && wake_on != SV_NO_DATE) {
		struct store_param p[] = {P_INT(tenant), P_INT(intervention_id), P_DATE(wake_on)};
		rc = store_do(
		        st,
		        "INSERT INTO obligation_wakeups (tenant_id, intervention_id, wake_on) "
		        "VALUES ($1, $2, $3)",
		        p, NPARAMS(p), NULL, err);
	}
	free(ex);
	return store_tx_leave(st, rc, err);
}

/* The SQL of each selection (static text: the statement cache is keyed by address). */
#define OBL_FROM                                                                     \
	" FROM obligations o JOIN interventions i ON i.tenant_id = o.tenant_id AND " \
	"i.id = o.intervention_id WHERE o.tenant_id = $1 AND "
#define OBL_PAGE                                                                             \
	" AND o.due_on <= $4 AND (CAST($3 AS TEXT) = '' OR o.actor = $3) AND "               \
	"(CAST($5 AS BIGINT) = 0 OR (o.due_on, o.id) > (SELECT due_on, id FROM obligations " \
	"WHERE tenant_id = $1 AND id = $5)) ORDER BY o.due_on, o.id LIMIT $6"
#define OBL_UNMET " AND o.unmet = 1"

static const char *const obl_sql_intervention =
        "SELECT " OBLIGATION_COLS OBL_FROM "o.intervention_id = $2" OBL_PAGE;
static const char *const obl_sql_customer =
        "SELECT " OBLIGATION_COLS OBL_FROM "o.customer_id = $2" OBL_PAGE;
static const char *const obl_sql_counsellor =
        "SELECT " OBLIGATION_COLS OBL_FROM "o.counsellor_id = $2" OBL_UNMET OBL_PAGE;
static const char *const obl_sql_provider =
        "SELECT " OBLIGATION_COLS OBL_FROM "o.provider_id = $2" OBL_UNMET OBL_PAGE;
static const char *const obl_sql_unit =
        "SELECT " OBLIGATION_COLS OBL_FROM "o.unit_id = $2" OBL_UNMET OBL_PAGE;
static const char *const obl_sql_all =
        "SELECT " OBLIGATION_COLS OBL_FROM "CAST($2 AS BIGINT) = 0" OBL_UNMET OBL_PAGE;

enum sv_rc store_obligation_list(struct store *st, int64_t tenant,
                                 const struct store_obligation_filter *f, struct store_page page,
                                 struct store_obligation_list *out, struct sv_error *err)
{
	const char *sql;
	int64_t sel;
	sv_date until = f->due_until == SV_NO_DATE ? date_from_ymd(9999, 12, 31) : f->due_until;

	memset(out, 0, sizeof(*out));
	if (f->intervention_id) {
		sql = obl_sql_intervention;
		sel = f->intervention_id;
	} else if (f->customer_id) {
		sql = obl_sql_customer;
		sel = f->customer_id;
	} else if (f->counsellor_id) {
		sql = obl_sql_counsellor;
		sel = f->counsellor_id;
	} else if (f->provider_id) {
		sql = obl_sql_provider;
		sel = f->provider_id;
	} else if (f->unit_id) {
		sql = obl_sql_unit;
		sel = f->unit_id;
	} else if (f->all_unmet) {
		sql = obl_sql_all;
		sel = 0;
	} else {
		return sv_error_set(
		        err, SV_EINVAL, "filter", "store:required",
		        "obligations are listed per intervention, customer, counsellor, "
		        "provider or unit");
	}
	{
		struct store_param p[] = {
		        P_INT(tenant), P_INT(sel),        P_TEXT(f->actor ? f->actor : ""),
		        P_DATE(until), P_INT(page.after), P_NULL};
		return fetch_list(st, sql, p, NPARAMS(p), page_limit(page), sizeof(*out->v),
		                  obligation_row, obligation_release_v, obligation_id,
		                  (void **)&out->v, &out->n, &out->next, err);
	}
}

enum sv_rc store_obligations_sweep(struct store *st, int64_t tenant, sv_date today, sv_time now,
                                   int64_t *marked, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_DATE(today), P_INT(now)};
	int64_t n = 0;
	enum sv_rc rc;

	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	rc = store_do(st,
	              "UPDATE obligations SET status = 'missed' WHERE tenant_id = $1 AND "
	              "status = 'open' AND due_on <= $2 AND ((due_at IS NULL AND due_on < $2) OR "
	              "due_at < $3)",
	              p, NPARAMS(p), &n, err);
	rc = store_tx_leave(st, rc, err);
	if (marked)
		*marked = rc ? 0 : n;
	return rc;
}

enum sv_rc store_obligation_wakeups(struct store *st, int64_t tenant, sv_date today, int64_t *ids,
                                    size_t max, size_t *n, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_DATE(today), P_INT((int64_t)max)};
	struct store_q q;
	enum sv_rc rc;

	*n = 0;
	rc = store_q_run(st, &q,
	                 "SELECT intervention_id FROM obligation_wakeups WHERE tenant_id = $1 AND "
	                 "wake_on <= $2 ORDER BY wake_on, intervention_id LIMIT $3",
	                 p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	while (*n < max && store_q_next(&q, &rc, err))
		ids[(*n)++] = store_q_int(&q, 0);
	store_q_done(&q);
	return rc;
}

void store_timeliness_list_release(struct store_timeliness_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].deadline);
		free(l->v[i].rule);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

enum sv_rc store_obligation_timeliness(struct store *st, int64_t tenant, int64_t provider_id,
                                       const char *actor, sv_date from, sv_date to, sv_date today,
                                       sv_date cutoff, struct store_timeliness_list *out,
                                       struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(provider_id), P_TEXT(actor ? actor : ""),
	                          P_DATE(from),  P_DATE(to),         P_DATE(today),
	                          P_DATE(cutoff)};
	struct store_q q;
	size_t alloc = 0;
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = store_q_run(
	        st, &q,
	        "SELECT COALESCE(provider_id, 0), deadline, MIN(rule), "
	        "SUM(CASE WHEN status = 'open' AND NOT (due_on < $6 AND due_at IS NULL) THEN 1 "
	        "ELSE 0 END), "
	        "SUM(CASE WHEN status = 'met_on_time' THEN 1 ELSE 0 END), "
	        "SUM(CASE WHEN status = 'met_late' THEN 1 ELSE 0 END), "
	        "SUM(CASE WHEN status = 'missed' OR (status = 'open' AND due_on < $6 AND due_at IS "
	        "NULL) THEN 1 ELSE 0 END), "
	        "SUM(CASE WHEN (status = 'met_late' AND over_limit = 1) OR (status IN ('missed', "
	        "'open') AND due_on < $7) THEN 1 ELSE 0 END), "
	        "MAX(CASE WHEN status = 'met_late' THEN days_late ELSE 0 END), "
	        "MIN(CASE WHEN status IN ('missed', 'open') AND due_on < $6 THEN due_on END) "
	        "FROM obligations WHERE tenant_id = $1 AND (CAST($2 AS BIGINT) = 0 OR "
	        "provider_id = $2) AND (CAST($3 AS TEXT) = '' OR actor = $3) AND due_on >= $4 AND "
	        "due_on <= $5 "
	        "GROUP BY COALESCE(provider_id, 0), deadline ORDER BY 1, 2",
	        p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	while (store_q_next(&q, &rc, err)) {
		struct store_timeliness *t;
		sv_date oldest;
		if (out->n == alloc) {
			size_t na = alloc ? alloc * 2 : 16;
			struct store_timeliness *nv = realloc(out->v, na * sizeof(*nv));
			if (!nv) {
				rc = SV_ENOMEM;
				break;
			}
			out->v = nv;
			alloc = na;
		}
		t = &out->v[out->n];
		memset(t, 0, sizeof(*t));
		t->provider_id = store_q_int(&q, 0);
		t->deadline = store_q_strdup(&q, 1, &rc);
		t->rule = store_q_strdup(&q, 2, &rc);
		out->n++;
		if (rc)
			break;
		t->open = store_q_int(&q, 3);
		t->on_time = store_q_int(&q, 4);
		t->late = store_q_int(&q, 5);
		t->missed = store_q_int(&q, 6);
		t->over_limit = store_q_int(&q, 7);
		t->max_days_late = (int32_t)store_q_int(&q, 8);
		oldest = store_q_date(&q, 9);
		if (oldest != SV_NO_DATE && today - oldest > t->max_days_late)
			t->max_days_late = today - oldest;
	}
	store_q_done(&q);
	if (rc)
		store_timeliness_list_release(out);
	return rc;
}
