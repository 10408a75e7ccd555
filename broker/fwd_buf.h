/*
 * fwd_buf.h - a growing byte buffer for building what forwarding sends
 * (URLs, request bodies, email messages), with the encodings they need:
 * percent-encoding (RFC 3986), Base64 (RFC 4648) and JSON string quoting.
 *
 * Appends never fail loudly: on an allocation failure the buffer marks
 * itself oom, ignores further appends, and fwd_buf_take() returns NULL.
 * Pure: no logging, no global state.
 */
#ifndef SMSB_FWD_BUF_H
#define SMSB_FWD_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct fwd_buf {
	char *p;     /* NUL-terminated while not oom */
	size_t len, cap;
	bool oom;
};

void fwd_buf_add(struct fwd_buf *b, const void *data, size_t len);
void fwd_buf_str(struct fwd_buf *b, const char *s);
void fwd_buf_printf(struct fwd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Percent-encodes s: everything but A-Z a-z 0-9 - . _ ~ becomes %XX (form values too). */
void fwd_buf_url(struct fwd_buf *b, const char *s, size_t len);
/* Base64 of data, padded, on one line. */
void fwd_buf_base64(struct fwd_buf *b, const void *data, size_t len);
/* The buffer's string (malloc'd, the caller frees it), or NULL if it ran out of memory; b is reset. */
char *fwd_buf_take(struct fwd_buf *b);
/* Frees what b holds and resets it. */
void fwd_buf_free(struct fwd_buf *b);

#endif
