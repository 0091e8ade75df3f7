/*
 * messages.h - meddelarfunktionen: messages between the counsellor and the
 * provider about an intervention (KV-21 staffing, KV-26 adjustments, KV-33
 * another intervention, KV-34 deviations, KV-6 follow-up, multi-party and
 * SIP meetings, ...).
 *
 * Addressing follows the case: a message from provider staff goes to the
 * intervention's responsible counsellor (or, when none is named, to its
 * unit); one from the municipality goes to the provider's named case worker
 * (KV-21), or, when none is named, to the provider (every member of its
 * staff on the case sees it). Topics are a closed list (messages_topics);
 * the system itself also writes "unexcused_absence" (KV-44),
 * "planned_absence" (KV-3) and "data_incident" (KV-80).
 *
 * Rights: ACT_MESSAGE_WRITE / ACT_MESSAGE_READ on the intervention's
 * case; provider roles only on their provider's cases. Reads are logged.
 */
#ifndef SV_SERVICE_MESSAGES_H
#define SV_SERVICE_MESSAGES_H

#include "service/svc.h"
#include "stegvis/store_docs.h"

/* The topics a user may choose, NULL-terminated. */
extern const char *const messages_topics[];

/* Send body (1-10000 bytes) on topic about the intervention. */
enum sv_rc messages_send(const struct svc *s, int64_t intervention_id, const char *topic,
                         const char *body, struct store_message *out, struct sv_error *err) SV_WUR;
/* The messages of an intervention. */
enum sv_rc messages_list_case(const struct svc *s, int64_t intervention_id, struct store_page page,
                              struct store_message_list *out, struct sv_error *err) SV_WUR;
/* The caller's inbox: to the caller, to the caller's unit, or (provider roles)
 * to the caller's provider; unread_only narrows it. */
enum sv_rc messages_inbox(const struct svc *s, bool unread_only, struct store_page page,
                          struct store_message_list *out, struct sv_error *err) SV_WUR;
enum sv_rc messages_get(const struct svc *s, int64_t id, struct store_message *out,
                        struct sv_error *err) SV_WUR;
/* Mark read by its recipient; anyone else gets SV_ESTATE (field "to_user_id"). */
enum sv_rc messages_mark_read(const struct svc *s, int64_t id, struct store_message *out,
                              struct sv_error *err) SV_WUR;

#endif
