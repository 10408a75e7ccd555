/*
 * modem_at.h - the AT command channel of one modem: its serial port
 * (libserialport; the descriptor watched by the event loop, never a
 * blocking read), the framing of what it writes (at_rx.h), and a command
 * queue with one command in flight and a timeout per command.
 *
 * Lines are sorted as they come: a "+NAME:" line whose name the command in
 * flight asked for (cmd.expect) is that command's answer; the final result
 * code ends it; unsolicited codes (+CMTI, +CMT with its PDU line, +CDS,
 * RING, ^RSSI, ...) go to the urc callback whenever they come, inside
 * another command's answer too; echoes and noise are dropped. For a
 * command with a body (AT+CMGS), the body and Ctrl-Z are written when the
 * "> " prompt comes.
 *
 * For chat scripts the channel has a raw mode: every line goes to one
 * callback as text and the queue waits.
 *
 * Callbacks never run inside modem_at_submit / modem_at_close: answers come
 * from loop events, and a close finishes the queued commands with
 * MODEM_AT_CLOSED from a deferred event. modem_at_free finishes them at
 * once, inside the call: the owner must still be usable then.
 */
#ifndef SMSB_MODEM_AT_H
#define SMSB_MODEM_AT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "at_line.h"

struct event_base;
struct modem_at;

enum modem_at_status {
	MODEM_AT_OK = 0,       /* final OK */
	MODEM_AT_FAILED = -1,  /* a final error (ERROR, +CMS ERROR, +CME ERROR, NO CARRIER, ...) */
	MODEM_AT_TIMEOUT = -2, /* no final result within the command's timeout */
	MODEM_AT_CLOSED = -3,  /* the port closed before an answer */
};

struct modem_at_result {
	int status;           /* enum modem_at_status */
	enum at_kind final;   /* the final result's kind (MODEM_AT_OK / FAILED) */
	int code;             /* +CMS / +CME ERROR number, -1 if none or given as text */
	char text[128];       /* the final line as received (for logs), or a reason */
};

/* An answer line of the command; pdu is the line after it when l->pdu_follows, else NULL. */
typedef void (*modem_at_line_fn)(void *arg, const struct at_line *l, const char *pdu);
typedef void (*modem_at_done_fn)(void *arg, const struct modem_at_result *r);

struct modem_at_cmd {
	const char *text;   /* "AT+CSQ" (no CR); copied */
	const char *body;   /* written after the "> " prompt, then Ctrl-Z; copied; NULL = none */
	const char *expect; /* the info name that answers ("+CSQ"); NULL = none */
	int64_t timeout_ms;
	modem_at_line_fn on_line; /* may be NULL */
	modem_at_done_fn done;    /* may be NULL */
	void *arg;
};

struct modem_at_handlers {
	/* An unsolicited code; pdu as for modem_at_line_fn. */
	void (*urc)(void *arg, const struct at_line *l, const char *pdu);
	/* The port failed (read error, hang-up) and is closed now. */
	void (*lost)(void *arg, const char *why);
	void *arg;
};

struct modem_at_port {
	const char *device; /* copied */
	unsigned baud;
	int flow;           /* enum conf_modem_flow */
};

struct modem_at *modem_at_new(struct event_base *base, const struct modem_at_port *port,
			      const struct modem_at_handlers *h);
void modem_at_free(struct modem_at *a);

/* Opens the port (8N1, baud, flow control). 0, or -1 with the reason logged. */
int modem_at_open(struct modem_at *a);
/* Closes the port; queued commands end with MODEM_AT_CLOSED (deferred). */
void modem_at_close(struct modem_at *a);
bool modem_at_is_open(const struct modem_at *a);

/* Queues a command. 0, or -1 (port closed, no memory): done will not run. */
int modem_at_submit(struct modem_at *a, const struct modem_at_cmd *c);
/* Commands queued or in flight. */
size_t modem_at_pending(const struct modem_at *a);

/*
 * Raw mode: with fn set, every line goes to fn and queued commands wait;
 * with NULL, back to commands. modem_at_write sends text and CR as is.
 */
void modem_at_raw(struct modem_at *a, void (*fn)(void *arg, const char *line), void *arg);
int modem_at_write(struct modem_at *a, const char *text);
/* Writes n bytes as they are (no CR). 0 or -1. */
int modem_at_send_bytes(struct modem_at *a, const char *bytes, size_t n);

const char *modem_at_device(const struct modem_at *a);

#endif
