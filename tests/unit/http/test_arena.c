/* Unit tests for src/util/arena.c: the per-request region allocator. */
#include "test.h"

#include <stdint.h>

#include "stegvis/arena.h"

static void allocations_are_aligned_and_distinct(void **state)
{
	struct arena a;
	char *p, *q;

	arena_init(&a, 256, 0);
	p = arena_alloc(&a, 3);
	q = arena_alloc(&a, 5);
	assert_non_null(p);
	assert_non_null(q);
	assert_int_equal((uintptr_t)p % 16, 0);
	assert_int_equal((uintptr_t)q % 16, 0);
	/* 3 bytes round up to 16: q starts 16 bytes after p in the same block. */
	assert_int_equal(q - p, 16);
	memset(p, 'x', 3);
	memset(q, 'y', 5);
	assert_int_equal(p[2], 'x');
	arena_release(&a);
}

static void strings_and_printf(void **state)
{
	struct arena a;
	char *s;

	arena_init(&a, 0, 0);
	assert_string_equal(arena_strdup(&a, "Anordnare AB"), "Anordnare AB");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_null(arena_strdup(&a, NULL));
	s = arena_printf(&a, "/api/v1/customers/%d", 42);
	assert_string_equal(s, "/api/v1/customers/42");
	arena_release(&a);
}

static void large_allocation_gets_own_block_and_small_ones_continue(void **state)
{
	struct arena a;
	char *small1, *big, *small2;

	arena_init(&a, 1024, 0);
	small1 = arena_alloc(&a, 16);
	big = arena_alloc(&a, 4096);
	small2 = arena_alloc(&a, 16);
	assert_non_null(big);
	memset(big, 0, 4096);
	/* The small allocations stay in the first block, back to back. */
	assert_int_equal(small2 - small1, 16);
	arena_release(&a);
}

static void cap_refuses_and_arena_stays_usable(void **state)
{
	struct arena a;

	arena_init(&a, 512, 2048);
	assert_non_null(arena_alloc(&a, 100));
	assert_null(arena_alloc(&a, 8192));
	assert_non_null(arena_alloc(&a, 100));
	assert_null(arena_calloc(&a, SIZE_MAX / 2, 4));
	arena_release(&a);
}

static void reset_keeps_one_block_and_calloc_zeroes(void **state)
{
	struct arena a;
	unsigned char *p;

	arena_init(&a, 128, 0);
	for (int i = 0; i < 50; i++)
		assert_non_null(arena_alloc(&a, 64));
	arena_reset(&a);
	assert_non_null(a.head);
	/* One block of 128 bytes plus its header is left. */
	assert_true(a.used > 128 && a.used < 256);
	p = arena_calloc(&a, 10, 8);
	assert_non_null(p);
	for (int i = 0; i < 80; i++)
		assert_int_equal(p[i], 0);
	arena_release(&a);
	assert_null(a.head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(allocations_are_aligned_and_distinct),
	        cmocka_unit_test(strings_and_printf),
	        cmocka_unit_test(large_allocation_gets_own_block_and_small_ones_continue),
	        cmocka_unit_test(cap_refuses_and_arena_stays_usable),
	        cmocka_unit_test(reset_keeps_one_block_and_calloc_zeroes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
