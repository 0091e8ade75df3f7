#include "stegvis/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const names[SV_RC_COUNT] = {
        [SV_OK] = "ok",
        [SV_EINVAL] = "invalid input",
        [SV_ENOMEM] = "out of memory",
        [SV_ENOTFOUND] = "not found",
        [SV_ECONFLICT] = "conflict",
        [SV_ESTATE] = "not allowed in the current state",
        [SV_EFORBIDDEN] = "forbidden",
        [SV_EAUTH] = "not authenticated",
        [SV_EIO] = "input/output error",
        [SV_EDB] = "database error",
        [SV_ERANGE] = "out of range",
        [SV_ECORRUPT] = "integrity check failed",
        [SV_EVERSION] = "unsupported version",
};

const char *sv_strerror(enum sv_rc rc)
{
	if ((int)rc < 0 || rc >= SV_RC_COUNT || !names[rc])
		return "unknown error";
	return names[rc];
}

static void copy(char *dst, size_t dstsz, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= dstsz)
		n = dstsz - 1;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

enum sv_rc sv_error_set(struct sv_error *err, enum sv_rc rc, const char *field, const char *rule,
                        const char *fmt, ...)
{
	va_list ap;

	if (!err || err->rc != SV_OK)
		return rc;
	err->rc = rc;
	copy(err->field, sizeof(err->field), field);
	copy(err->rule, sizeof(err->rule), rule);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return rc;
}

void sv_error_clear(struct sv_error *err)
{
	if (!err)
		return;
	err->rc = SV_OK;
	err->field[0] = err->rule[0] = err->msg[0] = '\0';
}

void sv_error_format(const struct sv_error *err, char *out, size_t outsz)
{
	if (!outsz)
		return;
	snprintf(out, outsz, "%s%s%s%s%s%s", err->field, err->field[0] ? ": " : "",
	         err->msg[0] ? err->msg : sv_strerror(err->rc), err->rule[0] ? " (" : "", err->rule,
	         err->rule[0] ? ")" : "");
}
