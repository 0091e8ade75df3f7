/*
 * stegvis tenant show|set: the municipality's own settings (src/service/
 * tenant.h) from the command line: its organisation number (ID-4) and the
 * accounts its billing runs are booked on in the SIE 4 export.
 *
 * The acting user is named with --as USERNAME (an admin changes, finance
 * and the dpo read); without it the command acts as the system, as an
 * operator on the server.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service/tenant.h"
#include "stegvis/store.h"

static const char cmd[] = "tenant";

#define MAX_ACCOUNTS 16

struct tenant_args {
	const char *sub;
	const char *format;
	struct cli_common co;
	struct tenant_change change;
	const char *accounts[MAX_ACCOUNTS];
	size_t n_accounts;
	bool any_change;
};

static int fail(const struct sv_error *err)
{
	char msg[600];

	sv_error_format(err, msg, sizeof(msg));
	fprintf(stderr, "stegvis %s: %s\n", cmd, msg);
	return 1;
}

static int parse(int argc, char **argv, struct tenant_args *a)
{
	memset(a, 0, sizeof(*a));
	a->co.tenant = getenv("STEGVIS_TENANT");
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char **slot = NULL;
		bool change = false;

		if (o[0] != '-') {
			if (a->sub)
				return cli_usage_error(cmd, "unexpected argument '%s'", o);
			a->sub = o;
			continue;
		}
		if (!strcmp(o, "--format"))
			slot = &a->format;
		else if (!strcmp(o, "--org-no"))
			slot = &a->change.org_no, change = true;
		else if (!strcmp(o, "--supplier-account"))
			slot = &a->change.supplier_account, change = true;
		else if (!strcmp(o, "--cost-centre"))
			slot = &a->change.cost_centre, change = true;
		else if (!(slot = cli_common_slot(&a->co, o)) && strcmp(o, "--account"))
			return cli_usage_error(cmd, "unknown option %s", o);
		if (!v)
			return cli_usage_error(cmd, "%s needs a value", o);
		if (slot) {
			*slot = v;
		} else {
			if (a->n_accounts == MAX_ACCOUNTS)
				return cli_usage_error(cmd, "--account: at most %d", MAX_ACCOUNTS);
			a->accounts[a->n_accounts++] = v;
			change = true;
		}
		a->any_change |= change;
		i++;
	}
	if (!a->sub)
		return cli_usage_error(cmd, "expected show or set");
	if (strcmp(a->sub, "show") && strcmp(a->sub, "set"))
		return cli_usage_error(cmd, "unknown subcommand '%s'", a->sub);
	if (!strcmp(a->sub, "show") && a->any_change)
		return cli_usage_error(cmd, "--org-no, --account, --supplier-account and "
		                            "--cost-centre belong to set");
	if (!strcmp(a->sub, "set") && !a->any_change)
		return cli_usage_error(cmd, "set needs --org-no, --account, --supplier-account or "
		                            "--cost-centre");
	if (a->format && strcmp(a->format, "text") && strcmp(a->format, "json"))
		return cli_usage_error(cmd, "--format is text or json");
	if (!a->co.tenant || !*a->co.tenant)
		a->co.tenant = "default";
	return 0;
}

static void show_text(const struct tenant_settings *t)
{
	const struct billing_ledger *l = &t->ledger;

	printf("tenant %s: %s (%s)\n", t->code, t->name, t->country);
	printf("org.nr: %s\n", t->org_no[0] ? t->org_no : "(not set)");
	for (int i = 0; i < BILLING_LEDGER_COUNT; i++) {
		const char *b = billing_ledger_basis_name((enum billing_ledger_basis)i);
		if (l->expense[i])
			printf("account %s: %d\n", b, l->expense[i]);
		else
			printf("account %s: (the account of its basis)\n", b);
	}
	printf("supplier account: %d\n", l->supplier);
	printf("cost centre: %s\n", l->cost_centre[0] ? l->cost_centre : "(none)");
}

static int show(const struct tenant_args *a, const struct tenant_settings *t)
{
	if (a->format && !strcmp(a->format, "json")) {
		json_t *o = tenant_settings_json(t);
		char *s = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
		json_decref(o);
		if (!s) {
			fprintf(stderr, "stegvis %s: out of memory\n", cmd);
			return 1;
		}
		printf("%s\n", s);
		free(s);
		return 0;
	}
	show_text(t);
	return 0;
}

int cmd_tenant(int argc, char **argv)
{
	struct tenant_args a;
	struct sv_error err = SV_ERROR_INIT;
	struct tenant_settings t;
	struct store *st = NULL;
	struct actor who;
	struct svc s = {0};
	int64_t tenant = 0;
	sv_date today = 0;
	int status;

	if (cli_help_requested(cmd, argc, argv))
		return 0;
	if ((status = parse(argc, argv, &a)))
		return status;
	for (size_t i = 0; i < a.n_accounts; i++)
		if (tenant_change_account(&a.change, a.accounts[i], "--account", &err))
			return fail(&err);
	if ((status = cli_today(cmd, a.co.on, &today)))
		return status;
	tenant_settings_init(&t);
	if (cli_store_open(cmd, a.co.db, a.co.tenant, false, &st, &tenant)) {
		status = 1;
		goto out;
	}
	s.st = st;
	s.tenant = tenant;
	s.today = today;
	s.now = cli_now_us(cli_day_fixed(a.co.on), today);
	if (a.co.as) {
		if ((status = cli_acting_user(cmd, st, tenant, a.co.as, &who)))
			goto out;
		s.who = &who;
	}
	if (!strcmp(a.sub, "set"))
		status = tenant_settings_update(&s, &a.change, &t, &err) ? fail(&err) : 0;
	else
		status = tenant_settings_get(&s, &t, &err) ? fail(&err) : 0;
	if (!status)
		status = show(&a, &t);
out:
	tenant_settings_release(&t);
	store_close(st);
	return status;
}
