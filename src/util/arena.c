/* A region allocator (see arena.h). */
#include "stegvis/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size; /* usable bytes after the header */
	size_t off;  /* bytes handed out */
	_Alignas(ALIGN) unsigned char data[];
};

void arena_init(struct arena *a, size_t block_size, size_t max)
{
	a->head = NULL;
	a->block_size = block_size ? block_size : ARENA_BLOCK_DEFAULT;
	a->used = 0;
	a->max = max;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	while (b) {
		next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
}

void arena_reset(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	if (!b)
		return;
	/* The oldest block is last in the list; free all the others. */
	while (b->next) {
		next = b->next;
		a->used -= sizeof(*b) + b->size;
		free(b);
		b = next;
	}
	b->off = 0;
	a->head = b;
}

static struct arena_block *new_block(struct arena *a, size_t need)
{
	struct arena_block *b;
	size_t size = need > a->block_size ? need : a->block_size;

	if (size > SIZE_MAX - sizeof(*b))
		return NULL;
	if (a->max && (a->used > a->max || sizeof(*b) + size > a->max - a->used))
		return NULL;
	b = malloc(sizeof(*b) + size);
	if (!b)
		return NULL;
	b->size = size;
	b->off = 0;
	b->next = a->head;
	a->head = b;
	a->used += sizeof(*b) + size;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t off;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ALIGN)
		return NULL;
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (!b || b->size - b->off < n) {
		/* A large allocation gets a block of its own behind the current one. */
		if (b && n > a->block_size / 4) {
			struct arena_block *big = new_block(a, n);
			if (!big)
				return NULL;
			a->head = b;
			big->next = b->next;
			b->next = big;
			big->off = n;
			return big->data;
		}
		b = new_block(a, n);
		if (!b)
			return NULL;
	}
	off = b->off;
	b->off += n;
	return b->data + off;
}

void *arena_calloc(struct arena *a, size_t n, size_t sz)
{
	void *p;

	if (sz && n > SIZE_MAX / sz)
		return NULL;
	p = arena_alloc(a, n * sz);
	if (p)
		memset(p, 0, n * sz);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (!s || n == SIZE_MAX)
		return NULL;
	p = arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *p;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return NULL;
	p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
