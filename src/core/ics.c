/* iCalendar writer and Central European civil time (see ics.h). */
#include "stegvis/ics.h"

#include <stdio.h>
#include <string.h>

#define DAY_S  ((int64_t)86400)
#define HOUR_S ((int64_t)3600)

static const char *const zone_names[ICS_ZONE_COUNT] = {"UTC", "Europe/Stockholm",
                                                       "Europe/Copenhagen"};

const char *ics_zone_name(enum ics_zone z)
{
	if ((int)z < 0 || z >= ICS_ZONE_COUNT)
		return "";
	return zone_names[z];
}

/* Floor division (C rounds toward zero). */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The last Sunday of month m of year y. */
static sv_date last_sunday(int y, int m)
{
	sv_date d = date_from_ymd(y, m, date_days_in_month(y, m));
	return d - (sv_date)(date_weekday(d) % 7);
}

/* Is the instant (seconds, UTC) in EU summer time? */
static bool eu_summer(int64_t secs)
{
	int64_t days = floor_div(secs, DAY_S);
	int y, m, d;

	if (days < date_from_ymd(SV_DATE_MIN_YEAR, 1, 1) ||
	    days > date_from_ymd(SV_DATE_MAX_YEAR, 12, 31))
		return false;
	date_to_ymd((sv_date)days, &y, &m, &d);
	if (m < 3 || m > 10)
		return false;
	/* Summer time starts and ends at 01:00 UTC on the last Sundays of March and October. */
	return secs >= (int64_t)last_sunday(y, 3) * DAY_S + HOUR_S &&
	       secs < (int64_t)last_sunday(y, 10) * DAY_S + HOUR_S;
}

int ics_zone_offset(enum ics_zone z, ics_time t)
{
	if (z != ICS_STOCKHOLM && z != ICS_COPENHAGEN)
		return 0;
	return eu_summer(floor_div(t, ICS_US_PER_S)) ? 7200 : 3600;
}

void ics_to_civil(enum ics_zone z, ics_time t, struct ics_civil *out)
{
	int64_t local = floor_div(t, ICS_US_PER_S) + ics_zone_offset(z, t);
	int64_t days = floor_div(local, DAY_S);
	int64_t rem = local - days * DAY_S;

	out->date = (sv_date)days;
	out->hour = (int)(rem / HOUR_S);
	out->minute = (int)(rem % HOUR_S / 60);
	out->second = (int)(rem % 60);
}

enum sv_rc ics_from_civil(enum ics_zone z, const struct ics_civil *c, ics_time *out,
                          const char *field, struct sv_error *err)
{
	int64_t local;

	if (c->hour < 0 || c->hour > 23 || c->minute < 0 || c->minute > 59 || c->second < 0 ||
	    c->second > 59)
		return sv_error_set(err, SV_EINVAL, field, "ISO-8601", "not a time of day");
	local = (int64_t)c->date * DAY_S + c->hour * HOUR_S + c->minute * 60 + c->second;
	if (z != ICS_STOCKHOLM && z != ICS_COPENHAGEN) {
		*out = local * ICS_US_PER_S;
		return SV_OK;
	}
	/* Summer time first: in the autumn overlap that is the earlier instant. */
	if (eu_summer(local - 7200)) {
		*out = (local - 7200) * ICS_US_PER_S;
		return SV_OK;
	}
	if (!eu_summer(local - 3600)) {
		*out = (local - 3600) * ICS_US_PER_S;
		return SV_OK;
	}
	return sv_error_set(err, SV_EINVAL, field, "CAL-1",
	                    "%02d:%02d does not exist in %s on that day (summer time begins)",
	                    c->hour, c->minute, ics_zone_name(z));
}

static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

enum sv_rc ics_time_parse(const char *s, size_t len, enum ics_zone local, ics_time *out,
                          const char *field, struct sv_error *err)
{
	struct ics_civil c = {0};
	size_t i = 16;
	int offset = 0;
	bool zoned = false;
	enum sv_rc rc;

	if (!s || len < 16 || s[10] != 'T' || s[13] != ':')
		goto bad;
	rc = date_parse(s, 10, &c.date, field, NULL);
	if (rc)
		goto bad;
	c.hour = digits(s + 11, 2);
	c.minute = digits(s + 14, 2);
	if (c.hour < 0 || c.minute < 0)
		goto bad;
	if (i < len && s[i] == ':') {
		if (len < i + 3 || (c.second = digits(s + i + 1, 2)) < 0)
			goto bad;
		i += 3;
	}
	if (i < len && s[i] == 'Z') {
		zoned = true;
		i++;
	} else if (i < len && (s[i] == '+' || s[i] == '-')) {
		int oh, om;
		if (len < i + 6 || s[i + 3] != ':')
			goto bad;
		oh = digits(s + i + 1, 2);
		om = digits(s + i + 4, 2);
		if (oh < 0 || om < 0 || oh > 23 || om > 59)
			goto bad;
		offset = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
		zoned = true;
		i += 6;
	}
	if (i != len)
		goto bad;
	if (!zoned)
		return ics_from_civil(local, &c, out, field, err);
	rc = ics_from_civil(ICS_UTC, &c, out, field, err);
	if (!rc)
		*out -= (int64_t)offset * ICS_US_PER_S;
	return rc;
bad:
	return sv_error_set(err, SV_EINVAL, field, "ISO-8601",
	                    "not a date and time such as 2024-03-12T10:00 or "
	                    "2024-03-12T09:00:00Z");
}

char *ics_time_format(enum ics_zone z, ics_time t, char out[ICS_TIME_STRLEN])
{
	struct ics_civil c;
	char d[SV_DATE_STRLEN];
	int off = ics_zone_offset(z, t);

	ics_to_civil(z, t, &c);
	if (z == ICS_UTC)
		snprintf(out, ICS_TIME_STRLEN, "%sT%02d:%02d:%02dZ", date_format(c.date, d), c.hour,
		         c.minute, c.second);
	else
		snprintf(out, ICS_TIME_STRLEN, "%sT%02d:%02d:%02d+%02d:%02d",
		         date_format(c.date, d), c.hour, c.minute, c.second, off / 3600,
		         off % 3600 / 60);
	return out;
}

/* ---- The writer --------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (of at most n bytes), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* No overlong forms, no surrogates, nothing past U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* One content line being built, then folded into the output. */
struct line {
	struct buf *out;
	size_t col; /* octets on the current physical line */
};

/* Append n bytes (one character) to the line, folding before it when it would pass 75. */
static enum sv_rc put_char(struct line *l, const char *p, size_t n)
{
	enum sv_rc rc = SV_OK;

	if (l->col + n > ICS_LINE_MAX) {
		rc = buf_add(l->out, "\r\n ", 3);
		l->col = 1;
	}
	if (!rc)
		rc = buf_add(l->out, p, n);
	l->col += n;
	return rc;
}

/* Raw (already safe) text, character by character. */
static enum sv_rc put_raw(struct line *l, const char *s)
{
	enum sv_rc rc = SV_OK;
	size_t n = strlen(s);

	for (size_t i = 0; !rc && i < n;) {
		size_t k = utf8_len((const unsigned char *)s + i, n - i);
		if (!k)
			k = 1;
		rc = put_char(l, s + i, k);
		i += k;
	}
	return rc;
}

/* A TEXT value (RFC 5545 3.3.11), escaped and checked to be UTF-8. */
static enum sv_rc put_text(struct line *l, const char *s, const char *field, struct sv_error *err)
{
	size_t n = strlen(s);
	enum sv_rc rc = SV_OK;

	for (size_t i = 0; !rc && i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = utf8_len((const unsigned char *)s + i, n - i);
		if (!k)
			return sv_error_set(err, SV_EINVAL, field, "RFC-5545",
			                    "is not valid UTF-8 (byte %zu)", i);
		if (c == '\\' || c == ';' || c == ',') {
			char e[2] = {'\\', (char)c};
			/* An escape pair is kept on one physical line. */
			rc = put_char(l, e, 2);
		} else if (c == '\r' && i + 1 < n && s[i + 1] == '\n') {
			k = 2;
			rc = put_char(l, "\\n", 2);
		} else if (c == '\n' || c == '\r') {
			rc = put_char(l, "\\n", 2);
		} else if ((c < 0x20 && c != '\t') || c == 0x7f) {
			/* Control characters are not TEXT: dropped. */
		} else {
			rc = put_char(l, s + i, k);
		}
		i += k;
	}
	return rc;
}

static enum sv_rc end_line(struct line *l)
{
	l->col = 0;
	return buf_add(l->out, "\r\n", 2);
}

/* NAME:VALUE where VALUE is raw. */
static enum sv_rc prop_raw(struct line *l, const char *name, const char *value)
{
	enum sv_rc rc = put_raw(l, name);
	if (!rc)
		rc = put_raw(l, ":");
	if (!rc)
		rc = put_raw(l, value);
	if (!rc)
		rc = end_line(l);
	return rc;
}

static enum sv_rc prop_text(struct line *l, const char *name, const char *value, const char *field,
                            struct sv_error *err)
{
	enum sv_rc rc;

	if (!value)
		return SV_OK;
	rc = put_raw(l, name);
	if (!rc)
		rc = put_raw(l, ":");
	if (!rc)
		rc = put_text(l, value, field, err);
	if (!rc)
		rc = end_line(l);
	return rc;
}

/* "20240312T090000Z" (UTC) or "20240312T100000" (civil time of z). */
static void ics_stamp(enum ics_zone z, ics_time t, char out[20])
{
	struct ics_civil c;
	int y, m, d;

	ics_to_civil(z, t, &c);
	date_to_ymd(c.date, &y, &m, &d);
	snprintf(out, 20, "%04d%02d%02dT%02d%02d%02d%s", y, m, d, c.hour, c.minute, c.second,
	         z == ICS_UTC ? "Z" : "");
}

/* DTSTART / DTEND in the event's zone. */
static enum sv_rc prop_time(struct line *l, const char *name, enum ics_zone z, ics_time t)
{
	char v[20], n[64];

	ics_stamp(z, t, v);
	if (z == ICS_UTC)
		snprintf(n, sizeof(n), "%s", name);
	else
		snprintf(n, sizeof(n), "%s;TZID=%s", name, ics_zone_name(z));
	return prop_raw(l, n, v);
}

/* The VTIMEZONE of a CET/CEST zone: the EU rule as RRULEs (RFC 5545 3.6.5). */
static enum sv_rc vtimezone(struct line *l, enum ics_zone z)
{
	static const char *const body[] = {
	        "BEGIN:DAYLIGHT",
	        "TZOFFSETFROM:+0100",
	        "TZOFFSETTO:+0200",
	        "TZNAME:CEST",
	        "DTSTART:19700329T020000",
	        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	        "END:DAYLIGHT",
	        "BEGIN:STANDARD",
	        "TZOFFSETFROM:+0200",
	        "TZOFFSETTO:+0100",
	        "TZNAME:CET",
	        "DTSTART:19701025T030000",
	        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	        "END:STANDARD",
	};
	enum sv_rc rc = prop_raw(l, "BEGIN", "VTIMEZONE");

	if (!rc)
		rc = prop_raw(l, "TZID", ics_zone_name(z));
	for (size_t i = 0; !rc && i < sizeof(body) / sizeof(body[0]); i++) {
		rc = put_raw(l, body[i]);
		if (!rc)
			rc = end_line(l);
	}
	if (!rc)
		rc = prop_raw(l, "END", "VTIMEZONE");
	return rc;
}

static bool year_ok(ics_time t)
{
	struct ics_civil c;
	int y, m, d;

	if (t < -62135596800LL * ICS_US_PER_S || t > 253402214400LL * ICS_US_PER_S)
		return false;
	ics_to_civil(ICS_UTC, t, &c);
	date_to_ymd(c.date, &y, &m, &d);
	return y >= SV_DATE_MIN_YEAR + 1 && y <= SV_DATE_MAX_YEAR - 1;
}

static enum sv_rc check_event(const struct ics_event *ev, struct sv_error *err)
{
	if (!ev->uid || !*ev->uid)
		return sv_error_set(err, SV_EINVAL, "uid", "RFC-5545", "UID is required");
	for (const unsigned char *p = (const unsigned char *)ev->uid; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return sv_error_set(err, SV_EINVAL, "uid", "RFC-5545",
			                    "UID holds a control character");
	if (!ev->dtstamp || !year_ok(ev->dtstamp))
		return sv_error_set(err, SV_EINVAL, "dtstamp", "RFC-5545",
		                    "DTSTAMP is required and must lie in years 2-9998");
	if (!ev->start || !year_ok(ev->start))
		return sv_error_set(err, SV_EINVAL, "start", "RFC-5545",
		                    "DTSTART is required and must lie in years 2-9998");
	if (ev->end && (ev->end <= ev->start || !year_ok(ev->end)))
		return sv_error_set(err, SV_EINVAL, "end", "RFC-5545",
		                    "DTEND must come after DTSTART");
	if (ev->sequence < 0)
		return sv_error_set(err, SV_EINVAL, "sequence", "RFC-5545",
		                    "SEQUENCE must not be negative");
	if ((int)ev->zone < 0 || ev->zone >= ICS_ZONE_COUNT)
		return sv_error_set(err, SV_EINVAL, "zone", "RFC-5545", "unknown time zone");
	return SV_OK;
}

enum sv_rc ics_write_event(struct buf *out, const struct ics_event *ev, struct sv_error *err)
{
	struct buf b;
	struct line l;
	char stamp[20], seq[16];
	enum sv_rc rc = check_event(ev, err);

	if (rc)
		return rc;
	buf_init(&b, out->max);
	l.out = &b;
	l.col = 0;
	rc = prop_raw(&l, "BEGIN", "VCALENDAR");
	if (!rc)
		rc = prop_raw(&l, "VERSION", "2.0");
	if (!rc)
		rc = prop_raw(&l, "PRODID", "-//Stegvis//Stegvis 1//SV");
	if (!rc)
		rc = prop_raw(&l, "CALSCALE", "GREGORIAN");
	if (!rc)
		rc = prop_raw(&l, "METHOD", "PUBLISH");
	if (!rc && ev->zone != ICS_UTC)
		rc = vtimezone(&l, ev->zone);
	if (!rc)
		rc = prop_raw(&l, "BEGIN", "VEVENT");
	if (!rc)
		rc = prop_text(&l, "UID", ev->uid, "uid", err);
	if (!rc) {
		ics_stamp(ICS_UTC, ev->dtstamp, stamp);
		rc = prop_raw(&l, "DTSTAMP", stamp);
	}
	if (!rc)
		rc = prop_time(&l, "DTSTART", ev->zone, ev->start);
	if (!rc && ev->end)
		rc = prop_time(&l, "DTEND", ev->zone, ev->end);
	if (!rc)
		rc = prop_text(&l, "SUMMARY", ev->summary, "summary", err);
	if (!rc)
		rc = prop_text(&l, "LOCATION", ev->location, "location", err);
	if (!rc)
		rc = prop_text(&l, "DESCRIPTION", ev->description, "description", err);
	if (!rc) {
		snprintf(seq, sizeof(seq), "%d", ev->sequence);
		rc = prop_raw(&l, "SEQUENCE", seq);
	}
	if (!rc)
		rc = prop_raw(&l, "STATUS", ev->cancelled ? "CANCELLED" : "CONFIRMED");
	if (!rc)
		rc = prop_raw(&l, "END", "VEVENT");
	if (!rc)
		rc = prop_raw(&l, "END", "VCALENDAR");
	if (!rc)
		rc = buf_add(out, b.data, b.len);
	if (rc == SV_ENOMEM)
		sv_error_set(err, rc, "ics", "RFC-5545", "the calendar does not fit the buffer");
	buf_release(&b);
	return rc;
}
