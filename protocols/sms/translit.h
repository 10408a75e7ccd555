/*
 * translit.h - look-alike replacements in the GSM default alphabet for
 * characters it lacks, for operators who prefer cheap 7-bit messages to
 * exact UCS-2 ones: Latin diacritics (Lithuanian, Latvian, Polish, Czech,
 * Romanian, Turkish, French, ...) to their base letters, Cyrillic to Latin
 * (Russian/Ukrainian/Belarusian/Serbian/Macedonian, a passport-style
 * scheme: Ж Zh, Щ Shch, Ю Yu), Greek to the GSM capital Greek letters,
 * typographic punctuation (curly quotes, dashes, ellipsis, odd spaces) to
 * ASCII. Lossy by design and only used when configured.
 */
#ifndef SMSB_TRANSLIT_H
#define SMSB_TRANSLIT_H

#include <stdint.h>

#define TRANSLIT_MAX 5 /* longest replacement in UTF-8 octets, plus a NUL */

/*
 * Writes the UTF-8 replacement for cp and a NUL into out and returns its
 * length (0 for a character that is best dropped, such as U+200B), or -1
 * when there is no replacement. Every replacement is no longer, in
 * septets, than twice cp's UTF-8 length, and only uses characters of the
 * default alphabet (with the extension table).
 */
int translit_char(uint32_t cp, char out[TRANSLIT_MAX]);

#endif
