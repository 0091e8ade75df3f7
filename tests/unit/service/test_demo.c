/*
 * Unit tests of the demo municipality (service/demo.h): the PRNG, identity
 * and organisation numbers (ID-1, ID-2, ID-4), and a generated tenant on
 * SQLite and, with $SV_TEST_PG (scripts/test-env), on PostgreSQL: every
 * intervention code in every state (KV-1, JP-0), every end reason (KV-51,
 * KV-52, KV-3, KV-14), every identity number valid, protected identities of
 * all three kinds masked where they must be (KV-81, X-3), every decision
 * within a target group (KV-2, JP-1), documents, absences and obligations
 * present, the same content for the same seed (also across batch sizes and
 * backends), nothing written twice, and bad options refused by name.
 */
#include "test.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../../store/harness.c"
#include "service/customers.h"
#include "service/decision.h"
#include "service/demo.h"
#include "service/rulebook.h"
#include "stegvis/buf.h"
#include "stegvis/lifecycle.h"
#include "stegvis/personid.h"
#include "stegvis/store_case.h"
#include "stegvis/store_docs.h"

#define N_CUSTOMERS 120 /* more than the coverage block (62) */
#define SEED        7

static sv_date day(const char *iso)
{
	sv_date d = 0;

	if (date_parse(iso, strlen(iso), &d, "date", NULL))
		abort();
	return d;
}

/* ---- The PRNG ---------------------------------------------------------------------- */

static void test_xoshiro_reference(void **state)
{
	/*
	 * xoshiro256** from the state {1, 2, 3, 4}:
	 *   out1 = rotl(s1 * 5, 7) * 9 = rotl(10, 7) * 9 = 1280 * 9 = 11520.
	 *   The update gives s1 = s1 ^ (s2 ^ s0) = 2 ^ (3 ^ 1) = 0, so
	 *   out2 = rotl(0 * 5, 7) * 9 = 0.
	 */
	struct demo_rng r = {{1, 2, 3, 4}};

	(void)state;
	assert_int_equal(demo_rng_next(&r), 11520);
	assert_int_equal(demo_rng_next(&r), 0);
}

static void test_rng_streams(void **state)
{
	struct demo_rng a, b, c;
	int same = 0;

	(void)state;
	demo_rng_seed(&a, 42, 5);
	demo_rng_seed(&b, 42, 5);
	demo_rng_seed(&c, 42, 6);
	for (int i = 0; i < 100; i++) {
		uint64_t x = demo_rng_next(&a), y = demo_rng_next(&b), z = demo_rng_next(&c);
		assert_true(x == y); /* same seed and stream: same sequence */
		same += x == z;
	}
	assert_int_equal(same, 0); /* another stream: another sequence */
}

static void test_rng_below_and_range(void **state)
{
	struct demo_rng r;
	int seen[7] = {0};

	(void)state;
	demo_rng_seed(&r, 1, 1);
	assert_int_equal(demo_rng_below(&r, 0), 0);
	assert_int_equal(demo_rng_below(&r, 1), 0);
	for (int i = 0; i < 7000; i++) {
		uint32_t x = demo_rng_below(&r, 7);
		int y = demo_rng_range(&r, -3, 3);
		assert_true(x < 7);
		assert_true(y >= -3 && y <= 3);
		seen[x]++;
	}
	/* Uniform: each of 7 values about 1000 times out of 7000. */
	for (int i = 0; i < 7; i++)
		assert_true(seen[i] > 850 && seen[i] < 1150);
	assert_int_equal(demo_rng_range(&r, 5, 5), 5);
	assert_false(demo_rng_chance(&r, 0));
	assert_true(demo_rng_chance(&r, 1000));
}

/* ---- Identity and organisation numbers ---------------------------------------------------- */

static void test_person_id_worked(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct personid p;
	char out[13];

	(void)state;
	/*
	 * ID-1: born 1981-12-18, male serial 493: NNN = 2 * 493 + 1 = 987.
	 * Luhn over 811218987 with weights 2,1,2,1,...: 16->7, 1, 2, 2, 2, 8,
	 * 18->9, 8, 14->5; sum 44; check (10 - 4) mod 10 = 6.
	 */
	demo_person_id(day("1981-12-18"), 493, true, false, out);
	assert_string_equal(out, "198112189876");
	assert_ok(personid_parse_se(out, 12, day("2024-11-15"), &p, "person_id", &err));
	assert_int_equal(p.kind, PERSONID_PERSONNUMMER);
	assert_int_equal(p.sex, PERSONID_MALE);
	/*
	 * ID-2: the same as a samordningsnummer, day 18 + 60 = 78. Luhn over
	 * 811278987: 16->7, 1, 2, 2, 14->5, 8, 18->9, 8, 14->5; sum 47; check 3.
	 */
	demo_person_id(day("1981-12-18"), 493, true, true, out);
	assert_string_equal(out, "198112789873");
	assert_ok(personid_parse_se(out, 12, day("2024-11-15"), &p, "person_id", &err));
	assert_int_equal(p.kind, PERSONID_SAMORDNINGSNUMMER);
	assert_int_equal(p.birth_date, day("1981-12-18"));
	/*
	 * A woman, serial 0: NNN = 000 (even: female). Born 2000-02-29: Luhn over
	 * 000229000: 0, 0, 0, 2, 4, 9, 0, 0, 0; sum 15; check 5.
	 */
	demo_person_id(day("2000-02-29"), 0, false, false, out);
	assert_string_equal(out, "200002290005");
	assert_ok(personid_parse_se(out, 12, day("2024-11-15"), &p, "person_id", &err));
	assert_int_equal(p.sex, PERSONID_FEMALE);
}

static void test_org_no_worked(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct personid_org o;
	char out[11];

	(void)state;
	/* ID-4: 556000000 -> 10->1, 5, 12->3, 0 ...; sum 9; check 1. */
	demo_org_no(0, out);
	assert_string_equal(out, "5560000001");
	assert_ok(personid_parse_orgnr_se(out, 10, day("2024-11-15"), &o, "org_no", &err));
	assert_int_equal(o.kind, PERSONID_ORG_SE);
	/* 556123456: 10->1, 5, 12->3, 1, 4, 3, 8, 5, 12->3; sum 33; check 7. */
	demo_org_no(123456, out);
	assert_string_equal(out, "5561234567");
	assert_ok(personid_parse_orgnr_se(out, 10, day("2024-11-15"), &o, "org_no", &err));
}

/* ---- A generated tenant ---------------------------------------------------------------------- */

struct world {
	struct harness h;
	struct store *st;
	struct rulebook rb;
	struct demo_summary sum;
	struct buf digest; /* the export, every case's event chain and obligations */
	sv_date today;
};

/* The database of the next world: "sqlite" or "pg". */
static const char *backend = "sqlite";
/* The digest of the SQLite world, compared with PostgreSQL's. */
static struct buf sqlite_digest = BUF_INIT;

static void generate(struct world *w, uint64_t seed, size_t batch)
{
	struct sv_error err = SV_ERROR_INIT;
	struct demo_options o = {0};

	o.customers = N_CUSTOMERS;
	o.seed = seed;
	o.today = w->today;
	o.batch = batch;
	if (demo_generate(w->st, &w->rb, &o, &w->sum, &err)) {
		fprintf(stderr, "demo: %s: %s (%s)\n", err.field, err.msg, err.rule);
		fail();
	}
}

/* Everything that must come out the same for the same seed. */
static void make_digest(struct world *w, struct buf *out)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_page page = {0, STORE_PAGE_MAX};

	buf_reset(out);
	assert_ok(store_export(w->st, DEMO_TENANT_CODE, out, &err));
	do {
		struct store_customer_list cl = {0};
		assert_ok(store_customer_list(w->st, w->sum.tenant, 0, page, &cl, &err));
		for (size_t i = 0; i < cl.n; i++) {
			struct store_page ep = {0, STORE_PAGE_MAX};
			struct store_event_list el = {0};
			assert_ok(store_event_list_case(w->st, w->sum.tenant, cl.v[i].id, ep, &el,
			                                &err));
			/* The hash chain covers every event's time, kind and payload. */
			assert_ok(buf_addf(out, "case %" PRId64 ": %zu events, head %s\n",
			                   cl.v[i].id, el.n, el.n ? el.v[el.n - 1].hash : "-"));
			store_event_list_release(&el);
		}
		page.after = cl.next;
		store_customer_list_release(&cl);
	} while (page.after);
	page.after = 0;
	do {
		struct store_intervention_list il = {0};
		assert_ok(store_intervention_list(w->st, w->sum.tenant, NULL, page, &il, &err));
		for (size_t i = 0; i < il.n; i++) {
			struct store_obligation_filter f = {.intervention_id = il.v[i].id,
			                                    .due_until = SV_NO_DATE};
			struct store_obligation_list ol = {0};
			struct store_page op = {0, STORE_PAGE_MAX};
			assert_ok(store_obligation_list(w->st, w->sum.tenant, &f, op, &ol, &err));
			for (size_t k = 0; k < ol.n; k++)
				assert_ok(buf_addf(out, "%" PRId64 " %s %d %d %s\n", il.v[i].id,
				                   ol.v[k].deadline, ol.v[k].seq,
				                   (int)ol.v[k].due_on, ol.v[k].status));
			store_obligation_list_release(&ol);
		}
		page.after = il.next;
		store_intervention_list_release(&il);
	} while (page.after);
}

static int world_setup(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct world *w = calloc(1, sizeof(*w));
	int rc;

	if (!w)
		return -1;
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	rc = harness_create(&w->h, backend);
	if (rc) {
		free(w);
		return -1;
	}
	w->st = harness_open(&w->h);
	rulebook_init(&w->rb);
	if (rulebook_load_dir(&w->rb, SV_SOURCE_DIR "/rules", NULL, &err)) {
		fprintf(stderr, "rules: %s\n", err.msg);
		return -1;
	}
	buf_init(&w->digest, BUF_MAX_DEFAULT);
	/* Inside the 2024 vouchers (KV-70), so every code has deadlines and prices. */
	w->today = day("2024-11-15");
	generate(w, SEED, 25);
	make_digest(w, &w->digest);
	*state = w;
	return 0;
}

static int world_teardown(void **state)
{
	struct world *w = *state;

	store_close(w->st);
	harness_cleanup(&w->h);
	rulebook_release(&w->rb);
	buf_release(&w->digest);
	free(w);
	return 0;
}

static void test_summary_and_logins(void **state)
{
	struct world *w = *state;
	static const char *const roles[] = {
	        "admin",          "counsellor", "supervisor", "social_worker",
	        "provider_staff", "finance",    "dpo"};
	struct sv_error err = SV_ERROR_INIT;

	assert_int_equal(w->sum.outcome, DEMO_CREATED);
	assert_int_equal(w->sum.customers, N_CUSTOMERS);
	assert_true(w->sum.interventions >= N_CUSTOMERS);
	assert_true(w->sum.providers >= 12);
	assert_true(w->sum.documents > N_CUSTOMERS);
	assert_true(w->sum.absences > 0);
	assert_int_equal(w->sum.nwarnings, 0); /* every code has a pack valid on 2024-11-15 */
	assert_int_equal(w->sum.nlogins, 7);
	for (size_t i = 0; i < 7; i++) {
		struct store_user u = {0};
		assert_string_equal(w->sum.logins[i].role, roles[i]);
		assert_ok(store_user_get_by_username(w->st, w->sum.tenant,
		                                     w->sum.logins[i].username, &u, &err));
		assert_string_equal(u.role, roles[i]);
		assert_null(u.password_hash); /* passwords are set at start (make run) */
		store_user_release(&u);
	}
	assert_string_equal(w->sum.logins[0].username, "admin");
	{
		/* The hash chains hold. */
		int64_t chains = 0, events = 0;
		assert_ok(store_verify(w->st, &chains, &events, &err));
		assert_true(chains > N_CUSTOMERS);
		assert_int_equal(events, (int64_t)w->sum.events);
	}
}

static void test_every_code_in_every_state(void **state)
{
	struct world *w = *state;
	static const char *const codes[] = {"FAI1", "FAI2", "AMI1", "AMI2", "ISA1", "ISA2", "JP"};
	static const char *const states[] = {"granted", "queued", "staffed",  "assigned",
	                                     "running", "ended",  "cancelled"};
	struct sv_error err = SV_ERROR_INIT;
	struct store_page page = {0, STORE_PAGE_MAX};
	int seen[7][7] = {{0}};
	bool reasons[LC_END_COUNT] = {false};

	do {
		struct store_intervention_list l = {0};
		assert_ok(store_intervention_list(w->st, w->sum.tenant, NULL, page, &l, &err));
		for (size_t i = 0; i < l.n; i++) {
			const struct store_intervention *iv = &l.v[i];
			int c = -1, s = -1;
			for (int k = 0; k < 7; k++) {
				if (!strcmp(iv->code, codes[k]))
					c = k;
				if (!strcmp(iv->state, states[k]))
					s = k;
			}
			assert_true(c >= 0 && s >= 0);
			seen[c][s]++;
			/* Dates in order (KV-24) and nothing after today. */
			assert_true(iv->decided_on <= w->today);
			if (iv->start_on != SV_NO_DATE)
				assert_true(iv->start_on >= iv->decided_on);
			if (!strcmp(iv->state, "running"))
				assert_true(iv->start_on <= w->today &&
				            iv->planned_end_on >= w->today);
			if (!strcmp(iv->state, "assigned"))
				assert_true(iv->start_on > w->today);
			if (!strcmp(iv->state, "ended")) {
				struct store_case cs = {0};
				enum lc_end_reason r = LC_END_NONE;
				assert_true(iv->actual_end_on <= w->today);
				assert_non_null(iv->end_reason);
				assert_ok(store_case_get(w->st, w->sum.tenant, iv->id, &cs, &err));
				assert_non_null(cs.end_cause);
				assert_ok(lc_end_reason_parse(cs.end_cause, strlen(cs.end_cause),
				                              &r, "end_cause", &err));
				reasons[r] = true;
				store_case_release(&cs);
			}
		}
		page.after = l.next;
		store_intervention_list_release(&l);
	} while (page.after);
	for (int c = 0; c < 7; c++)
		for (int s = 0; s < 7; s++) {
			if (!seen[c][s])
				fprintf(stderr, "missing: %s %s\n", codes[c], states[s]);
			assert_true(seen[c][s] > 0);
		}
	/* Every end reason of core/lifecycle (KV-51, KV-52, KV-14, KV-53, KV-3). */
	for (int r = 1; r < LC_END_COUNT; r++) {
		if (!reasons[r])
			fprintf(stderr, "missing end reason %s\n",
			        lc_end_reason_name((enum lc_end_reason)r));
		assert_true(reasons[r]);
	}
}

static void test_identities(void **state)
{
	struct world *w = *state;
	struct sv_error err = SV_ERROR_INIT;
	struct store_page page = {0, STORE_PAGE_MAX};
	int kinds[4] = {0}, samordning = 0;

	do {
		struct store_customer_list l = {0};
		assert_ok(store_customer_list(w->st, w->sum.tenant, 0, page, &l, &err));
		for (size_t i = 0; i < l.n; i++) {
			const struct store_customer *c = &l.v[i];
			struct personid p;
			int age;
			/* ID-1 / ID-2 in full: check digit, date, kind and birth date. */
			assert_non_null(c->person_id);
			assert_ok(personid_parse_se(c->person_id, strlen(c->person_id), w->today,
			                            &p, "person_id", &err));
			assert_string_equal(c->id_kind, personid_kind_name(p.kind));
			assert_int_equal(c->birth_date, p.birth_date);
			samordning += p.kind == PERSONID_SAMORDNINGSNUMMER;
			/* The system's customers are 16-66 (KV-2, CAL-6). */
			age = personid_age_on(c->birth_date, w->today);
			assert_true(age >= 16 && age <= 66);
			for (int k = 0; k < 4; k++)
				if (!strcmp(c->protection,
				            (const char *const[]){"none", "skyddad_folkbokforing",
				                                  "sekretessmarkering",
				                                  "fingerade"}[k]))
					kinds[k]++;
		}
		page.after = l.next;
		store_customer_list_release(&l);
	} while (page.after);
	assert_true(samordning > 0);
	/* KV-81: a few protected identities, of all three kinds. */
	for (int k = 1; k < 4; k++)
		assert_true(kinds[k] >= 1);
	assert_true(kinds[1] + kinds[2] + kinds[3] < N_CUSTOMERS / 10);
}

/* KV-81, X-3: what a counsellor, a provider's staff and the dpo see of the protected. */
static void test_protected_masked(void **state)
{
	struct world *w = *state;
	struct sv_error err = SV_ERROR_INIT;
	struct store_page page = {0, STORE_PAGE_MAX};
	int checked = 0;

	do {
		struct store_customer_list l = {0};
		assert_ok(store_customer_list(w->st, w->sum.tenant, 0, page, &l, &err));
		for (size_t i = 0; i < l.n; i++) {
			const struct store_customer *c = &l.v[i];
			bool fingerade = !strcmp(c->protection, "fingerade");
			struct store_user cu = {0};
			struct store_customer got = {0};
			struct actor cou, dpo = {1, ROLE_DPO, 0, 0, true, false};
			struct svc s = {0};
			if (!strcmp(c->protection, "none"))
				continue;
			assert_ok(
			        store_user_get(w->st, w->sum.tenant, c->counsellor_id, &cu, &err));
			cou = (struct actor){cu.id, ROLE_COUNSELLOR, cu.unit_id, 0, false, false};
			s.st = w->st;
			s.tenant = w->sum.tenant;
			s.today = w->today;
			s.now = ((sv_time)w->today * 86400 + 12 * 3600) * 1000000;
			s.rules = &w->rb;
			s.who = &cou;
			assert_ok(customers_get(&s, c->id, ACT_CUSTOMER_READ, "case_work",
			                        "customer", &got, &err));
			/* Name and number hidden from the counsellor; fingerade look ordinary. */
			assert_int_equal(customers_masked(&s, &got), !fingerade);
			assert_int_equal(customers_hide_protection(&s, &got), fingerade);
			store_customer_release(&got);
			/* The data-protection coordinator is named for them. */
			s.who = &dpo;
			assert_ok(customers_get(&s, c->id, ACT_CUSTOMER_READ, NULL, NULL, &got,
			                        &err));
			assert_false(customers_masked(&s, &got));
			store_customer_release(&got);
			/* A protected person has no address contact (KV-81: no letters). */
			assert_ok(store_customer_get(w->st, w->sum.tenant, c->id, &got, &err));
			for (size_t k = 0; k < got.ncontacts; k++)
				assert_string_not_equal(got.contacts[k].channel, "letter");
			store_customer_release(&got);
			store_user_release(&cu);
			checked++;
		}
		page.after = l.next;
		store_customer_list_release(&l);
	} while (page.after);
	assert_true(checked >= 3);
}

/* KV-2, JP-1: every decision in 2024 (the kundval pack's year) is within a target group,
 * or outside JP-1's guidance groups with its reason. */
static void test_decisions_eligible(void **state)
{
	struct world *w = *state;
	struct sv_error err = SV_ERROR_INIT;
	struct store_page page = {0, STORE_PAGE_MAX};
	struct svc s = {0};
	int checked = 0;

	s.st = w->st;
	s.tenant = w->sum.tenant;
	s.today = w->today;
	s.now = ((sv_time)w->today * 86400 + 12 * 3600) * 1000000;
	s.rules = &w->rb;
	do {
		struct store_intervention_list l = {0};
		assert_ok(store_intervention_list(w->st, w->sum.tenant, NULL, page, &l, &err));
		for (size_t i = 0; i < l.n; i++) {
			const struct store_intervention *iv = &l.v[i];
			struct decision_eligibility el;
			struct store_case cs = {0};
			if (iv->decided_on < day("2024-01-01"))
				continue;
			assert_ok(store_case_get(w->st, w->sum.tenant, iv->id, &cs, &err));
			assert_ok(decision_eligibility(&s, iv->customer_id, iv->code,
			                               iv->decided_on, &el, &err));
			if (!el.eligible || (!cs.target_group && !cs.outside_target_reason))
				fprintf(stderr, "intervention %" PRId64 " %s: %s\n", iv->id,
				        iv->code, el.summary);
			assert_true(el.eligible);
			if (cs.target_group) {
				bool match = false;
				for (size_t k = 0; k < el.n_groups; k++)
					match = match ||
					        (!strcmp(el.groups[k].id, cs.target_group) &&
					         el.groups[k].match);
				assert_true(match);
			} else {
				/* JP-1: outside the primary groups, with the reason recorded. */
				assert_false(el.primary);
				assert_non_null(cs.outside_target_reason);
			}
			store_case_release(&cs);
			checked++;
		}
		page.after = l.next;
		store_intervention_list_release(&l);
	} while (page.after);
	assert_true(checked > N_CUSTOMERS / 2);
}

/* Documents in every state, absences of every kind, and the deadlines they make. */
static void test_documents_absences_obligations(void **state)
{
	struct world *w = *state;
	static const char *const kinds[] = {"plan", "monthly_report", "final_report"};
	static const char *const dstates[] = {"draft", "submitted", "returned", "approved"};
	static const char *const akinds[] = {"sick", "vab", "other_agency", "unexcused", "leave"};
	static const char *const ostatus[] = {"open", "met_on_time", "met_late", "missed"};
	struct sv_error err = SV_ERROR_INIT;
	struct store_page page = {0, STORE_PAGE_MAX};
	int docs[3][4] = {{0}}, abs[5] = {0}, obl[4] = {0}, versions2 = 0, late_months = 0;

	do {
		struct store_intervention_list l = {0};
		assert_ok(store_intervention_list(w->st, w->sum.tenant, NULL, page, &l, &err));
		for (size_t i = 0; i < l.n; i++) {
			struct store_page p = {0, STORE_PAGE_MAX};
			struct store_document_list dl = {0};
			struct store_absence_list al = {0};
			struct store_obligation_list ol = {0};
			struct store_obligation_filter f = {.intervention_id = l.v[i].id,
			                                    .due_until = SV_NO_DATE};
			assert_ok(store_doc_list(w->st, w->sum.tenant, l.v[i].id, NULL, p, &dl,
			                         &err));
			for (size_t k = 0; k < dl.n; k++) {
				for (int a = 0; a < 3; a++)
					for (int b = 0; b < 4; b++)
						docs[a][b] += !strcmp(dl.v[k].kind, kinds[a]) &&
						              !strcmp(dl.v[k].state, dstates[b]);
				versions2 += dl.v[k].current_version > 1;
				/* Nothing submitted in the future. */
				assert_true(dl.v[k].first_submitted_at <=
				            ((sv_time)w->today + 1) * 86400 * 1000000);
			}
			assert_ok(
			        store_absence_list(w->st, w->sum.tenant, l.v[i].id, p, &al, &err));
			for (size_t k = 0; k < al.n; k++)
				for (int a = 0; a < 5; a++)
					abs[a] += !strcmp(al.v[k].kind, akinds[a]);
			assert_ok(store_obligation_list(w->st, w->sum.tenant, &f, p, &ol, &err));
			for (size_t k = 0; k < ol.n; k++) {
				for (int a = 0; a < 4; a++)
					obl[a] += !strcmp(ol.v[k].status, ostatus[a]);
				/* KV-32: a monthly report submitted after the 7th (moved by CAL-4).
				 */
				late_months += !strcmp(ol.v[k].deadline, "monthly_report") &&
				               !strcmp(ol.v[k].status, "met_late");
				if (ol.v[k].met_on != SV_NO_DATE)
					assert_true(ol.v[k].met_on <= w->today);
			}
			store_document_list_release(&dl);
			store_absence_list_release(&al);
			store_obligation_list_release(&ol);
		}
		page.after = l.next;
		store_intervention_list_release(&l);
	} while (page.after);
	/* Plans and monthly reports in every state (KV-24, KV-25, KV-32). */
	for (int a = 0; a < 2; a++)
		for (int b = 0; b < 4; b++) {
			if (!docs[a][b])
				fprintf(stderr, "no %s in state %s\n", kinds[a], dstates[b]);
			assert_true(docs[a][b] > 0);
		}
	assert_true(docs[2][3] > 0); /* approved final reports (KV-60) */
	assert_true(versions2 > 0);  /* returned and resubmitted: a second version */
	for (int a = 0; a < 5; a++)
		assert_true(abs[a] > 0);
	for (int a = 0; a < 4; a++) {
		if (!obl[a])
			fprintf(stderr, "no obligation %s\n", ostatus[a]);
		assert_true(obl[a] > 0);
	}
	/* Mostly on time, some late (the shape of a real municipality). */
	assert_true(obl[1] > obl[2]);
	assert_true(late_months > 0);
}

/* A counsellor's inbox holds real deadlines (obligations.h). */
static void test_inbox(void **state)
{
	struct world *w = *state;
	struct sv_error err = SV_ERROR_INIT;
	struct store_user u = {0};
	struct store_obligation_filter f = {0};
	struct store_obligation_list ol = {0};
	struct store_page p = {0, STORE_PAGE_MAX};

	assert_ok(store_user_get_by_username(w->st, w->sum.tenant, w->sum.logins[1].username, &u,
	                                     &err));
	f.counsellor_id = u.id;
	f.due_until = SV_NO_DATE;
	assert_ok(store_obligation_list(w->st, w->sum.tenant, &f, p, &ol, &err));
	assert_true(ol.n > 0);
	store_obligation_list_release(&ol);
	store_user_release(&u);
}

/* The same seed gives the same database, whatever the batch size. */
static void test_deterministic(void **state)
{
	struct world *w = *state;
	struct world *v = calloc(1, sizeof(*v));
	struct buf d2 = BUF_INIT;
	struct sv_error err = SV_ERROR_INIT;

	assert_non_null(v);
	assert_int_equal(harness_create(&v->h, backend), 0);
	v->st = harness_open(&v->h);
	v->rb = w->rb;
	v->today = w->today;
	generate(v, SEED, 1000);
	make_digest(v, &d2);
	assert_int_equal(d2.len, w->digest.len);
	assert_memory_equal(d2.data, w->digest.data, d2.len);
	store_close(v->st);
	harness_cleanup(&v->h);
	/* Another seed: another municipality. */
	assert_int_equal(harness_create(&v->h, backend), 0);
	v->st = harness_open(&v->h);
	generate(v, SEED + 1, 1000);
	make_digest(v, &d2);
	assert_true(d2.len != w->digest.len || memcmp(d2.data, w->digest.data, d2.len));
	store_close(v->st);
	harness_cleanup(&v->h);
	buf_release(&d2);
	free(v);
	(void)err;
}

/* The same content on both databases (store.h: one API, the same data). */
static void test_same_on_both_backends(void **state)
{
	struct world *w = *state;

	if (!strcmp(backend, "sqlite")) {
		buf_reset(&sqlite_digest);
		assert_ok(buf_add(&sqlite_digest, w->digest.data, w->digest.len));
		return;
	}
	assert_int_equal(w->digest.len, sqlite_digest.len);
	assert_memory_equal(w->digest.data, sqlite_digest.data, w->digest.len);
}

/* A second run writes nothing and reports the logins again. */
static void test_second_run(void **state)
{
	struct world *w = *state;
	struct demo_summary first = w->sum;
	struct buf d2 = BUF_INIT;

	generate(w, SEED, 25);
	assert_int_equal(w->sum.outcome, DEMO_PRESENT);
	assert_int_equal(w->sum.customers, 0);
	assert_int_equal(w->sum.nlogins, first.nlogins);
	for (size_t i = 0; i < first.nlogins; i++)
		assert_string_equal(w->sum.logins[i].username, first.logins[i].username);
	/* Another seed or size changes nothing either: the demo is there. */
	generate(w, SEED + 5, 3);
	assert_int_equal(w->sum.outcome, DEMO_PRESENT);
	make_digest(w, &d2);
	assert_int_equal(d2.len, w->digest.len);
	assert_memory_equal(d2.data, w->digest.data, d2.len);
	buf_release(&d2);
	w->sum = first;
}

/* Other data, an unfinished run and bad options are refused, naming why. */
static void test_refusals(void **state)
{
	struct world *w = *state;
	struct sv_error err = SV_ERROR_INIT;
	struct demo_options o = {0};
	struct demo_summary s;
	struct store_tenant t = {0};
	struct store_unit u = {0};
	struct store_write wr = {0, 0, 1704067200000000, "test"};

	/* A municipality's own tenant (X-5: no fictitious people in it). */
	t.code = "nacka";
	t.name = "Nacka kommun";
	t.country = "SE";
	assert_ok(store_tenant_create(w->st, &t, wr.at, &err));
	wr.tenant = t.id;
	u.name = "Arbetsmarknadsenheten";
	assert_ok(store_unit_create(w->st, &wr, &u, &err));
	o.tenant_code = "nacka";
	o.customers = 10;
	o.today = w->today;
	assert_rc(demo_generate(w->st, &w->rb, &o, &s, &err), SV_ECONFLICT);
	assert_string_equal(err.field, "tenant");
	sv_error_clear(&err);

	/* An unfinished run: demo units but no "admin" (the last write). */
	t.code = "halvfardig";
	t.name = "Demo";
	assert_ok(store_tenant_create(w->st, &t, wr.at, &err));
	wr.tenant = t.id;
	u.ref = "demo-unit-1";
	assert_ok(store_unit_create(w->st, &wr, &u, &err));
	o.tenant_code = "halvfardig";
	assert_rc(demo_generate(w->st, &w->rb, &o, &s, &err), SV_ESTATE);
	assert_string_equal(err.field, "tenant");
	sv_error_clear(&err);

	/* Bad options name the option. */
	o.tenant_code = "annan";
	o.customers = DEMO_MAX_CUSTOMERS + 1;
	assert_rc(demo_generate(w->st, &w->rb, &o, &s, &err), SV_EINVAL);
	assert_string_equal(err.field, "customers");
	sv_error_clear(&err);
	o.customers = 10;
	o.today = day("1970-01-01");
	assert_rc(demo_generate(w->st, &w->rb, &o, &s, &err), SV_EINVAL);
	assert_string_equal(err.field, "today");
	assert_string_equal(err.rule, "CAL-1");
}

/* The kundval routines are open-ended (only the KV-70 rates are dated), so
 * a demo in 2026 gets deadlines for every code and no warning; before any
 * pack is valid the data is made all the same, with a warning per code. */
static void test_warning_outside_packs(void **state)
{
	struct world *w = *state;
	struct sv_error err = SV_ERROR_INIT;
	struct demo_options o = {0};
	struct demo_summary s;

	o.tenant_code = "demo2026";
	o.customers = 8;
	o.seed = 3;
	o.today = day("2026-03-02"); /* after the 2024 vouchers: the packs still apply */
	assert_ok(demo_generate(w->st, &w->rb, &o, &s, &err));
	assert_int_equal(s.outcome, DEMO_CREATED);
	assert_int_equal(s.customers, 8);
	assert_int_equal(s.nwarnings, 0);

	o.tenant_code = "demo2023";
	o.today = day("2023-10-02"); /* before every Swedish pack (from 2024-01-01) */
	assert_ok(demo_generate(w->st, &w->rb, &o, &s, &err));
	assert_int_equal(s.outcome, DEMO_CREATED);
	assert_int_equal(s.nwarnings, 7); /* FAI1 ... ISA2 and JP: no pack valid */
	assert_non_null(strstr(s.warnings[0], "FAI1"));
	assert_non_null(strstr(s.warnings[0], "2023-10-02"));
}

#define WORLD_TEST(f) cmocka_unit_test(f)

int main(void)
{
	const struct CMUnitTest pure[] = {
	        cmocka_unit_test(test_xoshiro_reference),   cmocka_unit_test(test_rng_streams),
	        cmocka_unit_test(test_rng_below_and_range), cmocka_unit_test(test_person_id_worked),
	        cmocka_unit_test(test_org_no_worked),
	};
	const struct CMUnitTest world[] = {
	        WORLD_TEST(test_summary_and_logins),
	        WORLD_TEST(test_every_code_in_every_state),
	        WORLD_TEST(test_identities),
	        WORLD_TEST(test_protected_masked),
	        WORLD_TEST(test_decisions_eligible),
	        WORLD_TEST(test_documents_absences_obligations),
	        WORLD_TEST(test_inbox),
	        WORLD_TEST(test_deterministic),
	        WORLD_TEST(test_same_on_both_backends),
	        WORLD_TEST(test_second_run),
	        WORLD_TEST(test_refusals),
	        WORLD_TEST(test_warning_outside_packs),
	};
	const char *pg = getenv("SV_TEST_PG");
	int failed = cmocka_run_group_tests_name("pure", pure, NULL, NULL);

	backend = "sqlite";
	failed += _cmocka_run_group_tests("sqlite", world, sizeof(world) / sizeof(world[0]),
	                                  world_setup, world_teardown);
	if (pg && *pg) {
		backend = "pg";
		failed += _cmocka_run_group_tests("pg", world, sizeof(world) / sizeof(world[0]),
		                                  world_setup, world_teardown);
	}
	buf_release(&sqlite_digest);
	return failed;
}
