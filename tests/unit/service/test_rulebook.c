/* Unit tests for src/service/rulebook.c: the packs of rules/ loaded from disk. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "service/rulebook.h"

static char tmpdir[64];

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void loads_every_pack_of_the_source_tree(void **state)
{
	struct rulebook rb;
	struct sv_error err = SV_ERROR_INIT;
	const struct rules_pack *p;
	sv_date d;

	rulebook_init(&rb);
	assert_ok(rulebook_load_dir(&rb, SV_SOURCE_DIR "/rules", NULL, &err));
	assert_int_equal(rb.n_files, 5);
	assert_int_equal(rb.set.n, 5);
	p = rules_set_find(&rb.set, "se-nacka-kundval-2024");
	assert_non_null(p);
	/* CAL-3: 2024-06-21 is midsommarafton, a non-working day; the 24th a Monday. */
	assert_ok(date_parse("2024-06-21", 10, &d, "t", NULL));
	assert_false(cal_working(rulebook_cal(&rb, CAL_SE), d));
	assert_true(cal_working(rulebook_cal(&rb, CAL_SE), d + 3));
	/* DK: grundlovsdag 5 June is non-working (CAL-3 Decision), not in Sweden. */
	assert_ok(date_parse("2024-06-05", 10, &d, "t", NULL));
	assert_false(cal_working(rulebook_cal(&rb, CAL_DK), d));
	assert_true(cal_working(rulebook_cal(&rb, CAL_SE), d));
	rulebook_release(&rb);
}

static void a_broken_pack_refuses_the_whole_directory(void **state)
{
	struct rulebook rb;
	struct rules_problems ps;
	struct sv_error err = SV_ERROR_INIT;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/sv_rulebook_XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	write_file("a.json", "{\"pack\": \"x\", \"title\": 3}");
	write_file("notes.txt", "not a pack");
	rulebook_init(&rb);
	rules_problems_init(&ps);
	assert_rc(rulebook_load_dir(&rb, tmpdir, &ps, &err), SV_EINVAL);
	assert_true(ps.n > 0);
	assert_string_equal(err.field, "rules");
	assert_non_null(strstr(err.msg, "a.json"));
	assert_int_equal(rb.set.n, 0);
	assert_int_equal(rb.n_files, 0);
	rules_problems_release(&ps);
	rulebook_release(&rb);
	{
		char path[256];
		snprintf(path, sizeof(path), "%s/a.json", tmpdir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/notes.txt", tmpdir);
		unlink(path);
		rmdir(tmpdir);
	}
}

static void a_missing_directory_names_the_field(void **state)
{
	struct rulebook rb;
	struct sv_error err = SV_ERROR_INIT;

	rulebook_init(&rb);
	assert_rc(rulebook_load_dir(&rb, "/nonexistent/rules", NULL, &err), SV_EIO);
	assert_string_equal(err.field, "rules");
	rulebook_release(&rb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(loads_every_pack_of_the_source_tree),
	        cmocka_unit_test(a_broken_pack_refuses_the_whole_directory),
	        cmocka_unit_test(a_missing_directory_names_the_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
