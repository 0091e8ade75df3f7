-- The municipality's own settings (docs/internals/billing-runs.md, "The
-- tenant's ledger"): its organisation number (ID-4), printed on the billing
-- basis and written as #ORGNR into the SIE 4 export, and where the payments
-- of a confirmed run are booked: an expense account per basis, the
-- supplier-debt account credited and an optional cost centre (SIE
-- dimension 1). Accounts are BAS account numbers (1000 to 8999). A tenant
-- without a row has the defaults of the columns, the BAS accounts of
-- purchased services; an adjustment without an account of its own is booked
-- on the account of its basis.
CREATE TABLE tenant_settings (
	tenant_id BIGINT NOT NULL PRIMARY KEY REFERENCES tenants (id),
	org_no TEXT CHECK (org_no IS NULL OR length(org_no) = 11),
	account_voucher INTEGER NOT NULL DEFAULT 4600
		CHECK (account_voucher BETWEEN 1000 AND 8999),
	account_abort INTEGER NOT NULL DEFAULT 4600 CHECK (account_abort BETWEEN 1000 AND 8999),
	account_supplement INTEGER NOT NULL DEFAULT 4601
		CHECK (account_supplement BETWEEN 1000 AND 8999),
	account_bonus INTEGER NOT NULL DEFAULT 4602 CHECK (account_bonus BETWEEN 1000 AND 8999),
	account_adjustment INTEGER
		CHECK (account_adjustment IS NULL OR account_adjustment BETWEEN 1000 AND 8999),
	account_supplier INTEGER NOT NULL DEFAULT 2440
		CHECK (account_supplier BETWEEN 1000 AND 8999),
	cost_centre TEXT CHECK (cost_centre IS NULL OR length(cost_centre) BETWEEN 1 AND 20),
	updated_at BIGINT NOT NULL,
	updated_by BIGINT,
	FOREIGN KEY (tenant_id, updated_by) REFERENCES users (tenant_id, id)
);
