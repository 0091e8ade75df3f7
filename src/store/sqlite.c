/*
 * sqlite.c - the SQLite backend of struct store_ops: one file, WAL,
 * foreign keys on, synchronous=FULL, a busy timeout so that concurrent
 * writers wait for each other, prepared statements kept for the life of the
 * connection.
 */
#include "store/store_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUSY_TIMEOUT_MS 30000

struct store_stmt {
	sqlite3_stmt *st;
	int first; /* result of the step done by run(): SQLITE_ROW, SQLITE_DONE or -1 when consumed
	            */
};

static enum sv_rc map_error(sqlite3 *db, int rc, struct sv_error *err)
{
	int ext = sqlite3_extended_errcode(db);
	const char *msg = sqlite3_errmsg(db);

	switch (ext) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return sv_error_set(err, SV_ECONFLICT, "", "store:unique", "%s", msg);
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return sv_error_set(err, SV_EINVAL, "", "store:reference", "%s", msg);
	case SQLITE_CONSTRAINT_CHECK:
	case SQLITE_CONSTRAINT_NOTNULL:
	case SQLITE_CONSTRAINT_TRIGGER:
		return sv_error_set(err, SV_EINVAL, "", "store:check", "%s", msg);
	default:
		break;
	}
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return sv_error_set(err, SV_ECONFLICT, "", "store:busy", "%s", msg);
	return sv_error_set(err, SV_EDB, "", "", "sqlite: %s", msg);
}

static enum sv_rc sq_open(const char *target, void **out, struct sv_error *err)
{
	sqlite3 *db = NULL;
	enum sv_rc rc = SV_OK;
	int src;

	src = sqlite3_open_v2(target, &db,
	                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                      NULL);
	if (src != SQLITE_OK) {
		rc = sv_error_set(err, SV_EDB, "--db", "", "cannot open sqlite:%s: %s", target,
		                  db ? sqlite3_errmsg(db) : sqlite3_errstr(src));
		goto out;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	/*
	 * mmap_size: read pages straight from the operating system's cache
	 * through a memory map instead of a read() and a copy per page; it is
	 * address space, not memory, and SQLite caps it at its compiled maximum
	 * (2 GiB less 64 KiB as shipped), which is what this asks for. Whole
	 * scans (a billing run reads every intervention and report) take about
	 * half the time; a database larger than the map is read with read()
	 * beyond it.
	 */
	src = sqlite3_exec(db,
	                   "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	                   "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
	                   "PRAGMA mmap_size=2147418112;",
	                   NULL, NULL, NULL);
	if (src != SQLITE_OK) {
		rc = map_error(db, src, err);
		goto out;
	}
	*out = db;
	db = NULL;
out:
	if (db)
		sqlite3_close(db);
	return rc;
}

static void sq_close(void *db)
{
	sqlite3_close(db);
}

static enum sv_rc sq_exec(void *db, const char *sql, struct sv_error *err)
{
	int src = sqlite3_exec(db, sql, NULL, NULL, NULL);
	return src == SQLITE_OK ? SV_OK : map_error(db, src, err);
}

/* $N placeholders become ?N (numbered parameters). */
static enum sv_rc sq_prepare(void *db, int slot, const char *sql, struct store_stmt **out,
                             struct sv_error *err)
{
	struct store_stmt *s = NULL;
	char *text = strdup(sql);
	enum sv_rc rc = SV_OK;
	int src;

	if (!text)
		return SV_ENOMEM;
	for (char *p = text; *p; p++)
		if (p[0] == '$' && p[1] >= '0' && p[1] <= '9')
			*p = '?';
	s = calloc(1, sizeof(*s));
	if (!s) {
		rc = SV_ENOMEM;
		goto out;
	}
	src = sqlite3_prepare_v3(db, text, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL);
	if (src != SQLITE_OK) {
		rc = sv_error_set(err, SV_EDB, "", "", "sqlite: statement %d: %s", slot,
		                  sqlite3_errmsg(db));
		goto out;
	}
	s->first = -1;
	*out = s;
	s = NULL;
out:
	free(s);
	free(text);
	return rc;
}

static void sq_finalize(void *db, struct store_stmt *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->st);
	free(s);
}

static enum sv_rc sq_run(void *db, struct store_stmt *s, const struct store_param *p, int np,
                         bool stream, struct sv_error *err)
{
	int src;

	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	for (int i = 0; i < np; i++) {
		switch (p[i].t) {
		case SP_NULL:
			src = sqlite3_bind_null(s->st, i + 1);
			break;
		case SP_INT:
			src = sqlite3_bind_int64(s->st, i + 1, p[i].i);
			break;
		case SP_DATE:
			if (p[i].i == SV_NO_DATE) {
				src = sqlite3_bind_null(s->st, i + 1);
			} else {
				char d[SV_DATE_STRLEN];
				date_format((sv_date)p[i].i, d);
				src = sqlite3_bind_text(s->st, i + 1, d, -1, SQLITE_TRANSIENT);
			}
			break;
		default:
			src = p[i].s ? sqlite3_bind_text(s->st, i + 1, p[i].s, -1, SQLITE_STATIC)
			             : sqlite3_bind_null(s->st, i + 1);
			break;
		}
		if (src != SQLITE_OK)
			return map_error(db, src, err);
	}
	src = sqlite3_step(s->st);
	if (src != SQLITE_ROW && src != SQLITE_DONE) {
		enum sv_rc rc = map_error(db, src, err);
		sqlite3_reset(s->st);
		return rc;
	}
	s->first = src;
	return SV_OK;
}

static bool sq_next(void *db, struct store_stmt *s, enum sv_rc *rc, struct sv_error *err)
{
	int src;

	if (s->first != -1) {
		src = s->first;
		s->first = -1;
		return src == SQLITE_ROW;
	}
	src = sqlite3_step(s->st);
	if (src == SQLITE_ROW)
		return true;
	if (src != SQLITE_DONE && rc)
		*rc = map_error(db, src, err);
	return false;
}

static bool sq_col_null(struct store_stmt *s, int i)
{
	return sqlite3_column_type(s->st, i) == SQLITE_NULL;
}

static int64_t sq_col_int(struct store_stmt *s, int i)
{
	return sqlite3_column_int64(s->st, i);
}

static const char *sq_col_text(struct store_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s->st, i);
}

static int sq_col_count(struct store_stmt *s)
{
	return sqlite3_column_count(s->st);
}

static const char *sq_col_name(struct store_stmt *s, int i)
{
	return sqlite3_column_name(s->st, i);
}

static void sq_reset(void *db, struct store_stmt *s)
{
	s->first = -1;
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

static int64_t sq_changes(void *db, struct store_stmt *s)
{
	return sqlite3_changes64(db);
}

static enum sv_rc sq_backup(void *db, const char *path, bool restore, struct sv_error *err)
{
	sqlite3 *other = NULL;
	sqlite3_backup *b = NULL;
	enum sv_rc rc = SV_OK;
	int src;

	src = sqlite3_open_v2(path, &other,
	                      restore ? SQLITE_OPEN_READONLY
	                              : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE),
	                      NULL);
	if (src != SQLITE_OK) {
		rc = sv_error_set(err, SV_EIO, "FILE", "", "cannot open %s: %s", path,
		                  other ? sqlite3_errmsg(other) : sqlite3_errstr(src));
		goto out;
	}
	if (restore) {
		sqlite3_stmt *q = NULL;
		int ok = sqlite3_prepare_v2(other, "SELECT max(version) FROM schema_migrations", -1,
		                            &q, NULL) == SQLITE_OK &&
		         sqlite3_step(q) == SQLITE_ROW;
		sqlite3_finalize(q);
		if (!ok) {
			rc = sv_error_set(err, SV_EINVAL, "FILE", "",
			                  "%s is not a Stegvis database", path);
			goto out;
		}
		b = sqlite3_backup_init(db, "main", other, "main");
	} else {
		b = sqlite3_backup_init(other, "main", db, "main");
	}
	if (!b) {
		rc = sv_error_set(err, SV_EDB, "FILE", "", "backup: %s",
		                  sqlite3_errmsg(restore ? db : other));
		goto out;
	}
	do {
		src = sqlite3_backup_step(b, 256);
		if (src == SQLITE_BUSY || src == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (src == SQLITE_OK || src == SQLITE_BUSY || src == SQLITE_LOCKED);
	if (src != SQLITE_DONE)
		rc = sv_error_set(err, SV_EDB, "FILE", "", "backup: %s", sqlite3_errstr(src));
	sqlite3_backup_finish(b);
out:
	if (other)
		sqlite3_close(other);
	return rc;
}

const struct store_ops store_sqlite_ops = {
        .name = "sqlite",
        .backend = STORE_SQLITE,
        .open = sq_open,
        .close = sq_close,
        .exec = sq_exec,
        .prepare = sq_prepare,
        .finalize = sq_finalize,
        .run = sq_run,
        .next = sq_next,
        .col_null = sq_col_null,
        .col_int = sq_col_int,
        .col_text = sq_col_text,
        .col_count = sq_col_count,
        .col_name = sq_col_name,
        .reset = sq_reset,
        .changes = sq_changes,
        .begin_sql = "BEGIN IMMEDIATE",
        .backup = sq_backup,
};
