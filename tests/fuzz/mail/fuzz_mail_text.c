/*
 * fuzz_mail_text - HTML to text, tidying and secret removal on arbitrary
 * bodies. Invariants: the output never outgrows the input (the contract
 * that sizes buffers), is NUL-terminated at the length returned, and
 * tidying is idempotent.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail_err.h"
#include "mail_html.h"
#include "mail_policy.h"
#include "mail_text.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *html = malloc(size + 1), *text = malloc(size + 1), *again = malloc(size + 1);
	if (!html || !text || !again)
		abort();
	size_t n = 0;
	if (mail_html_to_text((const char *)data, size, html, size + 1, &n) != MAIL_OK ||
	    n > size || html[n] != '\0')
		abort();
	const struct mail_text_opts o = {.cut_quotes = size & 1, .cut_signature = size & 2};
	memcpy(text, data, size);
	size_t t = mail_text_tidy(text, size, &o);
	if (t > size || text[t] != '\0')
		abort();
	/* Idempotence holds for valid UTF-8: in broken input, dropping a
	 * zero-width character can join stray bytes into a new one. */
	if (memchr(text, '\0', t) == NULL && utf8_validate((const char *)data, size, NULL) == 0) {
		memcpy(again, text, t + 1);
		/* Cuts may apply again to what the first pass uncovered; without them it is stable. */
		const struct mail_text_opts plain = {0};
		size_t u = mail_text_tidy(again, t, &plain);
		if (!o.cut_quotes && !o.cut_signature && (u != t || memcmp(again, text, t) != 0))
			abort();
		mail_secret_take(again, "s3cret");
	}
	free(html);
	free(text);
	free(again);
	return 0;
}
