/* translit.c - look-alike replacements for GSM 7-bit (see translit.h). */
#include "translit.h"

#include <string.h>

/* Base letters for U+00C0..U+00FF and U+0100..U+017F; '?' = see specials. */
static const char latin1_base[] = "AAAAAA?CEEEEIIII" "DNOOOOOxOUUUUY??"
				  "aaaaaa?ceeeeiiii" "dnooooo/ouuuuy?y";
static const char ext_a_base[] = "AaAaAaCcCcCcCcDd" "DdEeEeEeEeEeGgGg"
				 "GgGgHhHhIiIiIiIi" "Ii??JjKkkLlLlLlL"
				 "lLlNnNnNn?NnOoOo" "Oo??RrRrRrSsSsSs"
				 "SsTtTtTtUuUuUuUu" "UuUuWwYyYZzZzZzs";

/* U+00A0..U+00BF */
static const char *const latin1_sym[32] = {
	" ", "!", "c", "GBP", "o", "Y", "|", "S", "\"", "(c)", "a", "<<", "-", "-", "(R)", "-",
	"o", "+-", "2", "3", "'", "u", "P", ".", ",", "1", "o", ">>", "1/4", "1/2", "3/4", "?",
};

/* U+0400..U+045F */
static const char *const cyrillic[96] = {
	"E", "Yo", "Dj", "Gj", "Ye", "Dz", "I", "Yi", "J", "Lj", "Nj", "C", "Kj", "I", "U", "Dz",
	"A", "B", "V", "G", "D", "E", "Zh", "Z", "I", "Y", "K", "L", "M", "N", "O", "P",
	"R", "S", "T", "U", "F", "Kh", "Ts", "Ch", "Sh", "Shch", "\"", "Y", "'", "E", "Yu", "Ya",
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "\"", "y", "'", "e", "yu", "ya",
	"e", "yo", "dj", "gj", "ye", "dz", "i", "yi", "j", "lj", "nj", "c", "kj", "i", "u", "dz",
};

struct pair {
	uint16_t cp;
	const char *to;
};

/* Sorted by cp. Greek goes to the capital Greek letters GSM has. */
static const struct pair others[] = {
	{0x0009, " "},  {0x0060, "'"},  {0x0218, "S"},  {0x0219, "s"},  {0x021A, "T"},
	{0x021B, "t"},  {0x02C6, "^"},  {0x02DC, "~"},  {0x0386, "A"},  {0x0388, "E"},
	{0x0389, "H"},  {0x038A, "I"},  {0x038C, "O"},  {0x038E, "Y"},  {0x038F, "Ω"},
	{0x0390, "I"},  {0x0391, "A"},  {0x0392, "B"},  {0x0395, "E"},  {0x0396, "Z"},
	{0x0397, "H"},  {0x0399, "I"},  {0x039A, "K"},  {0x039C, "M"},  {0x039D, "N"},
	{0x039F, "O"},  {0x03A1, "P"},  {0x03A4, "T"},  {0x03A5, "Y"},  {0x03A7, "X"},
	{0x03AA, "I"},  {0x03AB, "Y"},  {0x03AC, "A"},  {0x03AD, "E"},  {0x03AE, "H"},
	{0x03AF, "I"},  {0x03B0, "Y"},  {0x03B1, "A"},  {0x03B2, "B"},  {0x03B3, "Γ"},
	{0x03B4, "Δ"},  {0x03B5, "E"},  {0x03B6, "Z"},  {0x03B7, "H"},  {0x03B8, "Θ"},
	{0x03B9, "I"},  {0x03BA, "K"},  {0x03BB, "Λ"},  {0x03BC, "M"},  {0x03BD, "N"},
	{0x03BE, "Ξ"},  {0x03BF, "O"},  {0x03C0, "Π"},  {0x03C1, "P"},  {0x03C2, "Σ"},
	{0x03C3, "Σ"},  {0x03C4, "T"},  {0x03C5, "Y"},  {0x03C6, "Φ"},  {0x03C7, "X"},
	{0x03C8, "Ψ"},  {0x03C9, "Ω"},  {0x03CA, "I"},  {0x03CB, "Y"},  {0x03CC, "O"},
	{0x03CD, "Y"},  {0x03CE, "Ω"},  {0x0490, "G"},  {0x0491, "g"},  {0x2002, " "},
	{0x2003, " "},  {0x2004, " "},  {0x2005, " "},  {0x2006, " "},  {0x2007, " "},
	{0x2008, " "},  {0x2009, " "},  {0x200A, " "},  {0x200B, ""},   {0x2010, "-"},
	{0x2011, "-"},  {0x2012, "-"},  {0x2013, "-"},  {0x2014, "-"},  {0x2015, "-"},
	{0x2018, "'"},  {0x2019, "'"},  {0x201A, ","},  {0x201B, "'"},  {0x201C, "\""},
	{0x201D, "\""}, {0x201E, "\""}, {0x2022, "*"},  {0x2026, "..."},
	{0x202F, " "},  {0x2032, "'"},  {0x2033, "\""}, {0x2039, "<"},  {0x203A, ">"},  {0x2044, "/"},
	{0x2116, "No"}, {0x2122, "TM"}, {0x2212, "-"},  {0xFEFF, ""},
};

static int put(char out[TRANSLIT_MAX], const char *s)
{
	size_t n = strlen(s);
	memcpy(out, s, n + 1);
	return (int)n;
}

static int put_char(char out[TRANSLIT_MAX], char c)
{
	out[0] = c;
	out[1] = '\0';
	return 1;
}

int translit_char(uint32_t cp, char out[TRANSLIT_MAX])
{
	if (cp >= 0xA0 && cp <= 0xBF)
		return put(out, latin1_sym[cp - 0xA0]);
	if (cp >= 0xC0 && cp <= 0xFF) {
		switch (cp) {
		case 0xC6: return put(out, "AE");
		case 0xDE: return put(out, "Th");
		case 0xDF: return put(out, "ss");
		case 0xE6: return put(out, "ae");
		case 0xFE: return put(out, "th");
		}
		return put_char(out, latin1_base[cp - 0xC0]);
	}
	if (cp >= 0x100 && cp <= 0x17F) {
		switch (cp) {
		case 0x132: return put(out, "IJ");
		case 0x133: return put(out, "ij");
		case 0x149: return put(out, "'n");
		case 0x152: return put(out, "OE");
		case 0x153: return put(out, "oe");
		}
		return put_char(out, ext_a_base[cp - 0x100]);
	}
	if (cp >= 0x400 && cp <= 0x45F)
		return put(out, cyrillic[cp - 0x400]);
	size_t lo = 0, hi = sizeof others / sizeof others[0];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (others[mid].cp == cp)
			return put(out, others[mid].to);
		if (others[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}
