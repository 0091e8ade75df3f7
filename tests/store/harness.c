/* Fresh databases for the store tests (see harness.h). */
#include "harness.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int pg_admin(const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	PGresult *r;
	int ok;

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "harness: cannot connect to %s: %s", url, PQerrorMessage(c));
		PQfinish(c);
		return 1;
	}
	r = PQexec(c, sql);
	ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "harness: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return ok ? 0 : 1;
}

/* url with its database name replaced by name. */
static int with_dbname(const char *url, const char *name, char *out, size_t outsz)
{
	const char *scheme = strstr(url, "://");
	const char *slash, *q;
	int n;

	if (!scheme)
		return 1;
	slash = strchr(scheme + 3, '/');
	q = strchr(scheme + 3, '?');
	if (!slash || (q && q < slash))
		n = snprintf(out, outsz, "%.*s/%s%s", (int)(q ? q - url : (long)strlen(url)), url,
		             name, q ? q : "");
	else
		n = snprintf(out, outsz, "%.*s/%s%s", (int)(slash - url), url, name, q ? q : "");
	return n < 0 || (size_t)n >= outsz;
}

int harness_create(struct harness *h, const char *backend)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *st = NULL;
	char msg[600];
	int rc;

	memset(h, 0, sizeof(*h));
	if (!strcmp(backend, "sqlite")) {
		snprintf(h->dir, sizeof(h->dir), "/tmp/sv-store-XXXXXX");
		if (!mkdtemp(h->dir)) {
			perror("harness: mkdtemp");
			return 1;
		}
		snprintf(h->url, sizeof(h->url), "sqlite:%s/test.db", h->dir);
	} else {
		const char *pg = getenv("SV_TEST_PG");
		static unsigned counter;
		char sql[128];
		if (!pg || !*pg) {
			const char *no = getenv("SV_NO_PG");
			if (no && !strcmp(no, "1")) {
				printf("skipped: SV_NO_PG=1 and no PostgreSQL server "
				       "(SV_TEST_PG)\n");
				return HARNESS_SKIP;
			}
			fprintf(stderr, "harness: SV_TEST_PG is not set: run the tests under "
			                "scripts/test-env (make check), or set SV_NO_PG=1 to skip "
			                "the PostgreSQL tests\n");
			return 1;
		}
		snprintf(h->admin, sizeof(h->admin), "%s", pg);
		snprintf(h->dbname, sizeof(h->dbname), "sv_t_%ld_%u", (long)getpid(), counter++);
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", h->dbname);
		if (pg_admin(pg, sql))
			return 1;
		if (with_dbname(pg, h->dbname, h->url, sizeof(h->url)))
			return 1;
	}
	rc = store_open(h->url, &st, &err) || store_migrate(st, NULL, NULL, &err);
	if (rc) {
		sv_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "harness: %s: %s\n", h->url, msg);
	}
	store_close(st);
	return rc ? 1 : 0;
}

void harness_cleanup(struct harness *h)
{
	char sql[400];

	if (h->dir[0]) {
		snprintf(sql, sizeof(sql), "rm -rf '%s'", h->dir);
		if (system(sql) != 0)
			fprintf(stderr, "harness: could not remove %s\n", h->dir);
	}
	if (h->dbname[0]) {
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", h->dbname);
		(void)pg_admin(h->admin, sql);
	}
	memset(h, 0, sizeof(*h));
}

struct store *harness_open(const struct harness *h)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *st = NULL;
	char msg[600];

	if (store_open(h->url, &st, &err)) {
		sv_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "harness: open %s: %s\n", h->url, msg);
		exit(1);
	}
	return st;
}
