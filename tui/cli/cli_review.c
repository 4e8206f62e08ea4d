/*
 * cli_review.c: reviews: write one for a delivered order (review), read
 * a shop's (reviews), and answer one as its shop's owner (shop reply).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "ui_i18n.h"
#include "ui_review.h"
#include "util.h"

/* One review in a few lines: stars, who, when, words, the reply. */
static void
review_show(const json_t *r)
{
	char stars[32], date[32];
	const char *text = wire_str(r, "text", NULL);
	const char *reply = wire_str(r, "reply", NULL);
	time_t t = (time_t)(wire_int(r, "created_at", 0) / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	printf("[%lld] %s %s %s", (long long)wire_int(r, "review_id", 0),
	    ui_review_stars(stars, sizeof stars, wire_int(r, "rating", 0)),
	    wire_str(r, "customer", ""), date);
	if (wire_int(r, "order_id", 0) > 0)
		printf(_(" · 주문 #%lld"), (long long)wire_int(r, "order_id", 0));
	printf("\n");
	if (text != NULL)
		printf("    %s\n", text);
	if (reply != NULL)
		printf(_("    └ 사장님: %s\n"), reply);
}

static int
cmd_review(struct cli *cli)
{
	int64_t id = cli_parse_id(cli->argv[0]);
	int64_t rating = cli_parse_id(cli->argv[1]);
	json_t *body, *r;

	if (id < 0)
		return cli_usage_error(cli, _("ORDER는 주문 번호여야 합니다"));
	if (rating < 1 || rating > 5)
		return cli_usage_error(cli, _("RATING은 1에서 5까지입니다"));
	body = json_pack("{s:I, s:I}", "order_id", (json_int_t)id, "rating",
	    (json_int_t)rating);
	if (cli->argc > 2)
		json_object_set_new(body, "text", json_string(cli->argv[2]));
	if ((r = cli_call(cli, "view", "review_write", body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf(_("주문 #%lld 리뷰를 남겼습니다\n"), (long long)id);
	review_show(r);
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_reviews(struct cli *cli)
{
	json_t *body = json_object(), *r, *one;
	char sum[64];
	size_t i;

	if (cli->argc > 0)
		json_object_set_new(body, "shop_id", json_string(cli->argv[0]));
	if (cli->limit > 0)
		json_object_set_new(body, "limit", json_integer(cli->limit));
	if ((r = cli_call(cli, "view", "reviews", body)) == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf("%s: %s\n", wire_str(r, "shop_id", ""), ui_review_summary(sum,
	    sizeof sum, json_number_value(json_object_get(r, "average")),
	    (long long)wire_int(r, "count", 0)));
	json_array_foreach(json_object_get(r, "reviews"), i, one)
		review_show(one);
	json_decref(r);
	return FRONT_EXIT_OK;
}

static int
cmd_reply(struct cli *cli)
{
	int64_t id = cli_parse_id(cli->argv[0]);
	json_t *r;

	if (id < 0)
		return cli_usage_error(cli, _("REVIEW_ID는 리뷰 번호여야 합니다"));
	r = cli_call(cli, "view", "review_reply", json_pack("{s:I, s:s}",
	    "review_id", (json_int_t)id, "text", cli->argv[1]));
	if (r == NULL)
		return FRONT_EXIT_FAIL;
	if (cli->json)
		return cli_print_json(r);
	printf(_("리뷰 %lld에 답글을 남겼습니다\n"), (long long)id);
	review_show(r);
	json_decref(r);
	return FRONT_EXIT_OK;
}

const struct cli_cmd cli_review_cmds[] = {
	{ "review", "ORDER RATING [TEXT]", N_("배달되었거나 찾아간 주문의 리뷰: 별 1-5개와 글 "
	    "(주문마다 한 번)"), 2, 3, cmd_review },
	{ "reviews", "[SHOP] [--limit N]", N_("가게의 리뷰와 평균 (가게 주인은 기본으로 자기 가게)"),
	    0, 1, cmd_reviews },
	{ "shop reply", "REVIEW_ID TEXT", N_("내 가게 리뷰에 답글 (한 번)"), 2, 2,
	    cmd_reply },
	{ NULL, NULL, NULL, 0, 0, NULL },
};
