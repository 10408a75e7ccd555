/*
 * lg_hist.h - a log-linear latency histogram (HDR-style) for the load
 * generator: fixed memory, O(1) record, no allocation per sample.
 *
 * Values (nanoseconds) below 256 have a bucket each; above, every power of
 * two is split into 128 linear buckets, so a reported percentile is within
 * 1/128 (0.8 %) of the true value. min, max and the sum are exact.
 */
#ifndef SMSB_LG_HIST_H
#define SMSB_LG_HIST_H

#include <stdint.h>

#define LG_HIST_LINEAR 256u
#define LG_HIST_SUB 128u
#define LG_HIST_BUCKETS (LG_HIST_LINEAR + 56u * LG_HIST_SUB)

struct lg_hist {
	uint64_t count;
	uint64_t min, max;
	long double sum;
	uint64_t buckets[LG_HIST_BUCKETS];
};

/* Empties h (min becomes UINT64_MAX until the first sample). */
void lg_hist_reset(struct lg_hist *h);

/* Adds one sample of v nanoseconds. */
void lg_hist_record(struct lg_hist *h, uint64_t v);

/* The value at quantile q (0..1), the upper edge of its bucket clamped to
 * max; 0 when h is empty. */
uint64_t lg_hist_quantile(const struct lg_hist *h, double q);

/* The mean in nanoseconds; 0 when empty. */
double lg_hist_mean(const struct lg_hist *h);

#endif
