/*
 * store.h - persistence: one API over SQLite (the embedded default) and
 * PostgreSQL, with the same data and the same guarantees on both.
 *
 * Handles. A struct store is one database connection with its own cache of
 * prepared statements. It belongs to one thread at a time: open one handle
 * per worker thread, never share one between threads.
 *
 * URLs. "sqlite:PATH" (PATH may be relative; "sqlite::memory:" for a private
 * in-memory database) or "postgresql://..." / "postgres://..." (a libpq URI).
 * store_default_url() picks --db, then $STEGVIS_DB, then STORE_DEFAULT_URL.
 *
 * Tenancy. Every row belongs to one tenant and every function that
 * reads or writes tenant data takes the tenant id and restricts every query
 * to it: an id of another tenant's row behaves exactly like an id that does
 * not exist (SV_ENOTFOUND). Foreign keys include the tenant, so a row can
 * never point at another tenant's row either.
 *
 * Writes and events. Every function that changes tenant data takes a
 * struct store_write (tenant, actor, time, reason) and appends its event in
 * the same transaction: both are stored or neither is. Events are
 * append-only and hash-chained per chain: "case:<customer id>" for
 * everything about one customer's case, "admin" for the rest (users, units,
 * providers, tokens). Sessions, login attempts and the access log are
 * themselves logs and write no events.
 *
 * Transactions. A write function that is called outside a transaction runs
 * in its own. Between store_begin() and store_commit() it joins the caller's
 * transaction and guards its own part with a savepoint: when it fails, its
 * partial work is rolled back and the outer transaction stays usable.
 * store_begin() on SQLite takes the write lock at once (BEGIN IMMEDIATE), so
 * concurrent writers wait (busy timeout) instead of failing half-way.
 *
 * Time. No function here reads the clock: timestamps (sv_time, integer
 * microseconds since 1970-01-01T00:00:00Z, UTC) come from the caller.
 * Civil dates are sv_date day numbers; SV_NO_DATE stands for "none".
 * In the database dates are DATE (PostgreSQL) or 'YYYY-MM-DD' text
 * (SQLite), timestamps BIGINT microseconds, money BIGINT öre (CAL-5).
 *
 * Memory. Structs filled by a store function own their strings and arrays
 * (malloc'd); release them with the matching *_release() function, which
 * also leaves the struct zeroed and reusable. Structs passed *into* a
 * create function are only read (except that the new id is written back);
 * the caller keeps ownership of their strings. Optional strings are NULL
 * when absent, optional ids 0, optional dates SV_NO_DATE.
 *
 * Pagination. List functions take a struct store_page: rows come in
 * ascending id order, starting after page.after (0 = from the start), at
 * most page.limit rows (0 = STORE_PAGE_DEFAULT, capped at STORE_PAGE_MAX).
 * The list's next is the cursor for the following page, or 0 when this was
 * the last page (keyset pagination: stable under concurrent inserts).
 *
 * Errors. SV_EINVAL names the field and the rule (e.g. "role",
 * "store:enum"); SV_ECONFLICT for a uniqueness clash (a second customer with
 * the same personnummer in a tenant); SV_ENOTFOUND; SV_EDB for anything the
 * database reports that is not the caller's fault; SV_EVERSION when the
 * database schema is newer than this binary.
 */
#ifndef SV_STORE_H
#define SV_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stegvis/buf.h"
#include "stegvis/date.h"
#include "stegvis/err.h"

typedef int64_t sv_time; /* µs since the epoch, UTC */

#define SV_NO_DATE         INT32_MIN
#define STORE_DEFAULT_URL  "sqlite:var/stegvis.db"
#define STORE_PAGE_DEFAULT 50
#define STORE_PAGE_MAX     1000
/* The newest schema version this binary knows (sql/NNNN_*.sql). */
#define STORE_SCHEMA_VERSION 6
#define STORE_HASH_HEX       65 /* 64 hex digits of SHA-256 and a NUL */

struct store; /* opaque handle */

enum store_backend { STORE_SQLITE, STORE_PG };

/* ---- Connection, schema, transactions ---------------------------------- */

/* flag (e.g. the --db argument) if non-NULL and non-empty, else $STEGVIS_DB, else the default. */
const char *store_default_url(const char *flag);

/*
 * Open a connection. Does not migrate: call store_migrate() (stegvis
 * migrate and stegvis serve at start do). SQLite is configured with WAL,
 * foreign keys on, synchronous=FULL and a busy timeout; the directory of
 * PATH must exist. On success *out is a new handle for store_close().
 */
enum sv_rc store_open(const char *url, struct store **out, struct sv_error *err) SV_WUR;
void store_close(struct store *st);
enum store_backend store_backend(const struct store *st);

/*
 * Apply every migration in sql/ newer than the database's version, each in
 * its own transaction. Idempotent. Refuses (SV_EVERSION) a database whose
 * version is newer than STORE_SCHEMA_VERSION. from/to (may be NULL) receive
 * the version before and after.
 */
enum sv_rc store_migrate(struct store *st, int *from, int *to, struct sv_error *err) SV_WUR;
/* The database's schema version (0 when never migrated). */
enum sv_rc store_schema_version(struct store *st, int *version, struct sv_error *err) SV_WUR;

/* Begin/commit a caller's transaction (not nestable: SV_ESTATE when one is open). */
enum sv_rc store_begin(struct store *st, struct sv_error *err) SV_WUR;
enum sv_rc store_commit(struct store *st, struct sv_error *err) SV_WUR;
/* Roll back the caller's transaction; a no-op when none is open. */
void store_rollback(struct store *st);

/* Who writes, when and why. actor 0 is the system (import, jobs). */
struct store_write {
	int64_t tenant;
	int64_t actor;
	sv_time at;
	const char *reason; /* may be NULL */
};

/* ---- Tenants ----------------------------------------------------------- */

struct store_tenant {
	int64_t id;
	char *code;    /* short unique name, e.g. "nacka" */
	char *name;    /* "Nacka kommun" */
	char *country; /* "SE" or "DK" */
	sv_time created_at;
};
void store_tenant_release(struct store_tenant *t);
/* Creates a tenant (code [a-z0-9_-]{1,40}, unique); t->id receives the new id. */
enum sv_rc store_tenant_create(struct store *st, struct store_tenant *t, sv_time at,
                               struct sv_error *err) SV_WUR;
enum sv_rc store_tenant_get_by_code(struct store *st, const char *code, struct store_tenant *out,
                                    struct sv_error *err) SV_WUR;
/* Every tenant, in id order (administration only: the one query not scoped by a tenant). */
enum sv_rc store_tenant_list(struct store *st, struct store_tenant **out, size_t *n,
                             struct sv_error *err) SV_WUR;
void store_tenant_list_release(struct store_tenant *v, size_t n);

struct store_page {
	int64_t after;
	size_t limit;
};

/* ---- Units ------------------------------------------------------------- */

struct store_unit {
	int64_t id;
	char *ref; /* key in the system the row was imported from, or NULL */
	char *name;
	int64_t parent_id; /* 0 = top level */
};
struct store_unit_list {
	struct store_unit *v;
	size_t n;
	int64_t next;
};
void store_unit_release(struct store_unit *u);
void store_unit_list_release(struct store_unit_list *l);
enum sv_rc store_unit_create(struct store *st, const struct store_write *w, struct store_unit *u,
                             struct sv_error *err) SV_WUR;
enum sv_rc store_unit_get(struct store *st, int64_t tenant, int64_t id, struct store_unit *out,
                          struct sv_error *err) SV_WUR;
enum sv_rc store_unit_list(struct store *st, int64_t tenant, struct store_page page,
                           struct store_unit_list *out, struct sv_error *err) SV_WUR;

/* ---- Users, sessions, API tokens, login attempts ------------------------ */

/*
 * Roles (glossary of domain.md): "admin", "counsellor", "social_worker",
 * "supervisor", "provider_staff", "system_specialist", "coordinator", "dpo",
 * "finance", "labour_officer". provider_staff must name a provider; the
 * others may name a unit.
 */
bool store_role_valid(const char *role);

struct store_user {
	int64_t id;
	char *ref;
	char *username; /* unique per tenant */
	char *display_name;
	char *role;
	int64_t unit_id;     /* 0 = none */
	int64_t provider_id; /* 0 = none; required for provider_staff */
	char *password_hash; /* an encoded hash (e.g. argon2id), or NULL: cannot log in */
	bool disabled;
	sv_time created_at;
};
struct store_user_list {
	struct store_user *v;
	size_t n;
	int64_t next;
};
void store_user_release(struct store_user *u);
void store_user_list_release(struct store_user_list *l);
/* Event "user.created" on the admin chain; created_at is w->at. */
enum sv_rc store_user_create(struct store *st, const struct store_write *w, struct store_user *u,
                             struct sv_error *err) SV_WUR;
enum sv_rc store_user_get(struct store *st, int64_t tenant, int64_t id, struct store_user *out,
                          struct sv_error *err) SV_WUR;
enum sv_rc store_user_get_by_username(struct store *st, int64_t tenant, const char *username,
                                      struct store_user *out, struct sv_error *err) SV_WUR;
/* Event "user.password_set" (the payload never holds the hash). */
enum sv_rc store_user_set_password(struct store *st, const struct store_write *w, int64_t id,
                                   const char *password_hash, struct sv_error *err) SV_WUR;
/* Event "user.disabled"; also deletes the user's sessions and revokes the user's API tokens. */
enum sv_rc store_user_disable(struct store *st, const struct store_write *w, int64_t id,
                              struct sv_error *err) SV_WUR;
enum sv_rc store_user_list(struct store *st, int64_t tenant, struct store_page page,
                           struct store_user_list *out, struct sv_error *err) SV_WUR;

/* A login session (sessions live in the database: servers keep no state). */
struct store_session {
	char *token_hash; /* hex hash of the cookie token; the token itself is never stored */
	char *csrf_token;
	int64_t user_id;
	sv_time created_at;
	sv_time last_seen_at;
	sv_time expires_at;
};
void store_session_release(struct store_session *s);
enum sv_rc store_session_create(struct store *st, int64_t tenant, const struct store_session *s,
                                struct sv_error *err) SV_WUR;
/* SV_ENOTFOUND when unknown or expired at now. */
enum sv_rc store_session_get(struct store *st, int64_t tenant, const char *token_hash, sv_time now,
                             struct store_session *out, struct sv_error *err) SV_WUR;
enum sv_rc store_session_touch(struct store *st, int64_t tenant, const char *token_hash,
                               sv_time now, sv_time expires_at, struct sv_error *err) SV_WUR;
enum sv_rc store_session_delete(struct store *st, int64_t tenant, const char *token_hash,
                                struct sv_error *err) SV_WUR;
/* Deletes every session of the tenant expired at now; *deleted (may be NULL) gets the count. */
enum sv_rc store_session_delete_expired(struct store *st, int64_t tenant, sv_time now,
                                        int64_t *deleted, struct sv_error *err) SV_WUR;

struct store_api_token {
	int64_t id;
	int64_t user_id;
	char *name;
	char *token_hash; /* hex hash; unique */
	sv_time created_at;
	sv_time expires_at; /* 0 = never */
	sv_time revoked_at; /* 0 = not revoked */
};
struct store_api_token_list {
	struct store_api_token *v;
	size_t n;
	int64_t next;
};
void store_api_token_release(struct store_api_token *t);
void store_api_token_list_release(struct store_api_token_list *l);
/* Event "api_token.created"; t->id receives the id, created_at is w->at. */
enum sv_rc store_api_token_create(struct store *st, const struct store_write *w,
                                  struct store_api_token *t, struct sv_error *err) SV_WUR;
/* Returns revoked and expired tokens too: the caller checks revoked_at/expires_at. */
enum sv_rc store_api_token_get_by_hash(struct store *st, int64_t tenant, const char *token_hash,
                                       struct store_api_token *out, struct sv_error *err) SV_WUR;
/* Event "api_token.revoked"; revoking twice keeps the first time. */
enum sv_rc store_api_token_revoke(struct store *st, const struct store_write *w, int64_t id,
                                  struct sv_error *err) SV_WUR;
enum sv_rc store_api_token_list(struct store *st, int64_t tenant, int64_t user_id,
                                struct store_page page, struct store_api_token_list *out,
                                struct sv_error *err) SV_WUR;

/* Login attempts, for throttling. username and address may be NULL/"" but not both. */
enum sv_rc store_login_attempt_add(struct store *st, int64_t tenant, const char *username,
                                   const char *address, sv_time at, bool success,
                                   struct sv_error *err) SV_WUR;
/*
 * Failed attempts at or after since, for the username (when non-NULL) or
 * else for the address.
 */
enum sv_rc store_login_failures(struct store *st, int64_t tenant, const char *username,
                                const char *address, sv_time since, int64_t *count,
                                struct sv_error *err) SV_WUR;

/* ---- Providers (ID-4, KV-11, KV-12, JP-4) ------------------------------- */

/* Schemes (KV-1, JP-0): "FAI", "AMI", "ISA", "JOBBPENG". */
bool store_scheme_valid(const char *scheme);

struct store_authorisation {
	char *scheme;
	sv_date from; /* authorisation date: orders the default rotation (KV-12) */
	sv_date to;   /* SV_NO_DATE while authorised */
};
struct store_provider_contact {
	char *name;
	char *role;
	char *email;
	char *phone;
};
struct store_provider {
	int64_t id;
	char *ref;
	char *org_no; /* normalised: 10 digits (SE) or 8 digits (DK CVR) */
	char *name;
	char *presentation;
	char *website;
	int32_t capacity; /* customers at a time; -1 = not stated */
	char **industries;
	size_t nindustries;
	struct store_authorisation *auths;
	size_t nauths;
	struct store_provider_contact *contacts;
	size_t ncontacts;
	sv_time created_at;
};
struct store_provider_list {
	struct store_provider *v;
	size_t n;
	int64_t next;
};
void store_provider_release(struct store_provider *p);
void store_provider_list_release(struct store_provider_list *l);
/* With its industries, authorisations and contacts; event "provider.created". */
enum sv_rc store_provider_create(struct store *st, const struct store_write *w,
                                 struct store_provider *p, struct sv_error *err) SV_WUR;
enum sv_rc store_provider_get(struct store *st, int64_t tenant, int64_t id,
                              struct store_provider *out, struct sv_error *err) SV_WUR;
/* Providers; when scheme is non-NULL only those with an authorisation for it. */
enum sv_rc store_provider_list(struct store *st, int64_t tenant, const char *scheme,
                               struct store_page page, struct store_provider_list *out,
                               struct sv_error *err) SV_WUR;
/* Event "provider.authorised". */
enum sv_rc store_provider_authorise(struct store *st, const struct store_write *w,
                                    int64_t provider_id, const struct store_authorisation *a,
                                    struct sv_error *err) SV_WUR;

/* ---- Customers (ID-1..3, KV-81, IN-7, KV-2) ------------------------------ */

/* A contact channel; consent (IN-7) is required for "sms" and "email" summons. */
struct store_contact {
	char *channel; /* "phone", "sms", "email", "letter" */
	char *value;
	bool consent;
};
/* A target-group fact ("financial_assistance", "establishment", ...) with its period. */
struct store_fact {
	char *fact;
	sv_date from;
	sv_date to; /* SV_NO_DATE = open */
};
struct store_customer {
	int64_t id;
	char *ref;
	char *person_id; /* normalised: 12 digits (SE) or 10 digits (DK CPR); NULL if unknown */
	char *id_kind;   /* "personnummer", "samordningsnummer", "cpr", "none" */
	char *given_name;
	char *family_name;
	sv_date birth_date;
	char *protection;           /* KV-81: "none", "skyddad_folkbokforing", "sekretessmarkering",
	                               "fingerade" */
	char *interpreter_language; /* NULL = no interpreter */
	int64_t unit_id;
	int64_t counsellor_id;
	char *counsellor_name; /* read only: the counsellor's display name, or NULL */
	struct store_contact *contacts;
	size_t ncontacts;
	struct store_fact *facts;
	size_t nfacts;
	sv_time created_at;
};
struct store_customer_list {
	struct store_customer *v;
	size_t n;
	int64_t next;
};
void store_customer_release(struct store_customer *c);
void store_customer_list_release(struct store_customer_list *l);
/* With contacts and facts; event "customer.created" on the new case chain. */
enum sv_rc store_customer_create(struct store *st, const struct store_write *w,
                                 struct store_customer *c, struct sv_error *err) SV_WUR;
enum sv_rc store_customer_get(struct store *st, int64_t tenant, int64_t id,
                              struct store_customer *out, struct sv_error *err) SV_WUR;
enum sv_rc store_customer_get_by_person_id(struct store *st, int64_t tenant, const char *person_id,
                                           struct store_customer *out, struct sv_error *err) SV_WUR;
/* Customers of a unit (unit_id 0 = all); list rows carry no contacts or facts. */
enum sv_rc store_customer_list(struct store *st, int64_t tenant, int64_t unit_id,
                               struct store_page page, struct store_customer_list *out,
                               struct sv_error *err) SV_WUR;

/* ---- Interventions (KV-1, KV-20..26, KV-50..52) ------------------------- */

/* Codes: FAI1 FAI2 AMI1 AMI2 ISA1 ISA2 JP; the scheme follows from the code. */
const char *store_intervention_scheme(const char *code);
/* States: granted queued staffed assigned running ended cancelled. */
bool store_intervention_state_valid(const char *state);

struct store_intervention {
	int64_t id;
	char *ref;
	int64_t customer_id;
	char *code;
	int64_t provider_id; /* 0 until chosen */
	int64_t unit_id;
	int64_t counsellor_id;
	sv_date decided_on;
	sv_date start_on;
	sv_date planned_end_on;
	sv_date actual_end_on;
	char *state;
	char *end_reason; /* NULL unless ended: self_sufficient, goal_reached, other_intervention,
	                     provider_switch, af_programme, unforeseen, other_commitments, sickness,
	                     no_progression, provider_deficiency, customer_ended, other */
	sv_time created_at;
	sv_time updated_at;
};
struct store_intervention_list {
	struct store_intervention *v;
	size_t n;
	int64_t next;
};
struct store_intervention_filter {
	int64_t unit_id;     /* 0 = any */
	int64_t provider_id; /* 0 = any */
	int64_t customer_id; /* 0 = any */
	const char *state;   /* NULL = any */
};
void store_intervention_release(struct store_intervention *iv);
void store_intervention_list_release(struct store_intervention_list *l);
/* Event "intervention.created" on the customer's case chain. */
enum sv_rc store_intervention_create(struct store *st, const struct store_write *w,
                                     struct store_intervention *iv, struct sv_error *err) SV_WUR;
enum sv_rc store_intervention_get(struct store *st, int64_t tenant, int64_t id,
                                  struct store_intervention *out, struct sv_error *err) SV_WUR;
enum sv_rc store_intervention_list(struct store *st, int64_t tenant,
                                   const struct store_intervention_filter *f,
                                   struct store_page page, struct store_intervention_list *out,
                                   struct sv_error *err) SV_WUR;
/*
 * Set the state (and for "ended" the end reason and actual end date; both
 * must then be given). Event "intervention.state" with old and new state.
 * Does not judge whether the transition is allowed: that is a core rule.
 */
enum sv_rc store_intervention_set_state(struct store *st, const struct store_write *w, int64_t id,
                                        const char *state, const char *end_reason,
                                        sv_date actual_end, struct sv_error *err) SV_WUR;
/* Event "intervention.provider". */
enum sv_rc store_intervention_set_provider(struct store *st, const struct store_write *w,
                                           int64_t id, int64_t provider_id,
                                           struct sv_error *err) SV_WUR;

/* ---- Events (X-1) -------------------------------------------------------- */

struct store_event {
	int64_t id;
	char *chain; /* "case:<customer id>" or "admin" */
	int64_t seq; /* 1, 2, ... within the chain */
	sv_time at;
	int64_t actor;
	char *kind; /* "customer.created", ... */
	int64_t customer_id;
	char *reason;  /* NULL when none was given */
	char *payload; /* canonical JSON (compact, sorted keys) */
	char prev_hash[STORE_HASH_HEX];
	char hash[STORE_HASH_HEX];
	char *actor_name; /* the actor's display name (store_event_list_case only), or NULL */
};
struct store_event_list {
	struct store_event *v;
	size_t n;
	int64_t next;
};
void store_event_release(struct store_event *e);
void store_event_list_release(struct store_event_list *l);
/*
 * Append an event for a change the caller writes itself in the same
 * transaction (service code for tables without a dedicated function here).
 * customer_id 0 appends to the admin chain. payload is JSON text (NULL =
 * {}), stored in canonical form.
 */
enum sv_rc store_event_append(struct store *st, const struct store_write *w, int64_t customer_id,
                              const char *kind, const char *payload, struct sv_error *err) SV_WUR;
/* The events of one case, oldest first, each with its actor's display name. */
enum sv_rc store_event_list_case(struct store *st, int64_t tenant, int64_t customer_id,
                                 struct store_page page, struct store_event_list *out,
                                 struct sv_error *err) SV_WUR;

/*
 * Check every chain of every tenant: sequence numbers without gaps, each
 * event's prev_hash equal to its predecessor's hash, each hash equal to the
 * hash recomputed from the stored fields, and each chain's head equal to its
 * last event. Returns SV_ECORRUPT at the first broken link, described in
 * err (field "events", message naming tenant, chain, seq and event id).
 * *chains and *events (may be NULL) receive how many were checked.
 */
enum sv_rc store_verify(struct store *st, int64_t *chains, int64_t *events,
                        struct sv_error *err) SV_WUR;

/* ---- Access log (X-2) ---------------------------------------------------- */

struct store_access {
	int64_t id;
	int64_t user_id;
	int64_t customer_id;
	sv_time at;
	char *purpose; /* why the data was read, e.g. "case_work", "register_extract" */
	char *what;    /* which data, e.g. "customer", "intervention:17"; may be NULL */
};
struct store_access_list {
	struct store_access *v;
	size_t n;
	int64_t next;
};
void store_access_list_release(struct store_access_list *l);
/* Record that user read customer's data. purpose is required. */
enum sv_rc store_access_log(struct store *st, int64_t tenant, int64_t user_id, int64_t customer_id,
                            sv_time at, const char *purpose, const char *what,
                            struct sv_error *err) SV_WUR;
enum sv_rc store_access_list_person(struct store *st, int64_t tenant, int64_t customer_id,
                                    struct store_page page, struct store_access_list *out,
                                    struct sv_error *err) SV_WUR;
enum sv_rc store_access_list_user(struct store *st, int64_t tenant, int64_t user_id,
                                  struct store_page page, struct store_access_list *out,
                                  struct sv_error *err) SV_WUR;

/*
 * The register extract (GDPR art. 15, X-6): everything stored about one
 * customer as one JSON document (the customer with contacts and facts,
 * interventions and their details, assessments, proposals, contact logs,
 * deviations, provider deficiencies noted on the case, jobbpeng supplements
 * and bonus claims, documents with versions, sections and reviews,
 * absences, meetings, messages, data incidents that name the person or
 * their case, obligations, case facts, billing lines and notices,
 * target-group memberships, progression scores, project participation,
 * events and the access log of the person), appended to out: one member
 * per record kind, an array of rows (column: value as text, or null),
 * always present. Rows of other customers never appear.
 * Does not log the read itself: the caller logs it with purpose
 * "register_extract".
 */
enum sv_rc store_register_extract(struct store *st, int64_t tenant, int64_t customer_id,
                                  struct buf *out, struct sv_error *err) SV_WUR;

/* ---- Import and export (docs/import-format.md) --------------------------- */

/* One bad record of an import: err.field is the JSON path ("$.customers[2].person_id"). */
struct store_import_report {
	struct sv_error *errors;
	size_t nerrors;
	size_t nerrors_dropped; /* beyond the cap of 1000 kept */
	int64_t tenant;
	size_t units, users, providers, customers, interventions;
};
void store_import_report_release(struct store_import_report *r);

/*
 * Import a JSON document of docs/import-format.md into the tenant it
 * names (created when missing). All or nothing: every record is validated
 * first and every bad one is reported in rep (field = JSON path, rule =
 * the rule it breaks); then everything is written in one transaction, with
 * an "*.imported" event per record. On any error nothing is written and the
 * return is SV_EINVAL (bad records) or the database error. w->tenant is
 * ignored (the file names the tenant); actor, at and reason are used.
 */
enum sv_rc store_import(struct store *st, const struct store_write *w, const char *json, size_t len,
                        struct store_import_report *rep, struct sv_error *err) SV_WUR;

/*
 * Export the tenant with the given code in the import format, appended to
 * out. Canonical: fixed key order, two-space indentation, rows in id order,
 * so an export of an import of a canonical file is byte-identical to it.
 */
enum sv_rc store_export(struct store *st, const char *tenant_code, struct buf *out,
                        struct sv_error *err) SV_WUR;

/* ---- Backup (SQLite; PostgreSQL uses pg_dump, docs/operations.md) -------- */

/* Online backup of the whole database into path (replaced). SV_ESTATE on PostgreSQL. */
enum sv_rc store_backup(struct store *st, const char *path, struct sv_error *err) SV_WUR;
/* Replace the whole database with the backup at path (checked to be a Stegvis database). */
enum sv_rc store_restore(struct store *st, const char *path, struct sv_error *err) SV_WUR;

#endif
