/*
 * mail_policy.c - sender allow-list and shared secret (see mail_policy.h).
 */
#include "mail_policy.h"

#include <string.h>
#include <strings.h>

static bool addr_matches(const char *addr, const char *entry)
{
	if (strcmp(entry, "*") == 0)
		return true;
	if (entry[0] == '@') {
		const char *at = strrchr(addr, '@');
		return at && strcasecmp(at, entry) == 0;
	}
	return strcasecmp(addr, entry) == 0;
}

bool mail_sender_allowed(const char *addr, char *const *list, size_t n)
{
	if (!addr || !*addr || !strchr(addr, '@'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (list[i] && addr_matches(addr, list[i]))
			return true;
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool mail_secret_take(char *text, const char *secret)
{
	if (!text || !secret || !*secret)
		return false;
	size_t sl = strlen(secret);
	for (char *p = text; (p = strstr(p, secret)) != NULL; p++) {
		bool start_ok = p == text || is_space(p[-1]);
		bool end_ok = p[sl] == '\0' || is_space(p[sl]);
		if (!start_ok || !end_ok)
			continue;
		memmove(p, p + sl, strlen(p + sl) + 1);
		return true;
	}
	return false;
}
