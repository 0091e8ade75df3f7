/*
 * Request metrics in the Prometheus text format: requests by route and
 * status, a latency histogram per route, database time per route, and the
 * X-2 access-log writer (commits, rows, failures, and how long a row waits
 * to be durable). Counters are atomics, updated without locks.
 */
#include "http/http_int.h"

#include <stdatomic.h>
#include <stdlib.h>

static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404,
                               405, 409, 413, 415, 422, 429, 500, 503};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]) + 1) /* last: other */

static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define NBUCKET (sizeof(bounds) / sizeof(bounds[0]) + 1) /* last: +Inf */

struct route_metrics {
	atomic_uint_fast64_t count[NSTATUS];
	atomic_uint_fast64_t bucket[NBUCKET];
	atomic_uint_fast64_t total_ns;
	atomic_uint_fast64_t db_ns;
};

/* How long the oldest row of a commit waited, from queued to durable. */
static const double lag_bounds[] = {0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
#define NLAG (sizeof(lag_bounds) / sizeof(lag_bounds[0]) + 1)

struct http_metrics {
	size_t nroutes; /* plus a slot for unmatched requests and one for static files */
	struct route_metrics *r;
	atomic_uint_fast64_t alog_commits, alog_rows, alog_failures;
	atomic_uint_fast64_t alog_lag[NLAG];
	atomic_uint_fast64_t alog_lag_ns;
};

struct http_metrics *http_metrics_new(size_t nroutes)
{
	struct http_metrics *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->nroutes = nroutes;
	m->r = calloc(nroutes + 2, sizeof(*m->r));
	if (!m->r) {
		free(m);
		return NULL;
	}
	return m;
}

void http_metrics_free(struct http_metrics *m)
{
	if (!m)
		return;
	free(m->r);
	free(m);
}

void http_metrics_observe(struct http_metrics *m, int route, int status, int64_t total_ns,
                          int64_t db_ns)
{
	struct route_metrics *rm;
	size_t s = NSTATUS - 1, b = NBUCKET - 1;
	double secs = (double)total_ns / 1e9;

	if (!m)
		return;
	if (route == HTTP_ROUTE_STATIC)
		rm = &m->r[m->nroutes + 1];
	else
		rm = &m->r[route < 0 || (size_t)route >= m->nroutes ? m->nroutes : (size_t)route];
	for (size_t i = 0; i + 1 < NSTATUS; i++)
		if (statuses[i] == status) {
			s = i;
			break;
		}
	for (size_t i = 0; i + 1 < NBUCKET; i++)
		if (secs <= bounds[i]) {
			b = i;
			break;
		}
	atomic_fetch_add_explicit(&rm->count[s], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&rm->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&rm->total_ns, (uint_fast64_t)(total_ns > 0 ? total_ns : 0),
	                          memory_order_relaxed);
	atomic_fetch_add_explicit(&rm->db_ns, (uint_fast64_t)(db_ns > 0 ? db_ns : 0),
	                          memory_order_relaxed);
}

static const char *route_label(size_t i, size_t n, char *tmp, size_t tmpsz)
{
	if (i == n + 1)
		return "static";
	if (i >= n)
		return "unmatched";
	snprintf(tmp, tmpsz, "%s %s", http_method_name(http_routes[i].method),
	         http_routes[i].pattern);
	return tmp;
}

void http_metrics_alog(struct http_metrics *m, size_t rows, int64_t lag_ns, bool ok)
{
	size_t b = NLAG - 1;
	double secs = (double)lag_ns / 1e9;

	if (!m)
		return;
	if (!ok) {
		atomic_fetch_add_explicit(&m->alog_failures, 1, memory_order_relaxed);
		return;
	}
	for (size_t i = 0; i + 1 < NLAG; i++)
		if (secs <= lag_bounds[i]) {
			b = i;
			break;
		}
	atomic_fetch_add_explicit(&m->alog_commits, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->alog_rows, rows, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->alog_lag[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->alog_lag_ns, (uint_fast64_t)(lag_ns > 0 ? lag_ns : 0),
	                          memory_order_relaxed);
}

static enum sv_rc write_alog(const struct http_metrics *m, struct buf *out)
{
	uint64_t cum = 0, commits = atomic_load_explicit(&m->alog_commits, memory_order_relaxed);
	enum sv_rc rc = buf_addf(
	        out,
	        "# HELP stegvis_accesslog_commits_total Group commits of X-2 access-log rows.\n"
	        "# TYPE stegvis_accesslog_commits_total counter\n"
	        "stegvis_accesslog_commits_total %llu\n"
	        "# HELP stegvis_accesslog_rows_total X-2 access-log rows committed.\n"
	        "# TYPE stegvis_accesslog_rows_total counter\n"
	        "stegvis_accesslog_rows_total %llu\n"
	        "# HELP stegvis_accesslog_failures_total Failed access-log commits (retried).\n"
	        "# TYPE stegvis_accesslog_failures_total counter\n"
	        "stegvis_accesslog_failures_total %llu\n"
	        "# HELP stegvis_accesslog_lag_seconds Time the oldest row of a commit waited "
	        "from queued to durable (what a crash could lose).\n"
	        "# TYPE stegvis_accesslog_lag_seconds histogram\n",
	        (unsigned long long)commits,
	        (unsigned long long)atomic_load_explicit(&m->alog_rows, memory_order_relaxed),
	        (unsigned long long)atomic_load_explicit(&m->alog_failures, memory_order_relaxed));

	for (size_t b = 0; !rc && b < NLAG; b++) {
		cum += atomic_load_explicit(&m->alog_lag[b], memory_order_relaxed);
		if (b + 1 < NLAG)
			rc = buf_addf(out, "stegvis_accesslog_lag_seconds_bucket{le=\"%g\"} %llu\n",
			              lag_bounds[b], (unsigned long long)cum);
		else
			rc = buf_addf(out,
			              "stegvis_accesslog_lag_seconds_bucket{le=\"+Inf\"} %llu\n",
			              (unsigned long long)cum);
	}
	if (!rc)
		rc = buf_addf(out,
		              "stegvis_accesslog_lag_seconds_sum %.6f\n"
		              "stegvis_accesslog_lag_seconds_count %llu\n",
		              (double)atomic_load_explicit(&m->alog_lag_ns, memory_order_relaxed) /
		                      1e9,
		              (unsigned long long)cum);
	return rc;
}

enum sv_rc http_metrics_write(const struct http_metrics *m, struct buf *out)
{
	enum sv_rc rc = SV_OK;
	char tmp[160];

	rc = buf_adds(out, "# HELP stegvis_http_requests_total HTTP requests by route and status.\n"
	                   "# TYPE stegvis_http_requests_total counter\n");
	for (size_t i = 0; !rc && i <= m->nroutes + 1; i++) {
		const char *label = route_label(i, m->nroutes, tmp, sizeof(tmp));
		for (size_t s = 0; !rc && s < NSTATUS; s++) {
			uint64_t v = atomic_load_explicit(&m->r[i].count[s], memory_order_relaxed);
			if (!v)
				continue;
			if (s + 1 < NSTATUS)
				rc = buf_addf(
				        out,
				        "stegvis_http_requests_total{route=\"%s\",status=\"%d\"} "
				        "%llu\n",
				        label, statuses[s], (unsigned long long)v);
			else
				rc = buf_addf(out,
				              "stegvis_http_requests_total{route=\"%s\",status="
				              "\"other\"} "
				              "%llu\n",
				              label, (unsigned long long)v);
		}
	}
	if (!rc)
		rc = buf_adds(out, "# HELP stegvis_http_request_duration_seconds Time from the "
		                   "request's last byte to its response.\n"
		                   "# TYPE stegvis_http_request_duration_seconds histogram\n");
	for (size_t i = 0; !rc && i <= m->nroutes + 1; i++) {
		const char *label = route_label(i, m->nroutes, tmp, sizeof(tmp));
		uint64_t cum = 0;
		for (size_t b = 0; b < NBUCKET; b++)
			cum += atomic_load_explicit(&m->r[i].bucket[b], memory_order_relaxed);
		if (!cum)
			continue;
		cum = 0;
		for (size_t b = 0; !rc && b < NBUCKET; b++) {
			cum += atomic_load_explicit(&m->r[i].bucket[b], memory_order_relaxed);
			if (b + 1 < NBUCKET)
				rc = buf_addf(
				        out,
				        "stegvis_http_request_duration_seconds_bucket{route=\"%s\","
				        "le=\"%g\"} %llu\n",
				        label, bounds[b], (unsigned long long)cum);
			else
				rc = buf_addf(
				        out,
				        "stegvis_http_request_duration_seconds_bucket{route=\"%s\","
				        "le=\"+Inf\"} %llu\n",
				        label, (unsigned long long)cum);
		}
		if (!rc)
			rc = buf_addf(
			        out,
			        "stegvis_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
			        "stegvis_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
			        label,
			        (double)atomic_load_explicit(&m->r[i].total_ns,
			                                     memory_order_relaxed) /
			                1e9,
			        label, (unsigned long long)cum);
	}
	if (!rc)
		rc = buf_adds(out, "# HELP stegvis_db_seconds_total Time spent in the database, "
		                   "by route.\n# TYPE stegvis_db_seconds_total counter\n");
	for (size_t i = 0; !rc && i <= m->nroutes + 1; i++) {
		uint64_t ns = atomic_load_explicit(&m->r[i].db_ns, memory_order_relaxed);
		if (!ns)
			continue;
		rc = buf_addf(out, "stegvis_db_seconds_total{route=\"%s\"} %.6f\n",
		              route_label(i, m->nroutes, tmp, sizeof(tmp)), (double)ns / 1e9);
	}
	if (!rc)
		rc = write_alog(m, out);
	return rc;
}
