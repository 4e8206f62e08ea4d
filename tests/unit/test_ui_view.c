/*
 * test_ui_view.c: the screens' states (struct ui_views): each screen gets
 * its own zeroed state and init, events and ticks reach every screen's
 * hook, and release runs each screen's own release hook once.
 * Prints "ok - name" / "not ok - name" per check; exits 1 if any failed.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ui_view.h"
#include "util.h"

/* What the hooks saw. */
struct seen {
	int events, ticks, inits, releases;
};

struct counter {
	int n;       /* set by init */
	int events;  /* events this screen saw */
};

static struct seen seen;

static void
draw_none(void *app, struct ui_rect body)
{
	(void)app;
	(void)body;
}

static void
key_none(void *app, int action)
{
	(void)app;
	(void)action;
}

static void
counter_init(void *state)
{
	((struct counter *)state)->n = 7;
	seen.inits++;
}

static void
counter_release(void *state)
{
	((struct counter *)state)->n = 0;
	seen.releases++;
}

static void
on_event(void *app, const json_t *event)
{
	(void)app;
	(void)event;
	seen.events++;
}

static void
on_tick(void *app, int64_t now)
{
	(void)app;
	(void)now;
	seen.ticks++;
}

static const struct ui_view with_state = {
	.title = "with state",
	.draw = draw_none,
	.key = key_none,
	.event = on_event,
	.tick = on_tick,
	.state_size = sizeof (struct counter),
	.init = counter_init,
	.release = counter_release,
};

static const struct ui_view without_state = {
	.title = "without state",
	.draw = draw_none,
	.key = key_none,
	.event = on_event,
};

static const struct ui_view *const views[] = {
	&with_state, &without_state, &with_state,
};

int
main(void)
{
	struct ui_views v;
	struct counter *a, *b;
	json_t *ev = json_pack("{s:s}", "type", "order.paid");

	ui_views_init(&v, views, ARRAY_LEN(views));
	a = ui_views_state(&v, 0);
	b = ui_views_state(&v, 2);
	check(a != NULL && b != NULL && a != b,
	    "each screen with a state size gets its own state");
	check(ui_views_state(&v, 1) == NULL,
	    "a screen without one gets none");
	check(ui_views_state(&v, 3) == NULL, "past the last screen: NULL");
	check(seen.inits == 2 && a->n == 7 && b->n == 7 && a->events == 0,
	    "init ran once on each zeroed state");
	ui_views_event(&v, NULL, ev);
	check(seen.events == 3, "an event reaches every screen's hook");
	ui_views_tick(&v, NULL, 1);
	check(seen.ticks == 2, "a tick reaches every screen with a tick hook");
	ui_views_release(&v);
	check(seen.releases == 2, "release runs each screen's release hook");
	ui_views_release(&v);
	check(seen.releases == 2 && v.state == NULL,
	    "releasing again does nothing");
	json_decref(ev);
	return check_status();
}
