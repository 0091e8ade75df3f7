/*
 * bench_billing - the billing run benchmark (bench/billing.sh).
 *
 *   bench_billing gen DIR N
 *       Write the rows of a municipality with N running interventions as CSV
 *       files for the database's own bulk load (columns of sql/0001_init.sql
 *       and sql/0004_billing.sql, tenant 1): providers.csv, customers.csv,
 *       interventions.csv, reports.csv (monthly reports), positions.csv (what a
 *       confirmed run for May 2024 settled). Interventions start on a day from 1 January to 31
 *       May 2024 and run a year, at 100 providers, codes FAI1 ... ISA2; the
 *       report of every month from the start to June is in: 95 % on the 3rd
 *       of the next month, 3 % on the 10th (after the cut-off: held, then
 *       released, KV-72), 2 % never (held).
 *
 *   bench_billing run URL REPEAT [full]
 *       Time REPEAT previews of the run for June 2024 as of 16 July 2024
 *       (billing_runs_prepare() with dry_run, the sums only: the engine in
 *       streaming mode over every intervention) and print each time, the
 *       median and the run's totals. "full" reconciles every month of every
 *       intervention (a tenant's first run); otherwise what confirmed runs
 *       settled is used (a month's ordinary run).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "service/billing_runs.h"
#include "service/rulebook.h"
#include "stegvis/store.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process so far (user and system), in seconds. */
static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* The one-minute load average, or -1 where /proc/loadavg cannot be read. */
static double load1(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double l = -1;

	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

static void die(const char *what, const struct sv_error *e)
{
	char msg[600];
	sv_error_format(e, msg, sizeof(msg));
	fprintf(stderr, "bench_billing: %s: %s\n", what, msg);
	exit(1);
}

static FILE *open_csv(const char *dir, const char *name)
{
	char p[1024];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	if (!f) {
		perror(p);
		exit(1);
	}
	return f;
}

static const char *const codes[] = {"FAI1", "FAI2", "AMI1", "AMI2", "ISA1", "ISA2"};
static const char *const schemes[] = {"FAI", "FAI", "AMI", "AMI", "ISA", "ISA"};

/* 10:00 in Stockholm (CEST, UTC+2) on day d of 2024, as µs; good enough for April-October. */
static int64_t ts(sv_date d)
{
	return ((int64_t)d * 86400 + 8 * 3600) * 1000000;
}

static int gen(const char *dir, long long n)
{
	FILE *fc = open_csv(dir, "customers.csv"), *fi = open_csv(dir, "interventions.csv");
	FILE *fr = open_csv(dir, "reports.csv"), *fp = open_csv(dir, "positions.csv");
	FILE *fv = open_csv(dir, "providers.csv");
	sv_date jan1 = date_from_ymd(2024, 1, 1), june = date_from_ymd(2024, 6, 1);
	int64_t created = ts(jan1 - 30);
	long long doc = 0;

	for (int p = 1; p <= 100; p++)
		fprintf(fv, "1,%d,,5560000%03d,Anordnare %d,,,-1,%" PRId64 "\n", p, p, p, created);
	for (long long i = 1; i <= n; i++) {
		int k = (int)(i % 6);
		sv_date start = jan1 + (sv_date)((i * 7919) % 152); /* 1 January .. 31 May */
		sv_date end = date_add_months(start, 12) - 1;
		char s[SV_DATE_STRLEN], e[SV_DATE_STRLEN], dd[SV_DATE_STRLEN];

		fprintf(fc, "1,%lld,,,none,Kund,%lld,,none,,1,,%" PRId64 "\n", i, i, created);
		fprintf(fi,
		        "1,%lld,,%lld,%s,%s,%lld,1,,%s,%s,%s,,0,running,,,%" PRId64 ",%" PRId64
		        "\n",
		        i, i, codes[k], schemes[k], 1 + i % 100, date_format(start - 14, dd),
		        date_format(start, s), date_format(end, e), created, created);
		for (sv_date m = date_month_start(start); m <= june; m = date_add_months(m, 1)) {
			long long h = (i * 31 + (long long)m * 17) % 100;
			sv_date next = date_add_months(m, 1);
			char per[SV_DATE_STRLEN];
			if (h < 2)
				continue; /* never submitted */
			fprintf(fr,
			        "1,%lld,%lld,monthly_report,%s,submitted,1,%" PRId64 ",%" PRId64
			        "\n",
			        ++doc, i, date_format(m, per), ts(next + (h < 5 ? 9 : 2)),
			        ts(next + 2));
		}
		fprintf(fp, "1,%lld,2024-06-01,0,1,%" PRId64 "\n", i,
		        ts(date_from_ymd(2024, 6, 17)));
	}
	if (fclose(fc) || fclose(fi) || fclose(fr) || fclose(fp) || fclose(fv)) {
		perror("bench_billing: csv");
		return 1;
	}
	printf("%lld interventions, %lld monthly reports\n", n, doc);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int run(const char *url, int repeat, bool full)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store *st = NULL;
	struct store_tenant t = {0};
	struct rulebook rb;
	struct svc s;
	double times[64], cpus[64];
	char m[SV_MONEY_STRLEN];

	if (repeat < 1 || repeat > 64)
		repeat = 3;
	if (store_open(url, &st, &e) || store_tenant_get_by_code(st, "bench", &t, &e))
		die("open", &e);
	rulebook_init(&rb);
	if (rulebook_load_dir(&rb, rulebook_default_dir(), NULL, &e))
		die("rules", &e);
	memset(&s, 0, sizeof(s));
	s.st = st;
	s.tenant = t.id;
	s.today = date_from_ymd(2024, 7, 16);
	s.now = ts(s.today);
	s.rules = &rb;
	for (int i = 0; i < repeat; i++) {
		struct billing_request r = {date_from_ymd(2024, 6, 1), true, false, 0, full};
		struct billing_view v;
		double t0 = now_s(), c0 = cpu_s();

		if (billing_runs_prepare(&s, &r, &v, &e))
			die("run", &e);
		times[i] = now_s() - t0;
		cpus[i] = cpu_s() - c0;
		printf("  run %d: %.3f s (%.3f s of CPU; load %.2f): %" PRId64 " lines, %" PRId64
		       " notices, total %s\n",
		       i + 1, times[i], cpus[i], load1(), v.n_lines, v.n_notices,
		       money_format_sv(v.total, m));
		billing_view_release(&v);
	}
	qsort(times, (size_t)repeat, sizeof(times[0]), cmp_double);
	qsort(cpus, (size_t)repeat, sizeof(cpus[0]), cmp_double);
	printf("CPU median %.3f\n", cpus[repeat / 2]);
	printf("median %.3f\n", times[repeat / 2]);
	store_tenant_release(&t);
	rulebook_release(&rb);
	store_close(st);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "gen"))
		return gen(argv[2], strtoll(argv[3], NULL, 10));
	if (argc >= 4 && !strcmp(argv[1], "run"))
		return run(argv[2], (int)strtol(argv[3], NULL, 10),
		           argc > 4 && !strcmp(argv[4], "full"));
	fprintf(stderr, "usage: bench_billing gen DIR N | bench_billing run URL REPEAT [full]\n");
	return 2;
}
