/*
 * test_order_price.c: pricing and validating order lines against a menu
 * (backend/services/order/order_price.c) and card numbers (backend/services/common/card.c).
 */
#include <jansson.h>
#include <string.h>

#include "check.h"
#include "order_price.h"
#include "wire.h"
#include "card.h"

static const char shop_json[] =
    "{\"id\":\"chicken\",\"name\":\"Crispy\",\"open\":true,"
    "\"min_order\":15000,\"delivery_fee\":3000,\"menu\":["
    "{\"id\":\"fried\",\"name\":\"Fried\",\"price\":18000,\"sold_out\":false,"
    " \"options\":[{\"id\":\"boneless\",\"name\":\"Boneless\",\"price\":2000,"
    "  \"group\":null},{\"id\":\"large\",\"name\":\"Large\",\"price\":8000,"
    "  \"group\":\"size\"},{\"id\":\"family\",\"name\":\"Family\","
    "  \"price\":16000,\"group\":\"size\"}]},"
    "{\"id\":\"cola\",\"name\":\"Cola\",\"price\":2500,\"sold_out\":false,"
    " \"options\":[]},"
    "{\"id\":\"wings\",\"name\":\"Wings\",\"price\":9000,\"sold_out\":true,"
    " \"options\":[]}]}";

static json_t *
load(const char *text)
{
	json_t *v = json_loads(text, 0, NULL);

	if (v == NULL)
		check(0, "test JSON parses: %s", text);
	return v;
}

/* Price lines; returns the error code ("" on success) and *out. */
static const char *
price(const json_t *shop, const char *lines_text, json_t **out)
{
	static struct wire_error err;
	json_t *lines = load(lines_text);

	memset(&err, 0, sizeof err);
	*out = order_price(shop, lines, &err);
	json_decref(lines);
	return *out != NULL ? "" : err.code;
}

static void
expect_error(const json_t *shop, const char *lines, const char *code,
    const char *name)
{
	json_t *out;
	const char *got = price(shop, lines, &out);

	check(out == NULL && strcmp(got, code) == 0, "%s -> %s (got %s)", name,
	    code, out ? "a quote" : got);
	json_decref(out);
}

static void
test_prices(const json_t *shop)
{
	json_t *q, *line;

	price(shop, "[{\"item_id\":\"fried\",\"qty\":2,\"options\":"
	    "[\"boneless\",\"large\"]},{\"item_id\":\"cola\",\"qty\":1}]", &q);
	check(q != NULL, "a valid order is priced");
	if (q == NULL)
		return;
	line = json_array_get(json_object_get(q, "items"), 0);
	check(wire_int(line, "unit_price", 0) == 28000,
	    "unit price includes the options");
	check(wire_int(line, "line_total", 0) == 56000, "line total is unit x qty");
	check(json_array_size(json_object_get(line, "options")) == 2 &&
	    wire_int(json_array_get(json_object_get(line, "options"), 1),
	    "price", 0) == 8000, "priced options are listed");
	check(strcmp(json_string_value(json_object_get(line, "name")),
	    "Fried") == 0, "the line carries the menu's name");
	check(wire_int(q, "subtotal", 0) == 58500, "subtotal");
	check(wire_int(q, "delivery_fee", 0) == 3000, "delivery fee");
	check(wire_int(q, "total", 0) == 61500, "total = subtotal + fee");
	check(json_is_false(json_object_get(q, "below_minimum")),
	    "above the minimum");
	json_decref(q);

	price(shop, "[{\"item_id\":\"cola\",\"qty\":2}]", &q);
	check(q != NULL && json_is_true(json_object_get(q, "below_minimum")) &&
	    wire_int(q, "min_order", 0) == 15000,
	    "below the minimum is reported, not refused");
	json_decref(q);

	price(shop, "[{\"item_id\":\"cola\",\"qty\":1,\"total\":1,"
	    "\"unit_price\":1}]", &q);
	check(q != NULL && wire_int(q, "total", 0) == 5500,
	    "client prices are ignored");
	json_decref(q);
}

static void
test_refusals(json_t *shop)
{
	char many[4096];
	int i;

	expect_error(shop, "[{\"item_id\":\"nope\",\"qty\":1}]", E_NOT_FOUND,
	    "unknown item");
	expect_error(shop, "[{\"item_id\":\"wings\",\"qty\":1}]", E_SOLD_OUT,
	    "sold-out item");
	expect_error(shop, "[{\"item_id\":\"fried\",\"qty\":0}]",
	    E_BAD_REQUEST, "qty 0");
	expect_error(shop, "[{\"item_id\":\"fried\",\"qty\":51}]",
	    E_BAD_REQUEST, "qty 51");
	expect_error(shop, "[{\"item_id\":\"fried\",\"qty\":-3}]",
	    E_BAD_REQUEST, "negative qty");
	expect_error(shop, "[{\"item_id\":\"fried\",\"qty\":"
	    "9223372036854775807}]", E_BAD_REQUEST, "huge qty");
	expect_error(shop, "[{\"item_id\":\"fried\",\"qty\":1.5}]",
	    E_BAD_REQUEST, "fractional qty");
	expect_error(shop, "[{\"item_id\":\"fried\"}]", E_BAD_REQUEST,
	    "missing qty");
	expect_error(shop, "[{\"qty\":1}]", E_BAD_REQUEST, "missing item_id");
	expect_error(shop, "[7]", E_BAD_REQUEST, "a line that is no object");
	expect_error(shop, "[]", E_BAD_REQUEST, "no lines");
	expect_error(shop, "{}", E_BAD_REQUEST, "items not an array");
	expect_error(shop, "[{\"item_id\":\"fried\",\"qty\":1,\"options\":"
	    "[\"gold\"]}]", E_BAD_REQUEST, "unknown option");
	expect_error(shop, "[{\"item_id\":\"cola\",\"qty\":1,\"options\":"
	    "[\"boneless\"]}]", E_BAD_REQUEST, "another item's option");
	expect_error(shop, "[{\"item_id\":\"fried\",\"qty\":1,\"options\":"
	    "[\"large\",\"family\"]}]", E_BAD_REQUEST, "two options of a group");
	expect_error(shop, "[{\"item_id\":\"fried\",\"qty\":1,\"options\":"
	    "[\"boneless\",\"boneless\"]}]", E_BAD_REQUEST, "duplicate option");
	expect_error(shop, "[{\"item_id\":\"fried\",\"qty\":1,\"options\":"
	    "\"boneless\"}]", E_BAD_REQUEST, "options not an array");
	expect_error(shop, "[{\"item_id\":\"fried\",\"qty\":1,\"options\":"
	    "[1]}]", E_BAD_REQUEST, "option not a string");

	strcpy(many, "[");
	for (i = 0; i < 31; i++)
		strcat(many, i ? ",{\"item_id\":\"cola\",\"qty\":1}" :
		    "{\"item_id\":\"cola\",\"qty\":1}");
	strcat(many, "]");
	expect_error(shop, many, E_BAD_REQUEST, "31 lines");

	json_object_set_new(shop, "open", json_false());
	expect_error(shop, "[{\"item_id\":\"fried\",\"qty\":1}]",
	    E_SHOP_CLOSED, "closed shop");
	json_object_set_new(shop, "open", json_true());
	json_object_set_new(json_array_get(json_object_get(shop, "menu"), 1),
	    "price", json_integer(-5));
	expect_error(shop, "[{\"item_id\":\"cola\",\"qty\":1}]", E_INTERNAL,
	    "a bad catalog price");
	expect_error(json_object_get(shop, "nothing"),
	    "[{\"item_id\":\"cola\",\"qty\":1}]", E_INTERNAL, "no shop at all");
}

static void
test_text_and_cards(void)
{
	char longtext[300];
	char last4[5];

	memset(longtext, 'a', sizeof longtext - 1);
	longtext[sizeof longtext - 1] = '\0';
	check(order_text_check("서울시 강남구 1", "address", 200, NULL) == 0,
	    "a Korean address is fine");
	check(order_text_check("", "address", 200, NULL) != 0, "empty address");
	check(order_text_check("   ", "address", 200, NULL) != 0,
	    "blank address");
	check(order_text_check("a\nb", "address", 200, NULL) != 0,
	    "control character in address");
	check(order_text_check(longtext, "address", 200, NULL) != 0,
	    "address over 200 bytes");
	check(order_text_check(NULL, "reason", 200, NULL) != 0,
	    "missing reason");
	check(card_check("4111111111111111", NULL) == 0, "16-digit card");
	check(card_check("411111111111", NULL) == 0, "12-digit card");
	check(card_check("4111111111111111111", NULL) == 0, "19-digit card");
	check(card_check("41111111111", NULL) != 0, "11-digit card");
	check(card_check("41111111111111111111", NULL) != 0, "20-digit card");
	check(card_check("4111-1111-1111-1111", NULL) != 0, "card with dashes");
	check(card_check("", NULL) != 0, "empty card");
	card_last4("4111111111110002", last4);
	check(strcmp(last4, "0002") == 0, "last four digits");
}

/* A menu with option groups: 맛 exactly one, 토핑 none to two; an
 * option sold out. */
static const char rules_json[] =
    "{\"id\":\"bunsik\",\"name\":\"Bunsik\",\"open\":true,"
    "\"min_order\":0,\"delivery_fee\":0,\"menu\":[{\"id\":\"tb\","
    "\"name\":\"TB\",\"price\":4500,\"sold_out\":false,\"options\":["
    "{\"id\":\"mild\",\"name\":\"Mild\",\"price\":0,\"group\":\"spicy\"},"
    "{\"id\":\"hot\",\"name\":\"Hot\",\"price\":0,\"group\":\"spicy\"},"
    "{\"id\":\"cheese\",\"name\":\"Cheese\",\"price\":1000,"
    "\"group\":\"top\"},{\"id\":\"egg\",\"name\":\"Egg\",\"price\":500,"
    "\"group\":\"top\"},{\"id\":\"ham\",\"name\":\"Ham\",\"price\":700,"
    "\"group\":\"top\"},{\"id\":\"mandu\",\"name\":\"Mandu\","
    "\"price\":1500,\"group\":\"top\",\"sold_out\":true}],"
    "\"option_groups\":[{\"id\":\"spicy\",\"name\":\"Flavour\",\"min\":1,"
    "\"max\":1},{\"id\":\"top\",\"name\":\"Toppings\",\"min\":0,"
    "\"max\":2}]}]}";

static void
test_option_rules(void)
{
	json_t *shop = load(rules_json), *q;
	static struct wire_error err;
	json_t *lines;

	if (shop == NULL)
		return;
	price(shop, "[{\"item_id\":\"tb\",\"qty\":1,\"options\":[\"hot\","
	    "\"cheese\",\"egg\"]}]", &q);
	check(q != NULL && wire_int(q, "subtotal", 0) == 6000,
	    "a required choice and two toppings of a 0-2 group are priced");
	json_decref(q);
	expect_error(shop, "[{\"item_id\":\"tb\",\"qty\":1}]", "option_rule",
	    "a required group left out");
	expect_error(shop, "[{\"item_id\":\"tb\",\"qty\":1,\"options\":"
	    "[\"mild\",\"hot\"]}]", "option_rule", "two of an exactly-one group");
	expect_error(shop, "[{\"item_id\":\"tb\",\"qty\":1,\"options\":"
	    "[\"mild\",\"cheese\",\"egg\",\"ham\"]}]", "option_rule",
	    "three of a 0-2 group");
	expect_error(shop, "[{\"item_id\":\"tb\",\"qty\":1,\"options\":"
	    "[\"mild\",\"mandu\"]}]", "sold_out", "a sold-out option");
	lines = load("[{\"item_id\":\"tb\",\"qty\":1,\"options\":[\"mild\","
	    "\"cheese\",\"egg\",\"ham\"]}]");
	memset(&err, 0, sizeof err);
	q = order_price(shop, lines, &err);
	check(q == NULL && strstr(err.message, "Toppings (top)") != NULL &&
	    strstr(err.message, "at most 2") != NULL && strstr(err.message,
	    "0 to 2") != NULL, "the error names the group and its rule: %s",
	    err.message);
	json_decref(lines);
	json_decref(shop);
}

int
main(void)
{
	json_t *shop = load(shop_json);

	if (shop == NULL)
		return 1;
	test_prices(shop);
	test_refusals(shop);
	test_text_and_cards();
	test_option_rules();
	json_decref(shop);
	return check_status();
}
