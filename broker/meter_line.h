/*
 * meter_line.h - a line to one or more TEM-106 meters: a serial port
 * (libserialport, 8N1, no flow control) or a serial-to-Ethernet converter
 * (tcp://host:port). On an RS-485 bus several meters share one line; the
 * line sends one request at a time and queues the rest, so meters are
 * polled in turn, never over each other.
 *
 * Everything runs on the event loop: the port's descriptor is watched by
 * libevent, the TCP connect is non-blocking, and nothing ever waits in a
 * read. An exchange is: discard stale input, send the request, receive the
 * answer under the rules of meter_rx.h, and on a timeout or a bad answer
 * wait for the line to go quiet (gap) and send again, up to `retries` more
 * times. The port is opened on first use and reopened after an error.
 */
#ifndef SMSB_METER_LINE_H
#define SMSB_METER_LINE_H

#include <stddef.h>
#include <stdint.h>

#include "tem106_frame.h"

struct event_base;
struct meter_line;

struct meter_line_options {
	const char *port;   /* "/dev/ttyUSB0" or "tcp://host:port"; copied */
	unsigned baud;      /* serial only */
	int64_t timeout_ms; /* no answer byte within this: try again */
	int64_t gap_ms;     /* a pause this long ends a frame (the seed: 500) */
	unsigned retries;   /* sends after the first */
};

/*
 * Called once per exchange, from the event loop (never from inside
 * meter_line_exchange): result 0 with the answer's data bytes (valid during
 * the call only), or the last attempt's negative enum meter_err /
 * enum tem106_err.
 */
typedef void (*meter_line_cb)(void *arg, int result, const uint8_t *data, size_t n);

/* NULL on a malformed port or no memory (nothing is opened yet). */
struct meter_line *meter_line_new(struct event_base *base, const struct meter_line_options *o);

/* Closes the port; queued and running exchanges are dropped without callbacks. NULL is fine. */
void meter_line_free(struct meter_line *l);

/*
 * Queues the request req (len <= TEM106_MAX_FRAME, copied) whose answer
 * must look like exp. Returns 0 (cb will run), or METER_E_NOMEM.
 */
int meter_line_exchange(struct meter_line *l, const uint8_t *req, size_t len,
			const struct tem106_expect *exp, meter_line_cb cb, void *arg);

/* Drops every queued or running exchange whose arg is arg (no callback). */
void meter_line_cancel(struct meter_line *l, void *arg);

/* The port as configured, for logs. */
const char *meter_line_port(const struct meter_line *l);

#endif
