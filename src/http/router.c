/*
 * The route table of the JSON API (a declarative table, one row per route)
 * and the path matcher. docs/openapi.yaml describes exactly these routes;
 * tests/http checks that the two agree.
 */
#include "http/http.h"

#include <string.h>

#define A(x) ((int)(x))
#define NONE ROUTE_ACTION_NONE

/* clang-format off */
const struct route http_routes[] = {
	{HM_GET,    "/healthz",                 h_healthz,  NONE, RF_PUBLIC | RF_NO_LOG, "liveness and database reachability"},
	{HM_GET,    "/metrics",                 h_metrics,  NONE, RF_PUBLIC | RF_NO_LOG, "Prometheus metrics"},
	{HM_GET,    "/api/v1/openapi.json",     h_openapi,  NONE, RF_PUBLIC, "this API's OpenAPI document"},

	{HM_POST,   "/api/v1/session",          h_session_create, NONE, RF_PUBLIC | RF_NO_CSRF | RF_BODY, "log in"},
	{HM_GET,    "/api/v1/session",          h_session_get,    NONE, 0, "the signed-in user and the CSRF token"},
	{HM_DELETE, "/api/v1/session",          h_session_delete, NONE, 0, "log out"},

	{HM_GET,    "/api/v1/users",                 h_users_list,       A(ACT_USER_READ),  0, "list users"},
	{HM_POST,   "/api/v1/users",                 h_users_create,     A(ACT_USER_WRITE), RF_BODY, "create a user"},
	{HM_GET,    "/api/v1/users/{id}",            h_users_get,        A(ACT_USER_READ),  0, "one user"},
	{HM_POST,   "/api/v1/users/{id}/disable",    h_users_disable,    A(ACT_USER_WRITE), 0, "disable a user"},
	{HM_GET,    "/api/v1/users/{id}/access-log", h_users_access_log, A(ACT_ACCESSLOG_READ), 0, "reads of personal data by one user (X-2)"},

	{HM_GET,    "/api/v1/units",            h_units_list,   A(ACT_UNIT_READ),  0, "list units"},
	{HM_POST,   "/api/v1/units",            h_units_create, A(ACT_UNIT_WRITE), RF_BODY, "create a unit"},
	{HM_GET,    "/api/v1/units/{id}",       h_units_get,    A(ACT_UNIT_READ),  0, "one unit"},

	{HM_GET,    "/api/v1/customers",                        h_customers_list,   A(ACT_CUSTOMER_READ),  RF_PERSONAL, "list customers"},
	{HM_POST,   "/api/v1/customers",                        h_customers_create, A(ACT_CUSTOMER_WRITE), RF_BODY, "register a customer"},
	{HM_GET,    "/api/v1/customers/{id}",                   h_customers_get,    A(ACT_CUSTOMER_READ),  RF_PERSONAL, "one customer"},
	{HM_GET,    "/api/v1/customers/{id}/events",            h_customers_events, A(ACT_EVENT_READ),     RF_PERSONAL, "the case's events (X-1)"},
	{HM_GET,    "/api/v1/customers/{id}/access-log",        h_customers_access_log, A(ACT_ACCESSLOG_READ), 0, "reads of this person's data (X-2)"},
	{HM_GET,    "/api/v1/customers/{id}/register-extract",  h_customers_register_extract, A(ACT_REGISTER_EXTRACT), RF_PERSONAL, "everything stored about the person (GDPR art. 15)"},

	{HM_GET,    "/api/v1/providers",                     h_providers_list,      A(ACT_PROVIDER_READ),      0, "list providers"},
	{HM_POST,   "/api/v1/providers",                     h_providers_create,    A(ACT_PROVIDER_AUTHORISE), RF_BODY, "register a provider"},
	{HM_GET,    "/api/v1/providers/{id}",                h_providers_get,       A(ACT_PROVIDER_READ),      0, "one provider"},
	{HM_POST,   "/api/v1/providers/{id}/authorisations", h_providers_authorise, A(ACT_PROVIDER_AUTHORISE), RF_BODY, "authorise a provider for a scheme"},

	{HM_GET,    "/api/v1/interventions",      h_interventions_list, A(ACT_INTERVENTION_READ), 0, "list interventions"},
	{HM_GET,    "/api/v1/interventions/{id}", h_interventions_get,  A(ACT_INTERVENTION_READ), 0, "one intervention"},

	/* The kundval and jobbpeng workflow (KV-10 ... KV-53, JP-1 ... JP-8). */
	{HM_GET,    "/api/v1/comparison/{scheme}",                  h_comparison,            NONE, RF_PUBLIC, "the providers of a scheme for the customer's choice, with the default provider (KV-11, KV-13, JP-4)"},
	{HM_GET,    "/api/v1/rotation/{scheme}",                    h_rotation,              A(ACT_PROVIDER_READ), 0, "the default rotation of a scheme (KV-12)"},
	{HM_GET,    "/api/v1/customers/{id}/eligibility",           h_case_eligibility,      A(ACT_CASE_READ), RF_PERSONAL, "eligibility against the target groups, with reasons (KV-2, JP-1)"},
	{HM_POST,   "/api/v1/customers/{id}/assessments",           h_case_assessments_create, A(ACT_CASE_DECIDE), RF_BODY, "record an assessment and future plan (KV-10)"},
	{HM_POST,   "/api/v1/customers/{id}/decisions",             h_case_decisions_create, A(ACT_CASE_DECIDE), RF_BODY, "grant an intervention (KV-10, KV-1, KV-2, JP-1)"},
	{HM_GET,    "/api/v1/interventions/{id}/case",              h_case_get,              A(ACT_CASE_READ), RF_PERSONAL, "an intervention with its workflow details"},
	{HM_POST,   "/api/v1/interventions/{id}/choice",            h_case_choice,           A(ACT_CASE_DECIDE), RF_BODY, "record the customer's choice of provider (KV-11, KV-13)"},
	{HM_POST,   "/api/v1/interventions/{id}/queue",             h_case_queue,            A(ACT_CASE_DECIDE), 0, "queue the customer at the chosen provider (KV-20)"},
	{HM_POST,   "/api/v1/interventions/{id}/staffing",          h_case_staff,            A(ACT_CASE_PROVIDER), RF_BODY, "the provider names its case worker (KV-21)"},
	{HM_POST,   "/api/v1/interventions/{id}/assignment",        h_case_assign,           A(ACT_CASE_DECIDE), RF_BODY, "issue the assignment with a start date (KV-22, KV-24, KV-4)"},
	{HM_POST,   "/api/v1/interventions/{id}/start-date",        h_case_start_date,       A(ACT_CASE_DECIDE), RF_BODY, "change the start date of an assigned intervention (KV-24)"},
	{HM_POST,   "/api/v1/interventions/{id}/startup-meeting",   h_case_startup_meeting,  A(ACT_CASE_PROVIDER), RF_BODY, "the start-up meeting was held (KV-23)"},
	{HM_GET,    "/api/v1/interventions/{id}/contacts",          h_case_contacts_list,    A(ACT_CASE_READ), RF_PERSONAL, "weekly customer contacts and their gaps (KV-30)"},
	{HM_POST,   "/api/v1/interventions/{id}/contacts",          h_case_contacts_create,  A(ACT_CASE_PROVIDER), RF_BODY, "record a customer contact (KV-30)"},
	{HM_GET,    "/api/v1/interventions/{id}/deviations",        h_case_deviations_list,  A(ACT_CASE_READ), RF_PERSONAL, "deviations from the plan (KV-34)"},
	{HM_POST,   "/api/v1/interventions/{id}/deviations",        h_case_deviations_create, A(ACT_CASE_PROVIDER), RF_BODY, "report a deviation from the plan (KV-34)"},
	{HM_POST,   "/api/v1/interventions/{id}/extension",         h_case_extend,           A(ACT_CASE_DECIDE), RF_BODY, "extend a running intervention (KV-50, JP-0)"},
	{HM_POST,   "/api/v1/interventions/{id}/end",               h_case_end,              A(ACT_CASE_DECIDE), RF_BODY, "end a running intervention with a reason (KV-51, KV-52)"},
	{HM_POST,   "/api/v1/interventions/{id}/cancel",            h_case_cancel,           A(ACT_CASE_DECIDE), RF_BODY, "withdraw an intervention before its start (KV-52)"},
	{HM_POST,   "/api/v1/interventions/{id}/provider-switch",   h_case_switch_provider,  A(ACT_CASE_DECIDE), RF_BODY, "switch provider (KV-14)"},
	{HM_GET,    "/api/v1/interventions/{id}/proposals",         h_case_proposals_list,   A(ACT_CASE_READ), RF_PERSONAL, "the provider's proposals for an intervention"},
	{HM_POST,   "/api/v1/interventions/{id}/proposals",         h_case_proposals_create, A(ACT_PROPOSAL_MAKE), RF_BODY, "the provider proposes a change (KV-24, KV-33, KV-50, KV-52)"},
	{HM_GET,    "/api/v1/interventions/{id}/obligations",       h_case_obligations,      A(ACT_OBLIGATION_READ), RF_PERSONAL, "an intervention's obligations with due dates and statuses"},
	{HM_GET,    "/api/v1/interventions/{id}/jobbpeng",          h_case_jobbpeng,         A(ACT_CASE_READ), RF_PERSONAL, "jobbpeng: target, follow-up, supplements, bonus (JP-3 ... JP-8)"},
	{HM_POST,   "/api/v1/interventions/{id}/follow-up-meeting", h_case_follow_up_meeting, A(ACT_CASE_READ), RF_BODY, "the jobbpeng follow-up meeting was held (JP-5)"},
	{HM_POST,   "/api/v1/interventions/{id}/supplements",       h_case_supplements_create, A(ACT_CASE_PROVIDER), RF_BODY, "apply for a supplementary voucher (JP-7)"},
	{HM_POST,   "/api/v1/interventions/{id}/bonus-claims",      h_case_bonus_claims_create, A(ACT_CASE_PROVIDER), RF_BODY, "claim the bonus with its proof (JP-8)"},
	{HM_POST,   "/api/v1/supplements/{id}/decision",            h_supplements_decide,    A(ACT_CASE_DECIDE), RF_BODY, "grant or refuse a supplementary voucher (JP-7)"},
	{HM_POST,   "/api/v1/bonus-claims/{id}/decision",           h_bonus_claims_decide,   A(ACT_CASE_DECIDE), RF_BODY, "approve or reject a bonus claim (JP-8)"},
	{HM_GET,    "/api/v1/proposals",                            h_proposals_list,        A(ACT_CASE_READ), RF_PERSONAL, "proposals for the caller to decide or follow"},
	{HM_GET,    "/api/v1/proposals/{id}",                       h_proposals_get,         A(ACT_CASE_READ), RF_PERSONAL, "one proposal"},
	{HM_POST,   "/api/v1/proposals/{id}/approve",               h_proposals_approve,     A(ACT_PROPOSAL_DECIDE), RF_BODY, "approve a proposal and apply it"},
	{HM_POST,   "/api/v1/proposals/{id}/reject",                h_proposals_reject,      A(ACT_PROPOSAL_DECIDE), RF_BODY, "reject a proposal with a reason"},
	{HM_GET,    "/api/v1/inbox",                                h_inbox,                 A(ACT_OBLIGATION_READ), RF_PERSONAL, "what is due or overdue for the caller"},
	{HM_POST,   "/api/v1/obligations/sweep",                    h_obligations_sweep,     A(ACT_OBLIGATION_SWEEP), 0, "start due interventions and mark missed obligations"},
	{HM_GET,    "/api/v1/timeliness",                           h_timeliness,            A(ACT_TIMELINESS_READ), 0, "timeliness per provider and kind of obligation (KV-53)"},
	{HM_GET,    "/api/v1/providers/{id}/timeliness",            h_provider_timeliness,   A(ACT_TIMELINESS_READ), 0, "one provider's timeliness per kind of obligation (KV-53)"},
	{HM_GET,    "/api/v1/providers/{id}/deficiencies",          h_provider_deficiencies_list, A(ACT_TIMELINESS_READ), 0, "a provider's noted deficiencies (KV-53)"},
	{HM_POST,   "/api/v1/providers/{id}/deficiencies",          h_provider_deficiencies_create, A(ACT_DEFICIENCY_WRITE), RF_BODY, "note a provider deficiency (KV-53)"},
	/* Documents (KV-24, KV-25, KV-31, KV-32, KV-60 ... KV-64), absence (KV-3, KV-40 ... KV-44),
	 * messages, meetings (KV-14, KV-35), incidents (KV-80), staff changes (KV-83), referrals (KV-7). */
	{HM_GET,    "/api/v1/interventions/{id}/documents",             h_documents_list,         A(ACT_DOCUMENT_READ),   RF_PERSONAL, "the intervention's plan, monthly reports and final report"},
	{HM_PUT,    "/api/v1/interventions/{id}/plan",                  h_documents_save_plan,    A(ACT_DOCUMENT_WRITE),  RF_BODY, "save a draft of the implementation plan (KV-24)"},
	{HM_PUT,    "/api/v1/interventions/{id}/monthly-reports/{month}", h_documents_save_monthly, A(ACT_DOCUMENT_WRITE), RF_BODY, "save a draft of the monthly report of a month (KV-32)"},
	{HM_PUT,    "/api/v1/interventions/{id}/final-report",          h_documents_save_final,   A(ACT_DOCUMENT_WRITE),  RF_BODY, "save a draft of the final report (KV-60 ... KV-64)"},
	{HM_GET,    "/api/v1/documents/{id}",                           h_documents_get,          A(ACT_DOCUMENT_READ),   RF_PERSONAL, "one document with its versions and reviews"},
	{HM_POST,   "/api/v1/documents/{id}/submit",                    h_documents_submit,       A(ACT_DOCUMENT_WRITE),  RF_BODY, "submit (klarmarkera) a document"},
	{HM_POST,   "/api/v1/documents/{id}/approve",                   h_documents_approve,      A(ACT_DOCUMENT_REVIEW), 0, "approve a submitted document (KV-25, KV-32)"},
	{HM_POST,   "/api/v1/documents/{id}/return",                    h_documents_return,       A(ACT_DOCUMENT_REVIEW), RF_BODY, "return a submitted document with a comment"},
	{HM_POST,   "/api/v1/documents/{id}/revise",                    h_documents_revise,       A(ACT_DOCUMENT_WRITE),  RF_BODY, "start a revision of an approved plan (KV-31)"},
	{HM_GET,    "/api/v1/interventions/{id}/absences",              h_absences_list,          A(ACT_ABSENCE_READ),    RF_PERSONAL, "the intervention's absences"},
	{HM_POST,   "/api/v1/interventions/{id}/absences",              h_absences_create,        A(ACT_ABSENCE_WRITE),   RF_BODY, "record an absence (KV-40 ... KV-44, KV-3)"},
	{HM_GET,    "/api/v1/absences/{id}",                            h_absences_get,           A(ACT_ABSENCE_READ),    RF_PERSONAL, "one absence with its certificate, notice and leave status"},
	{HM_PATCH,  "/api/v1/absences/{id}",                            h_absences_update,        A(ACT_ABSENCE_WRITE),   RF_BODY, "set an absence's last day or note"},
	{HM_POST,   "/api/v1/absences/{id}/certificate",                h_absences_certificate,   A(ACT_ABSENCE_WRITE),   RF_BODY, "the certificate reached the counsellor (KV-41, KV-42)"},
	{HM_GET,    "/api/v1/interventions/{id}/messages",              h_messages_case,          A(ACT_MESSAGE_READ),    RF_PERSONAL, "the intervention's messages"},
	{HM_POST,   "/api/v1/interventions/{id}/messages",              h_messages_send,          A(ACT_MESSAGE_WRITE),   RF_BODY, "send a message about the intervention"},
	{HM_GET,    "/api/v1/messages",                                 h_messages_inbox,         A(ACT_MESSAGE_READ),    RF_PERSONAL, "the caller's messages"},
	{HM_GET,    "/api/v1/messages/{id}",                            h_messages_get,           A(ACT_MESSAGE_READ),    RF_PERSONAL, "one message"},
	{HM_POST,   "/api/v1/messages/{id}/read",                       h_messages_read,          A(ACT_MESSAGE_READ),    0, "mark a message read"},
	{HM_GET,    "/api/v1/interventions/{id}/meetings",              h_meetings_list,          A(ACT_MEETING_READ),    RF_PERSONAL, "the intervention's meetings"},
	{HM_POST,   "/api/v1/interventions/{id}/meetings",              h_meetings_book,          A(ACT_MEETING_WRITE),   RF_BODY, "book a three-party, follow-up, SIP or other meeting"},
	{HM_GET,    "/api/v1/interventions/{id}/follow-up",             h_meetings_follow_up,     A(ACT_MEETING_READ),    RF_PERSONAL, "the follow-up meetings' rhythm (KV-35, JP-5)"},
	{HM_GET,    "/api/v1/meetings/{id}",                            h_meetings_get,           A(ACT_MEETING_READ),    RF_PERSONAL, "one meeting"},
	{HM_POST,   "/api/v1/meetings/{id}/outcome",                    h_meetings_outcome,       A(ACT_MEETING_WRITE),   RF_BODY, "record a meeting's outcome (and the plan decision, KV-35)"},
	{HM_GET,    "/api/v1/meetings/{id}/invitation.ics",             h_meetings_ics,           A(ACT_MEETING_READ),    RF_PERSONAL, "the meeting's invitation (iCalendar)"},
	{HM_GET,    "/api/v1/incidents",                                h_incidents_list,         A(ACT_INCIDENT_READ),   RF_PERSONAL, "personal-data incidents (KV-80)"},
	{HM_POST,   "/api/v1/incidents",                                h_incidents_report,       A(ACT_INCIDENT_REPORT), RF_BODY, "report a personal-data incident (KV-80)"},
	{HM_GET,    "/api/v1/incidents/{id}",                           h_incidents_get,          A(ACT_INCIDENT_READ),   RF_PERSONAL, "one incident with its 72-hour status"},
	{HM_POST,   "/api/v1/incidents/{id}/assessment",                h_incidents_assess,       A(ACT_INCIDENT_ASSESS), RF_BODY, "the data-protection coordinator's assessment (KV-80)"},
	{HM_GET,    "/api/v1/staff-changes",                            h_staff_changes_list,     A(ACT_STAFF_CHANGE_READ), 0, "providers' staff changes (KV-83)"},
	{HM_POST,   "/api/v1/staff-changes",                            h_staff_changes_report,   A(ACT_STAFF_CHANGE_REPORT), RF_BODY, "report a staff change (KV-83)"},
	{HM_GET,    "/api/v1/referrals",                                h_referrals_list,         A(ACT_REFERRAL_READ),   0, "where questions go (KV-7)"},

	{HM_GET,    "/api/v1/billing/runs",                             h_billing_runs_list,      A(ACT_BILLING_READ),    0, "payment runs (KV-72)"},
	{HM_POST,   "/api/v1/billing/runs",                             h_billing_runs_create,    A(ACT_BILLING_PREPARE), RF_BODY, "preview or prepare the run of a month (KV-70..KV-73)"},
	{HM_GET,    "/api/v1/billing/runs/{id}",                        h_billing_runs_get,       A(ACT_BILLING_READ),    RF_PERSONAL, "one run with its lines and their explanations"},
	{HM_POST,   "/api/v1/billing/runs/{id}/confirm",                h_billing_runs_confirm,   A(ACT_BILLING_CONFIRM), 0, "confirm another finance user's run (four eyes, KV-72)"},
	{HM_GET,    "/api/v1/billing/runs/{id}/export",                 h_billing_runs_export,    A(ACT_BILLING_READ),    RF_PERSONAL, "the billing basis as CSV, XLSX or PDF; SIE 4"},
	{HM_GET,    "/api/v1/tenant",                                   h_tenant_get,             A(ACT_TENANT_READ),     0, "the municipality's organisation number and ledger accounts"},
	{HM_PUT,    "/api/v1/tenant",                                   h_tenant_put,             A(ACT_TENANT_WRITE),    RF_BODY, "change the municipality's organisation number and ledger accounts (ID-4, BAS)"},
	/* A municipality's data moved in (docs/import-format.md): the one route with a large body cap. */
	{HM_POST,   "/api/v1/imports",                                  h_imports_create,         A(ACT_DATA_IMPORT),     RF_BODY | RF_LARGE_BODY, "import a file of the import format into this tenant, or check it (dry_run)"},
};
/* clang-format on */

const size_t http_nroutes = sizeof(http_routes) / sizeof(http_routes[0]);

static const char *const method_names[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", ""};

enum http_method http_method_parse(const char *m)
{
	for (int i = 0; i < HM_OTHER; i++)
		if (m && !strcmp(m, method_names[i]))
			return (enum http_method)i;
	return HM_OTHER;
}

const char *http_method_name(enum http_method m)
{
	if ((int)m < 0 || m > HM_OTHER)
		return "";
	return method_names[m];
}

/*
 * Match path against pattern segment by segment; "{x}" matches one non-empty
 * segment, which is copied into the arena as a parameter.
 */
static bool match(const char *pattern, const char *path, const char **params, size_t *nparams,
                  struct arena *a)
{
	const char *p = pattern, *s = path;
	size_t n = 0;

	while (*p && *s) {
		if (*p == '{') {
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			if (len == 0 || n >= HTTP_MAX_PARAMS)
				return false;
			if (params) {
				params[n] = a ? arena_strndup(a, s, len) : NULL;
				if (a && !params[n])
					return false;
			}
			n++;
			s += len;
			p = strchr(p, '}');
			if (!p)
				return false;
			p++;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	if (*p || *s)
		return false;
	if (nparams)
		*nparams = n;
	return true;
}

int http_route_match(enum http_method m, const char *path, const char **params, size_t *nparams,
                     struct arena *a, bool *path_known)
{
	*path_known = false;
	for (size_t i = 0; i < http_nroutes; i++) {
		const struct route *rt = &http_routes[i];
		bool same = rt->method == m || (m == HM_HEAD && rt->method == HM_GET);
		if (!match(rt->pattern, path, NULL, NULL, NULL))
			continue;
		if (!same) {
			*path_known = true;
			continue;
		}
		if (!match(rt->pattern, path, params, nparams, a))
			return -1;
		return (int)i;
	}
	return -1;
}

const char *http_route_allow(const char *path, struct arena *a)
{
	struct buf b;
	const char *out;

	buf_init(&b, 256);
	for (size_t i = 0; i < http_nroutes; i++) {
		if (!match(http_routes[i].pattern, path, NULL, NULL, NULL))
			continue;
		if (buf_addf(&b, "%s%s", b.len ? ", " : "", method_names[http_routes[i].method]))
			break;
	}
	out = arena_strdup(a, b.data);
	buf_release(&b);
	return out;
}
