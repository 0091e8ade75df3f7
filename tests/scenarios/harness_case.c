/* The workflow scenarios' world (see harness_case.h). */
#include "harness_case.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/auth.h"
#include "stegvis/store.h"

static const char *const names[S_NROLES] = {"kv.anna",  "kv.bertil", "al.cecilia",
                                            "jh.david", "kf.eva",    "admin"};
static const char *const roles[S_NROLES] = {"counsellor",     "counsellor",     "supervisor",
                                            "provider_staff", "provider_staff", "admin"};
static const char *const password = "scenario-losenord-1";

static void die(const char *what, const struct sv_error *err)
{
	fprintf(stderr, "scenario fixture %s: %s %s\n", what, err ? err->field : "",
	        err ? err->msg : "");
	exit(1);
}

static sv_date day_of(const char *iso)
{
	sv_date d;

	if (date_parse(iso, strlen(iso), &d, "day", NULL))
		die(iso, NULL);
	return d;
}

static int64_t provider(struct store *st, const struct store_write *w, const char *org,
                        const char *name, const char *from)
{
	static const char *const schemes[] = {"FAI", "AMI", "ISA", "JOBBPENG"};
	struct sv_error err = SV_ERROR_INIT;
	struct store_provider p = {0};
	struct store_authorisation a[4];
	struct store_provider_contact contact = {"Kontakt", "Verksamhetschef", "info@example.se",
	                                         "08-123 456"};
	char *ind[] = {"Handel", "Vård och omsorg"};

	for (int i = 0; i < 4; i++)
		a[i] = (struct store_authorisation){(char *)schemes[i], day_of(from), SV_NO_DATE};
	p.org_no = (char *)org;
	p.name = (char *)name;
	p.presentation = "Vi stöttar dig hela vägen till arbete.";
	p.website = "https://example.se";
	p.capacity = -1;
	p.auths = a;
	p.nauths = 4;
	p.industries = ind;
	p.nindustries = 2;
	p.contacts = &contact;
	p.ncontacts = 1;
	if (store_provider_create(st, w, &p, &err))
		die("provider", &err);
	return p.id;
}

void scn_init(struct scn *w, const char *backend)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *st = NULL;
	struct store_tenant t = {0};
	struct store_unit u = {0};
	struct store_write wr = {0, 0, 1704067200000000, "scenario fixture"};
	char hash[AUTH_PWHASH_MAX];
	int rc;

	memset(w, 0, sizeof(*w));
	rc = harness_create(&w->h, backend);
	if (rc == HARNESS_SKIP)
		exit(77);
	if (rc || auth_init())
		exit(1);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (store_open(w->h.url, &st, &err) || store_migrate(st, NULL, NULL, &err))
		die("store", &err);
	t.code = "t1";
	t.name = "Nacka kommun";
	t.country = "SE";
	if (store_tenant_create(st, &t, wr.at, &err))
		die("tenant", &err);
	wr.tenant = w->tenant = t.id;
	u.name = "Arbetsmarknadsenheten";
	if (store_unit_create(st, &wr, &u, &err))
		die("unit", &err);
	w->unit = u.id;
	w->prov = provider(st, &wr, "5566778899", "Jobbhuset AB", "2023-01-01");
	w->prov2 = provider(st, &wr, "5560123456", "Karriärfabriken AB", "2023-06-01");
	if (auth_password_hash(password, hash))
		exit(1);
	for (int r = 0; r < S_NROLES; r++) {
		struct store_user usr = {0};
		usr.username = (char *)names[r];
		usr.display_name = (char *)names[r];
		usr.role = (char *)roles[r];
		usr.unit_id = r <= S_SUP ? w->unit : 0;
		usr.provider_id = r == S_PST ? w->prov : r == S_PST2 ? w->prov2 : 0;
		usr.password_hash = hash;
		if (store_user_create(st, &wr, &usr, &err))
			die(names[r], &err);
		w->user[r] = usr.id;
	}
	store_close(st);
}

int64_t scn_customer(struct scn *w, const char *pid, const char *birth)
{
	return scn_customer_with(w, pid, birth, "financial_assistance");
}

int64_t scn_customer_with(struct scn *w, const char *pid, const char *birth, const char *fact)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *st = NULL;
	struct store_write wr = {w->tenant, 0, 1704067200000000, "scenario fixture"};
	struct store_customer c = {0};
	struct store_fact fa = {(char *)fact, day_of("2023-01-01"), SV_NO_DATE};

	if (store_open(w->h.url, &st, &err))
		die("store", &err);
	c.person_id = (char *)pid;
	c.id_kind = "personnummer";
	c.given_name = "Kund";
	c.family_name = (char *)pid;
	c.birth_date = day_of(birth);
	c.protection = "none";
	c.unit_id = w->unit;
	c.counsellor_id = w->user[S_COU];
	c.facts = &fa;
	c.nfacts = fact ? 1 : 0;
	if (store_customer_create(st, &wr, &c, &err))
		die("customer", &err);
	store_close(st);
	return c.id;
}

void scn_day(struct scn *w, const char *day)
{
	if (w->srv.pid)
		tc_server_stop(&w->srv);
	if (tc_server_start(&w->srv, NULL, w->h.url, "t1", day, NULL))
		exit(1);
	snprintf(w->today, sizeof(w->today), "%s", day);
	for (int r = 0; r < S_NROLES; r++) {
		tc_client_release(&w->c[r]);
		tc_client_init(&w->c[r], w->srv.base);
		if (tc_login(&w->c[r], names[r], password) != 201) {
			fprintf(stderr, "%s cannot sign in\n", names[r]);
			exit(1);
		}
	}
}

void scn_done(struct scn *w)
{
	for (int r = 0; r < S_NROLES; r++)
		tc_client_release(&w->c[r]);
	if (w->srv.pid)
		tc_server_stop(&w->srv);
	curl_global_cleanup();
	harness_cleanup(&w->h);
}

static long vcall(struct scn *w, enum scn_role r, const char *method, struct tc_resp *out,
                  const char *body, const char *fmt, va_list ap)
{
	char path[512];

	vsnprintf(path, sizeof(path), fmt, ap);
	return tc_call(&w->c[r], method, path, body, NULL, out);
}

long scn_post(struct scn *w, enum scn_role r, struct tc_resp *out, const char *body,
              const char *path_fmt, ...)
{
	va_list ap;
	long s;

	va_start(ap, path_fmt);
	s = vcall(w, r, "POST", out, body, path_fmt, ap);
	va_end(ap);
	return s;
}

long scn_get(struct scn *w, enum scn_role r, struct tc_resp *out, const char *path_fmt, ...)
{
	va_list ap;
	long s;

	va_start(ap, path_fmt);
	s = vcall(w, r, "GET", out, NULL, path_fmt, ap);
	va_end(ap);
	return s;
}

long scn_act(struct scn *w, enum scn_role r, long want, const char *body, const char *path_fmt, ...)
{
	struct tc_resp resp;
	char path[512];
	va_list ap;
	long s;

	va_start(ap, path_fmt);
	vsnprintf(path, sizeof(path), path_fmt, ap);
	va_end(ap);
	s = tc_call(&w->c[r], "POST", path, body, NULL, &resp);
	CHECK(s == want, "%s POST %s: %ld, expected %ld: %.*s", w->today, path, s, want,
	      (int)(resp.raw.len > 400 ? 400 : resp.raw.len), resp.raw.data ? resp.raw.data : "");
	tc_resp_release(&resp);
	return s;
}

const char *scn_state(struct scn *w, int64_t iv, char out[16])
{
	struct tc_resp r;

	out[0] = '\0';
	if (scn_get(w, S_COU, &r, "/api/v1/interventions/%lld/case", (long long)iv) == 200 &&
	    tc_jstr(r.body, "state"))
		snprintf(out, 16, "%s", tc_jstr(r.body, "state"));
	tc_resp_release(&r);
	return out;
}

static json_t *find_obligation(json_t *items, const char *deadline, int seq)
{
	size_t i;
	json_t *o;

	json_array_foreach(items, i, o)
	{
		if (tc_jis(o, "deadline", deadline) && tc_jint(o, "seq", -1) == seq)
			return o;
	}
	return NULL;
}

void scn_obligation(struct scn *w, int64_t iv, const char *deadline, int seq, const char *due,
                    const char *status, const char *where)
{
	struct tc_resp r;
	json_t *o;
	long s = scn_get(w, S_COU, &r, "/api/v1/interventions/%lld/obligations?limit=1000",
	                 (long long)iv);

	o = s == 200 ? find_obligation(json_object_get(r.body, "items"), deadline, seq) : NULL;
	CHECK(o != NULL, "%s (%s): no obligation %s #%d (status %ld)", where, w->today, deadline,
	      seq, s);
	if (o) {
		CHECK(tc_jis(o, "due_on", due), "%s (%s): %s #%d due %s, expected %s", where,
		      w->today, deadline, seq, tc_jstr(o, "due_on"), due);
		CHECK(tc_jis(o, "status", status), "%s (%s): %s #%d is %s, expected %s", where,
		      w->today, deadline, seq, tc_jstr(o, "status"), status);
	}
	tc_resp_release(&r);
}

void scn_no_obligation(struct scn *w, int64_t iv, const char *deadline, const char *where)
{
	struct tc_resp r;
	long s = scn_get(w, S_COU, &r, "/api/v1/interventions/%lld/obligations?limit=1000",
	                 (long long)iv);

	CHECK(s == 200 && !find_obligation(json_object_get(r.body, "items"), deadline, 0),
	      "%s (%s): an obligation %s exists (status %ld)", where, w->today, deadline, s);
	tc_resp_release(&r);
}

int64_t scn_grant(struct scn *w, int64_t customer, const char *code, int64_t provider_id)
{
	struct tc_resp r;
	char body[512];
	int64_t iv = 0;
	long s;

	snprintf(body, sizeof(body),
	         "{\"code\":\"%s\",\"assessment\":\"Bedömning: redo för insats.\","
	         "\"future_plan\":\"Egen försörjning.\"%s}",
	         code, strcmp(code, "JP") ? "" : ",\"outside_target_reason\":null");
	s = scn_post(w, S_COU, &r, body, "/api/v1/customers/%lld/decisions", (long long)customer);
	CHECK(s == 201, "grant %s: %ld %.*s", code, s, (int)r.raw.len, r.raw.data);
	iv = tc_jint(tc_jget(r.body, "intervention"), "id", 0);
	tc_resp_release(&r);
	snprintf(body, sizeof(body), "{\"provider_id\":%lld}", (long long)provider_id);
	scn_act(w, S_COU, 200, body, "/api/v1/interventions/%lld/choice", (long long)iv);
	return iv;
}

void scn_sweep(struct scn *w)
{
	scn_act(w, S_ADM, 200, NULL, "/api/v1/obligations/sweep");
}

/* PUT content as the provider, then submit it: the document id. */
static int64_t put_submit(struct scn *w, const char *path, const char *content, long want)
{
	struct tc_resp r;
	int64_t id;
	long st = tc_call(&w->c[S_PST], "PUT", path, content, NULL, &r);

	CHECK(st == 200 || st == 201, "%s PUT %s: %ld %.*s", w->today, path, st,
	      (int)(r.raw.len > 300 ? 300 : r.raw.len), r.raw.data ? r.raw.data : "");
	id = tc_jint(r.body, "id", 0);
	tc_resp_release(&r);
	if (!id)
		return 0;
	if (scn_act(w, S_PST, want, NULL, "/api/v1/documents/%lld/submit", (long long)id) != 200)
		return want == 200 ? 0 : id;
	return id;
}

int64_t scn_doc_plan(struct scn *w, int64_t iv, bool jobbpeng)
{
	char path[128];

	snprintf(path, sizeof(path), "/api/v1/interventions/%lld/plan", (long long)iv);
	return put_submit(
	        w, path,
	        jobbpeng ? "{\"sections\":{\"goals\":\"Anställning inom handel.\"},\"body\":"
	                   "{\"activities\":[{\"activity\":\"Jobbsökarträffar\","
	                   "\"expected_duration\":\"4 veckor\"}]}}"
	                 : "{\"sections\":{\"goals\":\"Arbetsträning fyra dagar i veckan.\"}}",
	        200);
}

int64_t scn_doc_monthly(struct scn *w, int64_t iv, const char *month, bool jobbpeng)
{
	char path[160];

	snprintf(path, sizeof(path), "/api/v1/interventions/%lld/monthly-reports/%s", (long long)iv,
	         month);
	return put_submit(w, path,
	                  jobbpeng ? "{\"sections\":{\"plan_items\":\"Alla punkter följs.\","
	                             "\"progression\":\"Två intervjuer.\",\"adjustments\":"
	                             "\"Ej aktuellt, planen gäller.\",\"absence\":\"Ej aktuellt, "
	                             "ingen frånvaro.\",\"other_absence\":\"Ej aktuellt, ingen "
	                             "frånvaro.\",\"other_intervention\":\"Ej aktuellt, inget "
	                             "behov.\",\"deviations\":\"Ej aktuellt, inga avvikelser.\"}}"
	                           : "{\"sections\":{\"progression\":\"Deltar enligt plan.\","
	                             "\"adjustments\":\"Ej aktuellt, planen gäller.\",\"absence\":"
	                             "\"Ej aktuellt, ingen frånvaro.\",\"other_absence\":\"Ej "
	                             "aktuellt, ingen frånvaro.\",\"other_intervention\":\"Ej "
	                             "aktuellt, inget behov.\",\"deviations\":\"Ej aktuellt, inga "
	                             "avvikelser.\"}}",
	                  200);
}

int64_t scn_doc_final(struct scn *w, int64_t iv, const char *outcome, long want)
{
	char path[128], body[512];

	snprintf(path, sizeof(path), "/api/v1/interventions/%lld/final-report", (long long)iv);
	snprintf(body, sizeof(body),
	         "{\"sections\":{\"summary\":\"Insatsen genomförd.\"},\"body\":{\"outcome\":"
	         "\"%s\",\"next_step\":\"Fortsatt stöd via AMI2.\"}}",
	         outcome);
	return put_submit(w, path, body, want);
}

void scn_doc_review(struct scn *w, int64_t doc, const char *comment)
{
	char body[256];

	if (!comment) {
		scn_act(w, S_COU, 200, NULL, "/api/v1/documents/%lld/approve", (long long)doc);
		return;
	}
	snprintf(body, sizeof(body), "{\"comment\":\"%s\"}", comment);
	scn_act(w, S_COU, 200, body, "/api/v1/documents/%lld/return", (long long)doc);
}
