/*
 * rules_ids.c - the closed vocabularies that rule packs refer to: the rule
 * IDs of shared/spec/domain.md, the named parameters, the case events that
 * deadlines start from and are met by, the actors, and the facts that
 * target-group conditions may name. Code knows these; packs give values.
 */
#include "core/rules_internal.h"

#include <string.h>

#define N_(a) (sizeof(a) / sizeof((a)[0]))

/* Every rule ID of domain.md, in the order it defines them. */
static const char *const rule_ids[] = {
        "CAL-1", "CAL-2", "CAL-3", "CAL-3a", "CAL-4", "CAL-5",  "CAL-6", "ID-1",  "ID-2",  "ID-3",
        "ID-4",  "KV-1",  "KV-1a", "KV-2",   "KV-3",  "KV-4",   "KV-5",  "KV-6",  "KV-7",  "KV-10",
        "KV-11", "KV-12", "KV-13", "KV-14",  "KV-19", "KV-20",  "KV-21", "KV-22", "KV-23", "KV-24",
        "KV-25", "KV-26", "KV-30", "KV-31",  "KV-32", "KV-32a", "KV-33", "KV-34", "KV-35", "KV-40",
        "KV-41", "KV-42", "KV-43", "KV-44",  "KV-50", "KV-51",  "KV-52", "KV-53", "KV-60", "KV-61",
        "KV-62", "KV-63", "KV-64", "KV-70",  "KV-71", "KV-72",  "KV-73", "KV-74", "KV-80", "KV-81",
        "KV-82", "KV-83", "KV-84", "JP-0",   "JP-1",  "JP-2",   "JP-3",  "JP-4",  "JP-5",  "JP-6",
        "JP-7",  "JP-8",  "IN-0",  "IN-1",   "IN-2",  "IN-3",   "IN-4",  "IN-5",  "IN-6",  "IN-7",
        "IN-8",  "ES-0",  "ES-1",  "ES-2",   "ES-3",  "ES-4",   "ES-4b", "ES-5",  "ES-6",  "ES-7",
        "ES-9",  "DK-0",  "DK-1",  "DK-2",   "DK-3",  "DK-3a",  "DK-4",  "DK-5",  "DK-6",  "DK-6a",
        "DK-7",  "DK-8",  "DK-9",  "X-1",    "X-2",   "X-3",    "X-4",   "X-5",   "X-6",
};

bool rules_rule_known(const char *id)
{
	if (!id)
		return false;
	for (size_t i = 0; i < N_(rule_ids); i++)
		if (!strcmp(rule_ids[i], id))
			return true;
	return false;
}

size_t rules_rule_count(void)
{
	return N_(rule_ids);
}

const char *rules_rule_at(size_t i)
{
	return i < N_(rule_ids) ? rule_ids[i] : NULL;
}

#define U_(u)  (1u << (u))
#define DAYS   U_(RULES_CALENDAR_DAYS)
#define WDAYS  U_(RULES_WORKING_DAYS)
#define MONTHS U_(RULES_MONTHS)
#define YEARS  U_(RULES_YEARS)
#define COUNT  U_(RULES_COUNT)

static const struct {
	const char *name;
	const char *section;
	unsigned units;
	const char *rule;
} params[RULES_P_COUNT_] = {
        [RULES_P_ABORT_PAID_DAYS] = {"abort_paid_days", "billing", DAYS, "KV-62"},
        [RULES_P_FINAL_REPORT_GRACE] = {"final_report_grace", "billing", DAYS | WDAYS, "KV-63"},
        [RULES_P_PRORATE_DIVISOR] = {"prorate_divisor", "billing", COUNT, "KV-71"},
        [RULES_P_PAYMENT_RUN_AFTER_DAY] = {"payment_run_after_day", "billing", COUNT, "KV-72"},
        [RULES_P_LEAVE_PER_YEAR] = {"leave_per_year", "limits", DAYS, "KV-3"},
        [RULES_P_CUSTOMER_CONTACT_INTERVAL] = {"customer_contact_interval", "limits", DAYS,
                                               "KV-30"},
        [RULES_P_FOLLOW_UP_INTERVAL] = {"follow_up_interval", "limits", DAYS | MONTHS, "KV-35"},
        [RULES_P_SICK_CERT_FROM_DAY] = {"sick_certificate_from_day", "limits", COUNT, "KV-41"},
        [RULES_P_SICK_CERT_DELIVERY] = {"sick_certificate_delivery", "limits", DAYS | WDAYS,
                                        "KV-41"},
        [RULES_P_VAB_CERT_FROM_DAY] = {"vab_certificate_from_day", "limits", COUNT, "KV-42"},
        [RULES_P_VAB_CERT_DELIVERY] = {"vab_certificate_delivery", "limits", DAYS | WDAYS, "KV-42"},
        [RULES_P_UNEXCUSED_CONTACT_ATTEMPTS] = {"unexcused_contact_attempts", "limits", COUNT,
                                                "KV-44"},
        [RULES_P_UNEXCUSED_NOTICE] = {"unexcused_notice", "limits", DAYS | WDAYS, "KV-44"},
        [RULES_P_EXTENSION_MAX_TOTAL] = {"extension_max_total", "limits", MONTHS, "KV-50"},
        [RULES_P_EXTENSION_STEP] = {"extension_step", "limits", MONTHS, "KV-50"},
        [RULES_P_SICKNESS_ENDS_AFTER] = {"sickness_ends_after", "limits", DAYS, "KV-52"},
        [RULES_P_PROVIDER_LATE_REPORTING] = {"provider_late_reporting", "limits", DAYS | MONTHS,
                                             "KV-53"},
        [RULES_P_SELF_SUFFICIENCY_WITHIN] = {"self_sufficiency_within", "limits", DAYS | MONTHS,
                                             "JP-3"},
        [RULES_P_FOLLOW_UP_AFTER] = {"follow_up_after", "limits", DAYS | MONTHS, "JP-5"},
        [RULES_P_NO_SHOW_LIMIT] = {"no_show_limit", "limits", COUNT, "IN-5"},
        [RULES_P_EXCEPTION_TEMPORARY_NEED] = {"exception_temporary_need", "limits", MONTHS, "IN-3"},
        [RULES_P_EXCEPTION_PARENTAL_LEAVE] = {"exception_parental_leave", "limits", MONTHS, "IN-3"},
        [RULES_P_RETURNING_CASE_LOOKBACK] = {"returning_case_lookback", "limits", MONTHS, "IN-6"},
        [RULES_P_MAX_PROGRESSION_INDICATORS] = {"max_progression_indicators", "limits", COUNT,
                                                "DK-2"},
        [RULES_P_PROGRESSION_AFTER_NO_JOB] = {"progression_after_no_job", "limits", MONTHS | YEARS,
                                              "DK-4"},
};

const char *rules_param_name(enum rules_param_id id)
{
	return (unsigned)id < RULES_P_COUNT_ ? params[id].name : NULL;
}

int rules_param_by_name(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < RULES_P_COUNT_; i++)
		if (!strcmp(params[i].name, name))
			return i;
	return -1;
}

unsigned rules_param_units(enum rules_param_id id)
{
	return (unsigned)id < RULES_P_COUNT_ ? params[id].units : 0;
}

const char *rules_param_section(enum rules_param_id id)
{
	return (unsigned)id < RULES_P_COUNT_ ? params[id].section : "";
}

const char *rules_param_rule(enum rules_param_id id)
{
	return (unsigned)id < RULES_P_COUNT_ ? params[id].rule : "";
}

/* Case events (docs/rules.md lists what each one means). */
static const char *const events[] = {
        "queued",
        "staffed",
        "assignment.issued",
        "intervention.start",
        "intervention.planned_end",
        "intervention.end",
        "intervention.end_decided",
        "intervention.aborted",
        "startup_meeting.held",
        "plan.submitted",
        "plan.approved",
        "plan_revision.requested",
        "plan_revision.submitted",
        "monthly_report.submitted",
        "monthly_report.returned",
        "monthly_report.resubmitted",
        "monthly_report.approved",
        "final_report.submitted",
        "sickness.certificate_required",
        "sick_certificate.delivered",
        "vab.certificate_required",
        "vab_certificate.delivered",
        "absence.unexcused",
        "absence.reported",
        "incident.discovered",
        "incident.reported",
        "follow_up_meeting.held",
        "self_sufficiency.reached",
        "reception.contacted",
        "new_visit.held",
        "assistance.decided",
        "enrolment.done",
        "visitation.start",
        "visitation.completed",
        "register_extract.requested",
        "register_extract.delivered",
};

bool rules_event_known(const char *name)
{
	if (!name)
		return false;
	for (size_t i = 0; i < N_(events); i++)
		if (!strcmp(events[i], name))
			return true;
	return false;
}

size_t rules_event_count(void)
{
	return N_(events);
}

const char *rules_event_at(size_t i)
{
	return i < N_(events) ? events[i] : NULL;
}

static const char *const actors[] = {
        "customer",       "counsellor",        "social_worker", "supervisor", "provider",
        "provider_staff", "system_specialist", "coordinator",   "dpo",        "labour_officer",
        "caseworker",     "project_staff",     "municipality",
};

bool rules_actor_known(const char *name)
{
	if (!name)
		return false;
	for (size_t i = 0; i < N_(actors); i++)
		if (!strcmp(actors[i], name))
			return true;
	return false;
}

static const char *const facts[RULES_FACT_COUNT_] = {
        [RULES_F_FINANCIAL_ASSISTANCE] = "financial_assistance",
        [RULES_F_LONG_TERM_ASSISTANCE] = "long_term_assistance",
        [RULES_F_ESTABLISHMENT_PROGRAMME] = "establishment_programme",
        [RULES_F_ESTABLISHMENT_BENEFIT] = "establishment_benefit",
        [RULES_F_PAST_ESTABLISHMENT_PERIOD] = "past_establishment_period",
        [RULES_F_FAMILY_REUNIFIED_NEWLY_ARRIVED] = "family_reunified_newly_arrived",
        [RULES_F_KAA] = "kaa",
        [RULES_F_OUTSIDE_WORK_AND_STUDIES] = "outside_work_and_studies",
        [RULES_F_OUTSIDE_LABOUR_MARKET] = "outside_labour_market",
        [RULES_F_NEEDS_SFI] = "needs_sfi",
        [RULES_F_INSUFFICIENT_SWEDISH] = "insufficient_swedish",
        [RULES_F_EU_CITIZEN] = "eu_citizen",
        [RULES_F_RESIDENT_FIVE_YEARS] = "resident_five_years",
        [RULES_F_JOB_DEVELOPMENT_GUARANTEE] = "job_development_guarantee",
        [RULES_F_NEEDS_ENHANCED_WORK_TRAINING] = "needs_enhanced_work_training",
        [RULES_F_ASSESSED_WITH_INSTRUMENT] = "assessed_with_instrument",
        [RULES_F_CONTINUOUSLY_REGISTERED] = "continuously_registered",
        [RULES_F_QUALIFYING_EDUCATION] = "qualifying_education",
        [RULES_F_DK_JOB_READY] = "dk_job_ready",
        [RULES_F_DK_ACTIVITY_READY] = "dk_activity_ready",
        [RULES_F_DK_EDUCATION_READY] = "dk_education_ready",
};

static const char *const nums[RULES_NUM_COUNT_] = {
        [RULES_N_AGE] = "age",
        [RULES_N_MONTHS_UNEMPLOYED] = "months_unemployed",
        [RULES_N_DAYS_IN_JOB] = "days_in_job",
};

const char *rules_fact_name(enum rules_fact f)
{
	return (unsigned)f < RULES_FACT_COUNT_ ? facts[f] : NULL;
}

int rules_fact_by_name(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < RULES_FACT_COUNT_; i++)
		if (!strcmp(facts[i], name))
			return i;
	return -1;
}

const char *rules_num_name(enum rules_num n)
{
	return (unsigned)n < RULES_NUM_COUNT_ ? nums[n] : NULL;
}

int rules_num_by_name(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < RULES_NUM_COUNT_; i++)
		if (!strcmp(nums[i], name))
			return i;
	return -1;
}

static const char *const unit_names[RULES_UNIT_COUNT_] = {
        [RULES_UNIT_NONE] = "",
        [RULES_CALENDAR_DAYS] = "calendar_days",
        [RULES_WORKING_DAYS] = "working_days",
        [RULES_HOURS] = "hours",
        [RULES_MONTHS] = "months",
        [RULES_YEARS] = "years",
        [RULES_COUNT] = "count",
};

const char *rules_unit_name(enum rules_unit u)
{
	return (unsigned)u < RULES_UNIT_COUNT_ ? unit_names[u] : "";
}
