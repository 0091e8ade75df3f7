/*
 * billing.h - the billing engine: the lines of a payment run for month M
 * (KV-50, KV-52, KV-60 ... KV-63, KV-70 ... KV-74, JP-7, JP-8 of
 * shared/spec/domain.md). A pure computation: no I/O, no clock, no calendar.
 *
 * The caller (the billing service) loads the facts of each intervention and
 * hands them to the engine one intervention at a time; the engine returns
 * the lines of the run, the notices (what is held back or forfeited, and
 * why) and the totals per provider. Storage, the four-eyes confirmation and
 * the CSV/XLSX/PDF/SIE outputs are built on top of it.
 *
 * The model (docs/internals/billing.md explains every decision):
 *
 *  - A "basis" is a thing money is owed for, identified by a key: the voucher
 *    of one calendar month (KV-70, KV-71), the KV-62 days after an abort in
 *    one month, one supplementary voucher decision (JP-7), the bonus (JP-8).
 *  - The engine computes what each basis is worth now (its entitlement) and
 *    whether its payment condition is met by the run for M (a monthly report
 *    in by the cut-off, KV-72; the final report, KV-63; a decision; proof).
 *  - It compares with what earlier confirmed runs paid for the same key
 *    (struct billing_paid, passed back by the caller): a basis never paid
 *    and due gives a payment line; a basis already paid whose worth has
 *    changed gives one adjustment line for the difference (never a rewrite);
 *    a basis not yet due gives a notice. Running the same month twice with
 *    the first run's lines passed back therefore yields nothing new.
 *
 * Usage:
 *
 *     struct billing_run run;
 *     billing_run_init(&run);
 *     if (billing_run_begin(&run, &params, &err)) ...       // validates params
 *     for each intervention:
 *         if (billing_run_add(&run, &iv, &err)) ...          // collect, go on
 *     if (billing_run_finish(&run, &err)) ...                // fails if any add failed
 *     ... run.lines[0 .. run.n_lines-1], run.notices, run.totals ...
 *     billing_run_release(&run);
 *
 * Determinism: the lines are ordered by (provider, intervention, period,
 * basis, reference), whatever order the interventions were added in; the
 * same facts always give the same lines. Adding interventions already in
 * (provider_id, id) order (as a database read with ORDER BY gives them)
 * costs no sort.
 *
 * Cost: O(interventions x months reconciled); the months reconciled per
 * intervention run from open_from (or the start) to M, so a caller that
 * knows the earlier months are settled keeps the work at one or two months
 * per intervention. Lines and notices live in two arrays owned by the run
 * that grow geometrically (no allocation per line), about 220 bytes a
 * line; a run too large to hold is streamed (billing_params.stream): the
 * arrays then hold one intervention's lines at a time.
 */
#ifndef SV_BILLING_H
#define SV_BILLING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "stegvis/buf.h"
#include "stegvis/date.h"
#include "stegvis/err.h"
#include "stegvis/money.h"

/* "No such date" (a report not submitted, an intervention still running). */
#define BILLING_NO_DATE ((sv_date)INT32_MIN)
/* An open end of a rate's validity. Same value as RULES_OPEN_END. */
#define BILLING_OPEN_END ((sv_date)INT32_MAX)
/* Largest amount accepted in any input (a rate, a supplement, a bonus, a paid
 * line): 10 000 000 000,00 kr. Keeps every sum of a run far from overflow. */
#define BILLING_MAX_AMOUNT ((sv_money)1000000000000LL)
/* Longest scheme (rate) code. */
#define BILLING_SCHEME_MAX 32

/* ---- vocabularies ---------------------------------------------------------- */

/* Why an intervention ended (KV-51, KV-52, KV-60 ... KV-62). */
enum billing_end_reason {
	BILLING_END_NONE = 0,        /* "running": no end decided; the planned end applies */
	BILLING_END_COMPLETED,       /* "completed": ran to its planned end (KV-60) */
	BILLING_END_EARLY,           /* "early": ended early by decision (KV-52, KV-61) */
	BILLING_END_ABORTED,         /* "aborted": outside the provider's control (KV-62) */
	BILLING_END_SELF_SUFFICIENT, /* "self_sufficient": work, studies, business (KV-51, JP-8) */
	BILLING_END_REASON_COUNT
};

/* What money is owed for. The order is the order of lines within a period. */
enum billing_basis {
	BILLING_BASIS_VOUCHER = 0, /* the monthly voucher of one month (KV-70, KV-71) */
	BILLING_BASIS_ABORT,       /* the KV-62 days after an abort that fall in one month */
	BILLING_BASIS_SUPPLEMENT,  /* one supplementary voucher decision (JP-7) */
	BILLING_BASIS_BONUS,       /* the self-sufficiency bonus (JP-8) */
	BILLING_BASIS_COUNT
};

/* What a line (or a notice) is. */
enum billing_kind {
	BILLING_VOUCHER = 0,      /* voucher for month M */
	BILLING_VOUCHER_RELEASED, /* voucher for an earlier month, held until now (KV-72) */
	BILLING_ABORT,            /* the KV-62 days in one month */
	BILLING_SUPPLEMENT,       /* JP-7 */
	BILLING_BONUS,            /* JP-8 */
	BILLING_ADJUSTMENT,       /* difference to what earlier runs paid for the same basis */
	/* notices only: */
	BILLING_HELD,      /* not paid in this run, may be paid in a later one */
	BILLING_FORFEITED, /* will never be paid (KV-63) */
	BILLING_KIND_COUNT
};

/* The state of the payment condition of a basis, as the run for M sees it. */
enum billing_status {
	BILLING_ST_NONE = 0,                /* no condition (an adjustment of a paid basis) */
	BILLING_ST_REPORT_ON_TIME,          /* monthly report in by its month's cut-off (KV-72) */
	BILLING_ST_REPORT_RESUBMITTED,      /* returned, resubmitted by the 12th (KV-32, KV-72) */
	BILLING_ST_REPORT_LATE,             /* first submitted after its month's cut-off (KV-72) */
	BILLING_ST_REPORT_RESUBMITTED_LATE, /* returned, resubmitted after the 12th (KV-72) */
	BILLING_ST_REPORT_MISSING,          /* held: not submitted by the cut-off of M (KV-72) */
	BILLING_ST_REPORT_RETURNED, /* held: returned, not resubmitted by the 12th (KV-32) */
	BILLING_ST_FINAL_ON_TIME,   /* final report by its deadline (KV-60, KV-61, KV-63) */
	BILLING_ST_FINAL_LATE,      /* final report late, within the 14 days (KV-63, KV-72) */
	BILLING_ST_FINAL_PENDING,   /* held: no final report yet, the 14 days still run */
	BILLING_ST_FINAL_MISSED, /* forfeited: no final report within the 14 days (KV-63, KV-53) */
	BILLING_ST_DECIDED,      /* a supplement decided (JP-7) */
	BILLING_ST_BONUS_PROVEN, /* six months' self-sufficiency proven (JP-8) */
	BILLING_ST_BONUS_SHORT,  /* held: less than six months proven (JP-8) */
	BILLING_ST_BONUS_NO_PROOF, /* held: no proof recorded yet (JP-8) */
	BILLING_STATUS_COUNT
};

/* Rule IDs a line cites, as bits of struct billing_explain.rules. */
enum billing_rule {
	BILLING_R_KV32 = 1u << 0,
	BILLING_R_KV50 = 1u << 1,
	BILLING_R_KV53 = 1u << 2,
	BILLING_R_KV60 = 1u << 3,
	BILLING_R_KV61 = 1u << 4,
	BILLING_R_KV62 = 1u << 5,
	BILLING_R_KV63 = 1u << 6,
	BILLING_R_KV70 = 1u << 7,
	BILLING_R_KV71 = 1u << 8,
	BILLING_R_KV72 = 1u << 9,
	BILLING_R_KV73 = 1u << 10,
	BILLING_R_JP7 = 1u << 11,
	BILLING_R_JP8 = 1u << 12,
	BILLING_R_CAL3A = 1u << 13,
};
#define BILLING_RULE_BITS 14

/* Stable machine names (JSON, CSV, the database); never NULL ("?" when out of range). */
const char *billing_end_reason_name(enum billing_end_reason r);
const char *billing_basis_name(enum billing_basis b);
const char *billing_kind_name(enum billing_kind k);
const char *billing_status_name(enum billing_status s);
/* The rule ID of one bit ("KV-71"), NULL when bit is not exactly one known bit. */
const char *billing_rule_id(unsigned bit);

/* Parse a machine name back; err names field and the rule (KV-52 for an end
 * reason, KV-70 for a basis). len is the length of s. */
enum sv_rc billing_end_reason_parse(const char *s, size_t len, enum billing_end_reason *out,
                                    const char *field, struct sv_error *err) SV_WUR;
enum sv_rc billing_basis_parse(const char *s, size_t len, enum billing_basis *out,
                               const char *field, struct sv_error *err) SV_WUR;

/* ---- run parameters ---------------------------------------------------------- */

/*
 * A monthly voucher (KV-70) valid from valid_from to valid_to inclusive
 * (BILLING_OPEN_END when open). Validity runs in whole months: valid_from is
 * the first day of a month and valid_to the last day of one. The rate of a
 * month is the one valid on its first day (CAL-3a). scheme is the code the
 * interventions name: a scheme ("AMI") or an intervention with a rate of its
 * own; the caller resolves which.
 */
struct billing_rate {
	const char *scheme;
	sv_money monthly;
	sv_date valid_from;
	sv_date valid_to;
};

/*
 * The two KV-32 deadlines of one month, computed by the caller with the
 * calendar (or billing_cutoffs_fill()): submit_by is the cut-off of KV-72
 * (the 7th of the next month, moved by CAL-4), resubmit_by the last day to
 * resubmit a returned report (the 12th, moved by CAL-4).
 */
struct billing_cutoff {
	sv_date month; /* first day of the month reported on */
	sv_date submit_by;
	sv_date resubmit_by;
};

struct billing_params {
	sv_date month; /* first day of M */
	sv_date today; /* the date of the computation: decides whether the KV-63
	                  window of a missing final report has closed; no fact
	                  (a submission, a decision, proof) may lie after it */
	/* Borrowed for the call of billing_run_begin() only (copied). Sorted or
	 * not; no two rates of one scheme may overlap. */
	const struct billing_rate *rates;
	size_t n_rates;
	/* Consecutive months, oldest first, covering M and every earlier month
	 * that holds an unpaid voucher of an intervention added. Copied. */
	const struct billing_cutoff *cutoffs;
	size_t n_cutoffs;
	/* The supplementary amounts a counsellor may decide (JP-7: 5 000,
	 * 10 000, 15 000 kr). Copied; at most 16. */
	const sv_money *supplement_amounts;
	size_t n_supplement_amounts;
	int abort_paid_days;      /* KV-62: 14 */
	int max_extension_months; /* KV-50: 2 */
	/*
	 * Streaming, for runs too large to hold: each billing_run_add() then
	 * replaces run->lines and run->notices with those of the intervention
	 * just added (the caller stores them before the next call), while the
	 * totals keep accumulating. Interventions must come in (provider_id,
	 * id) order. If billing_run_finish() then fails, the caller discards
	 * what it stored.
	 */
	bool stream;
};

/*
 * Fill out[0..n-1] with the cut-offs of n consecutive months from
 * first_month (first day of a month): submit_by = day submit_day of the next
 * month, resubmit_by = day resubmit_day, each moved forward by roll (CAL-4)
 * when roll is not NULL. roll returns the first working day on or after its
 * date; the engine itself knows no calendar, so the caller passes e.g. a
 * wrapper of cal_roll_forward(). Days are 1..28, resubmit_day >= submit_day.
 */
enum sv_rc billing_cutoffs_fill(struct billing_cutoff *out, size_t n, sv_date first_month,
                                int submit_day, int resubmit_day,
                                enum sv_rc (*roll)(void *ctx, sv_date due, sv_date *out,
                                                   struct sv_error *err),
                                void *ctx, struct sv_error *err) SV_WUR;

/* ---- the facts of one intervention --------------------------------------------- */

/* The monthly report of one month (KV-32). */
struct billing_report {
	sv_date month;       /* first day of the month reported on */
	sv_date submitted;   /* first submission ("KLAR"); BILLING_NO_DATE when none */
	bool returned;       /* returned for completion (återremitterad) */
	sv_date resubmitted; /* the resubmission after the return; BILLING_NO_DATE when none */
	sv_date approved;    /* shown in the explanation only: the municipality's review
	                        never holds a payment (KV-72); BILLING_NO_DATE when none */
};

/* A supplementary voucher decided by the counsellor (JP-7). */
struct billing_supplement {
	int64_t id; /* the decision's id, > 0, unique within the intervention */
	sv_money amount;
	sv_date decided;
};

/* A bonus claim on self-sufficiency (JP-8). */
struct billing_bonus {
	sv_money amount;        /* from the pack, > 0 */
	sv_date proven_through; /* last day of self-sufficiency proven; NO_DATE when none */
	sv_date proof_recorded; /* when the proof was recorded; NO_DATE when not yet */
};

/* A line of an earlier confirmed run, passed back by its key and amount. */
struct billing_paid {
	enum billing_basis basis;
	sv_date period; /* the line's period */
	int64_t ref;    /* the supplement id; 0 for the other bases */
	sv_money amount;
};

/*
 * Every date is a civil date or BILLING_NO_DATE where allowed. All arrays are
 * borrowed for the call of billing_run_add() only.
 */
struct billing_intervention {
	int64_t id;          /* > 0 */
	int64_t provider_id; /* > 0 */
	const char *scheme;  /* a code of the rate table */
	sv_date start;
	sv_date planned_end;  /* as first decided */
	sv_date extended_end; /* planned end after extensions (KV-50), or NO_DATE */
	sv_date end;          /* the decided end date; NO_DATE while running */
	enum billing_end_reason end_reason;
	/* The final report (KV-60 ... KV-63). final_due is its deadline
	 * (KV-60: the planned end; KV-61: two weeks after the decision),
	 * final_last the last day it may still be submitted (14 days after the
	 * end, moved by CAL-4). Both are needed once the month of the end is
	 * reconciled; NO_DATE before that. */
	sv_date final_submitted;
	sv_date final_due;
	sv_date final_last;
	/* First month to reconcile (first day of a month), or NO_DATE for the
	 * whole intervention. Months before it are taken as settled: neither
	 * their entitlement nor their paid lines are looked at. */
	sv_date open_from;
	const struct billing_report *reports; /* sorted by month, at most one each */
	size_t n_reports;
	const struct billing_supplement *supplements;
	size_t n_supplements;
	const struct billing_bonus *bonus; /* NULL when no claim */
	/* Every line of every confirmed run for this intervention (adjustments
	 * included, any order). */
	const struct billing_paid *paid;
	size_t n_paid;
};

/* ---- the output ------------------------------------------------------------------ */

/*
 * The explanation of a line or notice: every input and intermediate of its
 * computation, so that outputs can render it (billing_explain_sv(),
 * billing_line_json()) and a provider or an auditor can check it by hand.
 * Dates not relevant to the basis are BILLING_NO_DATE, amounts 0.
 */
struct billing_explain {
	enum billing_status status;
	unsigned rules;     /* BILLING_R_* bits */
	bool whole_month;   /* the days cover the whole period month (KV-71) */
	bool extension;     /* some day of the period lies after the first planned end (KV-50) */
	bool last_month;    /* the month of the end: paid on the final report (KV-63, KV-73) */
	int days;           /* days counted (VOUCHER: days run; ABORT: KV-62 days) */
	int month_days;     /* length of the period month */
	sv_date from, to;   /* the days counted */
	sv_date start, end; /* the intervention's start and end (actual or planned) */
	sv_money rate;      /* the monthly voucher applied */
	sv_date rate_from, rate_to;
	sv_money ran;         /* ABORT: the month prorated over the days the intervention ran */
	sv_money as_if;       /* ABORT: the month prorated as if it ran the KV-62 days longer */
	sv_money entitled;    /* what the basis is worth now */
	sv_money paid_before; /* ADJUSTMENT: the sum earlier runs paid for the basis */
	/* monthly report of the period (VOUCHER, not the last month) */
	sv_date submitted, resubmitted, approved;
	bool returned;
	sv_date cutoff, resubmit_by;         /* the period month's KV-32 deadlines */
	sv_date run_cutoff, run_resubmit_by; /* those of the run month M */
	/* final report (last month and ABORT) */
	sv_date final_submitted, final_due, final_last;
	/* SUPPLEMENT */
	sv_date decided;
	/* BONUS: self-sufficient from the day after the end; six months are
	 * complete through six_months_through (JP-8) */
	sv_date sufficient_from, six_months_through, proven_through, proof_recorded;
};

struct billing_line {
	int64_t provider_id;
	int64_t intervention_id;
	enum billing_kind kind;
	enum billing_basis basis;
	sv_date period; /* first day of the month the money is for (SUPPLEMENT: of the
	                   decision; BONUS: of the proof) */
	int64_t ref;    /* supplement id, else 0 */
	/* Lines: the amount paid (an adjustment may be negative). Notices: the
	 * amount held or forfeited. */
	sv_money amount;
	bool deficiency;    /* notice only: a provider deficiency to record (KV-53) */
	const char *scheme; /* the run's copy of the code; valid until release */
	struct billing_explain why;
};

/* The sum of one provider's lines: lines[first .. first+n_lines-1] (when
 * streaming, first counts the lines handed out before). */
struct billing_total {
	int64_t provider_id;
	sv_money amount;
	size_t first;
	size_t n_lines;
};

struct billing_scheme_; /* internal */

struct billing_run {
	/* Results, valid after billing_run_finish() succeeded (when streaming,
	 * lines and notices after each billing_run_add()); read-only. */
	struct billing_line *lines;
	size_t n_lines;
	struct billing_line *notices; /* what is held or forfeited, same order */
	size_t n_notices;
	struct billing_total *totals; /* one per provider with lines, by provider_id */
	size_t n_totals;
	sv_money total;         /* sum of all lines */
	size_t n_lines_all;     /* lines produced (== n_lines unless streaming) */
	size_t n_interventions; /* interventions accepted */
	size_t n_rejected;      /* interventions billing_run_add() refused */

	/* Internal: read by billing.c only. */
	struct billing_params p; /* a copy; its arrays point at the copies below */
	struct billing_rate *rates;
	struct billing_cutoff *cutoffs;
	sv_date *mstart; /* first days of the cut-off months and the month after */
	sv_money supp[16];
	struct billing_scheme_ *schemes;
	size_t n_schemes, last_scheme;
	int cut_mi0, run_mi;
	sv_date dmin, dmax; /* supported date range (date.h) */
	size_t alloc_lines, alloc_notices, alloc_totals;
	void *ents, *order; /* scratch of one intervention */
	size_t alloc_ents;
	int64_t *keys; /* (provider_id, id) of every intervention added, unless streaming */
	size_t alloc_keys;
	int64_t last_provider, last_id;
	bool begun, finished, unsorted;
};

void billing_run_init(struct billing_run *run);
/* Free everything the run owns; the run is then as after billing_run_init(). */
void billing_run_release(struct billing_run *run);

/*
 * Validate and copy the parameters (rates: no negative amount, no overlap,
 * whole months, CAL-3a and KV-70; cut-offs: consecutive months covering M,
 * KV-72; supplement amounts, JP-7). SV_EINVAL with field and rule in err;
 * SV_ESTATE when the run was begun already.
 */
enum sv_rc billing_run_begin(struct billing_run *run, const struct billing_params *params,
                             struct sv_error *err) SV_WUR;

/*
 * Compute one intervention: validate its facts (SV_EINVAL naming the field,
 * e.g. "reports[2].resubmitted", and the rule; the message starts with the
 * intervention id), then append its lines and notices. On any error nothing
 * is appended and the run counts a rejection; later calls still work, so a
 * caller can collect every error, but billing_run_finish() then refuses.
 * An intervention added a second time is refused (with the same
 * provider_id and id right after itself at once, otherwise by finish).
 * SV_ERANGE when a sum would overflow, SV_ENOMEM when memory runs out,
 * SV_ESTATE outside begin..finish.
 */
enum sv_rc billing_run_add(struct billing_run *run, const struct billing_intervention *iv,
                           struct sv_error *err) SV_WUR;

/*
 * Close the run: when interventions came out of (provider_id, id) order,
 * order the lines, look for an intervention added twice and sum the totals
 * again (in order, all that was done on the way). SV_EINVAL (and no lines,
 * notices or totals at all) when some intervention was rejected or added
 * twice; SV_ERANGE if a sum overflows.
 */
enum sv_rc billing_run_finish(struct billing_run *run, struct sv_error *err) SV_WUR;

/* ---- rendering ---------------------------------------------------------------------- */

/*
 * Append the Swedish explanation of a line or notice to out, e.g.
 * "Check AMI 2024-03: 2024-03-12–2024-03-31, 3 876,00 kr / 30 × 20 dagar =
 * 2 584,00 kr (KV-71). Månadsbelopp AMI 3 876,00 kr gäller
 * 2024-01-01–2024-12-31 (KV-70). Månadsrapporten inkom 2024-04-03, senast
 * brytdatum 2024-04-08 (KV-72)." Returns SV_ENOMEM when out is full.
 */
enum sv_rc billing_explain_sv(const struct billing_line *line, struct buf *out) SV_WUR;

/*
 * The line as a JSON object (new reference; NULL when out of memory or
 * when the scheme code is not UTF-8):
 * {"provider_id", "intervention_id", "kind", "basis", "period", "ref",
 *  "amount" ("2584.00"), "scheme", "deficiency", "explain": {"status",
 *  "rules": ["KV-71", ...], "days", ..., dates as "YYYY-MM-DD" or null},
 *  "text": the Swedish sentence}.
 */
json_t *billing_line_json(const struct billing_line *line);

/* ---- the ledger: accounts of the SIE export ----------------------------------------- */

/*
 * Where a tenant books its payments (the SIE 4 export): an expense account
 * per basis, the supplier-debt account credited, and an optional cost
 * centre (kostnadsställe, SIE dimension 1) on the expense transactions.
 * Accounts are BAS account numbers, four digits 1000 to 8999 (rule "BAS").
 * The defaults are the BAS accounts of purchased services: 4600 for
 * vouchers and abort days, 4601 supplements, 4602 bonus, 2440 supplier
 * debts; an adjustment has no account of its own by default (0) and is
 * booked on the account of its basis.
 */
enum billing_ledger_basis {
	BILLING_LEDGER_VOUCHER = 0,
	BILLING_LEDGER_ABORT,
	BILLING_LEDGER_SUPPLEMENT,
	BILLING_LEDGER_BONUS,
	BILLING_LEDGER_ADJUSTMENT,
	BILLING_LEDGER_COUNT
};

#define BILLING_ACCOUNT_MIN        1000
#define BILLING_ACCOUNT_MAX        8999
#define BILLING_COST_CENTRE_MAX    20
#define BILLING_ACCOUNT_VOUCHER    4600
#define BILLING_ACCOUNT_SUPPLEMENT 4601
#define BILLING_ACCOUNT_BONUS      4602
#define BILLING_ACCOUNT_SUPPLIER   2440

struct billing_ledger {
	int expense[BILLING_LEDGER_COUNT]; /* 0 only for the adjustment: its basis's account */
	int supplier;                      /* credited with every payment */
	char cost_centre[BILLING_COST_CENTRE_MAX + 1]; /* "" when none */
};

/* The defaults above. */
void billing_ledger_default(struct billing_ledger *l);
/* "voucher", "abort", "supplement", "bonus", "adjustment"; "" when out of range. */
const char *billing_ledger_basis_name(enum billing_ledger_basis b);
/* The basis named s; SV_EINVAL naming field (rule "BAS") for any other name. */
enum sv_rc billing_ledger_basis_parse(const char *s, enum billing_ledger_basis *out,
                                      const char *field, struct sv_error *err) SV_WUR;
/* A BAS account: exactly four digits, 1000 to 8999; SV_EINVAL naming field (rule "BAS"). */
enum sv_rc billing_ledger_account_parse(const char *s, int *out, const char *field,
                                        struct sv_error *err) SV_WUR;
/* A cost centre: 1 to 20 letters, digits, '-' or '_' (SIE-4); SV_EINVAL naming field. */
enum sv_rc billing_ledger_cost_centre_check(const char *s, const char *field,
                                            struct sv_error *err) SV_WUR;
/* The whole ledger valid (every account in range, the cost centre if any). */
enum sv_rc billing_ledger_check(const struct billing_ledger *l, struct sv_error *err) SV_WUR;
/*
 * The account a line is booked on: an adjustment (kind "adjustment") on the
 * adjustment account when it has one, else everything by its basis
 * ("voucher", "abort", "supplement", "bonus"; another basis: the voucher's).
 */
int billing_ledger_account_of(const struct billing_ledger *l, const char *kind, const char *basis);

#endif
