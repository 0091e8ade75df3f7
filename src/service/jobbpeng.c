/* Jobbpeng grund, JP-3 ... JP-8 (see jobbpeng.h). */
#include "service/jobbpeng.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "service/casework.h"
#include "service/meetings.h"
#include "service/obligations.h"
#include "stegvis/rules.h"

static enum sv_rc is_jobbpeng(const struct store_case *c, struct sv_error *err)
{
	const char *scheme = store_intervention_scheme(c->iv.code);

	if (scheme && !strcmp(scheme, "JOBBPENG"))
		return SV_OK;
	return sv_error_set(err, SV_EINVAL, "intervention_id", "JP-0",
	                    "%s is not a jobbpeng intervention", c->iv.code);
}

/* A limit of the packs that define code, valid on day, in days (months are
 * converted from day: the number of days to the same day N months later). */
static const struct rules_param *limit(const struct svc *s, const char *code,
                                       enum rules_param_id id, sv_date day)
{
	const struct rules_pack *packs[8];
	size_t np = obligations_packs(s, code, packs, 8);

	for (size_t i = 0; i < np; i++) {
		const struct rules_param *p = rules_param_find(packs[i], id, day);
		if (p && p->value.known)
			return p;
	}
	return NULL;
}

static sv_date span_after(const struct rules_param *p, sv_date from)
{
	if (!p)
		return SV_NO_DATE;
	return p->value.unit == RULES_MONTHS ? date_add_months(from, p->value.n)
	                                     : from + p->value.n;
}

void jobbpeng_status_release(struct jobbpeng_status *st)
{
	store_supplement_list_release(&st->supplements);
	store_bonus_claim_list_release(&st->claims);
	memset(st, 0, sizeof(*st));
}

/* JP-8: the bonus after the pack's qualifying period from the day after the end. */
static enum sv_rc bonus_dates(const struct svc *s, const struct store_case *c, sv_date *from,
                              sv_date *eligible, struct sv_error *err)
{
	const struct rules_pack *packs[8];
	size_t np = obligations_packs(s, c->iv.code, packs, 8);

	*from = *eligible = SV_NO_DATE;
	if (!c->end_cause || strcmp(c->end_cause, "self_sufficient") ||
	    c->iv.actual_end_on == SV_NO_DATE)
		return sv_error_set(err, SV_ESTATE, "state", "JP-8",
		                    "a bonus follows an ending for self-sufficiency");
	*from = c->iv.actual_end_on + 1;
	for (size_t i = 0; i < np; i++) {
		const struct rules_bonus *b = rules_bonus_find(packs[i], "JOBBPENG", *from);
		if (!b || !b->qualifying.known)
			continue;
		*eligible = b->qualifying.unit == RULES_MONTHS
		                    ? date_add_months(*from, b->qualifying.n)
		                    : *from + b->qualifying.n;
		return SV_OK;
	}
	return sv_error_set(err, SV_EINVAL, "code", "JP-8",
	                    "the rule pack gives no qualifying period for the bonus");
}

enum sv_rc jobbpeng_status(const struct svc *s, int64_t intervention_id,
                           struct jobbpeng_status *out, struct sv_error *err)
{
	struct store_case c = {0};
	struct store_page page = {0, STORE_PAGE_MAX};
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	out->start_on = out->planned_end_on = out->target_on = SV_NO_DATE;
	out->follow_up_due = out->qualifying_from = out->bonus_eligible_on = SV_NO_DATE;
	rc = casework_load(s, intervention_id, ACT_CASE_READ, "jobbpeng", &c, err);
	if (!rc)
		rc = is_jobbpeng(&c, err);
	if (rc)
		goto out;
	out->intervention_id = intervention_id;
	snprintf(out->state, sizeof(out->state), "%s", c.iv.state);
	out->start_on = c.iv.start_on;
	out->planned_end_on = c.iv.planned_end_on;
	if (c.iv.start_on != SV_NO_DATE) {
		const struct rules_param *p =
		        limit(s, c.iv.code, RULES_P_SELF_SUFFICIENCY_WITHIN, c.iv.start_on);
		/* CAL-2: within N days of the start is the start + N. */
		out->target_on = span_after(p, c.iv.start_on);
		out->target_days =
		        out->target_on == SV_NO_DATE ? 0 : out->target_on - c.iv.start_on;
		out->days_since_start =
		        s->today >= c.iv.start_on ? s->today - c.iv.start_on + 1 : 0;
	}
	{
		struct store_obligation_list l = {0};
		struct store_obligation_filter f = {0};
		f.intervention_id = intervention_id;
		f.due_until = SV_NO_DATE;
		rc = store_obligation_list(s->st, s->tenant, &f, page, &l, err);
		for (size_t i = 0; !rc && i < l.n; i++)
			if (!strcmp(l.v[i].deadline, "follow_up_meeting") && l.v[i].seq == 0) {
				obligations_effective(s, &l.v[i]);
				out->follow_up_due = l.v[i].due_on;
				snprintf(out->follow_up_status, sizeof(out->follow_up_status), "%s",
				         l.v[i].status);
			}
		store_obligation_list_release(&l);
	}
	if (!rc)
		rc = store_supplement_list(s->st, s->tenant, intervention_id, page,
		                           &out->supplements, err);
	for (size_t i = 0; !rc && i < out->supplements.n; i++)
		if (!strcmp(out->supplements.v[i].state, "granted"))
			out->supplements_granted_ore += out->supplements.v[i].amount_ore;
	if (!rc)
		rc = store_bonus_claim_list(s->st, s->tenant, intervention_id, page, &out->claims,
		                            err);
	if (!rc) {
		struct sv_error e2 = SV_ERROR_INIT;
		out->bonus_possible =
		        !bonus_dates(s, &c, &out->qualifying_from, &out->bonus_eligible_on, &e2);
		if (!out->bonus_possible)
			out->qualifying_from = out->bonus_eligible_on = SV_NO_DATE;
	}
out:
	store_case_release(&c);
	if (rc)
		jobbpeng_status_release(out);
	return rc;
}

/* Begin, load for action a (a jobbpeng intervention), catch up. */
static enum sv_rc open_case(const struct svc *s, int64_t id, enum authz_action a,
                            struct store_case *c, struct sv_error *err)
{
	enum sv_rc rc = store_begin(s->st, err);

	if (rc)
		return rc;
	rc = casework_load(s, id, a, NULL, c, err);
	if (!rc)
		rc = is_jobbpeng(c, err);
	if (!rc)
		rc = casework_catch_up(s, c, NULL, err);
	if (rc)
		store_rollback(s->st);
	return rc;
}

static enum sv_rc close_case(const struct svc *s, enum sv_rc rc, struct sv_error *err)
{
	if (!rc)
		return store_commit(s->st, err);
	store_rollback(s->st);
	return rc;
}

enum sv_rc jobbpeng_follow_up(const struct svc *s, int64_t intervention_id, sv_date held_on,
                              const char *note, struct sv_error *err)
{
	struct store_write w = svc_write(s, NULL);
	struct store_case c = {0};
	/* Booked by the provider with the counsellor: either records it. */
	enum authz_action a =
	        svc_scope(s, ACT_CASE_PROVIDER) != SCOPE_NONE ? ACT_CASE_PROVIDER : ACT_CASE_DECIDE;
	sv_date held = held_on == SV_NO_DATE ? s->today : held_on;
	char day[SV_DATE_STRLEN];
	int64_t mid;
	char *payload = NULL;
	enum sv_rc rc;

	if (svc_scope(s, a) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	rc = open_case(s, intervention_id, a, &c, err);
	if (rc)
		return rc;
	if (strcmp(c.iv.state, "running") && strcmp(c.iv.state, "ended"))
		rc = sv_error_set(err, SV_ESTATE, "state", "JP-5",
		                  "cannot hold the follow-up meeting of an intervention that is %s",
		                  c.iv.state);
	else if (held > s->today || held < c.iv.start_on)
		rc = sv_error_set(err, SV_EINVAL, "held_on", "JP-5",
		                  "a meeting is recorded once held, after the start");
	/* The canonical record (meetings.h): a follow-up meeting booked for
	 * that day gets its outcome, as POST /meetings/{id}/outcome does;
	 * only when none was booked is a held meeting written. */
	if (!rc)
		rc = meetings_follow_up_booked(s, c.iv.id, c.iv.code, held, &mid, err);
	if (!rc && mid) {
		struct store_docs_event ev = {0};
		ev.kind = "follow_up_meeting.held";
		ev.on = held;
		rc = store_meeting_set_outcome(s->st, &w, mid, "held", note, &ev, err);
	} else if (!rc) {
		payload = casework_payload(s, c.iv.id,
		                           json_pack("{s:s}", "on", date_format(held, day)));
		rc = payload ? store_case_meeting_held(
		                       s->st, &w, c.iv.customer_id, c.iv.id, "follow_up",
		                       (sv_time)held * 86400000000LL + 39600000000LL, note,
		                       "follow_up_meeting.held", payload, &mid, err)
		             : SV_ENOMEM;
	}
	if (!rc)
		rc = obligations_recompute(s, c.iv.id, err);
	free(payload);
	store_case_release(&c);
	return close_case(s, rc, err);
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

enum sv_rc jobbpeng_supplement_apply(const struct svc *s, int64_t intervention_id, sv_money amount,
                                     const char *purpose, const char *justification, int64_t *id,
                                     struct sv_error *err)
{
	struct store_write w = svc_write(s, NULL);
	struct store_supplement sp = {0};
	struct store_case c = {0};
	const struct rules_pack *packs[8];
	size_t np;
	bool known = false;
	enum sv_rc rc;

	*id = 0;
	if (svc_scope(s, ACT_CASE_PROVIDER) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	rc = open_case(s, intervention_id, ACT_CASE_PROVIDER, &c, err);
	if (rc)
		return rc;
	if (strcmp(c.iv.state, "running"))
		rc = sv_error_set(
		        err, SV_ESTATE, "state", "JP-7",
		        "cannot apply for a supplementary voucher for an intervention that "
		        "is %s",
		        c.iv.state);
	np = obligations_packs(s, c.iv.code, packs, 8);
	for (size_t i = 0; !rc && i < np; i++)
		for (size_t k = 0; k < packs[i]->n_supplements; k++) {
			const struct rules_supplement *x = &packs[i]->supplements[k];
			known = known || (!strcmp(x->scheme, "JOBBPENG") && x->amount == amount &&
			                  rules_valid_on(&x->m.valid, s->today));
		}
	if (!rc && !known)
		rc = sv_error_set(err, SV_EINVAL, "amount", "JP-7",
		                  "a supplementary voucher is one of the amounts of the rule pack "
		                  "(5000.00, 10000.00 or 15000.00)");
	if (!rc && blank(purpose))
		rc = sv_error_set(err, SV_EINVAL, "purpose", "JP-7",
		                  "name what the voucher pays for (e.g. a short course)");
	if (!rc && blank(justification))
		rc = sv_error_set(err, SV_EINVAL, "justification", "JP-7",
		                  "say how it raises the customer's chances of employment");
	if (!rc) {
		sp.intervention_id = c.iv.id;
		sp.amount_ore = amount;
		sp.purpose = (char *)purpose;
		sp.justification = (char *)justification;
		sp.applied_on = s->today;
		rc = store_supplement_add(s->st, &w, c.iv.customer_id, &sp, err);
		*id = sp.id;
	}
	store_case_release(&c);
	return close_case(s, rc, err);
}

enum sv_rc jobbpeng_supplement_decide(const struct svc *s, int64_t supplement_id, bool grant,
                                      const char *reason, struct sv_error *err)
{
	struct store_write w = svc_write(s, reason);
	struct store_supplement sp = {0};
	struct store_case c = {0};
	enum sv_rc rc;

	if (svc_scope(s, ACT_CASE_DECIDE) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	if (!grant && blank(reason))
		return sv_error_set(err, SV_EINVAL, "reason", "JP-7",
		                    "a refusal states its reason");
	rc = store_supplement_get(s->st, s->tenant, supplement_id, &sp, err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		return sv_error_set(err, SV_ENOTFOUND, "supplement_id", "X-3",
		                    "no such application");
	}
	if (!rc)
		rc = open_case(s, sp.intervention_id, ACT_CASE_DECIDE, &c, err);
	if (rc) {
		store_supplement_release(&sp);
		return rc;
	}
	if (strcmp(sp.state, "pending"))
		rc = sv_error_set(err, SV_ESTATE, "state", "JP-7",
		                  "cannot decide a supplementary voucher application that is %s",
		                  sp.state);
	if (!rc)
		rc = store_supplement_decide(s->st, &w, c.iv.customer_id, supplement_id,
		                             grant ? "granted" : "refused", s->today, reason, err);
	store_supplement_release(&sp);
	store_case_release(&c);
	return close_case(s, rc, err);
}

/* JP-8: the proof is a non-empty JSON array of items. */
static enum sv_rc check_proof(const char *proof, struct sv_error *err)
{
	json_t *v = proof ? json_loads(proof, 0, NULL) : NULL;
	bool ok = json_is_array(v) && json_array_size(v) > 0;

	json_decref(v);
	return ok ? SV_OK
	          : sv_error_set(err, SV_EINVAL, "proof", "JP-8",
	                         "the claim records its proof (employment contract, payslips, "
	                         "income data ...)");
}

enum sv_rc jobbpeng_bonus_claim(const struct svc *s, int64_t intervention_id, const char *proof,
                                int64_t *id, struct sv_error *err)
{
	struct store_write w = svc_write(s, NULL);
	struct store_bonus_claim b = {0};
	struct store_case c = {0};
	enum sv_rc rc;

	*id = 0;
	if (svc_scope(s, ACT_CASE_PROVIDER) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	rc = check_proof(proof, err);
	if (rc)
		return rc;
	rc = open_case(s, intervention_id, ACT_CASE_PROVIDER, &c, err);
	if (rc)
		return rc;
	rc = bonus_dates(s, &c, &b.qualifying_from, &b.eligible_on, err);
	if (!rc && s->today < b.eligible_on) {
		char d[SV_DATE_STRLEN];
		rc = sv_error_set(err, SV_ESTATE, "eligible_on", "JP-8",
		                  "six months of self-sufficiency are complete on %s",
		                  date_format(b.eligible_on, d));
	}
	if (!rc) {
		b.intervention_id = c.iv.id;
		b.proof = (char *)proof;
		b.claimed_on = s->today;
		rc = store_bonus_claim_add(s->st, &w, c.iv.customer_id, &b, err);
		*id = b.id;
	}
	store_case_release(&c);
	return close_case(s, rc, err);
}

enum sv_rc jobbpeng_bonus_decide(const struct svc *s, int64_t claim_id, bool approve,
                                 const char *reason, struct sv_error *err)
{
	struct store_write w = svc_write(s, reason);
	struct store_bonus_claim b = {0};
	struct store_case c = {0};
	enum sv_rc rc;

	if (svc_scope(s, ACT_CASE_DECIDE) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	if (!approve && blank(reason))
		return sv_error_set(err, SV_EINVAL, "reason", "JP-8",
		                    "a rejection states its reason");
	rc = store_bonus_claim_get(s->st, s->tenant, claim_id, &b, err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		return sv_error_set(err, SV_ENOTFOUND, "bonus_claim_id", "X-3", "no such claim");
	}
	if (!rc)
		rc = open_case(s, b.intervention_id, ACT_CASE_DECIDE, &c, err);
	if (rc) {
		store_bonus_claim_release(&b);
		return rc;
	}
	if (strcmp(b.state, "pending"))
		rc = sv_error_set(err, SV_ESTATE, "state", "JP-8",
		                  "cannot decide a bonus claim that is %s", b.state);
	if (!rc)
		rc = store_bonus_claim_decide(s->st, &w, c.iv.customer_id, claim_id,
		                              approve ? "approved" : "rejected", s->today, reason,
		                              err);
	store_bonus_claim_release(&b);
	store_case_release(&c);
	return close_case(s, rc, err);
}
