/*
 * Billing runs in the store (see store_billing.h): the facts a run reads, in
 * batches of interventions in id order, and the runs, lines, notices,
 * positions, totals and confirmations it writes.
 *
 * A batch is one range of intervention ids, read as range scans in id order
 * and merged here: the positions, the interventions, their ends (only where
 * an intervention ended), the monthly reports of their open months. The
 * lines confirmed runs paid for open months are read only when a confirmed
 * run can have paid one (its month reaches the batch's first open month);
 * supplements, bonus claims and the lines paid for them, few per tenant, are
 * read once per run and handed out batch by batch. Nothing is streamed, so
 * the statements can be read one after another on both backends; a batch
 * bounds the memory a run needs.
 */
#include "stegvis/store_billing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/store_int.h"

/* Intervention ids a batch covers at most. */
#define BATCH_MAX 100000
/* How long before a run's creation a change still counts as after it. */
#define SETTLE_MARGIN_US ((sv_time)86400 * 1000000)

/* ---- Facts ---------------------------------------------------------------- */

/*
 * A batch (lo < id <= hi) is read as range scans in intervention id order,
 * merged here, instead of one join that seeks each intervention's position
 * and open reports by index (two index probes and two table rows an
 * intervention): the positions of the range, the interventions, their
 * monthly reports of the open months, and, for the ended ones only, their
 * end and final report.
 *
 * The interventions a run reads: with a provider and a start by the end of
 * M, not cancelled, and not found done by the confirmed run that last
 * computed them, unless they changed since or have supplements or bonus
 * claims (matched by their key, whenever paid). The first two conditions are
 * SQL; the position and the claims are merged in C (read_ivs()). The
 * unary + keeps SQLite on the id range rather than another index.
 */
/* $1 tenant, $2 the last day of M, $3 < id <= $4. */
static const char SQL_IVS[] =
        "SELECT iv.id, iv.provider_id, iv.customer_id, iv.code, iv.scheme, iv.state, "
        "COALESCE(iv.end_reason, ''), iv.start_on, iv.planned_end_on, iv.actual_end_on, "
        "iv.extension_months, iv.updated_at FROM interventions iv WHERE +iv.tenant_id = $1 AND "
        "+iv.provider_id IS NOT NULL AND iv.start_on IS NOT NULL AND iv.start_on <= $2 AND "
        "iv.state <> 'cancelled' AND iv.id > $3 AND iv.id <= $4 ORDER BY iv.id";

/* $1 tenant, $2 < intervention <= $3. */
static const char SQL_POSITIONS[] =
        "SELECT p.intervention_id, p.open_from, p.done, p.settled_at FROM billing_positions p "
        "WHERE p.tenant_id = $1 AND p.intervention_id > $2 AND p.intervention_id <= $3 ORDER BY "
        "p.intervention_id";

/* Once per run: the interventions with any supplement or bonus claim. */
static const char SQL_CLAIMED[] =
        "SELECT c.intervention_id FROM jp_supplements c WHERE c.tenant_id = $1 UNION SELECT "
        "c.intervention_id FROM jp_bonus_claims c WHERE c.tenant_id = $1 ORDER BY 1";

/*
 * The ended interventions of $5 < id <= $6 ($2 the last day of M, $3 full,
 * $4 facts_until): how and when the end was decided (intervention_details)
 * and the first final report, needed once the month of the end is
 * reconciled. Interventions a confirmed run found done are left out (the
 * same condition as read_ivs(), so that their subqueries are not
 * evaluated): the caller ignores any other row anyway.
 */
#define ENDED "(iv.actual_end_on IS NOT NULL OR iv.planned_end_on <= $2)"
#define NOT_DONE                                                                              \
	"(CAST($3 AS BIGINT) = 1 OR NOT EXISTS (SELECT 1 FROM billing_positions p WHERE "     \
	"p.tenant_id = iv.tenant_id AND p.intervention_id = iv.id AND p.done = 1 AND "        \
	"iv.updated_at < p.settled_at) OR EXISTS (SELECT 1 FROM jp_supplements c WHERE "      \
	"c.tenant_id = iv.tenant_id AND c.intervention_id = iv.id) OR EXISTS (SELECT 1 FROM " \
	"jp_bonus_claims c WHERE c.tenant_id = iv.tenant_id AND c.intervention_id = iv.id))"
#define FINAL_AT                                                                                 \
	"CASE WHEN COALESCE(iv.actual_end_on, iv.planned_end_on) <= $2 THEN (SELECT "            \
	"MIN(f.first_submitted_at) FROM documents f WHERE f.tenant_id = iv.tenant_id AND "       \
	"f.intervention_id = iv.id AND f.kind = 'final_report' AND f.first_submitted_at <= $4) " \
	"END"
#define END_CAUSE                                                                             \
	"CASE WHEN iv.actual_end_on IS NOT NULL THEN (SELECT dt.end_cause FROM "              \
	"intervention_details dt WHERE dt.tenant_id = iv.tenant_id AND dt.intervention_id = " \
	"iv.id) END"
#define END_DECIDED_ON                                                                        \
	"CASE WHEN iv.actual_end_on IS NOT NULL THEN (SELECT dt.end_decided_on FROM "         \
	"intervention_details dt WHERE dt.tenant_id = iv.tenant_id AND dt.intervention_id = " \
	"iv.id) END"
static const char SQL_ENDS[] =
        "SELECT iv.id, " FINAL_AT ", " END_CAUSE ", " END_DECIDED_ON " FROM interventions iv "
        "WHERE +iv.tenant_id = $1 AND iv.id > $5 AND iv.id <= $6 AND " ENDED " AND " NOT_DONE
        " ORDER BY iv.id";

#define REVIEW_AT(decision)                                                              \
	"(SELECT MAX(r.at) FROM document_reviews r WHERE r.tenant_id = d.tenant_id AND " \
	"r.document_id = d.id AND r.decision = '" decision "' AND r.at <= $4)"
/* A report can have been returned only if it is or was resubmitted (a new version). */
#define MAYBE_RETURNED "(d.state = 'returned' OR d.current_version > 1)"

#define RETURNED_AT REVIEW_AT("returned")
#define APPROVED_AT REVIEW_AT("approved")
/* The first submission after the latest return. */
#define RESUBMITTED_AT                                                                          \
	"(SELECT MIN(v.submitted_at) FROM document_versions v WHERE v.tenant_id = d.tenant_id " \
	"AND v.document_id = d.id AND v.submitted_at <= $4 AND v.submitted_at > " RETURNED_AT ")"

/*
 * The monthly reports of $5 < intervention <= $6 as the run reads them ($4
 * facts_until), by intervention; the order within one is made in C
 * (settle_reports()).
 */
#define REPORT_COLUMNS                                                         \
	"SELECT d.intervention_id, d.id, d.period, "                           \
	"CASE WHEN d.first_submitted_at <= $4 THEN d.first_submitted_at END, " \
	"CASE WHEN " MAYBE_RETURNED " THEN " RETURNED_AT " END, "              \
	"CASE WHEN " MAYBE_RETURNED " THEN " RESUBMITTED_AT " END, "           \
	"CASE WHEN d.state = 'approved' THEN " APPROVED_AT " END "
#define REPORT_RANGE "d.intervention_id > $5 AND d.intervention_id <= $6 ORDER BY d.intervention_id"

/*
 * The reports of one month, $2 (its first day), and those of a day after it
 * before $3 (the next month's first day), which only data written around
 * the documents service can hold (a report's month is its first day, KV-32):
 * each a stretch of documents_monthly (0006), ordered by the month and then
 * the intervention, which holds every column read, so only the reports
 * wanted are visited. SQLite is told the index, which has to be used.
 */
#define SQL_REPORTS_MONTH(INDEX)                                                        \
	REPORT_COLUMNS "FROM documents d" INDEX " WHERE d.tenant_id = $1 AND d.kind = " \
	               "'monthly_report' AND d.period = $2 AND d.period < $3 AND " REPORT_RANGE
#define SQL_REPORTS_MONTH_AFTER(INDEX)                                                  \
	REPORT_COLUMNS "FROM documents d" INDEX " WHERE d.tenant_id = $1 AND d.kind = " \
	               "'monthly_report' AND d.period > $2 AND d.period < $3 AND " REPORT_RANGE
static const char SQL_REPORTS_MONTH_SQLITE[] = SQL_REPORTS_MONTH(" INDEXED BY documents_monthly");
static const char SQL_REPORTS_MONTH_PG[] = SQL_REPORTS_MONTH("");
static const char SQL_REPORTS_AFTER_SQLITE[] =
        SQL_REPORTS_MONTH_AFTER(" INDEXED BY documents_monthly");
static const char SQL_REPORTS_AFTER_PG[] = SQL_REPORTS_MONTH_AFTER("");

/*
 * The reports from $3 (the batch's first open month) to $2 (the last day of
 * M), when more months are open than REPORT_MONTHS (a tenant's first run, a
 * changed intervention): the documents of the range in intervention order.
 * PERIOD is the column as compared: on SQLite "+d.period", without the
 * column's numeric affinity (a DATE column), so that the comparison of the
 * ISO dates, made for every document of the range, is one of text and does
 * not first try each as a number; PostgreSQL compares dates.
 */
#define SQL_REPORTS_FROM(PERIOD)                                                                \
	REPORT_COLUMNS "FROM documents d WHERE d.tenant_id = $1 AND d.kind = 'monthly_report' " \
	               "AND " PERIOD " <= $2 AND " PERIOD " >= $3 AND " REPORT_RANGE
static const char SQL_REPORTS_FROM_SQLITE[] = SQL_REPORTS_FROM("+d.period");
static const char SQL_REPORTS_FROM_PG[] = SQL_REPORTS_FROM("d.period");
/* Open months up to which the reports are read a month at a time. */
#define REPORT_MONTHS 3

/* The voucher and abort lines of open months: $2 < intervention <= $3, month >= $5. */
static const char SQL_PAID[] =
        "SELECT l.intervention_id, l.kind, l.month, l.ref, l.amount_ore FROM billing_lines l "
        "JOIN billing_confirmations c ON c.tenant_id = l.tenant_id AND c.run_id = l.run_id AND "
        "c.confirmed_at <= $4 WHERE l.tenant_id = $1 AND l.intervention_id > $2 AND "
        "l.intervention_id <= $3 AND l.kind IN ('voucher', 'abort_extension') AND l.month >= "
        "$5 ORDER BY l.intervention_id, l.id";

/* Once per run: supplements, bonus claims and what was paid for them ($2: facts_until). */
static const char SQL_SUPPLEMENTS[] =
        "SELECT s.intervention_id, s.id, s.amount_ore, s.decided_on FROM jp_supplements s "
        "WHERE s.tenant_id = $1 AND s.state = 'granted' AND s.decided_at <= $2 ORDER BY "
        "s.intervention_id, s.id";
static const char SQL_BONUS[] =
        "SELECT b.intervention_id, b.id, CASE WHEN b.state = 'approved' AND b.decided_at <= $2 "
        "THEN 1 ELSE 0 END, b.qualifying_from, b.eligible_on, b.claimed_on, b.decided_on FROM "
        "jp_bonus_claims b WHERE b.tenant_id = $1 AND b.claimed_at <= $2 AND (b.state <> "
        "'rejected' OR b.decided_at > $2) ORDER BY b.intervention_id, b.id";
static const char SQL_CLAIMS_PAID[] =
        "SELECT l.intervention_id, l.kind, l.month, l.ref, l.amount_ore FROM billing_lines l "
        "JOIN billing_confirmations c ON c.tenant_id = l.tenant_id AND c.run_id = l.run_id AND "
        "c.confirmed_at <= $2 WHERE l.tenant_id = $1 AND l.kind IN ('supplement', 'bonus') "
        "ORDER BY l.intervention_id, l.id";

void store_billing_batch_init(struct store_billing_batch *b)
{
	memset(b, 0, sizeof(*b));
}

void store_billing_batch_release(struct store_billing_batch *b)
{
	free(b->iv);
	free(b->reports);
	free(b->paid);
	free(b->supplements);
	free(b->bonus);
	free(b->all_supplements);
	free(b->all_bonus);
	free(b->all_claims_paid);
	free(b->open_paid);
	free(b->pos);
	free(b->claimed);
	free(b->rows);
	store_billing_batch_init(b);
}

/* Make room for one more element of size sz in *v (n used, *alloc allocated). */
static enum sv_rc grow(void **v, size_t n, size_t *alloc, size_t sz)
{
	size_t na;
	void *p;

	if (n < *alloc)
		return SV_OK;
	na = *alloc ? *alloc * 2 : 256;
	p = realloc(*v, na * sz);
	if (!p)
		return SV_ENOMEM;
	*v = p;
	*alloc = na;
	return SV_OK;
}

/* A column's text into a fixed field, cut to fit (codes and names of vocabularies). */
static void copy_text(char *dst, size_t sz, const char *s)
{
	size_t n = s ? strnlen(s, sz - 1) : 0;

	memcpy(dst, s ? s : "", n);
	dst[n] = '\0';
}

static const char *basis_of_kind(const char *kind)
{
	if (!kind)
		return NULL;
	if (!strcmp(kind, "voucher"))
		return "voucher";
	if (!strcmp(kind, "abort_extension"))
		return "abort";
	if (!strcmp(kind, "supplement"))
		return "supplement";
	if (!strcmp(kind, "bonus"))
		return "bonus";
	return NULL;
}

static sv_time opt_time(struct store_q *q, int i)
{
	return store_q_null(q, i) ? 0 : store_q_int(q, i);
}

/* The positions of lo < intervention <= hi, in intervention id order. */
static enum sv_rc read_positions(struct store *st, int64_t tenant, int64_t lo, int64_t hi,
                                 struct store_billing_batch *b, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(lo), P_INT(hi)};
	struct store_q q;
	enum sv_rc rc = store_q_run(st, &q, SQL_POSITIONS, p, NPARAMS(p), false, err);

	if (rc)
		return rc;
	while (!rc && store_q_next(&q, &rc, err)) {
		struct store_billing_settled *x;
		if (grow((void **)&b->pos, b->n_pos, &b->alloc_pos, sizeof(*b->pos))) {
			rc = SV_ENOMEM;
			break;
		}
		x = &b->pos[b->n_pos++];
		x->intervention_id = store_q_int(&q, 0);
		x->open_from = store_q_date(&q, 1);
		x->done = store_q_int(&q, 2) != 0;
		x->settled_at = store_q_int(&q, 3);
	}
	store_q_done(&q);
	return rc;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Whether the intervention has any supplement or bonus claim (read once per run). */
static bool claimed(const struct store_billing_batch *b, int64_t id)
{
	return b->n_claimed && bsearch(&id, b->claimed, b->n_claimed, sizeof(*b->claimed), cmp_id);
}

/*
 * The interventions of lo < id <= hi merged with their positions (read
 * before, by id): one a confirmed run found done is left out unless it
 * changed since (updated_at) or has a claim; open_from is the position's
 * month unless the run is full, there is no position or the row changed.
 */
static enum sv_rc read_ivs(struct store *st, int64_t tenant, sv_date month_last, bool full,
                           int64_t lo, int64_t hi, struct store_billing_batch *b,
                           struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_DATE(month_last), P_INT(lo), P_INT(hi)};
	struct store_q q;
	size_t k = 0;
	enum sv_rc rc = store_q_run(st, &q, SQL_IVS, p, NPARAMS(p), false, err);

	if (rc)
		return rc;
	while (!rc && store_q_next(&q, &rc, err)) {
		int64_t id = store_q_int(&q, 0);
		sv_time updated_at = store_q_int(&q, 11);
		sv_date open_from = SV_NO_DATE;
		struct store_billing_iv *v;

		while (k < b->n_pos && b->pos[k].intervention_id < id)
			k++;
		if (!full && k < b->n_pos && b->pos[k].intervention_id == id) {
			bool changed = updated_at >= b->pos[k].settled_at;
			if (b->pos[k].done && !changed && !claimed(b, id))
				continue; /* done, and nothing can become due */
			if (!changed)
				open_from = b->pos[k].open_from;
		}
		if (grow((void **)&b->iv, b->n_iv, &b->alloc_iv, sizeof(*b->iv))) {
			rc = SV_ENOMEM;
			break;
		}
		v = &b->iv[b->n_iv++];
		memset(v, 0, sizeof(*v));
		v->id = id;
		v->provider_id = store_q_int(&q, 1);
		v->customer_id = store_q_int(&q, 2);
		copy_text(v->code, sizeof(v->code), store_q_text(&q, 3));
		copy_text(v->scheme, sizeof(v->scheme), store_q_text(&q, 4));
		copy_text(v->state, sizeof(v->state), store_q_text(&q, 5));
		copy_text(v->end_reason, sizeof(v->end_reason), store_q_text(&q, 6));
		v->start = store_q_date(&q, 7);
		v->planned_end = store_q_date(&q, 8);
		v->actual_end = store_q_date(&q, 9);
		v->extension_months = (int)store_q_int(&q, 10);
		v->updated_at = updated_at;
		v->open_from = open_from;
		v->end_decided_on = SV_NO_DATE; /* read_ends() for the ended */
	}
	store_q_done(&q);
	return rc;
}

static bool ended_by(const struct store_billing_iv *v, sv_date month_last)
{
	return v->actual_end != SV_NO_DATE ||
	       (v->planned_end != SV_NO_DATE && v->planned_end <= month_last);
}

/* The end cause, end decision and first final report of the batch's ended interventions. */
static enum sv_rc read_ends(struct store *st, int64_t tenant, sv_date month_last, bool full,
                            sv_time facts_until, struct store_billing_batch *b,
                            struct sv_error *err)
{
	size_t first = b->n_iv, last = 0, i;
	struct store_q q;
	enum sv_rc rc;

	for (i = 0; i < b->n_iv; i++) {
		if (!ended_by(&b->iv[i], month_last))
			continue;
		if (first == b->n_iv)
			first = i;
		last = i;
	}
	if (first == b->n_iv)
		return SV_OK; /* none ended: nothing to read */
	{
		struct store_param p[] = {
		        P_INT(tenant),      P_DATE(month_last),         P_INT(full ? 1 : 0),
		        P_INT(facts_until), P_INT(b->iv[first].id - 1), P_INT(b->iv[last].id)};
		rc = store_q_run(st, &q, SQL_ENDS, p, NPARAMS(p), false, err);
	}
	if (rc)
		return rc;
	i = first;
	while (!rc && store_q_next(&q, &rc, err)) {
		int64_t id = store_q_int(&q, 0);
		struct store_billing_iv *v;

		while (i <= last && b->iv[i].id < id)
			i++;
		if (i > last || b->iv[i].id != id)
			continue; /* not read by this run */
		v = &b->iv[i];
		v->final_submitted_at = opt_time(&q, 1);
		copy_text(v->end_cause, sizeof(v->end_cause), store_q_text(&q, 2));
		v->end_decided_on = store_q_date(&q, 3);
	}
	store_q_done(&q);
	return rc;
}

/* Order an intervention's reports by month and then document, keeping the first of a month. */
static void settle_reports(struct store_billing_batch *b, struct store_billing_iv *v)
{
	struct store_billing_report *r = &b->reports[v->report0];
	size_t n = v->n_reports, m;

	for (size_t i = 1; i < n; i++) {
		struct store_billing_report x = r[i];
		size_t j = i;
		while (j > 0 && (r[j - 1].period > x.period ||
		                 (r[j - 1].period == x.period && r[j - 1].doc_id > x.doc_id))) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = x;
	}
	for (m = 0; n && m < n - 1; m++)
		if (r[m].period == r[m + 1].period)
			break;
	if (n && m < n - 1) { /* a second document of a month: the first one counts */
		size_t w = m + 1;
		for (size_t i = m + 2; i < n; i++)
			if (r[i].period != r[w - 1].period)
				r[w++] = r[i];
		b->n_reports -= n - w;
		v->n_reports = w;
	}
}

/* Append the rows of one reports query to the batch's scratch list. */
static enum sv_rc report_rows(struct store *st, const char *sql, const struct store_param *p,
                              int np, struct store_billing_batch *b, struct sv_error *err)
{
	struct store_q q;
	enum sv_rc rc = store_q_run(st, &q, sql, p, np, false, err);

	if (rc)
		return rc;
	while (!rc && store_q_next(&q, &rc, err)) {
		struct store_billing_report_row *x;
		if (grow((void **)&b->rows, b->n_rows, &b->alloc_rows, sizeof(*b->rows))) {
			rc = SV_ENOMEM;
			break;
		}
		x = &b->rows[b->n_rows++];
		x->intervention_id = store_q_int(&q, 0);
		x->r.doc_id = store_q_int(&q, 1);
		x->r.period = store_q_date(&q, 2);
		x->r.submitted_at = opt_time(&q, 3);
		x->r.returned_at = opt_time(&q, 4);
		x->r.resubmitted_at = opt_time(&q, 5);
		x->r.approved_at = opt_time(&q, 6);
	}
	store_q_done(&q);
	return rc;
}

static int cmp_report_row(const void *a, const void *b)
{
	const struct store_billing_report_row *x = a, *y = b;

	if (x->intervention_id != y->intervention_id)
		return x->intervention_id < y->intervention_id ? -1 : 1;
	if (x->r.period != y->r.period)
		return x->r.period < y->r.period ? -1 : 1;
	return x->r.doc_id < y->r.doc_id ? -1 : x->r.doc_id > y->r.doc_id;
}

/*
 * The monthly reports of the batch's interventions, of their open months:
 * from the batch's first open month to M, a month at a time when few are
 * open (an ordinary run), else the range's documents in intervention order;
 * then each intervention keeps those of its own open months.
 */
static enum sv_rc read_reports(struct store *st, int64_t tenant, sv_date month_last,
                               sv_time facts_until, struct store_billing_batch *b,
                               struct sv_error *err)
{
	bool sqlite = store_backend(st) == STORE_SQLITE;
	int64_t lo = b->iv[0].id - 1, hi = b->iv[b->n_iv - 1].id;
	sv_date from = b->iv[0].open_from, m_first = date_month_start(month_last);
	struct store_billing_iv *v = NULL;
	enum sv_rc rc = SV_OK;
	size_t i;

	b->n_rows = 0;
	for (i = 0; i < b->n_iv && from != SV_NO_DATE; i++)
		if (b->iv[i].open_from == SV_NO_DATE || b->iv[i].open_from < from)
			from = b->iv[i].open_from;
	if (from != SV_NO_DATE && from > month_last)
		return SV_OK; /* every month through M settled */
	if (from != SV_NO_DATE && date_month_start(from) == from &&
	    date_add_months(from, REPORT_MONTHS) > m_first) {
		for (sv_date m = from; !rc && m <= m_first; m = date_add_months(m, 1)) {
			struct store_param p[] = {
			        P_INT(tenant),      P_DATE(m), P_DATE(date_add_months(m, 1)),
			        P_INT(facts_until), P_INT(lo), P_INT(hi)};
			rc = report_rows(st,
			                 sqlite ? SQL_REPORTS_MONTH_SQLITE : SQL_REPORTS_MONTH_PG,
			                 p, NPARAMS(p), b, err);
			if (!rc)
				rc = report_rows(st,
				                 sqlite ? SQL_REPORTS_AFTER_SQLITE
				                        : SQL_REPORTS_AFTER_PG,
				                 p, NPARAMS(p), b, err);
		}
	} else {
		struct store_param p[] = {
		        P_INT(tenant),
		        P_DATE(month_last),
		        P_DATE(from == SV_NO_DATE ? date_from_ymd(1, 1, 1) : from),
		        P_INT(facts_until),
		        P_INT(lo),
		        P_INT(hi)};
		rc = report_rows(st, sqlite ? SQL_REPORTS_FROM_SQLITE : SQL_REPORTS_FROM_PG, p,
		                 NPARAMS(p), b, err);
	}
	if (rc)
		return rc;
	for (i = 1; i < b->n_rows; i++)
		if (b->rows[i].intervention_id < b->rows[i - 1].intervention_id)
			break;
	if (i < b->n_rows) /* several months, or a report after a month's first day */
		qsort(b->rows, b->n_rows, sizeof(*b->rows), cmp_report_row);
	i = 0;
	for (size_t k = 0; k < b->n_rows; k++) {
		const struct store_billing_report_row *x = &b->rows[k];

		while (i < b->n_iv && b->iv[i].id < x->intervention_id)
			i++;
		if (i == b->n_iv)
			break;
		if (b->iv[i].id != x->intervention_id)
			continue; /* not read by this run */
		if (v != &b->iv[i]) {
			if (v)
				settle_reports(b, v);
			v = &b->iv[i];
			v->report0 = b->n_reports;
		}
		if (x->r.period == SV_NO_DATE ||
		    (v->open_from != SV_NO_DATE && x->r.period < v->open_from))
			continue; /* a settled month */
		if (grow((void **)&b->reports, b->n_reports, &b->alloc_reports,
		         sizeof(*b->reports)))
			return SV_ENOMEM;
		b->reports[b->n_reports++] = x->r;
		v->n_reports++;
	}
	if (v)
		settle_reports(b, v);
	return SV_OK;
}

static enum sv_rc read_paid(struct store *st, const struct store_param *p, int np,
                            struct store_billing_batch *b, struct sv_error *err)
{
	struct store_q q;
	enum sv_rc rc = store_q_run(st, &q, SQL_PAID, p, np, false, err);

	if (rc)
		return rc;
	while (!rc && store_q_next(&q, &rc, err)) {
		const char *basis = basis_of_kind(store_q_text(&q, 1));
		if (!basis)
			continue;
		if (grow((void **)&b->open_paid, b->n_open_paid, &b->alloc_open_paid,
		         sizeof(*b->open_paid))) {
			rc = SV_ENOMEM;
			break;
		}
		b->open_paid[b->n_open_paid++] = (struct store_billing_paid_row){
		        store_q_int(&q, 0),
		        {basis, store_q_date(&q, 2), store_q_int(&q, 3), store_q_int(&q, 4)}};
	}
	store_q_done(&q);
	return rc;
}

/* Once per run: the tenant's supplements, bonus claims, lines paid for them, latest month paid. */
static enum sv_rc load_run(struct store *st, int64_t tenant, sv_time until,
                           struct store_billing_batch *b, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(until)};
	struct store_q q;
	enum sv_rc rc;

	b->max_paid_month = SV_NO_DATE;
	rc = store_q_run(st, &q,
	                 "SELECT MAX(r.month) FROM billing_runs r JOIN billing_confirmations c ON "
	                 "c.tenant_id = r.tenant_id AND c.run_id = r.id WHERE r.tenant_id = $1 AND "
	                 "c.confirmed_at <= $2",
	                 p, NPARAMS(p), false, err);
	if (!rc && store_q_next(&q, &rc, err))
		b->max_paid_month = store_q_date(&q, 0);
	store_q_done(&q);
	if (!rc)
		rc = store_q_run(st, &q, SQL_SUPPLEMENTS, p, NPARAMS(p), false, err);
	while (!rc && store_q_next(&q, &rc, err)) {
		struct store_billing_supplement *x;
		if (grow((void **)&b->all_supplements, b->n_all_supplements,
		         &b->alloc_all_supplements, sizeof(*x))) {
			rc = SV_ENOMEM;
			break;
		}
		x = &b->all_supplements[b->n_all_supplements++];
		x->intervention_id = store_q_int(&q, 0);
		x->id = store_q_int(&q, 1);
		x->amount = store_q_int(&q, 2);
		x->decided_on = store_q_date(&q, 3);
	}
	store_q_done(&q);
	if (!rc)
		rc = store_q_run(st, &q, SQL_BONUS, p, NPARAMS(p), false, err);
	while (!rc && store_q_next(&q, &rc, err)) {
		struct store_billing_bonus *x;
		if (grow((void **)&b->all_bonus, b->n_all_bonus, &b->alloc_all_bonus, sizeof(*x))) {
			rc = SV_ENOMEM;
			break;
		}
		x = &b->all_bonus[b->n_all_bonus++];
		x->intervention_id = store_q_int(&q, 0);
		x->id = store_q_int(&q, 1);
		x->approved = store_q_int(&q, 2) != 0;
		x->qualifying_from = store_q_date(&q, 3);
		x->eligible_on = store_q_date(&q, 4);
		x->claimed_on = store_q_date(&q, 5);
		x->decided_on = x->approved ? store_q_date(&q, 6) : SV_NO_DATE;
	}
	store_q_done(&q);
	if (!rc)
		rc = store_q_run(st, &q, SQL_CLAIMS_PAID, p, NPARAMS(p), false, err);
	while (!rc && store_q_next(&q, &rc, err)) {
		struct store_billing_paid_row *x;
		const char *basis = basis_of_kind(store_q_text(&q, 1));
		if (!basis)
			continue;
		if (grow((void **)&b->all_claims_paid, b->n_all_claims_paid,
		         &b->alloc_all_claims_paid, sizeof(*x))) {
			rc = SV_ENOMEM;
			break;
		}
		x = &b->all_claims_paid[b->n_all_claims_paid++];
		x->intervention_id = store_q_int(&q, 0);
		x->paid = (struct store_billing_paid){basis, store_q_date(&q, 2),
		                                      store_q_int(&q, 3), store_q_int(&q, 4)};
	}
	store_q_done(&q);
	if (!rc)
		rc = store_q_run(st, &q, SQL_CLAIMED, p, 1, false, err);
	while (!rc && store_q_next(&q, &rc, err)) {
		if (grow((void **)&b->claimed, b->n_claimed, &b->alloc_claimed,
		         sizeof(*b->claimed))) {
			rc = SV_ENOMEM;
			break;
		}
		b->claimed[b->n_claimed++] = store_q_int(&q, 0);
	}
	store_q_done(&q);
	if (!rc)
		b->loaded = true;
	return rc;
}

/*
 * Give each intervention of the batch its slices: the paid lines of its open
 * months (read for the batch) and of its supplements and bonus, its
 * supplements and bonus claims (read for the run). Every list is in
 * intervention id order, like the batch.
 */
static enum sv_rc hand_out(struct store_billing_batch *b)
{
	size_t t = 0;

	for (size_t i = 0; i < b->n_iv; i++) {
		struct store_billing_iv *v = &b->iv[i];

		v->paid0 = b->n_paid;
		for (; t < b->n_open_paid && b->open_paid[t].intervention_id <= v->id; t++) {
			const struct store_billing_paid *x = &b->open_paid[t].paid;
			if (b->open_paid[t].intervention_id < v->id ||
			    (v->open_from != SV_NO_DATE && x->month < v->open_from))
				continue; /* settled months are not looked at */
			if (grow((void **)&b->paid, b->n_paid, &b->alloc_paid, sizeof(*b->paid)))
				return SV_ENOMEM;
			b->paid[b->n_paid++] = *x;
			v->n_paid++;
		}
		for (; b->k_claims_paid < b->n_all_claims_paid &&
		       b->all_claims_paid[b->k_claims_paid].intervention_id <= v->id;
		     b->k_claims_paid++) {
			if (b->all_claims_paid[b->k_claims_paid].intervention_id < v->id)
				continue;
			if (grow((void **)&b->paid, b->n_paid, &b->alloc_paid, sizeof(*b->paid)))
				return SV_ENOMEM;
			b->paid[b->n_paid++] = b->all_claims_paid[b->k_claims_paid].paid;
			v->n_paid++;
		}
		v->supplement0 = b->n_supplements;
		for (; b->k_supplements < b->n_all_supplements &&
		       b->all_supplements[b->k_supplements].intervention_id <= v->id;
		     b->k_supplements++) {
			if (b->all_supplements[b->k_supplements].intervention_id < v->id)
				continue;
			if (grow((void **)&b->supplements, b->n_supplements, &b->alloc_supplements,
			         sizeof(*b->supplements)))
				return SV_ENOMEM;
			b->supplements[b->n_supplements++] = b->all_supplements[b->k_supplements];
			v->n_supplements++;
		}
		v->bonus0 = b->n_bonus;
		for (; b->k_bonus < b->n_all_bonus &&
		       b->all_bonus[b->k_bonus].intervention_id <= v->id;
		     b->k_bonus++) {
			if (b->all_bonus[b->k_bonus].intervention_id < v->id)
				continue;
			if (grow((void **)&b->bonus, b->n_bonus, &b->alloc_bonus,
			         sizeof(*b->bonus)))
				return SV_ENOMEM;
			b->bonus[b->n_bonus++] = b->all_bonus[b->k_bonus];
			v->n_bonus++;
		}
	}
	return SV_OK;
}

enum sv_rc store_billing_facts_next(struct store *st, int64_t tenant, sv_date month_last,
                                    sv_time facts_until, bool full, size_t max,
                                    struct store_billing_batch *b, struct sv_error *err)
{
	enum sv_rc rc = SV_OK;

	b->n_iv = b->n_reports = b->n_paid = b->n_supplements = b->n_bonus = b->n_open_paid = 0;
	b->n_pos = 0;
	if (max == 0 || max > BATCH_MAX)
		return sv_error_set(err, SV_EINVAL, "max", "", "1 to %d interventions a batch",
		                    BATCH_MAX);
	if (month_last == SV_NO_DATE)
		return sv_error_set(err, SV_EINVAL, "month", "CAL-1", "the month is required");
	if (!b->loaded) {
		struct store_param p[] = {P_INT(tenant)};
		/* A run reads every intervention and its reports once: on SQLite
		 * the pages come through the memory map every connection has
		 * (sqlite.c). */
		if ((rc = store_one_int(st,
		                        "SELECT COALESCE(MAX(id), 0) FROM interventions WHERE "
		                        "tenant_id = $1",
		                        p, NPARAMS(p), &b->last_id, err)) ||
		    (rc = load_run(st, tenant, facts_until, b, err)))
			return rc;
	}
	/* Ranges of ids until one holds interventions of the run, or none are left. */
	while (!rc && !b->n_iv && b->after_id < b->last_id) {
		int64_t lo = b->after_id, hi = lo + (int64_t)max;
		if (hi > b->last_id)
			hi = b->last_id;
		b->n_pos = 0;
		if (!full)
			rc = read_positions(st, tenant, lo, hi, b, err);
		if (!rc)
			rc = read_ivs(st, tenant, month_last, full, lo, hi, b, err);
		b->after_id = hi;
		if (rc || !b->n_iv)
			continue;
		if ((rc = read_ends(st, tenant, month_last, full, facts_until, b, err)) ||
		    (rc = read_reports(st, tenant, month_last, facts_until, b, err)))
			continue;
		/* Lines paid for open months: only where a confirmed run's month
		 * reaches the batch's first open month (a run for R pays nothing
		 * after R). */
		{
			sv_date first = b->iv[0].open_from;
			for (size_t i = 0; i < b->n_iv; i++)
				if (b->iv[i].open_from == SV_NO_DATE ||
				    (first != SV_NO_DATE && b->iv[i].open_from < first))
					first = b->iv[i].open_from;
			if (b->max_paid_month != SV_NO_DATE &&
			    (first == SV_NO_DATE || first <= b->max_paid_month)) {
				struct store_param q[] = {
				        P_INT(tenant), P_INT(lo), P_INT(hi), P_INT(facts_until),
				        P_DATE(first == SV_NO_DATE ? date_from_ymd(1, 1, 1)
				                                   : first)};
				rc = read_paid(st, q, NPARAMS(q), b, err);
			}
		}
		if (!rc)
			rc = hand_out(b);
	}
	return rc;
}

enum sv_rc store_billing_first_start(struct store *st, int64_t tenant, sv_date month_last,
                                     sv_date *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_DATE(month_last)};
	struct store_q q;
	enum sv_rc rc;

	*out = SV_NO_DATE;
	rc = store_q_run(st, &q,
	                 "SELECT start_on FROM interventions WHERE tenant_id = $1 AND start_on IS "
	                 "NOT NULL AND start_on <= $2 AND provider_id IS NOT NULL AND state <> "
	                 "'cancelled' ORDER BY start_on LIMIT 1",
	                 p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	if (store_q_next(&q, &rc, err))
		*out = store_q_date(&q, 0);
	store_q_done(&q);
	return rc;
}

/* ---- Runs ----------------------------------------------------------------- */

void store_billing_run_release(struct store_billing_run *r)
{
	free(r->params);
	memset(r, 0, sizeof(*r));
}

void store_billing_run_list_release(struct store_billing_run_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_billing_run_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

enum sv_rc store_billing_confirmed_seq(struct store *st, int64_t tenant, int64_t *out,
                                       struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant)};

	return store_one_int(st,
	                     "SELECT COALESCE(MAX(seq), 0) FROM billing_confirmations WHERE "
	                     "tenant_id = $1",
	                     p, NPARAMS(p), out, err);
}

enum sv_rc store_billing_run_insert(struct store *st, const struct store_write *w,
                                    struct store_billing_run *r, struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	if (rc)
		return rc;
	if (r->month == SV_NO_DATE)
		return sv_error_set(err, SV_EINVAL, "month", "store:required", "is required");
	if (r->run_on == SV_NO_DATE)
		return sv_error_set(err, SV_EINVAL, "run_on", "store:required", "is required");
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),  P_DATE(r->month),
		                          P_INT(w->at),      P_ID(w->actor),
		                          P_DATE(r->run_on), P_TEXT(r->params ? r->params : "{}"),
		                          P_INT(r->based_on)};
		rc = store_one_int(st,
		                   "INSERT INTO billing_runs (tenant_id, month, state, created_at, "
		                   "created_by, run_on, params, based_on) VALUES ($1, $2, 'draft', "
		                   "$3, $4, $5, $6, $7) RETURNING id",
		                   p, NPARAMS(p), &r->id, err);
	}
	if (!rc) {
		snprintf(r->state, sizeof(r->state), "draft");
		r->created_at = w->at;
		r->created_by = w->actor;
	}
	return store_tx_leave(st, rc, err);
}

static const char *kind_column(const char *basis)
{
	return basis && !strcmp(basis, "abort") ? "abort_extension" : basis;
}

static enum sv_rc add_line(struct store *st, int64_t tenant, int64_t run_id,
                           const struct store_billing_line *l, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant),
	                          P_INT(run_id),
	                          P_INT(l->intervention_id),
	                          P_INT(l->provider_id),
	                          P_ID(l->customer_id),
	                          P_TEXT(kind_column(l->basis)),
	                          P_DATE(l->month),
	                          l->days >= 0 ? P_INT(l->days) : P_NULL,
	                          P_INT(l->amount),
	                          P_TEXT(l->rules ? l->rules : ""),
	                          P_TEXT(l->kind),
	                          P_INT(l->ref),
	                          P_TEXT(l->scheme ? l->scheme : ""),
	                          P_INT(l->rate),
	                          P_DATE(l->from),
	                          P_DATE(l->to),
	                          P_TEXT(l->status ? l->status : "none"),
	                          P_TEXT(l->explain ? l->explain : "{}"),
	                          P_TEXT(l->explanation ? l->explanation : "")};

	return store_do(
	        st,
	        "INSERT INTO billing_lines (tenant_id, run_id, intervention_id, provider_id, "
	        "customer_id, kind, month, days, amount_ore, rule, line_kind, ref, scheme, "
	        "rate_ore, from_on, to_on, status, explain, explanation) VALUES ($1, $2, "
	        "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
	        "$19)",
	        p, NPARAMS(p), NULL, err);
}

static enum sv_rc add_notice(struct store *st, int64_t tenant, int64_t run_id,
                             const struct store_billing_line *l, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant),
	                          P_INT(run_id),
	                          P_INT(l->intervention_id),
	                          P_INT(l->provider_id),
	                          P_INT(l->customer_id),
	                          P_TEXT(l->kind),
	                          P_TEXT(l->basis),
	                          P_DATE(l->month),
	                          P_INT(l->ref),
	                          l->days >= 0 ? P_INT(l->days) : P_NULL,
	                          P_INT(l->amount),
	                          P_TEXT(l->scheme ? l->scheme : ""),
	                          P_INT(l->rate),
	                          P_DATE(l->from),
	                          P_DATE(l->to),
	                          P_TEXT(l->status ? l->status : "none"),
	                          P_TEXT(l->rules ? l->rules : ""),
	                          P_BOOL(l->deficiency),
	                          P_TEXT(l->explain ? l->explain : "{}"),
	                          P_TEXT(l->explanation ? l->explanation : "")};

	return store_do(st,
	                "INSERT INTO billing_notices (tenant_id, run_id, intervention_id, "
	                "provider_id, customer_id, kind, basis, month, ref, days, amount_ore, "
	                "scheme, rate_ore, from_on, to_on, status, rule, deficiency, explain, "
	                "explanation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
	                "$13, $14, $15, $16, $17, $18, $19, $20)",
	                p, NPARAMS(p), NULL, err);
}

static enum sv_rc check_line(const struct store_billing_line *l, bool notice, const char *what,
                             size_t i, struct sv_error *err)
{
	static const char *const line_kinds[] = {
	        "voucher", "voucher_released", "abort", "supplement", "bonus", "adjustment", NULL};
	static const char *const notice_kinds[] = {"held", "forfeited", NULL};
	static const char *const bases[] = {"voucher", "abort", "supplement", "bonus", NULL};
	char f[64];
	enum sv_rc rc;

	snprintf(f, sizeof(f), "%s[%zu].kind", what, i);
	rc = store_check_enum(l->kind, notice ? notice_kinds : line_kinds, f, true, err);
	if (!rc) {
		snprintf(f, sizeof(f), "%s[%zu].basis", what, i);
		rc = store_check_enum(l->basis, bases, f, true, err);
	}
	if (!rc &&
	    (l->intervention_id <= 0 || l->provider_id <= 0 || (notice && l->customer_id <= 0))) {
		snprintf(f, sizeof(f), "%s[%zu].intervention_id", what, i);
		rc = sv_error_set(err, SV_EINVAL, f, "store:required",
		                  "intervention, provider and customer are required");
	}
	if (!rc && l->month == SV_NO_DATE) {
		snprintf(f, sizeof(f), "%s[%zu].month", what, i);
		rc = sv_error_set(err, SV_EINVAL, f, "store:required", "is required");
	}
	return rc;
}

enum sv_rc store_billing_lines_add(struct store *st, const struct store_write *w, int64_t run_id,
                                   const struct store_billing_line *lines, size_t n_lines,
                                   const struct store_billing_line *notices, size_t n_notices,
                                   const struct store_billing_position *pos, size_t n_pos,
                                   struct sv_error *err)
{
	enum sv_rc rc = store_check_write(w, err);

	for (size_t i = 0; !rc && i < n_lines; i++)
		rc = check_line(&lines[i], false, "lines", i, err);
	for (size_t i = 0; !rc && i < n_notices; i++)
		rc = check_line(&notices[i], true, "notices", i, err);
	for (size_t i = 0; !rc && i < n_pos; i++)
		if (pos[i].intervention_id <= 0 || pos[i].open_from == SV_NO_DATE)
			rc = sv_error_set(err, SV_EINVAL, "positions", "store:required",
			                  "intervention and open month are required");
	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < n_lines; i++)
		rc = add_line(st, w->tenant, run_id, &lines[i], err);
	for (size_t i = 0; !rc && i < n_notices; i++)
		rc = add_notice(st, w->tenant, run_id, &notices[i], err);
	for (size_t i = 0; !rc && i < n_pos; i++) {
		struct store_param p[] = {P_INT(w->tenant), P_INT(run_id),
		                          P_INT(pos[i].intervention_id), P_DATE(pos[i].open_from),
		                          P_BOOL(pos[i].done)};
		rc = store_do(st,
		              "INSERT INTO billing_run_positions (tenant_id, run_id, "
		              "intervention_id, open_from, done) VALUES ($1, $2, $3, $4, $5)",
		              p, NPARAMS(p), NULL, err);
	}
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_billing_run_sealed(struct store *st, const struct store_write *w, int64_t run_id,
                                    const struct store_billing_total *totals, size_t n_totals,
                                    const char *digest, struct sv_error *err)
{
	sv_money total = 0;
	int64_t nl = 0, nn = 0;
	sv_date month = SV_NO_DATE;
	struct store_q q;
	enum sv_rc rc = store_check_write(w, err);
	char m[SV_DATE_STRLEN], a[SV_MONEY_STRLEN];

	if (rc)
		return rc;
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant), P_INT(run_id)};
		rc = store_q_run(
		        st, &q,
		        "SELECT month FROM billing_runs WHERE tenant_id = $1 AND id = $2 AND "
		        "state = 'draft'",
		        p, NPARAMS(p), false, err);
		if (!rc && store_q_next(&q, &rc, err))
			month = store_q_date(&q, 0);
		else if (!rc)
			rc = sv_error_set(err, SV_ENOTFOUND, "run_id", "", "no such draft run");
		store_q_done(&q);
	}
	for (size_t i = 0; !rc && i < n_totals; i++) {
		struct store_param p[] = {P_INT(w->tenant),
		                          P_INT(run_id),
		                          P_INT(totals[i].provider_id),
		                          P_INT(totals[i].amount),
		                          P_INT(totals[i].n_lines),
		                          P_INT(totals[i].n_notices)};
		rc = store_do(st,
		              "INSERT INTO billing_run_totals (tenant_id, run_id, provider_id, "
		              "amount_ore, n_lines, n_notices) VALUES ($1, $2, $3, $4, $5, $6)",
		              p, NPARAMS(p), NULL, err);
		if (!rc && __builtin_add_overflow(total, totals[i].amount, &total))
			rc = sv_error_set(err, SV_ERANGE, "totals", "CAL-5", "the total overflows");
		nl += totals[i].n_lines;
		nn += totals[i].n_notices;
	}
	if (!rc)
		rc = store_event_emit(st, w, 0, "billing_run.prepared",
		                      json_pack("{sIsssssIsIss}", "run_id", (json_int_t)run_id,
		                                "month", date_format(month, m), "total",
		                                money_format(total, a), "lines", (json_int_t)nl,
		                                "notices", (json_int_t)nn, "digest",
		                                digest ? digest : ""),
		                      err);
	return store_tx_leave(st, rc, err);
}

enum sv_rc store_billing_run_confirm(struct store *st, const struct store_write *w, int64_t run_id,
                                     struct sv_error *err)
{
	char state[8] = "";
	int64_t based_on = 0;
	sv_time created_at = 0;
	sv_date month = SV_NO_DATE;
	struct store_q q;
	enum sv_rc rc = store_check_write(w, err);
	char m[SV_DATE_STRLEN];

	if (rc)
		return rc;
	if (w->actor <= 0)
		return sv_error_set(err, SV_EINVAL, "confirmed_by", "KV-72",
		                    "a run is confirmed by a named user");
	rc = store_tx_enter(st, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant), P_INT(run_id)};
		rc = store_q_run(
		        st, &q,
		        "SELECT state, based_on, created_at, month FROM billing_runs WHERE "
		        "tenant_id = $1 AND id = $2",
		        p, NPARAMS(p), false, err);
		if (!rc && store_q_next(&q, &rc, err)) {
			copy_text(state, sizeof(state), store_q_text(&q, 0));
			based_on = store_q_int(&q, 1);
			created_at = store_q_int(&q, 2);
			month = store_q_date(&q, 3);
		} else if (!rc) {
			rc = sv_error_set(err, SV_ENOTFOUND, "run", "", "no such billing run");
		}
		store_q_done(&q);
	}
	if (!rc && strcmp(state, "draft"))
		rc = sv_error_set(err, SV_ESTATE, "run", "KV-72", "the run is confirmed already");
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant), P_INT(run_id), P_INT(based_on + 1),
		                          P_INT(w->actor), P_INT(w->at)};
		rc = store_do(st,
		              "INSERT INTO billing_confirmations (tenant_id, run_id, seq, "
		              "confirmed_by, confirmed_at) VALUES ($1, $2, $3, $4, $5)",
		              p, NPARAMS(p), NULL, err);
		if (rc == SV_ECONFLICT) {
			sv_error_clear(err);
			rc = sv_error_set(err, SV_ECONFLICT, "run", "KV-72",
			                  "another run was confirmed after this one was prepared: "
			                  "prepare the month again");
		}
	}
	if (!rc) {
		struct store_param p[] = {P_INT(w->tenant), P_INT(run_id)};
		rc = store_do(st,
		              "UPDATE billing_runs SET state = 'final' WHERE tenant_id = $1 AND "
		              "id = $2 AND state = 'draft'",
		              p, NPARAMS(p), NULL, err);
	}
	if (!rc) {
		/* A day's margin: a change written by a server whose clock is behind,
		 * or committed while the run read, still reopens the intervention. */
		struct store_param p[] = {P_INT(w->tenant), P_INT(run_id),
		                          P_INT(created_at - SETTLE_MARGIN_US)};
		rc = store_do(
		        st,
		        "INSERT INTO billing_positions (tenant_id, intervention_id, open_from, "
		        "done, run_id, settled_at) SELECT tenant_id, intervention_id, "
		        "open_from, done, run_id, $3 FROM billing_run_positions WHERE "
		        "tenant_id = $1 AND run_id = $2 ON CONFLICT (tenant_id, "
		        "intervention_id) DO UPDATE SET open_from = excluded.open_from, done "
		        "= excluded.done, run_id = excluded.run_id, settled_at = "
		        "excluded.settled_at",
		        p, NPARAMS(p), NULL, err);
	}
	if (!rc)
		rc = store_event_emit(st, w, 0, "billing_run.confirmed",
		                      json_pack("{sIsssI}", "run_id", (json_int_t)run_id, "month",
		                                date_format(month, m), "seq",
		                                (json_int_t)(based_on + 1)),
		                      err);
	return store_tx_leave(st, rc, err);
}

#define RUN_COLS                                                                                \
	"r.id, r.month, r.state, r.run_on, r.params, r.based_on, r.created_at, "                \
	"COALESCE(r.created_by, 0), COALESCE(c.confirmed_at, 0), COALESCE(c.confirmed_by, 0), " \
	"COALESCE(c.seq, 0) FROM billing_runs r LEFT JOIN billing_confirmations c ON "          \
	"c.tenant_id = r.tenant_id AND c.run_id = r.id "

static enum sv_rc run_row(struct store_q *q, struct store_billing_run *r)
{
	enum sv_rc rc = SV_OK;

	memset(r, 0, sizeof(*r));
	r->id = store_q_int(q, 0);
	r->month = store_q_date(q, 1);
	copy_text(r->state, sizeof(r->state), store_q_text(q, 2));
	r->run_on = store_q_date(q, 3);
	r->params = store_q_strdup(q, 4, &rc);
	r->based_on = store_q_int(q, 5);
	r->created_at = store_q_int(q, 6);
	r->created_by = store_q_int(q, 7);
	r->confirmed_at = store_q_int(q, 8);
	r->confirmed_by = store_q_int(q, 9);
	r->seq = store_q_int(q, 10);
	return rc;
}

enum sv_rc store_billing_run_get(struct store *st, int64_t tenant, int64_t id,
                                 struct store_billing_run *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(id)};
	struct store_q q;
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	rc = store_q_run(st, &q, "SELECT " RUN_COLS "WHERE r.tenant_id = $1 AND r.id = $2", p,
	                 NPARAMS(p), false, err);
	if (rc)
		return rc;
	if (store_q_next(&q, &rc, err))
		rc = run_row(&q, out);
	else if (!rc)
		rc = sv_error_set(err, SV_ENOTFOUND, "id", "", "no such billing run");
	store_q_done(&q);
	if (rc)
		store_billing_run_release(out);
	return rc;
}

enum sv_rc store_billing_run_list(struct store *st, int64_t tenant, sv_date month, bool final_only,
                                  struct store_page page, struct store_billing_run_list *out,
                                  struct sv_error *err)
{
	size_t limit = page.limit ? page.limit : STORE_PAGE_DEFAULT, alloc = 0;
	struct store_param p[] = {P_INT(tenant),
	                          P_INT(page.after),
	                          P_DATE(month),
	                          P_INT(final_only ? 1 : 0),
	                          P_INT((int64_t)limit + 1),
	                          P_INT(month == SV_NO_DATE ? 0 : 1)};
	struct store_q q;
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	if (limit > STORE_PAGE_MAX)
		limit = STORE_PAGE_MAX;
	p[4] = P_INT((int64_t)limit + 1);
	rc = store_q_run(
	        st, &q,
	        "SELECT " RUN_COLS "WHERE r.tenant_id = $1 AND r.id > $2 AND (CAST($6 AS "
	        "BIGINT) = 0 OR r.month = $3) AND (CAST($4 AS BIGINT) = 0 OR r.state = 'final') "
	        "ORDER BY r.id LIMIT $5",
	        p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	while (!rc && store_q_next(&q, &rc, err)) {
		if (out->n == limit) {
			out->next = out->v[out->n - 1].id;
			break;
		}
		if (grow((void **)&out->v, out->n, &alloc, sizeof(*out->v))) {
			rc = SV_ENOMEM;
			break;
		}
		rc = run_row(&q, &out->v[out->n]);
		out->n++;
	}
	store_q_done(&q);
	if (rc)
		store_billing_run_list_release(out);
	return rc;
}

enum sv_rc store_billing_totals(struct store *st, int64_t tenant, int64_t run_id,
                                int64_t provider_id, struct store_billing_total **out, size_t *n,
                                struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(run_id), P_INT(provider_id)};
	size_t alloc = 0;
	struct store_q q;
	enum sv_rc rc;

	*out = NULL;
	*n = 0;
	rc = store_q_run(st, &q,
	                 "SELECT provider_id, amount_ore, n_lines, n_notices FROM "
	                 "billing_run_totals WHERE tenant_id = $1 AND run_id = $2 AND (CAST($3 "
	                 "AS BIGINT) = 0 OR provider_id = $3) ORDER BY provider_id",
	                 p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	while (!rc && store_q_next(&q, &rc, err)) {
		struct store_billing_total *t;
		if (grow((void **)out, *n, &alloc, sizeof(**out))) {
			rc = SV_ENOMEM;
			break;
		}
		t = &(*out)[(*n)++];
		t->provider_id = store_q_int(&q, 0);
		t->amount = store_q_int(&q, 1);
		t->n_lines = store_q_int(&q, 2);
		t->n_notices = store_q_int(&q, 3);
	}
	store_q_done(&q);
	if (rc) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

static const char SQL_LINES[] =
        "SELECT id, intervention_id, provider_id, COALESCE(customer_id, 0), line_kind, kind, "
        "month, COALESCE(days, -1), amount_ore, ref, scheme, rate_ore, from_on, to_on, status, "
        "rule, 0, explain, explanation FROM billing_lines WHERE tenant_id = $1 AND run_id = $2 "
        "AND (CAST($3 AS BIGINT) = 0 OR provider_id = $3) ORDER BY provider_id, id";
static const char SQL_NOTICES[] =
        "SELECT id, intervention_id, provider_id, customer_id, kind, basis, month, "
        "COALESCE(days, -1), amount_ore, ref, scheme, rate_ore, from_on, to_on, status, rule, "
        "deficiency, explain, explanation FROM billing_notices WHERE tenant_id = $1 AND run_id "
        "= $2 AND (CAST($3 AS BIGINT) = 0 OR provider_id = $3) ORDER BY provider_id, id";

enum sv_rc store_billing_lines_scan(struct store *st, int64_t tenant, int64_t run_id,
                                    int64_t provider_id, bool notices, store_billing_line_fn fn,
                                    void *ctx, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant), P_INT(run_id), P_INT(provider_id)};
	struct store_q q;
	enum sv_rc rc;

	rc = store_q_run(st, &q, notices ? SQL_NOTICES : SQL_LINES, p, NPARAMS(p), true, err);
	if (rc)
		return rc;
	while (!rc && store_q_next(&q, &rc, err)) {
		struct store_billing_line l;
		const char *kind = store_q_text(&q, 5);

		l.id = store_q_int(&q, 0);
		l.intervention_id = store_q_int(&q, 1);
		l.provider_id = store_q_int(&q, 2);
		l.customer_id = store_q_int(&q, 3);
		l.kind = store_q_text(&q, 4);
		l.basis = notices ? kind : basis_of_kind(kind);
		l.month = store_q_date(&q, 6);
		l.days = (int)store_q_int(&q, 7);
		l.amount = store_q_int(&q, 8);
		l.ref = store_q_int(&q, 9);
		l.scheme = store_q_text(&q, 10);
		l.rate = store_q_int(&q, 11);
		l.from = store_q_date(&q, 12);
		l.to = store_q_date(&q, 13);
		l.status = store_q_text(&q, 14);
		l.rules = store_q_text(&q, 15);
		l.deficiency = store_q_int(&q, 16) != 0;
		l.explain = store_q_text(&q, 17);
		l.explanation = store_q_text(&q, 18);
		if (!l.basis)
			l.basis = "";
		rc = fn(ctx, &l, err);
	}
	store_q_done(&q);
	return rc;
}

/* ---- The tenant's ledger settings ------------------------------------------- */

enum sv_rc store_tenant_billing_get(struct store *st, int64_t tenant,
                                    struct store_tenant_billing *out, struct sv_error *err)
{
	struct store_param p[] = {P_INT(tenant)};
	struct store_q q;
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	billing_ledger_default(&out->ledger);
	rc = store_q_run(st, &q,
	                 "SELECT org_no, account_voucher, account_abort, account_supplement, "
	                 "account_bonus, account_adjustment, account_supplier, cost_centre, "
	                 "updated_at, updated_by FROM tenant_settings WHERE tenant_id = $1",
	                 p, NPARAMS(p), false, err);
	if (rc)
		return rc;
	if (store_q_next(&q, &rc, err)) {
		if (!store_q_null(&q, 0))
			snprintf(out->org_no, sizeof(out->org_no), "%s", store_q_text(&q, 0));
		for (int i = 0; i < BILLING_LEDGER_COUNT; i++)
			out->ledger.expense[i] =
			        store_q_null(&q, 1 + i) ? 0 : (int)store_q_int(&q, 1 + i);
		out->ledger.supplier = (int)store_q_int(&q, 6);
		if (!store_q_null(&q, 7))
			snprintf(out->ledger.cost_centre, sizeof(out->ledger.cost_centre), "%s",
			         store_q_text(&q, 7));
		out->updated_at = store_q_int(&q, 8);
		out->updated_by = store_q_null(&q, 9) ? 0 : store_q_int(&q, 9);
	}
	store_q_done(&q);
	return rc;
}

enum sv_rc store_tenant_billing_put(struct store *st, const struct store_write *w,
                                    const struct store_tenant_billing *in, struct sv_error *err)
{
	const struct billing_ledger *l = &in->ledger;
	enum sv_rc rc = store_check_write(w, err);
	json_t *accounts;

	if (!rc)
		rc = billing_ledger_check(l, err);
	if (rc)
		return rc;
	{
		struct store_param p[] = {P_INT(w->tenant),
		                          in->org_no[0] ? P_TEXT(in->org_no) : P_NULL,
		                          P_INT(l->expense[BILLING_LEDGER_VOUCHER]),
		                          P_INT(l->expense[BILLING_LEDGER_ABORT]),
		                          P_INT(l->expense[BILLING_LEDGER_SUPPLEMENT]),
		                          P_INT(l->expense[BILLING_LEDGER_BONUS]),
		                          P_ID(l->expense[BILLING_LEDGER_ADJUSTMENT]),
		                          P_INT(l->supplier),
		                          l->cost_centre[0] ? P_TEXT(l->cost_centre) : P_NULL,
		                          P_INT(w->at),
		                          P_ID(w->actor)};
		rc = store_tx_enter(st, err);
		if (rc)
			return rc;
		rc = store_do(
		        st,
		        "INSERT INTO tenant_settings (tenant_id, org_no, account_voucher, "
		        "account_abort, account_supplement, account_bonus, account_adjustment, "
		        "account_supplier, cost_centre, updated_at, updated_by) VALUES ($1, $2, "
		        "$3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (tenant_id) DO UPDATE "
		        "SET org_no = excluded.org_no, account_voucher = excluded.account_voucher, "
		        "account_abort = excluded.account_abort, account_supplement = "
		        "excluded.account_supplement, account_bonus = excluded.account_bonus, "
		        "account_adjustment = excluded.account_adjustment, account_supplier = "
		        "excluded.account_supplier, cost_centre = excluded.cost_centre, "
		        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
		        p, NPARAMS(p), NULL, err);
	}
	accounts = json_object();
	for (int i = 0; accounts && i < BILLING_LEDGER_COUNT; i++)
		json_object_set_new(accounts,
		                    billing_ledger_basis_name((enum billing_ledger_basis)i),
		                    l->expense[i] ? json_integer(l->expense[i]) : json_null());
	if (!rc)
		rc = store_event_emit(
		        st, w, 0, "tenant.settings",
		        json_pack("{s:o,s:o,s:I,s:o}", "org_no",
		                  in->org_no[0] ? json_string(in->org_no) : json_null(), "accounts",
		                  accounts ? accounts : json_null(), "supplier_account",
		                  (json_int_t)l->supplier, "cost_centre",
		                  l->cost_centre[0] ? json_string(l->cost_centre) : json_null()),
		        err);
	else
		json_decref(accounts);
	return store_tx_leave(st, rc, err);
}
