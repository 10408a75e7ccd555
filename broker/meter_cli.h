/*
 * meter_cli.h - `smsbroker meter read NAME [--config FILE]`: read one
 * configured meter once, on its own event loop, and print every decoded
 * value as "name = value" lines on stdout (logs go to stderr). Nothing is
 * stored and nothing is sent; a running daemon is not needed.
 */
#ifndef SMSB_METER_CLI_H
#define SMSB_METER_CLI_H

/* Exit code when the meter could not be read (timeout, bad answers, no port). */
#define METER_CLI_EXIT_FAILED 7

/* Returns an exit code: 0, 1 (config invalid), 2 (no such meter), 6, or METER_CLI_EXIT_FAILED. */
int meter_cli_read(const char *config_path, const char *name);

#endif
