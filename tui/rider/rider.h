/*
 * rider.h: baedal-rider, the rider's terminal app. Two lists: the
 * deliveries ready for pickup near the rider (nearest first, with the
 * distance from the shop) and the rider's own; claim, picked up,
 * delivered. Map: rider.c main, options and the loop's callbacks;
 * rider_model.c the lists, the calls and the keys' actions;
 * rider_draw.c the screen.
 */
#ifndef BAEDAL_RIDER_H
#define BAEDAL_RIDER_H

#include <jansson.h>
#include <stdint.h>

#include "client.h"
#include "front.h"
#include "ui_help.h"
#include "ui_keys.h"
#include "ui_widgets.h"

/* How long one call may take. */
#define RIDER_CALL_MS 3000
/* The lists are asked for again this often: it is also the heartbeat
 * that keeps the rider's claims (the service releases a silent rider's). */
#define RIDER_POLL_MS 5000

enum rider_tab { RIDER_TAB_AVAILABLE, RIDER_TAB_MINE };

enum rider_action {
	RIDER_QUIT, RIDER_HELP, RIDER_TAB, RIDER_AVAILABLE, RIDER_MINE,
	RIDER_CLAIM, RIDER_PICKED_UP, RIDER_DELIVERED, RIDER_RELOAD
};

struct rider_app {
	struct client *c;
	const struct front_id *id; /* the options' identity (borrowed) */
	int has_at;                /* --at or BAEDAL_RIDER_AT given */
	double lat, lon;
	enum rider_tab tab;
	json_t *available;         /* delivery.available's deliveries */
	json_t *mine;              /* delivery.mine's */
	struct ui_list list;       /* over the shown tab's deliveries */
	struct ui_help help;
	int need_load;             /* ask for both lists at the next tick */
	int64_t loaded_at;         /* mono ms of the last load */
	int was_online;
	char *fatal;               /* why the app quit, for stderr */
};

/* The key table (rider_model.c) and its size. */
extern const struct ui_key rider_keys[];
extern const size_t rider_n_keys;

/* Ask for both lists again (a heartbeat too); 0, or -1 after a notice. */
int rider_load(struct rider_app *app);
/* The deliveries the shown tab lists (borrowed; an array, maybe empty). */
const json_t *rider_rows(const struct rider_app *app);
/* The selected delivery (borrowed), or NULL. */
const json_t *rider_selected(const struct rider_app *app);
/* Do action (enum rider_action, not QUIT or HELP). */
void rider_act(struct rider_app *app, int action);

/* Draw the whole screen from model (a struct rider_app; rider_draw.c):
 * the loop's draw callback. */
void rider_draw(void *model);

#endif
