/* Shared parts of the document, absence, message and meeting use cases (see casedocs.h). */
#include "service/casedocs.h"

#include <ctype.h>
#include <string.h>

#include "service/obligations.h"
#include "stegvis/ics.h"
#include "stegvis/lifecycle.h"

void casedocs_case_release(struct casedocs_case *c)
{
	store_intervention_release(&c->iv);
	c->staff_user_id = 0;
}

enum sv_rc casedocs_allowed(const struct svc *s, enum authz_action a, struct sv_error *err)
{
	if (svc_scope(s, a) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	return SV_OK;
}

bool casedocs_visible(const struct svc *s, enum authz_action a, int64_t provider_id,
                      int64_t unit_id, int64_t counsellor_id)
{
	switch (svc_scope(s, a)) {
	case SCOPE_ALL:
		return true;
	case SCOPE_PROVIDER:
		return s->who->provider_id && provider_id == s->who->provider_id;
	case SCOPE_UNIT:
		return s->who->unit_id && unit_id == s->who->unit_id;
	case SCOPE_OWN:
		return counsellor_id == s->who->user_id;
	case SCOPE_NONE:
		break;
	}
	return false;
}

enum sv_rc casedocs_load(const struct svc *s, int64_t intervention_id, enum authz_action a,
                         struct casedocs_case *out, struct sv_error *err)
{
	struct store_docs_case dc;
	enum sv_rc rc = casedocs_allowed(s, a, err);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	rc = store_docs_case_get(s->st, s->tenant, intervention_id, &dc, err);
	if (!rc && !casedocs_visible(s, a, dc.provider_id, dc.unit_id, dc.counsellor_id))
		rc = SV_ENOTFOUND;
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		return sv_error_set(err, SV_ENOTFOUND, "intervention_id", "X-3",
		                    "no such intervention");
	}
	if (!rc)
		rc = store_intervention_get(s->st, s->tenant, intervention_id, &out->iv, err);
	if (!rc) {
		out->staff_user_id = dc.staff_user_id;
		out->end_cause = lc_end_reason_display(dc.end_cause[0] ? dc.end_cause : NULL,
		                                       out->iv.end_reason);
	}
	return rc;
}

enum sv_rc casedocs_log_read(const struct svc *s, int64_t customer_id, const char *what,
                             struct sv_error *err)
{
	if (!s->who || !customer_id)
		return SV_OK;
	if (s->log_access)
		return s->log_access(s->log_ctx, s, customer_id, "case_work", what, err);
	return store_access_log(s->st, s->tenant, s->who->user_id, customer_id, s->now, "case_work",
	                        what, err);
}

/* Does pack p define intervention code on any date? */
static bool defines(const struct rules_pack *p, const char *code)
{
	for (size_t i = 0; i < p->n_interventions; i++)
		if (!strcmp(p->interventions[i].code, code))
			return true;
	return false;
}

/* Pack i of the rulebook when it defines code (any pack when code is NULL). */
static const struct rules_pack *pack_at(const struct svc *s, size_t i, const char *code)
{
	const struct rules_pack *p = s->rules->set.packs[i];
	return p && (!code || defines(p, code)) ? p : NULL;
}

static size_t npacks(const struct svc *s)
{
	return s->rules ? s->rules->set.n : 0;
}

const struct rules_report_template *casedocs_template(const struct svc *s, const char *code,
                                                      sv_date on)
{
	const char *scheme = store_intervention_scheme(code);

	for (size_t i = 0; scheme && i < npacks(s); i++) {
		const struct rules_pack *p = pack_at(s, i, code);
		const struct rules_report_template *t =
		        p ? rules_report_template_find(p, scheme, on) : NULL;
		if (t)
			return t;
	}
	return NULL;
}

const struct rules_param *casedocs_param(const struct svc *s, const char *code, sv_date on,
                                         enum rules_param_id id)
{
	for (size_t i = 0; i < npacks(s); i++) {
		const struct rules_pack *p = pack_at(s, i, code);
		const struct rules_param *r = p ? rules_param_find(p, id, on) : NULL;
		if (r)
			return r;
	}
	return NULL;
}

const struct rules_deadline *casedocs_deadline_from(const struct svc *s, const char *code,
                                                    const char *from_event, sv_date on)
{
	for (size_t i = 0; i < npacks(s); i++) {
		const struct rules_pack *p = pack_at(s, i, code);
		for (size_t k = 0; p && k < p->n_deadlines; k++) {
			const struct rules_deadline *d = &p->deadlines[k];
			if (d->from && !strcmp(d->from, from_event) &&
			    rules_valid_on(&d->m.valid, on))
				return d;
		}
	}
	return NULL;
}

size_t casedocs_referrals(const struct svc *s, sv_date on, const struct rules_referral **out,
                          size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < npacks(s); i++) {
		const struct rules_pack *p = pack_at(s, i, NULL);
		for (size_t k = 0; p && k < p->n_referrals; k++)
			if (rules_valid_on(&p->referrals[k].m.valid, on) && n < max)
				out[n++] = &p->referrals[k];
	}
	return n;
}

enum cal_country casedocs_country(const struct svc *s, const char *code)
{
	for (size_t i = 0; code && i < npacks(s); i++) {
		const struct rules_pack *p = pack_at(s, i, code);
		enum cal_country c;
		if (p && p->country &&
		    !cal_country_parse(p->country, strlen(p->country), &c, "country", NULL))
			return c;
	}
	return CAL_SE;
}

sv_date casedocs_roll(const struct svc *s, enum cal_country c, sv_date d)
{
	const struct cal *cal = s->rules ? rulebook_cal(s->rules, c) : NULL;
	sv_date out = d;

	if (cal && cal->bits) {
		/* At most a couple of weeks of holidays in a row (jul, påsk). */
		for (int i = 0; i < 30 && !cal_working(cal, out); i++)
			out++;
		return out;
	}
	if (cal_roll_forward(c, d, &out, "date", NULL))
		return d;
	return out;
}

sv_date casedocs_date_of(const struct svc *s, const char *code, sv_time t)
{
	struct ics_civil c;
	enum cal_country country = casedocs_country(s, code);

	ics_to_civil(country == CAL_DK ? ICS_COPENHAGEN : ICS_STOCKHOLM, t, &c);
	return c.date;
}

enum sv_rc casedocs_finish(const struct svc *s, int64_t intervention_id, enum sv_rc rc,
                           struct sv_error *err)
{
	if (!rc && intervention_id)
		rc = obligations_recompute(s, intervention_id, err);
	if (!rc)
		rc = store_commit(s->st, err);
	if (rc)
		store_rollback(s->st);
	return rc;
}

bool casedocs_blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}
