/*
 * http_int.h - what server.c shares with auth.c, static.c and metrics.c and
 * nothing else: the authentication cache and the static files of the web
 * interface. Handlers never see these (they use http.h only).
 */
#ifndef SV_HTTP_INT_H
#define SV_HTTP_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

struct MHD_Response;

/* Metrics slot of requests answered from the web interface's files. */
#define HTTP_ROUTE_STATIC (-2)

/* ---- server.c: the body cap of a route ------------------------------------ */

/*
 * a request body is capped at http_config.max_body (64 KiB by default)
 * unless its route has RF_LARGE_BODY (POST /api/v1/imports: a whole
 * municipality's data), whose cap is HTTP_LARGE_BODY_MAX, or max_body when
 * that is larger. The cap is chosen from the route table when the request's
 * headers arrive, before any of the body is read: an announced
 * Content-Length over it answers 413 at once, and a body that grows past it
 * is dropped and answered 413. Every other route keeps max_body.
 */
#define HTTP_LARGE_BODY_MAX ((size_t)64 << 20)

/* The body cap of method and path under c (max_body when no route matches). */
size_t http_body_cap(const struct http_config *c, enum http_method m, const char *path,
                     struct arena *a);

/* ---- metrics.c ----------------------------------------------------------------- */

/*
 * Count one commit of the X-2 writer: rows committed and how long its oldest
 * row waited from queued to durable; ok false counts a failed attempt.
 */
void http_metrics_alog(struct http_metrics *m, size_t rows, int64_t lag_ns, bool ok);

/* ---- auth.c: the authentication cache ------------------------------------- */

/*
 * Sessions, API-token users and their user rows, kept for at most
 * HTTP_AUTH_CACHE_TTL_MS after they were read from the database, so that a
 * read request needs no authentication query. One cache per server, shared
 * by its worker threads (a mutex held for a copy of one entry).
 *
 * Invalidation: http_auth_cache_flush() forgets every entry at once; the
 * server calls it after every state-changing request (POST, PUT, PATCH,
 * DELETE that did not fail with 4xx) before that request's response is sent,
 * so a logout, a disabled user or a changed role takes effect on this server
 * with the next request. A lookup that started before a flush never stores
 * what it read (a generation number guards the race). Changes made by other
 * servers or by the command line are seen once the entry has aged out:
 * after at most HTTP_AUTH_CACHE_TTL_MS. API tokens themselves are read on
 * every request, so a revocation from anywhere takes effect at once; only
 * the token's user row is cached.
 *
 * Expiry is still decided per request from the cached created and last-use
 * times; a session that looks expired is looked up again before it is
 * refused (another server may have recorded a later use).
 */
#define HTTP_AUTH_CACHE_TTL_MS 5000

struct http_auth_cache;

/* NULL when out of memory. */
struct http_auth_cache *http_auth_cache_new(void);
void http_auth_cache_free(struct http_auth_cache *c);
void http_auth_cache_flush(struct http_auth_cache *c);
/* The cache of r's server (server.c). */
struct http_auth_cache *http_auth_cache_of(const struct http_req *r);

/* ---- static.c: the web interface's files ------------------------------------ */

struct http_static;

/*
 * Serve the files under dir (the web interface). The directory is opened
 * once; every file is then opened beneath it with the kernel refusing ".."
 * and symbolic links that leave it (openat2 RESOLVE_BENEATH, or realpath
 * checks where that is missing). A missing directory is not an error: every
 * static request then answers 404. *out is freed with http_static_free().
 */
enum sv_rc http_static_open(const char *dir, struct http_static **out, struct sv_error *err) SV_WUR;
void http_static_free(struct http_static *w);
/* The directory served, for the start-up log. */
const char *http_static_dir(const struct http_static *w);

/* True when path belongs to the web interface: not /api, /api/..., /healthz or /metrics. */
bool http_static_claims(const char *path);

/*
 * The response to a GET or HEAD of path (any other method: 405 with
 * "Allow: GET, HEAD"), with Content-Type, ETag, Last-Modified and the
 * security headers (Content-Security-Policy, X-Content-Type-Options,
 * Referrer-Policy) set; 304 when If-None-Match or If-Modified-Since says
 * the client's copy is current; index.html for "/" and, when the client
 * accepts text/html (a browser navigating), for paths without a file
 * extension (routes of the client); 404 for files that do not exist or
 * lie outside the directory, 400 for paths that are not clean. *status
 * receives the status. NULL when out of memory.
 */
struct MHD_Response *http_static_respond(struct http_static *w, struct http_req *r,
                                         unsigned *status);

#endif
