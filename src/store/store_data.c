/*
 * store_data.c - the tables behind store.h: tenants, units, users, sessions,
 * API tokens, login attempts, providers, customers, interventions, the
 * access log and the register extract. Every query names tenant_id;
 * every write runs in store_tx_enter()/store_tx_leave() with its event.
 */
#include "store/store_int.h"

#include <inttypes.h>
#include <stdarg.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Replace a database error by one that names the field (the first error wins otherwise). */
static void store_error_override(struct sv_error *err, enum sv_rc rc, const char *field,
                                 const char *rule, const char *fmt, ...) SV_PRINTF(5, 6);
static void store_error_override(struct sv_error *err, enum sv_rc rc, const char *field,
                                 const char *rule, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sv_error_clear(err);
	sv_error_set(err, rc, field, rule, "%s", msg);
}

/* ---- Generic list fetching ------------------------------------------------- */

/* Fills one element from the current row; returns its id through *id. */
typedef enum sv_rc (*row_fn)(struct store_q *q, void *elem, int64_t *id);
typedef void (*release_fn)(void *elem);

static size_t page_limit(struct store_page page)
{
	size_t limit = page.limit ? page.limit : STORE_PAGE_DEFAULT;
	return limit > STORE_PAGE_MAX ? STORE_PAGE_MAX : limit;
}

/*
 * Run sql (whose last parameter is the row limit, limit + 1 is passed so that
 * a following page can be detected) and collect up to limit elements.
 */
static enum sv_rc fetch_list(struct store *st, const char *sql, struct store_param *p, int np,
                             size_t limit, size_t elemsize, row_fn fn, release_fn rel, void **v,
                             size_t *n, int64_t *next, struct sv_error *err)
{
	struct store_q q;
	char *arr;
	int64_t last = 0;
	enum sv_rc rc;

	*v = NULL;
	*n = 0;
	*next = 0;
	arr = calloc(limit ? limit : 1, elemsize);
	if (!arr)
		return SV_ENOMEM;
	p[np - 1] = P_INT((int64_t)limit + 1);
	rc = store_q_run(st, &q, sql, p, np, false, err);
	if (rc)
		goto out;
	while (store_q_next(&q, &rc, err)) {
		int64_t id;
		if (*n == limit) {
			*next = last;
			break;
		}
		rc = fn(&q, arr + *n * elemsize, &id);
		if (rc)
			break;
		last = id;
		(*n)++;
	}
	store_q_done(&q);
out:
	if (rc) {
		for (size_t i = 0; i < *n; i++)
			rel(arr + i * elemsize);
		free(arr);
		*n = 0;
		*next = 0;
		return rc;
	}
	*v = arr;
	return SV_OK;
}

/* Run sql and fill one element from its first row; SV_ENOTFOUND when none. */
static enum sv_rc fetch_one(struct store *st, const char *sql, const struct store_param *p, int np,
                            void *elem, row_fn fn, const char *what, struct sv_error *err)
{
	struct store_q q;
	int64_t id;
	enum sv_rc rc = store_q_run(st, &q, sql, p, np, false, err);

	if (rc)
		return rc;
	if (store_q_next(&q, &rc, err))
		rc = fn(&q, elem, &id);
	else if (!rc)
		rc = sv_error_set(err, SV_ENOTFOUND, what, "", "no such %s", what);
	store_q_done(&q);
	return rc;
}

static json_t *jstr_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jdate(sv_date d)
{
	char b[SV_DATE_STRLEN];
	return d == SV_NO_DATE ? json_null() : json_string(date_format(d, b));
}

/* Does row id of table exist in the tenant? Names field in the error. */
static enum sv_rc check_ref(struct store *st, const char *sql, int64_t tenant, int64_t id,
                            const char *field, struct sv_error *err)
{
	int64_t one;
	struct store_param p[] = {P_INT(tenant), P_INT(id)};
	enum sv_rc rc;

	if (!id)
		return SV_OK;
	rc = store_one_int(st, sql, p, NPARAMS(p), &one, err);
	if (rc == SV_ENOTFOUND)
		return sv_error_set(err, SV_EINVAL, field, "X-5",
		                    "refers to %" PRId64 ", which does not exist in this tenant",
		                    id);
	return rc;
}

#define REF_UNIT     "SELECT 1 FROM units WHERE tenant_id = $1 AND id = $2"
#define REF_USER     "SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2"
#define REF_PROVIDER "SELECT 1 FROM providers WHERE tenant_id = $1 AND id = $2"
#define REF_CUSTOMER "SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2"

/*
 * The foreign keys check references on every insert; when one fails, find
 * which field it was (after the failed part is rolled back) and name it.
 * Checking first would cost a round trip per reference on every write.
 */
struct refcheck {
	const char *sql;
	int64_t id;
	const char *field;
};

static enum sv_rc diagnose_refs(struct store *st, int64_t tenant, const struct refcheck *r,
                                size_t n, enum sv_rc rc, struct sv_error *err)
{
	if (rc != SV_EINVAL || !err || strcmp(err->rule, "store:reference"))
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct sv_error e = SV_ERROR_INIT;
		if (r[i].id &&
		    check_ref(st, r[i].sql, tenant, r[i].id, r[i].field, &e) == SV_EINVAL) {
			store_error_override(err, SV_EINVAL, e.field, e.rule, "%s", e.msg);
			break;
		}
	}
	return rc;
}

/* ---- Tenants --------------------------------------------------------------- */

void store_tenant_release(struct store_tenant *t)
{
	free(t->code);
	free(t->name);
	free(t->country);
	memset(t, 0, sizeof(*t));
}

static bool code_ok(const char *c)
{
	size_t n = 0;
	for (; c && *c; c++, n++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' ||
		      *c == '-'))
			return false;
	return n >= 1 && n <= 40;
}

enum sv_rc store_tenant_create(struct store *st, struct store_tenant *t, sv_time at,
                               struct sv_error *err)
{
	static const char *const countries[] = {"SE", "DK", NULL};
	enum sv_rc rc;

	if (!code_ok(t->code))
		return sv_error_set(err, SV_EINVAL, "code", "store:code",
		                    "must be 1-40 of a-z, 0-9, '_' and '-'");
	rc = store_check_required(t->name, "name", err);
	if (!rc)
		rc = store_check_enum(t->country, countries, "country", true, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_TEXT(t->code), P_TEXT(t->name), P_TEXT(t->country),
		                          P_INT(at)};
		rc = store_one_int(st,
		                   "INSERT INTO tenants (code, name, country, created_at) "
		                   "VALUES ($1, $2, $3, $4) RETURNING id",
		                   p, NPARAMS(p), &t->id, err);
	}
	if (rc == SV_ECONFLICT)
		store_error_override(err, rc, "code", "store:unique", "tenant '%s' exists",
		                     t->code);
	t->created_at = at;
	return rc;
}

static enum sv_rc tenant_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_tenant *t = elem;
	enum sv_rc rc = SV_OK;

	t->id = *id = store_q_int(q, 0);
	t->code = store_q_strdup(q, 1, &rc);
	t->name = store_q_strdup(q, 2, &rc);
	t->country = store_q_strdup(q, 3, &rc);
	t->created_at = store_q_int(q, 4);
	if (rc)
		store_tenant_release(t);
	return rc;
}

enum sv_rc store_tenant_get_by_code(struct store *st, const char *code, struct store_tenant *out,
                                    struct sv_error *err)
{
	struct store_param p[] = {P_TEXT(code)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st,
	                 "SELECT id, code, name, country, created_at FROM tenants WHERE code = $1",
	                 p, NPARAMS(p), out, tenant_row, "tenant", err);
}

static void tenant_release_v(void *e)
{
	store_tenant_release(e);
}

enum sv_rc store_tenant_list(struct store *st, struct store_tenant **out, size_t *n,
                             struct sv_error *err)
{
	struct store_param p[] = {P_NULL};
	int64_t next;

	return fetch_list(st,
	                  "SELECT id, code, name, country, created_at FROM tenants ORDER BY id "
	                  "LIMIT $1",
	                  p, NPARAMS(p), 100000, sizeof(**out), tenant_row, tenant_release_v,
	                  (void **)out, n, &next, err);
}

void store_tenant_list_release(struct store_tenant *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_tenant_release(&v[i]);
	free(v);
}

/* ---- Units ------------------------------------------------------------------ */

void store_unit_release(struct store_unit *u)
{
	free(u->ref);
	free(u->name);
	memset(u, 0, sizeof(*u));
}

void store_unit_list_release(struct store_unit_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_unit_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void unit_release_v(void *e)
{
	store_unit_release(e);
}

static enum sv_rc unit_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_unit *u = elem;
	enum sv_rc rc = SV_OK;

	u->id = *id = store_q_int(q, 0);
	u->ref = store_q_strdup(q, 1, &rc);
	u->name = store_q_strdup(q, 2, &rc);
	u->parent_id = store_q_int(q, 3);
	if (rc)
		store_unit_release(u);
	return rc;
}

#define UNIT_COLS "id, ref, name, COALESCE(parent_id, 0)"

enum sv_rc store_unit_create(struct store *st, const struct store_write *w, struct store_unit *u,
                             struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_required(u->name, "name", err);
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant), P_TEXT(u->ref), P_TEXT(u->name),
		                          P_ID(u->parent_id), P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO units (tenant_id, ref, name, parent_id, created_at) "
		        "VALUES ($1, $2, $3, $4, $5) RETURNING id",
		        p, NPARAMS(p), &u->id, err);
		if (rc == SV_ECONFLICT)
			store_error_override(err, rc, "ref", "store:unique",
			                     "a unit with ref '%s' exists", u->ref ? u->ref : "");
	}
	if (!rc)
		rc = store_event_emit(
		        st, w, 0, "unit.created",
		        json_pack("{sIss}", "unit_id", (json_int_t)u->id, "name", u->name), err);
	rc = store_tx_leave(st, rc, err);
	{
		const struct refcheck r[] = {{REF_UNIT, u->parent_id, "parent_id"}};
		return diagnose_refs(st, w->tenant, r, sizeof(r) / sizeof(r[0]), rc, err);
	}
}

enum sv_rc store_unit_get(struct store *st, int64_t tenant, int64_t id, struct store_unit *out,
                          struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st, "SELECT " UNIT_COLS " FROM units WHERE tenant_id = $1 AND id = $2", p,
	                 NPARAMS(p), out, unit_row, "unit", err);
}

enum sv_rc store_unit_list(struct store *st, int64_t tenant, struct store_page page,
                           struct store_unit_list *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(page.after), P_NULL};

	memset(out, 0, sizeof(*out));
	return fetch_list(st,
	                  "SELECT " UNIT_COLS " FROM units WHERE tenant_id = $1 AND id > $2 "
	                  "ORDER BY id LIMIT $3",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), unit_row,
	                  unit_release_v, (void **)&out->v, &out->n, &out->next, err);
}

/* ---- Users ------------------------------------------------------------------ */

void store_user_release(struct store_user *u)
{
	free(u->ref);
	free(u->username);
	free(u->display_name);
	free(u->role);
	free(u->password_hash);
	memset(u, 0, sizeof(*u));
}

void store_user_list_release(struct store_user_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_user_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void user_release_v(void *e)
{
	store_user_release(e);
}

#define USER_COLS                                                                                 \
	"id, ref, username, display_name, role, COALESCE(unit_id, 0), COALESCE(provider_id, 0), " \
	"password_hash, disabled, created_at"

static enum sv_rc user_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_user *u = elem;
	enum sv_rc rc = SV_OK;

	u->id = *id = store_q_int(q, 0);
	u->ref = store_q_strdup(q, 1, &rc);
	u->username = store_q_strdup(q, 2, &rc);
	u->display_name = store_q_strdup(q, 3, &rc);
	u->role = store_q_strdup(q, 4, &rc);
	u->unit_id = store_q_int(q, 5);
	u->provider_id = store_q_int(q, 6);
	u->password_hash = store_q_strdup(q, 7, &rc);
	u->disabled = store_q_int(q, 8) != 0;
	u->created_at = store_q_int(q, 9);
	if (rc)
		store_user_release(u);
	return rc;
}

enum sv_rc store_user_create(struct store *st, const struct store_write *w, struct store_user *u,
                             struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_required(u->username, "username", err);
	if (!rc)
		rc = store_check_required(u->display_name, "display_name", err);
	if (!rc)
		rc = store_check_enum(u->role, store_roles, "role", true, err);
	if (!rc && (!strcmp(u->role, "provider_staff") || !strcmp(u->role, "provider_admin")) &&
	    !u->provider_id)
		rc = sv_error_set(err, SV_EINVAL, "provider_id", "X-3",
		                  "provider staff must belong to a provider");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),     P_TEXT(u->ref),
		                          P_TEXT(u->username),  P_TEXT(u->display_name),
		                          P_TEXT(u->role),      P_ID(u->unit_id),
		                          P_ID(u->provider_id), P_TEXT(u->password_hash),
		                          P_BOOL(u->disabled),  P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO users (tenant_id, ref, username, display_name, role, "
		        "unit_id, provider_id, password_hash, disabled, created_at) "
		        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
		        p, NPARAMS(p), &u->id, err);
		if (rc == SV_ECONFLICT)
			store_error_override(err, rc, "username", "store:unique",
			                     "user '%s' (or its ref) exists", u->username);
	}
	if (!rc) {
		u->created_at = w->at;
		rc = store_event_emit(st, w, 0, "user.created",
		                      json_pack("{sIsssssIsI}", "user_id", (json_int_t)u->id,
		                                "username", u->username, "role", u->role, "unit_id",
		                                (json_int_t)u->unit_id, "provider_id",
		                                (json_int_t)u->provider_id),
		                      err);
	}
	rc = store_tx_leave(st, rc, err);
	{
		const struct refcheck r[] = {{REF_UNIT, u->unit_id, "unit_id"},
		                             {REF_PROVIDER, u->provider_id, "provider_id"}};
		return diagnose_refs(st, w->tenant, r, sizeof(r) / sizeof(r[0]), rc, err);
	}
}

enum sv_rc store_user_get(struct store *st, int64_t tenant, int64_t id, struct store_user *out,
                          struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st, "SELECT " USER_COLS " FROM users WHERE tenant_id = $1 AND id = $2", p,
	                 NPARAMS(p), out, user_row, "user", err);
}

enum sv_rc store_user_get_by_username(struct store *st, int64_t tenant, const char *username,
                                      struct store_user *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_TEXT(username)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st,
	                 "SELECT " USER_COLS " FROM users WHERE tenant_id = $1 AND username = $2",
	                 p, NPARAMS(p), out, user_row, "user", err);
}

/* Run an UPDATE of one row of the tenant, mapping "no row" to SV_ENOTFOUND. */
static enum sv_rc update_one(struct store *st, const char *sql, const struct store_param *p, int np,
                             const char *what, struct sv_error *err)
{
	int64_t n = 0;
	enum sv_rc rc = store_do(st, sql, p, np, &n, err);

	if (!rc && n == 0)
		rc = sv_error_set(err, SV_ENOTFOUND, what, "", "no such %s", what);
	return rc;
}

enum sv_rc store_user_set_password(struct store *st, const struct store_write *w, int64_t id,
                                   const char *password_hash, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_required(password_hash, "password_hash", err);
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant), P_INT(id), P_TEXT(password_hash)};
		rc = update_one(
		        st, "UPDATE users SET password_hash = $3 WHERE tenant_id = $1 AND id = $2",
		        p, NPARAMS(p), "user", err);
	}
	if (!rc)
		rc = store_event_emit(st, w, 0, "user.password_set",
		                      json_pack("{sI}", "user_id", (json_int_t)id), err);
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_user_disable(struct store *st, const struct store_write *w, int64_t id,
                              struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant), P_INT(id)};
		rc = update_one(st,
		                "UPDATE users SET disabled = 1 WHERE tenant_id = $1 AND id = $2", p,
		                NPARAMS(p), "user", err);
		if (!rc)
			rc = store_do(st,
			              "DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2",
			              p, NPARAMS(p), NULL, err);
	}
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant), P_INT(id), P_INT(w->at)};
		rc = store_do(st,
		              "UPDATE api_tokens SET revoked_at = $3 WHERE tenant_id = $1 AND "
		              "user_id = $2 AND revoked_at IS NULL",
		              p, NPARAMS(p), NULL, err);
	}
	if (!rc)
		rc = store_event_emit(st, w, 0, "user.disabled",
		                      json_pack("{sI}", "user_id", (json_int_t)id), err);
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_user_list(struct store *st, int64_t tenant, struct store_page page,
                           struct store_user_list *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(page.after), P_NULL};

	memset(out, 0, sizeof(*out));
	return fetch_list(st,
	                  "SELECT " USER_COLS " FROM users WHERE tenant_id = $1 AND id > $2 "
	                  "ORDER BY id LIMIT $3",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), user_row,
	                  user_release_v, (void **)&out->v, &out->n, &out->next, err);
}

/* ---- Sessions ---------------------------------------------------------------- */

void store_session_release(struct store_session *s)
{
	free(s->token_hash);
	free(s->csrf_token);
	memset(s, 0, sizeof(*s));
}

enum sv_rc store_session_create(struct store *st, int64_t tenant, const struct store_session *s,
                                struct sv_error *err)
{
	enum sv_rc rc = store_check_required(s->token_hash, "token_hash", err);

	if (!rc)
		rc = store_check_required(s->csrf_token, "csrf_token", err);
	if (rc)
		return rc;
	rc = check_ref(st, REF_USER, tenant, s->user_id, "user_id", err);
	if (!rc && !s->user_id)
		rc = sv_error_set(err, SV_EINVAL, "user_id", "store:required", "is required");
	if (!rc) {
		struct store_param p[] = {P_TEXT(s->token_hash), P_INT(tenant),
		                          P_INT(s->user_id),     P_TEXT(s->csrf_token),
		                          P_INT(s->created_at),  P_INT(s->last_seen_at),
		                          P_INT(s->expires_at)};
		rc = store_do(
		        st,
		        "INSERT INTO sessions (token_hash, tenant_id, user_id, csrf_token, "
		        "created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
		        p, NPARAMS(p), NULL, err);
	}
	return rc;
}

static enum sv_rc session_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_session *s = elem;
	enum sv_rc rc = SV_OK;

	*id = 0;
	s->token_hash = store_q_strdup(q, 0, &rc);
	s->csrf_token = store_q_strdup(q, 1, &rc);
	s->user_id = store_q_int(q, 2);
	s->created_at = store_q_int(q, 3);
	s->last_seen_at = store_q_int(q, 4);
	s->expires_at = store_q_int(q, 5);
	if (rc)
		store_session_release(s);
	return rc;
}

enum sv_rc store_session_get(struct store *st, int64_t tenant, const char *token_hash, sv_time now,
                             struct store_session *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_TEXT(token_hash), P_INT(now)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st,
	                 "SELECT token_hash, csrf_token, user_id, created_at, last_seen_at, "
	                 "expires_at FROM sessions WHERE tenant_id = $1 AND token_hash = $2 AND "
	                 "expires_at > $3",
	                 p, NPARAMS(p), out, session_row, "session", err);
}

enum sv_rc store_session_touch(struct store *st, int64_t tenant, const char *token_hash,
                               sv_time now, sv_time expires_at, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_TEXT(token_hash), P_INT(now), P_INT(expires_at)};

	return update_one(st,
	                  "UPDATE sessions SET last_seen_at = $3, expires_at = $4 "
	                  "WHERE tenant_id = $1 AND token_hash = $2",
	                  p, NPARAMS(p), "session", err);
}

enum sv_rc store_session_delete(struct store *st, int64_t tenant, const char *token_hash,
                                struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_TEXT(token_hash)};

	return store_do(st, "DELETE FROM sessions WHERE tenant_id = $1 AND token_hash = $2", p,
	                NPARAMS(p), NULL, err);
}

enum sv_rc store_session_delete_expired(struct store *st, int64_t tenant, sv_time now,
                                        int64_t *deleted, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(now)};

	return store_do(st, "DELETE FROM sessions WHERE tenant_id = $1 AND expires_at <= $2", p,
	                NPARAMS(p), deleted, err);
}

/* ---- API tokens ---------------------------------------------------------------- */

void store_api_token_release(struct store_api_token *t)
{
	free(t->name);
	free(t->token_hash);
	memset(t, 0, sizeof(*t));
}

void store_api_token_list_release(struct store_api_token_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_api_token_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void token_release_v(void *e)
{
	store_api_token_release(e);
}

#define TOKEN_COLS                                                             \
	"id, user_id, name, token_hash, created_at, COALESCE(expires_at, 0), " \
	"COALESCE(revoked_at, 0)"

static enum sv_rc token_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_api_token *t = elem;
	enum sv_rc rc = SV_OK;

	t->id = *id = store_q_int(q, 0);
	t->user_id = store_q_int(q, 1);
	t->name = store_q_strdup(q, 2, &rc);
	t->token_hash = store_q_strdup(q, 3, &rc);
	t->created_at = store_q_int(q, 4);
	t->expires_at = store_q_int(q, 5);
	t->revoked_at = store_q_int(q, 6);
	if (rc)
		store_api_token_release(t);
	return rc;
}

enum sv_rc store_api_token_create(struct store *st, const struct store_write *w,
                                  struct store_api_token *t, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_required(t->name, "name", err);
	if (!rc)
		rc = store_check_required(t->token_hash, "token_hash", err);
	if (!rc && !t->user_id)
		rc = sv_error_set(err, SV_EINVAL, "user_id", "store:required", "is required");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	rc = check_ref(st, REF_USER, w->tenant, t->user_id, "user_id", err);
	if (!rc) {
		struct store_param p[] = {
		        P_INT(w->tenant), P_INT(t->user_id),
		        P_TEXT(t->name),  P_TEXT(t->token_hash),
		        P_INT(w->at),     t->expires_at ? P_INT(t->expires_at) : P_NULL};
		rc = store_one_int(
		        st,
		        "INSERT INTO api_tokens (tenant_id, user_id, name, token_hash, "
		        "created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		        p, NPARAMS(p), &t->id, err);
	}
	if (!rc) {
		t->created_at = w->at;
		t->revoked_at = 0;
		rc = store_event_emit(st, w, 0, "api_token.created",
		                      json_pack("{sIsIss}", "token_id", (json_int_t)t->id,
		                                "user_id", (json_int_t)t->user_id, "name", t->name),
		                      err);
	}
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_api_token_get_by_hash(struct store *st, int64_t tenant, const char *token_hash,
                                       struct store_api_token *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_TEXT(token_hash)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st,
	                 "SELECT " TOKEN_COLS
	                 " FROM api_tokens WHERE tenant_id = $1 AND token_hash = $2",
	                 p, NPARAMS(p), out, token_row, "api_token", err);
}

enum sv_rc store_api_token_revoke(struct store *st, const struct store_write *w, int64_t id,
                                  struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant), P_INT(id), P_INT(w->at)};
		rc = update_one(st,
		                "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3) "
		                "WHERE tenant_id = $1 AND id = $2",
		                p, NPARAMS(p), "api_token", err);
	}
	if (!rc)
		rc = store_event_emit(st, w, 0, "api_token.revoked",
		                      json_pack("{sI}", "token_id", (json_int_t)id), err);
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_api_token_list(struct store *st, int64_t tenant, int64_t user_id,
                                struct store_page page, struct store_api_token_list *out,
                                struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(user_id), P_INT(page.after), P_NULL};

	memset(out, 0, sizeof(*out));
	return fetch_list(st,
	                  "SELECT " TOKEN_COLS " FROM api_tokens WHERE tenant_id = $1 AND "
	                  "user_id = $2 AND id > $3 ORDER BY id LIMIT $4",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), token_row,
	                  token_release_v, (void **)&out->v, &out->n, &out->next, err);
}

/* ---- Login attempts --------------------------------------------------------------- */

enum sv_rc store_login_attempt_add(struct store *st, int64_t tenant, const char *username,
                                   const char *address, sv_time at, bool success,
                                   struct sv_error *err)
{
	if ((!username || !*username) && (!address || !*address))
		return sv_error_set(err, SV_EINVAL, "username", "store:required",
		                    "a username or an address is required");
	{
		struct store_param p[] = {
		        P_INT(tenant), username && *username ? P_TEXT(username) : P_NULL,
		        address && *address ? P_TEXT(address) : P_NULL, P_INT(at), P_BOOL(success)};
		return store_do(
		        st,
		        "INSERT INTO login_attempts (tenant_id, username, address, at, success) "
		        "VALUES ($1, $2, $3, $4, $5)",
		        p, NPARAMS(p), NULL, err);
	}
}

enum sv_rc store_login_failures(struct store *st, int64_t tenant, const char *username,
                                const char *address, sv_time since, int64_t *count,
                                struct sv_error *err)
{
	*count = 0;
	if (username && *username) {
		struct store_param p[] = {P_INT(tenant), P_TEXT(username), P_INT(since)};
		return store_one_int(st,
		                     "SELECT count(*) FROM login_attempts WHERE tenant_id = $1 AND "
		                     "username = $2 AND at >= $3 AND success = 0",
		                     p, NPARAMS(p), count, err);
	}
	if (address && *address) {
		struct store_param p[] = {P_INT(tenant), P_TEXT(address), P_INT(since)};
		return store_one_int(st,
		                     "SELECT count(*) FROM login_attempts WHERE tenant_id = $1 AND "
		                     "address = $2 AND at >= $3 AND success = 0",
		                     p, NPARAMS(p), count, err);
	}
	return sv_error_set(err, SV_EINVAL, "username", "store:required",
	                    "a username or an address is required");
}

/* ---- Providers ---------------------------------------------------------------------- */

void store_provider_release(struct store_provider *p)
{
	free(p->ref);
	free(p->org_no);
	free(p->name);
	free(p->presentation);
	free(p->website);
	for (size_t i = 0; i < p->nindustries; i++)
		free(p->industries[i]);
	free(p->industries);
	for (size_t i = 0; i < p->nauths; i++)
		free(p->auths[i].scheme);
	free(p->auths);
	for (size_t i = 0; i < p->ncontacts; i++) {
		free(p->contacts[i].name);
		free(p->contacts[i].role);
		free(p->contacts[i].email);
		free(p->contacts[i].phone);
	}
	free(p->contacts);
	memset(p, 0, sizeof(*p));
}

void store_provider_list_release(struct store_provider_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_provider_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void provider_release_v(void *e)
{
	store_provider_release(e);
}

#define PROVIDER_COLS "id, ref, org_no, name, presentation, website, capacity, created_at"

static enum sv_rc provider_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_provider *p = elem;
	enum sv_rc rc = SV_OK;

	p->id = *id = store_q_int(q, 0);
	p->ref = store_q_strdup(q, 1, &rc);
	p->org_no = store_q_strdup(q, 2, &rc);
	p->name = store_q_strdup(q, 3, &rc);
	p->presentation = store_q_strdup(q, 4, &rc);
	p->website = store_q_strdup(q, 5, &rc);
	p->capacity = (int32_t)store_q_int(q, 6);
	p->created_at = store_q_int(q, 7);
	if (rc)
		store_provider_release(p);
	return rc;
}

static enum sv_rc check_auth(const struct store_authorisation *a, const char *field,
                             struct sv_error *err)
{
	enum sv_rc rc = store_check_enum(a->scheme, store_schemes, field, true, err);

	if (!rc && a->from == SV_NO_DATE)
		rc = sv_error_set(err, SV_EINVAL, field, "KV-12",
		                  "an authorisation needs its date");
	if (!rc && a->to != SV_NO_DATE && a->to < a->from)
		rc = sv_error_set(err, SV_EINVAL, field, "store:period", "ends before it starts");
	return rc;
}

static enum sv_rc insert_auth(struct store *st, int64_t tenant, int64_t provider_id,
                              const struct store_authorisation *a, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(provider_id), P_TEXT(a->scheme),
	                          P_DATE(a->from), P_DATE(a->to)};

	return store_do(st,
	                "INSERT INTO provider_authorisations (tenant_id, provider_id, scheme, "
	                "valid_from, valid_to) VALUES ($1, $2, $3, $4, $5)",
	                p, NPARAMS(p), NULL, err);
}

enum sv_rc store_provider_create(struct store *st, const struct store_write *w,
                                 struct store_provider *pv, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);
	char field[64];

	if (!rc)
		rc = store_check_required(pv->org_no, "org_no", err);
	if (!rc)
		rc = store_check_required(pv->name, "name", err);
	if (!rc && pv->capacity < -1)
		rc = sv_error_set(err, SV_EINVAL, "capacity", "store:range", "must be -1 or more");
	for (size_t i = 0; !rc && i < pv->nauths; i++) {
		snprintf(field, sizeof(field), "authorisations[%zu]", i);
		rc = check_auth(&pv->auths[i], field, err);
	}
	for (size_t i = 0; !rc && i < pv->ncontacts; i++) {
		snprintf(field, sizeof(field), "contacts[%zu].name", i);
		rc = store_check_required(pv->contacts[i].name, field, err);
	}
	for (size_t i = 0; !rc && i < pv->nindustries; i++) {
		snprintf(field, sizeof(field), "industries[%zu]", i);
		rc = store_check_required(pv->industries[i], field, err);
	}
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),         P_TEXT(pv->ref),
		                          P_TEXT(pv->org_no),       P_TEXT(pv->name),
		                          P_TEXT(pv->presentation), P_TEXT(pv->website),
		                          P_INT(pv->capacity),      P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO providers (tenant_id, ref, org_no, name, presentation, "
		        "website, capacity, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
		        "$8) RETURNING id",
		        p, NPARAMS(p), &pv->id, err);
		if (rc == SV_ECONFLICT)
			store_error_override(
			        err, rc, "org_no", "store:unique",
			        "a provider with organisation number %s (or this ref) exists",
			        pv->org_no);
	}
	for (size_t i = 0; !rc && i < pv->nauths; i++)
		rc = insert_auth(st, w->tenant, pv->id, &pv->auths[i], err);
	for (size_t i = 0; !rc && i < pv->nindustries; i++) {
		struct store_param p[] = {P_INT(w->tenant), P_INT(pv->id),
		                          P_TEXT(pv->industries[i])};
		rc = store_do(st,
		              "INSERT INTO provider_industries (tenant_id, provider_id, industry) "
		              "VALUES ($1, $2, $3)",
		              p, NPARAMS(p), NULL, err);
		if (rc == SV_ECONFLICT)
			store_error_override(err, rc, "industries", "store:unique",
			                     "'%s' is listed twice", pv->industries[i]);
	}
	for (size_t i = 0; !rc && i < pv->ncontacts; i++) {
		const struct store_provider_contact *c = &pv->contacts[i];
		struct store_param p[] = {P_INT(w->tenant), P_INT(pv->id),    P_TEXT(c->name),
		                          P_TEXT(c->role),  P_TEXT(c->email), P_TEXT(c->phone)};
		rc = store_do(st,
		              "INSERT INTO provider_contacts (tenant_id, provider_id, name, role, "
		              "email, phone) VALUES ($1, $2, $3, $4, $5, $6)",
		              p, NPARAMS(p), NULL, err);
	}
	if (!rc) {
		pv->created_at = w->at;
		rc = store_event_emit(st, w, 0, "provider.created",
		                      json_pack("{sIssss}", "provider_id", (json_int_t)pv->id,
		                                "org_no", pv->org_no, "name", pv->name),
		                      err);
	}
	return store_tx_leave(st, rc, err);
}

/* Load the industries, authorisations and contacts of p. */
static enum sv_rc provider_details(struct store *st, int64_t tenant, struct store_provider *pv,
                                   struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(pv->id)};
	struct store_q q;
	enum sv_rc rc;
	size_t cap;

	rc = store_q_run(st, &q,
	                 "SELECT industry FROM provider_industries WHERE tenant_id = $1 AND "
	                 "provider_id = $2 ORDER BY id",
	                 p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	cap = 0;
	while (!rc && store_q_next(&q, &rc, err)) {
		if (pv->nindustries == cap) {
			char **n = realloc(pv->industries, (cap ? cap * 2 : 4) * sizeof(*n));
			if (!n) {
				rc = SV_ENOMEM;
				break;
			}
			pv->industries = n;
			cap = cap ? cap * 2 : 4;
		}
		pv->industries[pv->nindustries] = store_q_strdup(&q, 0, &rc);
		if (!rc)
			pv->nindustries++;
	}
	store_q_done(&q);
	if (rc)
		return rc;
	rc = store_q_run(st, &q,
	                 "SELECT scheme, valid_from, valid_to FROM provider_authorisations "
	                 "WHERE tenant_id = $1 AND provider_id = $2 ORDER BY id",
	                 p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	cap = 0;
	while (!rc && store_q_next(&q, &rc, err)) {
		struct store_authorisation *a;
		if (pv->nauths == cap) {
			struct store_authorisation *n =
			        realloc(pv->auths, (cap ? cap * 2 : 4) * sizeof(*n));
			if (!n) {
				rc = SV_ENOMEM;
				break;
			}
			pv->auths = n;
			cap = cap ? cap * 2 : 4;
		}
		a = &pv->auths[pv->nauths];
		a->scheme = store_q_strdup(&q, 0, &rc);
		a->from = store_q_date(&q, 1);
		a->to = store_q_date(&q, 2);
		if (!rc)
			pv->nauths++;
	}
	store_q_done(&q);
	if (rc)
		return rc;
	rc = store_q_run(st, &q,
	                 "SELECT name, role, email, phone FROM provider_contacts "
	                 "WHERE tenant_id = $1 AND provider_id = $2 ORDER BY id",
	                 p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	cap = 0;
	while (!rc && store_q_next(&q, &rc, err)) {
		struct store_provider_contact *c;
		if (pv->ncontacts == cap) {
			struct store_provider_contact *n =
			        realloc(pv->contacts, (cap ? cap * 2 : 4) * sizeof(*n));
			if (!n) {
				rc = SV_ENOMEM;
				break;
			}
			pv->contacts = n;
			cap = cap ? cap * 2 : 4;
		}
		c = &pv->contacts[pv->ncontacts];
		memset(c, 0, sizeof(*c));
		pv->ncontacts++;
		c->name = store_q_strdup(&q, 0, &rc);
		c->role = store_q_strdup(&q, 1, &rc);
		c->email = store_q_strdup(&q, 2, &rc);
		c->phone = store_q_strdup(&q, 3, &rc);
	}
	store_q_done(&q);
	return rc;
}

enum sv_rc store_provider_get(struct store *st, int64_t tenant, int64_t id,
                              struct store_provider *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = fetch_one(st,
	               "SELECT " PROVIDER_COLS " FROM providers WHERE tenant_id = $1 AND id = $2",
	               p, NPARAMS(p), out, provider_row, "provider", err);
	if (!rc)
		rc = provider_details(st, tenant, out, err);
	if (rc)
		store_provider_release(out);
	return rc;
}

enum sv_rc store_provider_list(struct store *st, int64_t tenant, const char *scheme,
                               struct store_page page, struct store_provider_list *out,
                               struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(page.after), P_TEXT(scheme), P_NULL};
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = fetch_list(st,
	                "SELECT " PROVIDER_COLS
	                " FROM providers p WHERE tenant_id = $1 AND id > $2 "
	                "AND (CAST($3 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM "
	                "provider_authorisations a WHERE a.tenant_id = p.tenant_id AND "
	                "a.provider_id = p.id AND a.scheme = $3)) ORDER BY id LIMIT $4",
	                p, NPARAMS(p), page_limit(page), sizeof(*out->v), provider_row,
	                provider_release_v, (void **)&out->v, &out->n, &out->next, err);
	for (size_t i = 0; !rc && i < out->n; i++)
		rc = provider_details(st, tenant, &out->v[i], err);
	if (rc)
		store_provider_list_release(out);
	return rc;
}

enum sv_rc store_provider_authorise(struct store *st, const struct store_write *w,
                                    int64_t provider_id, const struct store_authorisation *a,
                                    struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);
	char d[SV_DATE_STRLEN];

	if (!rc)
		rc = check_auth(a, "authorisation", err);
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	rc = check_ref(st, REF_PROVIDER, w->tenant, provider_id, "provider_id", err);
	if (!rc && !provider_id)
		rc = sv_error_set(err, SV_EINVAL, "provider_id", "store:required", "is required");
	if (!rc)
		rc = insert_auth(st, w->tenant, provider_id, a, err);
	if (!rc)
		rc = store_event_emit(st, w, 0, "provider.authorised",
		                      json_pack("{sIssss}", "provider_id", (json_int_t)provider_id,
		                                "scheme", a->scheme, "from",
		                                date_format(a->from, d)),
		                      err);
	return store_tx_leave(st, rc, err);
}

/* ---- Customers ------------------------------------------------------------------------- */

void store_customer_release(struct store_customer *c)
{
	free(c->ref);
	free(c->person_id);
	free(c->id_kind);
	free(c->given_name);
	free(c->family_name);
	free(c->protection);
	free(c->interpreter_language);
	free(c->counsellor_name);
	for (size_t i = 0; i < c->ncontacts; i++) {
		free(c->contacts[i].channel);
		free(c->contacts[i].value);
	}
	free(c->contacts);
	for (size_t i = 0; i < c->nfacts; i++)
		free(c->facts[i].fact);
	free(c->facts);
	memset(c, 0, sizeof(*c));
}

void store_customer_list_release(struct store_customer_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_customer_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void customer_release_v(void *e)
{
	store_customer_release(e);
}

#define CUSTOMER_COLS                                                                          \
	"id, ref, person_id, id_kind, given_name, family_name, birth_date, protection, "       \
	"interpreter_language, COALESCE(unit_id, 0), COALESCE(counsellor_id, 0), created_at, " \
	"(SELECT u.display_name FROM users u WHERE u.tenant_id = customers.tenant_id AND "     \
	"u.id = customers.counsellor_id)"

static enum sv_rc customer_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_customer *c = elem;
	enum sv_rc rc = SV_OK;

	c->id = *id = store_q_int(q, 0);
	c->ref = store_q_strdup(q, 1, &rc);
	c->person_id = store_q_strdup(q, 2, &rc);
	c->id_kind = store_q_strdup(q, 3, &rc);
	c->given_name = store_q_strdup(q, 4, &rc);
	c->family_name = store_q_strdup(q, 5, &rc);
	c->birth_date = store_q_date(q, 6);
	c->protection = store_q_strdup(q, 7, &rc);
	c->interpreter_language = store_q_strdup(q, 8, &rc);
	c->unit_id = store_q_int(q, 9);
	c->counsellor_id = store_q_int(q, 10);
	c->created_at = store_q_int(q, 11);
	c->counsellor_name = store_q_strdup(q, 12, &rc);
	if (rc)
		store_customer_release(c);
	return rc;
}

static enum sv_rc customer_validate(const struct store_customer *c, struct sv_error *err)
{
	char field[64];
	enum sv_rc rc = store_check_enum(c->id_kind, store_id_kinds, "id_kind", true, err);

	if (!rc)
		rc = store_check_required(c->given_name, "given_name", err);
	if (!rc)
		rc = store_check_required(c->family_name, "family_name", err);
	if (!rc)
		rc = store_check_enum(c->protection ? c->protection : "none", store_protections,
		                      "protection", true, err);
	if (!rc && !strcmp(c->id_kind, "none") && c->person_id)
		rc = sv_error_set(err, SV_EINVAL, "person_id", "ID-1",
		                  "id_kind none takes no identity number");
	if (!rc && strcmp(c->id_kind, "none")) {
		size_t want = strcmp(c->id_kind, "cpr") ? 12 : 10;
		const char *rule = !strcmp(c->id_kind, "cpr") ? "ID-3" : "ID-1";
		size_t n = c->person_id ? strlen(c->person_id) : 0;
		bool digits = n == want;
		for (size_t i = 0; digits && i < n; i++)
			digits = c->person_id[i] >= '0' && c->person_id[i] <= '9';
		if (!digits)
			rc = sv_error_set(err, SV_EINVAL, "person_id", rule,
			                  "must be the normalised form: %zu digits", want);
	}
	for (size_t i = 0; !rc && i < c->ncontacts; i++) {
		snprintf(field, sizeof(field), "contacts[%zu].channel", i);
		rc = store_check_enum(c->contacts[i].channel, store_channels, field, true, err);
		if (!rc) {
			snprintf(field, sizeof(field), "contacts[%zu].value", i);
			rc = store_check_required(c->contacts[i].value, field, err);
		}
	}
	for (size_t i = 0; !rc && i < c->nfacts; i++) {
		snprintf(field, sizeof(field), "facts[%zu].fact", i);
		rc = store_check_required(c->facts[i].fact, field, err);
		snprintf(field, sizeof(field), "facts[%zu].from", i);
		if (!rc && c->facts[i].from == SV_NO_DATE)
			rc = sv_error_set(err, SV_EINVAL, field, "store:required", "is required");
		if (!rc && c->facts[i].to != SV_NO_DATE && c->facts[i].to < c->facts[i].from)
			rc = sv_error_set(err, SV_EINVAL, field, "store:period",
			                  "the period ends before it starts");
	}
	return rc;
}

enum sv_rc store_customer_create(struct store *st, const struct store_write *w,
                                 struct store_customer *c, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = customer_validate(c, err);
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),
		                          P_TEXT(c->ref),
		                          P_TEXT(c->person_id),
		                          P_TEXT(c->id_kind),
		                          P_TEXT(c->given_name),
		                          P_TEXT(c->family_name),
		                          P_DATE(c->birth_date),
		                          P_TEXT(c->protection ? c->protection : "none"),
		                          P_TEXT(c->interpreter_language),
		                          P_ID(c->unit_id),
		                          P_ID(c->counsellor_id),
		                          P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO customers (tenant_id, ref, person_id, id_kind, "
		        "given_name, family_name, birth_date, protection, "
		        "interpreter_language, unit_id, counsellor_id, created_at) VALUES "
		        "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
		        p, NPARAMS(p), &c->id, err);
		if (rc == SV_ECONFLICT)
			store_error_override(
			        err, rc, "person_id", "store:unique",
			        "a customer with this identity number (or ref) exists");
	}
	for (size_t i = 0; !rc && i < c->ncontacts; i++) {
		const struct store_contact *k = &c->contacts[i];
		struct store_param p[] = {P_INT(w->tenant), P_INT(c->id), P_TEXT(k->channel),
		                          P_TEXT(k->value), P_BOOL(k->consent)};
		rc = store_do(
		        st,
		        "INSERT INTO customer_contacts (tenant_id, customer_id, channel, value, "
		        "consent) VALUES ($1, $2, $3, $4, $5)",
		        p, NPARAMS(p), NULL, err);
	}
	for (size_t i = 0; !rc && i < c->nfacts; i++) {
		const struct store_fact *f = &c->facts[i];
		struct store_param p[] = {P_INT(w->tenant), P_INT(c->id), P_TEXT(f->fact),
		                          P_DATE(f->from), P_DATE(f->to)};
		rc = store_do(
		        st,
		        "INSERT INTO customer_facts (tenant_id, customer_id, fact, valid_from, "
		        "valid_to) VALUES ($1, $2, $3, $4, $5)",
		        p, NPARAMS(p), NULL, err);
	}
	if (!rc) {
		c->created_at = w->at;
		/* No personal data in the payload: the chain outlives corrections. */
		rc = store_event_emit(st, w, c->id, "customer.created",
		                      json_pack("{sIsIsI}", "customer_id", (json_int_t)c->id,
		                                "unit_id", (json_int_t)c->unit_id, "counsellor_id",
		                                (json_int_t)c->counsellor_id),
		                      err);
	}
	rc = store_tx_leave(st, rc, err);
	{
		const struct refcheck r[] = {{REF_UNIT, c->unit_id, "unit_id"},
		                             {REF_USER, c->counsellor_id, "counsellor_id"}};
		return diagnose_refs(st, w->tenant, r, sizeof(r) / sizeof(r[0]), rc, err);
	}
}

static enum sv_rc customer_details(struct store *st, int64_t tenant, struct store_customer *c,
                                   struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(c->id)};
	struct store_q q;
	size_t cap = 0;
	enum sv_rc rc;

	rc = store_q_run(
	        st, &q,
	        "SELECT channel, value, consent FROM customer_contacts WHERE tenant_id = $1 "
	        "AND customer_id = $2 ORDER BY id",
	        p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	while (!rc && store_q_next(&q, &rc, err)) {
		struct store_contact *k;
		if (c->ncontacts == cap) {
			struct store_contact *n =
			        realloc(c->contacts, (cap ? cap * 2 : 4) * sizeof(*n));
			if (!n) {
				rc = SV_ENOMEM;
				break;
			}
			c->contacts = n;
			cap = cap ? cap * 2 : 4;
		}
		k = &c->contacts[c->ncontacts++];
		memset(k, 0, sizeof(*k));
		k->channel = store_q_strdup(&q, 0, &rc);
		k->value = store_q_strdup(&q, 1, &rc);
		k->consent = store_q_int(&q, 2) != 0;
	}
	store_q_done(&q);
	if (rc)
		return rc;
	rc = store_q_run(
	        st, &q,
	        "SELECT fact, valid_from, valid_to FROM customer_facts WHERE tenant_id = $1 "
	        "AND customer_id = $2 ORDER BY id",
	        p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	cap = 0;
	while (!rc && store_q_next(&q, &rc, err)) {
		struct store_fact *f;
		if (c->nfacts == cap) {
			struct store_fact *n = realloc(c->facts, (cap ? cap * 2 : 4) * sizeof(*n));
			if (!n) {
				rc = SV_ENOMEM;
				break;
			}
			c->facts = n;
			cap = cap ? cap * 2 : 4;
		}
		f = &c->facts[c->nfacts++];
		f->fact = store_q_strdup(&q, 0, &rc);
		f->from = store_q_date(&q, 1);
		f->to = store_q_date(&q, 2);
	}
	store_q_done(&q);
	return rc;
}

enum sv_rc store_customer_get(struct store *st, int64_t tenant, int64_t id,
                              struct store_customer *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = fetch_one(st,
	               "SELECT " CUSTOMER_COLS " FROM customers WHERE tenant_id = $1 AND id = $2",
	               p, NPARAMS(p), out, customer_row, "customer", err);
	if (!rc)
		rc = customer_details(st, tenant, out, err);
	if (rc)
		store_customer_release(out);
	return rc;
}

enum sv_rc store_customer_get_by_person_id(struct store *st, int64_t tenant, const char *person_id,
                                           struct store_customer *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_TEXT(person_id)};
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = fetch_one(st,
	               "SELECT " CUSTOMER_COLS
	               " FROM customers WHERE tenant_id = $1 AND person_id = $2",
	               p, NPARAMS(p), out, customer_row, "customer", err);
	if (!rc)
		rc = customer_details(st, tenant, out, err);
	if (rc)
		store_customer_release(out);
	return rc;
}

enum sv_rc store_customer_list(struct store *st, int64_t tenant, int64_t unit_id,
                               struct store_page page, struct store_customer_list *out,
                               struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(page.after), P_INT(unit_id), P_NULL};

	memset(out, 0, sizeof(*out));
	return fetch_list(st,
	                  "SELECT " CUSTOMER_COLS
	                  " FROM customers WHERE tenant_id = $1 AND id > $2 "
	                  "AND (CAST($3 AS BIGINT) = 0 OR unit_id = $3) ORDER BY id LIMIT $4",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), customer_row,
	                  customer_release_v, (void **)&out->v, &out->n, &out->next, err);
}

/* ---- Interventions ------------------------------------------------------------------------ */

void store_intervention_release(struct store_intervention *iv)
{
	free(iv->ref);
	free(iv->code);
	free(iv->state);
	free(iv->end_reason);
	memset(iv, 0, sizeof(*iv));
}

void store_intervention_list_release(struct store_intervention_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_intervention_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void intervention_release_v(void *e)
{
	store_intervention_release(e);
}

#define INTERVENTION_COLS                                                                          \
	"id, ref, customer_id, code, COALESCE(provider_id, 0), COALESCE(unit_id, 0), "             \
	"COALESCE(counsellor_id, 0), decided_on, start_on, planned_end_on, actual_end_on, state, " \
	"end_reason, created_at, updated_at"

static enum sv_rc intervention_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_intervention *iv = elem;
	enum sv_rc rc = SV_OK;

	iv->id = *id = store_q_int(q, 0);
	iv->ref = store_q_strdup(q, 1, &rc);
	iv->customer_id = store_q_int(q, 2);
	iv->code = store_q_strdup(q, 3, &rc);
	iv->provider_id = store_q_int(q, 4);
	iv->unit_id = store_q_int(q, 5);
	iv->counsellor_id = store_q_int(q, 6);
	iv->decided_on = store_q_date(q, 7);
	iv->start_on = store_q_date(q, 8);
	iv->planned_end_on = store_q_date(q, 9);
	iv->actual_end_on = store_q_date(q, 10);
	iv->state = store_q_strdup(q, 11, &rc);
	iv->end_reason = store_q_strdup(q, 12, &rc);
	iv->created_at = store_q_int(q, 13);
	iv->updated_at = store_q_int(q, 14);
	if (rc)
		store_intervention_release(iv);
	return rc;
}

static enum sv_rc end_check(const char *state, const char *end_reason, sv_date actual_end,
                            sv_date start, struct sv_error *err)
{
	enum sv_rc rc = store_check_enum(end_reason, store_end_reasons, "end_reason", false, err);
	bool ended = state && !strcmp(state, "ended");

	if (rc)
		return rc;
	if (ended && !end_reason)
		return sv_error_set(err, SV_EINVAL, "end_reason", "KV-52",
		                    "an ended intervention needs its end reason");
	if (!ended && end_reason)
		return sv_error_set(err, SV_EINVAL, "end_reason", "KV-52",
		                    "only an ended intervention has an end reason");
	if (ended && actual_end == SV_NO_DATE)
		return sv_error_set(err, SV_EINVAL, "actual_end_on", "KV-52",
		                    "an ended intervention needs its end date");
	if (actual_end != SV_NO_DATE && start != SV_NO_DATE && actual_end < start)
		return sv_error_set(err, SV_EINVAL, "actual_end_on", "store:period",
		                    "ends before the start date");
	return SV_OK;
}

static enum sv_rc intervention_validate(const struct store_intervention *iv, struct sv_error *err)
{
	enum sv_rc rc = store_check_enum(iv->code, store_codes, "code", true, err);

	if (!rc)
		rc = store_check_enum(iv->state, store_states, "state", true, err);
	if (!rc && !iv->customer_id)
		rc = sv_error_set(err, SV_EINVAL, "customer_id", "store:required", "is required");
	if (!rc && iv->decided_on == SV_NO_DATE)
		rc = sv_error_set(err, SV_EINVAL, "decided_on", "KV-10",
		                  "the decision date is required");
	if (!rc && iv->planned_end_on != SV_NO_DATE && iv->start_on != SV_NO_DATE &&
	    iv->planned_end_on < iv->start_on)
		rc = sv_error_set(err, SV_EINVAL, "planned_end_on", "store:period",
		                  "ends before the start date");
	if (!rc)
		rc = end_check(iv->state, iv->end_reason, iv->actual_end_on, iv->start_on, err);
	return rc;
}

enum sv_rc store_intervention_create(struct store *st, const struct store_write *w,
                                     struct store_intervention *iv, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);
	char d[SV_DATE_STRLEN];

	if (!rc)
		rc = intervention_validate(iv, err);
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),
		                          P_TEXT(iv->ref),
		                          P_INT(iv->customer_id),
		                          P_TEXT(iv->code),
		                          P_TEXT(store_intervention_scheme(iv->code)),
		                          P_ID(iv->provider_id),
		                          P_ID(iv->unit_id),
		                          P_ID(iv->counsellor_id),
		                          P_DATE(iv->decided_on),
		                          P_DATE(iv->start_on),
		                          P_DATE(iv->planned_end_on),
		                          P_DATE(iv->actual_end_on),
		                          P_TEXT(iv->state),
		                          P_TEXT(iv->end_reason),
		                          P_INT(w->at)};
		rc = store_one_int(
		        st,
		        "INSERT INTO interventions (tenant_id, ref, customer_id, code, "
		        "scheme, provider_id, unit_id, counsellor_id, decided_on, start_on, "
		        "planned_end_on, actual_end_on, state, end_reason, created_at, "
		        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
		        "$12, $13, $14, $15, $15) RETURNING id",
		        p, NPARAMS(p), &iv->id, err);
		if (rc == SV_ECONFLICT)
			store_error_override(err, rc, "ref", "store:unique",
			                     "an intervention with this ref exists");
	}
	if (!rc) {
		iv->created_at = iv->updated_at = w->at;
		rc = store_event_emit(
		        st, w, iv->customer_id, "intervention.created",
		        json_pack("{sIsssssIso}", "intervention_id", (json_int_t)iv->id, "code",
		                  iv->code, "state", iv->state, "provider_id",
		                  (json_int_t)iv->provider_id, "decided_on", jdate(iv->decided_on)),
		        err);
	}
	(void)d;
	rc = store_tx_leave(st, rc, err);
	{
		const struct refcheck r[] = {{REF_CUSTOMER, iv->customer_id, "customer_id"},
		                             {REF_PROVIDER, iv->provider_id, "provider_id"},
		                             {REF_UNIT, iv->unit_id, "unit_id"},
		                             {REF_USER, iv->counsellor_id, "counsellor_id"}};
		return diagnose_refs(st, w->tenant, r, sizeof(r) / sizeof(r[0]), rc, err);
	}
}

enum sv_rc store_intervention_get(struct store *st, int64_t tenant, int64_t id,
                                  struct store_intervention *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};

	memset(out, 0, sizeof(*out));
	return fetch_one(st,
	                 "SELECT " INTERVENTION_COLS
	                 " FROM interventions WHERE tenant_id = $1 AND id = $2",
	                 p, NPARAMS(p), out, intervention_row, "intervention", err);
}

enum sv_rc store_intervention_list(struct store *st, int64_t tenant,
                                   const struct store_intervention_filter *f,
                                   struct store_page page, struct store_intervention_list *out,
                                   struct sv_error *err)
{
	struct store_intervention_filter none = {0};
	enum sv_rc rc;

	if (!f)
		f = &none;
	memset(out, 0, sizeof(*out));
	rc = store_check_enum(f->state, store_states, "state", false, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(tenant),
		                          P_INT(page.after),
		                          P_INT(f->unit_id),
		                          P_INT(f->provider_id),
		                          P_INT(f->customer_id),
		                          P_TEXT(f->state ? f->state : ""),
		                          P_NULL};
		return fetch_list(st,
		                  "SELECT " INTERVENTION_COLS
		                  " FROM interventions WHERE tenant_id = $1 AND id > $2 "
		                  "AND (CAST($3 AS BIGINT) = 0 OR unit_id = $3) "
		                  "AND (CAST($4 AS BIGINT) = 0 OR provider_id = $4) "
		                  "AND (CAST($5 AS BIGINT) = 0 OR customer_id = $5) "
		                  "AND (CAST($6 AS TEXT) = '' OR state = $6) "
		                  "ORDER BY id LIMIT $7",
		                  p, NPARAMS(p), page_limit(page), sizeof(*out->v),
		                  intervention_row, intervention_release_v, (void **)&out->v,
		                  &out->n, &out->next, err);
	}
}

enum sv_rc store_intervention_set_state(struct store *st, const struct store_write *w, int64_t id,
                                        const char *state, const char *end_reason,
                                        sv_date actual_end, struct sv_error *err)
{
	struct store_intervention cur = {0};
	enum sv_rc rc = store_check_write(w, err);

	if (!rc)
		rc = store_check_enum(state, store_states, "state", true, err);
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	rc = store_intervention_get(st, w->tenant, id, &cur, err);
	if (!rc)
		rc = end_check(state, end_reason, actual_end, cur.start_on, err);
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant),   P_INT(id),          P_TEXT(state),
		                          P_TEXT(end_reason), P_DATE(actual_end), P_INT(w->at)};
		rc = update_one(
		        st,
		        "UPDATE interventions SET state = $3, end_reason = $4, "
		        "actual_end_on = $5, updated_at = $6 WHERE tenant_id = $1 AND id = $2",
		        p, NPARAMS(p), "intervention", err);
	}
	if (!rc)
		rc = store_event_emit(st, w, cur.customer_id, "intervention.state",
		                      json_pack("{sIsssssoso}", "intervention_id", (json_int_t)id,
		                                "from", cur.state, "to", state, "end_reason",
		                                jstr_or_null(end_reason), "actual_end_on",
		                                jdate(actual_end)),
		                      err);
	store_intervention_release(&cur);
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_intervention_set_provider(struct store *st, const struct store_write *w,
                                           int64_t id, int64_t provider_id, struct sv_error *err)
{
	struct store_intervention cur = {0};
	enum sv_rc rc = store_check_write(w, err);

	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	rc = store_intervention_get(st, w->tenant, id, &cur, err);
	if (!rc)
		rc = check_ref(st, REF_PROVIDER, w->tenant, provider_id, "provider_id", err);
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant), P_INT(id), P_ID(provider_id),
		                          P_INT(w->at)};
		rc = update_one(st,
		                "UPDATE interventions SET provider_id = $3, updated_at = $4 "
		                "WHERE tenant_id = $1 AND id = $2",
		                p, NPARAMS(p), "intervention", err);
	}
	if (!rc)
		rc = store_event_emit(st, w, cur.customer_id, "intervention.provider",
		                      json_pack("{sIsIsI}", "intervention_id", (json_int_t)id,
		                                "from", (json_int_t)cur.provider_id, "to",
		                                (json_int_t)provider_id),
		                      err);
	store_intervention_release(&cur);
	return store_tx_leave(st, rc, err);
}

/* ---- Access log ------------------------------------------------------------------------------ */

void store_access_list_release(struct store_access_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].purpose);
		free(l->v[i].what);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void access_release_v(void *e)
{
	struct store_access *a = e;
	free(a->purpose);
	free(a->what);
	memset(a, 0, sizeof(*a));
}

static enum sv_rc access_row(struct store_q *q, void *elem, int64_t *id)
{
	struct store_access *a = elem;
	enum sv_rc rc = SV_OK;

	a->id = *id = store_q_int(q, 0);
	a->user_id = store_q_int(q, 1);
	a->customer_id = store_q_int(q, 2);
	a->at = store_q_int(q, 3);
	a->purpose = store_q_strdup(q, 4, &rc);
	a->what = store_q_strdup(q, 5, &rc);
	if (rc)
		access_release_v(a);
	return rc;
}

enum sv_rc store_access_log(struct store *st, int64_t tenant, int64_t user_id, int64_t customer_id,
                            sv_time at, const char *purpose, const char *what, struct sv_error *err)
{
	enum sv_rc rc = store_check_required(purpose, "purpose", err);

	if (!rc && (!user_id || !customer_id))
		rc = sv_error_set(err, SV_EINVAL, user_id ? "customer_id" : "user_id", "X-2",
		                  "is required");
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(tenant), P_INT(user_id),  P_INT(customer_id),
		                          P_INT(at),     P_TEXT(purpose), P_TEXT(what)};
		rc = store_do(
		        st,
		        "INSERT INTO access_log (tenant_id, user_id, customer_id, at, purpose, "
		        "what) VALUES ($1, $2, $3, $4, $5, $6)",
		        p, NPARAMS(p), NULL, err);
	}
	if (rc == SV_EINVAL)
		store_error_override(err, rc, "customer_id", "X-5",
		                     "user or customer does not exist in this tenant");
	return rc;
}

#define ACCESS_COLS "id, user_id, customer_id, at, purpose, what"

enum sv_rc store_access_list_person(struct store *st, int64_t tenant, int64_t customer_id,
                                    struct store_page page, struct store_access_list *out,
                                    struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(customer_id), P_INT(page.after), P_NULL};

	memset(out, 0, sizeof(*out));
	return fetch_list(st,
	                  "SELECT " ACCESS_COLS " FROM access_log WHERE tenant_id = $1 AND "
	                  "customer_id = $2 AND id > $3 ORDER BY id LIMIT $4",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), access_row,
	                  access_release_v, (void **)&out->v, &out->n, &out->next, err);
}

enum sv_rc store_access_list_user(struct store *st, int64_t tenant, int64_t user_id,
                                  struct store_page page, struct store_access_list *out,
                                  struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(user_id), P_INT(page.after), P_NULL};

	memset(out, 0, sizeof(*out));
	return fetch_list(st,
	                  "SELECT " ACCESS_COLS " FROM access_log WHERE tenant_id = $1 AND "
	                  "user_id = $2 AND id > $3 ORDER BY id LIMIT $4",
	                  p, NPARAMS(p), page_limit(page), sizeof(*out->v), access_row,
	                  access_release_v, (void **)&out->v, &out->n, &out->next, err);
}
