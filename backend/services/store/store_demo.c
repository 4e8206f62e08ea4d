/*
 * store_demo.c: the demo catalog, as data. Four shops whose ids and
 * owners match the demo users in users.c; prices in won; positions
 * (degrees, WGS 84) around 마포구, for riders' distances.
 */
#include "shop_hours.h"
#include "shop_tz.h"
#include "store_int.h"
#include "util.h"

struct demo_option {
	const char *id, *name;
	int64_t price;
	const char *group; /* its group: a rule below, or (none defined)
	                      options of one group exclude each other */
	int sold_out;
};

/* An option group's rule: choose min to max of its options. */
struct demo_group {
	const char *id, *name;
	int64_t min, max;
};

struct demo_item {
	const char *id, *name;
	int64_t price;
	int sold_out;      /* 1: indefinitely, 2: for today */
	const struct demo_option *options; /* ends with a NULL id; may be NULL */
	const struct demo_group *groups;   /* ends with a NULL id; may be NULL */
};

struct demo_shop {
	const char *id, *name, *category, *owner_id;
	int open;
	int64_t min_order, delivery_fee;
	const struct demo_item *items; /* ends with a NULL id */
	int64_t busy_min;
	const char *hours, *closed_dates; /* JSON, or NULL: always open */
};

static const struct demo_option chicken_options[] = {
	{ "boneless", "순살 변경", 2000, NULL, 0 },
	{ "extra_sauce", "소스 추가", 500, NULL, 0 },
	{ "large", "1.5마리", 8000, "size", 0 },
	{ "family", "2마리", 16000, "size", 0 },
	{ NULL, NULL, 0, NULL, 0 },
};

static const struct demo_option tteokbokki_options[] = {
	{ "cheese", "치즈 추가", 1000, "topping", 0 },
	{ "mild", "순한맛", 0, "spicy", 0 },
	{ "medium", "보통맛", 0, "spicy", 0 },
	{ "hot", "매운맛", 0, "spicy", 0 },
	{ "egg", "삶은 계란", 500, "topping", 0 },
	{ "fishcake", "어묵 추가", 1000, "topping", 0 },
	{ "mandu", "군만두 추가", 1500, "topping", 1 },
	{ NULL, NULL, 0, NULL, 0 },
};

/* 맛 선택: exactly one; 토핑: none to three. */
static const struct demo_group tteokbokki_groups[] = {
	{ "spicy", "맛 선택", 1, 1 },
	{ "topping", "토핑 추가", 0, 3 },
	{ NULL, NULL, 0, 0 },
};

static const struct demo_option noodle_options[] = {
	{ "large", "곱빼기", 1000, "size", 0 },
	{ NULL, NULL, 0, NULL, 0 },
};

static const struct demo_option tangsuyuk_options[] = {
	{ "medium", "중", 5000, "size", 0 },
	{ "large", "대", 10000, "size", 0 },
	{ NULL, NULL, 0, NULL, 0 },
};

static const struct demo_option pizza_options[] = {
	{ "large", "라지", 4000, "size", 0 },
	{ NULL, NULL, 0, NULL, 0 },
};

static const struct demo_item chicken_items[] = {
	{ "fried", "후라이드치킨", 18000, 0, chicken_options, NULL },
	{ "yangnyeom", "양념치킨", 19000, 0, chicken_options, NULL },
	{ "banban", "반반치킨", 19500, 0, chicken_options, NULL },
	{ "cheeseball", "치즈볼(5개)", 5000, 0, NULL, NULL },
	{ "cola", "콜라 1.25L", 2500, 0, NULL, NULL },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

static const struct demo_item bunsik_items[] = {
	{ "tteokbokki", "떡볶이", 4500, 0, tteokbokki_options,
	    tteokbokki_groups },
	{ "gimbap", "김밥", 3500, 0, NULL, NULL },
	{ "sundae", "순대", 4000, 1, NULL, NULL },
	{ "twigim", "모둠튀김", 5000, 0, NULL, NULL },
	{ "rabokki", "라볶이", 5500, 0, NULL, NULL },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

static const struct demo_item china_items[] = {
	{ "jjajang", "짜장면", 6000, 0, noodle_options, NULL },
	{ "jjamppong", "짬뽕", 7500, 0, noodle_options, NULL },
	{ "tangsuyuk", "탕수육", 15000, 0, tangsuyuk_options, NULL },
	{ "bokkeumbap", "볶음밥", 7000, 2, NULL, NULL },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

static const struct demo_item pizza_items[] = {
	{ "pepperoni", "페퍼로니 피자", 21000, 0, NULL, NULL },
	{ "bulgogi", "불고기 피자", 23000, 0, pizza_options, NULL },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

static const struct demo_shop demo_shops[] = {
	{ "chicken", "바삭치킨", "치킨", "chicken_owner", 1, 15000, 3000,
	    chicken_items, 0, NULL, NULL },
	{ "bunsik", "엄마손분식", "분식", "bunsik_owner", 1, 10000, 2000,
	    bunsik_items, 0, NULL, NULL },
	/* Busy (바쁨): 10 minutes more on every estimate. */
	{ "china", "홍콩반점", "중식", "china_owner", 1, 12000, 2500,
	    china_items, 10, NULL, NULL },
	/* Evenings only, past midnight at the weekend, closed on Tuesdays
	 * and at Christmas (closed by its owner too). */
	{ "pizza", "피자명가", "피자", "pizza_owner", 0, 18000, 3000,
	    pizza_items, 0, "{\"mon\":[\"17:00-23:00\"],\"wed\":[\"17:00-23:00\"],"
	    "\"thu\":[\"17:00-23:00\"],\"fri\":[\"17:00-02:00\"],"
	    "\"sat\":[\"12:00-15:00\",\"17:00-02:00\"],\"sun\":[\"17:00-23:00\"]}",
	    "[\"2026-12-25\"]" },
};

/* Where the demo shops are (latitude, longitude in degrees). */
static const struct demo_place {
	const char *shop_id;
	double lat, lon;
} demo_places[] = {
	{ "chicken", 37.5563, 126.9220 },
	{ "bunsik", 37.5610, 126.9255 },
	{ "china", 37.5502, 126.9140 },
	{ "pizza", 37.5660, 126.9010 },
};

/* When an item sold out "for today" at shop_id comes back. */
static int64_t
store_demo_today(struct svc *svc, const char *shop_id)
{
	json_t *shop = store_shop_get(svc_db(svc), shop_id);
	int64_t at = shop_hours_today_ends(shop, shop_now(svc_config(svc)));

	json_decref(shop);
	return at;
}

static int
store_demo_item(struct svc *svc, const char *shop_id,
    const struct demo_item *item)
{
	struct db *db = svc_db(svc);
	const struct demo_option *o;
	const struct demo_group *g;

	if (db_do(db, "INSERT INTO items(shop_id, id, name, price, sold_out)"
	    " VALUES (?,?,?,?,?)", "sssii", shop_id, item->id, item->name,
	    item->price, (int64_t)(item->sold_out != 0)) != 1)
		return -1;
	if (item->sold_out == 2 && db_do(db, "UPDATE items SET sold_out_until"
	    " = ? WHERE shop_id = ? AND id = ?", "iss", store_demo_today(svc,
	    shop_id), shop_id, item->id) != 1)
		return -1;
	for (o = item->options; o != NULL && o->id != NULL; o++)
		if (db_do(db, "INSERT INTO options(shop_id, item_id, id, name,"
		    " price, grp, sold_out) VALUES (?,?,?,?,?,?,?)", "ssssisi",
		    shop_id, item->id, o->id, o->name, o->price, o->group,
		    (int64_t)o->sold_out) != 1)
			return -1;
	for (g = item->groups; g != NULL && g->id != NULL; g++)
		if (db_do(db, "INSERT INTO option_groups(shop_id, item_id, id,"
		    " name, min_count, max_count) VALUES (?,?,?,?,?,?)", "ssssii",
		    shop_id, item->id, g->id, g->name, g->min, g->max) != 1)
			return -1;
	return 0;
}

static int
store_demo_shop(struct svc *svc, const struct demo_shop *shop)
{
	struct db *db = svc_db(svc);
	const struct demo_item *item;

	if (db_do(db, "INSERT INTO shops(id, name, category, owner_id, open,"
	    " min_order, delivery_fee, busy_min, hours_json, closed_dates_json)"
	    " VALUES (?,?,?,?,?,?,?,?,?,?)", "ssssiiiiss", shop->id, shop->name,
	    shop->category, shop->owner_id, (int64_t)shop->open,
	    shop->min_order, shop->delivery_fee, shop->busy_min, shop->hours,
	    shop->closed_dates) != 1)
		return -1;
	for (item = shop->items; item->id != NULL; item++)
		if (store_demo_item(svc, shop->id, item) != 0)
			return -1;
	return store_shop_publish(svc, shop->id);
}

int
store_demo_seed(struct svc *svc)
{
	size_t i;

	/* Shops the log announced (a data directory rebuilt from it) are
	 * the catalog: no demo shops over them. */
	if (!svc_config(svc)->demo || db_int(svc_db(svc), 0, "SELECT count(*) "
	    "FROM shops", NULL) > 0)
		return 0;
	for (i = 0; i < ARRAY_LEN(demo_shops); i++)
		if (store_demo_shop(svc, &demo_shops[i]) != 0)
			return -1;
	log_info("%zu demo shops", ARRAY_LEN(demo_shops));
	return 0;
}

void
store_demo_place(struct svc *svc)
{
	struct store_state *st = svc_state(svc);
	json_t *lat, *lon;
	size_t i;
	int n;

	if (st->placed)
		return;
	st->placed = 1;
	for (i = 0; i < ARRAY_LEN(demo_places); i++) {
		lat = json_real(demo_places[i].lat);
		lon = json_real(demo_places[i].lon);
		n = db_do(svc_db(svc), "UPDATE shops SET lat = CAST(?1 AS REAL),"
		    " lon = CAST(?2 AS REAL) WHERE id = ?3 AND lat IS NULL",
		    "jjs", lat, lon, demo_places[i].shop_id);
		json_decref(lat);
		json_decref(lon);
		if (n == 1 && store_shop_publish(svc, demo_places[i].shop_id) == 0)
			log_info("shop %s: placed at its demo position",
			    demo_places[i].shop_id);
	}
}
