/* The counsellor's decision: assessment, eligibility, grant (see decision.h). */
#include "service/decision.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "service/casework.h"
#include "service/customers.h"
#include "service/obligations.h"
#include "stegvis/personid.h"
#include "stegvis/store_case.h"

/* ---- Explaining a condition ------------------------------------------------------ */

struct why {
	char *buf;
	size_t size, len;
};

static void why_add(struct why *w, const char *fmt, ...) SV_PRINTF(2, 3);
static void why_add(struct why *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (w->len + 1 >= w->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(w->buf + w->len, w->size - w->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		w->len = w->len + (size_t)n < w->size ? w->len + (size_t)n : w->size - 1;
}

/*
 * Evaluate c on f and say why it holds (want true) or fails: the reasons of
 * the parts that decide it, joined by "; ".
 */
static bool explain(const struct rules_cond *c, const struct rules_facts *f, struct why *w)
{
	bool v = rules_cond_eval(c, f);
	size_t mark;

	switch (c->kind) {
	case RULES_COND_FACT:
		why_add(w, v ? "%s is recorded" : "%s is not recorded",
		        rules_fact_name((enum rules_fact)c->fact));
		break;
	case RULES_COND_RANGE: {
		const char *name = rules_num_name((enum rules_num)c->fact);
		char lim[48];
		if (c->has_min && c->has_max)
			snprintf(lim, sizeof(lim), "%d-%d", (int)c->min, (int)c->max);
		else if (c->has_min)
			snprintf(lim, sizeof(lim), "%d or more", (int)c->min);
		else
			snprintf(lim, sizeof(lim), "%d or less", (int)c->max);
		if (!f->has_num[c->fact])
			why_add(w, "%s is unknown (the rule asks %s)", name, lim);
		else
			why_add(w, "%s %d is %s %s", name, (int)f->num[c->fact],
			        v ? "within" : "outside", lim);
		break;
	}
	case RULES_COND_NOT:
		why_add(w, "not (");
		explain(c->sub, f, w);
		why_add(w, ")");
		break;
	case RULES_COND_ALL:
	case RULES_COND_ANY:
		mark = w->len;
		for (size_t i = 0; i < c->n; i++) {
			bool sv = rules_cond_eval(&c->sub[i], f);
			/* A failing ALL is explained by its failing parts, a holding ANY
			 * by its holding ones; otherwise every part tells. */
			bool tells =
			        c->kind == RULES_COND_ALL ? (!v ? !sv : true) : (v ? sv : true);
			if (!tells)
				continue;
			if (w->len > mark)
				why_add(w, c->kind == RULES_COND_ANY && !v ? " and " : "; ");
			explain(&c->sub[i], f, w);
		}
		break;
	}
	return v;
}

/* ---- Eligibility ------------------------------------------------------------------------- */

static int customer_age(const struct store_customer *c, sv_date on)
{
	sv_date birth = c->birth_date;

	if (birth == SV_NO_DATE && c->person_id) {
		struct personid p;
		size_t len = strlen(c->person_id);
		if (!personid_parse_se(c->person_id, len, on, &p, "person_id", NULL) ||
		    !personid_parse_dk(c->person_id, len, on, &p, "person_id", NULL))
			birth = p.birth_date;
	}
	return birth == SV_NO_DATE ? -1 : personid_age_on(birth, on);
}

static void facts_of(const struct store_customer *c, sv_date on, int age, struct rules_facts *f)
{
	rules_facts_init(f);
	for (size_t i = 0; i < c->nfacts; i++) {
		const struct store_fact *x = &c->facts[i];
		if (x->from > on || (x->to != SV_NO_DATE && x->to < on))
			continue;
		/* Facts outside the vocabulary are ignored: conditions cannot name them. */
		if (rules_facts_set(f, x->fact, true, NULL))
			continue;
	}
	if (age >= 0)
		rules_facts_set_num(f, RULES_N_AGE, age);
}

static enum sv_rc eligibility_of(const struct svc *s, const struct store_customer *c,
                                 const char *code, sv_date on, struct decision_eligibility *out,
                                 struct sv_error *err)
{
	const struct rules_pack *packs[8];
	size_t np = obligations_packs(s, code, packs, 8);
	const struct rules_intervention *iv = NULL;
	struct rules_facts f;
	struct why sum;

	memset(out, 0, sizeof(*out));
	snprintf(out->code, sizeof(out->code), "%s", code ? code : "");
	out->on = on;
	for (size_t i = 0; i < np && !iv; i++)
		iv = rules_intervention_find(packs[i], code, on);
	if (!iv) {
		char d[SV_DATE_STRLEN];
		return sv_error_set(err, SV_EINVAL, "code", "KV-1",
		                    "no rule pack defines the intervention %s on %s",
		                    code ? code : "", date_format(on, d));
	}
	out->scheme = iv->scheme;
	out->age = customer_age(c, on);
	facts_of(c, on, out->age, &f);
	for (size_t i = 0; i < np; i++) {
		if (!rules_intervention_find(packs[i], code, on))
			continue;
		for (size_t k = 0; k < packs[i]->n_target_groups; k++) {
			const struct rules_target_group *g = &packs[i]->target_groups[k];
			struct decision_group *dg;
			struct rules_tg_result r;
			struct why w;
			if (!rules_valid_on(&g->m.valid, on) ||
			    out->n_groups == DECISION_MAX_GROUPS)
				continue;
			dg = &out->groups[out->n_groups++];
			dg->id = g->id;
			dg->name = g->name;
			dg->rule = g->m.rule;
			dg->gate = g->gate;
			w = (struct why){dg->reason, sizeof(dg->reason), 0};
			explain(&g->when, &f, &w);
			rules_target_group_eval(g, &f, &r);
			dg->match = r.match;
			for (size_t j = 0; j < r.n_warnings; j++)
				dg->warnings[dg->n_warnings++] = r.warnings[j]->message;
			out->gated = out->gated || g->gate;
			out->primary = out->primary || r.match;
			if (r.match && g->gate)
				out->eligible = true;
		}
		break; /* the newest pack that defines the code holds its groups */
	}
	if (!out->gated)
		out->eligible = true;
	sum = (struct why){out->summary, sizeof(out->summary), 0};
	if (out->gated)
		why_add(&sum,
		        out->eligible ? "target group: yes, because " : "not in a target group: ");
	else
		why_add(&sum, out->primary ? "primary target group: yes, because "
		                           : "primary target group: no, because ");
	{
		bool first = true;
		for (size_t i = 0; i < out->n_groups; i++) {
			const struct decision_group *g = &out->groups[i];
			if (g->match != out->primary)
				continue;
			why_add(&sum, "%s%s (%s)", first ? "" : "; ", g->name ? g->name : g->id,
			        g->reason);
			first = false;
		}
		if (first)
			why_add(&sum, "the rule pack has no target group for %s", code);
	}
	return SV_OK;
}

enum sv_rc decision_eligibility(const struct svc *s, int64_t customer_id, const char *code,
                                sv_date on, struct decision_eligibility *out, struct sv_error *err)
{
	struct store_customer c = {0};
	enum sv_rc rc;

	if (on == SV_NO_DATE)
		on = s->today;
	rc = customers_get(s, customer_id, ACT_CASE_READ, "case_work", "eligibility", &c, err);
	if (!rc)
		rc = eligibility_of(s, &c, code, on, out, err);
	store_customer_release(&c);
	return rc;
}

/* ---- Assessment and grant ------------------------------------------------------------------ */

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

static enum sv_rc assess(const struct svc *s, int64_t customer_id, const char *assessment,
                         const char *future_plan, int64_t *id, struct sv_error *err)
{
	struct store_write w = svc_write(s, NULL);
	struct store_assessment a = {0};
	enum sv_rc rc;

	if (blank(assessment))
		return sv_error_set(err, SV_EINVAL, "assessment", "KV-10",
		                    "the counsellor's assessment is required");
	if (blank(future_plan))
		return sv_error_set(err, SV_EINVAL, "future_plan", "KV-10",
		                    "the future plan is required");
	a.customer_id = customer_id;
	a.made_on = s->today;
	a.assessment = (char *)assessment;
	a.future_plan = (char *)future_plan;
	rc = store_assessment_add(s->st, &w, &a, err);
	if (!rc)
		*id = a.id;
	return rc;
}

enum sv_rc decision_assess(const struct svc *s, int64_t customer_id, const char *assessment,
                           const char *future_plan, int64_t *assessment_id, struct sv_error *err)
{
	struct store_customer c = {0};
	enum sv_rc rc = customers_get(s, customer_id, ACT_CASE_DECIDE, NULL, NULL, &c, err);

	store_customer_release(&c);
	if (!rc)
		rc = assess(s, customer_id, assessment, future_plan, assessment_id, err);
	return rc;
}

static enum sv_rc grant(const struct svc *s, const struct store_customer *cu,
                        const struct decision_grant *g, int64_t *id,
                        struct decision_eligibility *el, struct sv_error *err)
{
	struct store_write w = svc_write(s, NULL);
	struct store_intervention iv = {0};
	struct store_case c = {0};
	const char *group = NULL;
	int64_t assessment_id = g->assessment_id;
	enum sv_rc rc;

	if (!g->code || !store_intervention_scheme(g->code))
		return sv_error_set(err, SV_EINVAL, "code", "KV-1",
		                    "an intervention is FAI1, FAI2, AMI1, AMI2, ISA1, ISA2 or JP");
	rc = eligibility_of(s, cu, g->code, s->today, el, err);
	if (rc)
		return rc;
	if (!el->eligible)
		return sv_error_set(err, SV_EINVAL, "code", "KV-2", "%s", el->summary);
	if (g->target_group) {
		for (size_t i = 0; i < el->n_groups && !group; i++)
			if (!strcmp(el->groups[i].id, g->target_group))
				group = el->groups[i].match ? el->groups[i].id : "";
		if (!group || !*group)
			return sv_error_set(
			        err, SV_EINVAL, "target_group", el->gated ? "KV-2" : "JP-1",
			        "the customer is not in the target group %s", g->target_group);
	} else {
		for (size_t i = 0; i < el->n_groups && !group; i++)
			if (el->groups[i].match)
				group = el->groups[i].id;
	}
	if (!el->primary && blank(g->outside_target_reason))
		return sv_error_set(err, SV_EINVAL, "outside_target_reason", "JP-1",
		                    "%s; a decision outside the primary target groups records its "
		                    "reason",
		                    el->summary);
	if (assessment_id) {
		struct store_assessment a = {0};
		rc = store_assessment_get(s->st, s->tenant, assessment_id, &a, err);
		if (rc == SV_ENOTFOUND || (!rc && a.customer_id != cu->id)) {
			sv_error_clear(err);
			rc = sv_error_set(err, SV_EINVAL, "assessment_id", "KV-10",
			                  "no such assessment of this customer");
		}
		store_assessment_release(&a);
		if (rc)
			return rc;
	} else if (g->assessment || g->future_plan) {
		rc = assess(s, cu->id, g->assessment, g->future_plan, &assessment_id, err);
		if (rc)
			return rc;
	}
	iv.customer_id = cu->id;
	iv.code = (char *)g->code;
	iv.unit_id = cu->unit_id;
	iv.counsellor_id = cu->counsellor_id                           ? cu->counsellor_id
	                   : s->who && s->who->role == ROLE_COUNSELLOR ? s->who->user_id
	                                                               : 0;
	iv.decided_on = s->today;
	iv.start_on = iv.planned_end_on = iv.actual_end_on = SV_NO_DATE;
	iv.state = "granted";
	rc = store_intervention_create(s->st, &w, &iv, err);
	if (!rc)
		rc = store_case_get(s->st, s->tenant, iv.id, &c, err);
	if (!rc && g->start_on != SV_NO_DATE) {
		/* A planned start: the assignment confirms it (KV-24). */
		if (g->start_on < s->today)
			rc = sv_error_set(err, SV_EINVAL, "start_on", "KV-24",
			                  "a planned start is not before the decision");
		else
			rc = casework_planned_end(s, g->code, g->start_on, 0, &c.iv.planned_end_on,
			                          err);
		if (!rc)
			c.iv.start_on = g->start_on;
	}
	if (!rc) {
		c.assessment_id = assessment_id;
		c.extent_percent = 100;
		if (group && !(c.target_group = strdup(group)))
			rc = SV_ENOMEM;
		if (!rc && !el->primary &&
		    !(c.outside_target_reason = strdup(g->outside_target_reason)))
			rc = SV_ENOMEM;
		if (!rc && g->future_plan && !(c.future_plan = strdup(g->future_plan)))
			rc = SV_ENOMEM;
	}
	if (!rc) {
		char *payload = casework_payload(
		        s, iv.id,
		        json_pack("{s:s,s:s?,s:b,s:b,s:I}", "code", g->code, "target_group", group,
		                  "primary", el->primary, "eligible", el->eligible, "assessment_id",
		                  (json_int_t)assessment_id));
		rc = casework_save(s, &c, "decision.made", payload, err);
		free(payload);
	}
	if (!rc)
		*id = iv.id;
	store_case_release(&c);
	return rc;
}

enum sv_rc decision_grant(const struct svc *s, int64_t customer_id, const struct decision_grant *g,
                          int64_t *id, struct decision_eligibility *elig, struct sv_error *err)
{
	struct decision_eligibility local;
	struct store_customer c = {0};
	enum sv_rc rc;

	*id = 0;
	if (!elig)
		elig = &local;
	memset(elig, 0, sizeof(*elig));
	rc = customers_get(s, customer_id, ACT_CASE_DECIDE, NULL, NULL, &c, err);
	if (rc)
		goto out;
	rc = store_begin(s->st, err);
	if (rc)
		goto out;
	rc = grant(s, &c, g, id, elig, err);
	if (!rc)
		rc = store_commit(s->st, err);
	else
		store_rollback(s->st);
out:
	store_customer_release(&c);
	return rc;
}
