/*
 * mail_text.h - an email body's text made fit for an SMS: line ends,
 * whitespace, quoted replies and signatures.
 *
 * In place over UTF-8 (the result is never longer than the input):
 *  - CRLF and lone CR become LF;
 *  - with cut_signature, everything from a signature separator line
 *    ("-- ", or "--" as clients that strip trailing spaces send it) on;
 *  - with cut_quotes, lines quoted with '>', the "On ... wrote:" line that
 *    introduces them, and everything from an Outlook-style
 *    "-----Original Message-----" or "________________________________"
 *    line on;
 *  - tabs, no-break spaces (U+00A0) and runs of spaces become one space;
 *    zero-width spaces and byte order marks (U+200B, U+FEFF) go;
 *  - lines are trimmed, runs of blank lines become one, and blank lines at
 *    the start and the end go.
 * Invalid UTF-8 is passed through untouched (the SMS codec refuses it later).
 */
#ifndef SMSB_MAIL_TEXT_H
#define SMSB_MAIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct mail_text_opts {
	bool cut_quotes;
	bool cut_signature;
};

/* Tidies text[0..len) in place and NUL-terminates it (text has len + 1 bytes). Returns the new length. */
size_t mail_text_tidy(char *text, size_t len, const struct mail_text_opts *opts);

#endif
