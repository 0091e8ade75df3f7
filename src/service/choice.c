/* The customer's choice of provider (see choice.h). */
#include "service/choice.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "service/casework.h"
#include "service/obligations.h"
#include "stegvis/rules.h"

void choice_rotation_release(struct choice_rotation *r)
{
	store_provider_list_release(&r->providers);
	free(r->list);
	memset(r, 0, sizeof(*r));
}

/* The rotation item valid on day: a pack that defines the scheme first, then any. */
static const struct rules_rotation *rotation_item(const struct svc *s, const char *scheme,
                                                  sv_date day)
{
	const struct rules_rotation *any = NULL;

	if (!s->rules)
		return NULL;
	for (size_t i = 0; i < s->rules->set.n; i++) {
		const struct rules_pack *p = s->rules->set.packs[i];
		const struct rules_rotation *r = rules_rotation_find(p, day);
		if (!r)
			continue;
		if (rules_scheme_find(p, scheme, day))
			return r;
		if (!any)
			any = r;
	}
	return any;
}

enum sv_rc choice_rotation_load(const struct svc *s, const char *scheme, sv_date day,
                                struct choice_rotation *out, struct sv_error *err)
{
	const struct rules_rotation *item;
	struct store_page page = {0, STORE_PAGE_MAX};
	enum sv_rc rc = SV_OK;

	memset(out, 0, sizeof(*out));
	if (!scheme || !store_scheme_valid(scheme))
		return sv_error_set(err, SV_EINVAL, "scheme", "KV-1",
		                    "a scheme is FAI, AMI, ISA or JOBBPENG");
	item = rotation_item(s, scheme, day);
	if (!item || item->period.unit != RULES_CALENDAR_DAYS || !item->period.known)
		return sv_error_set(err, SV_ENOTFOUND, "scheme", "KV-12",
		                    "no rule pack gives a default rotation on this date");
	out->anchor = item->anchor;
	out->period_days = item->period.n;
	out->rule = item->m.rule;
	/* Every provider authorised for the scheme, all pages. */
	do {
		struct store_provider_list l = {0};
		rc = store_provider_list(s->st, s->tenant, scheme, page, &l, err);
		if (rc)
			break;
		if (l.n) {
			struct store_provider *v =
			        realloc(out->providers.v, (out->providers.n + l.n) * sizeof(*v));
			if (!v) {
				store_provider_list_release(&l);
				rc = SV_ENOMEM;
				break;
			}
			memcpy(v + out->providers.n, l.v, l.n * sizeof(*v));
			out->providers.v = v;
			out->providers.n += l.n;
		}
		page.after = l.next;
		free(l.v); /* the elements moved into out */
	} while (page.after);
	if (rc)
		goto fail;
	out->list = calloc(out->providers.n ? out->providers.n : 1, sizeof(*out->list));
	if (!out->list) {
		rc = SV_ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < out->providers.n; i++) {
		const struct store_provider *p = &out->providers.v[i];
		struct rotation_provider rp = {p->id, SV_NO_DATE, ROTATION_OPEN_END};
		bool open = false;
		sv_date last = SV_NO_DATE;
		for (size_t k = 0; k < p->nauths; k++) {
			const struct store_authorisation *a = &p->auths[k];
			if (strcmp(a->scheme, scheme))
				continue;
			/* KV-12: the list is ordered by the (first) authorisation date;
			 * the latest end of the scheme's authorisations ends it. */
			if (rp.authorised_from == SV_NO_DATE || a->from < rp.authorised_from)
				rp.authorised_from = a->from;
			if (a->to == SV_NO_DATE)
				open = true;
			else if (last == SV_NO_DATE || a->to > last)
				last = a->to;
		}
		rp.authorised_to = open || last == SV_NO_DATE ? ROTATION_OPEN_END : last;
		if (rp.authorised_from != SV_NO_DATE)
			out->list[out->n++] = rp;
	}
	rotation_sort(out->list, out->n);
	return SV_OK;
fail:
	choice_rotation_release(out);
	return rc;
}

const char *choice_provider_name(const struct choice_rotation *r, int64_t id)
{
	for (size_t i = 0; i < r->providers.n; i++)
		if (r->providers.v[i].id == id)
			return r->providers.v[i].name ? r->providers.v[i].name : "";
	return "";
}

enum sv_rc choice_default(const struct svc *s, const char *scheme, sv_date day,
                          struct rotation_period *out, struct sv_error *err)
{
	struct choice_rotation r;
	enum sv_rc rc = choice_rotation_load(s, scheme, day, &r, err);

	if (rc)
		return rc;
	if (day < r.anchor)
		rc = sv_error_set(err, SV_ENOTFOUND, "day", "KV-13",
		                  "the default rotation starts on its anchor date");
	else
		rc = rotation_default_on(r.list, r.n, r.anchor, r.period_days, day, out, err);
	choice_rotation_release(&r);
	return rc;
}

static bool authorised_on(const struct store_provider *p, const char *scheme, sv_date day)
{
	for (size_t k = 0; k < p->nauths; k++) {
		const struct store_authorisation *a = &p->auths[k];
		if (!strcmp(a->scheme, scheme) && a->from <= day &&
		    (a->to == SV_NO_DATE || day <= a->to))
			return true;
	}
	return false;
}

enum sv_rc choice_check_authorised(const struct svc *s, int64_t provider_id, const char *scheme,
                                   sv_date day, struct sv_error *err)
{
	struct store_provider p = {0};
	enum sv_rc rc = store_provider_get(s->st, s->tenant, provider_id, &p, err);

	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		return sv_error_set(err, SV_EINVAL, "provider_id", "X-5", "no such provider");
	}
	if (!rc && !authorised_on(&p, scheme, day))
		rc = sv_error_set(err, SV_EINVAL, "provider_id", "KV-11",
		                  "the provider is not authorised for %s on this date", scheme);
	store_provider_release(&p);
	return rc;
}

void choice_comparison_release(struct choice_comparison *c)
{
	choice_rotation_release(&c->rot);
	free(c->authorised);
	memset(c, 0, sizeof(*c));
}

enum sv_rc choice_comparison(const struct svc *s, const char *scheme, sv_date day,
                             struct choice_comparison *out, struct sv_error *err)
{
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = choice_rotation_load(s, scheme, day, &out->rot, err);
	if (rc)
		return rc;
	out->authorised = calloc(out->rot.n ? out->rot.n : 1, sizeof(*out->authorised));
	if (!out->authorised) {
		choice_comparison_release(out);
		return SV_ENOMEM;
	}
	for (size_t i = 0; i < out->rot.n; i++)
		for (size_t k = 0; k < out->rot.providers.n; k++) {
			const struct store_provider *p = &out->rot.providers.v[k];
			if (p->id == out->rot.list[i].id && authorised_on(p, scheme, day))
				out->authorised[out->n++] = p;
		}
	if (day >= out->rot.anchor) {
		struct sv_error e2 = SV_ERROR_INIT;
		out->has_default =
		        !rotation_default_on(out->rot.list, out->rot.n, out->rot.anchor,
		                             out->rot.period_days, day, &out->period, &e2);
	}
	return SV_OK;
}

static enum sv_rc record(const struct svc *s, struct store_case *c, int64_t provider_id,
                         bool use_default, struct sv_error *err)
{
	const char *scheme = store_intervention_scheme(c->iv.code);
	bool substitute = false;
	enum sv_rc rc;
	char *payload;

	if (strcmp(c->iv.state, "granted"))
		return sv_error_set(
		        err, SV_ESTATE, "state", "KV-11",
		        "cannot record a choice for an intervention that is %s; a change "
		        "of provider is a switch (KV-14)",
		        c->iv.state);
	if (use_default == (provider_id != 0))
		return sv_error_set(err, SV_EINVAL, "provider_id", "KV-13",
		                    "give either a provider or default: true");
	if (use_default) {
		struct rotation_period p;
		rc = choice_default(s, scheme, s->today, &p, err);
		if (rc)
			return rc;
		provider_id = p.provider_id;
		substitute = p.substitute;
	}
	rc = choice_check_authorised(s, provider_id, scheme, s->today, err);
	if (rc)
		return rc;
	c->iv.provider_id = provider_id;
	c->default_choice = use_default;
	payload =
	        casework_payload(s, c->iv.id,
	                         json_pack("{s:I,s:b,s:b}", "provider_id", (json_int_t)provider_id,
	                                   "default", use_default, "substitute", substitute));
	rc = casework_save(s, c, "choice.recorded", payload, err);
	free(payload);
	return rc;
}

enum sv_rc choice_record(const struct svc *s, int64_t intervention_id, int64_t provider_id,
                         bool use_default, struct sv_error *err)
{
	struct store_case c = {0};
	enum sv_rc rc;

	if (svc_scope(s, ACT_CASE_DECIDE) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	rc = store_begin(s->st, err);
	if (rc)
		return rc;
	rc = casework_load(s, intervention_id, ACT_CASE_DECIDE, NULL, &c, err);
	if (!rc)
		rc = record(s, &c, provider_id, use_default, err);
	if (!rc)
		rc = store_commit(s->st, err);
	else
		store_rollback(s->st);
	store_case_release(&c);
	return rc;
}
