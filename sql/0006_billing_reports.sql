-- The monthly reports a billing run reads (docs/internals/billing-runs.md,
-- "Performance"): an ordinary run reads, per batch of interventions, the
-- reports of the few months still open, one month at a time. Ordered by the
-- month and then the intervention, the reports of one month of a batch are
-- one stretch of this index, and it carries every column the run reads of
-- them, so neither a report that is not wanted nor the document's row is
-- visited. Only monthly reports are in it.
CREATE INDEX documents_monthly ON documents (tenant_id, period, intervention_id,
	first_submitted_at, state, current_version) WHERE kind = 'monthly_report';
