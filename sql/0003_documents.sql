-- Schema v3: what the provider reports beside its documents
-- (docs/internals/documents.md). Documents, versions, sections, reviews,
-- absences, meetings and messages are the tables of 0001; this adds the
-- provider's reports that have no table there.

-- Personal-data incidents, occurred or suspected (KV-80): the provider
-- reports within 72 hours of discovery (hours, never moved by CAL-4); the
-- report also goes to the counsellor as a message; the data-protection
-- coordinator assesses the risk (GDPR art. 33/34: none, risk, high risk)
-- and whether the supervisory authority and the persons are told. The
-- report's message is referenced by (tenant_id, id), which 0001 did not
-- declare unique for messages.
CREATE UNIQUE INDEX messages_tenant_id ON messages (tenant_id, id);
CREATE TABLE data_incidents (
	tenant_id BIGINT NOT NULL REFERENCES tenants (id),
	id {{id}},
	provider_id BIGINT NOT NULL,
	reported_by BIGINT,
	customer_id BIGINT,
	intervention_id BIGINT,
	nature TEXT NOT NULL CHECK (nature IN ('occurred', 'suspected')),
	discovered_at BIGINT NOT NULL,
	reported_at BIGINT NOT NULL,
	description TEXT NOT NULL,
	message_id BIGINT,
	risk TEXT CHECK (risk IN ('none', 'risk', 'high_risk')),
	assessment TEXT,
	notify_authority SMALLINT CHECK (notify_authority IN (0, 1)),
	notify_persons SMALLINT CHECK (notify_persons IN (0, 1)),
	assessed_by BIGINT,
	assessed_at BIGINT,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id),
	FOREIGN KEY (tenant_id, reported_by) REFERENCES users (tenant_id, id),
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
	FOREIGN KEY (tenant_id, intervention_id) REFERENCES interventions (tenant_id, id),
	FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id),
	FOREIGN KEY (tenant_id, assessed_by) REFERENCES users (tenant_id, id),
	CHECK (reported_at >= discovered_at),
	CHECK ((assessed_at IS NULL) = (risk IS NULL)),
	CHECK (risk IS NULL OR (assessment IS NOT NULL AND notify_authority IS NOT NULL
		AND notify_persons IS NOT NULL))
);
CREATE INDEX data_incidents_provider ON data_incidents (tenant_id, provider_id, id);
CREATE INDEX data_incidents_open ON data_incidents (tenant_id, assessed_at, id);

-- Staff changes at a provider (KV-83): reported to the counsellor, the
-- system specialist and the customer coordinator; a new employee applies
-- for system access on the first day of employment.
CREATE TABLE staff_changes (
	tenant_id BIGINT NOT NULL REFERENCES tenants (id),
	id {{id}},
	provider_id BIGINT NOT NULL,
	reported_by BIGINT,
	kind TEXT NOT NULL CHECK (kind IN ('joined', 'left', 'changed')),
	staff_name TEXT NOT NULL,
	staff_role TEXT,
	effective_on DATE NOT NULL,
	user_id BIGINT,
	access_requested_on DATE,
	note TEXT,
	reported_at BIGINT NOT NULL,
	UNIQUE (tenant_id, id),
	FOREIGN KEY (tenant_id, provider_id) REFERENCES providers (tenant_id, id),
	FOREIGN KEY (tenant_id, reported_by) REFERENCES users (tenant_id, id),
	FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
	CHECK (kind = 'joined' OR access_requested_on IS NULL)
);
CREATE INDEX staff_changes_provider ON staff_changes (tenant_id, provider_id, id);

-- One monthly report per month, one plan and one final report per
-- intervention (KV-24, KV-32, KV-60): NULL periods compare equal here.
-- @sqlite
CREATE UNIQUE INDEX documents_one_per_period ON documents (tenant_id, intervention_id, kind,
	COALESCE(period, '0001-01-01'));
-- @pg
CREATE UNIQUE INDEX documents_one_per_period ON documents (tenant_id, intervention_id, kind,
	COALESCE(period, DATE '0001-01-01'));
-- @end
