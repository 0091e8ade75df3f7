/* Common includes for the cmocka unit tests. */
#ifndef SV_TEST_H
#define SV_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#define assert_rc(expr, rc) assert_int_equal((int)(expr), (int)(rc))
#define assert_ok(expr)     assert_rc(expr, SV_OK)

#endif
