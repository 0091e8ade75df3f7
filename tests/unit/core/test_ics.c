/*
 * iCalendar writer (RFC 5545) and Central European civil time (CAL-1): the
 * structure of the calendar, CRLF line ends, folding at 75 octets without
 * splitting UTF-8, TEXT escaping, UID/DTSTAMP, TZID times with their
 * VTIMEZONE, and the summer-time switches of the EU rule.
 */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "stegvis/ics.h"

#define US(s) ((ics_time)(s)*ICS_US_PER_S)

/* Seconds since the epoch of a UTC date and time. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
	return (int64_t)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static void test_zone_offsets(void **state)
{
	(void)state;
	/* The last Sunday of March 2024 is the 31st (the 31st is a Sunday); summer
	 * time starts at 01:00 UTC (02:00 CET -> 03:00 CEST). */
	assert_int_equal(ics_zone_offset(ICS_STOCKHOLM, US(utc(2024, 3, 31, 0, 59, 59))), 3600);
	assert_int_equal(ics_zone_offset(ICS_STOCKHOLM, US(utc(2024, 3, 31, 1, 0, 0))), 7200);
	/* The last Sunday of October 2024 is the 27th; summer time ends at 01:00 UTC. */
	assert_int_equal(ics_zone_offset(ICS_STOCKHOLM, US(utc(2024, 10, 27, 0, 59, 59))), 7200);
	assert_int_equal(ics_zone_offset(ICS_STOCKHOLM, US(utc(2024, 10, 27, 1, 0, 0))), 3600);
	/* 2025: the last Sunday of March is the 30th (the 31st is a Monday). */
	assert_int_equal(ics_zone_offset(ICS_COPENHAGEN, US(utc(2025, 3, 30, 0, 30, 0))), 3600);
	assert_int_equal(ics_zone_offset(ICS_COPENHAGEN, US(utc(2025, 3, 30, 1, 30, 0))), 7200);
	assert_int_equal(ics_zone_offset(ICS_STOCKHOLM, US(utc(2024, 1, 15, 12, 0, 0))), 3600);
	assert_int_equal(ics_zone_offset(ICS_UTC, US(utc(2024, 7, 1, 12, 0, 0))), 0);
	assert_string_equal(ics_zone_name(ICS_STOCKHOLM), "Europe/Stockholm");
	assert_string_equal(ics_zone_name((enum ics_zone)99), "");
}

static void test_civil(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct ics_civil c;
	ics_time t;

	(void)state;
	/* 12:00 UTC on midsommarafton 2024 (21 June) is 14:00 CEST. */
	ics_to_civil(ICS_STOCKHOLM, US(utc(2024, 6, 21, 12, 0, 0)), &c);
	assert_int_equal(c.date, date_from_ymd(2024, 6, 21));
	assert_int_equal(c.hour, 14);
	/* 23:30 UTC on 31 December 2024 is 00:30 on 1 January 2025 in Stockholm (CET). */
	ics_to_civil(ICS_STOCKHOLM, US(utc(2024, 12, 31, 23, 30, 0)), &c);
	assert_int_equal(c.date, date_from_ymd(2025, 1, 1));
	assert_int_equal(c.hour, 0);
	assert_int_equal(c.minute, 30);

	/* Round trip: 10:00 on 12 March 2024 (CET) is 09:00 UTC. */
	c = (struct ics_civil){date_from_ymd(2024, 3, 12), 10, 0, 0};
	assert_ok(ics_from_civil(ICS_STOCKHOLM, &c, &t, "starts_at", &err));
	assert_true(t == US(utc(2024, 3, 12, 9, 0, 0)));

	/* The spring gap: 02:30 on 31 March 2024 does not exist. */
	c = (struct ics_civil){date_from_ymd(2024, 3, 31), 2, 30, 0};
	assert_rc(ics_from_civil(ICS_STOCKHOLM, &c, &t, "starts_at", &err), SV_EINVAL);
	assert_string_equal(err.field, "starts_at");
	assert_string_equal(err.rule, "CAL-1");
	sv_error_clear(&err);
	/* 03:00 that day is the first minute of summer time: 01:00 UTC. */
	c.hour = 3;
	c.minute = 0;
	assert_ok(ics_from_civil(ICS_STOCKHOLM, &c, &t, "starts_at", &err));
	assert_true(t == US(utc(2024, 3, 31, 1, 0, 0)));

	/* The autumn overlap: 02:30 on 27 October 2024 happens twice; the first
	 * (CEST, UTC+2) is 00:30 UTC. */
	c = (struct ics_civil){date_from_ymd(2024, 10, 27), 2, 30, 0};
	assert_ok(ics_from_civil(ICS_STOCKHOLM, &c, &t, "starts_at", &err));
	assert_true(t == US(utc(2024, 10, 27, 0, 30, 0)));

	c = (struct ics_civil){date_from_ymd(2024, 3, 12), 24, 0, 0};
	assert_rc(ics_from_civil(ICS_STOCKHOLM, &c, &t, "starts_at", &err), SV_EINVAL);
	assert_string_equal(err.rule, "ISO-8601");
}

static void test_time_parse(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	const char *bad[] = {"2024-03-12 10:00",
	                     "2024-02-30T10:00",
	                     "2024-03-12T24:00",
	                     "2024-03-12T10:60",
	                     "2024-03-12T10:00:00.5Z",
	                     "2024-03-12T10:00+1:00",
	                     "2024-03-12T10:00+01",
	                     "2024-03-12T10",
	                     "2024-03-12t10:00",
	                     "2024-03-12T10:00Zjunk",
	                     "",
	                     "2024-03-12T10:00:61"};
	char out[ICS_TIME_STRLEN];
	ics_time t, t2;

	(void)state;
	/* Civil time in Stockholm: 10:00 CET on 12 March 2024 = 09:00 UTC. */
	assert_ok(ics_time_parse("2024-03-12T10:00", 16, ICS_STOCKHOLM, &t, "starts_at", &err));
	assert_true(t == US(utc(2024, 3, 12, 9, 0, 0)));
	/* 10:00 CEST on 12 June 2024 = 08:00 UTC. */
	assert_ok(ics_time_parse("2024-06-12T10:00:00", 19, ICS_STOCKHOLM, &t, "starts_at", &err));
	assert_true(t == US(utc(2024, 6, 12, 8, 0, 0)));
	/* The same instant written three ways. */
	assert_ok(ics_time_parse("2024-03-12T09:00:00Z", 20, ICS_STOCKHOLM, &t, "x", &err));
	assert_ok(ics_time_parse("2024-03-12T10:00+01:00", 22, ICS_STOCKHOLM, &t2, "x", &err));
	assert_true(t == t2);
	assert_ok(ics_time_parse("2024-03-12T04:30-04:30", 22, ICS_STOCKHOLM, &t2, "x", &err));
	assert_true(t == t2);
	assert_string_equal(ics_time_format(ICS_STOCKHOLM, t, out), "2024-03-12T10:00:00+01:00");
	assert_string_equal(ics_time_format(ICS_UTC, t, out), "2024-03-12T09:00:00Z");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sv_error_clear(&err);
		assert_rc(ics_time_parse(bad[i], strlen(bad[i]), ICS_STOCKHOLM, &t, "starts_at",
		                         &err),
		          SV_EINVAL);
		assert_string_equal(err.field, "starts_at");
	}
}

/* ---- The writer ---------------------------------------------------------------- */

/* Check RFC 5545 3.1 on text: CRLF only, physical lines <= 75 octets, no
 * UTF-8 sequence split by a fold. Returns the unfolded logical lines joined
 * by '\n' (malloc'd). */
static char *unfold_checked(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	size_t o = 0, col = 0;

	assert_non_null(out);
	assert_true(n >= 2 && s[n - 2] == '\r' && s[n - 1] == '\n');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			/* Every LF is preceded by CR. */
			assert_true(i > 0 && s[i - 1] == '\r');
			continue;
		}
		if (s[i] == '\r') {
			assert_true(i + 1 < n && s[i + 1] == '\n');
			assert_true(col <= ICS_LINE_MAX);
			col = 0;
			if (i + 2 < n && s[i + 2] == ' ') {
				/* A fold: the next byte may not be a UTF-8 continuation. */
				assert_true(i + 3 < n && ((unsigned char)s[i + 3] & 0xc0) != 0x80);
				i += 2; /* skip CR LF SP */
				col = 1;
			} else {
				out[o++] = '\n';
			}
			continue;
		}
		col++;
		out[o++] = s[i];
	}
	out[o] = '\0';
	return out;
}

/* The logical line starting with prefix, or NULL. */
static const char *find_line(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);
	for (const char *p = text; p && *p;) {
		if (!strncmp(p, prefix, n))
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static bool line_is(const char *text, const char *line)
{
	const char *p = find_line(text, line);
	size_t n = strlen(line);
	return p && (p[n] == '\n' || p[n] == '\0');
}

static void check_structure(const char *text)
{
	/* BEGIN/END properly nested. */
	char stack[8][32];
	int depth = 0;
	const char *p = text;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n > 6 && !strncmp(p, "BEGIN:", 6)) {
			assert_true(depth < 8);
			snprintf(stack[depth++], 32, "%.*s", (int)(n - 6), p + 6);
		} else if (n > 4 && !strncmp(p, "END:", 4)) {
			assert_true(depth > 0);
			depth--;
			assert_int_equal(strlen(stack[depth]), n - 4);
			assert_memory_equal(stack[depth], p + 4, n - 4);
		}
		p += n + (e ? 1 : 0);
	}
	assert_int_equal(depth, 0);
	assert_non_null(strstr(text, "BEGIN:VCALENDAR\n"));
	assert_true(!strncmp(text, "BEGIN:VCALENDAR\n", 16));
}

static struct ics_event base_event(void)
{
	struct ics_event ev = {0};
	ev.uid = "7-meeting-42@stegvis";
	ev.dtstamp = US(utc(2024, 3, 5, 11, 0, 0));
	ev.start = US(utc(2024, 3, 12, 9, 0, 0));
	ev.end = US(utc(2024, 3, 12, 10, 0, 0));
	ev.zone = ICS_STOCKHOLM;
	ev.summary = "Trepartsmöte";
	return ev;
}

static void test_write_structure(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct ics_event ev = base_event();
	struct buf b = BUF_INIT;
	char *text;

	(void)state;
	ev.location = "Nacka stadshus, Granitvägen 15";
	assert_ok(ics_write_event(&b, &ev, &err));
	text = unfold_checked(b.data, b.len);
	check_structure(text);
	assert_true(line_is(text, "VERSION:2.0"));
	assert_non_null(find_line(text, "PRODID:"));
	assert_true(line_is(text, "METHOD:PUBLISH"));
	assert_true(line_is(text, "UID:7-meeting-42@stegvis"));
	/* DTSTAMP in UTC; DTSTART/DTEND in Stockholm civil time: 09:00 UTC on 12
	 * March 2024 is 10:00 CET. */
	assert_true(line_is(text, "DTSTAMP:20240305T110000Z"));
	assert_true(line_is(text, "DTSTART;TZID=Europe/Stockholm:20240312T100000"));
	assert_true(line_is(text, "DTEND;TZID=Europe/Stockholm:20240312T110000"));
	/* The zone used is defined (RFC 5545 3.6.5). */
	assert_true(line_is(text, "BEGIN:VTIMEZONE"));
	assert_true(line_is(text, "TZID:Europe/Stockholm"));
	assert_true(line_is(text, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
	assert_true(line_is(text, "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
	/* The comma in the location is escaped (3.3.11). */
	assert_true(line_is(text, "LOCATION:Nacka stadshus\\, Granitvägen 15"));
	assert_true(line_is(text, "SUMMARY:Trepartsmöte"));
	assert_true(line_is(text, "STATUS:CONFIRMED"));
	assert_true(line_is(text, "SEQUENCE:0"));
	assert_null(find_line(text, "DESCRIPTION"));
	/* VTIMEZONE comes before the VEVENT that uses it. */
	assert_true(find_line(text, "BEGIN:VTIMEZONE") < find_line(text, "BEGIN:VEVENT"));
	free(text);
	buf_release(&b);

	/* In UTC: no VTIMEZONE, times with Z; cancelled; no DTEND. */
	ev.zone = ICS_UTC;
	ev.end = 0;
	ev.cancelled = true;
	ev.sequence = 2;
	assert_ok(ics_write_event(&b, &ev, &err));
	text = unfold_checked(b.data, b.len);
	check_structure(text);
	assert_null(find_line(text, "BEGIN:VTIMEZONE"));
	assert_true(line_is(text, "DTSTART:20240312T090000Z"));
	assert_null(find_line(text, "DTEND"));
	assert_true(line_is(text, "STATUS:CANCELLED"));
	assert_true(line_is(text, "SEQUENCE:2"));
	free(text);
	buf_release(&b);
}

static void test_write_summer(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct ics_event ev = base_event();
	struct buf b = BUF_INIT;
	char *text;

	(void)state;
	/* 08:00 UTC on 12 June 2024 is 10:00 CEST. */
	ev.start = US(utc(2024, 6, 12, 8, 0, 0));
	ev.end = US(utc(2024, 6, 12, 9, 30, 0));
	ev.zone = ICS_COPENHAGEN;
	assert_ok(ics_write_event(&b, &ev, &err));
	text = unfold_checked(b.data, b.len);
	assert_true(line_is(text, "DTSTART;TZID=Europe/Copenhagen:20240612T100000"));
	assert_true(line_is(text, "DTEND;TZID=Europe/Copenhagen:20240612T113000"));
	assert_true(line_is(text, "TZID:Europe/Copenhagen"));
	free(text);
	buf_release(&b);
}

static void test_escaping(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct ics_event ev = base_event();
	struct buf b = BUF_INIT;
	char *text;

	(void)state;
	ev.summary = "a,b;c\\d";
	ev.description = "rad 1\nrad 2\r\nrad 3\x01slut\tflik";
	ev.uid = "x;y,z@stegvis";
	assert_ok(ics_write_event(&b, &ev, &err));
	/* Nothing raw: no bare LF inside a value, no control byte. */
	for (size_t i = 0; i < b.len; i++)
		assert_true((unsigned char)b.data[i] >= 0x20 || b.data[i] == '\r' ||
		            b.data[i] == '\n' || b.data[i] == '\t');
	text = unfold_checked(b.data, b.len);
	assert_true(line_is(text, "SUMMARY:a\\,b\\;c\\\\d"));
	/* Newlines (LF and CRLF) become \n, the control character is dropped,
	 * the tab is kept. */
	assert_true(line_is(text, "DESCRIPTION:rad 1\\nrad 2\\nrad 3slut\tflik"));
	assert_true(line_is(text, "UID:x\\;y\\,z@stegvis"));
	free(text);
	buf_release(&b);
}

static void test_folding(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct ics_event ev = base_event();
	struct buf b = BUF_INIT;
	char longtext[1200], want[1300];
	char *text;
	size_t n = 0;

	(void)state;
	/* 300 two-octet letters (ö) and commas: many folds, each forced to fall
	 * between whole characters and escape pairs. */
	for (int i = 0; i < 300; i++) {
		if (i % 7 == 6) {
			longtext[n++] = ',';
		} else {
			longtext[n++] = (char)0xc3;
			longtext[n++] = (char)0xb6;
		}
	}
	longtext[n] = '\0';
	ev.description = longtext;
	assert_ok(ics_write_event(&b, &ev, &err));
	/* There are folds... */
	assert_non_null(strstr(b.data, "\r\n "));
	/* ...every physical line is at most 75 octets, and unfolding gives back
	 * the escaped text (unfold_checked asserts both). */
	text = unfold_checked(b.data, b.len);
	n = 0;
	n += (size_t)snprintf(want, sizeof(want), "DESCRIPTION:");
	for (const char *p = longtext; *p; p++) {
		if (*p == ',')
			want[n++] = '\\';
		want[n++] = *p;
	}
	want[n] = '\0';
	assert_true(line_is(text, want));
	free(text);
	buf_release(&b);

	/* A line of exactly 75 octets is not folded; 76 is. */
	{
		char s75[80];
		/* "SUMMARY:" is 8 octets: 67 more make 75. */
		memset(s75, 'x', 67);
		s75[67] = '\0';
		ev.description = NULL;
		ev.summary = s75;
		assert_ok(ics_write_event(&b, &ev, &err));
		assert_non_null(strstr(b.data, "\r\nSUMMARY:"));
		{
			const char *p = strstr(b.data, "\r\nSUMMARY:") + 2;
			assert_true(!strncmp(p + 75, "\r\nSEQUENCE", 10) ||
			            !strncmp(p + 75, "\r\nLOCATION", 10) ||
			            !strncmp(p + 75, "\r\nSTATUS", 8) ||
			            !strncmp(p + 75, "\r\nDESCRIPTION", 13));
		}
		buf_release(&b);
		s75[67] = 'y';
		s75[68] = '\0';
		assert_ok(ics_write_event(&b, &ev, &err));
		{
			const char *p = strstr(b.data, "\r\nSUMMARY:") + 2;
			assert_true(!strncmp(p + 75, "\r\n y", 4));
		}
		buf_release(&b);
	}
}

static void test_bad_events(void **state)
{
	struct sv_error err = SV_ERROR_INIT;
	struct ics_event ev;
	struct buf b = BUF_INIT;

	(void)state;
	assert_ok(buf_adds(&b, "keep"));

	ev = base_event();
	ev.uid = NULL;
	assert_rc(ics_write_event(&b, &ev, &err), SV_EINVAL);
	assert_string_equal(err.field, "uid");
	assert_string_equal(err.rule, "RFC-5545");

	sv_error_clear(&err);
	ev = base_event();
	ev.uid = "a\r\nBEGIN:VEVENT";
	assert_rc(ics_write_event(&b, &ev, &err), SV_EINVAL);
	assert_string_equal(err.field, "uid");

	sv_error_clear(&err);
	ev = base_event();
	ev.end = ev.start;
	assert_rc(ics_write_event(&b, &ev, &err), SV_EINVAL);
	assert_string_equal(err.field, "end");

	sv_error_clear(&err);
	ev = base_event();
	ev.dtstamp = 0;
	assert_rc(ics_write_event(&b, &ev, &err), SV_EINVAL);
	assert_string_equal(err.field, "dtstamp");

	sv_error_clear(&err);
	ev = base_event();
	ev.sequence = -1;
	assert_rc(ics_write_event(&b, &ev, &err), SV_EINVAL);
	assert_string_equal(err.field, "sequence");

	sv_error_clear(&err);
	ev = base_event();
	ev.zone = (enum ics_zone)7;
	assert_rc(ics_write_event(&b, &ev, &err), SV_EINVAL);
	assert_string_equal(err.field, "zone");

	/* Invalid UTF-8: a lone continuation byte, an overlong form, a surrogate. */
	{
		const char *bad[] = {"ab\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf5\x80\x80\x80",
		                     "\xc3"};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			sv_error_clear(&err);
			ev = base_event();
			ev.location = bad[i];
			assert_rc(ics_write_event(&b, &ev, &err), SV_EINVAL);
			assert_string_equal(err.field, "location");
			assert_string_equal(err.rule, "RFC-5545");
		}
	}
	/* Nothing was appended by the failures. */
	assert_int_equal(b.len, 4);
	assert_string_equal(b.data, "keep");

	/* A cap that the calendar does not fit: SV_ENOMEM, buffer unchanged. */
	{
		struct buf small;
		buf_init(&small, 100);
		sv_error_clear(&err);
		ev = base_event();
		assert_rc(ics_write_event(&small, &ev, &err), SV_ENOMEM);
		assert_int_equal(small.len, 0);
		buf_release(&small);
	}
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_zone_offsets), cmocka_unit_test(test_civil),
	        cmocka_unit_test(test_time_parse),   cmocka_unit_test(test_write_structure),
	        cmocka_unit_test(test_write_summer), cmocka_unit_test(test_escaping),
	        cmocka_unit_test(test_folding),      cmocka_unit_test(test_bad_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
