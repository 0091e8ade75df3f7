-- Billing runs (KV-62, KV-63, KV-70..74, JP-7, JP-8): docs/internals/billing-runs.md.
--
-- A run is prepared by one finance user (state 'draft') and confirmed by
-- another (state 'final', four eyes); nothing of a run changes afterwards.
-- Its lines carry their explanation; its notices say what is held back or
-- forfeited and why; its positions say which months of each intervention the
-- run settles once confirmed, so that later runs reconcile only open months.

-- The run: the date it was computed for, its parameters (rates with their
-- validity, cut-offs, amounts: JSON), and how many runs of the tenant were
-- confirmed when it was prepared (a run prepared on an older basis cannot be
-- confirmed: billing_confirmations.seq is unique).
ALTER TABLE billing_runs ADD COLUMN run_on DATE;
ALTER TABLE billing_runs ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
ALTER TABLE billing_runs ADD COLUMN based_on BIGINT NOT NULL DEFAULT 0;
CREATE INDEX billing_runs_month ON billing_runs (tenant_id, month, id);

-- The totals of a run per provider, written when its lines are complete.
CREATE TABLE billing_run_totals (
	tenant_id BIGINT NOT NULL,
	run_id BIGINT NOT NULL,
	provider_id BIGINT NOT NULL,
	amount_ore BIGINT NOT NULL,
	n_lines BIGINT NOT NULL CHECK (n_lines >= 0),
	n_notices BIGINT NOT NULL CHECK (n_notices >= 0),
	PRIMARY KEY (tenant_id, run_id, provider_id),
	FOREIGN KEY (tenant_id, run_id) REFERENCES billing_runs (tenant_id, id),
	FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id)
);

-- Confirmation under four eyes: one row per confirmed run, numbered per tenant.
CREATE TABLE billing_confirmations (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	run_id BIGINT NOT NULL,
	seq BIGINT NOT NULL CHECK (seq >= 1),
	confirmed_by BIGINT NOT NULL,
	confirmed_at BIGINT NOT NULL,
	UNIQUE (tenant_id, run_id),
	UNIQUE (tenant_id, seq),
	FOREIGN KEY (tenant_id, run_id) REFERENCES billing_runs (tenant_id, id),
	FOREIGN KEY (tenant_id, confirmed_by) REFERENCES users (tenant_id, id)
);

-- A line: kind keeps the basis of 0001 ('voucher', 'abort_extension',
-- 'supplement', 'bonus'), month its period; line_kind says what the line is,
-- and the explanation (inputs, computation, rule IDs) is stored with it:
-- explain as JSON, explanation as the Swedish sentence shown with the amount.
ALTER TABLE billing_lines ADD COLUMN line_kind TEXT NOT NULL DEFAULT 'voucher'
	CHECK (line_kind IN ('voucher', 'voucher_released', 'abort', 'supplement', 'bonus',
		'adjustment'));
ALTER TABLE billing_lines ADD COLUMN ref BIGINT NOT NULL DEFAULT 0;
ALTER TABLE billing_lines ADD COLUMN scheme TEXT NOT NULL DEFAULT '';
ALTER TABLE billing_lines ADD COLUMN rate_ore BIGINT NOT NULL DEFAULT 0;
ALTER TABLE billing_lines ADD COLUMN from_on DATE;
ALTER TABLE billing_lines ADD COLUMN to_on DATE;
ALTER TABLE billing_lines ADD COLUMN status TEXT NOT NULL DEFAULT 'none';
ALTER TABLE billing_lines ADD COLUMN explain TEXT NOT NULL DEFAULT '{}';
ALTER TABLE billing_lines ADD COLUMN explanation TEXT NOT NULL DEFAULT '';
CREATE INDEX billing_lines_intervention ON billing_lines (tenant_id, intervention_id, month);
CREATE INDEX billing_lines_provider ON billing_lines (tenant_id, run_id, provider_id, id);
-- The lines paid for supplements and bonus claims, read by every run (few).
CREATE INDEX billing_lines_claims ON billing_lines (tenant_id, intervention_id)
	WHERE kind IN ('supplement', 'bonus');

-- What a run holds back (KV-72, KV-63 pending, JP-8) or forfeits (KV-63), with why.
CREATE TABLE billing_notices (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	run_id BIGINT NOT NULL,
	intervention_id BIGINT NOT NULL,
	provider_id BIGINT NOT NULL,
	customer_id BIGINT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('held', 'forfeited')),
	basis TEXT NOT NULL CHECK (basis IN ('voucher', 'abort', 'supplement', 'bonus')),
	month DATE NOT NULL,
	ref BIGINT NOT NULL DEFAULT 0,
	days INTEGER,
	amount_ore BIGINT NOT NULL,
	scheme TEXT NOT NULL DEFAULT '',
	rate_ore BIGINT NOT NULL DEFAULT 0,
	from_on DATE,
	to_on DATE,
	status TEXT NOT NULL,
	rule TEXT NOT NULL,
	deficiency SMALLINT NOT NULL DEFAULT 0 CHECK (deficiency IN (0, 1)),
	explain TEXT NOT NULL,
	explanation TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, run_id) REFERENCES billing_runs (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX billing_notices_run ON billing_notices (tenant_id, run_id, provider_id, id);

-- The first month of each intervention a run leaves open (not settled), set
-- when the run is confirmed; done: nothing more can become due.
CREATE TABLE billing_run_positions (
	tenant_id BIGINT NOT NULL,
	run_id BIGINT NOT NULL,
	intervention_id BIGINT NOT NULL,
	open_from DATE NOT NULL,
	done SMALLINT NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
	PRIMARY KEY (tenant_id, run_id, intervention_id),
	FOREIGN KEY (tenant_id, run_id) REFERENCES billing_runs (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id)
);

-- Per intervention, the position of the last confirmed run that computed it.
-- settled_at is that run's creation time: a later change of the intervention
-- (updated_at) or of its supplement and bonus documents reopens it entirely.
CREATE TABLE billing_positions (
	tenant_id BIGINT NOT NULL,
	intervention_id BIGINT NOT NULL,
	open_from DATE NOT NULL,
	done SMALLINT NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
	run_id BIGINT NOT NULL,
	settled_at BIGINT NOT NULL,
	PRIMARY KEY (tenant_id, intervention_id),
	FOREIGN KEY (tenant_id, run_id) REFERENCES billing_runs (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id)
);

CREATE INDEX interventions_start ON interventions (tenant_id, start_on);

-- Immutability: lines, notices, positions, totals and confirmations are append-only;
-- a run changes once, from 'draft' to 'final', and in nothing else.
-- @sqlite
CREATE TRIGGER billing_lines_append_only_u BEFORE UPDATE ON billing_lines
BEGIN SELECT RAISE(ABORT, 'billing lines are immutable'); END;
CREATE TRIGGER billing_lines_append_only_d BEFORE DELETE ON billing_lines
BEGIN SELECT RAISE(ABORT, 'billing lines are immutable'); END;
CREATE TRIGGER billing_notices_append_only_u BEFORE UPDATE ON billing_notices
BEGIN SELECT RAISE(ABORT, 'billing notices are immutable'); END;
CREATE TRIGGER billing_notices_append_only_d BEFORE DELETE ON billing_notices
BEGIN SELECT RAISE(ABORT, 'billing notices are immutable'); END;
CREATE TRIGGER billing_run_positions_append_only_u BEFORE UPDATE ON billing_run_positions
BEGIN SELECT RAISE(ABORT, 'billing run positions are immutable'); END;
CREATE TRIGGER billing_run_positions_append_only_d BEFORE DELETE ON billing_run_positions
BEGIN SELECT RAISE(ABORT, 'billing run positions are immutable'); END;
CREATE TRIGGER billing_run_totals_append_only_u BEFORE UPDATE ON billing_run_totals
BEGIN SELECT RAISE(ABORT, 'billing run totals are immutable'); END;
CREATE TRIGGER billing_run_totals_append_only_d BEFORE DELETE ON billing_run_totals
BEGIN SELECT RAISE(ABORT, 'billing run totals are immutable'); END;
CREATE TRIGGER billing_confirmations_append_only_u BEFORE UPDATE ON billing_confirmations
BEGIN SELECT RAISE(ABORT, 'billing confirmations are immutable'); END;
CREATE TRIGGER billing_confirmations_append_only_d BEFORE DELETE ON billing_confirmations
BEGIN SELECT RAISE(ABORT, 'billing confirmations are immutable'); END;
CREATE TRIGGER billing_runs_immutable_u BEFORE UPDATE ON billing_runs
WHEN NOT (OLD.state = 'draft' AND NEW.state = 'final' AND NEW.tenant_id = OLD.tenant_id
	AND NEW.id = OLD.id AND NEW.month = OLD.month AND NEW.created_at = OLD.created_at
	AND NEW.created_by IS OLD.created_by AND NEW.run_on IS OLD.run_on
	AND NEW.params = OLD.params AND NEW.based_on = OLD.based_on)
BEGIN SELECT RAISE(ABORT, 'billing runs are immutable once prepared'); END;
CREATE TRIGGER billing_runs_immutable_d BEFORE DELETE ON billing_runs
BEGIN SELECT RAISE(ABORT, 'billing runs are immutable once prepared'); END;
-- @pg
CREATE TRIGGER billing_lines_append_only BEFORE UPDATE OR DELETE ON billing_lines
	FOR EACH ROW EXECUTE FUNCTION stegvis_append_only();
CREATE TRIGGER billing_notices_append_only BEFORE UPDATE OR DELETE ON billing_notices
	FOR EACH ROW EXECUTE FUNCTION stegvis_append_only();
CREATE TRIGGER billing_run_positions_append_only BEFORE UPDATE OR DELETE ON billing_run_positions
	FOR EACH ROW EXECUTE FUNCTION stegvis_append_only();
CREATE TRIGGER billing_run_totals_append_only BEFORE UPDATE OR DELETE ON billing_run_totals
	FOR EACH ROW EXECUTE FUNCTION stegvis_append_only();
CREATE TRIGGER billing_confirmations_append_only BEFORE UPDATE OR DELETE ON billing_confirmations
	FOR EACH ROW EXECUTE FUNCTION stegvis_append_only();
CREATE FUNCTION stegvis_billing_run_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' OR OLD.state <> 'draft' OR NEW.state <> 'final'
	   OR (to_jsonb(NEW) - 'state') <> (to_jsonb(OLD) - 'state') THEN
		RAISE EXCEPTION 'billing runs are immutable once prepared'
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER billing_runs_immutable BEFORE UPDATE OR DELETE ON billing_runs
	FOR EACH ROW EXECUTE FUNCTION stegvis_billing_run_immutable();
-- @end
