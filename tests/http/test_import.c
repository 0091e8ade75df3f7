/*
 * tests/http/test_import.c - POST /api/v1/imports over real HTTP, on SQLite
 * or PostgreSQL (argv[1]), against the built `stegvis serve`.
 *
 * Checked: only the admin imports (X-3: 403 for the others); a dry run
 * answers the counts and writes nothing; a file with two bad records answers
 * 422 naming both JSON paths and rules and writes nothing; a file naming
 * another tenant, existing or not, is refused naming $.tenant.code and X-5,
 * and no tenant is created; a good file imports all or nothing, its
 * running case gets its obligations in the same transaction, and its events
 * name the admin as actor and "import" as reason; the route's own body
 * cap: a body of 100 KiB (over the server's default 64 KiB, X-4) is taken,
 * one over 64 MiB answers 413 before it is sent, and every other route
 * keeps the default cap, also on the same keep-alive connection right after
 * a large body.
 *
 * The file is tests/store/data/import-nacka.json (2 units, 2 providers, 3
 * users, 3 customers, 3 interventions), imported into the existing tenant
 * "nacka" that the fixtures make (with the users who log in), judged on
 * 2024-11-15 like tests/cli/store_import.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "client.h"
#include "harness.h"
#include "service/auth.h"
#include "stegvis/store.h"

static const char *const password = "test-losenord-123";
static struct harness h;
static struct tc_server srv;
static struct tc_client adm, cou, dpo;
static int64_t admin_id;
static char *good; /* the text of import-nacka.json */

struct counts {
	size_t units, providers, users, customers, interventions;
};

static void fixtures(void)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *s = harness_open(&h);
	struct store_tenant t = {0}, other = {0};
	struct store_unit u = {0};
	struct store_write w = {0, 0, 1731664800000000, "test fixture"};
	static const char *const names[][3] = {{"admin", "Ada Admin", "admin"},
	                                       {"radgivare", "Rut Rådgivare", "counsellor"},
	                                       {"dso", "Dag Dataskydd", "dpo"}};
	char hash[AUTH_PWHASH_MAX];

	t.code = "nacka";
	t.name = "Nacka kommun";
	t.country = "SE";
	other.code = "grannby";
	other.name = "Grannby kommun";
	other.country = "SE";
	if (store_tenant_create(s, &t, w.at, &err) || store_tenant_create(s, &other, w.at, &err))
		goto fail;
	w.tenant = t.id;
	u.name = "Kansliet";
	if (store_unit_create(s, &w, &u, &err) || auth_password_hash(password, hash))
		goto fail;
	for (size_t i = 0; i < 3; i++) {
		struct store_user c = {0};
		c.username = (char *)names[i][0];
		c.display_name = (char *)names[i][1];
		c.role = (char *)names[i][2];
		c.unit_id = u.id;
		c.password_hash = hash;
		if (store_user_create(s, &w, &c, &err))
			goto fail;
		if (i == 0)
			admin_id = c.id;
	}
	store_close(s);
	return;
fail:
	fprintf(stderr, "fixtures: %s %s\n", err.field, err.msg);
	exit(1);
}

/* The records of tenant code, read back through the export (both backends). */
static struct counts count(const char *code)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *s = harness_open(&h);
	struct counts c = {0};
	struct buf out;
	json_t *doc;

	buf_init(&out, 64 << 20);
	if (store_export(s, code, &out, &err)) {
		printf("export of %s: %s\n", code, err.msg);
	} else if ((doc = json_loadb(out.data, out.len, 0, NULL))) {
		c.units = json_array_size(json_object_get(doc, "units"));
		c.providers = json_array_size(json_object_get(doc, "providers"));
		c.users = json_array_size(json_object_get(doc, "users"));
		c.customers = json_array_size(json_object_get(doc, "customers"));
		c.interventions = json_array_size(json_object_get(doc, "interventions"));
		json_decref(doc);
	}
	buf_release(&out);
	store_close(s);
	return c;
}

static bool same(struct counts a, struct counts b)
{
	return a.units == b.units && a.providers == b.providers && a.users == b.users &&
	       a.customers == b.customers && a.interventions == b.interventions;
}

static bool tenant_exists(const char *code)
{
	struct store *s = harness_open(&h);
	struct store_tenant t = {0};
	enum sv_rc rc = store_tenant_get_by_code(s, code, &t, NULL);

	store_tenant_release(&t);
	store_close(s);
	return rc == SV_OK;
}

/* The good file changed by edit (re-encoded). */
static char *variant(void (*edit)(json_t *doc))
{
	json_t *doc = json_loads(good, 0, NULL);
	char *text;

	edit(doc);
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	return text;
}

static void two_bad_records(json_t *doc)
{
	/* ID-1: K-1001 is 19811218-9876. Luhn over 811218987 with weights 2,1,2,...:
	 * 16->7, 1, 2, 2, 2, 8, 18->9, 8, 14->5 = 44, check digit (10 - 4) % 10 = 6;
	 * ...9877 breaks it. */
	json_object_set_new(json_array_get(json_object_get(doc, "customers"), 0), "person_id",
	                    json_string("198112189877"));
	/* KV-52: an ended intervention needs its end reason. */
	json_object_set_new(json_array_get(json_object_get(doc, "interventions"), 1), "end_reason",
	                    json_null());
}

static void other_tenant(json_t *doc)
{
	json_object_set_new(json_object_get(doc, "tenant"), "code", json_string("annanstans"));
}

static void existing_other_tenant(json_t *doc)
{
	json_object_set_new(json_object_get(doc, "tenant"), "code", json_string("grannby"));
}

static json_t *find_field(json_t *fields, const char *path)
{
	return tc_jfind(fields, "field", path);
}

/* The imported running AMI2 case (ref I-1) and its customer, read from the store. */
static void running_case(int64_t *iv, int64_t *customer)
{
	struct store *s = harness_open(&h);
	struct store_tenant t = {0};
	struct store_intervention_filter f = {0, 0, 0, "running"};
	struct store_page page = {0, 100};
	struct store_intervention_list l = {0};

	*iv = *customer = 0;
	if (!store_tenant_get_by_code(s, "nacka", &t, NULL) &&
	    !store_intervention_list(s, t.id, &f, page, &l, NULL))
		for (size_t i = 0; i < l.n; i++)
			if (l.v[i].ref && !strcmp(l.v[i].ref, "I-1")) {
				*iv = l.v[i].id;
				*customer = l.v[i].customer_id;
			}
	store_intervention_list_release(&l);
	store_tenant_release(&t);
	store_close(s);
}

static void test_rights(void)
{
	struct counts before = count("nacka");
	struct tc_resp r;

	/* the route's action is data.import, the admin's alone. */
	CHECK(tc_call(&cou, "POST", "/api/v1/imports", good, NULL, &r) == 403,
	      "a counsellor may not import: %ld", r.status);
	CHECK(tc_jis(r.body, "error.rule", "X-3"), "403 names X-3: %s", r.raw.data);
	tc_resp_release(&r);
	CHECK(tc_status(&dpo, "POST", "/api/v1/imports?dry_run=true", good) == 403,
	      "the dpo may not even check a file");
	CHECK(same(before, count("nacka")), "nothing written by the refused calls");
	/* X-4 on the request itself. */
	CHECK(tc_call(&adm, "POST", "/api/v1/imports", good, "text/plain", &r) == 415,
	      "not JSON: 415 (%ld)", r.status);
	tc_resp_release(&r);
	CHECK(tc_call(&adm, "POST", "/api/v1/imports?dry_run=maybe", good, NULL, &r) == 400,
	      "dry_run=maybe: 400 (%ld)", r.status);
	CHECK(r.raw.data && strstr(r.raw.data, "dry_run"), "400 names the parameter: %s",
	      r.raw.data);
	tc_resp_release(&r);
}

static void test_dry_run(void)
{
	struct counts before = count("nacka");
	struct tc_resp r;

	CHECK(tc_call(&adm, "POST", "/api/v1/imports?dry_run=true", good, NULL, &r) == 200,
	      "dry run: %s", r.raw.data);
	CHECK(json_is_true(json_object_get(r.body, "dry_run")), "the answer says dry_run");
	CHECK(tc_jint(r.body, "units", -1) == 2 && tc_jint(r.body, "providers", -1) == 2 &&
	              tc_jint(r.body, "users", -1) == 3 && tc_jint(r.body, "customers", -1) == 3 &&
	              tc_jint(r.body, "interventions", -1) == 3,
	      "dry run counts what a real run would import: %s", r.raw.data);
	/* Every intervention of the tenant: the 3 of the file (the fixtures have none). */
	CHECK(tc_jint(r.body, "obligations", -1) == 3, "obligations computed for 3: %s",
	      r.raw.data);
	tc_resp_release(&r);
	CHECK(same(before, count("nacka")), "a dry run writes nothing");
	CHECK(count("nacka").customers == 0, "still no customers after the dry run");
}

static void test_bad_records(void)
{
	struct counts before = count("nacka");
	char *text = variant(two_bad_records);
	struct tc_resp r;
	json_t *fields, *f;

	CHECK(tc_call(&adm, "POST", "/api/v1/imports", text, NULL, &r) == 422,
	      "two bad records: 422 (%ld)", r.status);
	fields = tc_jget(r.body, "error.fields");
	CHECK(json_array_size(fields) == 2, "exactly the two bad records: %s", r.raw.data);
	f = find_field(fields, "$.customers[0].person_id");
	CHECK(f && tc_jis(f, "rule", "ID-1"), "the bad identity number, ID-1: %s", r.raw.data);
	CHECK(f && tc_jstr(f, "message") && strstr(tc_jstr(f, "message"), "check digit"),
	      "with its message");
	f = find_field(fields, "$.interventions[1].end_reason");
	CHECK(f && tc_jis(f, "rule", "KV-52"), "the missing end reason, KV-52: %s", r.raw.data);
	CHECK(tc_jint(r.body, "errors_dropped", -1) == 0, "none dropped");
	CHECK(tc_jis(r.body, "error.code", "invalid_input"), "the error format");
	tc_resp_release(&r);
	CHECK(same(before, count("nacka")), "a bad file writes nothing");
	free(text);

	CHECK(tc_call(&adm, "POST", "/api/v1/imports", "{\"format\": ", NULL, &r) == 422,
	      "broken JSON: 422 (%ld)", r.status);
	CHECK(find_field(tc_jget(r.body, "error.fields"), "$") != NULL, "at $: %s", r.raw.data);
	tc_resp_release(&r);
}

static void test_other_tenant(void)
{
	char *text = variant(other_tenant);
	struct tc_resp r;
	json_t *f;

	CHECK(!tenant_exists("annanstans"), "no tenant annanstans before");
	CHECK(tc_call(&adm, "POST", "/api/v1/imports", text, NULL, &r) == 422,
	      "a file for another tenant is refused (%ld)", r.status);
	f = find_field(tc_jget(r.body, "error.fields"), "$.tenant.code");
	CHECK(f && tc_jis(f, "rule", "X-5"), "naming $.tenant.code and X-5: %s", r.raw.data);
	tc_resp_release(&r);
	CHECK(tc_status(&adm, "POST", "/api/v1/imports?dry_run=true", text) == 422,
	      "also as a dry run");
	CHECK(!tenant_exists("annanstans"), "and the tenant was not created");
	free(text);

	/* An existing other tenant: the same answer, and it stays untouched. */
	text = variant(existing_other_tenant);
	CHECK(tc_call(&adm, "POST", "/api/v1/imports", text, NULL, &r) == 422,
	      "a file for an existing other tenant is refused (%ld)", r.status);
	f = find_field(tc_jget(r.body, "error.fields"), "$.tenant.code");
	CHECK(f && tc_jis(f, "rule", "X-5"), "naming $.tenant.code and X-5: %s", r.raw.data);
	tc_resp_release(&r);
	CHECK(count("grannby").customers == 0 && count("grannby").units == 0,
	      "the other tenant is untouched");
	free(text);
}

static void test_import(void)
{
	struct counts before = count("nacka"), after;
	struct tc_resp r, o;
	json_t *items, *iv;
	size_t i;
	int64_t running = 0, customer = 0;

	CHECK(tc_call(&adm, "POST", "/api/v1/imports", good, NULL, &r) == 200, "import: %s",
	      r.raw.data);
	CHECK(json_is_false(json_object_get(r.body, "dry_run")), "not a dry run");
	CHECK(tc_jint(r.body, "customers", -1) == 3 && tc_jint(r.body, "interventions", -1) == 3,
	      "counts: %s", r.raw.data);
	tc_resp_release(&r);
	after = count("nacka");
	CHECK(after.units == before.units + 2 && after.providers == before.providers + 2 &&
	              after.users == before.users + 3 && after.customers == before.customers + 3 &&
	              after.interventions == before.interventions + 3,
	      "everything is written (%zu units, %zu customers)", after.units, after.customers);

	/* The running AMI2 case (I-1, started 2024-03-04) has its obligations at once. */
	running_case(&running, &customer);
	CHECK(running > 0, "the running AMI2 case is there");
	CHECK(tc_callf(&dpo, "GET", NULL, &o, "/api/v1/interventions/%lld/obligations",
	               (long long)running) == 200,
	      "its obligations");
	items = json_is_array(o.body) ? o.body : tc_jget(o.body, "items");
	/* KV-24: the plan 14 days from the start; KV-32: a monthly report per month. */
	CHECK(json_array_size(items) > 0, "the imported case has obligations: %s", o.raw.data);
	tc_resp_release(&o);

	/* the events name the admin and the reason. */
	CHECK(tc_callf(&dpo, "GET", NULL, &r, "/api/v1/customers/%lld/events",
	               (long long)customer) == 200,
	      "the customer's events");
	items = json_is_array(r.body) ? r.body : tc_jget(r.body, "items");
	{
		size_t n = 0, by_admin = 0;
		json_array_foreach(items, i, iv)
		{
			n++;
			if (tc_jint(iv, "actor", -1) == admin_id && tc_jis(iv, "reason", "import"))
				by_admin++;
		}
		/* K-1001: customer.created and its two interventions' intervention.created. */
		CHECK(n == 3 && by_admin == n,
		      "%zu events, %zu by the admin with reason import: %s", n, by_admin,
		      r.raw.data);
	}
	tc_resp_release(&r);

	/* All or nothing: the same file again is refused whole, nothing added. */
	CHECK(tc_call(&adm, "POST", "/api/v1/imports", good, NULL, &r) == 422,
	      "re-import refused (%ld)", r.status);
	CHECK(find_field(tc_jget(r.body, "error.fields"), "$.customers[0].id") != NULL,
	      "names the existing record: %s", r.raw.data);
	tc_resp_release(&r);
	CHECK(same(after, count("nacka")), "nothing added by the refused re-import");
}

/* A status from a raw POST of size bytes announced in Content-Length, sent only on 100 Continue. */
static size_t spaces(char *p, size_t size, size_t n, void *ud)
{
	size_t *left = ud, k = size * n < *left ? size * n : *left;

	memset(p, ' ', k);
	*left -= k;
	return k;
}

static size_t sink(char *p, size_t size, size_t n, void *ud)
{
	(void)p;
	(void)ud;
	return size * n;
}

static long post_announced(const char *path, size_t size)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hdr = NULL;
	char url[256], csrf[160];
	size_t left = size;
	long status = -1;

	snprintf(url, sizeof(url), "%s%s", srv.base, path);
	snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", adm.csrf);
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	hdr = curl_slist_append(hdr, "Expect: 100-continue");
	hdr = curl_slist_append(hdr, csrf);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)size);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, spaces);
	curl_easy_setopt(c, CURLOPT_READDATA, &left);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	/* The session cookie of the admin's client. */
	{
		struct curl_slist *cookies = NULL;
		curl_easy_getinfo(adm.h, CURLINFO_COOKIELIST, &cookies);
		for (struct curl_slist *k = cookies; k; k = k->next)
			curl_easy_setopt(c, CURLOPT_COOKIELIST, k->data);
		curl_slist_free_all(cookies);
	}
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	return status;
}

static void test_body_cap(void)
{
	size_t len = strlen(good), big = 100 << 10;
	char *padded = malloc(big + 1), *units = malloc(big + 1);
	struct tc_resp r;

	/* 100 KiB: the good file and spaces (JSON whitespace), over the default 64 KiB. */
	memcpy(padded, good, len);
	memset(padded + len, ' ', big - len);
	padded[big] = '\0';
	CHECK(tc_call(&adm, "POST", "/api/v1/imports?dry_run=true", padded, NULL, &r) == 200,
	      "a 100 KiB import document is taken (%ld): %.200s", r.status, r.raw.data);
	tc_resp_release(&r);
	/* The same size on another route, on the same kept-alive connection: 413. */
	memcpy(units, "{\"name\":\"", 9);
	memset(units + 9, 'a', big - 11);
	memcpy(units + big - 2, "\"}", 3);
	CHECK(tc_call(&adm, "POST", "/api/v1/units", units, NULL, &r) == 413,
	      "100 KiB to /api/v1/units is still over its cap (%ld)", r.status);
	CHECK(tc_jis(r.body, "error.rule", "X-4.size"), "413 names X-4.size: %s", r.raw.data);
	CHECK(r.raw.data && strstr(r.raw.data, "65536"), "and the default cap: %s", r.raw.data);
	tc_resp_release(&r);
	/* Over the route's own cap: refused from the Content-Length, before the body is sent. */
	CHECK(post_announced("/api/v1/imports", ((size_t)64 << 20) + 1) == 413,
	      "64 MiB + 1 byte: 413");
	CHECK(post_announced("/api/v1/units", ((size_t)64 << 10) + 1) == 413,
	      "64 KiB + 1 byte to another route: 413");
	/* Exactly the cap is not refused for its size (it is then not JSON: 422). */
	CHECK(post_announced("/api/v1/imports?dry_run=true", (size_t)64 << 20) == 422,
	      "exactly 64 MiB of spaces: read, then refused as no document (422)");
	free(padded);
	free(units);
}

static char *read_text(const char *path)
{
	struct buf b;
	struct sv_error err = SV_ERROR_INIT;

	buf_init(&b, 1 << 20);
	if (buf_read_file(&b, path, "file", &err)) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		exit(1);
	}
	return buf_take(&b, NULL);
}

int main(int argc, char **argv)
{
	const char *backend = argc > 1 ? argv[1] : "sqlite";
	const char *src = getenv("SV_SOURCE_DIR");
	char path[600];
	int rc;

	if (!getenv("SV_BINARY") || !src) {
		fprintf(stderr, "SV_BINARY and SV_SOURCE_DIR must be set\n");
		return 1;
	}
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	rc = harness_create(&h, backend);
	if (rc == HARNESS_SKIP)
		return 77;
	if (rc || auth_init())
		return 1;
	snprintf(path, sizeof(path), "%s/tests/store/data/import-nacka.json", src);
	good = read_text(path);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	fixtures();
	if (tc_server_start(&srv, NULL, h.url, "nacka", "2024-11-15", NULL)) {
		harness_cleanup(&h);
		return 1;
	}
	tc_client_init(&adm, srv.base);
	tc_client_init(&cou, srv.base);
	tc_client_init(&dpo, srv.base);
	CHECK(tc_login(&adm, "admin", password) == 201, "the admin logs in");
	CHECK(tc_login(&cou, "radgivare", password) == 201, "the counsellor logs in");
	CHECK(tc_login(&dpo, "dso", password) == 201, "the dpo logs in");
	test_rights();
	test_dry_run();
	test_bad_records();
	test_other_tenant();
	test_body_cap();
	test_import();
	tc_client_release(&adm);
	tc_client_release(&cou);
	tc_client_release(&dpo);
	CHECK(tc_server_stop(&srv) == 0, "clean stop");
	curl_global_cleanup();
	free(good);
	harness_cleanup(&h);
	return tc_summary();
}
