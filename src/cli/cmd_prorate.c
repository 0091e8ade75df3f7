/* stegvis prorate: the KV-71 amount payable for one month of an intervention. */
#include "cli/cli.h"

#include <string.h>

#include "stegvis/money.h"

static const char cmd[] = "prorate";

static const char options[] =
        "Prints the amount payable for MONTH for an intervention running from --from to\n"
        "--to inclusive, at a monthly voucher of AMOUNT (KV-71), in machine form (2196.40):\n"
        "a whole calendar month pays the voucher; a partial month pays voucher / 30 x days\n"
        "in it, never more than the voucher, rounded once to whole öre, half away from zero.\n"
        "\n"
        "Options (all required):\n"
        "  --monthly AMOUNT  the monthly voucher in kronor, e.g. 3876 or 3876.00 (KV-70)\n"
        "  --month YYYY-MM   the month to pay\n"
        "  --from DATE       first day of the intervention, YYYY-MM-DD\n"
        "  --to DATE         last day of the intervention, YYYY-MM-DD\n"
        "\n"
        "Exit 2 on a usage error (a bad amount, month or date, or --from after --to).\n";

struct prorate_args {
	const char *monthly, *month, *from, *to;
};

/* The value slot of a known option, or NULL. */
static const char **slot(struct prorate_args *a, const char *opt)
{
	if (!strcmp(opt, "--monthly"))
		return &a->monthly;
	if (!strcmp(opt, "--month"))
		return &a->month;
	if (!strcmp(opt, "--from"))
		return &a->from;
	if (!strcmp(opt, "--to"))
		return &a->to;
	return NULL;
}

static int bad_arg(const struct sv_error *err)
{
	char msg[600];
	sv_error_format(err, msg, sizeof(msg));
	return cli_usage_error(cmd, "%s", msg);
}

int cmd_prorate(int argc, char **argv)
{
	struct prorate_args a = {NULL, NULL, NULL, NULL};
	struct sv_error err = SV_ERROR_INIT;
	char out[SV_MONEY_STRLEN];
	sv_money monthly;
	sv_date month, from, to;

	if (cli_help_requested(cmd, argc, argv)) {
		printf("\n%s", options);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char **v = slot(&a, argv[i]);
		if (!v)
			return cli_usage_error(cmd, "unknown argument '%s'", argv[i]);
		if (i + 1 >= argc)
			return cli_usage_error(cmd, "%s needs a value", argv[i]);
		if (*v)
			return cli_usage_error(cmd, "%s given twice", argv[i]);
		*v = argv[++i];
	}
	if (!a.monthly || !a.month || !a.from || !a.to)
		return cli_usage_error(cmd, "missing %s",
		                       !a.monthly ? "--monthly AMOUNT"
		                       : !a.month ? "--month YYYY-MM"
		                       : !a.from  ? "--from DATE"
		                                  : "--to DATE");
	if (money_parse(a.monthly, strlen(a.monthly), &monthly, "--monthly", &err))
		return bad_arg(&err);
	if (monthly < 0)
		return cli_usage_error(cmd, "--monthly: a voucher is not negative, got %s (KV-70)",
		                       a.monthly);
	if (date_parse_month(a.month, strlen(a.month), &month, "--month", &err) ||
	    date_parse(a.from, strlen(a.from), &from, "--from", &err) ||
	    date_parse(a.to, strlen(a.to), &to, "--to", &err))
		return bad_arg(&err);
	if (from > to)
		return cli_usage_error(cmd,
		                       "--from: %s is after --to %s (KV-71: an intervention "
		                       "runs from its first to its last day)",
		                       a.from, a.to);
	printf("%s\n", money_format(money_prorate(monthly, month, from, to), out));
	return 0;
}
