/*
 * store_demo.c: the demo catalog, as data. Four shops whose ids and
 * owners match the demo users in users.c; prices in won.
 */
#include "store_int.h"
#include "util.h"

struct demo_option {
	const char *id, *name;
	int64_t price;
	const char *group; /* options of one group exclude each other */
};

struct demo_item {
	const char *id, *name;
	int64_t price;
	int sold_out;
	const struct demo_option *options; /* ends with a NULL id; may be NULL */
};

struct demo_shop {
	const char *id, *name, *category, *owner_id;
	int open;
	int64_t min_order, delivery_fee;
	const struct demo_item *items; /* ends with a NULL id */
};

static const struct demo_option chicken_options[] = {
	{ "boneless", "순살 변경", 2000, NULL },
	{ "extra_sauce", "소스 추가", 500, NULL },
	{ "large", "1.5마리", 8000, "size" },
	{ "family", "2마리", 16000, "size" },
	{ NULL, NULL, 0, NULL },
};

static const struct demo_option tteokbokki_options[] = {
	{ "cheese", "치즈 추가", 1000, NULL },
	{ "mild", "순한맛", 0, "spicy" },
	{ "hot", "매운맛", 0, "spicy" },
	{ NULL, NULL, 0, NULL },
};

static const struct demo_option noodle_options[] = {
	{ "large", "곱빼기", 1000, "size" },
	{ NULL, NULL, 0, NULL },
};

static const struct demo_option tangsuyuk_options[] = {
	{ "medium", "중", 5000, "size" },
	{ "large", "대", 10000, "size" },
	{ NULL, NULL, 0, NULL },
};

static const struct demo_option pizza_options[] = {
	{ "large", "라지", 4000, "size" },
	{ NULL, NULL, 0, NULL },
};

static const struct demo_item chicken_items[] = {
	{ "fried", "후라이드치킨", 18000, 0, chicken_options },
	{ "yangnyeom", "양념치킨", 19000, 0, chicken_options },
	{ "banban", "반반치킨", 19500, 0, chicken_options },
	{ "cheeseball", "치즈볼(5개)", 5000, 0, NULL },
	{ "cola", "콜라 1.25L", 2500, 0, NULL },
	{ NULL, NULL, 0, 0, NULL },
};

static const struct demo_item bunsik_items[] = {
	{ "tteokbokki", "떡볶이", 4500, 0, tteokbokki_options },
	{ "gimbap", "김밥", 3500, 0, NULL },
	{ "sundae", "순대", 4000, 1, NULL },
	{ "twigim", "모둠튀김", 5000, 0, NULL },
	{ "rabokki", "라볶이", 5500, 0, NULL },
	{ NULL, NULL, 0, 0, NULL },
};

static const struct demo_item china_items[] = {
	{ "jjajang", "짜장면", 6000, 0, noodle_options },
	{ "jjamppong", "짬뽕", 7500, 0, noodle_options },
	{ "tangsuyuk", "탕수육", 15000, 0, tangsuyuk_options },
	{ "bokkeumbap", "볶음밥", 7000, 0, NULL },
	{ NULL, NULL, 0, 0, NULL },
};

static const struct demo_item pizza_items[] = {
	{ "pepperoni", "페퍼로니 피자", 21000, 0, NULL },
	{ "bulgogi", "불고기 피자", 23000, 0, pizza_options },
	{ NULL, NULL, 0, 0, NULL },
};

static const struct demo_shop demo_shops[] = {
	{ "chicken", "바삭치킨", "치킨", "chicken_owner", 1, 15000, 3000,
	    chicken_items },
	{ "bunsik", "엄마손분식", "분식", "bunsik_owner", 1, 10000, 2000,
	    bunsik_items },
	{ "china", "홍콩반점", "중식", "china_owner", 1, 12000, 2500,
	    china_items },
	{ "pizza", "피자명가", "피자", "pizza_owner", 0, 18000, 3000,
	    pizza_items },
};

static int
store_demo_item(struct db *db, const char *shop_id,
    const struct demo_item *item)
{
	const struct demo_option *o;

	if (db_do(db, "INSERT INTO items(shop_id, id, name, price, sold_out)"
	    " VALUES (?,?,?,?,?)", "sssii", shop_id, item->id, item->name,
	    item->price, (int64_t)item->sold_out) != 1)
		return -1;
	for (o = item->options; o != NULL && o->id != NULL; o++)
		if (db_do(db, "INSERT INTO options(shop_id, item_id, id, name,"
		    " price, grp) VALUES (?,?,?,?,?,?)", "ssssis", shop_id,
		    item->id, o->id, o->name, o->price, o->group) != 1)
			return -1;
	return 0;
}

static int
store_demo_shop(struct svc *svc, const struct demo_shop *shop)
{
	struct db *db = svc_db(svc);
	const struct demo_item *item;

	if (db_do(db, "INSERT INTO shops(id, name, category, owner_id, open,"
	    " min_order, delivery_fee) VALUES (?,?,?,?,?,?,?)", "ssssiii",
	    shop->id, shop->name, shop->category, shop->owner_id,
	    (int64_t)shop->open, shop->min_order, shop->delivery_fee) != 1)
		return -1;
	for (item = shop->items; item->id != NULL; item++)
		if (store_demo_item(db, shop->id, item) != 0)
			return -1;
	return store_shop_publish(svc, shop->id);
}

int
store_demo_seed(struct svc *svc)
{
	size_t i;

	if (!svc_config(svc)->demo)
		return 0;
	for (i = 0; i < ARRAY_LEN(demo_shops); i++)
		if (store_demo_shop(svc, &demo_shops[i]) != 0)
			return -1;
	log_info("%zu demo shops", ARRAY_LEN(demo_shops));
	return 0;
}
