/*
 * The HTTP server: libmicrohttpd with epoll and a small thread pool (two
 * workers per core: handlers only wait for local database reads), one
 * struct http_req (and arena) per request, kept by its connection for the
 * next request, a pool of database handles (one
 * per worker at most, never shared between threads), the X-2 group-commit
 * writer, the authentication cache, the web interface's static files and a
 * graceful drain on SIGTERM. See http.h for the life of a request and
 * docs/internals/http.md for the measurements behind these choices.
 */
#include "http/http_int.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <microhttpd.h>
#include <sodium.h>

#define POOL_MAX 64

#define ALOG_QUEUE_MAX 4096 /* rows accepted and not yet committed, at most */
#define ALOG_TEXT      48   /* purpose and what are short names ("case_work") */
/*
 * The writer starts a commit at most every ALOG_GAP_NS (unless the ring is
 * half full): under load a commit then carries a few dozen rows, which
 * costs far fewer syncs and page writes than one commit per handful.
 */
#define ALOG_GAP_NS 1000000
/*
 * New reads are held back while the oldest row not yet durable has waited
 * longer than this (a writer starved of CPU): what a crash can lose is the
 * reads accepted within such a span, never more.
 */
#define ALOG_MAX_LAG_NS 20000000

/* One X-2 access-log row. */
struct alog_row {
	int64_t tenant, user, customer;
	sv_time at;
	int64_t queued_ns; /* monotonic, when it entered the queue (for the lag metric) */
	char purpose[ALOG_TEXT], what[ALOG_TEXT];
};

struct alog_stage {
	struct alog_row row;
	struct alog_stage *next;
};

/*
 * What the server keeps per request beyond struct http_req (which comes
 * first, so a struct http_req * of the server's making converts back): the
 * X-2 rows of the request's reads, staged in its arena until the handler
 * has finished and then handed to the writer in one step.
 */
struct req_ext {
	struct http_req r;
	struct alog_stage *rows, **rows_tail;
	size_t nrows;
	struct conn_ctx *conn_ctx; /* the connection whose memory this is, or NULL */
};

/*
 * A connection's memory: the requests of a keep-alive connection follow
 * each other, so each reuses the one before's struct, arena block and body
 * buffer instead of allocating them again (arena.h: arena_reset).
 */
struct conn_ctx {
	struct req_ext x;
	bool busy;   /* x belongs to a request in progress */
	bool closed; /* the connection ended first: the request frees this */
};

static struct req_ext *ext_of(const struct http_req *r)
{
	return (struct req_ext *)(void *)(uintptr_t)r;
}

struct http_server {
	struct http_config cfg;
	struct MHD_Daemon *d;
	struct http_metrics *metrics;
	struct http_auth_cache *auth;
	struct http_static *web;
	int64_t tenant;
	bool tls;
	char *openapi;
	size_t openapi_len;
	struct rulebook rules; /* loaded at start, read-only while serving */
	char *tls_cert, *tls_key;
	/* Database handles not in use. */
	pthread_mutex_t pool_lock;
	struct store *pool[POOL_MAX];
	size_t npool;
	/*
	 * a bounded queue (a ring) of accepted rows and one writer thread
	 * with its own store handle that commits everything queued in one
	 * transaction (group commit).
	 */
	pthread_mutex_t alog_lock;
	pthread_cond_t alog_work;    /* rows queued, or stop */
	pthread_cond_t alog_space;   /* room in the ring, the writer idle, or failing */
	struct alog_row *alog_q;     /* the ring, ALOG_QUEUE_MAX rows */
	struct alog_row *alog_batch; /* the writer's copy of what it commits */
	size_t alog_head, alog_n;    /* first queued row, rows queued */
	size_t alog_taken;           /* rows the writer is committing */
	uint64_t alog_accepted;      /* rows ever queued */
	uint64_t alog_settled;       /* rows ever committed (or refused, or given up) */
	bool alog_stop, alog_running, alog_sleeping;
	bool alog_failing; /* the last commit failed: personal data is withheld */
	pthread_t alog_thread;
	struct store *alog_st;
	atomic_int in_flight;
	atomic_uint_fast64_t seq;
	uint32_t rid_prefix;
};

void http_config_init(struct http_config *c)
{
	memset(c, 0, sizeof(*c));
	c->listen = "127.0.0.1:8080";
	c->tenant = "default";
	c->openapi_path = SV_SOURCE_DIR "/docs/openapi.yaml";
	c->timeout_s = 30;
	c->max_body = 64 << 10;
	c->max_depth = 16;
	c->drain_ms = 30000;
	auth_policy_default(&c->policy);
	log_sink_init(&c->log, 2, LOG_INFO);
	c->now_ms = sv_now_real;
	c->today = SV_NO_DATE;
	c->ready_fd = -1;
}

int64_t http_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

const struct http_config *http_config_of(const struct http_req *r)
{
	return &r->srv->cfg;
}

int64_t http_now_ms(const struct http_req *r)
{
	const struct http_config *c = &r->srv->cfg;
	return c->now_ms ? c->now_ms(c->now_ctx) : sv_now_real(NULL);
}

sv_time http_now_us(const struct http_req *r)
{
	return (sv_time)http_now_ms(r) * 1000;
}

sv_date http_today(const struct http_req *r)
{
	time_t t;
	struct tm tm;

	if (r->srv->cfg.today != SV_NO_DATE)
		return r->srv->cfg.today;
	/* CAL-1: the civil date in the municipality's zone; TZ is set before the threads start. */
	t = (time_t)(http_now_ms(r) / 1000);
	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

const char *http_openapi_json(const struct http_req *r, size_t *len)
{
	*len = r->srv->openapi_len;
	return r->srv->openapi;
}

enum sv_rc http_metrics_render(const struct http_req *r, struct buf *out)
{
	return http_metrics_write(r->srv->metrics, out);
}

void http_db_time(struct http_req *r, int64_t t0_ns)
{
	r->db_ns += http_clock_ns() - t0_ns;
}

bool http_db_ping(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	int version = 0;
	int64_t t0 = http_clock_ns();
	bool ok = r->st && store_schema_version(r->st, &version, &err) == SV_OK;

	http_db_time(r, t0);
	return ok && version > 0;
}

const char *http_header(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_query(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_cookie(struct http_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

bool http_is_tls(const struct http_req *r)
{
	return r->srv->tls;
}

const char *http_client_address(struct http_req *r)
{
	const union MHD_ConnectionInfo *ci =
	        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char host[INET6_ADDRSTRLEN];
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	if (!sa)
		return "unknown";
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, host,
		          sizeof(host));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		          host, sizeof(host));
	else
		return "unknown";
	return arena_strdup(&r->arena, host);
}

/* ---- X-2 access log with group commit ---------------------------------------- */

/*
 * The guarantee (docs/internals/http.md, "X-2"): a read's rows are in the
 * queue before its response is queued; the writer commits whatever is
 * queued in one transaction as soon as the previous commit is done, so a
 * row normally becomes durable within a commit or two (a few
 * milliseconds); a full queue holds new reads back; while commits fail,
 * reads of personal data are refused (503) and the rows already accepted
 * are retried, never dropped; SIGTERM stops accepting, drains the requests
 * and then commits everything queued. A crash of the process or the machine
 * loses the rows accepted since the last commit (at most ALOG_QUEUE_MAX).
 */

static void alog_log_row(struct http_server *s, const char *event, const struct alog_row *it)
{
	/* Ids and names of purposes only: enough to put the row back by hand. */
	log_emit(&s->cfg.log, LOG_ERROR, event, LOG_INT("tenant", it->tenant),
	         LOG_INT("user", it->user), LOG_INT("customer", it->customer),
	         LOG_INT("at_us", it->at), LOG_STR("purpose", it->purpose),
	         LOG_STR("what", it->what), LOG_END);
}

/* rows[0..n) in one transaction. */
static enum sv_rc alog_write(struct store *st, const struct alog_row *rows, size_t n,
                             struct sv_error *err)
{
	enum sv_rc rc = n > 1 ? store_begin(st, err) : SV_OK;

	for (size_t i = 0; !rc && i < n; i++)
		rc = store_access_log(st, rows[i].tenant, rows[i].user, rows[i].customer,
		                      rows[i].at, rows[i].purpose,
		                      rows[i].what[0] ? rows[i].what : NULL, err);
	if (n > 1) {
		if (!rc)
			rc = store_commit(st, err);
		if (rc)
			store_rollback(st);
	}
	return rc;
}

/* Open the writer's handle again after a database error. */
static void alog_reopen(struct http_server *s)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *fresh = NULL;

	if (store_open(s->cfg.db_url, &fresh, &err) == SV_OK) {
		store_close(s->alog_st);
		s->alog_st = fresh;
	}
}

static void alog_set_failing(struct http_server *s, bool failing)
{
	pthread_mutex_lock(&s->alog_lock);
	if (s->alog_failing != failing) {
		s->alog_failing = failing;
		pthread_cond_broadcast(&s->alog_space);
	}
	pthread_mutex_unlock(&s->alog_lock);
}

/*
 * Commit rows[0..n) until it succeeds. A row the database refuses for good
 * (a constraint: SV_EINVAL) is logged and left out; for anything else the
 * server is marked failing and the rest is retried with a growing pause,
 * or, once stopping, given up after three tries with every row logged.
 */
static void alog_commit(struct http_server *s, const struct alog_row *rows, size_t n)
{
	struct sv_error err = SV_ERROR_INIT;
	long pause_ms = 50;
	int tries = 0;
	bool failed = false;
	size_t total = n;
	int64_t oldest = n ? rows[0].queued_ns : 0;

	while (n) {
		enum sv_rc rc;
		bool stopping;
		struct timespec ts;

		sv_error_clear(&err);
		rc = alog_write(s->alog_st, rows, n, &err);
		if (!rc) {
			http_metrics_alog(s->metrics, total, http_clock_ns() - oldest, true);
			break;
		}
		if (rc == SV_EINVAL) {
			/* One row at a time: only the refused ones stay out. */
			size_t i;
			for (i = 0; i < n; i++) {
				sv_error_clear(&err);
				rc = alog_write(s->alog_st, rows + i, 1, &err);
				if (rc == SV_EINVAL)
					alog_log_row(s, "accesslog.refused", rows + i);
				else if (rc)
					break;
			}
			rows += i;
			n -= i;
			if (!n)
				break;
		}
		log_emit(&s->cfg.log, LOG_ERROR, "accesslog.write", LOG_INT("rows", (int64_t)n),
		         LOG_STR("detail", err.msg), LOG_END);
		failed = true;
		http_metrics_alog(s->metrics, 0, 0, false);
		alog_set_failing(s, true);
		pthread_mutex_lock(&s->alog_lock);
		stopping = s->alog_stop;
		pthread_mutex_unlock(&s->alog_lock);
		if (stopping && ++tries >= 3) {
			for (size_t i = 0; i < n; i++)
				alog_log_row(s, "accesslog.lost", rows + i);
			break;
		}
		ts.tv_sec = pause_ms / 1000;
		ts.tv_nsec = (pause_ms % 1000) * 1000000;
		nanosleep(&ts, NULL);
		pause_ms = pause_ms < 1000 ? pause_ms * 2 : 1000;
		alog_reopen(s);
	}
	if (failed)
		alog_set_failing(s, false);
}

static void *alog_writer(void *arg)
{
	struct http_server *s = arg;
	int64_t last = 0;

	pthread_mutex_lock(&s->alog_lock);
	for (;;) {
		size_t n, first;
		int64_t wait_ns = last + ALOG_GAP_NS - http_clock_ns();

		if (wait_ns > 0 && s->alog_n && s->alog_n < ALOG_QUEUE_MAX / 2 && !s->alog_stop) {
			/* Let the batch grow for the rest of the gap. */
			struct timespec ts = {0, (long)wait_ns};
			pthread_mutex_unlock(&s->alog_lock);
			nanosleep(&ts, NULL);
			pthread_mutex_lock(&s->alog_lock);
		}

		while (!s->alog_n && !s->alog_stop) {
			s->alog_sleeping = true;
			pthread_cond_wait(&s->alog_work, &s->alog_lock);
			s->alog_sleeping = false;
		}
		if (!s->alog_n)
			break;
		/* Everything queued, in order: the ring may wrap once. */
		n = s->alog_n;
		first = ALOG_QUEUE_MAX - s->alog_head < n ? ALOG_QUEUE_MAX - s->alog_head : n;
		memcpy(s->alog_batch, s->alog_q + s->alog_head, first * sizeof(*s->alog_batch));
		memcpy(s->alog_batch + first, s->alog_q, (n - first) * sizeof(*s->alog_batch));
		s->alog_head = (s->alog_head + n) % ALOG_QUEUE_MAX;
		s->alog_n = 0;
		s->alog_taken = n;
		pthread_cond_broadcast(&s->alog_space);
		pthread_mutex_unlock(&s->alog_lock);
		last = http_clock_ns();
		alog_commit(s, s->alog_batch, n);
		pthread_mutex_lock(&s->alog_lock);
		s->alog_taken = 0;
		s->alog_settled += n;
		pthread_cond_broadcast(&s->alog_space);
	}
	pthread_mutex_unlock(&s->alog_lock);
	return NULL;
}

/*
 * The svc_access_fn of the server: the row joins the request and is handed
 * to the writer when the handler is done (alog_submit), before any of the
 * response leaves. Returns at once.
 */
static enum sv_rc alog_append(void *ctx, const struct svc *sv, int64_t customer,
                              const char *purpose, const char *what, struct sv_error *err)
{
	struct req_ext *x = ctx;
	struct alog_stage *it = arena_alloc(&x->r.arena, sizeof(*it));

	if (!it || !purpose || strlen(purpose) >= ALOG_TEXT || (what && strlen(what) >= ALOG_TEXT))
		return sv_error_set(err, SV_ENOMEM, "", "X-2",
		                    "the access log could not be written");
	it->row.tenant = sv->tenant;
	it->row.user = sv->who->user_id;
	it->row.customer = customer;
	it->row.at = sv->now;
	memcpy(it->row.purpose, purpose, strlen(purpose) + 1);
	if (what)
		memcpy(it->row.what, what, strlen(what) + 1);
	else
		it->row.what[0] = '\0';
	it->next = NULL;
	*x->rows_tail = it;
	x->rows_tail = &it->next;
	x->nrows++;
	return SV_OK;
}

svc_access_fn http_access_log_fn(const struct http_req *r, void **ctx)
{
	*ctx = ext_of(r);
	return r->srv->alog_running ? alog_append : NULL;
}

/* When the oldest row not yet durable was queued (monotonic ns), or 0. Under alog_lock. */
static int64_t alog_oldest(const struct http_server *s)
{
	if (s->alog_taken)
		return s->alog_batch[0].queued_ns; /* written before alog_taken, then only read */
	if (s->alog_n)
		return s->alog_q[s->alog_head].queued_ns;
	return 0;
}

static bool alog_must_wait(const struct http_server *s, size_t rows)
{
	int64_t oldest;

	if (s->alog_failing || s->alog_stop)
		return false;
	if (s->alog_n + rows > ALOG_QUEUE_MAX)
		return true;
	oldest = alog_oldest(s);
	return oldest && http_clock_ns() - oldest > ALOG_MAX_LAG_NS;
}

/*
 * Queue the rows of x (all or none). Waits while the ring is full. false
 * when the log is failing or the rows do not fit: the data must then not
 * be returned.
 */
static bool alog_submit(struct http_server *s, struct req_ext *x)
{
	bool ok = false;

	if (x->nrows > ALOG_QUEUE_MAX)
		return false;
	pthread_mutex_lock(&s->alog_lock);
	/* Only a commit changes what is waited for, and every commit broadcasts alog_space. */
	while (alog_must_wait(s, x->nrows))
		pthread_cond_wait(&s->alog_space, &s->alog_lock);
	if (!s->alog_failing && !s->alog_stop) {
		size_t tail = (s->alog_head + s->alog_n) % ALOG_QUEUE_MAX;
		int64_t now = http_clock_ns();
		for (const struct alog_stage *it = x->rows; it; it = it->next) {
			s->alog_q[tail] = it->row;
			s->alog_q[tail].queued_ns = now;
			tail = (tail + 1) % ALOG_QUEUE_MAX;
		}
		s->alog_n += x->nrows;
		s->alog_accepted += x->nrows;
		if (s->alog_sleeping)
			pthread_cond_signal(&s->alog_work);
		ok = true;
	}
	pthread_mutex_unlock(&s->alog_lock);
	return ok;
}

/*
 * Read-your-writes for the access log on this server: wait until every row
 * queued so far is committed (a commit or two: milliseconds). false when
 * the log is failing or this takes longer than five seconds.
 */
static bool alog_barrier(struct http_server *s)
{
	struct timespec until;
	uint64_t want;
	bool ok;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	pthread_mutex_lock(&s->alog_lock);
	want = s->alog_accepted;
	while (s->alog_running && !s->alog_failing && s->alog_settled < want)
		if (pthread_cond_timedwait(&s->alog_space, &s->alog_lock, &until))
			break;
	ok = !s->alog_running || (!s->alog_failing && s->alog_settled >= want);
	pthread_mutex_unlock(&s->alog_lock);
	return ok;
}

static enum sv_rc alog_start(struct http_server *s, struct sv_error *err)
{
	enum sv_rc rc;

	s->alog_q = calloc(ALOG_QUEUE_MAX, sizeof(*s->alog_q));
	s->alog_batch = calloc(ALOG_QUEUE_MAX, sizeof(*s->alog_batch));
	if (!s->alog_q || !s->alog_batch)
		return SV_ENOMEM;
	if ((rc = store_open(s->cfg.db_url, &s->alog_st, err)))
		return rc;
	if (pthread_create(&s->alog_thread, NULL, alog_writer, s))
		return sv_error_set(err, SV_ENOMEM, "", "", "cannot start the access-log writer");
	s->alog_running = true;
	return SV_OK;
}

/* After the last request: the writer commits everything queued and ends. */
static void alog_stop(struct http_server *s)
{
	if (s->alog_running) {
		pthread_mutex_lock(&s->alog_lock);
		s->alog_stop = true;
		pthread_cond_signal(&s->alog_work);
		pthread_cond_broadcast(&s->alog_space);
		pthread_mutex_unlock(&s->alog_lock);
		pthread_join(s->alog_thread, NULL);
		s->alog_running = false;
	}
	store_close(s->alog_st);
	s->alog_st = NULL;
	free(s->alog_q);
	free(s->alog_batch);
	s->alog_q = s->alog_batch = NULL;
}

/* ---- The pool of database handles ------------------------------------------ */

static struct store *pool_get(struct http_server *s, struct sv_error *err)
{
	struct store *st = NULL;

	pthread_mutex_lock(&s->pool_lock);
	if (s->npool)
		st = s->pool[--s->npool];
	pthread_mutex_unlock(&s->pool_lock);
	if (!st && store_open(s->cfg.db_url, &st, err))
		return NULL;
	return st;
}

static void pool_put(struct http_server *s, struct store *st)
{
	if (!st)
		return;
	store_rollback(st);
	pthread_mutex_lock(&s->pool_lock);
	if (s->npool < POOL_MAX) {
		s->pool[s->npool++] = st;
		st = NULL;
	}
	pthread_mutex_unlock(&s->pool_lock);
	if (st)
		store_close(st);
}

/* ---- Requests ------------------------------------------------------------------ */

struct http_auth_cache *http_auth_cache_of(const struct http_req *r)
{
	return r->srv->auth;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *s = cls;
	struct conn_ctx *c = *socket_context;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		c = calloc(1, sizeof(*c));
		if (c) {
			arena_init(&c->x.r.arena, 8 << 10, 16 << 20);
			buf_init(&c->x.r.body, s->cfg.max_body);
		}
		*socket_context = c;
		return;
	}
	*socket_context = NULL;
	if (!c)
		return;
	if (c->busy) {
		c->closed = true;
		return;
	}
	arena_release(&c->x.r.arena);
	buf_release(&c->x.r.body);
	free(c);
}

static struct http_req *req_new(struct http_server *s, struct MHD_Connection *conn, const char *url,
                                const char *method)
{
	const union MHD_ConnectionInfo *ci =
	        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_ctx *c = ci ? ci->socket_context : NULL;
	struct req_ext *x;
	struct http_req *r;
	uint64_t n;

	if (c && !c->busy) {
		struct arena a = c->x.r.arena;
		struct buf b = c->x.r.body;
		x = &c->x;
		memset(x, 0, sizeof(*x));
		x->r.arena = a;
		x->r.body = b;
		x->r.body.max = s->cfg.max_body; /* the route may raise it (on_request) */
		x->conn_ctx = c;
		c->busy = true;
	} else {
		if (!(x = calloc(1, sizeof(*x))))
			return NULL;
		arena_init(&x->r.arena, 8 << 10, 16 << 20);
		buf_init(&x->r.body, s->cfg.max_body);
	}
	r = &x->r;
	x->rows_tail = &x->rows;
	r->srv = s;
	r->conn = conn;
	r->t0_ns = http_clock_ns();
	n = atomic_fetch_add(&s->seq, 1) + 1;
	snprintf(r->rid, sizeof(r->rid), "%08x%012llx", (unsigned)s->rid_prefix,
	         (unsigned long long)n & 0xffffffffffffULL);
	r->method = http_method_parse(method);
	r->method_str = r->method == HM_OTHER ? "OTHER" : http_method_name(r->method);
	r->path = arena_strdup(&r->arena, url);
	r->route_index = -1;
	r->tenant = s->tenant;
	return r;
}

static void req_free(struct http_req *r)
{
	struct req_ext *x = ext_of(r);
	struct conn_ctx *c;

	if (!r)
		return;
	c = x->conn_ctx;
	json_decref(r->out);
	r->out = NULL;
	sodium_memzero(r->session_token, sizeof(r->session_token));
	/* A body may hold a password (login): it does not linger in kept memory. */
	if (r->body.len)
		sodium_memzero(r->body.data, r->body.len);
	if (c && !c->closed) {
		/* Kept for the connection's next request; a large body buffer is not. */
		arena_reset(&r->arena);
		if (r->body.cap > (8 << 10)) {
			buf_release(&r->body);
			buf_init(&r->body, r->srv->cfg.max_body);
		} else {
			buf_reset(&r->body);
			r->body.max = r->srv->cfg.max_body; /* a large route's cap ends here */
		}
		c->busy = false;
		return;
	}
	buf_release(&r->body);
	arena_release(&r->arena);
	free(c ? (void *)c : (void *)x);
}

size_t http_body_cap(const struct http_config *c, enum http_method m, const char *path,
                     struct arena *a)
{
	const char *params[HTTP_MAX_PARAMS];
	size_t nparams = 0;
	bool known = false;
	int idx;

	if (!path || http_static_claims(path))
		return c->max_body;
	idx = http_route_match(m, path, params, &nparams, a, &known);
	if (idx >= 0 && (http_routes[idx].flags & RF_LARGE_BODY) &&
	    HTTP_LARGE_BODY_MAX > c->max_body)
		return HTTP_LARGE_BODY_MAX;
	return c->max_body;
}

static bool unsafe(enum http_method m)
{
	return m != HM_GET && m != HM_HEAD;
}

static void dispatch(struct http_server *s, struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	const struct route *rt;
	bool path_known = false;
	int idx;

	if (!r->path) {
		http_error(r, 500, NULL, NULL, "out of memory");
		return;
	}
	idx = http_route_match(r->method, r->path, r->params, &r->nparams, &r->arena, &path_known);
	if (idx < 0) {
		if (path_known) {
			r->allow = http_route_allow(r->path, &r->arena);
			http_error(r, 405, NULL, NULL, "method %s not allowed here", r->method_str);
		} else {
			http_error(r, 404, NULL, NULL, "no such route");
		}
		return;
	}
	r->route_index = idx;
	r->route = rt = &http_routes[idx];
	if (r->body_too_large) {
		http_error(r, 413, NULL, "X-4.size", "the body exceeds %zu bytes", r->body.max);
		return;
	}
	if (!(rt->flags & RF_BODY) && r->body.len) {
		http_error(r, 400, NULL, "X-4", "this route takes no body");
		return;
	}
	if (rt->handler == h_metrics || rt->handler == h_openapi) {
		rt->handler(r);
		return;
	}
	r->st = pool_get(s, &err);
	if (!r->st) {
		log_emit(&s->cfg.log, LOG_ERROR, "db.open", LOG_STR("rid", r->rid),
		         LOG_STR("detail", err.msg), LOG_END);
		if (rt->handler == h_healthz)
			rt->handler(r);
		else
			http_error(r, 503, NULL, NULL, "the database is unavailable");
		return;
	}
	if (!(rt->flags & RF_PUBLIC)) {
		if (!http_authenticate(r))
			goto out;
		if (!r->authed) {
			http_error(r, 401, NULL, NULL, "sign in first");
			goto out;
		}
		if (unsafe(r->method) && !(rt->flags & RF_NO_CSRF) && !http_csrf_ok(r)) {
			http_error(r, 403, "csrf", NULL,
			           "missing or wrong X-CSRF-Token header for this session");
			goto out;
		}
		if (rt->action != ROUTE_ACTION_NONE &&
		    !authz_allowed(&r->who, (enum authz_action)rt->action)) {
			http_error(r, 403, NULL, "X-3", "the role %s may not %s",
			           authz_role_name(r->who.role),
			           authz_action_name((enum authz_action)rt->action));
			goto out;
		}
	}
	/* What lists the access log first lets the writer catch up (alog_barrier). */
	if ((rt->handler == h_customers_access_log || rt->handler == h_users_access_log ||
	     rt->handler == h_customers_register_extract) &&
	    !alog_barrier(s)) {
		http_error(r, 503, "access_log", "X-2",
		           "the access log is being written; try again");
		goto out;
	}
	rt->handler(r);
	/*
	 * A request that may have changed state (logout, a disabled user, a
	 * new role, a revoked token) empties the authentication cache before
	 * its response leaves, so this server's next request reads afresh. A
	 * 4xx never changes state, so those need not.
	 */
	if (unsafe(r->method) && !(r->status >= 400 && r->status < 500))
		http_auth_cache_flush(s->auth);
out:
	pool_put(s, r->st);
	r->st = NULL;
}

static void add_common_headers(struct http_server *s, struct http_req *r, struct MHD_Response *resp,
                               const char *ctype)
{
	MHD_add_response_header(resp, "Content-Type", ctype);
	MHD_add_response_header(resp, "X-Request-Id", r->rid);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        "default-src 'none'; frame-ancestors 'none'");
	if (s->tls)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	if (r->set_cookie)
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (r->allow)
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r->retry_after > 0) {
		char v[16];
		snprintf(v, sizeof(v), "%d", r->retry_after);
		MHD_add_response_header(resp, "Retry-After", v);
	}
}

/* Count and log a request whose response is queued. */
static void observe(struct http_server *s, struct http_req *r, int route_index, const char *route)
{
	int64_t total = http_clock_ns() - r->t0_ns;

	http_metrics_observe(s->metrics, route_index, r->status, total, r->db_ns);
	log_emit(&s->cfg.log, r->route && (r->route->flags & RF_NO_LOG) ? LOG_DEBUG : LOG_INFO,
	         "http.request", LOG_STR("rid", r->rid), LOG_STR("method", r->method_str),
	         LOG_STR("route", route), LOG_INT("status", r->status),
	         LOG_DBL("ms", (double)total / 1e6), LOG_DBL("db_ms", (double)r->db_ns / 1e6),
	         LOG_INT("user", r->authed ? r->who.user_id : 0), LOG_END);
}

static enum MHD_Result queue(struct http_server *s, struct http_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	const char *ctype = "application/json; charset=utf-8";

	if (!r->responded || (!r->out && !r->raw)) {
		if (!r->responded || r->status < 400)
			r->status = 500;
		r->raw = "{\"error\":{\"status\":500,\"code\":\"internal_error\"}}";
		r->raw_len = strlen(r->raw);
		json_decref(r->out);
		r->out = NULL;
	}
	if (r->out) {
		/*
		 * Encoded once, into the request's arena when it fits a block
		 * (no reallocations), else by jansson into its own buffer.
		 */
		size_t cap = 6 << 10, len;
		char *text = arena_alloc(&r->arena, cap);
		len = text ? json_dumpb(r->out, text, cap, JSON_COMPACT | JSON_ENSURE_ASCII)
		           : cap + 1;
		if (len && len <= cap) {
			resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_COPY);
		} else {
			text = json_dumps(r->out, JSON_COMPACT | JSON_ENSURE_ASCII);
			if (!text)
				return MHD_NO;
			resp = MHD_create_response_from_buffer(strlen(text), text,
			                                       MHD_RESPMEM_MUST_FREE);
			if (!resp)
				free(text);
		}
		if (!resp)
			return MHD_NO;
	} else {
		resp = MHD_create_response_from_buffer(r->raw_len, (void *)r->raw,
		                                       MHD_RESPMEM_MUST_COPY);
		if (r->raw_type)
			ctype = r->raw_type;
	}
	if (!resp)
		return MHD_NO;
	add_common_headers(s, r, resp, ctype);
	ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	observe(s, r, r->route_index, r->route ? r->route->pattern : "unmatched");
	return ret;
}

/* A file of the web interface (static.c builds the response and its headers). */
static enum MHD_Result queue_static(struct http_server *s, struct http_req *r)
{
	unsigned status = 500;
	struct MHD_Response *resp = http_static_respond(s->web, r, &status);
	enum MHD_Result ret;

	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "X-Request-Id", r->rid);
	if (s->tls)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	ret = MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	r->status = (int)status;
	observe(s, r, HTTP_ROUTE_STATIC, "static");
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_req *r = *con_cls;
	struct req_ext *x;

	if (!r) {
		const char *cl;
		r = req_new(s, conn, url, method);
		if (!r)
			return MHD_NO;
		*con_cls = r;
		atomic_fetch_add(&s->in_flight, 1);
		/* This request's body cap: its route's (http_int.h), else max_body. */
		r->body.max = http_body_cap(&s->cfg, r->method, r->path, &r->arena);
		/* Refuse an announced oversized body before reading it. */
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl) {
			char *end;
			errno = 0;
			unsigned long long n = strtoull(cl, &end, 10);
			if (errno || *end || n > r->body.max) {
				r->body_too_large = true;
				http_error(r, 413, NULL, "X-4.size", "the body exceeds %zu bytes",
				           r->body.max);
				return queue(s, r);
			}
		}
		return MHD_YES;
	}
	x = ext_of(r);
	if (*upload_data_size) {
		if (!r->body_too_large && buf_add(&r->body, upload_data, *upload_data_size))
			r->body_too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->responded && r->body_too_large && !r->route)
		return MHD_YES; /* 413 already queued */
	if (http_static_claims(r->path))
		return queue_static(s, r);
	dispatch(s, r);
	/* nothing of the data leaves before its access-log rows are queued. */
	if (x->nrows && !alog_submit(s, x)) {
		r->set_cookie = NULL;
		http_error(r, 503, "access_log", "X-2",
		           "the read cannot be logged now, so its data is withheld");
	}
	return queue(s, r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct http_req *r = *con_cls;

	if (!r)
		return;
	*con_cls = NULL;
	req_free(r);
	atomic_fetch_sub(&s->in_flight, 1);
}

/* ---- Start and stop ------------------------------------------------------------ */

static enum sv_rc read_file(const char *path, char **out, size_t *len, const char *field,
                            struct sv_error *err)
{
	struct buf b;
	enum sv_rc rc;

	buf_init(&b, 16 << 20);
	if ((rc = buf_read_file(&b, path, field, err))) {
		buf_release(&b);
		return rc;
	}
	*out = buf_take(&b, len);
	return *out ? SV_OK : SV_ENOMEM;
}

/*
 * docs/openapi.yaml is written in YAML's JSON-compatible flow style (every
 * JSON document is YAML 1.2), so jansson reads it; it is served re-encoded.
 */
static enum sv_rc load_openapi(struct http_server *s, struct sv_error *err)
{
	char *text = NULL;
	size_t len = 0;
	json_error_t jerr;
	json_t *doc;
	enum sv_rc rc = read_file(s->cfg.openapi_path, &text, &len, "--openapi", err);

	const char *p;

	if (rc)
		return rc;
	/* Leading YAML comment lines are skipped. */
	p = text;
	while (*p == '#') {
		const char *nl = strchr(p, '\n');
		p = nl ? nl + 1 : p + strlen(p);
	}
	doc = json_loadb(p, len - (size_t)(p - text), JSON_REJECT_DUPLICATES, &jerr);
	free(text);
	if (!doc)
		return sv_error_set(err, SV_EINVAL, "--openapi", "OpenAPI", "%s line %d: %s",
		                    s->cfg.openapi_path, jerr.line, jerr.text);
	s->openapi = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (!s->openapi)
		return SV_ENOMEM;
	s->openapi_len = strlen(s->openapi);
	return SV_OK;
}

static enum sv_rc parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *sslen,
                               struct sv_error *err)
{
	char host[256];
	const char *colon, *port;
	struct addrinfo hints, *res = NULL;
	size_t hlen;
	int gai;

	if (!listen || !(colon = strrchr(listen, ':')))
		return sv_error_set(err, SV_EINVAL, "--listen", "ADDR:PORT", "expected ADDR:PORT");
	port = colon + 1;
	hlen = (size_t)(colon - listen);
	if (hlen >= 2 && listen[0] == '[' && listen[hlen - 1] == ']') {
		listen++;
		hlen -= 2;
	}
	if (hlen == 0 || hlen >= sizeof(host) || !*port ||
	    strspn(port, "0123456789") != strlen(port))
		return sv_error_set(err, SV_EINVAL, "--listen", "ADDR:PORT", "expected ADDR:PORT");
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	gai = getaddrinfo(host, port, &hints, &res);
	if (gai || !res)
		return sv_error_set(err, SV_EINVAL, "--listen", "ADDR:PORT",
		                    "cannot resolve %s: %s", host, gai_strerror(gai));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	freeaddrinfo(res);
	return SV_OK;
}

static enum sv_rc prepare_store(struct http_server *s, struct sv_error *err)
{
	struct store *st = NULL;
	struct store_tenant t = {0};
	enum sv_rc rc = store_open(s->cfg.db_url, &st, err);

	if (rc)
		return rc;
	rc = store_migrate(st, NULL, NULL, err);
	if (!rc)
		rc = store_tenant_get_by_code(st, s->cfg.tenant, &t, err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		rc = sv_error_set(err, SV_ENOTFOUND, "--tenant", "X-5",
		                  "no tenant '%s' in the database (stegvis user add creates it)",
		                  s->cfg.tenant);
	}
	if (!rc)
		s->tenant = t.id;
	store_tenant_release(&t);
	if (rc)
		store_close(st);
	else
		pool_put(s, st);
	return rc;
}

static void server_release(struct http_server *s)
{
	alog_stop(s);
	pthread_mutex_destroy(&s->alog_lock);
	pthread_cond_destroy(&s->alog_work);
	pthread_cond_destroy(&s->alog_space);
	for (size_t i = 0; i < s->npool; i++)
		store_close(s->pool[i]);
	s->npool = 0;
	http_metrics_free(s->metrics);
	http_auth_cache_free(s->auth);
	http_static_free(s->web);
	free(s->openapi);
	if (s->tls_key)
		sodium_memzero(s->tls_key, strlen(s->tls_key));
	free(s->tls_key);
	free(s->tls_cert);
	rulebook_release(&s->rules);
	pthread_mutex_destroy(&s->pool_lock);
}

const struct rulebook *http_rulebook(const struct http_req *r)
{
	return &r->srv->rules;
}

enum sv_rc http_serve(const struct http_config *c, struct sv_error *err)
{
	struct http_server *s = calloc(1, sizeof(*s));
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	sigset_t sigs, old;
	unsigned flags =
	        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_TURBO;
	const char *web = c->web_dir ? c->web_dir : getenv("STEGVIS_WEB_DIR");
	unsigned threads = c->threads;
	const union MHD_DaemonInfo *info;
	enum sv_rc rc = SV_OK;
	int sig = 0;
	size_t tlen;
	char host[INET6_ADDRSTRLEN] = "";

	if (!s)
		return SV_ENOMEM;
	s->cfg = *c;
	rulebook_init(&s->rules);
	pthread_mutex_init(&s->pool_lock, NULL);
	pthread_mutex_init(&s->alog_lock, NULL);
	pthread_cond_init(&s->alog_work, NULL);
	pthread_cond_init(&s->alog_space, NULL);
	atomic_init(&s->in_flight, 0);
	atomic_init(&s->seq, 0);
	randombytes_buf(&s->rid_prefix, sizeof(s->rid_prefix));
	if (!threads) {
		/*
		 * Two workers per core: a handler never waits for the access
		 * log's commit (its connection is suspended instead), only for
		 * the database's reads, so a second worker per core covers those
		 * waits and more would only add switches (docs/internals/http.md).
		 */
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = (n > 0 ? (unsigned)n : 1) * 2;
	}
	s->metrics = http_metrics_new(http_nroutes);
	s->auth = http_auth_cache_new();
	if (!s->metrics || !s->auth) {
		rc = SV_ENOMEM;
		goto out;
	}
	if ((rc = parse_listen(c->listen, &ss, &sslen, err)))
		goto out;
	if ((rc = load_openapi(s, err)))
		goto out;
	if (!!c->tls_cert != !!c->tls_key) {
		rc = sv_error_set(err, SV_EINVAL, "--tls-cert", "TLS",
		                  "--tls-cert and --tls-key go together");
		goto out;
	}
	if (c->tls_cert) {
		if ((rc = read_file(c->tls_cert, &s->tls_cert, &tlen, "--tls-cert", err)) ||
		    (rc = read_file(c->tls_key, &s->tls_key, &tlen, "--tls-key", err)))
			goto out;
		s->tls = true;
		flags |= MHD_USE_TLS;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if ((rc = http_static_open(web && *web ? web : SV_SOURCE_DIR "/web", &s->web, err)))
		goto out;
	if ((rc = rulebook_load_dir(&s->rules, c->rules_dir, NULL, err)) ||
	    (rc = prepare_store(s, err)))
		goto out;

	/*
	 * Every thread started from here on (the access-log writer, the pool
	 * threads) inherits a mask without SIGTERM/SIGINT, so only sigwait()
	 * below gets them: a thread that let them through would end the
	 * process on the spot, without the drain.
	 */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, &old);
	if ((rc = alog_start(s, err))) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		goto out;
	}

	if (s->tls)
		s->d = MHD_start_daemon(
		        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, &ss,
		        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT,
		        c->timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 << 10),
		        MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_NOTIFY_COMPLETED,
		        on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		        MHD_OPTION_HTTPS_MEM_CERT, s->tls_cert, MHD_OPTION_HTTPS_MEM_KEY,
		        s->tls_key, MHD_OPTION_END);
	else
		s->d = MHD_start_daemon(
		        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, &ss,
		        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT,
		        c->timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 << 10),
		        MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_NOTIFY_COMPLETED,
		        on_completed, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		        MHD_OPTION_END);
	if (!s->d) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		rc = sv_error_set(err, SV_EIO, "--listen", "", "cannot listen on %s", c->listen);
		goto out;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	if (ss.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof(host));
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof(host));
	printf("listening on %s://%s%s%s:%u\n", s->tls ? "https" : "http",
	       ss.ss_family == AF_INET6 ? "[" : "", host, ss.ss_family == AF_INET6 ? "]" : "",
	       info ? (unsigned)info->port : 0u);
	fflush(stdout);
	log_emit(&c->log, LOG_INFO, "http.start", LOG_INT("port", info ? info->port : 0),
	         LOG_INT("threads", threads), LOG_BOOL("tls", s->tls),
	         LOG_STR("web", http_static_dir(s->web)), LOG_END);

	while (sigwait(&sigs, &sig) != 0)
		;
	/* Drain: stop accepting, let requests in flight finish, then stop. */
	{
		MHD_socket ls = MHD_quiesce_daemon(s->d);
		int64_t t0 = http_clock_ns(), waited_ms = 0;
		if (ls != MHD_INVALID_SOCKET)
			close(ls);
		log_emit(&c->log, LOG_INFO, "http.drain",
		         LOG_STR("signal", sig == SIGTERM ? "TERM" : "INT"),
		         LOG_INT("in_flight", atomic_load(&s->in_flight)), LOG_END);
		while (atomic_load(&s->in_flight) > 0 && waited_ms < c->drain_ms) {
			struct timespec ts = {0, 5 * 1000 * 1000};
			nanosleep(&ts, NULL);
			waited_ms = (http_clock_ns() - t0) / 1000000;
		}
		MHD_stop_daemon(s->d);
		log_emit(&c->log, LOG_INFO, "http.stop", LOG_INT("drained_ms", waited_ms),
		         LOG_INT("abandoned", atomic_load(&s->in_flight)), LOG_END);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
out:
	server_release(s);
	free(s);
	return rc;
}
