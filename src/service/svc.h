/*
 * svc.h - the context every use case of the API receives: the database
 * handle, the tenant, the time, today and the caller. The same functions
 * serve the HTTP handlers and the CLI (who == NULL means the system itself,
 * e.g. `stegvis user add` run by an operator on the server).
 */
#ifndef SV_SERVICE_SVC_H
#define SV_SERVICE_SVC_H

#include "service/authz.h"
#include "service/rulebook.h"
#include "stegvis/date.h"
#include "stegvis/store.h"

struct svc;

/*
 * Where X-2 access-log rows go. NULL: written with store_access_log() on
 * s->st before the read returns (the CLI). The server passes its group-commit
 * writer: the row joins a bounded queue that one thread commits at least
 * every 20 ms, so a hard crash can lose at most that much of the log, and
 * SIGTERM none; when the queue is full or the last commit failed, the read
 * waits or is refused rather than going unlogged (docs/internals/http.md).
 */
typedef enum sv_rc (*svc_access_fn)(void *ctx, const struct svc *s, int64_t customer,
                                    const char *purpose, const char *what, struct sv_error *err);

struct svc {
	struct store *st;
	int64_t tenant;
	sv_time now;
	sv_date today;
	const struct actor *who; /* NULL: the system */
	svc_access_fn log_access;
	void *log_ctx;
	const struct rulebook *rules; /* the loaded packs and calendars (read-only) */
};

/* The store_write of a change made now by the caller, with an optional reason. */
static inline struct store_write svc_write(const struct svc *s, const char *reason)
{
	struct store_write w = {s->tenant, s->who ? s->who->user_id : 0, s->now, reason};
	return w;
}

/* The caller's scope for action a (SCOPE_ALL for the system). */
static inline enum authz_scope svc_scope(const struct svc *s, enum authz_action a)
{
	return s->who ? authz_scope_of(s->who->role, a) : SCOPE_ALL;
}

#endif
