/* stegvis serve: the JSON API server (src/http/). */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/http.h"
#include "stegvis/log.h"

static int num(const char *opt, const char *v, long long min, long long max, long long *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || errno || n < min || n > max)
		return cli_usage_error("serve",
		                       "%s: expected an integer from %lld to %lld, got '%s'", opt,
		                       min, max, v);
	*out = n;
	return 0;
}

/*
 * A fixed "today" (--on, STEGVIS_TODAY) moves the whole clock, not only the
 * date: timestamps (a document's submission, a message, the access log) fall
 * on that day at the real time of day and keep advancing, so a demo or a test
 * never mixes the fixed date with the real one (until the real clock passes
 * midnight: a server started with --on is meant for a day of tests or demo).
 */
struct shifted_clock {
	int64_t offset_ms;
};

static int64_t shifted_now(void *ctx)
{
	const struct shifted_clock *k = ctx;
	return sv_now_real(NULL) + k->offset_ms;
}

static int64_t offset_to(sv_date today)
{
	time_t t = (time_t)(sv_now_real(NULL) / 1000);
	struct tm tm;

	localtime_r(&t, &tm); /* CAL-1: TZ is Europe/Stockholm by now */
	return ((int64_t)today - date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday)) *
	       86400000;
}

int cmd_serve(int argc, char **argv)
{
	struct http_config c;
	struct shifted_clock clock = {0};
	struct sv_error err = SV_ERROR_INIT;
	const char *db = NULL, *on = NULL, *env_tenant = getenv("STEGVIS_TENANT");
	char msg[600];
	long long n = 0;
	int st;

	if (cli_help_requested("serve", argc, argv))
		return 0;
	http_config_init(&c);
	if (env_tenant && *env_tenant)
		c.tenant = env_tenant;
	for (int i = 1; i < argc; i += 2) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			return cli_usage_error("serve", "%s needs a value", a);
		if (!strcmp(a, "--listen"))
			c.listen = v;
		else if (!strcmp(a, "--db"))
			db = v;
		else if (!strcmp(a, "--tenant"))
			c.tenant = v;
		else if (!strcmp(a, "--tls-cert"))
			c.tls_cert = v;
		else if (!strcmp(a, "--tls-key"))
			c.tls_key = v;
		else if (!strcmp(a, "--openapi"))
			c.openapi_path = v;
		else if (!strcmp(a, "--on"))
			on = v;
		else if (!strcmp(a, "--web"))
			c.web_dir = v;
		else if (!strcmp(a, "--threads")) {
			if (num(a, v, 0, 256, &n))
				return 2;
			c.threads = (unsigned)n;
		} else if (!strcmp(a, "--timeout")) {
			if (num(a, v, 1, 3600, &n))
				return 2;
			c.timeout_s = (unsigned)n;
		} else if (!strcmp(a, "--max-body")) {
			if (num(a, v, 64, 64 << 20, &n))
				return 2;
			c.max_body = (size_t)n;
		} else if (!strcmp(a, "--session-idle")) {
			if (num(a, v, 1, 86400 * 30, &n))
				return 2;
			c.policy.idle_ms = n * 1000;
		} else if (!strcmp(a, "--session-max")) {
			if (num(a, v, 1, 86400 * 30, &n))
				return 2;
			c.policy.absolute_ms = n * 1000;
		} else if (!strcmp(a, "--login-failures")) {
			if (num(a, v, 1, 1000, &n))
				return 2;
			c.policy.account_max_failures = (int)n;
		} else if (!strcmp(a, "--address-failures")) {
			if (num(a, v, 1, 100000, &n))
				return 2;
			c.policy.address_max_failures = (int)n;
		} else if (!strcmp(a, "--drain")) {
			if (num(a, v, 0, 3600, &n))
				return 2;
			c.drain_ms = n * 1000;
		} else if (!strcmp(a, "--log-level")) {
			int lvl = log_level_parse(v);
			if (lvl < 0)
				return cli_usage_error(
				        "serve", "--log-level: debug, info, warn, error or off");
			c.log.min = (enum log_level)lvl;
		} else {
			return cli_usage_error("serve", "unknown option %s", a);
		}
	}
	c.db_url = store_default_url(db);
	/* CAL-1: dates in the municipality's zone; set before any thread starts. */
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	if (on || getenv("STEGVIS_TODAY")) {
		sv_date today;
		if ((st = cli_today("serve", on, &today)))
			return st;
		c.today = today;
		clock.offset_ms = offset_to(today);
		c.now_ms = shifted_now;
		c.now_ctx = &clock;
	}
	if (auth_init()) {
		fprintf(stderr, "stegvis serve: cannot initialise libsodium\n");
		return 1;
	}
	if (http_serve(&c, &err)) {
		sv_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "stegvis serve: %s\n", msg);
		return 1;
	}
	return 0;
}
