/*
 * at_line.h - what one line from a modem is: a final result code (OK,
 * ERROR, +CME ERROR: n, +CMS ERROR: n, NO CARRIER, BUSY, ...), an
 * information response or unsolicited result code of the form "+NAME: args"
 * / "^NAME: args", RING, or plain text (an echo, a PDU, garbage).
 *
 * The classifier does not know which command is in flight: it says whether
 * a "+NAME:" line is a code modems only ever send unsolicited (+CMTI, +CMT,
 * +CDS, +CDSI, RING, ^RSSI, ^MODE, ...), and whether a PDU line follows
 * (+CMT, +CDS, +CMGL, +CMGR in PDU mode). The session decides the rest: a
 * line whose name the command in flight asked for is its answer, anything
 * else unsolicited. Lines are matched exactly (case and spacing as 27.007
 * writes them, with the space after ':' optional); verbose (ATV1) result
 * codes only. Pure: the struct points into the caller's line.
 */
#ifndef SMSB_AT_LINE_H
#define SMSB_AT_LINE_H

#include <stdbool.h>
#include <stddef.h>

enum at_kind {
	AT_K_TEXT = 0,     /* none of the below: echo, PDU hex, text-mode body, garbage */
	AT_K_OK,           /* final: success */
	AT_K_ERROR,        /* final: plain ERROR */
	AT_K_CME_ERROR,    /* final: +CME ERROR: <n or text> (equipment, 27.007 9.2) */
	AT_K_CMS_ERROR,    /* final: +CMS ERROR: <n or text> (message service, 27.005 3.2.5) */
	AT_K_NO_CARRIER,   /* final */
	AT_K_BUSY,         /* final */
	AT_K_NO_ANSWER,    /* final */
	AT_K_NO_DIALTONE,  /* final */
	AT_K_CONNECT,      /* final: data mode (the broker never dials; a sign of a wrong port) */
	AT_K_RING,         /* unsolicited: RING (no colon) */
	AT_K_INFO,         /* "+NAME: args", "^NAME: args", "+NAME", "^NAME" */
};

#define AT_NAME_MAX 24

struct at_line {
	enum at_kind kind;
	char name[AT_NAME_MAX]; /* AT_K_INFO: "+CMGS", "^RSSI"; "" otherwise */
	const char *args;       /* AT_K_INFO and errors: text after ':' and spaces; "" if none */
	int code;               /* AT_K_CME_ERROR / AT_K_CMS_ERROR: the number, -1 if given as text */
	bool unsolicited;       /* AT_K_RING, or an INFO name only ever sent unsolicited */
	bool pdu_follows;       /* +CMT, +CDS, +CMGL, +CMGR: the next line is a PDU (in PDU mode) */
};

/* Classifies line (NUL-terminated, no CR/LF). Never fails: unknown lines are AT_K_TEXT. */
void at_line_parse(const char *line, struct at_line *out);

/* True for the kinds that end a command (OK and every error / call result). */
bool at_kind_is_final(enum at_kind kind);

/* A static name for kind, for logs ("OK", "+CMS ERROR", ...). */
const char *at_kind_name(enum at_kind kind);

#endif
