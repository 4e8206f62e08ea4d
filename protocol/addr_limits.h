/*
 * addr_limits.h: the limits of a saved address (view.address_save), so
 * the service, the CLI and the app check the same numbers.
 */
#ifndef BAEDAL_ADDR_LIMITS_H
#define BAEDAL_ADDR_LIMITS_H

/* A label ("집", "회사"): 1 to this many characters. */
#define ADDR_MAX_LABEL 20
/* An address: 1 to this many characters, and at most WIRE_MAX_ADDRESS
 * bytes so that order.place always takes it. */
#define ADDR_MAX_CHARS 100
/* Saved addresses per customer. */
#define ADDR_MAX_COUNT 10

#endif
