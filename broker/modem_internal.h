/*
 * modem_internal.h - the state of one modem, shared by the files that
 * drive it: modem.c (lifecycle, set-up, health, timers), modem_chat.c (the
 * init chat script), modem_recv.c (incoming SMS and status reports) and
 * modem_send.c (AT+CMGS and the TP-MR table). Not for other modules.
 */
#ifndef SMSB_MODEM_INTERNAL_H
#define SMSB_MODEM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "at_chat.h"
#include "modem.h"
#include "modem_at.h"
#include "store.h"

enum modem_state {
	MODEM_CLOSED, /* waiting to (re)open */
	MODEM_CHAT,   /* running the init chat script */
	MODEM_SETUP,  /* PIN, SMS mode, storage, indications, APN */
	MODEM_READY,
};

#define MODEM_ABORTS_MAX 16
#define MODEM_SETTLE_MS 200
#define MODEM_TIMEOUTS_MAX 2 /* consecutive unanswered commands: reopen */

struct modem_chat {
	struct at_chat_step *steps;
	size_t n, idx;
	unsigned timeout_s;
	char aborts[MODEM_ABORTS_MAX][AT_CHAT_TEXT_MAX];
	size_t n_aborts;
	bool waiting;
	bool settling; /* after the ESC, before the first step */
	char last[128]; /* the modem's last line, for a failed step's log */
};

/* A store completion on its way back (inbound or report); m is NULL once the modem is gone. */
struct modem_ticket {
	struct modem_ticket *next;
	struct modem *m;
	int index;    /* storage index to delete after the commit; -1 = none */
	char remote_id[STORE_REMOTE_ID_MAX];
};

/* A send not yet answered. */
struct modem_send_req {
	struct modem_send_req *next;
	struct modem *m;
	char dest[24];
	int mr; /* from +CMGS, -1 until then */
	modem_sent_fn sent;
	void *arg;
};

/* What the last +CMGS with this TP-MR went out as. */
struct modem_mr_slot {
	char remote_id[STORE_REMOTE_ID_MAX];
	char dest[24];
};

struct modem {
	struct broker *b;
	char *connector, *mo_account, *device, *sim_pin, *smsc, *apn, *pdp_type, *storage, *cnmi;
	bool status_reports, text_mode;
	int64_t command_timeout_ms, send_timeout_ms, health_interval_ms, sweep_interval_ms;
	int64_t reopen_min_ms, reopen_max_ms, backoff_ms;
	char tag[9]; /* a short hash of the device path, in remote ids */
	modem_state_fn on_state;
	void *owner;

	struct modem_at *at;
	enum modem_state state;
	struct event *timer; /* reopen backoff, or the chat step deadline */
	struct event *health_ev, *sweep_ev;
	unsigned timeouts;   /* consecutive unanswered commands */
	struct modem_chat chat;
	int setup_step;
	bool pin_needed;

	int rssi, ber;       /* +CSQ; 99 unknown */
	int creg, cereg;     /* registration stat; -1 unknown */
	char own_number[24]; /* +CNUM, or "" */
	bool sweeping;

	uint8_t busy[32];    /* storage indexes (0..255) being read, stored or deleted */
	struct modem_ticket *tickets;
	struct modem_send_req *sends;
	unsigned n_sends;
	struct modem_mr_slot mr[256];
};

/* modem.c */
void modem_set_state(struct modem *m, enum modem_state s, const char *why);
/* Closes the port and reopens after the backoff. why is logged. */
void modem_reopen(struct modem *m, const char *why);
/* Submits a command with the modem's timeout; counts answers for the health check. 0 or -1. */
int modem_cmd(struct modem *m, const char *text, const char *expect, modem_at_line_fn on_line,
	      modem_at_done_fn done, void *arg);
/* A command's answer arrived or did not: keeps the count of consecutive timeouts. */
void modem_note_answer(struct modem *m, const struct modem_at_result *r);
/* The chat script ended: ok, or failed (logged by the chat). */
void modem_chat_done(struct modem *m, bool ok);

/* modem_chat.c */
/* Parses the configured lines, or the default script, into m->chat. 0 or -1 (logged). */
int modem_chat_load(struct modem *m, char *const *lines, size_t n);
/* ESC, a short settle, then the script (the timer drives it). */
void modem_chat_begin(struct modem *m);
/* The chat's step deadline passed. */
void modem_chat_timeout(struct modem *m);
/* Stops a running script (the port closed). */
void modem_chat_stop(struct modem *m);

/* modem_recv.c */
void modem_urc(void *arg, const struct at_line *l, const char *pdu);
/* AT+CMGL=4: every stored message. */
void modem_sweep(struct modem *m);
void modem_tickets_detach(struct modem *m);

/* modem_send.c */
void modem_sends_close(struct modem *m);
/* A status report for TP-MR mr to ra (digits): the remote id to look for. */
void modem_mr_lookup(const struct modem *m, unsigned mr, const char *ra, char *out, size_t cap);

/* Storage index bookkeeping (modem_recv.c). */
bool modem_busy_test_set(struct modem *m, unsigned index);
void modem_busy_clear(struct modem *m, unsigned index);

#endif
