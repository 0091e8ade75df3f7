/*
 * tests/http/test_clock.c - `stegvis serve --on DATE` runs the whole server
 * on that date, and `--web DIR` chooses the web interface's files.
 *
 * Checked: GET /api/v1/session and the login answer report the fixed date
 * as "today" (the web interface takes its date defaults from it); a change
 * made through the API is stamped on that date, in the record and in its
 * event (a submission or a message made "today" must never carry the real
 * date of the machine); without --on, "today" is the real date; --web wins
 * over STEGVIS_WEB_DIR.
 */
#define _XOPEN_SOURCE 700 /* strptime */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "client.h"
#include "harness.h"
#include "service/auth.h"
#include "stegvis/store.h"

static const char *const password = "test-losenord-123";
static char web_a[600], web_b[600];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f)) {
		fprintf(stderr, "cannot write %s\n", path);
		exit(1);
	}
}

/* Two web trees told apart by their index.html. */
static void build_trees(const char *base)
{
	char p[700];

	snprintf(web_a, sizeof(web_a), "%s/web-a", base);
	snprintf(web_b, sizeof(web_b), "%s/web-b", base);
	if (mkdir(web_a, 0700) || mkdir(web_b, 0700))
		exit(1);
	snprintf(p, sizeof(p), "%s/index.html", web_a);
	write_file(p, "<!doctype html><title>A</title>\n");
	snprintf(p, sizeof(p), "%s/index.html", web_b);
	write_file(p, "<!doctype html><title>B</title>\n");
}

static void fixtures(const char *url)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *s = NULL;
	struct store_tenant t = {0};
	struct store_unit u = {0};
	struct store_user c = {0};
	struct store_write w = {0, 0, 1709629921000000, "test fixture"};
	char hash[AUTH_PWHASH_MAX];

	if (store_open(url, &s, &err) || store_migrate(s, NULL, NULL, &err))
		goto fail;
	t.code = "t1";
	t.name = "Testkommun";
	t.country = "SE";
	if (store_tenant_create(s, &t, w.at, &err))
		goto fail;
	w.tenant = t.id;
	u.name = "Enhet Nord";
	if (store_unit_create(s, &w, &u, &err) || auth_password_hash(password, hash))
		goto fail;
	c.username = "counsellor";
	c.display_name = "Karin Vägledare";
	c.role = "counsellor";
	c.unit_id = u.id;
	c.password_hash = hash;
	if (store_user_create(s, &w, &c, &err))
		goto fail;
	store_close(s);
	return;
fail:
	fprintf(stderr, "fixtures: %s %s\n", err.field, err.msg);
	exit(1);
}

/* The civil date (Europe/Stockholm) of an RFC 3339 UTC time, as "YYYY-MM-DD". */
static void local_date_of(const char *rfc3339, char out[11])
{
	struct tm tm = {0}, lt;
	time_t t;

	out[0] = '\0';
	if (!rfc3339 || !strptime(rfc3339, "%Y-%m-%dT%H:%M:%S", &tm))
		return;
	t = timegm(&tm);
	localtime_r(&t, &lt);
	strftime(out, 11, "%Y-%m-%d", &lt);
}

static void real_today(char out[11])
{
	time_t t = time(NULL);
	struct tm lt;

	localtime_r(&t, &lt);
	strftime(out, 11, "%Y-%m-%d", &lt);
}

static void test_fixed_day(const char *url)
{
	struct tc_server s;
	struct tc_client cl;
	struct tc_resp r;
	const char *extra[] = {"--web", web_a, NULL};
	char day[11];
	char path[96];

	if (tc_server_start(&s, NULL, url, "t1", "2024-03-04", extra)) {
		CHECK(0, "the server starts with --on and --web");
		return;
	}
	tc_client_init(&cl, s.base);

	CHECK(tc_call(&cl, "POST", "/api/v1/session",
	              "{\"username\":\"counsellor\",\"password\":\"test-losenord-123\"}", NULL,
	              &r) == 201,
	      "log in: %s", r.raw.data);
	CHECK(tc_jis(r.body, "today", "2024-03-04"), "the login answer's today is the --on date");
	tc_resp_release(&r);
	CHECK(tc_login(&cl, "counsellor", password) == 201, "log in for the CSRF token");

	CHECK(tc_call(&cl, "GET", "/api/v1/session", NULL, NULL, &r) == 200, "session");
	CHECK(tc_jis(r.body, "today", "2024-03-04"), "GET /session: today is the --on date (%s)",
	      r.raw.data);
	tc_resp_release(&r);

	/* A change made today carries today's date: the record and its event. */
	CHECK(tc_call(&cl, "POST", "/api/v1/customers",
	              "{\"given_name\":\"Sara\",\"family_name\":\"Åström\",\"person_id\":"
	              "\"19900315-"
	              "1231\"}",
	              NULL, &r) == 201,
	      "register a customer: %s", r.raw.data);
	local_date_of(tc_jstr(r.body, "created_at"), day);
	CHECK(!strcmp(day, "2024-03-04"),
	      "created_at falls on the --on date, not the real one (%s)", day);
	snprintf(path, sizeof(path), "/api/v1/customers/%lld/events",
	         (long long)tc_jint(r.body, "id", 0));
	tc_resp_release(&r);
	CHECK(tc_call(&cl, "GET", path, NULL, NULL, &r) == 200, "the customer's events");
	{
		json_t *items = json_is_array(r.body) ? r.body : tc_jget(r.body, "items");
		json_t *first = json_array_get(items, 0);
		local_date_of(tc_jstr(first, "at"), day);
		CHECK(!strcmp(day, "2024-03-04"), "the event is stamped on the --on date (%s)",
		      day);
	}
	tc_resp_release(&r);

	/* --web wins over STEGVIS_WEB_DIR (set to the other tree by main). */
	CHECK(tc_call(&cl, "GET", "/", NULL, NULL, &r) == 200, "the web interface");
	CHECK(r.raw.data && strstr(r.raw.data, "<title>A</title>"), "--web chose the files: %s",
	      r.raw.data ? r.raw.data : "(none)");
	tc_resp_release(&r);

	tc_client_release(&cl);
	CHECK(tc_server_stop(&s) == 0, "clean stop");
}

static void test_real_day(const char *url)
{
	struct tc_server s;
	struct tc_client cl;
	struct tc_resp r;
	char want[11];

	unsetenv("STEGVIS_TODAY");
	if (tc_server_start(&s, NULL, url, "t1", NULL, NULL)) {
		CHECK(0, "the server starts without --on");
		return;
	}
	tc_client_init(&cl, s.base);
	CHECK(tc_login(&cl, "counsellor", password) == 201, "log in");
	CHECK(tc_call(&cl, "GET", "/api/v1/session", NULL, NULL, &r) == 200, "session");
	real_today(want);
	/* Around midnight the two readings may straddle it: accept either side. */
	{
		const char *got = tc_jstr(r.body, "today");
		char again[11];
		real_today(again);
		CHECK(got && (!strcmp(got, want) || !strcmp(got, again)),
		      "without --on, today is the real date (%s, want %s)", got ? got : "(none)",
		      want);
	}
	tc_resp_release(&r);
	CHECK(tc_call(&cl, "GET", "/", NULL, NULL, &r) == 200, "the web interface");
	CHECK(r.raw.data && strstr(r.raw.data, "<title>B</title>"),
	      "without --web, STEGVIS_WEB_DIR chooses: %s", r.raw.data ? r.raw.data : "(none)");
	tc_resp_release(&r);
	tc_client_release(&cl);
	CHECK(tc_server_stop(&s) == 0, "clean stop");
}

int main(void)
{
	struct harness h;

	if (!getenv("SV_BINARY")) {
		fprintf(stderr, "SV_BINARY is not set\n");
		return 1;
	}
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	if (harness_create(&h, "sqlite"))
		return 1;
	fixtures(h.url);
	build_trees(h.dir);
	setenv("STEGVIS_WEB_DIR", web_b, 1);
	test_fixed_day(h.url);
	test_real_day(h.url);
	harness_cleanup(&h);
	return tc_summary();
}
