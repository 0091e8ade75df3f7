/*
 * buf.h - the one growable byte buffer.
 *
 * struct buf holds len bytes at data, always followed by a NUL, so data can be
 * used as a C string when it holds text. It never grows past max bytes
 * (excluding the NUL): an append that would exceed it fails with SV_ENOMEM
 * and leaves the buffer unchanged. An initialised, empty buffer points at a
 * static empty string and owns no memory.
 *
 * Ownership: buf_release() frees the storage; buf_take() hands it to the
 * caller (who free()s it) and leaves the buffer empty.
 */
#ifndef SV_BUF_H
#define SV_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "stegvis/err.h"

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
};

#define BUF_MAX_DEFAULT ((size_t)64 << 20)
#define BUF_INIT                                  \
	{                                         \
		buf_empty_, 0, 0, BUF_MAX_DEFAULT \
	}
extern char buf_empty_[1];

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
/* Empty the buffer but keep its storage. */
void buf_reset(struct buf *b);
/* Make room for at least extra more bytes. */
enum sv_rc buf_grow(struct buf *b, size_t extra) SV_WUR;
enum sv_rc buf_add(struct buf *b, const void *p, size_t n) SV_WUR;
enum sv_rc buf_adds(struct buf *b, const char *s) SV_WUR;
enum sv_rc buf_addc(struct buf *b, char c) SV_WUR;
enum sv_rc buf_addf(struct buf *b, const char *fmt, ...) SV_PRINTF(2, 3) SV_WUR;
enum sv_rc buf_vaddf(struct buf *b, const char *fmt, va_list ap) SV_PRINTF(2, 0) SV_WUR;
/*
 * Append the whole file at path. Fails with SV_EIO (err names field and the
 * OS reason) when it cannot be read, SV_ENOMEM when it would pass b->max;
 * the buffer is then left as it was.
 */
enum sv_rc buf_read_file(struct buf *b, const char *path, const char *field,
                         struct sv_error *err) SV_WUR;
/* Hand over the storage (NUL-terminated, malloc'd; never NULL unless out of memory). */
char *buf_take(struct buf *b, size_t *len);

#endif
