/*
 * The municipality's own settings (see tenant.h): read with the tenant's
 * name, validated whole, stored with their event.
 */
#include "service/tenant.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stegvis/personid.h"
#include "stegvis/store_billing.h"

void tenant_settings_init(struct tenant_settings *t)
{
	memset(t, 0, sizeof(*t));
	billing_ledger_default(&t->ledger);
}

void tenant_settings_release(struct tenant_settings *t)
{
	free(t->code);
	free(t->name);
	tenant_settings_init(t);
}

enum sv_rc tenant_change_account(struct tenant_change *c, const char *s, const char *field,
                                 struct sv_error *err)
{
	const char *eq = s ? strchr(s, '=') : NULL;
	char basis[16];
	enum billing_ledger_basis b;
	enum sv_rc rc;

	if (!eq || (size_t)(eq - s) >= sizeof(basis))
		return sv_error_set(err, SV_EINVAL, field, "BAS",
		                    "expected BASIS=ACCOUNT, e.g. voucher=4010");
	memcpy(basis, s, (size_t)(eq - s));
	basis[eq - s] = '\0';
	if ((rc = billing_ledger_basis_parse(basis, &b, field, err)))
		return rc;
	c->accounts[b] = eq + 1;
	return SV_OK;
}

static bool may(const struct svc *s, enum authz_action a)
{
	return svc_scope(s, a) == SCOPE_ALL;
}

/* The stored settings with the tenant's code and name. */
static enum sv_rc load(const struct svc *s, struct tenant_settings *out, struct sv_error *err)
{
	struct store_tenant_billing tb;
	struct store_tenant *t = NULL;
	size_t n = 0;
	enum sv_rc rc;

	tenant_settings_init(out);
	if ((rc = store_tenant_billing_get(s->st, s->tenant, &tb, err)))
		return rc;
	memcpy(out->org_no, tb.org_no, sizeof(out->org_no));
	out->ledger = tb.ledger;
	out->updated_at = tb.updated_at;
	out->updated_by = tb.updated_by;
	out->id = s->tenant;
	if ((rc = store_tenant_list(s->st, &t, &n, err)))
		return rc;
	for (size_t i = 0; i < n; i++)
		if (t[i].id == s->tenant) {
			out->code = strdup(t[i].code ? t[i].code : "");
			out->name = strdup(t[i].name ? t[i].name : "");
			snprintf(out->country, sizeof(out->country), "%s",
			         t[i].country ? t[i].country : "");
			if (!out->code || !out->name)
				rc = SV_ENOMEM;
		}
	if (!rc && !out->code)
		rc = sv_error_set(err, SV_ENOTFOUND, "tenant", "X-5", "no such tenant");
	store_tenant_list_release(t, n);
	if (rc)
		tenant_settings_release(out);
	return rc;
}

enum sv_rc tenant_settings_get(const struct svc *s, struct tenant_settings *out,
                               struct sv_error *err)
{
	tenant_settings_init(out);
	if (!may(s, ACT_TENANT_READ))
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	return load(s, out, err);
}

/* ID-4: a legal person's organisationsnummer, kept as NNNNNN-NNNN. */
static enum sv_rc org_no_parse(const struct svc *s, const char *in, char out[12],
                               struct sv_error *err)
{
	struct personid_org o;
	enum sv_rc rc = personid_parse_orgnr_se(in, strlen(in), s->today, &o, "org_no", err);

	if (rc)
		return rc;
	if (o.kind != PERSONID_ORG_SE)
		return sv_error_set(err, SV_EINVAL, "org_no", "ID-4",
		                    "a municipality's organisation number is a legal person's "
		                    "(third digit 2 or more), not a personnummer");
	snprintf(out, 12, "%.6s-%.4s", o.normalized, o.normalized + 6);
	return SV_OK;
}

enum sv_rc tenant_settings_update(const struct svc *s, const struct tenant_change *c,
                                  struct tenant_settings *out, struct sv_error *err)
{
	struct store_write w = svc_write(s, NULL);
	struct store_tenant_billing tb;
	char field[40];
	enum sv_rc rc;

	if (out)
		tenant_settings_init(out);
	if (!may(s, ACT_TENANT_WRITE))
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	if ((rc = store_tenant_billing_get(s->st, s->tenant, &tb, err)))
		return rc;
	if (c->org_no) {
		if (!*c->org_no)
			tb.org_no[0] = '\0';
		else if ((rc = org_no_parse(s, c->org_no, tb.org_no, err)))
			return rc;
	}
	for (int i = 0; i < BILLING_LEDGER_COUNT; i++) {
		const char *a = c->accounts[i];
		if (!a)
			continue;
		snprintf(field, sizeof(field), "accounts.%s",
		         billing_ledger_basis_name((enum billing_ledger_basis)i));
		if (!*a && i == BILLING_LEDGER_ADJUSTMENT)
			tb.ledger.expense[i] = 0;
		else if ((rc = billing_ledger_account_parse(a, &tb.ledger.expense[i], field, err)))
			return rc;
	}
	if (c->supplier_account &&
	    (rc = billing_ledger_account_parse(c->supplier_account, &tb.ledger.supplier,
	                                       "supplier_account", err)))
		return rc;
	if (c->cost_centre) {
		if (*c->cost_centre &&
		    (rc = billing_ledger_cost_centre_check(c->cost_centre, "cost_centre", err)))
			return rc;
		snprintf(tb.ledger.cost_centre, sizeof(tb.ledger.cost_centre), "%s",
		         c->cost_centre);
	}
	if ((rc = billing_ledger_check(&tb.ledger, err)) ||
	    (rc = store_tenant_billing_put(s->st, &w, &tb, err)))
		return rc;
	return out ? load(s, out, err) : SV_OK;
}

json_t *tenant_settings_json(const struct tenant_settings *t)
{
	json_t *acc = json_object(), *o;
	char at[40] = "";

	if (!acc)
		return NULL;
	for (int i = 0; i < BILLING_LEDGER_COUNT; i++)
		json_object_set_new(acc, billing_ledger_basis_name((enum billing_ledger_basis)i),
		                    t->ledger.expense[i] ? json_integer(t->ledger.expense[i])
		                                         : json_null());
	if (t->updated_at) {
		time_t secs = (time_t)(t->updated_at / 1000000);
		struct tm tm;
		gmtime_r(&secs, &tm);
		strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	o = json_pack("{s:s,s:s,s:s,s:o,s:o,s:I,s:o,s:o,s:o}", "code", t->code ? t->code : "",
	              "name", t->name ? t->name : "", "country", t->country, "org_no",
	              t->org_no[0] ? json_string(t->org_no) : json_null(), "accounts", acc,
	              "supplier_account", (json_int_t)t->ledger.supplier, "cost_centre",
	              t->ledger.cost_centre[0] ? json_string(t->ledger.cost_centre) : json_null(),
	              "updated_at", at[0] ? json_string(at) : json_null(), "updated_by",
	              t->updated_by ? json_integer(t->updated_by) : json_null());
	return o;
}
