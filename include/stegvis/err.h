/*
 * err.h - the one error enum of Stegvis and the error detail record.
 *
 * Every fallible function returns enum sv_rc (SV_OK == 0) and, when the
 * caller passes a struct sv_error, fills in what went wrong in words a user
 * can act on: the field (a JSON path, a CLI argument or a column), the rule
 * that was broken (an ID of shared/spec/domain.md such as "ID-1", or a
 * format rule such as "ISO-8601") and a message. HTTP status codes are
 * chosen from the rc only in http/.
 */
#ifndef SV_ERR_H
#define SV_ERR_H

#include <stddef.h>

#define SV_WUR          __attribute__((warn_unused_result))
#define SV_PRINTF(a, b) __attribute__((format(printf, a, b)))

enum sv_rc {
	SV_OK = 0,
	SV_EINVAL,     /* bad input: a field breaks a rule */
	SV_ENOMEM,     /* allocation failed or a size cap was reached */
	SV_ENOTFOUND,  /* no such object (or not visible to the caller) */
	SV_ECONFLICT,  /* uniqueness or concurrent change */
	SV_ESTATE,     /* the action is not allowed in the current state */
	SV_EFORBIDDEN, /* the caller lacks the right */
	SV_EAUTH,      /* not authenticated */
	SV_EIO,        /* file or socket error */
	SV_EDB,        /* database error */
	SV_ERANGE,     /* value outside the supported range */
	SV_ECORRUPT,   /* stored data fails an integrity check */
	SV_EVERSION,   /* schema or format newer than this binary knows */
	SV_RC_COUNT
};

/* A short English name for rc ("invalid input", ...); never NULL. */
const char *sv_strerror(enum sv_rc rc);

struct sv_error {
	enum sv_rc rc;
	char field[128]; /* "" when not about one field */
	char rule[32];   /* rule ID or format name, "" when none */
	char msg[384];
};

#define SV_ERROR_INIT             \
	{                         \
		SV_OK, "", "", "" \
	}

/*
 * Record an error and return rc, so that callers can write
 *   return sv_error_set(err, SV_EINVAL, "start", "ISO-8601", "not a date: %s", s);
 * err may be NULL (the detail is then dropped). Only the first error set on a
 * struct is kept, so the innermost, most precise detail wins.
 */
enum sv_rc sv_error_set(struct sv_error *err, enum sv_rc rc, const char *field, const char *rule,
                        const char *fmt, ...) SV_PRINTF(5, 6);

/* Clear err back to SV_OK. */
void sv_error_clear(struct sv_error *err);

/* Format "field: message (rule)" into out (always NUL-terminated). */
void sv_error_format(const struct sv_error *err, char *out, size_t outsz);

#endif
