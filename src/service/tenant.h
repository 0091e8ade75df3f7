/*
 * tenant.h - the municipality's own settings: its organisation number (ID-4)
 * and its ledger, where the payments of confirmed billing runs are booked
 * (an expense account per basis, the supplier-debt account, an optional
 * cost centre; billing.h "the ledger"). The billing basis (PDF) shows the
 * name and number; the SIE 4 export writes #ORGNR and the mapped accounts.
 *
 * Roles: the admin reads and changes them (ACT_TENANT_WRITE); finance
 * and the dpo read them (ACT_TENANT_READ); anyone else is SV_EFORBIDDEN.
 * The system (svc.who == NULL) may do both.
 *
 * A change is validated whole before anything is written: an organisation
 * number must be a legal person's (ID-4; a municipality is no sole trader),
 * accounts are BAS accounts 1000 to 8999 (rule "BAS"), the basis one of
 * voucher, abort, supplement, bonus, adjustment; any error names the field
 * and the rule and changes nothing. A change writes the event
 * "tenant.settings" on the admin chain.
 */
#ifndef SV_SERVICE_TENANT_H
#define SV_SERVICE_TENANT_H

#include <jansson.h>

#include "service/svc.h"
#include "stegvis/billing.h"

struct tenant_settings {
	int64_t id;
	char *code; /* owned */
	char *name; /* owned */
	char country[3];
	char org_no[12]; /* "NNNNNN-NNNN", "" when unknown */
	struct billing_ledger ledger;
	sv_time updated_at; /* 0: never changed, the defaults */
	int64_t updated_by; /* 0: the system */
};
void tenant_settings_init(struct tenant_settings *t);
void tenant_settings_release(struct tenant_settings *t);

/*
 * A change: NULL leaves a setting as it is. org_no and cost_centre "" remove
 * them; accounts[BILLING_LEDGER_ADJUSTMENT] "" books adjustments on their
 * basis's account again. Every string is borrowed.
 */
struct tenant_change {
	const char *org_no;
	const char *accounts[BILLING_LEDGER_COUNT];
	const char *supplier_account;
	const char *cost_centre;
};

/*
 * "basis=NNNN" (the CLI's --account) into c: SV_EINVAL naming field and
 * rule "BAS" for an unknown basis or a missing '='. The account itself is
 * checked by tenant_settings_update. s must outlive c.
 */
enum sv_rc tenant_change_account(struct tenant_change *c, const char *s, const char *field,
                                 struct sv_error *err) SV_WUR;

/* The tenant's settings (ACT_TENANT_READ). out is initialised here; release it. */
enum sv_rc tenant_settings_get(const struct svc *s, struct tenant_settings *out,
                               struct sv_error *err) SV_WUR;

/*
 * Apply c (ACT_TENANT_WRITE): validated whole first, then stored in one
 * transaction with its event; out (may be NULL) receives the settings as
 * now stored. On error nothing changed.
 */
enum sv_rc tenant_settings_update(const struct svc *s, const struct tenant_change *c,
                                  struct tenant_settings *out, struct sv_error *err) SV_WUR;

/*
 * As JSON (new reference, NULL when out of memory):
 * {"code", "name", "country", "org_no" (or null), "accounts": {"voucher":
 * 4600, "abort", "supplement", "bonus", "adjustment" (null: its basis's)},
 * "supplier_account": 2440, "cost_centre" (or null), "updated_at" (ISO-8601
 * or null), "updated_by" (or null)}.
 */
json_t *tenant_settings_json(const struct tenant_settings *t);

#endif
