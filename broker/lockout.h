/*
 * lockout.h - failed logins counted per source address, and temporary
 * blocks (the seed's "IP unblock"). Shared by SMPP binds and, later, the
 * HTTP API. Bounded: at most LOCKOUT_SLOTS addresses are tracked; the
 * stalest entry makes room for a new one.
 */
#ifndef SMSB_LOCKOUT_H
#define SMSB_LOCKOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define LOCKOUT_SLOTS 4096

struct lockout_policy {
	unsigned failures; /* this many failures ... (0 = never lock) */
	int64_t window_ms; /* ... within this window ... */
	int64_t block_ms;  /* ... block the address this long */
};

struct lockout;

struct lockout *lockout_new(void);
void lockout_free(struct lockout *l);

/* Is addr blocked now? (now: monotonic ms) */
bool lockout_blocked(struct lockout *l, const struct sockaddr *addr, int64_t now);
/* Counts a failure; returns true when this one blocked the address. */
bool lockout_fail(struct lockout *l, const struct lockout_policy *p,
		  const struct sockaddr *addr, int64_t now);
/* Forgets addr's failures (a success), or lifts its block (an operator). Returns whether it was blocked. */
bool lockout_clear(struct lockout *l, const struct sockaddr *addr);

/* Calls fn for every address blocked at now (ss holds it, port 0), with when the block ends. Returns how many. */
size_t lockout_each_blocked(struct lockout *l, int64_t now,
			    void (*fn)(void *arg, const struct sockaddr_storage *ss, int64_t until),
			    void *arg);
/* Lifts every block and forgets every failure (the seed's "ipunblock" without an address). Returns the blocks lifted. */
size_t lockout_clear_all(struct lockout *l, int64_t now);

#endif
