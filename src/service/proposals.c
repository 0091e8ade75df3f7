/* Provider proposals (see proposals.h). */
#include "service/proposals.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "service/casework.h"
#include "service/obligations.h"
#include "stegvis/lifecycle.h"
#include "stegvis/rules.h"

static char *payload(const struct svc *s, int64_t intervention_id, int64_t proposal_id,
                     const char *kind, json_t *extra)
{
	json_t *o = json_pack("{s:I,s:s}", "proposal_id", (json_int_t)proposal_id, "kind", kind);

	if (o && extra)
		json_object_update(o, extra);
	json_decref(extra);
	return casework_payload(s, intervention_id, o);
}

/* The pack's KV-50 step, for an extension proposal that gives no months. */
static int extension_step(const struct svc *s, const char *code)
{
	const struct rules_pack *packs[8];
	size_t np = obligations_packs(s, code, packs, 8);

	for (size_t i = 0; i < np; i++) {
		const struct rules_param *p =
		        rules_param_find(packs[i], RULES_P_EXTENSION_STEP, s->today);
		if (p && p->value.known)
			return p->value.n;
	}
	return 0;
}

static enum sv_rc make(const struct svc *s, struct store_case *c, const struct proposals_new *p,
                       int64_t *id, int64_t *replaced, struct sv_error *err)
{
	struct store_write w = svc_write(s, NULL);
	struct store_proposal np = {0}, old = {0};
	enum lc_prop_kind kind;
	enum lc_istate istate;
	enum lc_end_reason reason = LC_END_NONE;
	enum sv_rc rc;

	if (!p->kind)
		return sv_error_set(err, SV_EINVAL, "kind", "KV-26",
		                    "the kind of proposal is required");
	rc = lc_prop_kind_parse(p->kind, strlen(p->kind), &kind, "kind", err);
	if (!rc)
		rc = lc_istate_parse(c->iv.state, strlen(c->iv.state), &istate, "state", err);
	if (!rc && kind == LC_PROP_END) {
		if (!p->end_reason)
			return sv_error_set(err, SV_EINVAL, "end_reason", "KV-52",
			                    "an end proposal names the reason");
		rc = lc_end_reason_parse(p->end_reason, strlen(p->end_reason), &reason,
		                         "end_reason", err);
	}
	if (!rc)
		rc = lc_proposal_check_new(kind, istate, p->justification, reason, err);
	if (rc)
		return rc;
	np.intervention_id = c->iv.id;
	np.customer_id = c->iv.customer_id;
	np.provider_id = c->iv.provider_id;
	np.kind = (char *)p->kind;
	np.justification = (char *)p->justification;
	np.proposed_on = SV_NO_DATE;
	switch (kind) {
	case LC_PROP_START_DATE:
		if (p->date == SV_NO_DATE)
			return sv_error_set(err, SV_EINVAL, "date", "KV-24",
			                    "propose the new start date");
		np.proposed_on = p->date;
		break;
	case LC_PROP_END:
		np.end_reason = (char *)p->end_reason;
		np.proposed_on = p->date == SV_NO_DATE ? s->today : p->date;
		if (c->iv.start_on != SV_NO_DATE && np.proposed_on < c->iv.start_on)
			return sv_error_set(err, SV_EINVAL, "date", "KV-52",
			                    "the end date is not before the start");
		break;
	case LC_PROP_EXTENSION:
		np.months = p->months ? p->months : extension_step(s, c->iv.code);
		if (np.months < 0 || np.months > 12)
			return sv_error_set(err, SV_EINVAL, "months", "KV-50",
			                    "an extension is a number of months");
		break;
	default:
		break;
	}
	/* A pending proposal of the same kind is replaced by this one. */
	rc = store_proposal_pending(s->st, s->tenant, c->iv.id, p->kind, &old, err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		rc = SV_OK;
	}
	if (rc)
		goto out;
	rc = store_proposal_add(s->st, &w, &np, "proposal.made", NULL, err);
	if (!rc && old.id) {
		enum lc_prop_state from, to;
		char *rp = payload(s, c->iv.id, old.id, p->kind,
		                   json_pack("{s:I}", "replaced_by", (json_int_t)np.id));
		rc = lc_prop_state_parse(old.state, strlen(old.state), &from, "state", err);
		if (!rc)
			rc = lc_proposal_next(kind, from, LC_PA_REPLACE, NULL, &to, err);
		if (!rc)
			rc = rp ? store_proposal_set_state(s->st, &w, old.id, old.state,
			                                   lc_prop_state_name(to), NULL, np.id,
			                                   "proposal.replaced", rp, err)
			        : SV_ENOMEM;
		free(rp);
	}
	if (!rc) {
		*id = np.id;
		if (replaced)
			*replaced = old.id;
	}
out:
	free(np.state);
	store_proposal_release(&old);
	return rc;
}

enum sv_rc proposals_make(const struct svc *s, int64_t intervention_id,
                          const struct proposals_new *p, int64_t *id, int64_t *replaced,
                          struct sv_error *err)
{
	struct store_case c = {0};
	enum sv_rc rc;

	*id = 0;
	if (replaced)
		*replaced = 0;
	if (svc_scope(s, ACT_PROPOSAL_MAKE) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	rc = store_begin(s->st, err);
	if (rc)
		return rc;
	rc = casework_load(s, intervention_id, ACT_PROPOSAL_MAKE, NULL, &c, err);
	if (!rc)
		rc = casework_catch_up(s, &c, NULL, err);
	if (!rc)
		rc = make(s, &c, p, id, replaced, err);
	if (!rc)
		rc = store_commit(s->st, err);
	else
		store_rollback(s->st);
	store_case_release(&c);
	return rc;
}

/* May the caller decide a proposal of kind? The decider of the kind (KV-50:
 * a supervisor for an extension) in its scope. */
static enum authz_action decider_action(enum lc_prop_kind kind)
{
	return lc_proposal_actor(kind, LC_PA_APPROVE) == LC_ACTOR_SUPERVISOR ? ACT_CASE_EXTEND
	                                                                     : ACT_PROPOSAL_DECIDE;
}

static enum sv_rc apply_approved(const struct svc *s, struct store_case *c,
                                 const struct store_proposal *p, enum lc_prop_kind kind,
                                 struct sv_error *err)
{
	switch (kind) {
	case LC_PROP_EXTENSION:
		return casework_extend_loaded(s, c, p->months, 0, p->justification, err);
	case LC_PROP_END: {
		struct casework_ending e = {LC_END_NONE, p->proposed_on, p->justification, false};
		enum sv_rc rc = lc_end_reason_parse(p->end_reason ? p->end_reason : "",
		                                    p->end_reason ? strlen(p->end_reason) : 0,
		                                    &e.reason, "end_reason", err);
		return rc ? rc : casework_end_loaded(s, c, &e, err);
	}
	case LC_PROP_START_DATE:
		return casework_change_start_loaded(s, c, p->proposed_on, p->justification, err);
	default:
		/* KV-33: another intervention is a new decision, made separately. */
		return SV_OK;
	}
}

static enum sv_rc decide(const struct svc *s, struct store_proposal *p, bool approve,
                         const char *reason, struct sv_error *err)
{
	struct store_write w = svc_write(s, reason);
	struct store_case c = {0};
	enum lc_prop_kind kind;
	enum lc_prop_state from, to;
	enum authz_action a;
	char *pl = NULL;
	enum sv_rc rc;

	rc = lc_prop_kind_parse(p->kind, strlen(p->kind), &kind, "kind", err);
	if (!rc)
		rc = lc_prop_state_parse(p->state, strlen(p->state), &from, "state", err);
	if (rc)
		return rc;
	a = decider_action(kind);
	if (svc_scope(s, a) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", lc_prop_kind_info(kind)->rule,
		                    "a %s proposal is decided by the %s", p->kind,
		                    lc_actor_name(lc_proposal_actor(kind, LC_PA_APPROVE)));
	rc = casework_load(s, p->intervention_id, a, NULL, &c, err);
	if (!rc)
		rc = lc_proposal_next(kind, from, approve ? LC_PA_APPROVE : LC_PA_REJECT, reason,
		                      &to, err);
	if (!rc)
		rc = casework_catch_up(s, &c, NULL, err);
	if (!rc && approve)
		rc = apply_approved(s, &c, p, kind, err);
	if (!rc) {
		pl = payload(s, p->intervention_id, p->id, p->kind,
		             json_pack("{s:s?}", "reason", reason));
		rc = pl ? store_proposal_set_state(
		                  s->st, &w, p->id, p->state, lc_prop_state_name(to), reason, 0,
		                  approve ? "proposal.approved" : "proposal.rejected", pl, err)
		        : SV_ENOMEM;
	}
	free(pl);
	store_case_release(&c);
	return rc;
}

enum sv_rc proposals_decide(const struct svc *s, int64_t proposal_id, bool approve,
                            const char *reason, struct sv_error *err)
{
	struct store_proposal p = {0};
	enum sv_rc rc;

	if (svc_scope(s, ACT_PROPOSAL_DECIDE) == SCOPE_NONE &&
	    svc_scope(s, ACT_CASE_EXTEND) == SCOPE_NONE)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	rc = store_begin(s->st, err);
	if (rc)
		return rc;
	rc = store_proposal_get(s->st, s->tenant, proposal_id, &p, err);
	if (!rc)
		rc = decide(s, &p, approve, reason, err);
	if (!rc)
		rc = store_commit(s->st, err);
	else
		store_rollback(s->st);
	store_proposal_release(&p);
	return rc;
}

enum sv_rc proposals_get(const struct svc *s, int64_t proposal_id, struct store_proposal *out,
                         struct sv_error *err)
{
	struct store_case c = {0};
	enum sv_rc rc = store_proposal_get(s->st, s->tenant, proposal_id, out, err);

	if (!rc)
		rc = casework_load(s, out->intervention_id, ACT_CASE_READ, "proposal", &c, err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		rc = sv_error_set(err, SV_ENOTFOUND, "proposal_id", "X-3", "no such proposal");
	}
	store_case_release(&c);
	if (rc)
		store_proposal_release(out);
	return rc;
}

enum sv_rc proposals_list(const struct svc *s, int64_t intervention_id, const char *state,
                          struct store_page page, struct store_proposal_list *out,
                          struct sv_error *err)
{
	struct store_proposal_filter f = {0};
	enum authz_scope scope = svc_scope(s, ACT_CASE_READ);
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	f.state = state;
	if (intervention_id) {
		struct store_case c = {0};
		rc = casework_load(s, intervention_id, ACT_CASE_READ, "proposals", &c, err);
		store_case_release(&c);
		if (rc)
			return rc;
		f.intervention_id = intervention_id;
	} else if (scope == SCOPE_NONE || !s->who) {
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	} else if (scope == SCOPE_PROVIDER) {
		if (!s->who->provider_id)
			return SV_OK;
		f.provider_id = s->who->provider_id;
	} else if (s->who->role == ROLE_COUNSELLOR) {
		f.counsellor_id = s->who->user_id;
	} else if (scope != SCOPE_ALL) {
		if (!s->who->unit_id)
			return SV_OK;
		f.unit_id = s->who->unit_id;
	}
	rc = store_proposal_list(s->st, s->tenant, &f, page, out, err);
	for (size_t i = 0; !rc && !intervention_id && i < out->n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = out->v[j].customer_id == out->v[i].customer_id;
		if (!seen)
			rc = casework_log_read(s, out->v[i].customer_id, "proposals", err);
	}
	if (rc)
		store_proposal_list_release(out);
	return rc;
}
