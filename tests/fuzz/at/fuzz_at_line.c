/*
 * fuzz_at_line - arbitrary modem output through the framer, every line
 * through the classifier and the parameter splitter, and through the chat
 * script parser. Invariants: the framer consumes all input and never
 * returns a line longer than AT_RX_LINE_MAX or holding a control byte;
 * error codes are -1 or 0..65535; arguments and fields lie inside the line
 * (or are empty).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "at_args.h"
#include "at_chat.h"
#include "at_cms.h"
#include "at_line.h"
#include "at_rx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_line(const char *line, size_t len)
{
	if (len > AT_RX_LINE_MAX || strlen(line) != len)
		abort();
	for (size_t i = 0; i < len; i++)
		if (((uint8_t)line[i] < 0x20 && line[i] != '\t') || line[i] == 0x7F)
			abort();
	struct at_line l;
	at_line_parse(line, &l);
	if (l.code < -1 || l.code > 65535)
		abort();
	/* args points into the line, or is an empty string when there are none. */
	bool inside = l.args >= line && l.args <= line + len;
	if (!inside && l.args[0] != '\0')
		abort();
	(void)at_cms_class(l.code);
	(void)at_cms_text(l.code);
	struct at_field f[AT_ARGS_MAX];
	int n = at_args_split(l.args, f, AT_ARGS_MAX);
	for (int i = 0; i < n; i++) {
		if (inside && (f[i].p < line || f[i].p + f[i].len > line + len))
			abort();
		unsigned v;
		(void)at_field_uint(&f[i], 255, &v);
	}
	struct at_chat_step s;
	const char *why;
	if (at_chat_parse_line(line, &s, &why) == 0 &&
	    (strlen(s.expect) >= AT_CHAT_TEXT_MAX || strlen(s.send) >= AT_CHAT_TEXT_MAX))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct at_rx rx;
	at_rx_init(&rx);
	size_t used = 0;
	while (used < size) {
		enum at_rx_event ev;
		size_t n = at_rx_feed(&rx, data + used, size - used, &ev);
		if (n == 0 || n > size - used)
			abort();
		used += n;
		if (ev == AT_RX_LINE)
			check_line(rx.line, rx.len);
		else if (ev == AT_RX_PROMPT && strcmp(rx.line, "> ") != 0)
			abort();
	}
	return 0;
}
