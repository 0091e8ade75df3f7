/*
 * A writer process really killed with SIGKILL in the middle of a
 * transaction: afterwards the database is consistent, every
 * committed transaction is there whole, nothing of the killed one is, and
 * every event chain verifies. Run against both backends (argv[1]).
 *
 * Round 1 kills the writer while it is parked inside an open transaction
 * with uncommitted rows and events; round 2 kills it at a random moment of a
 * busy write loop (inside a statement, a commit, or between transactions).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "stegvis/store.h"

static int failures;

#define CHECK(cond, ...)                                                                \
	do {                                                                            \
		if (!(cond)) {                                                          \
			failures++;                                                     \
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                   \
			fputc('\n', stderr);                                            \
		}                                                                       \
	} while (0)

#define EVENTS_PER_CASE 4 /* customer.created and three appended */

static void die(const char *what, const struct sv_error *e)
{
	char msg[600];
	sv_error_format(e, msg, sizeof(msg));
	fprintf(stderr, "writer: %s: %s\n", what, msg);
	_exit(3);
}

/* One transaction: a customer and three more events on its case chain. */
static void write_one(struct store *st, int64_t tenant, int n, int park_fd, int report_fd)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_write w = {tenant, 0, (sv_time)1700000000000000 + n, "crash test"};
	struct store_customer c = {0};
	char pid[13];

	/* Personnummer-shaped and unique; the store checks the shape only. */
	snprintf(pid, sizeof(pid), "19%010d", n);
	c.person_id = pid;
	c.id_kind = "personnummer";
	c.given_name = "Test";
	c.family_name = "Person";
	c.birth_date = SV_NO_DATE;
	if (store_begin(st, &e))
		die("begin", &e);
	if (store_customer_create(st, &w, &c, &e))
		die("customer", &e);
	for (int k = 0; k < EVENTS_PER_CASE - 1; k++) {
		if (store_event_append(st, &w, c.id, "note.added", "{\"n\":1}", &e))
			die("event", &e);
		if (k == 0 && park_fd >= 0) {
			char x = 'T';
			/* Tell the parent we are inside the transaction, then wait for a
			 * word that never comes: the kill lands here. */
			if (write(report_fd, &x, 1) != 1)
				_exit(4);
			if (read(park_fd, &x, 1) < 0)
				_exit(4);
		}
	}
	if (store_commit(st, &e))
		die("commit", &e);
	{
		char x = 'C';
		if (write(report_fd, &x, 1) != 1)
			_exit(4);
	}
}

static void writer(const char *url, int64_t tenant, int first, int park_after, int park_fd,
                   int report_fd)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store *st = NULL;

	if (store_open(url, &st, &e))
		die("open", &e);
	for (int n = first;; n++)
		write_one(st, tenant, n, n - first == park_after ? park_fd : -1, report_fd);
}

/* Fork a writer; returns its pid and the read end of its report pipe. */
static pid_t start_writer(const char *url, int64_t tenant, int first, int park_after, int *rd,
                          int *park_w)
{
	int rep[2], park[2];
	pid_t pid;

	if (pipe(rep) || pipe(park)) {
		perror("pipe");
		exit(1);
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		close(rep[0]);
		close(park[1]);
		writer(url, tenant, first, park_after, park[0], rep[1]);
		_exit(0);
	}
	close(rep[1]);
	close(park[0]);
	*rd = rep[0];
	*park_w = park[1];
	return pid;
}

/* Read reports until want commits were seen (and, when park, the 'T' after them). */
static int read_reports(int fd, int want_commits, bool park)
{
	int commits = 0;
	char x;

	while (commits < want_commits || park) {
		ssize_t r = read(fd, &x, 1);
		if (r <= 0) {
			fprintf(stderr, "writer died early\n");
			exit(1);
		}
		if (x == 'C')
			commits++;
		else if (x == 'T' && park)
			break;
	}
	return commits;
}

static int64_t count_customers(struct store *st, int64_t tenant)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store_page pg = {0, STORE_PAGE_MAX};
	int64_t n = 0;

	do {
		struct store_customer_list l;
		if (store_customer_list(st, tenant, 0, pg, &l, &e))
			die("list", &e);
		for (size_t i = 0; i < l.n; i++) {
			struct store_event_list ev;
			if (store_event_list_case(st, tenant, l.v[i].id, (struct store_page){0},
			                          &ev, &e))
				die("events", &e);
			/* A whole transaction or nothing: never a customer with fewer events. */
			CHECK(ev.n == EVENTS_PER_CASE, "customer %" PRId64 " has %zu events",
			      l.v[i].id, ev.n);
			store_event_list_release(&ev);
		}
		n += (int64_t)l.n;
		pg.after = l.next;
		store_customer_list_release(&l);
	} while (pg.after);
	return n;
}

static void check_consistent(const char *url, int64_t tenant, int64_t want_min, int64_t want_max,
                             int64_t admin_events, const char *round)
{
	struct sv_error e = SV_ERROR_INIT;
	struct store *st = NULL;
	int64_t chains = 0, events = 0, n;
	enum sv_rc rc;

	if (store_open(url, &st, &e))
		die("reopen", &e);
	rc = store_verify(st, &chains, &events, &e);
	CHECK(rc == SV_OK, "%s: verify: %s", round, e.msg);
	n = count_customers(st, tenant);
	CHECK(n >= want_min && n <= want_max,
	      "%s: %" PRId64 " customers, want %" PRId64 "..%" PRId64, round, n, want_min,
	      want_max);
	CHECK(events == n * EVENTS_PER_CASE + admin_events,
	      "%s: %" PRId64 " events for %" PRId64 " customers", round, events, n);
	/* The database takes writes again after the crash. */
	{
		struct store_write w = {tenant, 0, 1, "after crash"};
		rc = store_event_append(st, &w, 0, "check.after_crash", NULL, &e);
		CHECK(rc == SV_OK, "%s: write after crash: %s", round, e.msg);
	}
	printf("%s: %" PRId64 " committed transactions intact, %" PRId64 " chains verified\n",
	       round, n, chains);
	store_close(st);
}

int main(int argc, char **argv)
{
	const char *backend = argc > 1 ? argv[1] : "sqlite";
	struct harness h;
	struct sv_error e = SV_ERROR_INIT;
	struct store *st;
	struct store_tenant t = {0};
	int rd, park_w, status, commits;
	pid_t pid;
	int rc = harness_create(&h, backend);

	if (rc)
		return rc;
	st = harness_open(&h);
	t.code = "crash";
	t.name = "Crash";
	t.country = "SE";
	if (store_tenant_create(st, &t, 0, &e))
		die("tenant", &e);
	store_close(st);

	/* Round 1: killed while parked inside a transaction after 15 commits. */
	pid = start_writer(h.url, t.id, 0, 15, &rd, &park_w);
	commits = read_reports(rd, 15, true);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "round 1: not killed");
	close(rd);
	close(park_w);
	check_consistent(h.url, t.id, commits, commits, 0, "round 1 (parked in a transaction)");

	/* Round 2: killed at a random moment of a busy loop. */
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	pid = start_writer(h.url, t.id, 100000, -1, &rd, &park_w);
	commits = read_reports(rd, 10, false);
	usleep((useconds_t)(rand() % 20000));
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "round 2: not killed");
	{
		/* Drain what it reported before dying; one more commit may have
		 * reached the database without its report. */
		char x;
		while (read(rd, &x, 1) == 1)
			commits += x == 'C';
	}
	close(rd);
	close(park_w);
	check_consistent(h.url, t.id, 15 + commits, 15 + commits + 1, 1, "round 2 (random moment)");

	harness_cleanup(&h);
	if (failures)
		fprintf(stderr, "%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}
