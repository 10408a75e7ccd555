/*
 * main.c - the command line: run, check a config, hash a password.
 *
 *   smsbroker [--config FILE]        run the broker (default /etc/smsbroker/smsbroker.conf)
 *   smsbroker --check-config FILE    validate FILE; exit 0 if valid, 1 if not
 *   smsbroker hash-password          read a password on stdin, print its hash
 *   smsbroker meter read NAME        read one TEM-106 meter once, print its values
 *   smsbroker --help | --version
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "meter_cli.h"
#include "password.h"

#define DEFAULT_CONFIG "/etc/smsbroker/smsbroker.conf"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: smsbroker [--config FILE]\n"
		"       smsbroker --check-config FILE\n"
		"       smsbroker hash-password < password\n"
		"       smsbroker meter read NAME [--config FILE]\n"
		"       smsbroker --help | --version\n"
		"\n"
		"SMS broker: an SMPP v3.4 SMSC with durable SQLite storage.\n"
		"\n"
		"  -c, --config FILE        configuration to run with (default " DEFAULT_CONFIG ")\n"
		"  -t, --check-config FILE  validate FILE, print every error as file:line: message\n"
		"  -h, --help               this text\n"
		"  -V, --version            the version\n"
		"\n"
		"Signals: SIGTERM/SIGINT stop in order (a second one stops at once),\n"
		"SIGHUP reloads the configuration (an invalid one is rejected, the old kept).\n"
		"\n"
		"Exit codes: 0 stopped normally or config valid, 1 configuration invalid,\n"
		"2 bad command line, 3 storage could not be opened, 4 a listener could not\n"
		"be opened, 5 stopped by a second signal, 6 internal error at start-up;\n"
		"meter read: 7 the meter could not be read.\n");
}

static int check_config(const char *path)
{
	struct conf_errors errs = {0};
	struct conf *c = conf_load(path, &errs);
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.lines[i]);
	conf_errors_clear(&errs);
	if (!c)
		return BROKER_EXIT_CONFIG;
	conf_free(c);
	printf("%s: ok\n", path);
	return BROKER_EXIT_OK;
}

static int hash_password(void)
{
	char line[1024];
	if (!fgets(line, sizeof line, stdin)) {
		fprintf(stderr, "smsbroker: no password on standard input\n");
		return BROKER_EXIT_USAGE;
	}
	line[strcspn(line, "\r\n")] = '\0';
	if (!line[0]) {
		fprintf(stderr, "smsbroker: empty password\n");
		return BROKER_EXIT_USAGE;
	}
	char hash[256];
	if (password_hash(line, PASSWORD_HASH_ITERATIONS, hash, sizeof hash) != 0) {
		fprintf(stderr, "smsbroker: cannot hash: no randomness\n");
		return BROKER_EXIT_INTERNAL;
	}
	printf("%s\n", hash);
	return BROKER_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"check-config", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	const char *config = DEFAULT_CONFIG;
	int opt;
	while ((opt = getopt_long(argc, argv, "c:t:hV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config = optarg;
			break;
		case 't':
			return check_config(optarg);
		case 'h':
			usage(stdout);
			return BROKER_EXIT_OK;
		case 'V':
			printf("smsbroker %s\n", SMSBROKER_VERSION);
			return BROKER_EXIT_OK;
		default:
			usage(stderr);
			return BROKER_EXIT_USAGE;
		}
	}
	if (optind < argc && strcmp(argv[optind], "hash-password") == 0 && optind + 1 == argc)
		return hash_password();
	if (optind + 3 == argc && strcmp(argv[optind], "meter") == 0 &&
	    strcmp(argv[optind + 1], "read") == 0)
		return meter_cli_read(config, argv[optind + 2]);
	if (optind < argc) {
		fprintf(stderr, "smsbroker: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return BROKER_EXIT_USAGE;
	}
	return broker_run(config);
}
