/* Loading the rule packs from disk (see rulebook.h). */
#include "service/rulebook.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "stegvis/buf.h"

#define PACK_MAX_BYTES ((size_t)8 << 20)
#define MAX_PACK_FILES 256

void rulebook_init(struct rulebook *rb)
{
	static const struct cal empty = CAL_INIT;

	rules_set_init(&rb->set);
	for (int i = 0; i < CAL_COUNTRY_COUNT; i++)
		rb->cal[i] = empty;
	rb->n_files = 0;
}

void rulebook_release(struct rulebook *rb)
{
	rules_set_release(&rb->set);
	for (int i = 0; i < CAL_COUNTRY_COUNT; i++)
		cal_release(&rb->cal[i]);
	rb->n_files = 0;
}

const char *rulebook_default_dir(void)
{
	const char *d = getenv("STEGVIS_RULES_DIR");
	return d && *d ? d : SV_SOURCE_DIR "/rules";
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_pack_file(const char *name)
{
	size_t n = strlen(name);
	return n > 5 && name[0] != '.' && !strcmp(name + n - 5, ".json");
}

enum sv_rc rulebook_load_dir(struct rulebook *rb, const char *dir, struct rules_problems *problems,
                             struct sv_error *err)
{
	struct rules_problems own;
	struct rules_problems *ps = problems ? problems : &own;
	char *names[MAX_PACK_FILES];
	size_t n = 0;
	struct dirent *de;
	struct buf path = BUF_INIT, text;
	enum sv_rc rc = SV_OK;
	DIR *d;

	if (!problems)
		rules_problems_init(&own);
	if (!dir)
		dir = rulebook_default_dir();
	buf_init(&text, PACK_MAX_BYTES);
	d = opendir(dir);
	if (!d) {
		rc = sv_error_set(err, SV_EIO, "rules", "CAL-3a",
		                  "cannot open the rules directory %s", dir);
		goto out;
	}
	while ((de = readdir(d))) {
		if (!is_pack_file(de->d_name))
			continue;
		if (n == MAX_PACK_FILES) {
			rc = sv_error_set(err, SV_ERANGE, "rules", "", "more than %d packs in %s",
			                  MAX_PACK_FILES, dir);
			break;
		}
		if (!(names[n] = strdup(de->d_name))) {
			rc = SV_ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (rc)
		goto out;
	qsort(names, n, sizeof(names[0]), by_name);
	for (size_t i = 0; i < n && !rc; i++) {
		buf_reset(&path);
		buf_reset(&text);
		if ((rc = buf_addf(&path, "%s/%s", dir, names[i])) ||
		    (rc = buf_read_file(&text, path.data, "rules", err)))
			break;
		if (rules_set_load(&rb->set, path.data, text.data, text.len, ps)) {
			char line[600];
			rules_problem_format(&ps->v[0], line, sizeof(line));
			rc = sv_error_set(err, SV_EINVAL, "rules", ps->v[0].rule, "%s", line);
		}
	}
	for (int c = 0; !rc && c < CAL_COUNTRY_COUNT; c++)
		rc = cal_init(&rb->cal[c], (enum cal_country)c, CAL_MIN_YEAR, CAL_MAX_YEAR, err);
	if (!rc)
		rb->n_files = n;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	buf_release(&path);
	buf_release(&text);
	if (!problems)
		rules_problems_release(&own);
	if (rc) {
		rulebook_release(rb);
		rulebook_init(rb);
	}
	return rc;
}

const struct cal *rulebook_cal(const struct rulebook *rb, enum cal_country c)
{
	return (int)c >= 0 && c < CAL_COUNTRY_COUNT ? &rb->cal[c] : NULL;
}
