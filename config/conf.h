/*
 * conf.h - the broker's configuration: the loaded, validated, immutable model.
 *
 * conf_load() parses one file (libconfig syntax, documented option by option
 * in config/smsbroker.conf), checks every option against the schema tables
 * (type, bounds, required, unknown keys, duplicate names, references to
 * undefined names) and returns a struct conf, or collects every error as
 * "file:line: message". A loaded conf never changes: a reload loads a new
 * one, and the daemon swaps it in only when it validated.
 *
 * Depends on libconfig and libc only; knows nothing of sockets or storage.
 * Strings are owned by the conf and freed by conf_free(). Durations are in
 * milliseconds, whatever unit the file used.
 */
#ifndef SMSB_CONF_H
#define SMSB_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The demo account's password: refused whenever a listener leaves loopback. */
#define CONF_DEMO_PASSWORD "demo1234"

/* A configuration file (or an @include'd one) larger than this is refused. */
#define CONF_MAX_FILE_SIZE (1024 * 1024)

/* One "host:port" of a listener, split and checked at load time. */
struct conf_endpoint {
	char *host;  /* "127.0.0.1", "::1", "0.0.0.0", "::" (no brackets) */
	uint16_t port;
	bool loopback; /* host is 127.0.0.0/8 or ::1 */
	int line;
};

struct conf_listener {
	bool enabled;
	struct conf_endpoint *endpoints;
	size_t n_endpoints;
	/* TLS listeners only (smpp_tls, https): */
	char *certificate; /* PEM file */
	char *private_key; /* PEM file */
	char *client_ca;   /* PEM file; NULL = no client certificates asked */
	bool verify_client;
};

enum conf_bind_kind {
	CONF_BIND_TRANSMITTER = 1 << 0,
	CONF_BIND_RECEIVER = 1 << 1,
	CONF_BIND_TRANSCEIVER = 1 << 2,
};

/* An IPv4 or IPv6 network, "10.0.0.0/8" or "::1/128"; a bare address is /32 or /128. */
struct conf_cidr {
	int family; /* AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint8_t prefix_len;
};

struct conf_account {
	char *system_id;     /* SMPP system_id, also the HTTP API user name */
	char *password;      /* resolved secret (inline, _env or _file); NULL if hashed */
	char *password_hash; /* "$pbkdf2-sha256$<iter>$<salt b64>$<hash b64>"; NULL if plain */
	char *system_type;   /* NULL = any */
	unsigned binds;      /* mask of enum conf_bind_kind */
	unsigned max_binds;  /* concurrent binds of this account */
	unsigned throughput; /* submits per second, 0 = unlimited */
	struct conf_cidr *allowed_ips; /* empty = any address */
	size_t n_allowed_ips;
	char *address_range; /* POSIX extended regex on destination of MO/receipts; NULL = all */
	int line;            /* where the account is defined, for later checks */
	int password_line;
};

struct conf_storage {
	char *backend;        /* "sqlite" */
	char *path;           /* database file; relative to the working directory */
	unsigned batch_max;   /* operations per group commit */
	int64_t busy_timeout_ms;
};

enum conf_log_level { CONF_LOG_ERROR, CONF_LOG_WARN, CONF_LOG_INFO, CONF_LOG_DEBUG };

struct conf_logging {
	enum conf_log_level level;
	bool syslog;     /* also to syslog(3) */
	bool trace_pdus; /* hex dumps of every PDU at debug level */
};

/* SMPP session behaviour (the server side); issue 3 reads these. */
struct conf_smpp {
	int64_t bind_timeout_ms;        /* connected but not bound */
	int64_t enquire_link_interval_ms; /* our enquire_link on an idle session */
	int64_t inactivity_timeout_ms;  /* no PDU at all: close */
	int64_t response_timeout_ms;    /* our request without a resp */
	unsigned window;                /* our outstanding requests per session */
	unsigned max_pdu_length;        /* command_length above this: generic_nack and close */
	unsigned lockout_failures;      /* failed binds from one address ... */
	int64_t lockout_window_ms;      /* ... within this window ... */
	int64_t lockout_time_ms;        /* ... lock it out for this long */
};

/* Where messages go next (issue 5). */
enum conf_connector_type {
	CONF_CONN_LOCAL, /* applications bound to this broker, as deliver_sm */
	CONF_CONN_SMPP,  /* an upstream SMSC: we bind to it as an ESME */
	CONF_CONN_MODEM, /* GSM modems on serial ports, over AT commands */
};

/* A modem's serial flow control, and how it sends (docs/modem.md). */
enum conf_modem_flow { CONF_FLOW_NONE, CONF_FLOW_RTSCTS, CONF_FLOW_XONXOFF };
enum conf_modem_sms_mode { CONF_SMS_PDU, CONF_SMS_TEXT };

/* How an smpp connector binds: one transceiver, or a transmitter and a receiver. */
enum conf_smpp_bind_mode { CONF_SMPP_TRANSCEIVER, CONF_SMPP_TX_RX };

struct conf_connector {
	char *name;
	int type;             /* enum conf_connector_type */
	char *account;        /* LOCAL: deliver to bound receivers of this account */
	unsigned throughput;  /* messages/s, 0 = unlimited */
	/* SMPP (docs/routing.md): the upstream SMSC and how we bind to it. */
	char *host;
	unsigned port;
	char *system_id;
	char *password;       /* resolved secret (inline, _env or _file) */
	int password_line;
	char *system_type;    /* NULL = empty */
	int bind_mode;        /* enum conf_smpp_bind_mode */
	unsigned binds;       /* parallel binds (each a transceiver, or a tx + rx pair) */
	bool tls;
	char *ca_file;        /* PEM; NULL = the system's CAs */
	bool verify_certificate;
	unsigned window;      /* submit_sm outstanding per bind */
	int64_t enquire_link_interval_ms;
	int64_t response_timeout_ms;
	int64_t reconnect_min_ms, reconnect_max_ms; /* decorrelated-jitter backoff bounds */
	int64_t throttle_pause_ms; /* ESME_RTHROTTLED / ESME_RMSGQFUL: stop sending this long */
	char *mo_account;     /* SMPP, MODEM: MO that no address_range takes; NULL = none */
	/* MODEM (docs/modem.md): a pool of modems; reconnect_min/max pace reopening. */
	char **devices;       /* AT command ports, one per modem */
	size_t n_devices;
	unsigned baud;
	int flow_control;     /* enum conf_modem_flow */
	char **init_script;   /* chat lines (at_chat.h); none = the default */
	size_t n_init_script;
	char *sim_pin;        /* resolved secret; NULL = the SIM asks for none */
	int sim_pin_line;
	char *smsc;           /* AT+CSCA; NULL = the SIM's */
	int sms_mode;         /* enum conf_modem_sms_mode */
	char *cnmi;           /* AT+CNMI parameters */
	char *sms_storage;    /* AT+CPMS: "SM", "ME" or "MT" */
	bool status_reports;  /* TP-SRR on every message */
	int64_t command_timeout_ms, send_timeout_ms, health_interval_ms, sweep_interval_ms;
	char *apn;            /* AT+CGDCONT=1,<pdp_type>,<apn>; NULL = left alone */
	char *pdp_type;
	unsigned limit_per_minute, limit_per_day; /* per modem (SIM); 0 = none */
	int line;
};

enum conf_route_mode { CONF_ROUTE_FAILOVER, CONF_ROUTE_LOADSHARE };

/* An ordered rule: the first route whose every match_* holds takes the message. */
struct conf_route {
	char *name;
	char *match_destination;  /* regex on the destination; NULL = any */
	char *match_source;       /* regex on the source address; NULL = any */
	char **match_accounts;    /* submitting accounts; none = any */
	size_t n_match_accounts;
	char *match_service_type; /* exact; NULL = any */
	char **connectors;        /* in order (failover) or shared (loadshare) */
	size_t n_connectors;
	int mode;                 /* enum conf_route_mode */
	int line;
};

/* Dispatching and retries (issue 5). */
struct conf_delivery {
	int64_t default_validity_ms; /* a message without validity_period expires after this */
	int64_t retry_min_ms;        /* first retry delay; doubles each attempt, with jitter */
	int64_t retry_max_ms;        /* ... up to this */
	unsigned max_attempts;       /* then the message is undeliverable */
	int64_t receiver_wait_ms;    /* no receiver bound: look again after this */
	unsigned batch;              /* messages claimed per dispatcher pass */
};

/* A TEM-106 heat meter (issue 9); meters with the same port share one line (RS-485). */
struct conf_meter {
	char *name;
	char *port;          /* "/dev/ttyUSB0" or "tcp://host:port" */
	unsigned baud;       /* 9600, 19200, 38400 or 57600 (serial only) */
	unsigned address;    /* network address 0..255 */
	int64_t timeout_ms;  /* per request */
	unsigned retries;    /* sends after the first */
	int64_t gap_ms;      /* a pause this long inside an answer ends it (the seed: 0.5 s) */
	unsigned archive_records; /* records of each archive kind a report fetches at most; 0 = none */
	int line;
};

/* Named lists of phone numbers, for reports (and forwarding rules, issue 7). */
struct conf_phone_group {
	char *name;
	char **numbers;
	size_t n_numbers;
	int line;
};

enum conf_missed { CONF_MISSED_RUN_ONCE, CONF_MISSED_SKIP };

/* A scheduled meter report: read the meters, send a text per meter to each recipient. */
struct conf_report {
	char *name;
	bool enabled;        /* false: kept in the file, never run */
	char **meters;       /* names in meters */
	size_t n_meters;
	char *schedule;      /* cron "minute hour day month weekday", local time; or NULL */
	int64_t interval_ms; /* or every this long; exactly one of the two */
	char **recipients;   /* phone numbers */
	size_t n_recipients;
	char **groups;       /* names in phone_groups */
	size_t n_groups;
	char *template;      /* text with {placeholders} (docs/tem106.md) */
	char *on_failure;    /* text when a reading fails; NULL = send nothing */
	unsigned decimals;   /* decimal places of numbers without their own */
	int missed;          /* enum conf_missed: a run missed while stopped */
	unsigned max_segments;
	char *source;        /* sender address of the SMS; NULL = none */
	char *account;       /* account that gets delivery receipts; NULL = none */
	char **targets;      /* names in forwarding, rules of target http or email */
	size_t n_targets;
	int line;
};

/* Email-to-SMS (issue 8): one POP3 inbox, polled on its own schedule. */
enum conf_pop3_security {
	CONF_POP3_NONE, /* plain POP3 (port 110) */
	CONF_POP3_STLS, /* POP3 upgraded with STLS (port 110); TLS required */
	CONF_POP3_TLS,  /* implicit TLS, POP3S (port 995) */
};

/* What happens to an email that sends no SMS (not a number, sender refused). */
enum conf_mail_action { CONF_MAIL_KEEP, CONF_MAIL_DELETE };

struct conf_pop3 {
	char *name;               /* for logs and the store's records; unique */
	bool enabled;
	char *host;
	unsigned port;            /* 0 = by security: 110, or 995 for "tls" */
	char *username;
	char *password;           /* resolved secret (inline, _env or _file) */
	int password_line;
	int security;             /* enum conf_pop3_security */
	bool verify_certificate;
	char *ca_file;            /* PEM; NULL = the system's CAs */
	int64_t check_interval_ms;
	int64_t timeout_ms;       /* connecting, and each command */
	unsigned max_per_poll;    /* new emails handled per poll; the rest wait for the next */
	unsigned max_message_size; /* bytes; larger emails are left alone */
	unsigned max_segments;    /* the seed's "SMS PDU limit"; longer text is cut */
	unsigned max_recipients;  /* numbers in one subject, separated by ',' or ';' */
	char **allowed_senders;   /* "user@domain", "@domain" or "*" */
	size_t n_allowed_senders;
	char *shared_secret;      /* resolved secret; NULL = none asked */
	int shared_secret_line;
	int non_number_subject;   /* enum conf_mail_action */
	int rejected_sender;      /* enum conf_mail_action */
	bool cut_quotes;
	bool cut_signature;
	char *account;            /* receipts go to this account; NULL = none */
	char *source;             /* the SMS's sender address; NULL = none */
	int line;
};

/*
 * The HTTP API (issue 10). The methods are the seed's Post/Get "Access"
 * list, plus the JSON API's status and lockout families; every endpoint
 * needs one of them (docs/http-api.md).
 */
enum conf_http_method {
	CONF_HTTP_SMS_SEND = 1 << 0,
	CONF_HTTP_SMS_LIST = 1 << 1,
	CONF_HTTP_SMS_READ = 1 << 2,
	CONF_HTTP_SMS_TOTAL = 1 << 3,
	CONF_HTTP_SMS_DELETE = 1 << 4,
	CONF_HTTP_MOBILE_DATA = 1 << 5,    /* accepted for the seed; no modem yet */
	CONF_HTTP_MOBILE_SIM_PIN = 1 << 6, /* accepted for the seed; no modem yet */
	CONF_HTTP_STATUS = 1 << 7,         /* sessions, connectors, queues, meters, inboxes */
	CONF_HTTP_LOCKOUTS = 1 << 8,       /* list blocked addresses, lift a block */
};

/* The seed's default Post/Get password: refused whenever a listener leaves loopback. */
#define CONF_DEMO_HTTP_PASSWORD "user_pass"

/* One API user: the seed's Post/Get "User name", "Password" and "Access". */
struct conf_http_user {
	char *name;          /* 5..32 of a-zA-Z0-9!@#%&*+/-=?^_`{|}~. */
	char *password;      /* resolved secret; NULL if hashed */
	char *password_hash; /* "$pbkdf2-sha256$..."; NULL if plain */
	int password_line;
	char **access_list;  /* method names as written ("sms_send", ...) */
	size_t n_access;
	unsigned access;     /* their mask of enum conf_http_method; 0 (an empty list) = every method (the seed) */
	struct conf_cidr *allowed_ips; /* empty = any address */
	size_t n_allowed_ips;
	char *account;       /* the account its messages are stored under; NULL = its name if that is an account */
	int line;
};

/* HTTP server limits (the listeners are listeners.http and listeners.https). */
struct conf_http {
	unsigned max_body_size;   /* bytes: larger gets 413 */
	unsigned max_header_size; /* bytes of all headers: larger gets 413 */
	unsigned max_url_length;  /* bytes of the request target: longer gets 414 */
	int64_t request_timeout_ms; /* a request (or an idle keep-alive connection) past this is closed */
	unsigned max_connections; /* over this, 503 and close */
	unsigned rate_limit;      /* requests/s per client address, 0 = unlimited: over it 429 */
	unsigned list_limit;      /* messages per sms_list answer or JSON page at most */
};

/*
 * Forwarding of incoming SMS and auto reply (issue 7, docs/forwarding.md).
 * A rule picks incoming messages (mode, destinations, connectors) and
 * delivers each to its target, durably and with retries.
 */
enum conf_fwd_target { CONF_FWD_HTTP, CONF_FWD_SMS, CONF_FWD_EMAIL, CONF_FWD_REPLY };
enum conf_fwd_mode { CONF_FWD_EVERYONE, CONF_FWD_LISTED, CONF_FWD_GROUP };
enum conf_fwd_method { CONF_FWD_GET, CONF_FWD_POST };
enum conf_fwd_body { CONF_FWD_FORM, CONF_FWD_JSON };
enum conf_smtp_security { CONF_SMTP_NONE, CONF_SMTP_STARTTLS, CONF_SMTP_TLS };
enum conf_smtp_auth { CONF_SMTP_AUTH_ANY, CONF_SMTP_AUTH_PLAIN, CONF_SMTP_AUTH_LOGIN };

struct conf_forward {
	char *name;
	bool enabled;
	int target;                /* enum conf_fwd_target (auto_reply: CONF_FWD_REPLY) */
	int mode;                  /* enum conf_fwd_mode: which senders */
	char **numbers;            /* mode "listed" */
	size_t n_numbers;
	char *group;               /* mode "group": a phone_groups name */
	char **destinations;       /* only messages to these numbers; none = any */
	size_t n_destinations;
	char **connectors;         /* only messages that came through these; none = any */
	size_t n_connectors;
	bool forward_command_rules; /* auto_reply: reply_command_rules */
	bool dont_save;            /* delete the message once every rule delivered it */
	bool include_sender;       /* append sender_format to the text */
	char *sender_format;       /* template, e.g. "\nFrom: {sender}" */
	int64_t retry_min_ms, retry_max_ms, ttl_ms, timeout_ms;
	/* HTTP */
	char *url;                 /* template */
	int method;                /* enum conf_fwd_method */
	int body;                  /* enum conf_fwd_body (POST) */
	char *number_name, *message_name;
	char **extra;              /* "name=value" (value: template) */
	size_t n_extra;
	bool base64;
	bool verify_certificate;   /* HTTPS and SMTP TLS */
	char *ca_file;
	char **headers;            /* "Name: value" (value: template) */
	size_t n_headers;
	char *token;               /* resolved secret; NULL = none */
	int token_line;
	char *token_header, *token_prefix;
	char **permanent_statuses; /* "404", ...: refusals not retried */
	size_t n_permanent_statuses;
	/* SMS and auto reply */
	char **recipients;
	size_t n_recipients;
	char **groups;             /* phone_groups names */
	size_t n_groups;
	char *source, *account;
	unsigned max_segments;
	char *text;                /* auto reply: the reply, a template */
	unsigned rate_limit;       /* auto reply: replies per sender per rate_window */
	int64_t rate_window_ms;
	/* Email */
	char *smtp_host;
	unsigned smtp_port;        /* 0 = 25, 587 with starttls, 465 with tls */
	int smtp_security;         /* enum conf_smtp_security */
	int smtp_auth;             /* enum conf_smtp_auth */
	char *smtp_username;
	char *smtp_password;       /* resolved secret */
	int smtp_password_line;
	char *from;
	char **to;
	size_t n_to;
	char *subject;             /* template */
	int line;
};

/* What counts as incoming besides modems and upstream SMSCs, and long messages. */
struct conf_incoming {
	char *own_numbers;           /* regex: the broker's own numbers; NULL = none */
	int64_t reassembly_timeout_ms; /* a long message's missing parts: wait this long */
	char *gap_marker;            /* in place of a missing part */
};

/* Posting receipts to the callback URL an HTTP API sender gave. */
struct conf_callbacks {
	int64_t timeout_ms, retry_min_ms, retry_max_ms, ttl_ms;
	bool verify_certificate;
	char *ca_file;
	char **permanent_statuses;
	size_t n_permanent_statuses;
};

struct conf {
	char *path; /* the file it came from */
	struct conf_listener smpp, smpp_tls, http, https;
	struct conf_account *accounts;
	size_t n_accounts;
	struct conf_storage storage;
	struct conf_logging logging;
	struct conf_smpp smpp_opts;
	struct conf_connector *connectors;
	size_t n_connectors;
	struct conf_route *routes;
	size_t n_routes;
	struct conf_delivery delivery;
	struct conf_meter *meters;
	size_t n_meters;
	struct conf_phone_group *phone_groups;
	size_t n_phone_groups;
	struct conf_report *reports;
	size_t n_reports;
	struct conf_pop3 *pop3;
	size_t n_pop3;
	struct conf_http http_opts;
	struct conf_http_user *http_users;
	size_t n_http_users;
	struct conf_forward *forwarding;
	size_t n_forwarding;
	struct conf_forward auto_reply;
	struct conf_incoming incoming;
	struct conf_callbacks receipt_callbacks;
};

/* One "file:line: message" per problem found, in file order. */
struct conf_errors {
	char **lines;
	size_t n;
};

/*
 * Loads and validates path. Returns the conf, or NULL with every problem in
 * errs (which the caller frees with conf_errors_clear). Secrets given as
 * *_env or *_file are resolved here; a missing variable or unreadable file
 * is an error naming the option's line.
 */
struct conf *conf_load(const char *path, struct conf_errors *errs);
void conf_free(struct conf *c);
void conf_errors_clear(struct conf_errors *errs);

/*
 * Same as conf_load() on text held in memory (len bytes, need not be
 * NUL-terminated); name stands for the file in messages. For tests and the
 * fuzzer; @include paths are relative to the working directory.
 */
struct conf *conf_load_string(const char *text, size_t len, const char *name,
			      struct conf_errors *errs);

/*
 * Reload support: the options that differ between old and new but that a
 * reload cannot apply (listeners, storage: see the reference's "restart"
 * marks), as full names like "storage.path" or "listeners.smpp.listen", in
 * table order. *names is set to a malloc'd array of *n malloc'd strings (NULL
 * and 0 when nothing such changed), freed with conf_names_free(). The daemon
 * logs "<name> changed; takes effect after restart" for each and applies the
 * rest. Returns 0, or -ENOMEM (then *names is NULL and *n is 0).
 */
int conf_diff_nonreloadable(const struct conf *old, const struct conf *new_conf, char ***names,
			    size_t *n);
void conf_names_free(char **names, size_t n);

/*
 * Writes the option reference generated from the schema tables to out: one
 * entry per option with its full name, type, default, unit, range, whether
 * a reload applies it, and its help line (for --print-config-reference).
 * Returns 0, or -EIO if writing failed.
 */
int conf_print_reference(FILE *out);

/*
 * Calls fn once per option path known to the schema, like "storage.path",
 * "listeners.smpp.listen" or "accounts[].password_env" (every form of a
 * secret), in table order; for tests that check the sample documents all.
 */
void conf_each_option(void (*fn)(const char *path, void *arg), void *arg);

/* "127.0.0.1:2775" or "[::1]:2775" into buf; returns buf. */
const char *conf_endpoint_format(const struct conf_endpoint *ep, char *buf, size_t size);

/* The account with this system_id, or NULL. */
const struct conf_account *conf_find_account(const struct conf *c, const char *system_id);

/* True if addr (AF_INET/AF_INET6 bytes, family) is inside cidr. */
bool conf_cidr_match(const struct conf_cidr *cidr, int family, const uint8_t *addr);

#endif
