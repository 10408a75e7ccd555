/* rate.c - token bucket (see rate.h). */
#include "rate.h"

bool rate_take(struct rate *r, unsigned rate, int64_t now)
{
	if (rate == 0)
		return true;
	if (r->last_ms == 0)
		r->tokens = rate;
	else if (now > r->last_ms)
		r->tokens += (double)(now - r->last_ms) * rate / 1000.0;
	if (r->tokens > rate)
		r->tokens = rate;
	r->last_ms = now;
	if (r->tokens < 1.0)
		return false;
	r->tokens -= 1.0;
	return true;
}
