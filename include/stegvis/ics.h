/*
 * ics.h - iCalendar (RFC 5545) invitations for meetings, and the civil
 * time of Central European time zones that they are written in.
 *
 * The writer produces one VCALENDAR with one VEVENT (METHOD:PUBLISH: an
 * invitation to import, not a scheduling request that needs e-mail
 * addresses of organiser and attendees). It follows RFC 5545:
 *
 *   - every line ends with CRLF (3.1);
 *   - a content line longer than 75 octets is folded: CRLF and one space,
 *     never inside a UTF-8 sequence (3.1);
 *   - TEXT values escape backslash, semicolon, comma and newline
 *     (3.3.11); other control characters are dropped (TAB is kept);
 *   - UID and DTSTAMP are always present (3.6.1); DTSTAMP is in UTC;
 *   - times are UTC ("20240312T090000Z") or local with TZID
 *     ("DTSTART;TZID=Europe/Stockholm:20240312T100000"), and then the
 *     VTIMEZONE of that TZID is included (3.6.5) with the EU summer-time
 *     rule.
 *
 * Time zones (CAL-1). Europe/Stockholm and Europe/Copenhagen are CET
 * (UTC+1) with summer time CEST (UTC+2) from 01:00 UTC on the last Sunday of
 * March to 01:00 UTC on the last Sunday of October: the EU rule in force
 * since 1996, applied here to every year. Core reads no time-zone database
 * and no clock.
 *
 * Everything here is pure: no I/O, no clock, no allocation except through
 * the caller's struct buf; safe from any thread.
 */
#ifndef SV_ICS_H
#define SV_ICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stegvis/buf.h"
#include "stegvis/date.h"
#include "stegvis/err.h"

/* µs since 1970-01-01T00:00:00Z, the store's sv_time. */
typedef int64_t ics_time;

#define ICS_US_PER_S ((int64_t)1000000)
/* Longest content line before folding, in octets (RFC 5545 3.1). */
#define ICS_LINE_MAX 75
/* "YYYY-MM-DDTHH:MM:SSZ" or "...+HH:MM" plus NUL. */
#define ICS_TIME_STRLEN 26

enum ics_zone {
	ICS_UTC = 0,    /* times written as UTC ("...Z") */
	ICS_STOCKHOLM,  /* Europe/Stockholm, CET/CEST */
	ICS_COPENHAGEN, /* Europe/Copenhagen, CET/CEST */
	ICS_ZONE_COUNT
};

/* "UTC", "Europe/Stockholm", "Europe/Copenhagen"; "" for a bad value. */
const char *ics_zone_name(enum ics_zone z);

/*
 * Offset of zone z from UTC at instant t, in seconds: 0 for ICS_UTC, 3600
 * (CET) or 7200 (CEST) for the others.
 */
int ics_zone_offset(enum ics_zone z, ics_time t);

/* The civil date and time of instant t in zone z. */
struct ics_civil {
	sv_date date;
	int hour, minute, second;
};
void ics_to_civil(enum ics_zone z, ics_time t, struct ics_civil *out);

/*
 * The instant of a civil time in zone z. A time in the spring gap (02:00 to
 * 02:59 local on the last Sunday of March) does not exist: SV_EINVAL naming
 * field, rule "CAL-1". A time in the autumn overlap (02:00 to 02:59 on the
 * last Sunday of October) happens twice: the first (summer-time) instant is
 * chosen. SV_EINVAL for an hour, minute or second out of range.
 */
enum sv_rc ics_from_civil(enum ics_zone z, const struct ics_civil *c, ics_time *out,
                          const char *field, struct sv_error *err) SV_WUR;

/*
 * Parse an ISO-8601 / RFC 3339 date-time, s[0..len): "YYYY-MM-DDTHH:MM" with
 * optional ":SS", then "Z", an offset "+HH:MM" / "-HH:MM", or nothing. With
 * nothing the time is civil time in zone local (CAL-1: the municipality's
 * zone), resolved by ics_from_civil(). Fractions of seconds are not
 * accepted. SV_EINVAL naming field and rule "ISO-8601" for anything else.
 */
enum sv_rc ics_time_parse(const char *s, size_t len, enum ics_zone local, ics_time *out,
                          const char *field, struct sv_error *err) SV_WUR;

/* "YYYY-MM-DDTHH:MM:SS+01:00" in zone z ("...Z" for ICS_UTC); returns out. */
char *ics_time_format(enum ics_zone z, ics_time t, char out[ICS_TIME_STRLEN]);

/* One meeting. Strings are UTF-8 and borrowed; NULL leaves a property out. */
struct ics_event {
	const char *uid;         /* required: globally unique, e.g. "17-meeting-42@stegvis" */
	ics_time dtstamp;        /* required: when the invitation was made (UTC) */
	ics_time start;          /* required */
	ics_time end;            /* 0: no DTEND; else after start */
	enum ics_zone zone;      /* zone DTSTART/DTEND are written in */
	const char *summary;     /* SUMMARY */
	const char *location;    /* LOCATION */
	const char *description; /* DESCRIPTION; newlines become "\n" */
	int sequence;            /* SEQUENCE, >= 0: bumped when the meeting changes */
	bool cancelled;          /* STATUS:CANCELLED instead of CONFIRMED */
};

/*
 * Append the VCALENDAR of ev to out. SV_EINVAL naming the field (rule
 * "RFC-5545") for a missing uid, a uid with control characters, a missing
 * start or dtstamp, an end not after the start, a negative sequence, a bad
 * zone, or text that is not valid UTF-8 ("summary", "location",
 * "description"); SV_ENOMEM when out reaches its cap. On failure out is left
 * as it was.
 */
enum sv_rc ics_write_event(struct buf *out, const struct ics_event *ev,
                           struct sv_error *err) SV_WUR;

#endif
