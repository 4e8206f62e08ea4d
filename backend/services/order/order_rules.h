/*
 * order_rules.h: an item's option groups and their rules (PROTOCOL.md,
 * "Option groups"): {"id","name","min","max"} in the item's
 * "option_groups"; an option belongs to the group its "group" names. A
 * group with min >= 1 is required. A "group" that no rule defines is the
 * older kind: its options exclude each other (at most one), nothing is
 * required. Pure: jansson only.
 */
#ifndef BAEDAL_ORDER_RULES_H
#define BAEDAL_ORDER_RULES_H

#include <jansson.h>
#include <stddef.h>

#include "wire.h"

/* The rule of item for group id (borrowed), or NULL when none defines
 * it (or group is NULL). */
const json_t *order_rule_of(const json_t *item, const char *group);

/*
 * Check the options wanted (option ids, already known to exist, no
 * repeats) of line number line against every rule of item. Returns 0, or
 * -1 with an option_rule err naming the item, the group and the rule
 * broken ("떡볶이: 맛 선택 (spicy) needs at least 1 choice; the rule is
 * 1 to 1").
 */
int order_rules_check(const json_t *item, const json_t *wanted, size_t line,
    struct wire_error *err);

#endif
