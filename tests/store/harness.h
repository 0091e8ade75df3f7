/*
 * harness.h - opening a fresh database for the store tests, on either
 * backend. SQLite: a file in a new temporary directory. PostgreSQL: a new
 * database created on the server named by $SV_TEST_PG (scripts/pg-throwaway
 * starts one), dropped again by harness_cleanup().
 *
 * When the PostgreSQL server is not given, the test fails, unless
 * SV_NO_PG=1, in which case it is skipped (exit 77, ctest's SKIP code).
 */
#ifndef SV_TEST_STORE_HARNESS_H
#define SV_TEST_STORE_HARNESS_H

#include <stdbool.h>

#include "stegvis/store.h"

#define HARNESS_SKIP 77

struct harness {
	char url[512];
	char dir[256];   /* SQLite: the temporary directory */
	char dbname[64]; /* PostgreSQL: the database created */
	char admin[512]; /* PostgreSQL: $SV_TEST_PG */
};

/*
 * Make a fresh, migrated database of backend "sqlite" or "pg" and fill h->url.
 * Returns 0, HARNESS_SKIP (print why) or 1 on failure (printed).
 */
int harness_create(struct harness *h, const char *backend);
/* Remove what harness_create made. */
void harness_cleanup(struct harness *h);
/* Open a new handle on h->url or fail the test (exit 1). */
struct store *harness_open(const struct harness *h);

#endif
