/*
 * lg_opts.h - the load generator's command line: what to connect to, how
 * many sessions of which kind, how hard to push and for how long.
 *
 * Parsing only: no I/O besides the usage text and error messages.
 */
#ifndef SMSB_LG_OPTS_H
#define SMSB_LG_OPTS_H

#include <stdbool.h>
#include <stdint.h>

enum lg_bind {
	LG_BIND_TX,  /* bind_transmitter */
	LG_BIND_RX,  /* bind_receiver */
	LG_BIND_TRX, /* bind_transceiver */
};

struct lg_opts {
	const char *host; /* numeric IPv4 address */
	int port;
	const char *system_id; /* with accounts > 1: the prefix, "<prefix><i % accounts>" */
	const char *password;
	const char *system_type;
	unsigned accounts;

	unsigned sessions; /* submitting sessions */
	enum lg_bind bind; /* LG_BIND_TX or LG_BIND_TRX */
	unsigned window;   /* outstanding submit_sm per session */
	double rate;       /* submit_sm per second over all sessions; 0 = as fast as possible */
	double duration;   /* seconds of sending (or of holding idle sessions); 0 = until count */
	uint64_t count;    /* submit_sm in all; 0 = until duration */
	unsigned pct_gsm7, pct_ucs2, pct_multi; /* the mix, summing to 100 */
	unsigned parts; /* segments of a multipart message, 2..255 */
	bool registered_delivery;

	unsigned receivers; /* bind_receiver sessions counting deliver_sm */
	unsigned idle;      /* bound sessions that only send enquire_link */
	enum lg_bind idle_bind;
	double enquire_interval; /* seconds between an idle session's enquire_links; 0 = never */

	double linger;        /* seconds to keep counting deliver_sm after the last submit_sm_resp */
	double drain_timeout; /* seconds to wait for outstanding responses once sending stops */
	double bind_timeout;  /* seconds for all sessions to connect and bind */
	unsigned connect_parallel; /* connects/binds in flight at once */

	int watch_pid; /* a process whose RSS to report (the daemon); 0 = none */
	const char *label;
	bool quiet; /* no human summary on stderr */
};

/*
 * Fills o from argv. Returns 0 to run, 1 when --help was printed, -1 on a
 * bad command line (the reason printed on stderr).
 */
int lg_opts_parse(struct lg_opts *o, int argc, char **argv);

const char *lg_bind_name(enum lg_bind b);

#endif
