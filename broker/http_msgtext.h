/*
 * http_msgtext.h - a stored message's text for the HTTP API: its parts'
 * user data decoded (UDH skipped, data_coding honoured) and joined as
 * UTF-8, and the case-insensitive search the list endpoints run on the
 * store's worker thread. Pure functions of the rows: thread-safe.
 */
#ifndef SMSB_HTTP_MSGTEXT_H
#define SMSB_HTTP_MSGTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/* The longest text we show: 255 parts of 160 characters, 4 bytes each at most. */
#define HTTP_MSGTEXT_MAX (255 * 160 * 4 + 1)

/*
 * Writes the joined text of parts[0..n) into out (NUL-terminated, cut at
 * cap). Binary (8-bit) or unknown codings give "[binary, N octets]".
 * Returns the length written.
 */
size_t http_msgtext(const struct store_msg *parts, size_t n, char *out, size_t cap);

/* The store's text predicate: does the message's text contain arg (a UTF-8 needle), ignoring ASCII case? */
bool http_msgtext_match(const struct store_msg *parts, size_t n, void *arg);

#endif
