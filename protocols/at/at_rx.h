/*
 * at_rx.h - framing of what a modem writes on its AT command port into
 * lines, plus the "> " prompt of AT+CMGS, which ends no line.
 *
 * A line ends at CR or LF; empty lines (the CR LF pairs around every
 * response) produce nothing. Control bytes other than TAB are dropped (line
 * noise, a stray Ctrl-Z echo); bytes from 0x80 up are kept (an operator's
 * name in 8-bit). A line longer than AT_RX_LINE_MAX keeps its first
 * AT_RX_LINE_MAX bytes and is delivered, marked truncated, when it ends, so
 * garbage without terminators can never grow memory. Pure: no I/O, no
 * allocation.
 */
#ifndef SMSB_AT_RX_H
#define SMSB_AT_RX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longer than any answer the broker reads: a PDU line is at most 2 * 176 hex digits. */
#define AT_RX_LINE_MAX 1024

enum at_rx_event {
	AT_RX_NONE = 0, /* all input consumed, no complete line yet */
	AT_RX_LINE,     /* rx->line holds a line (NUL-terminated, no terminator) */
	AT_RX_PROMPT,   /* "> " at the start of a line: the modem waits for the PDU */
};

struct at_rx {
	char line[AT_RX_LINE_MAX + 1];
	size_t len;
	bool truncated; /* AT_RX_LINE: the line was longer than AT_RX_LINE_MAX */
	bool pending;   /* internal: a line is being collected */
};

void at_rx_init(struct at_rx *rx);

/*
 * Consumes input from p[0..n) up to and including the first event, and
 * returns how many bytes it used (call again with the rest). *ev tells what
 * happened; an AT_RX_LINE stays in rx->line until the next call.
 */
size_t at_rx_feed(struct at_rx *rx, const uint8_t *p, size_t n, enum at_rx_event *ev);

/* Forgets a half-received line (the port was reopened). */
void at_rx_reset(struct at_rx *rx);

#endif
