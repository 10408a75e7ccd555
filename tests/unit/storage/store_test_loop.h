/*
 * store_test_loop.h - the owner's side of the store for tests: notify writes
 * a byte to a pipe, and wait_idle() runs completions until nothing is pending.
 */
#ifndef SMSB_STORE_TEST_LOOP_H
#define SMSB_STORE_TEST_LOOP_H

#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "store.h"

static int notify_pipe[2] = {-1, -1};

static void test_notify(void *arg)
{
	(void)arg;
	char b = 1;
	ssize_t n = write(notify_pipe[1], &b, 1);
	(void)n;
}

static void test_store_options(struct store_options *o, const char *path)
{
	memset(o, 0, sizeof *o);
	if (notify_pipe[0] < 0 && pipe(notify_pipe) != 0)
		return;
	o->backend = "sqlite";
	o->path = path;
	o->batch_max = 1000;
	o->busy_timeout_ms = 5000;
	o->notify = test_notify;
}

/* Runs callbacks until nothing is pending; 0, or -1 after timeout_ms. */
static int wait_idle(struct store *s, int timeout_ms)
{
	while (store_pending(s) > 0) {
		struct pollfd p = {.fd = notify_pipe[0], .events = POLLIN};
		if (poll(&p, 1, timeout_ms) <= 0)
			return -1;
		char buf[64];
		ssize_t n = read(notify_pipe[0], buf, sizeof buf);
		(void)n;
		store_complete(s);
	}
	return 0;
}

#endif
