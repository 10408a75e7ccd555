/*
 * meter_rx.h - receiving one TEM-106 answer on a byte stream: the timing
 * rules of the transport, kept apart from any I/O so they can be tested
 * with made-up clocks.
 *
 * The line calls meter_rx_begin() when it sends a request, meter_rx_feed()
 * with every chunk of bytes (and the time they came), and meter_rx_expire()
 * when meter_rx_deadline() has passed. The rules:
 *   - a half-duplex adapter may echo the request: bytes that start with the
 *     master start byte 55 are compared with the request and skipped;
 *   - no answer byte within timeout_ms of the request: METER_E_TIMEOUT;
 *   - a gap over gap_ms (the seed's 0.5 s) between answer bytes ends the
 *     frame: if it is not complete by then, TEM106_E_SHORT;
 *   - every check of tem106_answer_scan() as soon as the byte arrives.
 * Pure: no allocation, no clock of its own, no logging.
 */
#ifndef SMSB_METER_RX_H
#define SMSB_METER_RX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tem106_frame.h"

/* Errors of the transport, below the codec's enum tem106_err. */
enum meter_err {
	METER_E_TIMEOUT = -100, /* no answer within the request timeout */
	METER_E_IO = -101,      /* the port or connection failed */
	METER_E_OPEN = -102,    /* the port could not be opened / connected */
	METER_E_ECHO = -103,    /* the echo of our request was garbled */
	METER_E_CLOSED = -104,  /* the line was freed with the request pending */
	METER_E_NOMEM = -105,
	METER_E_STORE = -106,   /* the reading could not be stored */
};

/* A short English phrase for an enum meter_err or enum tem106_err; never NULL. */
const char *meter_strerror(int err);

struct meter_rx {
	struct tem106_expect exp;
	uint8_t req[TEM106_MAX_FRAME];
	size_t req_len;
	size_t echo_seen;     /* bytes of the echo matched so far */
	uint8_t buf[TEM106_MAX_FRAME];
	size_t len;           /* answer bytes so far */
	int64_t start_ms;     /* when the request went out */
	int64_t last_ms;      /* when the last answer byte came */
	int64_t timeout_ms, gap_ms;
	int result;           /* TEM106_NEED_MORE until decided */
	size_t frame_len;     /* on 0: the answer is buf[0, frame_len) */
};

/* Starts waiting for the answer to req (req_len <= TEM106_MAX_FRAME) sent at now. */
void meter_rx_begin(struct meter_rx *rx, const struct tem106_expect *exp, const uint8_t *req,
		    size_t req_len, int64_t now_ms, int64_t timeout_ms, int64_t gap_ms);

/*
 * Feeds n bytes that arrived at now_ms. Returns TEM106_NEED_MORE, 0 (the
 * answer is complete: rx->buf, rx->frame_len; bytes after it are ignored)
 * or a negative reason. Once decided, further calls return the same result.
 */
int meter_rx_feed(struct meter_rx *rx, const uint8_t *p, size_t n, int64_t now_ms);

/* When meter_rx_expire() must be called if no byte comes first. */
int64_t meter_rx_deadline(const struct meter_rx *rx);

/* At or after the deadline: METER_E_TIMEOUT, TEM106_E_SHORT; before it NEED_MORE. */
int meter_rx_expire(struct meter_rx *rx, int64_t now_ms);

#endif
