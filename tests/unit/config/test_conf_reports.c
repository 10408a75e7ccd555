/*
 * Meter reports' forwarding targets (issue 9): names of forwarding rules
 * of target http or email, checked at load; an sms rule, an unknown name,
 * and a report with nowhere to go are refused with their file:line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "conf.h"
#include "conf_test_util.h"

#define METERS "meters = ( { name = \"heat1\"; port = \"tcp://127.0.0.1:4001\"; } );\n"
#define RULES                                                                                   \
	"forwarding = ( { name = \"crm\"; target = \"http\"; url = \"http://127.0.0.1:9/\"; },\n"     \
	"  { name = \"mail\"; target = \"email\"; smtp_host = \"127.0.0.1\"; from = \"a@b.test\";"    \
	" to = [\"c@d.test\"]; },\n"                                                                \
	"  { name = \"fwd\"; target = \"sms\"; recipients = [\"+4917612345678\"]; } );\n"
#define REPORT(targets)                                                                         \
	"reports = ( { name = \"r\"; meters = [\"heat1\"]; interval = \"1h\"; template = \"{meter}\";" \
	" " targets " } );"

static void test_targets_load(void **state)
{
	(void)state;
	struct conf *c = ct_load_ok(METERS RULES REPORT("targets = [\"crm\", \"mail\"];"));
	assert_int_equal(c->n_reports, 1);
	assert_int_equal(c->reports[0].n_targets, 2);
	assert_string_equal(c->reports[0].targets[0], "crm");
	assert_string_equal(c->reports[0].targets[1], "mail");
	assert_int_equal(c->reports[0].n_recipients, 0); /* targets alone are somewhere to go */
	conf_free(c);
	c = ct_load_ok(METERS RULES REPORT("recipients = [\"+4917612345678\"];"));
	assert_int_equal(c->reports[0].n_targets, 0);
	conf_free(c);
}

static void test_target_mistakes(void **state)
{
	(void)state;
	ct_load_fails(METERS RULES REPORT("targets = [\"fwd\"];"),
		      "test.conf:5: reports[0].targets: forwarding rule \"fwd\" is not of target http or email");
	ct_load_fails(METERS RULES REPORT("targets = [\"nope\"];"),
		      "test.conf:5: reports[0].targets: 'nope' is not defined in forwarding");
	ct_load_fails(METERS REPORT(""), "test.conf:2: reports[0]: needs recipients, groups or targets");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets_load),
		cmocka_unit_test(test_target_mistakes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
