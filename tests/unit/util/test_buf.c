/* Unit tests for src/util/buf.c and err.c. */
#include "test.h"

#include <stdlib.h>

#include "stegvis/buf.h"
#include "stegvis/err.h"

static void append_and_take(void **state)
{
	struct buf b = BUF_INIT;
	size_t len;
	char *p;

	assert_string_equal(b.data, "");
	assert_ok(buf_adds(&b, "kund"));
	assert_ok(buf_addc(&b, '-'));
	assert_ok(buf_addf(&b, "%d öre", 284240));
	assert_string_equal(b.data, "kund-284240 öre");
	p = buf_take(&b, &len);
	assert_int_equal(len, strlen("kund-284240 öre"));
	assert_string_equal(p, "kund-284240 öre");
	assert_int_equal(b.len, 0);
	free(p);
	buf_release(&b);
}

static void cap_is_enforced_and_buffer_unchanged(void **state)
{
	struct buf b;

	buf_init(&b, 8);
	assert_ok(buf_adds(&b, "12345678"));
	assert_rc(buf_addc(&b, '9'), SV_ENOMEM);
	assert_string_equal(b.data, "12345678");
	assert_rc(buf_addf(&b, "%s", "x"), SV_ENOMEM);
	assert_int_equal(b.len, 8);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_release(&b);
}

static void take_of_empty_gives_empty_string(void **state)
{
	struct buf b = BUF_INIT;
	char *p = buf_take(&b, NULL);
	assert_non_null(p);
	assert_string_equal(p, "");
	free(p);
}

static void first_error_wins(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	char out[256];

	assert_rc(sv_error_set(&e, SV_EINVAL, "start", "ISO-8601", "no such date %s", "2023-02-29"),
	          SV_EINVAL);
	assert_rc(sv_error_set(&e, SV_ENOMEM, "other", "", "later"), SV_ENOMEM);
	assert_string_equal(e.field, "start");
	sv_error_format(&e, out, sizeof(out));
	assert_string_equal(out, "start: no such date 2023-02-29 (ISO-8601)");
	sv_error_clear(&e);
	assert_int_equal(e.rc, SV_OK);
	assert_string_equal(sv_strerror(SV_ENOTFOUND), "not found");
	assert_string_equal(sv_strerror((enum sv_rc)999), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(append_and_take),
	        cmocka_unit_test(cap_is_enforced_and_buffer_unchanged),
	        cmocka_unit_test(take_of_empty_gives_empty_string),
	        cmocka_unit_test(first_error_wins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
