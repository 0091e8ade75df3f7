/*
 * Plans, monthly reports and final reports (KV-24, KV-25, KV-31, KV-32,
 * KV-60 ... KV-64):
 *
 *   GET  /api/v1/interventions/{id}/documents            list (?kind=)
 *   PUT  /api/v1/interventions/{id}/plan                 save the plan's draft
 *   PUT  /api/v1/interventions/{id}/monthly-reports/{m}  save the report of month m (YYYY-MM)
 *   PUT  /api/v1/interventions/{id}/final-report         save the final report's draft
 *   GET  /api/v1/documents/{id}                          one document with versions and reviews
 *   POST /api/v1/documents/{id}/submit                   klarmarkera (optionally with content)
 *   POST /api/v1/documents/{id}/approve                  approve
 *   POST /api/v1/documents/{id}/return                   return with {"comment"}
 *   POST /api/v1/documents/{id}/revise                   start a revision of an approved plan
 *
 * Content: {"sections": {"<id>": "text", ...}, "body": {...}}, both
 * optional. A section that does not apply says "Ej aktuellt" and a reason.
 */
#include "http/handlers/casedocs_http.h"

#include <inttypes.h>

#include "service/documents.h"

#define MAX_SECTIONS 64

struct content {
	struct lc_section sections[MAX_SECTIONS];
	struct documents_content c;
	char *body; /* malloc'd JSON text or NULL */
};

static void content_release(struct content *c)
{
	free(c->body);
	c->body = NULL;
}

/* {"sections": {...}, "body": {...}} into c (strings in the arena). */
static bool parse_content(struct http_req *r, json_t *v, struct content *c)
{
	const char *key;
	json_t *m, *sv;
	size_t n = 0;

	memset(c, 0, sizeof(*c));
	c->c.sections = c->sections;
	if (!v)
		return true;
	json_object_foreach(v, key, m)
	{
		if (strcmp(key, "sections") && strcmp(key, "body")) {
			char path[96];
			snprintf(path, sizeof(path), "$.%.80s", key);
			cd_bad_member(r, path, "unknown member");
			return false;
		}
	}
	m = json_object_get(v, "sections");
	if (m && !json_is_object(m)) {
		cd_bad_member(r, "$.sections", "must be an object of section texts");
		return false;
	}
	json_object_foreach(m, key, sv)
	{
		char path[96];
		snprintf(path, sizeof(path), "$.sections.%.80s", key);
		if (n == MAX_SECTIONS) {
			cd_bad_member(r, "$.sections", "at most 64 sections");
			return false;
		}
		if (!json_is_string(sv)) {
			cd_bad_member(r, path, "must be a string");
			return false;
		}
		c->sections[n].name = arena_strdup(&r->arena, key);
		c->sections[n].text = arena_strdup(&r->arena, json_string_value(sv));
		if (!c->sections[n].name || !c->sections[n].text) {
			http_error(r, 413, NULL, "X-4.size", "the request needs too much memory");
			return false;
		}
		n++;
	}
	c->c.nsections = n;
	return true;
}

/* The body member: any JSON object, stored as canonical text. */
static bool parse_body_member(struct http_req *r, json_t *v, struct content *c)
{
	json_t *b = v ? json_object_get(v, "body") : NULL;

	if (!b || json_is_null(b))
		return true;
	if (!json_is_object(b)) {
		cd_bad_member(r, "$.body", "must be an object");
		return false;
	}
	c->body = json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS);
	if (!c->body) {
		http_error(r, 413, NULL, "X-4.size", "the request needs too much memory");
		return false;
	}
	c->c.body = c->body;
	return true;
}

/* Read the request's content; optional: an empty body means none (*has false). */
static bool read_content(struct http_req *r, bool optional, struct content *c, bool *has)
{
	json_t *v = NULL;
	bool ok;

	memset(c, 0, sizeof(*c));
	*has = false;
	if (!cd_body_object(r, optional, &v))
		return false;
	ok = parse_content(r, v, c) && parse_body_member(r, v, c);
	*has = v != NULL;
	json_decref(v);
	if (!ok)
		content_release(c);
	return ok;
}

static json_t *sections_json(const struct store_doc_version *v,
                             const struct rules_report_template *t)
{
	json_t *a = json_array();

	for (size_t i = 0; a && v && i < v->nsections; i++) {
		const struct store_doc_section *s = &v->sections[i];
		const char *title = NULL;
		for (size_t k = 0; t && k < t->n_sections; k++)
			if (!strcmp(t->sections[k].id, s->section))
				title = t->sections[k].title;
		json_array_append_new(a, json_pack("{s:s,s:s?,s:s?,s:s?}", "id", s->section,
		                                   "title", title, "text", s->body,
		                                   "not_applicable", s->not_applicable));
	}
	return a;
}

static json_t *doc_json(const struct svc *s, const struct store_document *d, const char *code,
                        bool full)
{
	const struct rules_report_template *t = documents_template(s, d, code);
	char title[128], month[8] = "";
	json_t *o;

	documents_title(s, d, code, title, sizeof(title));
	if (d->period != SV_NO_DATE) {
		char day[SV_DATE_STRLEN];
		snprintf(month, sizeof(month), "%.7s", date_format(d->period, day));
	}
	o = json_pack("{s:I,s:I,s:s,s:s?,s:s,s:s,s:i,s:o,s:o}", "id", (json_int_t)d->id,
	              "intervention_id", (json_int_t)d->intervention_id, "kind", d->kind, "period",
	              month[0] ? month : NULL, "state", d->state, "title", title, "current_version",
	              d->current_version, "first_submitted_at",
	              http_time_json(d->first_submitted_at), "created_at",
	              http_time_json(d->created_at));
	if (!o || !full)
		return o;
	{
		const struct store_doc_version *cur = store_doc_current(d);
		json_t *body = cur && cur->body ? json_loads(cur->body, 0, NULL) : NULL;
		json_t *versions = json_array(), *reviews = json_array(), *tmpl = json_array();
		json_object_set_new(o, "sections", sections_json(cur, t));
		json_object_set_new(o, "body", body ? body : json_object());
		for (size_t i = 0; versions && i < d->nversions; i++)
			json_array_append_new(
			        versions,
			        json_pack("{s:i,s:o,s:s?,s:o,s:o,s:o}", "version",
			                  d->versions[i].version, "author_id",
			                  cd_id(d->versions[i].author_id), "author_name",
			                  d->versions[i].author_name, "created_at",
			                  http_time_json(d->versions[i].created_at), "submitted_at",
			                  http_time_json(d->versions[i].submitted_at), "sections",
			                  sections_json(&d->versions[i], t)));
		for (size_t i = 0; reviews && i < d->nreviews; i++)
			json_array_append_new(
			        reviews,
			        json_pack("{s:i,s:s,s:s?,s:o,s:s?,s:o}", "version",
			                  d->reviews[i].version, "decision", d->reviews[i].decision,
			                  "comment", d->reviews[i].comment, "reviewer_id",
			                  cd_id(d->reviews[i].reviewer_id), "reviewer_name",
			                  d->reviews[i].reviewer_name, "at",
			                  http_time_json(d->reviews[i].at)));
		for (size_t i = 0; tmpl && t && i < t->n_sections; i++)
			json_array_append_new(
			        tmpl, json_pack("{s:s,s:s,s:s}", "id", t->sections[i].id, "title",
			                        t->sections[i].title, "rule", t->sections[i].rule));
		json_object_set_new(o, "versions", versions);
		json_object_set_new(o, "reviews", reviews);
		json_object_set_new(o, "template", tmpl);
		if (t && t->not_applicable)
			json_object_set_new(o, "not_applicable", json_string(t->not_applicable));
	}
	return o;
}

/* Respond with the document (its intervention's code for the title and template). */
static void respond_doc(struct http_req *r, const struct svc *s, int status,
                        const struct store_document *d)
{
	struct store_intervention iv = {0};
	struct sv_error err = SV_ERROR_INIT;
	enum sv_rc rc = store_intervention_get(s->st, s->tenant, d->intervention_id, &iv, &err);

	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, status, doc_json(s, d, iv.code, true));
	store_intervention_release(&iv);
}

void h_documents_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_document_list l = {0};
	struct store_intervention iv = {0};
	struct store_page page;
	struct svc s;
	const char *kind = http_query(r, "kind");
	json_t *items;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_page(r, &page))
		return;
	if (kind && strcmp(kind, "plan") && strcmp(kind, "monthly_report") &&
	    strcmp(kind, "final_report")) {
		http_error(r, 400, NULL, "X-4",
		           "query parameter kind must be plan, monthly_report or final_report");
		return;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = documents_list(&s, id, kind, page, &l, &err);
	if (!rc)
		rc = store_intervention_get(r->st, r->tenant, id, &iv, &err);
	http_db_time(r, t0);
	if (rc) {
		cd_fail(r, rc, &err);
		goto out;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++)
		json_array_append_new(items, doc_json(&s, &l.v[i], iv.code, false));
	http_list(r, items, l.next);
out:
	store_intervention_release(&iv);
	store_document_list_release(&l);
}

static void save(struct http_req *r, enum lc_doc_kind kind, sv_date period)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_document d = {0};
	struct content c;
	struct svc s;
	int64_t id, t0;
	bool has;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !read_content(r, false, &c, &has))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = documents_save(&s, id, kind, period, &c.c, &d, &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		respond_doc(r, &s, 200, &d);
	store_document_release(&d);
	content_release(&c);
}

void h_documents_save_plan(struct http_req *r)
{
	save(r, LC_DOC_PLAN, SV_NO_DATE);
}

void h_documents_save_final(struct http_req *r)
{
	save(r, LC_DOC_FINAL_REPORT, SV_NO_DATE);
}

void h_documents_save_monthly(struct http_req *r)
{
	const char *m = r->nparams > 1 ? r->params[1] : NULL;
	sv_date period;

	if (!m || strlen(m) != 7 || date_parse_month(m, 7, &period, "month", NULL)) {
		struct json_errors errs;
		json_errors_init(&errs);
		json_errors_add(&errs, true, "month", "ISO-8601", "the report month as YYYY-MM");
		http_error_fields(r, &errs);
		return;
	}
	save(r, LC_DOC_MONTHLY_REPORT, period);
}

void h_documents_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_document d = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = documents_get(&s, id, &d, &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		respond_doc(r, &s, 200, &d);
	store_document_release(&d);
}

void h_documents_submit(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_document d = {0};
	struct content c;
	struct svc s;
	int64_t id, t0;
	bool has;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !read_content(r, true, &c, &has))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = documents_submit(&s, id, has ? &c.c : NULL, &d, &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		respond_doc(r, &s, 200, &d);
	store_document_release(&d);
	content_release(&c);
}

void h_documents_revise(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_document d = {0};
	struct content c;
	struct svc s;
	int64_t id, t0;
	bool has;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !read_content(r, true, &c, &has))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = documents_revise(&s, id, has ? &c.c : NULL, &d, &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		respond_doc(r, &s, 200, &d);
	store_document_release(&d);
	content_release(&c);
}

void h_documents_approve(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_document d = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = documents_review(&s, id, LC_DA_APPROVE, NULL, &d, &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		respond_doc(r, &s, 200, &d);
	store_document_release(&d);
}

struct return_body {
	const char *comment;
	uint64_t present;
};

static const struct json_field return_fields[] = {
        {"comment", JT_STRING, JF_REQUIRED, offsetof(struct return_body, comment), 1, 4000, NULL,
         NULL, NULL},
};
static const struct json_schema return_schema = {return_fields, 1,
                                                 offsetof(struct return_body, present)};

void h_documents_return(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_document d = {0};
	struct return_body b = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_body(r, &return_schema, &b))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = documents_review(&s, id, LC_DA_RETURN, b.comment, &d, &err);
	http_db_time(r, t0);
	if (rc)
		cd_fail(r, rc, &err);
	else
		respond_doc(r, &s, 200, &d);
	store_document_release(&d);
}
