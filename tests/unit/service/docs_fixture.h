/*
 * A case for the tests of the document, absence, meeting, message and
 * incident use cases, on a fresh database of either backend
 * (tests/store/harness.c, included here): a tenant with two units, two
 * providers, users of every role, a customer and a running AMI2
 * intervention at provider 1 that started on Monday 2024-03-04, the rule
 * packs of rules/ and a struct svc whose clock and caller the tests set.
 *
 * Each test executable runs its tests once per backend: SQLite always,
 * PostgreSQL when $SV_TEST_PG is set (scripts/test-env), skipped when
 * SV_NO_PG=1 and none is given.
 */
#ifndef SV_TEST_DOCS_FIXTURE_H
#define SV_TEST_DOCS_FIXTURE_H

#include "test.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "service/rulebook.h"
#include "service/svc.h"
#include "stegvis/store.h"
#include "stegvis/store_case.h"
#include "stegvis/store_docs.h"
#include "store/harness.c"

struct fx {
	struct harness h;
	struct store *st;
	struct rulebook rb;
	int64_t tenant, unit, unit2, prov, prov2;
	int64_t cou, cou2, sup, pst, pst2, dpo, adm, fin;
	int64_t cust, iv;
	struct svc s;
	struct actor who;
};

static struct fx F;
static const char *fx_backend = "sqlite";

static inline sv_date D(const char *s)
{
	sv_date d = 0;
	if (date_parse(s, strlen(s), &d, "t", NULL) != SV_OK)
		fail_msg("bad date %s", s);
	return d;
}

static inline void fx_ok(enum sv_rc rc, const struct sv_error *e, const char *what)
{
	char msg[600];
	if (rc == SV_OK)
		return;
	sv_error_format(e, msg, sizeof(msg));
	fail_msg("%s: %s: %s", what, sv_strerror(rc), msg);
}

/* The clock: day at hour:00 UTC (the civil date in Stockholm is the same day). */
static inline void fx_at(const char *day, int hour)
{
	F.s.today = D(day);
	F.s.now = ((sv_time)F.s.today * 86400 + hour * 3600) * 1000000;
}

/* The caller: one of the fixture's users (0 = the system). */
static inline void fx_as(int64_t user)
{
	struct store_user u = {0};
	struct sv_error e = SV_ERROR_INIT;

	if (!user) {
		F.s.who = NULL;
		return;
	}
	fx_ok(store_user_get(F.st, F.tenant, user, &u, &e), &e, "user");
	memset(&F.who, 0, sizeof(F.who));
	F.who.user_id = u.id;
	F.who.role = authz_role_parse(u.role);
	F.who.unit_id = u.unit_id;
	F.who.provider_id = u.provider_id;
	F.s.who = &F.who;
	store_user_release(&u);
}

static inline int64_t fx_user(const char *name, const char *role, int64_t unit, int64_t provider)
{
	struct store_write w = {F.tenant, 0, F.s.now, "fixture"};
	struct store_user u = {0};
	struct sv_error e = SV_ERROR_INIT;

	u.username = (char *)name;
	u.display_name = (char *)name;
	u.role = (char *)role;
	u.unit_id = unit;
	u.provider_id = provider;
	fx_ok(store_user_create(F.st, &w, &u, &e), &e, "user");
	return u.id;
}

static inline int64_t fx_provider(const char *org, const char *name)
{
	struct store_write w = {F.tenant, 0, F.s.now, "fixture"};
	struct store_provider p = {0};
	struct store_authorisation a = {(char *)"AMI", D("2023-01-01"), SV_NO_DATE};
	struct sv_error e = SV_ERROR_INIT;

	p.org_no = (char *)org;
	p.name = (char *)name;
	p.capacity = -1;
	p.auths = &a;
	p.nauths = 1;
	fx_ok(store_provider_create(F.st, &w, &p, &e), &e, "provider");
	return p.id;
}

/* A customer of unit with optional facts ("establishment_benefit"). */
static inline int64_t fx_customer(const char *given, int64_t unit, const char *fact)
{
	struct store_write w = {F.tenant, 0, F.s.now, "fixture"};
	struct store_customer c = {0};
	struct store_fact f = {(char *)fact, D("2023-01-01"), SV_NO_DATE};
	struct sv_error e = SV_ERROR_INIT;

	c.id_kind = "none";
	c.given_name = (char *)given;
	c.family_name = "Testsson";
	c.birth_date = D("1990-05-05");
	c.protection = "none";
	c.unit_id = unit;
	c.counsellor_id = F.cou;
	if (fact) {
		c.facts = &f;
		c.nfacts = 1;
	}
	fx_ok(store_customer_create(F.st, &w, &c, &e), &e, "customer");
	return c.id;
}

/* A running intervention of code for customer at provider, started on start. */
static inline int64_t fx_intervention_code(int64_t customer, int64_t provider, const char *start,
                                           const char *code)
{
	struct store_write w = {F.tenant, 0, F.s.now, "fixture"};
	struct store_intervention iv = {0};
	struct sv_error e = SV_ERROR_INIT;

	iv.customer_id = customer;
	iv.code = (char *)code;
	iv.provider_id = provider;
	iv.unit_id = F.unit;
	iv.counsellor_id = F.cou;
	iv.decided_on = D(start) - 10;
	iv.start_on = D(start);
	/* KV-1: AMI2 runs at most 12 months. */
	iv.planned_end_on = date_add_months(D(start), 12) - 1;
	iv.actual_end_on = SV_NO_DATE;
	iv.state = "running";
	fx_ok(store_intervention_create(F.st, &w, &iv, &e), &e, "intervention");
	return iv.id;
}

/* A running AMI2 intervention of customer at provider, started on start. */
static inline int64_t fx_intervention(int64_t customer, int64_t provider, const char *start)
{
	return fx_intervention_code(customer, provider, start, "AMI2");
}

static inline int fx_setup(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_tenant t = {0};
	struct store_write w;
	struct store_unit u = {0}, u2 = {0};
	int rc;

	(void)state;
	memset(&F, 0, sizeof(F));
	rc = harness_create(&F.h, fx_backend);
	if (rc)
		return rc == HARNESS_SKIP ? 0 : -1;
	F.st = harness_open(&F.h);
	rulebook_init(&F.rb);
	fx_ok(rulebook_load_dir(&F.rb, SV_SOURCE_DIR "/rules", NULL, &e), &e, "rules");
	fx_at("2024-03-01", 9);
	t.code = "t1";
	t.name = "Testkommun";
	t.country = "SE";
	fx_ok(store_tenant_create(F.st, &t, F.s.now, &e), &e, "tenant");
	F.tenant = t.id;
	w = (struct store_write){F.tenant, 0, F.s.now, "fixture"};
	u.name = "Arbetsmarknadsenheten";
	fx_ok(store_unit_create(F.st, &w, &u, &e), &e, "unit");
	u2.name = "Annan enhet";
	fx_ok(store_unit_create(F.st, &w, &u2, &e), &e, "unit");
	F.unit = u.id;
	F.unit2 = u2.id;
	F.prov = fx_provider("5560000001", "Anordnare Ett AB");
	F.prov2 = fx_provider("5560000019", "Anordnare Två AB");
	F.cou = fx_user("kvl", "counsellor", F.unit, 0);
	F.cou2 = fx_user("kvl2", "counsellor", F.unit2, 0);
	F.sup = fx_user("arbetsledare", "supervisor", F.unit, 0);
	F.pst = fx_user("jobbexpert", "provider_staff", 0, F.prov);
	F.pst2 = fx_user("annan", "provider_staff", 0, F.prov2);
	F.dpo = fx_user("dso", "dpo", 0, 0);
	F.adm = fx_user("admin", "admin", 0, 0);
	F.fin = fx_user("ekonomi", "finance", 0, 0);
	F.s.st = F.st;
	F.s.tenant = F.tenant;
	F.s.rules = &F.rb;
	F.cust = fx_customer("Anna", F.unit, NULL);
	F.iv = fx_intervention(F.cust, F.prov, "2024-03-04");
	return 0;
}

static inline int fx_teardown(void **state)
{
	(void)state;
	if (F.st)
		store_close(F.st);
	rulebook_release(&F.rb);
	if (F.h.url[0])
		harness_cleanup(&F.h);
	memset(&F, 0, sizeof(F));
	return 0;
}

/* Skip a test when the backend was skipped. */
#define FX_NEED()               \
	do {                    \
		if (!F.st)      \
			skip(); \
	} while (0)

/* The kinds of the case's events, oldest first, joined by ' '. */
static inline void fx_event_kinds(int64_t customer, char *out, size_t outsz)
{
	struct store_event_list l = {0};
	struct store_page page = {0, STORE_PAGE_MAX};
	struct sv_error e = SV_ERROR_INIT;
	size_t n = 0;

	out[0] = '\0';
	fx_ok(store_event_list_case(F.st, F.tenant, customer, page, &l, &e), &e, "events");
	for (size_t i = 0; i < l.n; i++)
		n += (size_t)snprintf(out + n, n < outsz ? outsz - n : 0, "%s%s", i ? " " : "",
		                      l.v[i].kind);
	store_event_list_release(&l);
}

/* The payload of the last event of kind in the case, or "" (static buffer). */
static inline const char *fx_last_payload(int64_t customer, const char *kind)
{
	static char buf[1024];
	struct store_event_list l = {0};
	struct store_page page = {0, STORE_PAGE_MAX};
	struct sv_error e = SV_ERROR_INIT;

	buf[0] = '\0';
	fx_ok(store_event_list_case(F.st, F.tenant, customer, page, &l, &e), &e, "events");
	for (size_t i = 0; i < l.n; i++)
		if (!strcmp(l.v[i].kind, kind))
			snprintf(buf, sizeof(buf), "%s", l.v[i].payload);
	store_event_list_release(&l);
	return buf;
}

/*
 * The status and due date of the intervention's obligation of deadline
 * (with key when not NULL; the one of highest seq when several match), as
 * the deadline engine stored it after the last use case. Fails the test
 * when there is none.
 */
struct fx_obl {
	char status[16];
	sv_date due_on;
	sv_date met_on;
	sv_time due_at;
	int days_late;
	char rule[16];
};

static inline struct fx_obl fx_obligation(int64_t iv, const char *deadline, const char *key)
{
	struct store_obligation_filter f = {0};
	struct store_obligation_list l = {0};
	struct store_page page = {0, STORE_PAGE_MAX};
	struct sv_error e = SV_ERROR_INIT;
	struct fx_obl o = {"", SV_NO_DATE, SV_NO_DATE, 0, 0, ""};
	int best = -1;

	f.intervention_id = iv;
	f.due_until = SV_NO_DATE;
	fx_ok(store_obligation_list(F.st, F.tenant, &f, page, &l, &e), &e, "obligations");
	for (size_t i = 0; i < l.n; i++) {
		const struct store_obligation *x = &l.v[i];
		if (strcmp(x->deadline, deadline) || (key && strcmp(x->key ? x->key : "", key)) ||
		    x->seq < best)
			continue;
		best = x->seq;
		snprintf(o.status, sizeof(o.status), "%s", x->status);
		snprintf(o.rule, sizeof(o.rule), "%s", x->rule);
		o.due_on = x->due_on;
		o.met_on = x->met_on;
		o.due_at = x->due_at;
		o.days_late = x->days_late;
	}
	store_obligation_list_release(&l);
	if (best < 0)
		fail_msg("no obligation %s (key %s) for intervention %" PRId64, deadline,
		         key ? key : "-", iv);
	return o;
}

/* Run tests once per backend. */
static inline int fx_run(const char *name, const struct CMUnitTest *tests, size_t n)
{
	int failed;
	const char *pg = getenv("SV_TEST_PG"), *no = getenv("SV_NO_PG");

	fx_backend = "sqlite";
	failed = _cmocka_run_group_tests(name, tests, n, NULL, NULL);
	if ((!pg || !*pg) && no && !strcmp(no, "1")) {
		printf("PostgreSQL skipped: SV_NO_PG=1 and no SV_TEST_PG\n");
		return failed;
	}
	fx_backend = "pg";
	failed += _cmocka_run_group_tests(name, tests, n, NULL, NULL);
	return failed;
}

#endif
