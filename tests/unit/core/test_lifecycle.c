/* Unit tests for src/core/lifecycle.c: the intervention life cycle (KV-10 ...
 * KV-52), the documents' life (KV-24, KV-25, KV-31, KV-32, KV-60), the "Ej
 * aktuellt" rule (KV-32) and provider proposals.
 *
 * The expected tables below are written out by hand from domain.md, not
 * copied from the implementation; every (state, action) pair is tried
 * against them, so both every allowed and every refused transition is
 * checked. */
#include "test.h"

#include <stdio.h>

#include "stegvis/lifecycle.h"

static sv_date D(const char *s)
{
	sv_date d = 0;
	if (date_parse(s, strlen(s), &d, "t", NULL) != SV_OK)
		fail_msg("bad date in test: %s", s);
	return d;
}

static void expect_refusal(enum sv_rc got, const struct sv_error *e, enum sv_rc rc,
                           const char *field, const char *rule)
{
	assert_rc(got, rc);
	assert_int_equal(e->rc, rc);
	assert_string_equal(e->field, field);
	assert_string_equal(e->rule, rule);
	assert_true(e->msg[0] != '\0');
}

/* ------------------------------------------------------------------ */
/* Intervention                                                        */
/* ------------------------------------------------------------------ */

struct iexp {
	enum lc_istate from;
	enum lc_iaction action;
	enum lc_istate to;
	enum lc_actor actor;
};

/* The allowed transitions, from domain.md §2.2-§2.6. */
static const struct iexp iallowed[] = {
        /* KV-20: the counsellor queues the customer at the chosen provider. */
        {LC_IS_GRANTED, LC_IA_QUEUE, LC_IS_QUEUED, LC_ACTOR_COUNSELLOR},
        /* KV-21: the provider staffs the case. */
        {LC_IS_QUEUED, LC_IA_STAFF, LC_IS_STAFFED, LC_ACTOR_PROVIDER},
        /* KV-22: the counsellor issues the assignment with a start date. */
        {LC_IS_STAFFED, LC_IA_ISSUE_ASSIGNMENT, LC_IS_ASSIGNED, LC_ACTOR_COUNSELLOR},
        /* KV-24: the start date may change until the start; the start is the date. */
        {LC_IS_ASSIGNED, LC_IA_CHANGE_START, LC_IS_ASSIGNED, LC_ACTOR_COUNSELLOR},
        {LC_IS_ASSIGNED, LC_IA_START, LC_IS_RUNNING, LC_ACTOR_SYSTEM},
        /* KV-50: a supervisor extends a running intervention. */
        {LC_IS_RUNNING, LC_IA_EXTEND, LC_IS_RUNNING, LC_ACTOR_SUPERVISOR},
        /* KV-51, KV-52: the counsellor ends it with a reason. */
        {LC_IS_RUNNING, LC_IA_END, LC_IS_ENDED, LC_ACTOR_COUNSELLOR},
        /* KV-14: before the start a switch queues it at the new provider. */
        {LC_IS_QUEUED, LC_IA_SWITCH_PROVIDER, LC_IS_QUEUED, LC_ACTOR_COUNSELLOR},
        {LC_IS_STAFFED, LC_IA_SWITCH_PROVIDER, LC_IS_QUEUED, LC_ACTOR_COUNSELLOR},
        {LC_IS_ASSIGNED, LC_IA_SWITCH_PROVIDER, LC_IS_QUEUED, LC_ACTOR_COUNSELLOR},
        /* Cancelled before the start. */
        {LC_IS_GRANTED, LC_IA_CANCEL, LC_IS_CANCELLED, LC_ACTOR_COUNSELLOR},
        {LC_IS_QUEUED, LC_IA_CANCEL, LC_IS_CANCELLED, LC_ACTOR_COUNSELLOR},
        {LC_IS_STAFFED, LC_IA_CANCEL, LC_IS_CANCELLED, LC_ACTOR_COUNSELLOR},
        {LC_IS_ASSIGNED, LC_IA_CANCEL, LC_IS_CANCELLED, LC_ACTOR_COUNSELLOR},
};

/* The rule each intervention action answers to. */
static const char *const irule[LC_IA_COUNT] = {
        [LC_IA_QUEUE] = "KV-20",
        [LC_IA_STAFF] = "KV-21",
        [LC_IA_ISSUE_ASSIGNMENT] = "KV-22",
        [LC_IA_CHANGE_START] = "KV-24",
        [LC_IA_START] = "KV-24",
        [LC_IA_EXTEND] = "KV-50",
        [LC_IA_END] = "KV-52",
        [LC_IA_SWITCH_PROVIDER] = "KV-14",
        [LC_IA_CANCEL] = "KV-52",
};

static const struct iexp *iexpected(enum lc_istate s, enum lc_iaction a)
{
	for (size_t i = 0; i < sizeof(iallowed) / sizeof(iallowed[0]); i++)
		if (iallowed[i].from == s && iallowed[i].action == a)
			return &iallowed[i];
	return NULL;
}

static void intervention_every_state_and_action(void **state)
{
	size_t n, allowed = 0, refused = 0;
	const struct lc_itransition *t = lc_intervention_table(&n);

	assert_int_equal(n, sizeof(iallowed) / sizeof(iallowed[0]));
	for (size_t i = 0; i < n; i++) {
		const struct iexp *x = iexpected(t[i].from, t[i].action);
		assert_non_null(x);
		assert_int_equal(t[i].to, x->to);
		assert_int_equal(t[i].actor, x->actor);
		assert_string_equal(t[i].rule, irule[t[i].action]);
	}
	for (int s = 0; s < LC_IS_COUNT; s++) {
		for (int a = 0; a < LC_IA_COUNT; a++) {
			const struct iexp *x = iexpected((enum lc_istate)s, (enum lc_iaction)a);
			struct sv_error e = SV_ERROR_INIT;
			enum lc_istate to = LC_IS_COUNT;
			enum sv_rc rc = lc_intervention_next((enum lc_istate)s, (enum lc_iaction)a,
			                                     &to, &e);
			char want[96];

			if (x) {
				assert_ok(rc);
				assert_int_equal(to, x->to);
				assert_non_null(lc_intervention_find(x->from, x->action));
				allowed++;
				continue;
			}
			expect_refusal(rc, &e, SV_ESTATE, "state", irule[a]);
			assert_int_equal(to, LC_IS_COUNT); /* untouched */
			assert_null(lc_intervention_find((enum lc_istate)s, (enum lc_iaction)a));
			assert_true(strncmp(e.msg, "cannot ", 7) == 0);
			snprintf(want, sizeof(want), "an intervention that is %s",
			         lc_istate_name((enum lc_istate)s));
			assert_non_null(strstr(e.msg, want));
			refused++;
		}
	}
	/* 7 states x 9 actions = 63 pairs: 14 allowed, 49 refused. */
	assert_int_equal(allowed, 14);
	assert_int_equal(refused, 49);

	/* The final states allow nothing. */
	for (int a = 0; a < LC_IA_COUNT; a++) {
		assert_null(lc_intervention_find(LC_IS_ENDED, (enum lc_iaction)a));
		assert_null(lc_intervention_find(LC_IS_CANCELLED, (enum lc_iaction)a));
	}
}

static void intervention_refusal_messages(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	enum lc_istate to;

	assert_rc(lc_intervention_next(LC_IS_QUEUED, LC_IA_EXTEND, &to, &e), SV_ESTATE);
	assert_string_equal(e.msg, "cannot extend an intervention that is queued");
	assert_string_equal(e.rule, "KV-50");
	sv_error_clear(&e);
	assert_rc(lc_intervention_next(LC_IS_RUNNING, LC_IA_SWITCH_PROVIDER, &to, &e), SV_ESTATE);
	assert_string_equal(e.msg, "cannot switch the provider of an intervention that is running; "
	                           "after the start, end it with reason provider_switch and grant "
	                           "a new one (KV-52)");
	assert_string_equal(e.rule, "KV-14");
	sv_error_clear(&e);
	assert_rc(lc_intervention_next(LC_IS_STAFFED, LC_IA_END, &to, &e), SV_ESTATE);
	assert_string_equal(e.msg, "cannot end an intervention that is staffed; before the start, "
	                           "cancel it");
	/* Values outside the enums are bad input, not a state conflict. */
	sv_error_clear(&e);
	assert_rc(lc_intervention_next((enum lc_istate)99, LC_IA_END, &to, &e), SV_EINVAL);
	assert_string_equal(e.field, "state");
	sv_error_clear(&e);
	assert_rc(lc_intervention_next(LC_IS_RUNNING, (enum lc_iaction) - 1, &to, &e), SV_EINVAL);
	assert_string_equal(e.field, "action");
}

/* Field by field: a failed action leaves the intervention unchanged. */
static void assert_same(const struct lc_intervention *a, const struct lc_intervention *b)
{
	assert_int_equal(a->state, b->state);
	assert_int_equal(a->has_start, b->has_start);
	if (a->has_start)
		assert_int_equal(a->start_date, b->start_date);
	assert_int_equal(a->extended_months, b->extended_months);
	assert_int_equal(a->end_reason, b->end_reason);
	if (a->state == LC_IS_ENDED)
		assert_int_equal(a->end_date, b->end_date);
}

static const struct lc_extension_limits kv50 = {1, 2}; /* KV-50: 1 month a time, 2 in all */

static void intervention_from_decision_to_end(void **state)
{
	struct lc_intervention iv, before;
	struct lc_iargs a = {0};
	struct sv_error e = SV_ERROR_INIT;

	lc_intervention_init(&iv);
	assert_int_equal(iv.state, LC_IS_GRANTED);
	assert_false(iv.has_start);
	assert_int_equal(iv.end_reason, LC_END_NONE);

	a.today = D("2024-02-26");
	assert_ok(lc_intervention_apply(&iv, LC_IA_QUEUE, &a, &e)); /* KV-20, day 1 */
	assert_int_equal(iv.state, LC_IS_QUEUED);
	assert_ok(lc_intervention_apply(&iv, LC_IA_STAFF, &a, &e)); /* KV-21 */
	assert_int_equal(iv.state, LC_IS_STAFFED);
	/* KV-22, KV-24: the assignment is issued with start date Monday 2024-03-04. */
	a.start_date = D("2024-03-04");
	assert_ok(lc_intervention_apply(&iv, LC_IA_ISSUE_ASSIGNMENT, &a, &e));
	assert_int_equal(iv.state, LC_IS_ASSIGNED);
	assert_true(iv.has_start);
	assert_int_equal(iv.start_date, D("2024-03-04"));

	/* KV-24: running from the start date, not before: on Friday 03-01 the
	 * start is refused and nothing changes. */
	a.today = D("2024-03-01");
	before = iv;
	expect_refusal(lc_intervention_apply(&iv, LC_IA_START, &a, &e), &e, SV_ESTATE, "start_date",
	               "KV-24");
	assert_non_null(strstr(e.msg, "2024-03-04"));
	assert_same(&iv, &before);
	sv_error_clear(&e);
	a.today = D("2024-03-04");
	assert_ok(lc_intervention_apply(&iv, LC_IA_START, &a, &e));
	assert_int_equal(iv.state, LC_IS_RUNNING);

	/* KV-50: two extensions of one month each; the third month is refused. */
	a.limits = kv50;
	a.months = 1;
	assert_ok(lc_intervention_apply(&iv, LC_IA_EXTEND, &a, &e));
	assert_int_equal(iv.extended_months, 1);
	assert_ok(lc_intervention_apply(&iv, LC_IA_EXTEND, &a, &e));
	assert_int_equal(iv.extended_months, 2);
	before = iv;
	expect_refusal(lc_intervention_apply(&iv, LC_IA_EXTEND, &a, &e), &e, SV_ESTATE, "months",
	               "KV-50");
	assert_string_equal(e.msg, "cannot extend by 1 month: already extended 2 of at most 2 "
	                           "months");
	assert_same(&iv, &before);

	/* KV-51 / JP-8: ended for self-sufficiency on 2024-06-30. */
	sv_error_clear(&e);
	a.reason = LC_END_SELF_SUFFICIENT;
	a.end_date = D("2024-06-30");
	assert_ok(lc_intervention_apply(&iv, LC_IA_END, &a, &e));
	assert_int_equal(iv.state, LC_IS_ENDED);
	assert_int_equal(iv.end_reason, LC_END_SELF_SUFFICIENT);
	assert_int_equal(iv.end_date, D("2024-06-30"));

	/* Ending twice is refused and changes nothing. */
	before = iv;
	a.reason = LC_END_NO_PROGRESSION;
	a.end_date = D("2024-07-31");
	expect_refusal(lc_intervention_apply(&iv, LC_IA_END, &a, &e), &e, SV_ESTATE, "state",
	               "KV-52");
	assert_string_equal(e.msg, "cannot end an intervention that is ended");
	assert_same(&iv, &before);
	/* So is every other action on an ended intervention. */
	for (int act = 0; act < LC_IA_COUNT; act++) {
		sv_error_clear(&e);
		assert_rc(lc_intervention_apply(&iv, (enum lc_iaction)act, &a, &e), SV_ESTATE);
		assert_same(&iv, &before);
	}
}

static struct lc_intervention running_from(const char *start)
{
	struct lc_intervention iv;
	lc_intervention_init(&iv);
	iv.state = LC_IS_RUNNING;
	iv.has_start = true;
	iv.start_date = D(start);
	return iv;
}

static void intervention_bad_arguments(void **state)
{
	struct lc_intervention iv = running_from("2024-03-04"), before = iv;
	struct lc_iargs a = {0};
	struct sv_error e;

#define TRY(action, rc, field, rule)                                                             \
	do {                                                                                     \
		sv_error_clear(&e);                                                              \
		expect_refusal(lc_intervention_apply(&iv, action, &a, &e), &e, rc, field, rule); \
		assert_same(&iv, &before);                                                       \
	} while (0)

	/* KV-50: one month at a time; limits come from the pack and must make sense. */
	a.limits = kv50;
	a.months = 2;
	TRY(LC_IA_EXTEND, SV_EINVAL, "months", "KV-50");
	a.months = 0;
	TRY(LC_IA_EXTEND, SV_EINVAL, "months", "KV-50");
	a.months = 1;
	a.limits.step_months = 0;
	TRY(LC_IA_EXTEND, SV_EINVAL, "limits.step_months", "KV-50");
	a.limits.step_months = 1;
	a.limits.max_total_months = -1;
	TRY(LC_IA_EXTEND, SV_EINVAL, "limits.max_total_months", "KV-50");
	/* A pack that allows no extension at all: the first one is refused. */
	a.limits.max_total_months = 0;
	TRY(LC_IA_EXTEND, SV_ESTATE, "months", "KV-50");
	/* A pack with 2-month steps and 4 in all: 2 is right, 1 is not. */
	a.limits.step_months = 2;
	a.limits.max_total_months = 4;
	TRY(LC_IA_EXTEND, SV_EINVAL, "months", "KV-50");

	/* KV-52: an ending needs a reason and an end date not before the start. */
	a.reason = LC_END_NONE;
	a.end_date = D("2024-05-31");
	TRY(LC_IA_END, SV_EINVAL, "reason", "KV-52");
	a.reason = (enum lc_end_reason)99;
	TRY(LC_IA_END, SV_EINVAL, "reason", "KV-52");
	a.reason = LC_END_SICKNESS;
	a.end_date = D("2024-03-03");
	TRY(LC_IA_END, SV_EINVAL, "end_date", "KV-52");
	assert_string_equal(e.msg, "the end date 2024-03-03 is before the start date 2024-03-04");
	a.end_date = 5000000; /* after 9999-12-31 */
	TRY(LC_IA_END, SV_EINVAL, "end_date", "KV-52");
	/* Ending on the start day itself is allowed (a one-day intervention). */
	a.end_date = D("2024-03-04");
	sv_error_clear(&e);
	assert_ok(lc_intervention_apply(&iv, LC_IA_END, &a, &e));

	/* KV-24: the start date must be a supported date. */
	lc_intervention_init(&iv);
	iv.state = LC_IS_STAFFED;
	before = iv;
	a.start_date = -800000; /* before 0001-01-01 */
	TRY(LC_IA_ISSUE_ASSIGNMENT, SV_EINVAL, "start_date", "KV-24");

	/* A state check comes before the arguments: extending a queued
	 * intervention with a bad month count names the state. */
	iv.state = LC_IS_QUEUED;
	before = iv;
	a.months = 7;
	TRY(LC_IA_EXTEND, SV_ESTATE, "state", "KV-50");

	sv_error_clear(&e);
	assert_rc(lc_intervention_apply(NULL, LC_IA_END, &a, &e), SV_EINVAL);
	sv_error_clear(&e);
	assert_rc(lc_intervention_apply(&iv, LC_IA_END, NULL, &e), SV_EINVAL);
#undef TRY
}

static void switching_and_cancelling_before_the_start(void **state)
{
	struct lc_intervention iv;
	struct lc_iargs a = {0};
	struct sv_error e = SV_ERROR_INIT;

	lc_intervention_init(&iv);
	a.today = D("2024-04-02");
	a.start_date = D("2024-04-08");
	assert_ok(lc_intervention_apply(&iv, LC_IA_QUEUE, &a, &e));
	assert_ok(lc_intervention_apply(&iv, LC_IA_STAFF, &a, &e));
	assert_ok(lc_intervention_apply(&iv, LC_IA_ISSUE_ASSIGNMENT, &a, &e));
	/* KV-24: the counsellor moves the start a week (a provider's proposal). */
	a.start_date = D("2024-04-15");
	assert_ok(lc_intervention_apply(&iv, LC_IA_CHANGE_START, &a, &e));
	assert_int_equal(iv.start_date, D("2024-04-15"));
	/* KV-14: the customer switches provider before the start: queued again
	 * at the new provider, whose assignment sets a new start date. */
	assert_ok(lc_intervention_apply(&iv, LC_IA_SWITCH_PROVIDER, &a, &e));
	assert_int_equal(iv.state, LC_IS_QUEUED);
	assert_false(iv.has_start);
	assert_rc(lc_intervention_apply(&iv, LC_IA_START, &a, &e), SV_ESTATE);
	sv_error_clear(&e);
	assert_ok(lc_intervention_apply(&iv, LC_IA_CANCEL, &a, &e));
	assert_int_equal(iv.state, LC_IS_CANCELLED);
	assert_rc(lc_intervention_apply(&iv, LC_IA_QUEUE, &a, &e), SV_ESTATE);
	assert_string_equal(e.msg, "cannot queue an intervention that is cancelled");

	/* Once running, cancelling is refused: it must be ended with a reason. */
	iv = running_from("2024-04-15");
	sv_error_clear(&e);
	assert_rc(lc_intervention_apply(&iv, LC_IA_CANCEL, &a, &e), SV_ESTATE);
	assert_string_equal(e.msg, "cannot cancel an intervention that is running; after the "
	                           "start, end it with a reason (KV-52)");
}

/* One vocabulary for users, an explicit mapping to the coarse column of
 * sql/0001 (interventions.end_reason), and the old names as aliases (KV-52). */
static void end_reason_vocabularies(void **state)
{
	static const struct {
		enum lc_end_reason r;
		const char *stored;
	} map[] = {
	        {LC_END_COMPLETED, "other"},
	        {LC_END_SELF_SUFFICIENT, "self_sufficient"},
	        {LC_END_STEP_TRANSITION, "goal_reached"},
	        {LC_END_ANOTHER_INTERVENTION, "other_intervention"},
	        {LC_END_PROVIDER_SWITCH, "provider_switch"},
	        {LC_END_AF_PROGRAMME, "af_programme"},
	        {LC_END_UNFORESEEN_EVENTS, "unforeseen"},
	        {LC_END_OTHER_COMMITMENTS, "other_commitments"},
	        {LC_END_SICKNESS, "sickness"},
	        {LC_END_NO_PROGRESSION, "no_progression"},
	        {LC_END_PROVIDER_DEFICIENCIES, "provider_deficiency"},
	        {LC_END_CUSTOMER_ENDED, "customer_ended"},
	        {LC_END_PLANNED_ABSENCE, "other"},
	};
	/* The CHECK list of sql/0001: every mapped value is one of them. */
	static const char *const check[] = {
	        "self_sufficient", "goal_reached",        "other_intervention", "provider_switch",
	        "af_programme",    "unforeseen",          "other_commitments",  "sickness",
	        "no_progression",  "provider_deficiency", "customer_ended",     "other"};
	struct sv_error e = SV_ERROR_INIT;
	enum lc_end_reason r;

	(void)state;
	assert_int_equal(sizeof(map) / sizeof(map[0]), LC_END_COUNT - 1);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		const char *name = lc_end_reason_name(map[i].r);
		bool in_check = false;

		assert_string_equal(lc_end_reason_stored(map[i].r), map[i].stored);
		for (size_t k = 0; k < sizeof(check) / sizeof(check[0]); k++)
			in_check = in_check || !strcmp(check[k], map[i].stored);
		assert_true(in_check);
		/* Every life-cycle name parses as itself, also as an alias. */
		assert_rc(lc_end_reason_parse_alias(name, strlen(name), &r, "end_reason", &e),
		          SV_OK);
		assert_int_equal(r, map[i].r);
		/* The details' name wins over the coarse column. */
		assert_string_equal(lc_end_reason_display(name, "other"), name);
	}
	assert_null(lc_end_reason_stored(LC_END_NONE));
	assert_null(lc_end_reason_stored(LC_END_COUNT));
	/* The old names are aliases; "other" (completed or planned absence)
	 * reads as completed. */
	assert_rc(lc_end_reason_parse_alias("goal_reached", 12, &r, "f", &e), SV_OK);
	assert_int_equal(r, LC_END_STEP_TRANSITION);
	assert_rc(lc_end_reason_parse_alias("other_intervention", 18, &r, "f", &e), SV_OK);
	assert_int_equal(r, LC_END_ANOTHER_INTERVENTION);
	assert_rc(lc_end_reason_parse_alias("unforeseen", 10, &r, "f", &e), SV_OK);
	assert_int_equal(r, LC_END_UNFORESEEN_EVENTS);
	assert_rc(lc_end_reason_parse_alias("provider_deficiency", 19, &r, "f", &e), SV_OK);
	assert_int_equal(r, LC_END_PROVIDER_DEFICIENCIES);
	assert_rc(lc_end_reason_parse_alias("other", 5, &r, "f", &e), SV_OK);
	assert_int_equal(r, LC_END_COMPLETED);
	/* The strict parser (API input) takes the life-cycle names only. */
	assert_rc(lc_end_reason_parse("goal_reached", 12, &r, "reason", &e), SV_EINVAL);
	/* Unknown names are refused with the field, KV-52 and the names. */
	sv_error_clear(&e);
	assert_rc(lc_end_reason_parse_alias("finished", 8, &r, "end_reason", &e), SV_EINVAL);
	assert_string_equal(e.field, "end_reason");
	assert_string_equal(e.rule, "KV-52");
	assert_non_null(strstr(e.msg, "step_transition"));
	assert_rc(lc_end_reason_parse_alias("goal_reachedX", 12, &r, "f", &e), SV_OK);
	assert_int_equal(r, LC_END_STEP_TRANSITION); /* len bounds the name */
	assert_rc(lc_end_reason_parse_alias(NULL, 0, &r, "f", &e), SV_EINVAL);
	/* Display: the details' name, else the coarse column mapped, else NULL. */
	assert_string_equal(lc_end_reason_display(NULL, "goal_reached"), "step_transition");
	assert_string_equal(lc_end_reason_display(NULL, "other"), "completed");
	assert_string_equal(lc_end_reason_display("planned_absence", "other"), "planned_absence");
	assert_string_equal(lc_end_reason_display("nonsense", "unforeseen"), "unforeseen_events");
	assert_null(lc_end_reason_display(NULL, NULL));
	assert_null(lc_end_reason_display(NULL, "withheld"));
}

static void end_reasons(void **state)
{
	/* KV-62: the causes the routines call "avbrott" (seed 002 §13.4, and a
	 * customer's own abort under KV-3) are outside the provider's control. */
	static const struct {
		enum lc_end_reason r;
		const char *name, *rule;
		bool kv62, next_step, bonus;
	} want[] = {
	        {LC_END_COMPLETED, "completed", "KV-60", false, true, false},
	        {LC_END_SELF_SUFFICIENT, "self_sufficient", "KV-51", false, false, true},
	        {LC_END_STEP_TRANSITION, "step_transition", "KV-51", false, false, false},
	        {LC_END_ANOTHER_INTERVENTION, "another_intervention", "KV-52", false, true, false},
	        {LC_END_PROVIDER_SWITCH, "provider_switch", "KV-14", false, true, false},
	        {LC_END_AF_PROGRAMME, "af_programme", "KV-52", false, true, false},
	        {LC_END_UNFORESEEN_EVENTS, "unforeseen_events", "KV-52", true, true, false},
	        {LC_END_OTHER_COMMITMENTS, "other_commitments", "KV-52", true, true, false},
	        {LC_END_SICKNESS, "sickness", "KV-52", true, true, false},
	        {LC_END_NO_PROGRESSION, "no_progression", "KV-52", true, true, false},
	        {LC_END_PROVIDER_DEFICIENCIES, "provider_deficiencies", "KV-53", false, true,
	         false},
	        {LC_END_CUSTOMER_ENDED, "customer_ended", "KV-3", true, true, false},
	        {LC_END_PLANNED_ABSENCE, "planned_absence", "KV-3", false, true, false},
	};

	assert_int_equal(sizeof(want) / sizeof(want[0]), LC_END_COUNT - 1);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct lc_end_reason_info *info = lc_end_reason_info(want[i].r);
		assert_non_null(info);
		assert_string_equal(info->name, want[i].name);
		assert_string_equal(lc_end_reason_name(want[i].r), want[i].name);
		assert_string_equal(info->rule, want[i].rule);
		assert_int_equal(info->outside_provider_control, want[i].kv62);
		assert_int_equal(info->next_step_required, want[i].next_step);
		assert_int_equal(info->bonus_possible, want[i].bonus);
		assert_true(info->title && info->title[0]);
	}
	assert_null(lc_end_reason_info(LC_END_NONE));
	assert_null(lc_end_reason_info(LC_END_COUNT));
	assert_null(lc_end_reason_info((enum lc_end_reason) - 3));
}

/* ------------------------------------------------------------------ */
/* Documents                                                           */
/* ------------------------------------------------------------------ */

#define PLAN    (1u << LC_DOC_PLAN)
#define MONTHLY (1u << LC_DOC_MONTHLY_REPORT)
#define FINAL   (1u << LC_DOC_FINAL_REPORT)
#define ALLDOCS (PLAN | MONTHLY | FINAL)

static const struct {
	enum lc_doc_state from;
	enum lc_doc_action action;
	enum lc_doc_state to;
	enum lc_actor actor;
	unsigned kinds;
} dallowed[] = {
        /* draft -> submitted -> returned -> submitted -> approved (KV-25, KV-32). */
        {LC_DS_DRAFT, LC_DA_SAVE_DRAFT, LC_DS_DRAFT, LC_ACTOR_PROVIDER, ALLDOCS},
        {LC_DS_DRAFT, LC_DA_SUBMIT, LC_DS_SUBMITTED, LC_ACTOR_PROVIDER, ALLDOCS},
        {LC_DS_SUBMITTED, LC_DA_RETURN, LC_DS_RETURNED, LC_ACTOR_COUNSELLOR, ALLDOCS},
        {LC_DS_SUBMITTED, LC_DA_APPROVE, LC_DS_APPROVED, LC_ACTOR_COUNSELLOR, ALLDOCS},
        {LC_DS_RETURNED, LC_DA_SAVE_DRAFT, LC_DS_RETURNED, LC_ACTOR_PROVIDER, ALLDOCS},
        {LC_DS_RETURNED, LC_DA_SUBMIT, LC_DS_SUBMITTED, LC_ACTOR_PROVIDER, ALLDOCS},
        /* KV-31: an approved plan is revised as a new version (a draft). */
        {LC_DS_APPROVED, LC_DA_REVISE, LC_DS_DRAFT, LC_ACTOR_PROVIDER, PLAN},
};

static const char *doc_rule(enum lc_doc_kind k, enum lc_doc_action a)
{
	/* Plan: written under KV-24, reviewed under KV-25, revised under KV-31;
	 * monthly report: KV-32; final report: KV-60. */
	static const char *const submit[] = {"KV-24", "KV-32", "KV-60"};
	static const char *const review[] = {"KV-25", "KV-32", "KV-60"};
	if (a == LC_DA_REVISE)
		return "KV-31";
	return a == LC_DA_RETURN || a == LC_DA_APPROVE ? review[k] : submit[k];
}

static void documents_every_kind_state_and_action(void **state)
{
	static const char *const nouns[] = {"a plan", "a monthly report", "a final report"};
	size_t n, allowed = 0, refused = 0, wrong_kind = 0;
	const struct lc_dtransition *t = lc_doc_table(&n);

	assert_int_equal(n, sizeof(dallowed) / sizeof(dallowed[0]));
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(t[i].from, dallowed[i].from);
		assert_int_equal(t[i].action, dallowed[i].action);
		assert_int_equal(t[i].to, dallowed[i].to);
		assert_int_equal(t[i].actor, dallowed[i].actor);
		assert_int_equal(t[i].kinds, dallowed[i].kinds);
		assert_int_equal(t[i].new_version, t[i].action == LC_DA_REVISE);
	}
	for (int k = 0; k < LC_DOC_COUNT; k++) {
		for (int s = 0; s < LC_DS_COUNT; s++) {
			for (int a = 0; a < LC_DA_COUNT; a++) {
				struct sv_error e = SV_ERROR_INIT;
				enum lc_doc_state to = LC_DS_COUNT;
				int row = -1;
				enum sv_rc rc;
				char want[128];

				for (size_t i = 0; i < n; i++)
					if ((int)dallowed[i].from == s &&
					    (int)dallowed[i].action == a &&
					    (dallowed[i].kinds & (1u << k)))
						row = (int)i;
				rc = lc_doc_next((enum lc_doc_kind)k, (enum lc_doc_state)s,
				                 (enum lc_doc_action)a, "Fyll i målen.", &to, &e);
				assert_string_equal(
				        lc_doc_rule((enum lc_doc_kind)k, (enum lc_doc_action)a),
				        doc_rule((enum lc_doc_kind)k, (enum lc_doc_action)a));
				if (row >= 0) {
					assert_ok(rc);
					assert_int_equal(to, dallowed[row].to);
					allowed++;
				} else if (a == LC_DA_REVISE && k != LC_DOC_PLAN) {
					expect_refusal(rc, &e, SV_EINVAL, "action", "KV-31");
					wrong_kind++;
				} else {
					expect_refusal(rc, &e, SV_ESTATE, "state",
					               doc_rule((enum lc_doc_kind)k,
					                        (enum lc_doc_action)a));
					snprintf(
					        want, sizeof(want), "cannot %s %s that is %s",
					        a == LC_DA_SAVE_DRAFT
					                ? "save a draft of"
					                : lc_doc_action_name((enum lc_doc_action)a),
					        nouns[k], lc_doc_state_name((enum lc_doc_state)s));
					assert_string_equal(e.msg, want);
					assert_int_equal(to, LC_DS_COUNT);
					refused++;
				}
			}
		}
	}
	/* 3 kinds x 4 states x 5 actions = 60: 6 x 3 + 1 = 19 allowed, 2 x 4
	 * revisions of reports refused for their kind, 33 refused by state. */
	assert_int_equal(allowed, 19);
	assert_int_equal(wrong_kind, 8);
	assert_int_equal(refused, 33);
}

static void returned_plan_is_resubmitted_and_approved(void **state)
{
	enum lc_doc_state s = LC_DS_DRAFT;
	struct sv_error e = SV_ERROR_INIT;

	/* KV-24: the provider writes and submits the plan. */
	assert_ok(lc_doc_next(LC_DOC_PLAN, s, LC_DA_SAVE_DRAFT, NULL, &s, &e));
	assert_ok(lc_doc_next(LC_DOC_PLAN, s, LC_DA_SUBMIT, NULL, &s, &e));
	assert_int_equal(s, LC_DS_SUBMITTED);
	/* The provider cannot edit a submitted plan. */
	assert_rc(lc_doc_next(LC_DOC_PLAN, s, LC_DA_SAVE_DRAFT, NULL, &s, &e), SV_ESTATE);
	assert_string_equal(e.msg, "cannot save a draft of a plan that is submitted");
	assert_int_equal(s, LC_DS_SUBMITTED);
	/* KV-25: a return needs a comment; blank ones are refused. */
	sv_error_clear(&e);
	expect_refusal(lc_doc_next(LC_DOC_PLAN, s, LC_DA_RETURN, NULL, &s, &e), &e, SV_EINVAL,
	               "comment", "KV-25");
	sv_error_clear(&e);
	expect_refusal(lc_doc_next(LC_DOC_PLAN, s, LC_DA_RETURN, " \t\n\xc2\xa0", &s, &e), &e,
	               SV_EINVAL, "comment", "KV-25");
	assert_int_equal(s, LC_DS_SUBMITTED);
	sv_error_clear(&e);
	assert_ok(lc_doc_next(LC_DOC_PLAN, s, LC_DA_RETURN, "Delmålen saknar tidsplan.", &s, &e));
	assert_int_equal(s, LC_DS_RETURNED);
	/* It cannot be approved while returned; it is completed and resubmitted. */
	assert_rc(lc_doc_next(LC_DOC_PLAN, s, LC_DA_APPROVE, NULL, &s, &e), SV_ESTATE);
	assert_string_equal(e.msg, "cannot approve a plan that is returned");
	sv_error_clear(&e);
	assert_ok(lc_doc_next(LC_DOC_PLAN, s, LC_DA_SAVE_DRAFT, NULL, &s, &e));
	assert_int_equal(s, LC_DS_RETURNED);
	assert_ok(lc_doc_next(LC_DOC_PLAN, s, LC_DA_SUBMIT, NULL, &s, &e));
	assert_int_equal(s, LC_DS_SUBMITTED);
	assert_ok(lc_doc_next(LC_DOC_PLAN, s, LC_DA_APPROVE, NULL, &s, &e));
	assert_int_equal(s, LC_DS_APPROVED);
	/* Approved is final for this version. */
	for (int a = 0; a < LC_DA_COUNT; a++) {
		enum lc_doc_state to = s;
		sv_error_clear(&e);
		if (a == LC_DA_REVISE)
			continue;
		assert_rc(lc_doc_next(LC_DOC_PLAN, s, (enum lc_doc_action)a, "x", &to, &e),
		          SV_ESTATE);
		assert_int_equal(to, LC_DS_APPROVED);
	}
	/* KV-31: a revision is a new version, starting as a draft. */
	{
		enum lc_doc_state v2 = LC_DS_COUNT;
		const struct lc_dtransition *t =
		        lc_doc_find(LC_DOC_PLAN, LC_DS_APPROVED, LC_DA_REVISE);
		sv_error_clear(&e);
		assert_ok(lc_doc_next(LC_DOC_PLAN, s, LC_DA_REVISE, NULL, &v2, &e));
		assert_int_equal(v2, LC_DS_DRAFT);
		assert_non_null(t);
		assert_true(t->new_version);
	}
	/* The brief's example, word for word. */
	sv_error_clear(&e);
	assert_rc(lc_doc_next(LC_DOC_MONTHLY_REPORT, LC_DS_APPROVED, LC_DA_SUBMIT, NULL, &s, &e),
	          SV_ESTATE);
	assert_string_equal(e.msg, "cannot submit a monthly report that is approved");
	assert_string_equal(e.field, "state");
	assert_string_equal(e.rule, "KV-32");
	/* Values outside the enums. */
	sv_error_clear(&e);
	assert_rc(lc_doc_next((enum lc_doc_kind)3, LC_DS_DRAFT, LC_DA_SUBMIT, NULL, &s, &e),
	          SV_EINVAL);
	assert_string_equal(e.field, "kind");
	sv_error_clear(&e);
	assert_rc(lc_doc_next(LC_DOC_PLAN, (enum lc_doc_state)9, LC_DA_SUBMIT, NULL, &s, &e),
	          SV_EINVAL);
	assert_string_equal(e.field, "state");
	sv_error_clear(&e);
	assert_rc(lc_doc_next(LC_DOC_PLAN, LC_DS_DRAFT, (enum lc_doc_action)9, NULL, &s, &e),
	          SV_EINVAL);
	assert_string_equal(e.field, "action");
	assert_string_equal(lc_doc_rule((enum lc_doc_kind)7, LC_DA_SUBMIT), "");
}

/* ------------------------------------------------------------------ */
/* KV-32: "Ej aktuellt"                                                */
/* ------------------------------------------------------------------ */

static const char *const monthly_sections[] = {
        "progression",   "adjustments",          "absence",
        "other_absence", "another_intervention", "deviations",
};

static void report_sections_ej_aktuellt(void **state)
{
	const struct lc_section sections[] = {
	        {"progression", "Kunden har provat två arbetsplatser."},
	        {"adjustments", "   \n"},                           /* blank: a problem */
	        {"absence", "Ej aktuellt – ingen frånvaro i mars"}, /* reason given */
	        {"other_absence", "ej AKTUELLT."},                  /* no reason: a problem */
	        /* another_intervention is missing: a problem */
	        {"deviations", "Ej aktuellt, planen följs."},
	        {"unrelated", ""}, /* not required: ignored */
	};
	struct sv_error problems[4], err = SV_ERROR_INIT;
	size_t count = 99;

	expect_refusal(lc_report_check_sections(sections, 6, monthly_sections, 6, problems, 4,
	                                        &count, &err),
	               &err, SV_EINVAL, "sections.adjustments", "KV-32");
	assert_int_equal(count, 3);
	assert_non_null(strstr(err.msg, "(3 sections to complete)"));
	/* Every problem by field and rule, in the template's order. */
	assert_string_equal(problems[0].field, "sections.adjustments");
	assert_string_equal(problems[0].msg, "the section is empty: write the section, or \"Ej "
	                                     "aktuellt\" with a short reason");
	assert_string_equal(problems[1].field, "sections.other_absence");
	assert_non_null(strstr(problems[1].msg, "\"Ej aktuellt\" needs a short reason"));
	assert_string_equal(problems[2].field, "sections.another_intervention");
	assert_non_null(strstr(problems[2].msg, "the section is missing"));
	for (int i = 0; i < 3; i++) {
		assert_int_equal(problems[i].rc, SV_EINVAL);
		assert_string_equal(problems[i].rule, "KV-32");
	}

	/* Room for one: all three are counted, the first is written. */
	memset(problems, 0, sizeof(problems));
	sv_error_clear(&err);
	assert_rc(lc_report_check_sections(sections, 6, monthly_sections, 6, problems, 1, &count,
	                                   &err),
	          SV_EINVAL);
	assert_int_equal(count, 3);
	assert_string_equal(problems[0].field, "sections.adjustments");
	assert_string_equal(problems[1].field, "");
	/* And with no room at all. */
	sv_error_clear(&err);
	assert_rc(lc_report_check_sections(sections, 6, monthly_sections, 6, NULL, 0, &count, &err),
	          SV_EINVAL);
	assert_int_equal(count, 3);
}

static void report_sections_edge_cases(void **state)
{
	static const struct {
		const char *text;
		bool ok;
	} cases[] = {
	        {"Ej aktuellt", false},
	        {"  Ej   aktuellt  ", false},
	        {"Ej aktuellt.", false},
	        {"Ej aktuellt:", false},
	        {"Ej aktuellt \xe2\x80\x94 ", false}, /* em dash and nothing more */
	        {"Ej aktuellt -- ...", false},
	        {"\xc2\xa0", false}, /* a no-break space only */
	        {"", false},
	        {NULL, false},
	        {"Ej aktuellt: ingen frånvaro", true},
	        {"Ej aktuellt \xe2\x80\x93 kund i praktik hela månaden", true},
	        {"EJ AKTUELLT (sjukskriven)", true},
	        {"Ej aktuellt 3", true},
	        {"Ej aktuellt, ö", true},
	        {"Ej aktuelltvis en text", true}, /* not the phrase: ordinary text */
	        {"Ejaktuellt", true},             /* not the phrase either */
	        {"Ingen frånvaro.", true},
	        {"x", true},
	};
	const char *const req[] = {"absence"};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lc_section s = {"absence", cases[i].text};
		struct sv_error err = SV_ERROR_INIT;
		size_t count = 7;
		enum sv_rc rc = lc_report_check_sections(&s, 1, req, 1, NULL, 0, &count, &err);

		if (cases[i].ok) {
			assert_ok(rc);
			assert_int_equal(count, 0);
		} else {
			expect_refusal(rc, &err, SV_EINVAL, "sections.absence", "KV-32");
			assert_int_equal(count, 1);
		}
	}

	/* The first of two sections with the same name counts. */
	{
		const struct lc_section dup[] = {{"absence", ""}, {"absence", "Ingen."}};
		struct sv_error err = SV_ERROR_INIT;
		assert_rc(lc_report_check_sections(dup, 2, req, 1, NULL, 0, NULL, &err), SV_EINVAL);
	}
	/* Nothing required: nothing to check. */
	{
		struct sv_error err = SV_ERROR_INIT;
		assert_ok(lc_report_check_sections(NULL, 0, NULL, 0, NULL, 0, NULL, &err));
	}
	/* A required name must be a name. */
	{
		const char *const bad[] = {"absence", ""};
		const char *const null[] = {NULL};
		struct lc_section s = {"absence", "Ingen."};
		struct sv_error err = SV_ERROR_INIT;
		expect_refusal(lc_report_check_sections(&s, 1, bad, 2, NULL, 0, NULL, &err), &err,
		               SV_EINVAL, "required", "KV-32");
		sv_error_clear(&err);
		expect_refusal(lc_report_check_sections(&s, 1, null, 1, NULL, 0, NULL, &err), &err,
		               SV_EINVAL, "required", "KV-32");
		sv_error_clear(&err);
		expect_refusal(lc_report_check_sections(&s, 1, NULL, 1, NULL, 0, NULL, &err), &err,
		               SV_EINVAL, "required", "KV-32");
	}
	/* A long section name is cut to the field's size, never overrun. */
	{
		char name[300];
		const char *req_long[1] = {name};
		struct sv_error err = SV_ERROR_INIT, p[1];
		memset(name, 'n', sizeof(name) - 1);
		name[sizeof(name) - 1] = '\0';
		assert_rc(lc_report_check_sections(NULL, 0, req_long, 1, p, 1, NULL, &err),
		          SV_EINVAL);
		assert_int_equal(strlen(p[0].field), sizeof(p[0].field) - 1);
		assert_true(strncmp(p[0].field, "sections.nnn", 12) == 0);
	}
}

/* ------------------------------------------------------------------ */
/* Proposals                                                           */
/* ------------------------------------------------------------------ */

static void proposals(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	enum lc_prop_state s = LC_PS_PENDING, to;
	size_t n;
	const struct lc_ptransition *t = lc_proposal_table(&n);
	const char *why = "Kunden behöver en månad till för att slutföra praktiken.";

	/* The whole table: only a pending proposal moves. */
	assert_int_equal(n, 3);
	for (int k = 0; k < LC_PROP_COUNT; k++) {
		for (int st = 0; st < LC_PS_COUNT; st++) {
			for (int a = 0; a < LC_PA_COUNT; a++) {
				enum sv_rc rc;
				to = LC_PS_COUNT;
				sv_error_clear(&e);
				rc = lc_proposal_next((enum lc_prop_kind)k, (enum lc_prop_state)st,
				                      (enum lc_prop_action)a, "Skäl.", &to, &e);
				if (st == LC_PS_PENDING) {
					static const enum lc_prop_state res[] = {
					        LC_PS_APPROVED, LC_PS_REJECTED, LC_PS_REPLACED};
					assert_ok(rc);
					assert_int_equal(to, res[a]);
				} else {
					expect_refusal(
					        rc, &e, SV_ESTATE, "state",
					        lc_prop_kind_info((enum lc_prop_kind)k)->rule);
					assert_int_equal(to, LC_PS_COUNT);
				}
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		assert_int_equal(t[i].from, LC_PS_PENDING);

	/* Who decides: a supervisor extends (KV-50), the counsellor the rest. */
	assert_int_equal(lc_proposal_actor(LC_PROP_EXTENSION, LC_PA_APPROVE), LC_ACTOR_SUPERVISOR);
	assert_int_equal(lc_proposal_actor(LC_PROP_EXTENSION, LC_PA_REJECT), LC_ACTOR_SUPERVISOR);
	assert_int_equal(lc_proposal_actor(LC_PROP_END, LC_PA_APPROVE), LC_ACTOR_COUNSELLOR);
	assert_int_equal(lc_proposal_actor(LC_PROP_START_DATE, LC_PA_REJECT), LC_ACTOR_COUNSELLOR);
	assert_int_equal(lc_proposal_actor(LC_PROP_END, LC_PA_REPLACE), LC_ACTOR_PROVIDER);
	/* What an approval leads to. */
	assert_int_equal(lc_prop_kind_info(LC_PROP_EXTENSION)->applies, LC_IA_EXTEND);
	assert_int_equal(lc_prop_kind_info(LC_PROP_END)->applies, LC_IA_END);
	assert_int_equal(lc_prop_kind_info(LC_PROP_START_DATE)->applies, LC_IA_CHANGE_START);
	assert_int_equal(lc_prop_kind_info(LC_PROP_ANOTHER_INTERVENTION)->applies, LC_IA_COUNT);
	assert_string_equal(lc_prop_kind_info(LC_PROP_ANOTHER_INTERVENTION)->rule, "KV-33");
	assert_null(lc_prop_kind_info(LC_PROP_COUNT));

	/* Making one: in the right state, with a justification. */
	sv_error_clear(&e);
	assert_ok(lc_proposal_check_new(LC_PROP_EXTENSION, LC_IS_RUNNING, why, LC_END_NONE, &e));
	assert_ok(lc_proposal_check_new(LC_PROP_START_DATE, LC_IS_ASSIGNED, why, LC_END_NONE, &e));
	assert_ok(
	        lc_proposal_check_new(LC_PROP_END, LC_IS_RUNNING, why, LC_END_NO_PROGRESSION, &e));
	expect_refusal(
	        lc_proposal_check_new(LC_PROP_EXTENSION, LC_IS_ASSIGNED, why, LC_END_NONE, &e), &e,
	        SV_ESTATE, "state", "KV-50");
	assert_string_equal(e.msg, "cannot propose an extension of an intervention that is "
	                           "assigned");
	sv_error_clear(&e);
	expect_refusal(
	        lc_proposal_check_new(LC_PROP_START_DATE, LC_IS_RUNNING, why, LC_END_NONE, &e), &e,
	        SV_ESTATE, "state", "KV-24");
	sv_error_clear(&e);
	expect_refusal(lc_proposal_check_new(LC_PROP_ANOTHER_INTERVENTION, LC_IS_RUNNING, "  ",
	                                     LC_END_NONE, &e),
	               &e, SV_EINVAL, "justification", "KV-33");
	sv_error_clear(&e);
	expect_refusal(lc_proposal_check_new(LC_PROP_END, LC_IS_RUNNING, why, LC_END_NONE, &e), &e,
	               SV_EINVAL, "reason", "KV-52");
	sv_error_clear(&e);
	expect_refusal(lc_proposal_check_new(LC_PROP_END, LC_IS_ENDED, why, LC_END_SICKNESS, &e),
	               &e, SV_ESTATE, "state", "KV-52");
	sv_error_clear(&e);
	assert_rc(lc_proposal_check_new(LC_PROP_COUNT, LC_IS_RUNNING, why, LC_END_NONE, &e),
	          SV_EINVAL);
	sv_error_clear(&e);
	assert_rc(lc_proposal_check_new(LC_PROP_END, (enum lc_istate)40, why, LC_END_NONE, &e),
	          SV_EINVAL);

	/* A newer extension proposal replaces the pending one, which can then
	 * no longer be approved; the new one is rejected with a reason. */
	sv_error_clear(&e);
	assert_ok(lc_proposal_next(LC_PROP_EXTENSION, s, LC_PA_REPLACE, NULL, &s, &e));
	assert_int_equal(s, LC_PS_REPLACED);
	assert_rc(lc_proposal_next(LC_PROP_EXTENSION, s, LC_PA_APPROVE, NULL, &s, &e), SV_ESTATE);
	assert_string_equal(e.msg, "cannot approve an extension proposal that is replaced");
	s = LC_PS_PENDING;
	sv_error_clear(&e);
	expect_refusal(lc_proposal_next(LC_PROP_EXTENSION, s, LC_PA_REJECT, "", &s, &e), &e,
	               SV_EINVAL, "reason", "KV-50");
	assert_int_equal(s, LC_PS_PENDING);
	sv_error_clear(&e);
	assert_ok(lc_proposal_next(LC_PROP_EXTENSION, s, LC_PA_REJECT, "Målet nås inte.", &s, &e));
	assert_int_equal(s, LC_PS_REJECTED);
	assert_rc(lc_proposal_next(LC_PROP_EXTENSION, s, LC_PA_REJECT, "Igen.", &s, &e), SV_ESTATE);
	assert_string_equal(e.msg, "cannot reject an extension proposal that is rejected");
}

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

/* The stable identifiers, as stored in the database and used in the API. */
static void names_round_trip_and_unknown_names_are_refused(void **state)
{
	static const char *const istates[] = {"granted", "queued", "staffed",  "assigned",
	                                      "running", "ended",  "cancelled"};
	static const char *const iacts[] = {"queue",        "staff",           "issue_assignment",
	                                    "change_start", "start",           "extend",
	                                    "end",          "switch_provider", "cancel"};
	static const char *const actors[] = {"counsellor", "supervisor", "provider", "system"};
	static const char *const kinds[] = {"plan", "monthly_report", "final_report"};
	static const char *const dstates[] = {"draft", "submitted", "returned", "approved"};
	static const char *const dacts[] = {"save_draft", "submit", "return", "approve", "revise"};
	static const char *const pkinds[] = {"extension", "end", "start_date",
	                                     "another_intervention"};
	static const char *const pstates[] = {"pending", "approved", "rejected", "replaced"};
	static const char *const pacts[] = {"approve", "reject", "replace"};
	struct sv_error e = SV_ERROR_INIT;

#define ROUND_TRIP(names, count, type, namefn, parsefn)                              \
	do {                                                                         \
		assert_int_equal(sizeof(names) / sizeof(names[0]), count);           \
		for (int i = 0; i < (count); i++) {                                  \
			type v;                                                      \
			assert_string_equal(namefn((type)i), names[i]);              \
			assert_ok(parsefn(names[i], strlen(names[i]), &v, "f", &e)); \
			assert_int_equal(v, i);                                      \
		}                                                                    \
		assert_string_equal(namefn((type)(count)), "unknown");               \
		assert_string_equal(namefn((type)-1), "unknown");                    \
	} while (0)

	ROUND_TRIP(istates, LC_IS_COUNT, enum lc_istate, lc_istate_name, lc_istate_parse);
	ROUND_TRIP(iacts, LC_IA_COUNT, enum lc_iaction, lc_iaction_name, lc_iaction_parse);
	ROUND_TRIP(actors, LC_ACTOR_COUNT, enum lc_actor, lc_actor_name, lc_actor_parse);
	ROUND_TRIP(kinds, LC_DOC_COUNT, enum lc_doc_kind, lc_doc_kind_name, lc_doc_kind_parse);
	ROUND_TRIP(dstates, LC_DS_COUNT, enum lc_doc_state, lc_doc_state_name, lc_doc_state_parse);
	ROUND_TRIP(dacts, LC_DA_COUNT, enum lc_doc_action, lc_doc_action_name, lc_doc_action_parse);
	ROUND_TRIP(pkinds, LC_PROP_COUNT, enum lc_prop_kind, lc_prop_kind_name, lc_prop_kind_parse);
	ROUND_TRIP(pstates, LC_PS_COUNT, enum lc_prop_state, lc_prop_state_name,
	           lc_prop_state_parse);
	ROUND_TRIP(pacts, LC_PA_COUNT, enum lc_prop_action, lc_prop_action_name,
	           lc_prop_action_parse);
#undef ROUND_TRIP

	/* End reasons: every one but LC_END_NONE has a name that parses back. */
	for (int r = 1; r < LC_END_COUNT; r++) {
		enum lc_end_reason v;
		const char *name = lc_end_reason_name((enum lc_end_reason)r);
		assert_ok(lc_end_reason_parse(name, strlen(name), &v, "reason", &e));
		assert_int_equal(v, r);
	}
	assert_string_equal(lc_end_reason_name(LC_END_NONE), "unknown");

	/* Unknown names: exact match only; *out untouched; field and rule named. */
	{
		static const char *const bad[] = {"Queued", "queued ", " queued", "",
		                                  "queue",  "unknown", "queuedx"};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			enum lc_istate v = LC_IS_COUNT;
			sv_error_clear(&e);
			expect_refusal(lc_istate_parse(bad[i], strlen(bad[i]), &v, "state", &e), &e,
			               SV_EINVAL, "state", "KV-10");
			assert_int_equal(v, LC_IS_COUNT);
		}
		assert_non_null(strstr(e.msg, "expected one of: granted, queued, staffed"));
	}
	{
		enum lc_end_reason v = LC_END_COUNT;
		sv_error_clear(&e);
		expect_refusal(lc_end_reason_parse("unknown", 7, &v, "reason", &e), &e, SV_EINVAL,
		               "reason", "KV-52");
		assert_int_equal(v, LC_END_COUNT);
		/* The list of names starts at the first real reason. */
		assert_non_null(strstr(e.msg, "expected one of: completed, self_sufficient"));
		sv_error_clear(&e);
		expect_refusal(lc_end_reason_parse(NULL, 0, &v, "reason", &e), &e, SV_EINVAL,
		               "reason", "KV-52");
	}
	{
		enum lc_doc_kind k;
		enum lc_prop_kind pk;
		enum lc_actor ac;
		sv_error_clear(&e);
		/* Not NUL-terminated after len: "plan" out of "planx". */
		assert_ok(lc_doc_kind_parse("planx", 4, &k, "kind", &e));
		assert_int_equal(k, LC_DOC_PLAN);
		expect_refusal(lc_doc_kind_parse("report", 6, &k, "kind", &e), &e, SV_EINVAL,
		               "kind", "KV-32");
		sv_error_clear(&e);
		expect_refusal(lc_prop_kind_parse("extend", 6, &pk, "kind", &e), &e, SV_EINVAL,
		               "kind", "KV-26");
		sv_error_clear(&e);
		expect_refusal(lc_actor_parse("customer", 8, &ac, "actor", &e), &e, SV_EINVAL,
		               "actor", "KV-10");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(intervention_every_state_and_action),
	        cmocka_unit_test(intervention_refusal_messages),
	        cmocka_unit_test(intervention_from_decision_to_end),
	        cmocka_unit_test(intervention_bad_arguments),
	        cmocka_unit_test(switching_and_cancelling_before_the_start),
	        cmocka_unit_test(end_reasons),
	        cmocka_unit_test(end_reason_vocabularies),
	        cmocka_unit_test(documents_every_kind_state_and_action),
	        cmocka_unit_test(returned_plan_is_resubmitted_and_approved),
	        cmocka_unit_test(report_sections_ej_aktuellt),
	        cmocka_unit_test(report_sections_edge_cases),
	        cmocka_unit_test(proposals),
	        cmocka_unit_test(names_round_trip_and_unknown_names_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
