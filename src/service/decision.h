/*
 * decision.h - the counsellor's decision (KV-10, KV-2, JP-1, KV-1, KV-4):
 * assessment and future plan, eligibility against the target groups of the
 * rule packs, and granting an intervention.
 *
 * Eligibility. The target groups are those of the packs that define the
 * intervention's code (decision.h uses obligations_packs()), valid on the
 * decision date; the facts are the customer's target-group facts valid on
 * that date (customer_facts) and the age on it (CAL-6, from the birth date
 * or the identity number). A group whose pack marks it a gate (KV-2: any one
 * qualifies) refuses a decision when none matches; guidance groups (JP-1,
 * "gate": false) never refuse, but a decision outside them records its
 * reason. Every group is reported with the reason it does or does not match.
 */
#ifndef SV_SERVICE_DECISION_H
#define SV_SERVICE_DECISION_H

#include "service/svc.h"
#include "stegvis/rules.h"

#define DECISION_MAX_GROUPS 16

struct decision_group {
	const char *id;   /* the pack's group id (pack storage) */
	const char *name; /* its name as the pack words it */
	const char *rule; /* "KV-2", "JP-1" */
	bool gate;
	bool match;
	char reason[320]; /* why it matches or not: "age 30 is outside 18-24" */
	const char *warnings[RULES_MAX_WARNINGS];
	size_t n_warnings;
};

struct decision_eligibility {
	char code[8];
	const char *scheme;
	sv_date on;
	int age;       /* -1 when unknown */
	bool gated;    /* at least one group is a gate (KV-2) */
	bool eligible; /* a gate group matches, or no group is a gate */
	bool primary;  /* some group matches */
	struct decision_group groups[DECISION_MAX_GROUPS];
	size_t n_groups;
	/* "primary target group: yes, because ..." / "not in a target group: ..." */
	char summary[512];
};

/*
 * Eligibility of a customer for an intervention code on a date (SV_NO_DATE:
 * today). SV_EINVAL (field "code", KV-1) for a code no pack defines on the
 * date. Needs ACT_CASE_READ; the read is logged.
 */
enum sv_rc decision_eligibility(const struct svc *s, int64_t customer_id, const char *code,
                                sv_date on, struct decision_eligibility *out,
                                struct sv_error *err) SV_WUR;

/* KV-10: record an assessment and future plan for the customer (the
 * responsible counsellor, ACT_CASE_DECIDE on the customer). */
enum sv_rc decision_assess(const struct svc *s, int64_t customer_id, const char *assessment,
                           const char *future_plan, int64_t *assessment_id,
                           struct sv_error *err) SV_WUR;

struct decision_grant {
	const char *code;                  /* FAI1 ... JP */
	int64_t assessment_id;             /* 0: none, or the one recorded with it */
	const char *assessment;            /* optional: recorded with the decision (KV-10) */
	const char *future_plan;           /* with assessment */
	const char *target_group;          /* optional: the group relied on (must match) */
	const char *outside_target_reason; /* JP-1: required outside the primary groups */
	sv_date start_on; /* optional planned start (set at the assignment, KV-24) */
};

/*
 * Grant an intervention (KV-10): eligibility first (KV-2 refuses with the
 * reasons, SV_EINVAL field "code"; JP-1 needs outside_target_reason, field
 * "outside_target_reason"), then a new intervention in state granted,
 * decided today, of the customer's unit and responsible counsellor, with
 * its details; event "decision.made". With start_on the planned end is
 * computed from the pack's maximum duration (KV-1). *id receives the new
 * intervention; elig (may be NULL) the eligibility it was decided on.
 */
enum sv_rc decision_grant(const struct svc *s, int64_t customer_id, const struct decision_grant *g,
                          int64_t *id, struct decision_eligibility *elig,
                          struct sv_error *err) SV_WUR;

#endif
