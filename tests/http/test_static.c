/*
 * tests/http/test_static.c - the web interface's static files over real
 * HTTP: `stegvis serve` with STEGVIS_WEB_DIR pointing at a tree this test
 * builds in a temporary directory, next to a secret file that must never
 * come out. Requests go over a plain socket, byte for byte as written, so
 * no client tidies a path before the server sees it.
 *
 * Checked: index.html for "/" and for client routes (browser navigation),
 * the Content-Type of each kind of file, HEAD, 405 for other methods, ETag
 * and Last-Modified with 304, the security headers (Content-Security-Policy
 * with no inline script, nosniff, no-referrer) on every response, directory
 * traversal in every spelling (plain, percent-encoded, double-encoded,
 * backslash) and symbolic links that leave the tree (400 or 404, never the
 * secret), hidden files, a FIFO (404 without hanging), that /api, /healthz
 * and /metrics stay with the API, and a server whose directory is missing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "client.h"
#include "harness.h"

#define SECRET "TOP-SECRET-OUTSIDE-THE-WEB-ROOT"
#define CSP                                                                                \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "  \
	"connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; " \
	"form-action 'self'"

static const char index_html[] = "<!doctype html><html lang=\"sv\"><title>Stegvis</title>"
                                 "<script type=\"module\" src=\"/js/app.js\"></script></html>\n";
static const char app_js[] = "export const answer = 42;\n";

static char base_dir[512]; /* the harness's temporary directory */
static char web_dir[600];  /* base_dir/site/web: what is served */
static int port;

/* ---- A raw HTTP client ------------------------------------------------------ */

struct raw {
	int status;
	char head[8192]; /* the status line and headers as received */
	struct buf body;
};

static void raw_release(struct raw *r)
{
	buf_release(&r->body);
}

/*
 * Send "METHOD path HTTP/1.1" with extra header lines (each ending in
 * \r\n, may be NULL) and read the whole response (Connection: close).
 * Returns the status, or -1 when the exchange failed.
 */
static int raw_request(const char *method, const char *path, const char *extra, struct raw *r)
{
	struct sockaddr_in sa;
	struct timeval tv = {5, 0};
	struct buf in;
	char req[4096];
	const char *end;
	int fd, n;

	memset(r, 0, sizeof(*r));
	buf_init(&r->body, 1 << 20);
	r->status = -1;
	n = snprintf(req, sizeof(req),
	             "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s\r\n", method,
	             path, extra ? extra : "");
	if (n < 0 || (size_t)n >= sizeof(req))
		return -1;
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) || write(fd, req, (size_t)n) != n) {
		close(fd);
		return -1;
	}
	buf_init(&in, 2 << 20);
	for (;;) {
		char chunk[4096];
		ssize_t got = read(fd, chunk, sizeof(chunk));
		if (got <= 0)
			break;
		if (buf_add(&in, chunk, (size_t)got))
			break;
	}
	close(fd);
	end = in.len ? strstr(in.data, "\r\n\r\n") : NULL;
	if (end && sscanf(in.data, "HTTP/1.%*d %d", &r->status) == 1) {
		size_t hl = (size_t)(end - in.data) + 2;
		snprintf(r->head, sizeof(r->head), "%.*s", (int)hl, in.data);
		if (buf_add(&r->body, end + 4, in.len - hl - 2))
			r->status = -1;
	}
	buf_release(&in);
	return r->status;
}

/* The value of header name in r (case-insensitive name), or "" when absent. */
static const char *header(const struct raw *r, const char *name, char *out, size_t outsz)
{
	size_t nl = strlen(name);
	const char *p = strstr(r->head, "\r\n");

	out[0] = '\0';
	while (p && p[2]) {
		p += 2;
		if (!strncasecmp(p, name, nl) && p[nl] == ':') {
			const char *v = p + nl + 1, *e = strstr(v, "\r\n");
			while (*v == ' ')
				v++;
			snprintf(out, outsz, "%.*s", (int)(e ? e - v : (long)strlen(v)), v);
			return out;
		}
		p = strstr(p, "\r\n");
	}
	return out;
}

static bool has_header(const struct raw *r, const char *name, const char *want)
{
	char v[1024];

	return !strcmp(header(r, name, v, sizeof(v)), want);
}

/* The three security headers, exactly. */
static bool secure(const struct raw *r)
{
	return has_header(r, "Content-Security-Policy", CSP) &&
	       has_header(r, "X-Content-Type-Options", "nosniff") &&
	       has_header(r, "Referrer-Policy", "no-referrer");
}

static bool body_is(const struct raw *r, const char *want, size_t len)
{
	return r->body.len == len && (len == 0 || !memcmp(r->body.data, want, len));
}

/* Does the body hold needle? (Bodies may hold NUL bytes.) */
static bool body_has(const struct raw *r, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; r->body.len >= n && i <= r->body.len - n; i++)
		if (!memcmp(r->body.data + i, needle, n))
			return true;
	return false;
}

static bool leaks(const struct raw *r)
{
	return body_has(r, SECRET);
}

/* ---- The tree -------------------------------------------------------------------- */

static void put(const char *rel, const void *data, size_t len)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", web_dir, rel);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void mk(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST) {
		perror(path);
		exit(1);
	}
}

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
static const unsigned char ico[] = {0, 0, 1, 0, 1, 0};
static const unsigned char woff2[] = {'w', 'O', 'F', '2', 0, 1, 0, 0};

static const struct {
	const char *path;
	const char *type;
	const void *data;
	size_t len;
} files[] = {
        {"/index.html", "text/html; charset=utf-8", index_html, sizeof(index_html) - 1},
        {"/js/app.js", "text/javascript; charset=utf-8", app_js, sizeof(app_js) - 1},
        {"/js/mod.mjs", "text/javascript; charset=utf-8", "export {};\n", 11},
        {"/css/app.css", "text/css; charset=utf-8", "body{margin:0}\n", 15},
        {"/i18n/sv.json", "application/json; charset=utf-8", "{\"hej\":\"Hej\"}\n", 14},
        {"/img/logo.svg", "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n", 42},
        {"/img/logo.png", "image/png", png, sizeof(png)},
        {"/favicon.ico", "image/x-icon", ico, sizeof(ico)},
        {"/fonts/inter.woff2", "font/woff2", woff2, sizeof(woff2)},
};

static void build_tree(void)
{
	char site[560], path[1024], target[1024];

	snprintf(site, sizeof(site), "%s/site", base_dir);
	snprintf(web_dir, sizeof(web_dir), "%s/web", site);
	mk(site);
	mk(web_dir);
	for (const char *const *d =
	             (const char *const[]){"js", "css", "i18n", "img", "fonts", NULL};
	     *d; d++) {
		snprintf(path, sizeof(path), "%s/%s", web_dir, *d);
		mk(path);
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		put(files[i].path + 1, files[i].data, files[i].len);
	put(".env", SECRET "\n", strlen(SECRET) + 1);
	/* Outside the root: a file, and a directory with another. */
	snprintf(path, sizeof(path), "%s/secret.txt", site);
	{
		FILE *f = fopen(path, "w");
		if (!f || fputs(SECRET "\n", f) < 0 || fclose(f))
			exit(1);
	}
	snprintf(path, sizeof(path), "%s/outdir", site);
	mk(path);
	snprintf(path, sizeof(path), "%s/outdir/secret.txt", site);
	{
		FILE *f = fopen(path, "w");
		if (!f || fputs(SECRET "\n", f) < 0 || fclose(f))
			exit(1);
	}
	/* Links: one staying inside (served), three leaving (refused). */
	snprintf(path, sizeof(path), "%s/inside.js", web_dir);
	if (symlink("js/app.js", path))
		exit(1);
	snprintf(path, sizeof(path), "%s/escape.txt", web_dir);
	if (symlink("../secret.txt", path))
		exit(1);
	snprintf(path, sizeof(path), "%s/absolute.txt", web_dir);
	snprintf(target, sizeof(target), "%s/secret.txt", site);
	if (symlink(target, path))
		exit(1);
	snprintf(path, sizeof(path), "%s/outdir", web_dir);
	if (symlink("../outdir", path))
		exit(1);
	/* A FIFO: opening it for reading would block a server that did not check. */
	snprintf(path, sizeof(path), "%s/js/pipe.js", web_dir);
	if (mkfifo(path, 0644))
		exit(1);
}

static void db_with_tenant(const char *url)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *s = NULL;
	struct store_tenant t = {0};

	t.code = "t1";
	t.name = "Testkommun";
	t.country = "SE";
	if (store_open(url, &s, &err) || store_migrate(s, NULL, NULL, &err) ||
	    store_tenant_create(s, &t, 1709629921000000, &err)) {
		fprintf(stderr, "fixture: %s\n", err.msg);
		exit(1);
	}
	store_close(s);
}

/* The port of "http://127.0.0.1:PORT". */
static int port_of(const char *base)
{
	const char *colon = strrchr(base, ':');
	long v = colon ? strtol(colon + 1, NULL, 10) : 0;

	return v > 0 && v < 65536 ? (int)v : 0;
}

/* ---- The tests ------------------------------------------------------------------ */

static void test_files(void)
{
	struct raw r;
	char v[256];

	CHECK(raw_request("GET", "/", NULL, &r) == 200, "GET /: %d", r.status);
	CHECK(has_header(&r, "Content-Type", "text/html; charset=utf-8"), "/ is HTML");
	CHECK(body_is(&r, index_html, sizeof(index_html) - 1), "/ is index.html");
	CHECK(secure(&r), "security headers on /:\n%s", r.head);
	CHECK(!strstr(header(&r, "Content-Security-Policy", v, sizeof(v)), "unsafe-inline"),
	      "no inline script or style is allowed");
	raw_release(&r);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		CHECK(raw_request("GET", files[i].path, NULL, &r) == 200, "GET %s: %d",
		      files[i].path, r.status);
		CHECK(has_header(&r, "Content-Type", files[i].type), "%s is %s, not %s",
		      files[i].path, files[i].type, header(&r, "Content-Type", v, sizeof(v)));
		CHECK(body_is(&r, files[i].data, files[i].len), "%s: the file's bytes",
		      files[i].path);
		CHECK(secure(&r), "security headers on %s", files[i].path);
		raw_release(&r);
	}
	/* A query string does not change the file. */
	CHECK(raw_request("GET", "/js/app.js?v=3", NULL, &r) == 200 &&
	              body_is(&r, app_js, sizeof(app_js) - 1),
	      "query strings are ignored");
	raw_release(&r);
	/* A link that stays inside the tree is followed. */
	CHECK(raw_request("GET", "/inside.js", NULL, &r) == 200 &&
	              body_is(&r, app_js, sizeof(app_js) - 1),
	      "a symbolic link inside the tree is served: %d", r.status);
	raw_release(&r);
	/* HEAD: the headers of GET, no body. */
	CHECK(raw_request("HEAD", "/js/app.js", NULL, &r) == 200, "HEAD: %d", r.status);
	snprintf(v, sizeof(v), "%zu", sizeof(app_js) - 1);
	CHECK(has_header(&r, "Content-Length", v), "HEAD: the length of GET");
	CHECK(r.body.len == 0, "HEAD: no body (%zu bytes)", r.body.len);
	CHECK(secure(&r), "security headers on HEAD");
	raw_release(&r);
	/* Only GET and HEAD. */
	for (const char *const *m = (const char *const[]){"POST", "PUT", "DELETE", "PATCH", NULL};
	     *m; m++) {
		CHECK(raw_request(*m, "/index.html", "Content-Length: 0\r\n", &r) == 405, "%s: %d",
		      *m, r.status);
		CHECK(has_header(&r, "Allow", "GET, HEAD"), "%s: Allow: GET, HEAD", *m);
		CHECK(secure(&r), "security headers on 405");
		raw_release(&r);
	}
}

static void test_client_routes(void)
{
	static const char html[] = "Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\n";
	struct raw r;

	/* A browser navigating to a route of the client gets the page. */
	CHECK(raw_request("GET", "/customers/12", html, &r) == 200, "client route: %d", r.status);
	CHECK(body_is(&r, index_html, sizeof(index_html) - 1) &&
	              has_header(&r, "Content-Type", "text/html; charset=utf-8"),
	      "client route: index.html");
	CHECK(secure(&r), "security headers on a client route");
	raw_release(&r);
	CHECK(raw_request("GET", "/inbox", html, &r) == 200 &&
	              body_is(&r, index_html, sizeof(index_html) - 1),
	      "one-segment client route");
	raw_release(&r);
	CHECK(raw_request("HEAD", "/customers/12/plan", html, &r) == 200 && r.body.len == 0,
	      "HEAD of a client route: %d", r.status);
	raw_release(&r);
	/* A directory is not listed: a navigation gets the page, anything else 404. */
	CHECK(raw_request("GET", "/js/", html, &r) == 200 &&
	              body_is(&r, index_html, sizeof(index_html) - 1),
	      "a directory navigated to: the page");
	raw_release(&r);
	CHECK(raw_request("GET", "/js", NULL, &r) == 404, "a directory fetched: %d", r.status);
	raw_release(&r);
	/* A missing file with an extension is missing, even for a browser. */
	CHECK(raw_request("GET", "/js/missing.js", html, &r) == 404, "missing file: %d", r.status);
	CHECK(secure(&r), "security headers on 404");
	raw_release(&r);
	/* Not a navigation (a script's fetch, curl): an honest 404. */
	CHECK(raw_request("GET", "/customers/12", "Accept: */*\r\n", &r) == 404,
	      "route without text/html: %d", r.status);
	raw_release(&r);
}

static void test_conditional(void)
{
	struct raw r;
	char etag[128], modified[64], hdr[512];

	CHECK(raw_request("GET", "/css/app.css", NULL, &r) == 200, "css: %d", r.status);
	header(&r, "ETag", etag, sizeof(etag));
	header(&r, "Last-Modified", modified, sizeof(modified));
	CHECK(etag[0] == '"' && etag[strlen(etag) - 1] == '"', "a strong ETag: %s", etag);
	CHECK(strlen(modified) == 29 && !strcmp(modified + 25, " GMT"),
	      "Last-Modified is an IMF-fixdate: %s", modified);
	raw_release(&r);

	snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", etag);
	CHECK(raw_request("GET", "/css/app.css", hdr, &r) == 304, "If-None-Match: %d", r.status);
	CHECK(r.body.len == 0, "304 has no body");
	CHECK(has_header(&r, "ETag", etag), "304 repeats the ETag");
	CHECK(secure(&r), "security headers on 304");
	raw_release(&r);
	snprintf(hdr, sizeof(hdr), "If-None-Match: \"nope\", W/%s\r\n", etag);
	CHECK(raw_request("GET", "/css/app.css", hdr, &r) == 304,
	      "a list with the weak form matches: %d", r.status);
	raw_release(&r);
	CHECK(raw_request("GET", "/css/app.css", "If-None-Match: *\r\n", &r) == 304, "*: %d",
	      r.status);
	raw_release(&r);
	CHECK(raw_request("GET", "/css/app.css", "If-None-Match: \"other\"\r\n", &r) == 200 &&
	              body_is(&r, "body{margin:0}\n", 15),
	      "another ETag: the file");
	raw_release(&r);
	snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", etag);
	CHECK(raw_request("HEAD", "/css/app.css", hdr, &r) == 304, "HEAD conditional: %d",
	      r.status);
	raw_release(&r);

	snprintf(hdr, sizeof(hdr), "If-Modified-Since: %s\r\n", modified);
	CHECK(raw_request("GET", "/css/app.css", hdr, &r) == 304, "If-Modified-Since: %d",
	      r.status);
	raw_release(&r);
	CHECK(raw_request("GET", "/css/app.css",
	                  "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n", &r) == 200,
	      "modified since 1970: %d", r.status);
	raw_release(&r);
	CHECK(raw_request("GET", "/css/app.css", "If-Modified-Since: yesterday\r\n", &r) == 200,
	      "an unreadable date is ignored: %d", r.status);
	raw_release(&r);
	/* If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2). */
	snprintf(hdr, sizeof(hdr), "If-None-Match: \"other\"\r\nIf-Modified-Since: %s\r\n",
	         modified);
	CHECK(raw_request("GET", "/css/app.css", hdr, &r) == 200, "If-None-Match decides: %d",
	      r.status);
	raw_release(&r);
}

static void test_traversal(void)
{
	static const char *const paths[] = {
	        "/../secret.txt",
	        "/..",
	        "/../",
	        "/js/../../secret.txt",
	        "/%2e%2e/secret.txt",
	        "/%2E%2E/secret.txt",
	        "/.%2e/secret.txt",
	        "/%2e./secret.txt",
	        "/js/%2e%2e/%2e%2e/secret.txt",
	        "/..%2fsecret.txt",
	        "/%2e%2e%2fsecret.txt",
	        "/js%2f..%2f..%2fsecret.txt",
	        "/..%5csecret.txt",
	        "/..\\secret.txt",
	        "/%252e%252e/secret.txt",
	        "/%252e%252e%252fsecret.txt",
	        "/../secret.txt%00.js",
	        "/./index.html",
	        "/escape.txt",
	        "/absolute.txt",
	        "/outdir/secret.txt",
	        "/outdir/",
	        "/.env",
	        "/js/.env",
	        "//etc/passwd",
	        "/etc/passwd",
	};
	struct raw r;

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		for (int html = 0; html < 2; html++) {
			int st = raw_request("GET", paths[i], html ? "Accept: text/html\r\n" : NULL,
			                     &r);
			/*
			 * 400 or 404; a browser navigating to a path without an
			 * extension may get the page (a client route), never more.
			 */
			CHECK(st == 400 || st == 404 ||
			              (html && st == 200 &&
			               body_is(&r, index_html, sizeof(index_html) - 1)),
			      "%s%s: %d, want 400 or 404", paths[i], html ? " (navigation)" : "",
			      st);
			CHECK(!leaks(&r), "%s: the secret came out", paths[i]);
			CHECK(secure(&r), "security headers on %s", paths[i]);
			raw_release(&r);
		}
	}
}

static void test_fifo(void)
{
	struct raw r;
	int64_t t0 = 0;
	struct timeval a, b;

	gettimeofday(&a, NULL);
	CHECK(raw_request("GET", "/js/pipe.js", NULL, &r) == 404, "a FIFO is not served: %d",
	      r.status);
	gettimeofday(&b, NULL);
	t0 = (int64_t)(b.tv_sec - a.tv_sec) * 1000 + (b.tv_usec - a.tv_usec) / 1000;
	CHECK(t0 < 2000, "the FIFO answered at once (%lld ms)", (long long)t0);
	raw_release(&r);
	/* The server still answers. */
	CHECK(raw_request("GET", "/", NULL, &r) == 200, "after the FIFO: %d", r.status);
	raw_release(&r);
}

static void test_api_untouched(void)
{
	struct raw r;
	char v[128];

	CHECK(raw_request("GET", "/api/v1/nope", "Accept: text/html\r\n", &r) == 404,
	      "an unknown API route: %d", r.status);
	CHECK(has_header(&r, "Content-Type", "application/json; charset=utf-8"),
	      "API 404 is JSON: %s", header(&r, "Content-Type", v, sizeof(v)));
	raw_release(&r);
	CHECK(raw_request("GET", "/api", "Accept: text/html\r\n", &r) == 404 &&
	              has_header(&r, "Content-Type", "application/json; charset=utf-8"),
	      "/api belongs to the API: %d", r.status);
	raw_release(&r);
	CHECK(raw_request("GET", "/healthz", NULL, &r) == 200 &&
	              has_header(&r, "Content-Type", "application/json; charset=utf-8"),
	      "/healthz: %d", r.status);
	raw_release(&r);
	CHECK(raw_request("GET", "/metrics", NULL, &r) == 200, "/metrics: %d", r.status);
	CHECK(body_has(&r, "route=\"static\""),
	      "static requests are counted under route=\"static\"");
	raw_release(&r);
}

static void test_missing_dir(const char *url)
{
	struct tc_server s;
	char dir[700];
	struct raw r;

	snprintf(dir, sizeof(dir), "%s/site/no-such-dir", base_dir);
	setenv("STEGVIS_WEB_DIR", dir, 1);
	if (tc_server_start(&s, NULL, url, "t1", NULL, NULL)) {
		CHECK(0, "a server without its web directory starts");
		return;
	}
	port = port_of(s.base);
	CHECK(raw_request("GET", "/", "Accept: text/html\r\n", &r) == 404, "no directory: 404 (%d)",
	      r.status);
	CHECK(secure(&r), "security headers without a directory");
	raw_release(&r);
	CHECK(raw_request("GET", "/healthz", NULL, &r) == 200, "the API still serves: %d",
	      r.status);
	raw_release(&r);
	CHECK(tc_server_stop(&s) == 0, "clean stop");
}

int main(void)
{
	struct harness h;
	struct tc_server s;

	if (!getenv("SV_BINARY")) {
		fprintf(stderr, "SV_BINARY is not set\n");
		return 1;
	}
	if (harness_create(&h, "sqlite"))
		return 1;
	snprintf(base_dir, sizeof(base_dir), "%s", h.dir);
	db_with_tenant(h.url);
	build_tree();
	setenv("STEGVIS_WEB_DIR", web_dir, 1);
	if (tc_server_start(&s, NULL, h.url, "t1", NULL, NULL)) {
		harness_cleanup(&h);
		return 1;
	}
	port = port_of(s.base);
	test_files();
	test_client_routes();
	test_conditional();
	test_traversal();
	test_fifo();
	test_api_untouched();
	CHECK(tc_server_stop(&s) == 0, "SIGTERM: clean exit");
	test_missing_dir(h.url);
	harness_cleanup(&h);
	return tc_summary();
}
