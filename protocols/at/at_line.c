/* at_line.c - one modem line classified (see at_line.h). */
#include "at_line.h"

#include <stdlib.h>
#include <string.h>

/* Codes modems send unsolicited only: seen inside any answer, never one. */
static const char *const urc_names[] = {
	"+CMTI", "+CMT", "+CDS", "+CDSI", "+CBM", "+CBMI", "+CRING", "+CLIP", "+CCWA", "+CUSD",
	"+CIEV", "+CGEV", "+CTZV", "+CTZE", "+NITZ", "^RSSI", "^HCSQ", "^MODE", "^BOOT", "^SRVST",
	"^SIMST", "^SYSSTART", "^RFSWITCH", "^DSFLOWRPT", "^CEND", "^ORIG", "^CONF", "^CONN",
	"^STIN", "^NDISSTAT", "^EONS", "^ACTIVEBAND", "+PACSP", "+QIND", "^SMMEMFULL",
};

static const char *const pdu_names[] = {"+CMT", "+CDS", "+CMGL", "+CMGR"};

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

static const char *skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* "+CMS ERROR: 500" / "+CMS ERROR:500" / "+CMS ERROR: SIM busy" */
static bool error_line(const char *line, const char *prefix, struct at_line *out,
		       enum at_kind kind)
{
	size_t n = strlen(prefix);
	if (strncmp(line, prefix, n) != 0)
		return false;
	const char *p = skip_spaces(line + n);
	out->kind = kind;
	out->args = p;
	out->code = -1;
	if (*p >= '0' && *p <= '9') {
		char *end;
		long v = strtol(p, &end, 10);
		if (*skip_spaces(end) == '\0' && v <= 65535)
			out->code = (int)v;
	}
	return true;
}

static bool info_line(const char *line, struct at_line *out)
{
	if (line[0] != '+' && line[0] != '^')
		return false;
	size_t i = 1;
	while (line[i] && i < AT_NAME_MAX - 1 &&
	       ((line[i] >= 'A' && line[i] <= 'Z') || (line[i] >= '0' && line[i] <= '9') ||
		(line[i] >= 'a' && line[i] <= 'z') || line[i] == '_'))
		i++;
	if (i == 1 || (line[i] != ':' && line[i] != '\0'))
		return false;
	memcpy(out->name, line, i);
	out->name[i] = '\0';
	out->kind = AT_K_INFO;
	out->args = line[i] == ':' ? skip_spaces(line + i + 1) : line + i;
	out->unsolicited = in_list(out->name, urc_names, sizeof urc_names / sizeof *urc_names);
	out->pdu_follows = in_list(out->name, pdu_names, sizeof pdu_names / sizeof *pdu_names);
	return true;
}

void at_line_parse(const char *line, struct at_line *out)
{
	static const struct {
		const char *text;
		enum at_kind kind;
	} finals[] = {
		{"OK", AT_K_OK},           {"ERROR", AT_K_ERROR},   {"NO CARRIER", AT_K_NO_CARRIER},
		{"BUSY", AT_K_BUSY},       {"NO ANSWER", AT_K_NO_ANSWER},
		{"NO DIALTONE", AT_K_NO_DIALTONE}, {"NO DIAL TONE", AT_K_NO_DIALTONE},
		{"RING", AT_K_RING},
	};
	memset(out, 0, sizeof *out);
	out->args = "";
	out->code = -1;
	/* Trailing spaces are noise some firmware adds ("OK "). */
	size_t len = strlen(line);
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	for (size_t i = 0; i < sizeof finals / sizeof *finals; i++) {
		if (strlen(finals[i].text) == len && strncmp(line, finals[i].text, len) == 0) {
			out->kind = finals[i].kind;
			out->unsolicited = out->kind == AT_K_RING;
			return;
		}
	}
	if (strncmp(line, "CONNECT", 7) == 0 && (line[7] == '\0' || line[7] == ' ')) {
		out->kind = AT_K_CONNECT;
		out->args = skip_spaces(line + 7);
		return;
	}
	if (error_line(line, "+CME ERROR:", out, AT_K_CME_ERROR) ||
	    error_line(line, "+CMS ERROR:", out, AT_K_CMS_ERROR))
		return;
	if (info_line(line, out))
		return;
	out->kind = AT_K_TEXT;
	out->args = line;
}

bool at_kind_is_final(enum at_kind kind)
{
	return kind >= AT_K_OK && kind <= AT_K_CONNECT;
}

const char *at_kind_name(enum at_kind kind)
{
	switch (kind) {
	case AT_K_TEXT: return "text";
	case AT_K_OK: return "OK";
	case AT_K_ERROR: return "ERROR";
	case AT_K_CME_ERROR: return "+CME ERROR";
	case AT_K_CMS_ERROR: return "+CMS ERROR";
	case AT_K_NO_CARRIER: return "NO CARRIER";
	case AT_K_BUSY: return "BUSY";
	case AT_K_NO_ANSWER: return "NO ANSWER";
	case AT_K_NO_DIALTONE: return "NO DIALTONE";
	case AT_K_CONNECT: return "CONNECT";
	case AT_K_RING: return "RING";
	case AT_K_INFO: return "info";
	}
	return "?";
}
