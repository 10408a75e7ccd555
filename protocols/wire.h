/*
 * wire.h - bounds-checked readers and writers for binary protocols.
 *
 * Every codec in protocols/ reads outside input through a wire_reader and
 * builds output through a wire_writer, so no codec indexes a raw buffer by
 * hand. Readers never read past the end they were given; writers never write
 * past their capacity. Neither allocates, logs or keeps global state.
 */
#ifndef SMSB_WIRE_H
#define SMSB_WIRE_H

#include <stddef.h>
#include <stdint.h>

enum wire_err {
	WIRE_OK = 0,
	WIRE_ESHORT = -1,   /* input ended before the field did */
	WIRE_ETOOLONG = -2, /* C-octet string without NUL within its maximum */
	WIRE_ENOSPACE = -3, /* writer capacity exhausted */
};

struct wire_reader {
	const uint8_t *buf;
	size_t len;
	size_t pos;
};

struct wire_writer {
	uint8_t *buf;
	size_t cap;
	size_t pos;
	int err; /* sticky: the first failure; later puts do nothing */
};

void wire_reader_init(struct wire_reader *r, const void *buf, size_t len);
size_t wire_remaining(const struct wire_reader *r);

/* Each returns WIRE_OK, or WIRE_ESHORT leaving the reader where it was. */
int wire_get_u8(struct wire_reader *r, uint8_t *v);
int wire_get_u16be(struct wire_reader *r, uint16_t *v);
int wire_get_u32be(struct wire_reader *r, uint32_t *v);
/* Points *out into the reader's buffer (no copy); valid as long as it is. */
int wire_get_bytes(struct wire_reader *r, size_t n, const uint8_t **out);
int wire_skip(struct wire_reader *r, size_t n);

/*
 * A C-octet string of at most max bytes counting its NUL (SMPP's
 * "Var. max N"). Copies it into dst (dst_size >= max) with its NUL.
 * WIRE_ETOOLONG when no NUL appears within max bytes; WIRE_ESHORT when the
 * input ends first. On error the reader does not move and dst is "".
 */
int wire_get_cstring(struct wire_reader *r, size_t max, char *dst, size_t dst_size);

void wire_writer_init(struct wire_writer *w, void *buf, size_t cap);
void wire_put_u8(struct wire_writer *w, uint8_t v);
void wire_put_u16be(struct wire_writer *w, uint16_t v);
void wire_put_u32be(struct wire_writer *w, uint32_t v);
void wire_put_bytes(struct wire_writer *w, const void *p, size_t n);
/* Writes s and its NUL; WIRE_ETOOLONG (sticky) if that exceeds max bytes. */
void wire_put_cstring(struct wire_writer *w, const char *s, size_t max);
/* Overwrites 4 bytes at an earlier offset (e.g. a length prefix). */
void wire_patch_u32be(struct wire_writer *w, size_t at, uint32_t v);

#endif
