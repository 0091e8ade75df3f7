/*
 * arena.h - a region allocator: many small allocations, one free.
 *
 * An HTTP request gets one arena; everything the request needs (parsed body,
 * path parameters, rendered strings) is carved from it and released at once
 * when the response has been queued. Allocations are 16-byte aligned and
 * never move. An arena has a cap: an allocation that would take the arena past
 * max bytes of blocks fails (returns NULL) and leaves the arena usable.
 *
 * Ownership: the arena owns every pointer it returns; arena_release() frees
 * them all. arena_reset() keeps the first block for reuse (a keep-alive
 * connection's next request) and frees the rest.
 *
 * Not thread-safe: one arena belongs to one request on one thread.
 */
#ifndef SV_ARENA_H
#define SV_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "stegvis/err.h"

struct arena_block;

struct arena {
	struct arena_block *head; /* current block, newest first */
	size_t block_size;        /* size of a normal block */
	size_t used;              /* bytes of blocks held (for the cap) */
	size_t max;               /* cap on used; 0 means no cap */
};

#define ARENA_BLOCK_DEFAULT ((size_t)8 << 10)

/* block_size 0 means ARENA_BLOCK_DEFAULT; max 0 means no cap. Allocates nothing. */
void arena_init(struct arena *a, size_t block_size, size_t max);
/* Free every block. The arena may be used again afterwards. */
void arena_release(struct arena *a);
/* Forget every allocation but keep the oldest block for reuse. */
void arena_reset(struct arena *a);

/* n bytes, 16-byte aligned, uninitialised; NULL when out of memory or past the cap. */
void *arena_alloc(struct arena *a, size_t n);
/* n zeroed objects of size sz (overflow-checked); NULL on failure. */
void *arena_calloc(struct arena *a, size_t n, size_t sz);
/* Copies of strings, always NUL-terminated; NULL on failure (or when s is NULL). */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) SV_PRINTF(2, 3);
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) SV_PRINTF(2, 0);

#endif
