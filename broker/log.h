/*
 * log.h - the daemon's log: one line per event, "event key=value ...".
 *
 * Lines go to stderr (and syslog when configured) as
 *   2026-11-21T10:00:00.123Z info smpp.bind session=3 account=demo
 * The level is checked before anything is formatted. Callers never log
 * secrets: passwords are masked where they are read, not here.
 */
#ifndef SMSB_LOG_H
#define SMSB_LOG_H

#include <stdbool.h>

enum log_level { LOG_LVL_ERROR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

extern int log_threshold;

void log_setup(int level, bool use_syslog);
void log_emit(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_at(lvl, ...)                                                         \
	do {                                                                     \
		if ((lvl) <= log_threshold)                                      \
			log_emit((lvl), __VA_ARGS__);                            \
	} while (0)
#define log_error(...) log_at(LOG_LVL_ERROR, __VA_ARGS__)
#define log_warn(...) log_at(LOG_LVL_WARN, __VA_ARGS__)
#define log_info(...) log_at(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...) log_at(LOG_LVL_DEBUG, __VA_ARGS__)

/* Writes len bytes as hex into out (2*len+1 bytes), for PDU traces. */
void log_hex(char *out, const void *buf, unsigned len);

#endif
