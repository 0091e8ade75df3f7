/*
 * test_billing_fixture.h - a tenant for the billing service tests, on a
 * fresh database per test: SQLite in memory, or (second pass, when
 * $SV_TEST_PG names a server) a new PostgreSQL database of
 * tests/store/harness.c.
 *
 * The tenant has two providers with a case worker each, two finance users
 * (four eyes), a counsellor and a dpo. The rule packs are those of the
 * source tree plus, for the tests only, 2025 vouchers (a kundval pack valid
 * in 2025: AMI 3 960 kr, ISA 6 450 kr, FAI 8 310 kr) and jobbpeng amounts
 * (4 500 kr a month, a bonus of 20 000 kr), which the seeds do not give.
 *
 * Facts are written as the workflow writes them: interventions through the
 * store, documents, reviews, supplements and bonus claims as rows of
 * sql/0001_init.sql and sql/0002_workflow.sql with timestamps at 10:00 in
 * Stockholm on the day named.
 */
#ifndef SV_TEST_BILLING_FIXTURE_H
#define SV_TEST_BILLING_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "../../store/harness.c"
#include "service/billing_export.h"
#include "service/billing_runs.h"
#include "service/rulebook.h"
#include "service/svc.h"
#include "stegvis/ics.h"
#include "stegvis/store.h"
#include "stegvis/store_billing.h"
#include "store/store_int.h" /* store_do for the facts the workflow writes */

static const char *bf_backend = "sqlite";

struct bf {
	struct harness h;
	bool pg;
	struct store *st;
	struct rulebook rb;
	int64_t tenant, unit, prov, prov2, fin, fin2, pst, pst2, cou, dpo;
	struct actor a_fin, a_fin2, a_pst, a_pst2, a_cou, a_dpo;
	struct svc s;
	int customers;
};

static inline sv_date bf_date(const char *iso)
{
	sv_date d = 0;

	if (date_parse(iso, strlen(iso), &d, "date", NULL))
		abort();
	return d;
}

static inline sv_date bf_month(const char *ym)
{
	sv_date d = 0;

	if (date_parse_month(ym, strlen(ym), &d, "month", NULL))
		abort();
	return d;
}

/* 10:00 in Stockholm on day iso. */
static inline sv_time bf_ts(const char *iso)
{
	struct ics_civil c = {bf_date(iso), 10, 0, 0};
	ics_time t = 0;

	if (ics_from_civil(ICS_STOCKHOLM, &c, &t, "t", NULL))
		abort();
	return t;
}

/* Today is iso, now 10:00 that day. */
static inline void bf_day(struct bf *f, const char *iso)
{
	f->s.today = bf_date(iso);
	f->s.now = bf_ts(iso);
}

static inline void bf_as(struct bf *f, const struct actor *a)
{
	f->s.who = a;
}

static inline struct store_write bf_w(const struct bf *f)
{
	struct store_write w = {f->tenant, 0, f->s.now, "fixture"};
	return w;
}

static inline void bf_die(const char *what, const struct sv_error *e)
{
	fprintf(stderr, "fixture %s: %s: %s (%s)\n", what, e->field, e->msg, e->rule);
	abort();
}

/* Run SQL without rows or fail. */
static inline void bf_sql(struct bf *f, const char *sql, const struct store_param *p, int np)
{
	struct sv_error e = SV_ERROR_INIT;

	if (store_do(f->st, sql, p, np, NULL, &e))
		bf_die(sql, &e);
}

static inline int64_t bf_sql_id(struct bf *f, const char *sql, const struct store_param *p, int np)
{
	struct sv_error e = SV_ERROR_INIT;
	int64_t id = 0;

	if (store_one_int(f->st, sql, p, np, &id, &e))
		bf_die(sql, &e);
	return id;
}

/* ---- rule packs --------------------------------------------------------------------- */

static char bf_rules_dir[256];

static inline void bf_write_json(const char *name, json_t *o)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", bf_rules_dir, name);
	if (json_dump_file(o, path, JSON_INDENT(1)))
		abort();
}

static inline json_t *bf_load_pack(const char *name)
{
	char path[512];
	json_error_t je;
	json_t *o;

	snprintf(path, sizeof(path), "%s/rules/%s", SV_SOURCE_DIR, name);
	o = json_load_file(path, 0, &je);
	if (!o) {
		fprintf(stderr, "fixture pack %s: %s\n", path, je.text);
		abort();
	}
	return o;
}

/* The test rules directory, made once per process. */
static inline const char *bf_rules(void)
{
	json_t *o, *rates;

	if (bf_rules_dir[0])
		return bf_rules_dir;
	snprintf(bf_rules_dir, sizeof(bf_rules_dir), "/tmp/sv-billing-rules-XXXXXX");
	if (!mkdtemp(bf_rules_dir))
		abort();
	o = bf_load_pack("se-nacka-kundval-2024.json");
	bf_write_json("se-nacka-kundval-2024.json", o);
	/* 2025: the same routines with the next budget's vouchers (test values). */
	json_object_set_new(o, "pack", json_string("se-nacka-kundval-2025"));
	json_object_set_new(o, "valid",
	                    json_pack("{s:s,s:s}", "from", "2025-01-01", "to", "2025-12-31"));
	rates = json_pack("[{s:s,s:s,s:{s:s,s:s},s:s},{s:s,s:s,s:{s:s,s:s},s:s},"
	                  "{s:s,s:s,s:{s:s,s:s},s:s}]",
	                  "scheme", "AMI", "monthly", "3960.00", "valid", "from", "2025-01-01",
	                  "to", "2025-12-31", "rule", "KV-70", "scheme", "ISA", "monthly",
	                  "6450.00", "valid", "from", "2025-01-01", "to", "2025-12-31", "rule",
	                  "KV-70", "scheme", "FAI", "monthly", "8310.00", "valid", "from",
	                  "2025-01-01", "to", "2025-12-31", "rule", "KV-70");
	json_object_set_new(o, "rates", rates);
	bf_write_json("se-nacka-kundval-2025.json", o);
	json_decref(o);
	/* Jobbpeng with amounts (test values: the seed gives none). */
	o = bf_load_pack("se-nacka-jobbpeng.json");
	json_object_set_new(json_array_get(json_object_get(o, "rates"), 0), "monthly",
	                    json_string("4500.00"));
	json_object_set_new(json_array_get(json_object_get(o, "bonus"), 0), "amount",
	                    json_string("20000.00"));
	bf_write_json("se-nacka-jobbpeng.json", o);
	json_decref(o);
	return bf_rules_dir;
}

static inline void bf_rules_cleanup(void)
{
	char path[600];
	static const char *const files[] = {"se-nacka-kundval-2024.json",
	                                    "se-nacka-kundval-2025.json", "se-nacka-jobbpeng.json"};

	if (!bf_rules_dir[0])
		return;
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", bf_rules_dir, files[i]);
		unlink(path);
	}
	rmdir(bf_rules_dir);
	bf_rules_dir[0] = '\0';
}

/* ---- the tenant ------------------------------------------------------------------------ */

static inline int64_t bf_user(struct bf *f, const char *name, const char *role, int64_t unit,
                              int64_t provider)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_write w = bf_w(f);
	struct store_user u = {0};

	u.username = (char *)name;
	u.display_name = (char *)name;
	u.role = (char *)role;
	u.unit_id = unit;
	u.provider_id = provider;
	if (store_user_create(f->st, &w, &u, &e))
		bf_die("user", &e);
	return u.id;
}

static inline int64_t bf_provider(struct bf *f, const char *org, const char *name)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_write w = bf_w(f);
	struct store_provider p = {0};
	struct store_authorisation a[2] = {{"AMI", bf_date("2023-01-01"), SV_NO_DATE},
	                                   {"JOBBPENG", bf_date("2023-01-01"), SV_NO_DATE}};

	p.org_no = (char *)org;
	p.name = (char *)name;
	p.capacity = -1;
	p.auths = a;
	p.nauths = 2;
	if (store_provider_create(f->st, &w, &p, &e))
		bf_die("provider", &e);
	return p.id;
}

static inline int bf_setup(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_tenant t = {0};
	struct store_unit u = {0};
	struct store_write w;
	struct bf *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->pg = !strcmp(bf_backend, "pg");
	if (f->pg) {
		if (harness_create(&f->h, "pg"))
			return -1;
		f->st = harness_open(&f->h);
	} else if (store_open("sqlite::memory:", &f->st, &e) ||
	           store_migrate(f->st, NULL, NULL, &e)) {
		bf_die("store", &e);
	}
	rulebook_init(&f->rb);
	if (rulebook_load_dir(&f->rb, bf_rules(), NULL, &e))
		bf_die("rules", &e);
	bf_day(f, "2024-01-02");
	t.code = "nacka";
	t.name = "Nacka kommun";
	t.country = "SE";
	if (store_tenant_create(f->st, &t, f->s.now, &e))
		bf_die("tenant", &e);
	f->tenant = t.id;
	w = bf_w(f);
	u.name = "Arbetsmarknadsenheten";
	if (store_unit_create(f->st, &w, &u, &e))
		bf_die("unit", &e);
	f->unit = u.id;
	/* ID-4: Luhn over 556677889 gives 9; over 559123456 gives 1. */
	f->prov = bf_provider(f, "5566778899", "Jobbhuset AB");
	f->prov2 = bf_provider(f, "5591234561", "Vägen Framåt AB");
	f->fin = bf_user(f, "ekonom1", "finance", f->unit, 0);
	f->fin2 = bf_user(f, "ekonom2", "finance", f->unit, 0);
	f->pst = bf_user(f, "anna.jh", "provider_staff", 0, f->prov);
	f->pst2 = bf_user(f, "bo.vf", "provider_staff", 0, f->prov2);
	f->cou = bf_user(f, "kvl", "counsellor", f->unit, 0);
	f->dpo = bf_user(f, "dso", "dpo", 0, 0);
	f->a_fin = (struct actor){f->fin, ROLE_FINANCE, f->unit, 0, false, false};
	f->a_fin2 = (struct actor){f->fin2, ROLE_FINANCE, f->unit, 0, false, false};
	f->a_pst = (struct actor){f->pst, ROLE_PROVIDER_STAFF, 0, f->prov, false, false};
	f->a_pst2 = (struct actor){f->pst2, ROLE_PROVIDER_STAFF, 0, f->prov2, false, false};
	f->a_cou = (struct actor){f->cou, ROLE_COUNSELLOR, f->unit, 0, false, false};
	f->a_dpo = (struct actor){f->dpo, ROLE_DPO, 0, 0, false, false};
	f->s.st = f->st;
	f->s.tenant = f->tenant;
	f->s.rules = &f->rb;
	f->s.who = &f->a_fin;
	*state = f;
	return 0;
}

static inline int bf_teardown(void **state)
{
	struct bf *f = *state;

	store_close(f->st);
	rulebook_release(&f->rb);
	if (f->pg)
		harness_cleanup(&f->h);
	free(f);
	return 0;
}

/* ---- facts --------------------------------------------------------------------------------- */

/* A running intervention of a new customer at provider, from start to planned_end. */
static inline int64_t bf_iv(struct bf *f, int64_t provider, const char *code, const char *start,
                            const char *planned_end)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_write w = bf_w(f);
	struct store_customer c = {0};
	struct store_intervention iv = {0};

	c.id_kind = "none";
	c.given_name = "Kund";
	c.family_name = "Testsson";
	c.birth_date = SV_NO_DATE;
	c.protection = "none";
	c.unit_id = f->unit;
	if (store_customer_create(f->st, &w, &c, &e))
		bf_die("customer", &e);
	f->customers++;
	iv.customer_id = c.id;
	iv.code = (char *)code;
	iv.provider_id = provider;
	iv.unit_id = f->unit;
	iv.decided_on = bf_date(start) - 14;
	iv.start_on = bf_date(start);
	iv.planned_end_on = bf_date(planned_end);
	iv.actual_end_on = SV_NO_DATE;
	iv.state = "running";
	if (store_intervention_create(f->st, &w, &iv, &e))
		bf_die("intervention", &e);
	return iv.id;
}

/* KV-50: planned_end_on moves to the extended end, extension_months counts the months. */
static inline void bf_extend(struct bf *f, int64_t iv, const char *new_end, int months)
{
	struct store_param p[] = {P_INT(f->tenant), P_INT(iv), P_DATE(bf_date(new_end)),
	                          P_INT(months), P_INT(f->s.now)};
	bf_sql(f,
	       "UPDATE interventions SET planned_end_on = $3, extension_months = $4, updated_at = "
	       "$5 WHERE tenant_id = $1 AND id = $2",
	       p, NPARAMS(p));
}

/* End iv on end for the life-cycle cause (lifecycle.h), decided on decided. */
static inline void bf_end(struct bf *f, int64_t iv, const char *end, const char *cause,
                          const char *decided)
{
	static const char *const v1[][2] = {
	        {"self_sufficient", "self_sufficient"},
	        {"sickness", "sickness"},
	        {"another_intervention", "other_intervention"},
	        {"completed", "goal_reached"},
	        {"unforeseen_events", "unforeseen"},
	        {"step_transition", "goal_reached"},
	};
	struct sv_error e = SV_ERROR_INIT;
	struct store_write w = bf_w(f);
	const char *reason = "other";

	for (size_t i = 0; i < sizeof(v1) / sizeof(v1[0]); i++)
		if (!strcmp(v1[i][0], cause))
			reason = v1[i][1];
	if (store_intervention_set_state(f->st, &w, iv, "ended", reason, bf_date(end), &e))
		bf_die("end", &e);
	{
		struct store_param p[] = {P_INT(f->tenant), P_INT(iv), P_TEXT(cause),
		                          P_DATE(bf_date(decided))};
		bf_sql(f,
		       "INSERT INTO intervention_details (tenant_id, intervention_id, end_cause, "
		       "end_decided_on) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, "
		       "intervention_id) DO UPDATE SET end_cause = excluded.end_cause, "
		       "end_decided_on = excluded.end_decided_on",
		       p, NPARAMS(p));
	}
}

static inline int64_t bf_doc(struct bf *f, int64_t iv, const char *kind, const char *month,
                             const char *state, int version, const char *first_submitted)
{
	struct store_param p[] = {P_INT(f->tenant),
	                          P_INT(iv),
	                          P_TEXT(kind),
	                          month ? P_DATE(bf_month(month)) : P_NULL,
	                          P_TEXT(state),
	                          P_INT(version),
	                          first_submitted ? P_INT(bf_ts(first_submitted)) : P_NULL,
	                          P_INT(f->s.now)};
	return bf_sql_id(f,
	                 "INSERT INTO documents (tenant_id, intervention_id, kind, period, state, "
	                 "current_version, first_submitted_at, created_at) VALUES ($1, $2, $3, $4, "
	                 "$5, $6, $7, $8) RETURNING id",
	                 p, NPARAMS(p));
}

static inline void bf_version(struct bf *f, int64_t doc, int version, const char *submitted)
{
	struct store_param p[] = {P_INT(f->tenant), P_INT(doc), P_INT(version),
	                          P_INT(bf_ts(submitted))};
	bf_sql(f,
	       "INSERT INTO document_versions (tenant_id, document_id, version, created_at, "
	       "submitted_at) VALUES ($1, $2, $3, $4, $4)",
	       p, NPARAMS(p));
}

static inline void bf_review(struct bf *f, int64_t doc, int version, const char *decision,
                             const char *at)
{
	struct store_param p[] = {P_INT(f->tenant), P_INT(doc), P_INT(version), P_TEXT(decision),
	                          P_INT(bf_ts(at))};
	bf_sql(f,
	       "INSERT INTO document_reviews (tenant_id, document_id, version, decision, at) "
	       "VALUES ($1, $2, $3, $4, $5)",
	       p, NPARAMS(p));
}

/*
 * The monthly report of month ("2024-03") of iv (KV-32): submitted on
 * submitted, returned and resubmitted when those are given, approved on
 * approved when given (NULLs leave a step out).
 */
static inline void bf_report(struct bf *f, int64_t iv, const char *month, const char *submitted,
                             const char *returned, const char *resubmitted, const char *approved)
{
	int version = resubmitted ? 2 : 1;
	const char *state = approved      ? "approved"
	                    : resubmitted ? "submitted"
	                    : returned    ? "returned"
	                                  : "submitted";
	int64_t doc = bf_doc(f, iv, "monthly_report", month, state, version, submitted);

	bf_version(f, doc, 1, submitted);
	if (returned)
		bf_review(f, doc, 1, "returned", returned);
	if (resubmitted)
		bf_version(f, doc, 2, resubmitted);
	if (approved)
		bf_review(f, doc, version, "approved", approved);
}

/* The final report of iv (KV-60 ... KV-63), submitted on submitted. */
static inline void bf_final(struct bf *f, int64_t iv, const char *submitted)
{
	int64_t doc = bf_doc(f, iv, "final_report", NULL, "submitted", 1, submitted);
	bf_version(f, doc, 1, submitted);
}

/* A supplementary voucher of amount öre granted on decided (JP-7); returns its id. */
static inline int64_t bf_supplement(struct bf *f, int64_t iv, sv_money amount, const char *decided)
{
	struct store_param p[] = {P_INT(f->tenant),
	                          P_INT(iv),
	                          P_INT(amount),
	                          P_DATE(bf_date(decided) - 2),
	                          P_INT(bf_ts(decided) - 172800000000),
	                          P_DATE(bf_date(decided)),
	                          P_INT(bf_ts(decided))};
	return bf_sql_id(f,
	                 "INSERT INTO jp_supplements (tenant_id, intervention_id, amount_ore, "
	                 "purpose, justification, state, applied_on, applied_at, decided_on, "
	                 "decided_at) VALUES ($1, $2, $3, 'Kort kurs', 'Ökar chansen till "
	                 "anställning', 'granted', $4, $5, $6, $7) RETURNING id",
	                 p, NPARAMS(p));
}

/* A bonus claim (JP-8); approved on approved, or pending when NULL. */
static inline void bf_bonus(struct bf *f, int64_t iv, const char *qualifying_from,
                            const char *eligible_on, const char *claimed_on, const char *approved)
{
	struct store_param p[] = {P_INT(f->tenant),
	                          P_INT(iv),
	                          P_DATE(bf_date(qualifying_from)),
	                          P_DATE(bf_date(eligible_on)),
	                          P_TEXT(approved ? "approved" : "pending"),
	                          P_DATE(bf_date(claimed_on)),
	                          P_INT(bf_ts(claimed_on)),
	                          approved ? P_DATE(bf_date(approved)) : P_NULL,
	                          approved ? P_INT(bf_ts(approved)) : P_NULL};
	bf_sql(f,
	       "INSERT INTO jp_bonus_claims (tenant_id, intervention_id, qualifying_from, "
	       "eligible_on, proof, state, claimed_on, claimed_at, decided_on, decided_at) VALUES "
	       "($1, $2, $3, $4, '[\"anställningsavtal\"]', $5, $6, $7, $8, $9)",
	       p, NPARAMS(p));
}

/* ---- runs ------------------------------------------------------------------------------------ */

/* Preview (dry) or prepare the run for month as the current user; fails the test on error. */
static inline void bf_prepare(struct bf *f, const char *month, bool dry, struct billing_view *v)
{
	struct sv_error e = SV_ERROR_INIT;
	struct billing_request r = {bf_month(month), dry, true, 0, false};

	if (billing_runs_prepare(&f->s, &r, v, &e))
		bf_die("prepare", &e);
}

static inline void bf_confirm(struct bf *f, int64_t run)
{
	struct sv_error e = SV_ERROR_INIT;
	struct billing_view v;
	const struct actor *who = f->s.who;

	f->s.who = &f->a_fin2;
	if (billing_runs_confirm(&f->s, run, &v, &e))
		bf_die("confirm", &e);
	billing_view_release(&v);
	f->s.who = who;
}

/* Prepare as the first finance user and confirm as the second: one closed month. */
static inline int64_t bf_close(struct bf *f, const char *month)
{
	struct billing_view v;
	int64_t id;

	bf_as(f, &f->a_fin);
	bf_prepare(f, month, false, &v);
	id = v.run_id;
	billing_view_release(&v);
	bf_confirm(f, id);
	return id;
}

/* The line (or, notices, the notice) of iv for period ("2024-03") of kind; NULL if none. */
static inline const struct billing_row *bf_find(const struct billing_view *v, bool notices,
                                                int64_t iv, const char *kind, const char *period)
{
	const struct billing_row *rows = notices ? v->notices : v->lines;
	size_t n = notices ? v->n_notice_rows : v->n_rows;
	sv_date p = period ? bf_month(period) : SV_NO_DATE;

	for (size_t i = 0; i < n; i++)
		if (rows[i].intervention_id == iv && !strcmp(rows[i].kind, kind) &&
		    (!period || rows[i].period == p))
			return &rows[i];
	return NULL;
}

/* How many lines (or notices) of iv the view holds. */
static inline size_t bf_count(const struct billing_view *v, bool notices, int64_t iv)
{
	const struct billing_row *rows = notices ? v->notices : v->lines;
	size_t n = notices ? v->n_notice_rows : v->n_rows, k = 0;

	for (size_t i = 0; i < n; i++)
		k += rows[i].intervention_id == iv;
	return k;
}

/* Run the group on SQLite, then on PostgreSQL when $SV_TEST_PG names a server. */
static inline int bf_main(const char *name, const struct CMUnitTest *tests, size_t n)
{
	const char *pg = getenv("SV_TEST_PG");
	const char *no = getenv("SV_NO_PG");
	int failed;

	bf_backend = "sqlite";
	failed = _cmocka_run_group_tests(name, tests, n, NULL, NULL);
	if (!pg || !*pg) {
		if (!(no && !strcmp(no, "1"))) {
			fprintf(stderr,
			        "%s: SV_TEST_PG is not set: run under scripts/test-env, or "
			        "set SV_NO_PG=1 to skip PostgreSQL\n",
			        name);
			failed++;
		}
	} else {
		bf_backend = "pg";
		failed += _cmocka_run_group_tests(name, tests, n, NULL, NULL);
	}
	bf_rules_cleanup();
	return failed;
}

#endif
