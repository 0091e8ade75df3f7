/*
 * store_docs.c - the tables behind store_docs.h: documents with versions,
 * sections and reviews; absences; meetings; messages. Every query names
 * tenant_id; every write runs in store_tx_enter()/store_tx_leave()
 * and appends its one event.
 */
#include "stegvis/store_docs.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/*
 * The display name of the user in column col of the row aliased t (NULL
 * when none): one correlated lookup on users' unique (tenant_id, id) inside
 * the row's own query, never a query per row. Only display_name leaves
 * users here: no username, role or contact data.
 */
#define USER_NAME(t, col)                                                             \
	"(SELECT un.display_name FROM users un WHERE un.tenant_id = " t ".tenant_id " \
	"AND un.id = " t "." col ")"

#define DOCS_KEY_PATTERN 96

static const char *const doc_kinds[] = {"plan", "monthly_report", "final_report", NULL};
static const char *const doc_states[] = {"draft", "submitted", "returned", "approved", NULL};
static const char *const review_decisions[] = {"approved", "returned", NULL};
static const char *const absence_kinds[] = {"sick",      "vab",   "other_agency",
                                            "unexcused", "leave", NULL};
static const char *const meeting_kinds[] = {"start_up",     "follow_up",       "three_party",
                                            "sip",          "enrolment_group", "new_visit",
                                            "conversation", "other",           NULL};
static const char *const meeting_outcomes[] = {"planned", "held", "no_show", "cancelled", NULL};

static bool in_list(const char *v, const char *const *l)
{
	for (; v && *l; l++)
		if (!strcmp(v, *l))
			return true;
	return false;
}

bool store_doc_kind_valid(const char *kind)
{
	return in_list(kind, doc_kinds);
}

bool store_absence_kind_valid(const char *kind)
{
	return in_list(kind, absence_kinds);
}

/* ---- Shared helpers ------------------------------------------------------------ */

static size_t page_limit(struct store_page page)
{
	size_t limit = page.limit ? page.limit : STORE_PAGE_DEFAULT;
	return limit > STORE_PAGE_MAX ? STORE_PAGE_MAX : limit;
}

static json_t *jdate(sv_date d)
{
	char b[SV_DATE_STRLEN];
	return d == SV_NO_DATE ? json_null() : json_string(date_format(d, b));
}

static bool has_date(sv_date d)
{
	return d != SV_NO_DATE && d != 0;
}

/* The event's payload: base plus key, on, occurred_at (base is stolen). */
static json_t *event_payload(const struct store_docs_event *ev, json_t *base)
{
	if (!base || !ev)
		return base;
	if (ev->key && *ev->key)
		json_object_set_new(base, "key", json_string(ev->key));
	if (has_date(ev->on))
		json_object_set_new(base, "on", jdate(ev->on));
	if (ev->occurred_at)
		json_object_set_new(base, "occurred_at", json_integer(ev->occurred_at));
	if (ev->code && *ev->code)
		json_object_set_new(base, "code", json_string(ev->code));
	return base;
}

static const char *event_kind(const struct store_docs_event *ev, const char *def)
{
	return ev && ev->kind && *ev->kind ? ev->kind : def;
}

static enum sv_rc emit(struct store *st, const struct store_write *w, int64_t customer,
                       const struct store_docs_event *ev, const char *def, json_t *base,
                       struct sv_error *err)
{
	json_t *p = event_payload(ev, base);
	if (!p)
		return SV_ENOMEM;
	return store_event_emit(st, w, customer, event_kind(ev, def), p, err);
}

/* Typed row readers fill one element and give its id. */
typedef enum sv_rc (*row_fn)(struct store_q *q, void *elem, int64_t *id);
typedef void (*release_fn)(void *elem);

/* Run sql whose last parameter is the limit (limit + 1 is passed to see a next page). */
static enum sv_rc fetch_list(struct store *st, const char *sql, struct store_param *p, int np,
                             size_t limit, size_t elemsize, row_fn fn, release_fn rel, void **v,
                             size_t *n, int64_t *next, struct sv_error *err)
{
	struct store_q q;
	char *arr;
	int64_t last = 0;
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
		int64_t id;
		if (*n == limit) {
			*next = last;
			break;
		}
		rc = fn(&q, arr + *n * elemsize, &id);
		if (rc)
			break;
		last = id;
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
                            void *elem, row_fn fn, const char *what, struct sv_error *err)
{
	struct store_q q;
	int64_t id;
	enum sv_rc rc = store_q_run(st, &q, sql, p, np, false, err);

	if (rc)
		return rc;
	if (store_q_next(&q, &rc, err))
		rc = fn(&q, elem, &id);
	else if (!rc)
		rc = sv_error_set(err, SV_ENOTFOUND, what, "", "no such %s", what);
	store_q_done(&q);
	return rc;
}

/* Replace whatever detail a failed statement left by one naming the field. */
static enum sv_rc name_field(struct sv_error *err, enum sv_rc rc, const char *field,
                             const char *rule, const char *msg)
{
	if (err) {
		sv_error_clear(err);
		sv_error_set(err, rc, field, rule, "%s", msg);
	}
	return rc;
}

/*
 * Lock an intervention's row for the rest of the transaction (a no-op
 * update: a row lock on PostgreSQL; SQLite holds the write lock already)
 * and read its customer. SV_ENOTFOUND (field "intervention_id") when absent.
 */
static enum sv_rc lock_intervention(struct store *st, int64_t tenant, int64_t id, int64_t *customer,
                                    struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};
	enum sv_rc rc = store_one_int(st,
	                              "UPDATE interventions SET updated_at = updated_at "
	                              "WHERE tenant_id = $1 AND id = $2 RETURNING customer_id",
	                              p, NPARAMS(p), customer, err);
	if (rc == SV_ENOTFOUND)
		return name_field(err, rc, "intervention_id", "X-5", "no such intervention");
	return rc;
}

/* ---- Cases -------------------------------------------------------------------- */

enum sv_rc store_docs_case_get(struct store *st, int64_t tenant, int64_t intervention_id,
                               struct store_docs_case *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(intervention_id)};
	struct store_q q;
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = store_q_run(st, &q,
	                 "SELECT id, customer_id, COALESCE(provider_id, 0), COALESCE(unit_id, 0), "
	                 "COALESCE(counsellor_id, 0), COALESCE(staff_user_id, 0), "
	                 "COALESCE((SELECT d.end_cause FROM intervention_details d "
	                 "WHERE d.tenant_id = $1 AND d.intervention_id = $2), '') "
	                 "FROM interventions WHERE tenant_id = $1 AND id = $2",
	                 p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	if (store_q_next(&q, &rc, err)) {
		out->intervention_id = store_q_int(&q, 0);
		out->customer_id = store_q_int(&q, 1);
		out->provider_id = store_q_int(&q, 2);
		out->unit_id = store_q_int(&q, 3);
		out->counsellor_id = store_q_int(&q, 4);
		out->staff_user_id = store_q_int(&q, 5);
		snprintf(out->end_cause, sizeof(out->end_cause), "%s",
		         store_q_text(&q, 6) ? store_q_text(&q, 6) : "");
	} else if (!rc) {
		rc = sv_error_set(err, SV_ENOTFOUND, "intervention_id", "", "no such intervention");
	}
	store_q_done(&q);
	return rc;
}

enum sv_rc store_docs_event_exists(struct store *st, int64_t tenant, int64_t customer_id,
                                   const char *kind, const char *key, bool *yes,
                                   struct sv_error *err)
{
	char pattern[DOCS_KEY_PATTERN];
	int64_t one = 0;
	enum sv_rc rc;

	*yes = false;
	if (!key || strpbrk(key, "%_\"\\") || strlen(key) > 64)
		return sv_error_set(err, SV_EINVAL, "key", "store:check", "not a plain key");
	snprintf(pattern, sizeof(pattern), "%%\"key\":\"%s\"%%", key);
	{
		struct store_param p[] = {P_INT(tenant), P_INT(customer_id), P_TEXT(kind),
		                          P_TEXT(pattern)};
		rc = store_one_int(st,
		                   "SELECT 1 FROM events WHERE tenant_id = $1 AND customer_id = $2 "
		                   "AND kind = $3 AND payload LIKE $4 LIMIT 1",
		                   p, NPARAMS(p), &one, err);
	}
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		return SV_OK;
	}
	*yes = rc == SV_OK;
	return rc;
}

/* ---- Documents ---------------------------------------------------------------- */

static void section_release(struct store_doc_section *s)
{
	free(s->section);
	free(s->body);
	free(s->not_applicable);
	memset(s, 0, sizeof(*s));
}

static void version_release(struct store_doc_version *v)
{
	for (size_t i = 0; i < v->nsections; i++)
		section_release(&v->sections[i]);
	free(v->sections);
	free(v->body);
	free(v->author_name);
	memset(v, 0, sizeof(*v));
}

void store_document_release(struct store_document *d)
{
	if (!d)
		return;
	free(d->kind);
	free(d->state);
	for (size_t i = 0; i < d->nversions; i++)
		version_release(&d->versions[i]);
	free(d->versions);
	for (size_t i = 0; i < d->nreviews; i++) {
		free(d->reviews[i].decision);
		free(d->reviews[i].comment);
		free(d->reviews[i].reviewer_name);
	}
	free(d->reviews);
	memset(d, 0, sizeof(*d));
}

void store_document_list_release(struct store_document_list *l)
{
	for (size_t i = 0; l && i < l->n; i++)
		store_document_release(&l->v[i]);
	if (l) {
		free(l->v);
		memset(l, 0, sizeof(*l));
	}
}

static void document_release_v(void *e)
{
	store_document_release(e);
}

const struct store_doc_version *store_doc_current(const struct store_document *d)
{
	for (size_t i = 0; i < d->nversions; i++)
		if (d->versions[i].version == d->current_version)
			return &d->versions[i];
	return NULL;
}

#define DOC_COLS                                                                    \
	"d.id, d.intervention_id, i.customer_id, d.kind, d.period, d.state, "       \
	"d.current_version, COALESCE(d.first_submitted_at, 0), d.created_at FROM "  \
	"documents d JOIN interventions i ON i.tenant_id = d.tenant_id AND i.id = " \
	"d.intervention_id"

static enum sv_rc document_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_document *d = elem;
	enum sv_rc rc = SV_OK;

	d->id = *id = store_q_int(q, 0);
	d->intervention_id = store_q_int(q, 1);
	d->customer_id = store_q_int(q, 2);
	d->kind = store_q_strdup(q, 3, &rc);
	d->period = store_q_date(q, 4);
	d->state = store_q_strdup(q, 5, &rc);
	d->current_version = (int)store_q_int(q, 6);
	d->first_submitted_at = store_q_int(q, 7);
	d->created_at = store_q_int(q, 8);
	if (rc)
		store_document_release(d);
	return rc;
}

/* Versions, their sections and the reviews of a loaded document row. */
static enum sv_rc document_details(struct store *st, int64_t tenant, struct store_document *d,
                                   struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(d->id)};
	struct store_q q;
	size_t cap = 0;
	enum sv_rc rc;

	rc = store_q_run(st, &q,
	                 "SELECT v.id, v.version, COALESCE(v.author_id, 0), v.created_at, "
	                 "COALESCE(v.submitted_at, 0), v.body, " USER_NAME(
	                         "v", "author_id") " FROM document_versions v "
	                                           "WHERE v.tenant_id = $1 AND v.document_id = $2 "
	                                           "ORDER BY v.version",
	                 p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	while (store_q_next(&q, &rc, err)) {
		struct store_doc_version *v;
		if (d->nversions == cap) {
			size_t nc = cap ? cap * 2 : 4;
			void *nv = realloc(d->versions, nc * sizeof(*d->versions));
			if (!nv) {
				rc = SV_ENOMEM;
				break;
			}
			d->versions = nv;
			cap = nc;
		}
		v = &d->versions[d->nversions++];
		memset(v, 0, sizeof(*v));
		v->id = store_q_int(&q, 0);
		v->version = (int)store_q_int(&q, 1);
		v->author_id = store_q_int(&q, 2);
		v->created_at = store_q_int(&q, 3);
		v->submitted_at = store_q_int(&q, 4);
		v->body = store_q_strdup(&q, 5, &rc);
		v->author_name = store_q_strdup(&q, 6, &rc);
		if (rc)
			break;
	}
	store_q_done(&q);
	if (rc)
		return rc;
	rc = store_q_run(st, &q,
	                 "SELECT s.version_id, s.section, s.body, s.not_applicable "
	                 "FROM document_sections s JOIN document_versions v ON v.tenant_id = "
	                 "s.tenant_id AND v.id = s.version_id "
	                 "WHERE s.tenant_id = $1 AND v.document_id = $2 ORDER BY s.id",
	                 p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	while (store_q_next(&q, &rc, err)) {
		int64_t vid = store_q_int(&q, 0);
		for (size_t i = 0; i < d->nversions; i++) {
			struct store_doc_version *v = &d->versions[i];
			struct store_doc_section *ns;
			if (v->id != vid)
				continue;
			ns = realloc(v->sections, (v->nsections + 1) * sizeof(*v->sections));
			if (!ns) {
				rc = SV_ENOMEM;
				break;
			}
			v->sections = ns;
			ns = &v->sections[v->nsections++];
			ns->section = store_q_strdup(&q, 1, &rc);
			ns->body = store_q_strdup(&q, 2, &rc);
			ns->not_applicable = store_q_strdup(&q, 3, &rc);
			break;
		}
		if (rc)
			break;
	}
	store_q_done(&q);
	if (rc)
		return rc;
	cap = 0;
	rc = store_q_run(
	        st, &q,
	        "SELECT r.id, r.version, COALESCE(r.reviewer_id, 0), r.decision, "
	        "r.comment, r.at, " USER_NAME(
	                "r", "reviewer_id") " FROM document_reviews r WHERE r.tenant_id = $1 AND "
	                                    "r.document_id = $2 ORDER BY r.id",
	        p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	while (store_q_next(&q, &rc, err)) {
		struct store_doc_review *r;
		if (d->nreviews == cap) {
			size_t nc = cap ? cap * 2 : 4;
			void *nv = realloc(d->reviews, nc * sizeof(*d->reviews));
			if (!nv) {
				rc = SV_ENOMEM;
				break;
			}
			d->reviews = nv;
			cap = nc;
		}
		r = &d->reviews[d->nreviews++];
		memset(r, 0, sizeof(*r));
		r->id = store_q_int(&q, 0);
		r->version = (int)store_q_int(&q, 1);
		r->reviewer_id = store_q_int(&q, 2);
		r->decision = store_q_strdup(&q, 3, &rc);
		r->comment = store_q_strdup(&q, 4, &rc);
		r->at = store_q_int(&q, 5);
		r->reviewer_name = store_q_strdup(&q, 6, &rc);
		if (rc)
			break;
	}
	store_q_done(&q);
	return rc;
}

enum sv_rc store_doc_get(struct store *st, int64_t tenant, int64_t id, struct store_document *out,
                         struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = fetch_one(st, "SELECT " DOC_COLS " WHERE d.tenant_id = $1 AND d.id = $2", p,
	               NPARAMS(p), out, document_row, "document", err);
	if (!rc)
		rc = document_details(st, tenant, out, err);
	if (rc)
		store_document_release(out);
	return rc;
}

enum sv_rc store_doc_find(struct store *st, int64_t tenant, int64_t intervention_id,
                          const char *kind, sv_date period, struct store_document *out,
                          struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(intervention_id), P_TEXT(kind),
	                          P_DATE(period)};
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = fetch_one(st,
	               "SELECT " DOC_COLS " WHERE d.tenant_id = $1 AND d.intervention_id = $2 "
	               "AND d.kind = $3 AND (d.period = $4 OR (d.period IS NULL AND "
	               "CAST($4 AS TEXT) IS NULL)) ORDER BY d.id LIMIT 1",
	               p, NPARAMS(p), out, document_row, "document", err);
	if (!rc)
		rc = document_details(st, tenant, out, err);
	if (rc)
		store_document_release(out);
	return rc;
}

enum sv_rc store_doc_list(struct store *st, int64_t tenant, int64_t intervention_id,
                          const char *kind, struct store_page page, struct store_document_list *out,
                          struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(page.after), P_INT(intervention_id),
	                          P_TEXT(kind ? kind : ""), P_NULL};

	memset(out, 0, sizeof(*out));
	return fetch_list(st,
	                  "SELECT " DOC_COLS " WHERE d.tenant_id = $1 AND d.id > $2 "
	                  "AND d.intervention_id = $3 AND (CAST($4 AS TEXT) = '' OR d.kind = $4) "
	                  "ORDER BY d.id LIMIT $5",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), document_row,
	                  document_release_v, (void **)&out->v, &out->n, &out->next, err);
}

static enum sv_rc insert_sections(struct store *st, int64_t tenant, int64_t version_id,
                                  const struct store_doc_content *c, struct sv_error *err)
{
	enum sv_rc rc = SV_OK;

	for (size_t i = 0; !rc && c && i < c->nsections; i++) {
		const struct store_doc_section *s = &c->sections[i];
		struct store_param p[] = {P_INT(tenant), P_INT(version_id), P_TEXT(s->section),
		                          P_TEXT(s->body), P_TEXT(s->not_applicable)};
		if (!s->section || !*s->section)
			return sv_error_set(err, SV_EINVAL, "sections", "store:required",
			                    "a section needs a name");
		rc = store_do(
		        st,
		        "INSERT INTO document_sections (tenant_id, version_id, section, body, "
		        "not_applicable) VALUES ($1, $2, $3, $4, $5)",
		        p, NPARAMS(p), NULL, err);
		if (rc == SV_ECONFLICT)
			rc = name_field(err, rc, "sections", "store:unique",
			                "a section occurs twice");
	}
	return rc;
}

static enum sv_rc insert_version(struct store *st, const struct store_write *w, int64_t doc,
                                 int version, const char *body, int64_t *vid, struct sv_error *err)
{
	struct store_param p[] = {P_INT(w->tenant), P_INT(doc),   P_INT(version),
	                          P_ID(w->actor),   P_INT(w->at), P_TEXT(body ? body : "{}")};
	return store_one_int(st,
	                     "INSERT INTO document_versions (tenant_id, document_id, version, "
	                     "author_id, created_at, body) VALUES ($1, $2, $3, $4, $5, $6) "
	                     "RETURNING id",
	                     p, NPARAMS(p), vid, err);
}

enum sv_rc store_doc_create(struct store *st, const struct store_write *w, struct store_document *d,
                            const struct store_doc_content *content,
                            const struct store_docs_event *ev, struct sv_error *err)
{
	int64_t customer = 0, vid = 0, existing = 0;
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_enum(d->kind, doc_kinds, "kind", true, err);
	if (!rc && !strcmp(d->kind, "monthly_report") && d->period == SV_NO_DATE)
		rc = sv_error_set(err, SV_EINVAL, "period", "KV-32",
		                  "a monthly report names its month");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	rc = lock_intervention(st, w->tenant, d->intervention_id, &customer, err);
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant), P_INT(d->intervention_id),
		                          P_TEXT(d->kind), P_DATE(d->period)};
		rc = store_one_int(st,
		                   "SELECT id FROM documents WHERE tenant_id = $1 AND "
		                   "intervention_id = $2 AND kind = $3 AND (period = $4 OR "
		                   "(period IS NULL AND CAST($4 AS TEXT) IS NULL))",
		                   p, NPARAMS(p), &existing, err);
		if (rc == SV_ENOTFOUND) {
			sv_error_clear(err);
			rc = SV_OK;
		} else if (!rc) {
			rc = sv_error_set(
			        err, SV_ECONFLICT, d->period == SV_NO_DATE ? "kind" : "period",
			        "store:unique",
			        "the intervention already has this document (id %" PRId64 ")",
			        existing);
		}
	}
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant), P_INT(d->intervention_id),
		                          P_TEXT(d->kind), P_DATE(d->period), P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO documents (tenant_id, intervention_id, kind, period, "
		        "state, current_version, created_at) VALUES ($1, $2, $3, $4, "
		        "'draft', 1, $5) RETURNING id",
		        p, NPARAMS(p), &d->id, err);
	}
	if (!rc)
		rc = insert_version(st, w, d->id, 1, content ? content->body : NULL, &vid, err);
	if (!rc)
		rc = insert_sections(st, w->tenant, vid, content, err);
	if (!rc)
		rc = emit(st, w, customer, ev, "document.created",
		          json_pack("{sIsIsssisoss}", "intervention_id",
		                    (json_int_t)d->intervention_id, "document_id",
		                    (json_int_t)d->id, "kind", d->kind, "version", 1, "period",
		                    jdate(d->period), "state", "draft"),
		          err);
	rc = store_tx_leave(st, rc, err);
	if (!rc) {
		free(d->state);
		d->state = strdup("draft");
		d->customer_id = customer;
		d->current_version = 1;
		d->created_at = w->at;
		if (!d->state)
			rc = SV_ENOMEM;
	}
	return rc;
}

/* The version row id and body of version v of doc. */
static enum sv_rc version_of(struct store *st, int64_t tenant, int64_t doc, int v, int64_t *vid,
                             char **body, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(doc), P_INT(v)};
	struct store_q q;
	enum sv_rc rc = store_q_run(st, &q,
	                            "SELECT id, body FROM document_versions WHERE tenant_id = $1 "
	                            "AND document_id = $2 AND version = $3",
	                            p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	if (store_q_next(&q, &rc, err)) {
		*vid = store_q_int(&q, 0);
		if (body)
			*body = store_q_strdup(&q, 1, &rc);
	} else if (!rc) {
		rc = sv_error_set(err, SV_ECORRUPT, "version", "", "version %d is missing", v);
	}
	store_q_done(&q);
	return rc;
}

enum sv_rc store_doc_change(struct store *st, const struct store_write *w, int64_t id,
                            const struct store_doc_change *c, const struct store_docs_event *ev,
                            struct sv_error *err)
{
	struct store_document cur = {0};
	int64_t vid = 0, changed = 0;
	char *oldbody = NULL;
	int version;
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_enum(c->state, doc_states, "state", false, err);
	if (!rc)
		rc = store_check_enum(c->review, review_decisions, "review", false, err);
	if (!rc && c->review && !strcmp(c->review, "returned") && (!c->comment || !*c->comment))
		rc = sv_error_set(err, SV_EINVAL, "comment", "KV-25", "a return needs a comment");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	version = c->expect_version + (c->new_version ? 1 : 0);
	{
		/* Guarded update first: it locks the row and detects a concurrent change. */
		struct store_param p[] = {P_INT(w->tenant),        P_INT(id),
		                          P_TEXT(c->state),        P_INT(version),
		                          P_BOOL(c->submit),       P_INT(w->at),
		                          P_TEXT(c->expect_state), P_INT(c->expect_version)};
		rc = store_do(st,
		              "UPDATE documents SET state = COALESCE(CAST($3 AS TEXT), state), "
		              "current_version = $4, first_submitted_at = CASE WHEN $5 = 1 THEN "
		              "COALESCE(first_submitted_at, $6) ELSE first_submitted_at END "
		              "WHERE tenant_id = $1 AND id = $2 AND state = $7 AND "
		              "current_version = $8",
		              p, NPARAMS(p), &changed, err);
	}
	if (!rc && changed == 0) {
		rc = store_doc_get(st, w->tenant, id, &cur, err);
		if (!rc)
			rc = sv_error_set(err, SV_ECONFLICT, "state", "store:busy",
			                  "the document changed meanwhile (now %s, version %d)",
			                  cur.state, cur.current_version);
		goto out;
	}
	if (rc)
		goto out;
	rc = fetch_one(st, "SELECT " DOC_COLS " WHERE d.tenant_id = $1 AND d.id = $2",
	               (struct store_param[]){P_INT(w->tenant), P_INT(id)}, 2, &cur, document_row,
	               "document", err);
	if (rc)
		goto out;
	if (c->new_version) {
		int64_t oldvid = 0;
		rc = version_of(st, w->tenant, id, c->expect_version, &oldvid, &oldbody, err);
		if (!rc)
			rc = insert_version(st, w, id, version,
			                    c->content ? c->content->body : oldbody, &vid, err);
		if (!rc && !c->content) {
			struct store_param p[] = {P_INT(w->tenant), P_INT(vid), P_INT(oldvid)};
			rc = store_do(
			        st,
			        "INSERT INTO document_sections (tenant_id, version_id, section, "
			        "body, not_applicable) SELECT tenant_id, $2, section, body, "
			        "not_applicable FROM document_sections WHERE tenant_id = $1 AND "
			        "version_id = $3 ORDER BY id",
			        p, NPARAMS(p), NULL, err);
		}
	} else {
		rc = version_of(st, w->tenant, id, version, &vid, NULL, err);
		if (!rc && c->content) {
			struct store_param p[] = {
			        P_INT(w->tenant), P_INT(vid),
			        P_TEXT(c->content->body ? c->content->body : "{}"), P_INT(w->at),
			        P_ID(w->actor)};
			rc = store_do(st,
			              "UPDATE document_versions SET body = $3, created_at = $4, "
			              "author_id = $5 WHERE tenant_id = $1 AND id = $2",
			              p, NPARAMS(p), NULL, err);
			if (!rc)
				rc = store_do(
				        st,
				        "DELETE FROM document_sections WHERE tenant_id = $1 AND "
				        "version_id = $2",
				        p, 2, NULL, err);
		}
	}
	if (!rc && c->content)
		rc = insert_sections(st, w->tenant, vid, c->content, err);
	if (!rc && c->submit) {
		struct store_param p[] = {P_INT(w->tenant), P_INT(vid), P_INT(w->at)};
		rc = store_do(st,
		              "UPDATE document_versions SET submitted_at = $3 WHERE tenant_id = $1 "
		              "AND id = $2",
		              p, NPARAMS(p), NULL, err);
	}
	if (!rc && c->review) {
		struct store_param p[] = {P_INT(w->tenant), P_INT(id),         P_INT(version),
		                          P_ID(w->actor),   P_TEXT(c->review), P_TEXT(c->comment),
		                          P_INT(w->at)};
		rc = store_do(st,
		              "INSERT INTO document_reviews (tenant_id, document_id, version, "
		              "reviewer_id, decision, comment, at) VALUES ($1, $2, $3, $4, $5, $6, "
		              "$7)",
		              p, NPARAMS(p), NULL, err);
	}
	if (!rc) {
		json_t *pl = json_pack("{sIsIsssiss?sssb}", "intervention_id",
		                       (json_int_t)cur.intervention_id, "document_id",
		                       (json_int_t)id, "kind", cur.kind, "version", version, "from",
		                       c->expect_state, "to", cur.state, "submitted", c->submit);
		if (pl && c->review)
			json_object_set_new(pl, "review", json_string(c->review));
		if (pl && cur.period != SV_NO_DATE)
			json_object_set_new(pl, "period", jdate(cur.period));
		rc = emit(st, w, cur.customer_id, ev, "document.changed", pl, err);
	}
out:
	free(oldbody);
	store_document_release(&cur);
	return store_tx_leave(st, rc, err);
}

/* ---- Absences ----------------------------------------------------------------- */

void store_absence_release(struct store_absence *a)
{
	if (!a)
		return;
	free(a->kind);
	free(a->note);
	memset(a, 0, sizeof(*a));
}

void store_absence_list_release(struct store_absence_list *l)
{
	for (size_t i = 0; l && i < l->n; i++)
		store_absence_release(&l->v[i]);
	if (l) {
		free(l->v);
		memset(l, 0, sizeof(*l));
	}
}

static void absence_release_v(void *e)
{
	store_absence_release(e);
}

#define ABSENCE_COLS                                                                        \
	"a.id, a.intervention_id, i.customer_id, a.kind, a.from_on, a.to_on, "              \
	"a.certificate_on, a.contact_attempts, a.note, a.reported_at FROM absences a JOIN " \
	"interventions i ON i.tenant_id = a.tenant_id AND i.id = a.intervention_id"

static enum sv_rc absence_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_absence *a = elem;
	enum sv_rc rc = SV_OK;

	a->id = *id = store_q_int(q, 0);
	a->intervention_id = store_q_int(q, 1);
	a->customer_id = store_q_int(q, 2);
	a->kind = store_q_strdup(q, 3, &rc);
	a->from_on = store_q_date(q, 4);
	a->to_on = store_q_date(q, 5);
	a->certificate_on = store_q_date(q, 6);
	a->contact_attempts = (int)store_q_int(q, 7);
	a->note = store_q_strdup(q, 8, &rc);
	a->reported_at = store_q_int(q, 9);
	if (rc)
		store_absence_release(a);
	return rc;
}

static json_t *absence_payload(const struct store_absence *a)
{
	return json_pack("{sIsIsssoso}", "intervention_id", (json_int_t)a->intervention_id,
	                 "absence_id", (json_int_t)a->id, "kind", a->kind, "from_on",
	                 jdate(a->from_on), "to_on", jdate(a->to_on));
}

enum sv_rc store_absence_create(struct store *st, const struct store_write *w,
                                struct store_absence *a, const struct store_docs_event *ev,
                                struct sv_error *err)
{
	int64_t customer = 0;
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_enum(a->kind, absence_kinds, "kind", true, err);
	if (!rc && a->from_on == SV_NO_DATE)
		rc = sv_error_set(err, SV_EINVAL, "from_on", "KV-40", "the first day is required");
	if (!rc && a->to_on != SV_NO_DATE && a->to_on < a->from_on)
		rc = sv_error_set(err, SV_EINVAL, "to_on", "store:period",
		                  "ends before the first day");
	if (!rc && a->contact_attempts < 0)
		rc = sv_error_set(err, SV_EINVAL, "contact_attempts", "KV-44",
		                  "must not be negative");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	rc = lock_intervention(st, w->tenant, a->intervention_id, &customer, err);
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant),
		                          P_INT(a->intervention_id),
		                          P_TEXT(a->kind),
		                          P_DATE(a->from_on),
		                          P_DATE(a->to_on),
		                          P_DATE(a->certificate_on),
		                          P_INT(a->contact_attempts),
		                          P_TEXT(a->note),
		                          P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO absences (tenant_id, intervention_id, kind, from_on, "
		        "to_on, certificate_on, contact_attempts, note, reported_at) "
		        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
		        p, NPARAMS(p), &a->id, err);
	}
	if (!rc)
		rc = emit(st, w, customer, ev, "absence.recorded", absence_payload(a), err);
	rc = store_tx_leave(st, rc, err);
	if (!rc) {
		a->customer_id = customer;
		a->reported_at = w->at;
	}
	return rc;
}

enum sv_rc store_absence_get(struct store *st, int64_t tenant, int64_t id,
                             struct store_absence *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st, "SELECT " ABSENCE_COLS " WHERE a.tenant_id = $1 AND a.id = $2", p,
	                 NPARAMS(p), out, absence_row, "absence", err);
}

enum sv_rc store_absence_list(struct store *st, int64_t tenant, int64_t intervention_id,
                              struct store_page page, struct store_absence_list *out,
                              struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(page.after), P_INT(intervention_id), P_NULL};

	memset(out, 0, sizeof(*out));
	return fetch_list(st,
	                  "SELECT " ABSENCE_COLS " WHERE a.tenant_id = $1 AND a.id > $2 AND "
	                  "a.intervention_id = $3 ORDER BY a.id LIMIT $4",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), absence_row,
	                  absence_release_v, (void **)&out->v, &out->n, &out->next, err);
}

enum sv_rc store_absence_overlapping(struct store *st, int64_t tenant, int64_t customer_id,
                                     const char *kind, sv_date from, sv_date to,
                                     struct store_absence_list *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(customer_id), P_TEXT(kind),
	                          P_DATE(from),  P_DATE(to),         P_NULL};
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = fetch_list(st,
	                "SELECT " ABSENCE_COLS " WHERE a.tenant_id = $1 AND i.customer_id = $2 "
	                "AND a.kind = $3 AND a.from_on <= $5 AND (a.to_on IS NULL OR a.to_on >= "
	                "$4) ORDER BY a.from_on, a.id LIMIT $6",
	                p, NPARAMS(p), STORE_PAGE_MAX, sizeof(*out->v), absence_row,
	                absence_release_v, (void **)&out->v, &out->n, &out->next, err);
	out->next = 0;
	return rc;
}

enum sv_rc store_absence_update(struct store *st, const struct store_write *w, int64_t id,
                                sv_date to_on, sv_date certificate_on, const char *note,
                                const struct store_docs_event *ev, struct sv_error *err)
{
	struct store_absence a = {0};
	enum sv_rc rc = store_check_write(w, err);

	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	rc = store_absence_get(st, w->tenant, id, &a, err);
	if (!rc && to_on != SV_NO_DATE && to_on < a.from_on)
		rc = sv_error_set(err, SV_EINVAL, "to_on", "store:period",
		                  "ends before the first day");
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant), P_INT(id), P_DATE(to_on),
		                          P_DATE(certificate_on), P_TEXT(note)};
		rc = store_do(
		        st,
		        "UPDATE absences SET to_on = COALESCE($3, to_on), certificate_on = "
		        "COALESCE($4, certificate_on), note = COALESCE(CAST($5 AS TEXT), note) "
		        "WHERE tenant_id = $1 AND id = $2",
		        p, NPARAMS(p), NULL, err);
	}
	if (!rc) {
		json_t *pl;
		if (to_on != SV_NO_DATE)
			a.to_on = to_on;
		pl = absence_payload(&a);
		if (pl && certificate_on != SV_NO_DATE)
			json_object_set_new(pl, "certificate_on", jdate(certificate_on));
		rc = emit(st, w, a.customer_id, ev, "absence.updated", pl, err);
	}
	store_absence_release(&a);
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_absence_event(struct store *st, const struct store_write *w, int64_t id,
                               const struct store_docs_event *ev, struct sv_error *err)
{
	struct store_absence a = {0};
	enum sv_rc rc = store_check_write(w, err);

	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	rc = store_absence_get(st, w->tenant, id, &a, err);
	if (!rc)
		rc = emit(st, w, a.customer_id, ev, "absence.fact", absence_payload(&a), err);
	store_absence_release(&a);
	return store_tx_leave(st, rc, err);
}

/* ---- Meetings ----------------------------------------------------------------- */

void store_meeting_release(struct store_meeting *m)
{
	if (!m)
		return;
	free(m->kind);
	free(m->location);
	free(m->interpreter_language);
	free(m->outcome);
	free(m->note);
	memset(m, 0, sizeof(*m));
}

void store_meeting_list_release(struct store_meeting_list *l)
{
	for (size_t i = 0; l && i < l->n; i++)
		store_meeting_release(&l->v[i]);
	if (l) {
		free(l->v);
		memset(l, 0, sizeof(*l));
	}
}

static void meeting_release_v(void *e)
{
	store_meeting_release(e);
}

#define MEETING_COLS                                                                             \
	"id, customer_id, COALESCE(intervention_id, 0), kind, starts_at, COALESCE(ends_at, 0), " \
	"location, interpreter_language, outcome, note FROM meetings"

static enum sv_rc meeting_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_meeting *m = elem;
	enum sv_rc rc = SV_OK;

	m->id = *id = store_q_int(q, 0);
	m->customer_id = store_q_int(q, 1);
	m->intervention_id = store_q_int(q, 2);
	m->kind = store_q_strdup(q, 3, &rc);
	m->starts_at = store_q_int(q, 4);
	m->ends_at = store_q_int(q, 5);
	m->location = store_q_strdup(q, 6, &rc);
	m->interpreter_language = store_q_strdup(q, 7, &rc);
	m->outcome = store_q_strdup(q, 8, &rc);
	m->note = store_q_strdup(q, 9, &rc);
	if (rc)
		store_meeting_release(m);
	return rc;
}

static json_t *meeting_payload(const struct store_meeting *m, int64_t id)
{
	json_t *pl =
	        json_pack("{sIsssIss}", "meeting_id", (json_int_t)id, "kind", m->kind, "starts_at",
	                  (json_int_t)m->starts_at, "outcome", m->outcome ? m->outcome : "planned");
	if (pl && m->intervention_id)
		json_object_set_new(pl, "intervention_id", json_integer(m->intervention_id));
	return pl;
}

enum sv_rc store_meeting_create(struct store *st, const struct store_write *w,
                                struct store_meeting *m, const struct store_docs_event *ev,
                                struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_enum(m->kind, meeting_kinds, "kind", true, err);
	if (!rc)
		rc = store_check_enum(m->outcome, meeting_outcomes, "outcome", false, err);
	if (!rc && !m->starts_at)
		rc = sv_error_set(err, SV_EINVAL, "starts_at", "store:required", "is required");
	if (!rc && m->ends_at && m->ends_at <= m->starts_at)
		rc = sv_error_set(err, SV_EINVAL, "ends_at", "store:period",
		                  "must come after the start");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	if (m->intervention_id) {
		int64_t customer = 0;
		rc = lock_intervention(st, w->tenant, m->intervention_id, &customer, err);
		if (!rc && m->customer_id && m->customer_id != customer)
			rc = sv_error_set(err, SV_EINVAL, "customer_id", "X-5",
			                  "is not the customer of the intervention");
		m->customer_id = customer;
	}
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant),
		                          P_INT(m->customer_id),
		                          P_ID(m->intervention_id),
		                          P_TEXT(m->kind),
		                          P_INT(m->starts_at),
		                          m->ends_at ? P_INT(m->ends_at) : P_NULL,
		                          P_TEXT(m->location),
		                          P_TEXT(m->interpreter_language),
		                          P_TEXT(m->outcome ? m->outcome : "planned"),
		                          P_TEXT(m->note)};
		rc = store_one_int(
		        st,
		        "INSERT INTO meetings (tenant_id, customer_id, intervention_id, "
		        "kind, starts_at, ends_at, location, interpreter_language, outcome, "
		        "note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
		        p, NPARAMS(p), &m->id, err);
		if (rc == SV_EINVAL)
			rc = name_field(err, rc, "customer_id", "X-5", "no such customer");
	}
	if (!rc)
		rc = emit(st, w, m->customer_id, ev, "meeting.booked", meeting_payload(m, m->id),
		          err);
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_meeting_get(struct store *st, int64_t tenant, int64_t id,
                             struct store_meeting *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st, "SELECT " MEETING_COLS " WHERE tenant_id = $1 AND id = $2", p,
	                 NPARAMS(p), out, meeting_row, "meeting", err);
}

enum sv_rc store_meeting_list(struct store *st, int64_t tenant, int64_t intervention_id,
                              const char *kind, struct store_page page,
                              struct store_meeting_list *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(page.after), P_INT(intervention_id),
	                          P_TEXT(kind ? kind : ""), P_NULL};

	memset(out, 0, sizeof(*out));
	return fetch_list(st,
	                  "SELECT " MEETING_COLS " WHERE tenant_id = $1 AND id > $2 AND "
	                  "intervention_id = $3 AND (CAST($4 AS TEXT) = '' OR kind = $4) "
	                  "ORDER BY id LIMIT $5",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), meeting_row,
	                  meeting_release_v, (void **)&out->v, &out->n, &out->next, err);
}

enum sv_rc store_meeting_set_outcome(struct store *st, const struct store_write *w, int64_t id,
                                     const char *outcome, const char *note,
                                     const struct store_docs_event *ev, struct sv_error *err)
{
	struct store_meeting m = {0};
	int64_t changed = 0;
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_enum(outcome, meeting_outcomes, "outcome", true, err);
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant), P_INT(id), P_TEXT(outcome),
		                          P_TEXT(note)};
		rc = store_do(st,
		              "UPDATE meetings SET outcome = $3, note = COALESCE(CAST($4 AS TEXT), "
		              "note) WHERE tenant_id = $1 AND id = $2 AND outcome = 'planned'",
		              p, NPARAMS(p), &changed, err);
	}
	if (!rc)
		rc = store_meeting_get(st, w->tenant, id, &m, err);
	if (!rc && changed == 0)
		rc = sv_error_set(err, SV_ECONFLICT, "outcome", "store:busy",
		                  "the meeting's outcome is already %s", m.outcome);
	if (!rc)
		rc = emit(st, w, m.customer_id, ev, "meeting.outcome", meeting_payload(&m, id),
		          err);
	store_meeting_release(&m);
	return store_tx_leave(st, rc, err);
}

/* ---- Messages ----------------------------------------------------------------- */

void store_message_release(struct store_message *m)
{
	if (!m)
		return;
	free(m->topic);
	free(m->body);
	free(m->from_name);
	free(m->to_name);
	memset(m, 0, sizeof(*m));
}

void store_message_list_release(struct store_message_list *l)
{
	for (size_t i = 0; l && i < l->n; i++)
		store_message_release(&l->v[i]);
	if (l) {
		free(l->v);
		memset(l, 0, sizeof(*l));
	}
}

static void message_release_v(void *e)
{
	store_message_release(e);
}

#define MESSAGE_COLS                                                                          \
	"m.id, COALESCE(m.customer_id, 0), COALESCE(m.intervention_id, 0), "                  \
	"COALESCE(m.from_user_id, 0), COALESCE(m.to_user_id, 0), COALESCE(m.to_unit_id, 0), " \
	"m.topic, m.body, m.sent_at, COALESCE(m.read_at, 0), " USER_NAME(                     \
	        "m", "from_user_id") ", " USER_NAME("m", "to_user_id") " FROM messages m"

static enum sv_rc message_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_message *m = elem;
	enum sv_rc rc = SV_OK;

	m->id = *id = store_q_int(q, 0);
	m->customer_id = store_q_int(q, 1);
	m->intervention_id = store_q_int(q, 2);
	m->from_user_id = store_q_int(q, 3);
	m->to_user_id = store_q_int(q, 4);
	m->to_unit_id = store_q_int(q, 5);
	m->topic = store_q_strdup(q, 6, &rc);
	m->body = store_q_strdup(q, 7, &rc);
	m->sent_at = store_q_int(q, 8);
	m->read_at = store_q_int(q, 9);
	m->from_name = store_q_strdup(q, 10, &rc);
	m->to_name = store_q_strdup(q, 11, &rc);
	if (rc)
		store_message_release(m);
	return rc;
}

static json_t *message_payload(const struct store_message *m)
{
	json_t *pl = json_pack("{sIss}", "message_id", (json_int_t)m->id, "topic", m->topic);
	if (pl && m->intervention_id)
		json_object_set_new(pl, "intervention_id", json_integer(m->intervention_id));
	if (pl && m->to_user_id)
		json_object_set_new(pl, "to_user_id", json_integer(m->to_user_id));
	if (pl && m->to_unit_id)
		json_object_set_new(pl, "to_unit_id", json_integer(m->to_unit_id));
	return pl;
}

enum sv_rc store_message_create(struct store *st, const struct store_write *w,
                                struct store_message *m, const struct store_docs_event *ev,
                                struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_required(m->topic, "topic", err);
	if (!rc)
		rc = store_check_required(m->body, "body", err);
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	if (m->intervention_id) {
		int64_t customer = 0;
		rc = lock_intervention(st, w->tenant, m->intervention_id, &customer, err);
		if (!rc && m->customer_id && m->customer_id != customer)
			rc = sv_error_set(err, SV_EINVAL, "customer_id", "X-5",
			                  "is not the customer of the intervention");
		m->customer_id = customer;
	}
	if (!rc) {
		struct store_param p[] = {
		        P_INT(w->tenant),      P_ID(m->customer_id), P_ID(m->intervention_id),
		        P_ID(m->from_user_id), P_ID(m->to_user_id),  P_ID(m->to_unit_id),
		        P_TEXT(m->topic),      P_TEXT(m->body),      P_INT(w->at)};
		rc = store_one_int(st,
		                   "INSERT INTO messages (tenant_id, customer_id, intervention_id, "
		                   "from_user_id, to_user_id, to_unit_id, topic, body, sent_at) "
		                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
		                   p, NPARAMS(p), &m->id, err);
		if (rc == SV_EINVAL)
			rc = name_field(err, rc, "to_user_id", "X-5",
			                "a recipient, sender, unit or customer does not exist");
	}
	if (!rc) {
		m->sent_at = w->at;
		rc = emit(st, w, m->customer_id, ev, "message.sent", message_payload(m), err);
	}
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_message_get(struct store *st, int64_t tenant, int64_t id,
                             struct store_message *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st, "SELECT " MESSAGE_COLS " WHERE m.tenant_id = $1 AND m.id = $2", p,
	                 NPARAMS(p), out, message_row, "message", err);
}

enum sv_rc store_message_list(struct store *st, int64_t tenant,
                              const struct store_message_filter *f, struct store_page page,
                              struct store_message_list *out, struct sv_error *err)
{
	struct store_message_filter none = {0};

	if (!f)
		f = &none;
	memset(out, 0, sizeof(*out));
	{
		struct store_param p[] = {P_INT(tenant),
		                          P_INT(page.after),
		                          P_INT(f->intervention_id),
		                          P_INT(f->customer_id),
		                          P_INT(f->to_user_id),
		                          P_INT(f->to_unit_id),
		                          P_INT(f->provider_id),
		                          P_TEXT(f->topic ? f->topic : ""),
		                          P_BOOL(f->unread_only),
		                          P_BOOL(f->or_unaddressed),
		                          P_NULL};
		return fetch_list(
		        st,
		        "SELECT " MESSAGE_COLS " LEFT JOIN interventions i ON i.tenant_id = "
		        "m.tenant_id AND i.id = m.intervention_id WHERE m.tenant_id = $1 AND m.id "
		        "> "
		        "$2 AND (CAST($3 AS BIGINT) = 0 OR m.intervention_id = $3) "
		        "AND (CAST($4 AS BIGINT) = 0 OR m.customer_id = $4) "
		        "AND ((CAST($5 AS BIGINT) = 0 AND CAST($6 AS BIGINT) = 0) "
		        "OR m.to_user_id = $5 "
		        "OR (CAST($6 AS BIGINT) <> 0 AND m.to_user_id IS NULL AND m.to_unit_id = "
		        "$6) "
		        "OR (CAST($10 AS BIGINT) = 1 AND m.to_user_id IS NULL AND m.to_unit_id IS "
		        "NULL)) "
		        "AND (CAST($7 AS BIGINT) = 0 OR i.provider_id = $7) "
		        "AND (CAST($8 AS TEXT) = '' OR m.topic = $8) "
		        "AND (CAST($9 AS BIGINT) = 0 OR m.read_at IS NULL) ORDER BY m.id LIMIT $11",
		        p, NPARAMS(p), page_limit(page), sizeof(*out->v), message_row,
		        message_release_v, (void **)&out->v, &out->n, &out->next, err);
	}
}

enum sv_rc store_message_mark_read(struct store *st, const struct store_write *w, int64_t id,
                                   struct sv_error *err)
{
	struct store_message m = {0};
	int64_t changed = 0;
	enum sv_rc rc = store_check_write(w, err);

	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant), P_INT(id), P_INT(w->at)};
		rc = store_do(st,
		              "UPDATE messages SET read_at = $3 WHERE tenant_id = $1 AND id = $2 "
		              "AND read_at IS NULL",
		              p, NPARAMS(p), &changed, err);
	}
	if (!rc)
		rc = store_message_get(st, w->tenant, id, &m, err);
	if (!rc && changed)
		rc = store_event_emit(st, w, m.customer_id, "message.read", message_payload(&m),
		                      err);
	store_message_release(&m);
	return store_tx_leave(st, rc, err);
}

/* ---- Data incidents ---------------------------------------------------------- */

static const char *const incident_natures[] = {"occurred", "suspected", NULL};
static const char *const incident_risks[] = {"none", "risk", "high_risk", NULL};
static const char *const staff_kinds[] = {"joined", "left", "changed", NULL};

void store_incident_release(struct store_incident *i)
{
	if (!i)
		return;
	free(i->nature);
	free(i->description);
	free(i->risk);
	free(i->assessment);
	free(i->reported_by_name);
	memset(i, 0, sizeof(*i));
}

void store_incident_list_release(struct store_incident_list *l)
{
	for (size_t i = 0; l && i < l->n; i++)
		store_incident_release(&l->v[i]);
	if (l) {
		free(l->v);
		memset(l, 0, sizeof(*l));
	}
}

static void incident_release_v(void *e)
{
	store_incident_release(e);
}

#define INCIDENT_COLS                                                                     \
	"id, provider_id, COALESCE(reported_by, 0), COALESCE(customer_id, 0), "           \
	"COALESCE(intervention_id, 0), nature, discovered_at, reported_at, description, " \
	"COALESCE(message_id, 0), risk, assessment, COALESCE(notify_authority, 0), "      \
	"COALESCE(notify_persons, 0), COALESCE(assessed_by, 0), COALESCE(assessed_at, "   \
	"0), " USER_NAME("data_incidents", "reported_by") " FROM data_incidents"

static enum sv_rc incident_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_incident *i = elem;
	enum sv_rc rc = SV_OK;

	i->id = *id = store_q_int(q, 0);
	i->provider_id = store_q_int(q, 1);
	i->reported_by = store_q_int(q, 2);
	i->customer_id = store_q_int(q, 3);
	i->intervention_id = store_q_int(q, 4);
	i->nature = store_q_strdup(q, 5, &rc);
	i->discovered_at = store_q_int(q, 6);
	i->reported_at = store_q_int(q, 7);
	i->description = store_q_strdup(q, 8, &rc);
	i->message_id = store_q_int(q, 9);
	i->risk = store_q_strdup(q, 10, &rc);
	i->assessment = store_q_strdup(q, 11, &rc);
	i->notify_authority = store_q_int(q, 12) != 0;
	i->notify_persons = store_q_int(q, 13) != 0;
	i->assessed_by = store_q_int(q, 14);
	i->assessed_at = store_q_int(q, 15);
	i->reported_by_name = store_q_strdup(q, 16, &rc);
	if (rc)
		store_incident_release(i);
	return rc;
}

static json_t *incident_payload(const struct store_incident *i)
{
	json_t *pl = json_pack("{sIsIss}", "incident_id", (json_int_t)i->id, "provider_id",
	                       (json_int_t)i->provider_id, "nature", i->nature);
	if (pl && i->intervention_id)
		json_object_set_new(pl, "intervention_id", json_integer(i->intervention_id));
	return pl;
}

enum sv_rc store_incident_create(struct store *st, const struct store_write *w,
                                 struct store_incident *i, sv_date discovered_on,
                                 struct sv_error *err)
{
	char key[24];
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_enum(i->nature, incident_natures, "nature", true, err);
	if (!rc)
		rc = store_check_required(i->description, "description", err);
	if (!rc && (!i->discovered_at || i->discovered_at > w->at))
		rc = sv_error_set(err, SV_EINVAL, "discovered_at", "KV-80",
		                  "the discovery lies before the report");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	if (i->intervention_id) {
		int64_t customer = 0;
		rc = lock_intervention(st, w->tenant, i->intervention_id, &customer, err);
		i->customer_id = customer;
	}
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant),         P_INT(i->provider_id),
		                          P_ID(w->actor),           P_ID(i->customer_id),
		                          P_ID(i->intervention_id), P_TEXT(i->nature),
		                          P_INT(i->discovered_at),  P_INT(w->at),
		                          P_TEXT(i->description),   P_ID(i->message_id)};
		rc = store_one_int(
		        st,
		        "INSERT INTO data_incidents (tenant_id, provider_id, reported_by, "
		        "customer_id, intervention_id, nature, discovered_at, reported_at, "
		        "description, message_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
		        "$9, $10) RETURNING id",
		        p, NPARAMS(p), &i->id, err);
		if (rc == SV_EINVAL)
			rc = name_field(err, rc, "provider_id", "X-5",
			                "the provider, case or message does not exist");
	}
	i->reported_at = w->at;
	snprintf(key, sizeof(key), "%" PRId64, i->id);
	if (!rc) {
		struct store_docs_event ev = {"incident.discovered", key, discovered_on,
		                              i->discovered_at, NULL};
		rc = emit(st, w, i->customer_id, &ev, NULL, incident_payload(i), err);
	}
	if (!rc) {
		struct store_docs_event ev = {.kind = "incident.reported", .key = key};
		rc = emit(st, w, i->customer_id, &ev, NULL, incident_payload(i), err);
	}
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_incident_get(struct store *st, int64_t tenant, int64_t id,
                              struct store_incident *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st, "SELECT " INCIDENT_COLS " WHERE tenant_id = $1 AND id = $2", p,
	                 NPARAMS(p), out, incident_row, "incident", err);
}

enum sv_rc store_incident_list(struct store *st, int64_t tenant, int64_t provider_id,
                               bool unassessed_only, struct store_page page,
                               struct store_incident_list *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(page.after), P_INT(provider_id),
	                          P_BOOL(unassessed_only), P_NULL};

	memset(out, 0, sizeof(*out));
	return fetch_list(
	        st,
	        "SELECT " INCIDENT_COLS " WHERE tenant_id = $1 AND id > $2 "
	        "AND (CAST($3 AS BIGINT) = 0 OR provider_id = $3) "
	        "AND (CAST($4 AS BIGINT) = 0 OR assessed_at IS NULL) ORDER BY id LIMIT $5",
	        p, NPARAMS(p), page_limit(page), sizeof(*out->v), incident_row, incident_release_v,
	        (void **)&out->v, &out->n, &out->next, err);
}

enum sv_rc store_incident_assess(struct store *st, const struct store_write *w, int64_t id,
                                 const char *risk, const char *assessment, bool notify_authority,
                                 bool notify_persons, struct sv_error *err)
{
	struct store_incident i = {0};
	int64_t changed = 0;
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_enum(risk, incident_risks, "risk", true, err);
	if (!rc)
		rc = store_check_required(assessment, "assessment", err);
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),
		                          P_INT(id),
		                          P_TEXT(risk),
		                          P_TEXT(assessment),
		                          P_BOOL(notify_authority),
		                          P_BOOL(notify_persons),
		                          P_ID(w->actor),
		                          P_INT(w->at)};
		rc = store_do(
		        st,
		        "UPDATE data_incidents SET risk = $3, assessment = $4, "
		        "notify_authority = $5, notify_persons = $6, assessed_by = $7, "
		        "assessed_at = $8 WHERE tenant_id = $1 AND id = $2 AND assessed_at IS NULL",
		        p, NPARAMS(p), &changed, err);
	}
	if (!rc)
		rc = store_incident_get(st, w->tenant, id, &i, err);
	if (!rc && !changed)
		rc = sv_error_set(err, SV_ECONFLICT, "risk", "store:busy",
		                  "the incident is already assessed");
	if (!rc) {
		json_t *pl = incident_payload(&i);
		if (pl) {
			json_object_set_new(pl, "risk", json_string(risk));
			json_object_set_new(pl, "notify_authority", json_boolean(notify_authority));
			json_object_set_new(pl, "notify_persons", json_boolean(notify_persons));
		}
		rc = emit(st, w, i.customer_id, NULL, "incident.assessed", pl, err);
	}
	store_incident_release(&i);
	return store_tx_leave(st, rc, err);
}

/* ---- Staff changes ------------------------------------------------------------ */

void store_staff_change_release(struct store_staff_change *c)
{
	if (!c)
		return;
	free(c->kind);
	free(c->staff_name);
	free(c->staff_role);
	free(c->note);
	memset(c, 0, sizeof(*c));
}

void store_staff_change_list_release(struct store_staff_change_list *l)
{
	for (size_t i = 0; l && i < l->n; i++)
		store_staff_change_release(&l->v[i]);
	if (l) {
		free(l->v);
		memset(l, 0, sizeof(*l));
	}
}

static void staff_release_v(void *e)
{
	store_staff_change_release(e);
}

#define STAFF_COLS                                                                         \
	"id, provider_id, COALESCE(reported_by, 0), kind, staff_name, staff_role, "        \
	"effective_on, COALESCE(user_id, 0), access_requested_on, note, reported_at FROM " \
	"staff_changes"

static enum sv_rc staff_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_staff_change *c = elem;
	enum sv_rc rc = SV_OK;

	c->id = *id = store_q_int(q, 0);
	c->provider_id = store_q_int(q, 1);
	c->reported_by = store_q_int(q, 2);
	c->kind = store_q_strdup(q, 3, &rc);
	c->staff_name = store_q_strdup(q, 4, &rc);
	c->staff_role = store_q_strdup(q, 5, &rc);
	c->effective_on = store_q_date(q, 6);
	c->user_id = store_q_int(q, 7);
	c->access_requested_on = store_q_date(q, 8);
	c->note = store_q_strdup(q, 9, &rc);
	c->reported_at = store_q_int(q, 10);
	if (rc)
		store_staff_change_release(c);
	return rc;
}

enum sv_rc store_staff_change_create(struct store *st, const struct store_write *w,
                                     struct store_staff_change *c, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_enum(c->kind, staff_kinds, "kind", true, err);
	if (!rc)
		rc = store_check_required(c->staff_name, "staff_name", err);
	if (!rc && c->effective_on == SV_NO_DATE)
		rc = sv_error_set(err, SV_EINVAL, "effective_on", "KV-83", "is required");
	if (!rc && strcmp(c->kind, "joined") && c->access_requested_on != SV_NO_DATE)
		rc = sv_error_set(err, SV_EINVAL, "access_requested_on", "KV-83",
		                  "only a new employee applies for system access");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),
		                          P_INT(c->provider_id),
		                          P_ID(w->actor),
		                          P_TEXT(c->kind),
		                          P_TEXT(c->staff_name),
		                          P_TEXT(c->staff_role),
		                          P_DATE(c->effective_on),
		                          P_ID(c->user_id),
		                          P_DATE(c->access_requested_on),
		                          P_TEXT(c->note),
		                          P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO staff_changes (tenant_id, provider_id, reported_by, "
		        "kind, staff_name, staff_role, effective_on, user_id, "
		        "access_requested_on, note, reported_at) VALUES ($1, $2, $3, $4, "
		        "$5, $6, $7, $8, $9, $10, $11) RETURNING id",
		        p, NPARAMS(p), &c->id, err);
		if (rc == SV_EINVAL)
			rc = name_field(err, rc, "user_id", "X-5",
			                "the provider or the user does not exist");
	}
	if (!rc) {
		c->reported_at = w->at;
		rc = store_event_emit(
		        st, w, 0, "staff_change.reported",
		        json_pack("{sIsIsssoso}", "staff_change_id", (json_int_t)c->id,
		                  "provider_id", (json_int_t)c->provider_id, "kind", c->kind,
		                  "effective_on", jdate(c->effective_on), "access_requested_on",
		                  jdate(c->access_requested_on)),
		        err);
	}
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_staff_change_list(struct store *st, int64_t tenant, int64_t provider_id,
                                   struct store_page page, struct store_staff_change_list *out,
                                   struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(page.after), P_INT(provider_id), P_NULL};

	memset(out, 0, sizeof(*out));
	return fetch_list(st,
	                  "SELECT " STAFF_COLS " WHERE tenant_id = $1 AND id > $2 "
	                  "AND (CAST($3 AS BIGINT) = 0 OR provider_id = $3) ORDER BY id LIMIT $4",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), staff_row,
	                  staff_release_v, (void **)&out->v, &out->n, &out->next, err);
}
