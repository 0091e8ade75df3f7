/* Unit tests for src/core/deadline.c: obligations from rule packs and case
 * facts (CAL-2, CAL-3, CAL-3a, CAL-4 and the deadlines of the packs).
 *
 * The Kundval deadlines come from the real pack rules/se-nacka-kundval-2024.json
 * (loaded from SV_SOURCE_DIR), so a change to the pack shows here. Deadlines
 * that pack does not have (JP-5, other years) are small packs written below
 * as JSON and loaded with the same rules API.
 *
 * Every due date is worked out by hand in the comments from the Swedish
 * working-day calendar of CAL-3 (2024: långfredagen 29 March, påskdagen 31
 * March, annandag påsk 1 April, nationaldagen Thursday 6 June, midsommarafton
 * Friday 21 June, midsommardagen 22 June, julafton, juldagen, annandag jul
 * 24-26 December, nyårsafton 31 December; 2025: nyårsdagen 1 January,
 * trettondedag jul Monday 6 January). */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "stegvis/deadline.h"

/* ---- helpers ------------------------------------------------------------- */

static sv_date D(const char *s)
{
	sv_date d = 0;
	if (date_parse(s, strlen(s), &d, "t", NULL) != SV_OK)
		fail_msg("bad date in test: %s", s);
	return d;
}

static const char *F(sv_date d)
{
	static char out[8][SV_DATE_STRLEN];
	static int i;
	i = (i + 1) % 8;
	return date_format(d, out[i]);
}

/* The instant hh:mm UTC on the date s, in µs since the epoch. */
static int64_t AT(const char *s, int hh, int mm)
{
	return (int64_t)D(s) * DL_DAY_US + ((int64_t)hh * 60 + mm) * 60 * 1000000;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long sz = -1;

	if (!f)
		fail_msg("cannot open %s", path);
	if (fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		fail_msg("cannot size %s", path);
	data = malloc((size_t)sz + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	*len = (size_t)sz;
	return data;
}

static void load_json(struct rules_pack *p, const char *name, const char *json)
{
	struct rules_problems probs = RULES_PROBLEMS_INIT;
	char line[1024];

	rules_pack_init(p);
	if (rules_pack_load(p, name, json, strlen(json), &probs) != SV_OK) {
		for (size_t i = 0; i < probs.n; i++) {
			rules_problem_format(&probs.v[i], line, sizeof(line));
			print_error("%s\n", line);
		}
		rules_problems_release(&probs);
		fail_msg("pack %s does not load", name);
	}
	rules_problems_release(&probs);
}

/* The real Kundval pack, loaded once per test run. */
static struct rules_pack kundval;

static int load_kundval(void **state)
{
	const char *dir = getenv("SV_SOURCE_DIR");
	char path[1024];
	struct rules_problems probs = RULES_PROBLEMS_INIT;
	size_t len = 0;
	char *data;
	enum sv_rc rc;

	snprintf(path, sizeof(path), "%s/rules/se-nacka-kundval-2024.json",
	         dir && *dir ? dir : SV_SOURCE_DIR);
	data = read_file(path, &len);
	rules_pack_init(&kundval);
	rc = rules_pack_load(&kundval, "se-nacka-kundval-2024.json", data, len, &probs);
	free(data);
	for (size_t i = 0; i < probs.n; i++) {
		char line[1024];
		rules_problem_format(&probs.v[i], line, sizeof(line));
		fprintf(stderr, "%s\n", line);
	}
	rules_problems_release(&probs);
	return rc == SV_OK ? 0 : -1;
}

static int free_kundval(void **state)
{
	rules_pack_release(&kundval);
	return 0;
}

/* A case under construction. */
struct fx {
	const struct rules_pack *packs[4];
	struct dl_input in;
	struct dl_event ev[64];
	struct dl_obligation out[256];
	size_t n;
};

static void fx_init(struct fx *f, const struct rules_pack *pack, const char *start,
                    const char *planned_end)
{
	memset(f, 0, sizeof(*f));
	dl_input_init(&f->in);
	f->packs[0] = pack;
	f->in.packs = f->packs;
	f->in.n_packs = 1;
	f->in.events = f->ev;
	if (start)
		f->in.start = D(start);
	if (planned_end)
		f->in.planned_end = D(planned_end);
}

/* An event at hh:mm UTC (12:00 UTC is 13:00 or 14:00 in Stockholm, the same
 * civil date). */
static void add_at(struct fx *f, const char *name, const char *date, int hh, int mm,
                   const char *key)
{
	assert_true(f->in.n_events < 64);
	f->ev[f->in.n_events++] = (struct dl_event){name, AT(date, hh, mm), D(date), key};
}

static void add(struct fx *f, const char *name, const char *date, const char *key)
{
	add_at(f, name, date, 12, 0, key);
}

/* Judge the case on today at noon UTC. */
static void today(struct fx *f, const char *date)
{
	f->in.today = D(date);
	f->in.now = AT(date, 12, 0);
}

static void sorted(const struct dl_obligation *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		assert_true(v[i - 1].due <= v[i].due);
}

static void run(struct fx *f)
{
	struct sv_error e = SV_ERROR_INIT;
	enum sv_rc rc = dl_compute(&f->in, f->out, 256, &f->n, &e);

	if (rc != SV_OK)
		fail_msg("dl_compute: %s: %s (%s)", e.field, e.msg, e.rule);
	sorted(f->out, f->n);
}

static size_t count(const struct fx *f, const char *id)
{
	size_t k = 0;
	for (size_t i = 0; i < f->n; i++)
		k += !strcmp(f->out[i].deadline, id);
	return k;
}

/* The obligation of deadline id with key and occurrence seq; fails when absent. */
static const struct dl_obligation *get(const struct fx *f, const char *id, const char *key,
                                       size_t seq)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct dl_obligation *o = &f->out[i];
		if (!strcmp(o->deadline, id) && !strcmp(o->key, key) && o->seq == seq)
			return o;
	}
	fail_msg("no obligation %s [%s] #%zu", id, key, seq);
	return NULL;
}

static void is(const struct dl_obligation *o, const char *due, enum dl_status st)
{
	assert_string_equal(F(o->due), due);
	assert_string_equal(dl_status_name(o->status), dl_status_name(st));
}

static void refused(struct fx *f, enum sv_rc rc, const char *field, const char *rule)
{
	struct sv_error e = SV_ERROR_INIT;
	size_t n = 99;

	assert_rc(dl_compute(&f->in, f->out, 256, &n, &e), rc);
	assert_int_equal(e.rc, rc);
	assert_string_equal(e.field, field);
	assert_string_equal(e.rule, rule);
	assert_true(e.msg[0] != '\0');
}

/* ---- KV-24: plan within 14 calendar days, CAL-4, and the four statuses ----- */

static void kv24_plan_due_on_midsommarafton_rolls_to_monday(void **state)
{
	struct fx f;
	const struct dl_obligation *o;

	/* KV-24: start Friday 2024-06-07 + 14 calendar days (CAL-2) = Friday
	 * 2024-06-21, midsommarafton (non-working, CAL-3); Saturday 22 is
	 * midsommardagen, Sunday 23; CAL-4 rolls it to Monday 2024-06-24. */
	fx_init(&f, &kundval, "2024-06-07", "2024-09-06");
	today(&f, "2024-06-20");
	run(&f);
	assert_int_equal(count(&f, "plan_submission"), 1);
	o = get(&f, "plan_submission", "", 0);
	is(o, "2024-06-24", DL_OPEN);
	assert_string_equal(o->rule, "KV-24");
	assert_string_equal(o->actor, "provider");
	assert_string_equal(F(o->from), "2024-06-07");
	assert_true(o->from_event == DL_NO_EVENT);
	assert_false(o->timed);
	assert_false(o->met);

	/* Open on the due date itself: not yet past due. */
	today(&f, "2024-06-24");
	run(&f);
	is(get(&f, "plan_submission", "", 0), "2024-06-24", DL_OPEN);

	/* Missed the day after, one day late. */
	today(&f, "2024-06-25");
	run(&f);
	o = get(&f, "plan_submission", "", 0);
	is(o, "2024-06-24", DL_MISSED);
	assert_int_equal(o->days_late, 1);

	/* Submitted on the due date: met on time. */
	add(&f, "plan.submitted", "2024-06-24", NULL);
	run(&f);
	o = get(&f, "plan_submission", "", 0);
	is(o, "2024-06-24", DL_MET_ON_TIME);
	assert_int_equal(o->days_late, 0);
	assert_string_equal(F(o->met_on), "2024-06-24");
	assert_int_equal(o->met_event, 0);
	assert_true(o->met_at == AT("2024-06-24", 12, 0));

	/* Submitted the day after: met late by one day, also once today is
	 * long past. */
	f.ev[0] =
	        (struct dl_event){"plan.submitted", AT("2024-06-25", 7, 0), D("2024-06-25"), NULL};
	today(&f, "2024-08-01");
	run(&f);
	o = get(&f, "plan_submission", "", 0);
	is(o, "2024-06-24", DL_MET_LATE);
	assert_int_equal(o->days_late, 1);

	/* KV-25 counts from that submission: Tuesday 2024-06-25 + 5 working
	 * days = Wed 26 (1), Thu 27 (2), Fri 28 (3), Mon 1 July (4), Tue 2 July
	 * (5); not approved by 2024-08-01: missed, 30 days late. */
	o = get(&f, "plan_approval", "", 0);
	is(o, "2024-07-02", DL_MISSED);
	assert_int_equal(o->days_late, 30);
	assert_string_equal(o->actor, "counsellor");
	assert_int_equal(o->from_event, 0);
}

/* ---- KV-25: five working days across Easter; one obligation per submission -- */

static void kv25_approval_across_easter_per_submission(void **state)
{
	struct fx f;
	const struct dl_obligation *o;

	fx_init(&f, &kundval, "2024-03-18", "2024-06-17");
	add(&f, "plan.submitted", "2024-03-28", NULL); /* Thursday before Easter */
	add(&f, "plan.submitted", "2024-04-10", NULL); /* again, after a return */
	add(&f, "plan.approved", "2024-04-12", NULL);
	today(&f, "2024-04-20");
	run(&f);

	/* KV-25 from Thursday 2024-03-28: Fri 29 långfredagen, Sat 30, Sun 31
	 * påskdagen and Mon 1 April annandag påsk are not working days; Tue 2
	 * (1), Wed 3 (2), Thu 4 (3), Fri 5 (4), Mon 8 (5): due 2024-04-08.
	 * Approved Friday 2024-04-12: four days late. */
	assert_int_equal(count(&f, "plan_approval"), 2);
	o = get(&f, "plan_approval", "", 0);
	is(o, "2024-04-08", DL_MET_LATE);
	assert_int_equal(o->days_late, 4);
	assert_int_equal(o->from_event, 0);
	assert_int_equal(o->met_event, 2);

	/* The second submission, Wednesday 2024-04-10: Thu 11 (1), Fri 12 (2),
	 * Mon 15 (3), Tue 16 (4), Wed 17 (5): due 2024-04-17; the same approval
	 * meets it on time. */
	o = get(&f, "plan_approval", "", 1);
	is(o, "2024-04-17", DL_MET_ON_TIME);
	assert_int_equal(o->from_event, 1);
	assert_int_equal(o->met_event, 2);

	/* KV-24: start Monday 2024-03-18 + 14 = Monday 2024-04-01, annandag
	 * påsk; CAL-4 rolls to Tuesday 2024-04-02. The first submission, before
	 * it, meets it. */
	o = get(&f, "plan_submission", "", 0);
	is(o, "2024-04-02", DL_MET_ON_TIME);
	assert_int_equal(o->met_event, 0);
}

static void an_approval_before_a_submission_does_not_meet_it(void **state)
{
	struct fx f;
	const struct dl_obligation *o;

	/* Approval of the first plan on Monday 2024-04-08; a revision submitted
	 * Tuesday 2024-04-09 needs an approval of its own: 5 working days =
	 * Wed 10, Thu 11, Fri 12, Mon 15, Tue 16 -> 2024-04-16 (KV-25). */
	fx_init(&f, &kundval, "2024-03-18", "2024-06-17");
	add(&f, "plan.submitted", "2024-03-28", NULL);
	add(&f, "plan.approved", "2024-04-08", NULL);
	add(&f, "plan.submitted", "2024-04-09", NULL);
	today(&f, "2024-04-16");
	run(&f);
	is(get(&f, "plan_approval", "", 0), "2024-04-08", DL_MET_ON_TIME);
	o = get(&f, "plan_approval", "", 1);
	is(o, "2024-04-16", DL_OPEN);
	assert_true(o->met_event == DL_NO_EVENT);
}

/* ---- KV-21, KV-22, KV-23: start-up ------------------------------------------ */

static void kv21_staffing_same_or_next_working_day(void **state)
{
	struct fx f;
	const struct dl_obligation *o;

	fx_init(&f, &kundval, "2024-06-10", "2024-09-09");
	add(&f, "queued", "2024-06-05", NULL);
	add(&f, "staffed", "2024-06-07", NULL);
	add(&f, "assignment.issued", "2024-06-10", NULL);
	today(&f, "2024-06-18");
	run(&f);

	/* KV-21: queued Wednesday 2024-06-05; the next working day is not
	 * Thursday 6 June (nationaldagen) but Friday 2024-06-07. Staffed then:
	 * on time. */
	o = get(&f, "staffing", "", 0);
	is(o, "2024-06-07", DL_MET_ON_TIME);
	assert_string_equal(o->rule, "KV-21");

	/* KV-22: the working day after staffing on Friday 2024-06-07 is Monday
	 * 2024-06-10; issued then: on time. */
	is(get(&f, "assignment", "", 0), "2024-06-10", DL_MET_ON_TIME);

	/* KV-23: within one week (7 calendar days) of the assignment:
	 * 2024-06-10 + 7 = Monday 2024-06-17; no meeting held by 2024-06-18:
	 * missed. */
	o = get(&f, "startup_meeting", "", 0);
	is(o, "2024-06-17", DL_MISSED);
	assert_int_equal(o->days_late, 1);

	/* Queued Friday 2024-05-31 and staffed the same day: due Monday
	 * 2024-06-03 (the next working day), met on time ("the same working
	 * day"). */
	fx_init(&f, &kundval, "2024-06-10", "2024-09-09");
	add(&f, "queued", "2024-05-31", NULL);
	add(&f, "staffed", "2024-05-31", NULL);
	today(&f, "2024-06-03");
	run(&f);
	is(get(&f, "staffing", "", 0), "2024-06-03", DL_MET_ON_TIME);
	/* KV-22 from Friday 2024-05-31: Monday 2024-06-03, open on that day. */
	is(get(&f, "assignment", "", 0), "2024-06-03", DL_OPEN);
}

/* ---- KV-32: monthly reports ----------------------------------------------- */

static void kv32_june_report_due_monday_8_july(void **state)
{
	struct fx f;
	const struct dl_obligation *o;

	/* Start Monday 2024-06-03, planned end 2024-09-02: report months June,
	 * July, August and September (the end month has its report too). */
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	add(&f, "monthly_report.submitted", "2024-07-08", "2024-06");
	add(&f, "monthly_report.approved", "2024-07-16", "2024-06");
	today(&f, "2024-08-08");
	run(&f);
	assert_int_equal(count(&f, "monthly_report"), 4);
	assert_int_equal(count(&f, "monthly_report_approval"), 4);
	/* No return, so no resubmission obligation (only_if). */
	assert_int_equal(count(&f, "monthly_report_resubmission"), 0);

	/* June: the 7th of July 2024 is a Sunday; CAL-4 rolls it to Monday
	 * 2024-07-08. Submitted that day: on time. */
	o = get(&f, "monthly_report", "2024-06", 0);
	is(o, "2024-07-08", DL_MET_ON_TIME);
	assert_string_equal(o->rule, "KV-32");
	assert_string_equal(F(o->from), "2024-06-03"); /* the month inside the intervention */
	/* Approval by the 15th: Monday 2024-07-15; approved Tuesday 16: one
	 * day late. */
	o = get(&f, "monthly_report_approval", "2024-06", 0);
	is(o, "2024-07-15", DL_MET_LATE);
	assert_int_equal(o->days_late, 1);

	/* July: Wednesday 2024-08-07; nothing by 2024-08-08: missed. */
	o = get(&f, "monthly_report", "2024-07", 1);
	is(o, "2024-08-07", DL_MISSED);
	assert_int_equal(o->days_late, 1);
	assert_string_equal(F(o->from), "2024-07-01");
	/* August: 2024-09-07 is a Saturday -> Monday 2024-09-09, open. */
	is(get(&f, "monthly_report", "2024-08", 2), "2024-09-09", DL_OPEN);
	/* September: Monday 2024-10-07, open. */
	is(get(&f, "monthly_report", "2024-09", 3), "2024-10-07", DL_OPEN);

	/* An actual end in July leaves June and July only. */
	f.in.end = D("2024-07-19");
	run(&f);
	assert_int_equal(count(&f, "monthly_report"), 2);
	get(&f, "monthly_report", "2024-07", 1);
}

static void kv32_december_report_after_trettondedag_jul(void **state)
{
	struct fx f;
	const struct dl_obligation *o;

	/* December 2024 (pack 2024): due the 7th of January 2025, a Tuesday;
	 * Monday 6 January 2025 is trettondedag jul, but the 7th is itself a
	 * working day and stays. Approval: Wednesday 2025-01-15. */
	fx_init(&f, &kundval, "2024-09-02", "2024-12-31");
	add(&f, "monthly_report.submitted", "2025-01-07", "2024-12");
	today(&f, "2025-01-08");
	run(&f);
	o = get(&f, "monthly_report", "2024-12", 3);
	is(o, "2025-01-07", DL_MET_ON_TIME);
	is(get(&f, "monthly_report_approval", "2024-12", 3), "2025-01-15", DL_OPEN);
}

/* A pack of one year with the KV-32 deadline alone, for other years. */
#define PACK_HEAD(id, from, to)                                                           \
	"{\"format\": 1, \"pack\": \"" id "\", \"title\": \"t\", \"source\": \"s.txt\","  \
	" \"country\": \"SE\", \"valid\": {\"from\": \"" from "\", \"to\": \"" to "\"}, " \
	"\"deadlines\": ["
#define MONTHLY(id, day, roll)                                                           \
	"{\"id\": \"" id "\", \"what\": \"w\", \"actor\": \"provider\","                 \
	" \"each\": \"intervention_month\", \"due\": {\"day_of_next_month\": " #day "}," \
	" \"roll_forward\": " roll ", \"met_by\": \"monthly_report.submitted\","         \
	" \"rule\": \"KV-32\"}"

static void kv32_december_2022_report_rolls_over_the_long_weekend(void **state)
{
	struct rules_pack p;
	struct fx f;

	load_json(&p, "kv32-2022.json",
	          PACK_HEAD("kv32-2022", "2022-01-01", "2023-12-31") MONTHLY(
	                  "monthly_report", 7, "true") "," MONTHLY("no_roll", 7, "false") "]}");
	/* December 2022: Saturday 2023-01-07 after trettondedag jul on Friday
	 * 6 January; Sunday 8; CAL-4 gives Monday 2023-01-09. November:
	 * Wednesday 2022-12-07. */
	fx_init(&f, &p, "2022-11-01", "2022-12-31");
	add(&f, "monthly_report.submitted", "2023-01-09", "2022-12");
	today(&f, "2023-01-10");
	run(&f);
	is(get(&f, "monthly_report", "2022-12", 1), "2023-01-09", DL_MET_ON_TIME);
	is(get(&f, "monthly_report", "2022-11", 0), "2022-12-07", DL_MISSED);
	/* The same deadline without roll_forward stays on Saturday 2023-01-07,
	 * so the Monday submission is two days late (CAL-4 switched off). */
	{
		const struct dl_obligation *o = get(&f, "no_roll", "2022-12", 1);
		is(o, "2023-01-07", DL_MET_LATE);
		assert_int_equal(o->days_late, 2);
	}
	rules_pack_release(&p);
}

static void kv32_returned_report_due_the_12th(void **state)
{
	struct fx f;
	const struct dl_obligation *o;

	fx_init(&f, &kundval, "2024-08-01", "2024-10-31");
	add(&f, "monthly_report.submitted", "2024-09-05", "2024-08");
	add(&f, "monthly_report.returned", "2024-09-10", "2024-08");
	add(&f, "monthly_report.resubmitted", "2024-09-13", "2024-08");
	add(&f, "monthly_report.submitted", "2024-10-04", "2024-09");
	add(&f, "monthly_report.returned", "2024-10-08", "2024-09");
	add(&f, "monthly_report.resubmitted", "2024-10-09", "2024-09");
	add(&f, "monthly_report.returned", "2024-10-10", "2024-09");
	today(&f, "2024-10-15");
	run(&f);

	/* One resubmission obligation per return: one for August, two for
	 * September, none for October. */
	assert_int_equal(count(&f, "monthly_report_resubmission"), 3);

	/* August's report returned 2024-09-10: due again Thursday 2024-09-12;
	 * resubmitted Friday 13: one day late. */
	o = get(&f, "monthly_report_resubmission", "2024-08", 0);
	is(o, "2024-09-12", DL_MET_LATE);
	assert_int_equal(o->days_late, 1);
	assert_int_equal(o->from_event, 1);
	assert_int_equal(o->met_event, 2);
	assert_string_equal(F(o->from), "2024-09-10");

	/* September's report: the 12th of October 2024 is a Saturday, CAL-4
	 * gives Monday 2024-10-14. The first return is met on 2024-10-09; the
	 * second return (2024-10-10) needs a new resubmission, which the earlier
	 * one cannot meet: missed on 2024-10-15. */
	o = get(&f, "monthly_report_resubmission", "2024-09", 1);
	is(o, "2024-10-14", DL_MET_ON_TIME);
	assert_int_equal(o->met_event, 5);
	o = get(&f, "monthly_report_resubmission", "2024-09", 2);
	is(o, "2024-10-14", DL_MISSED);
	assert_int_equal(o->days_late, 1);

	/* The first submission still meets each month's KV-32 deadline:
	 * August's 2024-09-07 (Saturday) -> Monday 2024-09-09. */
	is(get(&f, "monthly_report", "2024-08", 0), "2024-09-09", DL_MET_ON_TIME);
	/* September's: Monday 2024-10-07, submitted on the 4th. */
	is(get(&f, "monthly_report", "2024-09", 1), "2024-10-07", DL_MET_ON_TIME);
}

/* ---- KV-44, KV-41: absence ------------------------------------------------ */

static void kv44_next_day_rolls_over_christmas(void **state)
{
	struct fx f;
	const struct dl_obligation *o;

	fx_init(&f, &kundval, "2024-09-02", "2024-12-31");
	add(&f, "absence.unexcused", "2024-12-23", "abs-1");
	add(&f, "absence.reported", "2024-12-27", "abs-1");
	add(&f, "absence.unexcused", "2024-12-30", "abs-2");
	today(&f, "2025-01-03");
	run(&f);

	/* KV-44: Monday 2024-12-23 + 1 calendar day = 24 December (julafton),
	 * then juldagen 25 and annandag jul 26: CAL-4 gives Friday
	 * 2024-12-27. Reported then: on time. */
	o = get(&f, "unexcused_absence_notice", "abs-1", 0);
	is(o, "2024-12-27", DL_MET_ON_TIME);
	assert_string_equal(o->rule, "KV-44");

	/* Monday 2024-12-30 + 1 = nyårsafton, then nyårsdagen: Thursday
	 * 2025-01-02. The report of abs-1 does not meet abs-2 (keys): missed
	 * on 2025-01-03. */
	o = get(&f, "unexcused_absence_notice", "abs-2", 1);
	is(o, "2025-01-02", DL_MISSED);
	assert_int_equal(o->days_late, 1);
}

static void kv41_certificate_within_a_week_of_sick_day_8(void **state)
{
	struct fx f;

	/* KV-41: the event sickness.certificate_required is sick day 8, Friday
	 * 2024-05-03 (sick from Friday 2024-04-26); + 7 calendar days = Friday
	 * 2024-05-10, a working day (Kristi himmelsfärdsdag is Thursday 9 May). */
	fx_init(&f, &kundval, "2024-04-01", "2024-07-01");
	add(&f, "sickness.certificate_required", "2024-05-03", "sick-1");
	add(&f, "sick_certificate.delivered", "2024-05-10", "sick-1");
	today(&f, "2024-05-13");
	run(&f);
	is(get(&f, "sick_certificate", "sick-1", 0), "2024-05-10", DL_MET_ON_TIME);
}

/* ---- KV-80: 72 hours, never moved ------------------------------------------ */

static void kv80_72_hours_across_a_weekend(void **state)
{
	struct fx f;
	const struct dl_obligation *o;

	fx_init(&f, &kundval, "2024-02-05", "2024-05-03");
	/* INC-1 discovered Thursday 2024-03-07 10:00 UTC (11:00 CET): + 72 h =
	 * Sunday 2024-03-10 10:00 UTC. Due on the Sunday, not moved to Monday
	 * (CAL-4: hours never move). */
	add_at(&f, "incident.discovered", "2024-03-07", 10, 0, "INC-1");
	/* INC-2 discovered Friday 2024-03-08 15:00 UTC (16:00 CET): + 72 h =
	 * Monday 2024-03-11 15:00 UTC, over the weekend (a working-day reading
	 * would give Wednesday). Reported at exactly that instant: on time. */
	add_at(&f, "incident.discovered", "2024-03-08", 15, 0, "INC-2");
	add_at(&f, "incident.reported", "2024-03-11", 15, 0, "INC-2");
	f.in.today = D("2024-03-11");
	f.in.now = AT("2024-03-11", 16, 0);
	run(&f);

	o = get(&f, "incident_notice", "INC-1", 0);
	assert_true(o->timed);
	assert_true(o->due_at == AT("2024-03-10", 10, 0));
	assert_int_equal(date_weekday(o->due), SV_SUN);
	is(o, "2024-03-10", DL_MISSED); /* now is past due_at, not reported */
	assert_int_equal(o->days_late, 1);
	assert_string_equal(o->rule, "KV-80");

	o = get(&f, "incident_notice", "INC-2", 1);
	assert_true(o->due_at == AT("2024-03-11", 15, 0));
	is(o, "2024-03-11", DL_MET_ON_TIME);
	assert_int_equal(o->met_event, 2);

	/* One microsecond later is late, although on the due date. */
	f.ev[2].at += 1;
	run(&f);
	o = get(&f, "incident_notice", "INC-2", 1);
	is(o, "2024-03-11", DL_MET_LATE);
	assert_int_equal(o->days_late, 0);

	/* On Sunday 2024-03-10 at 09:59 UTC, INC-1 is still open; at 10:01 it
	 * is missed, on the same civil date. */
	f.in.n_events = 1;
	f.in.today = D("2024-03-10");
	f.in.now = AT("2024-03-10", 9, 59);
	run(&f);
	is(get(&f, "incident_notice", "INC-1", 0), "2024-03-10", DL_OPEN);
	f.in.now = AT("2024-03-10", 10, 1);
	run(&f);
	o = get(&f, "incident_notice", "INC-1", 0);
	is(o, "2024-03-10", DL_MISSED);
	assert_int_equal(o->days_late, 0);
}

/* ---- KV-60, KV-61, KV-63: final reports ------------------------------------ */

static void final_report_deadlines(void **state)
{
	struct fx f;
	const struct dl_obligation *o;

	fx_init(&f, &kundval, "2024-06-24", "2024-12-22");
	add(&f, "intervention.end_decided", "2024-12-03", NULL);
	add(&f, "final_report.submitted", "2024-12-18", NULL);
	f.in.end = D("2024-12-17");
	today(&f, "2024-12-19");
	run(&f);

	/* KV-60: on the planned end, never moved (roll_forward false in the
	 * pack): Sunday 2024-12-22 stays. Submitted 2024-12-18: on time. */
	o = get(&f, "final_report_completed", "", 0);
	is(o, "2024-12-22", DL_MET_ON_TIME);
	assert_int_equal(date_weekday(o->due), SV_SUN);
	/* KV-61: within two weeks of the decision: Tuesday 2024-12-03 + 14 =
	 * Tuesday 2024-12-17; submitted the 18th: one day late. */
	o = get(&f, "final_report_early_end", "", 0);
	is(o, "2024-12-17", DL_MET_LATE);
	assert_int_equal(o->days_late, 1);
	/* KV-63: the last chance, 14 days after the end: Tuesday 2024-12-17 +
	 * 14 = Tuesday 2024-12-31, nyårsafton; nyårsdagen follows; CAL-4 gives
	 * Thursday 2025-01-02. */
	is(get(&f, "final_report_last_chance", "", 0), "2025-01-02", DL_MET_ON_TIME);
	/* The monthly reports run June to December (the actual end's month). */
	assert_int_equal(count(&f, "monthly_report"), 7);
}

/* ---- JP-5: follow-up after three months (months, date_add_months) -------------- */

#define JP_PACK                                                                             \
	PACK_HEAD("se-test-jobbpeng", "2023-01-01", "2024-12-31")                           \
	"{\"id\": \"follow_up_meeting\", \"what\": \"Boka uppföljningsmöte med "          \
	"karriärvägledaren\", \"actor\": \"provider\", \"from\": \"intervention.start\"," \
	" \"offset\": {\"months\": 3}, \"roll_forward\": true,"                             \
	" \"met_by\": \"follow_up_meeting.held\", \"rule\": \"JP-5\"}]}"

static void jp5_follow_up_after_three_months(void **state)
{
	struct rules_pack p;
	struct fx f;
	const struct dl_obligation *o;

	load_json(&p, "jobbpeng.json", JP_PACK);

	/* Start Friday 2024-05-31 + 3 months = Saturday 2024-08-31; CAL-4 gives
	 * Monday 2024-09-02. Held Friday 2024-08-30: on time. */
	fx_init(&f, &p, "2024-05-31", "2024-09-07");
	add(&f, "follow_up_meeting.held", "2024-08-30", NULL);
	today(&f, "2024-09-03");
	run(&f);
	assert_int_equal(f.n, 1);
	o = get(&f, "follow_up_meeting", "", 0);
	is(o, "2024-09-02", DL_MET_ON_TIME);
	assert_string_equal(o->rule, "JP-5");

	/* Start Thursday 2023-11-30 + 3 months: 30 February does not exist, so
	 * the last day of February 2024, Thursday 2024-02-29 (leap year). */
	fx_init(&f, &p, "2023-11-30", "2024-03-08");
	today(&f, "2024-03-01");
	run(&f);
	o = get(&f, "follow_up_meeting", "", 0);
	is(o, "2024-02-29", DL_MISSED);
	assert_int_equal(o->days_late, 1);
	rules_pack_release(&p);
}

/*
 * dl_offset_date: the engine's own OFFSET step for dates shown without an
 * obligation (the follow-up rhythm, KV-35, JP-5). One rule, one date: it
 * gives what dl_compute gives for the same span and roll_forward.
 */
static void offset_date_is_the_engines_step(void **state)
{
	struct rules_pack p;
	struct fx f;
	struct sv_error e = SV_ERROR_INIT;
	struct rules_span months3 = {RULES_MONTHS, 3, true}, month1 = {RULES_MONTHS, 1, true};
	struct rules_span days7 = {RULES_CALENDAR_DAYS, 7, true};
	struct rules_span wd5 = {RULES_WORKING_DAYS, 5, true};
	struct rules_span hours72 = {RULES_HOURS, 72, true}, open = {RULES_MONTHS, 0, false};
	sv_date d = 0;

	(void)state;
	load_json(&p, "jobbpeng.json", JP_PACK);
	/* JP-5: start Friday 2024-06-21 (midsommarafton) + 3 months = Saturday
	 * 2024-09-21; CAL-4: Monday 2024-09-23, as the obligation. */
	assert_ok(dl_offset_date(NULL, CAL_SE, D("2024-06-21"), months3, true, &d, "start", "JP-5",
	                         &e));
	assert_string_equal(F(d), "2024-09-23");
	fx_init(&f, &p, "2024-06-21", "2024-09-28");
	today(&f, "2024-06-21");
	run(&f);
	is(get(&f, "follow_up_meeting", "", 0), "2024-09-23", DL_OPEN);
	/* Without CAL-4 the Saturday itself. */
	assert_ok(dl_offset_date(NULL, CAL_SE, D("2024-06-21"), months3, false, &d, "start", "JP-5",
	                         &e));
	assert_string_equal(F(d), "2024-09-21");
	/* KV-35, a monthly rhythm: held Tuesday 2024-05-21 + 1 month = Friday
	 * 2024-06-21, midsommarafton (not a working day, CAL-3); midsommardagen
	 * Saturday 22 June, Sunday 23: Monday 2024-06-24. */
	assert_ok(dl_offset_date(NULL, CAL_SE, D("2024-05-21"), month1, true, &d, "last_held",
	                         "KV-35", &e));
	assert_string_equal(F(d), "2024-06-24");
	/* Calendar days (CAL-2): Friday 2024-12-20 + 7 = Friday 2024-12-27, a
	 * working day after annandag jul. Working days (CAL-3): from Thursday
	 * 2024-03-28, 5 working days skip långfredagen and annandag påsk:
	 * 2, 3, 4, 5, 8 April: Monday 2024-04-08. */
	assert_ok(dl_offset_date(NULL, CAL_SE, D("2024-12-20"), days7, true, &d, "x", "CAL-2", &e));
	assert_string_equal(F(d), "2024-12-27");
	assert_ok(dl_offset_date(NULL, CAL_SE, D("2024-03-28"), wd5, true, &d, "x", "CAL-3", &e));
	assert_string_equal(F(d), "2024-04-08");
	/* Refused, naming the field and the rule: hours have no date, an open
	 * number, a date out of range. *out is left alone. */
	d = 0;
	assert_rc(dl_offset_date(NULL, CAL_SE, D("2024-03-28"), hours72, true, &d, "next_due",
	                         "KV-80", &e),
	          SV_EINVAL);
	assert_string_equal(e.field, "next_due");
	assert_string_equal(e.rule, "KV-80");
	sv_error_clear(&e);
	assert_rc(dl_offset_date(NULL, CAL_SE, D("2024-03-28"), open, true, &d, "next_due", "KV-35",
	                         &e),
	          SV_EINVAL);
	assert_string_equal(e.rule, "KV-35");
	sv_error_clear(&e);
	assert_rc(dl_offset_date(NULL, CAL_SE, date_from_ymd(CAL_MAX_YEAR, 12, 1), months3, true,
	                         &d, "next_due", "JP-5", &e),
	          SV_ERANGE);
	assert_int_equal(d, 0);
	sv_error_clear(&e);
	rules_pack_release(&p);
}

/* JP-5 ends with the case: the follow-up meeting three months in is only a
 * duty while the intervention runs. */
static void jp5_no_follow_up_after_the_end(void **state)
{
	struct rules_pack p;
	struct fx f;
	const struct dl_obligation *o;

	load_json(&p, "jobbpeng.json", JP_PACK);

	/* Start Monday 2024-03-04 + 3 months (JP-5) = Tuesday 2024-06-04, a
	 * working day (nationaldagen is Thursday 6 June), so CAL-4 leaves it.
	 * Ended Friday 2024-05-31 (self-sufficient), before 4 June: no
	 * obligation. */
	fx_init(&f, &p, "2024-03-04", "2024-06-11");
	f.in.end = D("2024-05-31");
	today(&f, "2024-06-20");
	run(&f);
	assert_int_equal(count(&f, "follow_up_meeting"), 0);

	/* Ended Monday 2024-06-10, after 4 June: the obligation due Tuesday
	 * 2024-06-04 exists, and with no meeting held it is missed. */
	f.in.end = D("2024-06-10");
	run(&f);
	assert_int_equal(count(&f, "follow_up_meeting"), 1);
	o = get(&f, "follow_up_meeting", "", 0);
	is(o, "2024-06-04", DL_MISSED);
	assert_string_equal(o->rule, "JP-5");

	/* Ended on the due date itself: still due that day (the meeting can be
	 * the last thing done); held the same day, on time. */
	f.in.end = D("2024-06-04");
	add(&f, "follow_up_meeting.held", "2024-06-04", NULL);
	run(&f);
	is(get(&f, "follow_up_meeting", "", 0), "2024-06-04", DL_MET_ON_TIME);

	/* Not yet ended: the obligation exists while the case runs (open on
	 * 2024-05-20). */
	fx_init(&f, &p, "2024-03-04", "2024-06-11");
	today(&f, "2024-05-20");
	run(&f);
	is(get(&f, "follow_up_meeting", "", 0), "2024-06-04", DL_OPEN);
	rules_pack_release(&p);
}

/* ---- CAL-3a: validity and several packs ------------------------------------ */

#define OFFSET_DL(id, n)                                                             \
	"{\"id\": \"" id "\", \"what\": \"w\", \"actor\": \"provider\","             \
	" \"from\": \"absence.unexcused\", \"offset\": {\"calendar_days\": " #n "}," \
	" \"roll_forward\": true, \"met_by\": \"absence.reported\", \"rule\": \"KV-44\"}"

static void validity_and_shadowing_between_packs(void **state)
{
	struct rules_pack a, b, y2025;
	struct fx f;
	const struct dl_obligation *o;

	/* The kundval routines are open-ended (the pack's "to" is null; only
	 * its KV-70 rates are dated): an intervention from 2024-11-01 to
	 * 2025-02-28 gets a KV-32 report for every month, November to
	 * February, and one from 2026-03-02 still gets its deadlines. */
	fx_init(&f, &kundval, "2024-11-01", "2025-02-28");
	today(&f, "2024-11-04");
	run(&f);
	assert_int_equal(count(&f, "monthly_report"), 4);
	/* November: Saturday 2024-12-07 -> Monday 2024-12-09. */
	is(get(&f, "monthly_report", "2024-11", 0), "2024-12-09", DL_OPEN);
	/* January 2025: Friday 2025-02-07, a working day. */
	is(get(&f, "monthly_report", "2025-01", 2), "2025-02-07", DL_OPEN);
	fx_init(&f, &kundval, "2026-03-02", "2026-06-01");
	today(&f, "2026-03-02");
	run(&f);
	/* KV-24: Monday 2026-03-02 + 14 calendar days = Monday 2026-03-16. */
	is(get(&f, "plan_submission", "", 0), "2026-03-16", DL_OPEN);

	/* A pack valid for 2024 only gives nothing in 2025; a 2025 pack after
	 * it adds January and February: Friday 2025-02-07 and Friday
	 * 2025-03-07. */
	load_json(&a, "y2024.json",
	          PACK_HEAD("y2024", "2024-01-01", "2024-12-31")
	                  MONTHLY("monthly_report", 7, "true") "]}");
	fx_init(&f, &a, "2024-11-01", "2025-02-28");
	today(&f, "2024-11-04");
	run(&f);
	assert_int_equal(count(&f, "monthly_report"), 2);
	load_json(&y2025, "y2025.json",
	          PACK_HEAD("y2025", "2025-01-01", "2025-12-31")
	                  MONTHLY("monthly_report", 7, "true") "]}");
	f.packs[1] = &y2025;
	f.in.n_packs = 2;
	run(&f);
	assert_int_equal(count(&f, "monthly_report"), 4);
	/* seq runs on across the packs: November 0, December 1, January 2. */
	o = get(&f, "monthly_report", "2025-01", 2);
	is(o, "2025-02-07", DL_OPEN);
	assert_int_equal(o->pack_index, 1);
	is(get(&f, "monthly_report", "2025-02", 3), "2025-03-07", DL_OPEN);
	rules_pack_release(&y2025);
	rules_pack_release(&a);

	/* Two packs with the same deadline id: pack a (2024, next day) shadows
	 * pack b (2024-2025, 7 days) where both are valid. */
	load_json(&a, "a.json", PACK_HEAD("a", "2024-01-01", "2024-12-31") OFFSET_DL("x", 1) "]}");
	load_json(&b, "b.json", PACK_HEAD("b", "2024-01-01", "2025-12-31") OFFSET_DL("x", 7) "]}");
	fx_init(&f, &a, NULL, NULL);
	f.packs[1] = &b;
	f.in.n_packs = 2;
	add(&f, "absence.unexcused", "2024-12-30", NULL);
	add(&f, "absence.unexcused", "2025-01-08", NULL);
	today(&f, "2025-01-08");
	run(&f);
	assert_int_equal(f.n, 2);
	/* 2024-12-30 by pack a: + 1 = nyårsafton, then nyårsdagen -> Thursday
	 * 2025-01-02. */
	o = get(&f, "x", "", 0);
	is(o, "2025-01-02", DL_MISSED);
	assert_int_equal(o->pack_index, 0);
	/* 2025-01-08 by pack b (a is not valid then): + 7 = Wednesday
	 * 2025-01-15. */
	o = get(&f, "x", "", 1);
	is(o, "2025-01-15", DL_OPEN);
	assert_int_equal(o->pack_index, 1);
	assert_string_equal(F(o->from), "2025-01-08");

	/* Pack b alone: 2024-12-30 + 7 = Monday 2025-01-06, trettondedag jul ->
	 * Tuesday 2025-01-07. */
	f.packs[0] = &b;
	f.in.n_packs = 1;
	run(&f);
	is(get(&f, "x", "", 0), "2025-01-07", DL_MISSED);
	rules_pack_release(&a);
	rules_pack_release(&b);
}

/* ---- the engine agrees with the calendar, with and without a bitmap ---------- */

static void agrees_with_calendar_day_by_day(void **state)
{
	struct rules_pack p;
	struct dl_event *ev;
	struct dl_input in;
	struct dl_list l1 = DL_LIST_INIT, l2 = DL_LIST_INIT;
	const struct rules_pack *packs[1];
	struct cal cal = CAL_INIT;
	struct sv_error e = SV_ERROR_INIT;
	sv_date first = D("2024-01-01"), last = D("2025-12-31");
	size_t n = (size_t)(last - first) + 1;

	load_json(
	        &p, "wd.json",
	        PACK_HEAD(
	                "wd", "2024-01-01",
	                "2025-12-31") "{\"id\": \"wd5\", \"what\": \"w\", "
	                              "\"actor\": \"provider\", \"from\": \"absence.unexcused\", "
	                              "\"offset\": "
	                              "{\"working_days\": 5}, \"roll_forward\": true, \"met_by\": "
	                              "\"absence.reported\", \"rule\": \"KV-25\"}," OFFSET_DL(
	                                      "cd1", 1) "]}");
	ev = calloc(n, sizeof(*ev));
	assert_non_null(ev);
	for (size_t i = 0; i < n; i++)
		ev[i] = (struct dl_event){"absence.unexcused",
		                          ((int64_t)first + (int64_t)i) * DL_DAY_US + DL_DAY_US / 2,
		                          first + (sv_date)i, NULL};
	packs[0] = &p;
	dl_input_init(&in);
	in.packs = packs;
	in.n_packs = 1;
	in.events = ev;
	in.n_events = n;
	in.today = last;
	in.now = (int64_t)last * DL_DAY_US + DL_DAY_US / 2;

	/* No start is needed: no deadline here counts from the intervention. */
	assert_ok(dl_compute_list(&in, &l1, &e));
	assert_int_equal(l1.n, 2 * n);
	assert_ok(cal_init(&cal, CAL_SE, 2020, 2030, &e));
	in.cal = &cal;
	assert_ok(dl_compute_list(&in, &l2, &e));
	assert_int_equal(l2.n, 2 * n);
	for (size_t i = 0; i < l1.n; i++) {
		const struct dl_obligation *o = &l1.v[i];
		sv_date want;

		/* The same answers from the bitmap. */
		assert_int_equal(o->due, l2.v[i].due);
		assert_string_equal(o->deadline, l2.v[i].deadline);
		assert_int_equal(o->seq, l2.v[i].seq);
		assert_int_equal(o->status, l2.v[i].status);
		/* And those of the calendar module: CAL-3 and CAL-4. */
		if (!strcmp(o->deadline, "wd5"))
			assert_ok(cal_add_working_days(CAL_SE, o->from, 5, &want, NULL, &e));
		else
			assert_ok(cal_roll_forward(CAL_SE, o->from + 1, &want, NULL, &e));
		if (o->due != want)
			fail_msg("%s from %s: %s, calendar says %s", o->deadline, F(o->from),
			         F(o->due), F(want));
		assert_int_equal(o->from, first + (sv_date)o->seq);
		assert_true(o->from_event == o->seq);
		assert_true(o->status == (o->due < last ? DL_MISSED : DL_OPEN));
	}
	/* Reuse: a second computation into the same list. */
	in.n_events = 1;
	assert_ok(dl_compute_list(&in, &l2, &e));
	assert_int_equal(l2.n, 2);
	dl_list_release(&l1);
	dl_list_release(&l2);
	assert_null(l1.v);
	cal_release(&cal);
	free(ev);
	rules_pack_release(&p);
}

/* ---- output size --------------------------------------------------------- */

static void too_small_an_array_tells_the_size(void **state)
{
	struct fx f;
	struct dl_obligation small[2];
	struct sv_error e = SV_ERROR_INIT;
	size_t n = 0, need;

	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	add(&f, "plan.submitted", "2024-06-14", NULL);
	add(&f, "monthly_report.submitted", "2024-07-05", "2024-06");
	today(&f, "2024-07-10");
	run(&f);
	need = f.n;
	/* plan_submission 1, plan_approval 1 (one submission), monthly_report
	 * 4 and monthly_report_approval 4 (June to September), no return so no
	 * resubmission, final_report_completed 1 (planned end), no actual end:
	 * 1 + 1 + 4 + 4 + 1 = 11. */
	assert_int_equal(need, 11);
	assert_rc(dl_compute(&f.in, small, 2, &n, &e), SV_ENOMEM);
	assert_int_equal(n, need);
	assert_string_equal(e.field, "max");
	/* Zero room also answers the size. */
	sv_error_clear(&e);
	assert_rc(dl_compute(&f.in, NULL, 0, &n, &e), SV_ENOMEM);
	assert_int_equal(n, need);
}

/* ---- timeliness (KV-53) ----------------------------------------------------- */

static void tally_per_kind_and_across_cases(void **state)
{
	struct fx f;
	struct dl_tally rows[16];
	size_t n_rows = 0;
	struct sv_error e = SV_ERROR_INIT;
	const struct dl_tally *t = NULL;

	/* The case of kv32_returned_report_due_the_12th. */
	fx_init(&f, &kundval, "2024-08-01", "2024-10-31");
	add(&f, "monthly_report.submitted", "2024-09-05", "2024-08");
	add(&f, "monthly_report.returned", "2024-09-10", "2024-08");
	add(&f, "monthly_report.resubmitted", "2024-09-13", "2024-08");
	add(&f, "monthly_report.submitted", "2024-10-04", "2024-09");
	add(&f, "monthly_report.returned", "2024-10-08", "2024-09");
	add(&f, "monthly_report.resubmitted", "2024-10-09", "2024-09");
	add(&f, "monthly_report.returned", "2024-10-10", "2024-09");
	today(&f, "2024-10-15");
	run(&f);

	/* Twice, as for two cases of one provider. */
	assert_ok(dl_tally_add(rows, 16, &n_rows, f.out, f.n, &e));
	assert_ok(dl_tally_add(rows, 16, &n_rows, f.out, f.n, &e));
	for (size_t i = 0; i < n_rows; i++)
		if (!strcmp(rows[i].deadline, "monthly_report_resubmission"))
			t = &rows[i];
	assert_non_null(t);
	assert_string_equal(t->rule, "KV-32");
	/* Per case: August late (1 day), September on time, September missed
	 * (1 day). */
	assert_int_equal(t->on_time, 2);
	assert_int_equal(t->late, 2);
	assert_int_equal(t->missed, 2);
	assert_int_equal(t->open, 0);
	assert_int_equal(t->max_days_late, 1);
	for (size_t i = 0; i < n_rows; i++)
		if (!strcmp(rows[i].deadline, "monthly_report")) {
			/* August and September on time; October (2024-11-07) open. */
			assert_int_equal(rows[i].on_time, 4);
			assert_int_equal(rows[i].open, 2);
			assert_int_equal(rows[i].late + rows[i].missed, 0);
		}
	/* Rows appear in order of first appearance: the first obligation's id. */
	assert_string_equal(rows[0].deadline, f.out[0].deadline);

	/* No room for a new kind: nothing changes. */
	{
		struct dl_tally one[1];
		size_t k = 0;
		sv_error_clear(&e);
		assert_rc(dl_tally_add(one, 1, &k, f.out, f.n, &e), SV_ENOMEM);
		assert_int_equal(k, 0);
		assert_string_equal(e.field, "rows");
		assert_string_equal(e.rule, "KV-53");
	}
}

/* ---- bad input ----------------------------------------------------------- */

static void bad_input_is_refused_with_field_and_rule(void **state)
{
	struct fx f;
	struct rules_pack dk, hours;
	struct cal cal = CAL_INIT;
	struct sv_error e = SV_ERROR_INIT;
	size_t n;

	/* Events out of order (CAL-1). */
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	add(&f, "plan.submitted", "2024-06-20", NULL);
	add(&f, "plan.approved", "2024-06-19", NULL);
	today(&f, "2024-07-01");
	refused(&f, SV_EINVAL, "events[1].at", "CAL-1");

	/* An unknown event name, a missing one, an intervention date as an event. */
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	add(&f, "plan.sent", "2024-06-20", NULL);
	today(&f, "2024-07-01");
	refused(&f, SV_EINVAL, "events[0].name", "rules-format");
	f.ev[0].name = NULL;
	refused(&f, SV_EINVAL, "events[0].name", "rules-format");
	f.ev[0].name = "intervention.start";
	refused(&f, SV_EINVAL, "events[0].name", "rules-format");

	/* A timestamp in seconds instead of µs (CAL-1). */
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	add(&f, "plan.submitted", "2024-06-20", NULL);
	f.ev[0].at /= 1000000;
	today(&f, "2024-07-01");
	refused(&f, SV_EINVAL, "events[0].at", "CAL-1");

	/* An event after now. */
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	add(&f, "plan.submitted", "2024-07-02", NULL);
	today(&f, "2024-07-01");
	refused(&f, SV_EINVAL, "events[0].at", "CAL-1");

	/* A key too long. */
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	add(&f, "plan.submitted", "2024-06-20",
	    "0123456789012345678901234567890123456789012345678901234567890123");
	today(&f, "2024-07-01");
	refused(&f, SV_EINVAL, "events[0].key", "rules-format");

	/* A monthly report event without its month (KV-32). */
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	add(&f, "monthly_report.submitted", "2024-07-05", "juni");
	today(&f, "2024-07-10");
	refused(&f, SV_EINVAL, "events[0].key", "KV-32");
	f.ev[0].key = NULL;
	refused(&f, SV_EINVAL, "events[0].key", "KV-32");
	f.ev[0].name = "monthly_report.returned";
	refused(&f, SV_EINVAL, "events[0].key", "KV-32");

	/* No start: the first deadline of the pack that needs it is KV-24's. */
	fx_init(&f, &kundval, NULL, NULL);
	today(&f, "2024-07-01");
	refused(&f, SV_EINVAL, "start", "KV-24");
	/* An end without a start. */
	f.in.end = D("2024-07-01");
	refused(&f, SV_EINVAL, "start", "KV-24");

	/* Planned end or end before the start. */
	fx_init(&f, &kundval, "2024-06-03", "2024-06-02");
	today(&f, "2024-07-01");
	refused(&f, SV_EINVAL, "planned_end", "KV-1");
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	f.in.end = D("2024-05-31");
	today(&f, "2024-07-01");
	refused(&f, SV_EINVAL, "end", "KV-52");

	/* A date outside the calendar's years (CAL-3). */
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	today(&f, "2024-07-01");
	f.in.planned_end = D("2300-01-01");
	refused(&f, SV_ERANGE, "planned_end", "CAL-3");
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	today(&f, "2300-07-01");
	refused(&f, SV_ERANGE, "today", "CAL-3");

	/* now is not an instant of today (CAL-1). */
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	today(&f, "2024-07-01");
	f.in.now = AT("2024-07-03", 12, 0);
	refused(&f, SV_EINVAL, "now", "CAL-1");

	/* No pack, a NULL pack. */
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	today(&f, "2024-07-01");
	f.in.n_packs = 0;
	refused(&f, SV_EINVAL, "packs", "CAL-3a");
	f.in.n_packs = 1;
	f.packs[0] = NULL;
	refused(&f, SV_EINVAL, "packs[0]", "CAL-3a");

	/* A Danish pack with a Swedish one; a Danish calendar for a Swedish
	 * pack (CAL-3). */
	load_json(&dk, "dk.json",
	          "{\"format\": 1, \"pack\": \"dk\", \"title\": \"t\", \"source\": \"s.txt\", "
	          "\"country\": \"DK\", \"valid\": {\"from\": \"2024-01-01\", \"to\": null}}");
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	today(&f, "2024-07-01");
	f.packs[1] = &dk;
	f.in.n_packs = 2;
	refused(&f, SV_EINVAL, "packs[1].country", "CAL-3");
	f.in.n_packs = 1;
	assert_ok(cal_init(&cal, CAL_DK, 2024, 2025, &e));
	f.in.cal = &cal;
	refused(&f, SV_EINVAL, "cal", "CAL-3");
	cal_release(&cal);
	rules_pack_release(&dk);

	/* Hours from an intervention date: no time of day to count from. */
	load_json(&hours, "h.json",
	          PACK_HEAD("h", "2024-01-01",
	                    "2024-12-31") "{\"id\": \"h\", \"what\": \"w\", "
	                                  "\"actor\": \"provider\", \"from\": "
	                                  "\"intervention.start\", \"offset\": "
	                                  "{\"hours\": 72}, \"roll_forward\": false, \"met_by\": "
	                                  "\"incident.reported\", "
	                                  "\"rule\": \"KV-80\"}]}");
	fx_init(&f, &hours, "2024-06-03", "2024-09-02");
	today(&f, "2024-07-01");
	refused(&f, SV_EINVAL, "start", "KV-80");
	rules_pack_release(&hours);

	/* Missing arguments never crash. */
	n = 7;
	assert_rc(dl_compute(NULL, f.out, 1, &n, &e), SV_EINVAL);
	assert_int_equal(n, 0);
	assert_rc(dl_compute(&f.in, f.out, 1, NULL, NULL), SV_EINVAL);
	assert_rc(dl_compute(&f.in, NULL, 5, &n, NULL), SV_EINVAL);
	fx_init(&f, &kundval, "2024-06-03", "2024-09-02");
	today(&f, "2024-07-01");
	f.in.events = NULL;
	f.in.n_events = 3;
	refused(&f, SV_EINVAL, "events", "CAL-1");
}

static void status_names(void **state)
{
	enum dl_status s = DL_OPEN;
	struct sv_error e = SV_ERROR_INIT;

	assert_string_equal(dl_status_name(DL_OPEN), "open");
	assert_string_equal(dl_status_name(DL_MET_ON_TIME), "met_on_time");
	assert_string_equal(dl_status_name(DL_MET_LATE), "met_late");
	assert_string_equal(dl_status_name(DL_MISSED), "missed");
	assert_string_equal(dl_status_name(DL_STATUS_COUNT), "");
	for (int i = 0; i < DL_STATUS_COUNT; i++) {
		const char *name = dl_status_name((enum dl_status)i);
		assert_ok(dl_status_parse(name, strlen(name), &s, "status", &e));
		assert_int_equal(s, i);
	}
	assert_rc(dl_status_parse("late", 4, &s, "status", &e), SV_EINVAL);
	assert_string_equal(e.field, "status");
	/* A prefix is not a name. */
	assert_rc(dl_status_parse("met_late", 3, &s, NULL, NULL), SV_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(kv24_plan_due_on_midsommarafton_rolls_to_monday),
	        cmocka_unit_test(kv25_approval_across_easter_per_submission),
	        cmocka_unit_test(an_approval_before_a_submission_does_not_meet_it),
	        cmocka_unit_test(kv21_staffing_same_or_next_working_day),
	        cmocka_unit_test(kv32_june_report_due_monday_8_july),
	        cmocka_unit_test(kv32_december_report_after_trettondedag_jul),
	        cmocka_unit_test(kv32_december_2022_report_rolls_over_the_long_weekend),
	        cmocka_unit_test(kv32_returned_report_due_the_12th),
	        cmocka_unit_test(kv44_next_day_rolls_over_christmas),
	        cmocka_unit_test(kv41_certificate_within_a_week_of_sick_day_8),
	        cmocka_unit_test(kv80_72_hours_across_a_weekend),
	        cmocka_unit_test(final_report_deadlines),
	        cmocka_unit_test(jp5_follow_up_after_three_months),
	        cmocka_unit_test(jp5_no_follow_up_after_the_end),
	        cmocka_unit_test(offset_date_is_the_engines_step),
	        cmocka_unit_test(validity_and_shadowing_between_packs),
	        cmocka_unit_test(agrees_with_calendar_day_by_day),
	        cmocka_unit_test(too_small_an_array_tells_the_size),
	        cmocka_unit_test(tally_per_kind_and_across_cases),
	        cmocka_unit_test(bad_input_is_refused_with_field_and_rule),
	        cmocka_unit_test(status_names),
	};
	return cmocka_run_group_tests(tests, load_kundval, free_kundval);
}
