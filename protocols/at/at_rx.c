/* at_rx.c - modem output into lines and prompts (see at_rx.h). */
#include "at_rx.h"

#include <string.h>

void at_rx_init(struct at_rx *rx)
{
	memset(rx, 0, sizeof *rx);
}

void at_rx_reset(struct at_rx *rx)
{
	rx->len = 0;
	rx->truncated = false;
	rx->pending = false;
	rx->line[0] = '\0';
}

size_t at_rx_feed(struct at_rx *rx, const uint8_t *p, size_t n, enum at_rx_event *ev)
{
	*ev = AT_RX_NONE;
	if (!rx->pending)
		at_rx_reset(rx); /* the previous event's line is gone now */
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		if (c == '\r' || c == '\n') {
			if (rx->len == 0 && !rx->truncated)
				continue;
			rx->line[rx->len] = '\0';
			rx->pending = false;
			*ev = AT_RX_LINE;
			return i + 1;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7F)
			continue;
		rx->pending = true;
		if (rx->len < AT_RX_LINE_MAX)
			rx->line[rx->len++] = (char)c;
		else
			rx->truncated = true;
		if (rx->len == 2 && !rx->truncated && rx->line[0] == '>' && rx->line[1] == ' ') {
			rx->line[rx->len] = '\0';
			rx->pending = false;
			*ev = AT_RX_PROMPT;
			return i + 1;
		}
	}
	return n;
}
