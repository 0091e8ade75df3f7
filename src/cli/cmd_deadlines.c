/*
 * stegvis deadlines: what is due or overdue in a tenant on a date (the
 * materialised obligations, src/service/obligations.h), as text lines
 *   due<TAB>status<TAB>rule<TAB>deadline<TAB>intervention<TAB>actor<TAB>what
 * or as JSON. --sweep first runs the system's part (starts interventions
 * whose start date has come, recomputes cases whose dated facts have come,
 * marks missed obligations) as of the date. The date is --on, else
 * STEGVIS_TODAY, else today in Europe/Stockholm (CAL-1).
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "service/casework.h"
#include "service/obligations.h"
#include "service/rulebook.h"
#include "stegvis/log.h"
#include "stegvis/store.h"
#include "stegvis/store_case.h"

static json_t *jdate(sv_date d)
{
	char b[SV_DATE_STRLEN];

	return d == SV_NO_DATE ? json_null() : json_string(date_format(d, b));
}

static int fail(const char *what, const struct sv_error *err)
{
	char msg[600];

	sv_error_format(err, msg, sizeof(msg));
	fprintf(stderr, "stegvis deadlines: %s%s%s\n", what, *what ? ": " : "", msg);
	return 1;
}

int cmd_deadlines(int argc, char **argv)
{
	const char *on = NULL, *format = "text", *db = NULL, *rules = NULL, *until_s = NULL;
	const char *tenant = getenv("STEGVIS_TENANT"), *counsellor = NULL;
	struct sv_error err = SV_ERROR_INIT;
	struct store_obligation_filter f = {0};
	struct rulebook rb;
	struct store *st = NULL;
	struct svc s = {0};
	struct actor sys = {0, ROLE_ADMIN, 0, 0, false, false};
	int64_t tenant_id = 0, provider = 0, started = 0, woken = 0, marked = 0;
	bool sweep = false, json = false;
	json_t *items = NULL;
	size_t count = 0;
	int status = 0;

	if (cli_help_requested("deadlines", argc, argv))
		return 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--sweep")) {
			sweep = true;
			continue;
		}
		if (!v)
			return cli_usage_error("deadlines", "%s needs a value", a);
		if (!strcmp(a, "--on"))
			on = v;
		else if (!strcmp(a, "--format"))
			format = v;
		else if (!strcmp(a, "--db"))
			db = v;
		else if (!strcmp(a, "--tenant"))
			tenant = v;
		else if (!strcmp(a, "--rules"))
			rules = v;
		else if (!strcmp(a, "--until"))
			until_s = v;
		else if (!strcmp(a, "--counsellor"))
			counsellor = v;
		else if (!strcmp(a, "--provider")) {
			char *end;
			long long n = strtoll(v, &end, 10);
			if (!*v || *end || n < 1)
				return cli_usage_error("deadlines", "--provider is a provider id");
			provider = n;
		} else
			return cli_usage_error("deadlines", "unknown option %s", a);
		i++;
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_usage_error("deadlines", "--format is text or json");
	json = !strcmp(format, "json");
	if (!tenant || !*tenant)
		tenant = "default";
	if ((status = cli_today("deadlines", on, &s.today)))
		return status;
	/* CAL-1: civil dates in the municipality's zone. */
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	f.due_until = s.today;
	if (until_s && date_parse(until_s, strlen(until_s), &f.due_until, "--until", &err)) {
		char msg[600];
		sv_error_format(&err, msg, sizeof(msg));
		return cli_usage_error("deadlines", "%s", msg);
	}
	rulebook_init(&rb);
	if (rulebook_load_dir(&rb, rules ? rules : rulebook_default_dir(), NULL, &err)) {
		rulebook_release(&rb);
		return fail("rules", &err);
	}
	if (cli_store_open("deadlines", db, tenant, false, &st, &tenant_id)) {
		rulebook_release(&rb);
		return 1;
	}
	s.st = st;
	s.tenant = tenant_id;
	s.rules = &rb;
	/* The real clock when it is on the date, else an instant of the date. */
	s.now = (sv_time)sv_now_real(NULL) * 1000;
	if (obligations_civil_date(s.now) != s.today)
		s.now = ((sv_time)s.today * 86400 + 11 * 3600) * 1000000;
	s.who = &sys; /* the system's job, run by an operator */
	if (sweep) {
		if (casework_start_due(&s, &started, &err) ||
		    obligations_sweep(&s, &marked, &woken, &err)) {
			status = fail("sweep", &err);
			goto out;
		}
		if (!json)
			fprintf(stderr,
			        "swept %s: %lld started, %lld recomputed, %lld marked missed\n",
			        on ? on : "today", (long long)started, (long long)woken,
			        (long long)marked);
	}
	if (counsellor) {
		struct store_user u = {0};
		if (store_user_get_by_username(st, tenant_id, counsellor, &u, &err)) {
			status = fail(counsellor, &err);
			goto out;
		}
		f.counsellor_id = u.id;
		store_user_release(&u);
	} else if (provider) {
		f.provider_id = provider;
	} else {
		f.all_unmet = true;
	}
	items = json ? json_array() : NULL;
	{
		struct store_page page = {0, STORE_PAGE_MAX};
		do {
			struct store_obligation_list l = {0};
			if (store_obligation_list(st, tenant_id, &f, page, &l, &err)) {
				status = fail("", &err);
				goto out;
			}
			for (size_t i = 0; i < l.n; i++) {
				struct store_obligation *o = &l.v[i];
				char due[SV_DATE_STRLEN];
				obligations_effective(&s, o);
				count++;
				if (!json) {
					printf("%s\t%s\t%s\t%s\t%lld\t%s\t%s\n",
					       date_format(o->due_on, due), o->status, o->rule,
					       o->deadline, (long long)o->intervention_id, o->actor,
					       o->what);
					continue;
				}
				json_array_append_new(
				        items,
				        json_pack("{s:o,s:s,s:s,s:s,s:i,s:I,s:I,s:s?,s:s,s:s,s:s?,"
				                  "s:i}",
				                  "due_on", jdate(o->due_on), "status", o->status,
				                  "rule", o->rule, "deadline", o->deadline, "seq",
				                  o->seq, "intervention_id",
				                  (json_int_t)o->intervention_id, "customer_id",
				                  (json_int_t)o->customer_id, "code", o->code,
				                  "actor", o->actor, "what", o->what, "key",
				                  o->key && *o->key ? o->key : NULL, "days_late",
				                  o->days_late));
			}
			page.after = l.next;
			store_obligation_list_release(&l);
		} while (page.after);
	}
	if (json) {
		json_t *doc =
		        json_pack("{s:o,s:o,s:I,s:o}", "on", jdate(s.today), "until",
		                  jdate(f.due_until), "count", (json_int_t)count, "items", items);
		items = NULL;
		if (doc && sweep)
			json_object_set_new(doc, "sweep",
			                    json_pack("{s:I,s:I,s:I}", "started",
			                              (json_int_t)started, "recomputed",
			                              (json_int_t)woken, "missed",
			                              (json_int_t)marked));
		if (!doc || json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII)) {
			status = 1;
		} else {
			putchar('\n');
		}
		json_decref(doc);
	}
out:
	json_decref(items);
	store_close(st);
	rulebook_release(&rb);
	return status;
}
