/*
 * documents.h - the provider's documents and the municipality's review:
 * the implementation plan (KV-24, KV-25) and its revisions (KV-31), the
 * monthly reports (KV-32, KV-32a) and the final report (KV-60 ... KV-64).
 *
 * Life of a document (core/lifecycle.h): draft -submit-> submitted
 * -return(comment)-> returned -submit-> submitted -approve-> approved; an
 * approved plan may be revised, which starts a new version as a draft while
 * the approved version stays approved. Every version is kept: a returned
 * version is never overwritten (editing it starts the next version).
 * An action the state machine does not allow is SV_ESTATE (HTTP 409) with
 * field "state", the rule, and a message naming the action and the state
 * ("cannot approve a plan that is draft"); nothing changes.
 *
 * Rules checked on submission:
 *   plan          the intervention is assigned or running (KV-24); at least
 *                 one section with text; for jobbpeng each activity of the
 *                 body with its expected duration (JP-6).
 *   monthly       the month lies within the intervention (from its start to
 *   report        its end, or its planned end) and is over, or the
 *                 intervention ended in it (KV-32); every section of the
 *                 scheme's template (rules_report_template_find) has text or
 *                 says "Ej aktuellt" with a reason (KV-32, KV-32a); the
 *                 title becomes "Månadsrapport, <månad år>, KLAR".
 *   final report  the intervention is running or ended; after the end
 *                 (the actual end, or the planned end once passed) it can
 *                 be submitted up to 14 days later (KV-63, the pack's
 *                 final_report_grace, moved to a working day by CAL-4), and
 *                 not after: SV_ESTATE, rule KV-63. The body states the
 *                 outcome ("self_sufficient", "goal_reached", "not_reached")
 *                 and, unless the customer is self-sufficient or reached the
 *                 goal, a next step (KV-64).
 *
 * Facts for the deadline engine (service/obligations.h) are the events of
 * the writes: plan.submitted (every submission, and plan_revision.submitted
 * for a revision), plan.approved, monthly_report.submitted /
 * .resubmitted / .returned / .approved with the month "YYYY-MM" as key,
 * final_report.submitted. The intervention's obligations are recomputed in
 * the same transaction.
 *
 * Rights: provider roles write their provider's documents
 * (ACT_DOCUMENT_WRITE); counsellors and supervisors of the unit review them
 * (ACT_DOCUMENT_REVIEW); reading needs ACT_DOCUMENT_READ and is logged.
 */
#ifndef SV_SERVICE_DOCUMENTS_H
#define SV_SERVICE_DOCUMENTS_H

#include "service/svc.h"
#include "stegvis/lifecycle.h"
#include "stegvis/rules.h"
#include "stegvis/store_docs.h"

/* What the writer sends: sections by name and a body (a JSON object text
 * or NULL). A section whose text starts with "Ej aktuellt" is stored as
 * not applicable with the rest as its reason (KV-32). */
struct documents_content {
	const struct lc_section *sections;
	size_t nsections;
	const char *body;
};

/*
 * Create the document of kind for the intervention (period: the first day
 * of the report month for monthly reports, else SV_NO_DATE) or save a new
 * draft of it. out receives the document as stored.
 */
enum sv_rc documents_save(const struct svc *s, int64_t intervention_id, enum lc_doc_kind kind,
                          sv_date period, const struct documents_content *c,
                          struct store_document *out, struct sv_error *err) SV_WUR;
/* Submit (klarmarkera) the document, after saving c when it is not NULL. */
enum sv_rc documents_submit(const struct svc *s, int64_t id, const struct documents_content *c,
                            struct store_document *out, struct sv_error *err) SV_WUR;
/* Approve (LC_DA_APPROVE) or return with a comment (LC_DA_RETURN). */
enum sv_rc documents_review(const struct svc *s, int64_t id, enum lc_doc_action action,
                            const char *comment, struct store_document *out,
                            struct sv_error *err) SV_WUR;
/* Start a revision of an approved plan (KV-31), with content c or a copy. */
enum sv_rc documents_revise(const struct svc *s, int64_t id, const struct documents_content *c,
                            struct store_document *out, struct sv_error *err) SV_WUR;

enum sv_rc documents_get(const struct svc *s, int64_t id, struct store_document *out,
                         struct sv_error *err) SV_WUR;
enum sv_rc documents_list(const struct svc *s, int64_t intervention_id, const char *kind,
                          struct store_page page, struct store_document_list *out,
                          struct sv_error *err) SV_WUR;

/* The report template of a monthly report (NULL for other kinds or none valid). */
const struct rules_report_template *
documents_template(const struct svc *s, const struct store_document *d, const char *code);
/*
 * The title of a document: "Månadsrapport, mars 2024, KLAR" for a submitted
 * or approved monthly report (the template's submitted_title with [månad]
 * replaced), "Månadsrapport, mars 2024" before; "Genomförandeplan",
 * "Slutrapport". Always NUL-terminated.
 */
void documents_title(const struct svc *s, const struct store_document *d, const char *code,
                     char *out, size_t outsz);

#endif
