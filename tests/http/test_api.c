/*
 * The JSON API over real HTTP against the built binary: `stegvis serve` is
 * started on a loopback port on a fresh database (SQLite, or PostgreSQL when
 * run with "pg" under scripts/test-env), fixtures are written through the
 * store API, and every assertion is made on HTTP responses (libcurl).
 *
 * Covered: the role x route matrix (X-3), cross-provider isolation (404),
 * masking of protected identities (KV-81), the access log (X-2), CSRF,
 * login throttling, idle session expiry, logout, API tokens and their
 * revocation, malformed, oversized, deep and wrongly typed bodies with a
 * check that nothing changed (X-4), concurrent requests, the route table
 * against docs/openapi.yaml, /healthz, /metrics and the SIGTERM drain.
 *
 * Prints "N passed, N failed"; exits 77 (skip) for "pg" without SV_TEST_PG
 * when SV_NO_PG=1.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "client.h"
#include "harness.h"
#include "http/http.h"
#include "service/auth.h"
#include "stegvis/store.h"

/* ---- The server ------------------------------------------------------------ */

static char base[64];
static pid_t server_pid;
static const char *binary;

/* Start `stegvis serve` on a free port; its base URL goes to out. idle: --session-idle. */
static pid_t start_server(const char *url, const char *idle, char *out, size_t outsz)
{
	const char *extra[] = {"--session-idle",
	                       idle,
	                       "--login-failures",
	                       "3",
	                       "--address-failures",
	                       "1000",
	                       "--max-body",
	                       "4096",
	                       "--timeout",
	                       "3",
	                       NULL};
	struct tc_server s;

	if (tc_server_start(&s, binary, url, "t1", "2024-03-05", extra))
		exit(1);
	snprintf(out, outsz, "%s", s.base);
	return s.pid;
}

/* ---- Fixtures (through the store, before the server starts) ------------------------ */

enum { R_COU, R_SOC, R_SUP, R_PST, R_PAD, R_FIN, R_DPO, R_ADM, NROLES };
static const char *const role_names[NROLES] = {
        "counsellor",     "social_worker", "supervisor", "provider_staff",
        "provider_admin", "finance",       "dpo",        "admin"};
static bool have_role[NROLES];
static const char *const password = "test-losenord-123";

static struct {
	int64_t tenant, unit1, unit2, prov1, prov2;
	int64_t user[NROLES], cou2, pst2, victim;
	int64_t c1, c2_protected, c3_other_unit, c4_fingerade;
	int64_t iv1, iv3;
} fx;

static int64_t add_user(struct store *s, const struct store_write *w, const char *name,
                        const char *role, int64_t unit, int64_t provider, const char *hash)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_user u = {0};

	u.username = (char *)name;
	u.display_name = (char *)name;
	u.role = (char *)role;
	u.unit_id = unit;
	u.provider_id = provider;
	u.password_hash = (char *)hash;
	if (store_user_create(s, w, &u, &err)) {
		printf("note: user %s (%s) not created: %s\n", name, role, err.msg);
		return 0;
	}
	return u.id;
}

static int64_t add_customer(struct store *s, const struct store_write *w, const char *pid,
                            const char *given, const char *protection, int64_t unit, int64_t cou)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_customer c = {0};
	struct store_contact contact = {"phone", "070-1234567", true};

	c.person_id = (char *)pid;
	c.id_kind = pid ? "personnummer" : "none";
	c.given_name = (char *)given;
	c.family_name = "Andersson";
	c.birth_date = SV_NO_DATE;
	c.protection = (char *)protection;
	c.unit_id = unit;
	c.counsellor_id = cou;
	c.contacts = &contact;
	c.ncontacts = 1;
	if (store_customer_create(s, w, &c, &err)) {
		fprintf(stderr, "fixture customer: %s %s\n", err.field, err.msg);
		exit(1);
	}
	return c.id;
}

static int64_t add_intervention(struct store *s, const struct store_write *w, int64_t customer,
                                int64_t provider, int64_t unit, int64_t cou)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_intervention iv = {0};

	iv.customer_id = customer;
	iv.code = "AMI1";
	iv.provider_id = provider;
	iv.unit_id = unit;
	iv.counsellor_id = cou;
	iv.decided_on = date_from_ymd(2024, 2, 1);
	iv.start_on = date_from_ymd(2024, 2, 5);
	iv.planned_end_on = date_from_ymd(2025, 2, 4);
	iv.actual_end_on = SV_NO_DATE;
	iv.state = "running";
	if (store_intervention_create(s, w, &iv, &err)) {
		fprintf(stderr, "fixture intervention: %s %s\n", err.field, err.msg);
		exit(1);
	}
	return iv.id;
}

static int64_t add_provider(struct store *s, const struct store_write *w, const char *org,
                            const char *name)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_provider p = {0};

	p.org_no = (char *)org;
	p.name = (char *)name;
	p.capacity = -1;
	if (store_provider_create(s, w, &p, &err)) {
		fprintf(stderr, "fixture provider: %s %s\n", err.field, err.msg);
		exit(1);
	}
	return p.id;
}

static void fixtures(const char *url)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *s = NULL;
	struct store_tenant t = {0};
	struct store_unit u1 = {0}, u2 = {0};
	struct store_write w = {0, 0, 1709629921000000, "test fixture"};
	char hash[AUTH_PWHASH_MAX];

	if (store_open(url, &s, &err) || store_migrate(s, NULL, NULL, &err)) {
		fprintf(stderr, "fixtures: %s\n", err.msg);
		exit(1);
	}
	t.code = "t1";
	t.name = "Testkommun";
	t.country = "SE";
	if (store_tenant_create(s, &t, w.at, &err))
		exit(1);
	w.tenant = fx.tenant = t.id;
	u1.name = "Enhet Nord";
	u2.name = "Enhet Syd";
	if (store_unit_create(s, &w, &u1, &err) || store_unit_create(s, &w, &u2, &err))
		exit(1);
	fx.unit1 = u1.id;
	fx.unit2 = u2.id;
	fx.prov1 = add_provider(s, &w, "5566778899", "Jobbhuset AB");
	fx.prov2 = add_provider(s, &w, "5560123456", "Karriärfabriken AB");
	if (auth_password_hash(password, hash))
		exit(1);
	for (int r = 0; r < NROLES; r++) {
		int64_t unit = (r == R_COU || r == R_SOC || r == R_SUP) ? fx.unit1 : 0;
		int64_t prov = (r == R_PST || r == R_PAD) ? fx.prov1 : 0;
		fx.user[r] = add_user(s, &w, role_names[r], role_names[r], unit, prov, hash);
		have_role[r] = fx.user[r] != 0;
	}
	fx.cou2 = add_user(s, &w, "counsellor2", "counsellor", fx.unit2, 0, hash);
	fx.pst2 = add_user(s, &w, "staff2", "provider_staff", 0, fx.prov2, hash);
	fx.victim = add_user(s, &w, "victim", "counsellor", fx.unit1, 0, hash);
	/* 19811218-9876: Luhn over 811218987 gives 6 (ID-1). */
	fx.c1 = add_customer(s, &w, "198112189876", "Anna", "none", fx.unit1, fx.user[R_COU]);
	/* 19900101-1239: Luhn over 900101123 gives 9. */
	fx.c2_protected = add_customer(s, &w, "199001011239", "Hemlig", "sekretessmarkering",
	                               fx.unit1, fx.user[R_COU]);
	fx.c3_other_unit = add_customer(s, &w, NULL, "Bertil", "none", fx.unit2, fx.cou2);
	fx.c4_fingerade =
	        add_customer(s, &w, NULL, "Fingerad", "fingerade", fx.unit1, fx.user[R_COU]);
	fx.iv1 = add_intervention(s, &w, fx.c1, fx.prov1, fx.unit1, fx.user[R_COU]);
	add_intervention(s, &w, fx.c2_protected, fx.prov1, fx.unit1, fx.user[R_COU]);
	fx.iv3 = add_intervention(s, &w, fx.c3_other_unit, fx.prov2, fx.unit2, fx.cou2);
	store_close(s);
}

static long atoi_safe(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	return end == s ? 0 : v;
}

/* ---- The tests ------------------------------------------------------------------ */

static struct tc_client cl[NROLES];

static void test_public(void)
{
	struct tc_client c;
	struct tc_resp r;

	tc_client_init(&c, base);
	CHECK(tc_call(&c, "GET", "/healthz", NULL, NULL, &r) == 200, "healthz %ld", r.status);
	CHECK(tc_jstr(r.body, "database") && !strcmp(tc_jstr(r.body, "database"), "reachable"),
	      "healthz names the database");
	tc_resp_release(&r);
	CHECK(tc_status(&c, "GET", "/api/v1/customers", NULL) == 401, "no session: 401");
	CHECK(tc_status(&c, "GET", "/nope", NULL) == 404, "unknown route: 404");
	CHECK(tc_status(&c, "PUT", "/api/v1/units", NULL) == 405, "wrong method: 405");
	CHECK(tc_login(&c, "counsellor", "wrong-password-x") == 401, "wrong password: 401");
	CHECK(tc_login(&c, "nobody-at-all", password) == 401, "unknown user: 401 alike");
	tc_client_release(&c);
}

/* The expected status of every cell: the X-3 table written out independently of the code. */
struct cell_route {
	const char *method;
	char path[96];
	const char *body; /* "#" replaced by a per-role digit for uniqueness */
	int want[NROLES]; /* cou soc sup pst pad fin dpo adm */
};

static void test_matrix(void)
{
	char p[16][96];
	struct cell_route routes[16];
	size_t n = 0;

#define ROUTE(m, b, ...)                                                      \
	do {                                                                  \
		routes[n].method = m;                                         \
		snprintf(routes[n].path, sizeof(routes[n].path), "%s", p[n]); \
		routes[n].body = b;                                           \
		int w_[NROLES] = {__VA_ARGS__};                               \
		memcpy(routes[n].want, w_, sizeof(w_));                       \
		n++;                                                          \
	} while (0)
	/* clang-format off */
	snprintf(p[n], 96, "/api/v1/users");
	ROUTE("GET", NULL,                       403, 403, 200, 403, 200, 403, 200, 200);
	snprintf(p[n], 96, "/api/v1/users");
	ROUTE("POST", "{\"username\":\"new#\",\"display_name\":\"Ny\",\"role\":\"finance\",\"password\":\"ett-langt-losen\"}",
	                                         403, 403, 403, 403, 403, 403, 403, 201);
	snprintf(p[n], 96, "/api/v1/users/%lld", (long long)fx.user[R_COU]);
	ROUTE("GET", NULL,                       403, 403, 200, 403, 404, 403, 200, 200);
	snprintf(p[n], 96, "/api/v1/users/%lld/access-log", (long long)fx.user[R_COU]);
	ROUTE("GET", NULL,                       403, 403, 403, 403, 403, 403, 200, 403);
	snprintf(p[n], 96, "/api/v1/units");
	ROUTE("GET", NULL,                       200, 200, 200, 403, 403, 200, 200, 200);
	snprintf(p[n], 96, "/api/v1/units");
	ROUTE("POST", "{\"name\":\"Enhet #\"}", 403, 403, 403, 403, 403, 403, 403, 201);
	snprintf(p[n], 96, "/api/v1/units/%lld", (long long)fx.unit1);
	ROUTE("GET", NULL,                       200, 200, 200, 403, 403, 200, 200, 200);
	snprintf(p[n], 96, "/api/v1/customers");
	ROUTE("GET", NULL,                       200, 200, 200, 200, 200, 403, 200, 403);
	snprintf(p[n], 96, "/api/v1/customers");
	ROUTE("POST", "{\"given_name\":\"Ny#\",\"family_name\":\"Kund\"}",
	                                         201, 201, 201, 403, 403, 403, 403, 403);
	snprintf(p[n], 96, "/api/v1/customers/%lld", (long long)fx.c1);
	ROUTE("GET", NULL,                       200, 200, 200, 200, 200, 403, 200, 403);
	snprintf(p[n], 96, "/api/v1/customers/%lld/events", (long long)fx.c1);
	ROUTE("GET", NULL,                       200, 200, 200, 200, 200, 403, 200, 403);
	snprintf(p[n], 96, "/api/v1/customers/%lld/access-log", (long long)fx.c1);
	ROUTE("GET", NULL,                       403, 403, 403, 403, 403, 403, 200, 403);
	snprintf(p[n], 96, "/api/v1/customers/%lld/register-extract", (long long)fx.c1);
	ROUTE("GET", NULL,                       403, 403, 403, 403, 403, 403, 200, 403);
	snprintf(p[n], 96, "/api/v1/providers/%lld", (long long)fx.prov1);
	ROUTE("GET", NULL,                       200, 200, 200, 200, 200, 200, 200, 200);
	snprintf(p[n], 96, "/api/v1/providers/%lld/authorisations", (long long)fx.prov1);
	ROUTE("POST", "{\"scheme\":\"AMI\",\"from\":\"2024-01-0#\"}",
	                                         403, 403, 403, 403, 403, 403, 403, 201);
	snprintf(p[n], 96, "/api/v1/interventions/%lld", (long long)fx.iv1);
	ROUTE("GET", NULL,                       200, 200, 200, 200, 200, 200, 200, 403);
	/* clang-format on */
#undef ROUTE
	for (size_t i = 0; i < n; i++) {
		for (int role = 0; role < NROLES; role++) {
			char body[256];
			long got;
			if (!have_role[role])
				continue;
			if (routes[i].body) {
				/* '#' in a body template becomes the role's number (unique names).
				 */
				size_t k = 0;
				for (const char *q = routes[i].body; *q && k + 1 < sizeof(body);
				     q++)
					body[k++] = *q == '#' ? (char)('1' + role) : *q;
				body[k] = '\0';
			}
			got = tc_status(&cl[role], routes[i].method, routes[i].path,
			                routes[i].body ? body : NULL);
			CHECK(got == routes[i].want[role], "X-3 matrix: %s %s as %s: %ld, want %d",
			      routes[i].method, routes[i].path, role_names[role], got,
			      routes[i].want[role]);
		}
	}
	/* Disabling a user: the admin alone. */
	{
		char path[64];
		snprintf(path, sizeof(path), "/api/v1/users/%lld/disable", (long long)fx.victim);
		for (int role = 0; role < NROLES; role++) {
			if (!have_role[role] || role == R_ADM)
				continue;
			CHECK(tc_status(&cl[role], "POST", path, NULL) == 403, "disable as %s",
			      role_names[role]);
		}
		CHECK(tc_status(&cl[R_ADM], "POST", path, NULL) == 204, "admin disables a user");
		{
			struct tc_client v;
			tc_client_init(&v, base);
			CHECK(tc_login(&v, "victim", password) == 401,
			      "a disabled user cannot log in");
			tc_client_release(&v);
		}
	}
}

static void test_isolation(void)
{
	char path[96];
	struct tc_client s2;
	struct tc_resp r;

	/* X-3: another provider's case and another unit's case are 404, as if absent. */
	snprintf(path, sizeof(path), "/api/v1/customers/%lld", (long long)fx.c3_other_unit);
	CHECK(tc_status(&cl[R_PST], "GET", path, NULL) == 404,
	      "provider staff: other provider's case");
	CHECK(tc_status(&cl[R_COU], "GET", path, NULL) == 404, "counsellor: other unit's case");
	CHECK(tc_status(&cl[R_COU], "GET", "/api/v1/customers/999999", NULL) == 404,
	      "absent: 404 alike");
	snprintf(path, sizeof(path), "/api/v1/customers/%lld/events", (long long)fx.c3_other_unit);
	CHECK(tc_status(&cl[R_PST], "GET", path, NULL) == 404,
	      "provider staff: other provider's events");
	snprintf(path, sizeof(path), "/api/v1/interventions/%lld", (long long)fx.iv3);
	CHECK(tc_status(&cl[R_PST], "GET", path, NULL) == 404,
	      "provider staff: other intervention");
	snprintf(path, sizeof(path), "/api/v1/providers/%lld", (long long)fx.prov2);
	CHECK(tc_status(&cl[R_PST], "GET", path, NULL) == 404, "provider staff: other provider");
	CHECK(tc_call(&cl[R_PST], "GET", "/api/v1/customers", NULL, NULL, &r) == 200, "list");
	{
		json_t *items = json_object_get(r.body, "items");
		bool other = false;
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it) other =
		        other || json_integer_value(json_object_get(it, "id")) == fx.c3_other_unit;
		CHECK(json_array_size(items) == 2 && !other,
		      "provider staff list holds only its provider's 2 customers, got %zu",
		      json_array_size(items));
	}
	tc_resp_release(&r);
	CHECK(tc_call(&cl[R_PST], "GET", "/api/v1/interventions?provider_id=999", NULL, NULL, &r) ==
	              200,
	      "filter outside scope");
	CHECK(json_array_size(json_object_get(r.body, "items")) == 0, "no foreign interventions");
	tc_resp_release(&r);
	/* The second provider's staff sees the other side. */
	tc_client_init(&s2, base);
	CHECK(tc_login(&s2, "staff2", password) == 201, "staff2 logs in");
	snprintf(path, sizeof(path), "/api/v1/customers/%lld", (long long)fx.c1);
	CHECK(tc_status(&s2, "GET", path, NULL) == 404, "staff2: provider 1's customer is 404");
	snprintf(path, sizeof(path), "/api/v1/customers/%lld", (long long)fx.c3_other_unit);
	CHECK(tc_status(&s2, "GET", path, NULL) == 200, "staff2: its own customer");
	tc_client_release(&s2);
}

static void test_masking_and_access_log(void)
{
	char path[96];
	struct tc_resp r;

	/* KV-81: the counsellor without the right sees no name, number or contact. */
	snprintf(path, sizeof(path), "/api/v1/customers/%lld", (long long)fx.c2_protected);
	CHECK(tc_call(&cl[R_COU], "GET", path, NULL, NULL, &r) == 200, "protected: 200");
	CHECK(json_is_null(json_object_get(r.body, "given_name")) &&
	              json_is_null(json_object_get(r.body, "person_id")) &&
	              json_array_size(json_object_get(r.body, "contacts")) == 0 &&
	              json_is_true(json_object_get(r.body, "masked")),
	      "KV-81: masked for the counsellor: %s", r.raw.data);
	CHECK(!strstr(r.raw.data, "Hemlig") && !strstr(r.raw.data, "199001011239"),
	      "KV-81: no trace of the name or number in the bytes");
	tc_resp_release(&r);
	/* Never sent to a provider. */
	CHECK(tc_call(&cl[R_PST], "GET", path, NULL, NULL, &r) == 200, "provider reads protected");
	CHECK(!strstr(r.raw.data, "Hemlig") && !strstr(r.raw.data, "070-1234567"),
	      "KV-81: never sent to a provider");
	tc_resp_release(&r);
	/* The named user (the dpo) sees it. */
	CHECK(tc_call(&cl[R_DPO], "GET", path, NULL, NULL, &r) == 200, "dpo reads protected");
	CHECK(tc_jstr(r.body, "given_name") && !strcmp(tc_jstr(r.body, "given_name"), "Hemlig"),
	      "KV-81: shown to the named user");
	tc_resp_release(&r);
	/* Fingerade personuppgifter look ordinary: no flag, not masked. */
	snprintf(path, sizeof(path), "/api/v1/customers/%lld", (long long)fx.c4_fingerade);
	CHECK(tc_call(&cl[R_COU], "GET", path, NULL, NULL, &r) == 200, "fingerade: 200");
	CHECK(tc_jstr(r.body, "protection") && !strcmp(tc_jstr(r.body, "protection"), "none") &&
	              tc_jstr(r.body, "given_name"),
	      "KV-81: fingerade carry no visible flag");
	tc_resp_release(&r);
	/* X-2: the reads above are in the log of the person, listed by the dpo. */
	snprintf(path, sizeof(path), "/api/v1/customers/%lld/access-log?limit=1000",
	         (long long)fx.c2_protected);
	CHECK(tc_call(&cl[R_DPO], "GET", path, NULL, NULL, &r) == 200, "access log per person");
	{
		bool cou = false, pst = false;
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(r.body, "items"), i, it)
		{
			int64_t u = json_integer_value(json_object_get(it, "user_id"));
			cou = cou || u == fx.user[R_COU];
			pst = pst || u == fx.user[R_PST];
		}
		CHECK(cou && pst, "X-2: the counsellor's and the provider's reads are logged");
	}
	tc_resp_release(&r);
	snprintf(path, sizeof(path), "/api/v1/users/%lld/access-log?limit=1000",
	         (long long)fx.user[R_PST]);
	CHECK(tc_call(&cl[R_DPO], "GET", path, NULL, NULL, &r) == 200, "access log per user");
	CHECK(json_array_size(json_object_get(r.body, "items")) >= 2, "X-2: listed per user");
	tc_resp_release(&r);
	snprintf(path, sizeof(path), "/api/v1/customers/%lld/register-extract", (long long)fx.c1);
	CHECK(tc_call(&cl[R_DPO], "GET", path, NULL, NULL, &r) == 200, "register extract");
	CHECK(json_object_get(r.body, "customer") && json_object_get(r.body, "interventions"),
	      "GDPR art. 15: the extract holds the customer and the interventions");
	tc_resp_release(&r);
}

static int64_t count_units(void)
{
	struct tc_resp r;
	int64_t n = -1;

	if (tc_call(&cl[R_ADM], "GET", "/api/v1/units?limit=1000", NULL, NULL, &r) == 200)
		n = (int64_t)json_array_size(json_object_get(r.body, "items"));
	tc_resp_release(&r);
	return n;
}

static bool has_field(const struct tc_resp *r, const char *field, const char *rule)
{
	size_t i;
	json_t *it;

	json_array_foreach(json_object_get(json_object_get(r->body, "error"), "fields"), i, it)
	{
		const char *f = json_string_value(json_object_get(it, "field"));
		const char *ru = json_string_value(json_object_get(it, "rule"));
		if (f && ru && !strcmp(f, field) && (!rule || !strcmp(ru, rule)))
			return true;
	}
	return false;
}

/*
 * Names next to ids (least privilege: the display name only): a customer
 * carries its counsellor's name, and each event of the case its actor's;
 * the system's own events have none.
 */
static void test_names(void)
{
	char path[96];
	struct tc_resp r;
	int64_t id;
	json_t *items, *ev;

	snprintf(path, sizeof(path), "/api/v1/customers/%lld", (long long)fx.c1);
	CHECK(tc_call(&cl[R_COU], "GET", path, NULL, NULL, &r) == 200, "customer: 200");
	CHECK(tc_jis(r.body, "counsellor_name", "counsellor"), "the counsellor's display name: %s",
	      r.raw.data);
	CHECK(!strstr(r.raw.data, "password") && !strstr(r.raw.data, "username"),
	      "nothing but the name of the user");
	tc_resp_release(&r);

	CHECK(tc_call(&cl[R_COU], "POST", "/api/v1/customers",
	              "{\"given_name\":\"Nils\",\"family_name\":\"Namn\",\"person_id\":"
	              "\"19900315-1231\"}",
	              NULL, &r) == 201,
	      "register a customer: %s", r.raw.data);
	id = tc_jint(r.body, "id", 0);
	tc_resp_release(&r);
	snprintf(path, sizeof(path), "/api/v1/customers/%lld/events", (long long)id);
	CHECK(tc_call(&cl[R_COU], "GET", path, NULL, NULL, &r) == 200, "events: 200");
	items = json_is_array(r.body) ? r.body : tc_jget(r.body, "items");
	ev = json_array_get(items, 0);
	CHECK(tc_jis(ev, "actor_name", "counsellor"), "X-1: the event names its actor: %s",
	      r.raw.data);
	tc_resp_release(&r);

	snprintf(path, sizeof(path), "/api/v1/customers/%lld/events", (long long)fx.c1);
	CHECK(tc_call(&cl[R_COU], "GET", path, NULL, NULL, &r) == 200, "fixture events: 200");
	items = json_is_array(r.body) ? r.body : tc_jget(r.body, "items");
	ev = json_array_get(items, 0);
	CHECK(ev && json_is_null(json_object_get(ev, "actor_name")),
	      "the system's event has no actor name: %s", r.raw.data);
	tc_resp_release(&r);
}

static void test_bad_input(void)
{
	int64_t before = count_units();
	char big[6000], deep[200];
	struct tc_resp r;

	/* X-4: each bad body gets 400/413/415/422 and changes nothing. */
	CHECK(tc_call(&cl[R_ADM], "POST", "/api/v1/units", "{\"name\":", NULL, &r) == 400,
	      "syntax");
	CHECK(has_field(&r, "$", "JSON"), "syntax names $ and JSON: %s", r.raw.data);
	tc_resp_release(&r);
	CHECK(tc_call(&cl[R_ADM], "POST", "/api/v1/units", "{\"name\":42}", NULL, &r) == 400,
	      "type");
	CHECK(has_field(&r, "$.name", "type"), "wrong type names the field");
	tc_resp_release(&r);
	CHECK(tc_call(&cl[R_ADM], "POST", "/api/v1/units", "{\"name\":\"A\",\"color\":\"red\"}",
	              NULL, &r) == 400,
	      "unknown field");
	CHECK(has_field(&r, "$.color", "unknown_field"), "unknown field named");
	tc_resp_release(&r);
	CHECK(tc_call(&cl[R_ADM], "POST", "/api/v1/units", "{}", NULL, &r) == 400, "missing");
	CHECK(has_field(&r, "$.name", "required"), "missing field named");
	tc_resp_release(&r);
	CHECK(tc_call(&cl[R_ADM], "POST", "/api/v1/units", "{\"name\":\"A\"}", "text/plain", &r) ==
	              415,
	      "wrong content type");
	tc_resp_release(&r);
	memset(big, 'a', sizeof(big));
	memcpy(big, "{\"name\":\"", 9);
	memcpy(big + sizeof(big) - 3, "\"}", 3);
	CHECK(tc_status(&cl[R_ADM], "POST", "/api/v1/units", big) == 413, "oversized body: 413");
	memset(deep, '[', sizeof(deep));
	memcpy(deep, "{\"name\":", 8);
	deep[sizeof(deep) - 1] = '\0';
	CHECK(tc_call(&cl[R_ADM], "POST", "/api/v1/units", deep, NULL, &r) == 400, "too deep");
	CHECK(has_field(&r, "$", "X-4.depth"), "depth rule named");
	tc_resp_release(&r);
	CHECK(count_units() == before, "X-4: no unit was created by bad input");

	/* Identity numbers and dates: 422 with the rule. */
	CHECK(tc_call(&cl[R_COU], "POST", "/api/v1/customers",
	              "{\"given_name\":\"X\",\"family_name\":\"Y\",\"person_id\":\"19811218-"
	              "9875\"}",
	              NULL, &r) == 422,
	      "bad check digit");
	CHECK(has_field(&r, "$.person_id", "ID-1"), "ID-1 named: %s", r.raw.data);
	tc_resp_release(&r);
	CHECK(tc_call(&cl[R_COU], "POST", "/api/v1/customers",
	              "{\"given_name\":\"X\",\"family_name\":\"Y\",\"birth_date\":\"2023-02-29\"}",
	              NULL, &r) == 422,
	      "no such date");
	CHECK(has_field(&r, "$.birth_date", "ISO-8601"), "ISO-8601 named");
	tc_resp_release(&r);
	CHECK(tc_call(&cl[R_ADM], "POST", "/api/v1/providers",
	              "{\"org_no\":\"556677-8898\",\"name\":\"Fel AB\"}", NULL, &r) == 422,
	      "bad org number");
	CHECK(has_field(&r, "$.org_no", "ID-4"), "ID-4 named: %s", r.raw.data);
	tc_resp_release(&r);
	CHECK(tc_status(&cl[R_COU], "GET", "/api/v1/customers?limit=0", NULL) == 400, "limit 0");
	CHECK(tc_status(&cl[R_COU], "GET", "/api/v1/customers?after=x", NULL) == 400, "bad cursor");
	CHECK(tc_status(&cl[R_COU], "GET", "/api/v1/customers/abc", NULL) == 404, "non-numeric id");
	CHECK(tc_status(&cl[R_COU], "GET", "/api/v1/customers/01", NULL) == 404, "leading zero id");
	/* Duplicate identity number: 409, and still only one. */
	CHECK(tc_status(&cl[R_COU], "POST", "/api/v1/customers",
	                "{\"given_name\":\"X\",\"family_name\":\"Y\",\"person_id\":\"811218-"
	                "9876\"}") == 409,
	      "ID-1: the same person twice is a conflict");
	{
		struct tc_resp f;
		CHECK(tc_call(&cl[R_COU], "GET", "/api/v1/customers?person_id=198112189876", NULL,
		              NULL, &f) == 200 &&
		              json_array_size(json_object_get(f.body, "items")) == 1,
		      "search by identity number");
		tc_resp_release(&f);
	}
}

static void test_csrf_logout_expiry(const char *url)
{
	struct tc_client c;
	struct tc_resp r;

	tc_client_init(&c, base);
	CHECK(tc_login(&c, "admin", password) == 201, "login");
	c.no_csrf = true;
	CHECK(tc_status(&c, "POST", "/api/v1/units", "{\"name\":\"CSRF\"}") == 403,
	      "no CSRF token: 403");
	c.no_csrf = false;
	{
		char keep[64];
		memcpy(keep, c.csrf, sizeof(keep));
		c.csrf[0] = c.csrf[0] == 'A' ? 'B' : 'A';
		CHECK(tc_status(&c, "POST", "/api/v1/units", "{\"name\":\"CSRF\"}") == 403,
		      "wrong CSRF");
		memcpy(c.csrf, keep, sizeof(keep));
	}
	CHECK(tc_call(&c, "GET", "/api/v1/session", NULL, NULL, &r) == 200, "session");
	CHECK(tc_jstr(r.body, "csrf_token") && !strcmp(tc_jstr(r.body, "csrf_token"), c.csrf),
	      "the session returns the same CSRF token");
	tc_resp_release(&r);
	CHECK(tc_call(&c, "DELETE", "/api/v1/session", NULL, NULL, &r) == 204, "logout");
	CHECK(strstr(r.set_cookie, "Max-Age=0") != NULL, "logout clears the cookie");
	tc_resp_release(&r);
	CHECK(tc_status(&c, "GET", "/api/v1/session", NULL) == 401, "after logout: 401");
	tc_client_release(&c);

	/* Cookie attributes. */
	tc_client_init(&c, base);
	{
		char body[128];
		snprintf(body, sizeof(body), "{\"username\":\"admin\",\"password\":\"%s\"}",
		         password);
		CHECK(tc_call(&c, "POST", "/api/v1/session", body, NULL, &r) == 201, "login");
		CHECK(strstr(r.set_cookie, "HttpOnly") && strstr(r.set_cookie, "SameSite=Strict"),
		      "cookie is HttpOnly and SameSite=Strict: %s", r.set_cookie);
		tc_resp_release(&r);
	}
	/*
	 * Sessions live in the database: a second server on the same database
	 * accepts the session of the first. The second runs with
	 * --session-idle 3, so the same session, unused for 4 s, has expired
	 * there. The login comes after the second server is up, so the time the
	 * server takes to start (long under the sanitizers) does not count.
	 */
	CHECK(tc_status(&c, "GET", "/api/v1/session", NULL) == 200, "fresh session");
	{
		char first[128], second[64];
		pid_t pid = start_server(url, "3", second, sizeof(second));
		int status;
		CHECK(tc_login(&c, "admin", password) == 201, "login again");
		memcpy(first, c.base, sizeof(first));
		snprintf(c.base, sizeof(c.base), "%s", second);
		CHECK(tc_status(&c, "GET", "/api/v1/session", NULL) == 200,
		      "the session on a second server");
		sleep(4);
		CHECK(tc_status(&c, "GET", "/api/v1/session", NULL) == 401, "idle session expired");
		snprintf(c.base, sizeof(c.base), "%s", first);
		kill(pid, SIGTERM);
		waitpid(pid, &status, 0);
	}
	tc_client_release(&c);
}

static void test_throttling(void)
{
	struct tc_client c;
	struct tc_resp r;
	char body[128];

	/* --login-failures 3: the fourth attempt is refused, even with the right password. */
	tc_client_init(&c, base);
	for (int i = 0; i < 3; i++)
		CHECK(tc_login(&c, "finance", "wrong-password-x") == 401, "failure %d", i + 1);
	snprintf(body, sizeof(body), "{\"username\":\"finance\",\"password\":\"%s\"}", password);
	CHECK(tc_call(&c, "POST", "/api/v1/session", body, NULL, &r) == 429, "throttled: 429");
	CHECK(atoi_safe(r.retry_after) > 0, "Retry-After is set: '%s'", r.retry_after);
	tc_resp_release(&r);
	/* Another account is not affected. */
	CHECK(tc_login(&c, "dpo", password) == 201, "another account logs in");
	tc_client_release(&c);
}

/* Runs `stegvis token ...` and returns its first stdout line in out. */
static int run_token(const char *url, const char *sub, const char *arg, char *out, size_t outsz)
{
	char cmd[1024];
	FILE *f;
	int status;

	snprintf(cmd, sizeof(cmd), "'%s' token %s %s --db '%s' --tenant t1 2>/dev/null", binary,
	         sub, arg, url);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	out[0] = '\0';
	if (!fgets(out, (int)outsz, f))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	status = pclose(f);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_tokens(const char *url)
{
	struct tc_client c;
	struct tc_resp r;
	char token[128], line[128], id[32];

	CHECK(run_token(url, "create", "counsellor --name crm", token, sizeof(token)) == 0,
	      "token create");
	CHECK(!strncmp(token, "svt_", 4), "an API token: %s", token);
	tc_client_init(&c, base);
	snprintf(c.bearer, sizeof(c.bearer), "%s", token);
	CHECK(tc_call(&c, "GET", "/api/v1/session", NULL, NULL, &r) == 200, "token authenticates");
	CHECK(tc_jstr(r.body, "via") && !strcmp(tc_jstr(r.body, "via"), "token"), "via token");
	CHECK(tc_jstr(r.body, "user.role") && !strcmp(tc_jstr(r.body, "user.role"), "counsellor"),
	      "the token's user");
	tc_resp_release(&r);
	/* No CSRF for tokens (not sent by browsers); roles still apply. */
	CHECK(tc_status(&c, "POST", "/api/v1/customers",
	                "{\"given_name\":\"Tok\",\"family_name\":\"En\"}") == 201,
	      "token may write without CSRF");
	CHECK(tc_status(&c, "POST", "/api/v1/units", "{\"name\":\"Tok\"}") == 403,
	      "X-3 applies to tokens");
	/* Revoke: the token id is the newest; find it through the admin's events is not needed: */
	snprintf(id, sizeof(id), "1");
	CHECK(run_token(url, "revoke", id, line, sizeof(line)) == 0, "token revoke: %s", line);
	CHECK(tc_status(&c, "GET", "/api/v1/session", NULL) == 401, "a revoked token is refused");
	snprintf(c.bearer, sizeof(c.bearer), "svt_%s",
	         "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	CHECK(tc_status(&c, "GET", "/api/v1/session", NULL) == 401, "an unknown token is refused");
	tc_client_release(&c);
}

struct worker {
	int id;
	int ok;
};

static void *concurrent(void *arg)
{
	struct worker *w = arg;
	struct tc_client c;
	char path[64];

	tc_client_init(&c, base);
	if (tc_login(&c, w->id % 2 ? "supervisor" : "social_worker", password) != 201)
		goto out;
	snprintf(path, sizeof(path), "/api/v1/customers/%lld", (long long)fx.c1);
	for (int i = 0; i < 25; i++) {
		char body[128];
		snprintf(body, sizeof(body), "{\"given_name\":\"W%d\",\"family_name\":\"N%d\"}",
		         w->id, i);
		if (tc_status(&c, "GET", path, NULL) == 200)
			w->ok++;
		if (i % 5 == 0 && tc_status(&c, "POST", "/api/v1/customers", body) == 201)
			w->ok++;
	}
out:
	tc_client_release(&c);
	return NULL;
}

static void test_concurrency(void)
{
	pthread_t t[8];
	struct worker w[8];
	int total = 0;

	for (int i = 0; i < 8; i++) {
		w[i].id = i;
		w[i].ok = 0;
		pthread_create(&t[i], NULL, concurrent, &w[i]);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		total += w[i].ok;
	}
	/* 8 workers x (25 reads + 5 writes). */
	CHECK(total == 8 * 30, "concurrent requests: %d of 240 succeeded", total);
}

static void test_openapi(void)
{
	struct tc_client c;
	struct tc_resp r;
	json_t *paths;
	size_t documented = 0;

	tc_client_init(&c, base);
	CHECK(tc_call(&c, "GET", "/api/v1/openapi.json", NULL, NULL, &r) == 200, "openapi.json");
	CHECK(tc_jstr(r.body, "openapi") && !strncmp(tc_jstr(r.body, "openapi"), "3.1", 3),
	      "OpenAPI 3.1");
	paths = json_object_get(r.body, "paths");
	/* Every route is documented with its method and action... */
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *rt = &http_routes[i];
		char m[8];
		json_t *op;
		size_t k;
		for (k = 0; http_method_name(rt->method)[k] && k < sizeof(m) - 1; k++)
			m[k] = (char)(http_method_name(rt->method)[k] | 0x20);
		m[k] = '\0';
		op = json_object_get(json_object_get(paths, rt->pattern), m);
		CHECK(op != NULL, "route %s %s is not in docs/openapi.yaml",
		      http_method_name(rt->method), rt->pattern);
		if (op && rt->action != ROUTE_ACTION_NONE) {
			const char *a = json_string_value(json_object_get(op, "x-stegvis-action"));
			CHECK(a && !strcmp(a, authz_action_name((enum authz_action)rt->action)),
			      "%s %s: x-stegvis-action %s, route says %s", m, rt->pattern,
			      a ? a : "(none)", authz_action_name((enum authz_action)rt->action));
		}
	}
	/* ...and every documented operation is a route. */
	{
		const char *path;
		json_t *item;
		json_object_foreach(paths, path, item)
		{
			const char *method;
			json_t *op;
			json_object_foreach(item, method, op)
			{
				bool found = false;
				documented++;
				for (size_t i = 0; i < http_nroutes; i++)
					found = found ||
					        (!strcmp(http_routes[i].pattern, path) &&
					         !strcasecmp(
					                 http_method_name(http_routes[i].method),
					                 method));
				CHECK(found, "documented %s %s has no route", method, path);
			}
		}
	}
	CHECK(documented == http_nroutes, "%zu documented operations, %zu routes", documented,
	      http_nroutes);
	tc_resp_release(&r);
	tc_client_release(&c);
}

static void test_metrics(void)
{
	struct tc_client c;
	struct tc_resp r;

	tc_client_init(&c, base);
	CHECK(tc_call(&c, "GET", "/metrics", NULL, NULL, &r) == 200, "metrics");
	CHECK(strstr(r.raw.data, "stegvis_http_requests_total{route=\"GET /api/v1/customers/{id}\","
	                         "status=\"200\"}") != NULL,
	      "requests by route and status");
	CHECK(strstr(r.raw.data, "stegvis_http_request_duration_seconds_bucket") != NULL,
	      "latency histogram");
	CHECK(strstr(r.raw.data, "stegvis_db_seconds_total") != NULL, "database time");
	CHECK(!strstr(r.raw.data, "Anna") && !strstr(r.raw.data, "1981"), "no personal data");
	tc_resp_release(&r);
	tc_client_release(&c);
}

/* A slow client that sends half a request is cut off (--timeout 3). */
static void test_slow_client(void)
{
	char cmd[256];
	int rc;

	snprintf(cmd, sizeof(cmd),
	         "exec 3<>/dev/tcp/%s; printf 'GET /healthz HTTP/1.1\\r\\nHost: x\\r\\n' >&3; "
	         "timeout 8 cat <&3 >/dev/null",
	         strchr(base + 7, '/') ? "" : base + 7);
	/* base is http://127.0.0.1:PORT: bash wants 127.0.0.1/PORT. */
	{
		char hostport[64], *colon;
		snprintf(hostport, sizeof(hostport), "%s", base + 7);
		colon = strrchr(hostport, ':');
		if (colon)
			*colon = '/';
		snprintf(cmd, sizeof(cmd),
		         "bash -c \"exec 3<>/dev/tcp/%s; printf 'GET /healthz HTTP/1.1\\r\\n' >&3; "
		         "timeout 8 cat <&3 >/dev/null\"",
		         hostport);
	}
	{
		time_t t0 = time(NULL);
		rc = system(cmd);
		CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 0 && time(NULL) - t0 < 8,
		      "a slow client is disconnected by the server (rc %d after %lds)", rc,
		      (long)(time(NULL) - t0));
	}
}

static void test_drain(void)
{
	int status = 0;

	kill(server_pid, SIGTERM);
	waitpid(server_pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "SIGTERM: clean exit (%d)", status);
}

int main(int argc, char **argv)
{
	const char *backend = argc > 1 ? argv[1] : "sqlite";
	struct harness h;
	int rc;

	binary = getenv("SV_BINARY");
	if (!binary) {
		fprintf(stderr, "SV_BINARY is not set\n");
		return 1;
	}
	rc = harness_create(&h, backend);
	if (rc == HARNESS_SKIP)
		return 77;
	if (rc)
		return 1;
	if (auth_init())
		return 1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	fixtures(h.url);
	server_pid = start_server(h.url, "1800", base, sizeof(base));
	for (int r = 0; r < NROLES; r++) {
		tc_client_init(&cl[r], base);
		if (have_role[r])
			CHECK(tc_login(&cl[r], role_names[r], password) == 201, "%s logs in",
			      role_names[r]);
		else
			printf("note: role %s not in the store: its matrix column is skipped\n",
			       role_names[r]);
	}
#define T(call)                                                                                    \
	do {                                                                                       \
		struct timespec a_, b_;                                                            \
		clock_gettime(CLOCK_MONOTONIC, &a_);                                               \
		call;                                                                              \
		clock_gettime(CLOCK_MONOTONIC, &b_);                                               \
		printf("%-40s %6.2f s\n", #call,                                                   \
		       (double)(b_.tv_sec - a_.tv_sec) + (double)(b_.tv_nsec - a_.tv_nsec) / 1e9); \
	} while (0)
	T(test_public());
	T(test_openapi());
	T(test_matrix());
	T(test_isolation());
	T(test_masking_and_access_log());
	T(test_names());
	T(test_bad_input());
	T(test_csrf_logout_expiry(h.url));
	T(test_throttling());
	T(test_tokens(h.url));
	T(test_concurrency());
	T(test_metrics());
	T(test_slow_client());
	T(test_drain());
	for (int r = 0; r < NROLES; r++)
		tc_client_release(&cl[r]);
	curl_global_cleanup();
	harness_cleanup(&h);
	return tc_summary();
}
