/*
 * lg_opts.c - getopt_long table and checks for the load generator (see
 * lg_opts.h). Every number is range-checked; a typo is an error, never a
 * silent zero.
 */
#include "lg_opts.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out,
		"usage: smsb_loadgen --port N [options]\n"
		"\n"
		"SMPP load generator: binds sessions to an SMSC, submits messages with a\n"
		"window per session, and reports submit_sm/s, send->resp latency, errors by\n"
		"status and deliver_sm/receipts per second. One JSON line on stdout, a human\n"
		"summary on stderr.\n"
		"\n"
		"  --host ADDR            IPv4 address (127.0.0.1)\n"
		"  --port N               port (required)\n"
		"  --system-id ID         system_id, or its prefix with --accounts (demo)\n"
		"  --password PW          password (demo1234)\n"
		"  --system-type T        system_type (empty)\n"
		"  --accounts K           spread sessions over system_ids ID0..ID{K-1} (1: ID itself)\n"
		"  --sessions N           submitting sessions (1)\n"
		"  --bind tx|trx          how submitting sessions bind (trx)\n"
		"  --window W             outstanding submit_sm per session (10)\n"
		"  --rate R               submit_sm/s over all sessions; 0 = as fast as possible (0)\n"
		"  --duration S           seconds of sending, or of holding idle sessions (5)\n"
		"  --count N              stop after N submit_sm in all (0 = by duration only)\n"
		"  --mix G,U,M            percent GSM 7-bit, UCS-2, multipart (100,0,0)\n"
		"  --parts P              segments per multipart message (3)\n"
		"  --registered-delivery  ask for a receipt on every message\n"
		"  --receivers N          bind_receiver sessions counting deliver_sm (0)\n"
		"  --idle N               bound sessions sending only enquire_link (0)\n"
		"  --idle-bind tx|rx|trx  how idle sessions bind (trx)\n"
		"  --enquire-interval S   seconds between an idle session's enquire_links (1)\n"
		"  --linger S             keep counting deliver_sm this long after the last resp (0)\n"
		"  --drain-timeout S      wait this long for outstanding resps at the end (5)\n"
		"  --bind-timeout S       all sessions must be bound within this (30)\n"
		"  --connect-parallel N   connects and binds in flight at once (200)\n"
		"  --watch-pid PID        report this process's RSS (VmRSS/VmHWM) when bound and at the end\n"
		"  --label TEXT           copied into the JSON line\n"
		"  --quiet                no human summary\n"
		"\n"
		"Exit status: 0 when every submit_sm got ESME_ROK and every session bound,\n"
		"1 otherwise, 2 on a bad command line.\n");
}

static int num(const char *name, const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || v < lo || v > hi) {
		fprintf(stderr, "smsb_loadgen: --%s wants a number in %g..%g, not '%s'\n", name, lo,
			hi, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int uint_opt(const char *name, const char *s, double lo, double hi, unsigned *out)
{
	double v;
	if (num(name, s, lo, hi, &v))
		return -1;
	if (v != (double)(unsigned)v) {
		fprintf(stderr, "smsb_loadgen: --%s wants a whole number, not '%s'\n", name, s);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static int bind_opt(const char *name, const char *s, bool allow_rx, enum lg_bind *out)
{
	if (!strcmp(s, "tx"))
		*out = LG_BIND_TX;
	else if (!strcmp(s, "trx"))
		*out = LG_BIND_TRX;
	else if (allow_rx && !strcmp(s, "rx"))
		*out = LG_BIND_RX;
	else {
		fprintf(stderr, "smsb_loadgen: --%s wants tx%s or trx, not '%s'\n", name,
			allow_rx ? ", rx" : "", s);
		return -1;
	}
	return 0;
}

static int mix_opt(const char *s, struct lg_opts *o)
{
	unsigned g, u, m;
	char tail;
	if (sscanf(s, "%u,%u,%u%c", &g, &u, &m, &tail) != 3 || g + u + m != 100) {
		fprintf(stderr, "smsb_loadgen: --mix wants three percentages summing to 100, "
				"like 70,20,10\n");
		return -1;
	}
	o->pct_gsm7 = g;
	o->pct_ucs2 = u;
	o->pct_multi = m;
	return 0;
}

const char *lg_bind_name(enum lg_bind b)
{
	return b == LG_BIND_TX ? "tx" : b == LG_BIND_RX ? "rx" : "trx";
}

enum {
	OPT_HOST = 256, OPT_PORT, OPT_SYSID, OPT_PASSWORD, OPT_SYSTYPE, OPT_ACCOUNTS,
	OPT_SESSIONS, OPT_BIND, OPT_WINDOW, OPT_RATE, OPT_DURATION, OPT_COUNT, OPT_MIX,
	OPT_PARTS, OPT_REGDLV, OPT_RECEIVERS, OPT_IDLE, OPT_IDLE_BIND, OPT_ENQUIRE,
	OPT_LINGER, OPT_DRAIN, OPT_BIND_TIMEOUT, OPT_PARALLEL, OPT_WATCH, OPT_LABEL,
	OPT_QUIET, OPT_HELP,
};

static const struct option longopts[] = {
	{"host", required_argument, NULL, OPT_HOST},
	{"port", required_argument, NULL, OPT_PORT},
	{"system-id", required_argument, NULL, OPT_SYSID},
	{"password", required_argument, NULL, OPT_PASSWORD},
	{"system-type", required_argument, NULL, OPT_SYSTYPE},
	{"accounts", required_argument, NULL, OPT_ACCOUNTS},
	{"sessions", required_argument, NULL, OPT_SESSIONS},
	{"bind", required_argument, NULL, OPT_BIND},
	{"window", required_argument, NULL, OPT_WINDOW},
	{"rate", required_argument, NULL, OPT_RATE},
	{"duration", required_argument, NULL, OPT_DURATION},
	{"count", required_argument, NULL, OPT_COUNT},
	{"mix", required_argument, NULL, OPT_MIX},
	{"parts", required_argument, NULL, OPT_PARTS},
	{"registered-delivery", no_argument, NULL, OPT_REGDLV},
	{"receivers", required_argument, NULL, OPT_RECEIVERS},
	{"idle", required_argument, NULL, OPT_IDLE},
	{"idle-bind", required_argument, NULL, OPT_IDLE_BIND},
	{"enquire-interval", required_argument, NULL, OPT_ENQUIRE},
	{"linger", required_argument, NULL, OPT_LINGER},
	{"drain-timeout", required_argument, NULL, OPT_DRAIN},
	{"bind-timeout", required_argument, NULL, OPT_BIND_TIMEOUT},
	{"connect-parallel", required_argument, NULL, OPT_PARALLEL},
	{"watch-pid", required_argument, NULL, OPT_WATCH},
	{"label", required_argument, NULL, OPT_LABEL},
	{"quiet", no_argument, NULL, OPT_QUIET},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

static int one(struct lg_opts *o, int opt, const char *arg)
{
	double d;
	unsigned u;
	switch (opt) {
	case OPT_HOST: o->host = arg; return 0;
	case OPT_PORT: return uint_opt("port", arg, 1, 65535, &u) ? -1 : (o->port = (int)u, 0);
	case OPT_SYSID: o->system_id = arg; return 0;
	case OPT_PASSWORD: o->password = arg; return 0;
	case OPT_SYSTYPE: o->system_type = arg; return 0;
	case OPT_ACCOUNTS: return uint_opt("accounts", arg, 1, 1000, &o->accounts);
	case OPT_SESSIONS: return uint_opt("sessions", arg, 0, 100000, &o->sessions);
	case OPT_BIND: return bind_opt("bind", arg, false, &o->bind);
	case OPT_WINDOW: return uint_opt("window", arg, 1, 100000, &o->window);
	case OPT_RATE: return num("rate", arg, 0, 1e8, &o->rate);
	case OPT_DURATION: return num("duration", arg, 0, 3600, &o->duration);
	case OPT_COUNT: return num("count", arg, 0, 1e12, &d) ? -1 : (o->count = (uint64_t)d, 0);
	case OPT_MIX: return mix_opt(arg, o);
	case OPT_PARTS: return uint_opt("parts", arg, 2, 255, &o->parts);
	case OPT_REGDLV: o->registered_delivery = true; return 0;
	case OPT_RECEIVERS: return uint_opt("receivers", arg, 0, 100000, &o->receivers);
	case OPT_IDLE: return uint_opt("idle", arg, 0, 100000, &o->idle);
	case OPT_IDLE_BIND: return bind_opt("idle-bind", arg, true, &o->idle_bind);
	case OPT_ENQUIRE: return num("enquire-interval", arg, 0, 3600, &o->enquire_interval);
	case OPT_LINGER: return num("linger", arg, 0, 600, &o->linger);
	case OPT_DRAIN: return num("drain-timeout", arg, 0, 600, &o->drain_timeout);
	case OPT_BIND_TIMEOUT: return num("bind-timeout", arg, 0.1, 600, &o->bind_timeout);
	case OPT_PARALLEL: return uint_opt("connect-parallel", arg, 1, 100000, &o->connect_parallel);
	case OPT_WATCH: return uint_opt("watch-pid", arg, 1, 1e9, &u) ? -1 : (o->watch_pid = (int)u, 0);
	case OPT_LABEL: o->label = arg; return 0;
	case OPT_QUIET: o->quiet = true; return 0;
	}
	return -1;
}

int lg_opts_parse(struct lg_opts *o, int argc, char **argv)
{
	*o = (struct lg_opts){
		.host = "127.0.0.1", .system_id = "demo", .password = "demo1234", .system_type = "",
		.accounts = 1, .sessions = 1, .bind = LG_BIND_TRX, .window = 10, .duration = 5,
		.pct_gsm7 = 100, .parts = 3, .idle_bind = LG_BIND_TRX, .enquire_interval = 1,
		.drain_timeout = 5, .bind_timeout = 30, .connect_parallel = 200, .label = "",
	};
	bool duration_given = false;
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			usage(stdout);
			return 1;
		}
		if (opt == '?' || one(o, opt, optarg) != 0) {
			usage(stderr);
			return -1;
		}
		if (opt == OPT_DURATION)
			duration_given = true;
	}
	if (optind < argc) {
		fprintf(stderr, "smsb_loadgen: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if (!o->port) {
		fprintf(stderr, "smsb_loadgen: --port is required\n");
		return -1;
	}
	if (o->count && !duration_given)
		o->duration = 0; /* a count alone runs until the count is reached */
	if (!o->count && o->duration <= 0) {
		fprintf(stderr, "smsb_loadgen: give --duration or --count\n");
		return -1;
	}
	if (o->sessions + o->receivers + o->idle == 0) {
		fprintf(stderr, "smsb_loadgen: no sessions to run\n");
		return -1;
	}
	return 0;
}
