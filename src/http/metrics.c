/*
 * Request metrics in the Prometheus text format: requests by route and
 * status, a latency histogram per route, database time per route. Counters
 * are atomics, updated by the pool threads without locks.
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

struct http_metrics {
	size_t nroutes; /* plus a slot for unmatched requests and one for static files */
	struct route_metrics *r;
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
	return rc;
}
