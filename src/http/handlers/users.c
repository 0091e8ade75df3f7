/* /api/v1/users and /api/v1/units. */
#include "http/http.h"

#include "service/customers.h"
#include "service/users.h"

static json_t *user_json(const struct store_user *u)
{
	return json_pack("{s:I,s:s?,s:s?,s:s?,s:o,s:o,s:b,s:o}", "id", (json_int_t)u->id,
	                 "username", u->username, "display_name", u->display_name, "role", u->role,
	                 "unit_id", u->unit_id ? json_integer(u->unit_id) : json_null(),
	                 "provider_id", u->provider_id ? json_integer(u->provider_id) : json_null(),
	                 "disabled", u->disabled, "created_at", http_time_json(u->created_at));
}

static json_t *unit_json(const struct store_unit *u)
{
	return json_pack("{s:I,s:s?,s:o}", "id", (json_int_t)u->id, "name", u->name, "parent_id",
	                 u->parent_id ? json_integer(u->parent_id) : json_null());
}

void h_users_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_user_list l = {0};
	struct store_page page;
	struct svc s;
	json_t *items;
	int64_t t0 = http_clock_ns();
	enum sv_rc rc;

	if (!http_page(r, &page))
		return;
	http_svc(r, &s);
	rc = users_list(&s, page, &l, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++)
		json_array_append_new(items, user_json(&l.v[i]));
	http_list(r, items, l.next);
	store_user_list_release(&l);
}

struct user_body {
	const char *username;
	const char *display_name;
	int role;
	int64_t unit_id;
	int64_t provider_id;
	const char *password;
};

static const char *const roles[] = {
        "counsellor", "social_worker", "supervisor", "provider_staff", "provider_admin", "finance",
        "dpo",        "admin",         NULL};

static const struct json_field user_fields[] = {
        {"username", JT_STRING, JF_REQUIRED, offsetof(struct user_body, username), 1, 64, NULL,
         NULL, NULL},
        {"display_name", JT_STRING, JF_REQUIRED, offsetof(struct user_body, display_name), 1, 200,
         NULL, NULL, NULL},
        {"role", JT_ENUM, JF_REQUIRED, offsetof(struct user_body, role), 0, 0, roles, NULL, NULL},
        {"unit_id", JT_INT, JF_NULLABLE, offsetof(struct user_body, unit_id), 1, INT64_MAX, NULL,
         NULL, NULL},
        {"provider_id", JT_INT, JF_NULLABLE, offsetof(struct user_body, provider_id), 1, INT64_MAX,
         NULL, NULL, NULL},
        {"password", JT_STRING, JF_REQUIRED, offsetof(struct user_body, password), 1,
         AUTH_PASSWORD_MAX, NULL, NULL, NULL},
};
static const struct json_schema user_schema = {user_fields, 6, JSON_NO_PRESENT};

void h_users_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct user_body b = {0};
	struct users_new n;
	struct store_user u = {0};
	struct svc s;
	int64_t id = 0, t0;
	enum sv_rc rc;

	if (!http_body(r, &user_schema, &b))
		return;
	n.username = b.username;
	n.display_name = b.display_name;
	n.role = roles[b.role];
	n.unit_id = b.unit_id;
	n.provider_id = b.provider_id;
	n.password = b.password;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = users_create(&s, &n, &id, &err);
	if (!rc)
		rc = store_user_get(r->st, r->tenant, id, &u, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 201, user_json(&u));
	store_user_release(&u);
}

void h_users_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_user u = {0};
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = users_get(&s, id, &u, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200, user_json(&u));
	store_user_release(&u);
}

void h_users_disable(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = users_disable(&s, id, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_no_content(r);
}

static json_t *access_json(const struct store_access_list *l)
{
	json_t *items = json_array();

	for (size_t i = 0; items && i < l->n; i++)
		json_array_append_new(items, json_pack("{s:I,s:I,s:I,s:o,s:s?,s:s?}", "id",
		                                       (json_int_t)l->v[i].id, "user_id",
		                                       (json_int_t)l->v[i].user_id, "customer_id",
		                                       (json_int_t)l->v[i].customer_id, "at",
		                                       http_time_json(l->v[i].at), "purpose",
		                                       l->v[i].purpose, "what", l->v[i].what));
	return items;
}

void h_users_access_log(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_access_list l = {0};
	struct store_page page;
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_page(r, &page))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = customers_access_by_user(&s, id, page, &l, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_list(r, access_json(&l), l.next);
	store_access_list_release(&l);
}

void h_customers_access_log(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_access_list l = {0};
	struct store_page page;
	struct svc s;
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id) || !http_page(r, &page))
		return;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = customers_access_by_person(&s, id, page, &l, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_list(r, access_json(&l), l.next);
	store_access_list_release(&l);
}

void h_units_list(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_unit_list l = {0};
	struct store_page page;
	json_t *items;
	int64_t t0;
	enum sv_rc rc;

	if (!http_page(r, &page))
		return;
	t0 = http_clock_ns();
	rc = store_unit_list(r->st, r->tenant, page, &l, &err);
	http_db_time(r, t0);
	if (rc) {
		http_error_rc(r, rc, &err);
		return;
	}
	items = json_array();
	for (size_t i = 0; items && i < l.n; i++)
		json_array_append_new(items, unit_json(&l.v[i]));
	http_list(r, items, l.next);
	store_unit_list_release(&l);
}

struct unit_body {
	const char *name;
	int64_t parent_id;
};

static const struct json_field unit_fields[] = {
        {"name", JT_STRING, JF_REQUIRED, offsetof(struct unit_body, name), 1, 200, NULL, NULL,
         NULL},
        {"parent_id", JT_INT, JF_NULLABLE, offsetof(struct unit_body, parent_id), 1, INT64_MAX,
         NULL, NULL, NULL},
};
static const struct json_schema unit_schema = {unit_fields, 2, JSON_NO_PRESENT};

void h_units_create(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct unit_body b = {0};
	struct store_unit u = {0};
	struct svc s;
	int64_t t0;
	enum sv_rc rc;

	if (!http_body(r, &unit_schema, &b))
		return;
	u.name = (char *)b.name;
	u.parent_id = b.parent_id;
	http_svc(r, &s);
	t0 = http_clock_ns();
	rc = units_create(&s, &u, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 201, unit_json(&u));
}

void h_units_get(struct http_req *r)
{
	struct sv_error err = SV_ERROR_INIT;
	struct store_unit u = {0};
	int64_t id, t0;
	enum sv_rc rc;

	if (!http_param_id(r, 0, &id))
		return;
	t0 = http_clock_ns();
	rc = store_unit_get(r->st, r->tenant, id, &u, &err);
	http_db_time(r, t0);
	if (rc)
		http_error_rc(r, rc, &err);
	else
		http_json(r, 200, unit_json(&u));
	store_unit_release(&u);
}
