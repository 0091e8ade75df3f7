/*
 * cli.h - the command table of the stegvis binary and helpers shared by the
 * cmd_<name>.c files. A command gets argv with argv[0] == its own name and
 * returns the process exit status: 0 success, 1 a negative answer or a
 * failed operation, 2 a usage error (one line on stderr).
 */
#ifndef SV_CLI_H
#define SV_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "stegvis/date.h"

struct cli_cmd {
	const char *name;
	const char *summary;
	const char *usage; /* full --help text, lines after "usage: " */
	int (*run)(int argc, char **argv);
};

/* The table, NULL-terminated, defined in main.c. */
extern const struct cli_cmd cli_commands[];

const struct cli_cmd *cli_find(const char *name);

/* Print "stegvis NAME: message" plus a hint and return 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True when argv holds --help or -h; prints the command's usage to stdout. */
bool cli_help_requested(const char *cmd, int argc, char **argv);

/*
 * "Today" for commands that need it: --on DATE wins, then the STEGVIS_TODAY
 * environment variable, then the system clock in Europe/Stockholm (CAL-1).
 * Returns 0 or a usage-error exit status (2).
 */
int cli_today(const char *cmd, const char *on, sv_date *today);

/* Commands (one cmd_<name>.c each). */
int cmd_calendar(int argc, char **argv);
int cmd_personid(int argc, char **argv);
int cmd_prorate(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_rotation(int argc, char **argv);
int cmd_deadlines(int argc, char **argv);
int cmd_billing(int argc, char **argv);
int cmd_tenant(int argc, char **argv);
int cmd_demo(int argc, char **argv);

struct store;
/*
 * Open the store at db (or the default), migrate it and find the tenant with
 * code tenant_code, creating it when create is true. Prints the error and
 * returns 1 on failure; 0 with *st open otherwise.
 */
int cli_store_open(const char *cmd, const char *db, const char *tenant_code, bool create,
                   struct store **st, int64_t *tenant);

/* The options of a command that works on a tenant's store for a person. */
struct cli_common {
	const char *db;     /* --db URL */
	const char *tenant; /* --tenant CODE */
	const char *on;     /* --on DATE */
	const char *as;     /* --as USERNAME */
};
/* Where the value of opt goes when it is one of c's options, else NULL. */
const char **cli_common_slot(struct cli_common *c, const char *opt);

struct actor;
/*
 * The acting user of a command that acts for a person (--as USERNAME of the
 * tenant; four eyes on billing runs, X-1 on tenant settings). Fills *who and
 * returns 0; prints the reason and returns 1 when there is no such user or
 * the user is disabled.
 */
int cli_acting_user(const char *cmd, struct store *st, int64_t tenant, const char *name,
                    struct actor *who);

/*
 * The time of a command's writes (µs since the epoch): the clock, or noon in
 * Sweden on today when the day is fixed (--on or $STEGVIS_TODAY), so that a
 * change made "on" a day is also dated then.
 */
int64_t cli_now_us(bool fixed, sv_date today);
/* True when the command's day is fixed: --on given or $STEGVIS_TODAY set. */
bool cli_day_fixed(const char *on);

#endif
