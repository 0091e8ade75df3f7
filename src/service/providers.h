/*
 * providers.h - providers and their authorisations (KV-11, KV-12, ID-4),
 * and the read side of interventions.
 *
 * Provider roles see only their own provider and its interventions;
 * any other id is SV_ENOTFOUND.
 */
#ifndef SV_SERVICE_PROVIDERS_H
#define SV_SERVICE_PROVIDERS_H

#include "service/svc.h"

enum sv_rc providers_get(const struct svc *s, int64_t id, struct store_provider *out,
                         struct sv_error *err) SV_WUR;
enum sv_rc providers_list(const struct svc *s, const char *scheme, struct store_page page,
                          struct store_provider_list *out, struct sv_error *err) SV_WUR;
enum sv_rc providers_create(const struct svc *s, struct store_provider *p,
                            struct sv_error *err) SV_WUR;
enum sv_rc providers_authorise(const struct svc *s, int64_t id, const struct store_authorisation *a,
                               struct sv_error *err) SV_WUR;

/* Interventions visible to the caller (unit, provider or all), narrowed by f. */
enum sv_rc interventions_list(const struct svc *s, struct store_intervention_filter f,
                              struct store_page page, struct store_intervention_list *out,
                              struct sv_error *err) SV_WUR;
enum sv_rc interventions_get(const struct svc *s, int64_t id, struct store_intervention *out,
                             struct sv_error *err) SV_WUR;

#endif
