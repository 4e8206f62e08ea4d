/*
 * store_ticket.h: a kitchen ticket as the bytes a receipt printer takes
 * (ESC/POS, text in CP949). Needs only jansson and iconv, so it can be
 * tested alone.
 */
#ifndef BAEDAL_STORE_TICKET_H
#define BAEDAL_STORE_TICKET_H

#include <jansson.h>
#include <stddef.h>

/*
 * The kitchen ticket of order (a queue row: order_id, kind, placed_at,
 * note, rider_note, address, eta_min, items) for paper width_mm wide (58
 * or 80), times in tz, marked as a reprint when reprint: ESC/POS bytes
 * with CP949 text, *len of them, owned by the caller; NULL when iconv
 * has no CP949.
 */
unsigned char *store_ticket_render(const json_t *order, int width_mm,
    const char *tz, int reprint, size_t *len);

#endif
