/*
 * bench_store URL N [CSVDIR]
 *
 * Loads N synthetic customers, each with one intervention, through the
 * store API (each row with its hash-chained event, 1000 customers per
 * transaction) into the database at URL, and prints rows per second. With
 * CSVDIR it also writes the same rows as customers.csv and
 * interventions.csv (the columns of sql/0001_init.sql, tenant 1, unit 1,
 * user 1), for the database's own bulk load as the reference (bench/store.sh).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stegvis/store.h"

#define BATCH 1000

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const struct sv_error *e)
{
	char msg[600];
	sv_error_format(e, msg, sizeof(msg));
	fprintf(stderr, "bench_store: %s: %s\n", what, msg);
	exit(1);
}

static const char *const given[] = {"Anna",   "Ali",  "Sara", "Johan",
                                    "Fatima", "Erik", "Lina", "Omar"};
static const char *const family[] = {"Andersson", "Hassan", "Berg", "Nilsson", "Ahmed", "Lind"};
static const char *const codes[] = {"FAI1", "FAI2", "AMI1", "AMI2", "ISA1", "ISA2", "JP"};

int main(int argc, char **argv)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store *st = NULL;
	struct store_tenant t = {0};
	struct store_unit u = {0};
	struct store_user usr = {0};
	struct store_write w = {0, 0, 1709283600000000, "bench"};
	FILE *fc = NULL, *fi = NULL;
	long long n;
	char *end;
	double t0, secs;
	sv_date decided = 19783; /* 2024-03-01 */

	if (argc < 3) {
		fprintf(stderr, "usage: bench_store URL N [CSVDIR]\n");
		return 2;
	}
	n = strtoll(argv[2], &end, 10);
	if (*end || n <= 0 || n > 99999999) {
		fprintf(stderr, "bench_store: bad N\n");
		return 2;
	}
	if (argc > 3) {
		char p[1024];
		snprintf(p, sizeof(p), "%s/customers.csv", argv[3]);
		fc = fopen(p, "w");
		snprintf(p, sizeof(p), "%s/interventions.csv", argv[3]);
		fi = fopen(p, "w");
		if (!fc || !fi) {
			perror("bench_store: csv");
			return 1;
		}
	}
	if (store_open(argv[1], &st, &e) || store_migrate(st, NULL, NULL, &e))
		die("open", &e);
	t.code = "bench";
	t.name = "Benchkommun";
	t.country = "SE";
	if (store_tenant_create(st, &t, w.at, &e))
		die("tenant", &e);
	w.tenant = t.id;
	u.name = "Arbetsmarknadsenheten";
	if (store_unit_create(st, &w, &u, &e))
		die("unit", &e);
	usr.username = "kvl";
	usr.display_name = "Karriärvägledare";
	usr.role = "counsellor";
	usr.unit_id = u.id;
	if (store_user_create(st, &w, &usr, &e))
		die("user", &e);

	t0 = now_s();
	for (long long i = 0; i < n; i++) {
		struct store_customer c = {0};
		struct store_intervention iv = {0};
		char pid[16];
		const char *code = codes[i % 7];

		if (i % BATCH == 0 && store_begin(st, &e))
			die("begin", &e);
		snprintf(pid, sizeof(pid), "19%010lld", i);
		c.person_id = pid;
		c.id_kind = "personnummer";
		c.given_name = (char *)given[i % 8];
		c.family_name = (char *)family[i % 6];
		c.birth_date = (sv_date)(-3000 + i % 15000);
		c.protection = "none";
		c.unit_id = u.id;
		c.counsellor_id = usr.id;
		w.at++;
		if (store_customer_create(st, &w, &c, &e))
			die("customer", &e);
		iv.customer_id = c.id;
		iv.code = (char *)code;
		iv.unit_id = u.id;
		iv.counsellor_id = usr.id;
		iv.decided_on = decided;
		iv.start_on = decided + 3;
		iv.planned_end_on = decided + 3 + 90;
		iv.actual_end_on = SV_NO_DATE;
		iv.state = "running";
		if (store_intervention_create(st, &w, &iv, &e))
			die("intervention", &e);
		if ((i % BATCH == BATCH - 1 || i == n - 1) && store_commit(st, &e))
			die("commit", &e);
		if (fc) {
			char b1[SV_DATE_STRLEN], b2[SV_DATE_STRLEN], b3[SV_DATE_STRLEN],
			        b4[SV_DATE_STRLEN];
			/* customers: tenant_id,id,ref,person_id,id_kind,given_name,family_name,
			 * birth_date,protection,interpreter_language,unit_id,counsellor_id,created_at
			 */
			fprintf(fc, "1,%lld,,%s,personnummer,%s,%s,%s,none,,1,1,%" PRId64 "\n",
			        i + 1, pid, given[i % 8], family[i % 6],
			        date_format(c.birth_date, b1), w.at);
			/* interventions:
			 * tenant_id,id,ref,customer_id,code,scheme,provider_id,unit_id,
			 * counsellor_id,decided_on,start_on,planned_end_on,actual_end_on,
			 * extension_months,state,end_reason,staff_user_id,created_at,updated_at */
			fprintf(fi,
			        "1,%lld,,%lld,%s,%s,,1,1,%s,%s,%s,,0,running,,,%" PRId64 ",%" PRId64
			        "\n",
			        i + 1, i + 1, code, store_intervention_scheme(code),
			        date_format(decided, b2), date_format(decided + 3, b3),
			        date_format(decided + 93, b4), w.at, w.at);
		}
	}
	secs = now_s() - t0;
	printf("stegvis store (%s): %lld customers + %lld interventions = %lld rows in %.1f s: "
	       "%.0f rows/s (each with its hash-chained event)\n",
	       store_backend(st) == STORE_PG ? "postgresql" : "sqlite", n, n, 2 * n, secs,
	       (double)(2 * n) / secs);
	if (fc && (fclose(fc) || fclose(fi))) {
		perror("bench_store: csv");
		return 1;
	}
	store_close(st);
	return 0;
}
