/*
 * imports.c - the import use case (see imports.h): the rights, the tenant
 * check, and the data with its obligations in one transaction.
 */
#include "service/imports.h"

#include <string.h>

#include <jansson.h>

#include "service/obligations.h"

/*
 * a user imports only into their own tenant. The file is parsed here
 * once for its $.tenant.code (the same parser and flags as store_import, so
 * both read the same code) and compared by id with s->tenant. A file that
 * does not parse or has no string code is left to store_import, which
 * reports it without looking up any tenant. The answer is the same whether
 * the other tenant exists or not, so it tells nothing about it.
 */
static enum sv_rc own_tenant(const struct svc *s, const char *json, size_t len,
                             struct sv_error *err)
{
	struct store_tenant t = {0};
	json_error_t je;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je), *code;
	enum sv_rc rc = SV_OK;

	if (!root)
		return SV_OK;
	code = json_object_get(json_object_get(root, "tenant"), "code");
	if (json_is_string(code)) {
		rc = store_tenant_get_by_code(s->st, json_string_value(code), &t, err);
		if (rc == SV_OK && t.id != s->tenant)
			rc = SV_ENOTFOUND;
		if (rc == SV_ENOTFOUND) {
			sv_error_clear(err);
			rc = sv_error_set(err, SV_EINVAL, "$.tenant.code", "X-5",
			                  "the file is for tenant '%.60s'; an import through the "
			                  "API goes only into the caller's own tenant",
			                  json_string_value(code));
		}
	}
	store_tenant_release(&t);
	json_decref(root);
	return rc;
}

enum sv_rc imports_run(const struct svc *s, const char *json, size_t len, bool dry_run,
                       const char *reason, struct store_import_report *rep, int64_t *obligations,
                       struct sv_error *err)
{
	struct store_write w = {0, s->who ? s->who->user_id : 0, s->now,
	                        reason ? reason : "import"};
	struct svc in = *s;
	int64_t computed = 0;
	enum sv_rc rc;

	memset(rep, 0, sizeof(*rep));
	if (obligations)
		*obligations = 0;
	if (svc_scope(s, ACT_DATA_IMPORT) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "only the admin imports data");
	if (s->who && (rc = own_tenant(s, json, len, err)))
		return rc;
	if ((rc = store_begin(s->st, err)))
		return rc;
	rc = store_import(s->st, &w, json, len, rep, err);
	if (!rc) {
		/* The imported cases get their deadlines in the same transaction. */
		in.tenant = rep->tenant;
		rc = obligations_recompute_all(&in, &computed, err);
	}
	if (!rc && !dry_run)
		rc = store_commit(s->st, err);
	else
		store_rollback(s->st);
	if (rc) {
		rep->units = rep->providers = rep->users = rep->customers = rep->interventions = 0;
		computed = 0;
	}
	if (obligations)
		*obligations = computed;
	return rc;
}
