/*
 * Authentication of a request: the session cookie (sessions live in the
 * database, so several servers share them) or an API token in
 * "Authorization: Bearer svt_...". Only hashes of either are stored. CSRF:
 * unsafe methods of cookie sessions must send X-CSRF-Token, the token
 * derived from the session (service/auth.h); API tokens are not sent
 * automatically by browsers and need none.
 *
 * What was read from the database is kept for a few seconds in the server's
 * authentication cache (http_int.h states the invalidation guarantees), so a
 * read request of a signed-in user normally runs no authentication query.
 */
#include "http/http_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#define CACHE_SLOTS 1024 /* direct-mapped by the token hash; a clash only costs a lookup */

struct cache_entry {
	uint64_t gen;      /* valid while equal to the cache's generation */
	int64_t loaded_ns; /* monotonic time it was read from the database */
	char key[AUTH_HASH_STRLEN];
	bool via_token;
	/* Sessions: the times that decide expiry, in ms since the epoch. */
	int64_t created_ms, last_seen_ms, expires_ms;
	struct actor who;
	char username[128];
	char display_name[128];
};

struct http_auth_cache {
	pthread_mutex_t lock;
	uint64_t gen; /* starts at 1: a zeroed entry is never valid */
	struct cache_entry e[CACHE_SLOTS];
};

struct http_auth_cache *http_auth_cache_new(void)
{
	struct http_auth_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	pthread_mutex_init(&c->lock, NULL);
	c->gen = 1;
	return c;
}

void http_auth_cache_free(struct http_auth_cache *c)
{
	if (!c)
		return;
	pthread_mutex_destroy(&c->lock);
	sodium_memzero(c, sizeof(*c));
	free(c);
}

void http_auth_cache_flush(struct http_auth_cache *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->gen++;
	pthread_mutex_unlock(&c->lock);
}

static size_t slot_of(const char *hash)
{
	size_t h = 0;

	/* The key is a hex cryptographic hash: its first digits are uniform. */
	for (int i = 0; i < 8 && hash[i]; i++)
		h = h * 16 + (size_t)(hash[i] <= '9' ? hash[i] - '0' : (hash[i] | 0x20) - 'a' + 10);
	return h % CACHE_SLOTS;
}

/* Copy the live entry for key into *out; the generation seen goes to *gen either way. */
static bool cache_get(struct http_auth_cache *c, const char *key, bool via_token,
                      struct cache_entry *out, uint64_t *gen)
{
	struct cache_entry *e;
	bool hit = false;
	int64_t now = http_clock_ns();

	if (!c) {
		*gen = 0;
		return false;
	}
	e = &c->e[slot_of(key)];
	pthread_mutex_lock(&c->lock);
	*gen = c->gen;
	if (e->gen == c->gen && e->via_token == via_token && !strcmp(e->key, key) &&
	    now - e->loaded_ns < (int64_t)HTTP_AUTH_CACHE_TTL_MS * 1000000) {
		*out = *e;
		hit = true;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

/* Store in, unless the cache was flushed since gen was seen (what was read may be stale). */
static void cache_put(struct http_auth_cache *c, const struct cache_entry *in, uint64_t gen)
{
	struct cache_entry *e;

	if (!c || !gen)
		return;
	e = &c->e[slot_of(in->key)];
	pthread_mutex_lock(&c->lock);
	if (c->gen == gen) {
		*e = *in;
		e->gen = gen;
		e->loaded_ns = http_clock_ns();
	}
	pthread_mutex_unlock(&c->lock);
}

/* Forget key (a session found expired or gone). */
static void cache_drop(struct http_auth_cache *c, const char *key)
{
	struct cache_entry *e;

	if (!c)
		return;
	e = &c->e[slot_of(key)];
	pthread_mutex_lock(&c->lock);
	if (!strcmp(e->key, key))
		e->gen = 0;
	pthread_mutex_unlock(&c->lock);
}

/* After this server recorded a use of the session: the cached times follow. */
static void cache_touched(struct http_auth_cache *c, const char *key, int64_t last_ms,
                          int64_t expires_ms)
{
	struct cache_entry *e;

	if (!c)
		return;
	e = &c->e[slot_of(key)];
	pthread_mutex_lock(&c->lock);
	if (e->gen == c->gen && !e->via_token && !strcmp(e->key, key)) {
		e->last_seen_ms = last_ms;
		e->expires_ms = expires_ms;
	}
	pthread_mutex_unlock(&c->lock);
}

/* Fill r->who from a cache entry (the user part). */
static void set_from_entry(struct http_req *r, const struct cache_entry *e)
{
	r->who = e->who;
	memcpy(r->username, e->username, sizeof(r->username));
	memcpy(r->display_name, e->display_name, sizeof(r->display_name));
	r->authed = true;
}

/* Fill e (the user part) from a user row; false when the user may not sign in. */
static bool entry_from_user(struct cache_entry *e, const struct store_user *u, bool via_token)
{
	enum sv_role role = authz_role_parse(u->role);

	if (u->disabled || role == ROLE_NONE)
		return false;
	e->who.user_id = u->id;
	e->who.role = role;
	e->who.unit_id = u->unit_id;
	e->who.provider_id = u->provider_id;
	/*
	 * KV-81: access to protected identities is for named users. Until
	 * users carry that flag in the store (docs/internals/http.md, "Needed
	 * from store"), the data-protection officer is the one named user role.
	 */
	e->who.protected_access = role == ROLE_DPO;
	e->who.via_token = via_token;
	snprintf(e->username, sizeof(e->username), "%s", u->username ? u->username : "");
	snprintf(e->display_name, sizeof(e->display_name), "%s",
	         u->display_name ? u->display_name : "");
	return true;
}

/*
 * Read user id into e. *ok is false when the user may not sign in (unknown,
 * disabled, no role); false is returned only on a database error (503 set).
 */
static bool load_user(struct http_req *r, int64_t id, bool via_token, struct cache_entry *e,
                      bool *ok)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_user u = {0};
	int64_t t0 = http_clock_ns();
	enum sv_rc rc = store_user_get(r->st, r->tenant, id, &u, &err);

	http_db_time(r, t0);
	*ok = rc == SV_OK && entry_from_user(e, &u, via_token);
	store_user_release(&u);
	if (rc && rc != SV_ENOTFOUND) {
		http_error_rc(r, rc, &err);
		return false;
	}
	return true;
}

static bool by_token(struct http_req *r, const char *token)
{
	struct http_auth_cache *c = http_auth_cache_of(r);
	struct sv_error err = SV_ERROR_INIT;
	struct store_api_token t = {0};
	struct cache_entry e;
	sv_time now = http_now_us(r);
	uint64_t gen = 0;
	int64_t t0;
	enum sv_rc rc;
	bool ok = true, usable = false;

	if (!auth_token_well_formed(token, true))
		return true;
	auth_token_hash(token, r->token_hash);
	/* The token row is read every time: a revocation from anywhere counts at once. */
	t0 = http_clock_ns();
	rc = store_api_token_get_by_hash(r->st, r->tenant, r->token_hash, &t, &err);
	http_db_time(r, t0);
	if (rc) {
		if (rc != SV_ENOTFOUND) {
			http_error_rc(r, rc, &err);
			ok = false;
		}
		goto out;
	}
	if (t.revoked_at || (t.expires_at && t.expires_at <= now))
		goto out;
	if (cache_get(c, r->token_hash, true, &e, &gen) && e.who.user_id == t.user_id) {
		set_from_entry(r, &e);
		goto out;
	}
	memset(&e, 0, sizeof(e));
	memcpy(e.key, r->token_hash, sizeof(e.key));
	e.via_token = true;
	ok = load_user(r, t.user_id, true, &e, &usable);
	if (ok && usable) {
		set_from_entry(r, &e);
		cache_put(c, &e, gen);
	}
out:
	store_api_token_release(&t);
	return ok;
}

/* Session lookup in the database; fills e. *found false when unknown or expired. */
static bool session_from_db(struct http_req *r, int64_t now_ms, struct cache_entry *e, bool *found)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_session s = {0};
	int64_t t0 = http_clock_ns();
	enum sv_rc rc = store_session_get(r->st, r->tenant, r->token_hash, now_ms * 1000, &s, &err);
	bool ok = true;

	http_db_time(r, t0);
	*found = false;
	if (rc == SV_ENOTFOUND)
		goto out;
	if (rc) {
		http_error_rc(r, rc, &err);
		ok = false;
		goto out;
	}
	memset(e, 0, sizeof(*e));
	memcpy(e->key, r->token_hash, sizeof(e->key));
	e->created_ms = s.created_at / 1000;
	e->last_seen_ms = s.last_seen_at / 1000;
	e->expires_ms = s.expires_at / 1000;
	ok = load_user(r, s.user_id, false, e, found);
out:
	store_session_release(&s);
	return ok;
}

static bool session_live(const struct auth_policy *p, const struct cache_entry *e, int64_t now_ms)
{
	return now_ms < e->expires_ms &&
	       !auth_session_expired(p, e->created_ms, e->last_seen_ms, now_ms);
}

static bool by_cookie(struct http_req *r, const char *token)
{
	struct http_auth_cache *c = http_auth_cache_of(r);
	const struct auth_policy *p = &http_config_of(r)->policy;
	struct cache_entry e;
	int64_t now_ms = http_now_ms(r), every;
	uint64_t gen = 0;
	bool found = false;

	if (!auth_token_well_formed(token, false))
		return true;
	auth_token_hash(token, r->token_hash);
	if (!cache_get(c, r->token_hash, false, &e, &gen) || !session_live(p, &e, now_ms)) {
		/* Not cached, aged out, or expired as far as this server knows: ask the database.
		 */
		if (!session_from_db(r, now_ms, &e, &found))
			return false;
		if (!found || !session_live(p, &e, now_ms)) {
			cache_drop(c, r->token_hash);
			return true;
		}
		cache_put(c, &e, gen);
	}
	set_from_entry(r, &e);
	snprintf(r->session_token, sizeof(r->session_token), "%s", token);
	/*
	 * Idle expiry: record use, but at most every tenth of the idle time
	 * (and at least once a minute), so reads do not all become writes.
	 */
	every = p->idle_ms / 10 < 60000 ? p->idle_ms / 10 : 60000;
	if (now_ms - e.last_seen_ms >= every) {
		struct sv_error err = SV_ERROR_INIT;
		int64_t exp = auth_session_expiry(p, e.created_ms, now_ms);
		int64_t t0 = http_clock_ns();
		enum sv_rc rc = store_session_touch(r->st, r->tenant, r->token_hash, now_ms * 1000,
		                                    exp * 1000, &err);
		http_db_time(r, t0);
		if (rc == SV_OK) {
			cache_touched(c, r->token_hash, now_ms, exp);
		} else if (rc == SV_ENOTFOUND) {
			/* Logged out elsewhere meanwhile. */
			r->authed = false;
			cache_drop(c, r->token_hash);
		} else {
			r->authed = false;
			http_error_rc(r, rc, &err);
			return false;
		}
	}
	return true;
}

bool http_authenticate(struct http_req *r)
{
	const char *authz = http_header(r, "Authorization");
	const char *cookie;

	r->authed = false;
	if (authz) {
		if (strncmp(authz, "Bearer ", 7))
			return true;
		return by_token(r, authz + 7);
	}
	cookie = http_cookie(r, HTTP_SESSION_COOKIE);
	if (cookie)
		return by_cookie(r, cookie);
	return true;
}

bool http_csrf_ok(struct http_req *r)
{
	if (r->who.via_token)
		return true;
	return auth_csrf_valid(r->session_token, http_header(r, "X-CSRF-Token"));
}
