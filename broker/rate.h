/*
 * rate.h - a token bucket: at most rate events per second, with a burst of
 * one second's worth. Used for per-account submit throughput.
 */
#ifndef SMSB_RATE_H
#define SMSB_RATE_H

#include <stdbool.h>
#include <stdint.h>

struct rate {
	double tokens;
	int64_t last_ms;
};

/* Takes one token if there is one. rate 0 means unlimited. now: monotonic ms. */
bool rate_take(struct rate *r, unsigned rate, int64_t now);

#endif
