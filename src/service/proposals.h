/*
 * proposals.h - provider proposals (KV-24, KV-26, KV-33, KV-50, KV-52): the
 * provider cannot change an intervention's dates or end it; it proposes, with
 * a justification, and the counsellor (or, for an extension, a supervisor)
 * approves or rejects with a reason. A newer proposal of the same kind
 * replaces a pending one in the same transaction.
 *
 * The states and who decides are core's (lifecycle.h, lc_proposal_*): a
 * proposal in a state that does not allow the action is SV_ESTATE naming
 * the state and the action (409). Approving applies the intervention action
 * through casework (extend, end, change_start), with every check made there
 * (KV-50's limits, the end date not before the start ...); when that check
 * fails nothing is written and the proposal stays pending. An approved
 * "another_intervention" proposal leads to a new decision by the counsellor
 * (decision.h), not to a transition.
 *
 * Events: "proposal.made", "proposal.replaced", "proposal.approved",
 * "proposal.rejected" on the customer's chain, with intervention_id and
 * proposal_id.
 */
#ifndef SV_SERVICE_PROPOSALS_H
#define SV_SERVICE_PROPOSALS_H

#include "service/svc.h"
#include "stegvis/store_case.h"

struct proposals_new {
	const char *kind;          /* extension, end, start_date, another_intervention */
	const char *justification; /* required */
	const char *end_reason;    /* end: a lifecycle.h end reason (KV-52) */
	sv_date date;              /* end: the proposed end date; start_date: the new start */
	int months;                /* extension: 0 = one step of the pack */
};

/*
 * The provider proposes (ACT_PROPOSAL_MAKE on the intervention). *id gets the
 * new proposal; *replaced (may be NULL) the pending one it replaced, or 0.
 */
enum sv_rc proposals_make(const struct svc *s, int64_t intervention_id,
                          const struct proposals_new *p, int64_t *id, int64_t *replaced,
                          struct sv_error *err) SV_WUR;

/* approve (reason optional) or reject (reason required) by the kind's decider. */
enum sv_rc proposals_decide(const struct svc *s, int64_t proposal_id, bool approve,
                            const char *reason, struct sv_error *err) SV_WUR;

/* One proposal, visible to the caller through its intervention. */
enum sv_rc proposals_get(const struct svc *s, int64_t proposal_id, struct store_proposal *out,
                         struct sv_error *err) SV_WUR;

/*
 * Proposals of one intervention (intervention_id != 0) or, for the decider's
 * list, every proposal in state (NULL = any) visible to the caller: a
 * counsellor's own interventions, a supervisor's unit, a provider's own.
 */
enum sv_rc proposals_list(const struct svc *s, int64_t intervention_id, const char *state,
                          struct store_page page, struct store_proposal_list *out,
                          struct sv_error *err) SV_WUR;

#endif
