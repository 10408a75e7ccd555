/*
 * meter_rx.c - the timing and echo rules of receiving one TEM-106 answer
 * (see meter_rx.h). The byte checks are the codec's (tem106_answer_scan).
 */
#include "meter_rx.h"

#include <string.h>

#include "tem106_err.h"

const char *meter_strerror(int err)
{
	switch (err) {
	case METER_E_TIMEOUT: return "timeout";
	case METER_E_IO: return "i/o error";
	case METER_E_OPEN: return "cannot open the port";
	case METER_E_ECHO: return "garbled echo";
	case METER_E_CLOSED: return "line closed";
	case METER_E_NOMEM: return "out of memory";
	case METER_E_STORE: return "cannot store the reading";
	}
	return tem106_err_name(err);
}

void meter_rx_begin(struct meter_rx *rx, const struct tem106_expect *exp, const uint8_t *req,
		    size_t req_len, int64_t now_ms, int64_t timeout_ms, int64_t gap_ms)
{
	memset(rx, 0, sizeof *rx);
	rx->exp = *exp;
	if (req_len > sizeof rx->req)
		req_len = sizeof rx->req;
	memcpy(rx->req, req, req_len);
	rx->req_len = req_len;
	rx->start_ms = now_ms;
	rx->timeout_ms = timeout_ms;
	rx->gap_ms = gap_ms;
	rx->result = TEM106_NEED_MORE;
}

int64_t meter_rx_deadline(const struct meter_rx *rx)
{
	/* Inside a frame (answer or echo) the gap rules; before it, the timeout. */
	if (rx->len > 0 || (rx->echo_seen > 0 && rx->echo_seen < rx->req_len))
		return rx->last_ms + rx->gap_ms;
	return rx->start_ms + rx->timeout_ms;
}

int meter_rx_expire(struct meter_rx *rx, int64_t now_ms)
{
	if (rx->result != TEM106_NEED_MORE || now_ms < meter_rx_deadline(rx))
		return rx->result;
	if (rx->len > 0)
		rx->result = TEM106_E_SHORT; /* the pause ended the frame early */
	else if (rx->echo_seen > 0 && rx->echo_seen < rx->req_len)
		rx->result = METER_E_ECHO;
	else
		rx->result = METER_E_TIMEOUT;
	return rx->result;
}

/* One byte of a possible echo; returns 1 if consumed as echo, 0 if not, <0 if garbled. */
static int echo_byte(struct meter_rx *rx, uint8_t b)
{
	if (rx->len > 0 || rx->echo_seen >= rx->req_len)
		return 0;
	if (rx->echo_seen == 0 && b != TEM106_SIG_MASTER)
		return 0;
	if (b != rx->req[rx->echo_seen])
		return METER_E_ECHO;
	rx->echo_seen++;
	return 1;
}

int meter_rx_feed(struct meter_rx *rx, const uint8_t *p, size_t n, int64_t now_ms)
{
	if (rx->result != TEM106_NEED_MORE || n == 0)
		return rx->result;
	/* Bytes after a pause that already ended the frame (or the wait) decide nothing new. */
	if (meter_rx_expire(rx, now_ms) != TEM106_NEED_MORE)
		return rx->result;
	rx->last_ms = now_ms;
	for (size_t i = 0; i < n; i++) {
		int e = echo_byte(rx, p[i]);
		if (e < 0)
			return rx->result = e;
		if (e > 0)
			continue;
		rx->buf[rx->len++] = p[i];
		size_t frame_len = 0;
		int rc = tem106_answer_scan(&rx->exp, rx->buf, rx->len, &frame_len);
		if (rc == TEM106_NEED_MORE && rx->len < sizeof rx->buf)
			continue;
		if (rc == 0)
			rx->frame_len = frame_len;
		rx->result = rc == TEM106_NEED_MORE ? TEM106_E_LEN_MAX : rc;
		return rx->result;
	}
	return rx->result;
}
