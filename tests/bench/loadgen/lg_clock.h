/*
 * lg_clock.h - the load generator's one clock: CLOCK_MONOTONIC in
 * nanoseconds (a vDSO call, cheap enough to read per message).
 */
#ifndef SMSB_LG_CLOCK_H
#define SMSB_LG_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t lg_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#endif
