/*
 * bench/http_seed: a database for the HTTP benchmark: tenant "bench", one
 * unit, one counsellor "bench" with the password given, and N customers of
 * that unit (written through the store API in one transaction).
 *
 *   http_seed URL PASSWORD N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/auth.h"
#include "stegvis/store.h"

int main(int argc, char **argv)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store *st = NULL;
	struct store_tenant t = {0};
	struct store_unit u = {0};
	struct store_user usr = {0};
	struct store_write w = {0, 0, 1709629921000000, "benchmark data"};
	char hash[AUTH_PWHASH_MAX], given[32];
	char *end;
	long n;

	if (argc != 4 || (n = strtol(argv[3], &end, 10)) < 1 || *end) {
		fprintf(stderr, "usage: http_seed URL PASSWORD N\n");
		return 2;
	}
	if (auth_init() || auth_password_hash(argv[2], hash))
		return 1;
	if (store_open(argv[1], &st, &err) || store_migrate(st, NULL, NULL, &err))
		goto fail;
	t.code = "bench";
	t.name = "Benchmark";
	t.country = "SE";
	if (store_tenant_create(st, &t, w.at, &err))
		goto fail;
	w.tenant = t.id;
	u.name = "Enhet";
	if (store_unit_create(st, &w, &u, &err))
		goto fail;
	usr.username = "bench";
	usr.display_name = "Bench";
	usr.role = "counsellor";
	usr.unit_id = u.id;
	usr.password_hash = hash;
	if (store_user_create(st, &w, &usr, &err))
		goto fail;
	if (store_begin(st, &err))
		goto fail;
	for (long i = 0; i < n; i++) {
		struct store_customer c = {0};
		snprintf(given, sizeof(given), "Kund%ld", i);
		c.id_kind = "none";
		c.given_name = given;
		c.family_name = "Andersson";
		c.birth_date = SV_NO_DATE;
		c.protection = "none";
		c.unit_id = u.id;
		c.counsellor_id = usr.id;
		if (store_customer_create(st, &w, &c, &err))
			goto fail;
	}
	if (store_commit(st, &err))
		goto fail;
	store_close(st);
	return 0;
fail:
	fprintf(stderr, "http_seed: %s %s\n", err.field, err.msg);
	store_close(st);
	return 1;
}
