/*
 * rules.h - rule packs: the typed, validated form of the JSON files in rules/.
 *
 * Rules are data (architecture.md convention 12): a pack holds the numbers of
 * one source (a set of routines, a project, a strategy) with validity dates,
 * and every value cites a rule ID of shared/spec/domain.md. Code here knows
 * the KINDS of rule (a rate, a deadline, a condition, a slot ...); the format
 * is described in docs/rules.md.
 *
 * Loading: rules_pack_load() parses a JSON text held in memory (core does no
 * file I/O; the caller reads the file) and validates it against declarative
 * field tables. It collects ALL problems into a struct rules_problems, each
 * with the file name, a JSON path such as "$.rates[2].valid.from" (or a
 * line:column for syntax errors), a message and the rule that was broken.
 *
 * Ownership: a loaded pack owns all its strings and arrays; every pointer a
 * lookup returns stays valid until rules_pack_release() (or
 * rules_set_release() for packs in a set). A loaded pack is read-only and
 * may be shared between threads.
 *
 * Validity (CAL-3a): every item carries a validity period [from, to]
 * (inclusive; to == RULES_OPEN_END when open). An item without "valid" in
 * the JSON inherits the pack's period. Lookups take the date the computation
 * concerns and return only the item valid on that date, or NULL.
 */
#ifndef SV_RULES_H
#define SV_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stegvis/date.h"
#include "stegvis/err.h"
#include "stegvis/money.h"

#define RULES_OPEN_END INT32_MAX

/* ---- problems ------------------------------------------------------------ */

struct rules_problem {
	char file[256];
	int line;       /* >0 for syntax errors (jansson's line), else 0 */
	int column;     /* >0 with line */
	char path[192]; /* JSON path, "$" for the whole pack; "" for syntax errors */
	char rule[32];  /* domain.md ID, or "JSON" (syntax), "ISO-8601" (dates) or
	                   "rules-format" (the shape described in docs/rules.md) */
	char msg[320];
};

/* A growing list of problems. Capped at RULES_PROBLEMS_MAX entries; more
 * are counted in dropped. */
struct rules_problems {
	struct rules_problem *v;
	size_t n;
	size_t alloc;
	size_t dropped;
};

#define RULES_PROBLEMS_MAX 1000
#define RULES_PROBLEMS_INIT   \
	{                     \
		NULL, 0, 0, 0 \
	}

void rules_problems_init(struct rules_problems *ps);
void rules_problems_release(struct rules_problems *ps);
/* One line: "FILE:LINE:COL: msg" for syntax errors, "FILE: PATH: msg (rule)"
 * otherwise. Always NUL-terminated. */
void rules_problem_format(const struct rules_problem *p, char *out, size_t outsz);

/* ---- quantities ---------------------------------------------------------- */

enum rules_unit {
	RULES_UNIT_NONE = 0,
	RULES_CALENDAR_DAYS, /* JSON key "calendar_days" (CAL-2) */
	RULES_WORKING_DAYS,  /* "working_days" (CAL-3) */
	RULES_HOURS,         /* "hours" (never moved, CAL-4) */
	RULES_MONTHS,        /* "months" (date_add_months clamping) */
	RULES_YEARS,         /* "years" */
	RULES_COUNT,         /* "count": a number of things or an ordinal day */
	RULES_UNIT_COUNT_
};

/* A quantity such as {"months": 3}. known is false when the pack gives the
 * unit but no number ({"months": null}: the source is silent). */
struct rules_span {
	enum rules_unit unit;
	int32_t n;
	bool known;
};

/* JSON key of a unit ("calendar_days", ...); "" for RULES_UNIT_NONE. */
const char *rules_unit_name(enum rules_unit u);

struct rules_valid {
	sv_date from;
	sv_date to; /* inclusive; RULES_OPEN_END when open */
};

bool rules_valid_on(const struct rules_valid *v, sv_date on);

/* Common tail of every item: the rule it cites, an optional note (why a
 * value is null, which Decision it implements) and its validity. */
struct rules_meta {
	const char *rule; /* never NULL after a successful load */
	const char *note; /* NULL when none */
	struct rules_valid valid;
};

/* ---- closed vocabularies (known to code, referenced by packs) -------------- */

/* Named parameters of the "billing" and "limits" sections. */
enum rules_param_id {
	/* billing */
	RULES_P_ABORT_PAID_DAYS,       /* KV-62: paid days after an abort */
	RULES_P_FINAL_REPORT_GRACE,    /* KV-63: last day to submit a final report after the end */
	RULES_P_PRORATE_DIVISOR,       /* KV-71: monthly voucher / N per day */
	RULES_P_PAYMENT_RUN_AFTER_DAY, /* KV-72: the run for M is made after day N of M+1 */
	/* limits */
	RULES_P_LEAVE_PER_YEAR,             /* KV-3 */
	RULES_P_CUSTOMER_CONTACT_INTERVAL,  /* KV-30 */
	RULES_P_FOLLOW_UP_INTERVAL,         /* KV-35 */
	RULES_P_SICK_CERT_FROM_DAY,         /* KV-41: certificate from sick day N */
	RULES_P_SICK_CERT_DELIVERY,         /* KV-41: certificate with the counsellor within */
	RULES_P_VAB_CERT_FROM_DAY,          /* KV-42 */
	RULES_P_VAB_CERT_DELIVERY,          /* KV-42 */
	RULES_P_UNEXCUSED_CONTACT_ATTEMPTS, /* KV-44 */
	RULES_P_UNEXCUSED_NOTICE,           /* KV-44 */
	RULES_P_EXTENSION_MAX_TOTAL,        /* KV-50 */
	RULES_P_EXTENSION_STEP,             /* KV-50 */
	RULES_P_SICKNESS_ENDS_AFTER,        /* KV-52 */
	RULES_P_PROVIDER_LATE_REPORTING,    /* KV-53 */
	RULES_P_SELF_SUFFICIENCY_WITHIN,    /* JP-3 */
	RULES_P_FOLLOW_UP_AFTER,            /* JP-5 */
	RULES_P_NO_SHOW_LIMIT,              /* IN-5 */
	RULES_P_EXCEPTION_TEMPORARY_NEED,   /* IN-3 (2) */
	RULES_P_EXCEPTION_PARENTAL_LEAVE,   /* IN-3 (3) */
	RULES_P_RETURNING_CASE_LOOKBACK,    /* IN-6 */
	RULES_P_MAX_PROGRESSION_INDICATORS, /* DK-2 */
	RULES_P_PROGRESSION_AFTER_NO_JOB,   /* DK-4 */
	RULES_P_COUNT_
};

/* JSON name of a parameter ("abort_paid_days"), or NULL for a bad id. */
const char *rules_param_name(enum rules_param_id id);
/* Parameter by JSON name; -1 when unknown. */
int rules_param_by_name(const char *name);

/* Boolean facts that conditions may name. The caller (eligibility) fills
 * them in from case data. */
enum rules_fact {
	RULES_F_FINANCIAL_ASSISTANCE,
	RULES_F_LONG_TERM_ASSISTANCE,
	RULES_F_ESTABLISHMENT_PROGRAMME,
	RULES_F_ESTABLISHMENT_BENEFIT,
	RULES_F_PAST_ESTABLISHMENT_PERIOD,
	RULES_F_FAMILY_REUNIFIED_NEWLY_ARRIVED,
	RULES_F_KAA,
	RULES_F_OUTSIDE_WORK_AND_STUDIES,
	RULES_F_OUTSIDE_LABOUR_MARKET,
	RULES_F_NEEDS_SFI,
	RULES_F_INSUFFICIENT_SWEDISH,
	RULES_F_EU_CITIZEN,
	RULES_F_RESIDENT_FIVE_YEARS,
	RULES_F_JOB_DEVELOPMENT_GUARANTEE,
	RULES_F_NEEDS_ENHANCED_WORK_TRAINING,
	RULES_F_ASSESSED_WITH_INSTRUMENT,
	RULES_F_CONTINUOUSLY_REGISTERED,
	RULES_F_QUALIFYING_EDUCATION,
	RULES_F_DK_JOB_READY,
	RULES_F_DK_ACTIVITY_READY,
	RULES_F_DK_EDUCATION_READY,
	RULES_FACT_COUNT_
};

/* Numeric facts for ranges. */
enum rules_num {
	RULES_N_AGE,               /* whole years on the decision date (CAL-6) */
	RULES_N_MONTHS_UNEMPLOYED, /* ES-2 */
	RULES_N_DAYS_IN_JOB,       /* ES-7 */
	RULES_NUM_COUNT_
};

const char *rules_fact_name(enum rules_fact f);
int rules_fact_by_name(const char *name); /* -1 when unknown */
const char *rules_num_name(enum rules_num n);
int rules_num_by_name(const char *name); /* -1 when unknown */

/* Case events a deadline starts from or is met by ("intervention.start",
 * "plan.submitted", ...), and the actors that owe deadlines ("provider",
 * "counsellor", ...). The full lists are in docs/rules.md. */
bool rules_event_known(const char *name);
size_t rules_event_count(void);
const char *rules_event_at(size_t i);
bool rules_actor_known(const char *name);

/* Rule IDs of domain.md ("KV-1" ... "X-6"). */
bool rules_rule_known(const char *id);
size_t rules_rule_count(void);
const char *rules_rule_at(size_t i);

/* ---- conditions (target groups) ------------------------------------------ */

enum rules_cond_kind {
	RULES_COND_ALL,   /* {"all": [c, ...]}: every child holds (true when empty) */
	RULES_COND_ANY,   /* {"any": [c, ...]}: at least one child holds */
	RULES_COND_NOT,   /* {"not": c} */
	RULES_COND_FACT,  /* {"fact": "financial_assistance"} */
	RULES_COND_RANGE, /* {"age": {"min": 18, "max": 66}} or
	                     {"range": {"fact": "months_unemployed", "min": 18}} */
};

struct rules_cond {
	enum rules_cond_kind kind;
	struct rules_cond *sub; /* ALL/ANY: n children; NOT: one */
	size_t n;
	int fact; /* FACT: enum rules_fact; RANGE: enum rules_num */
	bool has_min, has_max;
	int32_t min, max; /* inclusive (CAL-6) */
};

struct rules_facts {
	bool is[RULES_FACT_COUNT_];
	bool has_num[RULES_NUM_COUNT_];
	int32_t num[RULES_NUM_COUNT_];
};

/* All facts false, all numbers unknown. */
void rules_facts_init(struct rules_facts *f);
/* Set a boolean fact by name; SV_EINVAL (err names the fact) when unknown. */
enum sv_rc rules_facts_set(struct rules_facts *f, const char *name, bool value,
                           struct sv_error *err) SV_WUR;
void rules_facts_set_num(struct rules_facts *f, enum rules_num n, int32_t value);

/* Evaluate a condition. A range over an unknown number is false. */
bool rules_cond_eval(const struct rules_cond *c, const struct rules_facts *f);

/* ---- the sections -------------------------------------------------------- */

struct rules_scheme {
	const char *id; /* "AMI" */
	const char *name;
	const char *entry; /* who the scheme is for; may be NULL */
	struct rules_meta m;
};

struct rules_intervention {
	const char *code;   /* "FAI1" */
	const char *scheme; /* id of a scheme of the same pack */
	const char *name;   /* canonical name (KV-1a) */
	const char **aliases;
	size_t n_aliases;
	struct rules_span max_duration; /* months or calendar_days */
	bool extendable;                /* JP-0: planned duration the counsellor may extend */
	const char *aim;                /* may be NULL */
	struct rules_meta m;
};

/* A monthly voucher: for a scheme (scheme != NULL) or one intervention. */
struct rules_rate {
	const char *scheme;
	const char *intervention;
	sv_money monthly;
	bool known; /* false: the source gives no amount (JP-8) */
	struct rules_meta m;
};

/* A supplementary voucher amount (JP-7). */
struct rules_supplement {
	const char *scheme;
	sv_money amount;
	struct rules_meta m;
};

/* A bonus on proven self-sufficiency (JP-8). */
struct rules_bonus {
	const char *scheme;
	sv_money amount;
	bool known;                   /* false: the source gives no amount */
	struct rules_span qualifying; /* e.g. {"months": 6} */
	const char *counted_from;     /* e.g. "the day after the end date" */
	struct rules_meta m;
};

/* A named number of the "billing" or "limits" sections. */
struct rules_param {
	enum rules_param_id id;
	struct rules_span value;
	bool roll_forward; /* CAL-4, for day quantities that are deadlines */
	struct rules_meta m;
};

enum rules_deadline_kind {
	RULES_DL_OFFSET,  /* from an event plus an offset */
	RULES_DL_MONTHLY, /* each month of the intervention, due day N of the next month */
};

struct rules_deadline {
	const char *id;
	const char *what;
	const char *actor; /* a known actor */
	enum rules_deadline_kind kind;
	const char *from;         /* OFFSET: the starting event */
	const char *each;         /* MONTHLY: "intervention_month" */
	const char *only_if;      /* event that must have happened, or NULL */
	struct rules_span offset; /* OFFSET: calendar_days, working_days, hours or months (>= 0) */
	int due_day;              /* MONTHLY: day of the next month, 1..28 */
	bool roll_forward;        /* CAL-4; always false for hours */
	const char *met_by;       /* the event that meets it */
	struct rules_meta m;
};

struct rules_report_section {
	const char *id;
	const char *title;
	const char *rule;
};

/* A monthly report template (KV-32a) per scheme. */
struct rules_report_template {
	const char *scheme;
	struct rules_report_section *sections;
	size_t n_sections;
	const char *not_applicable;  /* "Ej aktuellt" (KV-32) */
	bool reason_required;        /* a short reason must follow it */
	const char *submitted_title; /* "Månadsrapport, [månad], KLAR" */
	struct rules_meta m;
};

struct rules_warning {
	struct rules_cond when;
	const char *message;
	const char *rule;
};

struct rules_target_group {
	const char *id;
	const char *name;
	bool gate; /* false: guidance only (JP-1), never refuses */
	struct rules_cond when;
	struct rules_warning *warnings;
	size_t n_warnings;
	struct rules_meta m;
};

/* The default rotation (KV-12). */
struct rules_rotation {
	struct rules_span period; /* calendar_days, a multiple of 7 */
	sv_date anchor;           /* a Monday */
	const char *order;        /* "authorisation_date" */
	struct rules_meta m;
};

/* A recurring meeting slot (IN-4). Times in minutes after midnight. */
struct rules_slot {
	const char *id;
	const char *audience;
	enum sv_weekday weekday;
	int start, end;
	const char *place;
	int capacity; /* -1 when the source gives none */
	struct rules_meta m;
};

/* A named entry of a list: intake exceptions (IN-3), progression indicators
 * (DK-2), outflow destinations (DK-6), offers (DK-7). */
struct rules_item {
	const char *id;
	const char *name;
	const char *text;    /* may be NULL */
	const char *part_of; /* id of a parent item in the same list, or NULL */
	struct rules_meta m;
};

/* A coming change of the law the pack's values depend on (DK-9). */
struct rules_reform {
	const char *id;
	const char *name;
	sv_date in_force;
	const char *text; /* may be NULL */
	struct rules_meta m;
};

enum rules_conv_kind {
	RULES_CONV_NONE,
	RULES_CONV_PER_YEAR,  /* at least per_year conversations a year */
	RULES_CONV_INTERVAL,  /* at least one every interval */
	RULES_CONV_AS_NEEDED, /* as needed, no fixed minimum */
};

/* A Danish target group (DK-1) and its conversation duty (DK-5). */
struct rules_dk_group {
	const char *id;  /* "lab2_2" */
	const char *lab; /* "LAB §2 nr 2" */
	const char *name;
	const char *aim;
	struct rules_cond when;
	bool has_when;
	enum rules_conv_kind conv;
	int per_year;
	struct rules_span interval;
	const char *conv_rule;
	struct rules_meta m;
};

/* Youth visitation (DK-3a). */
struct rules_visitation {
	const char *group; /* a dk_group id */
	struct rules_span period;
	const char **conversations; /* one text per conversation, in order */
	size_t n_conversations;
	const char **outcomes;
	size_t n_outcomes;
	struct rules_meta m;
};

enum rules_kpi_unit { RULES_KPI_COUNT, RULES_KPI_PERCENT, RULES_KPI_PERSONS };

struct rules_kpi {
	const char *id;
	const char *name;
	enum rules_kpi_unit unit;
	struct rules_meta m;
};

struct rules_dest_count {
	const char *destination; /* an outflow_destinations id */
	int32_t n;
};

/* The seed's KPI table for one group (DK-6a): test fixtures, as given. -1
 * stands for a cell the seed leaves empty. */
struct rules_kpi_fixture {
	const char *group;
	int year;
	int32_t stock, cases, inflow, outflow;
	struct rules_dest_count *by_destination;
	size_t n_by_destination;
	int32_t timeliness_conversations, timeliness_activation, activation_rate;
	int32_t *unplaced; /* numbers whose column the seed's text does not show */
	size_t n_unplaced;
	struct rules_meta m;
};

/* A goal (ES-1, ES-3): share in hundredths of a percent of "of". */
struct rules_goal {
	const char *id;
	const char *text;
	const char *of;               /* "participants" or another goal's id */
	int32_t min_share, max_share; /* 7000 == 70 %; -1 when not a share */
	int32_t min_count;            /* -1 when none */
	struct rules_meta m;
};

/* A place quota (ES-4), shares per channel sum to 100 %. */
struct rules_quota {
	const char *channel; /* "arbetsformedlingen" or "municipality" */
	const char *place;
	int32_t share; /* hundredths of a percent */
	struct rules_meta m;
};

/* Reference figures per office (ES-4b), stored as given, never derived. */
struct rules_reference_figure {
	const char *office;
	int32_t total_share_of_job; /* hundredths of a percent */
	int32_t target_of_total;
	int32_t target_of_office;
	struct rules_meta m;
};

/* Activity support paid per day (ES-6). */
struct rules_activity_support {
	sv_money per_day;
	const char *days;      /* "weekdays" */
	sv_money approx_month; /* as the source states it; -1 when none */
	struct rules_meta m;
};

/* A way to leave a project (ES-7). */
struct rules_exit_rule {
	const char *id;
	const char *text;
	struct rules_span after; /* unit NONE when no time is involved */
	const char *outcome;
	struct rules_meta m;
};

/* The referral list shown to provider staff (KV-7). */
struct rules_referral {
	const char *topic;
	const char *goes_to;
	const char *text; /* may be NULL */
	struct rules_meta m;
};

/* Retention of a kind of record. */
struct rules_retention {
	const char *record;       /* "case", "access_log", ... */
	struct rules_span keep;   /* years/months */
	const char *counted_from; /* "last_entry", "entry" */
	bool at_least;            /* a minimum (access log) rather than an erase rule */
	bool erase_by_year_end;   /* erased by the end of the following year */
	int *keep_birth_days;     /* days of month whose persons are kept (research) */
	size_t n_keep_birth_days;
	struct rules_meta m;
};

/* ---- the pack ------------------------------------------------------------ */

struct rules_pack {
	const char *id; /* lower-case letters, digits and '-' */
	const char *title;
	const char *source;  /* seed file name */
	const char *country; /* "SE" or "DK" */
	const char *note;    /* NULL when none */
	int format;          /* format version, 1 */
	struct rules_valid valid;
	char *file; /* the name given at load time */

	struct rules_scheme *schemes;
	size_t n_schemes;
	struct rules_intervention *interventions;
	size_t n_interventions;
	struct rules_rate *rates;
	size_t n_rates;
	struct rules_supplement *supplements;
	size_t n_supplements;
	struct rules_bonus *bonus;
	size_t n_bonus;
	struct rules_param *billing;
	size_t n_billing;
	struct rules_param *limits;
	size_t n_limits;
	struct rules_deadline *deadlines;
	size_t n_deadlines;
	struct rules_report_template *report_templates;
	size_t n_report_templates;
	struct rules_target_group *target_groups;
	size_t n_target_groups;
	struct rules_rotation *rotation;
	size_t n_rotation;
	struct rules_slot *meeting_slots;
	size_t n_meeting_slots;
	struct rules_item *intake_exceptions;
	size_t n_intake_exceptions;
	struct rules_dk_group *dk_groups;
	size_t n_dk_groups;
	struct rules_visitation *visitation;
	size_t n_visitation;
	struct rules_item *progression_indicators;
	size_t n_progression_indicators;
	struct rules_kpi *kpis;
	size_t n_kpis;
	struct rules_item *outflow_destinations;
	size_t n_outflow_destinations;
	struct rules_kpi_fixture *kpi_fixtures;
	size_t n_kpi_fixtures;
	struct rules_item *offers;
	size_t n_offers;
	struct rules_goal *goals;
	size_t n_goals;
	struct rules_quota *quotas;
	size_t n_quotas;
	struct rules_reference_figure *reference_figures;
	size_t n_reference_figures;
	struct rules_activity_support *activity_support;
	size_t n_activity_support;
	struct rules_exit_rule *exit_rules;
	size_t n_exit_rules;
	struct rules_referral *referrals;
	size_t n_referrals;
	struct rules_retention *retention;
	size_t n_retention;
	struct rules_reform *reforms;
	size_t n_reforms;

	/* private: */
	void *json_; /* the parsed document; the strings above point into it */
	void **allocs_;
	size_t n_allocs_, alloc_allocs_;
};

void rules_pack_init(struct rules_pack *p);
/* Frees everything the pack owns and leaves it initialised (empty). */
void rules_pack_release(struct rules_pack *p);

/*
 * Parse and validate one pack from the JSON text data[0..len) (need not be
 * NUL-terminated). name is the file name used in problems. Every problem
 * found is appended to probs (which may be NULL). Returns SV_OK with p
 * loaded; SV_EINVAL when the text is not a valid pack (p is left empty);
 * SV_ENOMEM. p must be initialised and empty.
 */
enum sv_rc rules_pack_load(struct rules_pack *p, const char *name, const char *data, size_t len,
                           struct rules_problems *probs) SV_WUR;

/* ---- lookups (NULL when nothing is valid on the date) --------------------- */

const struct rules_scheme *rules_scheme_find(const struct rules_pack *p, const char *id,
                                             sv_date on);
/* By code ("FAI1") or alias ("FAI 1"). */
const struct rules_intervention *rules_intervention_find(const struct rules_pack *p,
                                                         const char *code, sv_date on);
/* The voucher for an intervention code (its own rate first, then its
 * scheme's) or for a scheme id. */
const struct rules_rate *rules_rate_find(const struct rules_pack *p, const char *code, sv_date on);
const struct rules_param *rules_param_find(const struct rules_pack *p, enum rules_param_id id,
                                           sv_date on);
const struct rules_deadline *rules_deadline_find(const struct rules_pack *p, const char *id,
                                                 sv_date on);
const struct rules_report_template *rules_report_template_find(const struct rules_pack *p,
                                                               const char *scheme, sv_date on);
const struct rules_target_group *rules_target_group_find(const struct rules_pack *p, const char *id,
                                                         sv_date on);
const struct rules_bonus *rules_bonus_find(const struct rules_pack *p, const char *scheme,
                                           sv_date on);
const struct rules_rotation *rules_rotation_find(const struct rules_pack *p, sv_date on);
const struct rules_dk_group *rules_dk_group_find(const struct rules_pack *p, const char *id,
                                                 sv_date on);
const struct rules_activity_support *rules_activity_support_find(const struct rules_pack *p,
                                                                 sv_date on);
const struct rules_kpi_fixture *rules_kpi_fixture_find(const struct rules_pack *p,
                                                       const char *group);

/* Outcome of a target-group test. */
#define RULES_MAX_WARNINGS 8
struct rules_tg_result {
	bool match;
	const struct rules_warning *warnings[RULES_MAX_WARNINGS];
	size_t n_warnings; /* warnings whose condition holds, only when match */
};

/* Evaluate one target group on facts. */
void rules_target_group_eval(const struct rules_target_group *g, const struct rules_facts *f,
                             struct rules_tg_result *out);

/* ---- a set of packs ------------------------------------------------------ */

struct rules_set {
	struct rules_pack **packs;
	size_t n;
	size_t alloc;
};

void rules_set_init(struct rules_set *s);
void rules_set_release(struct rules_set *s);
/*
 * Load one more pack into the set (see rules_pack_load). A pack whose id is
 * already in the set is refused (SV_ECONFLICT, a problem at "$.pack").
 */
enum sv_rc rules_set_load(struct rules_set *s, const char *name, const char *data, size_t len,
                          struct rules_problems *probs) SV_WUR;
const struct rules_pack *rules_set_find(const struct rules_set *s, const char *id);

#endif
