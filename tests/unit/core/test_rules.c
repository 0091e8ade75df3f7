/*
 * Unit tests for src/core/rules*.c: the five packs in rules/ load and carry
 * the values of their seeds, lookups honour validity (CAL-3a), conditions
 * evaluate the KV-2 target groups, and broken packs are reported with the
 * right line:column or JSON path and rule.
 */
#include "test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "stegvis/rules.h"

static const char *src_dir(void)
{
	const char *d = getenv("SV_SOURCE_DIR");
	return d && *d ? d : SV_SOURCE_DIR;
}

/* Whole file into a malloc'd buffer (NULL when missing). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			char *nd;
			cap = cap ? cap * 2 : 65536;
			nd = realloc(data, cap + 1);
			if (!nd) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = nd;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	data[n] = '\0';
	*len = n;
	return data;
}

static void print_problems(const struct rules_problems *ps)
{
	char line[1024];
	for (size_t i = 0; i < ps->n; i++) {
		rules_problem_format(&ps->v[i], line, sizeof(line));
		print_message("%s\n", line);
	}
}

static sv_date D(const char *s)
{
	sv_date d = 0;
	if (date_parse(s, strlen(s), &d, "t", NULL) != SV_OK)
		fail_msg("bad date in test: %s", s);
	return d;
}

static const char *const pack_files[] = {
        "se-nacka-kundval-2024.json",        "se-nacka-jobbpeng.json",  "se-intake-30plus.json",
        "se-esf-traning-ger-fardighet.json", "dk-faaborg-midtfyn.json",
};
#define N_PACKS (sizeof(pack_files) / sizeof(pack_files[0]))

static int load_all(void **state)
{
	struct rules_set *set = calloc(1, sizeof(*set));
	struct rules_problems ps = RULES_PROBLEMS_INIT;
	int rc = 0;

	rules_set_init(set);
	for (size_t i = 0; i < N_PACKS; i++) {
		char path[1024];
		size_t len;
		char *data;

		snprintf(path, sizeof(path), "%s/rules/%s", src_dir(), pack_files[i]);
		data = slurp(path, &len);
		if (!data || rules_set_load(set, pack_files[i], data, len, &ps) != SV_OK) {
			print_message("cannot load %s\n", path);
			rc = -1;
		}
		free(data);
	}
	print_problems(&ps);
	rules_problems_release(&ps);
	*state = set;
	return rc;
}

static int free_all(void **state)
{
	rules_set_release(*state);
	free(*state);
	return 0;
}

static const struct rules_pack *pack(void **state, const char *id)
{
	const struct rules_pack *p = rules_set_find(*state, id);
	if (!p)
		fail_msg("pack %s not loaded", id);
	return p;
}

/* Load a pack text; returns the rc and leaves the problems in ps. */
static enum sv_rc load_text(const char *text, struct rules_problems *ps)
{
	struct rules_pack p;
	enum sv_rc rc;

	rules_pack_init(&p);
	rc = rules_pack_load(&p, "t.json", text, strlen(text), ps);
	rules_pack_release(&p);
	return rc;
}

/* ---- every pack in rules/ ------------------------------------------------ */

static void every_pack_in_rules_dir_validates(void **state)
{
	char dir[1024];
	DIR *d;
	struct dirent *e;
	struct rules_set set;
	struct rules_problems ps = RULES_PROBLEMS_INIT;
	size_t n = 0;

	snprintf(dir, sizeof(dir), "%s/rules", src_dir());
	d = opendir(dir);
	assert_non_null(d);
	rules_set_init(&set);
	while ((e = readdir(d))) {
		size_t nl = strlen(e->d_name), len;
		char path[2048], *data;
		if (nl < 6 || strcmp(e->d_name + nl - 5, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		data = slurp(path, &len);
		assert_non_null(data);
		assert_ok(rules_set_load(&set, e->d_name, data, len, &ps));
		free(data);
		n++;
	}
	closedir(d);
	print_problems(&ps);
	assert_int_equal(ps.n, 0);
	assert_true(n >= N_PACKS);
	assert_int_equal(set.n, n);
	rules_set_release(&set);
	rules_problems_release(&ps);
}

/* ---- the rule-ID table against domain.md -------------------------------- */

/* "KV-32a": capitals, '-', digits, at most one lower-case letter. */
static bool is_rule_token(const char *s, size_t n)
{
	size_t i = 0, caps = 0, digits = 0;

	while (i < n && s[i] >= 'A' && s[i] <= 'Z')
		i++, caps++;
	if (!caps || i >= n || s[i++] != '-')
		return false;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] >= 'a' && s[i] <= 'z')
		i++;
	return digits && i == n;
}

static void rule_id_table_matches_domain_md(void **state)
{
	char path[1024], *text;
	size_t len, found = 0;
	bool seen[512] = {false};

	snprintf(path, sizeof(path), "%s/../shared/spec/domain.md", src_dir());
	text = slurp(path, &len);
	if (!text) {
		print_message("domain.md not found at %s: skipped\n", path);
		skip();
	}
	assert_true(rules_rule_count() < 512);
	/* Every definition is a list item "- ID text" at the start of a line. */
	for (char *line = text; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		char id[16];
		size_t n = 0;
		if (line[0] != '-' || line[1] != ' ')
			continue;
		while (line[2 + n] && line[2 + n] != ' ' && line[2 + n] != '\n' && n < 15)
			n++;
		if (!is_rule_token(line + 2, n))
			continue;
		memcpy(id, line + 2, n);
		id[n] = '\0';
		if (!rules_rule_known(id))
			fail_msg("domain.md defines %s, the table does not know it", id);
		for (size_t i = 0; i < rules_rule_count(); i++)
			if (!strcmp(rules_rule_at(i), id))
				seen[i] = true;
		found++;
	}
	free(text);
	for (size_t i = 0; i < rules_rule_count(); i++)
		if (!seen[i])
			fail_msg("the table knows %s, domain.md does not define it",
			         rules_rule_at(i));
	assert_int_equal(found, rules_rule_count());
	assert_false(rules_rule_known("KV-99"));
	assert_false(rules_rule_known("kv-1"));
	assert_false(rules_rule_known(NULL));
}

/* docs/rules.md names every event, parameter and fact as `name`. */
static void docs_list_every_vocabulary_name(void **state)
{
	char path[1024], *text;
	size_t len;

	snprintf(path, sizeof(path), "%s/docs/rules.md", src_dir());
	text = slurp(path, &len);
	assert_non_null(text);
	for (size_t i = 0;
	     i < rules_event_count() + RULES_P_COUNT_ + RULES_FACT_COUNT_ + RULES_NUM_COUNT_; i++) {
		char quoted[80];
		const char *name;
		size_t j = i;
		if (j < rules_event_count())
			name = rules_event_at(j);
		else if ((j -= rules_event_count()) < RULES_P_COUNT_)
			name = rules_param_name((enum rules_param_id)j);
		else if ((j -= RULES_P_COUNT_) < RULES_FACT_COUNT_)
			name = rules_fact_name((enum rules_fact)j);
		else
			name = rules_num_name((enum rules_num)(j - RULES_FACT_COUNT_));
		assert_non_null(name);
		snprintf(quoted, sizeof(quoted), "`%s`", name);
		if (!strstr(text, quoted))
			fail_msg("docs/rules.md does not mention %s", quoted);
	}
	free(text);
}

/* ---- Nacka kundval 2024 (seed 002) -------------------------------------- */

static void kundval_rates_are_dated(void **state)
{
	const struct rules_pack *p = pack(state, "se-nacka-kundval-2024");
	const struct rules_rate *r;

	/* KV-70: 2024 vouchers AMI 3 876 kr, ISA 6 324 kr, FAI 8 160 kr a month. */
	r = rules_rate_find(p, "AMI", D("2024-06-15"));
	assert_non_null(r);
	assert_true(r->known);
	assert_int_equal(r->monthly, 387600);
	assert_string_equal(r->m.rule, "KV-70");
	assert_int_equal(rules_rate_find(p, "ISA", D("2024-01-01"))->monthly, 632400);
	assert_int_equal(rules_rate_find(p, "FAI", D("2024-12-31"))->monthly, 816000);
	/* CAL-3a: no 2024 rate applies in 2023 or 2025. */
	assert_null(rules_rate_find(p, "AMI", D("2023-12-31")));
	assert_null(rules_rate_find(p, "AMI", D("2025-01-01")));
	/* The routines themselves do not expire with the budget year: the pack
	 * is open-ended, so on 2026-03-01 its codes and deadlines apply while
	 * the voucher is unpriced (no rate for 2026 yet). */
	assert_int_equal(p->valid.from, D("2024-01-01"));
	assert_int_equal(p->valid.to, RULES_OPEN_END);
	assert_non_null(rules_intervention_find(p, "FAI1", D("2026-03-01")));
	assert_non_null(rules_deadline_find(p, "plan_submission", D("2026-03-01")));
	assert_null(rules_rate_find(p, "FAI1", D("2026-03-01")));
	assert_null(rules_rate_find(p, "ISA", D("2025-06-01")));
	/* An intervention code falls back to its scheme's voucher. */
	assert_int_equal(rules_rate_find(p, "FAI1", D("2024-03-01"))->monthly, 816000);
	assert_int_equal(rules_rate_find(p, "AMI 2", D("2024-03-01"))->monthly, 387600);
	assert_null(rules_rate_find(p, "JP", D("2024-03-01")));
}

static void kundval_interventions(void **state)
{
	const struct rules_pack *p = pack(state, "se-nacka-kundval-2024");
	const struct rules_intervention *iv;
	static const struct {
		const char *code, *scheme;
		int months;
	} want[] = {
	        /* KV-1: max durations 3, 6, 3, 12, 9, 12 months. */
	        {"FAI1", "FAI", 3},  {"FAI2", "FAI", 6}, {"AMI1", "AMI", 3},
	        {"AMI2", "AMI", 12}, {"ISA1", "ISA", 9}, {"ISA2", "ISA", 12},
	};

	assert_int_equal(p->n_interventions, 6);
	for (size_t i = 0; i < 6; i++) {
		iv = rules_intervention_find(p, want[i].code, D("2024-05-01"));
		assert_non_null(iv);
		assert_string_equal(iv->scheme, want[i].scheme);
		assert_int_equal(iv->max_duration.unit, RULES_MONTHS);
		assert_int_equal(iv->max_duration.n, want[i].months);
		assert_true(iv->max_duration.known);
		assert_non_null(rules_scheme_find(p, iv->scheme, D("2024-05-01")));
	}
	/* KV-1a: the seed's variants are aliases. */
	iv = rules_intervention_find(p,
	                             "Arbetsutbildning, arbetsmarknadskunskap och vägledning "
	                             "och till arbete eller studier",
	                             D("2024-05-01"));
	assert_non_null(iv);
	assert_string_equal(iv->code, "AMI2");
	assert_string_equal(rules_intervention_find(p, "fai 1", D("2024-05-01"))->code, "FAI1");
	assert_null(rules_intervention_find(p, "FAI3", D("2024-05-01")));
	/* The routines are open-ended (CAL-3a: only the rates are dated). */
	assert_string_equal(rules_intervention_find(p, "FAI1", D("2025-05-01"))->code, "FAI1");
	assert_null(rules_intervention_find(p, "FAI1", D("2023-12-31")));
}

static void kundval_deadlines(void **state)
{
	const struct rules_pack *p = pack(state, "se-nacka-kundval-2024");
	const struct rules_deadline *d;
	sv_date on = D("2024-04-10");

	/* KV-32: monthly report for M due on the 7th of M+1, CAL-4 applies. */
	d = rules_deadline_find(p, "monthly_report", on);
	assert_non_null(d);
	assert_int_equal(d->kind, RULES_DL_MONTHLY);
	assert_string_equal(d->each, "intervention_month");
	assert_int_equal(d->due_day, 7);
	assert_true(d->roll_forward);
	assert_string_equal(d->actor, "provider");
	assert_string_equal(d->met_by, "monthly_report.submitted");
	assert_string_equal(d->m.rule, "KV-32");
	/* KV-32 decision: a returned report is due again by the 12th. */
	d = rules_deadline_find(p, "monthly_report_resubmission", on);
	assert_int_equal(d->due_day, 12);
	assert_string_equal(d->only_if, "monthly_report.returned");
	assert_int_equal(rules_deadline_find(p, "monthly_report_approval", on)->due_day, 15);
	/* KV-80: 72 hours from discovery, never moved (CAL-4). */
	d = rules_deadline_find(p, "incident_notice", on);
	assert_int_equal(d->kind, RULES_DL_OFFSET);
	assert_string_equal(d->from, "incident.discovered");
	assert_int_equal(d->offset.unit, RULES_HOURS);
	assert_int_equal(d->offset.n, 72);
	assert_false(d->roll_forward);
	/* KV-24: plan within 14 calendar days of the start date. */
	d = rules_deadline_find(p, "plan_submission", on);
	assert_string_equal(d->from, "intervention.start");
	assert_int_equal(d->offset.unit, RULES_CALENDAR_DAYS);
	assert_int_equal(d->offset.n, 14);
	assert_true(d->roll_forward);
	/* KV-25: approval within five working days. */
	d = rules_deadline_find(p, "plan_approval", on);
	assert_int_equal(d->offset.unit, RULES_WORKING_DAYS);
	assert_int_equal(d->offset.n, 5);
	assert_string_equal(d->actor, "counsellor");
	/* KV-21: staffing the same working day or the next. */
	assert_int_equal(rules_deadline_find(p, "staffing", on)->offset.n, 1);
	/* KV-63: last chance 14 days after the end. */
	d = rules_deadline_find(p, "final_report_last_chance", on);
	assert_int_equal(d->offset.n, 14);
	assert_string_equal(d->from, "intervention.end");
	for (size_t i = 0; i < p->n_deadlines; i++) {
		assert_true(rules_actor_known(p->deadlines[i].actor));
		assert_true(rules_event_known(p->deadlines[i].met_by));
	}
	assert_null(rules_deadline_find(p, "no_such_deadline", on));
}

static void kundval_billing_and_limits(void **state)
{
	const struct rules_pack *p = pack(state, "se-nacka-kundval-2024");
	sv_date on = D("2024-09-01");
	const struct rules_param *v;
	static const struct {
		enum rules_param_id id;
		enum rules_unit unit;
		int n;
		const char *rule;
	} want[] = {
	        {RULES_P_ABORT_PAID_DAYS, RULES_CALENDAR_DAYS, 14, "KV-62"},
	        {RULES_P_FINAL_REPORT_GRACE, RULES_CALENDAR_DAYS, 14, "KV-63"},
	        {RULES_P_PRORATE_DIVISOR, RULES_COUNT, 30, "KV-71"},
	        {RULES_P_LEAVE_PER_YEAR, RULES_CALENDAR_DAYS, 14, "KV-3"},
	        {RULES_P_EXTENSION_MAX_TOTAL, RULES_MONTHS, 2, "KV-50"},
	        {RULES_P_EXTENSION_STEP, RULES_MONTHS, 1, "KV-50"},
	        {RULES_P_SICK_CERT_FROM_DAY, RULES_COUNT, 8, "KV-41"},
	        {RULES_P_SICK_CERT_DELIVERY, RULES_CALENDAR_DAYS, 7, "KV-41"},
	        {RULES_P_UNEXCUSED_NOTICE, RULES_CALENDAR_DAYS, 1, "KV-44"},
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		v = rules_param_find(p, want[i].id, on);
		if (!v)
			fail_msg("%s missing", rules_param_name(want[i].id));
		assert_int_equal(v->value.unit, want[i].unit);
		assert_int_equal(v->value.n, want[i].n);
		assert_true(v->value.known);
		assert_string_equal(v->m.rule, want[i].rule);
	}
	assert_true(rules_param_find(p, RULES_P_FINAL_REPORT_GRACE, on)->roll_forward);
	/* KV-35: the seed gives no follow-up frequency; the pack says so. */
	v = rules_param_find(p, RULES_P_FOLLOW_UP_INTERVAL, on);
	assert_non_null(v);
	assert_false(v->value.known);
	assert_non_null(v->m.note);
	/* Not part of this pack. */
	assert_null(rules_param_find(p, RULES_P_NO_SHOW_LIMIT, on));
	/* KV-62 holds on after 2024 with the routines; before them it does not. */
	assert_int_equal(rules_param_find(p, RULES_P_ABORT_PAID_DAYS, D("2025-01-01"))->value.n,
	                 14);
	assert_null(rules_param_find(p, RULES_P_ABORT_PAID_DAYS, D("2023-12-31")));
}

static void kundval_rotation_templates_referrals(void **state)
{
	const struct rules_pack *p = pack(state, "se-nacka-kundval-2024");
	const struct rules_rotation *r = rules_rotation_find(p, D("2024-07-01"));
	const struct rules_report_template *t;

	/* KV-12: two-week periods from a Monday anchor. */
	assert_non_null(r);
	assert_int_equal(r->period.unit, RULES_CALENDAR_DAYS);
	assert_int_equal(r->period.n, 14);
	assert_int_equal(r->anchor, D("2024-01-01"));
	assert_int_equal(date_weekday(r->anchor), SV_MON);
	/* KV-32a: one template per scheme with "Ej aktuellt" and a reason. */
	t = rules_report_template_find(p, "AMI", D("2024-07-01"));
	assert_non_null(t);
	assert_string_equal(t->not_applicable, "Ej aktuellt");
	assert_true(t->reason_required);
	assert_int_equal(t->n_sections, 6);
	assert_string_equal(t->sections[2].id, "absence");
	assert_string_equal(t->sections[2].rule, "KV-40");
	assert_null(rules_report_template_find(p, "JOBBPENG", D("2024-07-01")));
	/* KV-7: the referral list ends with the counsellor. */
	assert_true(p->n_referrals >= 10);
	assert_string_equal(p->referrals[p->n_referrals - 1].goes_to,
	                    "Kundansvarig karriärvägledare");
	/* 5 years after the last entry; research days 5, 15, 25. */
	assert_int_equal(p->retention[0].keep.n, 5);
	assert_int_equal(p->retention[0].keep.unit, RULES_YEARS);
	assert_int_equal(p->retention[0].n_keep_birth_days, 3);
	assert_int_equal(p->retention[0].keep_birth_days[1], 15);
}

/* ---- KV-2 target groups (CAL-6) ----------------------------------------- */

static bool qualifies(const struct rules_pack *p, const struct rules_facts *f, sv_date on,
                      size_t *warnings)
{
	bool any = false;
	*warnings = 0;
	for (size_t i = 0; i < p->n_target_groups; i++) {
		struct rules_tg_result res;
		if (!rules_valid_on(&p->target_groups[i].m.valid, on))
			continue;
		rules_target_group_eval(&p->target_groups[i], f, &res);
		if (res.match) {
			any = true;
			*warnings += res.n_warnings;
		}
	}
	return any;
}

static void kv2_target_groups(void **state)
{
	const struct rules_pack *p = pack(state, "se-nacka-kundval-2024");
	const struct rules_target_group *kaa =
	        rules_target_group_find(p, "kaa_youth", D("2024-03-01"));
	const struct rules_target_group *fa =
	        rules_target_group_find(p, "financial_assistance_18_66", D("2024-03-01"));
	struct rules_facts f;
	struct rules_tg_result res;
	size_t w;

	assert_non_null(kaa);
	assert_non_null(fa);
	/* KV-2 decision: KAA is 16-20; a 17-year-old qualifies, with a warning. */
	rules_facts_init(&f);
	assert_ok(rules_facts_set(&f, "kaa", true, NULL));
	rules_facts_set_num(&f, RULES_N_AGE, 17);
	rules_target_group_eval(kaa, &f, &res);
	assert_true(res.match);
	assert_int_equal(res.n_warnings, 1);
	assert_string_equal(res.warnings[0]->rule, "KV-2");
	assert_true(qualifies(p, &f, D("2024-03-01"), &w));
	assert_int_equal(w, 1);
	/* CAL-6 inclusive: 16 and 20 are in, 15 and 21 are out; 18 has no warning. */
	rules_facts_set_num(&f, RULES_N_AGE, 16);
	rules_target_group_eval(kaa, &f, &res);
	assert_true(res.match);
	assert_int_equal(res.n_warnings, 1);
	rules_facts_set_num(&f, RULES_N_AGE, 20);
	rules_target_group_eval(kaa, &f, &res);
	assert_true(res.match);
	assert_int_equal(res.n_warnings, 0);
	rules_facts_set_num(&f, RULES_N_AGE, 15);
	assert_false(qualifies(p, &f, D("2024-03-01"), &w));
	rules_facts_set_num(&f, RULES_N_AGE, 21);
	assert_false(qualifies(p, &f, D("2024-03-01"), &w));
	/* A 67-year-old on financial assistance does not qualify; 66 does. */
	rules_facts_init(&f);
	assert_ok(rules_facts_set(&f, "financial_assistance", true, NULL));
	rules_facts_set_num(&f, RULES_N_AGE, 67);
	rules_target_group_eval(fa, &f, &res);
	assert_false(res.match);
	assert_false(qualifies(p, &f, D("2024-03-01"), &w));
	rules_facts_set_num(&f, RULES_N_AGE, 66);
	assert_true(qualifies(p, &f, D("2024-03-01"), &w));
	assert_int_equal(w, 0);
	/* An unknown age never satisfies an age range. */
	rules_facts_init(&f);
	assert_ok(rules_facts_set(&f, "financial_assistance", true, NULL));
	assert_false(qualifies(p, &f, D("2024-03-01"), &w));
	/* Family-reunified without establishment benefit: the "not" holds. */
	rules_facts_init(&f);
	assert_ok(rules_facts_set(&f, "family_reunified_newly_arrived", true, NULL));
	assert_true(qualifies(p, &f, D("2024-03-01"), &w));
	assert_ok(rules_facts_set(&f, "establishment_benefit", true, NULL));
	assert_false(qualifies(p, &f, D("2024-03-01"), &w));
	/* Unknown fact names are refused, naming the fact and X-4. */
	{
		struct sv_error e = SV_ERROR_INIT;
		assert_rc(rules_facts_set(&f, "rich", true, &e), SV_EINVAL);
		assert_string_equal(e.field, "rich");
		assert_string_equal(e.rule, "X-4");
	}
}

/* ---- jobbpeng (seed 000) ------------------------------------------------- */

static void jobbpeng_values(void **state)
{
	const struct rules_pack *p = pack(state, "se-nacka-jobbpeng");
	sv_date on = D("2024-10-01");
	const struct rules_rate *r = rules_rate_find(p, "JP", on);
	const struct rules_bonus *b = rules_bonus_find(p, "JOBBPENG", on);
	const struct rules_intervention *iv = rules_intervention_find(p, "JP", on);
	struct rules_facts f;
	struct rules_tg_result res;
	const struct rules_target_group *g;

	/* JP-8: the seed gives no voucher or bonus amount: null with a note. */
	assert_non_null(r);
	assert_false(r->known);
	assert_non_null(r->m.note);
	assert_non_null(b);
	assert_false(b->known);
	assert_int_equal(b->qualifying.unit, RULES_MONTHS);
	assert_int_equal(b->qualifying.n, 6);
	/* JP-7: supplements of 5 000, 10 000 and 15 000 kr. */
	assert_int_equal(p->n_supplements, 3);
	assert_int_equal(p->supplements[0].amount, 500000);
	assert_int_equal(p->supplements[1].amount, 1000000);
	assert_int_equal(p->supplements[2].amount, 1500000);
	/* JP-0 / JP-3: 100 days, extendable; JP-5: follow-up after 3 months. */
	assert_int_equal(iv->max_duration.unit, RULES_CALENDAR_DAYS);
	assert_int_equal(iv->max_duration.n, 100);
	assert_true(iv->extendable);
	assert_int_equal(rules_param_find(p, RULES_P_SELF_SUFFICIENCY_WITHIN, on)->value.n, 100);
	assert_int_equal(rules_param_find(p, RULES_P_FOLLOW_UP_AFTER, on)->value.unit,
	                 RULES_MONTHS);
	assert_int_equal(rules_param_find(p, RULES_P_FOLLOW_UP_AFTER, on)->value.n, 3);
	assert_int_equal(rules_deadline_find(p, "follow_up_meeting", on)->offset.n, 3);
	/* JP-6: the report template covers every plan item. */
	assert_string_equal(rules_report_template_find(p, "JOBBPENG", on)->sections[0].rule,
	                    "JP-6");
	/* JP-1: guidance only; EU citizens need assistance or five years. */
	g = rules_target_group_find(p, "language_outside_labour_market", on);
	assert_non_null(g);
	assert_false(g->gate);
	rules_facts_init(&f);
	assert_ok(rules_facts_set(&f, "insufficient_swedish", true, NULL));
	assert_ok(rules_facts_set(&f, "outside_labour_market", true, NULL));
	rules_target_group_eval(g, &f, &res);
	assert_true(res.match);
	assert_ok(rules_facts_set(&f, "eu_citizen", true, NULL));
	rules_target_group_eval(g, &f, &res);
	assert_false(res.match);
	assert_ok(rules_facts_set(&f, "resident_five_years", true, NULL));
	rules_target_group_eval(g, &f, &res);
	assert_true(res.match);
}

/* ---- intake 30+ (seed 004) ---------------------------------------------- */

static void intake_values(void **state)
{
	const struct rules_pack *p = pack(state, "se-intake-30plus");
	sv_date on = D("2019-06-01");
	const struct rules_deadline *d;

	/* IN-4: Tuesdays 09:00-11:00, Fridays 09:00-11:30 (minutes after midnight). */
	assert_int_equal(p->n_meeting_slots, 2);
	assert_int_equal(p->meeting_slots[0].weekday, SV_TUE);
	assert_int_equal(p->meeting_slots[0].start, 9 * 60);
	assert_int_equal(p->meeting_slots[0].end, 11 * 60);
	assert_int_equal(p->meeting_slots[1].weekday, SV_FRI);
	assert_int_equal(p->meeting_slots[1].end, 11 * 60 + 30);
	assert_int_equal(p->meeting_slots[1].capacity, -1);
	assert_non_null(strstr(p->meeting_slots[0].place, "Nobelvägen 66"));
	/* IN-3: eight exceptions; IN-5: two no-shows. */
	assert_int_equal(p->n_intake_exceptions, 8);
	assert_int_equal(rules_param_find(p, RULES_P_NO_SHOW_LIMIT, on)->value.n, 2);
	assert_int_equal(rules_param_find(p, RULES_P_EXCEPTION_TEMPORARY_NEED, on)->value.n, 3);
	/* IN-1, IN-2: one week = 7 calendar days (CAL-2). */
	d = rules_deadline_find(p, "enrolment", on);
	assert_int_equal(d->offset.unit, RULES_CALENDAR_DAYS);
	assert_int_equal(d->offset.n, 7);
	/* IN-0: long-term recipients only from 2018-04-16 (CAL-3a). */
	assert_null(rules_target_group_find(p, "long_term_assistance_30_plus", D("2018-04-15")));
	assert_non_null(
	        rules_target_group_find(p, "long_term_assistance_30_plus", D("2018-04-16")));
	/* IN-8: the routine applies from 2018-01-01. */
	assert_int_equal(p->valid.from, D("2018-01-01"));
	assert_int_equal(p->valid.to, RULES_OPEN_END);
}

/* ---- ESF project (seed 001) ---------------------------------------------- */

static void esf_values(void **state)
{
	const struct rules_pack *p = pack(state, "se-esf-traning-ger-fardighet");
	const struct rules_activity_support *s = rules_activity_support_find(p, D("2009-01-15"));
	int32_t af = 0, mun = 0;

	/* ES-6: 223 kr per weekday. */
	assert_non_null(s);
	assert_int_equal(s->per_day, 22300);
	assert_string_equal(s->days, "weekdays");
	assert_int_equal(s->approx_month, 490000);
	/* ES-5: outside the project period there is none. */
	assert_null(rules_activity_support_find(p, D("2009-10-01")));
	/* ES-4: shares per channel, 35+20+30+15 = 100 and 30+10+30+30 = 100. */
	for (size_t i = 0; i < p->n_quotas; i++) {
		if (!strcmp(p->quotas[i].channel, "arbetsformedlingen"))
			af += p->quotas[i].share;
		else
			mun += p->quotas[i].share;
	}
	assert_int_equal(af, 10000);
	assert_int_equal(mun, 10000);
	/* ES-4b: stored as given (Huddinge 12.5 %, Södertälje 64.5 %). */
	assert_int_equal(p->reference_figures[1].target_of_total, 1250);
	assert_int_equal(p->reference_figures[2].target_of_office, 6450);
	/* ES-1: 70 % and 40 % of those; ES-3: at least 300, 20-30 % municipal. */
	assert_int_equal(p->goals[0].min_share, 7000);
	assert_string_equal(p->goals[1].of, "enhanced_work_training");
	assert_int_equal(p->goals[1].min_share, 4000);
	assert_int_equal(p->goals[3].min_count, 300);
	assert_int_equal(p->goals[4].min_share, 2000);
	assert_int_equal(p->goals[4].max_share, 3000);
	/* ES-7: 450 days in the job guarantee. */
	assert_int_equal(p->exit_rules[2].after.n, 450);
	assert_int_equal(p->exit_rules[1].after.unit, RULES_UNIT_NONE);
}

/* ---- Faaborg-Midtfyn (seed 003) ------------------------------------------ */

static void dk_values(void **state)
{
	const struct rules_pack *p = pack(state, "dk-faaborg-midtfyn");
	static const struct {
		const char *group;
		int32_t sum;
	} want[] = {{"lab2_2", 384}, {"lab2_3", 244}, {"lab2_12", 334}, {"lab2_13", 96}};
	const struct rules_dk_group *g;

	/* DK-6a: outflow by destination sums to 384, 244, 334 and 96;
	 * e.g. nr 2: 153 + 27 + 137 + 2 + 5 + 1 + 0 + 59 = 384. */
	for (size_t i = 0; i < 4; i++) {
		const struct rules_kpi_fixture *f = rules_kpi_fixture_find(p, want[i].group);
		int32_t sum = 0;
		assert_non_null(f);
		for (size_t j = 0; j < f->n_by_destination; j++)
			sum += f->by_destination[j].n;
		assert_int_equal(f->n_by_destination, 8);
		assert_int_equal(sum, want[i].sum);
		assert_int_equal(f->outflow, want[i].sum);
	}
	assert_int_equal(rules_kpi_fixture_find(p, "lab2_12")->activation_rate, 104);
	/* DK-5: nr 3 at least 4 a year, nr 13 at least every 2 months. */
	g = rules_dk_group_find(p, "lab2_3", D("2025-06-01"));
	assert_non_null(g);
	assert_int_equal(g->conv, RULES_CONV_PER_YEAR);
	assert_int_equal(g->per_year, 4);
	g = rules_dk_group_find(p, "lab2_13", D("2025-06-01"));
	assert_int_equal(g->conv, RULES_CONV_INTERVAL);
	assert_int_equal(g->interval.unit, RULES_MONTHS);
	assert_int_equal(g->interval.n, 2);
	/* DK-9: the group rules end before the 2026-02-01 reform. */
	assert_non_null(rules_dk_group_find(p, "lab2_3", D("2026-01-31")));
	assert_null(rules_dk_group_find(p, "lab2_3", D("2026-02-01")));
	assert_int_equal(p->n_reforms, 3);
	assert_int_equal(p->reforms[0].in_force, D("2026-02-01"));
	/* DK-1: under-30s without qualifying education who are education-ready. */
	{
		struct rules_facts f;
		rules_facts_init(&f);
		rules_facts_set_num(&f, RULES_N_AGE, 29);
		assert_ok(rules_facts_set(&f, "dk_education_ready", true, NULL));
		g = rules_dk_group_find(p, "lab2_12", D("2024-01-01"));
		assert_true(g->has_when);
		assert_true(rules_cond_eval(&g->when, &f));
		rules_facts_set_num(&f, RULES_N_AGE, 30);
		assert_false(rules_cond_eval(&g->when, &f));
	}
	/* DK-2: nine indicators; DK-7: the CAI offers are parts of CAI. */
	assert_int_equal(p->n_progression_indicators, 9);
	assert_int_equal(
	        rules_param_find(p, RULES_P_MAX_PROGRESSION_INDICATORS, D("2024-01-01"))->value.n,
	        9);
	assert_string_equal(p->offers[1].part_of, "cai");
	/* DK-3a: 3 conversations within a 3-month visitation. */
	assert_int_equal(p->visitation[0].n_conversations, 3);
	assert_int_equal(p->visitation[0].period.n, 3);
}

/* ---- broken packs -------------------------------------------------------- */

static void broken_fixtures_are_reported_precisely(void **state)
{
	static const struct {
		const char *file;
		int line, column; /* syntax errors */
		const char *path, *rule, *msg;
		size_t n; /* problems expected in all */
	} cases[] = {
	        /* Line 4 is `  "title": ...` after a line without a comma: the
	         * unexpected string token spans columns 3-9; jansson reports 9. */
	        {"syntax_missing_comma.json", 4, 9, "", "JSON", "'}' expected", 1},
	        /* The second "pack" on line 5, columns 3-8. */
	        {"syntax_duplicate_key.json", 5, 8, "", "JSON", "duplicate object key", 1},
	        {"syntax_truncated.json", 4, 1, "", "JSON", "end of file", 1},
	        {"unknown_key.json", 0, 0, "$.rates[0].monthy", "rules-format", "unknown key", 2},
	        {"wrong_type.json", 0, 0, "$.interventions[0].max_duration.months", "rules-format",
	         "whole number", 1},
	        {"bad_date.json", 0, 0, "$.rates[1].valid.from", "ISO-8601", "2024-02-30", 1},
	        {"bad_amount.json", 0, 0, "$.rates[0].monthly", "CAL-5", "3 876", 1},
	        {"bad_duration.json", 0, 0, "$.interventions[0].max_duration.weeks", "rules-format",
	         "unknown unit", 1},
	        /* 2024-06-30 is in both periods. */
	        {"overlap.json", 0, 0, "$.rates[1].valid", "CAL-3a", "overlaps $.rates[0]", 1},
	        {"unknown_rule.json", 0, 0, "$.rates[0].rule", "rules-format", "KV-99", 1},
	        {"hours_roll_forward.json", 0, 0, "$.deadlines[0].roll_forward", "CAL-4", "hours",
	         1},
	        {"unknown_refs.json", 0, 0, "$.deadlines[0].from", "rules-format", "plan.started",
	         3},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[1024], *data;
		size_t len;
		struct rules_problems ps = RULES_PROBLEMS_INIT;
		struct rules_pack p;
		bool hit = false;

		snprintf(path, sizeof(path), "%s/tests/unit/core/rules_fixtures/%s", src_dir(),
		         cases[i].file);
		data = slurp(path, &len);
		assert_non_null(data);
		rules_pack_init(&p);
		assert_rc(rules_pack_load(&p, cases[i].file, data, len, &ps), SV_EINVAL);
		assert_null(p.id); /* a refused pack is left empty */
		free(data);
		if (ps.n != cases[i].n) {
			print_problems(&ps);
			fail_msg("%s: %zu problems, want %zu", cases[i].file, ps.n, cases[i].n);
		}
		for (size_t j = 0; j < ps.n; j++) {
			const struct rules_problem *pr = &ps.v[j];
			if (strcmp(pr->path, cases[i].path) || pr->line != cases[i].line ||
			    pr->column != cases[i].column)
				continue;
			assert_string_equal(pr->file, cases[i].file);
			assert_string_equal(pr->rule, cases[i].rule);
			assert_non_null(strstr(pr->msg, cases[i].msg));
			hit = true;
		}
		if (!hit) {
			print_problems(&ps);
			fail_msg("%s: no problem at %d:%d %s", cases[i].file, cases[i].line,
			         cases[i].column, cases[i].path);
		}
		rules_problems_release(&ps);
	}
}

static void all_problems_are_collected(void **state)
{
	char path[1024], *data;
	size_t len;
	struct rules_problems ps = RULES_PROBLEMS_INIT;
	struct rules_pack p;
	static const char *const want[] = {
	        "$.format",
	        "$.title",
	        "$.source",
	        "$.valid.to",
	        "$.schemes[0].colour",
	        "$.rates[0].monthly",
	        "$.rates[0]",
	        "$.rotation[0].period",
	        "$.rotation[0].anchor",
	        "$.rotation[0].order",
	        "$.pack",
	        "$.country",
	        "$.rates[0].intervention",
	};

	snprintf(path, sizeof(path), "%s/tests/unit/core/rules_fixtures/many_errors.json",
	         src_dir());
	data = slurp(path, &len);
	assert_non_null(data);
	rules_pack_init(&p);
	assert_rc(rules_pack_load(&p, "many_errors.json", data, len, &ps), SV_EINVAL);
	free(data);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		bool hit = false;
		for (size_t j = 0; j < ps.n; j++)
			hit = hit || !strcmp(ps.v[j].path, want[i]);
		if (!hit) {
			print_problems(&ps);
			fail_msg("no problem at %s", want[i]);
		}
	}
	assert_int_equal(ps.n, sizeof(want) / sizeof(want[0]));
	rules_problems_release(&ps);
}

static void valid_minimal_fixture_loads(void **state)
{
	char path[1024], *data;
	size_t len;
	struct rules_problems ps = RULES_PROBLEMS_INIT;
	struct rules_pack p;

	snprintf(path, sizeof(path), "%s/tests/unit/core/rules_fixtures/valid_minimal.json",
	         src_dir());
	data = slurp(path, &len);
	assert_non_null(data);
	rules_pack_init(&p);
	assert_ok(rules_pack_load(&p, "valid_minimal.json", data, len, &ps));
	free(data);
	assert_int_equal(ps.n, 0);
	/* An item without "valid" inherits the pack's period (CAL-3a). */
	assert_int_equal(p.rates[0].m.valid.from, D("2024-01-01"));
	assert_int_equal(p.rates[0].m.valid.to, D("2024-12-31"));
	assert_string_equal(p.file, "valid_minimal.json");
	rules_pack_release(&p);
	assert_null(p.id);
	assert_int_equal(p.n_rates, 0);
}

static void set_refuses_duplicate_pack_ids(void **state)
{
	static const char text[] =
	        "{\"format\": 1, \"pack\": \"dup\", \"title\": \"t\", \"source\": \"s\", "
	        "\"country\": \"SE\", \"valid\": {\"from\": \"2024-01-01\", \"to\": null}}";
	struct rules_set set;
	struct rules_problems ps = RULES_PROBLEMS_INIT;

	rules_set_init(&set);
	assert_ok(rules_set_load(&set, "a.json", text, strlen(text), &ps));
	assert_rc(rules_set_load(&set, "b.json", text, strlen(text), &ps), SV_ECONFLICT);
	assert_int_equal(set.n, 1);
	assert_int_equal(ps.n, 1);
	assert_string_equal(ps.v[0].file, "b.json");
	assert_string_equal(ps.v[0].path, "$.pack");
	assert_non_null(strstr(ps.v[0].msg, "a.json"));
	assert_non_null(rules_set_find(&set, "dup"));
	assert_null(rules_set_find(&set, "other"));
	rules_set_release(&set);
	rules_problems_release(&ps);
}

static void loads_from_memory_without_nul(void **state)
{
	/* The buffer holds a valid pack followed by garbage past len. */
	static const char text[] =
	        "{\"format\": 1, \"pack\": \"mem\", \"title\": \"t\", \"source\": \"s\", "
	        "\"country\": \"DK\", \"valid\": {\"from\": \"2024-01-01\", \"to\": null}}GARBAGE";
	struct rules_pack p;
	struct rules_problems ps = RULES_PROBLEMS_INIT;

	rules_pack_init(&p);
	assert_ok(rules_pack_load(&p, "m", text, strlen(text) - 7, &ps));
	assert_string_equal(p.id, "mem");
	assert_string_equal(p.country, "DK");
	rules_pack_release(&p);
	assert_rc(load_text("", &ps), SV_EINVAL);
	assert_rc(load_text("[]", &ps), SV_EINVAL);
	assert_rc(load_text("{\"format\": 1}", &ps), SV_EINVAL);
	assert_true(ps.n >= 3);
	rules_problems_release(&ps);
}

static void condition_forms(void **state)
{
	static const char head[] = "{\"format\": 1, \"pack\": \"c\", \"title\": \"t\", \"source\": "
	                           "\"s\", \"country\": "
	                           "\"SE\", \"valid\": {\"from\": \"2024-01-01\", \"to\": null}, "
	                           "\"target_groups\": [{\"id\": "
	                           "\"g\", \"name\": \"n\", \"rule\": \"ES-2\", \"when\": ";
	static const struct {
		const char *when;
		bool ok;
	} forms[] = {
	        {"{\"any\": [{\"fact\": \"kaa\"}, {\"not\": {\"fact\": \"eu_citizen\"}}]}", true},
	        {"{\"range\": {\"fact\": \"months_unemployed\", \"min\": 18}}", true},
	        {"{\"age\": {\"max\": 29}}", true},
	        {"{\"all\": []}", false},
	        {"{\"fact\": \"kaa\", \"age\": {\"min\": 1}}", false},
	        {"{\"range\": {\"min\": 18}}", false},
	        {"{\"range\": {\"fact\": \"age\"}}", false},
	        {"{\"age\": {\"min\": 20, \"max\": 10}}", false},
	        {"{\"script\": \"return true\"}", false},
	        {"{\"not\": {\"not\": {\"not\": {\"not\": {\"not\": {\"not\": {\"not\": {\"not\": "
	         "{\"not\": {\"not\": {\"not\": {\"not\": {\"not\": {\"not\": {\"not\": {\"not\": "
	         "{\"not\": {\"not\": {\"fact\": \"kaa\"}}}}}}}}}}}}}}}}}}}",
	         false},
	};

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char text[1024];
		struct rules_problems ps = RULES_PROBLEMS_INIT;
		snprintf(text, sizeof(text), "%s%s}]}", head, forms[i].when);
		if ((load_text(text, &ps) == SV_OK) != forms[i].ok) {
			print_problems(&ps);
			fail_msg("condition %zu: %s", i, forms[i].when);
		}
		rules_problems_release(&ps);
	}
}

static void cond_eval_primitives(void **state)
{
	struct rules_cond leaf_kaa = {.kind = RULES_COND_FACT, .fact = RULES_F_KAA};
	struct rules_cond age = {.kind = RULES_COND_RANGE,
	                         .fact = RULES_N_AGE,
	                         .has_min = true,
	                         .min = 18,
	                         .has_max = true,
	                         .max = 24};
	struct rules_cond kids[2] = {leaf_kaa, age};
	struct rules_cond all = {.kind = RULES_COND_ALL, .sub = kids, .n = 2};
	struct rules_cond any = {.kind = RULES_COND_ANY, .sub = kids, .n = 2};
	struct rules_cond not_all = {.kind = RULES_COND_NOT, .sub = &all, .n = 1};
	struct rules_facts f;

	rules_facts_init(&f);
	assert_false(rules_cond_eval(&all, &f));
	assert_false(rules_cond_eval(&any, &f));
	assert_true(rules_cond_eval(&not_all, &f));
	f.is[RULES_F_KAA] = true;
	assert_true(rules_cond_eval(&any, &f));
	assert_false(rules_cond_eval(&all, &f)); /* age unknown */
	rules_facts_set_num(&f, RULES_N_AGE, 24);
	assert_true(rules_cond_eval(&all, &f)); /* 24 is inside 18-24 (CAL-6) */
	rules_facts_set_num(&f, RULES_N_AGE, 25);
	assert_false(rules_cond_eval(&all, &f));
	assert_string_equal(rules_fact_name(RULES_F_KAA), "kaa");
	assert_int_equal(rules_fact_by_name("kaa"), RULES_F_KAA);
	assert_int_equal(rules_num_by_name("age"), RULES_N_AGE);
	assert_int_equal(rules_fact_by_name("nope"), -1);
	assert_int_equal(rules_param_by_name("abort_paid_days"), RULES_P_ABORT_PAID_DAYS);
	assert_string_equal(rules_param_name(RULES_P_NO_SHOW_LIMIT), "no_show_limit");
	assert_null(rules_param_name(RULES_P_COUNT_));
	assert_string_equal(rules_unit_name(RULES_WORKING_DAYS), "working_days");
}

static void problem_lines(void **state)
{
	struct rules_problem a = {.file = "x.json", .line = 3, .column = 7, .msg = "bad"};
	struct rules_problem b = {
	        .file = "x.json", .path = "$.rates[2].valid.from", .rule = "ISO-8601", .msg = "no"};
	char out[512];

	rules_problem_format(&a, out, sizeof(out));
	assert_string_equal(out, "x.json:3:7: bad");
	rules_problem_format(&b, out, sizeof(out));
	assert_string_equal(out, "x.json: $.rates[2].valid.from: no (ISO-8601)");
}

static void load_release_cycles(void **state)
{
	/* Load every pack many times, and refuse a broken one, under ASan. */
	for (int round = 0; round < 20; round++) {
		for (size_t i = 0; i < N_PACKS; i++) {
			char path[1024], *data;
			size_t len;
			struct rules_pack p;
			snprintf(path, sizeof(path), "%s/rules/%s", src_dir(), pack_files[i]);
			data = slurp(path, &len);
			assert_non_null(data);
			rules_pack_init(&p);
			assert_ok(rules_pack_load(&p, pack_files[i], data, len, NULL));
			rules_pack_release(&p);
			/* The same text cut short is refused and frees everything. */
			rules_pack_init(&p);
			assert_rc(rules_pack_load(&p, pack_files[i], data, len / 2, NULL),
			          SV_EINVAL);
			free(data);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_pack_in_rules_dir_validates),
	        cmocka_unit_test(rule_id_table_matches_domain_md),
	        cmocka_unit_test(docs_list_every_vocabulary_name),
	        cmocka_unit_test(kundval_rates_are_dated),
	        cmocka_unit_test(kundval_interventions),
	        cmocka_unit_test(kundval_deadlines),
	        cmocka_unit_test(kundval_billing_and_limits),
	        cmocka_unit_test(kundval_rotation_templates_referrals),
	        cmocka_unit_test(kv2_target_groups),
	        cmocka_unit_test(jobbpeng_values),
	        cmocka_unit_test(intake_values),
	        cmocka_unit_test(esf_values),
	        cmocka_unit_test(dk_values),
	        cmocka_unit_test(broken_fixtures_are_reported_precisely),
	        cmocka_unit_test(all_problems_are_collected),
	        cmocka_unit_test(valid_minimal_fixture_loads),
	        cmocka_unit_test(set_refuses_duplicate_pack_ids),
	        cmocka_unit_test(loads_from_memory_without_nul),
	        cmocka_unit_test(condition_forms),
	        cmocka_unit_test(cond_eval_primitives),
	        cmocka_unit_test(problem_lines),
	        cmocka_unit_test(load_release_cycles),
	};
	return cmocka_run_group_tests(tests, load_all, free_all);
}
