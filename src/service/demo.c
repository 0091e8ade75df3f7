/*
 * demo.c - the demo municipality (see demo.h).
 *
 * The shape of a run: the organisation (units, users, providers) in one
 * transaction; then the customers in batches, each customer planned as a
 * list of dated actions (its case history), sorted by time, cut at today's
 * "now" and written; then what belongs to the whole tenant (deficiencies,
 * incidents, staff changes) and the completion marker, the user "admin".
 *
 * A customer's history is planned backwards from the state its current
 * intervention is to have today (granted ... cancelled), so that every state
 * occurs in its share whatever today is, and forwards from the start for
 * what happens while it runs. An action dated after now is not written: a
 * report due next week stays a draft, a plan returned yesterday stays
 * returned.
 */
#include "service/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "service/obligations.h"
#include "service/svc.h"
#include "stegvis/calendar.h"
#include "stegvis/lifecycle.h"
#include "stegvis/personid.h"
#include "stegvis/rotation.h"
#include "stegvis/rules.h"
#include "stegvis/store_case.h"
#include "stegvis/store_docs.h"

/* ---- The PRNG ------------------------------------------------------------------ */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void demo_rng_seed(struct demo_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t k = stream, x;

	x = seed ^ splitmix64(&k);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = 1; /* the one state xoshiro must not be in */
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t demo_rng_next(struct demo_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint32_t demo_rng_below(struct demo_rng *r, uint32_t n)
{
	uint64_t m;
	uint32_t l;

	if (!n)
		return 0;
	m = (uint64_t)(uint32_t)(demo_rng_next(r) >> 32) * n;
	l = (uint32_t)m;
	if (l < n) {
		uint32_t t = (uint32_t)(0u - n) % n;
		while (l < t) {
			m = (uint64_t)(uint32_t)(demo_rng_next(r) >> 32) * n;
			l = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

int demo_rng_range(struct demo_rng *r, int lo, int hi)
{
	if (hi <= lo)
		return lo;
	return lo + (int)demo_rng_below(r, (uint32_t)(hi - lo) + 1);
}

bool demo_rng_chance(struct demo_rng *r, unsigned permille)
{
	return demo_rng_below(r, 1000) < permille;
}

/* An index drawn by integer weights. */
static size_t weighted(struct demo_rng *r, const unsigned *w, size_t n)
{
	unsigned total = 0, x;

	for (size_t i = 0; i < n; i++)
		total += w[i];
	x = demo_rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

static const char *pick(struct demo_rng *r, const struct demo_words *w)
{
	return w->v[demo_rng_below(r, (uint32_t)w->n)];
}

#define PICK(r, arr) ((arr)[demo_rng_below((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])

/* ---- Identity and organisation numbers (ID-1, ID-2, ID-4) ------------------------------- */

void demo_person_id(sv_date birth, unsigned serial, bool male, bool samordning, char out[13])
{
	int y, m, d;
	unsigned nnn = 2 * (serial % 500) + (male ? 1 : 0);
	int check;

	date_to_ymd(birth, &y, &m, &d);
	snprintf(out, 13, "%04u%02u%02u%03u", (unsigned)y % 10000u, (unsigned)m % 100u,
	         (unsigned)(samordning ? d + 60 : d) % 100u, nnn % 1000u);
	check = personid_luhn_digit(out + 2, 9);
	out[11] = (char)('0' + (check < 0 ? 0 : check));
	out[12] = '\0';
}

void demo_org_no(uint32_t n, char out[11])
{
	int check;

	snprintf(out, 11, "556%06u", n % 1000000u);
	check = personid_luhn_digit(out, 9);
	out[9] = (char)('0' + (check < 0 ? 0 : check));
	out[10] = '\0';
}

/* ---- Vocabulary ------------------------------------------------------------------- */

enum { S_GRANTED, S_QUEUED, S_STAFFED, S_ASSIGNED, S_RUNNING, S_ENDED, S_CANCELLED, S_COUNT };
static const char *const state_names[S_COUNT] = {"granted", "queued", "staffed",  "assigned",
                                                 "running", "ended",  "cancelled"};

enum { C_FAI1, C_FAI2, C_AMI1, C_AMI2, C_ISA1, C_ISA2, C_JP, C_COUNT };
static const char *const code_names[C_COUNT] = {"FAI1", "FAI2", "AMI1", "AMI2",
                                                "ISA1", "ISA2", "JP"};
static const int code_scheme[C_COUNT] = {0, 0, 1, 1, 2, 2, 3};
static const char *const scheme_names[4] = {"FAI", "AMI", "ISA", "JOBBPENG"};

/* Who the customer is (KV-2, JP-1): decides the facts, the age and the unit. */
enum profile {
	P_FA,        /* financial assistance, 18-66 */
	P_YOUNG,     /* young adult 18-24 outside work and studies */
	P_KAA,       /* the municipal activity responsibility, 16-20 */
	P_EST,       /* in the establishment programme */
	P_REUNIFIED, /* family-reunified without establishment benefit */
	P_SFI,       /* past the establishment period, still needs sfi */
	P_LANG,      /* JP-1: insufficient Swedish, outside the labour market */
	P_OUTSIDE,   /* JP-1: outside the primary target groups (reason recorded) */
	P_COUNT
};
/* The unit group kind (demo_unit_groups) of a profile; FAI cases go to kind 3. */
static const int profile_group[P_COUNT] = {0, 2, 2, 1, 1, 1, 1, 0};
static const int profile_age[P_COUNT][2] = {{19, 63}, {18, 24}, {16, 20}, {20, 58},
                                            {20, 55}, {25, 60}, {25, 55}, {25, 45}};

/* The end reasons written by the planner, in the order coverage cycles them. */
static const enum lc_end_reason ended_reasons[] = {
        LC_END_COMPLETED,         LC_END_SELF_SUFFICIENT,
        LC_END_STEP_TRANSITION,   LC_END_ANOTHER_INTERVENTION,
        LC_END_AF_PROGRAMME,      LC_END_UNFORESEEN_EVENTS,
        LC_END_OTHER_COMMITMENTS, LC_END_SICKNESS,
        LC_END_NO_PROGRESSION,    LC_END_PROVIDER_DEFICIENCIES,
        LC_END_CUSTOMER_ENDED,    LC_END_PLANNED_ABSENCE};
#define N_ENDED_REASONS (sizeof(ended_reasons) / sizeof(ended_reasons[0]))
static const unsigned ended_weights[N_ENDED_REASONS] = {25, 22, 10, 8, 6, 3, 3, 6, 7, 2, 4, 2};

/* ---- Texts ------------------------------------------------------------------------ */

static const char *const assessments[] = {
        "Kartläggning genomförd. Kunden har erfarenhet från lager och handel och vill tillbaka "
        "till arbete. Arbetsförmågan bedöms vara god.",
        "Kunden har varit utan arbete i tre år och behöver ett förberedande steg med tydlig "
        "struktur innan arbetsträning.",
        "Kunden läser sfi kurs C och vill arbeta inom vård och omsorg. Behöver språkträning på "
        "arbetsplats.",
        "Kunden har oklar arbetsförmåga efter en längre sjukskrivning. Arbetsprövning behövs "
        "för att specificera arbetsförmågan.",
        "Kunden är motiverad, har körkort och vill arbeta inom bygg. Bedöms kunna nå egen "
        "försörjning inom kort.",
        "Kunden har avbrutit gymnasiet och saknar sysselsättning. Vill prova på olika yrken."};
static const char *const future_plans[] = {
        "Arbete inom lager och logistik inom ett år.",
        "Studier på komvux efter arbetsträning.",
        "Anställning inom vård och omsorg med stöd av språkträning.",
        "Klargöra arbetsförmågan och gå vidare till arbetsträning (AMI2).",
        "Egen försörjning genom anställning inom bygg.",
        "Gymnasieexamen via komvux och därefter arbete."};
static const char *const briefs[] = {
        "Arbetsträning med fokus på struktur, närvaro och arbetsmarknadskunskap. Kunden ska "
        "erbjudas aktiviteter på heltid.",
        "Vägledning och matchning mot lediga tjänster inom handel och lager.",
        "Språkträning på arbetsplats där arbetsspråket är svenska, kombinerat med sfi.",
        "Arbetsprövning för att specificera arbetsförmågan. Rapportera iakttagelser om "
        "uthållighet och tempo.",
        "Förstegsaktiviteter i grupp med gradvis ökad omfattning.",
        "Jobbpeng: matchning mot arbete inom 100 dagar med stöd av anordnarens "
        "arbetsgivarnätverk."};
static const char *const part_time_reasons[] = {
        "Kunden går i behandling två förmiddagar i veckan (KV-4).",
        "Kunden läser sfi på halvtid parallellt med insatsen (KV-4).",
        "Gradvis upptrappning efter lång tid utan sysselsättning (KV-4)."};
static const char *const progress_texts[] = {
        "Kunden har deltagit enligt planeringen och visar god progression mot delmålen.",
        "Närvaron har varit stabil. Kunden har sökt fem tjänster och haft en intervju.",
        "Progressionen har gått långsammare än planerat; schemat har anpassats.",
        "Kunden har påbörjat arbetsträning och får goda omdömen från handledaren.",
        "Kunden har slutfört modulen om arbetsmarknadskunskap och uppdaterat sitt CV.",
        "Kunden har haft svårt att komma i tid men förbättrats under senare delen av månaden."};
static const char *const adjustment_texts[] = {
        "Genomförandeplanen behöver revideras: ett nytt delmål om praktik läggs till.",
        "Omfattningen ökas från 75 till 100 procent från nästa månad."};
static const char *const plan_item_texts[] = {
        "Jobbsökning: pågår enligt plan. CV och personligt brev: klart. Praktik: planerad.",
        "Matchning mot arbetsgivare i nätverket: två intervjuer bokade. Truckkort: genomfört.",
        "Studie- och yrkesvägledning: klar. Ansökan till komvux: inskickad."};
static const char *const return_comments[] = {
        "Progressionen mot delmålen behöver beskrivas tydligare.",
        "Frånvaron under månaden saknar datum och orsak (KV-40). Komplettera.",
        "Komplettera med planerade aktiviteter för nästa period.",
        "Avsnittet om avvikelser är tomt; skriv Ej aktuellt med en kort motivering (KV-32).",
        "Genomförandeplanen saknar delmål och aktiviteternas omfattning."};
static const char *const next_steps[] = {
        "Fortsatt planering med arbetsträning (AMI2).", "Överlämning till Arbetsförmedlingen.",
        "Ny kartläggning hos karriärvägledaren.", "Studier på komvux på heltid.",
        "Samordnad individuell plan (SIP) med vården innan nästa insats."};
static const char *const cancel_reasons[] = {
        "Kunden har fått arbete innan start.", "Kunden har flyttat från kommunen.",
        "Kunden har påbörjat studier med studiemedel.", "Kunden avböjde insatsen."};
static const char *const end_notes[] = {
        "Avslutas efter avstämning med kund och anordnare.", "Beslut efter trepartssamtal.",
        "Enligt läkarintyg kan kunden inte delta.", "Kunden har fått en tillsvidareanställning."};
static const char *const deviation_texts[] = {
        "Kunden uteblev från arbetsträningen två dagar utan att meddela.",
        "Kunden har inte följt överenskommet schema under veckan.",
        "Praktikplatsen har tillfälligt inte kunnat ta emot kunden."};
static const char *const contact_notes[] = {
        "Uppföljningssamtal om veckans aktiviteter.", "Genomgång av jobbansökningar.",
        "Avstämning av närvaro och mående.", "Samtal om delmålen i planen."};
static const char *const supplement_purposes[] = {
        "Truckkort A+B", "Kort yrkesutbildning inom lager", "Hygienutbildning för restaurang",
        "Körkortsteori och riskutbildning", "Kurs i ställningsbyggnad"};
static const char *const incident_texts[] = {
        "Ett e-postmeddelande med kunduppgifter skickades till fel mottagare.",
        "En utskriven genomförandeplan glömdes i ett mötesrum.",
        "Misstänkt obehörig inloggning i vårt ärendesystem.",
        "En bärbar dator med kunduppgifter har stulits."};

/* ---- The generator's state ------------------------------------------------------------- */

struct unit_info {
	int64_t id;
	int kind; /* demo_unit_groups index; -1 for the root */
	int64_t supervisor, social_worker;
	int64_t *counsellors;
	size_t ncounsellors;
};

struct prov_info {
	int64_t id;
	sv_date from[4], to[4]; /* per scheme; from SV_NO_DATE: not authorised */
	int64_t *staff;
	size_t nstaff;
};

/* Usernames taken (open addressing, FNV-1a). */
struct nameset {
	char **v;
	size_t cap, n;
};

/* A few cases remembered for the tenant-wide data (incidents). */
struct sample {
	int64_t customer, intervention, provider, staff;
	sv_date start;
};
#define MAX_SAMPLES 256

struct act;

struct gen {
	struct store *st;
	const struct rulebook *rb;
	const struct cal *cal;
	struct svc s; /* the system, today */
	struct sv_error *err;
	sv_date today, hist; /* hist: the start of the simulated history */
	sv_time now;
	size_t ncust;
	uint64_t seed;
	int64_t tenant;
	struct demo_summary *sum;
	struct unit_info *units;
	size_t nunits;
	struct prov_info *provs;
	size_t nprovs;
	struct rotation_provider *rot[4];
	size_t nrot[4];
	int64_t finance[2], dpo, admin;
	struct nameset names;
	/* Serials used per birth day: [day - pid_first][male][samordning]. */
	uint16_t (*pid_used)[2][2];
	sv_date pid_first;
	size_t pid_days;
	struct sample samples[MAX_SAMPLES];
	size_t nsamples;
	size_t ended_seen; /* ended targets planned: coverage of the end reasons */
	struct act *acts;
	size_t nacts, aacts;
};

/* ---- Small helpers ----------------------------------------------------------------------- */

static sv_time at_of(sv_date d, int minute_utc)
{
	return ((sv_time)d * 86400 + (sv_time)minute_utc * 60) * 1000000;
}

static struct store_write wr(const struct gen *g, int64_t actor, sv_time at, const char *reason)
{
	struct store_write w = {g->tenant, actor, at, reason};
	return w;
}

static sv_date wd_next(const struct gen *g, sv_date d)
{
	while (!cal_working(g->cal, d))
		d++;
	return d;
}

/* The n-th working day after d (n >= 1), or d moved to a working day (n == 0). */
static sv_date wd_add(const struct gen *g, sv_date d, int n)
{
	if (n <= 0)
		return wd_next(g, d);
	while (n > 0) {
		d++;
		if (cal_working(g->cal, d))
			n--;
	}
	return d;
}

/* The n-th working day before d, or d moved back to a working day (n == 0). */
static sv_date wd_back(const struct gen *g, sv_date d, int n)
{
	while (!cal_working(g->cal, d))
		d--;
	while (n > 0) {
		d--;
		if (cal_working(g->cal, d))
			n--;
	}
	return d;
}

static char *jtext(json_t *o)
{
	char *t = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	json_decref(o);
	return t;
}

static json_t *jdate(sv_date d)
{
	char b[SV_DATE_STRLEN];

	return d == SV_NO_DATE ? json_null() : json_string(date_format(d, b));
}

/* {"intervention_id": id, "on": day} with the members of extra (stolen), as text. */
static char *payload(int64_t iv, sv_date day, json_t *extra)
{
	json_t *o = json_pack("{s:I,s:o}", "intervention_id", (json_int_t)iv, "on", jdate(day));

	if (o && extra)
		json_object_update(o, extra);
	json_decref(extra);
	return jtext(o);
}

static enum sv_rc set_str(char **dst, const char *s)
{
	char *p = NULL;

	if (s && !(p = strdup(s)))
		return SV_ENOMEM;
	free(*dst);
	*dst = p;
	return SV_OK;
}

/* ASCII lower-case login part of a Swedish name: "Åsa Sjöström" -> "asa", "sjostrom". */
static void ascii_lower(const char *in, char *out, size_t outsz)
{
	size_t o = 0;

	for (const unsigned char *p = (const unsigned char *)in; *p && o + 1 < outsz; p++) {
		unsigned char ch = *p;
		if (ch == 0xc3 && p[1]) {
			unsigned char n = *++p;
			/* å ä à á â -> a, ö ó ø -> o, é è ë -> e, ü -> u (and capitals). */
			if (n == 0xa5 || n == 0xa4 || n == 0x85 || n == 0x84 ||
			    (n >= 0xa0 && n <= 0xa2))
				out[o++] = 'a';
			else if (n == 0xb6 || n == 0x96 || n == 0xb3 || n == 0xb8)
				out[o++] = 'o';
			else if ((n >= 0xa8 && n <= 0xab) || n == 0x89)
				out[o++] = 'e';
			else if (n == 0xbc || n == 0x9c)
				out[o++] = 'u';
			continue;
		}
		if (ch >= 'A' && ch <= 'Z')
			out[o++] = (char)(ch - 'A' + 'a');
		else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			out[o++] = (char)ch;
		else if (ch == ' ' || ch == '-')
			out[o++] = '-';
	}
	out[o] = '\0';
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void nameset_release(struct nameset *ns)
{
	for (size_t i = 0; i < ns->cap; i++)
		free(ns->v[i]);
	free(ns->v);
	memset(ns, 0, sizeof(*ns));
}

static bool nameset_has(const struct nameset *ns, const char *s)
{
	if (!ns->cap)
		return false;
	for (size_t i = fnv1a(s) & (ns->cap - 1);; i = (i + 1) & (ns->cap - 1)) {
		if (!ns->v[i])
			return false;
		if (!strcmp(ns->v[i], s))
			return true;
	}
}

static enum sv_rc nameset_add(struct nameset *ns, const char *s)
{
	if ((ns->n + 1) * 2 > ns->cap) {
		struct nameset bigger = {0};
		bigger.cap = ns->cap ? ns->cap * 2 : 256;
		bigger.v = calloc(bigger.cap, sizeof(*bigger.v));
		if (!bigger.v)
			return SV_ENOMEM;
		for (size_t i = 0; i < ns->cap; i++) {
			if (!ns->v[i])
				continue;
			size_t k = fnv1a(ns->v[i]) & (bigger.cap - 1);
			while (bigger.v[k])
				k = (k + 1) & (bigger.cap - 1);
			bigger.v[k] = ns->v[i];
		}
		bigger.n = ns->n;
		free(ns->v);
		*ns = bigger;
	}
	{
		size_t k = fnv1a(s) & (ns->cap - 1);
		while (ns->v[k])
			k = (k + 1) & (ns->cap - 1);
		if (!(ns->v[k] = strdup(s)))
			return SV_ENOMEM;
		ns->n++;
	}
	return SV_OK;
}

/* ---- Rule-pack lookups ----------------------------------------------------------------------- */

/*
 * The maximum duration of code for an intervention starting on start: the
 * pack valid on the start (casework_planned_end), else the newest pack that
 * defines it at all, so that the history stays plausible on dates no pack
 * covers (those cases then have no deadlines, demo.h).
 */
static bool duration_of(const struct gen *g, const char *code, sv_date start,
                        struct rules_span *out)
{
	const struct rules_pack *packs[8];
	size_t np = obligations_packs(&g->s, code, packs, 8);

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < np; i++) {
			const struct rules_intervention *iv = rules_intervention_find(
			        packs[i], code, pass ? packs[i]->valid.from : start);
			if (iv && iv->max_duration.known) {
				*out = iv->max_duration;
				return true;
			}
		}
	return false;
}

static sv_date planned_end_of(const struct gen *g, int code, sv_date start)
{
	struct rules_span d = {RULES_UNIT_NONE, 0, false};

	if (!duration_of(g, code_names[code], start, &d))
		return start + 90; /* not reached: every code has a pack (checked at start) */
	if (d.unit == RULES_MONTHS)
		return date_add_months(start, d.n) - 1;
	return start + d.n - 1;
}

/* The sections of the report template for code on day (any validity when none is valid). */
static const struct rules_report_template *template_of(const struct gen *g, int code, sv_date day)
{
	const struct rules_pack *packs[8];
	size_t np = obligations_packs(&g->s, code_names[code], packs, 8);
	const char *scheme = scheme_names[code_scheme[code]];

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < np; i++) {
			const struct rules_report_template *t = rules_report_template_find(
			        packs[i], scheme, pass ? packs[i]->valid.from : day);
			if (t)
				return t;
		}
	return NULL;
}

/* The rotation (KV-12) valid on day: anchor and period, from any pack. */
static bool rotation_on(const struct gen *g, sv_date day, sv_date *anchor, int *period)
{
	const struct rules_set *set = &g->rb->set;

	for (size_t i = 0; i < set->n; i++) {
		const struct rules_rotation *r = rules_rotation_find(set->packs[i], day);
		if (r && r->period.known && r->period.unit == RULES_CALENDAR_DAYS) {
			*anchor = r->anchor;
			*period = r->period.n;
			return true;
		}
	}
	return false;
}

/* Note that no pack is valid for code on day: its cases get no deadlines. */
static void warn_no_pack(struct gen *g, const char *code, sv_date day)
{
	struct demo_summary *s = g->sum;
	char d[SV_DATE_STRLEN];

	if (s->nwarnings < DEMO_MAX_WARNINGS)
		snprintf(s->warnings[s->nwarnings++], sizeof(s->warnings[0]),
		         "no rule pack is valid for %s on %s: its recent cases get no deadlines "
		         "(use --on with a date the packs cover)",
		         code, date_format(day, d));
}

/* ---- The organisation ---------------------------------------------------------------------- */

static void person_name(struct demo_rng *r, bool male, bool newcomer, const char **given,
                        const char **family)
{
	if (newcomer) {
		*given = pick(r, male ? &demo_given_male_new : &demo_given_female_new);
		*family = pick(r, &demo_family_new);
	} else {
		*given = pick(r, male ? &demo_given_male : &demo_given_female);
		*family = pick(r, &demo_family);
	}
}

/* Create a user with a unique "given.family" username; *id receives its id. */
static enum sv_rc make_user(struct gen *g, struct demo_rng *r, const char *role, int64_t unit,
                            int64_t provider, sv_time at, int64_t *id)
{
	struct store_write w = wr(g, 0, at, "demo");
	struct store_user u = {0};
	const char *given, *family;
	char a[40], b[40], name[64], display[96];
	enum sv_rc rc;

	person_name(r, demo_rng_chance(r, 450), demo_rng_chance(r, 120), &given, &family);
	ascii_lower(given, a, sizeof(a));
	ascii_lower(family, b, sizeof(b));
	snprintf(name, sizeof(name), "%s.%s", a, b);
	for (int k = 2; nameset_has(&g->names, name); k++)
		snprintf(name, sizeof(name), "%s.%s%d", a, b, k);
	rc = nameset_add(&g->names, name);
	if (rc)
		return rc;
	snprintf(display, sizeof(display), "%s %s", given, family);
	u.username = name;
	u.display_name = display;
	u.role = (char *)role;
	u.unit_id = unit;
	u.provider_id = provider;
	rc = store_user_create(g->st, &w, &u, g->err);
	if (rc)
		return rc;
	*id = u.id;
	g->sum->users++;
	g->sum->events++;
	return SV_OK;
}

static enum sv_rc make_units(struct gen *g, struct demo_rng *r, sv_time at)
{
	struct store_write w = wr(g, 0, at, "demo");
	size_t ngroups = 4 + g->ncust / 5000;
	size_t per_group = g->ncust / ngroups + 1;
	enum sv_rc rc = SV_OK;

	g->units = calloc(ngroups + 1, sizeof(*g->units));
	if (!g->units)
		return SV_ENOMEM;
	for (size_t i = 0; !rc && i <= ngroups; i++) {
		struct store_unit u = {0};
		char ref[32], name[96];
		snprintf(ref, sizeof(ref), "demo-unit-%zu", i + 1);
		if (i == 0)
			snprintf(name, sizeof(name), "Arbetsmarknadsenheten");
		else if (i <= 4)
			snprintf(name, sizeof(name), "%s", demo_unit_groups.v[(i - 1) % 4]);
		else
			snprintf(name, sizeof(name), "%s %zu", demo_unit_groups.v[(i - 1) % 4],
			         (i - 1) / 4 + 1);
		u.ref = ref;
		u.name = name;
		u.parent_id = i ? g->units[0].id : 0;
		rc = store_unit_create(g->st, &w, &u, g->err);
		g->units[i].id = u.id;
		g->units[i].kind = i ? (int)((i - 1) % 4) : -1;
		g->nunits++;
		g->sum->units++;
		g->sum->events++;
	}
	/* Staff of each group: a supervisor, social workers, counsellors (about 60 customers each).
	 */
	for (size_t i = 1; !rc && i <= ngroups; i++) {
		struct unit_info *ui = &g->units[i];
		size_t nc = per_group / 60 + 2;
		rc = make_user(g, r, "supervisor", ui->id, 0, at, &ui->supervisor);
		if (!rc)
			rc = make_user(g, r, "social_worker", ui->id, 0, at, &ui->social_worker);
		for (size_t k = 1; !rc && k < per_group / 400 + 1; k++) {
			int64_t more;
			rc = make_user(g, r, "social_worker", ui->id, 0, at, &more);
		}
		ui->counsellors = calloc(nc, sizeof(*ui->counsellors));
		if (!rc && !ui->counsellors)
			rc = SV_ENOMEM;
		for (size_t k = 0; !rc && k < nc; k++) {
			rc = make_user(g, r, "counsellor", ui->id, 0, at, &ui->counsellors[k]);
			ui->ncounsellors++;
		}
	}
	if (!rc)
		rc = make_user(g, r, "finance", g->units[0].id, 0, at, &g->finance[0]);
	if (!rc)
		rc = make_user(g, r, "finance", g->units[0].id, 0, at, &g->finance[1]);
	if (!rc)
		rc = make_user(g, r, "dpo", g->units[0].id, 0, at, &g->dpo);
	return rc;
}

static void phone_mobile(struct demo_rng *r, char *out, size_t outsz)
{
	/* PTS: 070-174 06 05 - 070-174 06 99 are numbers for fiction. */
	snprintf(out, outsz, "070-174 06 %02d", demo_rng_range(r, 5, 99));
}

static void phone_office(struct demo_rng *r, char *out, size_t outsz)
{
	/* PTS: 08-465 004 00 - 08-465 004 99 are numbers for fiction. */
	snprintf(out, outsz, "08-465 004 %02d", demo_rng_range(r, 0, 99));
}

static enum sv_rc make_provider(struct gen *g, struct demo_rng *r, size_t i, sv_time at)
{
	static const char *const focus[4] = {
	        "arbetsprövning och förberedande aktiviteter i små grupper",
	        "vägledning, arbetsträning och matchning mot arbete eller studier",
	        "språkträning på arbetsplatser där arbetsspråket är svenska",
	        "snabb matchning mot arbetsgivare i vårt nätverk"};
	static const char *const method[] = {"individuellt stöd av en jobbexpert",
	                                     "praktik hos våra partnerföretag",
	                                     "tydlig veckostruktur och täta uppföljningar",
	                                     "branschvalidering och korta kurser"};
	struct store_write w = wr(g, 0, at, "demo");
	struct store_provider p = {0};
	struct store_authorisation auths[4];
	struct store_provider_contact contacts[2];
	char *industries[5];
	struct prov_info *pi = &g->provs[i];
	char name[96], slug[64], org[11], presentation[600], site[128];
	char cname[2][96], cmail[2][160], cphone[2][32];
	size_t head = i % demo_provider_head.n;
	size_t tail = (i / demo_provider_head.n + i * 7) % demo_provider_tail.n;
	int primary = (int)(i % 4);
	size_t nind = 0;
	enum sv_rc rc;

	/* Names: "Jobbhuset AB", later "Jobbhuset Syd AB" when the parts run out. */
	if (i < demo_provider_head.n * demo_provider_tail.n)
		snprintf(name, sizeof(name), "%s%s AB", demo_provider_head.v[head],
		         demo_provider_tail.v[tail]);
	else
		snprintf(name, sizeof(name), "%s%s %zu AB", demo_provider_head.v[head],
		         demo_provider_tail.v[tail],
		         i / (demo_provider_head.n * demo_provider_tail.n) + 1);
	ascii_lower(name, slug, sizeof(slug));
	if (strlen(slug) > 3 && !strcmp(slug + strlen(slug) - 3, "-ab"))
		slug[strlen(slug) - 3] = '\0';
	/* Distinct numbers: i * 7919 mod 10^6 is a permutation (7919 is prime to 10). */
	demo_org_no((uint32_t)((i * 7919u + 104729u) % 1000000u), org);
	snprintf(site, sizeof(site), "https://www.%s.exempel.se", slug);
	/* Authorisations: the primary scheme, often another; KV-12 orders by date. */
	for (int k = 0; k < 4; k++)
		pi->from[k] = pi->to[k] = SV_NO_DATE;
	for (int k = 0; k < 4; k++) {
		bool has = k == primary || (i >= 4 && demo_rng_chance(r, 300));
		if (!has)
			continue;
		if (i < 4 || demo_rng_chance(r, 850))
			/* Authorised before the history begins. */
			pi->from[k] = g->hist - demo_rng_range(r, 30, 1500);
		else
			/* Joined during it: appended last to the rotation. */
			pi->from[k] = g->today - demo_rng_range(r, 60, 500);
		if (i >= 8 && demo_rng_chance(r, 60))
			/* No longer authorised (KV-12 skips it). */
			pi->to[k] = g->today - demo_rng_range(r, 20, 200);
		if (pi->to[k] != SV_NO_DATE && pi->to[k] < pi->from[k] + 60)
			pi->to[k] = SV_NO_DATE;
		auths[p.nauths].scheme = (char *)scheme_names[k];
		auths[p.nauths].from = pi->from[k];
		auths[p.nauths].to = pi->to[k];
		p.nauths++;
	}
	snprintf(presentation, sizeof(presentation),
	         "%s erbjuder %s med %s. Vi finns i centrala Stegvik och tar emot kunder på "
	         "svenska, engelska och arabiska. Byte av anordnare görs via din "
	         "karriärvägledare.",
	         name, focus[primary], PICK(r, method));
	/* JP-4: the industries of the employer network (every provider shows some). */
	for (size_t k = 0, n = (size_t)demo_rng_range(r, 2, 5); k < n; k++) {
		const char *ind = demo_industries.v[(i * 3 + k * 5) % demo_industries.n];
		bool dup = false;
		for (size_t j = 0; j < nind; j++)
			dup = dup || !strcmp(industries[j], ind);
		if (!dup)
			industries[nind++] = (char *)ind;
	}
	for (int k = 0; k < 2; k++) {
		const char *given, *family;
		char a[40], b[40];
		person_name(r, demo_rng_chance(r, 500), false, &given, &family);
		ascii_lower(given, a, sizeof(a));
		ascii_lower(family, b, sizeof(b));
		snprintf(cname[k], sizeof(cname[k]), "%s %s", given, family);
		snprintf(cmail[k], sizeof(cmail[k]), "%s.%s@%s.exempel.se", a, b, slug);
		phone_office(r, cphone[k], sizeof(cphone[k]));
		contacts[k].name = cname[k];
		contacts[k].role = k ? "Kontaktperson kundval" : "Verksamhetschef";
		contacts[k].email = cmail[k];
		contacts[k].phone = cphone[k];
	}
	p.org_no = org;
	p.name = name;
	p.presentation = presentation;
	p.website = site;
	p.capacity = demo_rng_chance(r, 200) ? -1 : demo_rng_range(r, 3, 20) * 10;
	p.industries = industries;
	p.nindustries = nind;
	p.auths = auths;
	p.contacts = contacts;
	p.ncontacts = 2;
	rc = store_provider_create(g->st, &w, &p, g->err);
	if (rc)
		return rc;
	pi->id = p.id;
	g->sum->providers++;
	g->sum->events++;
	/* Case workers (jobbexperter): about one per 40 cases. */
	{
		size_t n = 2 + g->ncust / (g->nprovs * 40 + 1);
		pi->staff = calloc(n, sizeof(*pi->staff));
		if (!pi->staff)
			return SV_ENOMEM;
		for (size_t k = 0; !rc && k < n; k++) {
			rc = make_user(g, r, "provider_staff", 0, pi->id, at, &pi->staff[k]);
			pi->nstaff++;
		}
	}
	return rc;
}

static enum sv_rc make_rotations(struct gen *g)
{
	for (int k = 0; k < 4; k++) {
		g->rot[k] = calloc(g->nprovs, sizeof(*g->rot[k]));
		if (!g->rot[k])
			return SV_ENOMEM;
		for (size_t i = 0; i < g->nprovs; i++) {
			const struct prov_info *pi = &g->provs[i];
			if (pi->from[k] == SV_NO_DATE)
				continue;
			g->rot[k][g->nrot[k]].id = pi->id;
			g->rot[k][g->nrot[k]].authorised_from = pi->from[k];
			g->rot[k][g->nrot[k]].authorised_to =
			        pi->to[k] == SV_NO_DATE ? ROTATION_OPEN_END : pi->to[k];
			g->nrot[k]++;
		}
		rotation_sort(g->rot[k], g->nrot[k]);
	}
	return SV_OK;
}

static enum sv_rc make_org(struct gen *g)
{
	struct demo_rng r;
	sv_time at = at_of(g->hist - 60, 7 * 60);
	enum sv_rc rc;

	demo_rng_seed(&r, g->seed, 0);
	rc = make_units(g, &r, at);
	g->nprovs = 12 + g->ncust / 2000;
	if (!rc && !(g->provs = calloc(g->nprovs, sizeof(*g->provs))))
		rc = SV_ENOMEM;
	for (size_t i = 0; !rc && i < g->nprovs; i++)
		rc = make_provider(g, &r, i, at);
	if (!rc)
		rc = make_rotations(g);
	return rc;
}

/* ---- Actions: a customer's dated history ----------------------------------------------------- */

enum act_kind {
	A_CUSTOMER,
	A_ASSESS,
	A_GRANT,
	A_CHOICE,
	A_QUEUE,
	A_STAFF,
	A_ASSIGN,
	A_START,
	A_STARTUP,
	A_FOLLOW_UP,
	A_CONTACT,
	A_DOC_CREATE,
	A_DOC_SUBMIT,
	A_DOC_REVIEW,
	A_PLAN_REVISE,
	A_ABSENCE,
	A_ABS_CERT_REQUIRED,
	A_ABS_END,
	A_ABS_CERT,
	A_DEVIATION,
	A_MESSAGE,
	A_MEETING,
	A_MEETING_HELD,
	A_EXTEND,
	A_PROPOSAL,
	A_PROPOSAL_DECIDE,
	A_SUPPLEMENT,
	A_SUPPLEMENT_DECIDE,
	A_END,
	A_CANCEL,
	A_BONUS,
	A_BONUS_DECIDE,
};

struct act {
	sv_time at;
	uint32_t seq;
	uint8_t kind;
	uint8_t iv;   /* intervention slot */
	uint8_t slot; /* document, absence, proposal, supplement or meeting slot */
	uint8_t flag;
	sv_date d1, d2;
	int32_t n;
	int64_t actor;
	const char *text;
};

/* Document slots: the plan, the final report, then one monthly report per month. */
#define DOC_PLAN     0
#define DOC_FINAL    1
#define DOC_MONTH0   2
#define MAX_DOCS     24
#define MAX_ABSENCES 8
#define MAX_MISC     6

struct doc_state {
	int64_t id;
	char state[12];
	int version;
	bool submitted_current; /* the current version has been submitted */
	bool ever_submitted;
	bool ever_approved;
	sv_date period;
};

/* One intervention's simulated life. */
struct ivp {
	int code;
	int target;
	enum lc_end_reason reason;
	int64_t provider, staff;
	bool dflt;
	sv_date assess, decided, chosen, queued, staffed, assigned, start, planned_end, end;
	sv_time start_at, end_at; /* when the start and the ending were planned */
	int extent;
	int64_t assessment_id;
	const char *target_group;
	const char *outside_reason;
	/* Live state while writing. */
	int64_t id;
	struct store_case c;
	bool loaded;
	struct doc_state docs[MAX_DOCS];
	int64_t absences[MAX_ABSENCES];
	int64_t misc[MAX_MISC]; /* proposals, supplements, bonus claims, meetings */
	sv_time last;           /* the last action of its main chain */
};

struct cust {
	size_t index;
	struct demo_rng r;
	int profile;
	bool male, newcomer, samordning;
	sv_date birth;
	char pid[13];
	const char *given, *family;
	const char *protection;
	const char *language;
	int unit_idx;
	int64_t id, unit, counsellor, supervisor;
	struct ivp iv[2];
	int niv;
	sv_date registered;
	uint32_t seq;
};

static struct act *add(struct gen *g, struct cust *c, enum act_kind kind, int iv, sv_date day,
                       sv_time *chain)
{
	struct act *a;
	sv_time at = at_of(day, demo_rng_range(&c->r, 7 * 60, 15 * 60 - 1));

	if (kind == A_START)
		at = at_of(day, 5); /* the nightly job starts due interventions (KV-24) */
	/* What happens while it runs comes after the start. */
	if (c->iv[iv].start_at && kind != A_START && at <= c->iv[iv].start_at)
		at = c->iv[iv].start_at + 60 * 1000000LL;
	if (chain && *chain && at <= *chain)
		at = *chain + 60 * 1000000LL;
	if (chain)
		*chain = at;
	if (g->nacts == g->aacts) {
		size_t n = g->aacts ? g->aacts * 2 : 256;
		struct act *v = realloc(g->acts, n * sizeof(*v));
		if (!v)
			return NULL;
		g->acts = v;
		g->aacts = n;
	}
	a = &g->acts[g->nacts++];
	memset(a, 0, sizeof(*a));
	a->at = at;
	a->seq = c->seq++;
	a->kind = (uint8_t)kind;
	a->iv = (uint8_t)iv;
	a->d1 = a->d2 = SV_NO_DATE;
	return a;
}

#define ADD(g, c, kind, iv, day, chain)                     \
	do {                                                \
		if (!(a = add(g, c, kind, iv, day, chain))) \
			return SV_ENOMEM;                   \
	} while (0)

/* Choose a provider authorised for scheme k on day: the KV-13 default sometimes. */
static int64_t choose_provider(struct gen *g, struct cust *c, int k, sv_date day, int64_t not,
                               bool *dflt)
{
	sv_date anchor;
	int period;
	size_t n = 0;

	*dflt = false;
	if (!not &&demo_rng_chance(&c->r, 300) && rotation_on(g, day, &anchor, &period) &&
	    day >= anchor) {
		struct rotation_period p;
		struct sv_error e = SV_ERROR_INIT;
		if (!rotation_default_on(g->rot[k], g->nrot[k], anchor, period, day, &p, &e)) {
			*dflt = true;
			return p.provider_id;
		}
	}
	/* Popular providers get more customers: the smaller of two draws. */
	for (size_t i = 0; i < g->nrot[k]; i++) {
		const struct rotation_provider *rp = &g->rot[k][i];
		n += rp->authorised_from <= day && day <= rp->authorised_to && rp->id != not ;
	}
	if (n == 0)
		return 0;
	{
		uint32_t x = demo_rng_below(&c->r, (uint32_t)n),
		         y = demo_rng_below(&c->r, (uint32_t)n);
		size_t want = x < y ? x : y;
		for (size_t i = 0; i < g->nrot[k]; i++) {
			const struct rotation_provider *rp = &g->rot[k][i];
			if (rp->authorised_from <= day && day <= rp->authorised_to &&
			    rp->id != not &&want-- == 0)
				return rp->id;
		}
	}
	return 0;
}

static const struct prov_info *prov_by_id(const struct gen *g, int64_t id)
{
	/* Providers were created in order, so ids ascend with the index. */
	size_t lo = 0, hi = g->nprovs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g->provs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->nprovs && g->provs[lo].id == id ? &g->provs[lo] : NULL;
}

/* ---- Planning one intervention ------------------------------------------------------------- */

/* Backwards from the assignment day A: staffing, queueing, choice, decision, assessment. */
static void plan_before_assignment(struct gen *g, struct cust *c, struct ivp *p, sv_date A)
{
	struct demo_rng *r = &c->r;

	A = wd_back(g, A, 0); /* the counsellor works on working days */
	p->assigned = A;
	/* KV-22: the assignment is due the working day after staffing; mostly on time. */
	p->staffed = wd_back(g, A, demo_rng_chance(r, 150) ? 0 : 1);
	if (demo_rng_chance(r, 80))
		p->staffed = wd_back(g, A, 3);
	/* KV-21: staffed the same working day as queued or the next; some late. */
	p->queued = wd_back(g, p->staffed,
	                    demo_rng_chance(r, 60) ? demo_rng_range(r, 2, 4)
	                                           : (int)demo_rng_below(r, 2));
	p->chosen = p->queued - (sv_date)demo_rng_below(r, 3);
	p->decided = p->chosen - (sv_date)demo_rng_below(r, 8);
	p->assess = p->decided - (demo_rng_chance(r, 500) ? 0 : (sv_date)demo_rng_range(r, 1, 20));
}

/* Plan the milestones of p (code and target set) so that today it is in state p->target. */
static void plan_milestones(struct gen *g, struct cust *c, struct ivp *p, sv_date end_limit)
{
	struct demo_rng *r = &c->r;
	sv_date T = end_limit;

	p->assess = p->decided = p->chosen = p->queued = p->staffed = p->assigned = p->start =
	        p->planned_end = p->end = SV_NO_DATE;
	p->extent = demo_rng_chance(r, 120) ? 50 + 25 * (int)demo_rng_below(r, 2) : 100;
	switch (p->target) {
	case S_GRANTED:
		p->decided = T - (sv_date)demo_rng_below(r, 5);
		p->assess = p->decided - (sv_date)demo_rng_below(r, 10);
		break;
	case S_QUEUED:
		/* Queued up to three working days ago: the staffing may be overdue (KV-21). */
		p->queued = wd_back(g, T, (int)demo_rng_below(r, 4));
		p->chosen = p->queued - (sv_date)demo_rng_below(r, 2);
		p->decided = p->chosen - (sv_date)demo_rng_below(r, 6);
		p->assess = p->decided - (sv_date)demo_rng_below(r, 10);
		break;
	case S_STAFFED:
		p->staffed = wd_back(g, T, (int)demo_rng_below(r, 3));
		p->queued = wd_back(g, p->staffed, (int)demo_rng_below(r, 2));
		p->chosen = p->queued - (sv_date)demo_rng_below(r, 2);
		p->decided = p->chosen - (sv_date)demo_rng_below(r, 6);
		p->assess = p->decided - (sv_date)demo_rng_below(r, 10);
		break;
	case S_ASSIGNED:
		/* Issued in the last week with a start date still to come (KV-24). */
		plan_before_assignment(g, c, p, wd_back(g, T, (int)demo_rng_below(r, 5)));
		p->start = wd_next(g, T + demo_rng_range(r, 1, 21));
		p->planned_end = planned_end_of(g, p->code, p->start);
		break;
	case S_RUNNING: {
		sv_date s0 = T - 30;
		sv_date dur = planned_end_of(g, p->code, s0) - s0 + 1;
		/* A working day that leaves the planned end on or after today. */
		p->start = T - (sv_date)demo_rng_below(r, (uint32_t)dur);
		while (p->start < T &&
		       (!cal_working(g->cal, p->start) || planned_end_of(g, p->code, p->start) < T))
			p->start++;
		if (!cal_working(g->cal, p->start))
			p->start = wd_back(g, p->start, 0);
		p->planned_end = planned_end_of(g, p->code, p->start);
		plan_before_assignment(
		        g, c, p,
		        demo_rng_chance(r, 750) ? p->start : p->start - demo_rng_range(r, 1, 10));
		break;
	}
	case S_ENDED: {
		sv_date e = T - (sv_date)demo_rng_below(r, 300);
		sv_date dur = planned_end_of(g, p->code, e - 200) - (e - 200) + 1;
		if (p->reason == LC_END_COMPLETED) {
			p->start = wd_back(g, e - dur + 1, 0);
			p->planned_end = planned_end_of(g, p->code, p->start);
			while (p->planned_end > T) {
				p->start = wd_back(g, p->start, 1);
				p->planned_end = planned_end_of(g, p->code, p->start);
			}
			p->end = p->planned_end;
		} else {
			sv_date len = demo_rng_range(r, 20, (int)(dur > 30 ? dur - 5 : 25));
			if (p->reason == LC_END_SELF_SUFFICIENT && p->code == C_JP)
				len = demo_rng_range(r, 25,
				                     110); /* JP-3: within 100 days, mostly */
			p->start = wd_back(g, e - len, 0);
			p->planned_end = planned_end_of(g, p->code, p->start);
			p->end = e < p->planned_end ? e : p->planned_end;
		}
		plan_before_assignment(
		        g, c, p,
		        demo_rng_chance(r, 750) ? p->start : p->start - demo_rng_range(r, 1, 10));
		break;
	}
	case S_CANCELLED:
		p->end = T - (sv_date)demo_rng_below(r, 300); /* the cancellation */
		p->queued = p->end - demo_rng_range(r, 1, 10);
		if (demo_rng_chance(r, 500))
			p->staffed = wd_add(g, p->queued, (int)demo_rng_below(r, 2));
		if (p->staffed != SV_NO_DATE && p->staffed > p->end)
			p->staffed = SV_NO_DATE;
		p->chosen = p->queued - (sv_date)demo_rng_below(r, 2);
		p->decided = p->chosen - (sv_date)demo_rng_below(r, 6);
		p->assess = p->decided - (sv_date)demo_rng_below(r, 10);
		break;
	default:
		break;
	}
}

/* The target group a customer qualifies by (KV-2, JP-1), or NULL outside them. */
static const char *group_of(int profile, int code)
{
	bool jp = code == C_JP;

	switch (profile) {
	case P_FA:
		return jp ? "financial_assistance" : "financial_assistance_18_66";
	case P_YOUNG:
		return jp ? "youth_18_24" : "young_adults";
	case P_KAA:
		return "kaa_youth";
	case P_EST:
		return "establishment";
	case P_REUNIFIED:
		return "family_reunified";
	case P_SFI:
		return "post_establishment_sfi";
	case P_LANG:
		return "language_outside_labour_market";
	default:
		return NULL;
	}
}

static int profile_for(struct demo_rng *r, int code)
{
	static const unsigned fai2[] = {75, 0, 25}, ami1[] = {60, 40}, ami2[] = {55, 30, 15};
	static const unsigned jp[] = {40, 35, 0, 0, 0, 0, 15, 10};

	switch (code) {
	case C_FAI1:
		return P_FA;
	case C_FAI2:
		return (int)weighted(r, fai2, 3);
	case C_AMI1:
		return (int)weighted(r, ami1, 2);
	case C_AMI2:
		return (int)weighted(r, ami2, 3);
	case C_ISA1:
		return P_EST;
	case C_ISA2:
		return demo_rng_chance(r, 500) ? P_REUNIFIED : P_SFI;
	default:
		return (int)weighted(r, jp, P_COUNT);
	}
}

/* The intervention before the current one, when the case has history (a step, a switch). */
static int previous_code(struct demo_rng *r, int code, int profile)
{
	if (profile != P_FA && profile != P_SFI)
		return -1;
	switch (code) {
	case C_FAI1:
		return C_FAI2;
	case C_AMI2:
		return profile == P_SFI ? C_ISA2 : demo_rng_chance(r, 500) ? C_FAI1 : C_AMI1;
	case C_JP:
		return profile == P_FA ? C_AMI1 : -1;
	default:
		return -1;
	}
}

/* ---- Planning what happens while an intervention runs ---------------------------------------- */

static sv_date min_date(sv_date a, sv_date b)
{
	return a < b ? a : b;
}

/* KV-32: the submission deadline of the report for the month starting at m (7th, CAL-4). */
static sv_date report_due(const struct gen *g, sv_date m)
{
	int y, mo, d;

	date_to_ymd(date_add_months(m, 1), &y, &mo, &d);
	return wd_next(g, date_from_ymd(y, mo, 7));
}

/* Plan a document's life: draft, submission (on time, late or never), review. */
struct doc_plan {
	sv_date create, submit;
	int review; /* 0 approve, 1 return then resubmit, 2 return never resubmitted, 3 none */
	sv_date reviewed; /* first review */
	sv_date resubmit, approve2;
};

static enum sv_rc emit_doc(struct gen *g, struct cust *c, int iv, int slot,
                           const struct doc_plan *dp, int64_t writer, int64_t reviewer)
{
	struct act *a;
	sv_time chain = 0;

	ADD(g, c, A_DOC_CREATE, iv, dp->create, &chain);
	a->slot = (uint8_t)slot;
	a->actor = writer;
	if (dp->submit == SV_NO_DATE)
		return SV_OK;
	ADD(g, c, A_DOC_SUBMIT, iv, dp->submit, &chain);
	a->slot = (uint8_t)slot;
	a->actor = writer;
	if (dp->review == 3)
		return SV_OK;
	ADD(g, c, A_DOC_REVIEW, iv, dp->reviewed, &chain);
	a->slot = (uint8_t)slot;
	a->actor = reviewer;
	a->flag = dp->review == 0; /* 1: approve */
	a->text = dp->review ? PICK(&c->r, return_comments) : NULL;
	if (dp->review != 1)
		return SV_OK;
	ADD(g, c, A_DOC_SUBMIT, iv, dp->resubmit, &chain);
	a->slot = (uint8_t)slot;
	a->actor = writer;
	ADD(g, c, A_DOC_REVIEW, iv, dp->approve2, &chain);
	a->slot = (uint8_t)slot;
	a->actor = reviewer;
	a->flag = 1;
	return SV_OK;
}

/* A review outcome with its dates after a submission on sub. */
static void plan_review(struct gen *g, struct demo_rng *r, struct doc_plan *dp, sv_date sub,
                        unsigned returned_pm, unsigned unreviewed_pm)
{
	unsigned x = demo_rng_below(r, 1000);

	if (x < unreviewed_pm) {
		dp->review = 3;
	} else if (x < unreviewed_pm + returned_pm) {
		dp->reviewed = wd_add(g, sub, demo_rng_range(r, 1, 4));
		dp->review = demo_rng_chance(r, 120) ? 2 : 1;
		dp->resubmit = dp->reviewed + demo_rng_range(r, 1, 4);
		dp->approve2 = wd_add(g, dp->resubmit, demo_rng_range(r, 1, 3));
	} else {
		dp->review = 0;
		/* KV-25: within five working days, a few later. */
		dp->reviewed = wd_add(g, sub,
		                      demo_rng_chance(r, 80) ? demo_rng_range(r, 6, 9)
		                                             : demo_rng_range(r, 1, 5));
	}
}

static enum sv_rc plan_documents(struct gen *g, struct cust *c, int iv, sv_date until)
{
	struct ivp *p = &c->iv[iv];
	struct demo_rng *r = &c->r;
	int64_t cou = c->counsellor;
	struct doc_plan dp;
	int slot = DOC_MONTH0;

	/* KV-24: the plan within 14 days of the start; KV-25 review within five working days. */
	if (p->start + 1 <= until) {
		memset(&dp, 0, sizeof(dp));
		dp.create = p->start + demo_rng_range(r, 1, 4);
		{
			unsigned x = demo_rng_below(r, 1000);
			dp.submit = x < 820   ? p->start + demo_rng_range(r, 5, 14)
			            : x < 950 ? p->start + demo_rng_range(r, 15, 26)
			                      : SV_NO_DATE;
		}
		if (dp.submit != SV_NO_DATE && dp.submit < dp.create)
			dp.submit = dp.create;
		if (dp.submit != SV_NO_DATE)
			plan_review(g, r, &dp, dp.submit, 170, 30);
		if (emit_doc(g, c, iv, DOC_PLAN, &dp, p->staff, cou))
			return SV_ENOMEM;
		/* KV-31: now and then an approved plan is revised. */
		if (dp.submit != SV_NO_DATE && dp.review == 0 && demo_rng_chance(r, 80)) {
			struct act *a;
			sv_date d = dp.reviewed + demo_rng_range(r, 20, 60);
			sv_time chain = at_of(dp.reviewed, 23 * 60);
			if (d < until) {
				ADD(g, c, A_PLAN_REVISE, iv, d, &chain);
				a->slot = DOC_PLAN;
				a->actor = p->staff;
				ADD(g, c, A_DOC_SUBMIT, iv, d + demo_rng_range(r, 1, 5), &chain);
				a->slot = DOC_PLAN;
				a->actor = p->staff;
				ADD(g, c, A_DOC_REVIEW, iv, wd_add(g, a->at / 86400000000LL, 2),
				    &chain);
				a->slot = DOC_PLAN;
				a->actor = cou;
				a->flag = 1;
			}
		}
	}
	/* KV-32: a report for every month of the intervention, due the 7th after it. */
	for (sv_date m = date_month_start(p->start); m <= until && slot < MAX_DOCS; slot++) {
		sv_date next = date_add_months(m, 1), due = report_due(g, m);
		bool ends_in = p->end != SV_NO_DATE && p->end < next;
		unsigned x = demo_rng_below(r, 1000);
		memset(&dp, 0, sizeof(dp));
		if (next > until && !ends_in)
			break; /* the month is not over */
		p->docs[slot].period = m;
		dp.create = ends_in ? p->end : next - demo_rng_range(r, 1, 3);
		if (dp.create < p->start)
			dp.create = p->start;
		if (x < 800)
			dp.submit = next + (sv_date)demo_rng_below(r, (uint32_t)(due - next + 1));
		else if (x < 900)
			dp.submit = due + demo_rng_range(r, 1, 10);
		else if (x < 930)
			dp.submit = due + demo_rng_range(r, 32, 45); /* over a month late (KV-53) */
		else
			dp.submit = SV_NO_DATE;
		if (dp.submit != SV_NO_DATE && dp.submit < dp.create)
			dp.submit = dp.create;
		if (dp.submit != SV_NO_DATE) {
			/* KV-32: returned between the 7th and the 12th, back by the 12th. */
			plan_review(g, r, &dp, dp.submit, 150, 40);
			if (dp.review == 1 || dp.review == 2) {
				dp.reviewed = wd_next(g, dp.submit > due ? dp.submit + 1 : due);
				dp.resubmit = dp.reviewed + demo_rng_range(r, 1, 4);
				dp.approve2 = wd_add(g, dp.resubmit, demo_rng_range(r, 1, 3));
			}
		}
		if (emit_doc(g, c, iv, slot, &dp, p->staff, cou))
			return SV_ENOMEM;
		m = next;
	}
	/* KV-60 ... KV-63: the final report of an ended intervention. */
	if (p->end != SV_NO_DATE && p->target == S_ENDED) {
		bool completed = p->reason == LC_END_COMPLETED;
		unsigned x = demo_rng_below(r, 1000);
		memset(&dp, 0, sizeof(dp));
		dp.create = completed ? p->end - demo_rng_range(r, 5, 15) : p->end + 1;
		if (completed)
			dp.submit = x < 750   ? p->end - (sv_date)demo_rng_below(r, 5)
			            : x < 900 ? p->end + demo_rng_range(r, 1, 13)
			                      : SV_NO_DATE;
		else
			dp.submit = x < 850 ? p->end + demo_rng_range(r, 1, 13) : SV_NO_DATE;
		if (dp.submit != SV_NO_DATE && dp.submit < dp.create)
			dp.submit = dp.create;
		if (dp.submit != SV_NO_DATE)
			plan_review(g, r, &dp, dp.submit, 100, 50);
		if (emit_doc(g, c, iv, DOC_FINAL, &dp, p->staff, cou))
			return SV_ENOMEM;
	}
	return SV_OK;
}

/* KV-40 ... KV-44, KV-3: absences while the intervention runs. */
static enum sv_rc plan_absences(struct gen *g, struct cust *c, int iv, sv_date until)
{
	struct ivp *p = &c->iv[iv];
	struct demo_rng *r = &c->r;
	int span = (int)(until - p->start);
	int slot = 0;
	struct act *a;

	if (span < 14)
		return SV_OK;
	/* Sickness (KV-41) and care of a sick child (KV-42). */
	for (int k = 0; k < 2 && slot < MAX_ABSENCES; k++) {
		bool vab = k == 1;
		sv_date from, to;
		int len;
		sv_time chain = 0;
		if (!demo_rng_chance(r, vab ? 120 : 350))
			continue;
		from = p->start + demo_rng_range(r, 3, span - 1);
		/* Mostly short; some reach day 8 and need a certificate. */
		len = demo_rng_chance(r, vab ? 100 : 300) ? demo_rng_range(r, 8, 20)
		                                          : demo_rng_range(r, 1, 4);
		to = from + len - 1;
		if (len >= 8) {
			/* Reported on the first day, ended later; day 8 is a fact. */
			ADD(g, c, A_ABSENCE, iv, from, &chain);
			a->slot = (uint8_t)slot;
			a->actor = p->staff;
			a->text = vab ? "vab" : "sick";
			a->d1 = from;
			a->d2 = SV_NO_DATE;
			a->n = 0;
			ADD(g, c, A_ABS_CERT_REQUIRED, iv, from + 7, &chain);
			a->slot = (uint8_t)slot;
			a->actor = p->staff;
			a->text =
			        vab ? "vab.certificate_required" : "sickness.certificate_required";
			a->d1 = from + 7;
			ADD(g, c, A_ABS_END, iv, to + 1, &chain);
			a->slot = (uint8_t)slot;
			a->actor = p->staff;
			a->d1 = to;
			if (!demo_rng_chance(r, 100)) {
				/* The certificate with the counsellor within a week of day 8,
				 * mostly. */
				sv_date cert = from + 7 +
				               (demo_rng_chance(r, 850) ? demo_rng_range(r, 0, 6)
				                                        : demo_rng_range(r, 8, 14));
				ADD(g, c, A_ABS_CERT, iv, cert, &chain);
				a->slot = (uint8_t)slot;
				a->actor = p->staff;
				a->text = vab ? "vab_certificate.delivered"
				              : "sick_certificate.delivered";
				a->d1 = cert;
			}
		} else {
			ADD(g, c, A_ABSENCE, iv, to + (sv_date)demo_rng_below(r, 2), &chain);
			a->slot = (uint8_t)slot;
			a->actor = p->staff;
			a->text = vab ? "vab" : "sick";
			a->d1 = from;
			a->d2 = to;
		}
		slot++;
	}
	/* KV-44: unexcused absence, told the counsellor the same day or the next. */
	if (slot < MAX_ABSENCES && demo_rng_chance(r, 90)) {
		sv_date from = p->start + demo_rng_range(r, 3, span - 1);
		sv_date told = demo_rng_chance(r, 850) ? from + (sv_date)demo_rng_below(r, 2)
		                                       : from + demo_rng_range(r, 3, 6);
		ADD(g, c, A_ABSENCE, iv, told, NULL);
		a->slot = (uint8_t)slot++;
		a->actor = p->staff;
		a->text = "unexcused";
		a->d1 = a->d2 = from;
		a->n = 3;
		a->flag = (uint8_t)demo_rng_below(r, 3);
	}
	/* KV-3: leave, planned ahead; not for customers with establishment benefit. */
	if (slot < MAX_ABSENCES && c->profile != P_EST && demo_rng_chance(r, 60)) {
		sv_date from = p->start + demo_rng_range(r, 10, span > 11 ? span - 1 : 11);
		ADD(g, c, A_ABSENCE, iv, from - demo_rng_range(r, 3, 14), NULL);
		a->slot = (uint8_t)slot++;
		a->actor = p->staff;
		a->text = "leave";
		a->d1 = from;
		a->d2 = from + demo_rng_range(r, 2, 9);
	}
	/* KV-43: meetings with other agencies. */
	if (slot < MAX_ABSENCES && demo_rng_chance(r, 100)) {
		sv_date from = p->start + demo_rng_range(r, 3, span - 1);
		ADD(g, c, A_ABSENCE, iv, from, NULL);
		a->slot = (uint8_t)slot++;
		a->actor = p->staff;
		a->text = "other_agency";
		a->d1 = a->d2 = from;
	}
	return SV_OK;
}

/* Weekly contacts (KV-30) of the last weeks, deviations (KV-34), messages, meetings. */
static enum sv_rc plan_running(struct gen *g, struct cust *c, int iv, sv_date until)
{
	struct ivp *p = &c->iv[iv];
	struct demo_rng *r = &c->r;
	struct act *a;
	int weeks = (int)((until - p->start) / 7);

	if (weeks > 3)
		weeks = 3;
	for (int k = weeks; k >= 0; k--) {
		sv_date d = until - 7 * k - (sv_date)demo_rng_below(r, 5);
		if (d < p->start || demo_rng_chance(r, 80))
			continue;
		ADD(g, c, A_CONTACT, iv, d, NULL);
		a->actor = p->staff;
		a->d1 = d;
		a->flag = (uint8_t)(demo_rng_chance(r, 700) ? 0 : demo_rng_chance(r, 600) ? 1 : 2);
		a->text = PICK(r, contact_notes);
	}
	if (until - p->start > 10 && demo_rng_chance(r, 60)) {
		sv_date d = p->start + demo_rng_range(r, 5, (int)(until - p->start));
		ADD(g, c, A_DEVIATION, iv, d, NULL);
		a->actor = p->staff;
		a->d1 = d;
		a->flag = c->profile == P_FA && demo_rng_chance(r, 500);
		a->text = PICK(r, deviation_texts);
	}
	if (until - p->start > 5 && demo_rng_chance(r, 200)) {
		static const char *const asks[] = {
		        "Hej! Hur har uppstarten gått? Hör gärna av dig före nästa månadsrapport.",
		        "Kunden har hört av sig om ändrade tider hos vården. Kan vi stämma av?",
		        "Påminnelse: genomförandeplanen ska in inom 14 dagar från start."};
		static const char *const answers[] = {
		        "Uppstarten har gått bra, kunden är på plats enligt schemat.",
		        "Vi har anpassat schemat efter vårdens tider och återkommer i rapporten.",
		        "Planen skickas in i veckan."};
		sv_date d = p->start + demo_rng_range(r, 2, (int)(until - p->start));
		sv_time chain = 0;
		size_t k = demo_rng_below(r, 3);
		ADD(g, c, A_MESSAGE, iv, d, &chain);
		a->actor = c->counsellor;
		a->text = asks[k];
		a->n = 0; /* to the case worker */
		ADD(g, c, A_MESSAGE, iv, d + (sv_date)demo_rng_below(r, 3), &chain);
		a->actor = p->staff;
		a->text = answers[k];
		a->n = 1; /* to the counsellor */
	}
	/* KV-14, KV-41: a three-party meeting now and then. */
	if (until - p->start > 20 && demo_rng_chance(r, 40)) {
		sv_date d = p->start + demo_rng_range(r, 10, (int)(until - p->start));
		sv_time chain = 0;
		ADD(g, c, A_MEETING, iv, d - demo_rng_range(r, 3, 10), &chain);
		a->actor = c->counsellor;
		a->d1 = d;
		a->slot = 0;
		ADD(g, c, A_MEETING_HELD, iv, d, &chain);
		a->actor = c->counsellor;
		a->slot = 0;
	}
	return SV_OK;
}

static enum sv_rc plan_jobbpeng(struct gen *g, struct cust *c, int iv, sv_date until)
{
	struct ivp *p = &c->iv[iv];
	struct demo_rng *r = &c->r;
	struct act *a;
	sv_date fu = date_add_months(p->start, 3);

	/* JP-5: the follow-up meeting after three months, mostly held in time. */
	if (fu <= until && !demo_rng_chance(r, 150)) {
		sv_date d = fu + demo_rng_range(r, -10, 6);
		if (d > until)
			d = until;
		ADD(g, c, A_FOLLOW_UP, iv, d, NULL);
		a->actor = p->staff;
		a->d1 = d;
	}
	/* JP-7: a supplementary voucher, decided by the counsellor. */
	if (until - p->start > 14 && demo_rng_chance(r, 150)) {
		static const int kr[] = {5000, 10000, 15000};
		sv_date d = p->start + demo_rng_range(r, 7, (int)(until - p->start));
		sv_time chain = 0;
		ADD(g, c, A_SUPPLEMENT, iv, d, &chain);
		a->actor = p->staff;
		a->slot = 1;
		a->n = PICK(r, kr);
		a->text = PICK(r, supplement_purposes);
		if (!demo_rng_chance(r, 200)) {
			ADD(g, c, A_SUPPLEMENT_DECIDE, iv, wd_add(g, d, demo_rng_range(r, 1, 6)),
			    &chain);
			a->actor = c->counsellor;
			a->slot = 1;
			a->flag = demo_rng_chance(r, 750);
		}
	}
	return SV_OK;
}

/* The ending: decision, abort and self-sufficiency facts, and what follows (JP-8). */
static enum sv_rc plan_end(struct gen *g, struct cust *c, int iv)
{
	struct ivp *p = &c->iv[iv];
	struct demo_rng *r = &c->r;
	struct act *a;
	sv_time chain = at_of(p->end, 15 * 60); /* after the day's work */

	if (p->reason == LC_END_PLANNED_ABSENCE && c->profile != P_EST) {
		/* KV-3: a leave over 14 days, recorded before it, ends the intervention. */
		ADD(g, c, A_ABSENCE, iv, p->end - demo_rng_range(r, 3, 10), NULL);
		a->slot = MAX_ABSENCES - 1;
		a->actor = p->staff;
		a->text = "leave";
		a->d1 = p->end;
		a->d2 = p->end + demo_rng_range(r, 20, 40);
	}
	if (p->reason == LC_END_SICKNESS) {
		/* KV-52: sick for more than two weeks, with the certificate (KV-41). */
		sv_time ac = 0;
		sv_date cert;
		ADD(g, c, A_ABSENCE, iv, p->end - 20, &ac);
		a->slot = MAX_ABSENCES - 2;
		a->actor = p->staff;
		a->text = "sick";
		a->d1 = p->end - 20;
		a->d2 = SV_NO_DATE;
		ADD(g, c, A_ABS_CERT_REQUIRED, iv, p->end - 13, &ac);
		a->slot = MAX_ABSENCES - 2;
		a->actor = p->staff;
		a->text = "sickness.certificate_required";
		a->d1 = p->end - 13;
		cert = p->end - 13 + demo_rng_range(r, 1, 6);
		ADD(g, c, A_ABS_CERT, iv, cert, &ac);
		a->slot = MAX_ABSENCES - 2;
		a->actor = p->staff;
		a->text = "sick_certificate.delivered";
		a->d1 = cert;
		ADD(g, c, A_ABS_END, iv, p->end, &ac);
		a->slot = MAX_ABSENCES - 2;
		a->actor = p->staff;
		a->d1 = p->end;
	}
	ADD(g, c, A_END, iv, p->end, &chain);
	p->end_at = a->at;
	a->actor = c->counsellor;
	a->flag = demo_rng_chance(r, 60); /* KV-52: the reason withheld from the provider */
	a->text = PICK(r, end_notes);
	/* JP-8: the bonus after six months of self-sufficiency. */
	if (p->code == C_JP && p->reason == LC_END_SELF_SUFFICIENT && demo_rng_chance(r, 700)) {
		sv_date eligible = date_add_months(p->end + 1, 6);
		sv_date d = eligible + (sv_date)demo_rng_below(r, 30);
		ADD(g, c, A_BONUS, iv, d, &chain);
		a->actor = p->staff;
		a->d1 = p->end + 1;
		a->d2 = eligible;
		if (demo_rng_chance(r, 800)) {
			ADD(g, c, A_BONUS_DECIDE, iv, wd_add(g, d, demo_rng_range(r, 2, 15)),
			    &chain);
			a->actor = c->counsellor;
			a->flag = demo_rng_chance(r, 850);
		}
	}
	return SV_OK;
}

/* All actions of one intervention up to its target state. */
static enum sv_rc plan_actions(struct gen *g, struct cust *c, int iv, sv_time floor)
{
	struct ivp *p = &c->iv[iv];
	struct demo_rng *r = &c->r;
	struct act *a;
	sv_time chain = floor;
	sv_date until;
	enum sv_rc rc;

	ADD(g, c, A_ASSESS, iv, p->assess, &chain);
	a->actor = c->counsellor;
	a->text = PICK(r, assessments);
	ADD(g, c, A_GRANT, iv, p->decided, &chain);
	a->actor = c->counsellor;
	if (p->chosen == SV_NO_DATE)
		return SV_OK;
	ADD(g, c, A_CHOICE, iv, p->chosen, &chain);
	a->actor = c->counsellor;
	ADD(g, c, A_QUEUE, iv, p->queued, &chain);
	a->actor = c->counsellor;
	if (p->staffed != SV_NO_DATE) {
		ADD(g, c, A_STAFF, iv, p->staffed, &chain);
		a->actor = p->staff;
	}
	if (p->target == S_CANCELLED) {
		ADD(g, c, A_CANCEL, iv, p->end, &chain);
		a->actor = c->counsellor;
		a->text = PICK(r, cancel_reasons);
		return SV_OK;
	}
	if (p->assigned == SV_NO_DATE)
		return SV_OK;
	ADD(g, c, A_ASSIGN, iv, p->assigned, &chain);
	a->actor = c->counsellor;
	a->text = p->extent < 100 ? PICK(r, part_time_reasons) : NULL;
	if (p->target == S_ASSIGNED) {
		/* KV-26 via a proposal: the provider asks for another start date. */
		if (demo_rng_chance(r, 150)) {
			ADD(g, c, A_PROPOSAL, iv, g->today - (sv_date)demo_rng_below(r, 2), NULL);
			a->actor = p->staff;
			a->text = "start_date";
			a->d1 = p->start + demo_rng_range(r, 7, 14);
		}
		return SV_OK;
	}
	/* KV-24: started by the system on the start date, at once when that is today. */
	ADD(g, c, A_START, iv, p->start, p->start == p->assigned ? &chain : NULL);
	p->start_at = a->at;
	/* KV-23: the start-up meeting within a week of the assignment. */
	{
		unsigned x = demo_rng_below(r, 1000);
		sv_date d = x < 880   ? p->assigned + demo_rng_range(r, 1, 7)
		            : x < 960 ? p->assigned + demo_rng_range(r, 8, 12)
		                      : SV_NO_DATE;
		if (d != SV_NO_DATE && d < p->start)
			d = p->start;
		if (d != SV_NO_DATE && (p->end == SV_NO_DATE || d <= p->end)) {
			ADD(g, c, A_STARTUP, iv, d, NULL);
			a->actor = p->staff;
			a->d1 = d;
		}
	}
	until = p->end != SV_NO_DATE ? min_date(p->end, g->today) : g->today;
	/* KV-50: an extension by a supervisor near the planned end (JP-0: by days). */
	if (p->target == S_RUNNING && p->planned_end - g->today < 45 && demo_rng_chance(r, 150)) {
		sv_date d = p->planned_end - demo_rng_range(r, 10, 40);
		if (d > p->start && d <= g->today) {
			ADD(g, c, A_EXTEND, iv, d, NULL);
			a->actor = p->code == C_JP ? c->counsellor : c->supervisor;
			a->n = p->code == C_JP ? 30 : 1;
		}
	}
	/* A proposal from the provider (KV-26, KV-33, KV-50, KV-52). */
	if (p->target == S_RUNNING && demo_rng_chance(r, 50)) {
		static const char *const kinds[] = {"extension", "another_intervention", "end"};
		sv_date d = g->today - (sv_date)demo_rng_below(r, 10);
		if (d > p->start) {
			sv_time pc = 0;
			ADD(g, c, A_PROPOSAL, iv, d, &pc);
			a->actor = p->staff;
			a->text = PICK(r, kinds);
			a->d1 = d + 30;
			if (!strcmp(a->text, "another_intervention") && demo_rng_chance(r, 500)) {
				ADD(g, c, A_PROPOSAL_DECIDE, iv, d + demo_rng_range(r, 1, 5), &pc);
				a->actor = c->counsellor;
				a->flag = 0;
			}
		}
	}
	if ((rc = plan_documents(g, c, iv, until)) || (rc = plan_absences(g, c, iv, until)) ||
	    (rc = plan_running(g, c, iv, until)))
		return rc;
	if (p->code == C_JP && (rc = plan_jobbpeng(g, c, iv, until)))
		return rc;
	if (p->target == S_ENDED)
		return plan_end(g, c, iv);
	return SV_OK;
}

/* ---- Planning one customer ------------------------------------------------------------------ */

/* The first customers cover every code in every state, then every end reason (demo.h). */
static void choose_case(struct gen *g, struct cust *c, int *code, int *target,
                        enum lc_end_reason *reason, bool *switched)
{
	static const unsigned state_w[S_COUNT] = {3, 3, 2, 5, 55, 28, 4};
	static const unsigned code_w[C_COUNT] = {9, 8, 17, 24, 8, 10, 24};
	struct demo_rng *r = &c->r;
	bool cover = g->ncust >= DEMO_COVERAGE_MIN;

	*switched = false;
	*reason = LC_END_NONE;
	if (cover && c->index < S_COUNT * C_COUNT) {
		*code = (int)(c->index % C_COUNT);
		*target = (int)(c->index / C_COUNT);
	} else if (cover && c->index < S_COUNT * C_COUNT + N_ENDED_REASONS) {
		*code = (int)(c->index % C_COUNT);
		*target = S_ENDED;
	} else {
		*code = (int)weighted(r, code_w, C_COUNT);
		*target = (int)weighted(r, state_w, S_COUNT);
		*switched = demo_rng_chance(r, 40);
	}
	if (cover && c->index == S_COUNT * C_COUNT + N_ENDED_REASONS) {
		*code = C_AMI2;
		*target = S_RUNNING;
		*switched = true; /* KV-14: a provider switch after the start */
	}
	if (*target == S_ENDED) {
		if (cover && g->ended_seen < N_ENDED_REASONS)
			*reason = ended_reasons[g->ended_seen];
		else
			*reason = ended_reasons[weighted(r, ended_weights, N_ENDED_REASONS)];
		g->ended_seen++;
	}
}

static void fact(struct store_fact *f, size_t *n, const char *name, sv_date from, sv_date to)
{
	f[*n].fact = (char *)name;
	f[*n].from = from;
	f[*n].to = to;
	(*n)++;
}

/* Birth date with the profile's age on the decision day (CAL-6) and at most 66 today. */
static sv_date birth_for(struct gen *g, struct cust *c, sv_date decided)
{
	const int *lim = profile_age[c->profile];
	int age = demo_rng_range(&c->r, lim[0], lim[1]);
	sv_date b = date_add_months(decided, -12 * age) - (sv_date)demo_rng_below(&c->r, 360);

	/* 16-66 today (the system's customers). */
	while (personid_age_on(b, g->today) > 66)
		b += 30;
	while (personid_age_on(b, decided) < lim[0])
		b -= 30;
	return b;
}

/* A unique identity number: the next unused serial of the birth day (ID-1, ID-2). */
static void assign_pid(struct gen *g, struct cust *c)
{
	for (;;) {
		size_t off = (size_t)(c->birth - g->pid_first);
		uint16_t *used;
		if (c->birth < g->pid_first || off >= g->pid_days) {
			c->birth = g->pid_first + (sv_date)(g->pid_days / 2);
			continue;
		}
		used = &g->pid_used[off][c->male][c->samordning];
		if (*used < 500) {
			/* A permutation of the 500 serials (263 is prime to 500), so they look
			 * drawn. */
			unsigned serial = (unsigned)(*used * 263u + (unsigned)(off * 37u)) % 500u;
			(*used)++;
			demo_person_id(c->birth, serial, c->male, c->samordning, c->pid);
			return;
		}
		c->birth++; /* the day is full: the next one */
	}
}

static enum sv_rc plan_customer(struct gen *g, struct cust *c)
{
	struct demo_rng *r = &c->r;
	int code, target, pcode;
	enum lc_end_reason reason;
	bool switched;
	struct ivp *cur, *prev = NULL;
	struct act *a;
	sv_date first;
	enum sv_rc rc;

	choose_case(g, c, &code, &target, &reason, &switched);
	c->profile = profile_for(r, code);
	/* KV-3: customer_ended and planned_absence concern customers without assistance. */
	if ((reason == LC_END_CUSTOMER_ENDED || reason == LC_END_PLANNED_ABSENCE) &&
	    (c->profile == P_FA || c->profile == P_EST)) {
		if (code == C_ISA1)
			code = C_ISA2;
		c->profile = code <= C_FAI2 ? P_KAA : code == C_ISA2 ? P_REUNIFIED : P_YOUNG;
	}
	/* The age limits of the youth groups hold on one decision day, not over two. */
	if (switched && (c->profile == P_YOUNG || c->profile == P_KAA))
		c->profile = P_FA;
	c->male = demo_rng_chance(r, 520);
	c->newcomer = c->profile == P_EST || c->profile == P_REUNIFIED || c->profile == P_SFI ||
	              c->profile == P_LANG || (c->profile == P_FA && demo_rng_chance(r, 250));
	c->samordning = c->newcomer && demo_rng_chance(r, 150);
	person_name(r, c->male, c->newcomer, &c->given, &c->family);
	c->language = c->newcomer && demo_rng_chance(r, 550) ? pick(r, &demo_languages) : NULL;

	/* The unit of the profile (FAI cases to rehabilitation), one of its groups, a counsellor.
	 */
	{
		int kind = code <= C_FAI2 ? 3 : profile_group[c->profile];
		size_t ngroups = g->nunits - 1, per_kind = ngroups / 4;
		size_t gi = 1 + (size_t)kind + 4 * demo_rng_below(r, (uint32_t)per_kind);
		const struct unit_info *u = &g->units[gi < g->nunits ? gi : 1 + (size_t)kind];
		c->unit_idx = (int)(u - g->units);
		c->unit = u->id;
		c->counsellor = u->counsellors[demo_rng_below(r, (uint32_t)u->ncounsellors)];
		c->supervisor = u->supervisor;
	}

	/* The current intervention, and the one before it when the case has history. */
	c->niv = 0;
	pcode = switched ? code : previous_code(r, code, c->profile);
	if (pcode >= 0 && (switched || demo_rng_chance(r, 250)) && target >= S_QUEUED &&
	    target != S_CANCELLED) {
		prev = &c->iv[c->niv++];
		memset(prev, 0, sizeof(*prev));
	}
	cur = &c->iv[c->niv++];
	memset(cur, 0, sizeof(*cur));
	cur->code = code;
	cur->target = target;
	cur->reason = reason;
	plan_milestones(g, c, cur, g->today);
	if (prev) {
		prev->code = pcode;
		prev->target = S_ENDED;
		prev->reason = switched          ? LC_END_PROVIDER_SWITCH
		               : pcode == C_AMI1 ? LC_END_ANOTHER_INTERVENTION
		               : pcode == C_ISA2 ? LC_END_COMPLETED
		                                 : LC_END_STEP_TRANSITION;
		/* It ends when (a switch) or shortly before (a step) the current one is decided. */
		plan_milestones(g, c, prev,
		                switched ? cur->decided : cur->decided - demo_rng_range(r, 0, 20));
		if (switched) {
			/* KV-14: the new intervention is granted the day the old one ends. */
			prev->end = cur->decided;
			if (prev->start >= prev->end - 10) {
				prev->start = wd_back(g, prev->end - 40, 0);
				plan_before_assignment(g, c, prev, prev->start);
			}
			prev->planned_end = planned_end_of(g, prev->code, prev->start);
			if (prev->end > prev->planned_end)
				prev->end = prev->planned_end;
			cur->assess = prev->end;
			cur->decided = prev->end;
		}
	}

	/* Who: age, identity number, protection (KV-81). */
	first = c->iv[0].assess;
	{
		sv_date dec = c->iv[0].decided;
		c->birth = birth_for(g, c, dec);
	}
	assign_pid(g, c);
	c->protection = "none";
	if (g->ncust >= DEMO_COVERAGE_MIN && (c->index == 5 || c->index == 12 || c->index == 19))
		c->protection = c->index == 5    ? "skyddad_folkbokforing"
		                : c->index == 12 ? "sekretessmarkering"
		                                 : "fingerade";
	else if (demo_rng_chance(r, 3))
		c->protection = PICK(r, ((const char *const[]){"skyddad_folkbokforing",
		                                               "sekretessmarkering", "fingerade"}));
	c->registered = first - (sv_date)demo_rng_below(r, 15);

	/* Providers and case workers. */
	for (int i = 0; i < c->niv; i++) {
		struct ivp *p = &c->iv[i];
		int64_t not = (p == cur && prev && switched) ? prev->provider : 0;
		const struct prov_info *pi;
		sv_date day = p->chosen != SV_NO_DATE ? p->chosen : p->decided;
		p->target_group = group_of(c->profile, p->code);
		p->outside_reason = p->target_group
		                            ? NULL
		                            : "Kunden står nära arbetsmarknaden och bedöms "
		                              "kunna nå egen försörjning inom 100 dagar (JP-1).";
		if (p->chosen == SV_NO_DATE)
			continue;
		p->provider = choose_provider(g, c, code_scheme[p->code], day, not, &p->dflt);
		if (!p->provider) {
			/* No provider authorised on the day: the case stays granted. */
			p->chosen = p->queued = p->staffed = p->assigned = p->start = SV_NO_DATE;
			p->target = S_GRANTED;
			continue;
		}
		pi = prov_by_id(g, p->provider);
		p->staff =
		        pi && pi->nstaff ? pi->staff[demo_rng_below(r, (uint32_t)pi->nstaff)] : 0;
	}

	ADD(g, c, A_CUSTOMER, 0, c->registered, NULL);
	a->actor = c->counsellor;
	a->at = at_of(c->registered, 6 * 60);
	for (int i = 0; i < c->niv; i++)
		if ((rc = plan_actions(g, c, i, i ? c->iv[i - 1].end_at : 0)))
			return rc;
	return SV_OK;
}

/* ---- Writing the actions ------------------------------------------------------------------------
 */

static int act_cmp(const void *x, const void *y)
{
	const struct act *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static sv_date day_of(sv_time at)
{
	return (sv_date)(at / (86400LL * 1000000));
}

static enum sv_rc write_customer(struct gen *g, struct cust *c, const struct act *a)
{
	struct store_write w = wr(g, a->actor, a->at, "demo");
	struct store_customer cu = {0};
	struct store_contact k[3];
	struct store_fact f[4];
	char phone[32], mail[128], a1[40], b1[40];
	sv_date ff = c->iv[0].decided - demo_rng_range(&c->r, 30, 400);
	size_t nf = 0;
	enum sv_rc rc;

	if (ff > c->registered)
		ff = c->registered;
	switch (c->profile) {
	case P_FA:
		fact(f, &nf, "financial_assistance", ff, SV_NO_DATE);
		if (demo_rng_chance(&c->r, 400))
			fact(f, &nf, "long_term_assistance", ff, SV_NO_DATE);
		break;
	case P_YOUNG:
		fact(f, &nf, "outside_work_and_studies", ff, SV_NO_DATE);
		if (demo_rng_chance(&c->r, 300))
			fact(f, &nf, "financial_assistance", ff, SV_NO_DATE);
		break;
	case P_KAA:
		fact(f, &nf, "kaa", ff, SV_NO_DATE);
		break;
	case P_EST:
		fact(f, &nf, "establishment_programme", ff, SV_NO_DATE);
		fact(f, &nf, "establishment_benefit", ff, SV_NO_DATE);
		fact(f, &nf, "needs_sfi", ff, SV_NO_DATE);
		break;
	case P_REUNIFIED:
		fact(f, &nf, "family_reunified_newly_arrived", ff, SV_NO_DATE);
		fact(f, &nf, "needs_sfi", ff, SV_NO_DATE);
		break;
	case P_SFI:
		fact(f, &nf, "past_establishment_period", ff, SV_NO_DATE);
		fact(f, &nf, "outside_labour_market", ff, SV_NO_DATE);
		fact(f, &nf, "needs_sfi", ff, SV_NO_DATE);
		break;
	case P_LANG:
		fact(f, &nf, "insufficient_swedish", ff, SV_NO_DATE);
		fact(f, &nf, "outside_labour_market", ff, SV_NO_DATE);
		break;
	default:
		break;
	}
	/* Contacts (IN-7: SMS and e-mail with consent); no address for a protected one (KV-81). */
	phone_mobile(&c->r, phone, sizeof(phone));
	ascii_lower(c->given, a1, sizeof(a1));
	ascii_lower(c->family, b1, sizeof(b1));
	snprintf(mail, sizeof(mail), "%s.%s%u@exempel.se", a1, b1, demo_rng_below(&c->r, 100));
	k[0] = (struct store_contact){"phone", phone, false};
	cu.ncontacts = 1;
	if (demo_rng_chance(&c->r, 600))
		k[cu.ncontacts++] = (struct store_contact){"sms", phone, true};
	if (demo_rng_chance(&c->r, 350))
		k[cu.ncontacts++] = (struct store_contact){"email", mail, true};
	cu.contacts = k;
	cu.facts = f;
	cu.nfacts = nf;
	cu.person_id = c->pid;
	cu.id_kind = c->samordning ? "samordningsnummer" : "personnummer";
	cu.given_name = (char *)c->given;
	cu.family_name = (char *)c->family;
	cu.birth_date = c->birth;
	cu.protection = (char *)c->protection;
	cu.interpreter_language = (char *)c->language;
	cu.unit_id = c->unit;
	cu.counsellor_id = c->counsellor;
	{
		char ref[32];
		snprintf(ref, sizeof(ref), "demo-%zu", c->index + 1);
		cu.ref = ref;
		rc = store_customer_create(g->st, &w, &cu, g->err);
	}
	c->id = cu.id;
	g->sum->customers++;
	g->sum->events++;
	if (strcmp(c->protection, "none"))
		g->sum->protected_ids++;
	return rc;
}

/* Save the intervention's row and details with an event (store_case_save). */
static enum sv_rc save_case(struct gen *g, struct ivp *p, const struct act *a, const char *kind,
                            json_t *extra)
{
	struct store_write w = wr(g, a->actor, a->at, NULL);
	char *pl = payload(p->id, day_of(a->at), extra);
	enum sv_rc rc;

	if (!pl)
		return SV_ENOMEM;
	rc = store_case_save(g->st, &w, &p->c, kind, pl, g->err);
	free(pl);
	g->sum->events++;
	return rc;
}

static enum sv_rc append_event(struct gen *g, struct cust *c, struct ivp *p, const struct act *a,
                               const char *kind, sv_date on)
{
	struct store_write w = wr(g, a->actor, a->at, NULL);
	char *pl = payload(p->id, on, NULL);
	enum sv_rc rc;

	if (!pl)
		return SV_ENOMEM;
	rc = store_event_append(g->st, &w, c->id, kind, pl, g->err);
	free(pl);
	g->sum->events++;
	return rc;
}

/* The content of a document version, in the form documents.c stores it. */
static enum sv_rc doc_content(struct gen *g, struct cust *c, struct ivp *p, int slot, int version,
                              struct store_doc_section *secs, size_t *nsecs, char **body)
{
	struct demo_rng *r = &c->r;
	char b1[SV_DATE_STRLEN];

	*nsecs = 0;
	*body = NULL;
	if (slot == DOC_PLAN) {
		secs[0] = (struct store_doc_section){"goals", (char *)PICK(r, future_plans), NULL};
		secs[1] = (struct store_doc_section){
		        "activities",
		        version > 1
		                ? "Arbetsträning fyra dagar i veckan, praktik inom handel, "
		                  "vägledningssamtal varannan vecka."
		                : "Arbetsträning tre dagar i veckan, vägledningssamtal varannan "
		                  "vecka, jobbsökaraktiviteter.",
		        NULL};
		secs[2] = (struct store_doc_section){
		        "schedule",
		        p->extent < 100 ? "Deltid enligt uppdraget (KV-4), måndag-torsdag."
		                        : "Heltid, måndag-fredag 08.30-15.00.",
		        NULL};
		secs[3] = (struct store_doc_section){
		        "support",
		        "Stöd med CV och personligt brev; kontakt med vården initieras vid behov.",
		        NULL};
		*nsecs = 4;
		if (p->code == C_JP)
			*body = jtext(json_pack(
			        "{s:[{s:s,s:s},{s:s,s:s},{s:s,s:s}]}", "activities", "activity",
			        "Jobbsökning med jobbexpert", "expected_duration", "4 veckor",
			        "activity", "Matchning mot arbetsgivare i nätverket",
			        "expected_duration", "6 veckor", "activity", "Kort yrkesutbildning",
			        "expected_duration", "2 veckor"));
		return p->code == C_JP && !*body ? SV_ENOMEM : SV_OK;
	}
	if (slot == DOC_FINAL) {
		bool reached = p->reason == LC_END_SELF_SUFFICIENT ||
		               p->reason == LC_END_STEP_TRANSITION ||
		               (p->reason == LC_END_COMPLETED && demo_rng_chance(r, 400));
		const char *outcome = p->reason == LC_END_SELF_SUFFICIENT ? "self_sufficient"
		                      : reached                           ? "goal_reached"
		                                                          : "not_reached";
		secs[0] = (struct store_doc_section){"summary", (char *)PICK(r, progress_texts),
		                                     NULL};
		secs[1] = (struct store_doc_section){"outcome",
		                                     reached ? "Målet med insatsen är uppnått."
		                                             : "Målet med insatsen nåddes inte.",
		                                     NULL};
		*nsecs = 2;
		*body = jtext(json_pack("{s:s,s:s?}", "outcome", outcome, "next_step",
		                        reached ? NULL : PICK(r, next_steps)));
		return *body ? SV_OK : SV_ENOMEM;
	}
	/* A monthly report: every section of the scheme's template, text or "Ej aktuellt" (KV-32).
	 */
	{
		const struct rules_report_template *t =
		        template_of(g, p->code, p->docs[slot].period);
		for (size_t i = 0; t && i < t->n_sections && *nsecs < 8; i++) {
			const char *id = t->sections[i].id;
			struct store_doc_section *s = &secs[(*nsecs)++];
			s->section = (char *)id;
			s->body = NULL;
			s->not_applicable = NULL;
			if (!strcmp(id, "progression"))
				s->body = (char *)PICK(r, progress_texts);
			else if (!strcmp(id, "plan_items"))
				s->body = (char *)PICK(r, plan_item_texts);
			else if (!strcmp(id, "adjustments") && demo_rng_chance(r, 150))
				s->body = (char *)PICK(r, adjustment_texts);
			else if (!strcmp(id, "adjustments"))
				s->body = "Ingen revidering av genomförandeplanen behövs.";
			else if (!strcmp(id, "absence") && demo_rng_chance(r, 250))
				s->body = version > 1 ? "Sjukfrånvaro två dagar, orsak: förkylning."
				                      : "Sjukfrånvaro två dagar.";
			else if (!strcmp(id, "absence"))
				s->not_applicable = "Ingen frånvaro under månaden.";
			else if (!strcmp(id, "other_absence"))
				s->not_applicable = "Ingen annan upprepad frånvaro.";
			else if (!strcmp(id, "other_intervention"))
				s->not_applicable = "Inget behov av annan insats just nu.";
			else if (!strcmp(id, "deviations"))
				s->not_applicable = "Inga avvikelser från planeringen.";
			else
				s->body = (char *)PICK(r, progress_texts);
		}
		*body = jtext(json_pack("{s:s}", "month", date_format(p->docs[slot].period, b1)));
		return *body ? SV_OK : SV_ENOMEM;
	}
}

static const char *doc_kind(int slot)
{
	return slot == DOC_PLAN ? "plan" : slot == DOC_FINAL ? "final_report" : "monthly_report";
}

static enum sv_rc write_doc(struct gen *g, struct cust *c, struct ivp *p, const struct act *a)
{
	struct doc_state *ds = &p->docs[a->slot];
	struct store_doc_section secs[8];
	struct store_doc_content content = {0};
	struct store_docs_event ev = {0};
	struct store_doc_change ch = {0};
	struct store_write w = wr(g, a->actor, a->at, NULL);
	char key[8], *body = NULL;
	size_t nsecs = 0;
	enum sv_rc rc = SV_OK;
	bool revision = false;

	/* Every fact carries its civil date: the obligations are computed once, today. */
	ev.on = day_of(a->at);

	if (ds->period != 0 && ds->period != SV_NO_DATE && a->slot >= DOC_MONTH0) {
		char b[SV_DATE_STRLEN];
		snprintf(key, sizeof(key), "%.7s", date_format(ds->period, b));
		ev.key = key;
	}
	switch (a->kind) {
	case A_DOC_CREATE: {
		struct store_document d = {0};
		rc = doc_content(g, c, p, a->slot, 1, secs, &nsecs, &body);
		if (rc)
			break;
		content.body = body;
		content.sections = secs;
		content.nsections = nsecs;
		d.intervention_id = p->id;
		d.kind = (char *)doc_kind(a->slot);
		d.period = a->slot >= DOC_MONTH0 ? ds->period : SV_NO_DATE;
		rc = store_doc_create(g->st, &w, &d, &content, NULL, g->err);
		free(d.state);
		ds->id = d.id;
		ds->version = 1;
		snprintf(ds->state, sizeof(ds->state), "draft");
		g->sum->documents++;
		break;
	}
	case A_PLAN_REVISE:
		/* KV-31: a new version of the approved plan, as a draft. */
		rc = doc_content(g, c, p, a->slot, ds->version + 1, secs, &nsecs, &body);
		if (rc)
			break;
		content.body = body;
		content.sections = secs;
		content.nsections = nsecs;
		ch.expect_state = ds->state;
		ch.expect_version = ds->version;
		ch.new_version = true;
		ch.content = &content;
		ch.state = "draft";
		ev.kind = "plan.revision_started";
		w.reason = "revision";
		rc = store_doc_change(g->st, &w, ds->id, &ch, &ev, g->err);
		ds->version++;
		ds->submitted_current = false;
		snprintf(ds->state, sizeof(ds->state), "draft");
		break;
	case A_DOC_SUBMIT:
		if (strcmp(ds->state, "draft") && strcmp(ds->state, "returned"))
			return SV_OK;
		revision = a->slot == DOC_PLAN && ds->ever_approved;
		if (ds->submitted_current) {
			/* A returned version is kept: the corrected text is the next version. */
			rc = doc_content(g, c, p, a->slot, ds->version + 1, secs, &nsecs, &body);
			if (rc)
				break;
			content.body = body;
			content.sections = secs;
			content.nsections = nsecs;
			ch.new_version = true;
			ch.content = &content;
		}
		ch.expect_state = ds->state;
		ch.expect_version = ds->version;
		ch.submit = true;
		ch.state = "submitted";
		ev.kind = a->slot == DOC_PLAN
		                  ? (revision ? "plan_revision.submitted" : "plan.submitted")
		          : a->slot == DOC_FINAL ? "final_report.submitted"
		          : ds->ever_submitted   ? "monthly_report.resubmitted"
		                                 : "monthly_report.submitted";
		w.reason = "klarmarkerad";
		rc = store_doc_change(g->st, &w, ds->id, &ch, &ev, g->err);
		if (!rc && revision)
			rc = append_event(g, c, p, a, "plan.submitted", day_of(a->at));
		if (ch.new_version)
			ds->version++;
		ds->submitted_current = true;
		ds->ever_submitted = true;
		snprintf(ds->state, sizeof(ds->state), "submitted");
		break;
	case A_DOC_REVIEW: {
		bool approve = a->flag;
		if (strcmp(ds->state, "submitted"))
			return SV_OK;
		ch.expect_state = ds->state;
		ch.expect_version = ds->version;
		ch.review = approve ? "approved" : "returned";
		ch.comment = approve ? NULL : a->text;
		ch.state = ch.review;
		ev.kind =
		        a->slot == DOC_PLAN ? (approve ? "plan.approved" : "plan.returned")
		        : a->slot == DOC_FINAL
		                ? (approve ? "final_report.approved" : "final_report.returned")
		                : (approve ? "monthly_report.approved" : "monthly_report.returned");
		w.reason = approve ? "godkänd" : "återremitterad";
		rc = store_doc_change(g->st, &w, ds->id, &ch, &ev, g->err);
		ds->ever_approved = ds->ever_approved || approve;
		snprintf(ds->state, sizeof(ds->state), "%s", ch.review);
		break;
	}
	default:
		break;
	}
	free(body);
	g->sum->events++;
	return rc;
}

static enum sv_rc write_absence(struct gen *g, struct cust *c, struct ivp *p, const struct act *a)
{
	static const char *const unexcused_codes[] = {"unreachable", "missed_meeting",
	                                              "missed_workday"};
	static const char *const unexcused_texts[] = {"ej anträffbar efter tre kontaktförsök",
	                                              "uteblivet möte utan besked",
	                                              "utebliven arbetsdag utan besked"};
	struct store_write w = wr(g, a->actor, a->at, NULL);
	struct store_absence ab = {0};
	char key[24], note[400], f1[SV_DATE_STRLEN], t1[SV_DATE_STRLEN];
	const char *kind = a->text;
	bool unexcused = !strcmp(kind, "unexcused");
	const char *why = unexcused ? unexcused_codes[a->flag % 3] : NULL;
	enum sv_rc rc;

	if (unexcused)
		snprintf(note, sizeof(note),
		         "Ogiltig frånvaro %s–%s. Orsak: %s. Kontaktförsök: %d.",
		         date_format(a->d1, f1), date_format(a->d2, t1),
		         unexcused_texts[a->flag % 3], a->n);
	else
		snprintf(note, sizeof(note), "%s",
		         !strcmp(kind, "sick")    ? "Sjukanmäld via telefon."
		         : !strcmp(kind, "vab")   ? "Vård av sjukt barn."
		         : !strcmp(kind, "leave") ? "Planerad ledighet (KV-3)."
		                                  : "Möte hos Arbetsförmedlingen (KV-43).");
	ab.intervention_id = p->id;
	ab.kind = (char *)kind;
	ab.from_on = a->d1;
	ab.to_on = a->d2;
	ab.certificate_on = SV_NO_DATE;
	ab.contact_attempts = a->n;
	ab.note = note;
	{
		struct store_docs_event ev = {NULL, NULL, 0, 0, why};
		rc = store_absence_create(g->st, &w, &ab, &ev, g->err);
	}
	p->absences[a->slot] = ab.id;
	g->sum->absences++;
	g->sum->events++;
	snprintf(key, sizeof(key), "%" PRId64, ab.id);
	if (!rc && unexcused) {
		/* KV-44: the absence dated its first day, and the notice as a message. */
		struct store_docs_event ev = {"absence.unexcused", key, a->d1, 0, why};
		struct store_docs_event rep = {"absence.reported", key, day_of(a->at), 0, why};
		struct store_message m = {0};
		rc = store_absence_event(g->st, &w, ab.id, &ev, g->err);
		m.customer_id = c->id;
		m.intervention_id = p->id;
		m.from_user_id = a->actor;
		m.to_user_id = c->counsellor;
		m.topic = "unexcused_absence";
		m.body = note;
		if (!rc)
			rc = store_message_create(g->st, &w, &m, &rep, g->err);
		g->sum->messages++;
		g->sum->events += 2;
	}
	/* KV-41, KV-42: an absence known to reach day 8 at once. */
	if (!rc && (!strcmp(kind, "sick") || !strcmp(kind, "vab")) && a->d2 != SV_NO_DATE &&
	    a->d2 >= a->d1 + 7) {
		struct store_docs_event ev = {!strcmp(kind, "sick")
		                                      ? "sickness.certificate_required"
		                                      : "vab.certificate_required",
		                              key, a->d1 + 7, 0, NULL};
		rc = store_absence_event(g->st, &w, ab.id, &ev, g->err);
		g->sum->events++;
	}
	return rc;
}

static enum sv_rc write_absence_change(struct gen *g, struct ivp *p, const struct act *a)
{
	struct store_write w = wr(g, a->actor, a->at, NULL);
	int64_t id = p->absences[a->slot];
	char key[24];
	enum sv_rc rc;

	if (!id)
		return SV_OK;
	snprintf(key, sizeof(key), "%" PRId64, id);
	g->sum->events++;
	if (a->kind == A_ABS_CERT_REQUIRED) {
		struct store_docs_event ev = {a->text, key, a->d1, 0, NULL};
		return store_absence_event(g->st, &w, id, &ev, g->err);
	}
	if (a->kind == A_ABS_END)
		return store_absence_update(g->st, &w, id, a->d1, SV_NO_DATE, NULL, NULL, g->err);
	{
		struct store_docs_event ev = {a->text, key, a->d1, 0, NULL};
		rc = store_absence_update(g->st, &w, id, SV_NO_DATE, a->d1, NULL, &ev, g->err);
	}
	return rc;
}

static enum sv_rc write_message(struct gen *g, struct cust *c, struct ivp *p, const struct act *a,
                                const char *topic, int64_t to)
{
	struct store_write w = wr(g, a->actor, a->at, topic);
	struct store_message m = {0};
	enum sv_rc rc;

	m.customer_id = c->id;
	m.intervention_id = p->id;
	m.from_user_id = a->actor;
	m.to_user_id = to;
	m.topic = (char *)topic;
	m.body = (char *)a->text;
	rc = store_message_create(g->st, &w, &m, NULL, g->err);
	g->sum->messages++;
	g->sum->events++;
	/* Most messages are read within a day or two. */
	if (!rc && demo_rng_chance(&c->r, 750)) {
		sv_time read = a->at + (sv_time)demo_rng_range(&c->r, 1, 48 * 60) * 60 * 1000000;
		if (read <= g->now) {
			w.at = read;
			w.actor = to;
			w.reason = NULL;
			rc = store_message_mark_read(g->st, &w, m.id, g->err);
			g->sum->events++;
		}
	}
	return rc;
}

static enum sv_rc write_meeting(struct gen *g, struct cust *c, struct ivp *p, const struct act *a,
                                const char *mkind, const char *event)
{
	struct store_write w = wr(g, a->actor, a->at, NULL);
	sv_time starts = at_of(a->d1, 10 * 60);
	char *pl = payload(p->id, a->d1, NULL);
	int64_t mid = 0;
	enum sv_rc rc;

	if (!pl)
		return SV_ENOMEM;
	rc = store_case_meeting_held(g->st, &w, c->id, p->id, mkind, starts,
	                             "Mötet hölls enligt planering.", event, pl, &mid, g->err);
	free(pl);
	g->sum->meetings++;
	g->sum->events++;
	return rc;
}

static enum sv_rc load_case(struct gen *g, struct ivp *p)
{
	if (p->loaded)
		return SV_OK;
	if (store_case_get(g->st, g->tenant, p->id, &p->c, g->err))
		return g->err->rc ? g->err->rc : SV_EDB;
	p->loaded = true;
	return SV_OK;
}

static enum sv_rc write_act(struct gen *g, struct cust *c, const struct act *a)
{
	struct ivp *p = &c->iv[a->iv];
	struct store_case *k = &p->c;
	sv_date day = day_of(a->at);
	enum sv_rc rc = SV_OK;

	if (a->kind == A_CUSTOMER)
		return write_customer(g, c, a);
	if (a->kind != A_ASSESS && a->kind != A_GRANT && !p->id)
		return SV_OK;
	if (p->id && (rc = load_case(g, p)))
		return rc;
	switch (a->kind) {
	case A_ASSESS: {
		struct store_write w = wr(g, a->actor, a->at, NULL);
		struct store_assessment as = {0};
		as.customer_id = c->id;
		as.made_on = day;
		as.assessment = (char *)a->text;
		as.future_plan = (char *)PICK(&c->r, future_plans);
		rc = store_assessment_add(g->st, &w, &as, g->err);
		p->assessment_id = as.id;
		g->sum->events++;
		break;
	}
	case A_GRANT: {
		/* KV-10: granted today by the responsible counsellor (decision.c). */
		struct store_write w = wr(g, a->actor, a->at, NULL);
		struct store_intervention iv = {0};
		iv.customer_id = c->id;
		iv.code = (char *)code_names[p->code];
		iv.unit_id = c->unit;
		iv.counsellor_id = c->counsellor;
		iv.decided_on = day;
		iv.start_on = iv.planned_end_on = iv.actual_end_on = SV_NO_DATE;
		iv.state = "granted";
		rc = store_intervention_create(g->st, &w, &iv, g->err);
		g->sum->interventions++;
		g->sum->events++;
		if (rc)
			break;
		p->id = iv.id;
		if ((rc = load_case(g, p)))
			break;
		k->assessment_id = p->assessment_id;
		k->extent_percent = 100;
		if ((rc = set_str(&k->target_group, p->target_group)) ||
		    (rc = set_str(&k->outside_target_reason, p->outside_reason)) ||
		    (rc = set_str(&k->future_plan, PICK(&c->r, future_plans))))
			break;
		rc = save_case(g, p, a, "decision.made",
		               json_pack("{s:s,s:s?,s:b,s:b,s:I}", "code", code_names[p->code],
		                         "target_group", p->target_group, "primary",
		                         p->target_group != NULL, "eligible", 1, "assessment_id",
		                         (json_int_t)p->assessment_id));
		break;
	}
	case A_CHOICE:
		k->iv.provider_id = p->provider;
		k->default_choice = p->dflt;
		rc = save_case(g, p, a, "choice.recorded",
		               json_pack("{s:I,s:b,s:b}", "provider_id", (json_int_t)p->provider,
		                         "default", p->dflt, "substitute", 0));
		break;
	case A_QUEUE:
		rc = set_str(&k->iv.state, "queued");
		if (!rc)
			rc = save_case(g, p, a, "queued",
			               json_pack("{s:I}", "provider_id", (json_int_t)p->provider));
		break;
	case A_STAFF:
		if ((rc = set_str(&k->iv.state, "staffed")))
			break;
		k->staff_user_id = p->staff;
		rc = save_case(g, p, a, "staffed",
		               json_pack("{s:I,s:I}", "provider_id", (json_int_t)p->provider,
		                         "staff_user_id", (json_int_t)p->staff));
		if (!rc) {
			/* KV-21: the provider tells the counsellor who its case worker is. */
			struct act m = *a;
			m.at += 60 * 1000000;
			m.text = "Ärendet är bemannat. Jag är kundens jobbexpert och kontaktar "
			         "kunden "
			         "inom kort.";
			rc = write_message(g, c, p, &m, "staffing", c->counsellor);
		}
		break;
	case A_ASSIGN:
		if ((rc = set_str(&k->iv.state, "assigned")))
			break;
		k->iv.start_on = p->start;
		k->iv.planned_end_on = p->planned_end;
		k->extent_percent = p->extent;
		if ((rc = set_str(&k->part_time_reason, p->extent < 100 ? a->text : NULL)) ||
		    (rc = set_str(&k->brief, PICK(&c->r, briefs))))
			break;
		rc = save_case(g, p, a, "assignment.issued",
		               json_pack("{s:o,s:o,s:i}", "start_on", jdate(p->start),
		                         "planned_end_on", jdate(p->planned_end), "extent_percent",
		                         p->extent));
		break;
	case A_START:
		if (strcmp(k->iv.state, "assigned"))
			break;
		if ((rc = set_str(&k->iv.state, "running")))
			break;
		rc = save_case(g, p, a, "intervention.started",
		               json_pack("{s:o}", "start_on", jdate(k->iv.start_on)));
		break;
	case A_STARTUP:
		rc = write_meeting(g, c, p, a, "start_up", "startup_meeting.held");
		break;
	case A_FOLLOW_UP:
		rc = write_meeting(g, c, p, a, "follow_up", "follow_up_meeting.held");
		break;
	case A_CONTACT: {
		static const char *const channels[] = {"in_person", "phone", "video"};
		struct store_write w = wr(g, a->actor, a->at, NULL);
		struct store_contact_log cl = {0};
		cl.intervention_id = p->id;
		cl.contact_on = a->d1;
		cl.channel = (char *)channels[a->flag % 3];
		cl.note = (char *)a->text;
		rc = store_contact_log_add(g->st, &w, c->id, &cl, g->err);
		g->sum->events++;
		break;
	}
	case A_DOC_CREATE:
	case A_DOC_SUBMIT:
	case A_DOC_REVIEW:
	case A_PLAN_REVISE:
		rc = write_doc(g, c, p, a);
		break;
	case A_ABSENCE:
		rc = write_absence(g, c, p, a);
		break;
	case A_ABS_CERT_REQUIRED:
	case A_ABS_END:
	case A_ABS_CERT:
		rc = write_absence_change(g, p, a);
		break;
	case A_DEVIATION: {
		struct store_write w = wr(g, a->actor, a->at, NULL);
		struct store_deviation d = {0};
		d.intervention_id = p->id;
		d.occurred_on = a->d1;
		d.description = (char *)a->text;
		d.affects_assistance = a->flag;
		rc = store_deviation_add(g->st, &w, c->id, &d, g->err);
		g->sum->events++;
		break;
	}
	case A_MESSAGE:
		rc = write_message(g, c, p, a, "general", a->n ? c->counsellor : p->staff);
		break;
	case A_MEETING: {
		struct store_write w = wr(g, a->actor, a->at, NULL);
		struct store_meeting m = {0};
		m.customer_id = c->id;
		m.intervention_id = p->id;
		m.kind = "three_party";
		m.starts_at = at_of(a->d1, 12 * 60);
		m.ends_at = m.starts_at + (sv_time)3600 * 1000000;
		m.location = "Arbetsmarknadsenheten, mötesrum 2";
		m.interpreter_language = (char *)c->language;
		m.note = "Trepartssamtal om planeringen.";
		rc = store_meeting_create(g->st, &w, &m, NULL, g->err);
		free(m.outcome);
		p->misc[0] = m.id;
		g->sum->meetings++;
		g->sum->events++;
		break;
	}
	case A_MEETING_HELD: {
		struct store_write w = wr(g, a->actor, a->at, NULL);
		if (!p->misc[0])
			break;
		rc = store_meeting_set_outcome(g->st, &w, p->misc[0], "held", NULL, NULL, g->err);
		g->sum->events++;
		break;
	}
	case A_EXTEND: {
		sv_date old = k->iv.planned_end_on;
		if (strcmp(k->iv.state, "running"))
			break;
		if (a->n && p->code != C_JP) {
			k->extension_months += a->n;
			k->iv.planned_end_on = date_add_months(old + 1, a->n) - 1;
		} else {
			k->extended_days += a->n;
			k->iv.planned_end_on = old + a->n;
		}
		p->planned_end = k->iv.planned_end_on;
		rc = save_case(
		        g, p, a, "intervention.extended",
		        json_pack("{s:i,s:i,s:o,s:o,s:s}", "months", p->code == C_JP ? 0 : a->n,
		                  "days", p->code == C_JP ? a->n : 0, "from", jdate(old),
		                  "planned_end_on", jdate(k->iv.planned_end_on), "reason",
		                  "Kunden bedöms kunna nå målet inom förlängningen (KV-50)."));
		break;
	}
	case A_PROPOSAL: {
		struct store_write w = wr(g, a->actor, a->at, NULL);
		struct store_proposal pr = {0};
		pr.intervention_id = p->id;
		pr.customer_id = c->id;
		pr.provider_id = p->provider;
		pr.kind = (char *)a->text;
		pr.proposed_on = SV_NO_DATE;
		if (!strcmp(a->text, "start_date"))
			pr.proposed_on = a->d1;
		if (!strcmp(a->text, "end")) {
			pr.end_reason = "no_progression";
			pr.proposed_on = a->d1;
		}
		if (!strcmp(a->text, "extension"))
			pr.months = 1;
		pr.justification =
		        !strcmp(a->text, "start_date")
		                ? "Kunden är sjuk vid planerad start; ny start föreslås."
		        : !strcmp(a->text, "end")
		                ? "Ingen progression trots anpassningar under tre månader."
		        : !strcmp(a->text, "extension")
		                ? "Kunden har erbjudits anställning efter ytterligare en "
		                  "månads arbetsträning."
		                : "Kunden behöver en mer förberedande insats (KV-33).";
		rc = store_proposal_add(g->st, &w, &pr, "proposal.made", NULL, g->err);
		free(pr.state);
		p->misc[1] = pr.id;
		g->sum->events++;
		break;
	}
	case A_PROPOSAL_DECIDE: {
		struct store_write w = wr(g, a->actor, a->at, NULL);
		char *pl;
		if (!p->misc[1])
			break;
		pl = payload(p->id, day,
		             json_pack("{s:I,s:s,s:s}", "proposal_id", (json_int_t)p->misc[1],
		                       "kind", "another_intervention", "reason",
		                       "Pågående insats bedöms fortfarande lämplig."));
		if (!pl)
			return SV_ENOMEM;
		rc = store_proposal_set_state(g->st, &w, p->misc[1], "pending", "rejected",
		                              "Pågående insats bedöms fortfarande lämplig.", 0,
		                              "proposal.rejected", pl, g->err);
		free(pl);
		g->sum->events++;
		break;
	}
	case A_SUPPLEMENT: {
		struct store_write w = wr(g, a->actor, a->at, NULL);
		struct store_supplement sp = {0};
		sp.intervention_id = p->id;
		sp.amount_ore = (int64_t)a->n * 100;
		sp.purpose = (char *)a->text;
		sp.justification = "Kursen krävs av arbetsgivaren inför en anställning (JP-7).";
		sp.applied_on = day;
		sp.decided_on = SV_NO_DATE;
		rc = store_supplement_add(g->st, &w, c->id, &sp, g->err);
		free(sp.state);
		p->misc[2] = sp.id;
		g->sum->events++;
		break;
	}
	case A_SUPPLEMENT_DECIDE: {
		struct store_write w = wr(g, a->actor, a->at, NULL);
		if (!p->misc[2])
			break;
		rc = store_supplement_decide(g->st, &w, c->id, p->misc[2],
		                             a->flag ? "granted" : "refused", day,
		                             a->flag ? NULL
		                                     : "Kursen bedöms inte öka chanserna till "
		                                       "anställning (JP-7).",
		                             g->err);
		g->sum->events++;
		break;
	}
	case A_END: {
		const struct lc_end_reason_info *info = lc_end_reason_info(p->reason);
		bool early = p->reason != LC_END_COMPLETED;
		if (strcmp(k->iv.state, "running") || !info)
			break;
		if ((rc = set_str(&k->iv.state, "ended")) ||
		    (rc = set_str(&k->iv.end_reason, lc_end_reason_stored(p->reason))) ||
		    (rc = set_str(&k->end_cause, lc_end_reason_name(p->reason))) ||
		    (rc = set_str(&k->end_note, a->text)))
			break;
		k->iv.actual_end_on = p->end;
		k->end_decided_on = day;
		k->reason_withheld = a->flag;
		rc = save_case(g, p, a, early ? "intervention.end_decided" : "intervention.ended",
		               json_pack("{s:s,s:o,s:b}", "reason", lc_end_reason_name(p->reason),
		                         "end_on", jdate(p->end), "withheld", (int)a->flag));
		/* KV-62 (abort) and JP-8 (self-sufficiency) facts, as casework_end writes them. */
		if (!rc && info->outside_provider_control)
			rc = append_event(g, c, p, a, "intervention.aborted", p->end);
		if (!rc && p->reason == LC_END_SELF_SUFFICIENT)
			rc = append_event(g, c, p, a, "self_sufficiency.reached", p->end);
		break;
	}
	case A_CANCEL:
		if ((rc = set_str(&k->iv.state, "cancelled")))
			break;
		rc = save_case(g, p, a, "intervention.cancelled",
		               json_pack("{s:s}", "reason", a->text));
		break;
	case A_BONUS: {
		struct store_write w = wr(g, a->actor, a->at, NULL);
		struct store_bonus_claim b = {0};
		b.intervention_id = p->id;
		b.qualifying_from = a->d1;
		b.eligible_on = a->d2;
		b.proof = "[\"anställningsavtal\",\"lönespecifikationer för sex månader\"]";
		b.claimed_on = day;
		b.decided_on = SV_NO_DATE;
		rc = store_bonus_claim_add(g->st, &w, c->id, &b, g->err);
		free(b.state);
		p->misc[3] = b.id;
		g->sum->events++;
		break;
	}
	case A_BONUS_DECIDE: {
		struct store_write w = wr(g, a->actor, a->at, NULL);
		if (!p->misc[3])
			break;
		rc = store_bonus_claim_decide(g->st, &w, c->id, p->misc[3],
		                              a->flag ? "approved" : "rejected", day,
		                              a->flag ? NULL
		                                      : "Underlaget visar inte sex månaders egen "
		                                        "försörjning (JP-8).",
		                              g->err);
		g->sum->events++;
		break;
	}
	default:
		break;
	}
	return rc;
}

static void cust_release(struct cust *c)
{
	for (int i = 0; i < 2; i++)
		store_case_release(&c->iv[i].c);
}

static enum sv_rc do_customer(struct gen *g, size_t index)
{
	struct cust c;
	enum sv_rc rc;

	memset(&c, 0, sizeof(c));
	c.index = index;
	demo_rng_seed(&c.r, g->seed, index + 1);
	g->nacts = 0;
	rc = plan_customer(g, &c);
	if (rc)
		goto out;
	qsort(g->acts, g->nacts, sizeof(*g->acts), act_cmp);
	for (size_t i = 0; !rc && i < g->nacts; i++) {
		if (g->acts[i].at > g->now)
			break; /* the future: not written */
		rc = write_act(g, &c, &g->acts[i]);
	}
	/* The deadlines of each intervention as of today (obligations.h). */
	for (int i = 0; !rc && i < c.niv; i++)
		if (c.iv[i].id)
			rc = obligations_recompute(&g->s, c.iv[i].id, g->err);
	if (rc)
		goto out;
	for (int i = 0; i < c.niv; i++) {
		const struct ivp *p = &c.iv[i];
		if (!p->id || i != c.niv - 1)
			continue;
		for (int k = 0; k < S_COUNT; k++)
			if (p->c.iv.state && !strcmp(p->c.iv.state, state_names[k]))
				g->sum->by_state[k]++;
		/* A sample of running cases for the tenant-wide data (KV-80). */
		if (p->c.iv.state && !strcmp(p->c.iv.state, "running") && p->staff &&
		    g->nsamples < MAX_SAMPLES && index % 7 == 3) {
			struct sample *s = &g->samples[g->nsamples++];
			s->customer = c.id;
			s->intervention = p->id;
			s->provider = p->provider;
			s->staff = p->staff;
			s->start = p->c.iv.start_on;
		}
	}
out:
	cust_release(&c);
	return rc;
}

/* ---- What belongs to the tenant: deficiencies, incidents, staff changes ------------------------
 */

static enum sv_rc make_tenant_data(struct gen *g)
{
	struct demo_rng r;
	enum sv_rc rc = SV_OK;
	size_t nincidents = 2 + g->ncust / 2000;

	demo_rng_seed(&r, g->seed, (uint64_t)-1);
	/* KV-80: incidents reported by providers (some late), most assessed by the dpo. */
	for (size_t i = 0; !rc && i < nincidents && i < g->nsamples; i++) {
		const struct sample *s = &g->samples[(i * 7) % g->nsamples];
		struct store_incident in = {0};
		sv_date day = g->today - demo_rng_range(&r, 1, 60);
		sv_time disc, rep;
		struct store_write w;
		if (day < s->start)
			day = s->start;
		disc = at_of(day, demo_rng_range(&r, 7 * 60, 15 * 60));
		rep = disc + (sv_time)(demo_rng_chance(&r, 800) ? demo_rng_range(&r, 1, 60)
		                                                : demo_rng_range(&r, 73, 120)) *
		                     3600 * 1000000;
		if (rep > g->now)
			rep = g->now;
		w = wr(g, s->staff, rep, NULL);
		in.provider_id = s->provider;
		in.reported_by = s->staff;
		in.customer_id = s->customer;
		in.intervention_id = s->intervention;
		in.nature = demo_rng_chance(&r, 600) ? "occurred" : "suspected";
		in.discovered_at = disc;
		in.description = (char *)PICK(&r, incident_texts);
		rc = store_incident_create(g->st, &w, &in, day, g->err);
		g->sum->events += 2;
		if (!rc && demo_rng_chance(&r, 650)) {
			sv_time at = rep + (sv_time)demo_rng_range(&r, 2, 48) * 3600 * 1000000;
			if (at <= g->now) {
				w = wr(g, g->dpo, at, NULL);
				rc = store_incident_assess(
				        g->st, &w, in.id,
				        demo_rng_chance(&r, 700) ? "none" : "risk",
				        "Bedömning: begränsad spridning, kunden informerad.", false,
				        demo_rng_chance(&r, 300), g->err);
				g->sum->events++;
			}
		}
		if (!rc) {
			/* The report is a fact of its own day (obligations.h dates a fact
			 * without "on" by the recompute's today); then judged as of today. */
			struct svc then = g->s;
			then.today = day_of(rep);
			then.now = rep;
			rc = obligations_recompute(&then, s->intervention, g->err);
		}
		if (!rc)
			rc = obligations_recompute(&g->s, s->intervention, g->err);
	}
	/* KV-53: deficiencies noted for a few providers. */
	for (size_t i = 0; !rc && i < g->nprovs; i++) {
		static const char *const kinds[] = {"late_reporting", "missing_information",
		                                    "not_following_plan"};
		struct store_deficiency d = {0};
		struct store_write w;
		if (!demo_rng_chance(&r, 250))
			continue;
		d.provider_id = g->provs[i].id;
		d.kind = (char *)PICK(&r, kinds);
		d.noted_on = g->today - demo_rng_range(&r, 5, 200);
		d.note = "Noterat vid uppföljning av månadsrapporter (KV-53).";
		w = wr(g, g->units[1].supervisor, at_of(d.noted_on, 9 * 60), NULL);
		rc = store_deficiency_add(g->st, &w, 0, &d, g->err);
		g->sum->events++;
	}
	/* KV-83: staff changes reported by providers. */
	for (size_t i = 0; !rc && i < g->nprovs; i++) {
		const struct prov_info *pi = &g->provs[i];
		struct store_staff_change sc = {0};
		struct store_write w;
		const char *given, *family;
		char name[96];
		if (!pi->nstaff || !demo_rng_chance(&r, 300))
			continue;
		person_name(&r, demo_rng_chance(&r, 500), false, &given, &family);
		snprintf(name, sizeof(name), "%s %s", given, family);
		sc.provider_id = pi->id;
		sc.reported_by = pi->staff[0];
		sc.kind = demo_rng_chance(&r, 600) ? "joined" : "left";
		sc.staff_name = name;
		sc.staff_role = "Jobbexpert";
		sc.effective_on = g->today - demo_rng_range(&r, 1, 120);
		sc.access_requested_on = !strcmp(sc.kind, "joined") ? sc.effective_on : SV_NO_DATE;
		sc.note = "Anmält till karriärvägledare, systemspecialist och kundkoordinator.";
		w = wr(g, pi->staff[0], at_of(sc.effective_on, 8 * 60), NULL);
		rc = store_staff_change_create(g->st, &w, &sc, g->err);
		g->sum->events++;
	}
	return rc;
}

/* ---- Existing tenants
 * ---------------------------------------------------------------------------- */

/* The logins of an existing demo tenant: "admin" and the first user of each role. */
static enum sv_rc find_logins(struct store *st, int64_t tenant, struct demo_summary *out,
                              struct sv_error *err)
{
	static const char *const roles[] = {
	        "admin",          "counsellor", "supervisor", "social_worker",
	        "provider_staff", "finance",    "dpo"};
	struct store_page page = {0, STORE_PAGE_MAX};
	bool found[7] = {false};
	size_t nfound = 0;
	enum sv_rc rc = SV_OK;

	out->nlogins = 0;
	do {
		struct store_user_list l = {0};
		rc = store_user_list(st, tenant, page, &l, err);
		for (size_t i = 0; !rc && i < l.n; i++)
			for (size_t k = 0; k < 7; k++) {
				const struct store_user *u = &l.v[i];
				if (found[k] || strcmp(u->role, roles[k]) || u->disabled ||
				    (k == 0 && strcmp(u->username, "admin")))
					continue;
				found[k] = true;
				nfound++;
				snprintf(out->logins[k].role, sizeof(out->logins[k].role), "%s",
				         roles[k]);
				snprintf(out->logins[k].username, sizeof(out->logins[k].username),
				         "%s", u->username);
				snprintf(out->logins[k].display_name,
				         sizeof(out->logins[k].display_name), "%s",
				         u->display_name ? u->display_name : "");
			}
		page.after = l.next;
		store_user_list_release(&l);
	} while (!rc && page.after && nfound < 7);
	/* In role order, leaving out roles without a user. */
	for (size_t k = 0; k < 7; k++)
		if (found[k])
			out->logins[out->nlogins++] = out->logins[k];
	return rc;
}

/*
 * What the tenant holds: nothing (*empty), a complete demo (*present), or
 * refused (a tenant with other data, an unfinished run).
 */
static enum sv_rc check_tenant(struct store *st, int64_t tenant, bool *empty, bool *present,
                               struct sv_error *err)
{
	struct store_page one = {0, 1};
	struct store_unit_list ul = {0};
	struct store_user_list us = {0};
	struct store_provider_list pl = {0};
	struct store_user admin = {0};
	enum sv_rc rc;

	*empty = *present = false;
	rc = store_unit_list(st, tenant, one, &ul, err);
	if (!rc)
		rc = store_user_list(st, tenant, one, &us, err);
	if (!rc)
		rc = store_provider_list(st, tenant, NULL, one, &pl, err);
	if (rc)
		goto out;
	if (ul.n == 0 && us.n == 0 && pl.n == 0) {
		*empty = true;
		goto out;
	}
	if (ul.n == 0 || !ul.v[0].ref || strcmp(ul.v[0].ref, "demo-unit-1")) {
		rc = sv_error_set(err, SV_ECONFLICT, "tenant", "X-5",
		                  "the tenant holds data that is not demo data; demo data goes "
		                  "into a tenant of its own (choose another --tenant)");
		goto out;
	}
	rc = store_user_get_by_username(st, tenant, "admin", &admin, err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		rc = sv_error_set(err, SV_ESTATE, "tenant", "",
		                  "an earlier demo run did not finish; start again on an empty "
		                  "database");
		goto out;
	}
	*present = rc == SV_OK;
out:
	store_unit_list_release(&ul);
	store_user_list_release(&us);
	store_provider_list_release(&pl);
	store_user_release(&admin);
	return rc;
}

/* ---- The run
 * --------------------------------------------------------------------------------------- */

static void gen_release(struct gen *g)
{
	for (size_t i = 0; i < g->nunits; i++)
		free(g->units[i].counsellors);
	free(g->units);
	for (size_t i = 0; i < g->nprovs; i++)
		free(g->provs[i].staff);
	free(g->provs);
	for (int k = 0; k < 4; k++)
		free(g->rot[k]);
	nameset_release(&g->names);
	free(g->pid_used);
	free(g->acts);
}

static enum sv_rc check_options(const struct demo_options *o, size_t *n, size_t *batch,
                                const char **code, struct sv_error *err)
{
	*n = o->customers ? o->customers : DEMO_DEFAULT_CUSTOMERS;
	*batch = o->batch ? o->batch : DEMO_DEFAULT_BATCH;
	*code = o->tenant_code ? o->tenant_code : DEMO_TENANT_CODE;
	if (*n > DEMO_MAX_CUSTOMERS)
		return sv_error_set(err, SV_EINVAL, "customers", "", "at most %d customers",
		                    DEMO_MAX_CUSTOMERS);
	if (*batch > 1000000)
		return sv_error_set(err, SV_EINVAL, "batch", "", "at most 1000000 per transaction");
	/* Dates within the calendars (CAL-1) with room for a history and 66-year-olds. */
	if (o->today < date_from_ymd(1980, 1, 1) || o->today > date_from_ymd(2190, 12, 31))
		return sv_error_set(err, SV_EINVAL, "today", "CAL-1",
		                    "the demo's today lies between 1980 and 2190");
	return SV_OK;
}

enum sv_rc demo_generate(struct store *st, const struct rulebook *rb, const struct demo_options *o,
                         struct demo_summary *out, struct sv_error *err)
{
	struct gen g;
	struct store_tenant t = {0};
	size_t n, batch;
	const char *code;
	bool empty = false, present = false;
	enum sv_rc rc;

	memset(out, 0, sizeof(*out));
	memset(&g, 0, sizeof(g));
	rc = check_options(o, &n, &batch, &code, err);
	if (rc)
		return rc;
	rc = store_tenant_get_by_code(st, code, &t, err);
	if (rc == SV_ENOTFOUND) {
		sv_error_clear(err);
		t.code = (char *)code;
		t.name = DEMO_TENANT_NAME;
		t.country = "SE";
		rc = store_tenant_create(st, &t, at_of(o->today - 1290, 6 * 60), err);
		t.code = t.name = t.country = NULL;
		empty = true;
	} else if (!rc) {
		rc = check_tenant(st, t.id, &empty, &present, err);
	}
	out->tenant = t.id;
	store_tenant_release(&t);
	if (rc)
		return rc;
	if (present) {
		out->outcome = DEMO_PRESENT;
		return find_logins(st, out->tenant, out, err);
	}
	out->outcome = DEMO_CREATED;

	g.st = st;
	g.rb = rb;
	g.cal = rulebook_cal(rb, CAL_SE);
	g.err = err;
	g.today = o->today;
	g.hist = o->today - 1200;
	g.now = at_of(o->today, 15 * 60 + 30);
	g.ncust = n;
	g.seed = o->seed;
	g.tenant = out->tenant;
	g.sum = out;
	g.s.st = st;
	g.s.tenant = out->tenant;
	g.s.now = g.now;
	g.s.today = g.today;
	g.s.rules = rb;
	/* Birth days of 16- to 67-year-olds, with room either side. */
	g.pid_first = date_add_months(o->today, -12 * 70);
	g.pid_days = (size_t)(o->today - g.pid_first + 1);
	g.pid_used = calloc(g.pid_days, sizeof(*g.pid_used));
	if (!g.pid_used) {
		rc = SV_ENOMEM;
		goto out;
	}
	/* Every code needs a pack; say when none is valid today (no deadlines then). */
	for (int k = 0; k < C_COUNT; k++) {
		const struct rules_pack *packs[8];
		size_t np = obligations_packs(&g.s, code_names[k], packs, 8);
		bool valid = false;
		struct rules_span d;
		if (!duration_of(&g, code_names[k], o->today, &d)) {
			rc = sv_error_set(err, SV_EINVAL, "rules", "KV-1",
			                  "no rule pack defines %s with a maximum duration",
			                  code_names[k]);
			goto out;
		}
		for (size_t i = 0; i < np; i++)
			valid = valid || rules_intervention_find(packs[i], code_names[k], o->today);
		if (!valid)
			warn_no_pack(&g, code_names[k], o->today);
	}

	rc = store_begin(st, err);
	if (!rc)
		rc = make_org(&g);
	if (!rc)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	for (size_t i = 0; !rc && i < n; i += batch) {
		size_t end = i + batch < n ? i + batch : n;
		rc = store_begin(st, err);
		for (size_t k = i; !rc && k < end; k++)
			rc = do_customer(&g, k);
		if (!rc)
			rc = store_commit(st, err);
		else
			store_rollback(st);
		if (!rc && o->progress)
			o->progress(o->progress_ctx, end, n);
	}
	if (rc)
		goto out;
	/* The tenant's own data, then "admin": the marker of a complete run. */
	rc = store_begin(st, err);
	if (!rc)
		rc = make_tenant_data(&g);
	if (!rc) {
		struct demo_rng r;
		struct store_write w = wr(&g, 0, at_of(g.hist - 60, 7 * 60), "demo");
		struct store_user u = {0};
		demo_rng_seed(&r, g.seed, 0);
		u.username = "admin";
		u.display_name = "Systemadministratör";
		u.role = "admin";
		u.unit_id = g.units[0].id;
		rc = store_user_create(st, &w, &u, err);
		out->users++;
		out->events++;
	}
	if (!rc)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	if (!rc)
		rc = find_logins(st, out->tenant, out, err);
out:
	gen_release(&g);
	return rc;
}
