/*
 * The web interface's static files (see http_int.h for the contract).
 *
 * A path is cleaned before the file system sees it: libmicrohttpd has
 * already decoded %XX, so "..", "%2e%2e" and "%2E%2E" all arrive as ".."
 * and are refused (400), as are a '%' left after decoding (double
 * encoding), backslashes and control characters; a segment starting with a
 * dot (".git", ".env") is not served (404). The file is then opened beneath
 * the directory's descriptor with openat2(RESOLVE_BENEATH), so the kernel
 * itself refuses ".." and any symbolic link that leads outside; where
 * openat2 is missing the opened file's real path is checked instead.
 * Only regular files are served.
 */
#define _GNU_SOURCE
#include "http/http_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

/* The security headers of every response of the web interface. */
#define CSP                                                                                \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "  \
	"connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; " \
	"form-action 'self'"

#define REL_MAX 1024 /* longest path below the directory */

struct http_static {
	char *dir;  /* as configured */
	char *real; /* its real path; NULL when it does not exist */
	int fd;     /* O_PATH descriptor of it, or -1 */
};

enum sv_rc http_static_open(const char *dir, struct http_static **out, struct sv_error *err)
{
	struct http_static *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w || !(w->dir = strdup(dir))) {
		free(w);
		return sv_error_set(err, SV_ENOMEM, "--web", "", "out of memory");
	}
	w->fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	w->real = w->fd >= 0 ? realpath(dir, NULL) : NULL;
	if (w->fd >= 0 && !w->real) {
		close(w->fd);
		w->fd = -1;
	}
	*out = w;
	return SV_OK;
}

void http_static_free(struct http_static *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w->real);
	free(w->dir);
	free(w);
}

const char *http_static_dir(const struct http_static *w)
{
	return w && w->dir ? w->dir : "";
}

bool http_static_claims(const char *path)
{
	if (!path)
		return false;
	if (!strncmp(path, "/api", 4) && (path[4] == '\0' || path[4] == '/'))
		return false;
	return strcmp(path, "/healthz") != 0 && strcmp(path, "/metrics") != 0;
}

/* ---- Paths ---------------------------------------------------------------------- */

enum clean { CLEAN_OK, CLEAN_BAD, CLEAN_HIDDEN };

/*
 * The path below the directory ("" for "/"), empty segments dropped, in
 * out. CLEAN_BAD for "." and "..", '%', '\\', control characters or a path
 * too long; CLEAN_HIDDEN for a segment starting with a dot.
 */
static enum clean clean_path(const char *path, char out[REL_MAX])
{
	size_t n = 0;
	const char *p = path;

	if (*p != '/')
		return CLEAN_BAD;
	while (*p) {
		const char *seg;
		size_t len;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		seg = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - seg);
		for (size_t i = 0; i < len; i++) {
			unsigned char ch = (unsigned char)seg[i];
			if (ch < 0x20 || ch == 0x7f || ch == '%' || ch == '\\')
				return CLEAN_BAD;
		}
		if ((len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
			return CLEAN_BAD;
		if (seg[0] == '.')
			return CLEAN_HIDDEN;
		if (n + len + 2 > REL_MAX)
			return CLEAN_BAD;
		if (n)
			out[n++] = '/';
		memcpy(out + n, seg, len);
		n += len;
	}
	out[n] = '\0';
	return CLEAN_OK;
}

/* The extension of the last segment ("js"), or NULL. */
static const char *extension(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	const char *dot = strrchr(slash ? slash + 1 : rel, '.');

	return dot ? dot + 1 : NULL;
}

static const struct {
	const char *ext;
	const char *type;
} types[] = {
        {"html", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"json", "application/json; charset=utf-8"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"ico", "image/x-icon"},
        {"woff2", "font/woff2"},
        {"txt", "text/plain; charset=utf-8"},
        {"map", "application/json; charset=utf-8"},
        {"webmanifest", "application/manifest+json"},
};

static const char *content_type(const char *rel)
{
	const char *ext = extension(rel);

	for (size_t i = 0; ext && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcasecmp(ext, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

/* Is the file behind fd below the served directory? (Where openat2 is missing.) */
static bool beneath(const struct http_static *w, int fd)
{
	char link[64], target[PATH_MAX];
	ssize_t n;
	size_t rl = strlen(w->real);

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	return (size_t)n > rl && !strncmp(target, w->real, rl) && (target[rl] == '/' || rl == 1);
}

/*
 * Open rel beneath the directory. Returns the descriptor of a regular
 * file, or -1 with *missing set when nothing (or a directory) is there,
 * *missing clear when the path was refused (it leaves the directory).
 */
static int open_beneath(const struct http_static *w, const char *rel, bool *missing)
{
	struct open_how how;
	struct stat sb;
	int fd;

	*missing = false;
	if (w->fd < 0) {
		*missing = true;
		return -1;
	}
	memset(&how, 0, sizeof(how));
	/* O_NONBLOCK: opening a FIFO planted in the tree must not block a worker. */
	how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	fd = (int)syscall(SYS_openat2, w->fd, rel, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS) {
		fd = openat(w->fd, rel, (int)how.flags);
		if (fd >= 0 && !beneath(w, fd)) {
			close(fd);
			return -1;
		}
	}
	if (fd < 0) {
		*missing = errno == ENOENT || errno == ENOTDIR;
		return -1;
	}
	if (fstat(fd, &sb)) {
		close(fd);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		*missing = S_ISDIR(sb.st_mode);
		close(fd);
		return -1;
	}
	/* libmicrohttpd reads the file in blocking mode. */
	if (fcntl(fd, F_SETFL, 0)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- Conditional requests --------------------------------------------------------- */

static const char *const wdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* RFC 9110 IMF-fixdate, independent of the locale. */
static void http_date(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT", wdays[tm.tm_wday], tm.tm_mday,
	         months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Parse an IMF-fixdate; false for anything else (the header is then ignored). */
static bool parse_http_date(const char *s, time_t *out)
{
	char wd[4], mon[4], gmt[4];
	int d, y, hh, mm, ss, m = -1;
	struct tm tm;

	if (!s ||
	    sscanf(s, "%3s, %d %3s %d %d:%d:%d %3s", wd, &d, mon, &y, &hh, &mm, &ss, gmt) != 8 ||
	    strcmp(gmt, "GMT"))
		return false;
	for (int i = 0; i < 12; i++)
		if (!strcmp(mon, months[i]))
			m = i;
	if (m < 0 || d < 1 || d > 31 || y < 1970 || hh > 23 || mm > 59 || ss > 60)
		return false;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	*out = timegm(&tm);
	return *out != (time_t)-1;
}

/* Does an If-None-Match list name etag (weak comparison, RFC 9110 13.1.2)? */
static bool etag_matches(const char *list, const char *etag)
{
	size_t elen = strlen(etag);
	const char *p = list;

	while (*p) {
		const char *start;
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (!strncmp(p, "W/", 2))
			p += 2;
		start = p;
		while (*p && *p != ',')
			p++;
		while (p > start && (p[-1] == ' ' || p[-1] == '\t'))
			p--;
		if ((size_t)(p - start) == elen && !memcmp(start, etag, elen))
			return true;
		while (*p && *p != ',')
			p++;
	}
	return false;
}

/* ---- Responses ------------------------------------------------------------------ */

static void security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

static struct MHD_Response *plain(unsigned status, unsigned *out_status, const char *text)
{
	struct MHD_Response *resp =
	        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);

	if (!resp)
		return NULL;
	MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	security_headers(resp);
	*out_status = status;
	return resp;
}

/* Does the client accept HTML (a browser's navigation sends "text/html, ...")? */
static bool wants_html(struct http_req *r)
{
	const char *accept = http_header(r, "Accept");

	return accept && strstr(accept, "text/html") != NULL;
}

struct MHD_Response *http_static_respond(struct http_static *w, struct http_req *r,
                                         unsigned *status)
{
	char rel[REL_MAX], etag[80], modified[32];
	const char *target, *inm, *ims;
	struct MHD_Response *resp;
	struct stat sb;
	bool missing = false, fresh = false;
	time_t since;
	int fd = -1;

	if (r->method != HM_GET && r->method != HM_HEAD) {
		resp = plain(405, status, "method not allowed\n");
		if (resp)
			MHD_add_response_header(resp, "Allow", "GET, HEAD");
		return resp;
	}
	switch (clean_path(r->path, rel)) {
	case CLEAN_BAD:
		return plain(400, status, "bad path\n");
	case CLEAN_HIDDEN:
		return plain(404, status, "not found\n");
	case CLEAN_OK:
		break;
	}
	target = *rel ? rel : "index.html";
	fd = open_beneath(w, target, &missing);
	/*
	 * Routes of the client ("/customers/12") have no extension: a browser
	 * navigating there (it asks for text/html) gets the page. Anything else
	 * (a script's fetch, curl, a mistyped API path) gets an honest 404.
	 */
	if (fd < 0 && missing && *rel && !extension(rel) && wants_html(r)) {
		target = "index.html";
		fd = open_beneath(w, target, &missing);
	}
	if (fd < 0)
		return plain(404, status, "not found\n");
	if (fstat(fd, &sb)) {
		close(fd);
		return plain(404, status, "not found\n");
	}
	snprintf(etag, sizeof(etag), "\"%llx-%llx-%llx\"", (unsigned long long)sb.st_size,
	         (unsigned long long)sb.st_mtim.tv_sec * 1000000000ULL +
	                 (unsigned long long)sb.st_mtim.tv_nsec,
	         (unsigned long long)sb.st_ino);
	http_date(sb.st_mtim.tv_sec, modified);
	inm = http_header(r, "If-None-Match");
	ims = http_header(r, "If-Modified-Since");
	if (inm)
		fresh = etag_matches(inm, etag);
	else if (parse_http_date(ims, &since))
		fresh = sb.st_mtim.tv_sec <= since;
	if (fresh) {
		close(fd);
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		*status = 304;
	} else {
		resp = MHD_create_response_from_fd((size_t)sb.st_size, fd);
		if (!resp)
			close(fd);
		*status = 200;
		if (resp)
			MHD_add_response_header(resp, "Content-Type", content_type(target));
	}
	if (!resp)
		return NULL;
	MHD_add_response_header(resp, "ETag", etag);
	MHD_add_response_header(resp, "Last-Modified", modified);
	/* Revalidate every time: file names carry no version, and a 304 is cheap. */
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	security_headers(resp);
	return resp;
}
