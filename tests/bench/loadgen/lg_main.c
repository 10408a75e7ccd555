/*
 * lg_main.c - smsb_loadgen: an SMPP load generator for benchmarking
 * smsbroker (or any SMSC). See lg_opts.c for the command line and
 * docs/benchmarks.md for the scenarios that use it.
 *
 * It is a benchmark tool, not a test oracle: it uses the project's own
 * SMPP codec to build templates and to read deliver_sm.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>

#include "lg_opts.h"
#include "lg_run.h"

/* Thousands of sessions need thousands of descriptors: take the hard limit. */
static void raise_fd_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(int argc, char **argv)
{
	struct lg_opts o;
	int rc = lg_opts_parse(&o, argc, argv);
	if (rc != 0)
		return rc > 0 ? 0 : 2;
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit();

	static struct lg_run run; /* holds two histograms: keep it off the stack */
	if (lg_run_init(&run, &o) != 0) {
		fprintf(stderr, "smsb_loadgen: cannot set up the run (out of memory?)\n");
		lg_run_free(&run);
		return 1;
	}
	lg_run_go(&run);
	lg_stats_json(&run.st, &o, stdout);
	fflush(stdout);
	if (!o.quiet)
		lg_stats_human(&run.st, &o, stderr);
	int clean = lg_stats_clean(&run.st, &o);
	lg_run_free(&run);
	return clean ? 0 : 1;
}
