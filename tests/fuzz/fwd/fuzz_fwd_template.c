/*
 * fuzz_fwd_template - the input split at the first NUL into a template and
 * a message text: the template expanded (plain and URL-escaped) with the
 * text as {text}; an email built with them as subject and body (its lines
 * within 998 octets, its subject words within 75); the text as the user
 * data of two stored parts of a long message, joined.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fwd_mail.h"
#include "fwd_template.h"
#include "fwd_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 2);
	if (!in)
		return 0;
	memcpy(in, data, size);
	in[size] = in[size + 1] = '\0';
	const char *tmpl = in;
	const char *text = in + strlen(in) + (strlen(in) < size ? 1 : 0);
	struct fwd_vars v = {.sender = "+4917", .destination = "1", .text = text, .message_id = "1",
			     .connector = "c", .rule = "r", .time_ms = 1714564800000LL};
	free(fwd_template_string(tmpl, &v, FWD_ESC_NONE));
	free(fwd_template_string(tmpl, &v, FWD_ESC_URL));

	char *to[] = {"a@b.c"};
	struct fwd_mail_in m = {.from = "f@b.c", .to = to, .n_to = 1, .subject = tmpl, .body = text,
				.date_ms = 0, .message_id = "x@y"};
	char *mail = fwd_mail_build(&m);
	if (mail) {
		for (const char *l = mail; *l;) {
			const char *e = strstr(l, "\r\n");
			if (!e || e - l > 998)
				abort();
			l = e + 2;
		}
		free(mail);
	}

	size_t half = size / 2 < 150 ? size / 2 : 150;
	struct store_msg parts[2] = {
		{.id = 1, .direction = STORE_DIR_MO, .concat_ref = 1, .part_total = 2, .part_seq = 2,
		 .data_coding = size ? data[0] : 0, .payload = data, .payload_len = (uint32_t)half},
		{.id = 2, .direction = STORE_DIR_MO, .concat_ref = 1, .part_total = 2, .part_seq = 1,
		 .data_coding = 8, .payload = data + half, .payload_len = (uint32_t)(size - half > 150 ? 150 : size - half)},
	};
	struct fwd_text_policy pol = {.timeout_ms = 1000, .gap = "[...]"};
	char *out = NULL;
	int64_t wait;
	unsigned missing;
	fwd_text_of(parts, 2, false, 0, &pol, &out, &wait, &missing);
	free(out);
	fwd_text_of(parts, 1, false, 10000000, &pol, &out, &wait, &missing);
	free(out);
	free(in);
	return 0;
}
