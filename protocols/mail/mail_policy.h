/*
 * mail_policy.h - who may send SMS through an inbox: the sender allow-list
 * and the optional shared secret.
 *
 * Allow-list entries: an exact address ("ops@example.com"), a whole domain
 * ("@example.com"), or "*" for anyone. Comparison ignores ASCII case. The
 * From address can be forged, so an inbox that faces the world should also
 * ask for the shared secret: a word that must appear in the subject or the
 * body, and that is removed before the subject is read as numbers or the
 * body becomes the SMS.
 */
#ifndef SMSB_MAIL_POLICY_H
#define SMSB_MAIL_POLICY_H

#include <stdbool.h>
#include <stddef.h>

/* True if addr (an addr-spec, "user@domain") matches an entry of list[0..n). */
bool mail_sender_allowed(const char *addr, char *const *list, size_t n);

/*
 * Removes the first occurrence of secret as a whole word (bounded by
 * whitespace or the ends) from the NUL-terminated text, in place. Returns
 * true if it was there. An empty or NULL secret is never found.
 */
bool mail_secret_take(char *text, const char *secret);

#endif
