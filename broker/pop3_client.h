/*
 * pop3_client.h - a blocking POP3 session over libcurl, for one poll of one
 * inbox on that inbox's worker thread (never on the event loop).
 *
 * One session is one TCP (or TLS) connection: libcurl keeps it between the
 * commands below, and pop3_client_close() ends it with QUIT, which is when
 * the server really deletes what DELE marked. Message numbers are only
 * valid within a session, so if libcurl had to reconnect after the listing
 * (the server dropped us), every later command fails with POP3_ERECONNECT
 * instead of touching a message by a number that may now mean another.
 *
 * TLS: "tls" is POP3S, "stls" requires the STLS upgrade; both TLS 1.2 or
 * newer, with the certificate chain and host name checked unless verify is
 * off. Every command (and connecting) times out after timeout_ms; a stop
 * flag set by another thread aborts whatever is under way within a second.
 */
#ifndef SMSB_POP3_CLIENT_H
#define SMSB_POP3_CLIENT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pop3_err {
	POP3_OK = 0,
	POP3_EAUTH = -1,      /* the server refused the user name or password */
	POP3_ETLS = -2,       /* TLS failed: certificate not trusted, no STLS, handshake */
	POP3_ENET = -3,       /* could not connect, or the connection broke */
	POP3_ETIMEOUT = -4,   /* connecting or a command took longer than the timeout */
	POP3_ESERVER = -5,    /* the server answered -ERR or nonsense */
	POP3_ETOOBIG = -6,    /* the message outgrew the size limit */
	POP3_ESTOPPED = -7,   /* the stop flag was raised */
	POP3_ERECONNECT = -8, /* the session was lost after the listing */
	POP3_ENOMEM = -9,
	POP3_ESTORE = -10,    /* the store failed to record (pop3_session.c) */
};

const char *pop3_err_str(int err);

struct pop3_client_opts {
	const char *host;
	unsigned port;          /* 0 = 110, or 995 with tls */
	const char *username, *password;
	int security;           /* enum conf_pop3_security */
	bool verify;
	const char *ca_file;    /* NULL = the system's */
	int64_t timeout_ms;
	size_t max_message;     /* bytes a RETR may bring */
	atomic_bool *stop;      /* raised by another thread: abort */
};

/* One message of the listing. */
struct pop3_entry {
	unsigned num;   /* the message number in this session */
	size_t size;    /* octets, as LIST says */
	char uidl[71];  /* "" if the server has no UIDL */
};

struct pop3_client;

/* Prepares a session (nothing is sent yet). NULL: out of memory. */
struct pop3_client *pop3_client_new(const struct pop3_client_opts *o);

/*
 * Connects, logs in, and lists the mailbox: UIDL when the server has it
 * (*have_uidl), and LIST for sizes. *entries (malloc'd, in message order) and
 * *n are set on success. At most max entries are kept (the first ones).
 */
int pop3_client_list(struct pop3_client *c, size_t max, struct pop3_entry **entries, size_t *n,
		     bool *have_uidl);

/* RETR num: the message, dot-unstuffed, in *buf (malloc'd, NUL-terminated) and *len. */
int pop3_client_retr(struct pop3_client *c, unsigned num, char **buf, size_t *len);

/* TOP num 0: only the headers (for the Message-ID when there is no UIDL). */
int pop3_client_top(struct pop3_client *c, unsigned num, char **buf, size_t *len);

/* DELE num: marked; deleted by the server at QUIT (pop3_client_close). */
int pop3_client_dele(struct pop3_client *c, unsigned num);

/* The last error as libcurl put it, for logs ("" if none). */
const char *pop3_client_detail(const struct pop3_client *c);

/* QUIT (if connected) and frees c. NULL is fine. */
void pop3_client_close(struct pop3_client *c);

#endif
