#include "stegvis/buf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char buf_empty_[1];

void buf_init(struct buf *b, size_t max)
{
	b->data = buf_empty_;
	b->len = b->cap = 0;
	b->max = max ? max : BUF_MAX_DEFAULT;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->data);
	b->data = buf_empty_;
	b->len = b->cap = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
}

enum sv_rc buf_grow(struct buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (extra > b->max || b->len > b->max - extra)
		return SV_ENOMEM;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return SV_OK;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	p = b->cap ? realloc(b->data, ncap) : malloc(ncap);
	if (!p)
		return SV_ENOMEM;
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = ncap;
	return SV_OK;
}

enum sv_rc buf_add(struct buf *b, const void *p, size_t n)
{
	enum sv_rc rc = buf_grow(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return SV_OK;
}

enum sv_rc buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

enum sv_rc buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

enum sv_rc buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	enum sv_rc rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return SV_EINVAL;
	rc = buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return SV_OK;
}

enum sv_rc buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	enum sv_rc rc;

	va_start(ap, fmt);
	rc = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *buf_take(struct buf *b, size_t *len)
{
	char *p;

	if (!b->cap) {
		p = calloc(1, 1);
	} else {
		p = b->data;
	}
	if (len)
		*len = b->len;
	b->data = buf_empty_;
	b->len = b->cap = 0;
	return p;
}

enum sv_rc buf_read_file(struct buf *b, const char *path, const char *field, struct sv_error *err)
{
	char chunk[16384];
	size_t n, old = b->len;
	enum sv_rc rc = SV_OK;
	FILE *f = fopen(path, "rb");

	if (!f)
		return sv_error_set(err, SV_EIO, field, "", "cannot open %s: %s", path,
		                    strerror(errno));
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(b, chunk, n))
			rc = sv_error_set(err, SV_ENOMEM, field, "", "%s is larger than %zu bytes",
			                  path, b->max);
	if (!rc && ferror(f))
		rc = sv_error_set(err, SV_EIO, field, "", "cannot read %s", path);
	fclose(f);
	if (rc) {
		b->len = old;
		if (b->cap)
			b->data[old] = '\0';
	}
	return rc;
}
