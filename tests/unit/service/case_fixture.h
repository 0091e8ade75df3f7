/*
 * case_fixture.h - a tenant for the workflow's service tests: a fresh store
 * (fx_url: SQLite in memory, or a PostgreSQL database of
 * tests/store/harness.c, see fx_main), the rule packs of the source tree, a unit
 * with a counsellor, a second counsellor and a supervisor, two providers
 * authorised for every scheme with a case worker each, and a customer with
 * financial assistance (KV-2). The clock is fixed by fx_day().
 */
#ifndef SV_TEST_CASE_FIXTURE_H
#define SV_TEST_CASE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../store/harness.c"
#include "service/rulebook.h"
#include "service/svc.h"
#include "stegvis/store.h"

/* The database of the next fx_setup(). */
static const char *fx_url = "sqlite::memory:";

struct fx {
	struct store *st;
	struct rulebook rb;
	int64_t tenant, unit, cou, cou2, sup, pst, pst2, prov, prov2, cust;
	struct actor a_cou, a_cou2, a_sup, a_pst, a_pst2, a_adm;
	struct svc s;
};

static inline sv_date fx_date(const char *iso)
{
	sv_date d = 0;

	if (date_parse(iso, strlen(iso), &d, "date", NULL))
		abort();
	return d;
}

/* Today is iso; now is 10:00 in Stockholm that day (08:00 or 09:00 UTC). */
static inline void fx_day(struct fx *f, const char *iso)
{
	f->s.today = fx_date(iso);
	f->s.now = ((sv_time)f->s.today * 86400 + 8 * 3600) * 1000000;
}

static inline void fx_as(struct fx *f, const struct actor *a)
{
	f->s.who = a;
}

static inline int64_t fx_user(struct fx *f, const struct store_write *w, const char *name,
                              const char *role, int64_t unit, int64_t provider)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_user u = {0};

	u.username = (char *)name;
	u.display_name = (char *)name;
	u.role = (char *)role;
	u.unit_id = unit;
	u.provider_id = provider;
	if (store_user_create(f->st, w, &u, &err)) {
		fprintf(stderr, "fixture user %s: %s %s\n", name, err.field, err.msg);
		abort();
	}
	return u.id;
}

static inline int64_t fx_provider(struct fx *f, const struct store_write *w, const char *org,
                                  const char *name, const char *from)
{
	static const char *const schemes[] = {"FAI", "AMI", "ISA", "JOBBPENG"};
	struct sv_error err = SV_ERROR_INIT;
	struct store_provider p = {0};
	struct store_authorisation a[4];
	char *ind[] = {"Bygg", "Handel"};

	for (int i = 0; i < 4; i++) {
		a[i].scheme = (char *)schemes[i];
		a[i].from = fx_date(from);
		a[i].to = SV_NO_DATE;
	}
	p.org_no = (char *)org;
	p.name = (char *)name;
	p.presentation = "Vi hjälper dig till arbete.";
	p.website = "https://example.se";
	p.capacity = -1;
	p.auths = a;
	p.nauths = 4;
	p.industries = ind;
	p.nindustries = 2;
	if (store_provider_create(f->st, w, &p, &err)) {
		fprintf(stderr, "fixture provider: %s %s\n", err.field, err.msg);
		abort();
	}
	return p.id;
}

/* A customer of the unit with the counsellor, born 1981-12-18 (age 42 in 2024). */
static inline int64_t fx_customer(struct fx *f, const char *pid, const char *fact)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_write w = {f->tenant, 0, 1704067200000000, "fixture"};
	struct store_customer c = {0};
	struct store_fact fa = {(char *)fact, fx_date("2023-01-01"), SV_NO_DATE};

	c.person_id = (char *)pid;
	c.id_kind = "personnummer";
	c.given_name = "Anna";
	c.family_name = "Andersson";
	c.birth_date = SV_NO_DATE;
	c.protection = "none";
	c.unit_id = f->unit;
	c.counsellor_id = f->cou;
	if (fact) {
		c.facts = &fa;
		c.nfacts = 1;
	}
	if (store_customer_create(f->st, &w, &c, &err)) {
		fprintf(stderr, "fixture customer: %s %s\n", err.field, err.msg);
		abort();
	}
	return c.id;
}

static inline void fx_setup(struct fx *f)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_tenant t = {0};
	struct store_unit u = {0};
	struct store_write w = {0, 0, 1704067200000000, "fixture"};
	memset(f, 0, sizeof(*f));
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	if (store_open(fx_url, &f->st, &err) || store_migrate(f->st, NULL, NULL, &err)) {
		fprintf(stderr, "fixture store: %s\n", err.msg);
		abort();
	}
	rulebook_init(&f->rb);
	if (rulebook_load_dir(&f->rb, SV_SOURCE_DIR "/rules", NULL, &err)) {
		fprintf(stderr, "fixture rules: %s\n", err.msg);
		abort();
	}
	t.code = "t1";
	t.name = "Testkommun";
	t.country = "SE";
	if (store_tenant_create(f->st, &t, w.at, &err))
		abort();
	w.tenant = f->tenant = t.id;
	u.name = "Arbetsmarknadsenheten";
	if (store_unit_create(f->st, &w, &u, &err))
		abort();
	f->unit = u.id;
	f->prov = fx_provider(f, &w, "5566778899", "Jobbhuset AB", "2023-01-01");
	f->prov2 = fx_provider(f, &w, "5560123456", "Karriärfabriken AB", "2023-06-01");
	f->cou = fx_user(f, &w, "kv", "counsellor", f->unit, 0);
	f->cou2 = fx_user(f, &w, "kv2", "counsellor", f->unit, 0);
	f->sup = fx_user(f, &w, "al", "supervisor", f->unit, 0);
	f->pst = fx_user(f, &w, "anna.a", "provider_staff", 0, f->prov);
	f->pst2 = fx_user(f, &w, "bo.b", "provider_staff", 0, f->prov2);
	f->a_cou = (struct actor){f->cou, ROLE_COUNSELLOR, f->unit, 0, false, false};
	f->a_cou2 = (struct actor){f->cou2, ROLE_COUNSELLOR, f->unit, 0, false, false};
	f->a_sup = (struct actor){f->sup, ROLE_SUPERVISOR, f->unit, 0, false, false};
	f->a_pst = (struct actor){f->pst, ROLE_PROVIDER_STAFF, 0, f->prov, false, false};
	f->a_pst2 = (struct actor){f->pst2, ROLE_PROVIDER_STAFF, 0, f->prov2, false, false};
	f->a_adm = (struct actor){
	        fx_user(f, &w, "admin", "admin", 0, 0), ROLE_ADMIN, 0, 0, false, false};
	/* 19811218-9876: Luhn over 811218987 gives 6 (ID-1). */
	f->cust = fx_customer(f, "198112189876", "financial_assistance");
	f->s.st = f->st;
	f->s.tenant = f->tenant;
	f->s.rules = &f->rb;
	f->s.who = &f->a_cou;
	fx_day(f, "2024-06-03");
}

static inline void fx_teardown(struct fx *f)
{
	store_close(f->st);
	rulebook_release(&f->rb);
}

/*
 * Run the group on SQLite and, when $SV_TEST_PG names a server
 * (scripts/test-env), again on a fresh PostgreSQL database.
 */
static inline int fx_main(const struct CMUnitTest *tests, size_t n, CMFixtureFunction setup,
                          CMFixtureFunction teardown)
{
	struct harness h;
	const char *pg = getenv("SV_TEST_PG");
	int failed;

	fx_url = "sqlite::memory:";
	failed = _cmocka_run_group_tests("sqlite", tests, n, setup, teardown);
	if (failed || !pg || !*pg)
		return failed;
	if (harness_create(&h, "pg"))
		return 1;
	fx_url = h.url;
	failed = _cmocka_run_group_tests("pg", tests, n, setup, teardown);
	harness_cleanup(&h);
	return failed;
}

#endif
