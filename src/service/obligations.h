/*
 * obligations.h - the deadline engine materialised (architecture.md "Data"):
 * the obligations of each intervention, computed by dl_compute()
 * (include/stegvis/deadline.h) from the rule packs and the case's facts,
 * stored in the obligations table in the SAME transaction as the event that
 * changed them, and read by the inbox, a case's list, `stegvis deadlines`
 * and the timeliness report (KV-53).
 *
 * Facts. The intervention's dates come from its row: start_on is
 * "intervention.start", planned_end_on "intervention.planned_end",
 * actual_end_on "intervention.end" (an extension moves the planned end, so
 * the KV-60 obligation moves with it). Everything else is a case event (the
 * customer's chain, store_event_append) whose KIND is a name of the rule-pack
 * vocabulary (rules_event_known(): "plan.submitted",
 * "monthly_report.returned", "sick_certificate.delivered", ...) and whose
 * payload names the intervention:
 *
 *   {"intervention_id": 17, "key": "2024-05", "on": "2024-05-31",
 *    "occurred_at": 1717171717000000, ...anything else the caller records}
 *
 *   intervention_id  required; events of the customer's other interventions
 *                    and events without it are not facts of this one.
 *   key              optional text (< DL_KEY_MAX bytes): the report month
 *                    "YYYY-MM" of every monthly_report.* event (KV-32,
 *                    required there), otherwise a document, absence or
 *                    incident id, so that reporting incident B does not meet
 *                    incident A's KV-80 deadline.
 *   on               optional "YYYY-MM-DD": the civil date the fact happened
 *                    when it is not the day it is recorded (a start-up
 *                    meeting recorded two days after it was held, sick day
 *                    8 of a sickness reported on day 1). Without it the fact
 *                    counts on the svc's today of the recompute that first
 *                    reads it, which is the day it was recorded when the
 *                    recompute runs in the event's transaction (as it
 *                    must), also on a fixed clock (--on). Each fact is read
 *                    once and its date kept (table case_facts). A fact
 *                    dated after today is not a fact yet: it counts from
 *                    its day on (obligations_sweep() recomputes such cases).
 *   occurred_at      optional integer, µs since the epoch (UTC): the exact
 *                    instant, for deadlines in hours (KV-80: 72 hours from
 *                    the discovery). Must be an instant of "on" when both
 *                    are given.
 *
 * obligations_event() appends such an event; callers with a richer payload
 * of their own use store_event_append() with these members.
 *
 * Packs. A case is governed by the packs of the rulebook that define its
 * intervention code (rules_intervention_find), newest validity first; each
 * obligation then uses the deadline valid on the date it concerns (CAL-3a).
 *
 * Statuses (dl_status): open, met_on_time, met_late, missed, judged at the
 * svc's today/now. obligations_sweep() moves open obligations that have
 * passed their due date to missed without waiting for the case's next event.
 */
#ifndef SV_SERVICE_OBLIGATIONS_H
#define SV_SERVICE_OBLIGATIONS_H

#include "service/svc.h"
#include "stegvis/rules.h"
#include "stegvis/store_case.h"

/*
 * Recompute the obligations of one intervention and replace its rows in the
 * obligations table. Call it after appending the event (or changing the
 * intervention's dates) INSIDE the caller's open transaction (store_begin);
 * called outside one it runs in its own. Needs no right of the caller (it
 * is part of the caller's use case, which has checked them) and writes no
 * event of its own: the obligations are derived data.
 *
 * Errors: SV_ENOTFOUND (field "intervention_id") for an intervention that
 * does not exist in the tenant; SV_EINVAL for a fact the engine refuses,
 * naming it ("events[3].key", KV-32); SV_EDB. On error the rows are
 * unchanged (the caller rolls back its transaction).
 */
enum sv_rc obligations_recompute(const struct svc *s, int64_t intervention_id,
                                 struct sv_error *err) SV_WUR;

/*
 * Append the case event `name` (a rule-pack event name, rules_event_known())
 * for the intervention with the payload described above, at s->now by
 * s->who, with reason (may be NULL). key may be NULL; on may be SV_NO_DATE
 * (the civil date of s->now). Inside the caller's transaction when one is
 * open. Does not recompute: call obligations_recompute() once after the
 * events of a use case. SV_EINVAL (field "name", rules-format) for a name
 * outside the vocabulary, (field "key", KV-32) for a monthly report event
 * without a "YYYY-MM" key.
 */
enum sv_rc obligations_event(const struct svc *s, int64_t customer_id, int64_t intervention_id,
                             const char *name, const char *key, sv_date on, const char *reason,
                             struct sv_error *err) SV_WUR;

/*
 * The inbox: what is due or overdue for the caller, ordered by due date.
 * A counsellor gets the unmet obligations of the interventions they are
 * responsible for (every actor's, so that they can chase the provider's),
 * provider roles their provider's (actor "provider" unless actor is given),
 * supervisors and social workers their unit's; other roles SV_EFORBIDDEN.
 * Only obligations due on or before until (SV_NO_DATE: any) that are open or
 * missed; an open one past due is reported missed (as the sweep would) with
 * its days_late. Each customer listed is logged.
 */
enum sv_rc obligations_inbox(const struct svc *s, const char *actor, sv_date until,
                             struct store_page page, struct store_obligation_list *out,
                             struct sv_error *err) SV_WUR;

/* Every obligation of one intervention (visible to the caller, X-3; logged). */
enum sv_rc obligations_of_intervention(const struct svc *s, int64_t intervention_id,
                                       struct store_page page, struct store_obligation_list *out,
                                       struct sv_error *err) SV_WUR;

/*
 * Timeliness of the provider's obligations due in [from, to] (SV_NO_DATE:
 * the last 12 months up to today) per provider (0 = all; provider roles get
 * their own) and kind (KV-53); over_limit counts those met or still unmet
 * later than the pack's provider_late_reporting after their due date.
 */
enum sv_rc obligations_timeliness(const struct svc *s, int64_t provider_id, sv_date from,
                                  sv_date to, struct store_timeliness_list *out,
                                  struct sv_error *err) SV_WUR;

/*
 * The sweep (a system job; ACT_OBLIGATION_SWEEP): recompute interventions
 * whose dated facts have come (*woken), then mark every open obligation past
 * due as of s->today missed (*marked). Each recompute commits on its own.
 */
enum sv_rc obligations_sweep(const struct svc *s, int64_t *marked, int64_t *woken,
                             struct sv_error *err) SV_WUR;

/*
 * Recompute the obligations of every intervention of s->tenant
 * (obligations_recompute for each; *n counts them). For the import
 * (`stegvis import`): imported cases get their obligations at once, in the
 * import's transaction when the caller has one open, instead of waiting for
 * their next event. A system job (ACT_OBLIGATION_SWEEP, else SV_EFORBIDDEN
 * An engine refusal is SV_EINVAL naming the intervention's ref; the
 * caller rolls back.
 */
enum sv_rc obligations_recompute_all(const struct svc *s, int64_t *n, struct sv_error *err) SV_WUR;

/* An open obligation past due as of s->today reads as missed; a missed one
 * gets days_late = today - due. */
void obligations_effective(const struct svc *s, struct store_obligation *o);

/* The packs that define an intervention code, newest validity first (at most max). */
size_t obligations_packs(const struct svc *s, const char *code, const struct rules_pack **out,
                         size_t max);

/* CAL-1: the civil date of an instant in the process's time zone (TZ is
 * Europe/Stockholm in stegvis serve and the CLI). */
sv_date obligations_civil_date(sv_time at);

#endif
