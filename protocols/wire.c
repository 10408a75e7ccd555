/* wire.c - bounds-checked binary readers and writers (see wire.h). */
#include "wire.h"

#include <string.h>

void wire_reader_init(struct wire_reader *r, const void *buf, size_t len)
{
	r->buf = buf;
	r->len = buf ? len : 0;
	r->pos = 0;
}

size_t wire_remaining(const struct wire_reader *r)
{
	return r->len - r->pos;
}

int wire_get_u8(struct wire_reader *r, uint8_t *v)
{
	if (wire_remaining(r) < 1)
		return WIRE_ESHORT;
	*v = r->buf[r->pos++];
	return WIRE_OK;
}

int wire_get_u16be(struct wire_reader *r, uint16_t *v)
{
	if (wire_remaining(r) < 2)
		return WIRE_ESHORT;
	const uint8_t *p = r->buf + r->pos;
	*v = (uint16_t)((p[0] << 8) | p[1]);
	r->pos += 2;
	return WIRE_OK;
}

int wire_get_u32be(struct wire_reader *r, uint32_t *v)
{
	if (wire_remaining(r) < 4)
		return WIRE_ESHORT;
	const uint8_t *p = r->buf + r->pos;
	*v = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
	r->pos += 4;
	return WIRE_OK;
}

int wire_get_bytes(struct wire_reader *r, size_t n, const uint8_t **out)
{
	if (wire_remaining(r) < n)
		return WIRE_ESHORT;
	*out = r->buf + r->pos;
	r->pos += n;
	return WIRE_OK;
}

int wire_skip(struct wire_reader *r, size_t n)
{
	if (wire_remaining(r) < n)
		return WIRE_ESHORT;
	r->pos += n;
	return WIRE_OK;
}

int wire_get_cstring(struct wire_reader *r, size_t max, char *dst, size_t dst_size)
{
	if (dst_size > 0)
		dst[0] = '\0';
	size_t avail = wire_remaining(r);
	size_t scan = avail < max ? avail : max;
	const uint8_t *start = r->buf + r->pos;
	const uint8_t *nul = scan ? memchr(start, 0, scan) : NULL;
	if (!nul)
		return avail < max ? WIRE_ESHORT : WIRE_ETOOLONG;
	size_t n = (size_t)(nul - start) + 1;
	if (n > dst_size)
		return WIRE_ETOOLONG;
	memcpy(dst, start, n);
	r->pos += n;
	return WIRE_OK;
}

void wire_writer_init(struct wire_writer *w, void *buf, size_t cap)
{
	w->buf = buf;
	w->cap = buf ? cap : 0;
	w->pos = 0;
	w->err = WIRE_OK;
}

static int reserve(struct wire_writer *w, size_t n)
{
	if (w->err)
		return 0;
	if (w->cap - w->pos < n) {
		w->err = WIRE_ENOSPACE;
		return 0;
	}
	return 1;
}

void wire_put_u8(struct wire_writer *w, uint8_t v)
{
	if (reserve(w, 1))
		w->buf[w->pos++] = v;
}

void wire_put_u16be(struct wire_writer *w, uint16_t v)
{
	if (!reserve(w, 2))
		return;
	w->buf[w->pos++] = (uint8_t)(v >> 8);
	w->buf[w->pos++] = (uint8_t)v;
}

void wire_put_u32be(struct wire_writer *w, uint32_t v)
{
	if (!reserve(w, 4))
		return;
	wire_patch_u32be(w, w->pos, v);
	w->pos += 4;
}

void wire_put_bytes(struct wire_writer *w, const void *p, size_t n)
{
	if (n == 0 || !reserve(w, n))
		return;
	memcpy(w->buf + w->pos, p, n);
	w->pos += n;
}

void wire_put_cstring(struct wire_writer *w, const char *s, size_t max)
{
	size_t n = strlen(s) + 1;
	if (n > max) {
		if (!w->err)
			w->err = WIRE_ETOOLONG;
		return;
	}
	wire_put_bytes(w, s, n);
}

void wire_patch_u32be(struct wire_writer *w, size_t at, uint32_t v)
{
	if (at > w->cap || w->cap - at < 4) {
		if (!w->err)
			w->err = WIRE_ENOSPACE;
		return;
	}
	w->buf[at] = (uint8_t)(v >> 24);
	w->buf[at + 1] = (uint8_t)(v >> 16);
	w->buf[at + 2] = (uint8_t)(v >> 8);
	w->buf[at + 3] = (uint8_t)v;
}
