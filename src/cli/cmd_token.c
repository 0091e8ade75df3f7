/* stegvis token create|revoke: API tokens for integrations (hashed at rest). */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "service/auth.h"
#include "service/users.h"
#include "stegvis/log.h"
#include "stegvis/store.h"

int cmd_token(int argc, char **argv)
{
	const char *sub, *db = NULL, *tenant = getenv("STEGVIS_TENANT"), *arg = NULL;
	const char *name = NULL, *expires = NULL;
	struct store *st = NULL;
	struct sv_error err = SV_ERROR_INIT;
	struct svc s = {0};
	int64_t tenant_id = 0;
	sv_time exp_at = 0;
	char msg[600];
	int status = 0;

	if (cli_help_requested("token", argc, argv))
		return 0;
	if (argc < 2 || (strcmp(argv[1], "create") && strcmp(argv[1], "revoke")))
		return cli_usage_error("token", "expected create or revoke");
	sub = argv[1];
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] != '-') {
			if (arg)
				return cli_usage_error("token", "unexpected argument '%s'", a);
			arg = a;
			continue;
		}
		if (!v)
			return cli_usage_error("token", "%s needs a value", a);
		if (!strcmp(a, "--db"))
			db = v;
		else if (!strcmp(a, "--tenant"))
			tenant = v;
		else if (!strcmp(a, "--name"))
			name = v;
		else if (!strcmp(a, "--expires"))
			expires = v;
		else
			return cli_usage_error("token", "unknown option %s", a);
		i++;
	}
	if (!tenant || !*tenant)
		tenant = "default";
	if (!arg)
		return cli_usage_error("token", "create needs a USERNAME, revoke a token ID");
	if (expires) {
		sv_date d;
		if (date_parse(expires, strlen(expires), &d, "--expires", &err)) {
			sv_error_format(&err, msg, sizeof(msg));
			return cli_usage_error("token", "%s", msg);
		}
		exp_at = (sv_time)d * 86400 * 1000000;
	}
	if (cli_store_open("token", db, tenant, false, &st, &tenant_id))
		return 1;
	s.st = st;
	s.tenant = tenant_id;
	s.now = (sv_time)sv_now_real(NULL) * 1000;
	if (!strcmp(sub, "create")) {
		struct store_user u = {0};
		char token[AUTH_API_TOKEN_STRLEN];
		int64_t id = 0;
		if (store_user_get_by_username(st, tenant_id, arg, &u, &err) ||
		    tokens_create(&s, u.id, name ? name : "integration", exp_at, token, &id,
		                  &err)) {
			sv_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "stegvis token: %s\n", msg);
			status = 1;
		} else {
			/* The only time the token is shown: only its hash is stored. */
			printf("%s\n", token);
			fprintf(stderr,
			        "token %lld created for %s; send it as "
			        "'Authorization: Bearer TOKEN'\n",
			        (long long)id, arg);
		}
		store_user_release(&u);
	} else {
		char *end;
		long long id = strtoll(arg, &end, 10);
		if (!*arg || *end || id < 1) {
			status = cli_usage_error("token", "expected a token ID, got '%s'", arg);
		} else if (tokens_revoke(&s, id, &err)) {
			sv_error_format(&err, msg, sizeof(msg));
			fprintf(stderr, "stegvis token: %s\n", msg);
			status = 1;
		} else {
			printf("token %lld revoked\n", id);
		}
	}
	store_close(st);
	return status;
}
