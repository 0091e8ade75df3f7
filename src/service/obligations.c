/*
 * The deadline engine materialised (see obligations.h). This first version
 * appends fact events and checks the intervention; computing and storing
 * the rows follows.
 */
#include "service/obligations.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "stegvis/deadline.h"
#include "stegvis/rules.h"

static bool month_key(const char *k)
{
	sv_date d;

	return k && strlen(k) == 7 && !date_parse_month(k, 7, &d, "key", NULL);
}

enum sv_rc obligations_event(const struct svc *s, int64_t customer_id, int64_t intervention_id,
                             const char *name, const char *key, sv_date on, const char *reason,
                             struct sv_error *err)
{
	struct store_write w = svc_write(s, reason);
	char day[SV_DATE_STRLEN];
	json_t *p = NULL;
	char *text = NULL;
	enum sv_rc rc;

	if (!name || !rules_event_known(name))
		return sv_error_set(err, SV_EINVAL, "name", "rules-format",
		                    "%s is not an event of the rule-pack vocabulary",
		                    name ? name : "(none)");
	if (!strncmp(name, "monthly_report.", 15) && !month_key(key))
		return sv_error_set(err, SV_EINVAL, "key", "KV-32",
		                    "a monthly report event needs its month as YYYY-MM");
	if (key && strlen(key) >= DL_KEY_MAX)
		return sv_error_set(err, SV_EINVAL, "key", "rules-format", "key too long");
	p = json_pack("{s:I,s:s}", "intervention_id", (json_int_t)intervention_id, "on",
	              date_format(on == SV_NO_DATE ? s->today : on, day));
	if (p && key && *key)
		json_object_set_new(p, "key", json_string(key));
	text = p ? json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	rc = text ? store_event_append(s->st, &w, customer_id, name, text, err)
	          : sv_error_set(err, SV_ENOMEM, "", "", "out of memory");
	free(text);
	json_decref(p);
	return rc;
}

enum sv_rc obligations_recompute(const struct svc *s, int64_t intervention_id, struct sv_error *err)
{
	struct store_intervention iv = {0};
	enum sv_rc rc = store_intervention_get(s->st, s->tenant, intervention_id, &iv, err);

	store_intervention_release(&iv);
	return rc;
}
