/* at_cms.c - +CMS ERROR codes classified (see at_cms.h). */
#include "at_cms.h"

#include <stddef.h>

struct cms_entry {
	int code;
	enum at_cms_class cls;
	bool modem;
	const char *text;
};

#define T AT_CMS_TEMPORARY
#define P AT_CMS_PERMANENT

static const struct cms_entry cms_table[] = {
	/* RP causes, TS 24.011 Annex E.2 */
	{1, P, false, "unassigned number"},
	{8, P, false, "operator determined barring"},
	{10, P, false, "call barred"},
	{21, P, false, "short message transfer rejected"},
	{27, T, false, "destination out of service"},
	{28, P, false, "unidentified subscriber"},
	{29, P, false, "facility rejected"},
	{30, P, false, "unknown subscriber"},
	{38, T, false, "network out of order"},
	{41, T, false, "temporary failure"},
	{42, T, false, "congestion"},
	{47, T, false, "resources unavailable"},
	{50, P, false, "requested facility not subscribed"},
	{69, P, false, "requested facility not implemented"},
	{81, T, false, "invalid short message transfer reference"},
	{95, P, false, "invalid message"},
	{96, P, false, "invalid mandatory information"},
	{97, P, false, "message type non-existent"},
	{98, T, false, "message not compatible with protocol state"},
	{99, P, false, "information element non-existent"},
	{111, T, false, "protocol error"},
	{127, T, false, "interworking error"},
	/* TP-FCS, TS 23.040 9.2.3.22 */
	{128, P, false, "telematic interworking not supported"},
	{129, P, false, "short message type 0 not supported"},
	{130, P, false, "cannot replace short message"},
	{143, P, false, "unspecified TP-PID error"},
	{144, P, false, "data coding scheme not supported"},
	{145, P, false, "message class not supported"},
	{159, P, false, "unspecified TP-DCS error"},
	{160, P, false, "command cannot be actioned"},
	{161, P, false, "command unsupported"},
	{175, P, false, "unspecified TP-command error"},
	{176, P, false, "TPDU not supported"},
	{192, T, false, "SC busy"},
	{193, P, false, "no SC subscription"},
	{194, T, false, "SC system failure"},
	{195, P, false, "invalid SME address"},
	{196, P, false, "destination SME barred"},
	{197, P, false, "SM rejected, duplicate SM"},
	{198, P, false, "TP-VPF not supported"},
	{199, P, false, "TP-VP not supported"},
	{208, T, true, "SIM SMS storage full"},
	{209, T, true, "no SMS storage capability in SIM"},
	{210, T, true, "error in MS"},
	{211, T, true, "memory capacity exceeded"},
	{212, T, true, "SIM application toolkit busy"},
	{213, T, true, "SIM data download error"},
	{255, T, false, "unspecified error"},
	/* ME / TA, TS 27.005 3.2.5 */
	{300, T, true, "ME failure"},
	{301, T, true, "SMS service of ME reserved"},
	{302, P, false, "operation not allowed"},
	{303, P, false, "operation not supported"},
	{304, P, false, "invalid PDU mode parameter"},
	{305, P, false, "invalid text mode parameter"},
	{310, T, true, "SIM not inserted"},
	{311, T, true, "SIM PIN required"},
	{312, T, true, "PH-SIM PIN required"},
	{313, T, true, "SIM failure"},
	{314, T, true, "SIM busy"},
	{315, T, true, "SIM wrong"},
	{316, T, true, "SIM PUK required"},
	{317, T, true, "SIM PIN2 required"},
	{318, T, true, "SIM PUK2 required"},
	{320, T, true, "memory failure"},
	{321, T, false, "invalid memory index"},
	{322, T, true, "memory full"},
	{330, T, true, "SMSC address unknown"},
	{331, T, true, "no network service"},
	{332, T, false, "network timeout"},
	{340, T, false, "no +CNMA acknowledgement expected"},
	{500, T, false, "unknown error"},
};

#undef T
#undef P

static const struct cms_entry *find(int code)
{
	for (size_t i = 0; i < sizeof cms_table / sizeof *cms_table; i++)
		if (cms_table[i].code == code)
			return &cms_table[i];
	return NULL;
}

enum at_cms_class at_cms_class(int code)
{
	const struct cms_entry *e = find(code);
	if (e)
		return e->cls;
	/* Reserved values inside the TP-PID / TP-DCS / TP-command groups are errors of the message. */
	if (code >= 128 && code <= 191)
		return AT_CMS_PERMANENT;
	return AT_CMS_TEMPORARY;
}

bool at_cms_modem_fault(int code)
{
	const struct cms_entry *e = find(code);
	return e && e->modem;
}

const char *at_cms_text(int code)
{
	const struct cms_entry *e = find(code);
	return e ? e->text : "unknown";
}
