/*
 * The municipality's settings (src/service/tenant.c) on both backends: the
 * BAS defaults when none were set, a change by the admin, reading by finance
 * and the dpo only, and bad input (an organisation number failing ID-4, an
 * unknown basis, an account that is not a BAS account 1000-8999, a bad cost
 * centre) refused naming the field and the rule, changing nothing.
 */
#include "test.h"

#include "test_billing_fixture.h"

#include "service/tenant.h"

static struct actor admin_of(struct bf *f)
{
	int64_t id = bf_user(f, "admin1", "admin", 0, 0);
	return (struct actor){id, ROLE_ADMIN, 0, 0, false, false};
}

static void defaults_are_the_bas_accounts(void **state)
{
	struct bf *f = *state;
	struct sv_error e = SV_ERROR_INIT;
	struct tenant_settings t;
	json_t *o, *acc;

	assert_ok(tenant_settings_get(&f->s, &t, &e)); /* finance reads */
	assert_string_equal(t.name, "Nacka kommun");
	assert_string_equal(t.org_no, "");
	assert_int_equal(t.ledger.expense[BILLING_LEDGER_VOUCHER], 4600);
	assert_int_equal(t.ledger.expense[BILLING_LEDGER_ABORT], 4600);
	assert_int_equal(t.ledger.expense[BILLING_LEDGER_SUPPLEMENT], 4601);
	assert_int_equal(t.ledger.expense[BILLING_LEDGER_BONUS], 4602);
	assert_int_equal(t.ledger.expense[BILLING_LEDGER_ADJUSTMENT], 0);
	assert_int_equal(t.ledger.supplier, 2440);
	assert_int_equal(t.updated_at, 0);
	o = tenant_settings_json(&t);
	assert_non_null(o);
	assert_true(json_is_null(json_object_get(o, "org_no")));
	acc = json_object_get(o, "accounts");
	assert_int_equal(json_integer_value(json_object_get(acc, "supplement")), 4601);
	assert_true(json_is_null(json_object_get(acc, "adjustment")));
	json_decref(o);
	tenant_settings_release(&t);
	/* An adjustment books on its basis's account by default. */
	assert_int_equal(billing_ledger_account_of(&t.ledger, "adjustment", "supplement"), 4601);
	assert_int_equal(billing_ledger_account_of(&t.ledger, "abort", "abort"), 4600);
	assert_int_equal(billing_ledger_account_of(&t.ledger, "voucher_released", "voucher"), 4600);
}

static void admin_sets_and_finance_reads(void **state)
{
	struct bf *f = *state;
	struct actor adm = admin_of(f);
	struct sv_error e = SV_ERROR_INIT;
	struct tenant_change c = {0};
	struct tenant_settings t;
	int64_t events = 0;

	/* ID-4: 212000-0142, Luhn over 212000014: 4+1+4+0+0+0+0+1+8 = 18, 10 - 8 = 2. */
	c.org_no = "212000-0142";
	assert_ok(tenant_change_account(&c, "voucher=4010", "--account", &e));
	assert_ok(tenant_change_account(&c, "adjustment=4690", "--account", &e));
	c.cost_centre = "AM-310";
	bf_day(f, "2024-04-02");
	bf_as(f, &adm);
	assert_ok(tenant_settings_update(&f->s, &c, &t, &e));
	assert_string_equal(t.org_no, "212000-0142");
	assert_int_equal(t.ledger.expense[BILLING_LEDGER_VOUCHER], 4010);
	assert_int_equal(t.ledger.expense[BILLING_LEDGER_ADJUSTMENT], 4690);
	assert_int_equal(t.ledger.expense[BILLING_LEDGER_SUPPLEMENT], 4601); /* unchanged */
	assert_string_equal(t.ledger.cost_centre, "AM-310");
	assert_int_equal(t.updated_by, adm.user_id);
	assert_int_equal(t.updated_at, f->s.now);
	tenant_settings_release(&t);
	/* The change is an event on the admin chain. */
	{
		struct store_param p[] = {P_INT(f->tenant)};
		events = bf_sql_id(f,
		                   "SELECT count(*) FROM events WHERE tenant_id = $1 AND kind = "
		                   "'tenant.settings'",
		                   p, 1);
	}
	assert_int_equal(events, 1);
	/* Finance and the dpo read; finance cannot change. */
	bf_as(f, &f->a_fin);
	assert_ok(tenant_settings_get(&f->s, &t, &e));
	assert_int_equal(t.ledger.expense[BILLING_LEDGER_VOUCHER], 4010);
	tenant_settings_release(&t);
	assert_rc(tenant_settings_update(&f->s, &c, NULL, &e), SV_EFORBIDDEN);
	assert_string_equal(e.rule, "X-3");
	bf_as(f, &f->a_dpo);
	assert_ok(tenant_settings_get(&f->s, &t, &e));
	tenant_settings_release(&t);
	bf_as(f, &f->a_cou);
	assert_rc(tenant_settings_get(&f->s, &t, &e), SV_EFORBIDDEN);
	bf_as(f, &f->a_pst);
	assert_rc(tenant_settings_get(&f->s, &t, &e), SV_EFORBIDDEN);
	/* Removing: "" clears the number, the cost centre and the adjustment account. */
	memset(&c, 0, sizeof(c));
	c.org_no = "";
	c.cost_centre = "";
	c.accounts[BILLING_LEDGER_ADJUSTMENT] = "";
	bf_as(f, &adm);
	assert_ok(tenant_settings_update(&f->s, &c, &t, &e));
	assert_string_equal(t.org_no, "");
	assert_string_equal(t.ledger.cost_centre, "");
	assert_int_equal(t.ledger.expense[BILLING_LEDGER_ADJUSTMENT], 0);
	assert_int_equal(t.ledger.expense[BILLING_LEDGER_VOUCHER], 4010);
	tenant_settings_release(&t);
}

/* One bad field in an otherwise good change: refused, nothing stored. */
static void refuse(struct bf *f, struct tenant_change *c, enum sv_rc want, const char *field,
                   const char *rule)
{
	struct sv_error e = SV_ERROR_INIT;
	struct tenant_settings t;

	c->org_no = c->org_no ? c->org_no : "2120000142";
	assert_rc(tenant_settings_update(&f->s, c, NULL, &e), want);
	assert_string_equal(e.field, field);
	assert_string_equal(e.rule, rule);
	assert_ok(tenant_settings_get(&f->s, &t, &e));
	assert_string_equal(t.org_no, "");
	assert_int_equal(t.ledger.expense[BILLING_LEDGER_VOUCHER], 4600);
	assert_int_equal(t.updated_at, 0);
	tenant_settings_release(&t);
}

static void bad_input_changes_nothing(void **state)
{
	struct bf *f = *state;
	struct actor adm = admin_of(f);
	struct sv_error e = SV_ERROR_INIT;
	struct tenant_change c;

	bf_as(f, &adm);
	/* ID-4: 212000-0143 has check digit 3, Luhn gives 2. */
	memset(&c, 0, sizeof(c));
	c.org_no = "212000-0143";
	refuse(f, &c, SV_EINVAL, "org_no", "ID-4");
	/* A personnummer (month 12: a sole trader) is no municipality (ID-4). */
	memset(&c, 0, sizeof(c));
	c.org_no = "19121212-1212";
	refuse(f, &c, SV_EINVAL, "org_no", "ID-4");
	/* Out of range, not digits, too many digits: BAS accounts are 1000-8999. */
	memset(&c, 0, sizeof(c));
	c.accounts[BILLING_LEDGER_BONUS] = "9000";
	refuse(f, &c, SV_EINVAL, "accounts.bonus", "BAS");
	memset(&c, 0, sizeof(c));
	c.accounts[BILLING_LEDGER_VOUCHER] = "0999";
	refuse(f, &c, SV_EINVAL, "accounts.voucher", "BAS");
	memset(&c, 0, sizeof(c));
	c.accounts[BILLING_LEDGER_VOUCHER] = "46a0";
	refuse(f, &c, SV_EINVAL, "accounts.voucher", "BAS");
	memset(&c, 0, sizeof(c));
	c.accounts[BILLING_LEDGER_ABORT] = "46000";
	refuse(f, &c, SV_EINVAL, "accounts.abort", "BAS");
	memset(&c, 0, sizeof(c));
	c.accounts[BILLING_LEDGER_VOUCHER] = ""; /* only the adjustment may have none */
	refuse(f, &c, SV_EINVAL, "accounts.voucher", "BAS");
	memset(&c, 0, sizeof(c));
	c.supplier_account = "-2440";
	refuse(f, &c, SV_EINVAL, "supplier_account", "BAS");
	memset(&c, 0, sizeof(c));
	c.cost_centre = "kost ställe";
	refuse(f, &c, SV_EINVAL, "cost_centre", "SIE-4");
	/* An unknown basis or no '=' (the CLI's BASIS=ACCOUNT). */
	memset(&c, 0, sizeof(c));
	assert_rc(tenant_change_account(&c, "vouchers=4010", "--account", &e), SV_EINVAL);
	assert_string_equal(e.field, "--account");
	assert_string_equal(e.rule, "BAS");
	assert_rc(tenant_change_account(&c, "4010", "--account", &e), SV_EINVAL);
	assert_rc(tenant_change_account(&c, NULL, "--account", &e), SV_EINVAL);
	assert_null(c.accounts[BILLING_LEDGER_VOUCHER]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(defaults_are_the_bas_accounts, bf_setup,
	                                        bf_teardown),
	        cmocka_unit_test_setup_teardown(admin_sets_and_finance_reads, bf_setup,
	                                        bf_teardown),
	        cmocka_unit_test_setup_teardown(bad_input_changes_nothing, bf_setup, bf_teardown),
	};
	return bf_main("tenant", tests, sizeof(tests) / sizeof(tests[0]));
}
