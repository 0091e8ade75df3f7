/*
 * authz.h - who may do what: roles, actions, scopes, and the caller of
 * a use case.
 *
 * The permission table is data: for each role and action it gives the widest
 * scope in which the action is allowed.
 *
 *   SCOPE_NONE      not at all (the HTTP layer answers 403)
 *   SCOPE_OWN       only on cases where the caller is the responsible
 *                   counsellor or the named case worker
 *   SCOPE_UNIT      on cases and objects of the caller's unit
 *   SCOPE_PROVIDER  on cases of the caller's provider and on that provider
 *   SCOPE_ALL       on everything in the caller's tenant
 *
 * An object outside the caller's scope is reported as SV_ENOTFOUND, never
 * SV_EFORBIDDEN, so a provider cannot learn that another provider's case
 * exists.
 *
 * Protected identities (KV-81): name, address and identity number are shown
 * only to a municipal user named for it (actor.protected_access); a
 * provider role never sees them, whatever the flag says.
 */
#ifndef SV_SERVICE_AUTHZ_H
#define SV_SERVICE_AUTHZ_H

#include <stdbool.h>
#include <stdint.h>

enum sv_role {
	ROLE_NONE = 0,
	ROLE_COUNSELLOR,
	ROLE_SOCIAL_WORKER,
	ROLE_SUPERVISOR,
	ROLE_PROVIDER_STAFF,
	ROLE_PROVIDER_ADMIN,
	ROLE_FINANCE,
	ROLE_DPO,
	ROLE_ADMIN,
	ROLE_COUNT
};

enum authz_action {
	ACT_USER_READ = 0,
	ACT_USER_WRITE,
	ACT_UNIT_READ,
	ACT_UNIT_WRITE,
	ACT_CUSTOMER_READ,
	ACT_CUSTOMER_WRITE,
	ACT_PROVIDER_READ,
	ACT_PROVIDER_WRITE,     /* contact details and presentation (KV-84) */
	ACT_PROVIDER_AUTHORISE, /* authorisations per scheme */
	ACT_INTERVENTION_READ,
	ACT_EVENT_READ,
	ACT_ACCESSLOG_READ,
	ACT_REGISTER_EXTRACT,
	/* Documents, absence, messages, meetings, incidents, staff changes (KV-7, KV-24 ...). */
	ACT_DOCUMENT_READ,   /* plans, monthly and final reports */
	ACT_DOCUMENT_WRITE,  /* write and submit them (the provider) */
	ACT_DOCUMENT_REVIEW, /* approve or return them (KV-25, KV-32) */
	ACT_ABSENCE_READ,
	ACT_ABSENCE_WRITE, /* KV-3, KV-40 ... KV-44 */
	ACT_MESSAGE_READ,
	ACT_MESSAGE_WRITE,
	ACT_MEETING_READ,
	ACT_MEETING_WRITE, /* three-party and follow-up meetings (KV-14, KV-35) */
	ACT_INCIDENT_READ,
	ACT_INCIDENT_REPORT, /* KV-80: the provider reports */
	ACT_INCIDENT_ASSESS, /* KV-80: the data-protection coordinator assesses */
	ACT_STAFF_CHANGE_READ,
	ACT_STAFF_CHANGE_REPORT, /* KV-83 */
	ACT_REFERRAL_READ,       /* KV-7 */
	/* The kundval and jobbpeng workflow (KV-10 ... KV-53, JP-1 ... JP-8). */
	ACT_CASE_READ,        /* decision details, proposals, contacts, deviations, jobbpeng */
	ACT_CASE_DECIDE,      /* grant, choice, queue, assignment, ending, switch (KV-10 ...) */
	ACT_CASE_EXTEND,      /* KV-50: a supervisor extends */
	ACT_CASE_PROVIDER,    /* the provider's part: staffing, start-up, contacts, JP-7 */
	ACT_PROPOSAL_MAKE,    /* the provider proposes (KV-26) */
	ACT_PROPOSAL_DECIDE,  /* the counsellor or supervisor decides */
	ACT_OBLIGATION_READ,  /* the inbox and a case's obligations */
	ACT_OBLIGATION_SWEEP, /* mark missed obligations, start due interventions */
	ACT_TIMELINESS_READ,  /* timeliness and deficiencies per provider (KV-53) */
	ACT_DEFICIENCY_WRITE, /* note a provider deficiency (KV-53) */
	/* Payment runs (KV-62, KV-63, KV-70 ... KV-74, JP-7, JP-8). */
	ACT_BILLING_READ,    /* runs and their lines; a provider its own lines of confirmed runs */
	ACT_BILLING_PREPARE, /* preview and prepare a run (finance) */
	ACT_BILLING_CONFIRM, /* confirm another user's run (finance, four eyes) */
	/* The municipality's own settings: organisation number, ledger accounts. */
	ACT_TENANT_READ,  /* admin, finance, the dpo */
	ACT_TENANT_WRITE, /* the admin */
	/* Moving a municipality's data in (docs/import-format.md). */
	ACT_DATA_IMPORT, /* import a file into the caller's tenant (the admin) */
	ACT_COUNT
};

enum authz_scope { SCOPE_NONE = 0, SCOPE_OWN, SCOPE_UNIT, SCOPE_PROVIDER, SCOPE_ALL };

/* The authenticated caller of a use case. */
struct actor {
	int64_t user_id;
	enum sv_role role;
	int64_t unit_id;       /* 0 when the user belongs to no unit */
	int64_t provider_id;   /* 0 unless a provider role */
	bool protected_access; /* named for protected identities (KV-81) */
	bool via_token;        /* authenticated with an API token */
};

/* "counsellor", ...; "" for ROLE_NONE or an unknown value. */
const char *authz_role_name(enum sv_role role);
/* The role named s, or ROLE_NONE. */
enum sv_role authz_role_parse(const char *s);
/* "customer.read", ...; "" for an unknown value. */
const char *authz_action_name(enum authz_action a);
/* "none", "own", "unit", "provider", "all". */
const char *authz_scope_name(enum authz_scope s);

/* The table lookup. */
enum authz_scope authz_scope_of(enum sv_role role, enum authz_action a);
/* True when role may do a at least in some scope. */
bool authz_allowed(const struct actor *who, enum authz_action a);
/* True for provider_staff and provider_admin. */
bool authz_is_provider_role(enum sv_role role);
/* KV-81: may who see the name, address and identity number of a protected person? */
bool authz_sees_protected(const struct actor *who);

#endif
