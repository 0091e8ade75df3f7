/*
 * /api/v1/tenant: the municipality's own settings (src/service/tenant.h):
 * its organisation number (ID-4) and the ledger accounts its billing runs
 * are booked on in the SIE 4 export. The admin changes them; finance and
 * the dpo read them.
 */
#include "http/http.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "service/tenant.h"

static void respond(struct http_req *r, const struct tenant_settings *t)
{
	json_t *o = tenant_settings_json(t);

	if (!o) {
		http_error(r, 500, NULL, NULL, "out of memory");
		return;
	}
	http_json(r, 200, o);
}

void h_tenant_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct tenant_settings t;
	struct svc s;
	int64_t t0;
	enum sv_rc rc;

	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = tenant_settings_get(&s, &t, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		respond(r, &t);
	tenant_settings_release(&t);
}

/* The accounts member: each basis optional; null (adjustment) resets it. */
struct accounts_body {
	int64_t a[BILLING_LEDGER_COUNT];
	uint64_t present;
};

#define ACCOUNT_FIELD(name, i)                                                                 \
	{                                                                                      \
		name, JT_INT, JF_NULLABLE,                                                     \
		        offsetof(struct accounts_body, a) + (i) * sizeof(int64_t), 0, 0, NULL, \
		        NULL, NULL                                                             \
	}
static const struct json_field account_fields[] = {
        ACCOUNT_FIELD("voucher", BILLING_LEDGER_VOUCHER),
        ACCOUNT_FIELD("abort", BILLING_LEDGER_ABORT),
        ACCOUNT_FIELD("supplement", BILLING_LEDGER_SUPPLEMENT),
        ACCOUNT_FIELD("bonus", BILLING_LEDGER_BONUS),
        ACCOUNT_FIELD("adjustment", BILLING_LEDGER_ADJUSTMENT),
};
static const struct json_schema account_schema = {account_fields, BILLING_LEDGER_COUNT,
                                                  offsetof(struct accounts_body, present)};

struct tenant_body {
	const char *org_no;
	struct accounts_body accounts;
	int64_t supplier_account;
	const char *cost_centre;
	uint64_t present;
};
enum { F_ORG_NO, F_ACCOUNTS, F_SUPPLIER, F_COST_CENTRE };

static const struct json_field tenant_fields[] = {
        [F_ORG_NO] = {"org_no", JT_STRING, JF_NULLABLE, offsetof(struct tenant_body, org_no), 0, 32,
                      NULL, NULL, NULL},
        [F_ACCOUNTS] = {"accounts", JT_OBJECT, 0, offsetof(struct tenant_body, accounts), 0, 0,
                        NULL, NULL, &account_schema},
        [F_SUPPLIER] = {"supplier_account", JT_INT, 0,
                        offsetof(struct tenant_body, supplier_account), 0, 0, NULL, NULL, NULL},
        [F_COST_CENTRE] = {"cost_centre", JT_STRING, JF_NULLABLE,
                           offsetof(struct tenant_body, cost_centre), 0, 64, NULL, NULL, NULL},
};
static const struct json_schema tenant_schema = {tenant_fields, 4,
                                                 offsetof(struct tenant_body, present)};

void h_tenant_put(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct tenant_change c;
	struct tenant_settings t;
	struct tenant_body b;
	char acc[BILLING_LEDGER_COUNT][24], sup[24];
	struct svc s;
	int64_t t0;
	enum sv_rc rc;

	memset(&b, 0, sizeof(b));
	memset(&c, 0, sizeof(c));
	if (!http_body(r, &tenant_schema, &b))
		return;
	/* null and "" remove the number and the cost centre. */
	if (b.present & (1u << F_ORG_NO))
		c.org_no = b.org_no ? b.org_no : "";
	if (b.present & (1u << F_COST_CENTRE))
		c.cost_centre = b.cost_centre ? b.cost_centre : "";
	for (int i = 0; i < BILLING_LEDGER_COUNT; i++) {
		if (!(b.present & (1u << F_ACCOUNTS)) || !(b.accounts.present & (1u << i)))
			continue;
		snprintf(acc[i], sizeof(acc[i]), "%" PRId64, b.accounts.a[i]);
		/* null: only the adjustment has "no account of its own". */
		c.accounts[i] = b.accounts.a[i] || i != BILLING_LEDGER_ADJUSTMENT ? acc[i] : "";
	}
	if (b.present & (1u << F_SUPPLIER)) {
		snprintf(sup, sizeof(sup), "%" PRId64, b.supplier_account);
		c.supplier_account = sup;
	}
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = tenant_settings_update(&s, &c, &t, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		respond(r, &t);
	tenant_settings_release(&t);
}
