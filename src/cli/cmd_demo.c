/*
 * stegvis demo: build the deterministic demo municipality (service/demo.h)
 * in a database, or report that it is already there. `make run` starts with
 * it and the benchmarks use it.
 *
 * Exit status: 0 when the demo data is there (made now or before), 1 when
 * the database refuses (a tenant with other data, an unfinished run, a
 * database error), 2 for a bad argument (named on stderr).
 */
#include "cli/cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "service/demo.h"
#include "service/rulebook.h"
#include "stegvis/store.h"

struct progress {
	bool tty;
	double t0;
};

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show_progress(void *ctx, size_t done, size_t total)
{
	struct progress *p = ctx;
	double dt = seconds() - p->t0;

	if (!p->tty)
		return;
	fprintf(stderr, "\rstegvis demo: %zu of %zu customers (%.0f/s)   ", done, total,
	        dt > 0 ? (double)done / dt : 0.0);
	if (done == total)
		fputc('\n', stderr);
}

/* A decimal integer in [min, max] for option opt, else a usage error naming it. */
static int parse_u64(const char *opt, const char *v, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long n;

	errno = 0;
	if (!v || !*v || *v < '0' || *v > '9')
		return cli_usage_error("demo",
		                       "%s: expected a whole number from %" PRIu64 " to %" PRIu64
		                       ", got '%s'",
		                       opt, min, max, v ? v : "");
	n = strtoull(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return cli_usage_error("demo",
		                       "%s: expected a whole number from %" PRIu64 " to %" PRIu64
		                       ", got '%s'",
		                       opt, min, max, v);
	*out = n;
	return 0;
}

static void print_logins(const struct demo_summary *s, const char *tenant)
{
	printf("Logins, one per role (no passwords are set: stegvis user passwd USER --tenant %s "
	       "--password-stdin):\n",
	       tenant);
	for (size_t i = 0; i < s->nlogins; i++)
		printf("login\t%s\t%s\t%s\n", s->logins[i].role, s->logins[i].username,
		       s->logins[i].display_name);
}

int cmd_demo(int argc, char **argv)
{
	struct demo_options o = {0};
	struct demo_summary s;
	struct rulebook rb;
	struct store *st = NULL;
	struct sv_error err = SV_ERROR_INIT;
	struct progress pr = {false, 0};
	const char *db = NULL, *on = NULL, *rules = NULL, *tenant = DEMO_TENANT_CODE;
	char msg[600], day[SV_DATE_STRLEN];
	uint64_t n = DEMO_DEFAULT_CUSTOMERS, seed = 1, batch = DEMO_DEFAULT_BATCH;
	int status = 0;
	enum sv_rc rc;

	if (cli_help_requested("demo", argc, argv))
		return 0;
	for (int i = 1; i < argc; i += 2) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strncmp(a, "--", 2))
			return cli_usage_error("demo", "unexpected argument '%s'", a);
		if (strcmp(a, "--customers") && strcmp(a, "--seed") && strcmp(a, "--on") &&
		    strcmp(a, "--db") && strcmp(a, "--tenant") && strcmp(a, "--batch") &&
		    strcmp(a, "--rules"))
			return cli_usage_error("demo", "unknown option %s", a);
		if (!v)
			return cli_usage_error("demo", "%s needs a value", a);
		if (!strcmp(a, "--customers")) {
			if (parse_u64(a, v, 1, DEMO_MAX_CUSTOMERS, &n))
				return 2;
		} else if (!strcmp(a, "--seed")) {
			if (parse_u64(a, v, 0, UINT64_MAX, &seed))
				return 2;
		} else if (!strcmp(a, "--batch")) {
			if (parse_u64(a, v, 1, 1000000, &batch))
				return 2;
		} else if (!strcmp(a, "--on")) {
			on = v;
		} else if (!strcmp(a, "--db")) {
			db = v;
		} else if (!strcmp(a, "--rules")) {
			rules = v;
		} else {
			tenant = v;
		}
	}
	if (!*tenant || strlen(tenant) > 40 ||
	    strspn(tenant, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(tenant))
		return cli_usage_error("demo", "--tenant: 1-40 of a-z, 0-9, _ and -, got '%s'",
		                       tenant);
	if ((status = cli_today("demo", on, &o.today)))
		return status;
	/* CAL-1: civil dates in the municipality's zone (obligations read it). */
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	o.tenant_code = tenant;
	o.customers = (size_t)n;
	o.seed = seed;
	o.batch = (size_t)batch;
	pr.tty = isatty(STDERR_FILENO);
	o.progress = show_progress;
	o.progress_ctx = &pr;

	rulebook_init(&rb);
	rc = rulebook_load_dir(&rb, rules, NULL, &err);
	if (!rc)
		rc = store_open(store_default_url(db), &st, &err);
	if (!rc)
		rc = store_migrate(st, NULL, NULL, &err);
	if (rc) {
		sv_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "stegvis demo: %s\n", msg);
		status = 1;
		goto out;
	}
	pr.t0 = seconds();
	rc = demo_generate(st, &rb, &o, &s, &err);
	if (rc) {
		sv_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "stegvis demo: %s\n", msg);
		status = 1;
		goto out;
	}
	for (size_t i = 0; i < s.nwarnings; i++)
		fprintf(stderr, "stegvis demo: warning: %s\n", s.warnings[i]);
	if (s.outcome == DEMO_PRESENT) {
		printf("demo: tenant %s already holds the demo data; nothing written\n", tenant);
	} else {
		double dt = seconds() - pr.t0;
		printf("demo: tenant %s (%s), seed %" PRIu64 ", today %s\n", tenant,
		       DEMO_TENANT_NAME, seed, date_format(o.today, day));
		printf("  %zu units, %zu users, %zu providers, %zu customers (%zu with protected "
		       "identity)\n",
		       s.units, s.users, s.providers, s.customers, s.protected_ids);
		printf("  %zu interventions; current ones: %zu granted, %zu queued, %zu staffed, "
		       "%zu assigned, %zu running, %zu ended, %zu cancelled\n",
		       s.interventions, s.by_state[0], s.by_state[1], s.by_state[2], s.by_state[3],
		       s.by_state[4], s.by_state[5], s.by_state[6]);
		printf("  %zu documents, %zu absences, %zu meetings, %zu messages, %zu events\n",
		       s.documents, s.absences, s.meetings, s.messages, s.events);
		printf("  written in %.2f s: %.0f customers/s\n", dt,
		       dt > 0 ? (double)s.customers / dt : 0.0);
	}
	print_logins(&s, tenant);
out:
	store_close(st);
	rulebook_release(&rb);
	return status;
}
