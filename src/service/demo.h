/*
 * demo.h - a deterministic synthetic municipality for demonstrations and
 * benchmarks (`stegvis demo`, `make run`, `make bench`).
 *
 * One call builds a whole tenant: units with supervisors, social workers and
 * counsellors; providers per scheme (FAI, AMI, ISA, JOBBPENG) with
 * presentations, industries, contacts, staff and authorisation dates that
 * keep the default rotation of KV-12 going; customers aged 16-66 with Swedish
 * names, valid identity numbers (ID-1, ID-2), contacts and the target-group
 * facts of KV-2 / JP-1; and their interventions of every code (KV-1, JP-0)
 * in every state, with the case history a real case would have: assessment,
 * decision, choice (active or the KV-13 default), queueing, staffing,
 * assignment, start-up meeting, plan, monthly reports and the final report in
 * every document state (some returned, some late, some missing), weekly
 * contacts, absences with certificates, unexcused absence notices, leave,
 * deviations, follow-up meetings, extensions, proposals, supplements and
 * bonus claims, messages, provider deficiencies, data incidents, staff
 * changes, and a few protected identities of all three kinds (KV-81).
 *
 * How it writes. Directly through the store (store.h, store_case.h,
 * store_docs.h), never through the use cases: a use case is one transaction,
 * and a benchmark database of a million customers needs large ones. Each
 * change writes the same rows and the same event (kind and payload) as the
 * use case that makes it in a running system (service/casework.c,
 * documents.c, absence.c ...), at the moment it happened in the simulated
 * history; after a customer's history the obligations of each intervention
 * are computed once with obligations_recompute() as of today, so the inbox,
 * the sweep and the timeliness report see real deadlines. Customers are
 * written in batches of o->batch per transaction.
 *
 * Determinism. Everything follows from (seed, customers, today): a PRNG of
 * our own (xoshiro256** seeded through splitmix64), one stream for the
 * organisation and one per customer, and timestamps taken from the simulated
 * dates, never from the clock. Two runs with the same arguments give the same
 * rows, the same events and the same hash chains. No rand(), no clock.
 *
 * Coverage. With at least DEMO_COVERAGE_MIN customers the first customers
 * are laid out so that every intervention code occurs in every state
 * (granted, queued, staffed, assigned, running, ended, cancelled), every
 * end reason of core/lifecycle occurs (a provider switch included), and each
 * of the three kinds of protected identity (KV-81) is present; the rest are
 * drawn at random with realistic weights.
 *
 * Idempotence. The tenant is created by the generator and marked as demo
 * data by its units' refs ("demo-unit-N") and its name. Called again on a
 * tenant that already holds a complete demo, nothing is written and
 * out->outcome is DEMO_PRESENT (with the logins). A tenant that holds other
 * data is refused (SV_ECONFLICT, field "tenant"): fictitious people are never
 * mixed into a real municipality. A run that stopped half-way is refused
 * too (SV_ESTATE): start again on an empty database.
 *
 * Identity numbers are valid by ID-1/ID-2 (Luhn, real dates), unique in the
 * tenant and drawn by the PRNG; as with Skatteverket's test numbers, that a
 * valid number may belong to a real person cannot be excluded, which is why
 * the tenant is marked as demo data and the generator refuses other tenants.
 * Phone numbers are from the ranges the Swedish Post and Telecom Authority
 * (PTS) reserves for fiction; e-mail and web addresses are under
 * "exempel.se"; the town is the fictitious Stegvik.
 */
#ifndef SV_SERVICE_DEMO_H
#define SV_SERVICE_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/rulebook.h"
#include "stegvis/date.h"
#include "stegvis/err.h"
#include "stegvis/store.h"

#define DEMO_TENANT_CODE       "demo"
#define DEMO_TENANT_NAME       "Stegviks kommun (demo, fiktiva uppgifter)"
#define DEMO_DEFAULT_CUSTOMERS 1000
#define DEMO_MAX_CUSTOMERS     10000000
#define DEMO_DEFAULT_BATCH     1000
/* Customers needed for every code in every state (7 x 7), every end reason (12),
 * a provider switch and every KV-81 kind (demo.c: choose_case). */
#define DEMO_COVERAGE_MIN 62

/* ---- The PRNG: xoshiro256** (Blackman and Vigna), seeded by splitmix64 ---- */

struct demo_rng {
	uint64_t s[4];
};
/* Stream `stream` of seed: different streams are independent sequences. */
void demo_rng_seed(struct demo_rng *r, uint64_t seed, uint64_t stream);
uint64_t demo_rng_next(struct demo_rng *r);
/* Uniform in [0, n); 0 when n is 0. Unbiased (Lemire's method with rejection). */
uint32_t demo_rng_below(struct demo_rng *r, uint32_t n);
/* Uniform in [lo, hi] (lo <= hi). */
int demo_rng_range(struct demo_rng *r, int lo, int hi);
/* True with probability permille / 1000. */
bool demo_rng_chance(struct demo_rng *r, unsigned permille);

/* ---- Identity numbers ----------------------------------------------------- */

/*
 * The normalised 12-digit number (ID-1; ID-2 when samordning: day + 60) of
 * someone born on birth with the serial number serial (0..499) of its sex:
 * the three digits NNN are 2 * serial + 1 for a man and 2 * serial for a
 * woman (the ninth digit is odd for men, even for women), followed by the
 * Luhn digit over YYMMDDNNN. out receives 12 digits and a NUL.
 */
void demo_person_id(sv_date birth, unsigned serial, bool male, bool samordning, char out[13]);
/* A Swedish organisationsnummer (ID-4): "55", eight digits from n, the Luhn digit. */
void demo_org_no(uint32_t n, char out[11]);

/* ---- The generator ---------------------------------------------------------- */

struct demo_options {
	const char *tenant_code; /* NULL: DEMO_TENANT_CODE */
	size_t customers;        /* 1..DEMO_MAX_CUSTOMERS; 0: DEMO_DEFAULT_CUSTOMERS */
	uint64_t seed;
	sv_date today; /* required: the simulated history ends today */
	size_t batch;  /* customers per transaction; 0: DEMO_DEFAULT_BATCH */
	/* Called after each batch (may be NULL). */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
};

enum demo_outcome { DEMO_CREATED = 1, DEMO_PRESENT };

#define DEMO_MAX_LOGINS   8
#define DEMO_MAX_WARNINGS 8

/* One user per role to log in with (no password is set: see stegvis user passwd). */
struct demo_login {
	char role[24];
	char username[64];
	char display_name[96];
};

struct demo_summary {
	enum demo_outcome outcome;
	int64_t tenant;
	size_t units, users, providers, customers, protected_ids;
	size_t interventions, documents, absences, meetings, messages, events;
	/* Current interventions by state (granted ... cancelled, store.h order). */
	size_t by_state[7];
	struct demo_login logins[DEMO_MAX_LOGINS];
	size_t nlogins;
	/* E.g. a code no rule pack defines on today: its cases get no deadlines. */
	char warnings[DEMO_MAX_WARNINGS][200];
	size_t nwarnings;
};

/*
 * Build the demo tenant o->tenant_code in st (migrated) with the rule packs
 * of rb (used for durations, templates, rotation and deadlines). out is
 * filled in both outcomes. Errors: SV_EINVAL naming the option ("customers",
 * "today", "batch", "tenant"); SV_ECONFLICT (field "tenant") for a tenant that
 * holds data not made by this generator; SV_ESTATE (field "tenant") for an
 * unfinished earlier run; store errors. On error the batches committed
 * before stay (the tenant is then an unfinished run).
 */
enum sv_rc demo_generate(struct store *st, const struct rulebook *rb, const struct demo_options *o,
                         struct demo_summary *out, struct sv_error *err) SV_WUR;

/* ---- Name lists (demo_names.c) ------------------------------------------------ */

struct demo_words {
	const char *const *v;
	size_t n;
};
extern const struct demo_words demo_given_female, demo_given_male;
extern const struct demo_words demo_given_female_new, demo_given_male_new;
extern const struct demo_words demo_family, demo_family_new;
extern const struct demo_words demo_streets, demo_languages;
extern const struct demo_words demo_provider_head, demo_provider_tail;
extern const struct demo_words demo_industries, demo_unit_groups;

#endif
