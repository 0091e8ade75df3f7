/* stegvis personid check: validate an identity number (ID-1 ... ID-3), print JSON. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stegvis/personid.h"

static const char cmd[] = "personid";

static const char options[] =
        "Checks a Swedish personnummer or samordningsnummer (ID-1, ID-2) or a Danish\n"
        "CPR number (ID-3) and prints one JSON object:\n"
        "  valid:   "
        "{\"valid\":true,\"country\":\"SE\",\"kind\":\"personnummer\",\"normalized\":\"...\",\n"
        "            \"birth_date\":\"YYYY-MM-DD\",\"sex\":\"male\",\"warnings\":[...]}  (exit 0)\n"
        "  invalid: {\"valid\":false,\"error\":\"ID-1: check digit is 3, expected 8\"}  (exit 1)\n"
        "\n"
        "Options:\n"
        "  --country SE|DK  the issuing country (default SE)\n"
        "  --on DATE        today, YYYY-MM-DD: the century of a 10-digit Swedish number\n"
        "                   and the latest birth date (default: STEGVIS_TODAY or the clock)\n"
        "\n"
        "Forms: SE YYMMDD-NNNC, YYMMDD+NNNC (100 or older), YYMMDDNNNC, YYYYMMDDNNNC,\n"
        "       YYYYMMDD-NNNC; DK DDMMYY-SSSS, DDMMYYSSSS. Exit 2 on a usage error.\n";

/* Print obj compactly on stdout and free it. Returns false when out of memory. */
static bool print_json(json_t *obj)
{
	char *text = obj ? json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	bool ok = text != NULL;

	if (ok)
		printf("%s\n", text);
	free(text);
	json_decref(obj);
	return ok;
}

static json_t *valid_json(const struct personid *p)
{
	char birth[SV_DATE_STRLEN];
	json_t *obj = json_object(), *warnings = json_array();

	if (!obj || !warnings)
		goto fail;
	for (unsigned bit = 1; bit & PERSONID_WARN_ALL; bit <<= 1)
		if ((p->warnings & bit) &&
		    json_array_append_new(warnings, json_string(personid_warning_text(bit))))
			goto fail;
	if (json_object_set_new(obj, "valid", json_true()) ||
	    json_object_set_new(obj, "country", json_string(p->country)) ||
	    json_object_set_new(obj, "kind", json_string(personid_kind_name(p->kind))) ||
	    json_object_set_new(obj, "normalized", json_string(p->normalized)) ||
	    json_object_set_new(obj, "birth_date",
	                        json_string(date_format(p->birth_date, birth))) ||
	    json_object_set_new(obj, "sex", json_string(personid_sex_name(p->sex))))
		goto fail;
	if (json_object_set_new(obj, "warnings", warnings)) {
		warnings = NULL; /* set_new consumed it even on failure */
		goto fail;
	}
	return obj;
fail:
	json_decref(warnings);
	json_decref(obj);
	return NULL;
}

static json_t *invalid_json(const struct sv_error *err)
{
	char msg[sizeof(err->rule) + sizeof(err->msg) + 4];
	json_t *obj = json_object();

	snprintf(msg, sizeof(msg), "%s%s%s", err->rule, err->rule[0] ? ": " : "", err->msg);
	if (!obj || json_object_set_new(obj, "valid", json_false()) ||
	    json_object_set_new(obj, "error", json_string(msg))) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

int cmd_personid(int argc, char **argv)
{
	struct sv_error err = SV_ERROR_INIT;
	struct personid p;
	const char *country = "SE", *on = NULL, *number = NULL;
	sv_date today;
	json_t *obj;
	enum sv_rc rc;
	int i, status;

	if (cli_help_requested(cmd, argc, argv)) {
		printf("\n%s", options);
		return 0;
	}
	if (argc < 2)
		return cli_usage_error(cmd, "missing the subcommand 'check'");
	if (strcmp(argv[1], "check"))
		return cli_usage_error(cmd, "unknown subcommand '%s' (expected 'check')", argv[1]);
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--country") || !strcmp(a, "--on")) {
			if (i + 1 >= argc)
				return cli_usage_error(cmd, "%s needs a value", a);
			if (!strcmp(a, "--country"))
				country = argv[++i];
			else
				on = argv[++i];
			continue;
		}
		if (a[0] == '-' && a[1] != '\0')
			return cli_usage_error(cmd, "unknown option '%s'", a);
		if (number)
			return cli_usage_error(cmd, "one NUMBER only, got also '%s'", a);
		number = a;
	}
	for (; i < argc; i++) {
		if (number)
			return cli_usage_error(cmd, "one NUMBER only, got also '%s'", argv[i]);
		number = argv[i];
	}
	if (strcmp(country, "SE") && strcmp(country, "DK"))
		return cli_usage_error(cmd, "--country: expected SE or DK, got '%s'", country);
	if (!number)
		return cli_usage_error(cmd, "missing NUMBER");
	status = cli_today(cmd, on, &today);
	if (status)
		return status;

	if (!strcmp(country, "SE"))
		rc = personid_parse_se(number, strlen(number), today, &p, "NUMBER", &err);
	else
		rc = personid_parse_dk(number, strlen(number), today, &p, "NUMBER", &err);
	if (rc == SV_OK) {
		obj = valid_json(&p);
		status = 0;
	} else {
		obj = invalid_json(&err);
		status = 1;
	}
	if (!print_json(obj)) {
		fprintf(stderr, "stegvis %s: out of memory\n", cmd);
		return 1;
	}
	return status;
}
