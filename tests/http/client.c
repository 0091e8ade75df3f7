/* The HTTP test client and server launcher (see client.h). */
#include "client.h"

#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

int tc_passed, tc_failed;

int tc_summary(void)
{
	printf("%d passed, %d failed\n", tc_passed, tc_failed);
	return tc_failed ? 1 : 0;
}

/* ---- The server ------------------------------------------------------------ */

#define MAX_ARGS 48

int tc_server_start(struct tc_server *s, const char *binary, const char *url, const char *tenant,
                    const char *on, const char *const *extra)
{
	const char *argv[MAX_ARGS];
	char line[256] = "";
	int fds[2], n = 0;
	size_t len = 0;
	pid_t pid;

	memset(s, 0, sizeof(*s));
	s->out_fd = -1;
	if (!binary)
		binary = getenv("SV_BINARY");
	if (!binary) {
		fprintf(stderr, "SV_BINARY is not set\n");
		return -1;
	}
	argv[n++] = binary;
	argv[n++] = "serve";
	argv[n++] = "--db";
	argv[n++] = url;
	argv[n++] = "--tenant";
	argv[n++] = tenant;
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--log-level";
	argv[n++] = "warn";
	if (on) {
		argv[n++] = "--on";
		argv[n++] = on;
	}
	for (size_t i = 0; extra && extra[i] && n < MAX_ARGS - 1; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv(binary, (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	/* Read the first line byte by byte, so nothing after it is consumed. */
	while (len + 1 < sizeof(line)) {
		char ch;
		ssize_t got = read(fds[0], &ch, 1);
		if (got <= 0 || ch == '\n')
			break;
		line[len++] = ch;
	}
	line[len] = '\0';
	if (strncmp(line, "listening on ", 13)) {
		int status;
		fprintf(stderr, "server did not start: %s\n", line);
		close(fds[0]);
		kill(pid, SIGTERM);
		waitpid(pid, &status, 0);
		return -1;
	}
	snprintf(s->base, sizeof(s->base), "%s", line + 13);
	s->pid = pid;
	/* The pipe stays open, unread: the server prints nothing more on stdout. */
	s->out_fd = fds[0];
	return 0;
}

int tc_server_stop(struct tc_server *s)
{
	int status = 0;

	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, &status, 0);
	}
	if (s->out_fd >= 0)
		close(s->out_fd);
	s->pid = 0;
	s->out_fd = -1;
	return status;
}

/* ---- A client ---------------------------------------------------------------- */

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
	struct tc_resp *r = ud;
	return buf_add(&r->raw, p, sz * n) ? 0 : sz * n;
}

/* "Name: value\r\n" -> value into out. */
static void header_value(const char *p, size_t len, size_t name_len, char *out, size_t outsz)
{
	size_t v = len - name_len;

	while (v && (p[name_len + v - 1] == '\r' || p[name_len + v - 1] == '\n'))
		v--;
	snprintf(out, outsz, "%.*s", (int)v, p + name_len);
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
	struct tc_resp *r = ud;
	size_t len = sz * n;

	if (len > 13 && !strncasecmp(p, "Retry-After: ", 13))
		header_value(p, len, 13, r->retry_after, sizeof(r->retry_after));
	if (len > 12 && !strncasecmp(p, "Set-Cookie: ", 12))
		header_value(p, len, 12, r->set_cookie, sizeof(r->set_cookie));
	if (len > 14 && !strncasecmp(p, "Content-Type: ", 14))
		header_value(p, len, 14, r->content_type, sizeof(r->content_type));
	return len;
}

void tc_client_init(struct tc_client *c, const char *base)
{
	memset(c, 0, sizeof(*c));
	c->h = curl_easy_init();
	snprintf(c->base, sizeof(c->base), "%s", base ? base : "");
	curl_easy_setopt(c->h, CURLOPT_COOKIEFILE, ""); /* in-memory cookie engine */
}

void tc_client_release(struct tc_client *c)
{
	if (c->h)
		curl_easy_cleanup(c->h);
	c->h = NULL;
}

void tc_resp_release(struct tc_resp *r)
{
	json_decref(r->body);
	r->body = NULL;
	buf_release(&r->raw);
}

long tc_call(struct tc_client *c, const char *method, const char *path, const char *body,
             const char *ctype, struct tc_resp *r)
{
	char url[1024], h1[160], h2[160], h3[200];
	struct curl_slist *hdr = NULL;

	memset(r, 0, sizeof(*r));
	buf_init(&r->raw, 64 << 20);
	snprintf(url, sizeof(url), "%s%s", c->base, path);
	curl_easy_setopt(c->h, CURLOPT_URL, url);
	curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c->h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c->h, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c->h, CURLOPT_TIMEOUT, 30L);
	if (body) {
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		snprintf(h1, sizeof(h1), "Content-Type: %s", ctype ? ctype : "application/json");
		hdr = curl_slist_append(hdr, h1);
	} else if (!strcmp(method, "GET")) {
		curl_easy_setopt(c->h, CURLOPT_HTTPGET, 1L);
	} else {
		/* An empty body, so that curl does not wait for one. */
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE, 0L);
	}
	curl_easy_setopt(c->h, CURLOPT_CUSTOMREQUEST, method);
	if (c->csrf[0] && !c->no_csrf) {
		snprintf(h2, sizeof(h2), "X-CSRF-Token: %s", c->csrf);
		hdr = curl_slist_append(hdr, h2);
	}
	if (c->bearer[0]) {
		snprintf(h3, sizeof(h3), "Authorization: Bearer %s", c->bearer);
		hdr = curl_slist_append(hdr, h3);
	}
	hdr = curl_slist_append(hdr, "Expect:");
	curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, hdr);
	if (curl_easy_perform(c->h) != CURLE_OK)
		r->status = -1;
	else
		curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(hdr);
	r->body = r->raw.len ? json_loadb(r->raw.data, r->raw.len, 0, NULL) : NULL;
	return r->status;
}

long tc_callf(struct tc_client *c, const char *method, const char *body, struct tc_resp *r,
              const char *path_fmt, ...)
{
	char path[768];
	va_list ap;

	va_start(ap, path_fmt);
	vsnprintf(path, sizeof(path), path_fmt, ap);
	va_end(ap);
	return tc_call(c, method, path, body, NULL, r);
}

long tc_status(struct tc_client *c, const char *method, const char *path, const char *body)
{
	struct tc_resp r;
	long s = tc_call(c, method, path, body, NULL, &r);

	tc_resp_release(&r);
	return s;
}

long tc_login(struct tc_client *c, const char *user, const char *password)
{
	struct tc_resp r;
	json_t *b = json_pack("{s:s,s:s}", "username", user, "password", password);
	char *body = b ? json_dumps(b, JSON_COMPACT) : NULL;
	long s;

	json_decref(b);
	if (!body)
		return -1;
	s = tc_call(c, "POST", "/api/v1/session", body, NULL, &r);
	free(body);
	if (s == 201 && tc_jstr(r.body, "csrf_token"))
		snprintf(c->csrf, sizeof(c->csrf), "%s", tc_jstr(r.body, "csrf_token"));
	tc_resp_release(&r);
	return s;
}

/* ---- JSON -------------------------------------------------------------------- */

json_t *tc_jget(json_t *v, const char *path)
{
	char key[96];
	const char *dot;

	while (v && (dot = strchr(path, '.'))) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		v = json_object_get(v, key);
		path = dot + 1;
	}
	return v ? json_object_get(v, path) : NULL;
}

const char *tc_jstr(json_t *v, const char *path)
{
	return json_string_value(tc_jget(v, path));
}

int64_t tc_jint(json_t *v, const char *path, int64_t def)
{
	json_t *x = tc_jget(v, path);

	return json_is_integer(x) ? (int64_t)json_integer_value(x) : def;
}

bool tc_jis(json_t *v, const char *path, const char *want)
{
	const char *s = tc_jstr(v, path);

	return s && want && !strcmp(s, want);
}

json_t *tc_jfind(json_t *a, const char *key, const char *val)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e)
	{
		const char *s = json_string_value(json_object_get(e, key));
		if (s && val && !strcmp(s, val))
			return e;
	}
	return NULL;
}
