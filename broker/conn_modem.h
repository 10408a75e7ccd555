/*
 * conn_modem.h - the modem connector: a pool of GSM modems (modem.h)
 * behind one connector name. Messages go round-robin over the modems that
 * are ready and under their SIM's limits (limit_per_minute, limit_per_day,
 * counted in fixed windows that start with the first message in them).
 *
 * Outcomes: +CMGS: <mr> is DISPATCH_SENT with the remote_id modem_send.c
 * describes (a status report completes it); +CMS ERROR by at_cms.h's class,
 * DISPATCH_PERMFAIL or DISPATCH_TEMPFAIL, with the +CMS code as error_code;
 * no answer to AT+CMGS is a TEMPFAIL (the message may have gone out: it is
 * sent again, at-least-once as everywhere); a modem that closed before
 * sending gives NOTREADY; a row that cannot become a PDU (no number, too
 * long, unknown coding) is a PERMFAIL.
 */
#ifndef SMSB_CONN_MODEM_H
#define SMSB_CONN_MODEM_H

struct broker;
struct conf_connector;
struct connector;

/* Starts every modem of cc (from the next loop turn). NULL on no memory or a bad init_script. */
struct connector *conn_modem_new(struct broker *b, const struct conf_connector *cc);

#endif
