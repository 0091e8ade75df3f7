/*
 * pg.c - the PostgreSQL backend of struct store_ops, through libpq.
 * Statements are prepared once per connection under the name "s<slot>";
 * parameters travel as text and the server infers their types from the
 * statement. Sessions run with DateStyle ISO and time zone UTC, so dates come
 * back as 'YYYY-MM-DD' exactly as SQLite stores them.
 */
#include "store/store_int.h"

#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 24

struct store_stmt {
	char name[16];
	PGresult *res;
	int row; /* index of the current row, -1 before the first */
	bool streaming;
	char ibuf[MAX_PARAMS][24];
};

static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static enum sv_rc map_result(PGconn *conn, PGresult *res, struct sv_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
	char clean[300];
	size_t n;

	snprintf(clean, sizeof(clean), "%s", msg && *msg ? msg : PQerrorMessage(conn));
	n = strlen(clean);
	while (n && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
		clean[--n] = '\0';
	if (state) {
		if (!strcmp(state, "23505"))
			return sv_error_set(err, SV_ECONFLICT, "", "store:unique", "%s", clean);
		if (!strcmp(state, "23503"))
			return sv_error_set(err, SV_EINVAL, "", "store:reference", "%s", clean);
		if (!strcmp(state, "23514") || !strcmp(state, "23502"))
			return sv_error_set(err, SV_EINVAL, "", "store:check", "%s", clean);
		if (!strcmp(state, "40001") || !strcmp(state, "40P01"))
			return sv_error_set(err, SV_ECONFLICT, "", "store:busy", "%s", clean);
		if (!strncmp(state, "22", 2))
			return sv_error_set(err, SV_EINVAL, "", "store:type", "%s", clean);
	}
	return sv_error_set(err, SV_EDB, "", "", "postgresql: %s", clean);
}

static enum sv_rc pg_open(const char *target, void **out, struct sv_error *err)
{
	PGconn *conn = PQconnectdb(target);
	PGresult *res = NULL;
	enum sv_rc rc = SV_OK;

	if (!conn)
		return SV_ENOMEM;
	if (PQstatus(conn) != CONNECTION_OK) {
		char msg[300];
		size_t n;
		snprintf(msg, sizeof(msg), "%s", PQerrorMessage(conn));
		n = strlen(msg);
		while (n && msg[n - 1] == '\n')
			msg[--n] = '\0';
		rc = sv_error_set(err, SV_EDB, "--db", "", "cannot connect to PostgreSQL: %s", msg);
		goto out;
	}
	PQsetNoticeProcessor(conn, ignore_notice, NULL);
	res = PQexec(conn, "SET datestyle TO ISO, YMD; SET TIME ZONE 'UTC'; "
	                   "SET client_min_messages TO warning");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = map_result(conn, res, err);
		goto out;
	}
	*out = conn;
	conn = NULL;
out:
	PQclear(res);
	if (conn)
		PQfinish(conn);
	return rc;
}

static void pg_close(void *db)
{
	PQfinish(db);
}

static enum sv_rc pg_exec(void *db, const char *sql, struct sv_error *err)
{
	PGresult *res = PQexec(db, sql);
	ExecStatusType st = PQresultStatus(res);
	enum sv_rc rc = SV_OK;

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = map_result(db, res, err);
	PQclear(res);
	return rc;
}

static enum sv_rc pg_prepare(void *db, int slot, const char *sql, struct store_stmt **out,
                             struct sv_error *err)
{
	struct store_stmt *s = calloc(1, sizeof(*s));
	PGresult *res;
	enum sv_rc rc = SV_OK;

	if (!s)
		return SV_ENOMEM;
	snprintf(s->name, sizeof(s->name), "s%d", slot);
	s->row = -1;
	res = PQprepare(db, s->name, sql, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = map_result(db, res, err);
		free(s);
		s = NULL;
	}
	PQclear(res);
	*out = s;
	return rc;
}

static void drain(PGconn *conn, struct store_stmt *s)
{
	PGresult *r;

	PQclear(s->res);
	s->res = NULL;
	if (s->streaming) {
		while ((r = PQgetResult(conn)))
			PQclear(r);
		s->streaming = false;
	}
	s->row = -1;
}

static void pg_finalize(void *db, struct store_stmt *s)
{
	char sql[48];
	PGresult *res;

	if (!s)
		return;
	drain(db, s);
	snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->name);
	res = PQexec(db, sql);
	PQclear(res);
	free(s);
}

static enum sv_rc pg_run(void *db, struct store_stmt *s, const struct store_param *p, int np,
                         bool stream, struct sv_error *err)
{
	const char *values[MAX_PARAMS];
	ExecStatusType st;

	drain(db, s);
	if (np > MAX_PARAMS)
		return sv_error_set(err, SV_EDB, "", "", "too many parameters (%d)", np);
	for (int i = 0; i < np; i++) {
		switch (p[i].t) {
		case SP_NULL:
			values[i] = NULL;
			break;
		case SP_INT:
			snprintf(s->ibuf[i], sizeof(s->ibuf[i]), "%" PRId64, p[i].i);
			values[i] = s->ibuf[i];
			break;
		case SP_DATE:
			if (p[i].i == SV_NO_DATE) {
				values[i] = NULL;
			} else {
				date_format((sv_date)p[i].i, s->ibuf[i]);
				values[i] = s->ibuf[i];
			}
			break;
		default:
			values[i] = p[i].s;
			break;
		}
	}
	if (stream) {
		if (!PQsendQueryPrepared(db, s->name, np, values, NULL, NULL, 0))
			return map_result(db, NULL, err);
		PQsetSingleRowMode(db);
		s->streaming = true;
		return SV_OK;
	}
	s->res = PQexecPrepared(db, s->name, np, values, NULL, NULL, 0);
	st = PQresultStatus(s->res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		enum sv_rc rc = map_result(db, s->res, err);
		PQclear(s->res);
		s->res = NULL;
		return rc;
	}
	return SV_OK;
}

static bool pg_next(void *db, struct store_stmt *s, enum sv_rc *rc, struct sv_error *err)
{
	if (s->streaming) {
		ExecStatusType st;
		PQclear(s->res);
		s->res = PQgetResult(db);
		if (!s->res) {
			s->streaming = false;
			return false;
		}
		st = PQresultStatus(s->res);
		if (st == PGRES_SINGLE_TUPLE) {
			s->row = 0;
			return true;
		}
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && rc)
			*rc = map_result(db, s->res, err);
		drain(db, s);
		return false;
	}
	if (!s->res)
		return false;
	s->row++;
	return s->row < PQntuples(s->res);
}

static bool pg_col_null(struct store_stmt *s, int i)
{
	return PQgetisnull(s->res, s->row, i);
}

static int64_t pg_col_int(struct store_stmt *s, int i)
{
	const char *v;
	char *end;
	long long x;

	if (PQgetisnull(s->res, s->row, i))
		return 0;
	v = PQgetvalue(s->res, s->row, i);
	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno || *end)
		return 0;
	return x;
}

static const char *pg_col_text(struct store_stmt *s, int i)
{
	if (PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

static int pg_col_count(struct store_stmt *s)
{
	return s->res ? PQnfields(s->res) : 0;
}

static const char *pg_col_name(struct store_stmt *s, int i)
{
	return PQfname(s->res, i);
}

static void pg_reset(void *db, struct store_stmt *s)
{
	drain(db, s);
}

static int64_t pg_changes(void *db, struct store_stmt *s)
{
	const char *v = s->res ? PQcmdTuples(s->res) : "";
	char *end;
	long long x;

	if (!*v)
		return 0;
	x = strtoll(v, &end, 10);
	return *end ? 0 : x;
}

const struct store_ops store_pg_ops = {
        .name = "postgresql",
        .backend = STORE_PG,
        .open = pg_open,
        .close = pg_close,
        .exec = pg_exec,
        .prepare = pg_prepare,
        .finalize = pg_finalize,
        .run = pg_run,
        .next = pg_next,
        .col_null = pg_col_null,
        .col_int = pg_col_int,
        .col_text = pg_col_text,
        .col_count = pg_col_count,
        .col_name = pg_col_name,
        .reset = pg_reset,
        .changes = pg_changes,
        .begin_sql = "BEGIN",
        .backup = NULL,
};
