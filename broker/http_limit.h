/*
 * http_limit.h - the HTTP API's request rate per client address: a token
 * bucket each (rate.h), in a bounded table where the stalest address makes
 * room for a new one. IPv4-mapped IPv6 counts as the IPv4 address.
 */
#ifndef SMSB_HTTP_LIMIT_H
#define SMSB_HTTP_LIMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#define HTTP_LIMIT_SLOTS 1024

struct http_rate_table;

struct http_rate_table *http_limit_new(void);
void http_limit_free(struct http_rate_table *t);

/* Takes one request of addr's budget (rate per second, 0 = unlimited). False: over it. */
bool http_limit_take(struct http_rate_table *t, const struct sockaddr *addr, unsigned rate,
		     int64_t now_ms);

#endif
