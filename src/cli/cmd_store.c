/*
 * cmd_store.c - the database commands: migrate, db (verify, version),
 * import, export, backup and restore. Each takes --db URL (default
 * $STEGVIS_DB, then sqlite:var/stegvis.db) and migrates the database first
 * (except db verify/version, which only read).
 *
 * import also computes the obligations of every imported case (the deadline
 * engine on the rule packs of $STEGVIS_RULES_DIR, judged on $STEGVIS_TODAY
 * or today) in the import's own transaction: all or nothing, like the data.
 * The use case itself is imports_run() (src/service/imports.h), which the
 * API's POST /api/v1/imports runs too.
 */
#include "cli/cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service/imports.h"
#include "service/obligations.h"
#include "service/rulebook.h"
#include "stegvis/buf.h"
#include "stegvis/store.h"

/* The one clock read of these commands: the time of a write. */
static sv_time now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (sv_time)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int fail(const char *cmd, const struct sv_error *err)
{
	char msg[600];

	sv_error_format(err, msg, sizeof(msg));
	fprintf(stderr, "stegvis %s: %s\n", cmd, msg);
	return 1;
}

/* Parse "--db URL" and up to max positional arguments; other options are a usage error. */
static int parse_args(const char *cmd, int argc, char **argv, const char **db, const char **tenant,
                      const char **pos, int max, int *npos)
{
	*npos = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") || (tenant && !strcmp(argv[i], "--tenant"))) {
			if (i + 1 >= argc)
				return cli_usage_error(cmd, "%s needs a value", argv[i]);
			if (!strcmp(argv[i], "--db"))
				*db = argv[++i];
			else
				*tenant = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error(cmd, "unknown option %s", argv[i]);
		} else {
			if (*npos >= max)
				return cli_usage_error(cmd, "too many arguments");
			pos[(*npos)++] = argv[i];
		}
	}
	return 0;
}

static int open_db(const char *cmd, const char *db, bool migrate, struct store **st)
{
	struct sv_error err = SV_ERROR_INIT;

	if (store_open(store_default_url(db), st, &err))
		return fail(cmd, &err);
	if (migrate && store_migrate(*st, NULL, NULL, &err)) {
		store_close(*st);
		*st = NULL;
		return fail(cmd, &err);
	}
	return 0;
}

int cmd_migrate(int argc, char **argv)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *st = NULL;
	const char *db = NULL, *pos[1];
	int npos, rc, from = 0, to = 0;

	if (cli_help_requested("migrate", argc, argv))
		return 0;
	if ((rc = parse_args("migrate", argc, argv, &db, NULL, pos, 0, &npos)))
		return rc;
	if ((rc = open_db("migrate", db, false, &st)))
		return rc;
	if (store_migrate(st, &from, &to, &err)) {
		rc = fail("migrate", &err);
	} else if (from == to) {
		printf("schema version %d: up to date\n", to);
	} else {
		printf("schema version %d (was %d)\n", to, from);
	}
	store_close(st);
	return rc;
}

int cmd_db(int argc, char **argv)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *st = NULL;
	const char *db = NULL, *pos[1];
	int npos, rc;

	if (cli_help_requested("db", argc, argv))
		return 0;
	if ((rc = parse_args("db", argc, argv, &db, NULL, pos, 1, &npos)))
		return rc;
	if (npos != 1 || (strcmp(pos[0], "verify") && strcmp(pos[0], "version")))
		return cli_usage_error("db", "expected 'verify' or 'version'");
	if ((rc = open_db("db", db, false, &st)))
		return rc;
	if (!strcmp(pos[0], "version")) {
		int v = 0;
		if (store_schema_version(st, &v, &err))
			rc = fail("db", &err);
		else
			printf("%s schema version %d (this program knows %d)\n",
			       store_backend(st) == STORE_PG ? "postgresql" : "sqlite", v,
			       STORE_SCHEMA_VERSION);
	} else {
		int64_t chains = 0, events = 0;
		enum sv_rc vr = store_verify(st, &chains, &events, &err);
		if (vr == SV_ECORRUPT) {
			printf("broken: %s\n", err.msg);
			rc = 1;
		} else if (vr) {
			rc = fail("db", &err);
		} else {
			printf("ok: %" PRId64 " chain(s), %" PRId64 " event(s) verified\n", chains,
			       events);
		}
	}
	store_close(st);
	return rc;
}

static int read_all(const char *path, struct buf *b)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f) {
		fprintf(stderr, "stegvis import: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(b, chunk, n)) {
			fprintf(stderr, "stegvis import: %s: too large\n", path);
			rc = 1;
			break;
		}
	if (!rc && ferror(f)) {
		fprintf(stderr, "stegvis import: %s: read error\n", path);
		rc = 1;
	}
	if (f != stdin)
		fclose(f);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_import_report rep = {0};
	struct store *st = NULL;
	struct buf text;
	struct rulebook rb;
	struct svc s = {0};
	const char *db = NULL, *pos[1];
	char reason[300];
	int64_t computed = 0;
	int npos, rc;

	if (cli_help_requested("import", argc, argv))
		return 0;
	if ((rc = parse_args("import", argc, argv, &db, NULL, pos, 1, &npos)))
		return rc;
	if (npos != 1)
		return cli_usage_error("import", "expected FILE");
	if ((rc = cli_today("import", NULL, &s.today)))
		return rc;
	/* CAL-1: civil dates in the municipality's zone. */
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	buf_init(&text, (size_t)1 << 31);
	rulebook_init(&rb);
	if (rulebook_load_dir(&rb, rulebook_default_dir(), NULL, &err)) {
		rc = fail("import: rules", &err);
		goto out;
	}
	if ((rc = read_all(pos[0], &text)))
		goto out;
	if ((rc = open_db("import", db, true, &st)))
		goto out;
	snprintf(reason, sizeof(reason), "import of %s", pos[0]);
	s.st = st;
	s.rules = &rb;
	s.now = now_us();
	if (obligations_civil_date(s.now) != s.today)
		s.now = ((sv_time)s.today * 86400 + 11 * 3600) * 1000000;
	s.who = NULL; /* the system's job, run by an operator: any tenant (imports.h) */
	/* The data and the obligations of its cases in one transaction. */
	if (imports_run(&s, text.data, text.len, false, reason, &rep, &computed, &err)) {
		for (size_t i = 0; i < rep.nerrors; i++) {
			char msg[600];
			sv_error_format(&rep.errors[i], msg, sizeof(msg));
			fprintf(stderr, "%s: %s\n", pos[0], msg);
		}
		if (rep.nerrors_dropped)
			fprintf(stderr, "%s: ... and %zu more\n", pos[0], rep.nerrors_dropped);
		if (!rep.nerrors)
			fail("import", &err);
		fprintf(stderr, "stegvis import: nothing was imported\n");
		rc = 1;
	} else {
		printf("imported: %zu unit(s), %zu provider(s), %zu user(s), %zu customer(s), "
		       "%zu intervention(s)\n",
		       rep.units, rep.providers, rep.users, rep.customers, rep.interventions);
		fprintf(stderr, "obligations computed for %lld intervention(s) on %s\n",
		        (long long)computed, date_format(s.today, (char[SV_DATE_STRLEN]){0}));
	}
out:
	store_import_report_release(&rep);
	store_close(st);
	rulebook_release(&rb);
	buf_release(&text);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *st = NULL;
	struct store_tenant *ts = NULL;
	size_t nts = 0;
	struct buf out;
	const char *db = NULL, *tenant = NULL, *pos[1];
	int npos, rc;

	if (cli_help_requested("export", argc, argv))
		return 0;
	if ((rc = parse_args("export", argc, argv, &db, &tenant, pos, 1, &npos)))
		return rc;
	buf_init(&out, (size_t)1 << 31);
	if ((rc = open_db("export", db, true, &st)))
		goto out;
	if (!tenant) {
		if (store_tenant_list(st, &ts, &nts, &err)) {
			rc = fail("export", &err);
			goto out;
		}
		if (nts != 1) {
			rc = cli_usage_error(
			        "export", "the database holds %zu tenants: name one with --tenant",
			        nts);
			goto out;
		}
		tenant = ts[0].code;
	}
	if (store_export(st, tenant, &out, &err)) {
		rc = fail("export", &err);
		goto out;
	}
	if (npos == 1 && strcmp(pos[0], "-")) {
		FILE *f = fopen(pos[0], "wb");
		if (!f || fwrite(out.data, 1, out.len, f) != out.len || fclose(f) != 0) {
			fprintf(stderr, "stegvis export: %s: %s\n", pos[0], strerror(errno));
			rc = 1;
		}
	} else if (fwrite(out.data, 1, out.len, stdout) != out.len) {
		rc = 1;
	}
out:
	store_tenant_list_release(ts, nts);
	store_close(st);
	buf_release(&out);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *st = NULL;
	const char *db = NULL, *pos[1];
	int npos, rc;

	if (cli_help_requested("backup", argc, argv))
		return 0;
	if ((rc = parse_args("backup", argc, argv, &db, NULL, pos, 1, &npos)))
		return rc;
	if (npos != 1)
		return cli_usage_error("backup", "expected FILE");
	if ((rc = open_db("backup", db, true, &st)))
		return rc;
	if (store_backup(st, pos[0], &err))
		rc = fail("backup", &err);
	else
		printf("backed up to %s\n", pos[0]);
	store_close(st);
	return rc;
}

int cmd_restore(int argc, char **argv)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *st = NULL;
	const char *db = NULL, *pos[1];
	int npos, rc;

	if (cli_help_requested("restore", argc, argv))
		return 0;
	if ((rc = parse_args("restore", argc, argv, &db, NULL, pos, 1, &npos)))
		return rc;
	if (npos != 1)
		return cli_usage_error("restore", "expected FILE");
	if ((rc = open_db("restore", db, false, &st)))
		return rc;
	if (store_restore(st, pos[0], &err))
		rc = fail("restore", &err);
	else
		printf("restored from %s\n", pos[0]);
	store_close(st);
	return rc;
}
