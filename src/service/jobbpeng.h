/*
 * jobbpeng.h - Jobbpeng grund (JP-3 ... JP-8) on top of the kundval
 * workflow (JP-0: the rules of §2.2 ... §2.7 apply unless the pack says
 * otherwise): the 100-day target, the follow-up meeting after three months,
 * supplementary vouchers and the bonus after six months of
 * self-sufficiency.
 *
 *   JP-3  target: self-sufficiency within the pack's self_sufficiency_within
 *         of the start (CAL-2: "within N days" is the start + N days).
 *   JP-5  the follow-up meeting, booked by the provider with the counsellor
 *         after follow_up_after (an obligation of the jobbpeng pack);
 *         recording it held gives the event "follow_up_meeting.held".
 *   JP-7  the provider applies for a supplementary voucher of one of the
 *         pack's amounts (5 000, 10 000 or 15 000 kr) with a purpose and a
 *         justification; the counsellor grants or refuses (with a reason).
 *   JP-8  after an ending for self-sufficiency, a bonus may be claimed once
 *         six months (the pack's qualifying period) have passed from the day
 *         after the end date, with the proof recorded with the claim (at
 *         least one item: employment contract, payslips, income data ...);
 *         the counsellor approves or rejects it.
 *
 * Every function refuses interventions of other schemes (SV_EINVAL field
 * "intervention_id", rule JP-0).
 */
#ifndef SV_SERVICE_JOBBPENG_H
#define SV_SERVICE_JOBBPENG_H

#include "service/svc.h"
#include "stegvis/money.h"
#include "stegvis/store_case.h"

struct jobbpeng_status {
	int64_t intervention_id;
	char state[16];
	sv_date start_on;
	sv_date planned_end_on;
	sv_date target_on;     /* JP-3 */
	int days_since_start;  /* day 1 is the start; 0 before it */
	int target_days;       /* the pack's self_sufficiency_within in days */
	sv_date follow_up_due; /* JP-5, from the obligation (SV_NO_DATE before the start) */
	char follow_up_status[16];
	struct store_supplement_list supplements;
	int64_t supplements_granted_ore;
	/* JP-8 */
	bool bonus_possible;     /* ended for self-sufficiency */
	sv_date qualifying_from; /* the day after the end */
	sv_date bonus_eligible_on;
	struct store_bonus_claim_list claims;
};
void jobbpeng_status_release(struct jobbpeng_status *st);
enum sv_rc jobbpeng_status(const struct svc *s, int64_t intervention_id,
                           struct jobbpeng_status *out, struct sv_error *err) SV_WUR;

/* JP-5: the follow-up meeting was held on held_on (the provider or the counsellor records it). */
enum sv_rc jobbpeng_follow_up(const struct svc *s, int64_t intervention_id, sv_date held_on,
                              const char *note, struct sv_error *err) SV_WUR;

/* JP-7: the provider applies; amount must be one of the pack's amounts valid today. */
enum sv_rc jobbpeng_supplement_apply(const struct svc *s, int64_t intervention_id, sv_money amount,
                                     const char *purpose, const char *justification, int64_t *id,
                                     struct sv_error *err) SV_WUR;
/* JP-7: the counsellor grants or refuses (reason required when refused). */
enum sv_rc jobbpeng_supplement_decide(const struct svc *s, int64_t supplement_id, bool grant,
                                      const char *reason, struct sv_error *err) SV_WUR;

/* JP-8: claim the bonus with the proof (a JSON array text of at least one item). */
enum sv_rc jobbpeng_bonus_claim(const struct svc *s, int64_t intervention_id, const char *proof,
                                int64_t *id, struct sv_error *err) SV_WUR;
enum sv_rc jobbpeng_bonus_decide(const struct svc *s, int64_t claim_id, bool approve,
                                 const char *reason, struct sv_error *err) SV_WUR;

#endif
