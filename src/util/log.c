/* Structured JSON log lines (see log.h). */
#include "stegvis/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stegvis/buf.h"
#include "stegvis/date.h"

static const char *const level_names[] = {"debug", "info", "warn", "error", "off"};

int64_t sv_now_real(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void log_sink_init(struct log_sink *s, int fd, enum log_level min)
{
	s->fd = fd;
	s->min = min;
	s->now_ms = NULL;
	s->now_ctx = NULL;
}

int log_level_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
		if (s && !strcmp(s, level_names[i]))
			return (int)i;
	return -1;
}

void log_format_ts(int64_t ms, char out[LOG_TS_LEN])
{
	int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
	int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
	int64_t rem = secs - days * 86400;
	int y, m, d;

	date_to_ymd((sv_date)days, &y, &m, &d);
	snprintf(out, LOG_TS_LEN, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d, (int)(rem / 3600),
	         (int)(rem / 60 % 60), (int)(rem % 60), (int)(ms - secs * 1000));
}

/* JSON string escaping of s into b. */
static enum sv_rc add_json_string(struct buf *b, const char *s)
{
	enum sv_rc rc = buf_addc(b, '"');

	for (const unsigned char *p = (const unsigned char *)s; !rc && *p; p++) {
		if (*p == '"' || *p == '\\') {
			rc = buf_addc(b, '\\');
			if (!rc)
				rc = buf_addc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f) {
			rc = buf_addf(b, "\\u%04x", *p);
		} else {
			rc = buf_addc(b, (char)*p);
		}
	}
	if (!rc)
		rc = buf_addc(b, '"');
	return rc;
}

void log_emit(const struct log_sink *s, enum log_level level, const char *event, ...)
{
	struct buf b;
	va_list ap;
	char ts[LOG_TS_LEN];
	enum sv_rc rc;
	int type;

	if (!s || s->fd < 0 || level < s->min || level >= LOG_OFF)
		return;
	buf_init(&b, 16 << 10);
	log_format_ts(s->now_ms ? s->now_ms(s->now_ctx) : sv_now_real(NULL), ts);
	rc = buf_addf(&b, "{\"ts\":\"%s\",\"level\":\"%s\",\"event\":", ts, level_names[level]);
	if (!rc)
		rc = add_json_string(&b, event ? event : "");
	va_start(ap, event);
	while (!rc && (type = va_arg(ap, int)) != LOGF_END_) {
		const char *key = va_arg(ap, const char *);
		rc = buf_addc(&b, ',');
		if (!rc)
			rc = add_json_string(&b, key);
		if (!rc)
			rc = buf_addc(&b, ':');
		if (rc)
			break;
		switch (type) {
		case LOGF_STR_: {
			const char *v = va_arg(ap, const char *);
			rc = v ? add_json_string(&b, v) : buf_adds(&b, "null");
			break;
		}
		case LOGF_INT_:
			rc = buf_addf(&b, "%lld", va_arg(ap, long long));
			break;
		case LOGF_DBL_:
			rc = buf_addf(&b, "%.3f", va_arg(ap, double));
			break;
		case LOGF_BOOL_:
			rc = buf_adds(&b, va_arg(ap, int) ? "true" : "false");
			break;
		default:
			rc = SV_EINVAL;
			break;
		}
	}
	va_end(ap);
	if (!rc)
		rc = buf_adds(&b, "}\n");
	if (!rc) {
		const char *p = b.data;
		size_t left = b.len;
		while (left) {
			ssize_t n = write(s->fd, p, left);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			p += n;
			left -= (size_t)n;
		}
	}
	buf_release(&b);
}
