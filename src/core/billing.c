/*
 * The billing engine (KV-50, KV-52, KV-60 ... KV-63, KV-70 ... KV-74, JP-7,
 * JP-8): the lines of the payment run for month M. Contract in
 * include/stegvis/billing.h, reasoning in docs/internals/billing.md.
 *
 * Per intervention the work is: validate the facts, lay out one slot per
 * (month, basis) from the first month reconciled to M plus one per
 * supplement and the bonus, attach what earlier runs paid, decide for each
 * slot whether it gives a payment, an adjustment or a notice, and append.
 * The slots live in a scratch array owned by the run and reused, so a run
 * allocates only when an array has to grow.
 */
#include "stegvis/billing.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most months one intervention may reconcile (open_from .. M). */
#define MAX_MONTHS 1200

struct billing_scheme_ {
	char code[BILLING_SCHEME_MAX + 1];
	size_t first, n; /* its rates in run->rates, by valid_from */
};

/* One basis of one intervention while it is being computed. */
struct ent {
	struct billing_line l; /* key, explanation; l.amount is the entitlement */
	int mi;                /* month index of l.period */
	sv_money paid;         /* sum of earlier lines for the key */
	bool present;          /* an entitlement was computed (l.amount may be 0) */
	bool has_paid;
	bool due;
	bool forfeited;
	bool emit_line, emit_notice;
};

/* ---- names -------------------------------------------------------------- */

static const char *const end_names[BILLING_END_REASON_COUNT] = {
        "running", "completed", "early", "aborted", "self_sufficient",
};
static const char *const basis_names[BILLING_BASIS_COUNT] = {
        "voucher",
        "abort",
        "supplement",
        "bonus",
};
static const char *const kind_names[BILLING_KIND_COUNT] = {
        "voucher", "voucher_released", "abort", "supplement",
        "bonus",   "adjustment",       "held",  "forfeited",
};
static const char *const status_names[BILLING_STATUS_COUNT] = {
        "none",
        "report_on_time",
        "report_resubmitted",
        "report_late",
        "report_resubmitted_late",
        "report_missing",
        "report_returned",
        "final_on_time",
        "final_late",
        "final_pending",
        "final_missed",
        "decided",
        "bonus_proven",
        "bonus_short",
        "bonus_no_proof",
};
static const char *const rule_ids[BILLING_RULE_BITS] = {
        "KV-32", "KV-50", "KV-53", "KV-60", "KV-61", "KV-62", "KV-63",
        "KV-70", "KV-71", "KV-72", "KV-73", "JP-7",  "JP-8",  "CAL-3a",
};

const char *billing_end_reason_name(enum billing_end_reason r)
{
	return (unsigned)r < BILLING_END_REASON_COUNT ? end_names[r] : "?";
}

const char *billing_basis_name(enum billing_basis b)
{
	return (unsigned)b < BILLING_BASIS_COUNT ? basis_names[b] : "?";
}

const char *billing_kind_name(enum billing_kind k)
{
	return (unsigned)k < BILLING_KIND_COUNT ? kind_names[k] : "?";
}

const char *billing_status_name(enum billing_status s)
{
	return (unsigned)s < BILLING_STATUS_COUNT ? status_names[s] : "?";
}

const char *billing_rule_id(unsigned bit)
{
	for (unsigned i = 0; i < BILLING_RULE_BITS; i++)
		if (bit == 1u << i)
			return rule_ids[i];
	return NULL;
}

static int name_index(const char *const *names, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return (int)i;
	return -1;
}

enum sv_rc billing_end_reason_parse(const char *s, size_t len, enum billing_end_reason *out,
                                    const char *field, struct sv_error *err)
{
	int i = s ? name_index(end_names, BILLING_END_REASON_COUNT, s, len) : -1;
	if (i < 0)
		return sv_error_set(err, SV_EINVAL, field, "KV-52",
		                    "unknown end reason \"%.*s\" (running, completed, early, "
		                    "aborted, self_sufficient)",
		                    (int)(s && len < 40 ? len : 0), s ? s : "");
	*out = (enum billing_end_reason)i;
	return SV_OK;
}

enum sv_rc billing_basis_parse(const char *s, size_t len, enum billing_basis *out,
                               const char *field, struct sv_error *err)
{
	int i = s ? name_index(basis_names, BILLING_BASIS_COUNT, s, len) : -1;
	if (i < 0)
		return sv_error_set(err, SV_EINVAL, field, "KV-70",
		                    "unknown basis \"%.*s\" (voucher, abort, supplement, bonus)",
		                    (int)(s && len < 40 ? len : 0), s ? s : "");
	*out = (enum billing_basis)i;
	return SV_OK;
}

/* ---- months ------------------------------------------------------------- */

/* Months since year 0: y * 12 + m - 1. */
static int month_index(sv_date d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return y * 12 + m - 1;
}

static sv_date month_at(int idx)
{
	return date_from_ymd(idx / 12, idx % 12 + 1, 1);
}

static bool is_month_first(sv_date d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return dd == 1;
}

static bool is_month_last(sv_date d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return dd == date_days_in_month(y, m);
}

static sv_date dmax2(sv_date a, sv_date b)
{
	return a > b ? a : b;
}

static sv_date dmin2(sv_date a, sv_date b)
{
	return a < b ? a : b;
}

static const char *month_str(sv_date d, char out[SV_DATE_STRLEN])
{
	date_format(d, out);
	out[7] = '\0';
	return out;
}

/*
 * Month index of d, and whether d is the first day of its month. O(1) with
 * no calendar conversion for dates inside the cut-off table (where nearly
 * every date of a run lies): the table's month starts are precomputed.
 */
static int month_of(const struct billing_run *run, sv_date d, bool *first)
{
	const sv_date *ms = run->mstart;
	size_t n = run->p.n_cutoffs;
	int y, m, dd;

	if (ms && d >= ms[0] && d < ms[n]) {
		/* 12 months in 365 days: never more than one month off. */
		size_t k = (size_t)((int64_t)(d - ms[0]) * 12 / 365);
		if (k >= n)
			k = n - 1;
		while (k + 1 < n && ms[k + 1] <= d)
			k++;
		while (k > 0 && ms[k] > d)
			k--;
		if (first)
			*first = ms[k] == d;
		return run->cut_mi0 + (int)k;
	}
	date_to_ymd(d, &y, &m, &dd);
	if (first)
		*first = dd == 1;
	return y * 12 + m - 1;
}

/* First day of month index mi. */
static sv_date month_first_of(const struct billing_run *run, int mi)
{
	int k = mi - run->cut_mi0;
	if (run->mstart && k >= 0 && (size_t)k <= run->p.n_cutoffs)
		return run->mstart[k];
	return month_at(mi);
}

static bool first_of_month(const struct billing_run *run, sv_date d)
{
	bool first;
	month_of(run, d, &first);
	return first;
}

enum sv_rc billing_cutoffs_fill(struct billing_cutoff *out, size_t n, sv_date first_month,
                                int submit_day, int resubmit_day,
                                enum sv_rc (*roll)(void *ctx, sv_date due, sv_date *out,
                                                   struct sv_error *err),
                                void *ctx, struct sv_error *err)
{
	int mi;
	enum sv_rc rc;

	if (first_month < date_from_ymd(SV_DATE_MIN_YEAR, 1, 1) ||
	    first_month > date_from_ymd(SV_DATE_MAX_YEAR, 12, 31) || !is_month_first(first_month))
		return sv_error_set(err, SV_EINVAL, "first_month", "KV-32",
		                    "not the first day of a supported month");
	if (submit_day < 1 || submit_day > 28 || resubmit_day < submit_day || resubmit_day > 28)
		return sv_error_set(
		        err, SV_EINVAL, "resubmit_day", "KV-32",
		        "days must satisfy 1 <= submit_day (%d) <= resubmit_day (%d) <= 28",
		        submit_day, resubmit_day);
	mi = month_index(first_month);
	/* The deadlines of the last month lie in the month after it. */
	if (n > (size_t)MAX_MONTHS * 10 || (long)mi + (long)n + 1 > SV_DATE_MAX_YEAR * 12L + 11)
		return sv_error_set(err, SV_ERANGE, "n", "KV-32", "too many months: %zu", n);
	for (size_t i = 0; i < n; i++) {
		struct billing_cutoff c;
		sv_date next = month_at(mi + (int)i + 1);

		c.month = month_at(mi + (int)i);
		c.submit_by = next + submit_day - 1;
		c.resubmit_by = next + resubmit_day - 1;
		if (roll) {
			if ((rc = roll(ctx, c.submit_by, &c.submit_by, err)) != SV_OK ||
			    (rc = roll(ctx, c.resubmit_by, &c.resubmit_by, err)) != SV_OK)
				return rc;
		}
		out[i] = c;
	}
	return SV_OK;
}

/* ---- the run: set-up ---------------------------------------------------- */

void billing_run_init(struct billing_run *run)
{
	memset(run, 0, sizeof(*run));
}

void billing_run_release(struct billing_run *run)
{
	free(run->lines);
	free(run->notices);
	free(run->totals);
	free(run->rates);
	free(run->cutoffs);
	free(run->schemes);
	free(run->ents);
	free(run->order);
	free(run->keys);
	free(run->mstart);
	billing_run_init(run);
}

static bool date_ok(const struct billing_run *run, sv_date d)
{
	return d >= run->dmin && d <= run->dmax;
}

struct rate_ix {
	struct billing_rate r;
	size_t orig;
};

static int cmp_rate_ix(const void *a, const void *b)
{
	const struct rate_ix *x = a, *y = b;
	int c = strcmp(x->r.scheme, y->r.scheme);
	if (c)
		return c;
	if (x->r.valid_from != y->r.valid_from)
		return x->r.valid_from < y->r.valid_from ? -1 : 1;
	return x->orig < y->orig ? -1 : x->orig > y->orig;
}

static enum sv_rc check_rates(struct billing_run *run, const struct billing_params *p,
                              struct rate_ix *ix, struct sv_error *err)
{
	char f[64], a[SV_DATE_STRLEN];

	for (size_t i = 0; i < p->n_rates; i++) {
		const struct billing_rate *r = &p->rates[i];
		size_t len = r->scheme ? strlen(r->scheme) : 0;

		if (len == 0 || len > BILLING_SCHEME_MAX) {
			snprintf(f, sizeof(f), "rates[%zu].scheme", i);
			return sv_error_set(err, SV_EINVAL, f, "KV-70",
			                    "a scheme code of 1 to %d characters is required",
			                    BILLING_SCHEME_MAX);
		}
		if (r->monthly < 0 || r->monthly > BILLING_MAX_AMOUNT) {
			snprintf(f, sizeof(f), "rates[%zu].monthly", i);
			return sv_error_set(err, SV_EINVAL, f, "KV-70",
			                    "a monthly voucher must be 0 to %" PRId64
			                    " öre, got %" PRId64,
			                    (int64_t)BILLING_MAX_AMOUNT, (int64_t)r->monthly);
		}
		if (!date_ok(run, r->valid_from) || !is_month_first(r->valid_from)) {
			snprintf(f, sizeof(f), "rates[%zu].valid_from", i);
			return sv_error_set(err, SV_EINVAL, f, "CAL-3a",
			                    "a rate is valid from the first day of a month");
		}
		if (r->valid_to != BILLING_OPEN_END &&
		    (!date_ok(run, r->valid_to) || !is_month_last(r->valid_to) ||
		     r->valid_to < r->valid_from)) {
			snprintf(f, sizeof(f), "rates[%zu].valid_to", i);
			return sv_error_set(
			        err, SV_EINVAL, f, "CAL-3a",
			        "a rate is valid to the last day of a month on or after "
			        "valid_from %s (or open)",
			        date_format(r->valid_from, a));
		}
		ix[i].r = *r;
		ix[i].orig = i;
	}
	qsort(ix, p->n_rates, sizeof(*ix), cmp_rate_ix);
	for (size_t i = 1; i < p->n_rates; i++) {
		if (strcmp(ix[i].r.scheme, ix[i - 1].r.scheme) == 0 &&
		    (ix[i - 1].r.valid_to == BILLING_OPEN_END ||
		     ix[i].r.valid_from <= ix[i - 1].r.valid_to)) {
			snprintf(f, sizeof(f), "rates[%zu].valid_from", ix[i].orig);
			return sv_error_set(err, SV_EINVAL, f, "CAL-3a",
			                    "%s overlaps rates[%zu]: two %s rates valid on one day",
			                    date_format(ix[i].r.valid_from, a), ix[i - 1].orig,
			                    ix[i].r.scheme);
		}
	}
	return SV_OK;
}

static enum sv_rc check_cutoffs(struct billing_run *run, const struct billing_params *p,
                                struct sv_error *err)
{
	char f[64], a[SV_DATE_STRLEN];

	if (!p->cutoffs || p->n_cutoffs == 0 || p->n_cutoffs > (size_t)MAX_MONTHS)
		return sv_error_set(err, SV_EINVAL, "cutoffs", "KV-72",
		                    "1 to %d months of cut-offs are required", MAX_MONTHS);
	for (size_t i = 0; i < p->n_cutoffs; i++) {
		const struct billing_cutoff *c = &p->cutoffs[i];
		sv_date next;

		snprintf(f, sizeof(f), "cutoffs[%zu].month", i);
		if (!date_ok(run, c->month) || !is_month_first(c->month) ||
		    month_index(c->month) >= SV_DATE_MAX_YEAR * 12 + 11)
			return sv_error_set(err, SV_EINVAL, f, "KV-72",
			                    "not the first day of a month");
		if (i > 0 && month_index(c->month) != month_index(p->cutoffs[i - 1].month) + 1)
			return sv_error_set(err, SV_EINVAL, f, "KV-72",
			                    "cut-offs must be consecutive months, oldest first");
		next = month_at(month_index(c->month) + 1);
		snprintf(f, sizeof(f), "cutoffs[%zu].submit_by", i);
		if (!date_ok(run, c->submit_by) || c->submit_by < next)
			return sv_error_set(err, SV_EINVAL, f, "KV-72",
			                    "the cut-off of a month lies after it, on or after %s",
			                    date_format(next, a));
		if (i > 0 && c->submit_by <= p->cutoffs[i - 1].submit_by)
			return sv_error_set(err, SV_EINVAL, f, "KV-72",
			                    "cut-offs must increase from month to month");
		snprintf(f, sizeof(f), "cutoffs[%zu].resubmit_by", i);
		if (!date_ok(run, c->resubmit_by) || c->resubmit_by < c->submit_by)
			return sv_error_set(
			        err, SV_EINVAL, f, "KV-32",
			        "the resubmission deadline cannot precede the cut-off %s",
			        date_format(c->submit_by, a));
		if (i > 0 && c->resubmit_by <= p->cutoffs[i - 1].resubmit_by)
			return sv_error_set(
			        err, SV_EINVAL, f, "KV-32",
			        "resubmission deadlines must increase from month to month");
	}
	if (month_index(p->month) < month_index(p->cutoffs[0].month) ||
	    month_index(p->month) > month_index(p->cutoffs[p->n_cutoffs - 1].month))
		return sv_error_set(err, SV_EINVAL, "cutoffs", "KV-72",
		                    "no cut-off for the run month %s", month_str(p->month, a));
	return SV_OK;
}

enum sv_rc billing_run_begin(struct billing_run *run, const struct billing_params *p,
                             struct sv_error *err)
{
	struct rate_ix *ix = NULL;
	enum sv_rc rc = SV_OK;
	char f[64];

	if (run->begun)
		return sv_error_set(err, SV_ESTATE, "", "", "the run was begun already");
	run->dmin = date_from_ymd(SV_DATE_MIN_YEAR, 1, 1);
	run->dmax = date_from_ymd(SV_DATE_MAX_YEAR, 12, 31);
	if (!p)
		return sv_error_set(err, SV_EINVAL, "", "", "no parameters");
	if (!date_ok(run, p->month) || !is_month_first(p->month))
		return sv_error_set(err, SV_EINVAL, "month", "CAL-1",
		                    "the run month is given by its first day");
	if (!date_ok(run, p->today))
		return sv_error_set(err, SV_EINVAL, "today", "CAL-1", "not a supported date");
	if (p->abort_paid_days < 0 || p->abort_paid_days > 366)
		return sv_error_set(err, SV_EINVAL, "abort_paid_days", "KV-62",
		                    "0 to 366 days, got %d", p->abort_paid_days);
	if (p->max_extension_months < 0 || p->max_extension_months > 24)
		return sv_error_set(err, SV_EINVAL, "max_extension_months", "KV-50",
		                    "0 to 24 months, got %d", p->max_extension_months);
	if (p->n_supplement_amounts > sizeof(run->supp) / sizeof(run->supp[0]) ||
	    (p->n_supplement_amounts && !p->supplement_amounts))
		return sv_error_set(err, SV_EINVAL, "supplement_amounts", "JP-7",
		                    "at most %zu amounts",
		                    sizeof(run->supp) / sizeof(run->supp[0]));
	for (size_t i = 0; i < p->n_supplement_amounts; i++) {
		if (p->supplement_amounts[i] <= 0 ||
		    p->supplement_amounts[i] > BILLING_MAX_AMOUNT) {
			snprintf(f, sizeof(f), "supplement_amounts[%zu]", i);
			return sv_error_set(err, SV_EINVAL, f, "JP-7",
			                    "a supplementary voucher is a positive amount");
		}
		run->supp[i] = p->supplement_amounts[i];
	}
	if (p->n_rates && !p->rates)
		return sv_error_set(err, SV_EINVAL, "rates", "KV-70", "no rate table");
	if ((rc = check_cutoffs(run, p, err)) != SV_OK)
		return rc;

	if (p->n_rates) {
		ix = calloc(p->n_rates, sizeof(*ix));
		run->rates = calloc(p->n_rates, sizeof(*run->rates));
		run->schemes = calloc(p->n_rates, sizeof(*run->schemes));
		if (!ix || !run->rates || !run->schemes) {
			rc = sv_error_set(err, SV_ENOMEM, "", "", "out of memory");
			goto out;
		}
	}
	run->cutoffs = calloc(p->n_cutoffs, sizeof(*run->cutoffs));
	run->mstart = calloc(p->n_cutoffs + 1, sizeof(*run->mstart));
	if (!run->cutoffs || !run->mstart) {
		rc = sv_error_set(err, SV_ENOMEM, "", "", "out of memory");
		goto out;
	}
	if ((rc = check_rates(run, p, ix, err)) != SV_OK)
		goto out;
	/* Intern the scheme codes; each rate points at its scheme's copy. */
	for (size_t i = 0; i < p->n_rates; i++) {
		struct billing_scheme_ *s;

		if (run->n_schemes == 0 ||
		    strcmp(run->schemes[run->n_schemes - 1].code, ix[i].r.scheme) != 0) {
			s = &run->schemes[run->n_schemes++];
			memcpy(s->code, ix[i].r.scheme, strlen(ix[i].r.scheme) + 1);
			s->first = i;
		}
		s = &run->schemes[run->n_schemes - 1];
		s->n++;
		run->rates[i] = ix[i].r;
		run->rates[i].scheme = s->code;
	}
	memcpy(run->cutoffs, p->cutoffs, p->n_cutoffs * sizeof(*run->cutoffs));
	run->p = *p;
	run->p.rates = run->rates;
	run->p.cutoffs = run->cutoffs;
	run->p.supplement_amounts = run->supp;
	run->cut_mi0 = month_index(p->cutoffs[0].month);
	run->run_mi = month_index(p->month);
	for (size_t k = 0; k <= p->n_cutoffs; k++)
		run->mstart[k] = month_at(run->cut_mi0 + (int)k);
	run->begun = true;
out:
	free(ix);
	if (rc != SV_OK) {
		free(run->rates);
		free(run->schemes);
		free(run->cutoffs);
		free(run->mstart);
		run->mstart = NULL;
		run->rates = NULL;
		run->schemes = NULL;
		run->cutoffs = NULL;
		run->n_schemes = 0;
	}
	return rc;
}

/* ---- one intervention: validation --------------------------------------- */

static enum sv_rc ivbad(struct sv_error *err, const struct billing_intervention *iv,
                        const char *field, const char *rule, const char *fmt, ...) SV_PRINTF(5, 6);

static enum sv_rc ivbad(struct sv_error *err, const struct billing_intervention *iv,
                        const char *field, const char *rule, const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sv_error_set(err, SV_EINVAL, field, rule, "intervention %" PRId64 ": %s", iv->id,
	                    msg);
}

/* ivbad() for the field array[i].member (member NULL: array[i]); the field
 * name is formatted only when there is an error. */
static enum sv_rc ivbad_at(struct sv_error *err, const struct billing_intervention *iv,
                           const char *array, size_t i, const char *member, const char *rule,
                           const char *fmt, ...) SV_PRINTF(7, 8);

static enum sv_rc ivbad_at(struct sv_error *err, const struct billing_intervention *iv,
                           const char *array, size_t i, const char *member, const char *rule,
                           const char *fmt, ...)
{
	char f[96], msg[320];
	va_list ap;

	snprintf(f, sizeof(f), "%s[%zu]%s%s", array, i, member ? "." : "", member ? member : "");
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ivbad(err, iv, f, rule, "%s", msg);
}

/* An optional date: NO_DATE or a supported date. */
static bool opt_ok(const struct billing_run *run, sv_date d)
{
	return d == BILLING_NO_DATE || date_ok(run, d);
}

/* Facts derived once per intervention. */
struct ivctx {
	const struct billing_intervention *iv;
	const struct billing_scheme_ *sch;
	sv_date pe;      /* planned end after extensions */
	sv_date e;       /* the end: decided, else planned */
	sv_date paid_to; /* the last day paid: e, or e + the KV-62 days */
	int mi_end, mi_paid_to, mi_lo, nm;
	const struct billing_cutoff *run_cut;
};

static const struct billing_scheme_ *find_scheme(struct billing_run *run, const char *code)
{
	if (run->last_scheme < run->n_schemes &&
	    strcmp(run->schemes[run->last_scheme].code, code) == 0)
		return &run->schemes[run->last_scheme];
	for (size_t i = 0; i < run->n_schemes; i++) {
		if (strcmp(run->schemes[i].code, code) == 0) {
			run->last_scheme = i;
			return &run->schemes[i];
		}
	}
	return NULL;
}

static enum sv_rc check_reports(const struct billing_run *run,
                                const struct billing_intervention *iv, struct sv_error *err)
{
	char a[SV_DATE_STRLEN], b[SV_DATE_STRLEN];
	sv_date today = run->p.today;

	if (iv->n_reports && !iv->reports)
		return ivbad(err, iv, "reports", "KV-32", "missing array");
	for (size_t i = 0; i < iv->n_reports; i++) {
		const struct billing_report *r = &iv->reports[i];

		if (!date_ok(run, r->month) || !first_of_month(run, r->month))
			return ivbad_at(err, iv, "reports", i, "month", "KV-32",
			                "a report's month is given by its first day");
		if (i > 0 && r->month <= iv->reports[i - 1].month)
			return ivbad_at(
			        err, iv, "reports", i, "month", "KV-32",
			        "reports must be sorted by month, one per month (%s after %s)",
			        month_str(r->month, a), month_str(iv->reports[i - 1].month, b));
		if (!opt_ok(run, r->submitted) ||
		    (r->submitted != BILLING_NO_DATE &&
		     (r->submitted < r->month || r->submitted > today)))
			return ivbad_at(
			        err, iv, "reports", i, "submitted", "KV-32",
			        "a report is submitted on or after the first day of its month "
			        "and not after today %s",
			        date_format(today, a));
		if (r->returned && r->submitted == BILLING_NO_DATE)
			return ivbad_at(err, iv, "reports", i, "returned", "KV-32",
			                "only a submitted report can be returned");
		if (!opt_ok(run, r->resubmitted) ||
		    (r->resubmitted != BILLING_NO_DATE &&
		     (!r->returned || r->resubmitted < r->submitted || r->resubmitted > today)))
			return ivbad_at(err, iv, "reports", i, "resubmitted", "KV-32",
			                "a resubmission follows a return, on or after the first "
			                "submission and not after today");
		if (!opt_ok(run, r->approved) ||
		    (r->approved != BILLING_NO_DATE &&
		     (r->submitted == BILLING_NO_DATE || r->approved < r->submitted ||
		      r->approved > today)))
			return ivbad_at(
			        err, iv, "reports", i, "approved", "KV-32",
			        "an approval follows the submission and is not after today");
	}
	return SV_OK;
}

static bool supplement_amount_ok(const struct billing_run *run, sv_money m)
{
	for (size_t i = 0; i < run->p.n_supplement_amounts; i++)
		if (run->supp[i] == m)
			return true;
	return false;
}

static enum sv_rc check_extras(const struct billing_run *run, const struct ivctx *c,
                               struct sv_error *err)
{
	const struct billing_intervention *iv = c->iv;
	char a[SV_DATE_STRLEN], m[SV_MONEY_STRLEN];
	sv_date today = run->p.today;

	if (iv->n_supplements && !iv->supplements)
		return ivbad(err, iv, "supplements", "JP-7", "missing array");
	for (size_t i = 0; i < iv->n_supplements; i++) {
		const struct billing_supplement *s = &iv->supplements[i];

		if (s->id <= 0)
			return ivbad_at(err, iv, "supplements", i, "id", "JP-7",
			                "a decision id is positive");
		for (size_t j = 0; j < i; j++)
			if (iv->supplements[j].id == s->id)
				return ivbad_at(err, iv, "supplements", i, "id", "JP-7",
				                "decision %" PRId64 " given twice", s->id);
		if (!supplement_amount_ok(run, s->amount))
			return ivbad_at(err, iv, "supplements", i, "amount", "JP-7",
			                "%s is not a supplementary voucher a counsellor may decide",
			                money_format_sv(s->amount, m));
		if (!date_ok(run, s->decided) || s->decided < iv->start || s->decided > today)
			return ivbad_at(err, iv, "supplements", i, "decided", "JP-7",
			                "a supplement is decided on or after the start %s and not "
			                "after today",
			                date_format(iv->start, a));
	}
	if (iv->bonus) {
		const struct billing_bonus *b = iv->bonus;

		if (iv->end_reason != BILLING_END_SELF_SUFFICIENT)
			return ivbad(err, iv, "bonus", "JP-8",
			             "a bonus needs an intervention ended for self-sufficiency, "
			             "not \"%s\"",
			             billing_end_reason_name(iv->end_reason));
		if (b->amount <= 0 || b->amount > BILLING_MAX_AMOUNT)
			return ivbad(err, iv, "bonus.amount", "JP-8",
			             "a bonus is a positive amount, got %s",
			             money_format_sv(b->amount, m));
		if (!opt_ok(run, b->proof_recorded) ||
		    (b->proof_recorded != BILLING_NO_DATE &&
		     (b->proof_recorded <= c->e || b->proof_recorded > today)))
			return ivbad(err, iv, "bonus.proof_recorded", "JP-8",
			             "proof is recorded after the end %s and not after today",
			             date_format(c->e, a));
		if (!opt_ok(run, b->proven_through) ||
		    (b->proven_through != BILLING_NO_DATE &&
		     (b->proof_recorded == BILLING_NO_DATE || b->proven_through <= c->e ||
		      b->proven_through > b->proof_recorded)))
			return ivbad(err, iv, "bonus.proven_through", "JP-8",
			             "proof covers days after the end %s up to the day it is "
			             "recorded, and needs proof_recorded",
			             date_format(c->e, a));
	}
	if (iv->n_paid && !iv->paid)
		return ivbad(err, iv, "paid", "X-4", "missing array");
	for (size_t i = 0; i < iv->n_paid; i++) {
		const struct billing_paid *p = &iv->paid[i];

		if ((unsigned)p->basis >= BILLING_BASIS_COUNT)
			return ivbad_at(err, iv, "paid", i, "basis", "X-4", "unknown basis %d",
			                (int)p->basis);
		if (!date_ok(run, p->period) || !first_of_month(run, p->period))
			return ivbad_at(err, iv, "paid", i, "period", "CAL-1",
			                "a period is given by its first day");
		if ((p->basis == BILLING_BASIS_SUPPLEMENT) != (p->ref > 0) || p->ref < 0)
			return ivbad_at(
			        err, iv, "paid", i, "ref", "X-4",
			        "a supplement line names its decision, other lines have ref 0");
		if (p->amount > BILLING_MAX_AMOUNT || p->amount < -BILLING_MAX_AMOUNT)
			return ivbad_at(err, iv, "paid", i, "amount", "CAL-5",
			                "amount out of range");
	}
	return SV_OK;
}

/* Validate iv and derive the context. */
static enum sv_rc check_intervention(struct billing_run *run, const struct billing_intervention *iv,
                                     struct ivctx *c, struct sv_error *err)
{
	char a[SV_DATE_STRLEN], b[SV_DATE_STRLEN];
	enum sv_rc rc;
	int mi_start, mi_run = run->run_mi;

	memset(c, 0, sizeof(*c));
	c->iv = iv;
	if (iv->id <= 0)
		return ivbad(err, iv, "id", "X-4", "an intervention id is positive");
	if (iv->provider_id <= 0)
		return ivbad(err, iv, "provider_id", "X-4", "a provider id is positive");
	if (!iv->scheme || !(c->sch = find_scheme(run, iv->scheme)))
		return ivbad(err, iv, "scheme", "KV-70", "no rate for scheme \"%.32s\"",
		             iv->scheme ? iv->scheme : "");
	if (!date_ok(run, iv->start))
		return ivbad(err, iv, "start", "CAL-1", "not a supported date");
	if (!date_ok(run, iv->planned_end) || iv->planned_end < iv->start)
		return ivbad(err, iv, "planned_end", "KV-1",
		             "the planned end cannot precede the start %s",
		             date_format(iv->start, a));
	c->pe = iv->planned_end;
	if (iv->extended_end != BILLING_NO_DATE) {
		sv_date max = date_add_months(iv->planned_end, run->p.max_extension_months);
		if (!date_ok(run, iv->extended_end) || iv->extended_end < iv->planned_end ||
		    iv->extended_end > max)
			return ivbad(err, iv, "extended_end", "KV-50",
			             "an extension runs from the planned end %s to at most %s "
			             "(%d months)",
			             date_format(iv->planned_end, a), date_format(max, b),
			             run->p.max_extension_months);
		c->pe = iv->extended_end;
	}
	if ((unsigned)iv->end_reason >= BILLING_END_REASON_COUNT)
		return ivbad(err, iv, "end_reason", "KV-52", "unknown end reason %d",
		             (int)iv->end_reason);
	if (iv->end_reason == BILLING_END_NONE) {
		if (iv->end != BILLING_NO_DATE)
			return ivbad(err, iv, "end", "KV-52",
			             "an end date needs an end reason (the intervention is "
			             "\"running\")");
		c->e = c->pe;
	} else {
		if (!date_ok(run, iv->end))
			return ivbad(err, iv, "end", "KV-52",
			             "an ended intervention needs its end date");
		if (iv->end < iv->start)
			return ivbad(err, iv, "end", "KV-52", "the end %s is before the start %s",
			             date_format(iv->end, a), date_format(iv->start, b));
		if (iv->end > c->pe)
			return ivbad(err, iv, "end", "KV-50",
			             "the end %s is after the planned end %s without an extension",
			             date_format(iv->end, a), date_format(c->pe, b));
		if (iv->end_reason == BILLING_END_COMPLETED && iv->end != c->pe)
			return ivbad(err, iv, "end", "KV-60",
			             "a completed intervention ends on its planned end %s, not %s",
			             date_format(c->pe, a), date_format(iv->end, b));
		c->e = iv->end;
	}
	c->paid_to = c->e;
	if (iv->end_reason == BILLING_END_ABORTED)
		c->paid_to = c->e + run->p.abort_paid_days;
	if (!date_ok(run, c->paid_to))
		return ivbad(err, iv, "end", "KV-62", "the paid days run past the supported dates");
	c->mi_end = month_of(run, c->e, NULL);
	c->mi_paid_to = month_of(run, c->paid_to, NULL);

	if (!opt_ok(run, iv->open_from) ||
	    (iv->open_from != BILLING_NO_DATE && !first_of_month(run, iv->open_from)))
		return ivbad(err, iv, "open_from", "CAL-1", "a month is given by its first day");
	mi_start = month_of(run, iv->start, NULL);
	if (iv->open_from != BILLING_NO_DATE) {
		c->mi_lo = month_of(run, iv->open_from, NULL);
	} else {
		/* Everything: from the start, or an earlier month paid before a
		 * retroactive change of the start. */
		c->mi_lo = mi_start;
		for (size_t i = 0; iv->paid && i < iv->n_paid; i++) {
			int mi;
			if ((iv->paid[i].basis != BILLING_BASIS_VOUCHER &&
			     iv->paid[i].basis != BILLING_BASIS_ABORT) ||
			    !date_ok(run, iv->paid[i].period))
				continue;
			mi = month_of(run, iv->paid[i].period, NULL);
			if (mi < c->mi_lo)
				c->mi_lo = mi;
		}
	}
	c->nm = mi_run >= c->mi_lo ? mi_run - c->mi_lo + 1 : 0;
	if (c->nm > MAX_MONTHS)
		return ivbad(err, iv, "open_from", "X-4",
		             "more than %d months to reconcile; pass open_from", MAX_MONTHS);
	c->run_cut = &run->cutoffs[run->run_mi - run->cut_mi0];

	/* The final report decides the last month once it is reconciled. */
	if (!opt_ok(run, iv->final_submitted) || !opt_ok(run, iv->final_due) ||
	    !opt_ok(run, iv->final_last))
		return ivbad(err, iv, "final_due", "CAL-1", "not a supported date");
	if (iv->final_submitted != BILLING_NO_DATE &&
	    (iv->final_submitted < iv->start || iv->final_submitted > run->p.today))
		return ivbad(err, iv, "final_submitted", "KV-63",
		             "a final report is submitted after the start and not after today %s",
		             date_format(run->p.today, a));
	if (c->mi_end <= mi_run && c->mi_paid_to >= c->mi_lo) {
		if (iv->final_due == BILLING_NO_DATE)
			return ivbad(err, iv, "final_due", "KV-63",
			             "the month of the end, %s, is billed: the final report's "
			             "deadline is needed",
			             month_str(c->e, a));
		if (iv->final_last == BILLING_NO_DATE)
			return ivbad(err, iv, "final_last", "KV-63",
			             "the month of the end, %s, is billed: the last day for the "
			             "final report is needed",
			             month_str(c->e, a));
	}
	if (iv->final_due != BILLING_NO_DATE && iv->final_due < iv->start)
		return ivbad(err, iv, "final_due", "KV-63", "the deadline precedes the start %s",
		             date_format(iv->start, a));
	if (iv->final_last != BILLING_NO_DATE && iv->final_last < c->e)
		return ivbad(err, iv, "final_last", "KV-63",
		             "a final report may be submitted up to 14 days after the end %s, "
		             "so its last day cannot precede it",
		             date_format(c->e, a));
	if ((rc = check_reports(run, iv, err)) != SV_OK)
		return rc;
	return check_extras(run, c, err);
}

/* ---- one intervention: computation -------------------------------------- */

static const struct billing_rate *rate_of(const struct billing_run *run,
                                          const struct billing_scheme_ *s, sv_date month_first)
{
	for (size_t i = s->first; i < s->first + s->n; i++) {
		const struct billing_rate *r = &run->rates[i];
		if (r->valid_from <= month_first &&
		    (r->valid_to == BILLING_OPEN_END || month_first <= r->valid_to))
			return r;
	}
	return NULL;
}

static const struct billing_cutoff *cutoff_of(const struct billing_run *run, int mi)
{
	int k = mi - run->cut_mi0;
	return k >= 0 && (size_t)k < run->p.n_cutoffs ? &run->cutoffs[k] : NULL;
}

static const struct billing_report *report_of(const struct billing_intervention *iv, sv_date month)
{
	size_t lo = 0, hi = iv->n_reports;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (iv->reports[mid].month < month)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < iv->n_reports && iv->reports[lo].month == month ? &iv->reports[lo] : NULL;
}

/* The key of a slot only: enough to order it and to know it is empty. */
static void ent_key(struct ent *e, enum billing_basis basis, sv_date period, int mi, int64_t ref)
{
	e->l.basis = basis;
	e->l.period = period;
	e->l.ref = ref;
	e->mi = mi;
	e->paid = 0;
	e->present = e->has_paid = e->due = e->forfeited = false;
	e->emit_line = e->emit_notice = false;
}

/* A slot with its full explanation, every date NO_DATE and amount 0. */
static void ent_init(struct ent *e, const struct ivctx *c, enum billing_basis basis, sv_date period,
                     int mi, int month_days, int64_t ref)
{
	struct billing_explain *w = &e->l.why;

	memset(e, 0, sizeof(*e));
	ent_key(e, basis, period, mi, ref);
	e->l.provider_id = c->iv->provider_id;
	e->l.intervention_id = c->iv->id;
	e->l.scheme = c->sch->code;
	w->from = w->to = BILLING_NO_DATE;
	w->start = c->iv->start;
	w->end = c->e;
	w->rate_from = w->rate_to = BILLING_NO_DATE;
	w->submitted = w->resubmitted = w->approved = BILLING_NO_DATE;
	w->cutoff = w->resubmit_by = w->run_cutoff = w->run_resubmit_by = BILLING_NO_DATE;
	w->final_submitted = w->final_due = w->final_last = BILLING_NO_DATE;
	w->decided = BILLING_NO_DATE;
	w->sufficient_from = w->six_months_through = BILLING_NO_DATE;
	w->proven_through = w->proof_recorded = BILLING_NO_DATE;
	w->month_days = month_days;
	switch (basis) {
	case BILLING_BASIS_VOUCHER:
		w->rules = BILLING_R_KV70 | BILLING_R_KV71;
		break;
	case BILLING_BASIS_ABORT:
		w->rules = BILLING_R_KV62 | BILLING_R_KV70 | BILLING_R_KV71;
		break;
	case BILLING_BASIS_SUPPLEMENT:
		w->rules = BILLING_R_JP7;
		break;
	default:
		w->rules = BILLING_R_JP8;
		break;
	}
}

/* ent_init() for a slot of month mi. */
static void ent_init_month(const struct billing_run *run, struct ent *e, const struct ivctx *c,
                           enum billing_basis basis, int mi)
{
	sv_date first = month_first_of(run, mi);
	ent_init(e, c, basis, first, mi, (int)(month_first_of(run, mi + 1) - first), 0);
}

/* ent_init() for a supplement or the bonus of the month containing d. */
static void ent_init_dated(const struct billing_run *run, struct ent *e, const struct ivctx *c,
                           enum billing_basis basis, sv_date d, int64_t ref)
{
	int mi = month_of(run, d, NULL);
	sv_date first = month_first_of(run, mi);
	ent_init(e, c, basis, first, mi, (int)(month_first_of(run, mi + 1) - first), ref);
}

/* Days of a..b inclusive within first..last. */
static int overlap(sv_date a, sv_date b, sv_date first, sv_date last)
{
	sv_date lo = a > first ? a : first, hi = b < last ? b : last;
	return hi < lo ? 0 : (int)(hi - lo + 1);
}

static enum sv_rc no_rate(const struct ivctx *c, sv_date month, struct sv_error *err)
{
	char a[SV_DATE_STRLEN];
	return ivbad(err, c->iv, "scheme", "KV-70", "no %s rate valid in %s", c->sch->code,
	             month_str(month, a));
}

static void set_rate(struct billing_explain *w, const struct ivctx *c, const struct billing_rate *r)
{
	w->rate = r->monthly;
	w->rate_from = r->valid_from;
	w->rate_to = r->valid_to;
	if (c->sch->n > 1)
		w->rules |= BILLING_R_CAL3A;
}

/* The voucher of month mi (KV-70, KV-71). */
static enum sv_rc compute_voucher(const struct billing_run *run, const struct ivctx *c, int mi,
                                  struct ent *e, struct sv_error *err)
{
	const struct billing_intervention *iv = c->iv;
	struct billing_explain *w = &e->l.why;
	sv_date first = month_first_of(run, mi), last = month_first_of(run, mi + 1) - 1;
	const struct billing_rate *r;
	int days = overlap(iv->start, c->e, first, last);

	if (days == 0) {
		ent_key(e, BILLING_BASIS_VOUCHER, first, mi, 0);
		return SV_OK;
	}
	ent_init(e, c, BILLING_BASIS_VOUCHER, first, mi, (int)(last - first + 1), 0);
	if (!(r = rate_of(run, c->sch, first)))
		return no_rate(c, first, err);
	w->last_month = mi == c->mi_end;
	e->present = true;
	w->days = days;
	w->whole_month = days == w->month_days;
	/* A whole month pays exactly the voucher (money.h, KV-71); only a
	 * partial month needs the division. */
	e->l.amount =
	        w->whole_month ? r->monthly : money_prorate(r->monthly, first, iv->start, c->e);
	set_rate(w, c, r);
	w->from = dmax2(iv->start, first);
	w->to = dmin2(c->e, last);
	w->extension = w->to > iv->planned_end;
	if (w->extension)
		w->rules |= BILLING_R_KV50;
	return SV_OK;
}

/* The KV-62 days of month mi after an abort: the month as if the
 * intervention ran to paid_to, less the month as it ran (both KV-71). */
static enum sv_rc compute_abort(const struct billing_run *run, const struct ivctx *c, int mi,
                                struct ent *e, struct sv_error *err)
{
	const struct billing_intervention *iv = c->iv;
	struct billing_explain *w = &e->l.why;
	sv_date first = month_first_of(run, mi), last = month_first_of(run, mi + 1) - 1;
	const struct billing_rate *r;
	int days = c->paid_to > c->e ? overlap(c->e + 1, c->paid_to, first, last) : 0;

	if (days == 0) {
		ent_key(e, BILLING_BASIS_ABORT, first, mi, 0);
		return SV_OK;
	}
	ent_init(e, c, BILLING_BASIS_ABORT, first, mi, (int)(last - first + 1), 0);
	if (!(r = rate_of(run, c->sch, first)))
		return no_rate(c, first, err);
	e->present = true;
	set_rate(w, c, r);
	w->as_if = money_prorate(r->monthly, first, iv->start, c->paid_to);
	w->ran = money_prorate(r->monthly, first, iv->start, c->e);
	e->l.amount = w->as_if - w->ran;
	w->days = days;
	w->from = dmax2(c->e + 1, first);
	w->to = dmin2(c->paid_to, last);
	w->whole_month = overlap(iv->start, c->paid_to, first, last) == w->month_days;
	return SV_OK;
}

static void compute_supplement(const struct billing_run *run, const struct ivctx *c,
                               const struct billing_supplement *s, struct ent *e)
{
	ent_init_dated(run, e, c, BILLING_BASIS_SUPPLEMENT, s->decided, s->id);
	e->present = true;
	e->l.amount = s->amount;
	e->l.why.decided = s->decided;
}

static void compute_bonus(const struct billing_run *run, const struct ivctx *c, struct ent *e)
{
	const struct billing_bonus *b = c->iv->bonus;
	struct billing_explain *w;

	/* Without proof the claim is shown in the run month. */
	ent_init_dated(run, e, c, BILLING_BASIS_BONUS,
	               b->proof_recorded != BILLING_NO_DATE ? b->proof_recorded : run->p.month, 0);
	w = &e->l.why;
	e->present = true;
	e->l.amount = b->amount;
	/* JP-8: six months counted from the day after the end, inclusive:
	 * ended 2024-02-29, self-sufficient from 2024-03-01, six months are
	 * complete through 2024-08-31. */
	w->sufficient_from = c->e + 1;
	w->six_months_through = date_add_months(c->e + 1, 6) - 1;
	w->proven_through = b->proven_through;
	w->proof_recorded = b->proof_recorded;
}

static unsigned end_rule(enum billing_end_reason r)
{
	switch (r) {
	case BILLING_END_ABORTED:
		return BILLING_R_KV62;
	case BILLING_END_EARLY:
	case BILLING_END_SELF_SUFFICIENT:
		return BILLING_R_KV61;
	default:
		return BILLING_R_KV60;
	}
}

/* KV-63, KV-73: the last month and the KV-62 days are paid on the final
 * report. */
static void final_rule(const struct billing_run *run, const struct ivctx *c, struct ent *e)
{
	const struct billing_intervention *iv = c->iv;
	struct billing_explain *w = &e->l.why;
	sv_date f = iv->final_submitted;

	w->final_submitted = f;
	w->final_due = iv->final_due;
	w->final_last = iv->final_last;
	w->run_cutoff = c->run_cut->submit_by;
	w->run_resubmit_by = c->run_cut->resubmit_by;
	w->rules |= BILLING_R_KV63 | BILLING_R_KV73 | end_rule(iv->end_reason);
	if (f != BILLING_NO_DATE && f <= iv->final_due) {
		w->status = BILLING_ST_FINAL_ON_TIME;
		e->due = true;
	} else if (f != BILLING_NO_DATE && f <= iv->final_last) {
		/* Late but within the 14 days: the first run after the month of
		 * the end whose cut-off it made (KV-63, KV-72). */
		w->status = BILLING_ST_FINAL_LATE;
		w->rules |= BILLING_R_KV72;
		e->due = run->run_mi > c->mi_end && f <= c->run_cut->submit_by;
	} else if (f != BILLING_NO_DATE || run->p.today > iv->final_last) {
		w->status = BILLING_ST_FINAL_MISSED;
		w->rules |= BILLING_R_KV53;
		e->forfeited = true;
	} else {
		w->status = BILLING_ST_FINAL_PENDING;
	}
}

/* KV-72, KV-32: a month other than the last is paid on its monthly report. */
static enum sv_rc report_rule(const struct billing_run *run, const struct ivctx *c, struct ent *e,
                              struct sv_error *err)
{
	const struct billing_intervention *iv = c->iv;
	struct billing_explain *w = &e->l.why;
	const struct billing_cutoff *pc = cutoff_of(run, e->mi);
	const struct billing_cutoff *rc = c->run_cut;
	const struct billing_report *rep = report_of(iv, e->l.period);
	char a[SV_DATE_STRLEN];
	sv_date s;

	if (!pc)
		return ivbad(err, iv, "cutoffs", "KV-72",
		             "no cut-off for %s, a month with an unpaid voucher",
		             month_str(e->l.period, a));
	w->rules |= BILLING_R_KV72;
	w->cutoff = pc->submit_by;
	w->resubmit_by = pc->resubmit_by;
	w->run_cutoff = rc->submit_by;
	w->run_resubmit_by = rc->resubmit_by;
	if (rep) {
		w->submitted = rep->submitted;
		w->returned = rep->returned;
		w->resubmitted = rep->resubmitted;
		w->approved = rep->approved;
		if (rep->returned)
			w->rules |= BILLING_R_KV32;
	}
	s = rep ? rep->submitted : BILLING_NO_DATE;
	if (s == BILLING_NO_DATE) {
		w->status = BILLING_ST_REPORT_MISSING;
	} else if (s > rc->submit_by) {
		w->status = BILLING_ST_REPORT_LATE; /* in, but after this run's cut-off */
	} else if (rep->returned &&
	           (rep->resubmitted == BILLING_NO_DATE || rep->resubmitted > rc->resubmit_by)) {
		w->status = BILLING_ST_REPORT_RETURNED;
	} else {
		e->due = true;
		if (s > pc->submit_by)
			w->status = BILLING_ST_REPORT_LATE;
		else if (rep->returned)
			w->status = rep->resubmitted > pc->resubmit_by
			                    ? BILLING_ST_REPORT_RESUBMITTED_LATE
			                    : BILLING_ST_REPORT_RESUBMITTED;
		else
			w->status = BILLING_ST_REPORT_ON_TIME;
	}
	return SV_OK;
}

static void bonus_rule(struct ent *e)
{
	struct billing_explain *w = &e->l.why;

	if (w->proof_recorded == BILLING_NO_DATE || w->proven_through == BILLING_NO_DATE) {
		w->status = BILLING_ST_BONUS_NO_PROOF;
	} else if (w->proven_through < w->six_months_through) {
		w->status = BILLING_ST_BONUS_SHORT;
	} else {
		w->status = BILLING_ST_BONUS_PROVEN;
		e->due = true;
	}
}

/* Make the array at *pp (a pointer to any element type) hold need elements
 * of size bytes, doubling. The pointer is read and written with memcpy so
 * that one helper serves every element type. */
static enum sv_rc grow(void *pp, size_t *alloc, size_t need, size_t size)
{
	size_t n = *alloc ? *alloc : 16;
	void *p, *q;

	if (need <= *alloc)
		return SV_OK;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			return SV_ENOMEM;
		n *= 2;
	}
	memcpy(&p, pp, sizeof(p));
	q = realloc(p, n * size);
	if (!q)
		return SV_ENOMEM;
	memcpy(pp, &q, sizeof(q));
	*alloc = n;
	return SV_OK;
}

static enum sv_rc ensure_scratch(struct billing_run *run, size_t need)
{
	size_t alloc = run->alloc_ents;
	void *q;

	if (need <= alloc)
		return SV_OK;
	if (grow(&run->ents, &alloc, need, sizeof(struct ent)) != SV_OK)
		return SV_ENOMEM;
	q = realloc(run->order, alloc * sizeof(size_t));
	if (!q)
		return SV_ENOMEM; /* ents grew; alloc_ents still tells the smaller size */
	run->order = q;
	run->alloc_ents = alloc;
	return SV_OK;
}

static int cmp_ent_key(const struct ent *x, const struct ent *y)
{
	if (x->l.period != y->l.period)
		return x->l.period < y->l.period ? -1 : 1;
	if (x->l.basis != y->l.basis)
		return x->l.basis < y->l.basis ? -1 : 1;
	return x->l.ref < y->l.ref ? -1 : x->l.ref > y->l.ref;
}

/* Sort the order array (indices into ents) by key: insertion sort, the
 * slots come in order and only the few supplements and the bonus move. */
static void order_ents(const struct ent *ents, size_t *order, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		size_t v = order[i], j = i;
		while (j > 0 && cmp_ent_key(&ents[order[j - 1]], &ents[v]) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = v;
	}
}

static enum sv_rc attach_paid(const struct billing_run *run, const struct ivctx *c,
                              struct ent *ents, size_t *n, struct sv_error *err)
{
	const struct billing_intervention *iv = c->iv;

	for (size_t i = 0; i < iv->n_paid; i++) {
		const struct billing_paid *p = &iv->paid[i];
		struct ent *e = NULL;

		if (p->basis == BILLING_BASIS_VOUCHER || p->basis == BILLING_BASIS_ABORT) {
			int mi = month_of(run, p->period, NULL);
			/* Months before open_from are settled; later months than M
			 * belong to later runs. */
			if (mi < c->mi_lo || mi > run->run_mi)
				continue;
			e = &ents[(size_t)(mi - c->mi_lo) * 2 + (size_t)p->basis];
			/* Paid, but worth nothing now: explain it as such. */
			if (!e->present && !e->has_paid)
				ent_init_month(run, e, c, p->basis, mi);
		} else {
			/* A decision and the bonus are known by their reference,
			 * whatever month they were paid in. */
			for (size_t k = (size_t)c->nm * 2; k < *n; k++)
				if (ents[k].l.basis == p->basis && ents[k].l.ref == p->ref) {
					e = &ents[k];
					break;
				}
			if (!e) {
				e = &ents[(*n)++];
				ent_init_dated(run, e, c, p->basis, p->period, p->ref);
			}
		}
		if (__builtin_add_overflow(e->paid, p->amount, &e->paid))
			return ivbad_at(err, iv, "paid", i, "amount", "CAL-5",
			                "the sum paid overflows");
		e->has_paid = true;
	}
	return SV_OK;
}

static void put_line(struct billing_line *dst, const struct ent *e, enum billing_kind kind,
                     sv_money amount)
{
	*dst = e->l;
	dst->kind = kind;
	dst->amount = amount;
	dst->why.entitled = e->l.amount;
	dst->why.paid_before = e->has_paid ? e->paid : 0;
	if (kind == BILLING_ADJUSTMENT)
		dst->why.status = BILLING_ST_NONE;
	dst->deficiency = kind == BILLING_FORFEITED;
}

static enum billing_kind pay_kind(const struct billing_run *run, const struct ent *e)
{
	switch (e->l.basis) {
	case BILLING_BASIS_VOUCHER:
		return e->l.period == run->p.month ? BILLING_VOUCHER : BILLING_VOUCHER_RELEASED;
	case BILLING_BASIS_ABORT:
		return BILLING_ABORT;
	case BILLING_BASIS_SUPPLEMENT:
		return BILLING_SUPPLEMENT;
	default:
		return BILLING_BONUS;
	}
}

static int cmp_key(int64_t provider, int64_t id, int64_t last_provider, int64_t last_id)
{
	if (provider != last_provider)
		return provider < last_provider ? -1 : 1;
	return id < last_id ? -1 : id > last_id;
}

enum sv_rc billing_run_add(struct billing_run *run, const struct billing_intervention *iv,
                           struct sv_error *err)
{
	struct ivctx c;
	struct ent *ents;
	size_t *order;
	size_t n, cap, n_lines = 0, n_notices = 0;
	sv_money sum = 0, prov, check;
	bool ovf = false;
	enum sv_rc rc;

	if (!run->begun || run->finished)
		return sv_error_set(err, SV_ESTATE, "", "",
		                    "interventions are added between begin and finish");
	if (!iv)
		return sv_error_set(err, SV_EINVAL, "", "", "no intervention");
	/* Order and duplicates first: nothing is computed for either. */
	if (run->n_interventions) {
		int o = cmp_key(iv->provider_id, iv->id, run->last_provider, run->last_id);
		if (o == 0) {
			rc = ivbad(err, iv, "id", "X-4", "added twice");
			goto out;
		}
		if (o < 0 && run->p.stream) {
			rc = ivbad(err, iv, "id", "X-4",
			           "a streamed run takes interventions in (provider_id, id) order");
			goto out;
		}
		if (o < 0)
			run->unsorted = true;
	}
	if ((rc = check_intervention(run, iv, &c, err)) != SV_OK)
		goto out;

	/* Scratch: two slots a month, one per supplement, the bonus, and one
	 * per paid line whose decision is no longer in the facts. */
	cap = (size_t)c.nm * 2 + iv->n_supplements + 1 + iv->n_paid;
	if (ensure_scratch(run, cap) != SV_OK) {
		rc = sv_error_set(err, SV_ENOMEM, "", "", "out of memory");
		goto out;
	}
	ents = run->ents;
	order = run->order;

	for (int k = 0; k < c.nm; k++) {
		int mi = c.mi_lo + k;
		if ((rc = compute_voucher(run, &c, mi, &ents[2 * k], err)) != SV_OK ||
		    (rc = compute_abort(run, &c, mi, &ents[2 * k + 1], err)) != SV_OK)
			goto out;
	}
	n = (size_t)c.nm * 2;
	for (size_t i = 0; i < iv->n_supplements; i++)
		compute_supplement(run, &c, &iv->supplements[i], &ents[n++]);
	if (iv->bonus)
		compute_bonus(run, &c, &ents[n++]);
	if ((rc = attach_paid(run, &c, ents, &n, err)) != SV_OK)
		goto out;

	/* Decide each slot: adjustment, payment or notice. */
	for (size_t i = 0; i < n; i++) {
		struct ent *e = &ents[i];
		int mi;

		order[i] = i;
		if (e->has_paid) {
			e->emit_line = e->l.amount != e->paid;
			n_lines += e->emit_line;
			continue;
		}
		if (!e->present || e->l.amount == 0)
			continue;
		mi = e->mi;
		if (mi > run->run_mi || mi < c.mi_lo)
			continue; /* a later run's, or settled */
		switch (e->l.basis) {
		case BILLING_BASIS_VOUCHER:
			if (e->l.why.last_month)
				final_rule(run, &c, e);
			else if ((rc = report_rule(run, &c, e, err)) != SV_OK)
				goto out;
			break;
		case BILLING_BASIS_ABORT:
			final_rule(run, &c, e);
			break;
		case BILLING_BASIS_SUPPLEMENT:
			e->l.why.status = BILLING_ST_DECIDED;
			e->due = true;
			break;
		default:
			bonus_rule(e);
			break;
		}
		e->emit_line = e->due;
		e->emit_notice = !e->due;
		n_lines += e->emit_line;
		n_notices += e->emit_notice;
	}
	if (n > (size_t)c.nm * 2)
		order_ents(ents, order, n);

	/* The sum of the new lines, checked before anything is appended. */
	prov = run->n_totals && run->totals[run->n_totals - 1].provider_id == iv->provider_id
	               ? run->totals[run->n_totals - 1].amount
	               : 0;
	for (size_t i = 0; i < n; i++) {
		const struct ent *e = &ents[i];
		sv_money a = e->l.amount;
		if (!e->emit_line)
			continue;
		if (e->has_paid)
			ovf |= __builtin_sub_overflow(e->l.amount, e->paid, &a);
		ovf |= __builtin_add_overflow(sum, a, &sum);
	}
	if (ovf || __builtin_add_overflow(run->total, sum, &check) ||
	    __builtin_add_overflow(prov, sum, &check)) {
		rc = sv_error_set(err, SV_ERANGE, "amount", "CAL-5", "the run's sum overflows");
		goto out;
	}
	if (run->p.stream)
		run->n_lines = run->n_notices = 0;
	if (grow(&run->lines, &run->alloc_lines, run->n_lines + n_lines,
	         sizeof(struct billing_line)) != SV_OK ||
	    grow(&run->notices, &run->alloc_notices, run->n_notices + n_notices,
	         sizeof(struct billing_line)) != SV_OK ||
	    (!run->p.stream && grow(&run->keys, &run->alloc_keys, 2 * (run->n_interventions + 1),
	                            sizeof(int64_t)) != SV_OK) ||
	    (n_lines && grow(&run->totals, &run->alloc_totals, run->n_totals + 1,
	                     sizeof(struct billing_total)) != SV_OK)) {
		rc = sv_error_set(err, SV_ENOMEM, "", "", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const struct ent *e = &ents[order[i]];

		if (e->emit_line && e->has_paid)
			put_line(&run->lines[run->n_lines++], e, BILLING_ADJUSTMENT,
			         e->l.amount - e->paid);
		else if (e->emit_line)
			put_line(&run->lines[run->n_lines++], e, pay_kind(run, e), e->l.amount);
		else if (e->emit_notice)
			put_line(&run->notices[run->n_notices++], e,
			         e->forfeited ? BILLING_FORFEITED : BILLING_HELD, e->l.amount);
	}
	/* Totals as the lines come, while they come in provider order. */
	if (n_lines && !run->unsorted) {
		struct billing_total *t = run->n_totals ? &run->totals[run->n_totals - 1] : NULL;
		if (!t || t->provider_id != iv->provider_id) {
			t = &run->totals[run->n_totals++];
			t->provider_id = iv->provider_id;
			t->amount = 0;
			t->first = run->n_lines_all;
			t->n_lines = 0;
		}
		t->amount += sum; /* checked above */
		t->n_lines += n_lines;
	}
	run->total += sum;
	run->n_lines_all += n_lines;
	if (!run->p.stream) {
		run->keys[2 * run->n_interventions] = iv->provider_id;
		run->keys[2 * run->n_interventions + 1] = iv->id;
	}
	run->last_provider = iv->provider_id;
	run->last_id = iv->id;
	run->n_interventions++;
out:
	/* Any failure leaves the run incomplete: finish will refuse it. */
	if (rc != SV_OK)
		run->n_rejected++;
	return rc;
}

/* ---- finish ---------------------------------------------------------------- */

/* (provider_id, id) pairs, as stored in run->keys. */
static int cmp_keys(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;
	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

static int cmp_line(const void *a, const void *b)
{
	const struct billing_line *x = a, *y = b;

	if (x->provider_id != y->provider_id)
		return x->provider_id < y->provider_id ? -1 : 1;
	if (x->intervention_id != y->intervention_id)
		return x->intervention_id < y->intervention_id ? -1 : 1;
	if (x->period != y->period)
		return x->period < y->period ? -1 : 1;
	if (x->basis != y->basis)
		return x->basis < y->basis ? -1 : 1;
	if (x->ref != y->ref)
		return x->ref < y->ref ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

enum sv_rc billing_run_finish(struct billing_run *run, struct sv_error *err)
{
	enum sv_rc rc = SV_OK;

	if (!run->begun || run->finished)
		return sv_error_set(err, SV_ESTATE, "", "", "the run is not open");
	run->finished = true;
	if (run->n_rejected) {
		rc = sv_error_set(err, SV_EINVAL, "interventions", "X-4",
		                  "%zu intervention(s) rejected: the run has no lines",
		                  run->n_rejected);
		goto fail;
	}
	if (!run->unsorted)
		return SV_OK; /* in order already, totals summed on the way */

	/* Added out of order: look for an intervention added twice, order the
	 * lines and sum the totals again. */
	qsort(run->keys, run->n_interventions, 2 * sizeof(int64_t), cmp_keys);
	for (size_t i = 1; i < run->n_interventions; i++) {
		if (cmp_keys(&run->keys[2 * i - 2], &run->keys[2 * i]) == 0) {
			rc = sv_error_set(err, SV_EINVAL, "interventions", "X-4",
			                  "intervention %" PRId64 " added twice",
			                  run->keys[2 * i + 1]);
			goto fail;
		}
	}
	if (run->n_lines > 1)
		qsort(run->lines, run->n_lines, sizeof(*run->lines), cmp_line);
	if (run->n_notices > 1)
		qsort(run->notices, run->n_notices, sizeof(*run->notices), cmp_line);
	run->n_totals = 0;
	for (size_t i = 0; i < run->n_lines; i++) {
		const struct billing_line *l = &run->lines[i];
		struct billing_total *t;

		if (i == 0 || l->provider_id != run->lines[i - 1].provider_id) {
			if (grow(&run->totals, &run->alloc_totals, run->n_totals + 1,
			         sizeof(struct billing_total)) != SV_OK) {
				rc = sv_error_set(err, SV_ENOMEM, "", "", "out of memory");
				goto fail;
			}
			t = &run->totals[run->n_totals++];
			t->provider_id = l->provider_id;
			t->amount = 0;
			t->first = i;
			t->n_lines = 0;
		}
		t = &run->totals[run->n_totals - 1];
		t->n_lines++;
		if (__builtin_add_overflow(t->amount, l->amount, &t->amount)) {
			rc = sv_error_set(err, SV_ERANGE, "amount", "CAL-5",
			                  "a provider's sum overflows");
			goto fail;
		}
	}
	return SV_OK;
fail:
	run->n_lines = run->n_notices = run->n_totals = 0;
	run->total = 0;
	return rc;
}

/* ---- rendering ------------------------------------------------------------- */

/* Formatting scratch for one sentence: a ring of date and money strings. */
struct fmt {
	char d[8][SV_DATE_STRLEN];
	char m[8][SV_MONEY_STRLEN];
	unsigned di, mi;
	struct buf *b;
	enum sv_rc rc;
};

static const char *fd(struct fmt *f, sv_date d)
{
	char *s = f->d[f->di++ % 8];
	if (d == BILLING_NO_DATE)
		return "–";
	return date_format(d, s);
}

static const char *fmon(struct fmt *f, sv_date d)
{
	return month_str(d, f->d[f->di++ % 8]);
}

static const char *fm(struct fmt *f, sv_money m)
{
	return money_format_sv(m, f->m[f->mi++ % 8]);
}

static void put(struct fmt *f, const char *fmt, ...) SV_PRINTF(2, 3);

static void put(struct fmt *f, const char *fmt, ...)
{
	va_list ap;

	if (f->rc != SV_OK)
		return;
	va_start(ap, fmt);
	f->rc = buf_vaddf(f->b, fmt, ap);
	va_end(ap);
}

static void put_basis(struct fmt *f, const struct billing_line *l)
{
	switch (l->basis) {
	case BILLING_BASIS_VOUCHER:
		put(f, "check %s %s", l->scheme, fmon(f, l->period));
		break;
	case BILLING_BASIS_ABORT:
		put(f, "ersättning efter avbrott %s %s", l->scheme, fmon(f, l->period));
		break;
	case BILLING_BASIS_SUPPLEMENT:
		put(f, "tilläggscheck (beslut %" PRId64 ")", l->ref);
		break;
	default:
		put(f, "bonus");
		break;
	}
}

static void put_head(struct fmt *f, const struct billing_line *l)
{
	switch (l->kind) {
	case BILLING_VOUCHER:
		put(f, "Check %s %s: ", l->scheme, fmon(f, l->period));
		return;
	case BILLING_VOUCHER_RELEASED:
		put(f, "Check %s %s, tidigare månad: ", l->scheme, fmon(f, l->period));
		return;
	case BILLING_ABORT:
		put(f, "Ersättning efter avbrott %s %s: ", l->scheme, fmon(f, l->period));
		return;
	case BILLING_SUPPLEMENT:
		put(f, "Tilläggscheck (beslut %" PRId64 "): ", l->ref);
		return;
	case BILLING_BONUS:
		put(f, "Bonus: ");
		return;
	case BILLING_ADJUSTMENT:
		put(f, "Justering av ");
		break;
	case BILLING_HELD:
		put(f, "Innehålls, ");
		break;
	default:
		put(f, "Betalas inte, ");
		break;
	}
	put_basis(f, l);
	put(f, l->kind == BILLING_ADJUSTMENT ? ": nu " : ": ");
}

static void put_rate(struct fmt *f, const struct billing_line *l)
{
	const struct billing_explain *w = &l->why;

	if (w->rate_to == BILLING_OPEN_END)
		put(f, " Månadsbelopp %s %s gäller från %s (KV-70).", l->scheme, fm(f, w->rate),
		    fd(f, w->rate_from));
	else
		put(f, " Månadsbelopp %s %s gäller %s–%s (KV-70).", l->scheme, fm(f, w->rate),
		    fd(f, w->rate_from), fd(f, w->rate_to));
}

static void put_computation(struct fmt *f, const struct billing_line *l)
{
	const struct billing_explain *w = &l->why;

	switch (l->basis) {
	case BILLING_BASIS_VOUCHER:
		if (w->days == 0) {
			put(f, "inga insatsdagar i %s (insatsen %s–%s), 0,00 kr.",
			    fmon(f, l->period), fd(f, w->start), fd(f, w->end));
			return;
		}
		if (w->whole_month)
			put(f, "hel månad %s–%s, %s (KV-71).", fd(f, w->from), fd(f, w->to),
			    fm(f, w->entitled));
		else
			put(f, "%s–%s, %s / 30 × %d dagar = %s (KV-71).", fd(f, w->from),
			    fd(f, w->to), fm(f, w->rate), w->days, fm(f, w->entitled));
		put_rate(f, l);
		if (w->extension)
			put(f, " Förlängningsmånad (KV-50).");
		return;
	case BILLING_BASIS_ABORT: {
		int ran_days, asif_days;

		if (w->days == 0) {
			put(f, "inga dagar efter avbrottet i %s, 0,00 kr.", fmon(f, l->period));
			return;
		}
		ran_days = money_days_in_month(l->period, w->start, w->end);
		asif_days = ran_days + w->days;
		put(f,
		    "insatsen avbröts %s och %s–%s (%d dagar) betalas som om den pågått (KV-62): ",
		    fd(f, w->end), fd(f, w->from), fd(f, w->to), w->days);
		if (w->whole_month)
			put(f, "hel månad %s", fm(f, w->as_if));
		else
			put(f, "%s / 30 × %d dagar = %s", fm(f, w->rate), asif_days,
			    fm(f, w->as_if));
		if (ran_days)
			put(f, " − %s för %d insatsdagar = %s", fm(f, w->ran), ran_days,
			    fm(f, w->entitled));
		put(f, " (KV-71).");
		put_rate(f, l);
		return;
	}
	case BILLING_BASIS_SUPPLEMENT:
		if (w->decided == BILLING_NO_DATE)
			put(f, "beslutet finns inte längre, 0,00 kr (JP-7).");
		else
			put(f, "beslutad %s, %s (JP-7).", fd(f, w->decided), fm(f, w->entitled));
		return;
	default:
		if (w->sufficient_from == BILLING_NO_DATE) {
			put(f, "anspråket finns inte längre, 0,00 kr (JP-8).");
			return;
		}
		put(f, "egen försörjning från %s, sex månader till och med %s, ",
		    fd(f, w->sufficient_from), fd(f, w->six_months_through));
		if (w->proven_through == BILLING_NO_DATE)
			put(f, "inte styrkt");
		else
			put(f, "styrkt till och med %s (underlag registrerat %s)",
			    fd(f, w->proven_through), fd(f, w->proof_recorded));
		put(f, ", %s (JP-8).", fm(f, w->entitled));
		return;
	}
}

static void put_condition(struct fmt *f, const struct billing_line *l)
{
	const struct billing_explain *w = &l->why;
	bool held = l->kind == BILLING_HELD;

	switch (w->status) {
	case BILLING_ST_REPORT_ON_TIME:
		put(f, " Månadsrapporten inkom %s, senast brytdatum %s (KV-72).",
		    fd(f, w->submitted), fd(f, w->cutoff));
		break;
	case BILLING_ST_REPORT_RESUBMITTED:
		put(f,
		    " Månadsrapporten inkom %s, återremitterades och kom in igen %s, senast %s "
		    "(KV-32, KV-72).",
		    fd(f, w->submitted), fd(f, w->resubmitted), fd(f, w->resubmit_by));
		break;
	case BILLING_ST_REPORT_LATE:
		if (held)
			put(f,
			    " Månadsrapporten inkom %s, efter brytdatum %s; betalas i nästa "
			    "körning (KV-72).",
			    fd(f, w->submitted), fd(f, w->run_cutoff));
		else
			put(f,
			    " Månadsrapporten inkom %s, efter brytdatum %s; betalas i första "
			    "körningen därefter (KV-72).",
			    fd(f, w->submitted), fd(f, w->cutoff));
		break;
	case BILLING_ST_REPORT_RESUBMITTED_LATE:
		put(f,
		    " Månadsrapporten inkom %s, återremitterades och kom in igen %s, efter %s; "
		    "betalas i första körningen därefter (KV-72).",
		    fd(f, w->submitted), fd(f, w->resubmitted), fd(f, w->resubmit_by));
		break;
	case BILLING_ST_REPORT_MISSING:
		put(f, " Månadsrapporten har inte kommit in senast brytdatum %s (KV-72).",
		    fd(f, w->run_cutoff));
		break;
	case BILLING_ST_REPORT_RETURNED:
		put(f,
		    " Månadsrapporten inkom %s, återremitterades och kom inte in igen senast %s "
		    "(KV-32, KV-72).",
		    fd(f, w->submitted), fd(f, w->run_resubmit_by));
		break;
	case BILLING_ST_FINAL_ON_TIME:
		put(f, " Slutrapporten inkom %s, senast %s (KV-63, KV-73).",
		    fd(f, w->final_submitted), fd(f, w->final_due));
		break;
	case BILLING_ST_FINAL_LATE:
		put(f,
		    " Slutrapporten inkom %s, efter %s men senast %s; sista betalningen görs i "
		    "körningen efter slutmånaden (KV-63, KV-72).",
		    fd(f, w->final_submitted), fd(f, w->final_due), fd(f, w->final_last));
		break;
	case BILLING_ST_FINAL_PENDING:
		put(f, " Slutrapporten har inte kommit in; den kan lämnas till och med %s (KV-63).",
		    fd(f, w->final_last));
		break;
	case BILLING_ST_FINAL_MISSED:
		if (w->final_submitted == BILLING_NO_DATE)
			put(f, " Slutrapporten kom inte in senast %s (KV-63).",
			    fd(f, w->final_last));
		else
			put(f, " Slutrapporten inkom %s, efter sista dagen %s (KV-63).",
			    fd(f, w->final_submitted), fd(f, w->final_last));
		put(f, " Brist hos anordnaren (KV-53).");
		break;
	case BILLING_ST_BONUS_SHORT:
		put(f, " Sex månaders egen försörjning är inte styrkt (JP-8).");
		break;
	case BILLING_ST_BONUS_NO_PROOF:
		put(f, " Underlag saknas (JP-8).");
		break;
	default:
		break;
	}
	if (w->approved != BILLING_NO_DATE && w->status != BILLING_ST_NONE)
		put(f, " Godkänd %s.", fd(f, w->approved));
}

enum sv_rc billing_explain_sv(const struct billing_line *l, struct buf *out)
{
	struct fmt f;

	memset(&f, 0, sizeof(f));
	f.b = out;
	put_head(&f, l);
	put_computation(&f, l);
	put_condition(&f, l);
	if (l->kind == BILLING_ADJUSTMENT)
		put(&f, " Tidigare utbetalt %s; justering %s.", fm(&f, l->why.paid_before),
		    fm(&f, l->amount));
	return f.rc;
}

/* ---- JSON ------------------------------------------------------------------ */

static json_t *jdate(sv_date d)
{
	char s[SV_DATE_STRLEN];
	if (d == BILLING_NO_DATE || d == BILLING_OPEN_END)
		return json_null();
	return json_string(date_format(d, s));
}

static json_t *jmoney(sv_money m)
{
	char s[SV_MONEY_STRLEN];
	return json_string(money_format(m, s));
}

/* Set o[k] = v, stealing v; failure is sticky in *bad. */
static void jset(json_t *o, const char *k, json_t *v, bool *bad)
{
	if (!v || json_object_set_new(o, k, v) != 0)
		*bad = true;
}

static json_t *explain_json(const struct billing_explain *w)
{
	json_t *o = json_object(), *rules = json_array();
	bool bad = !o || !rules;

	for (unsigned i = 0; !bad && i < BILLING_RULE_BITS; i++)
		if (w->rules & (1u << i))
			bad = json_array_append_new(rules, json_string(rule_ids[i])) != 0;
	if (bad) {
		json_decref(o);
		json_decref(rules);
		return NULL;
	}
	jset(o, "status", json_string(billing_status_name(w->status)), &bad);
	jset(o, "rules", rules, &bad);
	jset(o, "whole_month", json_boolean(w->whole_month), &bad);
	jset(o, "extension", json_boolean(w->extension), &bad);
	jset(o, "last_month", json_boolean(w->last_month), &bad);
	jset(o, "days", json_integer(w->days), &bad);
	jset(o, "month_days", json_integer(w->month_days), &bad);
	jset(o, "from", jdate(w->from), &bad);
	jset(o, "to", jdate(w->to), &bad);
	jset(o, "start", jdate(w->start), &bad);
	jset(o, "end", jdate(w->end), &bad);
	jset(o, "rate", jmoney(w->rate), &bad);
	jset(o, "rate_from", jdate(w->rate_from), &bad);
	jset(o, "rate_to", jdate(w->rate_to), &bad);
	jset(o, "ran", jmoney(w->ran), &bad);
	jset(o, "as_if", jmoney(w->as_if), &bad);
	jset(o, "entitled", jmoney(w->entitled), &bad);
	jset(o, "paid_before", jmoney(w->paid_before), &bad);
	jset(o, "submitted", jdate(w->submitted), &bad);
	jset(o, "returned", json_boolean(w->returned), &bad);
	jset(o, "resubmitted", jdate(w->resubmitted), &bad);
	jset(o, "approved", jdate(w->approved), &bad);
	jset(o, "cutoff", jdate(w->cutoff), &bad);
	jset(o, "resubmit_by", jdate(w->resubmit_by), &bad);
	jset(o, "run_cutoff", jdate(w->run_cutoff), &bad);
	jset(o, "run_resubmit_by", jdate(w->run_resubmit_by), &bad);
	jset(o, "final_submitted", jdate(w->final_submitted), &bad);
	jset(o, "final_due", jdate(w->final_due), &bad);
	jset(o, "final_last", jdate(w->final_last), &bad);
	jset(o, "decided", jdate(w->decided), &bad);
	jset(o, "sufficient_from", jdate(w->sufficient_from), &bad);
	jset(o, "six_months_through", jdate(w->six_months_through), &bad);
	jset(o, "proven_through", jdate(w->proven_through), &bad);
	jset(o, "proof_recorded", jdate(w->proof_recorded), &bad);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *billing_line_json(const struct billing_line *l)
{
	json_t *o = json_object();
	struct buf text = BUF_INIT;
	char mon[SV_DATE_STRLEN];
	bool bad = !o;

	if (bad || billing_explain_sv(l, &text) != SV_OK) {
		buf_release(&text);
		json_decref(o);
		return NULL;
	}
	jset(o, "provider_id", json_integer(l->provider_id), &bad);
	jset(o, "intervention_id", json_integer(l->intervention_id), &bad);
	jset(o, "kind", json_string(billing_kind_name(l->kind)), &bad);
	jset(o, "basis", json_string(billing_basis_name(l->basis)), &bad);
	jset(o, "period", json_string(month_str(l->period, mon)), &bad);
	jset(o, "ref", json_integer(l->ref), &bad);
	jset(o, "amount", jmoney(l->amount), &bad);
	jset(o, "scheme", json_string(l->scheme ? l->scheme : ""), &bad);
	jset(o, "deficiency", json_boolean(l->deficiency), &bad);
	jset(o, "explain", explain_json(&l->why), &bad);
	jset(o, "text", json_stringn(text.data, text.len), &bad);
	buf_release(&text);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* ---- the ledger ----------------------------------------------------------------------- */

static const char *const ledger_names[BILLING_LEDGER_COUNT] = {"voucher", "abort", "supplement",
                                                               "bonus", "adjustment"};

void billing_ledger_default(struct billing_ledger *l)
{
	memset(l, 0, sizeof(*l));
	l->expense[BILLING_LEDGER_VOUCHER] = BILLING_ACCOUNT_VOUCHER;
	l->expense[BILLING_LEDGER_ABORT] = BILLING_ACCOUNT_VOUCHER;
	l->expense[BILLING_LEDGER_SUPPLEMENT] = BILLING_ACCOUNT_SUPPLEMENT;
	l->expense[BILLING_LEDGER_BONUS] = BILLING_ACCOUNT_BONUS;
	l->expense[BILLING_LEDGER_ADJUSTMENT] = 0;
	l->supplier = BILLING_ACCOUNT_SUPPLIER;
}

const char *billing_ledger_basis_name(enum billing_ledger_basis b)
{
	if ((int)b < 0 || b >= BILLING_LEDGER_COUNT)
		return "";
	return ledger_names[b];
}

enum sv_rc billing_ledger_basis_parse(const char *s, enum billing_ledger_basis *out,
                                      const char *field, struct sv_error *err)
{
	for (int i = 0; s && i < BILLING_LEDGER_COUNT; i++)
		if (!strcmp(s, ledger_names[i])) {
			*out = (enum billing_ledger_basis)i;
			return SV_OK;
		}
	return sv_error_set(err, SV_EINVAL, field, "BAS",
	                    "unknown basis \"%s\": voucher, abort, supplement, bonus or adjustment",
	                    s ? s : "");
}

enum sv_rc billing_ledger_account_parse(const char *s, int *out, const char *field,
                                        struct sv_error *err)
{
	int v = 0;

	for (size_t i = 0; s && i < 4; i++) {
		if (s[i] < '0' || s[i] > '9') {
			v = -1;
			break;
		}
		v = v * 10 + (s[i] - '0');
	}
	if (!s || v < 0 || s[4] != '\0')
		return sv_error_set(err, SV_EINVAL, field, "BAS",
		                    "an account is four digits, %d to %d", BILLING_ACCOUNT_MIN,
		                    BILLING_ACCOUNT_MAX);
	if (v < BILLING_ACCOUNT_MIN || v > BILLING_ACCOUNT_MAX)
		return sv_error_set(err, SV_EINVAL, field, "BAS",
		                    "account %d is outside the BAS accounts %d to %d", v,
		                    BILLING_ACCOUNT_MIN, BILLING_ACCOUNT_MAX);
	*out = v;
	return SV_OK;
}

enum sv_rc billing_ledger_cost_centre_check(const char *s, const char *field, struct sv_error *err)
{
	size_t n = 0;

	for (; s && s[n]; n++) {
		char c = s[n];
		if (!(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') &&
		    c != '-' && c != '_')
			break;
	}
	if (!s || s[n] || n < 1 || n > BILLING_COST_CENTRE_MAX)
		return sv_error_set(err, SV_EINVAL, field, "SIE-4",
		                    "a cost centre is 1 to %d letters, digits, '-' or '_'",
		                    BILLING_COST_CENTRE_MAX);
	return SV_OK;
}

static bool account_ok(int a)
{
	return a >= BILLING_ACCOUNT_MIN && a <= BILLING_ACCOUNT_MAX;
}

enum sv_rc billing_ledger_check(const struct billing_ledger *l, struct sv_error *err)
{
	char field[40];

	for (int i = 0; i < BILLING_LEDGER_COUNT; i++) {
		if (i == BILLING_LEDGER_ADJUSTMENT && l->expense[i] == 0)
			continue;
		if (!account_ok(l->expense[i])) {
			snprintf(field, sizeof(field), "accounts.%s", ledger_names[i]);
			return sv_error_set(err, SV_EINVAL, field, "BAS",
			                    "account %d is outside the BAS accounts %d to %d",
			                    l->expense[i], BILLING_ACCOUNT_MIN,
			                    BILLING_ACCOUNT_MAX);
		}
	}
	if (!account_ok(l->supplier))
		return sv_error_set(err, SV_EINVAL, "supplier_account", "BAS",
		                    "account %d is outside the BAS accounts %d to %d", l->supplier,
		                    BILLING_ACCOUNT_MIN, BILLING_ACCOUNT_MAX);
	if (l->cost_centre[0])
		return billing_ledger_cost_centre_check(l->cost_centre, "cost_centre", err);
	return SV_OK;
}

int billing_ledger_account_of(const struct billing_ledger *l, const char *kind, const char *basis)
{
	if (kind && !strcmp(kind, "adjustment") && l->expense[BILLING_LEDGER_ADJUSTMENT])
		return l->expense[BILLING_LEDGER_ADJUSTMENT];
	if (basis && !strcmp(basis, "abort"))
		return l->expense[BILLING_LEDGER_ABORT];
	if (basis && !strcmp(basis, "supplement"))
		return l->expense[BILLING_LEDGER_SUPPLEMENT];
	if (basis && !strcmp(basis, "bonus"))
		return l->expense[BILLING_LEDGER_BONUS];
	return l->expense[BILLING_LEDGER_VOUCHER];
}
