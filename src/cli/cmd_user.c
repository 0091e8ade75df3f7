/*
 * stegvis user add|passwd|disable: local accounts (argon2id). Passwords are
 * read from standard input (--password-stdin), never from the command line,
 * where other users of the machine could see them.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "service/auth.h"
#include "service/users.h"
#include "stegvis/log.h"
#include "stegvis/store.h"

int cli_store_open(const char *cmd, const char *db, const char *tenant_code, bool create,
                   struct store **st, int64_t *tenant)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_tenant t = {0};
	char msg[600];
	enum sv_rc rc;

	*st = NULL;
	if (auth_init())
		return fprintf(stderr, "stegvis %s: cannot initialise libsodium\n", cmd), 1;
	rc = store_open(store_default_url(db), st, &err);
	if (!rc)
		rc = store_migrate(*st, NULL, NULL, &err);
	if (!rc)
		rc = store_tenant_get_by_code(*st, tenant_code, &t, &err);
	if (rc == SV_ENOTFOUND && create) {
		sv_error_clear(&err);
		t.code = (char *)tenant_code;
		t.name = (char *)tenant_code;
		t.country = "SE";
		rc = store_tenant_create(*st, &t, 0, &err);
		t.code = t.name = t.country = NULL;
	}
	if (rc) {
		sv_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "stegvis %s: %s\n", cmd, msg);
		store_tenant_release(&t);
		store_close(*st);
		*st = NULL;
		return 1;
	}
	*tenant = t.id;
	store_tenant_release(&t);
	return 0;
}

/* One line from stdin without its newline, into buf. */
static int read_password(const char *cmd, char *buf, size_t size)
{
	size_t n;

	if (!fgets(buf, (int)size, stdin))
		return cli_usage_error(cmd, "--password-stdin: no password on standard input");
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

static int parse_id(const char *cmd, const char *opt, const char *v, int64_t *out)
{
	char *end;
	long long n = strtoll(v, &end, 10);

	if (!*v || *end || n < 1)
		return cli_usage_error(cmd, "%s: expected a positive id, got '%s'", opt, v);
	*out = n;
	return 0;
}

static int fail(const char *cmd, const struct sv_error *err)
{
	char msg[600];

	sv_error_format(err, msg, sizeof(msg));
	fprintf(stderr, "stegvis %s: %s\n", cmd, msg);
	return 1;
}

int cmd_user(int argc, char **argv)
{
	const char *sub, *db = NULL, *tenant = getenv("STEGVIS_TENANT"), *username = NULL;
	const char *name = NULL, *role = NULL;
	int64_t unit = 0, provider = 0, tenant_id = 0;
	bool pw_stdin = false;
	char pw[AUTH_PASSWORD_MAX + 2] = "";
	struct store *st = NULL;
	struct sv_error err = SV_ERROR_INIT;
	struct svc s = {0};
	int status = 0;

	if (cli_help_requested("user", argc, argv))
		return 0;
	if (argc < 2)
		return cli_usage_error("user", "expected add, passwd or disable");
	sub = argv[1];
	if (strcmp(sub, "add") && strcmp(sub, "passwd") && strcmp(sub, "disable"))
		return cli_usage_error("user", "unknown subcommand '%s'", sub);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--password-stdin")) {
			pw_stdin = true;
			continue;
		}
		if (a[0] == '-' && !v)
			return cli_usage_error("user", "%s needs a value", a);
		if (!strcmp(a, "--db"))
			db = v;
		else if (!strcmp(a, "--tenant"))
			tenant = v;
		else if (!strcmp(a, "--name"))
			name = v;
		else if (!strcmp(a, "--role"))
			role = v;
		else if (!strcmp(a, "--unit")) {
			if (parse_id("user", a, v, &unit))
				return 2;
		} else if (!strcmp(a, "--provider")) {
			if (parse_id("user", a, v, &provider))
				return 2;
		} else if (a[0] == '-')
			return cli_usage_error("user", "unknown option %s", a);
		else if (!username) {
			username = a;
			continue;
		} else
			return cli_usage_error("user", "unexpected argument '%s'", a);
		i++;
	}
	if (!tenant || !*tenant)
		tenant = "default";
	if (!username)
		return cli_usage_error("user", "expected a USERNAME");
	if (!strcmp(sub, "add") && (!role || authz_role_parse(role) == ROLE_NONE))
		return cli_usage_error("user", "--role must be one of counsellor, social_worker, "
		                               "supervisor, provider_staff, provider_admin, "
		                               "finance, dpo, admin");
	if (strcmp(sub, "disable") && !pw_stdin)
		return cli_usage_error("user", "the password is read with --password-stdin");
	if (pw_stdin && (status = read_password("user", pw, sizeof(pw))))
		return status;
	if (cli_store_open("user", db, tenant, !strcmp(sub, "add"), &st, &tenant_id))
		return 1;
	s.st = st;
	s.tenant = tenant_id;
	s.now = (sv_time)sv_now_real(NULL) * 1000;
	if (!strcmp(sub, "add")) {
		struct users_new n = {username, name ? name : username, role, unit, provider, pw};
		int64_t id = 0;
		if (users_create(&s, &n, &id, &err))
			status = fail("user", &err);
		else
			printf("user %s created with id %lld\n", username, (long long)id);
	} else {
		struct store_user u = {0};
		if (store_user_get_by_username(st, tenant_id, username, &u, &err)) {
			status = fail("user", &err);
		} else if (!strcmp(sub, "passwd")) {
			if (users_set_password(&s, u.id, pw, &err))
				status = fail("user", &err);
			else
				printf("password of %s changed\n", username);
		} else {
			if (users_disable(&s, u.id, &err))
				status = fail("user", &err);
			else
				printf("user %s disabled; sessions ended, API tokens revoked\n",
				       username);
		}
		store_user_release(&u);
	}
	memset(pw, 0, sizeof(pw));
	store_close(st);
	return status;
}
