/*
 * rules_cond.c - facts and the evaluation of target-group conditions. The
 * closed form (all, any, not, named facts, inclusive ranges) is parsed by
 * rules.c; evaluation is a plain recursive walk, never a script.
 */
#include "core/rules_internal.h"

#include <string.h>

void rules_facts_init(struct rules_facts *f)
{
	memset(f, 0, sizeof(*f));
}

enum sv_rc rules_facts_set(struct rules_facts *f, const char *name, bool value,
                           struct sv_error *err)
{
	int i = rules_fact_by_name(name);

	if (i < 0)
		return sv_error_set(err, SV_EINVAL, name ? name : "", "X-4", "unknown fact '%s'",
		                    name ? name : "(null)");
	f->is[i] = value;
	return SV_OK;
}

void rules_facts_set_num(struct rules_facts *f, enum rules_num n, int32_t value)
{
	if ((unsigned)n >= RULES_NUM_COUNT_)
		return;
	f->num[n] = value;
	f->has_num[n] = true;
}

bool rules_cond_eval(const struct rules_cond *c, const struct rules_facts *f)
{
	switch (c->kind) {
	case RULES_COND_ALL:
		for (size_t i = 0; i < c->n; i++)
			if (!rules_cond_eval(&c->sub[i], f))
				return false;
		return true;
	case RULES_COND_ANY:
		for (size_t i = 0; i < c->n; i++)
			if (rules_cond_eval(&c->sub[i], f))
				return true;
		return false;
	case RULES_COND_NOT:
		return c->n == 1 && !rules_cond_eval(&c->sub[0], f);
	case RULES_COND_FACT:
		return c->fact >= 0 && c->fact < RULES_FACT_COUNT_ && f->is[c->fact];
	case RULES_COND_RANGE:
		if (c->fact < 0 || c->fact >= RULES_NUM_COUNT_ || !f->has_num[c->fact])
			return false;
		/* CAL-6: limits are inclusive. */
		if (c->has_min && f->num[c->fact] < c->min)
			return false;
		if (c->has_max && f->num[c->fact] > c->max)
			return false;
		return true;
	}
	return false;
}

void rules_target_group_eval(const struct rules_target_group *g, const struct rules_facts *f,
                             struct rules_tg_result *out)
{
	memset(out, 0, sizeof(*out));
	out->match = rules_cond_eval(&g->when, f);
	if (!out->match)
		return;
	for (size_t i = 0; i < g->n_warnings && out->n_warnings < RULES_MAX_WARNINGS; i++)
		if (rules_cond_eval(&g->warnings[i].when, f))
			out->warnings[out->n_warnings++] = &g->warnings[i];
}
