/*
 * stegvis rotation: the default rotation of a scheme (KV-12), one line per
 * period: period-start<TAB>period-end<TAB>provider (the provider's name, or
 * "-" for a period in which no provider is authorised).
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "service/choice.h"
#include "service/rulebook.h"
#include "stegvis/store.h"

int cmd_rotation(int argc, char **argv)
{
	const char *scheme = NULL, *from_s = NULL, *periods_s = NULL, *db = NULL;
	const char *tenant = getenv("STEGVIS_TENANT"), *rules = NULL;
	struct sv_error err = SV_ERROR_INIT;
	struct rulebook rb;
	struct choice_rotation rot;
	struct rotation_period *v = NULL;
	struct store *st = NULL;
	struct svc s = {0};
	sv_date from;
	long periods = 0;
	int64_t tenant_id = 0;
	char msg[600];
	int status = 0;

	if (cli_help_requested("rotation", argc, argv))
		return 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!val)
			return cli_usage_error("rotation", "%s needs a value", a);
		if (!strcmp(a, "--scheme"))
			scheme = val;
		else if (!strcmp(a, "--from"))
			from_s = val;
		else if (!strcmp(a, "--periods"))
			periods_s = val;
		else if (!strcmp(a, "--db"))
			db = val;
		else if (!strcmp(a, "--tenant"))
			tenant = val;
		else if (!strcmp(a, "--rules"))
			rules = val;
		else
			return cli_usage_error("rotation", "unknown option %s", a);
		i++;
	}
	if (!scheme || !store_scheme_valid(scheme))
		return cli_usage_error("rotation", "--scheme is FAI, AMI, ISA or JOBBPENG (KV-1)");
	if (!from_s)
		return cli_usage_error("rotation", "--from DATE is required");
	if (date_parse(from_s, strlen(from_s), &from, "--from", &err)) {
		sv_error_format(&err, msg, sizeof(msg));
		return cli_usage_error("rotation", "%s", msg);
	}
	if (!periods_s)
		return cli_usage_error("rotation", "--periods N is required");
	{
		char *end;
		periods = strtol(periods_s, &end, 10);
		if (!*periods_s || *end || periods < 1 || periods > 10000)
			return cli_usage_error("rotation", "--periods is a number from 1 to 10000");
	}
	if (!tenant || !*tenant)
		tenant = "default";
	rulebook_init(&rb);
	if (rulebook_load_dir(&rb, rules ? rules : rulebook_default_dir(), NULL, &err)) {
		sv_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "stegvis rotation: %s\n", msg);
		rulebook_release(&rb);
		return 1;
	}
	if (cli_store_open("rotation", db, tenant, false, &st, &tenant_id)) {
		rulebook_release(&rb);
		return 1;
	}
	s.st = st;
	s.tenant = tenant_id;
	s.today = from;
	s.rules = &rb;
	if (choice_rotation_load(&s, scheme, from, &rot, &err)) {
		sv_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "stegvis rotation: %s\n", msg);
		status = 1;
		goto out;
	}
	v = calloc((size_t)periods, sizeof(*v));
	if (!v || rotation_periods(rot.list, rot.n, rot.anchor, rot.period_days, from, (int)periods,
	                           v, &err)) {
		sv_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "stegvis rotation: %s\n", v ? msg : "out of memory");
		status = 1;
	} else {
		for (long i = 0; i < periods; i++) {
			char a[SV_DATE_STRLEN], b[SV_DATE_STRLEN];
			const char *name = v[i].provider_id
			                           ? choice_provider_name(&rot, v[i].provider_id)
			                           : "-";
			printf("%s\t%s\t%s\n", date_format(v[i].start, a), date_format(v[i].end, b),
			       name);
		}
	}
	free(v);
	choice_rotation_release(&rot);
out:
	store_close(st);
	rulebook_release(&rb);
	return status;
}
