-- Stegvis schema, version 2: the kundval and jobbpeng workflow (decision,
-- choice, start-up, running, changes and endings, provider proposals,
-- jobbpeng) and the materialised deadlines. Same conventions as 0001
-- (docs/internals/data-model.md); see docs/internals/workflow.md.

-- Obligations are derived data (recomputed from rule packs and case facts
-- after every event of an intervention), so the table of version 1, which
-- no version-1 code wrote, is replaced by one that the inbox, a case's list,
-- the sweep and the timeliness report (KV-53) can read without joins.
DROP TABLE obligations;
CREATE TABLE obligations (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	customer_id BIGINT NOT NULL,
	intervention_id BIGINT NOT NULL,
	-- Copied from the intervention at each recompute (the inbox reads no join).
	counsellor_id BIGINT,
	provider_id BIGINT,
	unit_id BIGINT,
	-- (deadline, seq) names the obligation within its intervention.
	deadline TEXT NOT NULL,
	seq INTEGER NOT NULL,
	rule TEXT NOT NULL,
	actor TEXT NOT NULL,
	what TEXT NOT NULL,
	okey TEXT NOT NULL DEFAULT '',
	from_on DATE NOT NULL,
	due_on DATE NOT NULL,
	due_at BIGINT,
	status TEXT NOT NULL CHECK (status IN ('open', 'met_on_time', 'met_late', 'missed')),
	met_on DATE,
	met_at BIGINT,
	days_late INTEGER NOT NULL DEFAULT 0,
	-- KV-53: met later than the pack's provider_late_reporting after the due date.
	over_limit SMALLINT NOT NULL DEFAULT 0 CHECK (over_limit IN (0, 1)),
	-- Not met yet (open or missed): what the inboxes index, so that the
	-- sweep's change from open to missed leaves their indexes alone.
	unmet SMALLINT NOT NULL DEFAULT 1 CHECK ((unmet = 1) = (status IN ('open', 'missed'))),
	UNIQUE (tenant_id, intervention_id, deadline, seq),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id)
);
CREATE INDEX obligations_customer ON obligations (tenant_id, customer_id);
-- The inboxes read only what is not met yet.
CREATE INDEX obligations_counsellor_due ON obligations (tenant_id, counsellor_id, due_on)
	WHERE unmet = 1;
CREATE INDEX obligations_provider_due ON obligations (tenant_id, provider_id, due_on)
	WHERE unmet = 1;
CREATE INDEX obligations_unit_due ON obligations (tenant_id, unit_id, due_on)
	WHERE unmet = 1;
-- The sweep reads only open obligations by due date.
CREATE INDEX obligations_open_due ON obligations (tenant_id, due_on) WHERE status = 'open';
-- Timeliness per provider and kind (KV-53).
CREATE INDEX obligations_provider_kind ON obligations (tenant_id, provider_id, deadline);

-- The deadline facts of each intervention: its case events of the rule-pack
-- vocabulary (docs/internals/workflow.md), each with the civil date it
-- counts on, fixed when the event is first read (in the transaction that
-- appended it), so that a fixed "today" (--on) dates them consistently.
-- fact_watermarks holds the last event of each customer's chain read.
CREATE TABLE case_facts (
	tenant_id BIGINT NOT NULL,
	event_id BIGINT NOT NULL,
	customer_id BIGINT NOT NULL,
	intervention_id BIGINT NOT NULL,
	name TEXT NOT NULL,
	on_date DATE NOT NULL,
	at BIGINT NOT NULL,
	okey TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (tenant_id, event_id),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id)
);
CREATE INDEX case_facts_intervention ON case_facts (tenant_id, intervention_id, on_date, at);
CREATE TABLE fact_watermarks (
	tenant_id BIGINT NOT NULL,
	customer_id BIGINT NOT NULL,
	last_event_id BIGINT NOT NULL,
	PRIMARY KEY (tenant_id, customer_id),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);

-- Facts dated after the last recompute (sick day 8 reported on day 1): the
-- sweep recomputes an intervention when its day comes.
CREATE TABLE obligation_wakeups (
	tenant_id BIGINT NOT NULL,
	intervention_id BIGINT NOT NULL,
	wake_on DATE NOT NULL,
	PRIMARY KEY (tenant_id, intervention_id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id)
);
CREATE INDEX obligation_wakeups_due ON obligation_wakeups (tenant_id, wake_on);

-- Assessment and future plan (KV-10), before or with a decision.
CREATE TABLE assessments (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	customer_id BIGINT NOT NULL,
	made_by BIGINT,
	made_on DATE NOT NULL,
	made_at BIGINT NOT NULL,
	assessment TEXT NOT NULL,
	future_plan TEXT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
	FOREIGN KEY (tenant_id, made_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX assessments_customer ON assessments (tenant_id, customer_id, id);

-- What the decision, the choice, the assignment and the ending record about
-- an intervention beyond its row in interventions (one row per intervention).
CREATE TABLE intervention_details (
	tenant_id BIGINT NOT NULL,
	intervention_id BIGINT NOT NULL,
	assessment_id BIGINT,
	-- KV-2 / JP-1: the target group that matched, or NULL; for jobbpeng a
	-- decision outside the primary groups records its reason (JP-1).
	target_group TEXT,
	outside_target_reason TEXT,
	-- KV-13: the customer opted for the default provider of the rotation.
	default_choice SMALLINT NOT NULL DEFAULT 0 CHECK (default_choice IN (0, 1)),
	-- KV-4: full time as the main rule; a part-time start has a reason.
	extent_percent INTEGER NOT NULL DEFAULT 100 CHECK (extent_percent BETWEEN 1 AND 100),
	part_time_reason TEXT,
	-- KV-22: the assignment's brief and future plan.
	brief TEXT,
	future_plan TEXT,
	-- KV-51, KV-52: the end reason of the life cycle (lifecycle.h names; the
	-- interventions row keeps the version-1 vocabulary), a note, and whether
	-- the reason is withheld from the provider at the customer's wish.
	end_cause TEXT,
	end_note TEXT,
	end_decided_on DATE,
	reason_withheld SMALLINT NOT NULL DEFAULT 0 CHECK (reason_withheld IN (0, 1)),
	-- JP-0: days by which the counsellor extended a jobbpeng intervention.
	extended_days INTEGER NOT NULL DEFAULT 0 CHECK (extended_days >= 0),
	PRIMARY KEY (tenant_id, intervention_id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	FOREIGN KEY (tenant_id, assessment_id) REFERENCES assessments (tenant_id, id),
	CHECK (extent_percent = 100 OR part_time_reason IS NOT NULL)
);

-- Provider proposals: the provider proposes, the counsellor or supervisor
-- decides (KV-24, KV-26, KV-33, KV-50, KV-52).
CREATE TABLE proposals (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	intervention_id BIGINT NOT NULL,
	customer_id BIGINT NOT NULL,
	provider_id BIGINT,
	kind TEXT NOT NULL CHECK (kind IN ('extension', 'end', 'start_date',
		'another_intervention')),
	state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'replaced')),
	justification TEXT NOT NULL,
	end_reason TEXT,
	proposed_on DATE,
	months INTEGER,
	made_by BIGINT,
	made_at BIGINT NOT NULL,
	decided_by BIGINT,
	decided_at BIGINT,
	decision_reason TEXT,
	replaced_by BIGINT,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
	FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id),
	FOREIGN KEY (tenant_id, made_by) REFERENCES users (tenant_id, id),
	FOREIGN KEY (tenant_id, decided_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX proposals_intervention ON proposals (tenant_id, intervention_id, kind, state);
CREATE INDEX proposals_pending ON proposals (tenant_id, state, id);

-- Customer contacts by the provider, at least one a week (KV-30).
CREATE TABLE contact_logs (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	intervention_id BIGINT NOT NULL,
	contact_on DATE NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('in_person', 'phone', 'video', 'message',
		'other')),
	note TEXT,
	recorded_by BIGINT,
	recorded_at BIGINT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	FOREIGN KEY (tenant_id, recorded_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX contact_logs_intervention ON contact_logs (tenant_id, intervention_id, contact_on);

-- Deviations from the plan the provider reports (KV-34).
CREATE TABLE deviations (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	intervention_id BIGINT NOT NULL,
	occurred_on DATE NOT NULL,
	description TEXT NOT NULL,
	affects_assistance SMALLINT NOT NULL DEFAULT 0 CHECK (affects_assistance IN (0, 1)),
	recorded_by BIGINT,
	recorded_at BIGINT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	FOREIGN KEY (tenant_id, recorded_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX deviations_intervention ON deviations (tenant_id, intervention_id, id);

-- Provider deficiencies noted by the municipality (KV-53); late reporting is
-- also counted from the obligations.
CREATE TABLE provider_deficiencies (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	provider_id BIGINT NOT NULL,
	intervention_id BIGINT,
	kind TEXT NOT NULL CHECK (kind IN ('late_reporting', 'missing_information',
		'not_following_plan', 'no_progression_follow_up', 'other')),
	noted_on DATE NOT NULL,
	note TEXT,
	recorded_by BIGINT,
	recorded_at BIGINT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	FOREIGN KEY (tenant_id, recorded_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX provider_deficiencies_provider ON provider_deficiencies (tenant_id, provider_id,
	noted_on);

-- Jobbpeng supplementary vouchers (JP-7): applied for by the provider,
-- decided by the counsellor; the amount is one of the pack's.
CREATE TABLE jp_supplements (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	intervention_id BIGINT NOT NULL,
	amount_ore BIGINT NOT NULL CHECK (amount_ore > 0),
	purpose TEXT NOT NULL,
	justification TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending', 'granted', 'refused')),
	applied_by BIGINT,
	applied_on DATE NOT NULL,
	applied_at BIGINT NOT NULL,
	decided_by BIGINT,
	decided_on DATE,
	decided_at BIGINT,
	decision_reason TEXT,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	FOREIGN KEY (tenant_id, applied_by) REFERENCES users (tenant_id, id),
	FOREIGN KEY (tenant_id, decided_by) REFERENCES users (tenant_id, id),
	CHECK ((state = 'pending') = (decided_on IS NULL))
);
CREATE INDEX jp_supplements_intervention ON jp_supplements (tenant_id, intervention_id, id);

-- Jobbpeng bonus claims (JP-8): six months of self-sufficiency counted from
-- the day after an end for self-sufficiency, with the proof recorded.
CREATE TABLE jp_bonus_claims (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	intervention_id BIGINT NOT NULL,
	qualifying_from DATE NOT NULL,
	eligible_on DATE NOT NULL,
	proof TEXT NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
	claimed_by BIGINT,
	claimed_on DATE NOT NULL,
	claimed_at BIGINT NOT NULL,
	decided_by BIGINT,
	decided_on DATE,
	decided_at BIGINT,
	decision_reason TEXT,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	FOREIGN KEY (tenant_id, claimed_by) REFERENCES users (tenant_id, id),
	FOREIGN KEY (tenant_id, decided_by) REFERENCES users (tenant_id, id),
	CHECK (claimed_on >= eligible_on),
	CHECK ((state = 'pending') = (decided_on IS NULL))
);
CREATE INDEX jp_bonus_claims_intervention ON jp_bonus_claims (tenant_id, intervention_id, id);
