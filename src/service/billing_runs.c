/*
 * Payment runs (see billing_runs.h and docs/internals/billing-runs.md): the
 * parameters of a month from the rule packs, the facts of every intervention
 * from the store, the billing engine in streaming mode, and the run stored
 * whole in one transaction; confirmation under four eyes; reading back.
 */
#include "service/billing_runs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "stegvis/calendar.h"
#include "stegvis/ics.h"
#include "stegvis/lifecycle.h"
#include "stegvis/rules.h"
#include "stegvis/store_billing.h"

/* Interventions read and computed at a time. */
#define BATCH 8192

void billing_view_init(struct billing_view *v)
{
	memset(v, 0, sizeof(*v));
	billing_ledger_default(&v->ledger);
}

static void row_release(struct billing_row *r)
{
	free(r->explain);
	free(r->text);
	r->explain = r->text = NULL;
}

void billing_view_release(struct billing_view *v)
{
	for (size_t i = 0; i < v->n_rows; i++)
		row_release(&v->lines[i]);
	for (size_t i = 0; i < v->n_notice_rows; i++)
		row_release(&v->notices[i]);
	for (size_t i = 0; i < v->n_sums; i++) {
		free(v->sums[i].provider_name);
		free(v->sums[i].org_no);
	}
	free(v->lines);
	free(v->notices);
	free(v->sums);
	free(v->municipality);
	free(v->params);
	billing_view_init(v);
}

void billing_run_items_release(struct billing_run_items *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static enum sv_rc grow(void **v, size_t n, size_t *alloc, size_t sz)
{
	size_t na;
	void *p;

	if (n < *alloc)
		return SV_OK;
	na = *alloc ? *alloc * 2 : 64;
	p = realloc(*v, na * sz);
	if (!p)
		return SV_ENOMEM;
	*v = p;
	*alloc = na;
	return SV_OK;
}

static char *dupstr(const char *s)
{
	return strdup(s ? s : "");
}

/* ---- time --------------------------------------------------------------------- */

/* The civil date in Sweden of a timestamp (CAL-1); BILLING_NO_DATE for 0. */
static sv_date civil(sv_time t)
{
	struct ics_civil c;

	if (!t)
		return BILLING_NO_DATE;
	ics_to_civil(ICS_STOCKHOLM, t, &c);
	return c.date;
}

/* The last microsecond of day d in Sweden. */
static enum sv_rc day_end(sv_date d, sv_time *out, struct sv_error *err)
{
	struct ics_civil c = {d + 1, 0, 0, 0};
	ics_time t;
	enum sv_rc rc = ics_from_civil(ICS_STOCKHOLM, &c, &t, "today", err);

	*out = rc ? 0 : t - 1;
	return rc;
}

static sv_date roll(const struct cal *cal, sv_date d)
{
	for (int i = 0; i < 60 && !cal_working(cal, d); i++)
		d++;
	return d;
}

static enum sv_rc roll_cb(void *ctx, sv_date due, sv_date *out, struct sv_error *err)
{
	(void)err;
	*out = roll(ctx, due);
	return SV_OK;
}

static sv_date next_month(sv_date first)
{
	return date_add_months(first, 1);
}

/* ---- the parameters of a month (rule packs valid in it, CAL-3a) ---------------- */

struct bonus_amount {
	const char *scheme;
	sv_money amount;
};

/*
 * What the packs say of one rate code: the first month a voucher is known
 * for (months before it were paid before Stegvis, if at all), or that the
 * pack names the scheme but gives no amount (the seed is silent: JP-8).
 */
struct code_range {
	const char *code;
	sv_date first; /* BILLING_NO_DATE: no known amount */
	bool unpriced; /* a rate with no amount */
};

struct params {
	struct billing_rate *rates;
	size_t n_rates, alloc_rates;
	const char **own_codes; /* intervention codes with a rate of their own */
	size_t n_own, alloc_own;
	struct code_range *codes; /* per rate code: the first month priced, or unpriced */
	size_t n_codes, alloc_codes;
	sv_money supp[16];
	size_t n_supp;
	struct bonus_amount bonus[16];
	size_t n_bonus;
	int abort_days, max_ext, grace_days, early_days, run_after_day;
	bool grace_roll, early_roll;
	struct billing_cutoff *cutoffs;
	size_t n_cutoffs;
	const struct cal *cal;
};

static void params_release(struct params *p)
{
	free(p->rates);
	free(p->own_codes);
	free(p->codes);
	free(p->cutoffs);
	memset(p, 0, sizeof(*p));
}

static const struct rules_set *packs(const struct svc *s)
{
	return &s->rules->set;
}

/* A number of the billing or limits sections valid on `on`, the same in every pack that has it. */
static enum sv_rc pack_number(const struct svc *s, enum rules_param_id id, sv_date on,
                              const char *rule, bool required, int *value, bool *rolls,
                              struct sv_error *err)
{
	const struct rules_set *set = packs(s);
	const char *from = NULL;
	char d[SV_DATE_STRLEN];

	for (size_t i = 0; i < set->n; i++) {
		const struct rules_param *p = rules_param_find(set->packs[i], id, on);
		if (!p || !p->value.known)
			continue;
		if (from && (*value != p->value.n || (rolls && *rolls != p->roll_forward)))
			return sv_error_set(err, SV_EINVAL, rules_param_name(id), rule,
			                    "the packs %s and %s give different values on %s", from,
			                    set->packs[i]->id, date_format(on, d));
		*value = p->value.n;
		if (rolls)
			*rolls = p->roll_forward;
		from = set->packs[i]->id;
	}
	if (!from && required)
		return sv_error_set(err, SV_EINVAL, rules_param_name(id), rule,
		                    "no rule pack valid on %s gives %s", date_format(on, d),
		                    rules_param_name(id));
	return SV_OK;
}

static const struct rules_deadline *pack_deadline(const struct svc *s, const char *id, sv_date on)
{
	const struct rules_set *set = packs(s);

	for (size_t i = 0; i < set->n; i++) {
		const struct rules_deadline *d = rules_deadline_find(set->packs[i], id, on);
		if (d)
			return d;
	}
	return NULL;
}

static bool has_own_rate(const struct params *p, const char *code)
{
	for (size_t i = 0; i < p->n_own; i++)
		if (!strcmp(p->own_codes[i], code))
			return true;
	return false;
}

static struct code_range *code_of(const struct params *p, const char *code)
{
	for (size_t i = 0; i < p->n_codes; i++)
		if (!strcmp(p->codes[i].code, code))
			return &p->codes[i];
	return NULL;
}

static enum sv_rc note_code(struct params *p, const char *code, bool known, sv_date from)
{
	struct code_range *c = code_of(p, code);

	if (!c) {
		if (grow((void **)&p->codes, p->n_codes, &p->alloc_codes, sizeof(*p->codes)))
			return SV_ENOMEM;
		c = &p->codes[p->n_codes++];
		*c = (struct code_range){code, BILLING_NO_DATE, false};
	}
	if (!known)
		c->unpriced = true;
	else if (c->first == BILLING_NO_DATE || from < c->first)
		c->first = from;
	return SV_OK;
}

/* True when the packs name code's voucher but give it no amount at all. */
static bool unpriced(const struct params *p, const char *code)
{
	const struct code_range *c = code_of(p, code);
	return c && c->unpriced && c->first == BILLING_NO_DATE;
}

static enum sv_rc add_rate(struct params *p, const char *code, sv_money monthly,
                           const struct rules_valid *v, bool own)
{
	for (size_t i = 0; i < p->n_rates; i++)
		if (!strcmp(p->rates[i].scheme, code) && p->rates[i].valid_from == v->from &&
		    p->rates[i].valid_to == v->to && p->rates[i].monthly == monthly)
			return SV_OK; /* the same rate in two packs */
	if (grow((void **)&p->rates, p->n_rates, &p->alloc_rates, sizeof(*p->rates)))
		return SV_ENOMEM;
	p->rates[p->n_rates++] = (struct billing_rate){code, monthly, v->from, v->to};
	if (own && !has_own_rate(p, code)) {
		if (grow((void **)&p->own_codes, p->n_own, &p->alloc_own, sizeof(*p->own_codes)))
			return SV_ENOMEM;
		p->own_codes[p->n_own++] = code;
	}
	return SV_OK;
}

/* The two KV-32 days of month m (first day): from the packs valid in m, else in M. */
static enum sv_rc cutoff_days(const struct svc *s, sv_date m, sv_date run_month, int *submit,
                              bool *submit_roll, int *resubmit, bool *resubmit_roll,
                              struct sv_error *err)
{
	const struct rules_deadline *a = pack_deadline(s, "monthly_report", m);
	const struct rules_deadline *b = pack_deadline(s, "monthly_report_resubmission", m);
	char d[SV_DATE_STRLEN];

	if (!a)
		a = pack_deadline(s, "monthly_report", run_month);
	if (!b)
		b = pack_deadline(s, "monthly_report_resubmission", run_month);
	if (!a || a->kind != RULES_DL_MONTHLY)
		return sv_error_set(err, SV_EINVAL, "monthly_report", "KV-72",
		                    "no rule pack valid on %s gives the monthly report's cut-off",
		                    date_format(run_month, d));
	*submit = a->due_day;
	*submit_roll = a->roll_forward;
	*resubmit = b && b->kind == RULES_DL_MONTHLY ? b->due_day : a->due_day;
	*resubmit_roll = b ? b->roll_forward : a->roll_forward;
	if (*resubmit < *submit)
		*resubmit = *submit;
	return SV_OK;
}

static enum sv_rc params_build(const struct svc *s, sv_date month, sv_date first_month,
                               struct params *p, struct sv_error *err)
{
	const struct rules_set *set = packs(s);
	const struct rules_deadline *early;
	char d[SV_DATE_STRLEN];
	size_t n;
	enum sv_rc rc;

	memset(p, 0, sizeof(*p));
	p->cal = rulebook_cal(s->rules, CAL_SE);
	for (size_t i = 0; i < set->n; i++) {
		const struct rules_pack *pk = set->packs[i];
		for (size_t j = 0; j < pk->n_rates; j++) {
			const struct rules_rate *r = &pk->rates[j];
			const char *code = r->intervention ? r->intervention : r->scheme;
			if (!code)
				continue;
			if ((rc = note_code(p, code, r->known, r->m.valid.from)))
				return rc;
			if (!r->known)
				continue;
			if ((rc = add_rate(p, code, r->monthly, &r->m.valid,
			                   r->intervention != NULL)))
				return rc;
		}
		for (size_t j = 0; j < pk->n_supplements; j++) {
			const struct rules_supplement *x = &pk->supplements[j];
			bool seen = false;
			if (!rules_valid_on(&x->m.valid, month))
				continue;
			for (size_t k = 0; k < p->n_supp; k++)
				seen = seen || p->supp[k] == x->amount;
			if (!seen && p->n_supp < sizeof(p->supp) / sizeof(p->supp[0]))
				p->supp[p->n_supp++] = x->amount;
		}
		for (size_t j = 0; j < pk->n_bonus; j++) {
			const struct rules_bonus *x = &pk->bonus[j];
			if (!x->known || !x->scheme || !rules_valid_on(&x->m.valid, month) ||
			    p->n_bonus >= sizeof(p->bonus) / sizeof(p->bonus[0]))
				continue;
			p->bonus[p->n_bonus++] = (struct bonus_amount){x->scheme, x->amount};
		}
	}
	if ((rc = pack_number(s, RULES_P_ABORT_PAID_DAYS, month, "KV-62", true, &p->abort_days,
	                      NULL, err)) ||
	    (rc = pack_number(s, RULES_P_FINAL_REPORT_GRACE, month, "KV-63", true, &p->grace_days,
	                      &p->grace_roll, err)) ||
	    (rc = pack_number(s, RULES_P_PAYMENT_RUN_AFTER_DAY, month, "KV-72", true,
	                      &p->run_after_day, NULL, err)) ||
	    (rc = pack_number(s, RULES_P_EXTENSION_MAX_TOTAL, month, "KV-50", false, &p->max_ext,
	                      NULL, err)))
		return rc;
	early = pack_deadline(s, "final_report_early_end", month);
	if (!early || early->kind != RULES_DL_OFFSET || !early->offset.known)
		return sv_error_set(err, SV_EINVAL, "final_report_early_end", "KV-61",
		                    "no rule pack valid on %s gives the final report's deadline "
		                    "after an early end",
		                    date_format(month, d));
	p->early_days = early->offset.n;
	p->early_roll = early->roll_forward;

	/* Cut-offs from the first month any intervention may still hold to M. */
	n = 1;
	for (sv_date m = first_month; m < month; m = next_month(m))
		if (++n > 1200)
			return sv_error_set(err, SV_ERANGE, "month", "KV-72",
			                    "more than 100 years of months to reconcile");
	p->cutoffs = calloc(n, sizeof(*p->cutoffs));
	if (!p->cutoffs)
		return SV_ENOMEM;
	p->n_cutoffs = n;
	for (size_t i = 0; i < n; i++) {
		sv_date m = date_add_months(first_month, (int)i);
		int sd = 0, rd = 0;
		bool sr = false, rr = false;
		if ((rc = cutoff_days(s, m, month, &sd, &sr, &rd, &rr, err)))
			return rc;
		/* Both days roll alike in the packs (CAL-4); a pack that rolls only
		 * one of them rolls the cut-off table as the submission day says. */
		(void)rr;
		if ((rc = billing_cutoffs_fill(&p->cutoffs[i], 1, m, sd, rd, sr ? roll_cb : NULL,
		                               (void *)p->cal, err)))
			return rc;
	}
	return SV_OK;
}

/* The run's parameters as stored with it (JSON text, malloc'd). */
static char *params_json(const struct params *p, sv_date month, sv_date today)
{
	json_t *o = json_object(), *rates = json_array(), *cut = json_array(), *supp = json_array();
	json_t *bonus = json_array();
	char a[SV_DATE_STRLEN], b[SV_DATE_STRLEN], c[SV_DATE_STRLEN], m[SV_MONEY_STRLEN];
	char *text = NULL;

	if (!o || !rates || !cut || !supp || !bonus)
		goto out;
	for (size_t i = 0; i < p->n_rates; i++)
		json_array_append_new(rates,
		                      json_pack("{s:s,s:s,s:s,s:s?}", "scheme", p->rates[i].scheme,
		                                "monthly", money_format(p->rates[i].monthly, m),
		                                "valid_from",
		                                date_format(p->rates[i].valid_from, a), "valid_to",
		                                p->rates[i].valid_to == BILLING_OPEN_END
		                                        ? NULL
		                                        : date_format(p->rates[i].valid_to, b)));
	for (size_t i = 0; i < p->n_cutoffs; i++)
		json_array_append_new(
		        cut,
		        json_pack("{s:s,s:s,s:s}", "month", date_format(p->cutoffs[i].month, a),
		                  "submit_by", date_format(p->cutoffs[i].submit_by, b),
		                  "resubmit_by", date_format(p->cutoffs[i].resubmit_by, c)));
	for (size_t i = 0; i < p->n_supp; i++)
		json_array_append_new(supp, json_string(money_format(p->supp[i], m)));
	for (size_t i = 0; i < p->n_bonus; i++)
		json_array_append_new(bonus,
		                      json_pack("{s:s,s:s}", "scheme", p->bonus[i].scheme, "amount",
		                                money_format(p->bonus[i].amount, m)));
	json_object_set_new(o, "month", json_string(date_format(month, a)));
	json_object_set_new(o, "today", json_string(date_format(today, b)));
	json_object_set_new(o, "rates", rates);
	json_object_set_new(o, "supplement_amounts", supp);
	json_object_set_new(o, "bonus_amounts", bonus);
	json_object_set_new(o, "abort_paid_days", json_integer(p->abort_days));
	json_object_set_new(o, "max_extension_months", json_integer(p->max_ext));
	json_object_set_new(o, "final_report_grace_days", json_integer(p->grace_days));
	json_object_set_new(o, "early_end_final_report_days", json_integer(p->early_days));
	json_object_set_new(o, "payment_run_after_day", json_integer(p->run_after_day));
	json_object_set_new(o, "cutoffs", cut);
	{
		json_t *un = json_array();
		for (size_t i = 0; un && i < p->n_codes; i++)
			if (unpriced(p, p->codes[i].code))
				json_array_append_new(un, json_string(p->codes[i].code));
		json_object_set_new(o, "unpriced", un ? un : json_array());
	}
	rates = cut = supp = bonus = NULL;
	text = json_dumps(o, JSON_COMPACT);
out:
	json_decref(o);
	json_decref(rates);
	json_decref(cut);
	json_decref(supp);
	json_decref(bonus);
	return text;
}

/* ---- the facts of one intervention ------------------------------------------------ */

struct ivbuf {
	struct billing_report *rep;
	size_t alloc_rep;
	struct billing_paid *paid;
	size_t alloc_paid;
	struct billing_supplement *supp;
	size_t alloc_supp;
	struct billing_bonus bonus;
};

static void ivbuf_release(struct ivbuf *b)
{
	free(b->rep);
	free(b->paid);
	free(b->supp);
	memset(b, 0, sizeof(*b));
}

static enum sv_rc ensure(void **v, size_t *alloc, size_t n, size_t sz)
{
	void *p;

	if (n <= *alloc)
		return SV_OK;
	p = realloc(*v, n * sz);
	if (!p)
		return SV_ENOMEM;
	*v = p;
	*alloc = n;
	return SV_OK;
}

/* The life-cycle name of a version-1 end reason (interventions.end_reason). */
static const char *lc_name_of_v1(const char *r)
{
	static const char *const map[][2] = {
	        {"self_sufficient", "self_sufficient"},
	        {"goal_reached", "step_transition"},
	        {"other_intervention", "another_intervention"},
	        {"provider_switch", "provider_switch"},
	        {"af_programme", "af_programme"},
	        {"unforeseen", "unforeseen_events"},
	        {"other_commitments", "other_commitments"},
	        {"sickness", "sickness"},
	        {"no_progression", "no_progression"},
	        {"provider_deficiency", "provider_deficiencies"},
	        {"customer_ended", "customer_ended"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], r))
			return map[i][1];
	return NULL;
}

/*
 * KV-60 ... KV-62, KV-51: what the engine calls the ending. An end for a
 * reason outside the provider's control (lifecycle.h) is an abort (KV-62);
 * self-sufficiency is its own (JP-8); any other end on the planned end is a
 * completion (KV-60), before it an early end (KV-61).
 */
static enum billing_end_reason end_reason_of(const struct store_billing_iv *v, sv_date end,
                                             sv_date pe)
{
	const char *name = v->end_cause[0] ? v->end_cause : lc_name_of_v1(v->end_reason);
	enum lc_end_reason r = LC_END_NONE;
	const struct lc_end_reason_info *info;

	if (name && lc_end_reason_parse(name, strlen(name), &r, "end_cause", NULL) != SV_OK)
		r = LC_END_NONE;
	info = lc_end_reason_info(r);
	if (info && info->outside_provider_control)
		return BILLING_END_ABORTED;
	if (r == LC_END_SELF_SUFFICIENT)
		return BILLING_END_SELF_SUFFICIENT;
	return end == pe ? BILLING_END_COMPLETED : BILLING_END_EARLY;
}

static sv_money bonus_amount(const struct params *p, const char *scheme)
{
	for (size_t i = 0; i < p->n_bonus; i++)
		if (!strcmp(p->bonus[i].scheme, scheme))
			return p->bonus[i].amount;
	return 0;
}

/* Build the engine's view of intervention v of batch b. */
static enum sv_rc build_iv(const struct params *p, const struct store_billing_batch *b,
                           const struct store_billing_iv *v, struct ivbuf *buf,
                           struct billing_intervention *iv, bool *unpriced_bonus,
                           struct sv_error *err)
{
	sv_date pe, e;
	enum sv_rc rc;

	memset(iv, 0, sizeof(*iv));
	iv->id = v->id;
	iv->provider_id = v->provider_id;
	iv->scheme = has_own_rate(p, v->code) ? v->code : v->scheme;
	iv->start = v->start;
	if (v->planned_end == SV_NO_DATE)
		return sv_error_set(err, SV_EINVAL, "planned_end_on", "KV-1",
		                    "intervention %lld: no planned end date", (long long)v->id);
	/* planned_end_on is the planned end after any extension (KV-50, and the
	 * days of a jobbpeng extension, JP-0); extension_months counts the KV-50
	 * months. */
	if (v->extension_months > 0) {
		/* The workflow extends by whole months counted from the day after
		 * the planned end (casework.c: end + 1, plus months, less a day);
		 * invert that, and where month ends clamp take the latest day the
		 * months bring to it (30 June less a month is 31 May). */
		sv_date first = date_add_months(v->planned_end + 1, -v->extension_months) - 1;
		if (date_add_months(first + 1, v->extension_months) - 1 != v->planned_end) {
			sv_date last;
			first = date_add_months(v->planned_end, -v->extension_months);
			last = date_month_end(first);
			if (date_add_months(last, v->extension_months) == v->planned_end)
				first = last;
		}
		iv->planned_end = first;
		iv->extended_end = v->planned_end;
	} else {
		iv->planned_end = v->planned_end;
		iv->extended_end = BILLING_NO_DATE;
	}
	pe = v->planned_end;
	iv->end = BILLING_NO_DATE;
	iv->end_reason = BILLING_END_NONE;
	if (!strcmp(v->state, "ended") && v->actual_end != SV_NO_DATE) {
		iv->end = v->actual_end;
		iv->end_reason = end_reason_of(v, v->actual_end, pe);
	}
	e = iv->end != BILLING_NO_DATE ? iv->end : pe;
	/* KV-60: due on the planned end; KV-61: two weeks after the end decision. */
	if (iv->end_reason == BILLING_END_NONE || iv->end_reason == BILLING_END_COMPLETED) {
		iv->final_due = pe;
	} else {
		sv_date dec = v->end_decided_on != SV_NO_DATE && v->end_decided_on >= v->start
		                      ? v->end_decided_on
		                      : iv->end;
		iv->final_due = dec + p->early_days;
		if (p->early_roll)
			iv->final_due = roll(p->cal, iv->final_due);
	}
	/* KV-63: the last day a final report may come, 14 days after the end (CAL-4). */
	iv->final_last = e + p->grace_days;
	if (p->grace_roll)
		iv->final_last = roll(p->cal, iv->final_last);
	iv->final_submitted = civil(v->final_submitted_at);
	iv->open_from = v->open_from;
	{
		/* Months before the packs' first voucher for the code are not
		 * Stegvis's to pay: they are taken as settled (CAL-3a). */
		const struct code_range *c = code_of(p, iv->scheme);
		if (c && c->first != BILLING_NO_DATE && v->start < c->first &&
		    (iv->open_from == BILLING_NO_DATE || iv->open_from < c->first))
			iv->open_from = c->first;
	}

	if ((rc = ensure((void **)&buf->rep, &buf->alloc_rep, v->n_reports, sizeof(*buf->rep))) ||
	    (rc = ensure((void **)&buf->paid, &buf->alloc_paid, v->n_paid, sizeof(*buf->paid))) ||
	    (rc = ensure((void **)&buf->supp, &buf->alloc_supp, v->n_supplements,
	                 sizeof(*buf->supp))))
		return rc;
	for (size_t i = 0; i < v->n_reports; i++) {
		const struct store_billing_report *r = &b->reports[v->report0 + i];
		struct billing_report *x = &buf->rep[i];

		x->month = r->period;
		x->submitted = civil(r->submitted_at);
		x->returned = r->returned_at != 0 && x->submitted != BILLING_NO_DATE;
		x->resubmitted = x->returned ? civil(r->resubmitted_at) : BILLING_NO_DATE;
		x->approved = civil(r->approved_at);
		/* The approval is shown, never a condition (KV-72): an inconsistent
		 * one is left out rather than refused. */
		if (x->approved != BILLING_NO_DATE &&
		    (x->submitted == BILLING_NO_DATE || x->approved < x->submitted))
			x->approved = BILLING_NO_DATE;
	}
	iv->reports = buf->rep;
	iv->n_reports = v->n_reports;
	for (size_t i = 0; i < v->n_paid; i++) {
		const struct store_billing_paid *x = &b->paid[v->paid0 + i];
		enum billing_basis basis = BILLING_BASIS_VOUCHER;
		if ((rc = billing_basis_parse(x->basis, strlen(x->basis), &basis, "paid.basis",
		                              err)))
			return rc;
		buf->paid[i] = (struct billing_paid){basis, x->month, x->ref, x->amount};
	}
	iv->paid = buf->paid;
	iv->n_paid = v->n_paid;
	for (size_t i = 0; i < v->n_supplements; i++) {
		const struct store_billing_supplement *x = &b->supplements[v->supplement0 + i];
		buf->supp[i] = (struct billing_supplement){x->id, x->amount, x->decided_on};
	}
	iv->supplements = buf->supp;
	iv->n_supplements = v->n_supplements;
	/* JP-8: the last claim, an approved one before a pending one. */
	if (v->n_bonus && iv->end_reason == BILLING_END_SELF_SUFFICIENT) {
		const struct store_billing_bonus *c = NULL, *pending = NULL;
		for (size_t i = 0; i < v->n_bonus; i++) {
			const struct store_billing_bonus *x = &b->bonus[v->bonus0 + i];
			if (x->approved)
				c = x;
			else
				pending = x;
		}
		if (!c)
			c = pending;
		buf->bonus.amount = bonus_amount(p, v->scheme);
		buf->bonus.proof_recorded = BILLING_NO_DATE;
		buf->bonus.proven_through = BILLING_NO_DATE;
		if (c->approved && c->decided_on != SV_NO_DATE && c->claimed_on != SV_NO_DATE) {
			/* The proof of a claim covers the days before it was made. */
			buf->bonus.proof_recorded = c->decided_on;
			buf->bonus.proven_through = c->claimed_on - 1 < c->decided_on
			                                    ? c->claimed_on - 1
			                                    : c->decided_on;
		}
		/* No amount in the packs (JP-8: the seed gives none): the claim
		 * waits for one, counted among the unpriced. */
		if (buf->bonus.amount > 0)
			iv->bonus = &buf->bonus;
		else
			*unpriced_bonus = true;
	}
	return SV_OK;
}

/* ---- lines as rows ------------------------------------------------------------------ */

static void rules_text(unsigned bits, char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	for (unsigned i = 0; i < BILLING_RULE_BITS; i++) {
		const char *id = billing_rule_id(1u << i);
		int k;
		if (!(bits & (1u << i)) || !id)
			continue;
		k = snprintf(out + len, n - len, "%s%s", len ? ", " : "", id);
		if (k < 0 || (size_t)k >= n - len)
			break;
		len += (size_t)k;
	}
}

static enum sv_rc line_row(const struct billing_line *l, int64_t customer, struct billing_row *r)
{
	json_t *o = billing_line_json(l);
	const char *text;

	memset(r, 0, sizeof(*r));
	if (!o)
		return SV_ENOMEM;
	r->provider_id = l->provider_id;
	r->intervention_id = l->intervention_id;
	r->customer_id = customer;
	snprintf(r->kind, sizeof(r->kind), "%s", billing_kind_name(l->kind));
	snprintf(r->basis, sizeof(r->basis), "%s", billing_basis_name(l->basis));
	r->period = l->period;
	r->ref = l->ref;
	r->amount = l->amount;
	r->days = l->basis == BILLING_BASIS_VOUCHER || l->basis == BILLING_BASIS_ABORT ? l->why.days
	                                                                               : -1;
	snprintf(r->scheme, sizeof(r->scheme), "%s", l->scheme ? l->scheme : "");
	r->rate = l->why.rate;
	r->from = l->why.from;
	r->to = l->why.to;
	snprintf(r->status, sizeof(r->status), "%s", billing_status_name(l->why.status));
	rules_text(l->why.rules, r->rules, sizeof(r->rules));
	r->deficiency = l->deficiency;
	r->explain = json_dumps(json_object_get(o, "explain"), JSON_COMPACT);
	text = json_string_value(json_object_get(o, "text"));
	r->text = strdup(text ? text : "");
	json_decref(o);
	if (!r->explain || !r->text) {
		row_release(r);
		return SV_ENOMEM;
	}
	return SV_OK;
}

static struct store_billing_line store_line(const struct billing_row *r)
{
	struct store_billing_line l = {
	        r->id,          r->intervention_id,
	        r->provider_id, r->customer_id,
	        r->kind,        r->basis,
	        r->period,      r->ref,
	        r->days,        r->amount,
	        r->scheme,      r->rate,
	        r->from,        r->to,
	        r->status,      r->rules,
	        r->deficiency,  r->explain,
	        r->text,
	};
	return l;
}

/* ---- the rows of a batch ------------------------------------------------------------ */

struct rows {
	struct billing_row *v;
	size_t n, alloc;
};

static void rows_clear(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		row_release(&r->v[i]);
	r->n = 0;
}

static void rows_release(struct rows *r)
{
	rows_clear(r);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static enum sv_rc rows_add(struct rows *r, const struct billing_line *l, int64_t customer)
{
	enum sv_rc rc = grow((void **)&r->v, r->n, &r->alloc, sizeof(*r->v));

	if (!rc)
		rc = line_row(l, customer, &r->v[r->n]);
	if (!rc)
		r->n++;
	return rc;
}

/* Move the rows of provider (0: all) into the view's array (dst, n, alloc). */
static enum sv_rc rows_move(struct rows *src, int64_t provider, struct billing_row **dst, size_t *n,
                            size_t *alloc)
{
	enum sv_rc rc = SV_OK;

	for (size_t i = 0; i < src->n; i++) {
		if (!rc && (!provider || src->v[i].provider_id == provider) &&
		    !(rc = grow((void **)dst, *n, alloc, sizeof(**dst)))) {
			(*dst)[(*n)++] = src->v[i];
			continue;
		}
		row_release(&src->v[i]);
	}
	src->n = 0;
	return rc;
}

/* The digest of a run's lines: hex SHA-256 over one text line per stored line. */
static void digest_line(crypto_hash_sha256_state *h, const struct billing_row *r)
{
	char head[256], a[SV_DATE_STRLEN], m[SV_MONEY_STRLEN];
	int n = snprintf(head, sizeof(head), "%lld|%lld|%lld|%s|%s|%s|%lld|%s|",
	                 (long long)r->provider_id, (long long)r->intervention_id,
	                 (long long)r->customer_id, r->kind, r->basis, date_format(r->period, a),
	                 (long long)r->ref, money_format(r->amount, m));

	crypto_hash_sha256_update(h, (const unsigned char *)head,
	                          n < 0                      ? 0
	                          : (size_t)n < sizeof(head) ? (size_t)n
	                                                     : sizeof(head) - 1);
	crypto_hash_sha256_update(h, (const unsigned char *)r->text, strlen(r->text));
	crypto_hash_sha256_update(h, (const unsigned char *)"\n", 1);
}

/* ---- views -------------------------------------------------------------------------- */

/* The tenant's name, organisation number and ledger into the view. */
static enum sv_rc municipality(const struct svc *s, struct billing_view *v, struct sv_error *err)
{
	struct store_tenant_billing tb;
	struct store_tenant *t = NULL;
	char **out = &v->municipality;
	size_t n = 0;
	enum sv_rc rc = store_tenant_billing_get(s->st, s->tenant, &tb, err);

	if (rc)
		return rc;
	memcpy(v->org_no, tb.org_no, sizeof(v->org_no));
	v->ledger = tb.ledger;
	rc = store_tenant_list(s->st, &t, &n, err);
	*out = NULL;
	for (size_t i = 0; !rc && i < n; i++)
		if (t[i].id == s->tenant)
			*out = dupstr(t[i].name);
	if (!rc && !*out)
		*out = dupstr("");
	if (!rc && !*out)
		rc = SV_ENOMEM;
	store_tenant_list_release(t, n);
	return rc;
}

/* Names and organisation numbers of the providers of the sums. */
static enum sv_rc name_sums(const struct svc *s, struct billing_view *v, struct sv_error *err)
{
	for (size_t i = 0; i < v->n_sums; i++) {
		struct store_provider p = {0};
		struct sv_error e = SV_ERROR_INIT;
		enum sv_rc rc =
		        store_provider_get(s->st, s->tenant, v->sums[i].provider_id, &p, &e);

		if (rc && rc != SV_ENOTFOUND) {
			if (err)
				*err = e;
			return rc;
		}
		v->sums[i].provider_name = dupstr(rc ? "" : p.name);
		v->sums[i].org_no = dupstr(rc ? "" : p.org_no);
		store_provider_release(&p);
		if (!v->sums[i].provider_name || !v->sums[i].org_no)
			return SV_ENOMEM;
	}
	return SV_OK;
}

/* one access-log row per customer whose lines the caller was shown. */
static enum sv_rc log_rows(const struct svc *s, const struct billing_view *v, struct sv_error *err)
{
	int64_t *ids;
	size_t n = 0;
	char what[64];
	enum sv_rc rc = SV_OK;
	bool tx = false;

	if (!s->who || !v->with_rows || (!v->n_rows && !v->n_notice_rows))
		return SV_OK;
	ids = malloc((v->n_rows + v->n_notice_rows) * sizeof(*ids));
	if (!ids)
		return SV_ENOMEM;
	for (size_t i = 0; i < v->n_rows; i++)
		ids[n++] = v->lines[i].customer_id;
	for (size_t i = 0; i < v->n_notice_rows; i++)
		ids[n++] = v->notices[i].customer_id;
	/* Sort (insertion into a sorted prefix keeps this simple; runs are ordered by provider). */
	for (size_t i = 1; i < n; i++) {
		int64_t x = ids[i];
		size_t j = i;
		while (j > 0 && ids[j - 1] > x) {
			ids[j] = ids[j - 1];
			j--;
		}
		ids[j] = x;
	}
	if (v->run_id)
		snprintf(what, sizeof(what), "billing_run:%lld", (long long)v->run_id);
	else
		snprintf(what, sizeof(what), "billing_preview");
	if (!s->log_access) {
		rc = store_begin(s->st, err);
		tx = !rc;
	}
	for (size_t i = 0; !rc && i < n; i++) {
		if (!ids[i] || (i && ids[i] == ids[i - 1]))
			continue;
		if (s->log_access)
			rc = s->log_access(s->log_ctx, s, ids[i], "billing", what, err);
		else
			rc = store_access_log(s->st, s->tenant, s->who->user_id, ids[i], s->now,
			                      "billing", what, err);
	}
	if (tx) {
		if (!rc)
			rc = store_commit(s->st, err);
		else
			store_rollback(s->st);
	}
	free(ids);
	return rc;
}

/* ---- prepare ---------------------------------------------------------------------------- */

/*
 * The engine's run of one provider. The store hands interventions out in id
 * order; each provider's interventions then come in id order too, which is
 * what a streamed engine run takes, so one run per provider keeps every run
 * streaming and the whole one pass over the data.
 */
struct provider_run {
	int64_t provider_id;
	struct billing_run run;
	int64_t n_notices;
};

struct prep {
	const struct svc *s;
	const struct billing_request *req;
	struct params p;
	struct billing_params bp;
	struct provider_run **runs; /* by provider_id */
	size_t n_runs, alloc_runs;
	struct store_billing_batch batch;
	struct ivbuf buf;
	struct rows lines, notices;
	struct store_billing_line *sl, *sn;
	size_t alloc_sl, alloc_sn;
	struct store_billing_position *pos;
	size_t n_pos, alloc_pos;
	crypto_hash_sha256_state digest;
	int64_t run_id;
	size_t n_bad;
	int64_t n_unpriced;
	struct sv_error first_bad;
	bool rows; /* render rows */
};

/* The provider's engine run, begun on first use. */
static enum sv_rc provider_run(struct prep *x, int64_t provider, struct provider_run **out,
                               struct sv_error *err)
{
	size_t lo = 0, hi = x->n_runs;
	struct provider_run *r;
	enum sv_rc rc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->runs[mid]->provider_id < provider)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < x->n_runs && x->runs[lo]->provider_id == provider) {
		*out = x->runs[lo];
		return SV_OK;
	}
	if (grow((void **)&x->runs, x->n_runs, &x->alloc_runs, sizeof(*x->runs)))
		return SV_ENOMEM;
	r = calloc(1, sizeof(*r));
	if (!r)
		return SV_ENOMEM;
	r->provider_id = provider;
	billing_run_init(&r->run);
	if ((rc = billing_run_begin(&r->run, &x->bp, err))) {
		billing_run_release(&r->run);
		free(r);
		return rc;
	}
	memmove(&x->runs[lo + 1], &x->runs[lo], (x->n_runs - lo) * sizeof(*x->runs));
	x->runs[lo] = r;
	x->n_runs++;
	*out = r;
	return SV_OK;
}

static void runs_release(struct prep *x)
{
	for (size_t i = 0; i < x->n_runs; i++) {
		billing_run_release(&x->runs[i]->run);
		free(x->runs[i]);
	}
	free(x->runs);
	x->runs = NULL;
	x->n_runs = x->alloc_runs = 0;
}

/* What the run settles of one intervention once confirmed. */
static enum sv_rc add_position(struct prep *x, const struct billing_run *run,
                               const struct billing_intervention *iv)
{
	sv_date open = next_month(x->req->month);
	bool held = false, ended = iv->end != BILLING_NO_DATE;
	sv_date paid_to = ended ? iv->end : BILLING_NO_DATE;

	for (size_t i = 0; i < run->n_notices; i++) {
		const struct billing_line *l = &run->notices[i];
		if (l->kind != BILLING_HELD)
			continue;
		held = true;
		if ((l->basis == BILLING_BASIS_VOUCHER || l->basis == BILLING_BASIS_ABORT) &&
		    l->period < open)
			open = l->period;
	}
	if (ended && iv->end_reason == BILLING_END_ABORTED)
		paid_to = iv->end + x->p.abort_days;
	if (grow((void **)&x->pos, x->n_pos, &x->alloc_pos, sizeof(*x->pos)))
		return SV_ENOMEM;
	x->pos[x->n_pos++] = (struct store_billing_position){
	        iv->id, open, ended && date_month_start(paid_to) <= x->req->month && !held};
	return SV_OK;
}

/* Write the batch's lines, notices and positions (a prepared run). */
static enum sv_rc flush(struct prep *x, struct sv_error *err)
{
	struct store_write w = svc_write(x->s, "billing run prepared");
	enum sv_rc rc;

	if ((rc = ensure((void **)&x->sl, &x->alloc_sl, x->lines.n, sizeof(*x->sl))) ||
	    (rc = ensure((void **)&x->sn, &x->alloc_sn, x->notices.n, sizeof(*x->sn))))
		return rc;
	for (size_t i = 0; i < x->lines.n; i++)
		x->sl[i] = store_line(&x->lines.v[i]);
	for (size_t i = 0; i < x->notices.n; i++)
		x->sn[i] = store_line(&x->notices.v[i]);
	rc = store_billing_lines_add(x->s->st, &w, x->run_id, x->sl, x->lines.n, x->sn,
	                             x->notices.n, x->pos, x->n_pos, err);
	x->n_pos = 0;
	return rc;
}

static enum sv_rc one(struct prep *x, const struct store_billing_iv *v, struct sv_error *err)
{
	struct billing_intervention iv;
	struct sv_error e = SV_ERROR_INIT;
	struct provider_run *pr = NULL;
	bool unpriced_bonus = false;
	enum sv_rc rc;

	if (unpriced(&x->p, has_own_rate(&x->p, v->code) ? v->code : v->scheme)) {
		/* KV-70: the packs name the scheme but give no voucher (JP-8);
		 * nothing can be paid until they do. Counted, never zero. */
		x->n_unpriced++;
		return SV_OK;
	}
	if ((rc = provider_run(x, v->provider_id, &pr, err)))
		return rc;
	rc = build_iv(&x->p, &x->batch, v, &x->buf, &iv, &unpriced_bonus, &e);
	x->n_unpriced += unpriced_bonus;
	if (!rc)
		rc = billing_run_add(&pr->run, &iv, &e);
	if (rc == SV_EINVAL) {
		/* every refusal is counted, the first one reported. */
		if (!x->n_bad++)
			x->first_bad = e;
		return SV_OK;
	}
	if (rc) {
		if (err)
			*err = e;
		return rc;
	}
	pr->n_notices += (int64_t)pr->run.n_notices;
	if (x->rows) {
		for (size_t i = 0; !rc && i < pr->run.n_lines; i++)
			rc = rows_add(&x->lines, &pr->run.lines[i], v->customer_id);
		for (size_t i = 0; !rc && i < pr->run.n_notices; i++)
			rc = rows_add(&x->notices, &pr->run.notices[i], v->customer_id);
	}
	if (!rc && !x->req->dry_run)
		rc = add_position(x, &pr->run, &iv);
	return rc;
}

/* One sum per provider with lines or notices, from the providers' engine runs. */
static enum sv_rc sums_from_runs(struct prep *x, struct billing_view *out)
{
	struct billing_sum *v = calloc(x->n_runs ? x->n_runs : 1, sizeof(*v));
	size_t n = 0;

	if (!v)
		return SV_ENOMEM;
	for (size_t i = 0; i < x->n_runs; i++) {
		const struct provider_run *r = x->runs[i];
		if (!r->run.n_lines_all && !r->n_notices)
			continue;
		v[n++] = (struct billing_sum){
		        r->provider_id, NULL, NULL, r->run.total, (int64_t)r->run.n_lines_all,
		        r->n_notices};
	}
	out->sums = v;
	out->n_sums = n;
	return SV_OK;
}

/* Engine order: provider, intervention, period, basis, ref. */
static int basis_rank(const char *b)
{
	enum billing_basis x = BILLING_BASIS_VOUCHER;
	return billing_basis_parse(b, strlen(b), &x, "basis", NULL) == SV_OK ? (int)x : 9;
}

static int row_cmp(const void *pa, const void *pb)
{
	const struct billing_row *a = pa, *b = pb;
	int ra, rb;

	if (a->provider_id != b->provider_id)
		return a->provider_id < b->provider_id ? -1 : 1;
	if (a->intervention_id != b->intervention_id)
		return a->intervention_id < b->intervention_id ? -1 : 1;
	if (a->period != b->period)
		return a->period < b->period ? -1 : 1;
	ra = basis_rank(a->basis);
	rb = basis_rank(b->basis);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	return a->ref < b->ref ? -1 : a->ref > b->ref;
}

/* Keep only the sums of provider (0: all) and add them up. */
static void narrow_sums(struct billing_view *v, int64_t provider)
{
	size_t k = 0;

	v->total = 0;
	v->n_lines = v->n_notices = 0;
	for (size_t i = 0; i < v->n_sums; i++) {
		if (provider && v->sums[i].provider_id != provider) {
			free(v->sums[i].provider_name);
			free(v->sums[i].org_no);
			continue;
		}
		v->sums[k++] = v->sums[i];
	}
	v->n_sums = k;
	for (size_t i = 0; i < k; i++) {
		v->total += v->sums[i].amount;
		v->n_lines += v->sums[i].n_lines;
		v->n_notices += v->sums[i].n_notices;
	}
}

static enum sv_rc prepare_run(struct prep *x, struct billing_view *out, struct sv_error *err)
{
	const struct svc *s = x->s;
	const struct billing_request *req = x->req;
	sv_date month_last = date_month_end(req->month), first = BILLING_NO_DATE;
	sv_time until = 0;
	struct billing_params bp;
	enum sv_rc rc;
	char *pj = NULL;

	if ((rc = store_billing_first_start(s->st, s->tenant, month_last, &first, err)) ||
	    (rc = day_end(s->today, &until, err)))
		return rc;
	first = first == SV_NO_DATE || first > req->month ? req->month : date_month_start(first);
	if ((rc = params_build(s, req->month, first, &x->p, err)))
		return rc;
	memset(&bp, 0, sizeof(bp));
	bp.month = req->month;
	bp.today = s->today;
	bp.rates = x->p.rates;
	bp.n_rates = x->p.n_rates;
	bp.cutoffs = x->p.cutoffs;
	bp.n_cutoffs = x->p.n_cutoffs;
	bp.supplement_amounts = x->p.supp;
	bp.n_supplement_amounts = x->p.n_supp;
	bp.abort_paid_days = x->p.abort_days;
	bp.max_extension_months = x->p.max_ext;
	bp.stream = true;
	x->bp = bp;
	{
		/* Check the parameters once, before anything is read. */
		struct billing_run check;
		billing_run_init(&check);
		rc = billing_run_begin(&check, &bp, err);
		billing_run_release(&check);
		if (rc)
			return rc;
	}
	pj = params_json(&x->p, req->month, s->today);
	if (!pj)
		return SV_ENOMEM;
	out->params = pj;
	if (!req->dry_run) {
		struct store_write w = svc_write(s, "billing run prepared");
		struct store_billing_run r = {0};
		int64_t seq = 0;

		if ((rc = store_billing_confirmed_seq(s->st, s->tenant, &seq, err)))
			return rc;
		r.month = req->month;
		r.run_on = s->today;
		r.params = pj;
		r.based_on = seq;
		if ((rc = store_billing_run_insert(s->st, &w, &r, err)))
			return rc;
		x->run_id = r.id;
		out->created_at = r.created_at;
		out->created_by = r.created_by;
	}
	for (;;) {
		if ((rc = store_billing_facts_next(s->st, s->tenant, month_last, until, req->full,
		                                   BATCH, &x->batch, err)))
			return rc;
		if (!x->batch.n_iv)
			break;
		for (size_t i = 0; !rc && i < x->batch.n_iv; i++)
			rc = one(x, &x->batch.iv[i], err);
		if (!rc && !req->dry_run && !x->n_bad) {
			for (size_t i = 0; i < x->lines.n; i++)
				digest_line(&x->digest, &x->lines.v[i]);
			rc = flush(x, err);
		}
		if (!rc && req->with_rows) {
			rc = rows_move(&x->lines, req->provider_id, &out->lines, &out->n_rows,
			               &out->alloc_rows);
			if (!rc)
				rc = rows_move(&x->notices, req->provider_id, &out->notices,
				               &out->n_notice_rows, &out->alloc_notice_rows);
		}
		rows_clear(&x->lines);
		rows_clear(&x->notices);
		if (rc)
			return rc;
	}
	for (size_t i = 0; !rc && !x->n_bad && i < x->n_runs; i++)
		rc = billing_run_finish(&x->runs[i]->run, err);
	if (x->n_bad && err) {
		*err = x->first_bad;
		if (x->n_bad > 1) {
			size_t len = strlen(err->msg);
			snprintf(err->msg + len, sizeof(err->msg) - len,
			         " (and %zu more interventions refused)", x->n_bad - 1);
		}
	}
	if (x->n_bad)
		return SV_EINVAL;
	if (rc)
		return rc;
	if ((rc = sums_from_runs(x, out)))
		return rc;
	if (out->n_rows > 1)
		qsort(out->lines, out->n_rows, sizeof(*out->lines), row_cmp);
	if (out->n_notice_rows > 1)
		qsort(out->notices, out->n_notice_rows, sizeof(*out->notices), row_cmp);
	if (!req->dry_run) {
		struct store_write w = svc_write(s, "billing run prepared");
		struct store_billing_total *t = calloc(out->n_sums ? out->n_sums : 1, sizeof(*t));
		unsigned char md[crypto_hash_sha256_BYTES];
		char hex[2 * crypto_hash_sha256_BYTES + 1];

		if (!t)
			return SV_ENOMEM;
		for (size_t i = 0; i < out->n_sums; i++)
			t[i] = (struct store_billing_total){
			        out->sums[i].provider_id, out->sums[i].amount, out->sums[i].n_lines,
			        out->sums[i].n_notices};
		crypto_hash_sha256_final(&x->digest, md);
		sodium_bin2hex(hex, sizeof(hex), md, sizeof(md));
		rc = store_billing_run_sealed(s->st, &w, x->run_id, t, out->n_sums, hex, err);
		free(t);
	}
	return rc;
}

enum sv_rc billing_runs_prepare(const struct svc *s, const struct billing_request *req,
                                struct billing_view *out, struct sv_error *err)
{
	struct prep x;
	enum sv_rc rc;
	bool tx = false;

	billing_view_init(out);
	if (svc_scope(s, ACT_BILLING_PREPARE) != SCOPE_ALL)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	if (!req || req->month == SV_NO_DATE || date_month_start(req->month) != req->month)
		return sv_error_set(err, SV_EINVAL, "month", "CAL-1",
		                    "the month is given as YYYY-MM");
	if (s->today == SV_NO_DATE)
		return sv_error_set(err, SV_EINVAL, "today", "CAL-1", "no date for the run");
	memset(&x, 0, sizeof(x));
	x.s = s;
	x.req = req;
	x.rows = req->with_rows || !req->dry_run;
	store_billing_batch_init(&x.batch);
	crypto_hash_sha256_init(&x.digest);
	if (!req->dry_run) {
		if ((rc = store_begin(s->st, err)))
			goto out;
		tx = true;
	}
	rc = prepare_run(&x, out, err);
	if (!rc && tx) {
		rc = store_commit(s->st, err);
		tx = false;
	}
	if (rc)
		goto out;
	out->run_id = x.run_id;
	out->n_unpriced = x.n_unpriced;
	out->month = req->month;
	snprintf(out->state, sizeof(out->state), "%s", req->dry_run ? "preview" : "draft");
	out->run_on = s->today;
	out->provider_id = req->provider_id;
	out->with_rows = req->with_rows;
	narrow_sums(out, req->provider_id);
	if (!(rc = name_sums(s, out, err)) && !(rc = municipality(s, out, err)))
		rc = log_rows(s, out, err);
out:
	if (tx)
		store_rollback(s->st);
	if (rc)
		billing_view_release(out);
	rows_release(&x.lines);
	rows_release(&x.notices);
	free(x.sl);
	free(x.sn);
	free(x.pos);
	ivbuf_release(&x.buf);
	store_billing_batch_release(&x.batch);
	runs_release(&x);
	params_release(&x.p);
	return rc;
}

/* ---- reading runs ----------------------------------------------------------------------- */

/* The provider a caller of scope PROVIDER is limited to, or 0; SV_ENOTFOUND for a conflict. */
static enum sv_rc reader_scope(const struct svc *s, int64_t *provider, bool *final_only,
                               struct sv_error *err)
{
	enum authz_scope scope = svc_scope(s, ACT_BILLING_READ);

	*final_only = false;
	switch (scope) {
	case SCOPE_ALL:
		return SV_OK;
	case SCOPE_PROVIDER:
		if (!s->who->provider_id || (*provider && *provider != s->who->provider_id))
			return sv_error_set(err, SV_ENOTFOUND, "provider_id", "X-3",
			                    "no such billing run");
		*provider = s->who->provider_id;
		*final_only = true;
		return SV_OK;
	default:
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	}
}

static enum sv_rc view_header(struct billing_view *v, const struct store_billing_run *r)
{
	v->run_id = r->id;
	v->month = r->month;
	snprintf(v->state, sizeof(v->state), "%s", r->state);
	v->run_on = r->run_on;
	v->created_at = r->created_at;
	v->created_by = r->created_by;
	v->confirmed_at = r->confirmed_at;
	v->confirmed_by = r->confirmed_by;
	v->params = dupstr(r->params);
	return v->params ? SV_OK : SV_ENOMEM;
}

static enum sv_rc view_sums(const struct svc *s, struct billing_view *v, int64_t provider,
                            struct sv_error *err)
{
	struct store_billing_total *t = NULL;
	size_t n = 0;
	enum sv_rc rc = store_billing_totals(s->st, s->tenant, v->run_id, provider, &t, &n, err);

	if (rc)
		return rc;
	v->sums = calloc(n ? n : 1, sizeof(*v->sums));
	if (!v->sums) {
		free(t);
		return SV_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		v->sums[i] = (struct billing_sum){t[i].provider_id, NULL,         NULL,
		                                  t[i].amount,      t[i].n_lines, t[i].n_notices};
	v->n_sums = n;
	free(t);
	narrow_sums(v, 0);
	return name_sums(s, v, err);
}

struct scan_ctx {
	struct billing_view *v;
	bool notices;
};

static enum sv_rc scan_row(void *ctx, const struct store_billing_line *l, struct sv_error *err)
{
	struct scan_ctx *c = ctx;
	struct billing_view *v = c->v;
	struct billing_row *r;
	enum sv_rc rc;

	(void)err;
	if (c->notices)
		rc = grow((void **)&v->notices, v->n_notice_rows, &v->alloc_notice_rows,
		          sizeof(*v->notices));
	else
		rc = grow((void **)&v->lines, v->n_rows, &v->alloc_rows, sizeof(*v->lines));
	if (rc)
		return rc;
	r = c->notices ? &v->notices[v->n_notice_rows] : &v->lines[v->n_rows];
	memset(r, 0, sizeof(*r));
	r->id = l->id;
	r->provider_id = l->provider_id;
	r->intervention_id = l->intervention_id;
	r->customer_id = l->customer_id;
	snprintf(r->kind, sizeof(r->kind), "%s", l->kind ? l->kind : "");
	snprintf(r->basis, sizeof(r->basis), "%s", l->basis ? l->basis : "");
	r->period = l->month;
	r->ref = l->ref;
	r->amount = l->amount;
	r->days = l->days;
	snprintf(r->scheme, sizeof(r->scheme), "%s", l->scheme ? l->scheme : "");
	r->rate = l->rate;
	r->from = l->from;
	r->to = l->to;
	snprintf(r->status, sizeof(r->status), "%s", l->status ? l->status : "");
	snprintf(r->rules, sizeof(r->rules), "%s", l->rules ? l->rules : "");
	r->deficiency = l->deficiency;
	r->explain = dupstr(l->explain);
	r->text = dupstr(l->explanation);
	if (!r->explain || !r->text) {
		row_release(r);
		return SV_ENOMEM;
	}
	if (c->notices)
		v->n_notice_rows++;
	else
		v->n_rows++;
	return SV_OK;
}

enum sv_rc billing_runs_get(const struct svc *s, int64_t run_id, int64_t provider_id,
                            bool with_rows, struct billing_view *out, struct sv_error *err)
{
	struct store_billing_run r = {0};
	bool final_only = false;
	enum sv_rc rc;

	billing_view_init(out);
	if ((rc = reader_scope(s, &provider_id, &final_only, err)))
		return rc;
	rc = store_billing_run_get(s->st, s->tenant, run_id, &r, err);
	if (!rc && final_only && strcmp(r.state, "final"))
		rc = sv_error_set(err, SV_ENOTFOUND, "id", "X-3", "no such billing run");
	if (!rc)
		rc = view_header(out, &r);
	store_billing_run_release(&r);
	out->provider_id = provider_id;
	if (!rc)
		rc = view_sums(s, out, provider_id, err);
	if (!rc)
		rc = municipality(s, out, err);
	if (!rc && with_rows) {
		struct scan_ctx c = {out, false};
		out->with_rows = true;
		rc = store_billing_lines_scan(s->st, s->tenant, run_id, provider_id, false,
		                              scan_row, &c, err);
		c.notices = true;
		if (!rc)
			rc = store_billing_lines_scan(s->st, s->tenant, run_id, provider_id, true,
			                              scan_row, &c, err);
	}
	if (!rc)
		rc = log_rows(s, out, err);
	if (rc)
		billing_view_release(out);
	return rc;
}

/* ---- confirm ---------------------------------------------------------------------------- */

enum sv_rc billing_runs_confirm(const struct svc *s, int64_t run_id, struct billing_view *out,
                                struct sv_error *err)
{
	struct store_billing_run r = {0};
	struct store_write w = svc_write(s, "billing run confirmed");
	char a[SV_DATE_STRLEN], b[SV_DATE_STRLEN], c[SV_DATE_STRLEN];
	int after = 0;
	sv_date earliest;
	enum sv_rc rc;

	billing_view_init(out);
	if (svc_scope(s, ACT_BILLING_CONFIRM) != SCOPE_ALL)
		return sv_error_set(err, SV_EFORBIDDEN, "", "X-3", "not allowed");
	if (!s->who)
		return sv_error_set(err, SV_EFORBIDDEN, "confirmed_by", "four-eyes",
		                    "a run is confirmed by a named finance user");
	if ((rc = store_billing_run_get(s->st, s->tenant, run_id, &r, err)))
		return rc;
	if (!strcmp(r.state, "final")) {
		out->already = true;
		goto view;
	}
	if (r.created_by == s->who->user_id) {
		rc = sv_error_set(err, SV_EFORBIDDEN, "confirmed_by", "four-eyes",
		                  "you prepared run %lld: another finance user confirms it",
		                  (long long)run_id);
		goto out;
	}
	/* KV-72: the run for M is made after day N (15) of M+1. */
	if ((rc = pack_number(s, RULES_P_PAYMENT_RUN_AFTER_DAY, r.month, "KV-72", true, &after,
	                      NULL, err)))
		goto out;
	earliest = next_month(r.month) + after;
	if (s->today < earliest) {
		rc = sv_error_set(err, SV_ESTATE, "today", "KV-72",
		                  "the run for %.7s is confirmed from %s (after day %d of the next "
		                  "month), not %s",
		                  date_format(r.month, a), date_format(earliest, b), after,
		                  date_format(s->today, c));
		goto out;
	}
	if ((rc = store_billing_run_confirm(s->st, &w, run_id, err)))
		goto out;
	store_billing_run_release(&r);
	if ((rc = store_billing_run_get(s->st, s->tenant, run_id, &r, err)))
		goto out;
view:
	rc = view_header(out, &r);
	if (!rc)
		rc = view_sums(s, out, 0, err);
	if (!rc)
		rc = municipality(s, out, err);
out:
	store_billing_run_release(&r);
	if (rc) {
		bool already = out->already;
		billing_view_release(out);
		out->already = already;
	}
	return rc;
}

/* ---- list -------------------------------------------------------------------------------- */

enum sv_rc billing_runs_list(const struct svc *s, sv_date month, struct store_page page,
                             struct billing_run_items *out, struct sv_error *err)
{
	struct store_billing_run_list l = {0};
	int64_t provider = 0;
	bool final_only = false;
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	if ((rc = reader_scope(s, &provider, &final_only, err)))
		return rc;
	rc = store_billing_run_list(s->st, s->tenant, month, final_only, page, &l, err);
	if (!rc && l.n) {
		out->v = calloc(l.n, sizeof(*out->v));
		if (!out->v)
			rc = SV_ENOMEM;
	}
	for (size_t i = 0; !rc && i < l.n; i++) {
		struct billing_run_item *it = &out->v[out->n++];
		struct store_billing_total *t = NULL;
		size_t n = 0;

		it->id = l.v[i].id;
		it->month = l.v[i].month;
		snprintf(it->state, sizeof(it->state), "%s", l.v[i].state);
		it->run_on = l.v[i].run_on;
		it->created_at = l.v[i].created_at;
		it->created_by = l.v[i].created_by;
		it->confirmed_at = l.v[i].confirmed_at;
		it->confirmed_by = l.v[i].confirmed_by;
		rc = store_billing_totals(s->st, s->tenant, it->id, provider, &t, &n, err);
		for (size_t k = 0; !rc && k < n; k++)
			it->total += t[k].amount;
		free(t);
	}
	out->next = l.next;
	store_billing_run_list_release(&l);
	if (rc)
		billing_run_items_release(out);
	return rc;
}
