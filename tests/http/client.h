/*
 * client.h - a test client for the JSON API over real HTTP (libcurl) and a
 * launcher for the built `stegvis serve`, shared by tests/http and
 * tests/scenarios.
 *
 * Server. tc_server_start() forks and execs $SV_BINARY serve on a free
 * loopback port with the given database, tenant and fixed "today" (--on),
 * plus any extra arguments, and waits for its "listening on" line. A
 * scenario that moves through time stops the server and starts it again on
 * the same database with the next date. tc_server_stop() sends SIGTERM and
 * reaps it.
 *
 * Client. One curl handle with an in-memory cookie jar (the session cookie),
 * the CSRF token of the last tc_login() (sent on every request unless
 * no_csrf), an optional bearer token, and the base URL (a copy: a test may
 * point it at another server). tc_call() returns the status (-1 when the
 * request failed) and fills a struct tc_resp with the raw body and, when it
 * is JSON, the parsed body (owned: tc_resp_release()).
 *
 * Checks. CHECK(cond, fmt, ...) counts a passed or failed assertion and
 * prints the failures with file and line; tc_passed/tc_failed are the
 * totals and tc_summary() prints them and returns the exit status.
 */
#ifndef SV_TEST_HTTP_CLIENT_H
#define SV_TEST_HTTP_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <curl/curl.h>
#include <jansson.h>

#include "stegvis/buf.h"

extern int tc_passed, tc_failed;

#define CHECK(cond, ...)                                            \
	do {                                                        \
		if (cond) {                                         \
			tc_passed++;                                \
		} else {                                            \
			tc_failed++;                                \
			printf("FAIL %s:%d: ", __FILE__, __LINE__); \
			printf(__VA_ARGS__);                        \
			printf("\n");                               \
		}                                                   \
	} while (0)

/* Print "N passed, N failed"; 0 when none failed, else 1. */
int tc_summary(void);

/* ---- The server ------------------------------------------------------------ */

struct tc_server {
	pid_t pid;     /* 0 when not running */
	char base[64]; /* "http://127.0.0.1:PORT" */
	int out_fd;    /* the read end of the server's stdout, kept open */
};

/*
 * Start $SV_BINARY (or binary when non-NULL) serve --db url --tenant tenant
 * --listen 127.0.0.1:0 --log-level warn [--on on] extra... (extra is
 * NULL-terminated, may be NULL). Returns 0, or -1 with the reason printed.
 */
int tc_server_start(struct tc_server *s, const char *binary, const char *url, const char *tenant,
                    const char *on, const char *const *extra);
/* SIGTERM, wait; the exit status as waitpid() gives it (0 when none ran). */
int tc_server_stop(struct tc_server *s);

/* ---- A client ---------------------------------------------------------------- */

struct tc_client {
	CURL *h;
	char base[128];
	char csrf[64];
	char bearer[160];
	bool no_csrf;
};

struct tc_resp {
	long status;
	json_t *body; /* NULL when the body is not JSON */
	struct buf raw;
	char retry_after[16];
	char set_cookie[256];
	char content_type[128];
};

void tc_client_init(struct tc_client *c, const char *base);
void tc_client_release(struct tc_client *c);
void tc_resp_release(struct tc_resp *r);

/* method path [body with content type ctype, default application/json] -> status. */
long tc_call(struct tc_client *c, const char *method, const char *path, const char *body,
             const char *ctype, struct tc_resp *r);
/* The same with a printf-formatted path. */
long tc_callf(struct tc_client *c, const char *method, const char *body, struct tc_resp *r,
              const char *path_fmt, ...) __attribute__((format(printf, 5, 6)));
/* Status only. */
long tc_status(struct tc_client *c, const char *method, const char *path, const char *body);
/* POST /api/v1/session; keeps the CSRF token. Returns the status (201 on success). */
long tc_login(struct tc_client *c, const char *user, const char *password);

/* ---- JSON -------------------------------------------------------------------- */

/* The value at a dotted path ("error.fields"); NULL when absent. */
json_t *tc_jget(json_t *v, const char *path);
/* String at path, or NULL. */
const char *tc_jstr(json_t *v, const char *path);
/* Integer at path, or def when absent or not an integer. */
int64_t tc_jint(json_t *v, const char *path, int64_t def);
/* True when the string at path equals want. */
bool tc_jis(json_t *v, const char *path, const char *want);
/* The first element of array a whose member key is the string val; NULL when none. */
json_t *tc_jfind(json_t *a, const char *key, const char *val);

#endif
