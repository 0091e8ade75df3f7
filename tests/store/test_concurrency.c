/*
 * Concurrent writers lose nothing: WRITERS processes, each with its own
 * connection, commit TX transactions at the same time. Every transaction
 * creates a customer and appends an event to one shared case chain, so the
 * writers also contend for the same chain head. Afterwards every customer is
 * there, the shared chain has exactly 1 + WRITERS * TX events numbered
 * without gaps, and every chain verifies. Run against both backends.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "stegvis/store.h"

#define WRITERS 4
#define TX      40

static void die(const char *what, const struct sv_error *e)
{
	char msg[600];
	sv_error_format(e, msg, sizeof(msg));
	fprintf(stderr, "%s: %s\n", what, msg);
	exit(1);
}

static void writer(const char *url, int64_t tenant, int64_t shared, int k)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store *st = NULL;

	if (store_open(url, &st, &e))
		die("open", &e);
	for (int i = 0; i < TX; i++) {
		struct store_write w = {tenant, 0, (sv_time)k * 1000000 + i, "concurrency"};
		struct store_customer c = {0};
		char pid[13];
		enum sv_rc rc;

		snprintf(pid, sizeof(pid), "19%04d%06d", k, i);
		c.person_id = pid;
		c.id_kind = "personnummer";
		c.given_name = "C";
		c.family_name = "W";
		c.birth_date = SV_NO_DATE;
		rc = store_begin(st, &e);
		if (!rc)
			rc = store_customer_create(st, &w, &c, &e);
		if (!rc)
			rc = store_event_append(st, &w, shared, "shared.touched", NULL, &e);
		if (!rc)
			rc = store_commit(st, &e);
		if (rc) {
			store_rollback(st);
			die("writer", &e);
		}
	}
	store_close(st);
	exit(0);
}

int main(int argc, char **argv)
{
	const char *backend = argc > 1 ? argv[1] : "sqlite";
	struct harness h;
	struct sv_error e = SV_ERROR_INIT;
	struct store *st;
	struct store_tenant t = {0};
	struct store_customer shared = {0};
	struct store_write w = {0, 0, 0, "setup"};
	pid_t pids[WRITERS];
	int failures = 0;
	int rc = harness_create(&h, backend);

	if (rc)
		return rc;
	st = harness_open(&h);
	t.code = "conc";
	t.name = "Concurrency";
	t.country = "SE";
	if (store_tenant_create(st, &t, 0, &e))
		die("tenant", &e);
	w.tenant = t.id;
	shared.id_kind = "none";
	shared.given_name = "Shared";
	shared.family_name = "Case";
	shared.birth_date = SV_NO_DATE;
	if (store_customer_create(st, &w, &shared, &e))
		die("shared", &e);
	store_close(st);

	for (int k = 0; k < WRITERS; k++) {
		pids[k] = fork();
		if (pids[k] == 0)
			writer(h.url, t.id, shared.id, k);
	}
	for (int k = 0; k < WRITERS; k++) {
		int status;
		waitpid(pids[k], &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "FAIL: writer %d failed\n", k);
			failures++;
		}
	}

	st = harness_open(&h);
	{
		int64_t n = 0, chains = 0, events = 0, seq = 0;
		struct store_page pg = {0, STORE_PAGE_MAX};
		do {
			struct store_customer_list l;
			if (store_customer_list(st, t.id, 0, pg, &l, &e))
				die("list", &e);
			n += (int64_t)l.n;
			pg.after = l.next;
			store_customer_list_release(&l);
		} while (pg.after);
		if (n != 1 + WRITERS * TX) {
			fprintf(stderr, "FAIL: %" PRId64 " customers, want %d\n", n,
			        1 + WRITERS * TX);
			failures++;
		}
		pg.after = 0;
		do {
			struct store_event_list l;
			if (store_event_list_case(st, t.id, shared.id, pg, &l, &e))
				die("events", &e);
			for (size_t i = 0; i < l.n; i++)
				if (l.v[i].seq != ++seq) {
					fprintf(stderr,
					        "FAIL: shared chain seq %" PRId64 " at %" PRId64
					        "\n",
					        l.v[i].seq, seq);
					failures++;
				}
			pg.after = l.next;
			store_event_list_release(&l);
		} while (pg.after);
		if (seq != 1 + WRITERS * TX) {
			fprintf(stderr, "FAIL: shared chain has %" PRId64 " events, want %d\n", seq,
			        1 + WRITERS * TX);
			failures++;
		}
		if (store_verify(st, &chains, &events, &e)) {
			fprintf(stderr, "FAIL: verify: %s\n", e.msg);
			failures++;
		}
		printf("%d writers x %d transactions: %" PRId64 " customers, %" PRId64
		       " events in %" PRId64 " chains, all verified\n",
		       WRITERS, TX, n, events, chains);
	}
	store_close(st);
	harness_cleanup(&h);
	return failures ? 1 : 0;
}
