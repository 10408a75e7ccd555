/*
 * at_chat.h - one line of a chat script in the style of chat(8), as the
 * Huawei module guide uses with pppd:
 *
 *     TIMEOUT 10            seconds to wait for each expected string
 *     ABORT BUSY            a line containing this fails the script
 *     ABORT 'NO CARRIER'
 *     '' AT                 expect nothing, send AT
 *     OK ATE0               wait for a line containing OK, then send ATE0
 *     OK ''                 wait for OK, send nothing (the script's last answer)
 *
 * A line is two words; a word is quoted with ' or " (and may then hold
 * spaces, or be empty) or runs to the next space (quotes inside it are kept:
 * OK AT+CPMS="SM","SM","SM"). Escapes are not interpreted; the broker adds
 * the CR after each command itself. Pure.
 */
#ifndef SMSB_AT_CHAT_H
#define SMSB_AT_CHAT_H

#define AT_CHAT_TEXT_MAX 160
#define AT_CHAT_TIMEOUT_MAX 600

enum at_chat_kind {
	AT_CHAT_EXPECT_SEND = 0, /* wait for expect (if not empty), then send send (if not empty) */
	AT_CHAT_TIMEOUT,         /* timeout_s for the expects that follow */
	AT_CHAT_ABORT,           /* expect is an abort string from now on */
};

struct at_chat_step {
	enum at_chat_kind kind;
	char expect[AT_CHAT_TEXT_MAX];
	char send[AT_CHAT_TEXT_MAX];
	unsigned timeout_s; /* AT_CHAT_TIMEOUT: 1..AT_CHAT_TIMEOUT_MAX */
};

/*
 * Parses line into *out. Returns 0, or -1 with *why set to a static reason
 * (not two words, an unterminated quote, a word too long, a bad TIMEOUT).
 */
int at_chat_parse_line(const char *line, struct at_chat_step *out, const char **why);

#endif
