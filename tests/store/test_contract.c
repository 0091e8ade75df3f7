/*
 * The store contract suite: the same tests against SQLite and PostgreSQL
 * (argv[1] = "sqlite" or "pg"). Each test works in tenants of its own, in
 * one freshly migrated database per run.
 */
#include "test.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "stegvis/store.h"

static struct harness H;
static struct store *S;
static int tenant_counter;

/* 2024-03-01T09:00:00Z in µs: 19783 days * 86400 s + 9 h. */
#define T0 ((sv_time)(19783LL * 86400 + 9 * 3600) * 1000000)

static sv_date D(const char *s)
{
	sv_date d = 0;
	if (date_parse(s, strlen(s), &d, "t", NULL) != SV_OK)
		fail_msg("bad date %s", s);
	return d;
}

#define OK(expr)                                                     \
	do {                                                         \
		struct sv_error e_ = SV_ERROR_INIT;                  \
		enum sv_rc rc_ = (expr);                             \
		(void)e_;                                            \
		if (rc_ != SV_OK)                                    \
			fail_msg("%s: %s", #expr, sv_strerror(rc_)); \
	} while (0)

static void ok_err(enum sv_rc rc, const struct sv_error *e, const char *what)
{
	char msg[600];
	if (rc == SV_OK)
		return;
	sv_error_format(e, msg, sizeof(msg));
	fail_msg("%s: %s: %s", what, sv_strerror(rc), msg);
}

static int64_t new_tenant(const char *country)
{
	struct store_tenant t = {0};
	struct sv_error e = SV_ERROR_INIT;
	char code[32];

	snprintf(code, sizeof(code), "t%d", ++tenant_counter);
	t.code = code;
	t.name = "Testkommun";
	t.country = (char *)country;
	ok_err(store_tenant_create(S, &t, T0, &e), &e, "tenant");
	return t.id;
}

static struct store_write W(int64_t tenant) {
	struct store_write w = {tenant, 0, T0, "test"};
	return w;
}

static int64_t
mk_unit(int64_t tenant, const char *name)
{
	struct store_write w = W(tenant);
	struct store_unit u = {0};
	struct sv_error e = SV_ERROR_INIT;

	u.name = (char *)name;
	ok_err(store_unit_create(S, &w, &u, &e), &e, "unit");
	return u.id;
}

static int64_t mk_user(int64_t tenant, const char *username, const char *role, int64_t unit,
                       int64_t provider)
{
	struct store_write w = W(tenant);
	struct store_user u = {0};
	struct sv_error e = SV_ERROR_INIT;

	u.username = (char *)username;
	u.display_name = (char *)username;
	u.role = (char *)role;
	u.unit_id = unit;
	u.provider_id = provider;
	u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
	ok_err(store_user_create(S, &w, &u, &e), &e, "user");
	return u.id;
}

static int64_t mk_provider(int64_t tenant, const char *org_no, const char *scheme)
{
	struct store_write w = W(tenant);
	struct store_provider p = {0};
	struct store_authorisation a = {(char *)scheme, D("2023-01-02"), SV_NO_DATE};
	struct sv_error e = SV_ERROR_INIT;

	p.org_no = (char *)org_no;
	p.name = "Anordnare AB";
	p.capacity = -1;
	p.auths = &a;
	p.nauths = 1;
	ok_err(store_provider_create(S, &w, &p, &e), &e, "provider");
	return p.id;
}

static int64_t mk_customer(int64_t tenant, const char *pnr, int64_t unit)
{
	struct store_write w = W(tenant);
	struct store_customer c = {0};
	struct sv_error e = SV_ERROR_INIT;

	c.person_id = (char *)pnr;
	c.id_kind = "personnummer";
	c.given_name = "Anna";
	c.family_name = "Andersson";
	c.birth_date = SV_NO_DATE;
	c.unit_id = unit;
	ok_err(store_customer_create(S, &w, &c, &e), &e, "customer");
	return c.id;
}

static int64_t mk_intervention(int64_t tenant, int64_t customer, int64_t unit, int64_t provider,
                               const char *state)
{
	struct store_write w = W(tenant);
	struct store_intervention iv = {0};
	struct sv_error e = SV_ERROR_INIT;

	iv.customer_id = customer;
	iv.code = "AMI2";
	iv.unit_id = unit;
	iv.provider_id = provider;
	iv.decided_on = D("2024-03-01");
	iv.start_on = D("2024-03-04");
	iv.planned_end_on = SV_NO_DATE;
	iv.actual_end_on = SV_NO_DATE;
	iv.state = (char *)state;
	ok_err(store_intervention_create(S, &w, &iv, &e), &e, "intervention");
	return iv.id;
}

static int64_t count_rows(const char *table, int64_t tenant)
{
	/* Through the public API only: list until the end. */
	struct sv_error e = SV_ERROR_INIT;
	int64_t n = 0;
	struct store_page pg = {0, STORE_PAGE_MAX};

	if (!strcmp(table, "customers")) {
		struct store_customer_list l;
		do {
			ok_err(store_customer_list(S, tenant, 0, pg, &l, &e), &e, "list");
			n += (int64_t)l.n;
			pg.after = l.next;
			store_customer_list_release(&l);
		} while (pg.after);
	} else if (!strcmp(table, "interventions")) {
		struct store_intervention_list l;
		do {
			ok_err(store_intervention_list(S, tenant, NULL, pg, &l, &e), &e, "list");
			n += (int64_t)l.n;
			pg.after = l.next;
			store_intervention_list_release(&l);
		} while (pg.after);
	}
	return n;
}

/* ---- Schema -------------------------------------------------------------- */

static void migrate_is_idempotent(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	int from = -1, to = -1, v = -1;

	ok_err(store_migrate(S, &from, &to, &e), &e, "migrate");
	assert_int_equal(from, STORE_SCHEMA_VERSION);
	assert_int_equal(to, STORE_SCHEMA_VERSION);
	ok_err(store_schema_version(S, &v, &e), &e, "version");
	assert_int_equal(v, STORE_SCHEMA_VERSION);
}

static void bad_urls_are_refused(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store *st = NULL;

	assert_rc(store_open("mysql://x", &st, &e), SV_EINVAL);
	assert_string_equal(e.field, "--db");
	assert_null(st);
	sv_error_clear(&e);
	assert_rc(store_open("sqlite:", &st, &e), SV_EINVAL);
	sv_error_clear(&e);
	assert_rc(store_open("sqlite:/nonexistent-dir/x/y.db", &st, &e), SV_EDB);
	assert_string_equal(store_default_url("sqlite:x.db"), "sqlite:x.db");
}

/* ---- Users, sessions, tokens, login attempts ------------------------------ */

static void users_round_trip(void **state)
{
	int64_t t = new_tenant("SE");
	int64_t unit = mk_unit(t, "Arbetsmarknadsenheten");
	int64_t prov = mk_provider(t, "5560360793", "AMI");
	int64_t u1 = mk_user(t, "anna", "counsellor", unit, 0);
	int64_t u2 = mk_user(t, "bo", "provider_staff", 0, prov);
	struct store_user u = {0};
	struct store_user_list l = {0};
	struct store_write w = W(t);
	struct sv_error e = SV_ERROR_INIT;

	ok_err(store_user_get(S, t, u1, &u, &e), &e, "get");
	assert_string_equal(u.username, "anna");
	assert_string_equal(u.role, "counsellor");
	assert_int_equal(u.unit_id, unit);
	assert_int_equal(u.provider_id, 0);
	assert_false(u.disabled);
	assert_int_equal(u.created_at, T0);
	store_user_release(&u);

	ok_err(store_user_get_by_username(S, t, "bo", &u, &e), &e, "by name");
	assert_int_equal(u.id, u2);
	assert_int_equal(u.provider_id, prov);
	store_user_release(&u);

	ok_err(store_user_set_password(S, &w, u1, "$argon2id$new", &e), &e, "password");
	ok_err(store_user_get(S, t, u1, &u, &e), &e, "get");
	assert_string_equal(u.password_hash, "$argon2id$new");
	store_user_release(&u);

	ok_err(store_user_disable(S, &w, u2, &e), &e, "disable");
	ok_err(store_user_get(S, t, u2, &u, &e), &e, "get");
	assert_true(u.disabled);
	store_user_release(&u);

	/* Pagination: 2 users, pages of 1. */
	ok_err(store_user_list(S, t, (struct store_page){0, 1}, &l, &e), &e, "list");
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].id, u1);
	assert_int_equal(l.next, u1);
	store_user_list_release(&l);
	ok_err(store_user_list(S, t, (struct store_page){u1, 1}, &l, &e), &e, "list");
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].id, u2);
	assert_int_equal(l.next, 0);
	store_user_list_release(&l);

	/* Duplicate username: conflict, named field. */
	{
		struct store_user d = {0};
		d.username = "anna";
		d.display_name = "Anna 2";
		d.role = "counsellor";
		assert_rc(store_user_create(S, &w, &d, &e), SV_ECONFLICT);
		assert_string_equal(e.field, "username");
		sv_error_clear(&e);
		d.username = "cecilia";
		d.role = "king";
		assert_rc(store_user_create(S, &w, &d, &e), SV_EINVAL);
		assert_string_equal(e.field, "role");
		assert_string_equal(e.rule, "store:enum");
		sv_error_clear(&e);
		d.role = "provider_staff";
		assert_rc(store_user_create(S, &w, &d, &e), SV_EINVAL);
		assert_string_equal(e.field, "provider_id");
		assert_string_equal(e.rule, "X-3");
		sv_error_clear(&e);
	}
	assert_rc(store_user_get(S, t, 999999, &u, &e), SV_ENOTFOUND);
}

static void sessions_and_tokens(void **state)
{
	int64_t t = new_tenant("SE");
	int64_t u1 = mk_user(t, "anna", "admin", 0, 0);
	struct store_session s = {0}, got = {0};
	struct store_api_token tok = {0}, tg = {0};
	struct store_api_token_list tl = {0};
	struct store_write w = W(t);
	struct sv_error e = SV_ERROR_INIT;
	int64_t n = -1;
	const sv_time hour = 3600LL * 1000000;

	s.token_hash = "aa11";
	s.csrf_token = "csrf1";
	s.user_id = u1;
	s.created_at = s.last_seen_at = T0;
	s.expires_at = T0 + hour;
	ok_err(store_session_create(S, t, &s, &e), &e, "session");
	s.token_hash = "bb22";
	s.expires_at = T0 + 2 * hour;
	ok_err(store_session_create(S, t, &s, &e), &e, "session 2");

	ok_err(store_session_get(S, t, "aa11", T0 + 1, &got, &e), &e, "get");
	assert_string_equal(got.csrf_token, "csrf1");
	assert_int_equal(got.user_id, u1);
	store_session_release(&got);
	/* Expired at now: not found. */
	assert_rc(store_session_get(S, t, "aa11", T0 + hour, &got, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	ok_err(store_session_touch(S, t, "aa11", T0 + 10, T0 + 3 * hour, &e), &e, "touch");
	ok_err(store_session_get(S, t, "aa11", T0 + hour, &got, &e), &e, "get after touch");
	assert_int_equal(got.last_seen_at, T0 + 10);
	store_session_release(&got);
	/* At T0 + 2h + 1 only bb22 has expired. */
	ok_err(store_session_delete_expired(S, t, T0 + 2 * hour + 1, &n, &e), &e, "expire");
	assert_int_equal(n, 1);
	ok_err(store_session_delete(S, t, "aa11", &e), &e, "delete");
	assert_rc(store_session_get(S, t, "aa11", T0, &got, &e), SV_ENOTFOUND);
	sv_error_clear(&e);

	tok.user_id = u1;
	tok.name = "integration";
	tok.token_hash = "cc33";
	ok_err(store_api_token_create(S, &w, &tok, &e), &e, "token");
	ok_err(store_api_token_get_by_hash(S, t, "cc33", &tg, &e), &e, "token get");
	assert_int_equal(tg.id, tok.id);
	assert_int_equal(tg.revoked_at, 0);
	assert_int_equal(tg.expires_at, 0);
	store_api_token_release(&tg);
	w.at = T0 + 5;
	ok_err(store_api_token_revoke(S, &w, tok.id, &e), &e, "revoke");
	w.at = T0 + 9;
	ok_err(store_api_token_revoke(S, &w, tok.id, &e), &e, "revoke twice");
	ok_err(store_api_token_list(S, t, u1, (struct store_page){0}, &tl, &e), &e, "list");
	assert_int_equal(tl.n, 1);
	assert_int_equal(tl.v[0].revoked_at, T0 + 5); /* the first revocation is kept */
	store_api_token_list_release(&tl);

	/* Login throttling: 3 failures for anna, 1 success; 2 from one address since T0+1. */
	ok_err(store_login_attempt_add(S, t, "anna", "10.0.0.1", T0, false, &e), &e, "a1");
	ok_err(store_login_attempt_add(S, t, "anna", "10.0.0.1", T0 + 1, false, &e), &e, "a2");
	ok_err(store_login_attempt_add(S, t, "anna", "10.0.0.2", T0 + 2, false, &e), &e, "a3");
	ok_err(store_login_attempt_add(S, t, "anna", "10.0.0.1", T0 + 3, true, &e), &e, "a4");
	ok_err(store_login_failures(S, t, "anna", NULL, T0, &n, &e), &e, "count user");
	assert_int_equal(n, 3);
	ok_err(store_login_failures(S, t, NULL, "10.0.0.1", T0 + 1, &n, &e), &e, "count addr");
	assert_int_equal(n, 1);
	assert_rc(store_login_attempt_add(S, t, NULL, "", T0, false, &e), SV_EINVAL);
}

/* ---- Providers, customers, interventions ----------------------------------- */

static void providers_with_authorisations(void **state)
{
	int64_t t = new_tenant("SE");
	struct store_write w = W(t);
	struct store_provider p = {0}, g = {0};
	struct store_provider_list l = {0};
	struct store_authorisation a[2] = {{"AMI", D("2022-05-01"), SV_NO_DATE},
	                                   {"FAI", D("2023-01-01"), D("2023-12-31")}};
	char *ind[] = {"bygg", "vård"};
	struct store_provider_contact c = {"Karin", "vd", "karin@example.se", "08-123"};
	struct sv_error e = SV_ERROR_INIT;
	int64_t other;

	p.org_no = "5560360793";
	p.name = "Jobbhjälpen AB";
	p.presentation = "Vi matchar.";
	p.website = "https://jobbhjalpen.example";
	p.capacity = 40;
	p.industries = ind;
	p.nindustries = 2;
	p.auths = a;
	p.nauths = 2;
	p.contacts = &c;
	p.ncontacts = 1;
	ok_err(store_provider_create(S, &w, &p, &e), &e, "provider");
	other = mk_provider(t, "5565848970", "ISA");

	ok_err(store_provider_get(S, t, p.id, &g, &e), &e, "get");
	assert_string_equal(g.name, "Jobbhjälpen AB");
	assert_int_equal(g.capacity, 40);
	assert_int_equal(g.nindustries, 2);
	assert_string_equal(g.industries[1], "vård");
	assert_int_equal(g.nauths, 2);
	assert_string_equal(g.auths[0].scheme, "AMI");
	assert_int_equal(g.auths[0].from, D("2022-05-01"));
	assert_int_equal(g.auths[0].to, SV_NO_DATE);
	assert_int_equal(g.auths[1].to, D("2023-12-31"));
	assert_int_equal(g.ncontacts, 1);
	assert_string_equal(g.contacts[0].email, "karin@example.se");
	store_provider_release(&g);

	ok_err(store_provider_list(S, t, "ISA", (struct store_page){0}, &l, &e), &e, "list ISA");
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].id, other);
	store_provider_list_release(&l);
	ok_err(store_provider_list(S, t, NULL, (struct store_page){0}, &l, &e), &e, "list all");
	assert_int_equal(l.n, 2);
	store_provider_list_release(&l);

	{
		struct store_authorisation j = {"JOBBPENG", D("2024-02-01"), SV_NO_DATE};
		struct store_authorisation bad = {"XYZ", D("2024-02-01"), SV_NO_DATE};
		ok_err(store_provider_authorise(S, &w, other, &j, &e), &e, "authorise");
		assert_rc(store_provider_authorise(S, &w, other, &bad, &e), SV_EINVAL);
		assert_string_equal(e.rule, "store:enum");
	}
	/* Same organisation number twice in a tenant: conflict. */
	sv_error_clear(&e);
	p.nauths = 0;
	p.nindustries = 0;
	p.ncontacts = 0;
	assert_rc(store_provider_create(S, &w, &p, &e), SV_ECONFLICT);
	assert_string_equal(e.field, "org_no");
}

static void customers_and_interventions(void **state)
{
	int64_t t = new_tenant("SE");
	int64_t unit_a = mk_unit(t, "Enhet A"), unit_b = mk_unit(t, "Enhet B");
	int64_t prov = mk_provider(t, "5560360793", "AMI");
	struct store_write w = W(t);
	struct store_customer c = {0}, g = {0};
	struct store_contact ct[2] = {{"sms", "+46701234567", true}, {"letter", "Box 1", false}};
	struct store_fact f = {"financial_assistance", D("2024-01-01"), SV_NO_DATE};
	struct store_intervention iv = {0};
	struct store_intervention_list il = {0};
	struct store_intervention_filter flt = {0};
	struct sv_error e = SV_ERROR_INIT;
	int64_t c2, i1, i2, i3;

	c.person_id = "198112189876";
	c.id_kind = "personnummer";
	c.given_name = "Sara";
	c.family_name = "Ek";
	c.birth_date = D("1981-12-18");
	c.protection = "sekretessmarkering";
	c.interpreter_language = "ar";
	c.unit_id = unit_a;
	c.contacts = ct;
	c.ncontacts = 2;
	c.facts = &f;
	c.nfacts = 1;
	ok_err(store_customer_create(S, &w, &c, &e), &e, "customer");
	ok_err(store_customer_get_by_person_id(S, t, "198112189876", &g, &e), &e, "by pnr");
	assert_int_equal(g.id, c.id);
	assert_string_equal(g.protection, "sekretessmarkering");
	assert_string_equal(g.interpreter_language, "ar");
	assert_int_equal(g.birth_date, D("1981-12-18"));
	assert_int_equal(g.ncontacts, 2);
	assert_true(g.contacts[0].consent);
	assert_false(g.contacts[1].consent);
	assert_int_equal(g.nfacts, 1);
	assert_int_equal(g.facts[0].from, D("2024-01-01"));
	assert_int_equal(g.facts[0].to, SV_NO_DATE);
	store_customer_release(&g);

	/* The same personnummer twice in a tenant: conflict, and nothing of the
	 * second attempt stays (its contacts would have come after the row). */
	assert_rc(store_customer_create(S, &w, &c, &e), SV_ECONFLICT);
	assert_string_equal(e.field, "person_id");
	sv_error_clear(&e);
	/* Not normalised: refused before the database (ID-1). */
	c.person_id = "811218-9876";
	assert_rc(store_customer_create(S, &w, &c, &e), SV_EINVAL);
	assert_string_equal(e.rule, "ID-1");
	sv_error_clear(&e);

	c2 = mk_customer(t, "194910279822", unit_b);
	i1 = mk_intervention(t, c.id, unit_a, prov, "running");
	i2 = mk_intervention(t, c2, unit_b, 0, "granted");
	i3 = mk_intervention(t, c2, unit_b, prov, "queued");

	ok_err(store_intervention_get(S, t, i1, &iv, &e), &e, "get");
	assert_string_equal(iv.code, "AMI2");
	assert_int_equal(iv.start_on, D("2024-03-04"));
	assert_int_equal(iv.planned_end_on, SV_NO_DATE);
	assert_null(iv.end_reason);
	store_intervention_release(&iv);

	flt.unit_id = unit_b;
	ok_err(store_intervention_list(S, t, &flt, (struct store_page){0}, &il, &e), &e, "unit");
	assert_int_equal(il.n, 2);
	assert_int_equal(il.v[0].id, i2);
	assert_int_equal(il.v[1].id, i3);
	store_intervention_list_release(&il);
	flt.unit_id = 0;
	flt.provider_id = prov;
	ok_err(store_intervention_list(S, t, &flt, (struct store_page){0}, &il, &e), &e, "prov");
	assert_int_equal(il.n, 2);
	store_intervention_list_release(&il);
	flt.provider_id = 0;
	flt.state = "queued";
	ok_err(store_intervention_list(S, t, &flt, (struct store_page){0}, &il, &e), &e, "state");
	assert_int_equal(il.n, 1);
	assert_int_equal(il.v[0].id, i3);
	store_intervention_list_release(&il);
	flt.state = "sleeping";
	assert_rc(store_intervention_list(S, t, &flt, (struct store_page){0}, &il, &e), SV_EINVAL);
	sv_error_clear(&e);

	/* Ending needs reason and date (KV-52); then the state shows. */
	assert_rc(store_intervention_set_state(S, &w, i1, "ended", NULL, SV_NO_DATE, &e),
	          SV_EINVAL);
	assert_string_equal(e.field, "end_reason");
	assert_string_equal(e.rule, "KV-52");
	sv_error_clear(&e);
	assert_rc(store_intervention_set_state(S, &w, i1, "ended", "self_sufficient",
	                                       D("2024-03-01"), &e),
	          SV_EINVAL); /* before the start 2024-03-04 */
	sv_error_clear(&e);
	ok_err(store_intervention_set_state(S, &w, i1, "ended", "self_sufficient", D("2024-06-30"),
	                                    &e),
	       &e, "end");
	ok_err(store_intervention_get(S, t, i1, &iv, &e), &e, "get");
	assert_string_equal(iv.state, "ended");
	assert_string_equal(iv.end_reason, "self_sufficient");
	assert_int_equal(iv.actual_end_on, D("2024-06-30"));
	store_intervention_release(&iv);
	ok_err(store_intervention_set_provider(S, &w, i2, prov, &e), &e, "provider");
	ok_err(store_intervention_get(S, t, i2, &iv, &e), &e, "get");
	assert_int_equal(iv.provider_id, prov);
	store_intervention_release(&iv);
}

/* A failing write inside the caller's transaction leaves no partial rows and
 * the transaction usable; a rollback removes everything. */
static void transactions_and_no_partial_writes(void **state)
{
	int64_t t = new_tenant("SE");
	struct store_write w = W(t);
	struct sv_error e = SV_ERROR_INIT;
	struct store_customer c = {0};
	struct store_contact bad = {"pigeon", "x", false};
	struct store_event_list el = {0};
	int64_t c1;

	ok_err(store_begin(S, &e), &e, "begin");
	assert_rc(store_begin(S, &e), SV_ESTATE);
	sv_error_clear(&e);
	c1 = mk_customer(t, "198112189876", 0);
	/* A duplicate inside the transaction fails on its own savepoint ... */
	c.person_id = "198112189876";
	c.id_kind = "personnummer";
	c.given_name = "X";
	c.family_name = "Y";
	c.birth_date = SV_NO_DATE;
	assert_rc(store_customer_create(S, &w, &c, &e), SV_ECONFLICT);
	sv_error_clear(&e);
	/* ... and the transaction goes on. */
	mk_customer(t, "194910279822", 0);
	ok_err(store_commit(S, &e), &e, "commit");
	assert_int_equal(count_rows("customers", t), 2);

	/* An invalid contact channel: nothing of the customer remains. */
	c.person_id = "200001012384";
	c.contacts = &bad;
	c.ncontacts = 1;
	assert_rc(store_customer_create(S, &w, &c, &e), SV_EINVAL);
	assert_string_equal(e.field, "contacts[0].channel");
	sv_error_clear(&e);
	assert_int_equal(count_rows("customers", t), 2);

	/* The database's own CHECK is the second lock: an intervention ended
	 * without a reason never gets past store.c, and a rollback removes a
	 * whole transaction, events included. */
	ok_err(store_begin(S, &e), &e, "begin");
	mk_intervention(t, c1, 0, 0, "granted");
	store_rollback(S);
	assert_int_equal(count_rows("interventions", t), 0);
	ok_err(store_event_list_case(S, t, c1, (struct store_page){0}, &el, &e), &e, "events");
	assert_int_equal(el.n, 1); /* customer.created only */
	assert_string_equal(el.v[0].kind, "customer.created");
	store_event_list_release(&el);
	assert_rc(store_commit(S, &e), SV_ESTATE);
}

/* ---- Events (X-1) ------------------------------------------------------------- */

static void events_are_chained_per_case(void **state)
{
	int64_t t = new_tenant("SE");
	int64_t c1 = mk_customer(t, "198112189876", 0);
	int64_t iv = mk_intervention(t, c1, 0, 0, "granted");
	struct store_write w = W(t);
	struct store_event_list l = {0};
	struct sv_error e = SV_ERROR_INIT;
	int64_t chains = 0, events = 0;

	w.actor = 0;
	w.reason = "kunden bytte anordnare";
	w.at = T0 + 1000;
	ok_err(store_intervention_set_state(S, &w, iv, "queued", NULL, SV_NO_DATE, &e), &e, "q");
	ok_err(store_event_append(S, &w, c1, "note.added", "{\"b\":1,\"a\":[true,null]}", &e), &e,
	       "append");
	assert_rc(store_event_append(S, &w, c1, "note.added", "[1]", &e), SV_EINVAL);
	sv_error_clear(&e);
	assert_rc(store_event_append(S, &w, 987654321, "note.added", NULL, &e), SV_ENOTFOUND);
	sv_error_clear(&e);

	ok_err(store_event_list_case(S, t, c1, (struct store_page){0}, &l, &e), &e, "list");
	assert_int_equal(l.n, 4);
	assert_string_equal(l.v[0].kind, "customer.created");
	assert_string_equal(l.v[1].kind, "intervention.created");
	assert_string_equal(l.v[2].kind, "intervention.state");
	assert_string_equal(l.v[3].kind, "note.added");
	for (size_t i = 0; i < l.n; i++) {
		char chain[32];
		snprintf(chain, sizeof(chain), "case:%" PRId64, c1);
		assert_string_equal(l.v[i].chain, chain);
		assert_int_equal(l.v[i].seq, (int64_t)i + 1);
		if (i)
			assert_string_equal(l.v[i].prev_hash, l.v[i - 1].hash);
	}
	assert_string_equal(l.v[0].prev_hash,
	                    "0000000000000000000000000000000000000000000000000000000000000000");
	/* The payload is stored canonically: compact, keys sorted. */
	assert_string_equal(l.v[3].payload, "{\"a\":[true,null],\"b\":1}");
	assert_string_equal(l.v[3].reason, "kunden bytte anordnare");
	assert_int_equal(l.v[3].at, T0 + 1000);
	{
		const char *want =
		        "{\"actual_end_on\":null,\"end_reason\":null,\"from\":\"granted\","
		        "\"intervention_id\":";
		assert_int_equal(strncmp(l.v[2].payload, want, strlen(want)), 0);
		assert_non_null(strstr(l.v[2].payload, "\"to\":\"queued\"}"));
	}
	store_event_list_release(&l);

	ok_err(store_verify(S, &chains, &events, &e), &e, "verify");
	assert_true(chains >= 1);
	assert_true(events >= 4);
}

/* ---- Access log and tenancy (X-5) ---------------------------------------- */

static void access_log_lists(void **state)
{
	int64_t t = new_tenant("SE");
	int64_t u1 = mk_user(t, "anna", "counsellor", 0, 0);
	int64_t u2 = mk_user(t, "dpo", "dpo", 0, 0);
	int64_t c1 = mk_customer(t, "198112189876", 0);
	int64_t c2 = mk_customer(t, "194910279822", 0);
	struct store_access_list l = {0};
	struct sv_error e = SV_ERROR_INIT;

	ok_err(store_access_log(S, t, u1, c1, T0, "case_work", "customer", &e), &e, "a1");
	ok_err(store_access_log(S, t, u2, c1, T0 + 1, "register_extract", NULL, &e), &e, "a2");
	ok_err(store_access_log(S, t, u1, c2, T0 + 2, "case_work", "intervention:4", &e), &e, "a3");
	assert_rc(store_access_log(S, t, u1, c2, T0, NULL, NULL, &e), SV_EINVAL);
	assert_string_equal(e.field, "purpose");
	sv_error_clear(&e);

	ok_err(store_access_list_person(S, t, c1, (struct store_page){0}, &l, &e), &e, "person");
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].user_id, u1);
	assert_string_equal(l.v[1].purpose, "register_extract");
	assert_null(l.v[1].what);
	store_access_list_release(&l);
	ok_err(store_access_list_user(S, t, u1, (struct store_page){0}, &l, &e), &e, "user");
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[1].customer_id, c2);
	assert_int_equal(l.v[1].at, T0 + 2);
	store_access_list_release(&l);
}

static void tenants_never_see_each_other(void **state)
{
	int64_t a = new_tenant("SE"), b = new_tenant("DK");
	int64_t ua = mk_unit(a, "A"), ub = mk_unit(b, "B");
	int64_t pa = mk_provider(a, "5560360793", "AMI");
	/* The same personnummer and org number may exist in both tenants. */
	int64_t pb = mk_provider(b, "5560360793", "AMI");
	int64_t ca = mk_customer(a, "198112189876", ua);
	int64_t cb = mk_customer(b, "198112189876", ub);
	int64_t usera = mk_user(a, "anna", "counsellor", ua, 0);
	int64_t ia = mk_intervention(a, ca, ua, pa, "running");
	struct store_write wb = W(b);
	struct sv_error e = SV_ERROR_INIT;
	struct store_customer c = {0};
	struct store_customer_list cl = {0};
	struct store_intervention_list il = {0};
	struct store_intervention iv = {0};
	struct store_provider_list pl = {0};
	struct store_event_list el = {0};
	struct store_access_list al = {0};
	struct store_user u = {0};

	(void)pb;
	/* Every read for b with a's ids finds nothing. */
	assert_rc(store_customer_get(S, b, ca, &c, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	assert_rc(store_intervention_get(S, b, ia, &iv, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	assert_rc(store_user_get(S, b, usera, &u, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	assert_rc(store_user_get_by_username(S, b, "anna", &u, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	ok_err(store_customer_get_by_person_id(S, b, "198112189876", &c, &e), &e, "pnr");
	assert_int_equal(c.id, cb);
	store_customer_release(&c);
	ok_err(store_customer_list(S, b, 0, (struct store_page){0}, &cl, &e), &e, "list");
	assert_int_equal(cl.n, 1);
	assert_int_equal(cl.v[0].id, cb);
	store_customer_list_release(&cl);
	ok_err(store_intervention_list(S, b, NULL, (struct store_page){0}, &il, &e), &e, "ivs");
	assert_int_equal(il.n, 0);
	store_intervention_list_release(&il);
	ok_err(store_provider_list(S, b, NULL, (struct store_page){0}, &pl, &e), &e, "provs");
	assert_int_equal(pl.n, 1);
	assert_int_equal(pl.v[0].id, pb);
	store_provider_list_release(&pl);
	ok_err(store_event_list_case(S, b, ca, (struct store_page){0}, &el, &e), &e, "events");
	assert_int_equal(el.n, 0);
	store_event_list_release(&el);
	ok_err(store_access_log(S, a, usera, ca, T0, "case_work", NULL, &e), &e, "log");
	ok_err(store_access_list_person(S, b, ca, (struct store_page){0}, &al, &e), &e, "acc");
	assert_int_equal(al.n, 0);
	store_access_list_release(&al);

	/* Writes for b cannot point at a's rows, nor change them. */
	{
		struct store_intervention x = {0};
		x.customer_id = ca;
		x.code = "AMI1";
		x.decided_on = D("2024-03-01");
		x.start_on = x.planned_end_on = x.actual_end_on = SV_NO_DATE;
		x.state = "granted";
		assert_rc(store_intervention_create(S, &wb, &x, &e), SV_EINVAL);
		assert_string_equal(e.field, "customer_id");
		assert_string_equal(e.rule, "X-5");
		sv_error_clear(&e);
	}
	assert_rc(store_intervention_set_state(S, &wb, ia, "queued", NULL, SV_NO_DATE, &e),
	          SV_ENOTFOUND);
	sv_error_clear(&e);
	assert_rc(store_user_disable(S, &wb, usera, &e), SV_ENOTFOUND);
	sv_error_clear(&e);
	assert_rc(store_access_log(S, b, usera, cb, T0, "case_work", NULL, &e), SV_EINVAL);
	sv_error_clear(&e);
	ok_err(store_user_get(S, a, usera, &u, &e), &e, "still enabled");
	assert_false(u.disabled);
	store_user_release(&u);
}

/* GDPR art. 15: everything about one person, nothing about another. */
static void register_extract(void **state)
{
	int64_t t = new_tenant("SE");
	int64_t u = mk_user(t, "anna", "counsellor", 0, 0);
	int64_t c1 = mk_customer(t, "198112189876", 0);
	int64_t c2 = mk_customer(t, "194910279829", 0);
	int64_t i1 = mk_intervention(t, c1, 0, 0, "granted");
	struct buf b = BUF_INIT;
	struct sv_error e = SV_ERROR_INIT;
	json_t *doc, *v;

	mk_intervention(t, c2, 0, 0, "granted");
	ok_err(store_access_log(S, t, u, c1, T0, "case_work", NULL, &e), &e, "log");
	ok_err(store_register_extract(S, t, c1, &b, &e), &e, "extract");
	doc = json_loads(b.data, 0, NULL);
	assert_non_null(doc);
	v = json_object_get(doc, "customer");
	assert_int_equal(json_array_size(v), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(v, 0), "person_id")),
	                    "198112189876");
	v = json_object_get(doc, "interventions");
	assert_int_equal(json_array_size(v), 1);
	{
		char id[24];
		snprintf(id, sizeof(id), "%" PRId64, i1);
		assert_string_equal(json_string_value(json_object_get(json_array_get(v, 0), "id")),
		                    id);
	}
	/* customer.created and intervention.created */
	assert_int_equal(json_array_size(json_object_get(doc, "events")), 2);
	assert_int_equal(json_array_size(json_object_get(doc, "access_log")), 1);
	assert_int_equal(json_array_size(json_object_get(doc, "absences")), 0);
	assert_null(strstr(b.data, "194910279829"));
	json_decref(doc);
	buf_release(&b);
	assert_rc(store_register_extract(S, t + 1000, c1, &b, &e), SV_ENOTFOUND);
	buf_release(&b);
}

static int group_setup(void **state)
{
	return 0;
}

int main(int argc, char **argv)
{
	const char *backend = argc > 1 ? argv[1] : "sqlite";
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(migrate_is_idempotent),
	        cmocka_unit_test(bad_urls_are_refused),
	        cmocka_unit_test(users_round_trip),
	        cmocka_unit_test(sessions_and_tokens),
	        cmocka_unit_test(providers_with_authorisations),
	        cmocka_unit_test(customers_and_interventions),
	        cmocka_unit_test(transactions_and_no_partial_writes),
	        cmocka_unit_test(events_are_chained_per_case),
	        cmocka_unit_test(access_log_lists),
	        cmocka_unit_test(tenants_never_see_each_other),
	        cmocka_unit_test(register_extract),
	};
	int rc = harness_create(&H, backend);

	if (rc)
		return rc;
	S = harness_open(&H);
	rc = cmocka_run_group_tests_name(backend, tests, group_setup, NULL);
	store_close(S);
	harness_cleanup(&H);
	return rc;
}
