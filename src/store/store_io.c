/*
 * store_io.c - import and export in the format of docs/import-format.md,
 * the register extract, and backup/restore.
 *
 * Import runs in two passes. The first validates every record and collects
 * every problem with its JSON path and rule; nothing is written when there is
 * one. The second writes everything in one transaction through the same
 * create functions the rest of the program uses, so each record gets its
 * creation event (reason: the caller's, e.g. "import").
 */
#include "store/store_int.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stegvis/lifecycle.h"
#include "stegvis/personid.h"

#define IMPORT_FORMAT   "stegvis-import"
#define IMPORT_VERSION  1
#define MAX_IMPORT_ERRS 1000
#define US_PER_DAY      (86400LL * 1000000)

void store_import_report_release(struct store_import_report *r)
{
	free(r->errors);
	memset(r, 0, sizeof(*r));
}

struct imp {
	struct store *st;
	struct store_import_report *rep;
	sv_date today;
	const char *country;
	int64_t tenant; /* 0 while the tenant does not exist yet */
	/* ref -> index in the file, per section (jansson objects as maps) */
	json_t *units, *providers, *users, *customers;
};

static void bad(struct imp *im, const char *path, const char *rule, const char *fmt, ...)
        SV_PRINTF(4, 5);
static void bad(struct imp *im, const char *path, const char *rule, const char *fmt, ...)
{
	struct store_import_report *r = im->rep;
	struct sv_error *e;
	va_list ap;

	if (r->nerrors >= MAX_IMPORT_ERRS) {
		r->nerrors_dropped++;
		return;
	}
	if (!r->errors) {
		r->errors = calloc(MAX_IMPORT_ERRS, sizeof(*r->errors));
		if (!r->errors) {
			r->nerrors_dropped++;
			return;
		}
	}
	e = &r->errors[r->nerrors++];
	e->rc = SV_EINVAL;
	snprintf(e->field, sizeof(e->field), "%s", path);
	snprintf(e->rule, sizeof(e->rule), "%s", rule);
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

/* Copy a problem reported by a validator (sv_error) into the report under path. */
static void bad_sv(struct imp *im, const char *path, const struct sv_error *e)
{
	bad(im, path, e->rule, "%s", e->msg[0] ? e->msg : sv_strerror(e->rc));
}

/* ---- Field readers: each reports its own problem ------------------------------ */

static void path_of(char *out, size_t n, const char *base, const char *key)
{
	snprintf(out, n, "%s.%s", base, key);
}

/* Reject members the format does not know. */
static void only_keys(struct imp *im, json_t *o, const char *path, const char *const *keys)
{
	const char *k;
	json_t *v;
	char p[160];

	json_object_foreach(o, k, v)
	{
		bool known = false;
		for (const char *const *x = keys; *x; x++)
			known |= !strcmp(*x, k);
		if (!known) {
			path_of(p, sizeof(p), path, k);
			bad(im, p, "import:unknown", "unknown member");
		}
	}
}

/* A string member; NULL when absent or null (reported when required). */
static const char *get_str(struct imp *im, json_t *o, const char *path, const char *key,
                           bool required)
{
	json_t *v = json_object_get(o, key);
	char p[160];

	path_of(p, sizeof(p), path, key);
	if (!v || json_is_null(v)) {
		if (required)
			bad(im, p, "import:required", "is required");
		return NULL;
	}
	if (!json_is_string(v)) {
		bad(im, p, "import:type", "must be a string");
		return NULL;
	}
	if (required && !json_string_length(v)) {
		bad(im, p, "import:required", "must not be empty");
		return NULL;
	}
	if (strlen(json_string_value(v)) != json_string_length(v)) {
		bad(im, p, "import:type", "must not contain NUL characters");
		return NULL;
	}
	return json_string_value(v);
}

static const char *get_enum(struct imp *im, json_t *o, const char *path, const char *key,
                            bool required, const char *const *allowed)
{
	const char *s = get_str(im, o, path, key, required);
	struct sv_error e = SV_ERROR_INIT;
	char p[160];

	if (s && store_check_enum(s, allowed, key, true, &e)) {
		path_of(p, sizeof(p), path, key);
		bad_sv(im, p, &e);
		return NULL;
	}
	return s;
}

/* A date member; SV_NO_DATE when absent/null; *ok false on a bad value. */
static sv_date get_date(struct imp *im, json_t *o, const char *path, const char *key, bool required,
                        bool *ok)
{
	const char *s = get_str(im, o, path, key, required);
	struct sv_error e = SV_ERROR_INIT;
	char p[160];
	sv_date d;

	if (!s) {
		if (required || (json_object_get(o, key) && !json_is_null(json_object_get(o, key))))
			*ok = false;
		return SV_NO_DATE;
	}
	path_of(p, sizeof(p), path, key);
	if (date_parse(s, strlen(s), &d, p, &e)) {
		bad_sv(im, p, &e);
		*ok = false;
		return SV_NO_DATE;
	}
	return d;
}

static bool get_bool(struct imp *im, json_t *o, const char *path, const char *key, bool dflt)
{
	json_t *v = json_object_get(o, key);
	char p[160];

	if (!v || json_is_null(v))
		return dflt;
	if (!json_is_boolean(v)) {
		path_of(p, sizeof(p), path, key);
		bad(im, p, "import:type", "must be true or false");
		return dflt;
	}
	return json_is_true(v);
}

/* An array member (absent or null = empty); NULL on a bad type. */
static json_t *get_array(struct imp *im, json_t *o, const char *path, const char *key)
{
	json_t *v = json_object_get(o, key);
	char p[160];

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		path_of(p, sizeof(p), path, key);
		bad(im, p, "import:type", "must be an array");
		return NULL;
	}
	return v;
}

/*
 * A reference member: the id of a record of section (in this file or,
 * when the tenant exists, already stored). Reports a dangling one.
 */
static const char *get_ref(struct imp *im, json_t *o, const char *path, const char *key,
                           bool required, json_t *section, const char *table)
{
	const char *s = get_str(im, o, path, key, required);
	char p[160];

	if (!s || json_object_get(section, s))
		return s;
	if (im->tenant) {
		struct store_q q;
		struct store_param pr[] = {P_INT(im->tenant), P_TEXT(s)};
		enum sv_rc rc = SV_OK;
		const char *sql =
		        !strcmp(table, "units")
		                ? "SELECT id FROM units WHERE tenant_id = $1 AND ref = $2"
		        : !strcmp(table, "providers")
		                ? "SELECT id FROM providers WHERE tenant_id = $1 AND ref = $2"
		        : !strcmp(table, "users")
		                ? "SELECT id FROM users WHERE tenant_id = $1 AND ref = $2"
		                : "SELECT id FROM customers WHERE tenant_id = $1 AND ref = $2";
		bool found = false;
		if (!store_q_run(im->st, &q, sql, pr, NPARAMS(pr), false, NULL)) {
			found = store_q_next(&q, &rc, NULL);
			store_q_done(&q);
		}
		if (found)
			return s;
	}
	path_of(p, sizeof(p), path, key);
	bad(im, p, "import:reference", "'%.80s' is not the id of any of the %s", s, table);
	return NULL;
}

/* ---- Validation pass ------------------------------------------------------------- */

/* Register the ids of a section (unique within it, and not yet stored). */
static void collect_ids(struct imp *im, json_t *arr, const char *name, json_t *map,
                        const char *table)
{
	size_t i;
	json_t *rec;
	char p[160];

	json_array_foreach(arr, i, rec)
	{
		json_t *id = json_is_object(rec) ? json_object_get(rec, "id") : NULL;
		snprintf(p, sizeof(p), "$.%s[%zu].id", name, i);
		if (!json_is_string(id) || !json_string_length(id))
			continue; /* reported by the record's own check */
		if (json_object_get(map, json_string_value(id))) {
			bad(im, p, "import:unique", "'%.80s' is used twice in %s",
			    json_string_value(id), name);
			continue;
		}
		json_object_set_new(map, json_string_value(id), json_integer((json_int_t)i));
		if (im->tenant) {
			struct store_q q;
			struct store_param pr[] = {P_INT(im->tenant),
			                           P_TEXT(json_string_value(id))};
			const char *sql =
			        !strcmp(table, "units")
			                ? "SELECT 1 FROM units WHERE tenant_id = $1 AND ref = $2"
			        : !strcmp(table, "providers") ? "SELECT 1 FROM providers WHERE "
			                                        "tenant_id = $1 AND ref = $2"
			        : !strcmp(table, "users")
			                ? "SELECT 1 FROM users WHERE tenant_id = $1 AND ref = $2"
			        : !strcmp(table, "customers") ? "SELECT 1 FROM customers WHERE "
			                                        "tenant_id = $1 AND ref = $2"
			                                      : "SELECT 1 FROM interventions WHERE "
			                                        "tenant_id = $1 AND ref = $2";
			enum sv_rc rc = SV_OK;
			if (!store_q_run(im->st, &q, sql, pr, NPARAMS(pr), false, NULL)) {
				if (store_q_next(&q, &rc, NULL))
					bad(im, p, "import:unique",
					    "'%.80s' already exists in this tenant",
					    json_string_value(id));
				store_q_done(&q);
			}
		}
	}
}

static json_t *section(struct imp *im, json_t *root, const char *name)
{
	json_t *v = json_object_get(root, name);
	char p[64];

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		snprintf(p, sizeof(p), "$.%s", name);
		bad(im, p, "import:type", "must be an array");
		return NULL;
	}
	return v;
}

static bool is_record(struct imp *im, json_t *rec, const char *path)
{
	if (json_is_object(rec))
		return true;
	bad(im, path, "import:type", "must be an object");
	return false;
}

static void check_units(struct imp *im, json_t *arr)
{
	static const char *const keys[] = {"id", "name", "parent", NULL};
	size_t i;
	json_t *rec;
	char path[64];

	json_array_foreach(arr, i, rec)
	{
		const char *parent;
		snprintf(path, sizeof(path), "$.units[%zu]", i);
		if (!is_record(im, rec, path))
			continue;
		only_keys(im, rec, path, keys);
		get_str(im, rec, path, "id", true);
		get_str(im, rec, path, "name", true);
		parent = get_ref(im, rec, path, "parent", false, im->units, "units");
		/* A parent comes first, so units can be written in file order. */
		if (parent) {
			json_t *idx = json_object_get(im->units, parent);
			if (idx && (size_t)json_integer_value(idx) >= i) {
				char p[96];
				path_of(p, sizeof(p), path, "parent");
				bad(im, p, "import:order",
				    "the parent unit must come before its child");
			}
		}
	}
}

static void check_org_no(struct imp *im, const char *s, const char *p)
{
	struct personid_org org;
	struct sv_error e = SV_ERROR_INIT;
	enum sv_rc rc;

	if (!strcmp(im->country, "DK"))
		rc = personid_parse_cvr(s, strlen(s), &org, p, &e);
	else
		rc = personid_parse_orgnr_se(s, strlen(s), im->today, &org, p, &e);
	if (rc) {
		bad_sv(im, p, &e);
		return;
	}
	if (strcmp(org.normalized, s))
		bad(im, p, "ID-4", "write the normalised form %s", org.normalized);
}

static void check_providers(struct imp *im, json_t *arr)
{
	static const char *const keys[] = {"id",       "org_no",   "name",       "presentation",
	                                   "website",  "capacity", "industries", "authorisations",
	                                   "contacts", NULL};
	static const char *const akeys[] = {"scheme", "from", "to", NULL};
	static const char *const ckeys[] = {"name", "role", "email", "phone", NULL};
	size_t i, j;
	json_t *rec, *x;
	char path[64], sub[128], p[200];

	json_array_foreach(arr, i, rec)
	{
		const char *org;
		json_t *cap, *a;
		snprintf(path, sizeof(path), "$.providers[%zu]", i);
		if (!is_record(im, rec, path))
			continue;
		only_keys(im, rec, path, keys);
		get_str(im, rec, path, "id", true);
		get_str(im, rec, path, "name", true);
		get_str(im, rec, path, "presentation", false);
		get_str(im, rec, path, "website", false);
		org = get_str(im, rec, path, "org_no", true);
		if (org) {
			path_of(p, sizeof(p), path, "org_no");
			check_org_no(im, org, p);
		}
		cap = json_object_get(rec, "capacity");
		if (cap && !json_is_null(cap) &&
		    (!json_is_integer(cap) || json_integer_value(cap) < 0 ||
		     json_integer_value(cap) > 1000000)) {
			path_of(p, sizeof(p), path, "capacity");
			bad(im, p, "import:type", "must be a whole number 0-1000000 or null");
		}
		if ((a = get_array(im, rec, path, "industries")))
			json_array_foreach(a, j, x)
			{
				snprintf(p, sizeof(p), "%s.industries[%zu]", path, j);
				if (!json_is_string(x) || !json_string_length(x))
					bad(im, p, "import:type", "must be a non-empty string");
				for (size_t k = 0; k < j && json_is_string(x); k++)
					if (json_equal(x, json_array_get(a, k)))
						bad(im, p, "import:unique", "is listed twice");
			}
		if ((a = get_array(im, rec, path, "authorisations")))
			json_array_foreach(a, j, x)
			{
				bool ok = true;
				sv_date from, to;
				snprintf(sub, sizeof(sub), "%s.authorisations[%zu]", path, j);
				if (!is_record(im, x, sub))
					continue;
				only_keys(im, x, sub, akeys);
				get_enum(im, x, sub, "scheme", true, store_schemes);
				from = get_date(im, x, sub, "from", true, &ok);
				to = get_date(im, x, sub, "to", false, &ok);
				if (ok && to != SV_NO_DATE && to < from) {
					path_of(p, sizeof(p), sub, "to");
					bad(im, p, "store:period", "ends before it starts");
				}
			}
		if ((a = get_array(im, rec, path, "contacts")))
			json_array_foreach(a, j, x)
			{
				snprintf(sub, sizeof(sub), "%s.contacts[%zu]", path, j);
				if (!is_record(im, x, sub))
					continue;
				only_keys(im, x, sub, ckeys);
				get_str(im, x, sub, "name", true);
				get_str(im, x, sub, "role", false);
				get_str(im, x, sub, "email", false);
				get_str(im, x, sub, "phone", false);
			}
	}
}

static void check_users(struct imp *im, json_t *arr)
{
	static const char *const keys[] = {"id",   "username", "display_name", "role",
	                                   "unit", "provider", "disabled",     NULL};
	size_t i;
	json_t *rec;
	char path[64], p[160];

	json_array_foreach(arr, i, rec)
	{
		const char *role, *prov;
		snprintf(path, sizeof(path), "$.users[%zu]", i);
		if (!is_record(im, rec, path))
			continue;
		only_keys(im, rec, path, keys);
		get_str(im, rec, path, "id", true);
		get_str(im, rec, path, "username", true);
		get_str(im, rec, path, "display_name", true);
		role = get_enum(im, rec, path, "role", true, store_roles);
		get_ref(im, rec, path, "unit", false, im->units, "units");
		prov = get_ref(im, rec, path, "provider", false, im->providers, "providers");
		get_bool(im, rec, path, "disabled", false);
		if (role && !strcmp(role, "provider_staff") && !prov &&
		    !json_is_string(json_object_get(rec, "provider"))) {
			path_of(p, sizeof(p), path, "provider");
			bad(im, p, "X-3", "provider staff must belong to a provider");
		}
	}
}

static void check_person_id(struct imp *im, const char *kind, const char *s, const char *p)
{
	struct personid pid;
	struct sv_error e = SV_ERROR_INIT;
	enum sv_rc rc;
	bool cpr = !strcmp(kind, "cpr");

	rc = cpr ? personid_parse_dk(s, strlen(s), im->today, &pid, p, &e)
	         : personid_parse_se(s, strlen(s), im->today, &pid, p, &e);
	if (rc) {
		bad_sv(im, p, &e);
		return;
	}
	if (strcmp(personid_kind_name(pid.kind), kind)) {
		bad(im, p,
		    cpr ? "ID-3" : (pid.kind == PERSONID_SAMORDNINGSNUMMER ? "ID-2" : "ID-1"),
		    "is a %s, but id_kind says %s", personid_kind_name(pid.kind), kind);
		return;
	}
	if (strcmp(pid.normalized, s))
		bad(im, p, cpr ? "ID-3" : "ID-1", "write the normalised form %s", pid.normalized);
}

static void check_customers(struct imp *im, json_t *arr)
{
	static const char *const keys[] = {
	        "id",          "person_id",  "id_kind",    "given_name",
	        "family_name", "birth_date", "protection", "interpreter_language",
	        "unit",        "counsellor", "contacts",   "facts",
	        NULL};
	static const char *const ckeys[] = {"channel", "value", "consent", NULL};
	static const char *const fkeys[] = {"fact", "from", "to", NULL};
	size_t i, j;
	json_t *rec, *x, *a;
	char path[64], sub[128], p[200];
	json_t *seen = json_object();

	json_array_foreach(arr, i, rec)
	{
		const char *kind, *pid;
		bool ok = true;
		snprintf(path, sizeof(path), "$.customers[%zu]", i);
		if (!is_record(im, rec, path))
			continue;
		only_keys(im, rec, path, keys);
		get_str(im, rec, path, "id", true);
		get_str(im, rec, path, "given_name", true);
		get_str(im, rec, path, "family_name", true);
		get_date(im, rec, path, "birth_date", false, &ok);
		get_enum(im, rec, path, "protection", false, store_protections);
		get_str(im, rec, path, "interpreter_language", false);
		get_ref(im, rec, path, "unit", false, im->units, "units");
		get_ref(im, rec, path, "counsellor", false, im->users, "users");
		kind = get_enum(im, rec, path, "id_kind", true, store_id_kinds);
		pid = get_str(im, rec, path, "person_id", false);
		path_of(p, sizeof(p), path, "person_id");
		if (kind && !strcmp(kind, "none") && pid)
			bad(im, p, "ID-1", "id_kind none takes no identity number");
		else if (kind && strcmp(kind, "none") && !pid && !json_object_get(rec, "person_id"))
			bad(im, p, "import:required", "is required unless id_kind is none");
		else if (kind && strcmp(kind, "none") && pid) {
			check_person_id(im, kind, pid, p);
			if (seen && json_object_get(seen, pid))
				bad(im, p, "import:unique", "the same identity number as %s",
				    json_string_value(json_object_get(seen, pid)));
			else if (seen)
				json_object_set_new(seen, pid, json_string(path));
			if (im->tenant) {
				struct store_q q;
				struct store_param pr[] = {P_INT(im->tenant), P_TEXT(pid)};
				enum sv_rc rc = SV_OK;
				if (!store_q_run(im->st, &q,
				                 "SELECT 1 FROM customers WHERE tenant_id = $1 AND "
				                 "person_id = $2",
				                 pr, NPARAMS(pr), false, NULL)) {
					if (store_q_next(&q, &rc, NULL))
						bad(im, p, "import:unique",
						    "a customer with this identity number exists");
					store_q_done(&q);
				}
			}
		}
		if ((a = get_array(im, rec, path, "contacts")))
			json_array_foreach(a, j, x)
			{
				snprintf(sub, sizeof(sub), "%s.contacts[%zu]", path, j);
				if (!is_record(im, x, sub))
					continue;
				only_keys(im, x, sub, ckeys);
				get_enum(im, x, sub, "channel", true, store_channels);
				get_str(im, x, sub, "value", true);
				get_bool(im, x, sub, "consent", false);
			}
		if ((a = get_array(im, rec, path, "facts")))
			json_array_foreach(a, j, x)
			{
				sv_date from, to;
				bool fok = true;
				snprintf(sub, sizeof(sub), "%s.facts[%zu]", path, j);
				if (!is_record(im, x, sub))
					continue;
				only_keys(im, x, sub, fkeys);
				get_str(im, x, sub, "fact", true);
				from = get_date(im, x, sub, "from", true, &fok);
				to = get_date(im, x, sub, "to", false, &fok);
				if (fok && to != SV_NO_DATE && to < from) {
					path_of(p, sizeof(p), sub, "to");
					bad(im, p, "store:period", "ends before it starts");
				}
			}
	}
	json_decref(seen);
}

/* "end_reason": a life-cycle name (lifecycle.h) or one of the old coarse
 * names accepted as aliases (docs/import-format.md); NULL when absent or
 * bad (reported). */
static const char *get_end_reason(struct imp *im, json_t *rec, const char *path)
{
	const char *s = get_str(im, rec, path, "end_reason", false);
	enum lc_end_reason r;
	struct sv_error e = SV_ERROR_INIT;
	char p[160];

	if (!s)
		return NULL;
	path_of(p, sizeof(p), path, "end_reason");
	if (lc_end_reason_parse_alias(s, strlen(s), &r, p, &e)) {
		bad(im, p, "KV-52", "%s", e.msg);
		return NULL;
	}
	return s;
}

static void check_interventions(struct imp *im, json_t *arr)
{
	static const char *const keys[] = {
	        "id",         "customer",   "code",     "provider",       "unit",
	        "counsellor", "decided_on", "start_on", "planned_end_on", "actual_end_on",
	        "state",      "end_reason", NULL};
	size_t i;
	json_t *rec;
	char path[64], p[160];

	json_array_foreach(arr, i, rec)
	{
		const char *state, *reason;
		sv_date start, planned, actual;
		bool ok = true;
		struct sv_error e = SV_ERROR_INIT;

		snprintf(path, sizeof(path), "$.interventions[%zu]", i);
		if (!is_record(im, rec, path))
			continue;
		only_keys(im, rec, path, keys);
		get_str(im, rec, path, "id", true);
		get_ref(im, rec, path, "customer", true, im->customers, "customers");
		get_enum(im, rec, path, "code", true, store_codes);
		get_ref(im, rec, path, "provider", false, im->providers, "providers");
		get_ref(im, rec, path, "unit", false, im->units, "units");
		get_ref(im, rec, path, "counsellor", false, im->users, "users");
		get_date(im, rec, path, "decided_on", true, &ok);
		start = get_date(im, rec, path, "start_on", false, &ok);
		planned = get_date(im, rec, path, "planned_end_on", false, &ok);
		actual = get_date(im, rec, path, "actual_end_on", false, &ok);
		state = get_enum(im, rec, path, "state", true, store_states);
		reason = get_end_reason(im, rec, path);
		if (!ok || !state)
			continue;
		if (planned != SV_NO_DATE && start != SV_NO_DATE && planned < start) {
			path_of(p, sizeof(p), path, "planned_end_on");
			bad(im, p, "store:period", "ends before the start date");
		}
		if (!strcmp(state, "ended") && !reason) {
			path_of(p, sizeof(p), path, "end_reason");
			if (!json_is_string(json_object_get(rec, "end_reason")))
				bad(im, p, "KV-52", "an ended intervention needs its end reason");
		} else if (strcmp(state, "ended") &&
		           json_is_string(json_object_get(rec, "end_reason"))) {
			path_of(p, sizeof(p), path, "end_reason");
			bad(im, p, "KV-52", "only an ended intervention has an end reason");
		} else if (!strcmp(state, "ended") && actual == SV_NO_DATE) {
			path_of(p, sizeof(p), path, "actual_end_on");
			bad(im, p, "KV-52", "an ended intervention needs its end date");
		} else if (actual != SV_NO_DATE && start != SV_NO_DATE && actual < start) {
			path_of(p, sizeof(p), path, "actual_end_on");
			bad(im, p, "store:period", "ends before the start date");
		}
		(void)e;
	}
}

/* ---- Write pass -------------------------------------------------------------------- */

/* The database id of the record with ref in table (file records are stored by now). */
static int64_t ref_id(struct imp *im, const char *table, const char *ref)
{
	struct store_param p[] = {P_INT(im->tenant), P_TEXT(ref)};
	int64_t id = 0;
	const char *sql = !strcmp(table, "units")
	                          ? "SELECT id FROM units WHERE tenant_id = $1 AND ref = $2"
	                  : !strcmp(table, "providers")
	                          ? "SELECT id FROM providers WHERE tenant_id = $1 AND ref = $2"
	                  : !strcmp(table, "users")
	                          ? "SELECT id FROM users WHERE tenant_id = $1 AND ref = $2"
	                          : "SELECT id FROM customers WHERE tenant_id = $1 AND ref = $2";

	if (!ref)
		return 0;
	if (store_one_int(im->st, sql, p, NPARAMS(p), &id, NULL))
		return 0;
	return id;
}

static const char *s_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static sv_date d_of(json_t *o, const char *key)
{
	const char *s = s_of(o, key);
	sv_date d;

	if (!s || date_parse(s, strlen(s), &d, "", NULL))
		return SV_NO_DATE;
	return d;
}

/* Prefix the error of a failed write with the record's path. */
static enum sv_rc write_failed(struct imp *im, const char *path, enum sv_rc rc,
                               const struct sv_error *e)
{
	char p[160];

	snprintf(p, sizeof(p), "%s%s%s", path, e->field[0] ? "." : "", e->field);
	bad(im, p, e->rule[0] ? e->rule : "store", "%s", e->msg[0] ? e->msg : sv_strerror(rc));
	return rc;
}

static enum sv_rc write_all(struct imp *im, const struct store_write *w, json_t *root)
{
	enum sv_rc rc = SV_OK;
	size_t i, j;
	json_t *rec, *arr, *x;
	char path[64];

	arr = json_object_get(root, "units");
	json_array_foreach(arr, i, rec)
	{
		struct store_unit u = {0};
		struct sv_error e = SV_ERROR_INIT;
		snprintf(path, sizeof(path), "$.units[%zu]", i);
		u.ref = (char *)s_of(rec, "id");
		u.name = (char *)s_of(rec, "name");
		u.parent_id = ref_id(im, "units", s_of(rec, "parent"));
		if ((rc = store_unit_create(im->st, w, &u, &e)))
			return write_failed(im, path, rc, &e);
		im->rep->units++;
	}
	arr = json_object_get(root, "providers");
	json_array_foreach(arr, i, rec)
	{
		struct store_provider pv = {0};
		struct sv_error e = SV_ERROR_INIT;
		json_t *a;
		json_t *cap = json_object_get(rec, "capacity");
		snprintf(path, sizeof(path), "$.providers[%zu]", i);
		pv.ref = (char *)s_of(rec, "id");
		pv.org_no = (char *)s_of(rec, "org_no");
		pv.name = (char *)s_of(rec, "name");
		pv.presentation = (char *)s_of(rec, "presentation");
		pv.website = (char *)s_of(rec, "website");
		pv.capacity = json_is_integer(cap) ? (int32_t)json_integer_value(cap) : -1;
		a = json_object_get(rec, "industries");
		pv.nindustries = json_array_size(a);
		pv.industries = calloc(pv.nindustries + 1, sizeof(*pv.industries));
		a = json_object_get(rec, "authorisations");
		pv.nauths = json_array_size(a);
		pv.auths = calloc(pv.nauths + 1, sizeof(*pv.auths));
		pv.ncontacts = json_array_size(json_object_get(rec, "contacts"));
		pv.contacts = calloc(pv.ncontacts + 1, sizeof(*pv.contacts));
		if (!pv.industries || !pv.auths || !pv.contacts) {
			rc = SV_ENOMEM;
		} else {
			json_array_foreach(json_object_get(rec, "industries"), j, x)
			        pv.industries[j] = (char *)json_string_value(x);
			json_array_foreach(json_object_get(rec, "authorisations"), j, x)
			{
				pv.auths[j].scheme = (char *)s_of(x, "scheme");
				pv.auths[j].from = d_of(x, "from");
				pv.auths[j].to = d_of(x, "to");
			}
			json_array_foreach(json_object_get(rec, "contacts"), j, x)
			{
				pv.contacts[j].name = (char *)s_of(x, "name");
				pv.contacts[j].role = (char *)s_of(x, "role");
				pv.contacts[j].email = (char *)s_of(x, "email");
				pv.contacts[j].phone = (char *)s_of(x, "phone");
			}
			rc = store_provider_create(im->st, w, &pv, &e);
		}
		free(pv.industries);
		free(pv.auths);
		free(pv.contacts);
		if (rc)
			return write_failed(im, path, rc, &e);
		im->rep->providers++;
	}
	arr = json_object_get(root, "users");
	json_array_foreach(arr, i, rec)
	{
		struct store_user u = {0};
		struct sv_error e = SV_ERROR_INIT;
		snprintf(path, sizeof(path), "$.users[%zu]", i);
		u.ref = (char *)s_of(rec, "id");
		u.username = (char *)s_of(rec, "username");
		u.display_name = (char *)s_of(rec, "display_name");
		u.role = (char *)s_of(rec, "role");
		u.unit_id = ref_id(im, "units", s_of(rec, "unit"));
		u.provider_id = ref_id(im, "providers", s_of(rec, "provider"));
		u.disabled = json_is_true(json_object_get(rec, "disabled"));
		if ((rc = store_user_create(im->st, w, &u, &e)))
			return write_failed(im, path, rc, &e);
		im->rep->users++;
	}
	arr = json_object_get(root, "customers");
	json_array_foreach(arr, i, rec)
	{
		struct store_customer c = {0};
		struct sv_error e = SV_ERROR_INIT;
		snprintf(path, sizeof(path), "$.customers[%zu]", i);
		c.ref = (char *)s_of(rec, "id");
		c.person_id = (char *)s_of(rec, "person_id");
		c.id_kind = (char *)s_of(rec, "id_kind");
		c.given_name = (char *)s_of(rec, "given_name");
		c.family_name = (char *)s_of(rec, "family_name");
		c.birth_date = d_of(rec, "birth_date");
		c.protection = (char *)s_of(rec, "protection");
		c.interpreter_language = (char *)s_of(rec, "interpreter_language");
		c.unit_id = ref_id(im, "units", s_of(rec, "unit"));
		c.counsellor_id = ref_id(im, "users", s_of(rec, "counsellor"));
		c.ncontacts = json_array_size(json_object_get(rec, "contacts"));
		c.contacts = calloc(c.ncontacts + 1, sizeof(*c.contacts));
		c.nfacts = json_array_size(json_object_get(rec, "facts"));
		c.facts = calloc(c.nfacts + 1, sizeof(*c.facts));
		if (!c.contacts || !c.facts) {
			rc = SV_ENOMEM;
		} else {
			json_array_foreach(json_object_get(rec, "contacts"), j, x)
			{
				c.contacts[j].channel = (char *)s_of(x, "channel");
				c.contacts[j].value = (char *)s_of(x, "value");
				c.contacts[j].consent = json_is_true(json_object_get(x, "consent"));
			}
			json_array_foreach(json_object_get(rec, "facts"), j, x)
			{
				c.facts[j].fact = (char *)s_of(x, "fact");
				c.facts[j].from = d_of(x, "from");
				c.facts[j].to = d_of(x, "to");
			}
			rc = store_customer_create(im->st, w, &c, &e);
		}
		free(c.contacts);
		free(c.facts);
		if (rc)
			return write_failed(im, path, rc, &e);
		im->rep->customers++;
	}
	arr = json_object_get(root, "interventions");
	json_array_foreach(arr, i, rec)
	{
		struct store_intervention iv = {0};
		struct sv_error e = SV_ERROR_INIT;
		enum lc_end_reason why = LC_END_NONE;
		const char *cause;
		snprintf(path, sizeof(path), "$.interventions[%zu]", i);
		iv.ref = (char *)s_of(rec, "id");
		iv.customer_id = ref_id(im, "customers", s_of(rec, "customer"));
		iv.code = (char *)s_of(rec, "code");
		iv.provider_id = ref_id(im, "providers", s_of(rec, "provider"));
		iv.unit_id = ref_id(im, "units", s_of(rec, "unit"));
		iv.counsellor_id = ref_id(im, "users", s_of(rec, "counsellor"));
		iv.decided_on = d_of(rec, "decided_on");
		iv.start_on = d_of(rec, "start_on");
		iv.planned_end_on = d_of(rec, "planned_end_on");
		iv.actual_end_on = d_of(rec, "actual_end_on");
		iv.state = (char *)s_of(rec, "state");
		/* One vocabulary (lifecycle.h): the coarse column gets its
		 * mapping, intervention_details.end_cause the life-cycle name. */
		cause = NULL;
		if (s_of(rec, "end_reason") &&
		    !lc_end_reason_parse_alias(s_of(rec, "end_reason"),
		                               strlen(s_of(rec, "end_reason")), &why, "end_reason",
		                               NULL)) {
			iv.end_reason = (char *)lc_end_reason_stored(why);
			cause = lc_end_reason_name(why);
		}
		if ((rc = store_intervention_create(im->st, w, &iv, &e)))
			return write_failed(im, path, rc, &e);
		if (cause) {
			struct store_param p[] = {P_INT(w->tenant), P_INT(iv.id), P_TEXT(cause)};
			rc = store_do(
			        im->st,
			        "INSERT INTO intervention_details (tenant_id, intervention_id, "
			        "end_cause) VALUES ($1, $2, $3)",
			        p, NPARAMS(p), NULL, &e);
			if (rc)
				return write_failed(im, path, rc, &e);
		}
		im->rep->interventions++;
	}
	return SV_OK;
}

enum sv_rc store_import(struct store *st, const struct store_write *w0, const char *json,
                        size_t len, struct store_import_report *rep, struct sv_error *err)
{
	static const char *const keys[] = {"format",    "version",       "tenant",
	                                   "units",     "providers",     "users",
	                                   "customers", "interventions", NULL};
	static const char *const tkeys[] = {"code", "name", "country", NULL};
	static const char *const countries[] = {"SE", "DK", NULL};
	struct imp im = {0};
	struct store_tenant ten = {0};
	struct store_write w;
	json_error_t je;
	json_t *root = NULL, *t, *v;
	const char *code = NULL, *tname = NULL, *country = NULL;
	enum sv_rc rc = SV_OK;

	memset(rep, 0, sizeof(*rep));
	im.st = st;
	im.rep = rep;
	im.today = (sv_date)(w0->at >= 0 ? w0->at / US_PER_DAY
	                                 : -((-w0->at + US_PER_DAY - 1) / US_PER_DAY));
	im.units = json_object();
	im.providers = json_object();
	im.users = json_object();
	im.customers = json_object();
	if (!im.units || !im.providers || !im.users || !im.customers) {
		rc = SV_ENOMEM;
		goto out;
	}
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		bad(&im, "$", "JSON", "line %d, column %d: %s", je.line, je.column, je.text);
		goto done;
	}
	if (!json_is_object(root)) {
		bad(&im, "$", "import:type", "must be an object");
		goto done;
	}
	only_keys(&im, root, "$", keys);
	v = json_object_get(root, "format");
	if (!json_is_string(v) || strcmp(json_string_value(v), IMPORT_FORMAT))
		bad(&im, "$.format", "import:format", "must be \"%s\"", IMPORT_FORMAT);
	v = json_object_get(root, "version");
	if (!json_is_integer(v) || json_integer_value(v) != IMPORT_VERSION)
		bad(&im, "$.version", "import:format", "must be %d", IMPORT_VERSION);
	t = json_object_get(root, "tenant");
	if (!json_is_object(t)) {
		bad(&im, "$.tenant", "import:required",
		    "must be an object with code, name, country");
		goto done;
	}
	only_keys(&im, t, "$.tenant", tkeys);
	code = get_str(&im, t, "$.tenant", "code", true);
	tname = get_str(&im, t, "$.tenant", "name", true);
	country = get_enum(&im, t, "$.tenant", "country", true, countries);
	if (!code || !country)
		goto done;
	im.country = country;
	rc = store_tenant_get_by_code(st, code, &ten, NULL);
	if (rc == SV_OK) {
		im.tenant = ten.id;
		if (strcmp(ten.country, country))
			bad(&im, "$.tenant.country", "X-5", "tenant '%s' exists with country %s",
			    code, ten.country);
	} else if (rc != SV_ENOTFOUND) {
		sv_error_set(err, rc, "", "", "cannot look up the tenant");
		goto out;
	}
	rc = SV_OK;
	{
		json_t *units = section(&im, root, "units");
		json_t *providers = section(&im, root, "providers");
		json_t *users = section(&im, root, "users");
		json_t *customers = section(&im, root, "customers");
		json_t *ivs = section(&im, root, "interventions");
		collect_ids(&im, units, "units", im.units, "units");
		collect_ids(&im, providers, "providers", im.providers, "providers");
		collect_ids(&im, users, "users", im.users, "users");
		collect_ids(&im, customers, "customers", im.customers, "customers");
		{
			json_t *ivmap = json_object();
			collect_ids(&im, ivs, "interventions", ivmap, "interventions");
			json_decref(ivmap);
		}
		check_units(&im, units);
		check_providers(&im, providers);
		check_users(&im, users);
		check_customers(&im, customers);
		check_interventions(&im, ivs);
	}
done:
	if (rep->nerrors || rep->nerrors_dropped) {
		rc = sv_error_set(err, SV_EINVAL, rep->errors[0].field, rep->errors[0].rule,
		                  "%zu bad record(s); nothing was imported",
		                  rep->nerrors + rep->nerrors_dropped);
		goto out;
	}
	/* Everything is valid: write it all in one transaction. */
	rc = store_tx_enter(st, err);
	if (rc)
		goto out;
	if (!im.tenant) {
		struct store_tenant nt = {0};
		nt.code = (char *)code;
		nt.name = (char *)tname;
		nt.country = (char *)country;
		rc = store_tenant_create(st, &nt, w0->at, err);
		im.tenant = nt.id;
	}
	w = *w0;
	w.tenant = im.tenant;
	rep->tenant = im.tenant;
	if (!rc)
		rc = write_all(&im, &w, root);
	rc = store_tx_leave(st, rc, err);
	if (rc) {
		rep->units = rep->providers = rep->users = rep->customers = rep->interventions = 0;
		if (rep->nerrors)
			sv_error_set(err, rc, rep->errors[0].field, rep->errors[0].rule,
			             "%s; nothing was imported", rep->errors[0].msg);
	}
out:
	store_tenant_release(&ten);
	json_decref(root);
	json_decref(im.units);
	json_decref(im.providers);
	json_decref(im.users);
	json_decref(im.customers);
	return rc;
}

/* ---- Export -------------------------------------------------------------------------- */

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jdate(sv_date d)
{
	char b[SV_DATE_STRLEN];
	return d == SV_NO_DATE ? json_null() : json_string(date_format(d, b));
}

/* Add key: value to o, stealing value; false when out of memory. */
static bool put(json_t *o, const char *key, json_t *value)
{
	return value && json_object_set_new(o, key, value) == 0;
}

/* The export key of a row: its ref, or "<kind>-<id>" for a row made here. */
#define EXPORT_KEY(alias, kind) "COALESCE(" alias ".ref, '" kind "-' || " alias ".id)"

static enum sv_rc export_rows(struct store *st, const char *sql, int64_t tenant, json_t *arr,
                              enum sv_rc (*row)(struct store *st, struct store_q *q, int64_t tenant,
                                                json_t *o, struct sv_error *err),
                              struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant)};
	struct store_q q;
	enum sv_rc rc = store_q_run(st, &q, sql, p, NPARAMS(p), false, err);

	if (rc)
		return rc;
	while (!rc && store_q_next(&q, &rc, err)) {
		json_t *o = json_object();
		if (!o) {
			rc = SV_ENOMEM;
			break;
		}
		rc = row(st, &q, tenant, o, err);
		if (!rc && json_array_append_new(arr, o))
			rc = SV_ENOMEM;
		else if (rc)
			json_decref(o);
	}
	store_q_done(&q);
	return rc;
}

static enum sv_rc unit_json(struct store *st, struct store_q *q, int64_t tenant, json_t *o,
                            struct sv_error *err)
{
	bool ok = put(o, "id", jstr(store_q_text(q, 0))) &&
	          put(o, "name", jstr(store_q_text(q, 1))) &&
	          put(o, "parent", jstr(store_q_text(q, 2)));
	return ok ? SV_OK : SV_ENOMEM;
}

static enum sv_rc user_json(struct store *st, struct store_q *q, int64_t tenant, json_t *o,
                            struct sv_error *err)
{
	bool ok = put(o, "id", jstr(store_q_text(q, 0))) &&
	          put(o, "username", jstr(store_q_text(q, 1))) &&
	          put(o, "display_name", jstr(store_q_text(q, 2))) &&
	          put(o, "role", jstr(store_q_text(q, 3))) &&
	          put(o, "unit", jstr(store_q_text(q, 4))) &&
	          put(o, "provider", jstr(store_q_text(q, 5))) &&
	          put(o, "disabled", json_boolean(store_q_int(q, 6)));
	return ok ? SV_OK : SV_ENOMEM;
}

static enum sv_rc provider_json(struct store *st, struct store_q *q, int64_t tenant, json_t *o,
                                struct sv_error *err)
{
	struct store_provider pv = {0};
	json_t *ind = json_array(), *auths = json_array(), *contacts = json_array();
	int64_t cap = store_q_int(q, 6);
	bool ok;
	enum sv_rc rc;

	ok = ind && auths && contacts && put(o, "id", jstr(store_q_text(q, 0))) &&
	     put(o, "org_no", jstr(store_q_text(q, 1))) &&
	     put(o, "name", jstr(store_q_text(q, 2))) &&
	     put(o, "presentation", jstr(store_q_text(q, 3))) &&
	     put(o, "website", jstr(store_q_text(q, 4))) &&
	     put(o, "capacity", cap < 0 ? json_null() : json_integer((json_int_t)cap));
	if (!ok) {
		json_decref(ind);
		json_decref(auths);
		json_decref(contacts);
		return SV_ENOMEM;
	}
	/* The details come from the same functions as everywhere else. */
	rc = store_provider_get(st, tenant, store_q_int(q, 5), &pv, err);
	for (size_t i = 0; !rc && i < pv.nindustries; i++)
		if (json_array_append_new(ind, json_string(pv.industries[i])))
			rc = SV_ENOMEM;
	for (size_t i = 0; !rc && i < pv.nauths; i++) {
		json_t *a = json_object();
		if (!a || !put(a, "scheme", jstr(pv.auths[i].scheme)) ||
		    !put(a, "from", jdate(pv.auths[i].from)) ||
		    !put(a, "to", jdate(pv.auths[i].to)) || json_array_append_new(auths, a))
			rc = SV_ENOMEM;
	}
	for (size_t i = 0; !rc && i < pv.ncontacts; i++) {
		json_t *c = json_object();
		if (!c || !put(c, "name", jstr(pv.contacts[i].name)) ||
		    !put(c, "role", jstr(pv.contacts[i].role)) ||
		    !put(c, "email", jstr(pv.contacts[i].email)) ||
		    !put(c, "phone", jstr(pv.contacts[i].phone)) ||
		    json_array_append_new(contacts, c))
			rc = SV_ENOMEM;
	}
	store_provider_release(&pv);
	if (!put(o, "industries", ind) || !put(o, "authorisations", auths) ||
	    !put(o, "contacts", contacts))
		rc = rc ? rc : SV_ENOMEM;
	return rc;
}

static enum sv_rc customer_json(struct store *st, struct store_q *q, int64_t tenant, json_t *o,
                                struct sv_error *err)
{
	struct store_customer c = {0};
	json_t *contacts = json_array(), *facts = json_array();
	enum sv_rc rc;
	bool ok;

	ok = contacts && facts && put(o, "id", jstr(store_q_text(q, 0))) &&
	     put(o, "person_id", jstr(store_q_text(q, 1))) &&
	     put(o, "id_kind", jstr(store_q_text(q, 2))) &&
	     put(o, "given_name", jstr(store_q_text(q, 3))) &&
	     put(o, "family_name", jstr(store_q_text(q, 4))) &&
	     put(o, "birth_date", jdate(store_q_date(q, 5))) &&
	     put(o, "protection", jstr(store_q_text(q, 6))) &&
	     put(o, "interpreter_language", jstr(store_q_text(q, 7))) &&
	     put(o, "unit", jstr(store_q_text(q, 8))) &&
	     put(o, "counsellor", jstr(store_q_text(q, 9)));
	if (!ok) {
		json_decref(contacts);
		json_decref(facts);
		return SV_ENOMEM;
	}
	rc = store_customer_get(st, tenant, store_q_int(q, 10), &c, err);
	for (size_t i = 0; !rc && i < c.ncontacts; i++) {
		json_t *k = json_object();
		if (!k || !put(k, "channel", jstr(c.contacts[i].channel)) ||
		    !put(k, "value", jstr(c.contacts[i].value)) ||
		    !put(k, "consent", json_boolean(c.contacts[i].consent)) ||
		    json_array_append_new(contacts, k))
			rc = SV_ENOMEM;
	}
	for (size_t i = 0; !rc && i < c.nfacts; i++) {
		json_t *f = json_object();
		if (!f || !put(f, "fact", jstr(c.facts[i].fact)) ||
		    !put(f, "from", jdate(c.facts[i].from)) ||
		    !put(f, "to", jdate(c.facts[i].to)) || json_array_append_new(facts, f))
			rc = SV_ENOMEM;
	}
	store_customer_release(&c);
	if (!put(o, "contacts", contacts) || !put(o, "facts", facts))
		rc = rc ? rc : SV_ENOMEM;
	return rc;
}

/* The end reason in the one vocabulary (lifecycle.h): the details' name,
 * else the coarse column mapped (columns 11 and 12 of the export query). */
static const char *export_end_reason(struct store_q *q)
{
	const char *v = lc_end_reason_display(store_q_text(q, 12), store_q_text(q, 11));
	return v ? v : store_q_text(q, 11);
}

static enum sv_rc intervention_json(struct store *st, struct store_q *q, int64_t tenant, json_t *o,
                                    struct sv_error *err)
{
	bool ok = put(o, "id", jstr(store_q_text(q, 0))) &&
	          put(o, "customer", jstr(store_q_text(q, 1))) &&
	          put(o, "code", jstr(store_q_text(q, 2))) &&
	          put(o, "provider", jstr(store_q_text(q, 3))) &&
	          put(o, "unit", jstr(store_q_text(q, 4))) &&
	          put(o, "counsellor", jstr(store_q_text(q, 5))) &&
	          put(o, "decided_on", jdate(store_q_date(q, 6))) &&
	          put(o, "start_on", jdate(store_q_date(q, 7))) &&
	          put(o, "planned_end_on", jdate(store_q_date(q, 8))) &&
	          put(o, "actual_end_on", jdate(store_q_date(q, 9))) &&
	          put(o, "state", jstr(store_q_text(q, 10))) &&
	          put(o, "end_reason", jstr(export_end_reason(q)));
	return ok ? SV_OK : SV_ENOMEM;
}

enum sv_rc store_export(struct store *st, const char *tenant_code, struct buf *out,
                        struct sv_error *err)
{
	struct store_tenant t = {0};
	json_t *root = json_object(), *t_o = json_object();
	json_t *units = json_array(), *providers = json_array(), *users = json_array(),
	       *customers = json_array(), *ivs = json_array();
	char *text = NULL;
	enum sv_rc rc;

	if (!root || !t_o || !units || !providers || !users || !customers || !ivs) {
		rc = SV_ENOMEM;
		json_decref(t_o);
		json_decref(units);
		json_decref(providers);
		json_decref(users);
		json_decref(customers);
		json_decref(ivs);
		goto out;
	}
	rc = store_tenant_get_by_code(st, tenant_code, &t, err);
	if (rc) {
		json_decref(t_o);
		json_decref(units);
		json_decref(providers);
		json_decref(users);
		json_decref(customers);
		json_decref(ivs);
		goto out;
	}
	if (!put(root, "format", json_string(IMPORT_FORMAT)) ||
	    !put(root, "version", json_integer(IMPORT_VERSION)) ||
	    !put(t_o, "code", jstr(t.code)) || !put(t_o, "name", jstr(t.name)) ||
	    !put(t_o, "country", jstr(t.country)) || !put(root, "tenant", t_o) ||
	    !put(root, "units", units) || !put(root, "providers", providers) ||
	    !put(root, "users", users) || !put(root, "customers", customers) ||
	    !put(root, "interventions", ivs)) {
		rc = SV_ENOMEM;
		goto out;
	}
	rc = export_rows(
	        st,
	        "SELECT " EXPORT_KEY(
	                "u", "unit") ", u.name, CASE WHEN p.id IS NULL THEN "
	                             "NULL ELSE " EXPORT_KEY(
	                                     "p", "unit") " END FROM units u LEFT JOIN units p "
	                                                  "ON p.tenant_id = u.tenant_id AND p.id = "
	                                                  "u.parent_id WHERE u.tenant_id = $1 "
	                                                  "ORDER BY u.id",
	        t.id, units, unit_json, err);
	if (!rc)
		rc = export_rows(st,
		                 "SELECT " EXPORT_KEY(
		                         "p", "provider") ", p.org_no, p.name, "
		                                          "p.presentation, p.website, p.id, "
		                                          "p.capacity FROM providers p "
		                                          "WHERE p.tenant_id = $1 ORDER BY p.id",
		                 t.id, providers, provider_json, err);
	if (!rc)
		rc = export_rows(
		        st,
		        "SELECT " EXPORT_KEY(
		                "u",
		                "user") ", u.username, u.display_name, "
		                        "u.role, CASE WHEN n.id IS NULL THEN NULL ELSE " EXPORT_KEY(
		                                "n",
		                                "unit") " END, CASE WHEN p.id IS NULL THEN NULL "
		                                        "ELSE " EXPORT_KEY("p",
		                                                           "provider") " END, "
		                                                                       "u.disabled "
		                                                                       "FROM users "
		                                                                       "u "
		                                                                       "LEFT JOIN "
		                                                                       "units n ON "
		                                                                       "n.tenant_"
		                                                                       "id = "
		                                                                       "u.tenant_"
		                                                                       "id AND "
		                                                                       "n.id = "
		                                                                       "u.unit_id "
		                                                                       "LEFT JOIN "
		                                                                       "providers "
		                                                                       "p ON "
		                                                                       "p.tenant_"
		                                                                       "id = "
		                                                                       "u.tenant_"
		                                                                       "id AND "
		                                                                       "p.id = "
		                                                                       "u.provider_"
		                                                                       "id WHERE "
		                                                                       "u.tenant_"
		                                                                       "id = $1 "
		                                                                       "ORDER BY "
		                                                                       "u.id",
		        t.id, users, user_json, err);
	if (!rc)
		rc = export_rows(
		        st,
		        "SELECT " EXPORT_KEY(
		                "c",
		                "customer") ", c.person_id, c.id_kind, "
		                            "c.given_name, c.family_name, c.birth_date, "
		                            "c.protection, "
		                            "c.interpreter_language, CASE WHEN n.id IS NULL THEN "
		                            "NULL ELSE " EXPORT_KEY(
		                                    "n",
		                                    "unit") " END, CASE WHEN u.id IS NULL THEN "
		                                            "NULL ELSE " EXPORT_KEY("u",
		                                                                    "user") " END, "
		                                                                            "c.id "
		                                                                            "FROM "
		                                                                            "custom"
		                                                                            "ers c "
		                                                                            "LEFT "
		                                                                            "JOIN "
		                                                                            "units "
		                                                                            "n ON "
		                                                                            "n."
		                                                                            "tenant"
		                                                                            "_id = "
		                                                                            "c."
		                                                                            "tenant"
		                                                                            "_id "
		                                                                            "AND "
		                                                                            "n.id "
		                                                                            "= "
		                                                                            "c."
		                                                                            "unit_"
		                                                                            "id "
		                                                                            "LEFT "
		                                                                            "JOIN "
		                                                                            "users "
		                                                                            "u ON "
		                                                                            "u."
		                                                                            "tenant"
		                                                                            "_id = "
		                                                                            "c."
		                                                                            "tenant"
		                                                                            "_id "
		                                                                            "AND "
		                                                                            "u.id "
		                                                                            "= "
		                                                                            "c."
		                                                                            "counse"
		                                                                            "llor_"
		                                                                            "id "
		                                                                            "WHERE "
		                                                                            "c."
		                                                                            "tenant"
		                                                                            "_id = "
		                                                                            "$1 "
		                                                                            "ORDER "
		                                                                            "BY "
		                                                                            "c.id",
		        t.id, customers, customer_json, err);
	if (!rc)
		rc = export_rows(
		        st,
		        "SELECT " EXPORT_KEY("i", "intervention") ", " EXPORT_KEY("c", "customer") ", i.code, CASE WHEN p.id IS NULL THEN NULL ELSE " EXPORT_KEY(
		                "p",
		                "provider") " END, CASE WHEN n.id IS NULL THEN NULL "
		                            "ELSE " EXPORT_KEY(
		                                    "n",
		                                    "unit") " END, CASE WHEN u.id IS NULL THEN "
		                                            "NULL "
		                                            "ELSE " EXPORT_KEY(
		                                                    "u",
		                                                    "user") " END, i.decided_on, "
		                                                            "i.start_on, "
		                                                            "i.planned_end_on, "
		                                                            "i.actual_end_on, "
		                                                            "i.state, "
		                                                            "i.end_reason, (SELECT "
		                                                            "d.end_cause FROM "
		                                                            "intervention_details "
		                                                            "d WHERE d.tenant_id = "
		                                                            "i.tenant_id AND "
		                                                            "d.intervention_id = "
		                                                            "i.id) "
		                                                            "FROM interventions i "
		                                                            "JOIN customers c ON "
		                                                            "c.tenant_id = "
		                                                            "i.tenant_id AND "
		                                                            "c.id = i.customer_id "
		                                                            "LEFT JOIN providers p "
		                                                            "ON p.tenant_id = "
		                                                            "i.tenant_id AND p.id "
		                                                            "= "
		                                                            "i.provider_id LEFT "
		                                                            "JOIN units n ON "
		                                                            "n.tenant_id = "
		                                                            "i.tenant_id AND "
		                                                            "n.id = i.unit_id LEFT "
		                                                            "JOIN users u ON "
		                                                            "u.tenant_id = "
		                                                            "i.tenant_id AND "
		                                                            "u.id = "
		                                                            "i.counsellor_id WHERE "
		                                                            "i.tenant_id = $1 "
		                                                            "ORDER BY i.id",
		        t.id, ivs, intervention_json, err);
	if (rc)
		goto out;
	text = json_dumps(root, JSON_INDENT(2));
	if (!text || buf_adds(out, text) || buf_addc(out, '\n'))
		rc = SV_ENOMEM;
out:
	free(text);
	json_decref(root);
	store_tenant_release(&t);
	return rc;
}

/* ---- Register extract ------------------------------------------------------------------ */

/* Every row of one query as an array of objects named by the columns; values as text. */
static enum sv_rc rows_json(struct store *st, const char *sql, int64_t tenant, int64_t customer,
                            json_t *root, const char *key, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(customer)};
	json_t *arr = json_array();
	struct store_q q;
	enum sv_rc rc;

	if (!arr)
		return SV_ENOMEM;
	rc = store_q_run(st, &q, sql, p, NPARAMS(p), false, err);
	while (!rc && store_q_next(&q, &rc, err)) {
		json_t *o = json_object();
		int n = store_q_ncols(&q);
		for (int i = 0; o && i < n; i++)
			if (!put(o, store_q_colname(&q, i), jstr(store_q_text(&q, i)))) {
				json_decref(o);
				o = NULL;
			}
		if (!o || json_array_append_new(arr, o))
			rc = SV_ENOMEM;
	}
	store_q_done(&q);
	if (!rc && !put(root, key, arr))
		return SV_ENOMEM;
	if (rc)
		json_decref(arr);
	return rc;
}

enum sv_rc store_register_extract(struct store *st, int64_t tenant, int64_t customer_id,
                                  struct buf *out, struct sv_error *err)
{
	static const struct {
		const char *key, *sql;
	} parts[] = {
	        {"customer", "SELECT * FROM customers WHERE tenant_id = $1 AND id = $2"},
	        {"contacts",
	         "SELECT channel, value, consent FROM customer_contacts WHERE tenant_id = $1 "
	         "AND customer_id = $2 ORDER BY id"},
	        {"facts",
	         "SELECT fact, valid_from, valid_to FROM customer_facts WHERE tenant_id = $1 "
	         "AND customer_id = $2 ORDER BY id"},
	        {"interventions",
	         "SELECT * FROM interventions WHERE tenant_id = $1 AND customer_id = $2 "
	         "ORDER BY id"},
	        {"documents", "SELECT d.* FROM documents d JOIN interventions i ON i.tenant_id = "
	                      "d.tenant_id AND i.id = d.intervention_id WHERE d.tenant_id = $1 AND "
	                      "i.customer_id = $2 ORDER BY d.id"},
	        {"document_versions",
	         "SELECT v.* FROM document_versions v JOIN documents d ON d.tenant_id = "
	         "v.tenant_id AND "
	         "d.id = v.document_id JOIN interventions i ON i.tenant_id = d.tenant_id AND i.id "
	         "= "
	         "d.intervention_id WHERE v.tenant_id = $1 AND i.customer_id = $2 ORDER BY v.id"},
	        {"absences", "SELECT a.* FROM absences a JOIN interventions i ON i.tenant_id = "
	                     "a.tenant_id AND i.id = a.intervention_id WHERE a.tenant_id = $1 AND "
	                     "i.customer_id = $2 ORDER BY a.id"},
	        {"meetings",
	         "SELECT * FROM meetings WHERE tenant_id = $1 AND customer_id = $2 ORDER BY id"},
	        {"messages",
	         "SELECT * FROM messages WHERE tenant_id = $1 AND customer_id = $2 ORDER BY id"},
	        {"obligations",
	         "SELECT * FROM obligations WHERE tenant_id = $1 AND customer_id = $2 ORDER BY id"},
	        {"billing_lines", "SELECT * FROM billing_lines WHERE tenant_id = $1 AND "
	                          "customer_id = $2 ORDER BY id"},
	        {"dk_group_memberships",
	         "SELECT * FROM dk_group_memberships WHERE tenant_id = $1 AND "
	         "customer_id = $2 ORDER BY id"},
	        {"progression_scores", "SELECT * FROM progression_scores WHERE tenant_id = $1 AND "
	                               "customer_id = $2 ORDER BY id"},
	        {"project_participation",
	         "SELECT * FROM project_participants WHERE tenant_id = $1 AND "
	         "customer_id = $2 ORDER BY id"},
	        /* The workflow's records of the person (X-6, GDPR Art. 15). */
	        {"assessments",
	         "SELECT * FROM assessments WHERE tenant_id = $1 AND customer_id = $2 ORDER BY id"},
	        {"intervention_details",
	         "SELECT x.* FROM intervention_details x JOIN interventions i ON i.tenant_id = "
	         "x.tenant_id AND i.id = x.intervention_id WHERE x.tenant_id = $1 AND "
	         "i.customer_id = $2 ORDER BY x.intervention_id"},
	        {"proposals",
	         "SELECT * FROM proposals WHERE tenant_id = $1 AND customer_id = $2 ORDER BY id"},
	        {"contact_logs",
	         "SELECT x.* FROM contact_logs x JOIN interventions i ON i.tenant_id = "
	         "x.tenant_id AND i.id = x.intervention_id WHERE x.tenant_id = $1 "
	         "AND i.customer_id = $2 ORDER BY x.id"},
	        {"deviations", "SELECT x.* FROM deviations x JOIN interventions i ON i.tenant_id = "
	                       "x.tenant_id AND i.id = x.intervention_id WHERE x.tenant_id = $1 "
	                       "AND i.customer_id = $2 ORDER BY x.id"},
	        {"provider_deficiencies",
	         "SELECT x.* FROM provider_deficiencies x JOIN interventions i ON i.tenant_id = "
	         "x.tenant_id AND i.id = x.intervention_id WHERE x.tenant_id = $1 AND "
	         "i.customer_id = $2 ORDER BY x.id"},
	        {"jobbpeng_supplements",
	         "SELECT x.* FROM jp_supplements x JOIN interventions i ON i.tenant_id = "
	         "x.tenant_id AND i.id = x.intervention_id WHERE x.tenant_id = $1 AND "
	         "i.customer_id = $2 ORDER BY x.id"},
	        {"jobbpeng_bonus_claims",
	         "SELECT x.* FROM jp_bonus_claims x JOIN interventions i ON i.tenant_id = "
	         "x.tenant_id AND i.id = x.intervention_id WHERE x.tenant_id = $1 AND "
	         "i.customer_id = $2 ORDER BY x.id"},
	        {"document_sections",
	         "SELECT x.* FROM document_sections x JOIN document_versions v ON v.tenant_id = "
	         "x.tenant_id AND v.id = x.version_id JOIN documents d ON d.tenant_id = "
	         "v.tenant_id AND d.id = v.document_id JOIN interventions i ON i.tenant_id = "
	         "d.tenant_id AND i.id = d.intervention_id WHERE x.tenant_id = $1 AND "
	         "i.customer_id = $2 ORDER BY x.id"},
	        {"document_reviews",
	         "SELECT x.* FROM document_reviews x JOIN documents d ON d.tenant_id = "
	         "x.tenant_id AND d.id = x.document_id JOIN interventions i ON i.tenant_id = "
	         "d.tenant_id AND i.id = d.intervention_id WHERE x.tenant_id = $1 AND "
	         "i.customer_id = $2 ORDER BY x.id"},
	        {"data_incidents",
	         "SELECT * FROM data_incidents x WHERE x.tenant_id = $1 AND (x.customer_id = $2 "
	         "OR x.intervention_id IN (SELECT i.id FROM interventions i WHERE i.tenant_id = "
	         "$1 AND i.customer_id = $2)) ORDER BY x.id"},
	        {"case_facts",
	         "SELECT * FROM case_facts WHERE tenant_id = $1 AND customer_id = $2 ORDER BY "
	         "event_id"},
	        {"billing_notices", "SELECT * FROM billing_notices WHERE tenant_id = $1 AND "
	                            "customer_id = $2 ORDER BY id"},
	        {"events", "SELECT id, chain, seq, at, actor, kind, reason, payload FROM events "
	                   "WHERE tenant_id = $1 AND customer_id = $2 ORDER BY id"},
	        {"access_log",
	         "SELECT id, user_id, at, purpose, what FROM access_log WHERE tenant_id = "
	         "$1 AND customer_id = $2 ORDER BY id"},
	};
	json_t *root = json_object();
	char *text = NULL;
	enum sv_rc rc = SV_OK;
	int64_t one;

	if (!root)
		return SV_ENOMEM;
	{
		struct store_param p[] = {P_INT(tenant), P_INT(customer_id)};
		rc = store_one_int(st, "SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2",
		                   p, NPARAMS(p), &one, err);
		if (rc == SV_ENOTFOUND)
			sv_error_set(err, rc, "customer_id", "", "no such customer");
	}
	for (size_t i = 0; !rc && i < sizeof(parts) / sizeof(parts[0]); i++)
		rc = rows_json(st, parts[i].sql, tenant, customer_id, root, parts[i].key, err);
	if (!rc) {
		text = json_dumps(root, JSON_INDENT(2));
		if (!text || buf_adds(out, text) || buf_addc(out, '\n'))
			rc = SV_ENOMEM;
	}
	free(text);
	json_decref(root);
	return rc;
}

/* ---- Backup ---------------------------------------------------------------------------- */

enum sv_rc store_backup(struct store *st, const char *path, struct sv_error *err)
{
	if (!st->ops->backup)
		return sv_error_set(err, SV_ESTATE, "--db", "",
		                    "online backup is for SQLite; back PostgreSQL up with pg_dump "
		                    "(docs/operations.md)");
	if (st->txdepth)
		return sv_error_set(err, SV_ESTATE, "", "", "cannot back up inside a transaction");
	if (remove(path) != 0 && errno != ENOENT)
		return sv_error_set(err, SV_EIO, "FILE", "", "cannot replace %s", path);
	return st->ops->backup(st->db, path, false, err);
}

enum sv_rc store_restore(struct store *st, const char *path, struct sv_error *err)
{
	enum sv_rc rc;

	if (!st->ops->backup)
		return sv_error_set(err, SV_ESTATE, "--db", "",
		                    "restore is for SQLite; restore PostgreSQL with pg_restore "
		                    "(docs/operations.md)");
	if (st->txdepth)
		return sv_error_set(err, SV_ESTATE, "", "", "cannot restore inside a transaction");
	/* Prepared statements refer to the old schema: drop them first. */
	for (int i = 0; i < STORE_CACHE_SLOTS; i++) {
		if (st->cache_stmt[i])
			st->ops->finalize(st->db, st->cache_stmt[i]);
		st->cache_stmt[i] = NULL;
		st->cache_sql[i] = NULL;
	}
	st->nprepared = 0;
	rc = st->ops->backup(st->db, path, true, err);
	return rc;
}
