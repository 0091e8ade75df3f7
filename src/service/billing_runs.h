/*
 * billing_runs.h - the payment runs of a month (KV-62, KV-63, KV-70 ... KV-74,
 * JP-7, JP-8): preview, preparation, confirmation under four eyes, and
 * reading a run back. docs/internals/billing-runs.md explains the design.
 *
 * The use cases load the facts of every intervention from the store
 * (store_billing.h), take rates, cut-off days and amounts from the rule
 * packs valid in the month (CAL-3a), let the billing engine (billing.h)
 * compute the lines, and store them with their explanations.
 *
 * Roles: finance previews, prepares and confirms (ACT_BILLING_PREPARE,
 * ACT_BILLING_CONFIRM); reading a run (ACT_BILLING_READ) is finance's and
 * the dpo's for every provider, a provider role's for its own provider's
 * lines of confirmed runs only (another provider's run or line is
 * SV_ENOTFOUND). The system (svc.who == NULL) may preview and prepare but
 * never confirm: a confirmation names a person.
 *
 * Four eyes: the user who prepared a run cannot confirm it (SV_EFORBIDDEN,
 * rule "four-eyes"). Confirming a confirmed run changes nothing and
 * succeeds (view.already is set). A run for month M is confirmed only after
 * the pack's payment_run_after_day (15) of M+1 (SV_ESTATE, rule "KV-72"),
 * and only while no other run was confirmed after it was prepared
 * (SV_ECONFLICT, "KV-72": prepare again, so nothing is paid twice).
 *
 * every line names a customer (by id, never by name); whenever lines are
 * returned to a user, one access-log row per customer is written, purpose
 * "billing", after any transaction of the use case has committed.
 */
#ifndef SV_SERVICE_BILLING_RUNS_H
#define SV_SERVICE_BILLING_RUNS_H

#include <stdbool.h>
#include <stdint.h>

#include "service/svc.h"
#include "stegvis/billing.h"
#include "stegvis/money.h"

/* One line or notice, in the form every output shows. */
struct billing_row {
	int64_t id; /* 0 in a preview */
	int64_t provider_id;
	int64_t intervention_id;
	int64_t customer_id;
	char kind[20];  /* voucher voucher_released abort supplement bonus adjustment | held
	                   forfeited */
	char basis[12]; /* voucher abort supplement bonus */
	sv_date period; /* first day of the month the money is for */
	int64_t ref;    /* the supplement decision (jp_supplements.id), else 0 */
	sv_money amount;
	int days; /* days counted, -1 when the basis has none */
	char scheme[BILLING_SCHEME_MAX + 1];
	sv_money rate;    /* the monthly voucher applied, 0 when none */
	sv_date from, to; /* the days counted, SV_NO_DATE when none */
	char status[32];  /* the payment condition (billing_status_name) */
	char rules[96];   /* "KV-70, KV-71, KV-72" */
	bool deficiency;  /* notice: a provider deficiency (KV-53) */
	char *explain;    /* the explanation as a JSON object (owned) */
	char *text;       /* the explanation in Swedish (owned) */
};

/* A run's sum for one provider. */
struct billing_sum {
	int64_t provider_id;
	char *provider_name; /* owned; "" when unknown */
	char *org_no;        /* owned; "" when unknown */
	sv_money amount;
	int64_t n_lines;
	int64_t n_notices;
};

/* A run (or a preview) as the outputs show it. */
struct billing_view {
	int64_t run_id; /* 0: a preview, nothing stored */
	sv_date month;  /* first day of M */
	char state[8];  /* "preview", "draft", "final" */
	sv_date run_on; /* the day the run was computed for */
	sv_time created_at;
	int64_t created_by; /* 0: the system */
	sv_time confirmed_at;
	int64_t confirmed_by;
	int64_t provider_id; /* the view holds this provider's part only; 0: every provider */
	char *municipality;  /* the tenant's name (owned) */
	char org_no[12];     /* the tenant's organisation number "NNNNNN-NNNN", "" when unknown */
	struct billing_ledger ledger; /* the tenant's accounts (defaults when it set none) */
	char *params;                 /* the run's parameters as JSON (owned) */
	sv_money total;               /* sum of the totals below */
	int64_t n_lines;              /* lines of the providers in view */
	int64_t n_notices;
	struct billing_sum *sums; /* by provider_id */
	size_t n_sums;
	bool with_rows;            /* lines and notices below are filled */
	struct billing_row *lines; /* in (provider, intervention, period, basis, ref) order */
	size_t n_rows;
	struct billing_row *notices; /* the same order */
	size_t n_notice_rows;
	bool already; /* confirm: the run was confirmed before this call */
	/* prepare: interventions (and bonus claims) not billed because the rule
	 * packs name their scheme but give no amount (params "unpriced") */
	int64_t n_unpriced;
	size_t alloc_rows, alloc_notice_rows; /* internal */
};

void billing_view_init(struct billing_view *v);
void billing_view_release(struct billing_view *v);

struct billing_request {
	sv_date month;       /* first day of M */
	bool dry_run;        /* compute and show, store nothing */
	bool with_rows;      /* return the lines and notices, not only the sums */
	int64_t provider_id; /* rows of this provider only; 0: all */
	/* Reconcile every month of every intervention from its start, ignoring
	 * what confirmed runs settled (the result is the same; for checks). */
	bool full;
};

/*
 * Preview (dry_run) or prepare the run for req->month as of s->today:
 * every intervention the engine refuses is reported (the first in err, the
 * count in its message) and then nothing is stored. A prepared run is
 * stored whole in one transaction: the run, its lines, notices, positions,
 * totals and the event "billing_run.prepared".
 */
enum sv_rc billing_runs_prepare(const struct svc *s, const struct billing_request *req,
                                struct billing_view *out, struct sv_error *err) SV_WUR;

/* Confirm run_id as the caller (see four eyes above); out gets the run's header and sums. */
enum sv_rc billing_runs_confirm(const struct svc *s, int64_t run_id, struct billing_view *out,
                                struct sv_error *err) SV_WUR;

/* Read run_id; provider_id narrows the view (a provider caller always sees only its own). */
enum sv_rc billing_runs_get(const struct svc *s, int64_t run_id, int64_t provider_id,
                            bool with_rows, struct billing_view *out, struct sv_error *err) SV_WUR;

/* Runs in id order (month SV_NO_DATE: all); provider callers see confirmed runs only. */
struct billing_run_item {
	int64_t id;
	sv_date month;
	char state[8];
	sv_date run_on;
	sv_time created_at;
	int64_t created_by;
	sv_time confirmed_at;
	int64_t confirmed_by;
	sv_money total; /* a provider caller: its own */
};
struct billing_run_items {
	struct billing_run_item *v;
	size_t n;
	int64_t next;
};
void billing_run_items_release(struct billing_run_items *l);
enum sv_rc billing_runs_list(const struct svc *s, sv_date month, struct store_page page,
                             struct billing_run_items *out, struct sv_error *err) SV_WUR;

#endif
