/*
 * store.c - the backend-independent core of store/: handles and the
 * statement cache, transactions and savepoints, migrations, events and their
 * hash chains, chain verification. The tables are in store_data.c, import,
 * export and backup in store_io.c.
 */
#include "store/store_int.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SV_SOURCE_DIR
#define SV_SOURCE_DIR "."
#endif

const char *const store_roles[] = {"admin",
                                   "counsellor",
                                   "social_worker",
                                   "supervisor",
                                   "provider_staff",
                                   "provider_admin",
                                   "system_specialist",
                                   "coordinator",
                                   "dpo",
                                   "finance",
                                   "labour_officer",
                                   NULL};
const char *const store_schemes[] = {"FAI", "AMI", "ISA", "JOBBPENG", NULL};
const char *const store_codes[] = {"FAI1", "FAI2", "AMI1", "AMI2", "ISA1", "ISA2", "JP", NULL};
const char *const store_states[] = {"granted", "queued", "staffed",   "assigned",
                                    "running", "ended",  "cancelled", NULL};
const char *const store_end_reasons[] = {"self_sufficient",
                                         "goal_reached",
                                         "other_intervention",
                                         "provider_switch",
                                         "af_programme",
                                         "unforeseen",
                                         "other_commitments",
                                         "sickness",
                                         "no_progression",
                                         "provider_deficiency",
                                         "customer_ended",
                                         "other",
                                         NULL};
const char *const store_id_kinds[] = {"personnummer", "samordningsnummer", "cpr", "none", NULL};
const char *const store_protections[] = {"none", "skyddad_folkbokforing", "sekretessmarkering",
                                         "fingerade", NULL};
const char *const store_channels[] = {"phone", "sms", "email", "letter", NULL};

static bool in_list(const char *v, const char *const *list)
{
	if (!v)
		return false;
	for (; *list; list++)
		if (!strcmp(*list, v))
			return true;
	return false;
}

bool store_role_valid(const char *role)
{
	return in_list(role, store_roles);
}

bool store_scheme_valid(const char *scheme)
{
	return in_list(scheme, store_schemes);
}

bool store_intervention_state_valid(const char *state)
{
	return in_list(state, store_states);
}

const char *store_intervention_scheme(const char *code)
{
	if (!code)
		return NULL;
	if (!strcmp(code, "FAI1") || !strcmp(code, "FAI2"))
		return "FAI";
	if (!strcmp(code, "AMI1") || !strcmp(code, "AMI2"))
		return "AMI";
	if (!strcmp(code, "ISA1") || !strcmp(code, "ISA2"))
		return "ISA";
	if (!strcmp(code, "JP"))
		return "JOBBPENG";
	return NULL;
}

enum sv_rc store_check_enum(const char *value, const char *const *allowed, const char *field,
                            bool required, struct sv_error *err)
{
	struct buf b = BUF_INIT;
	enum sv_rc rc;

	if (!value) {
		if (!required)
			return SV_OK;
		return sv_error_set(err, SV_EINVAL, field, "store:required", "is required");
	}
	if (in_list(value, allowed))
		return SV_OK;
	for (const char *const *a = allowed; *a; a++)
		if (buf_addf(&b, "%s%s", a == allowed ? "" : ", ", *a))
			break;
	rc = sv_error_set(err, SV_EINVAL, field, "store:enum", "'%.60s' is not one of: %s", value,
	                  b.data);
	buf_release(&b);
	return rc;
}

enum sv_rc store_check_required(const char *value, const char *field, struct sv_error *err)
{
	if (!value || !*value)
		return sv_error_set(err, SV_EINVAL, field, "store:required", "is required");
	return SV_OK;
}

enum sv_rc store_check_write(const struct store_write *w, struct sv_error *err)
{
	if (!w || w->tenant <= 0)
		return sv_error_set(err, SV_EINVAL, "tenant", "X-5", "a write needs a tenant");
	if (w->actor < 0)
		return sv_error_set(err, SV_EINVAL, "actor", "X-1", "bad actor id");
	return SV_OK;
}

char *store_time_format(sv_time t, char out[STORE_TIME_STRLEN])
{
	int64_t secs = t >= 0 ? t / 1000000 : -((-t + 999999) / 1000000);
	int64_t us = t - secs * 1000000;
	int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	int64_t sod = secs - days * 86400;
	int y, m, d;

	date_to_ymd((sv_date)days, &y, &m, &d);
	snprintf(out, STORE_TIME_STRLEN, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", y, m, d,
	         (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60), (int)us);
	return out;
}

/* ---- Handles ------------------------------------------------------------ */

const char *store_default_url(const char *flag)
{
	const char *env;

	if (flag && *flag)
		return flag;
	env = getenv("STEGVIS_DB");
	if (env && *env)
		return env;
	return STORE_DEFAULT_URL;
}

enum sv_rc store_open(const char *url, struct store **out, struct sv_error *err)
{
	struct store *st = NULL;
	const struct store_ops *ops;
	const char *target;
	enum sv_rc rc;

	*out = NULL;
	if (!url)
		return sv_error_set(err, SV_EINVAL, "--db", "store:url", "no database URL");
	if (!strncmp(url, "sqlite:", 7)) {
		ops = &store_sqlite_ops;
		target = url + 7;
		if (!*target)
			return sv_error_set(err, SV_EINVAL, "--db", "store:url",
			                    "sqlite: needs a path, e.g. sqlite:var/stegvis.db");
	} else if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
		ops = &store_pg_ops;
		target = url;
	} else {
		return sv_error_set(err, SV_EINVAL, "--db", "store:url",
		                    "'%.100s' is neither sqlite:PATH nor postgresql://...", url);
	}
	if (sodium_init() < 0)
		return sv_error_set(err, SV_EIO, "", "", "libsodium failed to initialise");
	st = calloc(1, sizeof(*st));
	if (!st)
		return SV_ENOMEM;
	st->ops = ops;
	rc = ops->open(target, &st->db, err);
	if (rc) {
		free(st);
		return rc;
	}
	*out = st;
	return SV_OK;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	if (st->txdepth)
		(void)st->ops->exec(st->db, "ROLLBACK", NULL);
	for (int i = 0; i < STORE_CACHE_SLOTS; i++)
		if (st->cache_stmt[i])
			st->ops->finalize(st->db, st->cache_stmt[i]);
	st->ops->close(st->db);
	free(st);
}

enum store_backend store_backend(const struct store *st)
{
	return st->ops->backend;
}

static enum sv_rc stmt_for(struct store *st, const char *sql, struct store_stmt **out,
                           struct sv_error *err)
{
	uintptr_t h = (uintptr_t)sql;
	size_t i;
	enum sv_rc rc;

	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	i = (size_t)(h >> 7) % STORE_CACHE_SLOTS;
	for (size_t n = 0; n < STORE_CACHE_SLOTS; n++, i = (i + 1) % STORE_CACHE_SLOTS) {
		if (st->cache_sql[i] == sql) {
			*out = st->cache_stmt[i];
			return SV_OK;
		}
		if (!st->cache_sql[i]) {
			rc = st->ops->prepare(st->db, st->nprepared, sql, &st->cache_stmt[i], err);
			if (rc)
				return rc;
			st->cache_sql[i] = sql;
			st->nprepared++;
			*out = st->cache_stmt[i];
			return SV_OK;
		}
	}
	return sv_error_set(err, SV_EDB, "", "", "statement cache full");
}

enum sv_rc store_q_run(struct store *st, struct store_q *q, const char *sql,
                       const struct store_param *p, int np, bool stream, struct sv_error *err)
{
	enum sv_rc rc;

	q->st = st;
	q->s = NULL;
	rc = stmt_for(st, sql, &q->s, err);
	if (rc)
		return rc;
	rc = st->ops->run(st->db, q->s, p, np, stream, err);
	if (rc) {
		st->ops->reset(st->db, q->s);
		q->s = NULL;
	}
	return rc;
}

bool store_q_next(struct store_q *q, enum sv_rc *rc, struct sv_error *err)
{
	if (!q->s)
		return false;
	return q->st->ops->next(q->st->db, q->s, rc, err);
}

bool store_q_null(struct store_q *q, int i)
{
	return q->st->ops->col_null(q->s, i);
}

int64_t store_q_int(struct store_q *q, int i)
{
	return q->st->ops->col_int(q->s, i);
}

const char *store_q_text(struct store_q *q, int i)
{
	return q->st->ops->col_text(q->s, i);
}

char *store_q_strdup(struct store_q *q, int i, enum sv_rc *rc)
{
	const char *t = q->st->ops->col_text(q->s, i);
	char *c;

	if (!t)
		return NULL;
	c = strdup(t);
	if (!c)
		*rc = SV_ENOMEM;
	return c;
}

sv_date store_q_date(struct store_q *q, int i)
{
	const char *t = q->st->ops->col_text(q->s, i);
	sv_date d;

	if (!t || date_parse(t, strlen(t), &d, "", NULL) != SV_OK)
		return SV_NO_DATE;
	return d;
}

int store_q_ncols(struct store_q *q)
{
	return q->st->ops->col_count(q->s);
}

const char *store_q_colname(struct store_q *q, int i)
{
	return q->st->ops->col_name(q->s, i);
}

void store_q_done(struct store_q *q)
{
	if (q->s)
		q->st->ops->reset(q->st->db, q->s);
	q->s = NULL;
}

enum sv_rc store_do(struct store *st, const char *sql, const struct store_param *p, int np,
                    int64_t *changes, struct sv_error *err)
{
	struct store_q q;
	enum sv_rc rc = store_q_run(st, &q, sql, p, np, false, err);

	if (rc)
		return rc;
	if (changes)
		*changes = st->ops->changes(st->db, q.s);
	store_q_done(&q);
	return SV_OK;
}

enum sv_rc store_one_int(struct store *st, const char *sql, const struct store_param *p, int np,
                         int64_t *out, struct sv_error *err)
{
	struct store_q q;
	enum sv_rc rc = store_q_run(st, &q, sql, p, np, false, err);

	if (rc)
		return rc;
	if (store_q_next(&q, &rc, err))
		*out = store_q_int(&q, 0);
	else if (!rc)
		rc = SV_ENOTFOUND;
	store_q_done(&q);
	return rc;
}

/* ---- Transactions ------------------------------------------------------- */

enum sv_rc store_tx_enter(struct store *st, struct sv_error *err)
{
	char sql[32];
	enum sv_rc rc;

	if (st->txdepth == 0) {
		rc = st->ops->exec(st->db, st->ops->begin_sql, err);
	} else {
		snprintf(sql, sizeof(sql), "SAVEPOINT sv%d", st->txdepth);
		rc = st->ops->exec(st->db, sql, err);
	}
	if (!rc)
		st->txdepth++;
	return rc;
}

enum sv_rc store_tx_leave(struct store *st, enum sv_rc rc, struct sv_error *err)
{
	char sql[64];

	if (st->txdepth <= 0)
		return rc;
	st->txdepth--;
	if (st->txdepth == 0) {
		if (rc == SV_OK) {
			rc = st->ops->exec(st->db, "COMMIT", err);
			if (rc)
				(void)st->ops->exec(st->db, "ROLLBACK", NULL);
		} else {
			(void)st->ops->exec(st->db, "ROLLBACK", NULL);
		}
		st->user_tx = false;
		return rc;
	}
	if (rc == SV_OK) {
		snprintf(sql, sizeof(sql), "RELEASE SAVEPOINT sv%d", st->txdepth);
		return st->ops->exec(st->db, sql, err);
	}
	if (snprintf(sql, sizeof(sql), "ROLLBACK TO SAVEPOINT sv%d; RELEASE SAVEPOINT sv%d",
	             st->txdepth, st->txdepth) >= (int)sizeof(sql))
		return rc;
	(void)st->ops->exec(st->db, sql, NULL);
	return rc;
}

enum sv_rc store_begin(struct store *st, struct sv_error *err)
{
	enum sv_rc rc;

	if (st->txdepth)
		return sv_error_set(err, SV_ESTATE, "", "", "a transaction is already open");
	rc = store_tx_enter(st, err);
	if (!rc)
		st->user_tx = true;
	return rc;
}

enum sv_rc store_commit(struct store *st, struct sv_error *err)
{
	if (!st->user_tx || st->txdepth != 1)
		return sv_error_set(err, SV_ESTATE, "", "", "no transaction is open");
	return store_tx_leave(st, SV_OK, err);
}

void store_rollback(struct store *st)
{
	if (!st->user_tx)
		return;
	while (st->txdepth > 0)
		if (store_tx_leave(st, SV_EDB, NULL) == SV_OK)
			break;
}

/* ---- Migrations ---------------------------------------------------------- */

static const char *sql_dir(void)
{
	const char *d = getenv("STEGVIS_SQL_DIR");
	return d && *d ? d : SV_SOURCE_DIR "/sql";
}

static bool line_is(const char *p, size_t n, const char *marker)
{
	size_t m = strlen(marker);

	while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return n == m && !strncmp(p, marker, m);
}

/* Keep the lines of this dialect and replace {{id}}. */
static enum sv_rc dialect_filter(const char *text, enum store_backend be, struct buf *out)
{
	const char *id = be == STORE_SQLITE ? "INTEGER PRIMARY KEY"
	                                    : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
	int mode = 0; /* 0 both, 1 sqlite, 2 pg */
	const char *p = text;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		bool keep;

		if (line_is(p, n, "-- @sqlite")) {
			mode = 1;
			keep = false;
		} else if (line_is(p, n, "-- @pg")) {
			mode = 2;
			keep = false;
		} else if (line_is(p, n, "-- @end")) {
			mode = 0;
			keep = false;
		} else {
			keep = mode == 0 || (mode == 1 && be == STORE_SQLITE) ||
			       (mode == 2 && be == STORE_PG);
		}
		if (keep) {
			const char *q = p, *end = p + n;
			while (q < end) {
				const char *m = strstr(q, "{{id}}");
				if (!m || m >= end) {
					if (buf_add(out, q, (size_t)(end - q)))
						return SV_ENOMEM;
					break;
				}
				if (buf_add(out, q, (size_t)(m - q)) || buf_adds(out, id))
					return SV_ENOMEM;
				q = m + 6;
			}
			if (buf_addc(out, '\n'))
				return SV_ENOMEM;
		}
		p = eol ? eol + 1 : p + n;
	}
	return SV_OK;
}

/* The file of migration version v in dir ("NNNN_name.sql"), into path. */
static enum sv_rc find_migration(const char *dir, int v, char *path, size_t pathsz,
                                 struct sv_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char prefix[16];
	enum sv_rc rc = SV_ENOTFOUND;

	if (!d)
		return sv_error_set(err, SV_EIO, dir, "",
		                    "cannot open the migrations directory: %s", strerror(errno));
	snprintf(prefix, sizeof(prefix), "%04d_", v);
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (n > 9 && !strncmp(de->d_name, prefix, 5) &&
		    !strcmp(de->d_name + n - 4, ".sql")) {
			snprintf(path, pathsz, "%s/%s", dir, de->d_name);
			rc = SV_OK;
			break;
		}
	}
	closedir(d);
	if (rc)
		sv_error_set(err, rc, dir, "", "migration %04d is missing", v);
	return rc;
}

enum sv_rc store_schema_version(struct store *st, int *version, struct sv_error *err)
{
	int64_t v = 0;
	enum sv_rc rc;

	rc = st->ops->exec(
	        st->db,
	        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
	        "name TEXT NOT NULL, applied_at TEXT DEFAULT CURRENT_TIMESTAMP)",
	        err);
	if (rc)
		return rc;
	rc = store_one_int(st, "SELECT COALESCE(max(version), 0) FROM schema_migrations", NULL, 0,
	                   &v, err);
	*version = (int)v;
	return rc;
}

enum sv_rc store_migrate(struct store *st, int *from, int *to, struct sv_error *err)
{
	struct buf text = BUF_INIT, sql = BUF_INIT;
	char path[1024];
	int v = 0, first = -1;
	enum sv_rc rc;

	if (st->txdepth)
		return sv_error_set(err, SV_ESTATE, "", "", "cannot migrate inside a transaction");
	rc = store_schema_version(st, &v, err);
	if (rc)
		goto out;
	first = v;
	for (;;) {
		rc = store_tx_enter(st, err);
		if (rc)
			goto out;
		/* Several servers may start at once: one migrates, the others wait. */
		if (st->ops->backend == STORE_PG)
			rc = st->ops->exec(
			        st->db, "LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE",
			        err);
		if (!rc)
			rc = store_schema_version(st, &v, err);
		if (!rc && v > STORE_SCHEMA_VERSION)
			rc = sv_error_set(err, SV_EVERSION, "schema", "store:version",
			                  "the database has schema version %d, newer than the %d "
			                  "this program knows: upgrade Stegvis",
			                  v, STORE_SCHEMA_VERSION);
		if (rc || v >= STORE_SCHEMA_VERSION) {
			rc = store_tx_leave(st, rc, err);
			break;
		}
		buf_reset(&text);
		buf_reset(&sql);
		rc = find_migration(sql_dir(), v + 1, path, sizeof(path), err);
		if (!rc)
			rc = buf_read_file(&text, path, path, err);
		if (!rc)
			rc = dialect_filter(text.data, st->ops->backend, &sql);
		if (!rc)
			rc = st->ops->exec(st->db, sql.data, err);
		if (!rc) {
			const char *base = strrchr(path, '/');
			struct store_param p[] = {P_INT(v + 1), P_TEXT(base ? base + 1 : path)};
			rc = store_do(
			        st, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
			        p, NPARAMS(p), NULL, err);
		}
		rc = store_tx_leave(st, rc, err);
		if (rc)
			break;
	}
out:
	if (from)
		*from = first < 0 ? 0 : first;
	if (to)
		*to = v;
	buf_release(&text);
	buf_release(&sql);
	return rc;
}

/* ---- Events -------------------------------------------------------------- */

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

void store_event_hash(int64_t tenant, const struct store_event *e, char out[STORE_HASH_HEX])
{
	crypto_hash_sha256_state h;
	unsigned char md[crypto_hash_sha256_BYTES];
	char head[512];
	size_t rlen = e->reason ? strlen(e->reason) : 0;
	size_t plen = e->payload ? strlen(e->payload) : 0;
	int n;

	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)e->prev_hash, strlen(e->prev_hash));
	/* Fixed fields, one per line; the free texts length-prefixed, so no
	 * two different events serialise alike. */
	n = snprintf(head, sizeof(head),
	             "\nstegvis-event/1\n%" PRId64 "\n%zu:%s\n%" PRId64 "\n%" PRId64 "\n%" PRId64
	             "\n%zu:%s\n%" PRId64 "\n",
	             tenant, strlen(e->chain), e->chain, e->seq, e->at, e->actor, strlen(e->kind),
	             e->kind, e->customer_id);
	if (n < 0 || (size_t)n >= sizeof(head)) {
		/* chain or kind too long for the buffer: hash them in parts. */
		crypto_hash_sha256_update(&h, (const unsigned char *)"\nlong\n", 6);
		crypto_hash_sha256_update(&h, (const unsigned char *)e->chain, strlen(e->chain));
		crypto_hash_sha256_update(&h, (const unsigned char *)e->kind, strlen(e->kind));
		n = snprintf(head, sizeof(head),
		             "\n%" PRId64 "\n%" PRId64 "\n%" PRId64 "\n%" PRId64 "\n%" PRId64 "\n",
		             tenant, e->seq, e->at, e->actor, e->customer_id);
	}
	crypto_hash_sha256_update(&h, (const unsigned char *)head, (size_t)n);
	if (e->reason) {
		n = snprintf(head, sizeof(head), "R%zu:", rlen);
		crypto_hash_sha256_update(&h, (const unsigned char *)head, (size_t)n);
		crypto_hash_sha256_update(&h, (const unsigned char *)e->reason, rlen);
	} else {
		crypto_hash_sha256_update(&h, (const unsigned char *)"-", 1);
	}
	n = snprintf(head, sizeof(head), "\n%zu:", plen);
	crypto_hash_sha256_update(&h, (const unsigned char *)head, (size_t)n);
	crypto_hash_sha256_update(&h, (const unsigned char *)(e->payload ? e->payload : ""), plen);
	crypto_hash_sha256_final(&h, md);
	sodium_bin2hex(out, STORE_HASH_HEX, md, sizeof(md));
}

static void chain_name(int64_t customer_id, char out[32])
{
	if (customer_id)
		snprintf(out, 32, "case:%" PRId64, customer_id);
	else
		snprintf(out, 32, "admin");
}

enum sv_rc store_event_emit(struct store *st, const struct store_write *w, int64_t customer_id,
                            const char *kind, json_t *payload, struct sv_error *err)
{
	struct store_event e = {0};
	char chain[32];
	char *text = NULL;
	struct store_q q;
	enum sv_rc rc;

	if (!payload)
		payload = json_object();
	if (!payload)
		return SV_ENOMEM;
	text = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	json_decref(payload);
	if (!text)
		return SV_ENOMEM;
	chain_name(customer_id, chain);
	{
		/* Lock the chain's head (a no-op update takes the row lock on
		 * PostgreSQL; SQLite already holds the write lock). */
		struct store_param p[] = {P_INT(w->tenant), P_TEXT(chain), P_TEXT(ZERO_HASH)};
		rc = store_q_run(st, &q,
		                 "INSERT INTO event_heads (tenant_id, chain, seq, hash) "
		                 "VALUES ($1, $2, 0, $3) ON CONFLICT (tenant_id, chain) "
		                 "DO UPDATE SET seq = event_heads.seq RETURNING seq, hash",
		                 p, NPARAMS(p), false, err);
		if (rc)
			goto out;
		if (store_q_next(&q, &rc, err)) {
			const char *h = store_q_text(&q, 1);
			e.seq = store_q_int(&q, 0) + 1;
			snprintf(e.prev_hash, sizeof(e.prev_hash), "%s", h ? h : "");
		} else if (!rc) {
			rc = sv_error_set(err, SV_EDB, "", "", "event head not returned");
		}
		store_q_done(&q);
		if (rc)
			goto out;
	}
	e.chain = chain;
	e.at = w->at;
	e.actor = w->actor;
	e.kind = (char *)kind;
	e.customer_id = customer_id;
	e.reason = (char *)w->reason;
	e.payload = text;
	store_event_hash(w->tenant, &e, e.hash);
	{
		struct store_param p[] = {P_INT(w->tenant),    P_TEXT(chain),     P_INT(e.seq),
		                          P_INT(e.at),         P_INT(e.actor),    P_TEXT(kind),
		                          P_ID(customer_id),   P_TEXT(w->reason), P_TEXT(text),
		                          P_TEXT(e.prev_hash), P_TEXT(e.hash)};
		rc = store_do(
		        st,
		        "INSERT INTO events (tenant_id, chain, seq, at, actor, kind, customer_id, "
		        "reason, payload, prev_hash, hash) "
		        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
		        p, NPARAMS(p), NULL, err);
		if (rc)
			goto out;
	}
	{
		struct store_param p[] = {P_INT(w->tenant), P_TEXT(chain), P_INT(e.seq),
		                          P_TEXT(e.hash)};
		rc = store_do(st,
		              "UPDATE event_heads SET seq = $3, hash = $4 "
		              "WHERE tenant_id = $1 AND chain = $2",
		              p, NPARAMS(p), NULL, err);
	}
out:
	free(text);
	return rc;
}

enum sv_rc store_event_append(struct store *st, const struct store_write *w, int64_t customer_id,
                              const char *kind, const char *payload, struct sv_error *err)
{
	json_t *pl = NULL;
	json_error_t je;
	enum sv_rc rc;

	rc = store_check_write(w, err);
	if (!rc)
		rc = store_check_required(kind, "kind", err);
	if (rc)
		return rc;
	if (payload) {
		pl = json_loads(payload, JSON_REJECT_DUPLICATES, &je);
		if (!pl || !json_is_object(pl)) {
			json_decref(pl);
			return sv_error_set(err, SV_EINVAL, "payload", "JSON",
			                    "not a JSON object: %s", pl ? "wrong type" : je.text);
		}
	}
	rc = store_tx_enter(st, err);
	if (rc) {
		json_decref(pl);
		return rc;
	}
	if (customer_id) {
		int64_t one;
		struct store_param p[] = {P_INT(w->tenant), P_INT(customer_id)};
		rc = store_one_int(st, "SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2",
		                   p, NPARAMS(p), &one, err);
		if (rc == SV_ENOTFOUND)
			sv_error_set(err, rc, "customer_id", "X-5", "no such customer");
	}
	if (!rc)
		rc = store_event_emit(st, w, customer_id, kind, pl, err);
	else
		json_decref(pl);
	return store_tx_leave(st, rc, err);
}

void store_event_release(struct store_event *e)
{
	free(e->chain);
	free(e->kind);
	free(e->reason);
	free(e->payload);
	free(e->actor_name);
	memset(e, 0, sizeof(*e));
}

void store_event_list_release(struct store_event_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_event_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

#define EVENT_COLS                                                                                \
	"id, chain, seq, at, actor, kind, COALESCE(customer_id, 0), reason, payload, prev_hash, " \
	"hash, tenant_id"

static enum sv_rc event_from_row(struct store_q *q, struct store_event *e)
{
	enum sv_rc rc = SV_OK;
	const char *ph = store_q_text(q, 9), *h = store_q_text(q, 10);

	memset(e, 0, sizeof(*e));
	e->id = store_q_int(q, 0);
	e->chain = store_q_strdup(q, 1, &rc);
	e->seq = store_q_int(q, 2);
	e->at = store_q_int(q, 3);
	e->actor = store_q_int(q, 4);
	e->kind = store_q_strdup(q, 5, &rc);
	e->customer_id = store_q_int(q, 6);
	e->reason = store_q_strdup(q, 7, &rc);
	e->payload = store_q_strdup(q, 8, &rc);
	snprintf(e->prev_hash, sizeof(e->prev_hash), "%s", ph ? ph : "");
	snprintf(e->hash, sizeof(e->hash), "%s", h ? h : "");
	if (!rc && (!e->chain || !e->kind || !e->payload))
		rc = SV_ENOMEM;
	if (rc)
		store_event_release(e);
	return rc;
}

enum sv_rc store_event_list_case(struct store *st, int64_t tenant, int64_t customer_id,
                                 struct store_page page, struct store_event_list *out,
                                 struct sv_error *err)
{
	size_t limit = page.limit ? page.limit : STORE_PAGE_DEFAULT;
	struct store_q q;
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	if (limit > STORE_PAGE_MAX)
		limit = STORE_PAGE_MAX;
	out->v = calloc(limit + 1, sizeof(*out->v));
	if (!out->v)
		return SV_ENOMEM;
	{
		struct store_param p[] = {P_INT(tenant), P_INT(customer_id), P_INT(page.after),
		                          P_INT((int64_t)limit + 1)};
		/* The actor's display name in the same query (least privilege: only the name). */
		rc = store_q_run(
		        st, &q,
		        "SELECT e.id, e.chain, e.seq, e.at, e.actor, e.kind, "
		        "COALESCE(e.customer_id, 0), e.reason, e.payload, e.prev_hash, "
		        "e.hash, e.tenant_id, u.display_name FROM events e LEFT JOIN users u "
		        "ON u.tenant_id = e.tenant_id AND u.id = e.actor WHERE e.tenant_id = "
		        "$1 AND e.customer_id = $2 AND e.id > $3 ORDER BY e.id LIMIT $4",
		        p, NPARAMS(p), false, err);
	}
	if (rc)
		goto out;
	while (store_q_next(&q, &rc, err)) {
		if (out->n == limit) {
			out->next = out->v[limit - 1].id;
			break;
		}
		rc = event_from_row(&q, &out->v[out->n]);
		if (rc)
			break;
		out->v[out->n].actor_name = store_q_strdup(&q, 12, &rc);
		out->n++;
		if (rc)
			break;
	}
	store_q_done(&q);
out:
	if (rc)
		store_event_list_release(out);
	return rc;
}

/* ---- Verification --------------------------------------------------------- */

static enum sv_rc verify_heads(struct store *st, struct sv_error *err)
{
	/* Each head must point at an existing event with the same hash and no
	 * event may lie beyond its head: a deleted or added tail shows here. */
	static const char *const checks[] = {
	        "SELECT h.tenant_id, h.chain, h.seq FROM event_heads h LEFT JOIN events e ON "
	        "e.tenant_id = h.tenant_id AND e.chain = h.chain AND e.seq = h.seq "
	        "WHERE h.seq > 0 AND (e.id IS NULL OR e.hash <> h.hash) "
	        "ORDER BY h.tenant_id, h.chain LIMIT 1",
	        "SELECT e.tenant_id, e.chain, e.seq FROM events e LEFT JOIN event_heads h ON "
	        "e.tenant_id = h.tenant_id AND e.chain = h.chain "
	        "WHERE h.chain IS NULL OR e.seq > h.seq ORDER BY e.tenant_id, e.chain, e.seq LIMIT "
	        "1",
	};
	static const char *const what[] = {
	        "whose event is missing or differs from the chain's recorded head",
	        "which lies beyond the chain's recorded head",
	};
	enum sv_rc rc = SV_OK;

	for (size_t i = 0; i < 2 && !rc; i++) {
		struct store_q q;
		rc = store_q_run(st, &q, checks[i], NULL, 0, false, err);
		if (rc)
			return rc;
		if (store_q_next(&q, &rc, err)) {
			rc = sv_error_set(err, SV_ECORRUPT, "events", "X-1",
			                  "tenant %" PRId64 ", chain %s, seq %" PRId64 ": %s",
			                  store_q_int(&q, 0), store_q_text(&q, 1),
			                  store_q_int(&q, 2), what[i]);
		}
		store_q_done(&q);
	}
	return rc;
}

enum sv_rc store_verify(struct store *st, int64_t *chains, int64_t *events, struct sv_error *err)
{
	struct store_q q;
	struct store_event e;
	char prev_chain[256] = "";
	char prev_hash[STORE_HASH_HEX] = ZERO_HASH;
	int64_t prev_tenant = 0, expect_seq = 1, nchains = 0, nevents = 0;
	enum sv_rc rc;
	bool broken = false;

	rc = store_q_run(st, &q, "SELECT " EVENT_COLS " FROM events ORDER BY tenant_id, chain, seq",
	                 NULL, 0, true, err);
	if (rc)
		goto out;
	while (!broken && store_q_next(&q, &rc, err)) {
		int64_t tenant = store_q_int(&q, 11);
		char h[STORE_HASH_HEX];

		rc = event_from_row(&q, &e);
		if (rc)
			break;
		if (tenant != prev_tenant || strcmp(e.chain, prev_chain)) {
			prev_tenant = tenant;
			snprintf(prev_chain, sizeof(prev_chain), "%s", e.chain);
			memcpy(prev_hash, ZERO_HASH, sizeof(prev_hash));
			expect_seq = 1;
			nchains++;
		}
		nevents++;
		store_event_hash(tenant, &e, h);
		if (e.seq != expect_seq) {
			rc = sv_error_set(err, SV_ECORRUPT, "events", "X-1",
			                  "tenant %" PRId64 ", chain %s, event %" PRId64
			                  ": seq %" PRId64 " where %" PRId64
			                  " was expected (an event is missing)",
			                  tenant, e.chain, e.id, e.seq, expect_seq);
			broken = true;
		} else if (strcmp(e.prev_hash, prev_hash)) {
			rc = sv_error_set(err, SV_ECORRUPT, "events", "X-1",
			                  "tenant %" PRId64 ", chain %s, seq %" PRId64
			                  " (event %" PRId64 "): prev_hash does not match the "
			                  "hash of seq %" PRId64,
			                  tenant, e.chain, e.seq, e.id, e.seq - 1);
			broken = true;
		} else if (strcmp(h, e.hash)) {
			rc = sv_error_set(err, SV_ECORRUPT, "events", "X-1",
			                  "tenant %" PRId64 ", chain %s, seq %" PRId64
			                  " (event %" PRId64 "): the stored hash does not match "
			                  "the event's content (changed after it was written)",
			                  tenant, e.chain, e.seq, e.id);
			broken = true;
		}
		memcpy(prev_hash, e.hash, sizeof(prev_hash));
		expect_seq = e.seq + 1;
		store_event_release(&e);
	}
	store_q_done(&q);
	if (!rc)
		rc = verify_heads(st, err);
out:
	if (chains)
		*chains = nchains;
	if (events)
		*events = nevents;
	return rc;
}
