/* http_plain.c - router-style plain-text answers (see http_plain.h). */
#include "http_plain.h"

#include <stdio.h>
#include <time.h>

static int fits(int n, size_t cap)
{
	return n >= 0 && (size_t)n < cap ? n : -1;
}

int http_plain_message(char *out, size_t cap, const struct http_plain_msg *m)
{
	char date[64] = "";
	time_t secs = (time_t)(m->date_ms / 1000);
	struct tm tm;
	if (gmtime_r(&secs, &tm))
		strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", &tm);
	int n = snprintf(out, cap,
			 "Index: %lld\nDate: %s\nSender: %s\nRecipient: %s\nText: %s\nStatus: %s\n"
			 HTTP_PLAIN_SEPARATOR "\n",
			 (long long)m->index, date, m->sender ? m->sender : "",
			 m->recipient ? m->recipient : "", m->text ? m->text : "",
			 m->status ? m->status : "");
	return fits(n, cap);
}

int http_plain_total(char *out, size_t cap, const struct http_plain_total *t)
{
	int n = snprintf(out, cap, "Used: %lld\nReceived: %lld\nSent: %lld\nReceipts: %lld\n",
			 (long long)t->used, (long long)t->received, (long long)t->sent,
			 (long long)t->receipts);
	return fits(n, cap);
}
