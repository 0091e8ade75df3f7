/*
 * rules.c - load and validate rule packs (docs/rules.md).
 *
 * The format is described once, by declarative tables: a struct kind per
 * object shape (its C size, its fields, where its validity lives, the key
 * that must not repeat in overlapping periods, and a check for what a table
 * cannot say). One generic walker applies the tables, so every section gets
 * the same treatment: unknown keys, missing keys, wrong types, bad dates,
 * amounts and quantities, unknown rule IDs, events, actors and facts, and
 * overlapping validity periods are all reported, each with its JSON path,
 * and the walk goes on after a problem so that all of them are found.
 *
 * Strings point into the parsed jansson document, which the pack keeps;
 * arrays are allocated and tracked in the pack and freed by release.
 */
#include "core/rules_internal.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The rule named by problems about the shape of a pack (docs/rules.md). */
#define FORMAT         "rules-format"
#define FORMAT_VERSION 1
#define MAX_COND_DEPTH 16
#define MAX_LIST       10000
#define NO_OFF         ((size_t)-1)
#define UNSET_DATE     INT32_MIN
#define PATH_MAX_      192

struct ctx {
	struct rules_pack *p;
	struct rules_problems *probs;
	const char *file;
	size_t found; /* problems found in this load */
	bool oom;
};

/* ---- problems ------------------------------------------------------------ */

void rules_problems_init(struct rules_problems *ps)
{
	memset(ps, 0, sizeof(*ps));
}

void rules_problems_release(struct rules_problems *ps)
{
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

static void copy_str(char *dst, size_t dstsz, const char *src)
{
	snprintf(dst, dstsz, "%s", src ? src : "");
}

SV_PRINTF(7, 0)
static void problems_vadd(struct rules_problems *ps, const char *file, int line, int column,
                          const char *path, const char *rule, const char *fmt, va_list ap)
{
	struct rules_problem *pr;

	if (!ps)
		return;
	if (ps->n >= RULES_PROBLEMS_MAX) {
		ps->dropped++;
		return;
	}
	if (ps->n == ps->alloc) {
		size_t na = ps->alloc ? ps->alloc * 2 : 16;
		struct rules_problem *nv = realloc(ps->v, na * sizeof(*nv));
		if (!nv) {
			ps->dropped++;
			return;
		}
		ps->v = nv;
		ps->alloc = na;
	}
	pr = &ps->v[ps->n++];
	memset(pr, 0, sizeof(*pr));
	copy_str(pr->file, sizeof(pr->file), file);
	pr->line = line;
	pr->column = column;
	copy_str(pr->path, sizeof(pr->path), path);
	copy_str(pr->rule, sizeof(pr->rule), rule);
	vsnprintf(pr->msg, sizeof(pr->msg), fmt, ap);
}

SV_PRINTF(7, 8)
static void problems_add(struct rules_problems *ps, const char *file, int line, int column,
                         const char *path, const char *rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	problems_vadd(ps, file, line, column, path, rule, fmt, ap);
	va_end(ap);
}

SV_PRINTF(4, 5)
static void problem(struct ctx *c, const char *path, const char *rule, const char *fmt, ...)
{
	va_list ap;

	c->found++;
	va_start(ap, fmt);
	problems_vadd(c->probs, c->file, 0, 0, path, rule, fmt, ap);
	va_end(ap);
}

void rules_problem_format(const struct rules_problem *p, char *out, size_t outsz)
{
	if (!outsz)
		return;
	if (p->line > 0)
		snprintf(out, outsz, "%s:%d:%d: %s", p->file, p->line, p->column, p->msg);
	else
		snprintf(out, outsz, "%s: %s: %s%s%s%s", p->file, p->path[0] ? p->path : "$",
		         p->msg, p->rule[0] ? " (" : "", p->rule, p->rule[0] ? ")" : "");
}

/* ---- small helpers ------------------------------------------------------- */

bool rules_valid_on(const struct rules_valid *v, sv_date on)
{
	return v->from <= on && on <= v->to;
}

static bool overlaps(const struct rules_valid *a, const struct rules_valid *b)
{
	return a->from <= b->to && b->from <= a->to;
}

static void path_key(char *out, const char *base, const char *key)
{
	/* A path longer than PATH_MAX_ is cut; it only labels a problem. */
	if (snprintf(out, PATH_MAX_, "%s.%s", base, key) >= PATH_MAX_)
		out[PATH_MAX_ - 1] = '\0';
}

static void path_index(char *out, const char *base, size_t i)
{
	if (snprintf(out, PATH_MAX_, "%s[%zu]", base, i) >= PATH_MAX_)
		out[PATH_MAX_ - 1] = '\0';
}

static void fmt_valid(const struct rules_valid *v, char *out, size_t outsz)
{
	char a[SV_DATE_STRLEN], b[SV_DATE_STRLEN];

	if (v->to == RULES_OPEN_END)
		snprintf(out, outsz, "%s..", date_format(v->from, a));
	else
		snprintf(out, outsz, "%s..%s", date_format(v->from, a), date_format(v->to, b));
}

/* Allocate n zeroed elements owned by the pack. NULL (and oom set) on failure. */
static void *palloc(struct ctx *c, size_t n, size_t size)
{
	struct rules_pack *p = c->p;
	void *mem;

	if (!n || size > SIZE_MAX / n) {
		c->oom = c->oom || n;
		return NULL;
	}
	if (p->n_allocs_ == p->alloc_allocs_) {
		size_t na = p->alloc_allocs_ ? p->alloc_allocs_ * 2 : 32;
		void **nv = realloc(p->allocs_, na * sizeof(*nv));
		if (!nv) {
			c->oom = true;
			return NULL;
		}
		p->allocs_ = nv;
		p->alloc_allocs_ = na;
	}
	mem = calloc(n, size);
	if (!mem) {
		c->oom = true;
		return NULL;
	}
	p->allocs_[p->n_allocs_++] = mem;
	return mem;
}

static const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number with a fraction";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "something else";
}

static bool is_ident(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.'))
			return false;
	}
	return true;
}

/* A share such as "70", "12.5" or "4.60" in hundredths of a percent. */
static bool parse_share(const char *s, int32_t *out)
{
	int32_t whole = 0, frac = 0;
	size_t i = 0, nd = 0, nf = 0;

	while (s[i] >= '0' && s[i] <= '9') {
		if (++nd > 3)
			return false;
		whole = whole * 10 + (s[i++] - '0');
	}
	if (!nd)
		return false;
	if (s[i] == '.') {
		i++;
		while (s[i] >= '0' && s[i] <= '9') {
			if (++nf > 2)
				return false;
			frac = frac * 10 + (s[i++] - '0');
		}
		if (!nf)
			return false;
		if (nf == 1)
			frac *= 10;
	}
	if (s[i])
		return false;
	*out = whole * 100 + frac;
	return *out <= 10000;
}

/* ---- declarative tables -------------------------------------------------- */

enum ft {
	FT_STR,      /* non-empty string -> const char * */
	FT_ID,       /* identifier [A-Za-z0-9_.-]{1,64} -> const char * */
	FT_BOOL,     /* bool */
	FT_INT,      /* integer in [min, max] -> int32_t */
	FT_DATE,     /* "YYYY-MM-DD" -> sv_date */
	FT_MONEY,    /* "3876.00" -> sv_money (>= 0); off2: bool known */
	FT_SPAN,     /* {"months": 3} -> struct rules_span; aux: struct span_spec */
	FT_VALID,    /* {"from": D, "to": D|null} -> struct rules_valid */
	FT_RULE,     /* a rule ID of domain.md -> const char * */
	FT_STRLIST,  /* ["a", ...] -> const char **, off2: size_t count */
	FT_INTLIST,  /* [1, ...] in [min, max] -> int32_t *, off2: size_t count */
	FT_COND,     /* a condition -> struct rules_cond; off2: bool present */
	FT_LIST,     /* [{...}, ...] of aux kind -> T *, off2: size_t count */
	FT_OBJ,      /* {...} whose fields (aux kind) are relative to the same base */
	FT_SHARE,    /* "12.5" (percent) -> int32_t hundredths */
	FT_WEEKDAY,  /* "monday" ... "sunday" -> enum sv_weekday */
	FT_TIME,     /* "HH:MM" -> int minutes */
	FT_ENUM,     /* one of aux (NULL-terminated names) -> int index */
	FT_PARAM,    /* a parameter name -> enum rules_param_id */
	FT_EVENT,    /* a known case event -> const char * */
	FT_ACTOR,    /* a known actor -> const char * */
	FT_COUNTMAP, /* {"name": n, ...} -> struct rules_dest_count *, off2: size_t count */
};

#define F_REQ  1u /* must be present */
#define F_NULL 2u /* null is accepted: the default stays (money/span: known = false) */

struct field {
	const char *key;
	enum ft t;
	unsigned flags;
	size_t off;
	size_t off2;
	const void *aux;
	int32_t min, max;
};

struct span_spec {
	unsigned units;     /* bit (1u << unit) per accepted unit */
	int32_t min;        /* smallest number */
	bool allow_unknown; /* {"months": null} accepted (a note is then required) */
};

struct kind {
	const char *name;
	size_t size;
	const struct field *fields;
	size_t meta_off;                      /* offset of struct rules_meta, or NO_OFF */
	const char *(*key)(const void *item); /* must not repeat in overlapping periods */
	void (*init)(void *item);             /* defaults before parsing */
	void (*check)(struct ctx *c, void *item, json_t *obj, const char *path);
};

#define AT(base, off, T) ((T *)(void *)((char *)(base) + (off)))

static void parse_object(struct ctx *c, const struct kind *k, json_t *obj, void *base,
                         const char *path);

static void parse_span(struct ctx *c, const struct span_spec *spec, json_t *v,
                       struct rules_span *out, const char *path)
{
	const char *key;
	json_t *num;
	int unit = -1;
	char p2[PATH_MAX_];

	if (!json_is_object(v) || json_object_size(v) != 1) {
		problem(c, path, FORMAT,
		        "expected a quantity with exactly one unit, such as {\"months\": 3}");
		return;
	}
	key = json_object_iter_key(json_object_iter(v));
	num = json_object_iter_value(json_object_iter(v));
	path_key(p2, path, key);
	for (int u = RULES_CALENDAR_DAYS; u < RULES_UNIT_COUNT_; u++)
		if (!strcmp(key, rules_unit_name((enum rules_unit)u)))
			unit = u;
	if (unit < 0) {
		problem(c, p2, FORMAT,
		        "unknown unit '%s' (calendar_days, working_days, hours, months, years, "
		        "count)",
		        key);
		return;
	}
	if (!(spec->units & (1u << unit))) {
		char allowed[160] = "";
		size_t len = 0;
		for (int u = RULES_CALENDAR_DAYS; u < RULES_UNIT_COUNT_; u++)
			if (spec->units & (1u << u))
				len += (size_t)snprintf(allowed + len, sizeof(allowed) - len,
				                        "%s%s", len ? ", " : "",
				                        rules_unit_name((enum rules_unit)u));
		problem(c, p2, FORMAT, "unit '%s' is not allowed here (allowed: %s)", key, allowed);
		return;
	}
	out->unit = (enum rules_unit)unit;
	if (json_is_null(num)) {
		if (!spec->allow_unknown)
			problem(c, p2, FORMAT, "a number is required here");
		out->known = false;
		return;
	}
	if (!json_is_integer(num)) {
		problem(c, p2, FORMAT, "expected a whole number, got %s", json_type_name(num));
		return;
	}
	if (json_integer_value(num) < spec->min || json_integer_value(num) > 100000) {
		problem(c, p2, FORMAT, "%" JSON_INTEGER_FORMAT " is out of range (%d..100000)",
		        json_integer_value(num), (int)spec->min);
		return;
	}
	out->n = (int32_t)json_integer_value(num);
	out->known = true;
}

static void parse_valid(struct ctx *c, json_t *v, struct rules_valid *out, const char *path)
{
	static const char *const keys[] = {"from", "to"};
	struct rules_valid r = {UNSET_DATE, RULES_OPEN_END};
	bool ok = true;
	char p2[PATH_MAX_];
	const char *key;
	json_t *val;

	if (!json_is_object(v)) {
		problem(c, path, FORMAT, "expected {\"from\": DATE, \"to\": DATE or null}");
		return;
	}
	json_object_foreach(v, key, val)
	{
		if (strcmp(key, keys[0]) && strcmp(key, keys[1])) {
			path_key(p2, path, key);
			problem(c, p2, FORMAT, "unknown key '%s' (from, to)", key);
			ok = false;
		}
	}
	for (int i = 0; i < 2; i++) {
		sv_date d;
		struct sv_error err = SV_ERROR_INIT;

		path_key(p2, path, keys[i]);
		val = json_object_get(v, keys[i]);
		if (!val) {
			problem(c, p2, FORMAT, "missing key '%s'%s", keys[i],
			        i ? " (null for an open end)" : "");
			ok = false;
			continue;
		}
		if (i == 1 && json_is_null(val))
			continue;
		if (!json_is_string(val)) {
			problem(c, p2, "ISO-8601", "expected a date \"YYYY-MM-DD\", got %s",
			        json_type_name(val));
			ok = false;
			continue;
		}
		if (date_parse(json_string_value(val), json_string_length(val), &d, p2, &err)) {
			problem(c, p2, "ISO-8601", "%s", err.msg);
			ok = false;
			continue;
		}
		if (i == 0)
			r.from = d;
		else
			r.to = d;
	}
	if (ok && r.from > r.to) {
		char a[SV_DATE_STRLEN], b[SV_DATE_STRLEN];
		path_key(p2, path, "to");
		problem(c, p2, "CAL-3a", "validity ends (%s) before it starts (%s)",
		        date_format(r.to, a), date_format(r.from, b));
		ok = false;
	}
	if (ok)
		*out = r;
}

static void parse_cond(struct ctx *c, json_t *v, struct rules_cond *out, const char *path,
                       int depth)
{
	const char *key;
	json_t *val;
	char p2[PATH_MAX_];

	memset(out, 0, sizeof(*out));
	out->kind = RULES_COND_ANY; /* an unparsed condition never holds */
	if (depth > MAX_COND_DEPTH) {
		problem(c, path, FORMAT, "condition nested deeper than %d levels", MAX_COND_DEPTH);
		return;
	}
	if (!json_is_object(v) || json_object_size(v) != 1) {
		problem(c, path, FORMAT,
		        "a condition is an object with exactly one of all, any, not, fact, age, "
		        "range");
		return;
	}
	key = json_object_iter_key(json_object_iter(v));
	val = json_object_iter_value(json_object_iter(v));
	path_key(p2, path, key);
	if (!strcmp(key, "all") || !strcmp(key, "any")) {
		size_t n;
		if (!json_is_array(val) || !json_array_size(val)) {
			problem(c, p2, FORMAT, "expected a non-empty array of conditions");
			return;
		}
		n = json_array_size(val);
		if (n > MAX_LIST) {
			problem(c, p2, FORMAT, "too many conditions");
			return;
		}
		out->sub = palloc(c, n, sizeof(*out->sub));
		if (!out->sub)
			return;
		out->n = n;
		for (size_t i = 0; i < n; i++) {
			char p3[PATH_MAX_];
			path_index(p3, p2, i);
			parse_cond(c, json_array_get(val, i), &out->sub[i], p3, depth + 1);
		}
		out->kind = key[1] == 'l' ? RULES_COND_ALL : RULES_COND_ANY;
	} else if (!strcmp(key, "not")) {
		out->sub = palloc(c, 1, sizeof(*out->sub));
		if (!out->sub)
			return;
		out->n = 1;
		parse_cond(c, val, out->sub, p2, depth + 1);
		out->kind = RULES_COND_NOT;
	} else if (!strcmp(key, "fact")) {
		int f = json_is_string(val) ? rules_fact_by_name(json_string_value(val)) : -1;
		if (!json_is_string(val)) {
			problem(c, p2, FORMAT, "expected a fact name, got %s", json_type_name(val));
			return;
		}
		if (f < 0) {
			problem(c, p2, FORMAT, "unknown fact '%s' (see docs/rules.md)",
			        json_string_value(val));
			return;
		}
		out->kind = RULES_COND_FACT;
		out->fact = f;
	} else if (!strcmp(key, "age") || !strcmp(key, "range")) {
		bool is_age = key[0] == 'a';
		int f = is_age ? RULES_N_AGE : -1;
		const char *k2;
		json_t *v2;
		bool ok = true;

		if (!json_is_object(val)) {
			problem(c, p2, FORMAT, "expected {%s\"min\": N, \"max\": N}",
			        is_age ? "" : "\"fact\": NAME, ");
			return;
		}
		json_object_foreach(val, k2, v2)
		{
			char p3[PATH_MAX_];
			path_key(p3, p2, k2);
			if (!is_age && !strcmp(k2, "fact")) {
				f = json_is_string(v2) ? rules_num_by_name(json_string_value(v2))
				                       : -1;
				if (f < 0) {
					problem(c, p3, FORMAT, "unknown numeric fact (%s)",
					        "age, months_unemployed, days_in_job");
					ok = false;
				}
			} else if (!strcmp(k2, "min") || !strcmp(k2, "max")) {
				json_int_t n;
				if (!json_is_integer(v2)) {
					problem(c, p3, FORMAT, "expected a whole number, got %s",
					        json_type_name(v2));
					ok = false;
					continue;
				}
				n = json_integer_value(v2);
				if (n < 0 || n > 1000000) {
					problem(c, p3, FORMAT, "out of range (0..1000000)");
					ok = false;
					continue;
				}
				if (k2[1] == 'i') {
					out->has_min = true;
					out->min = (int32_t)n;
				} else {
					out->has_max = true;
					out->max = (int32_t)n;
				}
			} else {
				problem(c, p3, FORMAT, "unknown key '%s' (%smin, max)", k2,
				        is_age ? "" : "fact, ");
				ok = false;
			}
		}
		if (f < 0 && ok) {
			problem(c, p2, FORMAT, "missing key 'fact'");
			ok = false;
		}
		if (ok && !out->has_min && !out->has_max) {
			problem(c, p2, FORMAT, "a range needs min, max or both");
			ok = false;
		}
		if (ok && out->has_min && out->has_max && out->min > out->max) {
			problem(c, p2, "CAL-6", "min %d is above max %d", (int)out->min,
			        (int)out->max);
			ok = false;
		}
		if (!ok)
			return;
		out->kind = RULES_COND_RANGE;
		out->fact = f;
	} else {
		problem(c, p2, FORMAT, "unknown condition '%s' (all, any, not, fact, age, range)",
		        key);
	}
}

static void parse_list(struct ctx *c, const struct kind *k, json_t *v, void **items, size_t *n,
                       const char *path);

static void parse_value(struct ctx *c, const struct field *f, json_t *v, void *base,
                        const char *path)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;

	switch (f->t) {
	case FT_STR:
	case FT_ID:
	case FT_RULE:
	case FT_EVENT:
	case FT_ACTOR:
		if (!s) {
			problem(c, path, FORMAT, "expected a string, got %s", json_type_name(v));
			return;
		}
		if (!*s) {
			problem(c, path, FORMAT, "must not be empty");
			return;
		}
		if (f->t == FT_ID && !is_ident(s)) {
			problem(c, path, FORMAT,
			        "'%s' is not an identifier (letters, digits, '_', '-', '.', at "
			        "most "
			        "64)",
			        s);
			return;
		}
		if (f->t == FT_RULE && !rules_rule_known(s)) {
			problem(c, path, FORMAT, "unknown rule ID '%s' (not in domain.md)", s);
			return;
		}
		if (f->t == FT_EVENT && !rules_event_known(s)) {
			problem(c, path, FORMAT, "unknown event '%s' (see docs/rules.md)", s);
			return;
		}
		if (f->t == FT_ACTOR && !rules_actor_known(s)) {
			problem(c, path, FORMAT, "unknown actor '%s' (see docs/rules.md)", s);
			return;
		}
		*AT(base, f->off, const char *) = s;
		return;
	case FT_BOOL:
		if (!json_is_boolean(v)) {
			problem(c, path, FORMAT, "expected true or false, got %s",
			        json_type_name(v));
			return;
		}
		*AT(base, f->off, bool) = json_is_true(v);
		return;
	case FT_INT:
		if (!json_is_integer(v)) {
			problem(c, path, FORMAT, "expected a whole number, got %s",
			        json_type_name(v));
			return;
		}
		if (json_integer_value(v) < f->min || json_integer_value(v) > f->max) {
			problem(c, path, FORMAT,
			        "%" JSON_INTEGER_FORMAT " is out of range (%d..%d)",
			        json_integer_value(v), (int)f->min, (int)f->max);
			return;
		}
		*AT(base, f->off, int32_t) = (int32_t)json_integer_value(v);
		return;
	case FT_DATE: {
		struct sv_error err = SV_ERROR_INIT;
		sv_date d;
		if (!s) {
			problem(c, path, "ISO-8601", "expected a date \"YYYY-MM-DD\", got %s",
			        json_type_name(v));
			return;
		}
		if (date_parse(s, json_string_length(v), &d, path, &err)) {
			problem(c, path, "ISO-8601", "%s", err.msg);
			return;
		}
		*AT(base, f->off, sv_date) = d;
		return;
	}
	case FT_MONEY: {
		struct sv_error err = SV_ERROR_INIT;
		sv_money m;
		if (!s) {
			problem(c, path, "CAL-5",
			        "expected an amount as a string such as \"3876.00\", got %s",
			        json_type_name(v));
			return;
		}
		if (money_parse(s, json_string_length(v), &m, path, &err)) {
			problem(c, path, "CAL-5", "%s", err.msg);
			return;
		}
		if (m < 0) {
			problem(c, path, "CAL-5", "an amount here must not be negative");
			return;
		}
		*AT(base, f->off, sv_money) = m;
		if (f->off2 != NO_OFF)
			*AT(base, f->off2, bool) = true;
		return;
	}
	case FT_SPAN:
		parse_span(c, f->aux, v, AT(base, f->off, struct rules_span), path);
		return;
	case FT_VALID:
		parse_valid(c, v, AT(base, f->off, struct rules_valid), path);
		return;
	case FT_STRLIST:
	case FT_INTLIST: {
		size_t n;
		const char **sv = NULL;
		int32_t *iv = NULL;
		if (!json_is_array(v)) {
			problem(c, path, FORMAT, "expected an array, got %s", json_type_name(v));
			return;
		}
		n = json_array_size(v);
		if (!n)
			return;
		if (n > MAX_LIST) {
			problem(c, path, FORMAT, "more than %d entries", MAX_LIST);
			return;
		}
		if (f->t == FT_STRLIST)
			sv = palloc(c, n, sizeof(*sv));
		else
			iv = palloc(c, n, sizeof(*iv));
		if (!sv && !iv)
			return;
		for (size_t i = 0; i < n; i++) {
			json_t *e = json_array_get(v, i);
			char p2[PATH_MAX_];
			path_index(p2, path, i);
			if (sv) {
				if (!json_is_string(e) || !json_string_length(e))
					problem(c, p2, FORMAT, "expected a non-empty string");
				else
					sv[i] = json_string_value(e);
			} else if (!json_is_integer(e) || json_integer_value(e) < f->min ||
			           json_integer_value(e) > f->max) {
				problem(c, p2, FORMAT, "expected a whole number in %d..%d",
				        (int)f->min, (int)f->max);
			} else {
				iv[i] = (int32_t)json_integer_value(e);
			}
		}
		if (sv)
			*AT(base, f->off, const char **) = sv;
		else
			*AT(base, f->off, int32_t *) = iv;
		*AT(base, f->off2, size_t) = n;
		return;
	}
	case FT_COND:
		parse_cond(c, v, AT(base, f->off, struct rules_cond), path, 0);
		if (f->off2 != NO_OFF)
			*AT(base, f->off2, bool) = true;
		return;
	case FT_LIST:
		parse_list(c, f->aux, v, AT(base, f->off, void *), AT(base, f->off2, size_t), path);
		return;
	case FT_OBJ:
		parse_object(c, f->aux, v, AT(base, f->off, char), path);
		return;
	case FT_SHARE:
		if (!s || !parse_share(s, AT(base, f->off, int32_t)))
			problem(c, path, FORMAT,
			        "expected a percentage as a string such as \"12.5\" (0..100, at "
			        "most "
			        "two decimals)");
		return;
	case FT_WEEKDAY: {
		static const char *const days[] = {"monday", "tuesday",  "wednesday", "thursday",
		                                   "friday", "saturday", "sunday"};
		for (int i = 0; s && i < 7; i++) {
			if (!strcmp(s, days[i])) {
				*AT(base, f->off, enum sv_weekday) = (enum sv_weekday)(i + 1);
				return;
			}
		}
		problem(c, path, FORMAT,
		        "expected a weekday in English, \"monday\" ... \"sunday\"");
		return;
	}
	case FT_TIME:
		if (s && strlen(s) == 5 && s[2] == ':' && s[0] >= '0' && s[0] <= '2' &&
		    s[1] >= '0' && s[1] <= '9' && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' &&
		    s[4] <= '9') {
			int h = (s[0] - '0') * 10 + (s[1] - '0');
			int m = (s[3] - '0') * 10 + (s[4] - '0');
			if (h < 24) {
				*AT(base, f->off, int) = h * 60 + m;
				return;
			}
		}
		problem(c, path, FORMAT, "expected a time \"HH:MM\" (00:00..23:59)");
		return;
	case FT_ENUM: {
		const char *const *names = f->aux;
		for (int i = 0; s && names[i]; i++) {
			if (!strcmp(s, names[i])) {
				*AT(base, f->off, int) = i;
				return;
			}
		}
		{
			char allowed[200] = "";
			size_t len = 0;
			for (int i = 0; names[i] && len < sizeof(allowed); i++)
				len += (size_t)snprintf(allowed + len, sizeof(allowed) - len,
				                        "%s%s", i ? ", " : "", names[i]);
			problem(c, path, FORMAT, "expected one of: %s", allowed);
		}
		return;
	}
	case FT_PARAM: {
		int id = s ? rules_param_by_name(s) : -1;
		if (id < 0) {
			problem(c, path, FORMAT, "unknown parameter '%s' (see docs/rules.md)",
			        s ? s : json_type_name(v));
			return;
		}
		*AT(base, f->off, enum rules_param_id) = (enum rules_param_id)id;
		return;
	}
	case FT_COUNTMAP: {
		size_t n = json_is_object(v) ? json_object_size(v) : 0, i = 0;
		struct rules_dest_count *dc;
		const char *k2;
		json_t *v2;
		if (!json_is_object(v)) {
			problem(c, path, FORMAT, "expected an object of counts, got %s",
			        json_type_name(v));
			return;
		}
		if (!n)
			return;
		dc = palloc(c, n, sizeof(*dc));
		if (!dc)
			return;
		json_object_foreach(v, k2, v2)
		{
			char p2[PATH_MAX_];
			path_key(p2, path, k2);
			if (!json_is_integer(v2) || json_integer_value(v2) < 0 ||
			    json_integer_value(v2) > 100000000)
				problem(c, p2, FORMAT, "expected a count (0..100000000)");
			else
				dc[i].n = (int32_t)json_integer_value(v2);
			dc[i++].destination = k2;
		}
		*AT(base, f->off, struct rules_dest_count *) = dc;
		*AT(base, f->off2, size_t) = n;
		return;
	}
	}
}

static void parse_object(struct ctx *c, const struct kind *k, json_t *obj, void *base,
                         const char *path)
{
	const char *key;
	json_t *v;
	char p2[PATH_MAX_];

	if (!json_is_object(obj)) {
		problem(c, path, FORMAT, "expected an object (%s), got %s", k->name,
		        json_type_name(obj));
		return;
	}
	json_object_foreach(obj, key, v)
	{
		const struct field *f = k->fields;
		while (f->key && strcmp(f->key, key))
			f++;
		if (!f->key) {
			path_key(p2, path, key);
			problem(c, p2, FORMAT, "unknown key '%s' in %s", key, k->name);
		}
	}
	for (const struct field *f = k->fields; f->key; f++) {
		path_key(p2, path, f->key);
		v = json_object_get(obj, f->key);
		if (!v) {
			if (f->flags & F_REQ)
				problem(c, p2, FORMAT, "missing key '%s' in %s", f->key, k->name);
			continue;
		}
		if (json_is_null(v)) {
			if (!(f->flags & F_NULL)) {
				problem(c, p2, FORMAT, "must not be null");
				continue;
			}
			if (f->t == FT_MONEY && f->off2 != NO_OFF)
				*AT(base, f->off2, bool) = false;
			continue;
		}
		parse_value(c, f, v, base, p2);
	}
}

static void parse_list(struct ctx *c, const struct kind *k, json_t *v, void **items, size_t *n,
                       const char *path)
{
	size_t cnt;
	char *arr;

	if (!json_is_array(v)) {
		problem(c, path, FORMAT, "expected an array of %s, got %s", k->name,
		        json_type_name(v));
		return;
	}
	cnt = json_array_size(v);
	if (!cnt)
		return;
	if (cnt > MAX_LIST) {
		problem(c, path, FORMAT, "more than %d entries", MAX_LIST);
		return;
	}
	arr = palloc(c, cnt, k->size);
	if (!arr)
		return;
	*items = arr;
	*n = cnt;
	for (size_t i = 0; i < cnt; i++) {
		void *item = arr + i * k->size;
		struct rules_meta *m =
		        k->meta_off != NO_OFF ? AT(item, k->meta_off, struct rules_meta) : NULL;
		char p2[PATH_MAX_];

		path_index(p2, path, i);
		if (k->init)
			k->init(item);
		if (m)
			m->valid.from = UNSET_DATE;
		parse_object(c, k, json_array_get(v, i), item, p2);
		if (m && m->valid.from == UNSET_DATE && json_is_object(json_array_get(v, i)) &&
		    json_object_get(json_array_get(v, i), "valid")) {
			/* A broken "valid" (already reported): an empty period that
			 * overlaps nothing, so no follow-on problems. */
			m->valid.from = RULES_OPEN_END;
			m->valid.to = INT32_MIN;
		} else if (m && m->valid.from == UNSET_DATE) {
			m->valid = c->p->valid;
		} else if (m &&
		           (m->valid.from < c->p->valid.from || m->valid.to > c->p->valid.to)) {
			char a[48], b[48], p3[PATH_MAX_];
			fmt_valid(&m->valid, a, sizeof(a));
			fmt_valid(&c->p->valid, b, sizeof(b));
			path_key(p3, p2, "valid");
			problem(c, p3, "CAL-3a", "validity %s lies outside the pack's validity %s",
			        a, b);
		}
		if (k->check)
			k->check(c, item, json_array_get(v, i), p2);
	}
	/* The same key twice: overlapping validity (CAL-3a) or a plain duplicate. */
	if (!k->key)
		return;
	for (size_t j = 1; j < cnt; j++) {
		const void *b = arr + j * k->size;
		const char *kb = k->key(b);
		if (!kb)
			continue;
		for (size_t i = 0; i < j; i++) {
			const void *a = arr + i * k->size;
			const char *ka = k->key(a);
			char p2[PATH_MAX_], p3[PATH_MAX_];
			if (!ka || strcmp(ka, kb))
				continue;
			path_index(p2, path, j);
			if (k->meta_off == NO_OFF) {
				problem(c, p2, FORMAT, "duplicate '%s' (also at %s[%zu])", kb, path,
				        i);
				break;
			}
			if (overlaps(&AT(a, k->meta_off, struct rules_meta)->valid,
			             &AT(b, k->meta_off, struct rules_meta)->valid)) {
				char va[48], vb[48];
				fmt_valid(&AT(a, k->meta_off, struct rules_meta)->valid, va,
				          sizeof(va));
				fmt_valid(&AT(b, k->meta_off, struct rules_meta)->valid, vb,
				          sizeof(vb));
				path_key(p3, p2, "valid");
				problem(c, p3, "CAL-3a",
				        "'%s' valid %s overlaps %s[%zu] valid %s: one value per "
				        "date",
				        kb, vb, path, i, va);
				break;
			}
		}
	}
}

/* ---- the kinds ----------------------------------------------------------- */

/* clang-format off */
#define FLD(key, t, fl, T, mem) {key, t, fl, offsetof(T, mem), NO_OFF, NULL, 0, 0}
#define FLDA(key, t, fl, T, mem, aux) {key, t, fl, offsetof(T, mem), NO_OFF, aux, 0, 0}
#define FLDN(key, fl, T, mem, lo, hi) {key, FT_INT, fl, offsetof(T, mem), NO_OFF, NULL, lo, hi}
#define FLD2(key, t, fl, T, mem, mem2) {key, t, fl, offsetof(T, mem), offsetof(T, mem2), NULL, 0, 0}
#define FLDIL(key, fl, T, mem, lo, hi) \
	{key, FT_INTLIST, fl, offsetof(T, mem), offsetof(T, n_##mem), NULL, lo, hi}
#define FLDL(key, fl, T, mem, kind) \
	{key, FT_LIST, fl, offsetof(T, mem), offsetof(T, n_##mem), &kind, 0, 0}
#define FLDSL(key, fl, T, mem) \
	{key, FT_STRLIST, fl, offsetof(T, mem), offsetof(T, n_##mem), NULL, 0, 0}
#define META(T) \
	FLD("rule", FT_RULE, F_REQ, T, m.rule), \
	FLD("note", FT_STR, 0, T, m.note), \
	FLD("valid", FT_VALID, 0, T, m.valid)
#define END {NULL, FT_STR, 0, 0, 0, NULL, 0, 0}
/* A kind whose items carry a struct rules_meta m, and one without. */
#define KIND(name, T, fields, key, init, check) \
	{name, sizeof(T), fields, offsetof(T, m), key, init, check}
#define KIND_NOMETA(name, T, fields, key, init, check) \
	{name, sizeof(T), fields, NO_OFF, key, init, check}
/* clang-format on */

#define UB(u)    (1u << (u))
#define U_DAYS   UB(RULES_CALENDAR_DAYS)
#define U_WDAYS  UB(RULES_WORKING_DAYS)
#define U_HOURS  UB(RULES_HOURS)
#define U_MONTHS UB(RULES_MONTHS)
#define U_YEARS  UB(RULES_YEARS)
#define U_COUNT  UB(RULES_COUNT)

static const struct span_spec span_duration = {U_DAYS | U_MONTHS, 1, false};
static const struct span_spec span_offset = {U_DAYS | U_WDAYS | U_HOURS | U_MONTHS, 0, false};
static const struct span_spec span_param = {
        U_DAYS | U_WDAYS | U_HOURS | U_MONTHS | U_YEARS | U_COUNT, 0, true};
static const struct span_spec span_rotation = {U_DAYS, 7, false};
static const struct span_spec span_after = {U_DAYS | U_WDAYS | U_MONTHS, 1, false};
static const struct span_spec span_keep = {U_YEARS | U_MONTHS, 1, true};

/* The rule a check reports under: the item's own rule when it has one. */
static const char *rule_or(const struct rules_meta *m, const char *fallback)
{
	return m->rule ? m->rule : fallback;
}

static void need_note_for_null(struct ctx *c, const struct rules_meta *m, const char *path,
                               const char *key)
{
	char p2[PATH_MAX_];

	if (m->note)
		return;
	path_key(p2, path, key);
	problem(c, p2, rule_or(m, FORMAT),
	        "a value the source does not give (null) needs a \"note\" saying so");
}

/* schemes */
static const struct field scheme_fields[] = {
        FLD("id", FT_ID, F_REQ, struct rules_scheme, id),
        FLD("name", FT_STR, F_REQ, struct rules_scheme, name),
        FLD("entry", FT_STR, 0, struct rules_scheme, entry),
        META(struct rules_scheme),
        END,
};
static const char *scheme_key(const void *it)
{
	return ((const struct rules_scheme *)it)->id;
}
static const struct kind scheme_kind =
        KIND("scheme", struct rules_scheme, scheme_fields, scheme_key, NULL, NULL);

/* interventions */
static const struct field intervention_fields[] = {
        FLD("code", FT_ID, F_REQ, struct rules_intervention, code),
        FLD("scheme", FT_ID, F_REQ, struct rules_intervention, scheme),
        FLD("name", FT_STR, F_REQ, struct rules_intervention, name),
        FLDSL("aliases", 0, struct rules_intervention, aliases),
        FLDA("max_duration", FT_SPAN, F_REQ, struct rules_intervention, max_duration,
             &span_duration),
        FLD("extendable", FT_BOOL, 0, struct rules_intervention, extendable),
        FLD("aim", FT_STR, 0, struct rules_intervention, aim),
        META(struct rules_intervention),
        END,
};
static const char *intervention_key(const void *it)
{
	return ((const struct rules_intervention *)it)->code;
}
static const struct kind intervention_kind =
        KIND("intervention", struct rules_intervention, intervention_fields, intervention_key, NULL,
             NULL);

/* rates */
static const struct field rate_fields[] = {
        FLD("scheme", FT_ID, 0, struct rules_rate, scheme),
        FLD("intervention", FT_ID, 0, struct rules_rate, intervention),
        FLD2("monthly", FT_MONEY, F_REQ | F_NULL, struct rules_rate, monthly, known),
        META(struct rules_rate),
        END,
};
static const char *rate_key(const void *it)
{
	const struct rules_rate *r = it;
	return r->scheme ? r->scheme : r->intervention;
}
static void rate_init(void *it)
{
	((struct rules_rate *)it)->known = true;
}
static void rate_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	struct rules_rate *r = it;

	if (!r->scheme == !r->intervention)
		problem(c, path, FORMAT, "a rate names exactly one of 'scheme' or 'intervention'");
	if (!r->known)
		need_note_for_null(c, &r->m, path, "monthly");
}
static const struct kind rate_kind =
        KIND("rate", struct rules_rate, rate_fields, rate_key, rate_init, rate_check);

/* supplements */
static const struct field supplement_fields[] = {
        FLD("scheme", FT_ID, F_REQ, struct rules_supplement, scheme),
        FLD("amount", FT_MONEY, F_REQ, struct rules_supplement, amount),
        META(struct rules_supplement),
        END,
};
static const struct kind supplement_kind =
        KIND("supplement", struct rules_supplement, supplement_fields, NULL, NULL, NULL);

/* bonus */
static const struct field bonus_fields[] = {
        FLD("scheme", FT_ID, F_REQ, struct rules_bonus, scheme),
        FLD2("amount", FT_MONEY, F_REQ | F_NULL, struct rules_bonus, amount, known),
        FLDA("qualifying", FT_SPAN, F_REQ, struct rules_bonus, qualifying, &span_duration),
        FLD("counted_from", FT_STR, 0, struct rules_bonus, counted_from),
        META(struct rules_bonus),
        END,
};
static const char *bonus_key(const void *it)
{
	return ((const struct rules_bonus *)it)->scheme;
}
static void bonus_init(void *it)
{
	((struct rules_bonus *)it)->known = true;
}
static void bonus_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	struct rules_bonus *b = it;
	if (!b->known)
		need_note_for_null(c, &b->m, path, "amount");
}
static const struct kind bonus_kind =
        KIND("bonus", struct rules_bonus, bonus_fields, bonus_key, bonus_init, bonus_check);

/* billing and limits: named parameters */
static const struct field param_fields[] = {
        FLD("id", FT_PARAM, F_REQ, struct rules_param, id),
        FLDA("value", FT_SPAN, F_REQ, struct rules_param, value, &span_param),
        FLD("roll_forward", FT_BOOL, 0, struct rules_param, roll_forward),
        META(struct rules_param),
        END,
};
static const char *param_key(const void *it)
{
	return rules_param_name(((const struct rules_param *)it)->id);
}
static void param_init(void *it)
{
	((struct rules_param *)it)->id = RULES_P_COUNT_;
}
static void param_check_in(struct ctx *c, struct rules_param *pr, const char *path,
                           const char *section)
{
	char p2[PATH_MAX_];
	const char *name = rules_param_name(pr->id);

	if (!name)
		return;
	path_key(p2, path, "id");
	if (strcmp(rules_param_section(pr->id), section))
		problem(c, p2, FORMAT, "'%s' belongs in \"%s\", not \"%s\"", name,
		        rules_param_section(pr->id), section);
	if (pr->m.rule && strcmp(pr->m.rule, rules_param_rule(pr->id))) {
		path_key(p2, path, "rule");
		problem(c, p2, FORMAT, "'%s' implements %s, not %s", name, rules_param_rule(pr->id),
		        pr->m.rule);
	}
	if (pr->value.unit != RULES_UNIT_NONE &&
	    !(rules_param_units(pr->id) & UB(pr->value.unit))) {
		path_key(p2, path, "value");
		problem(c, p2, rules_param_rule(pr->id), "'%s' is not measured in %s", name,
		        rules_unit_name(pr->value.unit));
	}
	if (pr->roll_forward && pr->value.unit != RULES_CALENDAR_DAYS) {
		path_key(p2, path, "roll_forward");
		problem(c, p2, "CAL-4", "only a quantity in calendar days can roll forward");
	}
	if (pr->value.unit != RULES_UNIT_NONE && !pr->value.known)
		need_note_for_null(c, &pr->m, path, "value");
}
static void billing_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	param_check_in(c, it, path, "billing");
}
static void limits_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	param_check_in(c, it, path, "limits");
}
static const struct kind billing_kind = KIND("billing parameter", struct rules_param, param_fields,
                                             param_key, param_init, billing_check);
static const struct kind limits_kind =
        KIND("limit", struct rules_param, param_fields, param_key, param_init, limits_check);

/* deadlines */
static const struct field due_fields[] = {
        {"day_of_next_month", FT_INT, F_REQ, 0, NO_OFF, NULL, 1, 28},
        END,
};
static const struct kind due_kind = KIND_NOMETA("due", int, due_fields, NULL, NULL, NULL);
static const struct field deadline_fields[] = {
        FLD("id", FT_ID, F_REQ, struct rules_deadline, id),
        FLD("what", FT_STR, F_REQ, struct rules_deadline, what),
        FLD("actor", FT_ACTOR, F_REQ, struct rules_deadline, actor),
        FLD("from", FT_EVENT, 0, struct rules_deadline, from),
        FLD("each", FT_STR, 0, struct rules_deadline, each),
        FLD("only_if", FT_EVENT, 0, struct rules_deadline, only_if),
        FLDA("offset", FT_SPAN, 0, struct rules_deadline, offset, &span_offset),
        FLDA("due", FT_OBJ, 0, struct rules_deadline, due_day, &due_kind),
        FLD("roll_forward", FT_BOOL, F_REQ, struct rules_deadline, roll_forward),
        FLD("met_by", FT_EVENT, F_REQ, struct rules_deadline, met_by),
        META(struct rules_deadline),
        END,
};
static const char *deadline_key(const void *it)
{
	return ((const struct rules_deadline *)it)->id;
}
static void deadline_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	struct rules_deadline *d = it;
	bool has_from = json_object_get(obj, "from"), has_each = json_object_get(obj, "each");
	bool has_offset = json_object_get(obj, "offset"), has_due = json_object_get(obj, "due");
	char p2[PATH_MAX_];

	if (has_from == has_each) {
		problem(c, path, FORMAT,
		        has_from ? "a deadline has either 'from' (with 'offset') or 'each' (with "
		                   "'due'), not both"
		                 : "missing key 'from' (with 'offset') or 'each' (with 'due')");
	} else if (has_from) {
		d->kind = RULES_DL_OFFSET;
		if (!has_offset)
			problem(c, path, FORMAT, "missing key 'offset' (a deadline with 'from')");
		if (has_due) {
			path_key(p2, path, "due");
			problem(c, p2, FORMAT, "'due' belongs to deadlines with 'each'");
		}
	} else {
		d->kind = RULES_DL_MONTHLY;
		if (d->each && strcmp(d->each, "intervention_month")) {
			path_key(p2, path, "each");
			problem(c, p2, FORMAT, "unknown period '%s' (intervention_month)", d->each);
		}
		if (!has_due)
			problem(c, path, FORMAT, "missing key 'due' (a deadline with 'each')");
		if (has_offset) {
			path_key(p2, path, "offset");
			problem(c, p2, FORMAT, "'offset' belongs to deadlines with 'from'");
		}
	}
	if (d->offset.unit == RULES_HOURS && d->roll_forward) {
		path_key(p2, path, "roll_forward");
		problem(c, p2, "CAL-4",
		        "a deadline in hours never moves: roll_forward must be false");
	}
}
static const struct kind deadline_kind = KIND("deadline", struct rules_deadline, deadline_fields,
                                              deadline_key, NULL, deadline_check);

/* monthly report templates */
static const struct field section_fields[] = {
        FLD("id", FT_ID, F_REQ, struct rules_report_section, id),
        FLD("title", FT_STR, F_REQ, struct rules_report_section, title),
        FLD("rule", FT_RULE, F_REQ, struct rules_report_section, rule),
        END,
};
static const char *section_key(const void *it)
{
	return ((const struct rules_report_section *)it)->id;
}
static const struct kind section_kind = KIND_NOMETA("report section", struct rules_report_section,
                                                    section_fields, section_key, NULL, NULL);
static const struct field template_fields[] = {
        FLD("scheme", FT_ID, F_REQ, struct rules_report_template, scheme),
        FLDL("sections", F_REQ, struct rules_report_template, sections, section_kind),
        FLD("not_applicable", FT_STR, F_REQ, struct rules_report_template, not_applicable),
        FLD("reason_required", FT_BOOL, 0, struct rules_report_template, reason_required),
        FLD("submitted_title", FT_STR, 0, struct rules_report_template, submitted_title),
        META(struct rules_report_template),
        END,
};
static const char *template_key(const void *it)
{
	return ((const struct rules_report_template *)it)->scheme;
}
static const struct kind template_kind = KIND("report template", struct rules_report_template,
                                              template_fields, template_key, NULL, NULL);

/* target groups */
static const struct field warning_fields[] = {
        FLD("when", FT_COND, F_REQ, struct rules_warning, when),
        FLD("message", FT_STR, F_REQ, struct rules_warning, message),
        FLD("rule", FT_RULE, F_REQ, struct rules_warning, rule),
        END,
};
static const struct kind warning_kind =
        KIND_NOMETA("warning", struct rules_warning, warning_fields, NULL, NULL, NULL);
static const struct field target_group_fields[] = {
        FLD("id", FT_ID, F_REQ, struct rules_target_group, id),
        FLD("name", FT_STR, F_REQ, struct rules_target_group, name),
        FLD("gate", FT_BOOL, 0, struct rules_target_group, gate),
        FLD("when", FT_COND, F_REQ, struct rules_target_group, when),
        FLDL("warnings", 0, struct rules_target_group, warnings, warning_kind),
        META(struct rules_target_group),
        END,
};
static const char *target_group_key(const void *it)
{
	return ((const struct rules_target_group *)it)->id;
}
static void target_group_init(void *it)
{
	((struct rules_target_group *)it)->gate = true;
}
static void target_group_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	struct rules_target_group *g = it;
	char p2[PATH_MAX_];

	if (g->n_warnings > RULES_MAX_WARNINGS) {
		path_key(p2, path, "warnings");
		problem(c, p2, FORMAT, "at most %d warnings", RULES_MAX_WARNINGS);
	}
}
static const struct kind target_group_kind =
        KIND("target group", struct rules_target_group, target_group_fields, target_group_key,
             target_group_init, target_group_check);

/* default rotation */
static const struct field rotation_fields[] = {
        FLDA("period", FT_SPAN, F_REQ, struct rules_rotation, period, &span_rotation),
        FLD("anchor", FT_DATE, F_REQ, struct rules_rotation, anchor),
        FLD("order", FT_STR, F_REQ, struct rules_rotation, order),
        META(struct rules_rotation),
        END,
};
static const char *rotation_key(const void *it)
{
	(void)it;
	return "rotation";
}
static void rotation_init(void *it)
{
	((struct rules_rotation *)it)->anchor = UNSET_DATE;
}
static void rotation_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	struct rules_rotation *r = it;
	char p2[PATH_MAX_];

	if (r->period.unit == RULES_CALENDAR_DAYS && r->period.n % 7) {
		path_key(p2, path, "period");
		problem(c, p2, "KV-12", "periods start on Mondays: a multiple of 7 days");
	}
	if (r->anchor != UNSET_DATE && date_weekday(r->anchor) != SV_MON) {
		path_key(p2, path, "anchor");
		problem(c, p2, "KV-12", "the anchor date must be a Monday");
	}
	if (r->order && strcmp(r->order, "authorisation_date")) {
		path_key(p2, path, "order");
		problem(c, p2, "KV-12", "unknown order '%s' (authorisation_date)", r->order);
	}
}
static const struct kind rotation_kind = KIND("rotation", struct rules_rotation, rotation_fields,
                                              rotation_key, rotation_init, rotation_check);

/* meeting slots */
static const struct field slot_fields[] = {
        FLD("id", FT_ID, F_REQ, struct rules_slot, id),
        FLD("audience", FT_STR, F_REQ, struct rules_slot, audience),
        FLD("weekday", FT_WEEKDAY, F_REQ, struct rules_slot, weekday),
        FLD("start", FT_TIME, F_REQ, struct rules_slot, start),
        FLD("end", FT_TIME, F_REQ, struct rules_slot, end),
        FLD("place", FT_STR, 0, struct rules_slot, place),
        FLDN("capacity", F_NULL, struct rules_slot, capacity, 1, 100000),
        META(struct rules_slot),
        END,
};
static const char *slot_key(const void *it)
{
	return ((const struct rules_slot *)it)->id;
}
static void slot_init(void *it)
{
	struct rules_slot *s = it;
	s->start = s->end = s->capacity = -1;
}
static void slot_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	struct rules_slot *s = it;
	char p2[PATH_MAX_];

	if (s->start >= 0 && s->end >= 0 && s->start >= s->end) {
		path_key(p2, path, "end");
		problem(c, p2, rule_or(&s->m, FORMAT), "a slot must end after it starts");
	}
}
static const struct kind slot_kind =
        KIND("meeting slot", struct rules_slot, slot_fields, slot_key, slot_init, slot_check);

/* named items */
static const struct field item_fields[] = {
        FLD("id", FT_ID, F_REQ, struct rules_item, id),
        FLD("name", FT_STR, F_REQ, struct rules_item, name),
        FLD("text", FT_STR, 0, struct rules_item, text),
        FLD("part_of", FT_ID, 0, struct rules_item, part_of),
        META(struct rules_item),
        END,
};
static const char *item_key(const void *it)
{
	return ((const struct rules_item *)it)->id;
}
static const struct kind item_kind =
        KIND("item", struct rules_item, item_fields, item_key, NULL, NULL);

/* reforms */
static const struct field reform_fields[] = {
        FLD("id", FT_ID, F_REQ, struct rules_reform, id),
        FLD("name", FT_STR, F_REQ, struct rules_reform, name),
        FLD("in_force", FT_DATE, F_REQ, struct rules_reform, in_force),
        FLD("text", FT_STR, 0, struct rules_reform, text),
        META(struct rules_reform),
        END,
};
static const char *reform_key(const void *it)
{
	return ((const struct rules_reform *)it)->id;
}
static const struct kind reform_kind =
        KIND("reform", struct rules_reform, reform_fields, reform_key, NULL, NULL);

/* Danish target groups */
static const char *const conv_names[] = {"none", "per_year", "interval", "as_needed", NULL};
static const struct field conv_fields[] = {
        FLDA("kind", FT_ENUM, F_REQ, struct rules_dk_group, conv, conv_names),
        FLDN("per_year", 0, struct rules_dk_group, per_year, 1, 366),
        FLDA("every", FT_SPAN, 0, struct rules_dk_group, interval, &span_duration),
        FLD("rule", FT_RULE, F_REQ, struct rules_dk_group, conv_rule),
        END,
};
static const struct kind conv_kind =
        KIND_NOMETA("conversation duty", struct rules_dk_group, conv_fields, NULL, NULL, NULL);
static const struct field dk_group_fields[] = {
        FLD("id", FT_ID, F_REQ, struct rules_dk_group, id),
        FLD("lab", FT_STR, F_REQ, struct rules_dk_group, lab),
        FLD("name", FT_STR, F_REQ, struct rules_dk_group, name),
        FLD("aim", FT_STR, 0, struct rules_dk_group, aim),
        FLD2("when", FT_COND, 0, struct rules_dk_group, when, has_when),
        {"conversations", FT_OBJ, 0, 0, NO_OFF, &conv_kind, 0, 0},
        META(struct rules_dk_group),
        END,
};
static const char *dk_group_key(const void *it)
{
	return ((const struct rules_dk_group *)it)->id;
}
static void dk_group_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	struct rules_dk_group *g = it;
	char p2[PATH_MAX_];
	bool ok = true;

	path_key(p2, path, "conversations");
	switch (g->conv) {
	case RULES_CONV_PER_YEAR:
		ok = g->per_year > 0 && g->interval.unit == RULES_UNIT_NONE;
		break;
	case RULES_CONV_INTERVAL:
		ok = g->per_year == 0 && g->interval.unit != RULES_UNIT_NONE;
		break;
	case RULES_CONV_NONE:
	case RULES_CONV_AS_NEEDED:
		ok = g->per_year == 0 && g->interval.unit == RULES_UNIT_NONE;
		break;
	}
	if (!ok)
		problem(c, p2, "DK-5",
		        "kind per_year needs per_year, kind interval needs every, other kinds "
		        "neither");
}
static const struct kind dk_group_kind = KIND("Danish target group", struct rules_dk_group,
                                              dk_group_fields, dk_group_key, NULL, dk_group_check);

/* youth visitation */
static const struct field visitation_fields[] = {
        FLD("group", FT_ID, F_REQ, struct rules_visitation, group),
        FLDA("period", FT_SPAN, F_REQ, struct rules_visitation, period, &span_duration),
        FLDSL("conversations", F_REQ, struct rules_visitation, conversations),
        FLDSL("outcomes", 0, struct rules_visitation, outcomes),
        META(struct rules_visitation),
        END,
};
static const char *visitation_key(const void *it)
{
	return ((const struct rules_visitation *)it)->group;
}
static const struct kind visitation_kind =
        KIND("visitation", struct rules_visitation, visitation_fields, visitation_key, NULL, NULL);

/* KPI definitions */
static const char *const kpi_units[] = {"count", "percent", "persons", NULL};
static const struct field kpi_fields[] = {
        FLD("id", FT_ID, F_REQ, struct rules_kpi, id),
        FLD("name", FT_STR, F_REQ, struct rules_kpi, name),
        FLDA("unit", FT_ENUM, F_REQ, struct rules_kpi, unit, kpi_units),
        META(struct rules_kpi),
        END,
};
static const char *kpi_key(const void *it)
{
	return ((const struct rules_kpi *)it)->id;
}
static const struct kind kpi_kind = KIND("KPI", struct rules_kpi, kpi_fields, kpi_key, NULL, NULL);

/* KPI fixtures (DK-6a) */
#define BIG 100000000
static const struct field fixture_fields[] = {
        FLD("group", FT_ID, F_REQ, struct rules_kpi_fixture, group),
        FLDN("year", F_REQ, struct rules_kpi_fixture, year, 1900, 9999),
        FLDN("stock", F_NULL, struct rules_kpi_fixture, stock, 0, BIG),
        FLDN("cases", F_NULL, struct rules_kpi_fixture, cases, 0, BIG),
        FLDN("inflow", F_NULL, struct rules_kpi_fixture, inflow, 0, BIG),
        FLDN("outflow", F_NULL, struct rules_kpi_fixture, outflow, 0, BIG),
        FLD2("outflow_by_destination", FT_COUNTMAP, 0, struct rules_kpi_fixture, by_destination,
             n_by_destination),
        FLDN("timeliness_conversations", F_NULL, struct rules_kpi_fixture, timeliness_conversations,
             0, 100000),
        FLDN("timeliness_activation", F_NULL, struct rules_kpi_fixture, timeliness_activation, 0,
             100000),
        FLDN("activation_rate", F_NULL, struct rules_kpi_fixture, activation_rate, 0, 100000),
        FLDIL("unplaced", 0, struct rules_kpi_fixture, unplaced, 0, BIG),
        META(struct rules_kpi_fixture),
        END,
};
static const char *fixture_key(const void *it)
{
	return ((const struct rules_kpi_fixture *)it)->group;
}
static void fixture_init(void *it)
{
	struct rules_kpi_fixture *f = it;
	f->stock = f->cases = f->inflow = f->outflow = -1;
	f->timeliness_conversations = f->timeliness_activation = f->activation_rate = -1;
}
static void fixture_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	struct rules_kpi_fixture *f = it;
	int64_t sum = 0;
	char p2[PATH_MAX_];

	if (!f->n_by_destination || f->outflow < 0)
		return;
	for (size_t i = 0; i < f->n_by_destination; i++)
		sum += f->by_destination[i].n;
	if (sum != f->outflow) {
		path_key(p2, path, "outflow_by_destination");
		problem(c, p2, "DK-6", "destinations sum to %lld, the outflow is %d",
		        (long long)sum, (int)f->outflow);
	}
}
static const struct kind fixture_kind =
        KIND("KPI fixture", struct rules_kpi_fixture, fixture_fields, fixture_key, fixture_init,
             fixture_check);

/* goals */
static const struct field goal_fields[] = {
        FLD("id", FT_ID, F_REQ, struct rules_goal, id),
        FLD("text", FT_STR, F_REQ, struct rules_goal, text),
        FLD("of", FT_ID, F_REQ, struct rules_goal, of),
        FLD("share_min", FT_SHARE, 0, struct rules_goal, min_share),
        FLD("share_max", FT_SHARE, 0, struct rules_goal, max_share),
        FLDN("min_count", 0, struct rules_goal, min_count, 1, 10000000),
        META(struct rules_goal),
        END,
};
static const char *goal_key(const void *it)
{
	return ((const struct rules_goal *)it)->id;
}
static void goal_init(void *it)
{
	struct rules_goal *g = it;
	g->min_share = g->max_share = g->min_count = -1;
}
static void goal_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	struct rules_goal *g = it;

	if (g->min_share < 0 && g->max_share < 0 && g->min_count < 0)
		problem(c, path, rule_or(&g->m, FORMAT),
		        "a goal needs share_min, share_max or min_count");
	if (g->min_share >= 0 && g->max_share >= 0 && g->min_share > g->max_share)
		problem(c, path, rule_or(&g->m, FORMAT), "share_min is above share_max");
}
static const struct kind goal_kind =
        KIND("goal", struct rules_goal, goal_fields, goal_key, goal_init, goal_check);

/* quotas */
static const struct field quota_fields[] = {
        FLD("channel", FT_ID, F_REQ, struct rules_quota, channel),
        FLD("place", FT_STR, F_REQ, struct rules_quota, place),
        FLD("share", FT_SHARE, F_REQ, struct rules_quota, share),
        META(struct rules_quota),
        END,
};
static const struct kind quota_kind =
        KIND("quota", struct rules_quota, quota_fields, NULL, NULL, NULL);

/* reference figures */
static const struct field reffig_fields[] = {
        FLD("office", FT_STR, F_REQ, struct rules_reference_figure, office),
        FLD("total_share_of_job", FT_SHARE, F_REQ, struct rules_reference_figure,
            total_share_of_job),
        FLD("target_of_total", FT_SHARE, F_REQ, struct rules_reference_figure, target_of_total),
        FLD("target_of_office", FT_SHARE, F_REQ, struct rules_reference_figure, target_of_office),
        META(struct rules_reference_figure),
        END,
};
static const char *reffig_key(const void *it)
{
	return ((const struct rules_reference_figure *)it)->office;
}
static const struct kind reffig_kind = KIND("reference figure", struct rules_reference_figure,
                                            reffig_fields, reffig_key, NULL, NULL);

/* activity support */
static const struct field support_fields[] = {
        FLD("per_day", FT_MONEY, F_REQ, struct rules_activity_support, per_day),
        FLD("days", FT_STR, F_REQ, struct rules_activity_support, days),
        FLD("approx_month", FT_MONEY, 0, struct rules_activity_support, approx_month),
        META(struct rules_activity_support),
        END,
};
static const char *support_key(const void *it)
{
	(void)it;
	return "activity_support";
}
static void support_init(void *it)
{
	((struct rules_activity_support *)it)->approx_month = -1;
}
static void support_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	struct rules_activity_support *s = it;
	char p2[PATH_MAX_];

	if (s->days && strcmp(s->days, "weekdays") && strcmp(s->days, "calendar_days")) {
		path_key(p2, path, "days");
		problem(c, p2, rule_or(&s->m, FORMAT),
		        "expected \"weekdays\" or \"calendar_days\"");
	}
}
static const struct kind support_kind =
        KIND("activity support", struct rules_activity_support, support_fields, support_key,
             support_init, support_check);

/* exit rules */
static const struct field exit_fields[] = {
        FLD("id", FT_ID, F_REQ, struct rules_exit_rule, id),
        FLD("text", FT_STR, F_REQ, struct rules_exit_rule, text),
        FLDA("after", FT_SPAN, F_NULL, struct rules_exit_rule, after, &span_after),
        FLD("outcome", FT_STR, F_REQ, struct rules_exit_rule, outcome),
        META(struct rules_exit_rule),
        END,
};
static const char *exit_key(const void *it)
{
	return ((const struct rules_exit_rule *)it)->id;
}
static const struct kind exit_kind =
        KIND("exit rule", struct rules_exit_rule, exit_fields, exit_key, NULL, NULL);

/* referrals */
static const struct field referral_fields[] = {
        FLD("topic", FT_STR, F_REQ, struct rules_referral, topic),
        FLD("goes_to", FT_STR, F_REQ, struct rules_referral, goes_to),
        FLD("text", FT_STR, 0, struct rules_referral, text),
        META(struct rules_referral),
        END,
};
static const char *referral_key(const void *it)
{
	return ((const struct rules_referral *)it)->topic;
}
static const struct kind referral_kind =
        KIND("referral", struct rules_referral, referral_fields, referral_key, NULL, NULL);

/* retention */
static const struct field retention_fields[] = {
        FLD("record", FT_ID, F_REQ, struct rules_retention, record),
        FLDA("keep", FT_SPAN, F_REQ, struct rules_retention, keep, &span_keep),
        FLD("counted_from", FT_STR, 0, struct rules_retention, counted_from),
        FLD("at_least", FT_BOOL, 0, struct rules_retention, at_least),
        FLD("erase_by_year_end", FT_BOOL, 0, struct rules_retention, erase_by_year_end),
        FLDIL("keep_birth_days", 0, struct rules_retention, keep_birth_days, 1, 31),
        META(struct rules_retention),
        END,
};
static const char *retention_key(const void *it)
{
	return ((const struct rules_retention *)it)->record;
}
static void retention_check(struct ctx *c, void *it, json_t *obj, const char *path)
{
	struct rules_retention *r = it;
	if (r->keep.unit != RULES_UNIT_NONE && !r->keep.known)
		need_note_for_null(c, &r->m, path, "keep");
}
static const struct kind retention_kind =
        KIND("retention", struct rules_retention, retention_fields, retention_key, NULL,
             retention_check);

/* the pack itself: head first (its validity is the default of every item) */
static const struct field pack_fields[] = {
        FLDN("format", F_REQ, struct rules_pack, format, FORMAT_VERSION, FORMAT_VERSION),
        FLD("pack", FT_STR, F_REQ, struct rules_pack, id),
        FLD("title", FT_STR, F_REQ, struct rules_pack, title),
        FLD("source", FT_STR, F_REQ, struct rules_pack, source),
        FLD("country", FT_STR, F_REQ, struct rules_pack, country),
        FLD("note", FT_STR, 0, struct rules_pack, note),
        FLD("valid", FT_VALID, F_REQ, struct rules_pack, valid),
        FLDL("schemes", 0, struct rules_pack, schemes, scheme_kind),
        FLDL("interventions", 0, struct rules_pack, interventions, intervention_kind),
        FLDL("rates", 0, struct rules_pack, rates, rate_kind),
        FLDL("supplements", 0, struct rules_pack, supplements, supplement_kind),
        FLDL("bonus", 0, struct rules_pack, bonus, bonus_kind),
        FLDL("billing", 0, struct rules_pack, billing, billing_kind),
        FLDL("limits", 0, struct rules_pack, limits, limits_kind),
        FLDL("deadlines", 0, struct rules_pack, deadlines, deadline_kind),
        FLDL("report_templates", 0, struct rules_pack, report_templates, template_kind),
        FLDL("target_groups", 0, struct rules_pack, target_groups, target_group_kind),
        FLDL("rotation", 0, struct rules_pack, rotation, rotation_kind),
        FLDL("meeting_slots", 0, struct rules_pack, meeting_slots, slot_kind),
        FLDL("intake_exceptions", 0, struct rules_pack, intake_exceptions, item_kind),
        FLDL("dk_groups", 0, struct rules_pack, dk_groups, dk_group_kind),
        FLDL("visitation", 0, struct rules_pack, visitation, visitation_kind),
        FLDL("progression_indicators", 0, struct rules_pack, progression_indicators, item_kind),
        FLDL("kpis", 0, struct rules_pack, kpis, kpi_kind),
        FLDL("outflow_destinations", 0, struct rules_pack, outflow_destinations, item_kind),
        FLDL("kpi_fixtures", 0, struct rules_pack, kpi_fixtures, fixture_kind),
        FLDL("offers", 0, struct rules_pack, offers, item_kind),
        FLDL("goals", 0, struct rules_pack, goals, goal_kind),
        FLDL("quotas", 0, struct rules_pack, quotas, quota_kind),
        FLDL("reference_figures", 0, struct rules_pack, reference_figures, reffig_kind),
        FLDL("activity_support", 0, struct rules_pack, activity_support, support_kind),
        FLDL("exit_rules", 0, struct rules_pack, exit_rules, exit_kind),
        FLDL("referrals", 0, struct rules_pack, referrals, referral_kind),
        FLDL("retention", 0, struct rules_pack, retention, retention_kind),
        FLDL("reforms", 0, struct rules_pack, reforms, reform_kind),
        END,
};
static const struct kind pack_kind =
        KIND_NOMETA("pack", struct rules_pack, pack_fields, NULL, NULL, NULL);

/* ---- cross references ---------------------------------------------------- */

static bool has_scheme(const struct rules_pack *p, const char *id)
{
	for (size_t i = 0; i < p->n_schemes; i++)
		if (p->schemes[i].id && !strcmp(p->schemes[i].id, id))
			return true;
	return false;
}

static bool has_intervention(const struct rules_pack *p, const char *code)
{
	for (size_t i = 0; i < p->n_interventions; i++)
		if (p->interventions[i].code && !strcmp(p->interventions[i].code, code))
			return true;
	return false;
}

static bool has_item(const struct rules_item *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id && !strcmp(v[i].id, id))
			return true;
	return false;
}

static bool has_dk_group(const struct rules_pack *p, const char *id)
{
	for (size_t i = 0; i < p->n_dk_groups; i++)
		if (p->dk_groups[i].id && !strcmp(p->dk_groups[i].id, id))
			return true;
	return false;
}

SV_PRINTF(6, 7)
static void ref_problem(struct ctx *c, const char *section, size_t i, const char *key,
                        const char *rule, const char *fmt, ...)
{
	char path[PATH_MAX_];
	va_list ap;

	snprintf(path, sizeof(path), "$.%s[%zu].%s", section, i, key);
	c->found++;
	va_start(ap, fmt);
	problems_vadd(c->probs, c->file, 0, 0, path, rule ? rule : FORMAT, fmt, ap);
	va_end(ap);
}

static void check_scheme_ref(struct ctx *c, const char *section, size_t i, const char *scheme,
                             const char *rule)
{
	if (scheme && !has_scheme(c->p, scheme))
		ref_problem(c, section, i, "scheme", rule, "unknown scheme '%s' (not in $.schemes)",
		            scheme);
}

static void check_items_part_of(struct ctx *c, const char *section, const struct rules_item *v,
                                size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].part_of && !has_item(v, n, v[i].part_of))
			ref_problem(c, section, i, "part_of", v[i].m.rule,
			            "unknown id '%s' (not in $.%s)", v[i].part_of, section);
}

static void check_refs(struct ctx *c)
{
	struct rules_pack *p = c->p;

	for (size_t i = 0; i < p->n_interventions; i++)
		check_scheme_ref(c, "interventions", i, p->interventions[i].scheme,
		                 p->interventions[i].m.rule);
	for (size_t i = 0; i < p->n_rates; i++) {
		check_scheme_ref(c, "rates", i, p->rates[i].scheme, p->rates[i].m.rule);
		if (p->rates[i].intervention && !has_intervention(p, p->rates[i].intervention))
			ref_problem(c, "rates", i, "intervention", p->rates[i].m.rule,
			            "unknown intervention '%s' (not in $.interventions)",
			            p->rates[i].intervention);
	}
	for (size_t i = 0; i < p->n_supplements; i++)
		check_scheme_ref(c, "supplements", i, p->supplements[i].scheme,
		                 p->supplements[i].m.rule);
	for (size_t i = 0; i < p->n_bonus; i++)
		check_scheme_ref(c, "bonus", i, p->bonus[i].scheme, p->bonus[i].m.rule);
	for (size_t i = 0; i < p->n_report_templates; i++)
		check_scheme_ref(c, "report_templates", i, p->report_templates[i].scheme,
		                 p->report_templates[i].m.rule);
	check_items_part_of(c, "intake_exceptions", p->intake_exceptions, p->n_intake_exceptions);
	check_items_part_of(c, "progression_indicators", p->progression_indicators,
	                    p->n_progression_indicators);
	check_items_part_of(c, "outflow_destinations", p->outflow_destinations,
	                    p->n_outflow_destinations);
	check_items_part_of(c, "offers", p->offers, p->n_offers);
	for (size_t i = 0; i < p->n_visitation; i++)
		if (p->visitation[i].group && !has_dk_group(p, p->visitation[i].group))
			ref_problem(c, "visitation", i, "group", p->visitation[i].m.rule,
			            "unknown group '%s' (not in $.dk_groups)",
			            p->visitation[i].group);
	for (size_t i = 0; i < p->n_kpi_fixtures; i++) {
		const struct rules_kpi_fixture *f = &p->kpi_fixtures[i];
		if (f->group && !has_dk_group(p, f->group))
			ref_problem(c, "kpi_fixtures", i, "group", f->m.rule,
			            "unknown group '%s' (not in $.dk_groups)", f->group);
		for (size_t j = 0; j < f->n_by_destination; j++)
			if (!has_item(p->outflow_destinations, p->n_outflow_destinations,
			              f->by_destination[j].destination))
				ref_problem(c, "kpi_fixtures", i, "outflow_by_destination", "DK-6",
				            "unknown destination '%s' (not in "
				            "$.outflow_destinations)",
				            f->by_destination[j].destination);
	}
	for (size_t i = 0; i < p->n_goals; i++) {
		const struct rules_goal *g = &p->goals[i];
		bool found = !g->of || !strcmp(g->of, "participants");
		for (size_t j = 0; !found && j < p->n_goals; j++)
			found = j != i && p->goals[j].id && !strcmp(p->goals[j].id, g->of);
		if (!found)
			ref_problem(c, "goals", i, "of", g->m.rule,
			            "unknown base '%s' (participants or another goal's id)", g->of);
	}
	/* ES-4: the place quotas of each channel share out 100 %. */
	for (size_t i = 0; i < p->n_quotas; i++) {
		const struct rules_quota *q = &p->quotas[i];
		int32_t sum = 0;
		bool first = true;
		if (!q->channel)
			continue;
		for (size_t j = 0; j < p->n_quotas; j++) {
			const struct rules_quota *o = &p->quotas[j];
			if (!o->channel || strcmp(o->channel, q->channel) ||
			    !overlaps(&o->m.valid, &q->m.valid))
				continue;
			if (j < i)
				first = false;
			if (j != i && o->place && q->place && !strcmp(o->place, q->place) && j < i)
				ref_problem(c, "quotas", i, "place", q->m.rule,
				            "duplicate place '%s' in channel '%s'", q->place,
				            q->channel);
			sum += o->share;
		}
		if (first && sum != 10000)
			ref_problem(c, "quotas", i, "share", "ES-4",
			            "the shares of channel '%s' sum to %d.%02d %%, not 100 %%",
			            q->channel, (int)(sum / 100), (int)(sum % 100));
	}
}

static void check_head(struct ctx *c)
{
	const struct rules_pack *p = c->p;

	if (p->id) {
		bool ok = strlen(p->id) <= 64;
		for (const char *s = p->id; ok && *s; s++)
			ok = (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-';
		if (!ok)
			problem(c, "$.pack", FORMAT,
			        "a pack id is lower-case letters, digits and '-' (at most 64)");
	}
	if (p->country && strcmp(p->country, "SE") && strcmp(p->country, "DK"))
		problem(c, "$.country", FORMAT, "expected \"SE\" or \"DK\"");
}

/* ---- load and release ---------------------------------------------------- */

void rules_pack_init(struct rules_pack *p)
{
	memset(p, 0, sizeof(*p));
	p->valid.from = date_from_ymd(SV_DATE_MIN_YEAR, 1, 1);
	p->valid.to = RULES_OPEN_END;
}

void rules_pack_release(struct rules_pack *p)
{
	for (size_t i = 0; i < p->n_allocs_; i++)
		free(p->allocs_[i]);
	free(p->allocs_);
	free(p->file);
	if (p->json_)
		json_decref(p->json_);
	rules_pack_init(p);
}

enum sv_rc rules_pack_load(struct rules_pack *p, const char *name, const char *data, size_t len,
                           struct rules_problems *probs)
{
	struct ctx c = {p, probs, name ? name : "(pack)", 0, false};
	json_error_t jerr;
	json_t *root;
	enum sv_rc rc = SV_EINVAL;

	p->file = strdup(c.file);
	if (!p->file) {
		rc = SV_ENOMEM;
		goto out;
	}
	root = json_loadb(data ? data : "", data ? len : 0, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		problems_add(probs, c.file, jerr.line > 0 ? jerr.line : 1,
		             jerr.column > 0 ? jerr.column : 1, "", "JSON", "%s", jerr.text);
		goto out;
	}
	p->json_ = root;
	if (!json_is_object(root)) {
		problem(&c, "$", FORMAT, "a pack is a JSON object, not %s", json_type_name(root));
		goto out;
	}
	parse_object(&c, &pack_kind, root, p, "$");
	check_head(&c);
	check_refs(&c);
	if (c.oom)
		rc = SV_ENOMEM;
	else if (!c.found)
		rc = SV_OK;
out:
	if (rc)
		rules_pack_release(p);
	return rc;
}

/* ---- lookups ------------------------------------------------------------- */

#define FIND_ON(arr, n, on, test)                                       \
	do {                                                            \
		for (size_t i_ = 0; i_ < (n); i_++) {                   \
			const __typeof__((arr)[0]) *it = &(arr)[i_];    \
			if (rules_valid_on(&it->m.valid, on) && (test)) \
				return it;                              \
		}                                                       \
		return NULL;                                            \
	} while (0)

static bool eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

const struct rules_scheme *rules_scheme_find(const struct rules_pack *p, const char *id, sv_date on)
{
	FIND_ON(p->schemes, p->n_schemes, on, eq(it->id, id));
}

static bool intervention_is(const struct rules_intervention *it, const char *code)
{
	if (!code)
		return false;
	if (it->code && !strcasecmp(it->code, code))
		return true;
	for (size_t i = 0; i < it->n_aliases; i++)
		if (it->aliases[i] && !strcasecmp(it->aliases[i], code))
			return true;
	return false;
}

const struct rules_intervention *rules_intervention_find(const struct rules_pack *p,
                                                         const char *code, sv_date on)
{
	FIND_ON(p->interventions, p->n_interventions, on, intervention_is(it, code));
}

static const struct rules_rate *rate_for(const struct rules_pack *p, const char *code, bool scheme,
                                         sv_date on)
{
	FIND_ON(p->rates, p->n_rates, on, eq(scheme ? it->scheme : it->intervention, code));
}

const struct rules_rate *rules_rate_find(const struct rules_pack *p, const char *code, sv_date on)
{
	const struct rules_intervention *iv = rules_intervention_find(p, code, on);
	const struct rules_rate *r;

	if (iv) {
		r = rate_for(p, iv->code, false, on);
		return r ? r : rate_for(p, iv->scheme, true, on);
	}
	return rate_for(p, code, true, on);
}

static const struct rules_param *param_in(const struct rules_param *v, size_t n,
                                          enum rules_param_id id, sv_date on)
{
	FIND_ON(v, n, on, it->id == id);
}

const struct rules_param *rules_param_find(const struct rules_pack *p, enum rules_param_id id,
                                           sv_date on)
{
	const struct rules_param *r = param_in(p->billing, p->n_billing, id, on);
	return r ? r : param_in(p->limits, p->n_limits, id, on);
}

const struct rules_deadline *rules_deadline_find(const struct rules_pack *p, const char *id,
                                                 sv_date on)
{
	FIND_ON(p->deadlines, p->n_deadlines, on, eq(it->id, id));
}

const struct rules_report_template *rules_report_template_find(const struct rules_pack *p,
                                                               const char *scheme, sv_date on)
{
	FIND_ON(p->report_templates, p->n_report_templates, on, eq(it->scheme, scheme));
}

const struct rules_target_group *rules_target_group_find(const struct rules_pack *p, const char *id,
                                                         sv_date on)
{
	FIND_ON(p->target_groups, p->n_target_groups, on, eq(it->id, id));
}

const struct rules_bonus *rules_bonus_find(const struct rules_pack *p, const char *scheme,
                                           sv_date on)
{
	FIND_ON(p->bonus, p->n_bonus, on, eq(it->scheme, scheme));
}

const struct rules_rotation *rules_rotation_find(const struct rules_pack *p, sv_date on)
{
	FIND_ON(p->rotation, p->n_rotation, on, true);
}

const struct rules_dk_group *rules_dk_group_find(const struct rules_pack *p, const char *id,
                                                 sv_date on)
{
	FIND_ON(p->dk_groups, p->n_dk_groups, on, eq(it->id, id));
}

const struct rules_activity_support *rules_activity_support_find(const struct rules_pack *p,
                                                                 sv_date on)
{
	FIND_ON(p->activity_support, p->n_activity_support, on, true);
}

const struct rules_kpi_fixture *rules_kpi_fixture_find(const struct rules_pack *p,
                                                       const char *group)
{
	for (size_t i = 0; i < p->n_kpi_fixtures; i++)
		if (eq(p->kpi_fixtures[i].group, group))
			return &p->kpi_fixtures[i];
	return NULL;
}

/* ---- sets ---------------------------------------------------------------- */

void rules_set_init(struct rules_set *s)
{
	memset(s, 0, sizeof(*s));
}

void rules_set_release(struct rules_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		rules_pack_release(s->packs[i]);
		free(s->packs[i]);
	}
	free(s->packs);
	rules_set_init(s);
}

const struct rules_pack *rules_set_find(const struct rules_set *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (eq(s->packs[i]->id, id))
			return s->packs[i];
	return NULL;
}

enum sv_rc rules_set_load(struct rules_set *s, const char *name, const char *data, size_t len,
                          struct rules_problems *probs)
{
	struct rules_pack *p = malloc(sizeof(*p));
	const struct rules_pack *dup;
	enum sv_rc rc;

	if (!p)
		return SV_ENOMEM;
	rules_pack_init(p);
	rc = rules_pack_load(p, name, data, len, probs);
	if (rc)
		goto out;
	dup = rules_set_find(s, p->id);
	if (dup) {
		problems_add(probs, p->file, 0, 0, "$.pack", FORMAT,
		             "pack id '%s' is already loaded (from %s)", p->id, dup->file);
		rc = SV_ECONFLICT;
		goto out;
	}
	if (s->n == s->alloc) {
		size_t na = s->alloc ? s->alloc * 2 : 8;
		struct rules_pack **nv = realloc(s->packs, na * sizeof(*nv));
		if (!nv) {
			rc = SV_ENOMEM;
			goto out;
		}
		s->packs = nv;
		s->alloc = na;
	}
	s->packs[s->n++] = p;
	p = NULL;
out:
	if (p) {
		rules_pack_release(p);
		free(p);
	}
	return rc;
}
