/*
 * bench_workflow DBPATH N
 *
 * The workflow benchmark (bench/workflow.sh; never part of make check) on an
 * SQLite database of N cases:
 *
 *   1. The schema through store_migrate(); then N customers with one
 *      intervention each (a unit per 500 cases, a counsellor per 500, 20
 *      providers) and their materialised obligations, bulk-loaded with
 *      SQLite directly (about 8 per case, as a year of the Kundval routines
 *      leaves them: mostly met, some open, a few missed; open ones past due
 *      before yesterday already marked missed by earlier sweeps).
 *   2. 200 real cases made through the use cases (decision, choice, queue,
 *      staffing, assignment, start-up meeting, plan, twelve monthly reports
 *      with their approvals), each event followed by its recompute.
 *   3. Measurements, each against the bare SQL that does the same work:
 *        inbox      one counsellor's unmet obligations due by today, a page
 *                   of 50 (store_obligation_list, as obligations_inbox runs
 *                   it) against the same SELECT prepared in SQLite;
 *        recompute  obligations_recompute() of a real case inside an open
 *                   transaction, as after an event, against the bare reads
 *                   it needs (the intervention, its facts, its stored
 *                   obligations) and the one UPDATE an event usually
 *                   causes;
 *        sweep      store_obligations_sweep() on the day after the data's
 *                   last sweep, against the bare UPDATE (rolled back).
 *      Each prints the median in ms, the reference and the ratio.
 */
#include <inttypes.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "service/casework.h"
#include "service/choice.h"
#include "service/decision.h"
#include "service/obligations.h"
#include "service/rulebook.h"
#include "stegvis/store.h"
#include "stegvis/store_case.h"

#define CASES_PER_UNIT 500
#define PROVIDERS      20
#define REAL_CASES     200
#define RUNS           200

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "bench_workflow: %s: %s\n", what, detail ? detail : "");
	exit(1);
}

static void die_sv(const char *what, const struct sv_error *e)
{
	char msg[600];

	sv_error_format(e, msg, sizeof(msg));
	die(what, msg);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die(sql, msg);
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
	return s;
}

static void step_done(sqlite3 *db, sqlite3_stmt *s)
{
	if (sqlite3_step(s) != SQLITE_DONE)
		die("step", sqlite3_errmsg(db));
	sqlite3_reset(s);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n ? v[n / 2] : 0;
}

static void date_text(sv_date d, char out[SV_DATE_STRLEN])
{
	date_format(d, out);
}

/* ---- 1. Bulk data ------------------------------------------------------------------ */

static const char *const deadlines[][3] = {
        {"staffing", "KV-21", "provider"},
        {"assignment", "KV-22", "counsellor"},
        {"startup_meeting", "KV-23", "provider"},
        {"plan_submission", "KV-24", "provider"},
        {"plan_approval", "KV-25", "counsellor"},
        {"monthly_report", "KV-32", "provider"},
        {"monthly_report_approval", "KV-32", "counsellor"},
        {"final_report_completed", "KV-60", "provider"},
};

static void bulk(sqlite3 *db, long long n, sv_date today)
{
	char d1[SV_DATE_STRLEN], d2[SV_DATE_STRLEN], d3[SV_DATE_STRLEN];
	long long units = (n + CASES_PER_UNIT - 1) / CASES_PER_UNIT;
	sqlite3_stmt *su, *sc, *si, *so, *sp, *sa;
	unsigned seed = 12345;
	double t0 = now_ms();

	exec(db, "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL; PRAGMA cache_size=-1000000; "
	         "BEGIN");
	exec(db, "INSERT INTO tenants (id, code, name, country, created_at) VALUES (1, 'bench', "
	         "'Benchkommun', 'SE', 0)");
	sp = prep(db, "INSERT INTO providers (tenant_id, id, org_no, name, created_at) VALUES (1, "
	              "?, ?, ?, 0)");
	sa = prep(db, "INSERT INTO provider_authorisations (tenant_id, provider_id, scheme, "
	              "valid_from) VALUES (1, ?, ?, '2023-01-01')");
	for (int p = 1; p <= PROVIDERS; p++) {
		char org[16], name[32];
		static const char *const schemes[] = {"FAI", "AMI", "ISA", "JOBBPENG"};
		snprintf(org, sizeof(org), "55600%05d", p);
		snprintf(name, sizeof(name), "Anordnare %d AB", p);
		sqlite3_bind_int(sp, 1, p);
		sqlite3_bind_text(sp, 2, org, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(sp, 3, name, -1, SQLITE_TRANSIENT);
		step_done(db, sp);
		for (int k = 0; k < 4; k++) {
			sqlite3_bind_int(sa, 1, p);
			sqlite3_bind_text(sa, 2, schemes[k], -1, SQLITE_STATIC);
			step_done(db, sa);
		}
	}
	sqlite3_finalize(sp);
	sqlite3_finalize(sa);
	su = prep(db, "INSERT INTO units (tenant_id, id, name, created_at) VALUES (1, ?, ?, 0)");
	sc = prep(db, "INSERT INTO users (tenant_id, id, username, display_name, role, unit_id, "
	              "created_at) VALUES (1, ?, ?, ?, 'counsellor', ?, 0)");
	for (long long u = 1; u <= units; u++) {
		char name[32];
		snprintf(name, sizeof(name), "Enhet %lld", u);
		sqlite3_bind_int64(su, 1, u);
		sqlite3_bind_text(su, 2, name, -1, SQLITE_TRANSIENT);
		step_done(db, su);
		snprintf(name, sizeof(name), "kv%lld", u);
		sqlite3_bind_int64(sc, 1, u);
		sqlite3_bind_text(sc, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(sc, 3, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(sc, 4, u);
		step_done(db, sc);
	}
	sqlite3_finalize(su);
	sqlite3_finalize(sc);
	sc = prep(db,
	          "INSERT INTO customers (tenant_id, id, id_kind, given_name, family_name, "
	          "unit_id, counsellor_id, created_at) VALUES (1, ?, 'none', 'Kund', ?, ?, ?, 0)");
	si = prep(db,
	          "INSERT INTO interventions (tenant_id, id, customer_id, code, scheme, "
	          "provider_id, unit_id, counsellor_id, decided_on, start_on, planned_end_on, "
	          "state, created_at, updated_at) VALUES (1, ?, ?, 'AMI2', 'AMI', ?, ?, ?, ?, ?, "
	          "?, 'running', 0, 0)");
	so = prep(db,
	          "INSERT INTO obligations (tenant_id, customer_id, intervention_id, "
	          "counsellor_id, provider_id, unit_id, deadline, seq, rule, actor, what, okey, "
	          "from_on, due_on, status, met_on, days_late, unmet) VALUES (1, ?, ?, ?, ?, ?, "
	          "?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)");
	for (long long c = 1; c <= n; c++) {
		long long unit = (c - 1) / CASES_PER_UNIT + 1;
		int prov = (int)(c % PROVIDERS) + 1;
		/* Starts spread over the year before today. */
		sv_date start = today - 30 - (sv_date)(rand_r(&seed) % 330);
		char fam[24];
		snprintf(fam, sizeof(fam), "Efternamn%lld", c);
		sqlite3_bind_int64(sc, 1, c);
		sqlite3_bind_text(sc, 2, fam, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(sc, 3, unit);
		sqlite3_bind_int64(sc, 4, unit);
		step_done(db, sc);
		date_text(start - 10, d1);
		date_text(start, d2);
		date_text(date_add_months(start, 12) - 1, d3);
		sqlite3_bind_int64(si, 1, c);
		sqlite3_bind_int64(si, 2, c);
		sqlite3_bind_int(si, 3, prov);
		sqlite3_bind_int64(si, 4, unit);
		sqlite3_bind_int64(si, 5, unit);
		sqlite3_bind_text(si, 6, d1, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(si, 7, d2, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(si, 8, d3, -1, SQLITE_TRANSIENT);
		step_done(db, si);
		/* About 8 obligations: the start-up ones, then monthly ones. */
		for (int k = 0; k < 8; k++) {
			int di = k < 5 ? k : 5 + (k % 2);
			sv_date due = k < 5 ? start - 9 + 3 * k : start + 37 + 30 * (k - 5);
			const char *status;
			sv_date met = SV_NO_DATE;
			int late = 0;
			unsigned r = (unsigned)rand_r(&seed) % 100;
			if (due > today || (due >= today - 1 && r < 50)) {
				status = "open";
			} else if (r < 80) {
				status = "met_on_time";
				met = due - (sv_date)(r % 3);
			} else if (r < 95) {
				status = "met_late";
				late = 1 + (int)(r % 7);
				met = due + late;
			} else {
				status = due < today - 1 ? "missed" : "open";
			}
			date_text(due - 7, d1);
			date_text(due, d2);
			sqlite3_bind_int64(so, 1, c);
			sqlite3_bind_int64(so, 2, c);
			sqlite3_bind_int64(so, 3, unit);
			sqlite3_bind_int(so, 4, prov);
			sqlite3_bind_int64(so, 5, unit);
			sqlite3_bind_text(so, 6, deadlines[di][0], -1, SQLITE_STATIC);
			sqlite3_bind_int(so, 7, k);
			sqlite3_bind_text(so, 8, deadlines[di][1], -1, SQLITE_STATIC);
			sqlite3_bind_text(so, 9, deadlines[di][2], -1, SQLITE_STATIC);
			sqlite3_bind_text(so, 10, deadlines[di][0], -1, SQLITE_STATIC);
			sqlite3_bind_text(so, 11, d1, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(so, 12, d2, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(so, 13, status, -1, SQLITE_STATIC);
			if (met == SV_NO_DATE) {
				sqlite3_bind_null(so, 14);
			} else {
				date_text(met, d3);
				sqlite3_bind_text(so, 14, d3, -1, SQLITE_TRANSIENT);
			}
			sqlite3_bind_int(so, 15, late);
			sqlite3_bind_int(so, 16,
			                 !strcmp(status, "open") || !strcmp(status, "missed"));
			step_done(db, so);
		}
		if (c % 100000 == 0 || c == 1000) {
			exec(db, "COMMIT; BEGIN");
			fprintf(stderr, "  %lld cases loaded (%.0f s)\n", c, (now_ms() - t0) / 1e3);
		}
	}
	sqlite3_finalize(sc);
	sqlite3_finalize(si);
	sqlite3_finalize(so);
	exec(db, "COMMIT; ANALYZE; PRAGMA synchronous=FULL");
	fprintf(stderr, "  bulk load: %lld cases in %.0f s\n", n, (now_ms() - t0) / 1e3);
}

/* ---- 2. Real cases through the use cases --------------------------------------------- */

static void day(struct svc *s, sv_date d)
{
	s->today = d;
	s->now = ((sv_time)d * 86400 + 9 * 3600) * 1000000;
}

static void ok(enum sv_rc rc, const char *what, const struct sv_error *e)
{
	if (rc)
		die_sv(what, e);
}

static int64_t real_case(struct store *st, struct svc *s, const struct actor *cou,
                         const struct actor *pst, int64_t customer, sv_date d0)
{
	struct sv_error e = SV_ERROR_INIT;
	struct decision_grant g = {0};
	struct casework_assignment a = {0};
	int64_t iv = 0;

	day(s, d0);
	s->who = cou;
	g.code = "AMI2";
	g.outside_target_reason = "benchmark";
	g.start_on = SV_NO_DATE;
	ok(decision_grant(s, customer, &g, &iv, NULL, &e), "grant", &e);
	ok(choice_record(s, iv, pst->provider_id, false, &e), "choice", &e);
	ok(casework_queue(s, iv, &e), "queue", &e);
	day(s, d0 + 1);
	s->who = pst;
	ok(casework_staff(s, iv, 0, &e), "staff", &e);
	day(s, d0 + 2);
	s->who = cou;
	a.brief = "Arbetsträning.";
	a.start_on = SV_NO_DATE;
	ok(casework_assign(s, iv, &a, &e), "assign", &e);
	day(s, d0 + 5);
	s->who = pst;
	ok(casework_startup_meeting(s, iv, SV_NO_DATE, NULL, &e), "meeting", &e);
	/* The plan and twelve months of reports, each event with its recompute. */
	for (int m = 0; m <= 11; m++) {
		sv_date first = date_add_months(date_month_start(d0 + 2), m + 1);
		char key[8];
		int y, mo, dd;
		const char *evs[] = {"monthly_report.submitted", "monthly_report.approved"};
		date_to_ymd(date_add_months(first, -1), &y, &mo, &dd);
		snprintf(key, sizeof(key), "%04d-%02d", y % 10000, mo % 100);
		for (int k = 0; k < 2; k++) {
			day(s, first + 4 + 5 * k);
			ok(store_begin(st, &e), "begin", &e);
			if (m == 0 && k == 0)
				ok(obligations_event(s, customer, iv, "plan.submitted", NULL,
				                     SV_NO_DATE, NULL, &e),
				   "plan", &e);
			ok(obligations_event(s, customer, iv, evs[k], key, SV_NO_DATE, NULL, &e),
			   evs[k], &e);
			ok(obligations_recompute(s, iv, &e), "recompute", &e);
			ok(store_commit(st, &e), "commit", &e);
		}
	}
	return iv;
}

int main(int argc, char **argv)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store *st = NULL;
	struct rulebook rb;
	struct svc s = {0};
	struct actor cou, pst, adm = {0};
	sqlite3 *db = NULL;
	char url[1100];
	long long n;
	char *end;
	sv_date today = date_from_ymd(2024, 12, 16), sweep_day;
	int64_t real[REAL_CASES], first_customer;
	double t[RUNS], ref[RUNS], m, r;

	if (argc < 3)
		die("usage", "bench_workflow DBPATH N");
	n = strtoll(argv[2], &end, 10);
	if (*end || n < 1000 || n > 50000000)
		die("N", "from 1000 to 50000000");
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	/* Keep freed memory instead of returning it to the kernel after every
	 * transaction: on virtual machines the page faults and TLB shootdowns
	 * of repeated trimming cost more than the load itself. */
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	mallopt(M_TOP_PAD, 256 << 20);
	snprintf(url, sizeof(url), "sqlite:%s", argv[1]);
	if (store_open(url, &st, &e) || store_migrate(st, NULL, NULL, &e))
		die_sv("store", &e);
	store_close(st);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		die("sqlite3_open", argv[1]);
	exec(db, "PRAGMA foreign_keys=ON");
	bulk(db, n, today);

	/* 2. Real cases, with the counsellor of unit 1 and a case worker of provider 1. */
	if (store_open(url, &st, &e))
		die_sv("store", &e);
	rulebook_init(&rb);
	if (rulebook_load_dir(&rb, rulebook_default_dir(), NULL, &e))
		die_sv("rules", &e);
	s.st = st;
	s.tenant = 1;
	s.rules = &rb;
	{
		struct store_write w = {1, 0, 1704067200000000, "bench"};
		struct store_user u = {0};
		u.username = "anna.anordnare";
		u.display_name = "Anna";
		u.role = "provider_staff";
		u.provider_id = 1;
		if (store_user_create(st, &w, &u, &e))
			die_sv("user", &e);
		pst = (struct actor){u.id, ROLE_PROVIDER_STAFF, 0, 1, false, false};
		cou = (struct actor){1, ROLE_COUNSELLOR, 1, 0, false, false};
		adm = (struct actor){1, ROLE_ADMIN, 0, 0, false, false};
		first_customer = 0;
		for (int i = 0; i < REAL_CASES; i++) {
			struct store_customer c = {0};
			struct store_fact fa = {"financial_assistance", date_from_ymd(2023, 1, 1),
			                        SV_NO_DATE};
			c.facts = &fa;
			c.nfacts = 1;
			c.id_kind = "none";
			c.given_name = "Riktig";
			c.family_name = "Kund";
			c.birth_date = date_from_ymd(1985, 5, 5);
			c.protection = "none";
			c.unit_id = 1;
			c.counsellor_id = 1;
			if (store_customer_create(st, &w, &c, &e))
				die_sv("customer", &e);
			if (!first_customer)
				first_customer = c.id;
			real[i] = real_case(st, &s, &cou, &pst, c.id, date_from_ymd(2024, 1, 8));
		}
	}
	fprintf(stderr, "  %d real cases made through the use cases\n", REAL_CASES);
	day(&s, today);
	s.who = &cou;

	printf("workflow benchmark: %lld cases, SQLite\n", n);

	/* 3a. The inbox of one counsellor (500 cases) against the bare SELECT. */
	{
		sqlite3_stmt *q =
		        prep(db, "SELECT o.id, o.customer_id, o.intervention_id, o.deadline, "
		                 "o.seq, o.rule, o.actor, o.what, o.okey, o.from_on, "
		                 "o.due_on, o.due_at, o.status, o.met_on, o.days_late "
		                 "FROM obligations o WHERE o.tenant_id = 1 AND "
		                 "o.counsellor_id = ? AND o.unmet = 1 AND "
		                 "o.due_on <= ? ORDER BY o.due_on, o.id LIMIT 51");
		char d[SV_DATE_STRLEN];
		unsigned seed = 7;
		date_text(today, d);
		for (int i = 0; i < RUNS; i++) {
			int64_t counsellor =
			        1 + (int64_t)(rand_r(&seed) % (unsigned)((n + 499) / 500));
			struct store_obligation_filter f = {0};
			struct store_obligation_list l = {0};
			struct store_page page = {0, 50};
			double a;
			f.counsellor_id = counsellor;
			f.due_until = today;
			/* Warm: the same pages for both, as a user's second look. */
			if (store_obligation_list(st, 1, &f, page, &l, &e))
				die_sv("inbox", &e);
			store_obligation_list_release(&l);
			a = now_ms();
			if (store_obligation_list(st, 1, &f, page, &l, &e))
				die_sv("inbox", &e);
			for (size_t k = 0; k < l.n; k++)
				obligations_effective(&s, &l.v[k]);
			t[i] = now_ms() - a;
			store_obligation_list_release(&l);
			a = now_ms();
			sqlite3_bind_int64(q, 1, counsellor);
			sqlite3_bind_text(q, 2, d, -1, SQLITE_STATIC);
			while (sqlite3_step(q) == SQLITE_ROW)
				for (int c = 0; c < 15; c++)
					(void)sqlite3_column_text(q, c);
			sqlite3_reset(q);
			ref[i] = now_ms() - a;
		}
		sqlite3_finalize(q);
		m = median(t, RUNS);
		r = median(ref, RUNS);
		printf("  inbox (one counsellor, page of 50): %.3f ms; bare SELECT %.3f ms; ratio "
		       "%.2f (target <= 5 ms)\n",
		       m, r, r > 0 ? m / r : 0);
	}

	/* 3b. Recompute one case after an event, inside the event's transaction. */
	{
		sqlite3_stmt *q1 =
		        prep(db, "SELECT * FROM interventions i LEFT JOIN "
		                 "intervention_details d ON d.tenant_id = i.tenant_id AND "
		                 "d.intervention_id = i.id WHERE i.tenant_id = 1 AND i.id = ?");
		sqlite3_stmt *q2 =
		        prep(db, "SELECT event_id, name, on_date, at, okey FROM case_facts "
		                 "WHERE tenant_id = 1 AND intervention_id = ? ORDER BY "
		                 "on_date, at, event_id");
		sqlite3_stmt *q3 =
		        prep(db, "SELECT id, deadline, seq, due_on, met_on, status FROM "
		                 "obligations WHERE tenant_id = 1 AND intervention_id = ?");
		sqlite3_stmt *q4 =
		        prep(db, "UPDATE obligations SET status = status WHERE tenant_id = "
		                 "1 AND id = (SELECT MIN(id) FROM obligations WHERE "
		                 "tenant_id = 1 AND intervention_id = ?)");
		int rows = 0;
		for (int i = 0; i < RUNS; i++) {
			int64_t iv = real[i % REAL_CASES];
			double a;
			if (store_begin(st, &e))
				die_sv("begin", &e);
			a = now_ms();
			if (obligations_recompute(&s, iv, &e))
				die_sv("recompute", &e);
			t[i] = now_ms() - a;
			store_rollback(st);
			exec(db, "BEGIN");
			a = now_ms();
			sqlite3_stmt *qs[] = {q1, q2, q3};
			for (int k = 0; k < 3; k++) {
				sqlite3_bind_int64(qs[k], 1, iv);
				while (sqlite3_step(qs[k]) == SQLITE_ROW)
					rows++;
				sqlite3_reset(qs[k]);
			}
			sqlite3_bind_int64(q4, 1, iv);
			step_done(db, q4);
			ref[i] = now_ms() - a;
			exec(db, "ROLLBACK");
		}
		sqlite3_finalize(q1);
		sqlite3_finalize(q2);
		sqlite3_finalize(q3);
		sqlite3_finalize(q4);
		m = median(t, RUNS);
		r = median(ref, RUNS);
		printf("  recompute one case (a year of events, %d rows read per run): %.3f ms; "
		       "bare "
		       "reads and one UPDATE %.3f ms; ratio %.2f (target <= 1 ms)\n",
		       rows / RUNS, m, r, r > 0 ? m / r : 0);
	}

	/* 3c. The sweep on the day after the data's last sweep: against the
	 * bare UPDATE (rolled back), then the real one. */
	{
		char d[SV_DATE_STRLEN];
		int64_t marked = 0;
		double a, ref_ms, ms;
		sweep_day = today + 1;
		date_text(sweep_day, d);
		{
			char sql[512];
			snprintf(sql, sizeof(sql),
			         "UPDATE obligations SET status = 'missed' WHERE tenant_id = 1 AND "
			         "status = "
			         "'open' AND due_on <= '%s' AND ((due_at IS NULL AND due_on < "
			         "'%s') OR "
			         "due_at < %lld)",
			         d, d,
			         (long long)(((sv_time)sweep_day * 86400 + 9 * 3600) * 1000000));
			char warm[600];
			/* Warm: read the rows both will change (table and index pages). */
			snprintf(warm, sizeof(warm),
			         "SELECT count(*), sum(length(what)) FROM obligations WHERE "
			         "tenant_id = 1 "
			         "AND status = 'open' AND due_on <= '%s'",
			         d);
			exec(db, warm);
			exec(db, "BEGIN");
			a = now_ms();
			exec(db, sql);
			ref_ms = now_ms() - a;
			printf("  (bare sweep UPDATE marked %d rows)\n", sqlite3_changes(db));
			exec(db, "ROLLBACK");
		}
		day(&s, sweep_day);
		s.who = &adm;
		a = now_ms();
		if (store_obligations_sweep(st, 1, s.today, s.now, &marked, &e))
			die_sv("sweep", &e);
		ms = now_ms() - a;
		printf("  sweep (marks %lld missed): %.1f ms; bare UPDATE %.1f ms; ratio %.2f "
		       "(target "
		       "<= 2000 ms)\n",
		       (long long)marked, ms, ref_ms, ref_ms > 0 ? ms / ref_ms : 0);
	}
	(void)first_customer;
	sqlite3_close(db);
	store_close(st);
	rulebook_release(&rb);
	return 0;
}
