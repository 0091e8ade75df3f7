/*
 * log.h - structured logs: one JSON object per line.
 *
 *   {"ts":"2024-03-05T09:12:01.123Z","level":"info","event":"http.request",
 *    "rid":"5f0c...","route":"GET /api/v1/customers/{id}","status":200,"ms":0.41}
 *
 * A line is built in memory and written with a single write(2), so lines from
 * several threads never interleave (lines stay below PIPE_BUF in practice; a
 * longer line is still written whole by one call on regular files and pipes
 * that accept it). Callers log identifiers (request id, user id, route
 * template, status), never personal data: no names, identity numbers,
 * addresses, request bodies, query strings or raw paths.
 *
 * The clock is injected (struct log_sink.now_ms), so tests fix timestamps.
 */
#ifndef SV_LOG_H
#define SV_LOG_H

#include <stdint.h>

enum log_level { LOG_DEBUG = 0, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };

/* Milliseconds since 1970-01-01T00:00:00Z. */
typedef int64_t (*sv_now_fn)(void *ctx);

/* The system clock (CLOCK_REALTIME) in milliseconds; ctx is ignored. */
int64_t sv_now_real(void *ctx);

struct log_sink {
	int fd;             /* where lines go (2 = stderr); -1 drops them */
	enum log_level min; /* lines below this level are dropped */
	sv_now_fn now_ms;   /* NULL means sv_now_real */
	void *now_ctx;
};

/* fd, min level; the clock defaults to sv_now_real. */
void log_sink_init(struct log_sink *s, int fd, enum log_level min);

/* "debug", "info", "warn", "error", "off" -> level; -1 for anything else. */
int log_level_parse(const char *s);

/* Typed fields: each macro expands to three variadic arguments. */
enum log_ftype { LOGF_END_ = 0, LOGF_STR_, LOGF_INT_, LOGF_DBL_, LOGF_BOOL_ };
#define LOG_STR(k, v)  LOGF_STR_, (const char *)(k), (const char *)(v)
#define LOG_INT(k, v)  LOGF_INT_, (const char *)(k), (long long)(v)
#define LOG_DBL(k, v)  LOGF_DBL_, (const char *)(k), (double)(v)
#define LOG_BOOL(k, v) LOGF_BOOL_, (const char *)(k), (int)((v) != 0)
#define LOG_END        LOGF_END_

/*
 * Write one line with ts, level, event and the given fields, in order, ending
 * with LOG_END. A NULL string value is written as null. Keys must be plain
 * identifiers; string values are JSON-escaped. Never fails visibly: a line
 * that cannot be built or written is dropped.
 */
void log_emit(const struct log_sink *s, enum log_level level, const char *event, ...);

/* Format ms since the epoch as "YYYY-MM-DDTHH:MM:SS.mmmZ" into out. */
#define LOG_TS_LEN 48
void log_format_ts(int64_t ms, char out[LOG_TS_LEN]);

#endif
