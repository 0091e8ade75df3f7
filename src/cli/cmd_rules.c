/*
 * stegvis rules - check and show rule packs (docs/rules.md).
 *
 *   stegvis rules check FILE...   exit 0 when every pack is valid (a one-line
 *                                 summary on stderr), else one line per
 *                                 problem on stdout and exit 1
 *   stegvis rules show FILE       a readable summary of one pack
 *
 * The files are loaded into one set, so two packs with the same id are an
 * error too.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "stegvis/buf.h"
#include "stegvis/rules.h"

#define PACK_MAX_BYTES ((size_t)8 << 20)

static void print_problems(const struct rules_problems *ps, size_t from)
{
	char line[1024];

	for (size_t i = from; i < ps->n; i++) {
		rules_problem_format(&ps->v[i], line, sizeof(line));
		printf("%s\n", line);
	}
}

static int rules_check(int argc, char **argv)
{
	struct rules_set set;
	struct rules_problems ps;
	size_t bad = 0, nfiles = 0, unread = 0;
	int status = 0;

	rules_set_init(&set);
	rules_problems_init(&ps);
	for (int i = 0; i < argc; i++) {
		struct buf b;
		struct sv_error err = SV_ERROR_INIT;
		size_t before = ps.n;
		enum sv_rc rc;

		nfiles++;
		buf_init(&b, PACK_MAX_BYTES);
		if (buf_read_file(&b, argv[i], argv[i], &err)) {
			printf("%s: %s\n", argv[i], err.msg);
			bad++;
			unread++;
			buf_release(&b);
			continue;
		}
		rc = rules_set_load(&set, argv[i], b.data, b.len, &ps);
		buf_release(&b);
		if (rc == SV_ENOMEM && ps.n == before) {
			printf("%s: out of memory\n", argv[i]);
			bad++;
			unread++;
			continue;
		}
		if (rc)
			bad++;
		print_problems(&ps, before);
	}
	if (ps.dropped)
		printf("(%zu more problems not shown)\n", ps.dropped);
	if (bad) {
		status = 1;
		fprintf(stderr, "stegvis rules: %zu of %zu packs invalid, %zu problems\n", bad,
		        nfiles, ps.n + ps.dropped + unread);
	} else {
		fprintf(stderr, "stegvis rules: %zu packs valid\n", nfiles);
	}
	rules_problems_release(&ps);
	rules_set_release(&set);
	return status;
}

static const char *span_str(const struct rules_span *s, char *out, size_t outsz)
{
	if (s->unit == RULES_UNIT_NONE)
		snprintf(out, outsz, "-");
	else if (!s->known)
		snprintf(out, outsz, "(not given) %s", rules_unit_name(s->unit));
	else
		snprintf(out, outsz, "%d %s", (int)s->n, rules_unit_name(s->unit));
	return out;
}

static const char *valid_str(const struct rules_valid *v, char *out, size_t outsz)
{
	char a[SV_DATE_STRLEN], b[SV_DATE_STRLEN];

	snprintf(out, outsz, "%s..%s", date_format(v->from, a),
	         v->to == RULES_OPEN_END ? "" : date_format(v->to, b));
	return out;
}

static void show_params(const char *title, const struct rules_param *v, size_t n)
{
	char s[64], vd[32];

	if (!n)
		return;
	printf("\n%s:\n", title);
	for (size_t i = 0; i < n; i++)
		printf("  %-28s %-22s %-6s %-23s %s\n", rules_param_name(v[i].id),
		       span_str(&v[i].value, s, sizeof(s)), v[i].roll_forward ? "roll" : "",
		       valid_str(&v[i].m.valid, vd, sizeof(vd)), v[i].m.rule);
}

static void show_pack(const struct rules_pack *p)
{
	char s[64], vd[32], m[SV_MONEY_STRLEN];

	printf("%s: %s\n", p->id, p->title);
	printf("source %s, country %s, valid %s\n", p->source, p->country,
	       valid_str(&p->valid, vd, sizeof(vd)));
	if (p->n_interventions)
		printf("\nInterventions:\n");
	for (size_t i = 0; i < p->n_interventions; i++) {
		const struct rules_intervention *iv = &p->interventions[i];
		printf("  %-6s %-9s max %-18s %s (%s)\n", iv->code, iv->scheme,
		       span_str(&iv->max_duration, s, sizeof(s)), iv->name, iv->m.rule);
	}
	if (p->n_rates)
		printf("\nRates (monthly):\n");
	for (size_t i = 0; i < p->n_rates; i++) {
		const struct rules_rate *r = &p->rates[i];
		printf("  %-9s %-12s %-23s %s\n", r->scheme ? r->scheme : r->intervention,
		       r->known ? money_format_sv(r->monthly, m) : "(not given)",
		       valid_str(&r->m.valid, vd, sizeof(vd)), r->m.rule);
	}
	show_params("Billing", p->billing, p->n_billing);
	show_params("Limits", p->limits, p->n_limits);
	if (p->n_deadlines)
		printf("\nDeadlines:\n");
	for (size_t i = 0; i < p->n_deadlines; i++) {
		const struct rules_deadline *d = &p->deadlines[i];
		if (d->kind == RULES_DL_MONTHLY)
			snprintf(s, sizeof(s), "day %d of next month", d->due_day);
		else
			span_str(&d->offset, s, sizeof(s));
		printf("  %-28s %-14s %-30s %-22s %-6s %s\n", d->id, d->actor,
		       d->from ? d->from : d->each, s, d->roll_forward ? "roll" : "", d->m.rule);
	}
	if (p->n_target_groups)
		printf("\nTarget groups:\n");
	for (size_t i = 0; i < p->n_target_groups; i++)
		printf("  %-32s %s%s (%s)\n", p->target_groups[i].id, p->target_groups[i].name,
		       p->target_groups[i].gate ? "" : " [guidance]", p->target_groups[i].m.rule);
	if (p->n_dk_groups)
		printf("\nDanish target groups:\n");
	for (size_t i = 0; i < p->n_dk_groups; i++)
		printf("  %-8s %-14s %s, valid %s (%s)\n", p->dk_groups[i].id, p->dk_groups[i].lab,
		       p->dk_groups[i].name, valid_str(&p->dk_groups[i].m.valid, vd, sizeof(vd)),
		       p->dk_groups[i].m.rule);
	printf("\nSections: schemes %zu, interventions %zu, rates %zu, supplements %zu, bonus "
	       "%zu, billing %zu, limits %zu, deadlines %zu, report_templates %zu, "
	       "target_groups %zu, rotation %zu, meeting_slots %zu, intake_exceptions %zu, "
	       "dk_groups %zu, visitation %zu, progression_indicators %zu, kpis %zu, "
	       "outflow_destinations %zu, kpi_fixtures %zu, offers %zu, goals %zu, quotas %zu, "
	       "reference_figures %zu, activity_support %zu, exit_rules %zu, referrals %zu, "
	       "retention %zu, reforms %zu\n",
	       p->n_schemes, p->n_interventions, p->n_rates, p->n_supplements, p->n_bonus,
	       p->n_billing, p->n_limits, p->n_deadlines, p->n_report_templates, p->n_target_groups,
	       p->n_rotation, p->n_meeting_slots, p->n_intake_exceptions, p->n_dk_groups,
	       p->n_visitation, p->n_progression_indicators, p->n_kpis, p->n_outflow_destinations,
	       p->n_kpi_fixtures, p->n_offers, p->n_goals, p->n_quotas, p->n_reference_figures,
	       p->n_activity_support, p->n_exit_rules, p->n_referrals, p->n_retention,
	       p->n_reforms);
}

static int rules_show(const char *path)
{
	struct rules_pack p;
	struct rules_problems ps;
	struct buf b;
	struct sv_error err = SV_ERROR_INIT;
	int status = 0;

	rules_pack_init(&p);
	rules_problems_init(&ps);
	buf_init(&b, PACK_MAX_BYTES);
	if (buf_read_file(&b, path, path, &err)) {
		printf("%s: %s\n", path, err.msg);
		status = 1;
		goto out;
	}
	if (rules_pack_load(&p, path, b.data, b.len, &ps)) {
		print_problems(&ps, 0);
		status = 1;
		goto out;
	}
	show_pack(&p);
out:
	buf_release(&b);
	rules_problems_release(&ps);
	rules_pack_release(&p);
	return status;
}

int cmd_rules(int argc, char **argv)
{
	int first = 2;

	if (cli_help_requested("rules", argc, argv))
		return 0;
	if (argc < 2)
		return cli_usage_error("rules", "missing subcommand (check or show)");
	if (argc > 2 && !strcmp(argv[2], "--"))
		first = 3;
	for (int i = first; i < argc && first == 2; i++)
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("rules", "unknown option '%s'", argv[i]);
	if (!strcmp(argv[1], "check")) {
		if (argc <= first)
			return cli_usage_error("rules", "check needs at least one FILE");
		return rules_check(argc - first, argv + first);
	}
	if (!strcmp(argv[1], "show")) {
		if (argc - first != 1)
			return cli_usage_error("rules", "show takes exactly one FILE");
		return rules_show(argv[first]);
	}
	return cli_usage_error("rules", "unknown subcommand '%s' (check or show)", argv[1]);
}
