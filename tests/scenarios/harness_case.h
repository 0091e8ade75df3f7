/*
 * harness_case.h - the workflow scenarios' world: a fresh database on either
 * backend (tests/store/harness.h) with a tenant "t1", a unit, a counsellor,
 * a second counsellor, a supervisor, an admin, two providers authorised for
 * every scheme (Jobbhuset AB from 2023-01-01, Karriärfabriken AB from
 * 2023-06-01) with a case worker each, and customers with financial
 * assistance; the real `stegvis serve` on a fixed date (--on), restarted by
 * scn_day() whenever the scenario moves to another day; one signed-in
 * client per role.
 *
 * Checks count through tests/http/client.h (CHECK, tc_summary()).
 */
#ifndef SV_TEST_SCENARIO_HARNESS_CASE_H
#define SV_TEST_SCENARIO_HARNESS_CASE_H

#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "harness.h"

enum scn_role { S_COU, S_COU2, S_SUP, S_PST, S_PST2, S_ADM, S_NROLES };

struct scn {
	struct harness h;
	struct tc_server srv;
	struct tc_client c[S_NROLES];
	char today[11];
	int64_t tenant, unit, prov, prov2;
	int64_t user[S_NROLES];
};

/* Create the world on backend ("sqlite" or "pg"); exit 77 when pg is skipped. */
void scn_init(struct scn *w, const char *backend);
void scn_done(struct scn *w);
/* A customer with financial assistance (KV-2) of the unit and the counsellor. */
int64_t scn_customer(struct scn *w, const char *pid, const char *birth);
/* The same with another target-group fact, or none (fact NULL). */
int64_t scn_customer_with(struct scn *w, const char *pid, const char *birth, const char *fact);
/* Move to day (restart the server with --on day and sign everyone in again). */
void scn_day(struct scn *w, const char *day);

/* POST/GET as role, body a printf format (NULL: no body); returns the status. */
long scn_post(struct scn *w, enum scn_role r, struct tc_resp *out, const char *body,
              const char *path_fmt, ...) __attribute__((format(printf, 5, 6)));
long scn_get(struct scn *w, enum scn_role r, struct tc_resp *out, const char *path_fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* The intervention's state as the counsellor reads it ("" when unreadable). */
const char *scn_state(struct scn *w, int64_t iv, char out[16]);

/*
 * CHECK that the intervention's obligation (deadline, seq) is due on due with
 * status; where names the step for the failure message.
 */
void scn_obligation(struct scn *w, int64_t iv, const char *deadline, int seq, const char *due,
                    const char *status, const char *where);
/* CHECK that the intervention has no obligation of deadline. */
void scn_no_obligation(struct scn *w, int64_t iv, const char *deadline, const char *where);

/* Grant code to customer, record the choice of provider, queue: the intervention id. */
int64_t scn_grant(struct scn *w, int64_t customer, const char *code, int64_t provider);
/* POST an action and CHECK its status; returns the status. */
long scn_act(struct scn *w, enum scn_role r, long want, const char *body, const char *path_fmt, ...)
        __attribute__((format(printf, 5, 6)));
/* Run the sweep as the admin (starts due interventions, marks missed). */
void scn_sweep(struct scn *w);

/*
 * Documents through the documents API (src/http/handlers/documents.c): the
 * provider writes and submits a plan, a monthly report of month "YYYY-MM"
 * (every section of the scheme's template filled) or a final report
 * (outcome, next step); each returns the document id (0 on failure, which
 * is CHECKed). scn_doc_review approves (comment NULL) or returns it.
 */
int64_t scn_doc_plan(struct scn *w, int64_t iv, bool jobbpeng);
int64_t scn_doc_monthly(struct scn *w, int64_t iv, const char *month, bool jobbpeng);
int64_t scn_doc_final(struct scn *w, int64_t iv, const char *outcome, long want);
void scn_doc_review(struct scn *w, int64_t doc, const char *comment);

#endif
