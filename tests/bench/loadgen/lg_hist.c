/*
 * lg_hist.c - log-linear histogram (see lg_hist.h). The bucket of v >= 256
 * is found from its highest set bit e and the next 7 bits below it.
 */
#include "lg_hist.h"

#include <string.h>

void lg_hist_reset(struct lg_hist *h)
{
	memset(h, 0, sizeof *h);
	h->min = UINT64_MAX;
}

static unsigned bucket_of(uint64_t v)
{
	if (v < LG_HIST_LINEAR)
		return (unsigned)v;
	unsigned e = 63u - (unsigned)__builtin_clzll(v); /* 8..63 */
	unsigned shift = e - 7u;
	return LG_HIST_LINEAR + (e - 8u) * LG_HIST_SUB + (unsigned)((v >> shift) - LG_HIST_SUB);
}

/* The largest value that falls in bucket i. */
static uint64_t bucket_top(unsigned i)
{
	if (i < LG_HIST_LINEAR)
		return i;
	unsigned k = i - LG_HIST_LINEAR;
	unsigned e = 8u + k / LG_HIST_SUB;
	unsigned shift = e - 7u;
	uint64_t low = ((uint64_t)(LG_HIST_SUB + k % LG_HIST_SUB)) << shift;
	return low + ((1ull << shift) - 1u);
}

void lg_hist_record(struct lg_hist *h, uint64_t v)
{
	h->buckets[bucket_of(v)]++;
	h->count++;
	h->sum += (long double)v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

uint64_t lg_hist_quantile(const struct lg_hist *h, double q)
{
	if (h->count == 0)
		return 0;
	if (q <= 0)
		return h->min;
	uint64_t rank = (uint64_t)(q * (double)h->count + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > h->count)
		rank = h->count;
	uint64_t seen = 0;
	for (unsigned i = 0; i < LG_HIST_BUCKETS; i++) {
		seen += h->buckets[i];
		if (seen >= rank) {
			uint64_t top = bucket_top(i);
			return top > h->max ? h->max : top;
		}
	}
	return h->max;
}

double lg_hist_mean(const struct lg_hist *h)
{
	return h->count ? (double)(h->sum / (long double)h->count) : 0.0;
}
