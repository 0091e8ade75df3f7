/* Unit tests for src/util/log.c: one JSON object per line, fixed clock. */
#include "test.h"

#include <jansson.h>
#include <stdio.h>
#include <unistd.h>

#include "stegvis/log.h"

static int64_t fixed_clock(void *ctx)
{
	return *(int64_t *)ctx;
}

/* Emits into a pipe and reads the line back. */
static void capture(const struct log_sink *proto, char *out, size_t outsz, enum log_level lvl)
{
	int fds[2];
	struct log_sink s = *proto;
	ssize_t n;

	assert_int_equal(pipe(fds), 0);
	s.fd = fds[1];
	log_emit(&s, lvl, "http.request", LOG_STR("rid", "r-1"), LOG_INT("status", 404),
	         LOG_DBL("ms", 1.5), LOG_BOOL("tls", 0), LOG_STR("route", "say \"hej\"\n"),
	         LOG_STR("user", NULL), LOG_END);
	close(fds[1]);
	n = read(fds[0], out, outsz - 1);
	close(fds[0]);
	out[n < 0 ? 0 : n] = '\0';
}

static void line_is_json_with_fields_in_order(void **state)
{
	/* 2024-03-05T09:12:01.123Z: 19787 days after 1970-01-01 (2024-03-05),
	 * 9*3600 + 12*60 + 1 = 33121 s into the day, and 123 ms:
	 * (19787 * 86400 + 33121) * 1000 + 123 = 1709629921123. */
	int64_t now = 1709629921123;
	struct log_sink s;
	char line[1024];
	json_t *v;
	json_error_t jerr;

	log_sink_init(&s, -1, LOG_INFO);
	s.now_ms = fixed_clock;
	s.now_ctx = &now;
	capture(&s, line, sizeof(line), LOG_WARN);
	assert_non_null(strchr(line, '\n'));
	assert_int_equal(strchr(line, '\n')[1], '\0');
	v = json_loads(line, 0, &jerr);
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(v, "ts")),
	                    "2024-03-05T09:12:01.123Z");
	assert_string_equal(json_string_value(json_object_get(v, "level")), "warn");
	assert_string_equal(json_string_value(json_object_get(v, "event")), "http.request");
	assert_int_equal(json_integer_value(json_object_get(v, "status")), 404);
	assert_true(json_real_value(json_object_get(v, "ms")) == 1.5);
	assert_true(json_is_false(json_object_get(v, "tls")));
	assert_string_equal(json_string_value(json_object_get(v, "route")), "say \"hej\"\n");
	assert_true(json_is_null(json_object_get(v, "user")));
	json_decref(v);
}

static void below_min_level_is_dropped(void **state)
{
	struct log_sink s;
	char line[256];

	log_sink_init(&s, -1, LOG_ERROR);
	capture(&s, line, sizeof(line), LOG_INFO);
	assert_string_equal(line, "");
}

static void level_names_parse(void **state)
{
	assert_int_equal(log_level_parse("debug"), LOG_DEBUG);
	assert_int_equal(log_level_parse("warn"), LOG_WARN);
	assert_int_equal(log_level_parse("off"), LOG_OFF);
	assert_int_equal(log_level_parse("verbose"), -1);
	assert_int_equal(log_level_parse(NULL), -1);
}

static void timestamp_before_epoch(void **state)
{
	char ts[LOG_TS_LEN];

	/* -1 ms is 1969-12-31T23:59:59.999Z. */
	log_format_ts(-1, ts);
	assert_string_equal(ts, "1969-12-31T23:59:59.999Z");
	log_format_ts(0, ts);
	assert_string_equal(ts, "1970-01-01T00:00:00.000Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(line_is_json_with_fields_in_order),
	        cmocka_unit_test(below_min_level_is_dropped),
	        cmocka_unit_test(level_names_parse),
	        cmocka_unit_test(timestamp_before_epoch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
