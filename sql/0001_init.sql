-- Stegvis schema, version 1: the whole data model of shared/spec/domain.md.
-- One schema for SQLite and PostgreSQL. The migration runner replaces {{id}}
-- with the dialect's auto-numbered primary key and keeps only the lines of the
-- current dialect between "-- @sqlite" / "-- @pg" and "-- @end".
--
-- Conventions (docs/internals/data-model.md):
--   * every table but tenants has tenant_id, and every foreign key includes
--     it, so no row can point at another tenant's row (X-5);
--   * ids are global numbers; (tenant_id, id) is unique and is what foreign
--     keys reference;
--   * dates are DATE ('YYYY-MM-DD' text in SQLite), timestamps BIGINT
--     microseconds since the epoch (UTC), money BIGINT öre (CAL-5),
--     booleans SMALLINT 0/1, enumerations TEXT with a CHECK;
--   * ref is the key of a row in the system it was imported from.

CREATE TABLE tenants (
	id {{id}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	country TEXT NOT NULL CHECK (country IN ('SE', 'DK')),
	created_at BIGINT NOT NULL
);

CREATE TABLE units (
	tenant_id BIGINT NOT NULL REFERENCES tenants (id),
	id {{id}},
	ref TEXT,
	name TEXT NOT NULL,
	parent_id BIGINT,
	created_at BIGINT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, ref),
	FOREIGN KEY (tenant_id, parent_id) REFERENCES units (tenant_id, id)
);

-- Providers (anordnare): ID-4, KV-5, KV-11, KV-84, JP-4.
CREATE TABLE providers (
	tenant_id BIGINT NOT NULL REFERENCES tenants (id),
	id {{id}},
	ref TEXT,
	org_no TEXT NOT NULL,
	name TEXT NOT NULL,
	presentation TEXT,
	website TEXT,
	capacity INTEGER NOT NULL DEFAULT -1 CHECK (capacity >= -1),
	created_at BIGINT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, ref),
	UNIQUE (tenant_id, org_no)
);

-- Authorisation per scheme with dates (KV-5; its date orders the rotation, KV-12).
CREATE TABLE provider_authorisations (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	provider_id BIGINT NOT NULL,
	scheme TEXT NOT NULL CHECK (scheme IN ('FAI', 'AMI', 'ISA', 'JOBBPENG')),
	valid_from DATE NOT NULL,
	valid_to DATE,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id),
	CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX provider_authorisations_provider ON provider_authorisations (tenant_id, provider_id);
CREATE INDEX provider_authorisations_scheme ON provider_authorisations (tenant_id, scheme, valid_from);

-- Industries of the provider's employer network (JP-4).
CREATE TABLE provider_industries (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	provider_id BIGINT NOT NULL,
	industry TEXT NOT NULL,
	UNIQUE (tenant_id, provider_id, industry),
	FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id)
);

CREATE TABLE provider_contacts (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	provider_id BIGINT NOT NULL,
	name TEXT NOT NULL,
	role TEXT,
	email TEXT,
	phone TEXT,
	FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id)
);
CREATE INDEX provider_contacts_provider ON provider_contacts (tenant_id, provider_id);

-- Users with one role; provider staff belong to a provider (X-3).
CREATE TABLE users (
	tenant_id BIGINT NOT NULL REFERENCES tenants (id),
	id {{id}},
	ref TEXT,
	username TEXT NOT NULL,
	display_name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('admin', 'counsellor', 'social_worker', 'supervisor',
		'provider_staff', 'provider_admin', 'system_specialist', 'coordinator', 'dpo',
		'finance', 'labour_officer')),
	unit_id BIGINT,
	provider_id BIGINT,
	password_hash TEXT,
	disabled SMALLINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at BIGINT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, ref),
	UNIQUE (tenant_id, username),
	FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
	FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id),
	CHECK (role NOT IN ('provider_staff', 'provider_admin') OR provider_id IS NOT NULL)
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	tenant_id BIGINT NOT NULL,
	user_id BIGINT NOT NULL,
	csrf_token TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	last_seen_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX sessions_expiry ON sessions (tenant_id, expires_at);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);

CREATE TABLE api_tokens (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	user_id BIGINT NOT NULL,
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at BIGINT NOT NULL,
	expires_at BIGINT,
	revoked_at BIGINT,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX api_tokens_user ON api_tokens (tenant_id, user_id, id);

CREATE TABLE login_attempts (
	tenant_id BIGINT NOT NULL REFERENCES tenants (id),
	id {{id}},
	username TEXT,
	address TEXT,
	at BIGINT NOT NULL,
	success SMALLINT NOT NULL CHECK (success IN (0, 1)),
	CHECK (username IS NOT NULL OR address IS NOT NULL)
);
CREATE INDEX login_attempts_user ON login_attempts (tenant_id, username, at);
CREATE INDEX login_attempts_address ON login_attempts (tenant_id, address, at);

-- Customers (kund / borger): ID-1..3 (normalised identity number), KV-81
-- (protected identity), KV-7 (interpreter language).
CREATE TABLE customers (
	tenant_id BIGINT NOT NULL REFERENCES tenants (id),
	id {{id}},
	ref TEXT,
	person_id TEXT,
	id_kind TEXT NOT NULL CHECK (id_kind IN ('personnummer', 'samordningsnummer', 'cpr', 'none')),
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	birth_date DATE,
	protection TEXT NOT NULL DEFAULT 'none' CHECK (protection IN ('none',
		'skyddad_folkbokforing', 'sekretessmarkering', 'fingerade')),
	interpreter_language TEXT,
	unit_id BIGINT,
	counsellor_id BIGINT,
	created_at BIGINT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, ref),
	UNIQUE (tenant_id, person_id),
	FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
	FOREIGN KEY (tenant_id, counsellor_id) REFERENCES users (tenant_id, id),
	CHECK ((id_kind = 'none') = (person_id IS NULL))
);
CREATE INDEX customers_unit ON customers (tenant_id, unit_id, id);

-- Contact channels with consent (IN-7).
CREATE TABLE customer_contacts (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	customer_id BIGINT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('phone', 'sms', 'email', 'letter')),
	value TEXT NOT NULL,
	consent SMALLINT NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX customer_contacts_customer ON customer_contacts (tenant_id, customer_id);

-- Target-group facts with their periods (KV-2, JP-1, IN-0, ES-2).
CREATE TABLE customer_facts (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	customer_id BIGINT NOT NULL,
	fact TEXT NOT NULL,
	valid_from DATE NOT NULL,
	valid_to DATE,
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
	CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX customer_facts_customer ON customer_facts (tenant_id, customer_id);

-- Interventions (insatser): KV-1, KV-20..26, KV-50..52, JP-0.
CREATE TABLE interventions (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	ref TEXT,
	customer_id BIGINT NOT NULL,
	code TEXT NOT NULL CHECK (code IN ('FAI1', 'FAI2', 'AMI1', 'AMI2', 'ISA1', 'ISA2', 'JP')),
	scheme TEXT NOT NULL CHECK (scheme IN ('FAI', 'AMI', 'ISA', 'JOBBPENG')),
	provider_id BIGINT,
	unit_id BIGINT,
	counsellor_id BIGINT,
	decided_on DATE NOT NULL,
	start_on DATE,
	planned_end_on DATE,
	actual_end_on DATE,
	extension_months INTEGER NOT NULL DEFAULT 0 CHECK (extension_months BETWEEN 0 AND 2),
	state TEXT NOT NULL CHECK (state IN ('granted', 'queued', 'staffed', 'assigned', 'running',
		'ended', 'cancelled')),
	end_reason TEXT CHECK (end_reason IN ('self_sufficient', 'goal_reached',
		'other_intervention', 'provider_switch', 'af_programme', 'unforeseen',
		'other_commitments', 'sickness', 'no_progression', 'provider_deficiency',
		'customer_ended', 'other')),
	staff_user_id BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, ref),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
	FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id),
	FOREIGN KEY (tenant_id, unit_id) REFERENCES units (tenant_id, id),
	FOREIGN KEY (tenant_id, counsellor_id) REFERENCES users (tenant_id, id),
	FOREIGN KEY (tenant_id, staff_user_id) REFERENCES users (tenant_id, id),
	CHECK ((state = 'ended') = (end_reason IS NOT NULL)),
	CHECK (state <> 'ended' OR actual_end_on IS NOT NULL),
	CHECK (planned_end_on IS NULL OR start_on IS NULL OR planned_end_on >= start_on),
	CHECK (actual_end_on IS NULL OR start_on IS NULL OR actual_end_on >= start_on)
);
CREATE INDEX interventions_customer ON interventions (tenant_id, customer_id, id);
CREATE INDEX interventions_unit ON interventions (tenant_id, unit_id, id);
CREATE INDEX interventions_provider ON interventions (tenant_id, provider_id, id);
CREATE INDEX interventions_state ON interventions (tenant_id, state, id);

-- Documents: assignment, implementation plan (KV-24), monthly reports with
-- sections (KV-32, KV-32a), final reports (KV-60..64), end documents
-- (KV-52), supplementary voucher applications (JP-7).
CREATE TABLE documents (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	intervention_id BIGINT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('assignment', 'plan', 'monthly_report', 'final_report',
		'end_document', 'supplement_application', 'bonus_claim')),
	period DATE,
	state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'approved')),
	current_version INTEGER NOT NULL DEFAULT 0,
	first_submitted_at BIGINT,
	created_at BIGINT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	CHECK (kind <> 'monthly_report' OR period IS NOT NULL)
);
CREATE INDEX documents_intervention ON documents (tenant_id, intervention_id, kind, period);

CREATE TABLE document_versions (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	document_id BIGINT NOT NULL,
	version INTEGER NOT NULL CHECK (version >= 1),
	author_id BIGINT,
	created_at BIGINT NOT NULL,
	submitted_at BIGINT,
	body TEXT NOT NULL DEFAULT '{}',
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, document_id, version),
	FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id),
	FOREIGN KEY (tenant_id, author_id) REFERENCES users (tenant_id, id)
);

-- Sections of a version (KV-32a): an empty section cannot be submitted;
-- "Ej aktuellt" carries its reason in not_applicable.
CREATE TABLE document_sections (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	version_id BIGINT NOT NULL,
	section TEXT NOT NULL,
	body TEXT,
	not_applicable TEXT,
	UNIQUE (tenant_id, version_id, section),
	FOREIGN KEY (tenant_id, version_id) REFERENCES document_versions (tenant_id, id)
);

-- Review decisions: approve or return (KV-25, KV-32).
CREATE TABLE document_reviews (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	document_id BIGINT NOT NULL,
	version INTEGER NOT NULL,
	reviewer_id BIGINT,
	decision TEXT NOT NULL CHECK (decision IN ('approved', 'returned')),
	comment TEXT,
	at BIGINT NOT NULL,
	FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id),
	FOREIGN KEY (tenant_id, reviewer_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX document_reviews_document ON document_reviews (tenant_id, document_id);

-- Absence (KV-3, KV-40..44).
CREATE TABLE absences (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	intervention_id BIGINT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('sick', 'vab', 'other_agency', 'unexcused', 'leave')),
	from_on DATE NOT NULL,
	to_on DATE,
	certificate_on DATE,
	contact_attempts INTEGER NOT NULL DEFAULT 0 CHECK (contact_attempts >= 0),
	note TEXT,
	reported_at BIGINT NOT NULL,
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	CHECK (to_on IS NULL OR to_on >= from_on)
);
CREATE INDEX absences_intervention ON absences (tenant_id, intervention_id, from_on);

-- Meetings (KV-23, KV-35, IN-4..7, ES-3, DK-3a, DK-5).
CREATE TABLE meetings (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	customer_id BIGINT NOT NULL,
	intervention_id BIGINT,
	kind TEXT NOT NULL CHECK (kind IN ('start_up', 'follow_up', 'three_party', 'sip',
		'enrolment_group', 'new_visit', 'conversation', 'other')),
	starts_at BIGINT NOT NULL,
	ends_at BIGINT,
	location TEXT,
	interpreter_language TEXT,
	outcome TEXT NOT NULL DEFAULT 'planned' CHECK (outcome IN ('planned', 'held', 'no_show',
		'cancelled')),
	note TEXT,
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id)
);
CREATE INDEX meetings_customer ON meetings (tenant_id, customer_id, starts_at);

-- Messages (meddelarfunktionen): KV-21, KV-33, KV-44, KV-80.
CREATE TABLE messages (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	customer_id BIGINT,
	intervention_id BIGINT,
	from_user_id BIGINT,
	to_user_id BIGINT,
	to_unit_id BIGINT,
	topic TEXT NOT NULL,
	body TEXT NOT NULL,
	sent_at BIGINT NOT NULL,
	read_at BIGINT,
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	FOREIGN KEY (tenant_id, from_user_id) REFERENCES users (tenant_id, id),
	FOREIGN KEY (tenant_id, to_user_id) REFERENCES users (tenant_id, id),
	FOREIGN KEY (tenant_id, to_unit_id) REFERENCES units (tenant_id, id)
);
CREATE INDEX messages_to_user ON messages (tenant_id, to_user_id, sent_at);
CREATE INDEX messages_customer ON messages (tenant_id, customer_id, sent_at);

-- Obligations: deadlines derived by core from rule packs and case facts,
-- materialised for inbox queries (architecture.md "Data").
CREATE TABLE obligations (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	customer_id BIGINT NOT NULL,
	intervention_id BIGINT,
	deadline TEXT NOT NULL,
	rule TEXT NOT NULL,
	actor TEXT NOT NULL CHECK (actor IN ('provider', 'counsellor', 'social_worker',
		'supervisor', 'labour_officer', 'customer', 'dpo')),
	period DATE,
	due_on DATE,
	due_at BIGINT,
	met_at BIGINT,
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	CHECK (due_on IS NOT NULL OR due_at IS NOT NULL)
);
CREATE INDEX obligations_due ON obligations (tenant_id, met_at, due_on);
CREATE INDEX obligations_customer ON obligations (tenant_id, customer_id);

-- Billing runs and lines (KV-70..74, KV-62, JP-7, JP-8, ES-6).
CREATE TABLE billing_runs (
	tenant_id BIGINT NOT NULL REFERENCES tenants (id),
	id {{id}},
	month DATE NOT NULL,
	state TEXT NOT NULL CHECK (state IN ('draft', 'final')),
	created_at BIGINT NOT NULL,
	created_by BIGINT,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);

CREATE TABLE billing_lines (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	run_id BIGINT NOT NULL,
	intervention_id BIGINT,
	provider_id BIGINT,
	customer_id BIGINT,
	kind TEXT NOT NULL CHECK (kind IN ('voucher', 'supplement', 'bonus', 'abort_extension',
		'activity_support')),
	month DATE NOT NULL,
	days INTEGER CHECK (days IS NULL OR days BETWEEN 0 AND 31),
	amount_ore BIGINT NOT NULL,
	rule TEXT NOT NULL,
	FOREIGN KEY (tenant_id, run_id) REFERENCES billing_runs (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX billing_lines_run ON billing_lines (tenant_id, run_id);

-- Danish target-group memberships (DK-1, DK-6, DK-8).
CREATE TABLE dk_group_memberships (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	customer_id BIGINT NOT NULL,
	grp TEXT NOT NULL CHECK (grp IN ('2', '3', '12', '13')),
	from_on DATE NOT NULL,
	to_on DATE,
	outflow TEXT CHECK (outflow IN ('ordinary_work', 'ordinary_education', 'group_change',
		'resource_course', 'revalidation', 'flex_job', 'disability_pension', 'other')),
	diverted SMALLINT NOT NULL DEFAULT 0 CHECK (diverted IN (0, 1)),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
	CHECK (to_on IS NULL OR to_on >= from_on),
	CHECK (outflow IS NULL OR to_on IS NOT NULL)
);
CREATE INDEX dk_group_memberships_group ON dk_group_memberships (tenant_id, grp, from_on);

-- Progression scores per indicator (DK-2); the indicator set is pack data.
CREATE TABLE progression_scores (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	customer_id BIGINT NOT NULL,
	indicator TEXT NOT NULL,
	measured_on DATE NOT NULL,
	score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
	goal TEXT,
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX progression_scores_customer ON progression_scores (tenant_id, customer_id,
	indicator, measured_on);

-- Projects (ES-0..9): participants and place quotas (ES-4, in basis points).
CREATE TABLE projects (
	tenant_id BIGINT NOT NULL REFERENCES tenants (id),
	id {{id}},
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	from_on DATE NOT NULL,
	to_on DATE NOT NULL,
	min_participants INTEGER,
	UNIQUE (tenant_id, id),
	UNIQUE (tenant_id, code),
	CHECK (to_on >= from_on)
);

CREATE TABLE project_quotas (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	project_id BIGINT NOT NULL,
	origin_kind TEXT NOT NULL CHECK (origin_kind IN ('af_office', 'municipality')),
	origin TEXT NOT NULL,
	share_bp INTEGER NOT NULL CHECK (share_bp BETWEEN 0 AND 10000),
	UNIQUE (tenant_id, project_id, origin_kind, origin),
	FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);

CREATE TABLE project_participants (
	tenant_id BIGINT NOT NULL,
	id {{id}},
	project_id BIGINT NOT NULL,
	customer_id BIGINT NOT NULL,
	origin_kind TEXT NOT NULL CHECK (origin_kind IN ('af_office', 'municipality')),
	origin TEXT NOT NULL,
	started_on DATE NOT NULL,
	ended_on DATE,
	outcome TEXT CHECK (outcome IN ('enhanced_training', 'work', 'studies', 'own_business',
		'returned', 'phase3', 'other')),
	UNIQUE (tenant_id, project_id, customer_id, started_on),
	FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);

-- Events (X-1): append-only, hash-chained per chain ("case:<customer id>" or
-- "admin"). event_heads holds each chain's last seq and hash; appending locks
-- the head row, so concurrent writers of one chain queue instead of forking it.
CREATE TABLE events (
	tenant_id BIGINT NOT NULL REFERENCES tenants (id),
	id {{id}},
	chain TEXT NOT NULL,
	seq BIGINT NOT NULL CHECK (seq >= 1),
	at BIGINT NOT NULL,
	actor BIGINT NOT NULL DEFAULT 0,
	kind TEXT NOT NULL,
	customer_id BIGINT,
	reason TEXT,
	payload TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	UNIQUE (tenant_id, chain, seq),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX events_customer ON events (tenant_id, customer_id, id);

CREATE TABLE event_heads (
	tenant_id BIGINT NOT NULL REFERENCES tenants (id),
	chain TEXT NOT NULL,
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL,
	PRIMARY KEY (tenant_id, chain)
);

-- Access log (X-2): a row per read of a person's data; kept at least 5 years (X-6).
CREATE TABLE access_log (
	tenant_id BIGINT NOT NULL REFERENCES tenants (id),
	id {{id}},
	user_id BIGINT NOT NULL,
	customer_id BIGINT NOT NULL,
	at BIGINT NOT NULL,
	purpose TEXT NOT NULL,
	what TEXT,
	FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE INDEX access_log_customer ON access_log (tenant_id, customer_id, id);
CREATE INDEX access_log_user ON access_log (tenant_id, user_id, id);

-- Append-only: events and the access log refuse UPDATE and DELETE.
-- @sqlite
CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_d BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER access_log_append_only_u BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
CREATE TRIGGER access_log_append_only_d BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
-- @pg
CREATE FUNCTION stegvis_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
	FOR EACH ROW EXECUTE FUNCTION stegvis_append_only();
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
	FOR EACH ROW EXECUTE FUNCTION stegvis_append_only();
-- @end
