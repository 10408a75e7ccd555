/* at_chat.c - chat script lines (see at_chat.h). */
#include "at_chat.h"

#include <string.h>

/* Reads one word at *pp into out; 1 if one was read, 0 at the end, -1 on error. */
static int word(const char **pp, char *out, const char **why)
{
	const char *p = *pp;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p) {
		*pp = p;
		return 0;
	}
	const char *start = p, *end;
	if (*p == '\'' || *p == '"') {
		end = strchr(p + 1, *p);
		if (!end) {
			*why = "unterminated quote";
			return -1;
		}
		start = p + 1;
		p = end + 1;
	} else {
		while (*p && *p != ' ' && *p != '\t')
			p++;
		end = p;
	}
	size_t n = (size_t)(end - start);
	if (n >= AT_CHAT_TEXT_MAX) {
		*why = "a word is too long";
		return -1;
	}
	memcpy(out, start, n);
	out[n] = '\0';
	*pp = p;
	return 1;
}

int at_chat_parse_line(const char *line, struct at_chat_step *out, const char **why)
{
	memset(out, 0, sizeof *out);
	char extra[AT_CHAT_TEXT_MAX];
	const char *p = line;
	int a = word(&p, out->expect, why);
	int b = a == 1 ? word(&p, out->send, why) : a;
	int c = b == 1 ? word(&p, extra, why) : b;
	if (a < 0 || b < 0 || c < 0)
		return -1;
	if (a == 0 || b == 0 || c == 1) {
		*why = "a line is two words: expect send, TIMEOUT n or ABORT text";
		return -1;
	}
	if (strcmp(out->expect, "TIMEOUT") == 0) {
		unsigned v = 0;
		const char *d = out->send;
		if (!*d || strlen(d) > 4)
			goto bad_timeout;
		for (; *d; d++) {
			if (*d < '0' || *d > '9')
				goto bad_timeout;
			v = v * 10 + (unsigned)(*d - '0');
		}
		if (v < 1 || v > AT_CHAT_TIMEOUT_MAX)
			goto bad_timeout;
		out->kind = AT_CHAT_TIMEOUT;
		out->timeout_s = v;
		out->expect[0] = out->send[0] = '\0';
		return 0;
	}
	if (strcmp(out->expect, "ABORT") == 0) {
		if (!out->send[0]) {
			*why = "ABORT needs a text";
			return -1;
		}
		out->kind = AT_CHAT_ABORT;
		memcpy(out->expect, out->send, sizeof out->expect);
		out->send[0] = '\0';
		return 0;
	}
	out->kind = AT_CHAT_EXPECT_SEND;
	return 0;
bad_timeout:
	*why = "TIMEOUT takes seconds, 1..600";
	return -1;
}
