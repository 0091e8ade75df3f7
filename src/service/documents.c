/* Plans, monthly reports and final reports with their review (see documents.h). */
#include "service/documents.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "service/casedocs.h"
#include "service/obligations.h"

#define NOT_APPLICABLE "Ej aktuellt"

static const char *const month_names[12] = {"januari",   "februari", "mars",     "april",
                                            "maj",       "juni",     "juli",     "augusti",
                                            "september", "oktober",  "november", "december"};

static const char *kind_name(enum lc_doc_kind k)
{
	return lc_doc_kind_name(k);
}

static int kind_of(const char *name, enum lc_doc_kind *k)
{
	return name && !lc_doc_kind_parse(name, strlen(name), k, "kind", NULL);
}

/* "2024-03" of a report month. */
static void month_key(sv_date period, char out[8])
{
	int y, m, d;

	date_to_ymd(period, &y, &m, &d);
	snprintf(out, 8, "%04d-%02d", y, m);
}

/* ---- Content -------------------------------------------------------------------- */

static bool section_name_ok(const char *n)
{
	size_t len = n ? strlen(n) : 0;

	if (len == 0 || len > 64)
		return false;
	for (; *n; n++)
		if (!((*n >= 'a' && *n <= 'z') || (*n >= '0' && *n <= '9') || *n == '_'))
			return false;
	return true;
}

/* Does text say "Ej aktuellt" (phrase, any case) first? *reason gets what follows. */
static bool says_not_applicable(const char *text, const char *phrase, const char **reason)
{
	size_t n = strlen(phrase);
	const char *p;

	while (text && (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r'))
		text++;
	if (!text || strncasecmp(text, phrase, n))
		return false;
	p = text + n;
	/* The reason follows after white space and punctuation ("Ej aktuellt – ..."). */
	while (*p && (strchr(" \t\r\n:;,.-", *p) || !strncmp(p, "\xe2\x80\x93", 3))) {
		if (!strncmp(p, "\xe2\x80\x93", 3))
			p += 3;
		else
			p++;
	}
	*reason = p;
	return true;
}

/* Store sections (in *out, malloc'd array of borrowed strings) from the
 * writer's sections. For monthly reports every name must be a section of
 * the template (KV-32a). */
static enum sv_rc to_store_sections(const struct documents_content *c,
                                    const struct rules_report_template *t,
                                    struct store_doc_section **out, struct sv_error *err)
{
	const char *phrase = t && t->not_applicable ? t->not_applicable : NOT_APPLICABLE;
	struct store_doc_section *v;

	*out = NULL;
	if (!c->nsections)
		return SV_OK;
	v = calloc(c->nsections, sizeof(*v));
	if (!v)
		return SV_ENOMEM;
	for (size_t i = 0; i < c->nsections; i++) {
		const char *name = c->sections[i].name, *text = c->sections[i].text, *reason;
		bool known = !t;
		char field[96];

		snprintf(field, sizeof(field), "sections.%s", name ? name : "");
		if (!section_name_ok(name)) {
			free(v);
			return sv_error_set(err, SV_EINVAL, "sections", "X-4",
			                    "a section name is 1-64 of a-z, 0-9 and _");
		}
		for (size_t k = 0; t && k < t->n_sections; k++)
			known = known || !strcmp(t->sections[k].id, name);
		if (!known) {
			free(v);
			return sv_error_set(err, SV_EINVAL, field, "KV-32a",
			                    "is not a section of the %s report template",
			                    t->scheme);
		}
		for (size_t k = 0; k < i; k++)
			if (!strcmp(c->sections[k].name, name)) {
				free(v);
				return sv_error_set(err, SV_EINVAL, field, "X-4",
				                    "the section is given twice");
			}
		v[i].section = (char *)name;
		if (says_not_applicable(text, phrase, &reason))
			v[i].not_applicable = (char *)reason;
		else
			v[i].body = (char *)(text && *text ? text : NULL);
	}
	*out = v;
	return SV_OK;
}

/* The sections of a stored version as the core checks them (texts in arena-like buf). */
struct flat {
	struct lc_section *v;
	char **texts;
	size_t n;
};

static void flat_release(struct flat *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->texts[i]);
	free(f->texts);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static enum sv_rc flatten(const struct store_doc_version *v, const char *phrase, struct flat *f)
{
	memset(f, 0, sizeof(*f));
	if (!v || !v->nsections)
		return SV_OK;
	f->v = calloc(v->nsections, sizeof(*f->v));
	f->texts = calloc(v->nsections, sizeof(*f->texts));
	if (!f->v || !f->texts) {
		flat_release(f);
		return SV_ENOMEM;
	}
	for (size_t i = 0; i < v->nsections; i++) {
		const struct store_doc_section *s = &v->sections[i];
		f->v[i].name = s->section;
		if (s->not_applicable) {
			size_t n = strlen(phrase) + strlen(s->not_applicable) + 3;
			f->texts[i] = malloc(n);
			if (!f->texts[i]) {
				f->n = i;
				flat_release(f);
				return SV_ENOMEM;
			}
			snprintf(f->texts[i], n, "%s%s%s", phrase, *s->not_applicable ? ": " : "",
			         s->not_applicable);
			f->v[i].text = f->texts[i];
		} else {
			f->v[i].text = s->body;
		}
		f->n = i + 1;
	}
	return SV_OK;
}

static enum sv_rc check_body(const char *body, json_t **out, struct sv_error *err)
{
	json_t *v;

	*out = NULL;
	if (!body)
		return SV_OK;
	v = json_loads(body, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(v)) {
		json_decref(v);
		return sv_error_set(err, SV_EINVAL, "body", "X-4", "must be a JSON object");
	}
	*out = v;
	return SV_OK;
}

/* ---- Loading -------------------------------------------------------------------- */

/* The document and its intervention, if the caller may perform a on it. */
static enum sv_rc load_doc(const struct svc *s, int64_t id, enum authz_action a,
                           struct store_document *d, struct casedocs_case *c, struct sv_error *err)
{
	enum sv_rc rc = casedocs_allowed(s, a, err);

	memset(c, 0, sizeof(*c));
	memset(d, 0, sizeof(*d));
	if (!rc)
		rc = store_doc_get(s->st, s->tenant, id, d, err);
	if (!rc && !store_doc_kind_valid(d->kind))
		rc = SV_ENOTFOUND;
	if (!rc)
		rc = casedocs_load(s, d->intervention_id, a, c, err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		sv_error_set(err, rc, "id", "X-3", "no such document");
	}
	if (rc) {
		store_document_release(d);
		casedocs_case_release(c);
	}
	return rc;
}

static enum sv_rc istate(const struct casedocs_case *c, enum lc_istate *out)
{
	const char *st = c->iv.state;
	return lc_istate_parse(st, st ? strlen(st) : 0, out, "state", NULL);
}

/* May a document of kind be written for the intervention now? */
static enum sv_rc check_intervention(const struct casedocs_case *c, enum lc_doc_kind kind,
                                     const char *action, struct sv_error *err)
{
	enum lc_istate is = LC_IS_GRANTED;
	bool ok;
	const char *rule;

	if (istate(c, &is))
		return sv_error_set(err, SV_ECORRUPT, "state", "", "unknown intervention state");
	switch (kind) {
	case LC_DOC_PLAN:
		ok = is == LC_IS_ASSIGNED || is == LC_IS_RUNNING;
		rule = "KV-24";
		break;
	case LC_DOC_MONTHLY_REPORT:
		ok = (is == LC_IS_ASSIGNED || is == LC_IS_RUNNING || is == LC_IS_ENDED) &&
		     c->iv.start_on != SV_NO_DATE;
		rule = "KV-32";
		break;
	default:
		ok = is == LC_IS_RUNNING || is == LC_IS_ENDED;
		rule = "KV-60";
		break;
	}
	if (ok)
		return SV_OK;
	return sv_error_set(err, SV_ESTATE, "state", rule,
	                    "cannot %s a %s of an intervention that is %s", action,
	                    kind == LC_DOC_MONTHLY_REPORT ? "monthly report"
	                    : kind == LC_DOC_PLAN         ? "plan"
	                                                  : "final report",
	                    c->iv.state);
}

/* KV-32: the month must lie within the intervention. */
static enum sv_rc check_month(const struct casedocs_case *c, sv_date period, struct sv_error *err)
{
	sv_date last =
	        c->iv.actual_end_on != SV_NO_DATE ? c->iv.actual_end_on : c->iv.planned_end_on;
	char a[SV_DATE_STRLEN], b[SV_DATE_STRLEN];

	if (period == SV_NO_DATE || period != date_month_start(period))
		return sv_error_set(err, SV_EINVAL, "period", "KV-32",
		                    "a monthly report names its month (YYYY-MM)");
	if (c->iv.start_on == SV_NO_DATE || date_month_end(period) < c->iv.start_on ||
	    (last != SV_NO_DATE && period > last))
		return sv_error_set(err, SV_EINVAL, "period", "KV-32",
		                    "the month is not a month of the intervention (%s to %s)",
		                    c->iv.start_on == SV_NO_DATE ? "not started"
		                                                 : date_format(c->iv.start_on, a),
		                    last == SV_NO_DATE ? "open" : date_format(last, b));
	return SV_OK;
}

static const struct rules_report_template *
template_of(const struct svc *s, const struct casedocs_case *c, sv_date period)
{
	sv_date on = period;

	/* CAL-3a: the template valid on the report month's first day inside the intervention. */
	if (c->iv.start_on != SV_NO_DATE && c->iv.start_on > on)
		on = c->iv.start_on;
	return casedocs_template(s, c->iv.code, on);
}

const struct rules_report_template *
documents_template(const struct svc *s, const struct store_document *d, const char *code)
{
	if (!d->kind || strcmp(d->kind, "monthly_report") || !code)
		return NULL;
	return casedocs_template(s, code, d->period);
}

void documents_title(const struct svc *s, const struct store_document *d, const char *code,
                     char *out, size_t outsz)
{
	const struct rules_report_template *t = documents_template(s, d, code);
	bool done = d->state && (!strcmp(d->state, "submitted") || !strcmp(d->state, "approved"));
	char month[32];
	int y, m, day;

	if (!d->kind || strcmp(d->kind, "monthly_report")) {
		snprintf(out, outsz, "%s",
		         d->kind && !strcmp(d->kind, "plan") ? "Genomförandeplan" : "Slutrapport");
		return;
	}
	date_to_ymd(d->period, &y, &m, &day);
	snprintf(month, sizeof(month), "%s %d", month_names[m - 1], y);
	if (done && t && t->submitted_title) {
		/* "Månadsrapport, [månad], KLAR" with the month filled in. */
		const char *ph = strstr(t->submitted_title, "[månad]");
		if (ph)
			snprintf(out, outsz, "%.*s%s%s", (int)(ph - t->submitted_title),
			         t->submitted_title, month, ph + strlen("[månad]"));
		else
			snprintf(out, outsz, "%s", t->submitted_title);
		return;
	}
	snprintf(out, outsz, "Månadsrapport, %s%s", month, done ? ", KLAR" : "");
}

/* ---- Checks on submission ------------------------------------------------------- */

static bool has_text(const struct flat *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (!casedocs_blank(f->v[i].text))
			return true;
	return false;
}

/* JP-6: every activity of a jobbpeng plan with its expected duration. */
static enum sv_rc check_jp_plan(json_t *body, struct sv_error *err)
{
	json_t *acts = json_object_get(body, "activities");
	char field[64];

	if (!json_is_array(acts) || json_array_size(acts) == 0)
		return sv_error_set(err, SV_EINVAL, "body.activities", "JP-6",
		                    "a jobbpeng plan lists its activities, each with its expected "
		                    "duration");
	for (size_t i = 0; i < json_array_size(acts); i++) {
		json_t *a = json_array_get(acts, i);
		const char *what = json_string_value(json_object_get(a, "activity"));
		const char *dur = json_string_value(json_object_get(a, "expected_duration"));
		if (casedocs_blank(what)) {
			snprintf(field, sizeof(field), "body.activities[%zu].activity", i);
			return sv_error_set(err, SV_EINVAL, field, "JP-6", "names the activity");
		}
		if (casedocs_blank(dur)) {
			snprintf(field, sizeof(field), "body.activities[%zu].expected_duration", i);
			return sv_error_set(err, SV_EINVAL, field, "JP-6",
			                    "every activity has its expected duration");
		}
	}
	return SV_OK;
}

/* KV-64: outcome and, unless self-sufficient or the goal reached, a next step.
 * The case's life-cycle end cause (lifecycle.h) overrides a claimed outcome
 * when the ending itself says the goal was not reached (no_progression,
 * sickness, ...); self_sufficient, step_transition and completed leave it to
 * the stated outcome. */
static enum sv_rc check_final(const struct casedocs_case *c, json_t *body, struct sv_error *err)
{
	static const char *const outcomes[] = {"self_sufficient", "goal_reached", "not_reached",
	                                       NULL};
	const char *o = json_string_value(json_object_get(body, "outcome"));
	const char *next = json_string_value(json_object_get(body, "next_step"));
	const char *why = c->end_cause;
	bool known = false, reached;

	for (const char *const *p = outcomes; o && *p; p++)
		known = known || !strcmp(o, *p);
	if (!known)
		return sv_error_set(
		        err, SV_EINVAL, "body.outcome", "KV-64",
		        "states the outcome: self_sufficient, goal_reached or not_reached");
	reached = strcmp(o, "not_reached") != 0;
	if (why && strcmp(why, "self_sufficient") && strcmp(why, "step_transition") &&
	    strcmp(why, "completed"))
		reached = false;
	if (!reached && casedocs_blank(next))
		return sv_error_set(
		        err, SV_EINVAL, "body.next_step", "KV-64",
		        "a customer who is not self-sufficient and did not reach the goal "
		        "needs a suitable next step");
	return SV_OK;
}

/* KV-63: the last day a final report can be submitted, or SV_NO_DATE when open. */
static sv_date final_last_day(const struct svc *s, const struct casedocs_case *c, sv_date *end)
{
	const struct rules_param *g;
	sv_date last;

	*end = c->iv.actual_end_on;
	if (*end == SV_NO_DATE && c->iv.planned_end_on != SV_NO_DATE &&
	    s->today > c->iv.planned_end_on)
		*end = c->iv.planned_end_on;
	if (*end == SV_NO_DATE)
		return SV_NO_DATE;
	g = casedocs_param(s, c->iv.code, *end, RULES_P_FINAL_REPORT_GRACE);
	if (!g || !g->value.known || g->value.unit != RULES_CALENDAR_DAYS)
		return SV_NO_DATE;
	last = *end + g->value.n;
	if (g->roll_forward)
		last = casedocs_roll(s, casedocs_country(s, c->iv.code), last);
	return last;
}

/* Everything a submission of d (with the content that will be current) must satisfy. */
static enum sv_rc check_submission(const struct svc *s, const struct casedocs_case *c,
                                   enum lc_doc_kind kind, const struct store_document *d,
                                   const struct store_doc_version *v, struct sv_error *err)
{
	const struct rules_report_template *t = NULL;
	struct flat f = {0};
	json_t *body = NULL;
	enum sv_rc rc = check_intervention(c, kind, "submit", err);
	char a[SV_DATE_STRLEN], b[SV_DATE_STRLEN];

	if (rc)
		return rc;
	if (kind == LC_DOC_MONTHLY_REPORT) {
		sv_date over = date_month_end(d->period);
		rc = check_month(c, d->period, err);
		if (rc)
			return rc;
		if (c->iv.actual_end_on != SV_NO_DATE && c->iv.actual_end_on < over)
			over = c->iv.actual_end_on;
		if (s->today <= over)
			return sv_error_set(
			        err, SV_ESTATE, "period", "KV-32",
			        "cannot submit the monthly report for %.7s before the month "
			        "is over (from %s)",
			        date_format(d->period, a), date_format(over + 1, b));
		t = template_of(s, c, d->period);
		if (!t)
			return sv_error_set(
			        err, SV_EINVAL, "period", "KV-32a",
			        "no report template of the rule packs is valid for this "
			        "month");
	}
	if (kind == LC_DOC_FINAL_REPORT && d->first_submitted_at == 0) {
		sv_date end, last = final_last_day(s, c, &end);
		if (last != SV_NO_DATE && s->today > last)
			return sv_error_set(
			        err, SV_ESTATE, "state", "KV-63",
			        "cannot submit a final report %d days after the intervention "
			        "ended on %s: the last day was %s",
			        (int)(s->today - end), date_format(end, a), date_format(last, b));
	}
	rc = flatten(v, t && t->not_applicable ? t->not_applicable : NOT_APPLICABLE, &f);
	if (!rc)
		rc = check_body(v ? v->body : NULL, &body, err);
	if (rc)
		goto out;
	if (kind == LC_DOC_MONTHLY_REPORT) {
		const char **req = calloc(t->n_sections ? t->n_sections : 1, sizeof(*req));
		if (!req) {
			rc = SV_ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < t->n_sections; i++)
			req[i] = t->sections[i].id;
		rc = lc_report_check_sections(f.v, f.n, req, t->n_sections, NULL, 0, NULL, err);
		free(req);
	} else if (!has_text(&f)) {
		rc = sv_error_set(err, SV_EINVAL, "sections",
		                  kind == LC_DOC_PLAN ? "KV-24" : "KV-60",
		                  "an empty %s cannot be submitted",
		                  kind == LC_DOC_PLAN ? "plan" : "final report");
	}
	if (!rc && kind == LC_DOC_PLAN && !strcmp(c->iv.code, "JP"))
		rc = check_jp_plan(body, err);
	if (!rc && kind == LC_DOC_FINAL_REPORT)
		rc = check_final(c, body, err);
out:
	json_decref(body);
	flat_release(&f);
	return rc;
}

/* ---- Use cases ------------------------------------------------------------------ */

static enum sv_rc reload(const struct svc *s, int64_t id, struct store_document *out,
                         struct sv_error *err)
{
	store_document_release(out);
	return store_doc_get(s->st, s->tenant, id, out, err);
}

static enum sv_rc check_content(const struct documents_content *c, struct sv_error *err)
{
	json_t *body = NULL;
	enum sv_rc rc = check_body(c ? c->body : NULL, &body, err);

	json_decref(body);
	return rc;
}

enum sv_rc documents_save(const struct svc *s, int64_t intervention_id, enum lc_doc_kind kind,
                          sv_date period, const struct documents_content *c,
                          struct store_document *out, struct sv_error *err)
{
	struct documents_content none = {0};
	struct casedocs_case cs;
	struct store_doc_section *secs = NULL;
	struct store_doc_content content = {0};
	const struct rules_report_template *t = NULL;
	struct store_write w = svc_write(s, NULL);
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	if (!c)
		c = &none;
	if ((int)kind < 0 || kind >= LC_DOC_COUNT)
		return sv_error_set(err, SV_EINVAL, "kind", "KV-32", "unknown document kind");
	rc = casedocs_load(s, intervention_id, ACT_DOCUMENT_WRITE, &cs, err);
	if (rc)
		return rc;
	if (kind != LC_DOC_MONTHLY_REPORT)
		period = SV_NO_DATE;
	rc = check_intervention(&cs, kind, "write", err);
	if (!rc && kind == LC_DOC_MONTHLY_REPORT) {
		rc = check_month(&cs, period, err);
		if (!rc) {
			t = template_of(s, &cs, period);
			if (!t)
				rc = sv_error_set(
				        err, SV_EINVAL, "period", "KV-32a",
				        "no report template of the rule packs is valid for "
				        "this month");
		}
	}
	if (!rc)
		rc = check_content(c, err);
	if (!rc)
		rc = to_store_sections(c, t, &secs, err);
	if (rc)
		goto done;
	content.body = c->body;
	content.sections = secs;
	content.nsections = c->nsections;
	rc = store_begin(s->st, err);
	if (rc)
		goto done;
	rc = store_doc_find(s->st, s->tenant, intervention_id, kind_name(kind), period, out, err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		store_document_release(out);
		out->intervention_id = intervention_id;
		out->kind = strdup(kind_name(kind));
		out->period = period;
		rc = out->kind ? store_doc_create(s->st, &w, out, &content, NULL, err) : SV_ENOMEM;
	} else if (!rc) {
		enum lc_doc_state from, to;
		const struct store_doc_version *cur = store_doc_current(out);
		rc = lc_doc_state_parse(out->state, strlen(out->state), &from, "state", err);
		if (!rc)
			rc = lc_doc_next(kind, from, LC_DA_SAVE_DRAFT, NULL, &to, err);
		if (!rc) {
			struct store_doc_change ch = {0};
			struct store_docs_event ev = {.kind = "document.saved"};
			ch.expect_state = out->state;
			ch.expect_version = out->current_version;
			/* A submitted (now returned) version is kept: editing starts the next. */
			ch.new_version = cur && cur->submitted_at != 0;
			ch.content = &content;
			ch.state = lc_doc_state_name(to);
			rc = store_doc_change(s->st, &w, out->id, &ch, &ev, err);
		}
	}
	rc = casedocs_finish(s, 0, rc, err);
	if (!rc)
		rc = reload(s, out->id, out, err);
done:
	free(secs);
	casedocs_case_release(&cs);
	if (rc)
		store_document_release(out);
	return rc;
}

/* Was this plan approved before (so that submitting it now is a revision, KV-31)? */
static bool is_revision(const struct store_document *d)
{
	for (size_t i = 0; i < d->nreviews; i++)
		if (!strcmp(d->reviews[i].decision, "approved") &&
		    d->reviews[i].version < d->current_version)
			return true;
	return false;
}

enum sv_rc documents_submit(const struct svc *s, int64_t id, const struct documents_content *c,
                            struct store_document *out, struct sv_error *err)
{
	struct casedocs_case cs;
	struct store_doc_section *secs = NULL;
	struct store_doc_content content = {0};
	struct store_doc_version pending = {0};
	const struct store_doc_version *cur;
	const struct rules_report_template *t = NULL;
	struct store_write w = svc_write(s, "klarmarkerad");
	struct store_doc_change ch = {0};
	struct store_docs_event ev = {0};
	enum lc_doc_kind kind = LC_DOC_PLAN;
	enum lc_doc_state from, to;
	char key[8];
	bool revision;
	enum sv_rc rc = load_doc(s, id, ACT_DOCUMENT_WRITE, out, &cs, err);

	if (rc)
		return rc;
	if (!kind_of(out->kind, &kind))
		rc = sv_error_set(err, SV_ECORRUPT, "kind", "", "unknown document kind");
	if (!rc)
		rc = lc_doc_state_parse(out->state, strlen(out->state), &from, "state", err);
	if (!rc)
		rc = lc_doc_next(kind, from, LC_DA_SUBMIT, NULL, &to, err);
	if (!rc && c)
		rc = check_content(c, err);
	if (!rc && kind == LC_DOC_MONTHLY_REPORT)
		t = template_of(s, &cs, out->period);
	if (!rc && c)
		rc = to_store_sections(c, t, &secs, err);
	if (rc)
		goto done;
	cur = store_doc_current(out);
	if (c) {
		/* Check what will be stored: the new content as a version. */
		pending.body = (char *)c->body;
		pending.sections = secs;
		pending.nsections = c->nsections;
		content.body = c->body;
		content.sections = secs;
		content.nsections = c->nsections;
		cur = &pending;
	}
	rc = check_submission(s, &cs, kind, out, cur, err);
	if (rc)
		goto done;
	revision = kind == LC_DOC_PLAN && is_revision(out);
	ch.expect_state = out->state;
	ch.expect_version = out->current_version;
	ch.new_version = store_doc_current(out) && store_doc_current(out)->submitted_at != 0;
	ch.content = c ? &content : NULL;
	ch.submit = true;
	ch.state = lc_doc_state_name(to);
	switch (kind) {
	case LC_DOC_PLAN:
		ev.kind = revision ? "plan_revision.submitted" : "plan.submitted";
		break;
	case LC_DOC_MONTHLY_REPORT:
		month_key(out->period, key);
		ev.key = key;
		ev.kind = out->first_submitted_at ? "monthly_report.resubmitted"
		                                  : "monthly_report.submitted";
		break;
	default:
		ev.kind = "final_report.submitted";
		break;
	}
	rc = store_begin(s->st, err);
	if (rc)
		goto done;
	rc = store_doc_change(s->st, &w, id, &ch, &ev, err);
	/* A revised plan is also a plan to approve within five working days (KV-25). */
	if (!rc && revision)
		rc = obligations_event(s, cs.iv.customer_id, cs.iv.id, "plan.submitted", NULL,
		                       SV_NO_DATE, "revised plan", err);
	rc = casedocs_finish(s, cs.iv.id, rc, err);
	if (!rc)
		rc = reload(s, id, out, err);
done:
	free(secs);
	casedocs_case_release(&cs);
	if (rc)
		store_document_release(out);
	return rc;
}

enum sv_rc documents_review(const struct svc *s, int64_t id, enum lc_doc_action action,
                            const char *comment, struct store_document *out, struct sv_error *err)
{
	struct casedocs_case cs;
	struct store_write w = svc_write(s, action == LC_DA_RETURN ? "återremitterad" : "godkänd");
	struct store_doc_change ch = {0};
	struct store_docs_event ev = {0};
	enum lc_doc_kind kind = LC_DOC_PLAN;
	enum lc_doc_state from, to;
	char key[8];
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	if (action != LC_DA_APPROVE && action != LC_DA_RETURN)
		return sv_error_set(err, SV_EINVAL, "action", "KV-25",
		                    "a review approves or returns");
	rc = load_doc(s, id, ACT_DOCUMENT_REVIEW, out, &cs, err);
	if (rc)
		return rc;
	if (!kind_of(out->kind, &kind))
		rc = sv_error_set(err, SV_ECORRUPT, "kind", "", "unknown document kind");
	if (!rc)
		rc = lc_doc_state_parse(out->state, strlen(out->state), &from, "state", err);
	if (!rc)
		rc = lc_doc_next(kind, from, action, comment, &to, err);
	if (rc)
		goto done;
	ch.expect_state = out->state;
	ch.expect_version = out->current_version;
	ch.review = action == LC_DA_APPROVE ? "approved" : "returned";
	ch.comment = action == LC_DA_RETURN ? comment : NULL;
	ch.state = lc_doc_state_name(to);
	switch (kind) {
	case LC_DOC_PLAN:
		ev.kind = action == LC_DA_APPROVE ? "plan.approved" : "plan.returned";
		break;
	case LC_DOC_MONTHLY_REPORT:
		month_key(out->period, key);
		ev.key = key;
		ev.kind = action == LC_DA_APPROVE ? "monthly_report.approved"
		                                  : "monthly_report.returned";
		break;
	default:
		ev.kind =
		        action == LC_DA_APPROVE ? "final_report.approved" : "final_report.returned";
		break;
	}
	rc = store_begin(s->st, err);
	if (rc)
		goto done;
	rc = store_doc_change(s->st, &w, id, &ch, &ev, err);
	rc = casedocs_finish(s, cs.iv.id, rc, err);
	if (!rc)
		rc = reload(s, id, out, err);
done:
	casedocs_case_release(&cs);
	if (rc)
		store_document_release(out);
	return rc;
}

enum sv_rc documents_revise(const struct svc *s, int64_t id, const struct documents_content *c,
                            struct store_document *out, struct sv_error *err)
{
	struct casedocs_case cs;
	struct store_doc_section *secs = NULL;
	struct store_doc_content content = {0};
	struct store_write w = svc_write(s, "revision");
	struct store_doc_change ch = {0};
	struct store_docs_event ev = {.kind = "plan.revision_started"};
	enum lc_doc_kind kind = LC_DOC_PLAN;
	enum lc_doc_state from, to;
	enum sv_rc rc = load_doc(s, id, ACT_DOCUMENT_WRITE, out, &cs, err);

	if (rc)
		return rc;
	if (!kind_of(out->kind, &kind))
		rc = sv_error_set(err, SV_ECORRUPT, "kind", "", "unknown document kind");
	if (!rc)
		rc = lc_doc_state_parse(out->state, strlen(out->state), &from, "state", err);
	if (!rc)
		rc = lc_doc_next(kind, from, LC_DA_REVISE, NULL, &to, err);
	if (!rc)
		rc = check_intervention(&cs, kind, "revise", err);
	if (!rc && c)
		rc = check_content(c, err);
	if (!rc && c)
		rc = to_store_sections(c, NULL, &secs, err);
	if (rc)
		goto done;
	if (c) {
		content.body = c->body;
		content.sections = secs;
		content.nsections = c->nsections;
	}
	ch.expect_state = out->state;
	ch.expect_version = out->current_version;
	ch.new_version = true;
	ch.content = c ? &content : NULL;
	ch.state = lc_doc_state_name(to);
	rc = store_begin(s->st, err);
	if (rc)
		goto done;
	rc = store_doc_change(s->st, &w, id, &ch, &ev, err);
	rc = casedocs_finish(s, 0, rc, err);
	if (!rc)
		rc = reload(s, id, out, err);
done:
	free(secs);
	casedocs_case_release(&cs);
	if (rc)
		store_document_release(out);
	return rc;
}

enum sv_rc documents_get(const struct svc *s, int64_t id, struct store_document *out,
                         struct sv_error *err)
{
	struct casedocs_case cs;
	char what[48];
	enum sv_rc rc = load_doc(s, id, ACT_DOCUMENT_READ, out, &cs, err);

	if (rc)
		return rc;
	snprintf(what, sizeof(what), "document:%" PRId64, id);
	rc = casedocs_log_read(s, cs.iv.customer_id, what, err);
	casedocs_case_release(&cs);
	if (rc)
		store_document_release(out);
	return rc;
}

enum sv_rc documents_list(const struct svc *s, int64_t intervention_id, const char *kind,
                          struct store_page page, struct store_document_list *out,
                          struct sv_error *err)
{
	struct casedocs_case cs;
	enum lc_doc_kind k;
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	if (kind && !kind_of(kind, &k))
		return sv_error_set(err, SV_EINVAL, "kind", "KV-32",
		                    "not a document kind: plan, monthly_report, final_report");
	rc = casedocs_load(s, intervention_id, ACT_DOCUMENT_READ, &cs, err);
	if (!rc)
		rc = store_doc_list(s->st, s->tenant, intervention_id, kind, page, out, err);
	if (!rc)
		rc = casedocs_log_read(s, cs.iv.customer_id, "documents", err);
	casedocs_case_release(&cs);
	if (rc)
		store_document_list_release(out);
	return rc;
}
