/*
 * modem.h - one GSM modem on a serial port, driven over AT commands
 * (docs/modem.md): opened, initialised with a chat script and the SMS
 * settings, watched (signal, registration, answers), reopened with backoff
 * when it stops answering or vanishes; it sends SMS-SUBMIT PDUs, and reads
 * what arrives (+CMTI, +CMT, +CDS, +CDSI, and a periodic AT+CMGL sweep)
 * into the store: incoming SMS through inbound_submit(), status reports
 * through dispatch_report(), each deleted from the modem (AT+CMGD) only
 * after the store committed it.
 *
 * The connector (conn_modem.c) owns its modems; a modem owns its AT
 * channel. Store completions reach a modem through tickets the modem
 * detaches when it is freed, so a late completion never touches freed
 * memory.
 */
#ifndef SMSB_MODEM_H
#define SMSB_MODEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct broker;
struct modem;

struct modem_opts {
	const char *connector;   /* the connector's name (store rows, reports) */
	const char *mo_account;  /* incoming SMS no address_range takes; NULL = none */
	const char *device;
	unsigned baud;
	int flow;                /* enum conf_modem_flow */
	char *const *init_script; /* chat lines; n_init_script 0 = the default */
	size_t n_init_script;
	const char *sim_pin, *smsc, *apn, *pdp_type, *storage, *cnmi; /* NULL = not set */
	bool status_reports;
	bool text_mode;          /* send single GSM messages in text mode (AT+CMGF=1) */
	int64_t command_timeout_ms, send_timeout_ms;
	int64_t health_interval_ms, sweep_interval_ms;
	int64_t reopen_min_ms, reopen_max_ms;
};

/* The modem is ready (true) or not any more (false); for the connector to wake the dispatcher. */
typedef void (*modem_state_fn)(void *arg, struct modem *m, bool ready);

/* Copies what it needs from o; opens the port from the loop. NULL on no memory or a bad init_script (logged). */
struct modem *modem_new(struct broker *b, const struct modem_opts *o, modem_state_fn on_state,
			void *arg);
/* Closes the port; sends not yet answered end with MODEM_SEND_CLOSED; store tickets are detached. */
void modem_free(struct modem *m);

/* Initialised, registered (or registration unknown) and not overloaded. */
bool modem_ready(const struct modem *m);
/* Sends queued or in flight. */
unsigned modem_sending(const struct modem *m);
const char *modem_device(const struct modem *m);

enum modem_send_status {
	MODEM_SEND_OK = 0,       /* +CMGS: <mr>; remote_id names it for the status report */
	MODEM_SEND_CMS = -1,     /* +CMS ERROR: cms (or ERROR: cms -1) */
	MODEM_SEND_TIMEOUT = -2, /* no answer: it may have gone out */
	MODEM_SEND_CLOSED = -3,  /* the modem went away before sending */
};

/* result: enum modem_send_status; remote_id valid during the call only (OK only). */
typedef void (*modem_sent_fn)(void *arg, int result, int cms, const char *remote_id);

struct modem_sms {
	const char *pdu_hex;     /* SCA + SMS-SUBMIT, as AT+CMGS wants it in PDU mode */
	unsigned tpdu_len;       /* AT+CMGS=<n>: octets without the SCA */
	const char *dest;        /* destination digits, for the report's match */
	const char *text;        /* text mode only: printable ASCII, or NULL for PDU mode */
	bool srr;                /* text mode: ask for a status report */
};

/* Queues one message. 0 (sent runs later, exactly once) or -1 (not ready, no memory). */
int modem_send(struct modem *m, const struct modem_sms *s, modem_sent_fn sent, void *arg);

#endif
