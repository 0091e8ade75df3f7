/*
 * lifecycle.h - the state machines of an intervention, its documents and the
 * provider's proposals (KV-10 ... KV-64, JP-0 ... JP-8 of
 * shared/spec/domain.md).
 *
 * Three machines, each a declarative transition table (from state, action,
 * to state, the actor kind that normally performs it, the rule ID):
 *
 *   intervention  granted -queue-> queued -staff-> staffed -issue_assignment->
 *                 assigned -start-> running -end-> ended; extend keeps it
 *                 running; cancel ends it before the start; switch_provider
 *                 before the start queues it again at another provider.
 *   document      draft -submit-> submitted -return-> returned -submit->
 *                 submitted -approve-> approved (final); a plan revision
 *                 (KV-31) is a new version that starts as a draft.
 *   proposal      pending -> approved | rejected | replaced.
 *
 * Every refused transition returns SV_ESTATE with an sv_error whose field is
 * "state", whose rule is the rule of the attempted action, and whose message
 * names the action and the current state: "cannot submit a monthly report
 * that is approved". Bad arguments (an unknown reason, a blank comment)
 * return SV_EINVAL naming their field. Nothing is changed on failure.
 *
 * The actor kind in the tables is who normally performs the action; rights
 * (which user may act for which case) are checked in the service layer.
 *
 * Every name (state, action, reason, kind, actor) has a stable lower-case
 * identifier used in the database and the API; the *_name() functions give
 * it and the *_parse() functions read it back, rejecting anything else with
 * SV_EINVAL naming the caller's field.
 *
 * Everything here is a pure computation over constant tables: no allocation,
 * no I/O, no clock ("today" is passed in), no mutable global state; safe to
 * call from any thread. See docs/internals/lifecycle.md.
 */
#ifndef SV_LIFECYCLE_H
#define SV_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "stegvis/date.h"
#include "stegvis/err.h"

/* Who normally performs an action. */
enum lc_actor {
	LC_ACTOR_COUNSELLOR = 0, /* "counsellor": karriärvägledare (KV-10) */
	LC_ACTOR_SUPERVISOR,     /* "supervisor": arbetsledare (KV-50) */
	LC_ACTOR_PROVIDER,       /* "provider": anordnare and its staff */
	LC_ACTOR_SYSTEM,         /* "system": date-driven, no person acts */
	LC_ACTOR_COUNT
};

/* ------------------------------------------------------------------ */
/* Intervention                                                        */
/* ------------------------------------------------------------------ */

enum lc_istate {
	LC_IS_GRANTED = 0, /* "granted": decision made (KV-10) */
	LC_IS_QUEUED,      /* "queued": queued at the chosen provider (KV-20) */
	LC_IS_STAFFED,     /* "staffed": the provider named a case worker (KV-21) */
	LC_IS_ASSIGNED,    /* "assigned": assignment issued with a start date (KV-22, KV-24) */
	LC_IS_RUNNING,     /* "running": from the start date (KV-24) */
	LC_IS_ENDED,       /* "ended": with an end reason (KV-51, KV-52); final */
	LC_IS_CANCELLED,   /* "cancelled": withdrawn before the start; final */
	LC_IS_COUNT
};

enum lc_iaction {
	LC_IA_QUEUE = 0,        /* "queue" (KV-20) */
	LC_IA_STAFF,            /* "staff" (KV-21) */
	LC_IA_ISSUE_ASSIGNMENT, /* "issue_assignment" with a start date (KV-22, KV-24) */
	LC_IA_CHANGE_START,     /* "change_start": another start date (KV-24) */
	LC_IA_START,            /* "start": on or after the start date (KV-24) */
	LC_IA_EXTEND,           /* "extend" by a supervisor (KV-50) */
	LC_IA_END,              /* "end" with a reason (KV-51, KV-52) */
	LC_IA_SWITCH_PROVIDER,  /* "switch_provider" before the start (KV-14) */
	LC_IA_CANCEL,           /* "cancel" before the start (KV-52) */
	LC_IA_COUNT
};

/*
 * Why an intervention ended. LC_END_NONE (0) is "no reason yet" and is never
 * a valid argument of LC_IA_END; it has no name.
 */
enum lc_end_reason {
	LC_END_NONE = 0,
	LC_END_COMPLETED,            /* "completed": ran to its planned end (KV-60) */
	LC_END_SELF_SUFFICIENT,      /* "self_sufficient": work, studies, business (KV-51, JP-8) */
	LC_END_STEP_TRANSITION,      /* "step_transition": goal reached, next step (KV-51) */
	LC_END_ANOTHER_INTERVENTION, /* "another_intervention" granted (KV-52, KV-33) */
	LC_END_PROVIDER_SWITCH,      /* "provider_switch" after the start (KV-14, KV-52) */
	LC_END_AF_PROGRAMME, /* "af_programme": planning moves to Arbetsförmedlingen (KV-52) */
	LC_END_UNFORESEEN_EVENTS, /* "unforeseen_events": protected housing, hospital (KV-52) */
	LC_END_OTHER_COMMITMENTS, /* "other_commitments": other interventions take the time (KV-52)
	                           */
	LC_END_SICKNESS,          /* "sickness" over two weeks, physician advises against (KV-52) */
	LC_END_NO_PROGRESSION,    /* "no_progression" (KV-52, JP-3) */
	LC_END_PROVIDER_DEFICIENCIES, /* "provider_deficiencies" (KV-52, KV-53) */
	LC_END_CUSTOMER_ENDED,  /* "customer_ended": customer without assistance ends it (KV-3) */
	LC_END_PLANNED_ABSENCE, /* "planned_absence" over the leave limit (KV-3) */
	LC_END_COUNT
};

/* What an end reason implies; one constant row per reason. */
struct lc_end_reason_info {
	const char *name;  /* stable identifier, "self_sufficient" */
	const char *rule;  /* rule ID that names the reason, "KV-51" */
	const char *title; /* English description for lists and documents */
	/*
	 * KV-62: an abort for a reason outside the provider's control (the
	 * causes the routines call "avbrott"); payment continues for 14 days
	 * after the end so the provider can report.
	 */
	bool outside_provider_control;
	/* KV-64: the final report must state a suitable next step. */
	bool next_step_required;
	/* JP-8: a jobbpeng bonus may follow after proven self-sufficiency. */
	bool bonus_possible;
};

/* One row of the intervention table. */
struct lc_itransition {
	enum lc_istate from;
	enum lc_iaction action;
	enum lc_istate to;
	enum lc_actor actor;
	const char *rule;
};

/* The whole table (constant, static storage); *n gets its length. */
const struct lc_itransition *lc_intervention_table(size_t *n);
/* The row for (from, action), or NULL when the action is not allowed there. */
const struct lc_itransition *lc_intervention_find(enum lc_istate from, enum lc_iaction action);

/*
 * The state after action in state from. SV_ESTATE (field "state") when the
 * table has no such row; SV_EINVAL (field "state" or "action") for a value
 * outside its enum. *to is written only on success.
 */
enum sv_rc lc_intervention_next(enum lc_istate from, enum lc_iaction action, enum lc_istate *to,
                                struct sv_error *err) SV_WUR;

/* KV-50 limits, taken from the rule pack (KV-50: 1 month a time, 2 in total). */
struct lc_extension_limits {
	int step_months;      /* months per extension decision, > 0 */
	int max_total_months; /* total over the intervention's life, >= 0 */
};

/*
 * The facts of one intervention that its life cycle depends on. Plain
 * values, owns nothing (no release needed). The service layer loads it,
 * calls lc_intervention_apply() and stores the result with its event.
 */
struct lc_intervention {
	enum lc_istate state;
	bool has_start;                /* true from issue_assignment on */
	sv_date start_date;            /* KV-24; valid when has_start */
	int extended_months;           /* KV-50: months of extension granted so far */
	enum lc_end_reason end_reason; /* LC_END_NONE unless ended */
	sv_date end_date;              /* valid when state is LC_IS_ENDED */
};

/* A freshly granted intervention: state granted, no start, no extension. */
void lc_intervention_init(struct lc_intervention *iv);

/* The arguments of an action; each action reads only the fields it names. */
struct lc_iargs {
	sv_date today;                     /* start: must be on or after the start date */
	sv_date start_date;                /* issue_assignment, change_start */
	int months;                        /* extend: must equal limits.step_months */
	struct lc_extension_limits limits; /* extend */
	enum lc_end_reason reason;         /* end */
	sv_date end_date;                  /* end: not before the start date */
};

/*
 * Check and apply action to *iv. On success *iv holds the new state and
 * facts; on failure *iv is unchanged and err says why:
 *   SV_ESTATE  field "state": the table does not allow the action (message
 *              "cannot extend an intervention that is queued");
 *              field "start_date" (KV-24): start before the start date;
 *              field "months" (KV-50): the extension would pass the total.
 *   SV_EINVAL  field "start_date" (KV-24): not a supported date;
 *              field "months", "limits.step_months", "limits.max_total_months"
 *              (KV-50): not one step, or limits that make no sense;
 *              field "reason" (KV-52): no or an unknown end reason;
 *              field "end_date" (KV-52): before the start or unsupported;
 *              field "intervention" (KV-10): iv or args is NULL.
 * Effects: issue_assignment and change_start set the start date;
 * switch_provider clears it (the new provider gets a new assignment);
 * extend adds months; end records reason and end date.
 */
enum sv_rc lc_intervention_apply(struct lc_intervention *iv, enum lc_iaction action,
                                 const struct lc_iargs *args, struct sv_error *err) SV_WUR;

/* The row for reason, or NULL for LC_END_NONE or a value outside the enum. */
const struct lc_end_reason_info *lc_end_reason_info(enum lc_end_reason reason);

/* ------------------------------------------------------------------ */
/* Documents: plan, monthly report, final report                       */
/* ------------------------------------------------------------------ */

enum lc_doc_kind {
	LC_DOC_PLAN = 0,       /* "plan": genomförandeplan (KV-24, KV-25, KV-31) */
	LC_DOC_MONTHLY_REPORT, /* "monthly_report" (KV-32) */
	LC_DOC_FINAL_REPORT,   /* "final_report" (KV-60 ... KV-64) */
	LC_DOC_COUNT
};

enum lc_doc_state {
	LC_DS_DRAFT = 0, /* "draft": the provider is writing it */
	LC_DS_SUBMITTED, /* "submitted": klarmarkerad, waiting for review */
	LC_DS_RETURNED,  /* "returned": återremitterad with a comment */
	LC_DS_APPROVED,  /* "approved": final */
	LC_DS_COUNT
};

enum lc_doc_action {
	LC_DA_SAVE_DRAFT = 0, /* "save_draft" (provider) */
	LC_DA_SUBMIT,         /* "submit" (provider) */
	LC_DA_RETURN,         /* "return" with a comment (counsellor) */
	LC_DA_APPROVE,        /* "approve" (counsellor) */
	LC_DA_REVISE,         /* "revise": a new version of an approved plan (KV-31) */
	LC_DA_COUNT
};

/* One row of the document table. */
struct lc_dtransition {
	enum lc_doc_state from;
	enum lc_doc_action action;
	enum lc_doc_state to;
	enum lc_actor actor;
	unsigned kinds;   /* bit (1u << kind) set for each kind the row applies to */
	bool new_version; /* the result is a new version; the old one keeps its state */
};

const struct lc_dtransition *lc_doc_table(size_t *n);
/* The row for (kind, from, action), or NULL. */
const struct lc_dtransition *lc_doc_find(enum lc_doc_kind kind, enum lc_doc_state from,
                                         enum lc_doc_action action);
/*
 * The rule an action on a document of kind answers to: submitting and saving
 * a plan KV-24, reviewing it KV-25, revising it KV-31; everything on a
 * monthly report KV-32; on a final report KV-60. "" for bad values.
 */
const char *lc_doc_rule(enum lc_doc_kind kind, enum lc_doc_action action);

/*
 * The state after action on a document of kind in state from. comment is
 * read only by LC_DA_RETURN and must hold a non-blank text (SV_EINVAL, field
 * "comment"). LC_DA_REVISE is allowed only for a plan (otherwise SV_EINVAL,
 * field "action", rule KV-31) in state approved; *to is then the state of
 * the new version (draft) and the approved version stays approved.
 * Refused: SV_ESTATE, field "state", "cannot submit a monthly report that
 * is approved". *to is written only on success.
 *
 * Submitting a report also needs its sections checked with
 * lc_report_check_sections() (KV-32); this function knows only states.
 */
enum sv_rc lc_doc_next(enum lc_doc_kind kind, enum lc_doc_state from, enum lc_doc_action action,
                       const char *comment, enum lc_doc_state *to, struct sv_error *err) SV_WUR;

/* One section of a report: name (as the template names it) and its text. */
struct lc_section {
	const char *name;
	const char *text; /* UTF-8; NULL counts as empty */
};

/*
 * KV-32: a report with an empty section cannot be submitted; a section that
 * does not apply says "Ej aktuellt" with a short reason.
 *
 * Checks every name in required[0..nrequired) against sections[0..n): the
 * section is a problem when it is missing, blank (only white space), or says
 * "Ej aktuellt" (any letter case) with nothing after it but white space and
 * punctuation. When a name occurs more than once the first occurrence
 * counts. Every problem is counted in *nproblems (may be NULL) and the first
 * max_problems are written to problems[] (may be NULL when max_problems is
 * 0), each with field "sections.<name>", rule "KV-32", and a message.
 *
 * Returns SV_OK when no section is a problem; SV_EINVAL when at least one
 * is, with err holding the first problem and the total count in its
 * message; SV_EINVAL field "required" for a NULL or empty required name.
 */
enum sv_rc lc_report_check_sections(const struct lc_section *sections, size_t n,
                                    const char *const *required, size_t nrequired,
                                    struct sv_error *problems, size_t max_problems,
                                    size_t *nproblems, struct sv_error *err) SV_WUR;

/* ------------------------------------------------------------------ */
/* Provider proposals                                                  */
/* ------------------------------------------------------------------ */

/*
 * The provider cannot change an intervention's dates or end it; it proposes,
 * with a justification, and the decider approves or rejects with a reason.
 */
enum lc_prop_kind {
	LC_PROP_EXTENSION = 0,        /* "extension" (KV-50), decided by a supervisor */
	LC_PROP_END,                  /* "end" with a reason (KV-52) */
	LC_PROP_START_DATE,           /* "start_date": another start date (KV-24) */
	LC_PROP_ANOTHER_INTERVENTION, /* "another_intervention" needed (KV-33) */
	LC_PROP_COUNT
};

enum lc_prop_state {
	LC_PS_PENDING = 0, /* "pending" */
	LC_PS_APPROVED,    /* "approved" */
	LC_PS_REJECTED,    /* "rejected", with a reason */
	LC_PS_REPLACED,    /* "replaced" by a newer proposal of the same kind */
	LC_PS_COUNT
};

enum lc_prop_action {
	LC_PA_APPROVE = 0, /* "approve" (the kind's decider) */
	LC_PA_REJECT,      /* "reject" with a reason (the kind's decider) */
	LC_PA_REPLACE,     /* "replace": a newer proposal of the same kind arrived */
	LC_PA_COUNT
};

/* What a proposal kind means. */
struct lc_prop_kind_info {
	const char *name;
	const char *rule;
	enum lc_actor decider; /* who approves or rejects it */
	/* The intervention action an approval leads to; LC_IA_COUNT for none
	 * (another_intervention leads to a new decision, not a transition). */
	enum lc_iaction applies;
	unsigned istates; /* bit (1u << state) for each intervention state it may be made in */
};

struct lc_ptransition {
	enum lc_prop_state from;
	enum lc_prop_action action;
	enum lc_prop_state to;
	/* approve and reject: LC_ACTOR_COUNSELLOR here; the real actor is the
	 * kind's decider, see lc_proposal_actor(). replace: the provider. */
	enum lc_actor actor;
};

const struct lc_ptransition *lc_proposal_table(size_t *n);
/* The row for kind, or NULL for a value outside the enum. */
const struct lc_prop_kind_info *lc_prop_kind_info(enum lc_prop_kind kind);
/* Who performs action on a proposal of kind (the decider, or the provider for replace). */
enum lc_actor lc_proposal_actor(enum lc_prop_kind kind, enum lc_prop_action action);

/*
 * May the provider make a proposal of kind now? justification must be
 * non-blank (SV_EINVAL, field "justification"); an end proposal needs a
 * valid end reason (SV_EINVAL, field "reason", KV-52; ignored for other
 * kinds); the intervention must be in a state the kind allows (SV_ESTATE,
 * field "state": "cannot propose an extension of an intervention that is
 * assigned"). Any pending proposal of the same kind is then to be replaced
 * (LC_PA_REPLACE) in the same transaction.
 */
enum sv_rc lc_proposal_check_new(enum lc_prop_kind kind, enum lc_istate istate,
                                 const char *justification, enum lc_end_reason reason,
                                 struct sv_error *err) SV_WUR;

/*
 * The state after action on a proposal of kind in state from. reason is read
 * only by LC_PA_REJECT and must be non-blank (SV_EINVAL, field "reason").
 * Refused: SV_ESTATE, field "state", "cannot approve an extension proposal
 * that is rejected". *to is written only on success.
 */
enum sv_rc lc_proposal_next(enum lc_prop_kind kind, enum lc_prop_state from,
                            enum lc_prop_action action, const char *reason, enum lc_prop_state *to,
                            struct sv_error *err) SV_WUR;

/* ------------------------------------------------------------------ */
/* Stable names                                                        */
/* ------------------------------------------------------------------ */

/*
 * The identifier of a value ("queued"); "unknown" for a value outside its
 * enum (and for LC_END_NONE). Never NULL; static storage.
 */
const char *lc_actor_name(enum lc_actor v);
const char *lc_istate_name(enum lc_istate v);
const char *lc_iaction_name(enum lc_iaction v);
const char *lc_end_reason_name(enum lc_end_reason v);
const char *lc_doc_kind_name(enum lc_doc_kind v);
const char *lc_doc_state_name(enum lc_doc_state v);
const char *lc_doc_action_name(enum lc_doc_action v);
const char *lc_prop_kind_name(enum lc_prop_kind v);
const char *lc_prop_state_name(enum lc_prop_state v);
const char *lc_prop_action_name(enum lc_prop_action v);

/*
 * Parse an identifier: s (len bytes, need not be NUL-terminated) must equal
 * one name exactly (case-sensitive, no white space). Otherwise SV_EINVAL with
 * err naming field, the rule of the vocabulary (KV-10 for actors and
 * intervention states and actions, KV-52 for end reasons, KV-32 for
 * documents, KV-26 for proposals: the provider contacts the counsellor to
 * adjust or end) and the accepted names. *out is written only on success.
 */
enum sv_rc lc_actor_parse(const char *s, size_t len, enum lc_actor *out, const char *field,
                          struct sv_error *err) SV_WUR;
enum sv_rc lc_istate_parse(const char *s, size_t len, enum lc_istate *out, const char *field,
                           struct sv_error *err) SV_WUR;
enum sv_rc lc_iaction_parse(const char *s, size_t len, enum lc_iaction *out, const char *field,
                            struct sv_error *err) SV_WUR;
enum sv_rc lc_end_reason_parse(const char *s, size_t len, enum lc_end_reason *out,
                               const char *field, struct sv_error *err) SV_WUR;
/*
 * End reasons have ONE vocabulary that users see (API, import, export, web):
 * the names of lc_end_reason_name(). The schema's coarse column
 * interventions.end_reason (sql/0001 CHECK) keeps an older, coarser list;
 * intervention_details.end_cause keeps the life-cycle name. The mapping:
 *
 *   completed -> other              self_sufficient -> self_sufficient
 *   step_transition -> goal_reached another_intervention -> other_intervention
 *   unforeseen_events -> unforeseen provider_deficiencies -> provider_deficiency
 *   planned_absence -> other        every other name -> the same name
 *
 * lc_end_reason_stored: the coarse column's value for r; NULL for
 * LC_END_NONE or a value outside the enum. Static storage.
 *
 * lc_end_reason_parse_alias: like lc_end_reason_parse, and also accepts the
 * old coarse names as aliases (goal_reached, other_intervention, unforeseen,
 * provider_deficiency; "other", which stood for completed and planned
 * absence alike, reads as completed), so that files in the old vocabulary
 * still load. The error names field, KV-52 and the life-cycle names.
 *
 * lc_end_reason_display: the life-cycle name of a stored ending: end_cause
 * when it is a life-cycle name, else the mapping of the coarse value
 * stored; NULL when neither is set or known. Static storage.
 */
const char *lc_end_reason_stored(enum lc_end_reason r);
enum sv_rc lc_end_reason_parse_alias(const char *s, size_t len, enum lc_end_reason *out,
                                     const char *field, struct sv_error *err) SV_WUR;
const char *lc_end_reason_display(const char *end_cause, const char *stored);

enum sv_rc lc_doc_kind_parse(const char *s, size_t len, enum lc_doc_kind *out, const char *field,
                             struct sv_error *err) SV_WUR;
enum sv_rc lc_doc_state_parse(const char *s, size_t len, enum lc_doc_state *out, const char *field,
                              struct sv_error *err) SV_WUR;
enum sv_rc lc_doc_action_parse(const char *s, size_t len, enum lc_doc_action *out,
                               const char *field, struct sv_error *err) SV_WUR;
enum sv_rc lc_prop_kind_parse(const char *s, size_t len, enum lc_prop_kind *out, const char *field,
                              struct sv_error *err) SV_WUR;
enum sv_rc lc_prop_state_parse(const char *s, size_t len, enum lc_prop_state *out,
                               const char *field, struct sv_error *err) SV_WUR;
enum sv_rc lc_prop_action_parse(const char *s, size_t len, enum lc_prop_action *out,
                                const char *field, struct sv_error *err) SV_WUR;

#endif
