/*
 * stegvis billing run|confirm|show|list: the payment runs of a month
 * (KV-62, KV-63, KV-70 ... KV-74, JP-7, JP-8) from the command line, through
 * the same use cases as the API (src/service/billing_runs.h).
 *
 * The acting user is named with --as USERNAME (four eyes: the finance user
 * who prepared a run cannot confirm it); without it the command acts as the
 * system, which may preview and prepare but never confirm.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service/billing_export.h"
#include "service/billing_runs.h"
#include "service/rulebook.h"
#include "stegvis/store.h"

static const char cmd[] = "billing";

struct billing_args {
	const char *sub;
	const char *month, *format, *out, *rules, *run;
	struct cli_common co;
	int64_t provider;
	bool dry_run, full;
};

static int fail(const struct sv_error *err)
{
	char msg[600];

	sv_error_format(err, msg, sizeof(msg));
	fprintf(stderr, "stegvis %s: %s\n", cmd, msg);
	return 1;
}

static int parse_id(const char *opt, const char *v, int64_t *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || errno || n < 1)
		return cli_usage_error(cmd, "%s: expected a positive id, got '%s'", opt, v);
	*out = n;
	return 0;
}

/* Options may come before or after the subcommand; positionals are SUB [RUN]. */
static int parse(int argc, char **argv, struct billing_args *a)
{
	memset(a, 0, sizeof(*a));
	a->co.tenant = getenv("STEGVIS_TENANT");
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char **slot = NULL;

		if (!strcmp(o, "--dry-run")) {
			a->dry_run = true;
			continue;
		}
		if (!strcmp(o, "--full")) {
			a->full = true;
			continue;
		}
		if (o[0] != '-') {
			if (!a->sub)
				a->sub = o;
			else if (!a->run)
				a->run = o;
			else
				return cli_usage_error(cmd, "unexpected argument '%s'", o);
			continue;
		}
		if (!strcmp(o, "--month"))
			slot = &a->month;
		else if (!strcmp(o, "--format"))
			slot = &a->format;
		else if (!strcmp(o, "--out"))
			slot = &a->out;
		else if (!strcmp(o, "--rules"))
			slot = &a->rules;
		else if (!(slot = cli_common_slot(&a->co, o)) && strcmp(o, "--provider"))
			return cli_usage_error(cmd, "unknown option %s", o);
		if (!v)
			return cli_usage_error(cmd, "%s needs a value", o);
		if (slot)
			*slot = v;
		else if (parse_id(o, v, &a->provider))
			return 2;
		i++;
	}
	if (!a->sub)
		return cli_usage_error(cmd, "expected run, confirm, show or list");
	if (strcmp(a->sub, "run") && strcmp(a->sub, "confirm") && strcmp(a->sub, "show") &&
	    strcmp(a->sub, "list"))
		return cli_usage_error(cmd, "unknown subcommand '%s'", a->sub);
	if (a->run && strcmp(a->sub, "confirm") && strcmp(a->sub, "show"))
		return cli_usage_error(cmd, "unexpected argument '%s'", a->run);
	if (!a->co.tenant || !*a->co.tenant)
		a->co.tenant = "default";
	if (!strcmp(a->sub, "run") && !a->month)
		return cli_usage_error(cmd, "run needs --month YYYY-MM");
	if (strcmp(a->sub, "run") && (a->dry_run || a->month || a->full))
		return cli_usage_error(cmd, "--dry-run, --full and --month belong to run");
	if ((!strcmp(a->sub, "confirm") || !strcmp(a->sub, "show")) && !a->run)
		return cli_usage_error(cmd, "%s needs a RUN id", a->sub);
	return 0;
}

/* Write the view in the requested format to --out or stdout. */
static int emit(const struct billing_args *a, const struct billing_view *v)
{
	struct sv_error err = SV_ERROR_INIT;
	struct buf out = BUF_INIT;
	enum billing_format f = BILLING_FMT_JSON;
	FILE *fp = stdout;
	int status = 0;

	buf_init(&out, (size_t)1 << 31);
	if (a->format && billing_format_parse(a->format, &f, "--format", &err)) {
		buf_release(&out);
		return fail(&err);
	}
	if (billing_export(v, f, &out, &err)) {
		buf_release(&out);
		return fail(&err);
	}
	if (a->out && !(fp = fopen(a->out, "wb"))) {
		fprintf(stderr, "stegvis %s: --out %s: %s\n", cmd, a->out, strerror(errno));
		buf_release(&out);
		return 1;
	}
	if (fwrite(out.data, 1, out.len, fp) != out.len || (fp != stdout && fclose(fp))) {
		fprintf(stderr, "stegvis %s: cannot write the output: %s\n", cmd, strerror(errno));
		status = 1;
	}
	buf_release(&out);
	return status;
}

/* One line per provider and the total, in Swedish number format. */
static void summary(const struct billing_view *v)
{
	char mon[SV_DATE_STRLEN], m[SV_MONEY_STRLEN];

	date_format(v->month, mon);
	mon[7] = '\0';
	if (v->run_id)
		printf("run %lld for %s (%s): %lld lines, %lld notices, total %s\n",
		       (long long)v->run_id, mon, v->state, (long long)v->n_lines,
		       (long long)v->n_notices, money_format_sv(v->total, m));
	else
		printf("preview for %s (nothing stored): %lld lines, %lld notices, total %s\n", mon,
		       (long long)v->n_lines, (long long)v->n_notices,
		       money_format_sv(v->total, m));
	if (v->n_unpriced)
		printf("  not billed: %lld interventions or bonus claims of schemes the rule packs "
		       "give "
		       "no amount for (KV-70, JP-8)\n",
		       (long long)v->n_unpriced);
	for (size_t i = 0; i < v->n_sums; i++)
		printf("  provider %lld %s: %lld lines, %lld notices, %s\n",
		       (long long)v->sums[i].provider_id, v->sums[i].provider_name,
		       (long long)v->sums[i].n_lines, (long long)v->sums[i].n_notices,
		       money_format_sv(v->sums[i].amount, m));
}

static int list_runs(const struct svc *s)
{
	struct sv_error err = SV_ERROR_INIT;
	struct billing_run_items l = {0};
	struct store_page page = {0, STORE_PAGE_MAX};

	do {
		if (billing_runs_list(s, SV_NO_DATE, page, &l, &err))
			return fail(&err);
		for (size_t i = 0; i < l.n; i++) {
			char mon[SV_DATE_STRLEN], m[SV_MONEY_STRLEN];
			date_format(l.v[i].month, mon);
			mon[7] = '\0';
			printf("%lld\t%s\t%s\t%s\n", (long long)l.v[i].id, mon, l.v[i].state,
			       money_format_sv(l.v[i].total, m));
		}
		page.after = l.next;
		billing_run_items_release(&l);
	} while (page.after);
	return 0;
}

int cmd_billing(int argc, char **argv)
{
	struct billing_args a;
	struct sv_error err = SV_ERROR_INIT;
	struct store *st = NULL;
	struct rulebook rb;
	struct billing_view v;
	struct actor who;
	struct svc s = {0};
	int64_t tenant = 0, run = 0;
	sv_date today = 0, month = SV_NO_DATE;
	int status;

	if (cli_help_requested(cmd, argc, argv))
		return 0;
	if ((status = parse(argc, argv, &a)))
		return status;
	if (a.run && parse_id("RUN", a.run, &run))
		return 2;
	if (a.format) {
		enum billing_format f;
		if (billing_format_parse(a.format, &f, "--format", &err))
			return cli_usage_error(cmd, "--format is json, csv, xlsx, pdf or sie");
	}
	if (a.month && date_parse_month(a.month, strlen(a.month), &month, "--month", &err))
		return cli_usage_error(cmd, "--month: expected YYYY-MM, got '%s'", a.month);
	if ((status = cli_today(cmd, a.co.on, &today)))
		return status;
	billing_view_init(&v);
	rulebook_init(&rb);
	if (rulebook_load_dir(&rb, a.rules ? a.rules : rulebook_default_dir(), NULL, &err)) {
		status = fail(&err);
		goto out;
	}
	if (cli_store_open(cmd, a.co.db, a.co.tenant, false, &st, &tenant)) {
		status = 1;
		goto out;
	}
	s.st = st;
	s.tenant = tenant;
	s.today = today;
	s.now = cli_now_us(cli_day_fixed(a.co.on), today);
	s.rules = &rb;
	if (a.co.as) {
		if ((status = cli_acting_user(cmd, st, tenant, a.co.as, &who)))
			goto out;
		s.who = &who;
	}
	if (!strcmp(a.sub, "list")) {
		status = list_runs(&s);
		goto out;
	}
	if (!strcmp(a.sub, "run")) {
		struct billing_request r = {month, a.dry_run, a.format || a.out, a.provider,
		                            a.full};
		if (billing_runs_prepare(&s, &r, &v, &err)) {
			status = fail(&err);
			goto out;
		}
	} else if (!strcmp(a.sub, "confirm")) {
		if (billing_runs_confirm(&s, run, &v, &err)) {
			status = fail(&err);
			goto out;
		}
		if (v.already && !a.format && !a.out)
			printf("run %lld was confirmed already; nothing changed\n", (long long)run);
	} else {
		if (billing_runs_get(&s, run, a.provider, a.format || a.out, &v, &err)) {
			status = fail(&err);
			goto out;
		}
	}
	if (a.format || a.out)
		status = emit(&a, &v);
	else
		summary(&v);
out:
	billing_view_release(&v);
	store_close(st);
	rulebook_release(&rb);
	return status;
}
