/*
 * rulebook.h - the rule packs and working-day calendars a running Stegvis
 * uses, loaded once at start and shared read-only by every thread.
 *
 * Core does no file I/O (rules_pack_load() parses text in memory); this is
 * where the files in the rules directory are read. The directory is, in
 * order: the argument, $STEGVIS_RULES_DIR, the source tree's rules/.
 */
#ifndef SV_SERVICE_RULEBOOK_H
#define SV_SERVICE_RULEBOOK_H

#include "stegvis/calendar.h"
#include "stegvis/rules.h"

struct rulebook {
	struct rules_set set;
	struct cal cal[CAL_COUNTRY_COUNT]; /* bitmaps for CAL_MIN_YEAR..CAL_MAX_YEAR */
	size_t n_files;
};

void rulebook_init(struct rulebook *rb);
void rulebook_release(struct rulebook *rb);

/* The rules directory to use when none is given. Never NULL. */
const char *rulebook_default_dir(void);

/*
 * Load every *.json file of dir (sorted by name) into rb->set and build the
 * calendars. Every problem of every pack is written to problems (which may
 * be NULL); the first one is also put into err. All or nothing: on failure
 * rb is left empty.
 */
enum sv_rc rulebook_load_dir(struct rulebook *rb, const char *dir, struct rules_problems *problems,
                             struct sv_error *err) SV_WUR;

/* The working-day calendar of a country (never NULL for a valid country). */
const struct cal *rulebook_cal(const struct rulebook *rb, enum cal_country c);

#endif
