/*
 * deadline.c - obligations of a case from rule packs and case facts (CAL-2,
 * CAL-4, the deadlines of the packs). The contract is in
 * include/stegvis/deadline.h; the design in docs/internals/deadlines.md.
 */
#include "stegvis/deadline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CAL-1 tolerance: the instant of a civil date in any time zone lies within
 * [date 00:00 UTC - 14 h, date + 1 00:00 UTC + 12 h). */
#define TZ_EAST_US (14 * DL_HOUR_US)
#define TZ_WEST_US (12 * DL_HOUR_US)

/* The intervention dates that stand for events. */
enum ivdate { IV_NONE = 0, IV_START, IV_PLANNED_END, IV_END };

/* The input field a computation stems from, formatted only for an error:
 * "events[3].date" (ev set) or a plain name such as "start". */
struct where {
	const char *name; /* member of an event, or the whole field name */
	size_t ev;        /* index into the events, or DL_NO_EVENT */
};

struct ctx {
	const struct dl_input *in;
	struct cal cal; /* a copy of the caller's, or an empty one (computes) */
	sv_date last_day;
	struct dl_obligation *out;
	size_t max;
	size_t n; /* obligations found, also past max */
	struct sv_error *err;
};

const char *dl_status_name(enum dl_status s)
{
	static const char *const names[DL_STATUS_COUNT] = {"open", "met_on_time", "met_late",
	                                                   "missed"};
	return (unsigned)s < DL_STATUS_COUNT ? names[s] : "";
}

enum sv_rc dl_status_parse(const char *s, size_t len, enum dl_status *out, const char *field,
                           struct sv_error *err)
{
	if (!field)
		field = "status";
	for (int i = 0; s && i < DL_STATUS_COUNT; i++) {
		const char *name = dl_status_name((enum dl_status)i);
		if (strlen(name) == len && !memcmp(name, s, len)) {
			*out = (enum dl_status)i;
			return SV_OK;
		}
	}
	return sv_error_set(err, SV_EINVAL, field, "deadline-status",
	                    "unknown obligation status (open, met_on_time, met_late, missed)");
}

void dl_input_init(struct dl_input *in)
{
	memset(in, 0, sizeof(*in));
	in->start = DL_NO_DATE;
	in->planned_end = DL_NO_DATE;
	in->end = DL_NO_DATE;
}

/* ---- small helpers ------------------------------------------------------- */

static bool streq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static const char *key_of(const struct dl_event *e)
{
	return e->key ? e->key : "";
}

/* An obligation keyed okey is met by an event keyed ekey (header: Keys). */
static bool key_match(const char *okey, const char *ekey)
{
	return !okey[0] || !strcmp(okey, ekey);
}

static enum ivdate ivdate_of(const char *name)
{
	if (!name)
		return IV_NONE;
	if (!strcmp(name, "intervention.start"))
		return IV_START;
	if (!strcmp(name, "intervention.planned_end"))
		return IV_PLANNED_END;
	if (!strcmp(name, "intervention.end"))
		return IV_END;
	return IV_NONE;
}

static sv_date ivdate_value(const struct ctx *c, enum ivdate k)
{
	switch (k) {
	case IV_START:
		return c->in->start;
	case IV_PLANNED_END:
		return c->in->planned_end;
	case IV_END:
		return c->in->end;
	case IV_NONE:
		break;
	}
	return DL_NO_DATE;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static const char *fmt_date(sv_date d, char buf[SV_DATE_STRLEN])
{
	return date_format(d, buf);
}

static const char *wfield(const struct where *w, char buf[48])
{
	if (w->ev == DL_NO_EVENT)
		return w->name;
	snprintf(buf, 48, "events[%zu].%s", w->ev, w->name);
	return buf;
}

/* Record an error about events[i].member. */
SV_PRINTF(6, 7)
static enum sv_rc ev_fail(struct ctx *c, enum sv_rc rc, size_t i, const char *member,
                          const char *rule, const char *fmt, ...)
{
	const struct where w = {member, i};
	char field[48], msg[sizeof(c->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sv_error_set(c->err, rc, wfield(&w, field), rule, "%s", msg);
}

/* ---- input checks -------------------------------------------------------- */

/* CAL-1: at is an instant of the civil date d somewhere on Earth. */
static bool instant_of_date(int64_t at, sv_date d)
{
	int64_t lo = (int64_t)d * DL_DAY_US - TZ_EAST_US;
	int64_t hi = ((int64_t)d + 1) * DL_DAY_US + TZ_WEST_US;
	return at >= lo && at < hi;
}

static enum sv_rc check_ivdate(struct ctx *c, sv_date d, const char *field)
{
	if (d == DL_NO_DATE)
		return SV_OK;
	return cal_check_date(d, field, c->err);
}

static enum sv_rc check_packs(struct ctx *c)
{
	const struct dl_input *in = c->in;
	enum cal_country country = CAL_SE, pc;
	char field[48];
	enum sv_rc rc;

	if (!in->packs || in->n_packs == 0)
		return sv_error_set(c->err, SV_EINVAL, "packs", "CAL-3a",
		                    "no rule pack: obligations come from a pack's deadlines");
	for (size_t i = 0; i < in->n_packs; i++) {
		const struct rules_pack *p = in->packs[i];
		snprintf(field, sizeof(field), "packs[%zu]", i);
		if (!p)
			return sv_error_set(c->err, SV_EINVAL, field, "CAL-3a", "missing pack");
		if (!p->country)
			return sv_error_set(c->err, SV_EINVAL, field, "CAL-3",
			                    "pack %s has no country", p->id ? p->id : "?");
		snprintf(field, sizeof(field), "packs[%zu].country", i);
		rc = cal_country_parse(p->country, strlen(p->country), &pc, field, c->err);
		if (rc)
			return rc;
		if (i > 0 && pc != country)
			return sv_error_set(c->err, SV_EINVAL, field, "CAL-3",
			                    "pack %s is for %s but pack %s is for %s: one calendar "
			                    "per case",
			                    p->id ? p->id : "?", p->country,
			                    in->packs[0]->id ? in->packs[0]->id : "?",
			                    cal_country_code(country));
		country = pc;
	}
	if (in->cal) {
		if (in->cal->country != country)
			return sv_error_set(c->err, SV_EINVAL, "cal", "CAL-3",
			                    "the working-day calendar is for %s but the pack is "
			                    "for %s",
			                    cal_country_code(in->cal->country),
			                    cal_country_code(country));
		c->cal = *in->cal;
	} else {
		c->cal = (struct cal)CAL_INIT;
		c->cal.country = country;
	}
	return SV_OK;
}

static enum sv_rc check_events(struct ctx *c)
{
	const struct dl_input *in = c->in;
	char b1[SV_DATE_STRLEN], b2[SV_DATE_STRLEN];
	struct sv_error inner = SV_ERROR_INIT;

	if (in->n_events && !in->events)
		return sv_error_set(c->err, SV_EINVAL, "events", "CAL-1",
		                    "%zu events announced but none given", in->n_events);
	for (size_t i = 0; i < in->n_events; i++) {
		const struct dl_event *e = &in->events[i];

		if (!e->name || !e->name[0])
			return ev_fail(c, SV_EINVAL, i, "name", "rules-format",
			               "missing event name");
		if (!rules_event_known(e->name))
			return ev_fail(c, SV_EINVAL, i, "name", "rules-format",
			               "unknown event '%s' (see docs/rules.md)", e->name);
		if (ivdate_of(e->name) != IV_NONE)
			return ev_fail(c, SV_EINVAL, i, "name", "rules-format",
			               "'%s' is given by the intervention's dates (start, "
			               "planned_end, end), not as an event",
			               e->name);
		if (e->key && strlen(e->key) >= DL_KEY_MAX)
			return ev_fail(c, SV_EINVAL, i, "key", "rules-format",
			               "key longer than %d bytes", DL_KEY_MAX - 1);
		if (cal_check_date(e->date, "date", &inner))
			return ev_fail(c, inner.rc, i, "date", inner.rule, "%s", inner.msg);
		if (!instant_of_date(e->at, e->date))
			return ev_fail(c, SV_EINVAL, i, "at", "CAL-1",
			               "timestamp %lld (µs since the epoch, UTC) is not an "
			               "instant of the civil date %s",
			               (long long)e->at, fmt_date(e->date, b1));
		if (i > 0 && (e->at < e[-1].at || e->date < e[-1].date))
			return ev_fail(c, SV_EINVAL, i, "at", "CAL-1",
			               "events out of order: %s (%s) comes before the "
			               "preceding %s (%s)",
			               e->name, fmt_date(e->date, b1), e[-1].name,
			               fmt_date(e[-1].date, b2));
		if (e->at > in->now)
			return ev_fail(c, SV_EINVAL, i, "at", "CAL-1",
			               "event %s on %s lies after now (today is %s)", e->name,
			               fmt_date(e->date, b1), fmt_date(in->today, b2));
	}
	return SV_OK;
}

static enum sv_rc check_input(struct ctx *c)
{
	const struct dl_input *in = c->in;
	char b1[SV_DATE_STRLEN], b2[SV_DATE_STRLEN];
	enum sv_rc rc;

	rc = check_packs(c);
	if (rc)
		return rc;
	rc = cal_check_date(in->today, "today", c->err);
	if (rc)
		return rc;
	if (!instant_of_date(in->now, in->today))
		return sv_error_set(c->err, SV_EINVAL, "now", "CAL-1",
		                    "timestamp %lld (µs since the epoch, UTC) is not an instant "
		                    "of today, %s",
		                    (long long)in->now, fmt_date(in->today, b1));
	rc = check_ivdate(c, in->start, "start");
	if (!rc)
		rc = check_ivdate(c, in->planned_end, "planned_end");
	if (!rc)
		rc = check_ivdate(c, in->end, "end");
	if (rc)
		return rc;
	if (in->start == DL_NO_DATE && (in->planned_end != DL_NO_DATE || in->end != DL_NO_DATE))
		return sv_error_set(c->err, SV_EINVAL, "start", "KV-24",
		                    "an intervention with an end date needs its start date");
	if (in->planned_end != DL_NO_DATE && in->planned_end < in->start)
		return sv_error_set(c->err, SV_EINVAL, "planned_end", "KV-1",
		                    "planned end %s lies before the start %s",
		                    fmt_date(in->planned_end, b1), fmt_date(in->start, b2));
	if (in->end != DL_NO_DATE && in->end < in->start)
		return sv_error_set(c->err, SV_EINVAL, "end", "KV-52",
		                    "end %s lies before the start %s", fmt_date(in->end, b1),
		                    fmt_date(in->start, b2));
	return check_events(c);
}

/* ---- calendar arithmetic on the case's struct cal ---------------------------- */

static enum sv_rc out_of_range(struct ctx *c, const struct where *w, const char *rule)
{
	char buf[48];

	return sv_error_set(c->err, SV_ERANGE, wfield(w, buf), rule,
	                    "the due date lies after %d-12-31, outside the supported years %d-%d",
	                    CAL_MAX_YEAR, CAL_MIN_YEAR, CAL_MAX_YEAR);
}

/* CAL-4: the first working day on or after d. */
static enum sv_rc roll(struct ctx *c, sv_date *d, const struct where *w)
{
	sv_date x = *d;

	while (x <= c->last_day && !cal_working(&c->cal, x))
		x++;
	if (x > c->last_day)
		return out_of_range(c, w, "CAL-4");
	*d = x;
	return SV_OK;
}

/* CAL-3: the n-th working day after d (d itself never counts). */
static enum sv_rc add_working(struct ctx *c, sv_date d, int32_t n, sv_date *out,
                              const struct where *w)
{
	if (n == 0) {
		*out = d;
		return roll(c, out, w);
	}
	while (n > 0 && d < c->last_day) {
		d++;
		if (cal_working(&c->cal, d))
			n--;
	}
	if (n > 0)
		return out_of_range(c, w, "CAL-3");
	*out = d;
	return SV_OK;
}

/* The due date (and instant, for hours) of an OFFSET deadline from a date,
 * or from the instant at on date when has_at. */
static enum sv_rc offset_due(struct ctx *c, const struct rules_deadline *d, sv_date date,
                             bool has_at, int64_t at, struct dl_obligation *o,
                             const struct where *w)
{
	const struct rules_span *s = &d->offset;
	int64_t x, months, day;
	char buf[48];
	enum sv_rc rc;

	o->timed = false;
	o->due_at = 0;
	if (s->n < 0)
		return sv_error_set(c->err, SV_EINVAL, wfield(w, buf), d->m.rule,
		                    "deadline %s has a negative offset %d", d->id, (int)s->n);
	switch (s->unit) {
	case RULES_CALENDAR_DAYS:
		x = (int64_t)date + s->n;
		if (x > c->last_day)
			return out_of_range(c, w, "CAL-2");
		o->due = (sv_date)x;
		break;
	case RULES_WORKING_DAYS:
		rc = add_working(c, date, s->n, &o->due, w);
		if (rc)
			return rc;
		break;
	case RULES_MONTHS:
	case RULES_YEARS:
		months = s->unit == RULES_YEARS ? (int64_t)s->n * 12 : s->n;
		if (months > (int64_t)12 * (CAL_MAX_YEAR - CAL_MIN_YEAR + 1))
			return out_of_range(c, w, "CAL-2");
		o->due = date_add_months(date, (int)months);
		if (o->due > c->last_day)
			return out_of_range(c, w, "CAL-2");
		break;
	case RULES_HOURS:
		if (!has_at)
			return sv_error_set(c->err, SV_EINVAL, wfield(w, buf), d->m.rule,
			                    "deadline %s counts hours from %s, which has a date "
			                    "but no time",
			                    d->id, d->from);
		if (__builtin_mul_overflow((int64_t)s->n, DL_HOUR_US, &x) ||
		    __builtin_add_overflow(at, x, &x))
			return out_of_range(c, w, "CAL-2");
		/* The civil date of due_at, with the from event's offset from UTC. */
		day = floor_div(x, DL_DAY_US) + (date - floor_div(at, DL_DAY_US));
		if (day > c->last_day)
			return out_of_range(c, w, "CAL-2");
		o->due = (sv_date)day;
		o->timed = true;
		o->due_at = x;
		return SV_OK; /* hours never move (CAL-4) */
	default:
		return sv_error_set(c->err, SV_EINVAL, wfield(w, buf), d->m.rule,
		                    "deadline %s: an offset in '%s' is not a time", d->id,
		                    rules_unit_name(s->unit));
	}
	if (d->roll_forward)
		return roll(c, &o->due, w);
	return SV_OK;
}

enum sv_rc dl_offset_date(const struct cal *cal, enum cal_country country, sv_date from,
                          struct rules_span span, bool roll_forward, sv_date *out,
                          const char *field, const char *rule, struct sv_error *err)
{
	struct rules_deadline d;
	struct dl_obligation o;
	struct where w = {field ? field : "from", DL_NO_EVENT};
	struct ctx c;
	enum sv_rc rc;

	if (!out)
		return sv_error_set(err, SV_EINVAL, "out", "", "missing argument");
	if (cal && cal->country != country)
		return sv_error_set(err, SV_EINVAL, "cal", "CAL-3",
		                    "the working-day calendar is for %s, not %s",
		                    cal_country_code(cal->country), cal_country_code(country));
	rc = cal_check_date(from, w.name, err);
	if (rc)
		return rc;
	if (!span.known)
		return sv_error_set(err, SV_EINVAL, w.name, rule ? rule : "",
		                    "the rule pack leaves the number open");
	memset(&c, 0, sizeof(c));
	memset(&d, 0, sizeof(d));
	memset(&o, 0, sizeof(o));
	c.err = err;
	c.last_day = date_from_ymd(CAL_MAX_YEAR, 12, 31);
	if (cal) {
		c.cal = *cal;
	} else {
		c.cal = (struct cal)CAL_INIT;
		c.cal.country = country;
	}
	/* One offset deadline counted from a plain date: offset_due() itself. */
	d.id = w.name;
	d.from = w.name;
	d.kind = RULES_DL_OFFSET;
	d.offset = span;
	d.roll_forward = roll_forward && span.unit != RULES_HOURS;
	d.m.rule = rule ? rule : "";
	rc = offset_due(&c, &d, from, false, 0, &o, &w);
	if (!rc)
		*out = o.due;
	return rc;
}

/* MONTHLY: day N of the month after the month starting on month. */
static enum sv_rc monthly_due(struct ctx *c, const struct rules_deadline *d, sv_date month,
                              struct dl_obligation *o, const struct where *w)
{
	sv_date next = date_add_months(month, 1);

	o->timed = false;
	o->due_at = 0;
	o->due = next + (d->due_day - 1);
	if (o->due > c->last_day)
		return out_of_range(c, w, "CAL-2");
	if (d->roll_forward)
		return roll(c, &o->due, w);
	return SV_OK;
}

/* ---- occurrences --------------------------------------------------------- */

/* True when a deadline id valid on `on` in an earlier pack shadows pack pi. */
static bool shadowed(const struct ctx *c, size_t pi, const char *id, sv_date on)
{
	for (size_t j = 0; j < pi; j++)
		if (rules_deadline_find(c->in->packs[j], id, on))
			return true;
	return false;
}

static bool applies(const struct ctx *c, size_t pi, const struct rules_deadline *d, sv_date on)
{
	return rules_valid_on(&d->m.valid, on) && !shadowed(c, pi, d->id, on);
}

/* Has `name` happened, with a key matching okey? (header: Only if) */
static bool happened(const struct ctx *c, const char *name, const char *okey)
{
	enum ivdate k = ivdate_of(name);

	if (k != IV_NONE) {
		sv_date d = ivdate_value(c, k);
		return d != DL_NO_DATE && d <= c->in->today;
	}
	for (size_t i = 0; i < c->in->n_events; i++) {
		const struct dl_event *e = &c->in->events[i];
		if (streq(e->name, name) && key_match(okey, key_of(e)))
			return true;
	}
	return false;
}

/*
 * Start a new obligation: the next slot of out, or a scratch record once out
 * is full (then only the count matters: SV_ENOMEM follows). The caller fills
 * in from, key and due, then calls commit().
 */
static struct dl_obligation *slot(struct ctx *c, struct dl_obligation *scratch)
{
	return c->n < c->max ? &c->out[c->n] : scratch;
}

static void begin(struct dl_obligation *o, const struct rules_deadline *d, size_t pi, size_t di,
                  size_t seq)
{
	memset(o, 0, sizeof(*o));
	o->def = d;
	o->deadline = d->id;
	o->rule = d->m.rule;
	o->actor = d->actor;
	o->what = d->what;
	o->from_event = DL_NO_EVENT;
	o->met_event = DL_NO_EVENT;
	o->pack_index = pi;
	o->deadline_index = di;
	o->seq = seq;
}

static void set_key(struct dl_obligation *o, const char *key)
{
	size_t len = key ? strlen(key) : 0;

	if (len >= sizeof(o->key)) /* checked in check_events */
		len = sizeof(o->key) - 1;
	if (len)
		memcpy(o->key, key, len);
	o->key[len] = '\0';
}

/* The first day of the report month in an event's key "YYYY-MM". */
static enum sv_rc month_key(struct ctx *c, const struct rules_deadline *d, size_t i, sv_date *month)
{
	const char *k = key_of(&c->in->events[i]);

	if (date_parse_month(k, strlen(k), month, "key", NULL) == SV_OK)
		return SV_OK;
	return ev_fail(c, SV_EINVAL, i, "key", d->m.rule,
	               "event %s needs the report month as its key (YYYY-MM), got '%s'",
	               c->in->events[i].name, k);
}

/* "YYYY-MM" of a date in the calendar's years. */
static void month_str(sv_date month, char out[DL_KEY_MAX])
{
	int y, m, day;

	date_to_ymd(month, &y, &m, &day);
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '\0';
}

/* ---- meeting ------------------------------------------------------------- */

static void meet(struct dl_obligation *o, const struct dl_event *e, size_t i)
{
	o->met = true;
	o->met_on = e->date;
	o->met_at = e->at;
	o->met_event = i;
}

/*
 * Match the met_by events against the obligations out[first..c->n) of one
 * deadline item, which were created in event order (header: Meeting).
 */
static void match_events(struct ctx *c, const struct rules_deadline *d, size_t first)
{
	size_t lo = first;
	enum ivdate mk = ivdate_of(d->met_by);

	if (mk != IV_NONE) {
		sv_date m = ivdate_value(c, mk);
		if (m == DL_NO_DATE || m > c->in->today)
			return;
		for (size_t j = first; j < c->n; j++) {
			if (m >= c->out[j].from) {
				c->out[j].met = true;
				c->out[j].met_on = m;
			}
		}
		return;
	}
	for (size_t i = 0; i < c->in->n_events && lo < c->n; i++) {
		const struct dl_event *e = &c->in->events[i];
		if (!streq(e->name, d->met_by))
			continue;
		for (size_t j = lo; j < c->n; j++) {
			struct dl_obligation *o = &c->out[j];
			if (o->from_event != DL_NO_EVENT && o->from_event >= i)
				break; /* this and later ones start after e */
			if (!o->met && key_match(o->key, key_of(e)))
				meet(o, e, i);
		}
		while (lo < c->n && c->out[lo].met)
			lo++;
	}
}

/* Monthly obligations out[first..c->n), one per month in month order, met by
 * the first met_by event of their month wherever it lies in the list. */
static enum sv_rc match_months(struct ctx *c, const struct rules_deadline *d, size_t first)
{
	char key[DL_KEY_MAX];
	sv_date month;
	enum sv_rc rc;

	for (size_t i = 0; i < c->in->n_events; i++) {
		const struct dl_event *e = &c->in->events[i];
		size_t lo = first, hi = c->n;

		if (!streq(e->name, d->met_by))
			continue;
		rc = month_key(c, d, i, &month);
		if (rc)
			return rc;
		month_str(month, key);
		while (lo < hi) { /* keys "YYYY-MM" sort as the months do */
			size_t mid = lo + (hi - lo) / 2;
			int cmp = strcmp(c->out[mid].key, key);
			if (cmp == 0) {
				if (!c->out[mid].met)
					meet(&c->out[mid], e, i);
				break;
			}
			if (cmp < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return SV_OK;
}

/* ---- the two kinds ------------------------------------------------------- */

/* The first occurrence number of a deadline item: the number of obligations
 * of the same id already found (in another pack or validity period), so that
 * (id, seq) is unique within a case. Once out is full the answer no longer
 * matters (SV_ENOMEM follows). */
static size_t first_seq(const struct ctx *c, const char *id)
{
	size_t k = 0, n = c->n < c->max ? c->n : c->max;

	for (size_t i = 0; i < n; i++)
		k += streq(c->out[i].deadline, id);
	return k;
}

static enum sv_rc missing_start(struct ctx *c, const struct rules_deadline *d)
{
	return sv_error_set(c->err, SV_EINVAL, "start", d->m.rule,
	                    "missing: deadline %s counts from the intervention's start", d->id);
}

static enum sv_rc do_offset(struct ctx *c, size_t pi, size_t di, const struct rules_deadline *d)
{
	const struct dl_input *in = c->in;
	enum ivdate fk = ivdate_of(d->from);
	size_t first = c->n, seq = first_seq(c, d->id);
	struct dl_obligation scratch, *o;
	enum sv_rc rc;

	if (!d->offset.known)
		return SV_OK; /* the source is silent: no obligation */
	if (fk != IV_NONE) {
		sv_date from = ivdate_value(c, fk);
		const struct where w = {fk == IV_START         ? "start"
		                        : fk == IV_PLANNED_END ? "planned_end"
		                                               : "end",
		                        DL_NO_EVENT};
		if (from == DL_NO_DATE)
			return fk == IV_START ? missing_start(c, d) : SV_OK;
		if (!applies(c, pi, d, from))
			return SV_OK;
		if (d->only_if && !happened(c, d->only_if, ""))
			return SV_OK;
		o = slot(c, &scratch);
		begin(o, d, pi, di, seq);
		o->from = from;
		rc = offset_due(c, d, from, false, 0, o, &w);
		if (rc)
			return rc;
		/* A duty counted from the start that falls due after the
		 * intervention has ended never arises (JP-5: no follow-up
		 * meeting three months in for a case that ended before). */
		if (fk == IV_START && in->end != DL_NO_DATE && o->due > in->end)
			return SV_OK;
		c->n++;
	} else {
		for (size_t i = 0; i < in->n_events; i++) {
			const struct dl_event *e = &in->events[i];
			const struct where w = {"date", i};

			if (!streq(e->name, d->from) || !applies(c, pi, d, e->date))
				continue;
			if (d->only_if && !happened(c, d->only_if, key_of(e)))
				continue;
			o = slot(c, &scratch);
			begin(o, d, pi, di, seq++);
			o->from = e->date;
			o->from_event = i;
			set_key(o, e->key);
			rc = offset_due(c, d, e->date, true, e->at, o, &w);
			if (rc)
				return rc;
			c->n++;
		}
	}
	if (c->n <= c->max)
		match_events(c, d, first);
	return SV_OK;
}

/* The last day whose month has a report: the actual end, else the planned
 * end, else today. */
static sv_date last_month_day(const struct ctx *c)
{
	if (c->in->end != DL_NO_DATE)
		return c->in->end;
	if (c->in->planned_end != DL_NO_DATE)
		return c->in->planned_end;
	return c->in->today;
}

static enum sv_rc do_monthly(struct ctx *c, size_t pi, size_t di, const struct rules_deadline *d)
{
	const struct dl_input *in = c->in;
	size_t first = c->n, seq = first_seq(c, d->id);
	struct dl_obligation scratch, *o;
	sv_date last, month, on;
	struct where w = {"", DL_NO_EVENT};
	enum sv_rc rc;

	if (in->start == DL_NO_DATE)
		return missing_start(c, d);
	if (d->only_if && ivdate_of(d->only_if) == IV_NONE) {
		/* One obligation per only_if event, for the month in its key. */
		for (size_t i = 0; i < in->n_events; i++) {
			const struct dl_event *e = &in->events[i];
			if (!streq(e->name, d->only_if))
				continue;
			rc = month_key(c, d, i, &month);
			if (rc)
				return rc;
			on = month < in->start ? in->start : month;
			if (!applies(c, pi, d, on))
				continue;
			o = slot(c, &scratch);
			begin(o, d, pi, di, seq++);
			o->from = e->date;
			o->from_event = i;
			month_str(month, o->key);
			w = (struct where){"key", i};
			rc = monthly_due(c, d, month, o, &w);
			if (rc)
				return rc;
			c->n++;
		}
		/* Met by a met_by event of the same month after the only_if. */
		for (size_t i = 0; i < in->n_events; i++) {
			if (!streq(in->events[i].name, d->met_by))
				continue;
			rc = month_key(c, d, i, &month);
			if (rc)
				return rc;
		}
		if (c->n <= c->max)
			match_events(c, d, first);
		return SV_OK;
	}
	if (d->only_if && !happened(c, d->only_if, ""))
		return SV_OK;
	last = last_month_day(c);
	if (last < in->start)
		return SV_OK;
	w.name = in->end != DL_NO_DATE           ? "end"
	         : in->planned_end != DL_NO_DATE ? "planned_end"
	                                         : "today";
	last = date_month_start(last);
	for (month = date_month_start(in->start); month <= last;
	     month = date_add_months(month, 1)) {
		on = month < in->start ? in->start : month;
		if (!applies(c, pi, d, on))
			continue;
		o = slot(c, &scratch);
		begin(o, d, pi, di, seq++);
		o->from = on;
		month_str(month, o->key);
		rc = monthly_due(c, d, month, o, &w);
		if (rc)
			return rc;
		c->n++;
	}
	if (c->n <= c->max)
		return match_months(c, d, first);
	/* Still check the month keys, so that the answer does not depend on max. */
	for (size_t i = 0; i < in->n_events; i++) {
		if (!streq(in->events[i].name, d->met_by))
			continue;
		rc = month_key(c, d, i, &month);
		if (rc)
			return rc;
	}
	return SV_OK;
}

/* ---- status and order ---------------------------------------------------- */

static void judge(const struct ctx *c, struct dl_obligation *o)
{
	bool on_time;

	o->days_late = 0;
	if (o->met) {
		if (o->timed && o->met_event != DL_NO_EVENT)
			on_time = o->met_at <= o->due_at;
		else
			on_time = o->met_on <= o->due;
		o->status = on_time ? DL_MET_ON_TIME : DL_MET_LATE;
		if (!on_time)
			o->days_late = o->met_on - o->due;
		return;
	}
	if (o->timed ? c->in->now > o->due_at : c->in->today > o->due) {
		o->status = DL_MISSED;
		o->days_late = c->in->today - o->due;
	} else {
		o->status = DL_OPEN;
	}
}

static int cmp_size(size_t a, size_t b)
{
	return (a > b) - (a < b);
}

static int cmp_obligation(const void *pa, const void *pb)
{
	const struct dl_obligation *a = pa, *b = pb;
	int r;

	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (a->timed && b->timed && a->due_at != b->due_at)
		return a->due_at < b->due_at ? -1 : 1;
	r = cmp_size(a->pack_index, b->pack_index);
	if (!r)
		r = cmp_size(a->deadline_index, b->deadline_index);
	if (!r)
		r = cmp_size(a->seq, b->seq);
	return r;
}

/* ---- entry points -------------------------------------------------------- */

enum sv_rc dl_compute(const struct dl_input *in, struct dl_obligation *out, size_t max, size_t *n,
                      struct sv_error *err)
{
	struct ctx c;
	enum sv_rc rc;

	if (n)
		*n = 0;
	if (!in || !n || (max && !out))
		return sv_error_set(err, SV_EINVAL,
		                    !in  ? "input"
		                    : !n ? "n"
		                         : "out",
		                    "", "missing argument");
	memset(&c, 0, sizeof(c));
	c.in = in;
	c.out = out;
	c.max = max;
	c.err = err;
	c.last_day = date_from_ymd(CAL_MAX_YEAR, 12, 31);
	rc = check_input(&c);
	if (rc)
		return rc;
	for (size_t pi = 0; pi < in->n_packs; pi++) {
		const struct rules_pack *p = in->packs[pi];
		for (size_t di = 0; di < p->n_deadlines; di++) {
			const struct rules_deadline *d = &p->deadlines[di];
			rc = d->kind == RULES_DL_MONTHLY ? do_monthly(&c, pi, di, d)
			                                 : do_offset(&c, pi, di, d);
			if (rc)
				return rc;
		}
	}
	if (c.n > max) {
		*n = c.n;
		return sv_error_set(err, SV_ENOMEM, "max", "", "%zu obligations do not fit in %zu",
		                    c.n, max);
	}
	for (size_t i = 0; i < c.n; i++)
		judge(&c, &out[i]);
	if (c.n > 1)
		qsort(out, c.n, sizeof(*out), cmp_obligation);
	*n = c.n;
	return SV_OK;
}

void dl_list_init(struct dl_list *l)
{
	l->v = NULL;
	l->n = 0;
	l->alloc = 0;
}

void dl_list_release(struct dl_list *l)
{
	free(l->v);
	dl_list_init(l);
}

enum sv_rc dl_compute_list(const struct dl_input *in, struct dl_list *l, struct sv_error *err)
{
	struct sv_error inner = SV_ERROR_INIT;
	size_t need = 0;
	enum sv_rc rc;

	l->n = 0;
	rc = dl_compute(in, l->v, l->alloc, &need, &inner);
	if (rc == SV_ENOMEM && need > l->alloc) {
		size_t alloc = need < 16 ? 16 : need + need / 2;
		struct dl_obligation *v;

		if (alloc > SIZE_MAX / sizeof(*v))
			return sv_error_set(err, SV_ENOMEM, "max", "", "too many obligations");
		v = realloc(l->v, alloc * sizeof(*v));
		if (!v)
			return sv_error_set(err, SV_ENOMEM, "max", "", "out of memory");
		l->v = v;
		l->alloc = alloc;
		sv_error_clear(&inner);
		rc = dl_compute(in, l->v, l->alloc, &need, &inner);
	}
	if (rc) {
		if (err && err->rc == SV_OK)
			*err = inner;
		return rc;
	}
	l->n = need;
	return SV_OK;
}

enum sv_rc dl_tally_add(struct dl_tally *rows, size_t max, size_t *n_rows,
                        const struct dl_obligation *v, size_t n, struct sv_error *err)
{
	size_t have;

	if (!n_rows || (n && !v) || (max && !rows))
		return sv_error_set(err, SV_EINVAL,
		                    !n_rows     ? "n_rows"
		                    : (n && !v) ? "v"
		                                : "rows",
		                    "", "missing argument");
	have = *n_rows;
	if (have > max)
		return sv_error_set(err, SV_EINVAL, "n_rows", "", "%zu rows in an array of %zu",
		                    have, max);
	/* First pass: append the new ids in rows[have..], checking them all
	 * before any count changes, so that a failure leaves rows[0..have) and
	 * *n_rows as they were. */
	for (size_t i = 0; i < n; i++) {
		const struct dl_obligation *o = &v[i];
		bool seen = false;

		if (!o->deadline || !o->deadline[0])
			return sv_error_set(err, SV_EINVAL, "v", "KV-53",
			                    "obligation %zu has no deadline id", i);
		for (size_t j = 0; j < *n_rows && !seen; j++)
			seen = !strcmp(rows[j].deadline, o->deadline);
		if (seen)
			continue;
		if (*n_rows == max) {
			*n_rows = have;
			return sv_error_set(err, SV_ENOMEM, "rows", "KV-53",
			                    "more kinds of obligation than the %zu rows", max);
		}
		memset(&rows[*n_rows], 0, sizeof(rows[0]));
		snprintf(rows[*n_rows].deadline, sizeof(rows[0].deadline), "%s", o->deadline);
		snprintf(rows[*n_rows].rule, sizeof(rows[0].rule), "%s", o->rule ? o->rule : "");
		(*n_rows)++;
	}
	for (size_t i = 0; i < n; i++) {
		const struct dl_obligation *o = &v[i];
		struct dl_tally *t = NULL;

		for (size_t j = 0; j < *n_rows && !t; j++)
			if (!strcmp(rows[j].deadline, o->deadline))
				t = &rows[j];
		switch (o->status) {
		case DL_OPEN:
			t->open++;
			break;
		case DL_MET_ON_TIME:
			t->on_time++;
			break;
		case DL_MET_LATE:
			t->late++;
			break;
		case DL_MISSED:
			t->missed++;
			break;
		case DL_STATUS_COUNT:
			break;
		}
		if ((o->status == DL_MET_LATE || o->status == DL_MISSED) &&
		    o->days_late > t->max_days_late)
			t->max_days_late = o->days_late;
	}
	return SV_OK;
}
