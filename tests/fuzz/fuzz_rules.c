/*
 * libFuzzer target for the rule-pack loader (docs/rules.md).
 *
 * The whole input is loaded as a pack from memory, as an exact-length buffer
 * (no NUL after it, so an over-read is caught by ASan). Whatever the input,
 * the loader must not crash or leak, and its answer must keep the contracts
 * of rules.h: a refused pack has at least one problem and is left empty, a
 * loaded one has none, and every problem names its file and formats. On a loaded
 * pack every lookup and every condition is exercised on a few dates and
 * fact sets drawn from the input. A broken contract aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stegvis/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

static void exercise(const struct rules_pack *p, const uint8_t *data, size_t size)
{
	sv_date dates[3] = {p->valid.from,
	                    p->valid.to == RULES_OPEN_END ? p->valid.from + 400 : p->valid.to,
	                    date_from_ymd(2024, 6, 15)};
	struct rules_facts f;

	rules_facts_init(&f);
	for (int i = 0; i < RULES_FACT_COUNT_; i++)
		f.is[i] = size > (size_t)i && (data[i] & 1);
	if (size > 1)
		rules_facts_set_num(&f, RULES_N_AGE, data[size - 1] % 100);
	for (int k = 0; k < 3; k++) {
		sv_date on = dates[k];
		for (size_t i = 0; i < p->n_schemes; i++)
			CHECK(!rules_scheme_find(p, p->schemes[i].id, on) ||
			      rules_valid_on(&rules_scheme_find(p, p->schemes[i].id, on)->m.valid,
			                     on));
		for (size_t i = 0; i < p->n_interventions; i++) {
			const struct rules_rate *r =
			        rules_rate_find(p, p->interventions[i].code, on);
			CHECK(!r || rules_valid_on(&r->m.valid, on));
			(void)rules_intervention_find(p, p->interventions[i].code, on);
		}
		for (int id = 0; id < RULES_P_COUNT_; id++) {
			const struct rules_param *v =
			        rules_param_find(p, (enum rules_param_id)id, on);
			CHECK(!v || (v->id == (enum rules_param_id)id && v->m.rule));
		}
		for (size_t i = 0; i < p->n_deadlines; i++) {
			const struct rules_deadline *d =
			        rules_deadline_find(p, p->deadlines[i].id, on);
			CHECK(!d || d->met_by);
			CHECK(!d || d->offset.unit != RULES_HOURS || !d->roll_forward);
		}
		for (size_t i = 0; i < p->n_target_groups; i++) {
			struct rules_tg_result res;
			rules_target_group_eval(&p->target_groups[i], &f, &res);
			CHECK(res.n_warnings <= RULES_MAX_WARNINGS);
			CHECK(res.match || !res.n_warnings);
		}
		for (size_t i = 0; i < p->n_dk_groups; i++)
			if (p->dk_groups[i].has_when)
				(void)rules_cond_eval(&p->dk_groups[i].when, &f);
		(void)rules_rotation_find(p, on);
		(void)rules_activity_support_find(p, on);
		for (size_t i = 0; i < p->n_report_templates; i++)
			(void)rules_report_template_find(p, p->report_templates[i].scheme, on);
		for (size_t i = 0; i < p->n_bonus; i++)
			(void)rules_bonus_find(p, p->bonus[i].scheme, on);
	}
	for (size_t i = 0; i < p->n_kpi_fixtures; i++)
		CHECK(rules_kpi_fixture_find(p, p->kpi_fixtures[i].group) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	struct rules_pack p;
	struct rules_problems ps = RULES_PROBLEMS_INIT;
	enum sv_rc rc;
	char line[1024];

	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	rules_pack_init(&p);
	rc = rules_pack_load(&p, "fuzz.json", copy, size, &ps);
	CHECK(rc == SV_OK || rc == SV_EINVAL || rc == SV_ENOMEM);
	if (rc == SV_OK) {
		CHECK(ps.n == 0 && p.id && p.title && p.source && p.country);
		CHECK(p.valid.from <= p.valid.to);
		exercise(&p, data, size);
	} else {
		CHECK(rc == SV_ENOMEM || ps.n > 0);
		CHECK(p.id == NULL && p.n_rates == 0 && p.json_ == NULL);
	}
	for (size_t i = 0; i < ps.n; i++) {
		rules_problem_format(&ps.v[i], line, sizeof(line));
		CHECK(line[0] != '\0' && ps.v[i].file[0] != '\0');
	}
	rules_problems_release(&ps);
	rules_pack_release(&p);
	free(copy);
	return 0;
}
