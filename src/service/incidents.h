/*
 * incidents.h - personal-data incidents (KV-80): the provider reports an
 * incident, occurred or suspected, within 72 hours of its discovery (hours,
 * never moved by CAL-4); the report goes to the counsellor of the case named
 * (a message, topic "data_incident") and is recorded with its facts
 * "incident.discovered" (the discovery instant) and "incident.reported", so
 * that the case's KV-80 obligation shows whether it came in time. The
 * data-protection coordinator (dpo) assesses it once: the risk ("none",
 * "risk", "high_risk"), the assessment, and whether the supervisory
 * authority and the persons concerned are to be told.
 *
 * Rights: provider roles report (ACT_INCIDENT_REPORT) and read their
 * own provider's incidents; counsellors and supervisors read those of their
 * unit's cases; the dpo reads all and alone assesses (ACT_INCIDENT_ASSESS).
 * The description may hold personal data: reading an incident about a case
 * is logged; events carry only ids and the nature.
 */
#ifndef SV_SERVICE_INCIDENTS_H
#define SV_SERVICE_INCIDENTS_H

#include "service/svc.h"
#include "stegvis/store_docs.h"

#define INCIDENTS_NOTICE_HOURS_DEFAULT 72

struct incident_input {
	int64_t intervention_id; /* 0: no case named */
	const char *nature;      /* "occurred" or "suspected" */
	sv_time discovered_at;   /* not after now */
	const char *description;
};

struct incident_view {
	struct store_incident i;
	sv_time due_at; /* discovered_at + the pack's 72 hours */
	bool late;      /* reported after due_at */
};
void incident_view_release(struct incident_view *v);

enum sv_rc incidents_report(const struct svc *s, const struct incident_input *in,
                            struct incident_view *out, struct sv_error *err) SV_WUR;
enum sv_rc incidents_assess(const struct svc *s, int64_t id, const char *risk,
                            const char *assessment, bool notify_authority, bool notify_persons,
                            struct incident_view *out, struct sv_error *err) SV_WUR;
enum sv_rc incidents_get(const struct svc *s, int64_t id, struct incident_view *out,
                         struct sv_error *err) SV_WUR;
/* Incidents visible to the caller; unassessed_only narrows them. */
enum sv_rc incidents_list(const struct svc *s, bool unassessed_only, struct store_page page,
                          struct incident_view **out, size_t *n, int64_t *next,
                          struct sv_error *err) SV_WUR;
void incidents_list_release(struct incident_view *v, size_t n);

#endif
