/* stegvis - the command-line entry point: a table of subcommands. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

/* One line per command, usage text as --help prints it: kept unwrapped. */
/* clang-format off */
const struct cli_cmd cli_commands[] = {
	{"calendar", "Working-day calendars of Sweden and Denmark (CAL-3)", "stegvis calendar holidays|next-working-day|add-working-days --country SE|DK ARGS...", cmd_calendar}, /* @calendar */
	{"personid", "Check a Swedish or Danish personal identity number (ID-1, ID-2, ID-3)", "stegvis personid check [--country SE|DK] [--on DATE] NUMBER", cmd_personid}, /* @personid */
	{"prorate", "The amount payable for one month of an intervention (KV-71)", "stegvis prorate --monthly AMOUNT --month YYYY-MM --from DATE --to DATE", cmd_prorate}, /* @prorate */
	{"rules", "Check and show rule packs (docs/rules.md)", "stegvis rules check FILE... | stegvis rules show FILE", cmd_rules}, /* @rules */
	{"migrate", "Bring the database schema up to date (sql/)", "stegvis migrate [--db URL]", cmd_migrate},
	{"db", "Check the event chains (X-1) or show the schema version", "stegvis db verify|version [--db URL]", cmd_db},
	{"import", "Import a municipality's data, all or nothing (docs/import-format.md)", "stegvis import FILE [--db URL]", cmd_import},
	{"export", "Export a tenant's data in the import format", "stegvis export [FILE] [--tenant CODE] [--db URL]", cmd_export},
	{"backup", "Online backup of an SQLite database (docs/operations.md)", "stegvis backup FILE [--db URL]", cmd_backup},
	{"restore", "Replace an SQLite database by a backup", "stegvis restore FILE [--db URL]", cmd_restore},
	/* @store */
	{"rotation", "The default rotation of a scheme (KV-12)", "stegvis rotation --scheme SCHEME --from DATE --periods N [--db URL] [--tenant CODE] [--rules DIR]", cmd_rotation},
	{"deadlines", "What is due or overdue on a date; --sweep marks missed obligations", "stegvis deadlines [--on DATE] [--format text|json] [--until DATE] [--counsellor USERNAME | --provider ID] [--sweep] [--db URL] [--tenant CODE] [--rules DIR]", cmd_deadlines},
	{"billing", "Payment runs of a month: preview, prepare, confirm under four eyes, show (KV-70..KV-73)", "stegvis billing run --month YYYY-MM [--dry-run] [--full] [--format json|csv|xlsx|pdf|sie] [--out FILE] | stegvis billing confirm RUN | stegvis billing show RUN [--format F] [--out FILE] | stegvis billing list; options: [--as USERNAME] [--provider ID] [--db URL] [--tenant CODE] [--on DATE] [--rules DIR]", cmd_billing},
	{"demo", "Build the demo municipality: deterministic synthetic data (make run, benchmarks)", "stegvis demo [--customers N] [--seed S] [--on DATE] [--db URL] [--tenant CODE] [--batch N] [--rules DIR]", cmd_demo},
	{"tenant", "The municipality's settings: organisation number, ledger accounts of the SIE export", "stegvis tenant show [--format text|json] | stegvis tenant set [--org-no NNNNNN-NNNN] [--account BASIS=ACCOUNT]... [--supplier-account ACCOUNT] [--cost-centre CODE]; options: [--as USERNAME] [--db URL] [--tenant CODE] [--on DATE]", cmd_tenant},
	{"serve", "The JSON API server", "stegvis serve [--listen ADDR:PORT] [--db URL] [--tenant CODE] [--tls-cert FILE --tls-key FILE] [--threads N] [--timeout S] [--max-body BYTES] [--session-idle S] [--session-max S] [--login-failures N] [--address-failures N] [--drain S] [--log-level LEVEL] [--on DATE] [--web DIR] [--openapi FILE]", cmd_serve}, /* @serve */
	{"user", "Local accounts: add, change password, disable", "stegvis user add|passwd|disable USERNAME [--db URL] [--tenant CODE] [--role ROLE] [--name NAME] [--unit ID] [--provider ID] [--password-stdin]", cmd_user},
	{"token", "API tokens for integrations: create, revoke", "stegvis token create USERNAME [--name NAME] [--expires DATE] | stegvis token revoke ID [--db URL] [--tenant CODE]", cmd_token},
	{NULL, NULL, NULL, NULL},
};
/* clang-format on */

static void usage(FILE *f)
{
	fprintf(f, "usage: stegvis COMMAND [ARGS...]\n\nCommands:\n");
	for (const struct cli_cmd *c = cli_commands; c->name; c++)
		fprintf(f, "  %-18s %s\n", c->name, c->summary);
	fprintf(f, "\nRun 'stegvis COMMAND --help' for the arguments of one command.\n");
}

int main(int argc, char **argv)
{
	const struct cli_cmd *c;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	c = cli_find(argv[1]);
	if (!c) {
		fprintf(stderr, "stegvis: unknown command '%s' (see 'stegvis --help')\n", argv[1]);
		return 2;
	}
	return c->run(argc - 1, argv + 1);
}
