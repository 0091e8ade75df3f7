/* The X-3 permission table (see authz.h). */
#include "service/authz.h"

#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
        [ROLE_NONE] = "",
        [ROLE_COUNSELLOR] = "counsellor",
        [ROLE_SOCIAL_WORKER] = "social_worker",
        [ROLE_SUPERVISOR] = "supervisor",
        [ROLE_PROVIDER_STAFF] = "provider_staff",
        [ROLE_PROVIDER_ADMIN] = "provider_admin",
        [ROLE_FINANCE] = "finance",
        [ROLE_DPO] = "dpo",
        [ROLE_ADMIN] = "admin",
};

static const char *const action_names[ACT_COUNT] = {
        [ACT_USER_READ] = "user.read",
        [ACT_USER_WRITE] = "user.write",
        [ACT_UNIT_READ] = "unit.read",
        [ACT_UNIT_WRITE] = "unit.write",
        [ACT_CUSTOMER_READ] = "customer.read",
        [ACT_CUSTOMER_WRITE] = "customer.write",
        [ACT_PROVIDER_READ] = "provider.read",
        [ACT_PROVIDER_WRITE] = "provider.write",
        [ACT_PROVIDER_AUTHORISE] = "provider.authorise",
        [ACT_INTERVENTION_READ] = "intervention.read",
        [ACT_EVENT_READ] = "event.read",
        [ACT_ACCESSLOG_READ] = "accesslog.read",
        [ACT_REGISTER_EXTRACT] = "register.extract",
        [ACT_DOCUMENT_READ] = "document.read",
        [ACT_DOCUMENT_WRITE] = "document.write",
        [ACT_DOCUMENT_REVIEW] = "document.review",
        [ACT_ABSENCE_READ] = "absence.read",
        [ACT_ABSENCE_WRITE] = "absence.write",
        [ACT_MESSAGE_READ] = "message.read",
        [ACT_MESSAGE_WRITE] = "message.write",
        [ACT_MEETING_READ] = "meeting.read",
        [ACT_MEETING_WRITE] = "meeting.write",
        [ACT_INCIDENT_READ] = "incident.read",
        [ACT_INCIDENT_REPORT] = "incident.report",
        [ACT_INCIDENT_ASSESS] = "incident.assess",
        [ACT_STAFF_CHANGE_READ] = "staff_change.read",
        [ACT_STAFF_CHANGE_REPORT] = "staff_change.report",
        [ACT_REFERRAL_READ] = "referral.read",
        [ACT_CASE_READ] = "case.read",
        [ACT_CASE_DECIDE] = "case.decide",
        [ACT_CASE_EXTEND] = "case.extend",
        [ACT_CASE_PROVIDER] = "case.provider",
        [ACT_PROPOSAL_MAKE] = "proposal.make",
        [ACT_PROPOSAL_DECIDE] = "proposal.decide",
        [ACT_OBLIGATION_READ] = "obligation.read",
        [ACT_OBLIGATION_SWEEP] = "obligation.sweep",
        [ACT_TIMELINESS_READ] = "timeliness.read",
        [ACT_DEFICIENCY_WRITE] = "deficiency.write",
        [ACT_BILLING_READ] = "billing.read",
        [ACT_BILLING_PREPARE] = "billing.prepare",
        [ACT_BILLING_CONFIRM] = "billing.confirm",
        [ACT_TENANT_READ] = "tenant.read",
        [ACT_TENANT_WRITE] = "tenant.write",
        [ACT_DATA_IMPORT] = "data.import",
};

static const char *const scope_names[] = {"none", "own", "unit", "provider", "all"};

#define N SCOPE_NONE
#define O SCOPE_OWN
#define U SCOPE_UNIT
#define P SCOPE_PROVIDER
#define A SCOPE_ALL

/*
 * Rows: actions; columns: counsellor, social_worker, supervisor,
 * provider_staff, provider_admin, finance, dpo, admin. Municipal case roles
 * work in their unit (a counsellor changes only the customers they are
 * responsible for, KV-10); providers only on their own provider;
 * finance reads interventions for payment (KV-70..74) but no customer
 * records; the dpo reads everything and alone lists the access log and makes
 * register extracts; the admin manages users, units and
 * providers but reads no case data.
 */
/* clang-format off */
static const unsigned char table[ACT_COUNT][ROLE_COUNT - 1] = {
	/*                          cou soc sup pst pad fin dpo adm */
	[ACT_USER_READ]          = { N,  N,  U,  N,  P,  N,  A,  A },
	[ACT_USER_WRITE]         = { N,  N,  N,  N,  N,  N,  N,  A },
	[ACT_UNIT_READ]          = { A,  A,  A,  N,  N,  A,  A,  A },
	[ACT_UNIT_WRITE]         = { N,  N,  N,  N,  N,  N,  N,  A },
	[ACT_CUSTOMER_READ]      = { U,  U,  U,  P,  P,  N,  A,  N },
	[ACT_CUSTOMER_WRITE]     = { O,  U,  U,  N,  N,  N,  N,  N },
	[ACT_PROVIDER_READ]      = { A,  A,  A,  P,  P,  A,  A,  A },
	[ACT_PROVIDER_WRITE]     = { N,  N,  N,  N,  P,  N,  N,  A },
	[ACT_PROVIDER_AUTHORISE] = { N,  N,  N,  N,  N,  N,  N,  A },
	[ACT_INTERVENTION_READ]  = { U,  U,  U,  P,  P,  A,  A,  N },
	[ACT_EVENT_READ]         = { U,  U,  U,  P,  P,  N,  A,  N },
	[ACT_ACCESSLOG_READ]     = { N,  N,  N,  N,  N,  N,  A,  N },
	[ACT_REGISTER_EXTRACT]   = { N,  N,  N,  N,  N,  N,  A,  N },
	/* Documents and case work with the provider: the provider writes, the
	 * unit's counsellors review (a colleague may cover, KV-25); the dpo reads;
	 * incidents are assessed by the dpo alone (KV-80); staff changes go to
	 * the municipality (KV-83); the referral list is for everyone (KV-7). */
	/*                          cou soc sup pst pad fin dpo adm */
	[ACT_DOCUMENT_READ]       = { U,  U,  U,  P,  P,  N,  A,  N },
	[ACT_DOCUMENT_WRITE]      = { N,  N,  N,  P,  P,  N,  N,  N },
	[ACT_DOCUMENT_REVIEW]     = { U,  N,  U,  N,  N,  N,  N,  N },
	[ACT_ABSENCE_READ]        = { U,  U,  U,  P,  P,  N,  A,  N },
	[ACT_ABSENCE_WRITE]       = { U,  N,  U,  P,  P,  N,  N,  N },
	[ACT_MESSAGE_READ]        = { U,  U,  U,  P,  P,  N,  A,  N },
	[ACT_MESSAGE_WRITE]       = { U,  U,  U,  P,  P,  N,  N,  N },
	[ACT_MEETING_READ]        = { U,  U,  U,  P,  P,  N,  A,  N },
	[ACT_MEETING_WRITE]       = { U,  N,  U,  P,  P,  N,  N,  N },
	[ACT_INCIDENT_READ]       = { U,  N,  U,  P,  P,  N,  A,  N },
	[ACT_INCIDENT_REPORT]     = { N,  N,  N,  P,  P,  N,  N,  N },
	[ACT_INCIDENT_ASSESS]     = { N,  N,  N,  N,  N,  N,  A,  N },
	[ACT_STAFF_CHANGE_READ]   = { A,  N,  A,  P,  P,  N,  N,  A },
	[ACT_STAFF_CHANGE_REPORT] = { N,  N,  N,  P,  P,  N,  N,  N },
	[ACT_REFERRAL_READ]       = { A,  A,  A,  P,  P,  A,  A,  A },
	/* The workflow: the responsible counsellor decides for their own
	 * customers (KV-10) and the supervisor for the unit; only a supervisor
	 * extends (KV-50); the provider staffs, meets, reports and proposes
	 * (KV-21 ... KV-34); timeliness per provider is no personal data
	 * (KV-53); the sweep is a system job the admin may run. */
	/*                          cou soc sup pst pad fin dpo adm */
	[ACT_CASE_READ]           = { U,  U,  U,  P,  P,  N,  A,  N },
	[ACT_CASE_DECIDE]         = { O,  N,  U,  N,  N,  N,  N,  N },
	[ACT_CASE_EXTEND]         = { N,  N,  U,  N,  N,  N,  N,  N },
	[ACT_CASE_PROVIDER]       = { N,  N,  N,  P,  P,  N,  N,  N },
	[ACT_PROPOSAL_MAKE]       = { N,  N,  N,  P,  P,  N,  N,  N },
	[ACT_PROPOSAL_DECIDE]     = { O,  N,  U,  N,  N,  N,  N,  N },
	[ACT_OBLIGATION_READ]     = { U,  U,  U,  P,  P,  N,  A,  N },
	[ACT_OBLIGATION_SWEEP]    = { N,  N,  N,  N,  N,  N,  N,  A },
	[ACT_TIMELINESS_READ]     = { A,  A,  A,  P,  P,  A,  A,  A },
	[ACT_DEFICIENCY_WRITE]    = { A,  N,  A,  N,  N,  N,  N,  N },
	/* Payment runs: finance prepares and confirms (four eyes in the
	 * service); a provider reads its own lines; the dpo reads for audits. */
	/*                          cou soc sup pst pad fin dpo adm */
	[ACT_BILLING_READ]        = { N,  N,  N,  P,  P,  A,  A,  N },
	[ACT_BILLING_PREPARE]     = { N,  N,  N,  N,  N,  A,  N,  N },
	[ACT_BILLING_CONFIRM]     = { N,  N,  N,  N,  N,  A,  N,  N },
	/* The municipality's settings: the admin sets them; finance books with
	 * them and reads them; the dpo reads everything. */
	/*                          cou soc sup pst pad fin dpo adm */
	[ACT_TENANT_READ]         = { N,  N,  N,  N,  N,  A,  A,  A },
	[ACT_TENANT_WRITE]        = { N,  N,  N,  N,  N,  N,  N,  A },
	/* An import writes every kind of record of the tenant at once: the
	 * admin alone, into the tenant the server serves. */
	/*                          cou soc sup pst pad fin dpo adm */
	[ACT_DATA_IMPORT]         = { N,  N,  N,  N,  N,  N,  N,  A },
};
/* clang-format on */

#undef N
#undef O
#undef U
#undef P
#undef A

const char *authz_role_name(enum sv_role role)
{
	if ((int)role < 0 || role >= ROLE_COUNT)
		return "";
	return role_names[role];
}

enum sv_role authz_role_parse(const char *s)
{
	if (!s || !*s)
		return ROLE_NONE;
	for (int r = ROLE_NONE + 1; r < ROLE_COUNT; r++)
		if (!strcmp(s, role_names[r]))
			return (enum sv_role)r;
	return ROLE_NONE;
}

const char *authz_action_name(enum authz_action a)
{
	if ((int)a < 0 || a >= ACT_COUNT)
		return "";
	return action_names[a];
}

const char *authz_scope_name(enum authz_scope s)
{
	if ((int)s < 0 || s > SCOPE_ALL)
		return "";
	return scope_names[s];
}

enum authz_scope authz_scope_of(enum sv_role role, enum authz_action a)
{
	if (role <= ROLE_NONE || role >= ROLE_COUNT || (int)a < 0 || a >= ACT_COUNT)
		return SCOPE_NONE;
	return (enum authz_scope)table[a][role - 1];
}

bool authz_allowed(const struct actor *who, enum authz_action a)
{
	return who && authz_scope_of(who->role, a) != SCOPE_NONE;
}

bool authz_is_provider_role(enum sv_role role)
{
	return role == ROLE_PROVIDER_STAFF || role == ROLE_PROVIDER_ADMIN;
}

bool authz_sees_protected(const struct actor *who)
{
	return who && who->protected_access && !authz_is_provider_role(who->role) &&
	       who->role != ROLE_NONE;
}
