/* smpp_dlr.c - receipt text, stat words and id forms (see smpp_dlr.h). */
#include "smpp_dlr.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "smpp_err.h"
#include "smpp_pdu.h"

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Does key (lower case, ending in ':') start at text[i], at a word boundary? */
static bool key_at(const uint8_t *text, size_t len, size_t i, const char *key)
{
	size_t n = strlen(key);
	if (i + n > len || (i > 0 && text[i - 1] != ' '))
		return false;
	for (size_t k = 0; k < n; k++)
		if (lower((char)text[i + k]) != key[k])
			return false;
	return true;
}

/* Copies the value after the key at i into dst (to the next space), cut to size. */
static void value_at(const uint8_t *text, size_t len, size_t i, char *dst, size_t size)
{
	size_t o = 0;
	while (i < len && text[i] != ' ' && text[i] != '\0') {
		if (o + 1 < size)
			dst[o++] = (char)text[i];
		i++;
	}
	dst[o] = '\0';
}

int smpp_dlr_parse(const uint8_t *text, size_t len, struct smpp_dlr *out)
{
	memset(out, 0, sizeof *out);
	bool have_id = false, have_stat = false, have_err = false;
	for (size_t i = 0; i < len; i++) {
		/* "text:" ends the fields: what follows is the message's own words. */
		if (key_at(text, len, i, "text:"))
			break;
		if (!have_id && key_at(text, len, i, "id:")) {
			value_at(text, len, i + 3, out->id, sizeof out->id);
			have_id = true;
		} else if (!have_stat && key_at(text, len, i, "stat:")) {
			value_at(text, len, i + 5, out->stat, sizeof out->stat);
			have_stat = true;
		} else if (!have_err && key_at(text, len, i, "err:")) {
			value_at(text, len, i + 4, out->err, sizeof out->err);
			have_err = true;
		}
	}
	return out->id[0] ? SMPP_OK : SMPP_ENOTFOUND;
}

static const struct {
	const char *word;
	uint8_t state;
} stat_words[] = {
	{"DELIVRD", SMPP_STATE_DELIVERED}, {"DELIVERED", SMPP_STATE_DELIVERED},
	{"EXPIRED", SMPP_STATE_EXPIRED},   {"DELETED", SMPP_STATE_DELETED},
	{"UNDELIV", SMPP_STATE_UNDELIVERABLE}, {"ACCEPTD", SMPP_STATE_ACCEPTED},
	{"UNKNOWN", SMPP_STATE_UNKNOWN},   {"REJECTD", SMPP_STATE_REJECTED},
	{"ENROUTE", SMPP_STATE_ENROUTE},
};

uint8_t smpp_dlr_state(const char *stat)
{
	for (size_t i = 0; i < sizeof stat_words / sizeof *stat_words; i++) {
		const char *w = stat_words[i].word;
		size_t k = 0;
		while (w[k] && upper(stat[k]) == w[k])
			k++;
		if (!w[k] && !stat[k])
			return stat_words[i].state;
	}
	return 0;
}

static bool all_of(const char *s, const char *set)
{
	return *s && s[strspn(s, set)] == '\0';
}

/* Adds form to out unless it is there already or empty; returns the new count. */
static size_t add_form(char out[][SMPP_DLR_ID_MAX], size_t n, size_t max, const char *form)
{
	if (n >= max || !form[0])
		return n;
	for (size_t i = 0; i < n; i++)
		if (strcmp(out[i], form) == 0)
			return n;
	snprintf(out[n], SMPP_DLR_ID_MAX, "%s", form);
	return n + 1;
}

/* Parses s (digits of base 10 or 16) into *v; false on overflow or more than 20 digits. */
static bool parse_u64(const char *s, unsigned base, uint64_t *v)
{
	uint64_t x = 0;
	for (; *s; s++) {
		unsigned d = *s >= '0' && *s <= '9' ? (unsigned)(*s - '0')
						    : (unsigned)(lower(*s) - 'a' + 10);
		if (x > (UINT64_MAX - d) / base)
			return false;
		x = x * base + d;
	}
	*v = x;
	return true;
}

size_t smpp_dlr_id_forms(const char *id, char out[][SMPP_DLR_ID_MAX], size_t max)
{
	if (max > SMPP_DLR_MAX_FORMS)
		max = SMPP_DLR_MAX_FORMS;
	char buf[SMPP_DLR_ID_MAX];
	size_t n = add_form(out, 0, max, id);
	uint64_t v;
	if (all_of(id, "0123456789") && parse_u64(id, 10, &v)) {
		snprintf(buf, sizeof buf, "%" PRIX64, v);
		n = add_form(out, n, max, buf);
		snprintf(buf, sizeof buf, "%" PRIx64, v);
		n = add_form(out, n, max, buf);
	}
	if (all_of(id, "0123456789abcdefABCDEF") && parse_u64(id, 16, &v)) {
		snprintf(buf, sizeof buf, "%" PRIu64, v);
		n = add_form(out, n, max, buf);
	}
	size_t len = strnlen(id, SMPP_DLR_ID_MAX - 1);
	for (size_t i = 0; i < len; i++)
		buf[i] = upper(id[i]);
	buf[len] = '\0';
	n = add_form(out, n, max, buf);
	for (size_t i = 0; i < len; i++)
		buf[i] = lower(id[i]);
	n = add_form(out, n, max, buf);
	size_t z = strspn(id, "0");
	if (z > 0 && z < len)
		n = add_form(out, n, max, id + z);
	return n;
}
