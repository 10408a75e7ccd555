/* http_msgtext.c - stored parts to UTF-8 text (see http_msgtext.h). */
#include "http_msgtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dcs.h"
#include "sms_text.h"
#include "sms_ud.h"

static size_t one_part(const struct store_msg *m, char *out, size_t cap)
{
	struct dcs_info dcs;
	dcs_from_smpp(m->data_coding, &dcs);
	struct sms_ud_in in = {.ud = m->payload, .ud_len = m->payload_len, .udl = m->payload_len,
			       .udhi = (m->esm_class & 0x40) != 0, .packed = false,
			       .charset = dcs.charset};
	struct udh udh;
	struct sms_text text;
	uint8_t units[1024];
	size_t len = 0;
	if (dcs.charset == SMS_CS_8BIT || dcs.charset == SMS_CS_OTHER || dcs.compressed ||
	    sms_ud_decode(&in, &udh, units, sizeof units, &text) != 0 ||
	    sms_text_to_utf8(&text, out, cap, &len) != 0) {
		int n = snprintf(out, cap, "[binary, %u octets]", m->payload_len);
		return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
	}
	return len;
}

size_t http_msgtext(const struct store_msg *parts, size_t n, char *out, size_t cap)
{
	size_t len = 0;
	if (cap == 0)
		return 0;
	for (size_t i = 0; i < n && len + 1 < cap; i++)
		len += one_part(&parts[i], out + len, cap - len - 1);
	out[len] = '\0';
	return len;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool http_msgtext_match(const struct store_msg *parts, size_t n, void *arg)
{
	const char *needle = arg;
	size_t nl = strlen(needle);
	if (nl == 0)
		return true;
	size_t cap = n * 160 * 4 + 64;
	char *text = malloc(cap);
	if (!text)
		return false;
	size_t len = http_msgtext(parts, n, text, cap);
	bool found = false;
	for (size_t i = 0; !found && i + nl <= len; i++) {
		size_t k = 0;
		while (k < nl && lower(text[i + k]) == lower(needle[k]))
			k++;
		found = k == nl;
	}
	free(text);
	return found;
}
