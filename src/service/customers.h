/*
 * customers.h - reading and registering customers (X-2, X-3, KV-10, KV-81),
 * their case events, the access log and the register extract.
 *
 * Visibility: a customer outside the caller's scope for the action is
 * SV_ENOTFOUND, exactly like a customer that does not exist. Scope UNIT
 * means the customer's unit is the caller's unit; OWN that the caller is the
 * responsible counsellor; PROVIDER that the customer has an intervention at
 * the caller's provider.
 *
 * Every read of a customer's data by a user is logged with a purpose
 * before the data is returned; when the log cannot be written the data is
 * not returned either.
 */
#ifndef SV_SERVICE_CUSTOMERS_H
#define SV_SERVICE_CUSTOMERS_H

#include "service/svc.h"

/* One customer, checked for scope a and logged with purpose/what. */
enum sv_rc customers_get(const struct svc *s, int64_t id, enum authz_action a, const char *purpose,
                         const char *what, struct store_customer *out, struct sv_error *err) SV_WUR;
/*
 * Customers visible to the caller. unit_id narrows the list for callers of
 * scope ALL (0 = all units). Each listed customer's read is logged.
 */
enum sv_rc customers_list(const struct svc *s, int64_t unit_id, struct store_page page,
                          struct store_customer_list *out, struct sv_error *err) SV_WUR;
/* A customer with this normalised identity number, if visible (logged). */
enum sv_rc customers_find(const struct svc *s, const char *person_id, struct store_customer *out,
                          struct sv_error *err) SV_WUR;
/*
 * Register a customer. The unit defaults to the caller's; a counsellor
 * (scope OWN) becomes the responsible counsellor (KV-10). c->id receives the
 * new id.
 */
enum sv_rc customers_create(const struct svc *s, struct store_customer *c,
                            struct sv_error *err) SV_WUR;

/* KV-81: is c's identity protected from the caller? (fingerade are ordinary.) */
bool customers_masked(const struct svc *s, const struct store_customer *c);
/* True when c's protection kind must not be shown to the caller (fingerade, KV-81). */
bool customers_hide_protection(const struct svc *s, const struct store_customer *c);

enum sv_rc customers_events(const struct svc *s, int64_t id, struct store_page page,
                            struct store_event_list *out, struct sv_error *err) SV_WUR;
/* the access log per person and per user (dpo). */
enum sv_rc customers_access_by_person(const struct svc *s, int64_t id, struct store_page page,
                                      struct store_access_list *out, struct sv_error *err) SV_WUR;
enum sv_rc customers_access_by_user(const struct svc *s, int64_t user_id, struct store_page page,
                                    struct store_access_list *out, struct sv_error *err) SV_WUR;
/* GDPR art. 15: the register extract as JSON text appended to out; logged. */
enum sv_rc customers_register_extract(const struct svc *s, int64_t id, struct buf *out,
                                      struct sv_error *err) SV_WUR;

#endif
