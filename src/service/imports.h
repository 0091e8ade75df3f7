/*
 * imports.h - the import of a municipality's data (docs/import-format.md)
 * as one use case, shared by `stegvis import FILE` and POST /api/v1/imports
 * so that the two cannot drift.
 *
 * One run is one transaction: store_import() validates and writes every
 * record, then obligations_recompute_all() gives every case of the tenant
 * its obligations (the deadline engine on s->rules, judged on s->today and
 * s->now). All or nothing: a bad record, a refusal of the engine or a
 * database error rolls everything back. A dry run does all of it and rolls
 * back at the end, so it reports exactly what a real run would, and writes
 * nothing ("check the file first").
 *
 * Who may run it:
 *   - the system (s->who == NULL: an operator on the server, the CLI) may
 *     import into any tenant, creating the one the file names when missing;
 *   - a user needs ACT_DATA_IMPORT (the admin), and the file's
 *     $.tenant.code must be the tenant the user belongs to (s->tenant): a
 *     file naming another tenant, existing or not, is refused before any
 *     record of it is read against the database (no other tenant is
 *     created, looked into or touched).
 *
 * every event of the import (customer.created, intervention.created,
 * ... in the imported records' chains) names the caller as actor (0 for
 * the system) and carries reason (NULL: "import").
 */
#ifndef SV_SERVICE_IMPORTS_H
#define SV_SERVICE_IMPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/svc.h"
#include "stegvis/store.h"

/*
 * Import the document json[0..len) (not necessarily NUL-terminated).
 *
 * On return rep holds the bad records (field = JSON path, rule = the rule
 * broken; at most 1000 kept, the rest counted in nerrors_dropped) and, on
 * success, the counts and the tenant id; *obligations (optional) the number
 * of interventions whose obligations were computed. The caller releases rep
 * with store_import_report_release() whatever the outcome.
 *
 * Returns SV_OK (committed, or rolled back for dry_run); SV_EINVAL for bad
 * records (rep->errors, err names the first) or for a file naming another
 * tenant (err: field "$.tenant.code", rule X-5; rep->errors empty);
 * SV_EFORBIDDEN for a user without ACT_DATA_IMPORT; SV_EDB and the
 * like from the store. On any error nothing is written and the counts in
 * rep are zero.
 */
enum sv_rc imports_run(const struct svc *s, const char *json, size_t len, bool dry_run,
                       const char *reason, struct store_import_report *rep, int64_t *obligations,
                       struct sv_error *err) SV_WUR;

#endif
