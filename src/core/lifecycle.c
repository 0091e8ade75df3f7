/* State machines of interventions, documents and provider proposals
 * (KV-10 ... KV-64, JP-0 ... JP-8). See include/stegvis/lifecycle.h and
 * docs/internals/lifecycle.md. */
#include "stegvis/lifecycle.h"

#include <stdio.h>
#include <string.h>

#define BIT(x) (1u << (unsigned)(x))

/* ------------------------------------------------------------------ */
/* Vocabulary                                                          */
/* ------------------------------------------------------------------ */

static const char *const actor_names[LC_ACTOR_COUNT] = {
        [LC_ACTOR_COUNSELLOR] = "counsellor",
        [LC_ACTOR_SUPERVISOR] = "supervisor",
        [LC_ACTOR_PROVIDER] = "provider",
        [LC_ACTOR_SYSTEM] = "system",
};

static const char *const istate_names[LC_IS_COUNT] = {
        [LC_IS_GRANTED] = "granted",     [LC_IS_QUEUED] = "queued",   [LC_IS_STAFFED] = "staffed",
        [LC_IS_ASSIGNED] = "assigned",   [LC_IS_RUNNING] = "running", [LC_IS_ENDED] = "ended",
        [LC_IS_CANCELLED] = "cancelled",
};

/* Per intervention action: its identifier, the verb of the refusal message
 * ("cannot <verb> an intervention that is <state>") and its rule. */
static const struct {
	const char *name;
	const char *verb;
	const char *rule;
} iactions[LC_IA_COUNT] = {
        [LC_IA_QUEUE] = {"queue", "queue", "KV-20"},
        [LC_IA_STAFF] = {"staff", "staff", "KV-21"},
        [LC_IA_ISSUE_ASSIGNMENT] = {"issue_assignment", "issue the assignment of", "KV-22"},
        [LC_IA_CHANGE_START] = {"change_start", "change the start date of", "KV-24"},
        [LC_IA_START] = {"start", "start", "KV-24"},
        [LC_IA_EXTEND] = {"extend", "extend", "KV-50"},
        [LC_IA_END] = {"end", "end", "KV-52"},
        [LC_IA_SWITCH_PROVIDER] = {"switch_provider", "switch the provider of", "KV-14"},
        [LC_IA_CANCEL] = {"cancel", "cancel", "KV-52"},
};

static const struct lc_end_reason_info end_reasons[LC_END_COUNT] = {
        [LC_END_COMPLETED] = {"completed", "KV-60", "completed as planned", false, true, false},
        [LC_END_SELF_SUFFICIENT] =
                {"self_sufficient", "KV-51",
                 "self-sufficient (work, studies with student aid, own business)", false, false,
                 true},
        [LC_END_STEP_TRANSITION] = {"step_transition", "KV-51",
                                    "goal reached, step to another intervention", false, false,
                                    false},
        [LC_END_ANOTHER_INTERVENTION] = {"another_intervention", "KV-52",
                                         "another intervention granted", false, true, false},
        [LC_END_PROVIDER_SWITCH] = {"provider_switch", "KV-14", "provider switch", false, true,
                                    false},
        [LC_END_AF_PROGRAMME] = {"af_programme", "KV-52", "enters an Arbetsförmedlingen programme",
                                 false, true, false},
        [LC_END_UNFORESEEN_EVENTS] = {"unforeseen_events", "KV-52",
                                      "unforeseen events (protected housing, long hospital stay)",
                                      true, true, false},
        [LC_END_OTHER_COMMITMENTS] = {"other_commitments", "KV-52",
                                      "other interventions take the time", true, true, false},
        [LC_END_SICKNESS] = {"sickness", "KV-52",
                             "sick for more than two weeks, physician advises against", true, true,
                             false},
        [LC_END_NO_PROGRESSION] = {"no_progression", "KV-52", "no progression", true, true, false},
        [LC_END_PROVIDER_DEFICIENCIES] = {"provider_deficiencies", "KV-53",
                                          "deficiencies of the provider", false, true, false},
        [LC_END_CUSTOMER_ENDED] = {"customer_ended", "KV-3",
                                   "ended by a customer without financial assistance", true, true,
                                   false},
        [LC_END_PLANNED_ABSENCE] = {"planned_absence", "KV-3",
                                    "planned absence over the leave limit", false, true, false},
};

/* Per document kind: identifier, noun for messages and the rules of its
 * provider side (writing, submitting) and counsellor side (review). */
static const struct {
	const char *name;
	const char *noun;
	const char *submit_rule;
	const char *review_rule;
} doc_kinds[LC_DOC_COUNT] = {
        [LC_DOC_PLAN] = {"plan", "a plan", "KV-24", "KV-25"},
        [LC_DOC_MONTHLY_REPORT] = {"monthly_report", "a monthly report", "KV-32", "KV-32"},
        [LC_DOC_FINAL_REPORT] = {"final_report", "a final report", "KV-60", "KV-60"},
};

static const char *const doc_state_names[LC_DS_COUNT] = {
        [LC_DS_DRAFT] = "draft",
        [LC_DS_SUBMITTED] = "submitted",
        [LC_DS_RETURNED] = "returned",
        [LC_DS_APPROVED] = "approved",
};

static const struct {
	const char *name;
	const char *verb;
} doc_actions[LC_DA_COUNT] = {
        [LC_DA_SAVE_DRAFT] = {"save_draft", "save a draft of"},
        [LC_DA_SUBMIT] = {"submit", "submit"},
        [LC_DA_RETURN] = {"return", "return"},
        [LC_DA_APPROVE] = {"approve", "approve"},
        [LC_DA_REVISE] = {"revise", "revise"},
};

static const struct lc_prop_kind_info prop_kinds[LC_PROP_COUNT] = {
        [LC_PROP_EXTENSION] = {"extension", "KV-50", LC_ACTOR_SUPERVISOR, LC_IA_EXTEND,
                               BIT(LC_IS_RUNNING)},
        [LC_PROP_END] = {"end", "KV-52", LC_ACTOR_COUNSELLOR, LC_IA_END, BIT(LC_IS_RUNNING)},
        [LC_PROP_START_DATE] = {"start_date", "KV-24", LC_ACTOR_COUNSELLOR, LC_IA_CHANGE_START,
                                BIT(LC_IS_ASSIGNED)},
        [LC_PROP_ANOTHER_INTERVENTION] = {"another_intervention", "KV-33", LC_ACTOR_COUNSELLOR,
                                          LC_IA_COUNT, BIT(LC_IS_RUNNING)},
};

/* Nouns of proposals in refusal messages, and what each proposes. */
static const struct {
	const char *noun;
	const char *proposes;
} prop_words[LC_PROP_COUNT] = {
        [LC_PROP_EXTENSION] = {"an extension proposal", "an extension of"},
        [LC_PROP_END] = {"an end proposal", "the end of"},
        [LC_PROP_START_DATE] = {"a start-date proposal", "another start date for"},
        [LC_PROP_ANOTHER_INTERVENTION] = {"a proposal of another intervention",
                                          "another intervention instead of"},
};

static const char *const prop_state_names[LC_PS_COUNT] = {
        [LC_PS_PENDING] = "pending",
        [LC_PS_APPROVED] = "approved",
        [LC_PS_REJECTED] = "rejected",
        [LC_PS_REPLACED] = "replaced",
};

static const struct {
	const char *name;
	const char *verb;
} prop_actions[LC_PA_COUNT] = {
        [LC_PA_APPROVE] = {"approve", "approve"},
        [LC_PA_REJECT] = {"reject", "reject"},
        [LC_PA_REPLACE] = {"replace", "replace"},
};

/* ------------------------------------------------------------------ */
/* The tables                                                          */
/* ------------------------------------------------------------------ */

static const struct lc_itransition itable[] = {
        {LC_IS_GRANTED, LC_IA_QUEUE, LC_IS_QUEUED, LC_ACTOR_COUNSELLOR, "KV-20"},
        {LC_IS_GRANTED, LC_IA_CANCEL, LC_IS_CANCELLED, LC_ACTOR_COUNSELLOR, "KV-52"},

        {LC_IS_QUEUED, LC_IA_STAFF, LC_IS_STAFFED, LC_ACTOR_PROVIDER, "KV-21"},
        {LC_IS_QUEUED, LC_IA_SWITCH_PROVIDER, LC_IS_QUEUED, LC_ACTOR_COUNSELLOR, "KV-14"},
        {LC_IS_QUEUED, LC_IA_CANCEL, LC_IS_CANCELLED, LC_ACTOR_COUNSELLOR, "KV-52"},

        {LC_IS_STAFFED, LC_IA_ISSUE_ASSIGNMENT, LC_IS_ASSIGNED, LC_ACTOR_COUNSELLOR, "KV-22"},
        {LC_IS_STAFFED, LC_IA_SWITCH_PROVIDER, LC_IS_QUEUED, LC_ACTOR_COUNSELLOR, "KV-14"},
        {LC_IS_STAFFED, LC_IA_CANCEL, LC_IS_CANCELLED, LC_ACTOR_COUNSELLOR, "KV-52"},

        {LC_IS_ASSIGNED, LC_IA_CHANGE_START, LC_IS_ASSIGNED, LC_ACTOR_COUNSELLOR, "KV-24"},
        {LC_IS_ASSIGNED, LC_IA_START, LC_IS_RUNNING, LC_ACTOR_SYSTEM, "KV-24"},
        {LC_IS_ASSIGNED, LC_IA_SWITCH_PROVIDER, LC_IS_QUEUED, LC_ACTOR_COUNSELLOR, "KV-14"},
        {LC_IS_ASSIGNED, LC_IA_CANCEL, LC_IS_CANCELLED, LC_ACTOR_COUNSELLOR, "KV-52"},

        {LC_IS_RUNNING, LC_IA_EXTEND, LC_IS_RUNNING, LC_ACTOR_SUPERVISOR, "KV-50"},
        {LC_IS_RUNNING, LC_IA_END, LC_IS_ENDED, LC_ACTOR_COUNSELLOR, "KV-52"},
};

/* Refusals that deserve a pointer to the allowed way. */
static const struct {
	enum lc_istate state;
	enum lc_iaction action;
	const char *hint;
} ihints[] = {
        {LC_IS_RUNNING, LC_IA_SWITCH_PROVIDER,
         "; after the start, end it with reason provider_switch and grant a new one (KV-52)"},
        {LC_IS_RUNNING, LC_IA_CANCEL, "; after the start, end it with a reason (KV-52)"},
        {LC_IS_GRANTED, LC_IA_END, "; before the start, cancel it"},
        {LC_IS_QUEUED, LC_IA_END, "; before the start, cancel it"},
        {LC_IS_STAFFED, LC_IA_END, "; before the start, cancel it"},
        {LC_IS_ASSIGNED, LC_IA_END, "; before the start, cancel it"},
};

#define DOC_ALL (BIT(LC_DOC_PLAN) | BIT(LC_DOC_MONTHLY_REPORT) | BIT(LC_DOC_FINAL_REPORT))

static const struct lc_dtransition dtable[] = {
        {LC_DS_DRAFT, LC_DA_SAVE_DRAFT, LC_DS_DRAFT, LC_ACTOR_PROVIDER, DOC_ALL, false},
        {LC_DS_DRAFT, LC_DA_SUBMIT, LC_DS_SUBMITTED, LC_ACTOR_PROVIDER, DOC_ALL, false},
        {LC_DS_SUBMITTED, LC_DA_RETURN, LC_DS_RETURNED, LC_ACTOR_COUNSELLOR, DOC_ALL, false},
        {LC_DS_SUBMITTED, LC_DA_APPROVE, LC_DS_APPROVED, LC_ACTOR_COUNSELLOR, DOC_ALL, false},
        {LC_DS_RETURNED, LC_DA_SAVE_DRAFT, LC_DS_RETURNED, LC_ACTOR_PROVIDER, DOC_ALL, false},
        {LC_DS_RETURNED, LC_DA_SUBMIT, LC_DS_SUBMITTED, LC_ACTOR_PROVIDER, DOC_ALL, false},
        {LC_DS_APPROVED, LC_DA_REVISE, LC_DS_DRAFT, LC_ACTOR_PROVIDER, BIT(LC_DOC_PLAN), true},
};

static const struct lc_ptransition ptable[] = {
        {LC_PS_PENDING, LC_PA_APPROVE, LC_PS_APPROVED, LC_ACTOR_COUNSELLOR},
        {LC_PS_PENDING, LC_PA_REJECT, LC_PS_REJECTED, LC_ACTOR_COUNSELLOR},
        {LC_PS_PENDING, LC_PA_REPLACE, LC_PS_REPLACED, LC_ACTOR_PROVIDER},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static bool in_range(int v, int count)
{
	return v >= 0 && v < count;
}

static bool date_supported(sv_date d)
{
	return d >= date_from_ymd(SV_DATE_MIN_YEAR, 1, 1) &&
	       d <= date_from_ymd(SV_DATE_MAX_YEAR, 12, 31);
}

/* Length of a white-space character at p (ASCII or U+00A0), 0 if none. */
static size_t space_len(const unsigned char *p)
{
	if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	return 0;
}

static const unsigned char *skip_space(const unsigned char *p)
{
	size_t n;
	while ((n = space_len(p)) > 0)
		p += n;
	return p;
}

static bool blank(const char *s)
{
	return !s || !*skip_space((const unsigned char *)s);
}

/* ASCII case-insensitive prefix match of the lower-case word w. */
static bool prefix_ci(const unsigned char *p, const char *w)
{
	for (; *w; p++, w++) {
		unsigned char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != (unsigned char)*w)
			return false;
	}
	return true;
}

/* Length of white space, ASCII punctuation or an en/em dash at p; 0 if p
 * starts anything else (a letter, a digit, the end). */
static size_t filler_len(const unsigned char *p)
{
	size_t n = space_len(p);
	if (n)
		return n;
	if ((*p >= '!' && *p <= '/') || (*p >= ':' && *p <= '@') || (*p >= '[' && *p <= '`') ||
	    (*p >= '{' && *p <= '~'))
		return 1;
	if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94))
		return 3;
	return 0;
}

/* KV-32: true when s says "Ej aktuellt" and gives no reason after it. */
static bool ej_aktuellt_without_reason(const char *s)
{
	const unsigned char *p = skip_space((const unsigned char *)s);
	size_t n;

	if (!prefix_ci(p, "ej"))
		return false;
	p += 2;
	if (!space_len(p))
		return false;
	p = skip_space(p);
	if (!prefix_ci(p, "aktuellt"))
		return false;
	p += 8;
	/* "Ej aktuelltx..." is some other text, not the phrase. */
	if (*p && !filler_len(p))
		return false;
	while ((n = filler_len(p)) > 0)
		p += n;
	return *p == '\0';
}

static enum sv_rc parse_name(const char *const *names, int first, int count, const char *what,
                             const char *rule, const char *s, size_t len, int *out,
                             const char *field, struct sv_error *err)
{
	char accepted[320];
	size_t used = 0;

	for (int i = first; s && i < count; i++) {
		if (names[i] && strlen(names[i]) == len && memcmp(names[i], s, len) == 0) {
			*out = i;
			return SV_OK;
		}
	}
	accepted[0] = '\0';
	for (int i = first; i < count && used < sizeof(accepted); i++) {
		int w = snprintf(accepted + used, sizeof(accepted) - used, "%s%s",
		                 i > first ? ", " : "", names[i]);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return sv_error_set(err, SV_EINVAL, field, rule, "unknown %s \"%.*s\"; expected one of: %s",
	                    what, (int)(len > 40 ? 40 : len), s ? s : "", accepted);
}

/* ------------------------------------------------------------------ */
/* Intervention                                                        */
/* ------------------------------------------------------------------ */

const struct lc_itransition *lc_intervention_table(size_t *n)
{
	if (n)
		*n = COUNT(itable);
	return itable;
}

const struct lc_itransition *lc_intervention_find(enum lc_istate from, enum lc_iaction action)
{
	for (size_t i = 0; i < COUNT(itable); i++)
		if (itable[i].from == from && itable[i].action == action)
			return &itable[i];
	return NULL;
}

enum sv_rc lc_intervention_next(enum lc_istate from, enum lc_iaction action, enum lc_istate *to,
                                struct sv_error *err)
{
	const struct lc_itransition *t;
	const char *hint = "";

	if (!in_range((int)from, LC_IS_COUNT))
		return sv_error_set(err, SV_EINVAL, "state", "KV-10",
		                    "not an intervention state: %d", (int)from);
	if (!in_range((int)action, LC_IA_COUNT))
		return sv_error_set(err, SV_EINVAL, "action", "KV-10",
		                    "not an intervention action: %d", (int)action);
	t = lc_intervention_find(from, action);
	if (!t) {
		for (size_t i = 0; i < COUNT(ihints); i++)
			if (ihints[i].state == from && ihints[i].action == action)
				hint = ihints[i].hint;
		return sv_error_set(err, SV_ESTATE, "state", iactions[action].rule,
		                    "cannot %s an intervention that is %s%s", iactions[action].verb,
		                    istate_names[from], hint);
	}
	if (to)
		*to = t->to;
	return SV_OK;
}

void lc_intervention_init(struct lc_intervention *iv)
{
	memset(iv, 0, sizeof(*iv));
	iv->state = LC_IS_GRANTED;
	iv->has_start = false;
	iv->extended_months = 0;
	iv->end_reason = LC_END_NONE;
}

static enum sv_rc check_extension(const struct lc_intervention *iv, const struct lc_iargs *a,
                                  struct sv_error *err)
{
	const struct lc_extension_limits *l = &a->limits;

	if (l->step_months < 1)
		return sv_error_set(err, SV_EINVAL, "limits.step_months", "KV-50",
		                    "an extension step must be at least 1 month, got %d",
		                    l->step_months);
	if (l->max_total_months < 0)
		return sv_error_set(err, SV_EINVAL, "limits.max_total_months", "KV-50",
		                    "the extension total cannot be negative, got %d",
		                    l->max_total_months);
	if (a->months != l->step_months)
		return sv_error_set(err, SV_EINVAL, "months", "KV-50",
		                    "an extension is decided %d month%s at a time, got %d",
		                    l->step_months, l->step_months == 1 ? "" : "s", a->months);
	if (iv->extended_months < 0 ||
	    (long long)iv->extended_months + a->months > (long long)l->max_total_months)
		return sv_error_set(
		        err, SV_ESTATE, "months", "KV-50",
		        "cannot extend by %d month%s: already extended %d of at most %d "
		        "month%s",
		        a->months, a->months == 1 ? "" : "s", iv->extended_months,
		        l->max_total_months, l->max_total_months == 1 ? "" : "s");
	return SV_OK;
}

enum sv_rc lc_intervention_apply(struct lc_intervention *iv, enum lc_iaction action,
                                 const struct lc_iargs *args, struct sv_error *err)
{
	struct lc_intervention next;
	enum lc_istate to;
	char d1[SV_DATE_STRLEN], d2[SV_DATE_STRLEN];
	enum sv_rc rc;

	if (!iv || !args)
		return sv_error_set(err, SV_EINVAL, "intervention", "KV-10",
		                    "no intervention or no arguments given");
	rc = lc_intervention_next(iv->state, action, &to, err);
	if (rc != SV_OK)
		return rc;
	next = *iv;
	next.state = to;

	switch (action) {
	case LC_IA_ISSUE_ASSIGNMENT:
	case LC_IA_CHANGE_START:
		if (!date_supported(args->start_date))
			return sv_error_set(err, SV_EINVAL, "start_date", "KV-24",
			                    "the start date is outside the years %d-%d",
			                    SV_DATE_MIN_YEAR, SV_DATE_MAX_YEAR);
		next.has_start = true;
		next.start_date = args->start_date;
		break;
	case LC_IA_START:
		if (!iv->has_start)
			return sv_error_set(err, SV_ESTATE, "start_date", "KV-24",
			                    "cannot start an intervention without a start date");
		if (args->today < iv->start_date)
			return sv_error_set(err, SV_ESTATE, "start_date", "KV-24",
			                    "cannot start an intervention before its start date %s "
			                    "(today is %s)",
			                    date_format(iv->start_date, d1),
			                    date_format(args->today, d2));
		break;
	case LC_IA_EXTEND:
		rc = check_extension(iv, args, err);
		if (rc != SV_OK)
			return rc;
		next.extended_months = iv->extended_months + args->months;
		break;
	case LC_IA_END:
		if (!lc_end_reason_info(args->reason))
			return sv_error_set(err, SV_EINVAL, "reason", "KV-52",
			                    "an ending needs one of the end reasons");
		if (!date_supported(args->end_date))
			return sv_error_set(err, SV_EINVAL, "end_date", "KV-52",
			                    "the end date is outside the years %d-%d",
			                    SV_DATE_MIN_YEAR, SV_DATE_MAX_YEAR);
		if (iv->has_start && args->end_date < iv->start_date)
			return sv_error_set(err, SV_EINVAL, "end_date", "KV-52",
			                    "the end date %s is before the start date %s",
			                    date_format(args->end_date, d1),
			                    date_format(iv->start_date, d2));
		next.end_reason = args->reason;
		next.end_date = args->end_date;
		break;
	case LC_IA_SWITCH_PROVIDER:
		next.has_start = false;
		next.start_date = 0;
		break;
	case LC_IA_QUEUE:
	case LC_IA_STAFF:
	case LC_IA_CANCEL:
	case LC_IA_COUNT:
		break;
	}
	*iv = next;
	return SV_OK;
}

const struct lc_end_reason_info *lc_end_reason_info(enum lc_end_reason reason)
{
	if (!in_range((int)reason, LC_END_COUNT) || reason == LC_END_NONE)
		return NULL;
	return &end_reasons[reason];
}

/* ------------------------------------------------------------------ */
/* Documents                                                           */
/* ------------------------------------------------------------------ */

const struct lc_dtransition *lc_doc_table(size_t *n)
{
	if (n)
		*n = COUNT(dtable);
	return dtable;
}

const struct lc_dtransition *lc_doc_find(enum lc_doc_kind kind, enum lc_doc_state from,
                                         enum lc_doc_action action)
{
	if (!in_range((int)kind, LC_DOC_COUNT))
		return NULL;
	for (size_t i = 0; i < COUNT(dtable); i++)
		if (dtable[i].from == from && dtable[i].action == action &&
		    (dtable[i].kinds & BIT(kind)))
			return &dtable[i];
	return NULL;
}

const char *lc_doc_rule(enum lc_doc_kind kind, enum lc_doc_action action)
{
	if (!in_range((int)kind, LC_DOC_COUNT) || !in_range((int)action, LC_DA_COUNT))
		return "";
	switch (action) {
	case LC_DA_REVISE:
		return "KV-31";
	case LC_DA_RETURN:
	case LC_DA_APPROVE:
		return doc_kinds[kind].review_rule;
	case LC_DA_SAVE_DRAFT:
	case LC_DA_SUBMIT:
	case LC_DA_COUNT:
		break;
	}
	return doc_kinds[kind].submit_rule;
}

enum sv_rc lc_doc_next(enum lc_doc_kind kind, enum lc_doc_state from, enum lc_doc_action action,
                       const char *comment, enum lc_doc_state *to, struct sv_error *err)
{
	const struct lc_dtransition *t;

	if (!in_range((int)kind, LC_DOC_COUNT))
		return sv_error_set(err, SV_EINVAL, "kind", "KV-32", "not a document kind: %d",
		                    (int)kind);
	if (!in_range((int)from, LC_DS_COUNT))
		return sv_error_set(err, SV_EINVAL, "state", "KV-32", "not a document state: %d",
		                    (int)from);
	if (!in_range((int)action, LC_DA_COUNT))
		return sv_error_set(err, SV_EINVAL, "action", "KV-32", "not a document action: %d",
		                    (int)action);
	if (action == LC_DA_REVISE && kind != LC_DOC_PLAN)
		return sv_error_set(err, SV_EINVAL, "action", "KV-31",
		                    "only a plan is revised as a new version, not %s",
		                    doc_kinds[kind].noun);
	t = lc_doc_find(kind, from, action);
	if (!t)
		return sv_error_set(err, SV_ESTATE, "state", lc_doc_rule(kind, action),
		                    "cannot %s %s that is %s", doc_actions[action].verb,
		                    doc_kinds[kind].noun, doc_state_names[from]);
	if (action == LC_DA_RETURN && blank(comment))
		return sv_error_set(err, SV_EINVAL, "comment", lc_doc_rule(kind, action),
		                    "returning %s needs a comment saying what to complete",
		                    doc_kinds[kind].noun);
	if (to)
		*to = t->to;
	return SV_OK;
}

static void section_problem(struct sv_error *e, const char *name, const char *what)
{
	char field[sizeof(e->field)];

	snprintf(field, sizeof(field), "sections.%s", name);
	sv_error_clear(e);
	sv_error_set(e, SV_EINVAL, field, "KV-32",
	             "%s: write the section, or \"Ej aktuellt\" with a short reason", what);
}

enum sv_rc lc_report_check_sections(const struct lc_section *sections, size_t n,
                                    const char *const *required, size_t nrequired,
                                    struct sv_error *problems, size_t max_problems,
                                    size_t *nproblems, struct sv_error *err)
{
	struct sv_error first = SV_ERROR_INIT;
	size_t count = 0;

	if (nproblems)
		*nproblems = 0;
	if (nrequired && !required)
		return sv_error_set(err, SV_EINVAL, "required", "KV-32",
		                    "no list of required sections given");
	for (size_t r = 0; r < nrequired; r++)
		if (!required[r] || !required[r][0])
			return sv_error_set(err, SV_EINVAL, "required", "KV-32",
			                    "required section %zu has no name", r);

	for (size_t r = 0; r < nrequired; r++) {
		const struct lc_section *s = NULL;
		const char *what = NULL;
		struct sv_error p = SV_ERROR_INIT;

		for (size_t i = 0; sections && i < n && !s; i++)
			if (sections[i].name && strcmp(sections[i].name, required[r]) == 0)
				s = &sections[i];
		if (!s)
			what = "the section is missing";
		else if (blank(s->text))
			what = "the section is empty";
		else if (ej_aktuellt_without_reason(s->text))
			what = "\"Ej aktuellt\" needs a short reason";
		if (!what)
			continue;
		section_problem(&p, required[r], what);
		if (count == 0)
			first = p;
		if (problems && count < max_problems)
			problems[count] = p;
		count++;
	}
	if (nproblems)
		*nproblems = count;
	if (count == 0)
		return SV_OK;
	return sv_error_set(err, SV_EINVAL, first.field, first.rule,
	                    "%s (%zu section%s to complete)", first.msg, count,
	                    count == 1 ? "" : "s");
}

/* ------------------------------------------------------------------ */
/* Proposals                                                           */
/* ------------------------------------------------------------------ */

const struct lc_ptransition *lc_proposal_table(size_t *n)
{
	if (n)
		*n = COUNT(ptable);
	return ptable;
}

const struct lc_prop_kind_info *lc_prop_kind_info(enum lc_prop_kind kind)
{
	if (!in_range((int)kind, LC_PROP_COUNT))
		return NULL;
	return &prop_kinds[kind];
}

enum lc_actor lc_proposal_actor(enum lc_prop_kind kind, enum lc_prop_action action)
{
	if (action == LC_PA_REPLACE || !in_range((int)kind, LC_PROP_COUNT))
		return LC_ACTOR_PROVIDER;
	return prop_kinds[kind].decider;
}

enum sv_rc lc_proposal_check_new(enum lc_prop_kind kind, enum lc_istate istate,
                                 const char *justification, enum lc_end_reason reason,
                                 struct sv_error *err)
{
	const struct lc_prop_kind_info *k = lc_prop_kind_info(kind);

	if (!k)
		return sv_error_set(err, SV_EINVAL, "kind", "KV-26", "not a proposal kind: %d",
		                    (int)kind);
	if (!in_range((int)istate, LC_IS_COUNT))
		return sv_error_set(err, SV_EINVAL, "state", "KV-10",
		                    "not an intervention state: %d", (int)istate);
	if (!(k->istates & BIT(istate)))
		return sv_error_set(err, SV_ESTATE, "state", k->rule,
		                    "cannot propose %s an intervention that is %s",
		                    prop_words[kind].proposes, istate_names[istate]);
	if (blank(justification))
		return sv_error_set(err, SV_EINVAL, "justification", k->rule,
		                    "%s needs a justification", prop_words[kind].noun);
	if (kind == LC_PROP_END && !lc_end_reason_info(reason))
		return sv_error_set(err, SV_EINVAL, "reason", "KV-52",
		                    "an end proposal needs one of the end reasons");
	return SV_OK;
}

enum sv_rc lc_proposal_next(enum lc_prop_kind kind, enum lc_prop_state from,
                            enum lc_prop_action action, const char *reason, enum lc_prop_state *to,
                            struct sv_error *err)
{
	const struct lc_prop_kind_info *k = lc_prop_kind_info(kind);
	const struct lc_ptransition *t = NULL;

	if (!k)
		return sv_error_set(err, SV_EINVAL, "kind", "KV-26", "not a proposal kind: %d",
		                    (int)kind);
	if (!in_range((int)from, LC_PS_COUNT))
		return sv_error_set(err, SV_EINVAL, "state", "KV-26", "not a proposal state: %d",
		                    (int)from);
	if (!in_range((int)action, LC_PA_COUNT))
		return sv_error_set(err, SV_EINVAL, "action", "KV-26", "not a proposal action: %d",
		                    (int)action);
	for (size_t i = 0; i < COUNT(ptable) && !t; i++)
		if (ptable[i].from == from && ptable[i].action == action)
			t = &ptable[i];
	if (!t)
		return sv_error_set(err, SV_ESTATE, "state", k->rule, "cannot %s %s that is %s",
		                    prop_actions[action].verb, prop_words[kind].noun,
		                    prop_state_names[from]);
	if (action == LC_PA_REJECT && blank(reason))
		return sv_error_set(err, SV_EINVAL, "reason", k->rule,
		                    "rejecting %s needs a reason", prop_words[kind].noun);
	if (to)
		*to = t->to;
	return SV_OK;
}

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

#define NAME_FN(fn, type, count, expr)                   \
	const char *fn(type v)                           \
	{                                                \
		if (!in_range((int)v, count) || !(expr)) \
			return "unknown";                \
		return (expr);                           \
	}

NAME_FN(lc_actor_name, enum lc_actor, LC_ACTOR_COUNT, actor_names[v])
NAME_FN(lc_istate_name, enum lc_istate, LC_IS_COUNT, istate_names[v])
NAME_FN(lc_iaction_name, enum lc_iaction, LC_IA_COUNT, iactions[v].name)
NAME_FN(lc_end_reason_name, enum lc_end_reason, LC_END_COUNT, end_reasons[v].name)
NAME_FN(lc_doc_kind_name, enum lc_doc_kind, LC_DOC_COUNT, doc_kinds[v].name)
NAME_FN(lc_doc_state_name, enum lc_doc_state, LC_DS_COUNT, doc_state_names[v])
NAME_FN(lc_doc_action_name, enum lc_doc_action, LC_DA_COUNT, doc_actions[v].name)
NAME_FN(lc_prop_kind_name, enum lc_prop_kind, LC_PROP_COUNT, prop_kinds[v].name)
NAME_FN(lc_prop_state_name, enum lc_prop_state, LC_PS_COUNT, prop_state_names[v])
NAME_FN(lc_prop_action_name, enum lc_prop_action, LC_PA_COUNT, prop_actions[v].name)

/* Parse functions: the accepted names are exactly those of the *_name()
 * functions, from first (LC_END_NONE has no name) to count. */
#define PARSE_FN(fn, type, first, count, namefn, what, rule)                              \
	enum sv_rc fn(const char *s, size_t len, type *out, const char *field,            \
	              struct sv_error *err)                                               \
	{                                                                                 \
		const char *names[count];                                                 \
		int v = 0;                                                                \
		enum sv_rc rc;                                                            \
		for (int i = 0; i < (int)(count); i++)                                    \
			names[i] = namefn((type)i);                                       \
		rc = parse_name(names, first, count, what, rule, s, len, &v, field, err); \
		if (rc == SV_OK)                                                          \
			*out = (type)v;                                                   \
		return rc;                                                                \
	}

PARSE_FN(lc_actor_parse, enum lc_actor, 0, LC_ACTOR_COUNT, lc_actor_name, "actor", "KV-10")
PARSE_FN(lc_istate_parse, enum lc_istate, 0, LC_IS_COUNT, lc_istate_name, "intervention state",
         "KV-10")
PARSE_FN(lc_iaction_parse, enum lc_iaction, 0, LC_IA_COUNT, lc_iaction_name, "intervention action",
         "KV-10")
PARSE_FN(lc_end_reason_parse, enum lc_end_reason, 1, LC_END_COUNT, lc_end_reason_name, "end reason",
         "KV-52")
PARSE_FN(lc_doc_kind_parse, enum lc_doc_kind, 0, LC_DOC_COUNT, lc_doc_kind_name, "document kind",
         "KV-32")
PARSE_FN(lc_doc_state_parse, enum lc_doc_state, 0, LC_DS_COUNT, lc_doc_state_name, "document state",
         "KV-32")
PARSE_FN(lc_doc_action_parse, enum lc_doc_action, 0, LC_DA_COUNT, lc_doc_action_name,
         "document action", "KV-32")
PARSE_FN(lc_prop_kind_parse, enum lc_prop_kind, 0, LC_PROP_COUNT, lc_prop_kind_name,
         "proposal kind", "KV-26")
PARSE_FN(lc_prop_state_parse, enum lc_prop_state, 0, LC_PS_COUNT, lc_prop_state_name,
         "proposal state", "KV-26")
PARSE_FN(lc_prop_action_parse, enum lc_prop_action, 0, LC_PA_COUNT, lc_prop_action_name,
         "proposal action", "KV-26")

/* ------------------------------------------------------------------ */
/* The stored coarse column and the old names                          */
/* ------------------------------------------------------------------ */

/* interventions.end_reason (sql/0001) per life-cycle reason; the rows
 * without one of their own (completed, planned_absence) store "other". */
static const char *const stored_names[LC_END_COUNT] = {
        [LC_END_COMPLETED] = "other",
        [LC_END_SELF_SUFFICIENT] = "self_sufficient",
        [LC_END_STEP_TRANSITION] = "goal_reached",
        [LC_END_ANOTHER_INTERVENTION] = "other_intervention",
        [LC_END_PROVIDER_SWITCH] = "provider_switch",
        [LC_END_AF_PROGRAMME] = "af_programme",
        [LC_END_UNFORESEEN_EVENTS] = "unforeseen",
        [LC_END_OTHER_COMMITMENTS] = "other_commitments",
        [LC_END_SICKNESS] = "sickness",
        [LC_END_NO_PROGRESSION] = "no_progression",
        [LC_END_PROVIDER_DEFICIENCIES] = "provider_deficiency",
        [LC_END_CUSTOMER_ENDED] = "customer_ended",
        [LC_END_PLANNED_ABSENCE] = "other",
};

/* The old names that differ from the life-cycle ones, and what they mean. */
static const struct {
	const char *alias;
	enum lc_end_reason reason;
} aliases[] = {
        {"goal_reached", LC_END_STEP_TRANSITION},
        {"other_intervention", LC_END_ANOTHER_INTERVENTION},
        {"unforeseen", LC_END_UNFORESEEN_EVENTS},
        {"provider_deficiency", LC_END_PROVIDER_DEFICIENCIES},
        {"other", LC_END_COMPLETED},
};

const char *lc_end_reason_stored(enum lc_end_reason r)
{
	if (!in_range((int)r, LC_END_COUNT) || r == LC_END_NONE)
		return NULL;
	return stored_names[r];
}

enum sv_rc lc_end_reason_parse_alias(const char *s, size_t len, enum lc_end_reason *out,
                                     const char *field, struct sv_error *err)
{
	if (s && lc_end_reason_parse(s, len, out, field, NULL) == SV_OK)
		return SV_OK;
	for (size_t i = 0; s && i < COUNT(aliases); i++) {
		if (strlen(aliases[i].alias) == len && !memcmp(aliases[i].alias, s, len)) {
			*out = aliases[i].reason;
			return SV_OK;
		}
	}
	return lc_end_reason_parse(s, len, out, field, err);
}

const char *lc_end_reason_display(const char *end_cause, const char *stored)
{
	enum lc_end_reason r = LC_END_NONE;

	if (end_cause &&
	    lc_end_reason_parse(end_cause, strlen(end_cause), &r, "end_cause", NULL) == SV_OK)
		return lc_end_reason_name(r);
	if (stored &&
	    lc_end_reason_parse_alias(stored, strlen(stored), &r, "end_reason", NULL) == SV_OK)
		return lc_end_reason_name(r);
	return NULL;
}
