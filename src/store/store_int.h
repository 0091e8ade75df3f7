/*
 * store_int.h - what the backends implement (struct store_ops) and what
 * store.c shares between its files. Not a public header.
 *
 * The ops table is a small statement interface: every SQL text lives once
 * in store.c (with $1..$n placeholders) and runs unchanged on both
 * databases; a backend only connects, prepares, binds typed parameters and
 * steps through rows. Dialect differences that cannot be avoided are in
 * the migrations (sql/) and in the few ops (begin, backup) that differ.
 */
#ifndef SV_STORE_INT_H
#define SV_STORE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "stegvis/err.h"
#include "stegvis/store.h"

/* SP_DATE carries an sv_date in i (SV_NO_DATE = NULL); backends send it as 'YYYY-MM-DD'. */
enum store_ptype { SP_NULL, SP_INT, SP_TEXT, SP_DATE };

struct store_param {
	enum store_ptype t;
	int64_t i;
	const char *s;
};

/* A prepared statement of a backend; opaque to store.c. */
struct store_stmt;

struct store_ops {
	const char *name;
	enum store_backend backend;
	/* target is the URL without "sqlite:" for SQLite, the whole URL for PostgreSQL. */
	enum sv_rc (*open)(const char *target, void **db, struct sv_error *err);
	void (*close)(void *db);
	/* Run SQL text without parameters; may hold several statements. */
	enum sv_rc (*exec)(void *db, const char *sql, struct sv_error *err);
	/* Prepare sql once; the handle is cached by store.c per connection. */
	enum sv_rc (*prepare)(void *db, int slot, const char *sql, struct store_stmt **out,
	                      struct sv_error *err);
	void (*finalize)(void *db, struct store_stmt *s);
	/*
	 * Execute with parameters. Rows are then read with next()/col_*()
	 * until next() returns false, and the statement is reset() before its
	 * next use. stream asks for rows to be fetched as they are read
	 * (large scans); other statements must not run meanwhile.
	 */
	enum sv_rc (*run)(void *db, struct store_stmt *s, const struct store_param *p, int np,
	                  bool stream, struct sv_error *err);
	/* true: a row is there. On a database error mid-scan false with *rc set. */
	bool (*next)(void *db, struct store_stmt *s, enum sv_rc *rc, struct sv_error *err);
	bool (*col_null)(struct store_stmt *s, int i);
	int64_t (*col_int)(struct store_stmt *s, int i);
	/* Valid until the next next()/reset(); NULL for SQL NULL. */
	const char *(*col_text)(struct store_stmt *s, int i);
	int (*col_count)(struct store_stmt *s);
	const char *(*col_name)(struct store_stmt *s, int i);
	void (*reset)(void *db, struct store_stmt *s);
	/* Rows changed by the last run of s (INSERT/UPDATE/DELETE). */
	int64_t (*changes)(void *db, struct store_stmt *s);
	/* Transactions: begin takes the write lock at once where the database allows. */
	const char *begin_sql;
	/* Online backup into path, or restore from it (SQLite only; NULL elsewhere). */
	enum sv_rc (*backup)(void *db, const char *path, bool restore, struct sv_error *err);
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

/*
 * Backends map a unique violation to SV_ECONFLICT (rule "store:unique"), a
 * foreign key, CHECK or NOT NULL violation to SV_EINVAL ("store:reference",
 * "store:check"), a lock timeout or serialisation failure to SV_ECONFLICT
 * ("store:busy") and everything else to SV_EDB.
 */

/* ---- Shared by the files of store/ ---------------------------------------- */

#define STORE_CACHE_SLOTS 512

struct store {
	const struct store_ops *ops;
	void *db;
	/* Prepared statements, keyed by the address of their SQL text. */
	const char *cache_sql[STORE_CACHE_SLOTS];
	struct store_stmt *cache_stmt[STORE_CACHE_SLOTS];
	int nprepared;
	int txdepth;  /* 0: no transaction; 1: in one; >1: savepoints */
	bool user_tx; /* the outermost transaction was opened by store_begin() */
};

/* Parameter constructors. */
#define P_INT(x)  ((struct store_param){SP_INT, (int64_t)(x), NULL})
#define P_TEXT(x) ((struct store_param){SP_TEXT, 0, (x)})
#define P_NULL    ((struct store_param){SP_NULL, 0, NULL})
#define P_DATE(x) ((struct store_param){SP_DATE, (int64_t)(x), NULL})
/* An optional id: 0 becomes NULL. */
#define P_ID(x)    ((x) ? P_INT(x) : P_NULL)
#define P_BOOL(x)  P_INT((x) ? 1 : 0)
#define NPARAMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* A running statement. sql must be a string with static storage: its address is the cache key. */
struct store_q {
	struct store *st;
	struct store_stmt *s;
};

enum sv_rc store_q_run(struct store *st, struct store_q *q, const char *sql,
                       const struct store_param *p, int np, bool stream,
                       struct sv_error *err) SV_WUR;
/* Next row; false at the end or on error (then *rc is set, when rc is non-NULL). */
bool store_q_next(struct store_q *q, enum sv_rc *rc, struct sv_error *err);
bool store_q_null(struct store_q *q, int i);
int64_t store_q_int(struct store_q *q, int i);
const char *store_q_text(struct store_q *q, int i);
/* A malloc'd copy of a text column, NULL for SQL NULL; *rc = SV_ENOMEM on failure. */
char *store_q_strdup(struct store_q *q, int i, enum sv_rc *rc);
/* A date column; SV_NO_DATE for NULL or anything that is not 'YYYY-MM-DD'. */
sv_date store_q_date(struct store_q *q, int i);
void store_q_done(struct store_q *q);
int store_q_ncols(struct store_q *q);
const char *store_q_colname(struct store_q *q, int i);

/* Run a statement that returns no rows (or whose rows are ignored); *changes may be NULL. */
enum sv_rc store_do(struct store *st, const char *sql, const struct store_param *p, int np,
                    int64_t *changes, struct sv_error *err) SV_WUR;
/* Run a statement and read column 0 of its first row as an integer; SV_ENOTFOUND when no row. */
enum sv_rc store_one_int(struct store *st, const char *sql, const struct store_param *p, int np,
                         int64_t *out, struct sv_error *err) SV_WUR;

/* Open a transaction, or a savepoint inside the current one. */
enum sv_rc store_tx_enter(struct store *st, struct sv_error *err) SV_WUR;
/* Close what store_tx_enter opened: commit/release when rc is SV_OK, else roll back. Returns the
 * final rc. */
enum sv_rc store_tx_leave(struct store *st, enum sv_rc rc, struct sv_error *err) SV_WUR;

/*
 * Append an event in the current transaction. payload is a JSON
 * object (may be NULL = {}); it is stolen (decref'd) in every case. The
 * caller must be inside store_tx_enter().
 */
struct json_t;
enum sv_rc store_event_emit(struct store *st, const struct store_write *w, int64_t customer_id,
                            const char *kind, struct json_t *payload, struct sv_error *err) SV_WUR;

/*
 * The hash of one event: hex SHA-256 over prev_hash (64 hex digits, all
 * '0' for a chain's first event), a newline and the canonical serialisation
 * of the event's stored fields (docs/internals/store.md).
 */
void store_event_hash(int64_t tenant, const struct store_event *e, char out[STORE_HASH_HEX]);

/* Validation helpers: SV_EINVAL naming field and rule "store:enum" / "store:required". */
enum sv_rc store_check_enum(const char *value, const char *const *allowed, const char *field,
                            bool required, struct sv_error *err) SV_WUR;
enum sv_rc store_check_required(const char *value, const char *field, struct sv_error *err) SV_WUR;
enum sv_rc store_check_write(const struct store_write *w, struct sv_error *err) SV_WUR;

/* Vocabularies, NULL-terminated (they mirror the CHECK constraints of sql/0001_init.sql). */
extern const char *const store_roles[];
extern const char *const store_schemes[];
extern const char *const store_codes[];
extern const char *const store_states[];
extern const char *const store_end_reasons[];
extern const char *const store_id_kinds[];
extern const char *const store_protections[];
extern const char *const store_channels[];

/* Time as ISO-8601 UTC text "YYYY-MM-DDTHH:MM:SS.ffffffZ" (for JSON payloads and extracts). */
#define STORE_TIME_STRLEN 32
char *store_time_format(sv_time t, char out[STORE_TIME_STRLEN]);

#endif
