/*
 * stegvis calendar - the working-day calendars of Sweden and Denmark
 * (CAL-3, CAL-4) on the command line:
 *
 *   stegvis calendar holidays --country SE|DK YEAR
 *   stegvis calendar next-working-day --country SE|DK DATE
 *   stegvis calendar add-working-days --country SE|DK DATE N
 *
 * A thin adapter: parse and validate the arguments, call core/calendar.c,
 * print. Exit 0 on success, 2 on a usage error (one line on stderr naming the
 * argument and the rule), 1 when the output cannot be written.
 */
#include "cli/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "stegvis/calendar.h"

/* The parsed arguments of one subcommand. */
struct cal_args {
	const char *cmd; /* "calendar holidays", for messages */
	const char *country;
	const char *pos[2];
	int npos;
};

struct cal_sub {
	const char *name;
	int nargs;               /* positional arguments after the options */
	const char *const *args; /* their names and forms, for messages */
	const char *usage;
	const char *help;
	int (*run)(const struct cal_args *a, enum cal_country c);
};

static int run_holidays(const struct cal_args *a, enum cal_country c);
static int run_next(const struct cal_args *a, enum cal_country c);
static int run_add(const struct cal_args *a, enum cal_country c);

#define YEAR_ARG "YEAR: missing, expected a year 1900-2199 (CAL-3)"
#define DATE_ARG "DATE: missing, expected a date YYYY-MM-DD (ISO-8601)"
#define N_ARG    "N: missing, expected a whole number 0 or more (CAL-3)"

static const char *const year_args[] = {YEAR_ARG};
static const char *const date_args[] = {DATE_ARG};
static const char *const date_n_args[] = {DATE_ARG, N_ARG};

static const struct cal_sub subs[] = {
        {"holidays", 1, year_args, "stegvis calendar holidays --country SE|DK YEAR",
         "Print the named non-working days of YEAR (1900-2199), one line each, sorted by\n"
         "date: YYYY-MM-DD, a tab, the Swedish or Danish name (CAL-3, CAL-3a).",
         run_holidays},
        {"next-working-day", 1, date_args, "stegvis calendar next-working-day --country SE|DK DATE",
         "Print DATE (YYYY-MM-DD) when it is a working day, else the next working day:\n"
         "Monday-Friday and not a named day of CAL-3. This is also where a deadline\n"
         "falling on DATE moves to (CAL-4).",
         run_next},
        {"add-working-days", 2, date_n_args,
         "stegvis calendar add-working-days --country SE|DK DATE N",
         "Print the N-th working day after DATE; DATE itself never counts. N is a\n"
         "whole number 0 or more; N = 0 gives the next working day of DATE (CAL-3).",
         run_add},
};

#define NSUBS (sizeof(subs) / sizeof(subs[0]))

static void print_help(void)
{
	printf("usage: ");
	for (size_t i = 0; i < NSUBS; i++)
		printf("%s%s\n", i ? "       " : "", subs[i].usage);
	printf("\nWorking-day calendars of Sweden (SE) and Denmark (DK): Monday-Friday that\n"
	       "are not public holidays or the eves and days off treated as such (CAL-3).\n"
	       "Dates are YYYY-MM-DD; supported years are %d-%d.\n\n"
	       "Run 'stegvis calendar SUBCOMMAND --help' for one subcommand.\n",
	       CAL_MIN_YEAR, CAL_MAX_YEAR);
}

static int fail(const char *cmd, const struct sv_error *err)
{
	char msg[600];

	sv_error_format(err, msg, sizeof(msg));
	return cli_usage_error(cmd, "%s", msg);
}

/* Output is complete only when it reached stdout. */
static int flushed(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "stegvis calendar: cannot write the output\n");
		return 1;
	}
	return 0;
}

/* A whole number of decimal digits only (no sign, no blanks), at most max. */
static enum sv_rc parse_count(const char *s, long max, long *out, const char *field,
                              const char *what, struct sv_error *err)
{
	char *end;
	long v;

	if (!*s || strspn(s, "0123456789") != strlen(s))
		return sv_error_set(err, SV_EINVAL, field, "CAL-3", "expected %s, got \"%.32s\"",
		                    what, s);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno == ERANGE || *end || v > max)
		return sv_error_set(err, SV_ERANGE, field, "CAL-3", "%.32s is too large", s);
	*out = v;
	return SV_OK;
}

static enum sv_rc parse_date(const char *s, const char *field, sv_date *d, struct sv_error *err)
{
	enum sv_rc rc = date_parse(s, strlen(s), d, field, err);

	return rc ? rc : cal_check_date(*d, field, err);
}

static int run_holidays(const struct cal_args *a, enum cal_country c)
{
	struct sv_error err = SV_ERROR_INIT;
	struct cal_day days[CAL_MAX_NAMED_DAYS];
	size_t n;
	long year;

	if (parse_count(a->pos[0], INT_MAX, &year, "YEAR", "a year such as 2024", &err) ||
	    cal_check_year((int)year, "YEAR", &err) ||
	    cal_named_days(c, (int)year, days, CAL_MAX_NAMED_DAYS, &n, &err))
		return fail(a->cmd, &err);
	for (size_t i = 0; i < n; i++) {
		char s[SV_DATE_STRLEN];
		printf("%s\t%s\n", date_format(days[i].date, s), days[i].name);
	}
	return flushed();
}

static int run_next(const struct cal_args *a, enum cal_country c)
{
	struct sv_error err = SV_ERROR_INIT;
	char s[SV_DATE_STRLEN];
	sv_date d, next;

	if (parse_date(a->pos[0], "DATE", &d, &err) ||
	    cal_next_working_day(c, d, &next, "DATE", &err))
		return fail(a->cmd, &err);
	printf("%s\n", date_format(next, s));
	return flushed();
}

static int run_add(const struct cal_args *a, enum cal_country c)
{
	struct sv_error err = SV_ERROR_INIT;
	char s[SV_DATE_STRLEN];
	sv_date d, out;
	long n;

	if (parse_date(a->pos[0], "DATE", &d, &err) ||
	    parse_count(a->pos[1], INT_MAX, &n, "N", "a whole number 0 or more", &err) ||
	    cal_add_working_days(c, d, (int)n, &out, "N", &err))
		return fail(a->cmd, &err);
	printf("%s\n", date_format(out, s));
	return flushed();
}

/* "-" followed by a digit is a (negative) number, not an option. */
static bool is_option(const char *s)
{
	return s[0] == '-' && s[1] && !(s[1] >= '0' && s[1] <= '9');
}

int cmd_calendar(int argc, char **argv)
{
	const struct cal_sub *sub = NULL;
	struct sv_error err = SV_ERROR_INIT;
	struct cal_args a = {0};
	char cmd[64];
	enum cal_country c;
	bool options = true;

	if (argc < 2)
		return cli_usage_error("calendar", "missing subcommand: holidays, next-working-day "
		                                   "or add-working-days");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_help();
		return 0;
	}
	for (size_t i = 0; i < NSUBS; i++)
		if (!strcmp(argv[1], subs[i].name))
			sub = &subs[i];
	if (!sub)
		return cli_usage_error("calendar",
		                       "unknown subcommand '%.40s': use holidays, next-working-day "
		                       "or add-working-days",
		                       argv[1]);
	snprintf(cmd, sizeof(cmd), "calendar %s", sub->name);
	a.cmd = cmd;

	/* --help wins over any other argument before "--". */
	for (int i = 2; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: %s\n\n%s\n", sub->usage, sub->help);
			return 0;
		}
	}
	for (int i = 2; i < argc; i++) {
		const char *s = argv[i];

		if (options && !strcmp(s, "--")) {
			options = false;
		} else if (options && (!strcmp(s, "--country") || !strncmp(s, "--country=", 10))) {
			if (a.country)
				return cli_usage_error(cmd, "--country: given twice (CAL-3)");
			if (s[9] == '=') {
				a.country = s + 10;
			} else if (i + 1 < argc) {
				a.country = argv[++i];
			} else {
				return cli_usage_error(cmd, "--country: missing value SE or DK "
				                            "(CAL-3)");
			}
		} else if (options && is_option(s)) {
			return cli_usage_error(cmd, "unknown option '%.40s'", s);
		} else if (a.npos < sub->nargs) {
			a.pos[a.npos++] = s;
		} else {
			return cli_usage_error(cmd, "unexpected argument '%.40s'", s);
		}
	}
	if (!a.country)
		return cli_usage_error(cmd, "--country: missing, expected SE or DK (CAL-3)");
	if (cal_country_parse(a.country, strlen(a.country), &c, "--country", &err))
		return fail(cmd, &err);
	if (a.npos < sub->nargs)
		return cli_usage_error(cmd, "%s", sub->args[a.npos]);
	return sub->run(&a, c);
}
