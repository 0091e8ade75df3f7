/* Helpers shared by the CLI commands (see cli.h). */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service/authz.h"
#include "stegvis/ics.h"
#include "stegvis/store.h"

const struct cli_cmd *cli_find(const char *name)
{
	for (const struct cli_cmd *c = cli_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "stegvis %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'stegvis %s --help')\n", cmd);
	return 2;
}

bool cli_help_requested(const char *cmd, int argc, char **argv)
{
	const struct cli_cmd *c = cli_find(cmd);

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			if (c)
				printf("usage: %s\n\n%s\n", c->usage, c->summary);
			return true;
		}
	}
	return false;
}

int cli_today(const char *cmd, const char *on, sv_date *today)
{
	struct sv_error err = SV_ERROR_INIT;
	const char *src = on ? on : getenv("STEGVIS_TODAY");

	if (src && *src) {
		if (date_parse(src, strlen(src), today, on ? "--on" : "STEGVIS_TODAY", &err)) {
			char msg[600];
			sv_error_format(&err, msg, sizeof(msg));
			return cli_usage_error(cmd, "%s", msg);
		}
		return 0;
	}
	{
		time_t now = time(NULL);
		struct tm tm;
		/* CAL-1: the municipality's civil date. */
		setenv("TZ", "Europe/Stockholm", 1);
		tzset();
		localtime_r(&now, &tm);
		*today = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	}
	return 0;
}

int cli_acting_user(const char *cmd, struct store *st, int64_t tenant, const char *name,
                    struct actor *who)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_user u = {0};
	int status = 0;

	if (store_user_get_by_username(st, tenant, name, &u, &err)) {
		fprintf(stderr, "stegvis %s: --as: no user '%s' in the tenant\n", cmd, name);
		return 1;
	}
	if (u.disabled) {
		fprintf(stderr, "stegvis %s: --as: the user '%s' is disabled\n", cmd, name);
		status = 1;
	}
	memset(who, 0, sizeof(*who));
	who->user_id = u.id;
	who->role = authz_role_parse(u.role);
	who->unit_id = u.unit_id;
	who->provider_id = u.provider_id;
	store_user_release(&u);
	return status;
}

int64_t cli_now_us(bool fixed, sv_date today)
{
	struct timespec ts;

	if (fixed) {
		struct ics_civil c = {today, 12, 0, 0};
		ics_time t;
		if (ics_from_civil(ICS_STOCKHOLM, &c, &t, "--on", NULL) == SV_OK)
			return t;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

bool cli_day_fixed(const char *on)
{
	const char *env = getenv("STEGVIS_TODAY");
	return on || (env && *env);
}

const char **cli_common_slot(struct cli_common *c, const char *opt)
{
	if (!strcmp(opt, "--db"))
		return &c->db;
	if (!strcmp(opt, "--tenant"))
		return &c->tenant;
	if (!strcmp(opt, "--on"))
		return &c->on;
	if (!strcmp(opt, "--as"))
		return &c->as;
	return NULL;
}
