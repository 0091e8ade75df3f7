/*
 * store_billing.h - persistence of billing runs (sql/0004_billing.sql): the
 * facts a run for month M reads, and the runs, lines, notices, totals and
 * confirmations it writes. Tables, not rules: what the facts mean and what
 * a run pays is decided by the billing engine (billing.h) and the billing
 * service (src/service/billing_runs.h).
 *
 * Everything here follows store.h: every query is scoped by the tenant
 * every write takes a struct store_write and appends its event in the
 * same transaction, SV_EINVAL names the field and the rule.
 *
 * Immutability. Lines, notices, positions, totals and confirmations are only
 * ever inserted; a run changes once, from "draft" to "final". The database
 * refuses anything else (triggers in 0004_billing.sql).
 *
 * Reading facts. A run reads the facts of every intervention with a provider
 * and a start on or before the last day of M, except those cancelled and
 * those a confirmed run found done and that have not changed since, in
 * batches in id order: store_billing_facts_next(). A batch
 * holds the interventions (with intervention_details), their monthly reports
 * (documents of kind monthly_report: first submission, latest return, the
 * resubmission after it, latest approval) of the months not settled, the
 * lines runs confirmed by facts_until paid for those months and for their
 * supplements and bonus, their granted supplements (jp_supplements) and
 * bonus claims (jp_bonus_claims). Timestamps after facts_until are treated as
 * not yet there, so a run computed "as of" a day sees only what was known by
 * its end.
 *
 * Settled months. billing_positions holds, per intervention, the first month
 * the last confirmed run left open. It is used (open_from) unless the
 * intervention's row changed (updated_at) since that run was created, less a
 * day's margin for clocks and transactions: then every month is reconciled
 * again. Reports of settled months do not matter (a paid month is never
 * taken back for a late report), so their changes need no such check.
 */
#ifndef SV_STORE_BILLING_H
#define SV_STORE_BILLING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stegvis/billing.h"
#include "stegvis/date.h"
#include "stegvis/err.h"
#include "stegvis/money.h"
#include "stegvis/store.h"

/* ---- Facts ------------------------------------------------------------------ */

struct store_billing_report {
	int64_t doc_id;         /* the document (of two for one month, the first counts) */
	sv_date period;         /* the month reported on (first day) */
	sv_time submitted_at;   /* first submission; 0 = none by facts_until */
	sv_time returned_at;    /* latest return; 0 = never returned */
	sv_time resubmitted_at; /* first submission after the latest return; 0 = none */
	sv_time approved_at;    /* latest approval; 0 = none */
};

/* A report with its intervention (private to the batch). */
struct store_billing_report_row {
	int64_t intervention_id;
	struct store_billing_report r;
};

/* A line some confirmed run paid. basis: "voucher", "abort", "supplement", "bonus". */
struct store_billing_paid {
	const char *basis; /* static string */
	sv_date month;
	int64_t ref;
	sv_money amount;
};

/* A paid line with its intervention (internal lists of a batch). */
struct store_billing_paid_row {
	int64_t intervention_id;
	struct store_billing_paid paid;
};

/* A granted supplementary voucher (jp_supplements, JP-7). */
struct store_billing_supplement {
	int64_t intervention_id;
	int64_t id;
	sv_money amount;
	sv_date decided_on;
};

/* A bonus claim that is not rejected (jp_bonus_claims, JP-8). */
struct store_billing_bonus {
	int64_t intervention_id;
	int64_t id;
	bool approved;           /* false: pending, or approved after facts_until */
	sv_date qualifying_from; /* the day after the end */
	sv_date eligible_on;     /* the first day after the qualifying period */
	sv_date claimed_on;
	sv_date decided_on; /* SV_NO_DATE unless approved */
};

/* A row of billing_positions as a run reads it (private to the batch). */
struct store_billing_settled {
	int64_t intervention_id;
	sv_date open_from;
	bool done;
	sv_time settled_at;
};

struct store_billing_iv {
	int64_t id;
	int64_t provider_id;
	int64_t customer_id;
	char code[8];        /* FAI1 ... JP */
	char scheme[12];     /* FAI, AMI, ISA, JOBBPENG */
	char state[12];      /* granted ... ended */
	char end_reason[24]; /* "" unless ended (version-1 vocabulary) */
	char end_cause[32];  /* intervention_details.end_cause (lifecycle.h names), or "" */
	sv_date start;
	sv_date planned_end; /* SV_NO_DATE when not set */
	sv_date actual_end;  /* SV_NO_DATE when not set */
	int extension_months;
	sv_time updated_at;
	/* The first month not settled by a confirmed run (first day), or
	 * SV_NO_DATE: reconcile from the start. Reports and voucher and abort
	 * lines of earlier months are not read. */
	sv_date open_from;
	sv_time final_submitted_at; /* first final report submission; 0 = none */
	sv_date end_decided_on;     /* intervention_details.end_decided_on, or SV_NO_DATE */
	/* Slices of the batch's arrays. */
	size_t report0, n_reports; /* by period */
	size_t paid0, n_paid;
	size_t supplement0, n_supplements; /* by id */
	size_t bonus0, n_bonus;            /* by id */
};

struct store_billing_batch {
	struct store_billing_iv *iv; /* by id */
	size_t n_iv, alloc_iv;
	struct store_billing_report *reports;
	size_t n_reports, alloc_reports;
	struct store_billing_paid *paid;
	size_t n_paid, alloc_paid;
	struct store_billing_supplement *supplements;
	size_t n_supplements, alloc_supplements;
	struct store_billing_bonus *bonus;
	size_t n_bonus, alloc_bonus;

	/* Private: the cursor (the last id read, the tenant's highest) and what
	 * is read once per run, handed out batch by batch. */
	int64_t after_id, last_id;
	bool loaded;
	sv_date max_paid_month; /* the latest month of a confirmed run, or SV_NO_DATE */
	struct store_billing_supplement *all_supplements;
	size_t n_all_supplements, alloc_all_supplements, k_supplements;
	struct store_billing_bonus *all_bonus;
	size_t n_all_bonus, alloc_all_bonus, k_bonus;
	struct store_billing_paid_row *all_claims_paid;
	size_t n_all_claims_paid, alloc_all_claims_paid, k_claims_paid;
	struct store_billing_paid_row *open_paid;
	size_t n_open_paid, alloc_open_paid;
	/* The batch's positions (billing_positions, by intervention id) and the
	 * tenant's interventions with a supplement or bonus claim in any state
	 * (by id, read once), merged with the interventions in C. */
	struct store_billing_settled *pos;
	size_t n_pos, alloc_pos;
	int64_t *claimed;
	size_t n_claimed, alloc_claimed;
	/* The reports as read, before each intervention takes its own. */
	struct store_billing_report_row *rows;
	size_t n_rows, alloc_rows;
};

void store_billing_batch_init(struct store_billing_batch *b);
/* Free everything; the batch is then as after init. */
void store_billing_batch_release(struct store_billing_batch *b);

/*
 * Replace the batch's contents with the interventions of the next range of
 * max (1..100000) intervention ids that holds any, with their facts, in id
 * order, and move the cursor. n_iv == 0 means there are no more. A batch
 * belongs to one run: start every run with a fresh (initialised) batch. month_last is the last day
 * of M; facts_until the last microsecond the run may see. full: ignore what confirmed runs settled
 * (open_from is SV_NO_DATE for every intervention and done ones are read too).
 */
enum sv_rc store_billing_facts_next(struct store *st, int64_t tenant, sv_date month_last,
                                    sv_time facts_until, bool full, size_t max,
                                    struct store_billing_batch *b, struct sv_error *err) SV_WUR;

/* The earliest start of an intervention the run for month_last reads; SV_NO_DATE when none. */
enum sv_rc store_billing_first_start(struct store *st, int64_t tenant, sv_date month_last,
                                     sv_date *out, struct sv_error *err) SV_WUR;

/* ---- Runs -------------------------------------------------------------------- */

struct store_billing_run {
	int64_t id;
	sv_date month;    /* first day of M */
	char state[8];    /* "draft" or "final" */
	sv_date run_on;   /* the day the run was computed for */
	char *params;     /* JSON: rates, cut-offs, amounts (owned) */
	int64_t based_on; /* confirmed runs of the tenant when it was prepared */
	sv_time created_at;
	int64_t created_by;   /* 0: the system */
	sv_time confirmed_at; /* 0 while a draft */
	int64_t confirmed_by;
	int64_t seq; /* the confirmation's number in the tenant, 0 while a draft */
};
struct store_billing_run_list {
	struct store_billing_run *v;
	size_t n;
	int64_t next;
};
void store_billing_run_release(struct store_billing_run *r);
void store_billing_run_list_release(struct store_billing_run_list *l);

/* A line or a notice, as written and as read (strings borrowed). */
struct store_billing_line {
	int64_t id;
	int64_t intervention_id;
	int64_t provider_id;
	int64_t customer_id;
	const char *kind;  /* lines: voucher voucher_released abort supplement bonus adjustment;
	                      notices: held forfeited */
	const char *basis; /* voucher abort supplement bonus */
	sv_date month;     /* the period (first day) */
	int64_t ref;
	int days; /* -1: none */
	sv_money amount;
	const char *scheme;
	sv_money rate;
	sv_date from, to; /* SV_NO_DATE when none */
	const char *status;
	const char *rules;       /* "KV-70, KV-71, KV-72" */
	bool deficiency;         /* notices: a provider deficiency (KV-53) */
	const char *explain;     /* JSON object */
	const char *explanation; /* the Swedish sentence */
};

/* What a run settles of one intervention once confirmed. */
struct store_billing_position {
	int64_t intervention_id;
	sv_date open_from; /* first month left open */
	bool done;         /* nothing more can become due */
};

struct store_billing_total {
	int64_t provider_id;
	sv_money amount;
	int64_t n_lines;
	int64_t n_notices;
};

/* The highest confirmation number of the tenant (0 when none). */
enum sv_rc store_billing_confirmed_seq(struct store *st, int64_t tenant, int64_t *out,
                                       struct sv_error *err) SV_WUR;

/*
 * Insert a draft run (month, run_on, params, based_on; created_at and
 * created_by from w). r->id receives the id. Call inside store_begin() with
 * the lines, notices, positions and totals that follow, then
 * store_billing_run_sealed(): a run is only ever seen complete.
 */
enum sv_rc store_billing_run_insert(struct store *st, const struct store_write *w,
                                    struct store_billing_run *r, struct sv_error *err) SV_WUR;
/* Append lines and notices (kind held/forfeited) and positions of run_id. */
enum sv_rc store_billing_lines_add(struct store *st, const struct store_write *w, int64_t run_id,
                                   const struct store_billing_line *lines, size_t n_lines,
                                   const struct store_billing_line *notices, size_t n_notices,
                                   const struct store_billing_position *pos, size_t n_pos,
                                   struct sv_error *err) SV_WUR;
/*
 * Write the totals and the event "billing_run.prepared" (admin chain;
 * payload: run id, month, total, counts and digest, the hex SHA-256 of the
 * run's lines in their canonical form, docs/internals/billing-runs.md).
 */
enum sv_rc store_billing_run_sealed(struct store *st, const struct store_write *w, int64_t run_id,
                                    const struct store_billing_total *totals, size_t n_totals,
                                    const char *digest, struct sv_error *err) SV_WUR;

/*
 * Confirm a draft: the confirmation numbered based_on + 1 (SV_ECONFLICT,
 * rule "KV-72", when another run was confirmed since it was prepared), the
 * state "final", the positions of its interventions, and the event
 * "billing_run.confirmed". SV_ESTATE when the run is final already,
 * SV_ENOTFOUND when there is no such run. The caller checks four eyes.
 */
enum sv_rc store_billing_run_confirm(struct store *st, const struct store_write *w, int64_t run_id,
                                     struct sv_error *err) SV_WUR;

enum sv_rc store_billing_run_get(struct store *st, int64_t tenant, int64_t id,
                                 struct store_billing_run *out, struct sv_error *err) SV_WUR;
/* Runs in id order; month SV_NO_DATE: every month; final_only: confirmed runs only. */
enum sv_rc store_billing_run_list(struct store *st, int64_t tenant, sv_date month, bool final_only,
                                  struct store_page page, struct store_billing_run_list *out,
                                  struct sv_error *err) SV_WUR;
/* The totals of a run by provider; provider_id 0: all providers. *out is malloc'd. */
enum sv_rc store_billing_totals(struct store *st, int64_t tenant, int64_t run_id,
                                int64_t provider_id, struct store_billing_total **out, size_t *n,
                                struct sv_error *err) SV_WUR;

/*
 * Call fn for every line (notices: every notice) of a run in the order they
 * were written (provider, intervention, period, basis, ref), only those of
 * provider_id unless it is 0. The strings of the line are valid during the
 * call. A non-OK return of fn stops the scan and is returned.
 */
typedef enum sv_rc (*store_billing_line_fn)(void *ctx, const struct store_billing_line *l,
                                            struct sv_error *err);
enum sv_rc store_billing_lines_scan(struct store *st, int64_t tenant, int64_t run_id,
                                    int64_t provider_id, bool notices, store_billing_line_fn fn,
                                    void *ctx, struct sv_error *err) SV_WUR;

/* ---- The tenant's ledger settings (sql/0005) ------------------------------- */

struct store_tenant_billing {
	char org_no[12];              /* "NNNNNN-NNNN", "" when unknown */
	struct billing_ledger ledger; /* expense accounts, supplier debts, cost centre */
	sv_time updated_at;           /* 0: never set, the defaults */
	int64_t updated_by;           /* 0: the system */
};

/*
 * The tenant's organisation number and ledger; when it never set them, ""
 * and billing_ledger_default() with updated_at 0. SV_EDB on failure.
 */
enum sv_rc store_tenant_billing_get(struct store *st, int64_t tenant,
                                    struct store_tenant_billing *out, struct sv_error *err) SV_WUR;
/*
 * Store in whole (the caller validated the organisation number against ID-4;
 * the ledger is checked here, billing_ledger_check, and the database's
 * CHECKs hold the same ranges) and append the event "tenant.settings" with
 * the new settings to the admin chain, in one transaction.
 * updated_at/updated_by of in are ignored: w says who and when.
 */
enum sv_rc store_tenant_billing_put(struct store *st, const struct store_write *w,
                                    const struct store_tenant_billing *in,
                                    struct sv_error *err) SV_WUR;

#endif
