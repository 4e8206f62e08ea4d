/*
 * cli.h: the baedal command-line client. One table entry per command
 * (struct cli_cmd); each command lives in a cli_*.c file by topic.
 */
#ifndef BAEDAL_CLI_H
#define BAEDAL_CLI_H

#include <jansson.h>
#include <stdint.h>

#include "client.h"
#include "front.h"

/* Everything a command gets: parsed options and a lazy connection. */
struct cli {
	struct front_id id;
	int json;            /* --json: machine output on stdout */
	int timeout_ms;      /* --timeout */
	int follow;          /* --follow */
	int pickup;          /* --pickup */
	int today;           /* --today */
	const char *until;   /* --until */
	const char *closed;  /* --closed */
	const char *tz;      /* --tz */
	int64_t from;        /* --from as a number, -1 when absent or a date */
	const char *from_text; /* --from as given (shop sales: a date) */
	const char *day;     /* --day */
	const char *to;      /* --to */
	const char *address; /* --address */
	const char *card;    /* --card */
	const char *va_bank; /* --virtual-account BANK */
	const char *refund_account; /* --refund-account BANK:NUMBER:HOLDER */
	const char *reason;  /* --reason */
	const char *code;    /* --code */
	const char *filter;  /* --filter */
	const char *type;    /* --type */
	const char *note;    /* --note */
	const char *rider_note; /* --rider-note */
	const char *state;   /* --state */
	int64_t eta;         /* --eta, -1 when absent */
	int64_t order;       /* --order, 0 when absent */
	int64_t limit;       /* --limit, -1 when absent */
	int64_t offset;      /* --offset, -1 when absent */
	int64_t width;       /* --width, -1 when absent */
	int64_t radius;      /* --radius in metres, -1 when absent */
	const char *print_on; /* --print-on */
	const char *at;      /* --at LAT,LON (a rider's position) */
	int argc;            /* the command's own arguments */
	char **argv;
	struct client *client;
};

struct cli_cmd {
	const char *name;    /* "shop accept" for sub-commands */
	const char *args;    /* usage of the arguments */
	const char *help;    /* one line */
	int min_args, max_args;
	int (*fn)(struct cli *cli);
};

/*
 * Call service.method with body (stolen). Returns the result (the caller
 * owns it), or NULL after printing the error (as JSON on stdout with
 * --json, else on stderr).
 */
json_t *cli_call(struct cli *cli, const char *service, const char *method,
    json_t *body);
/* The connection, made on first use; NULL after printing why. */
struct client *cli_client(struct cli *cli);
/* Print an error the same way cli_call does; returns
 * FRONT_EXIT_FAIL. */
int cli_fail(struct cli *cli, const struct wire_error *err);
/* baedal stats (cli_stats.c): the broker's figures and each service's. */
int cli_cmd_stats(struct cli *cli);
/* The error code of a usage error in --json output. */
#define CLI_E_USAGE "usage"

/* Print a usage error for the running command (with --json as one
 * {"error": {"code": "usage", "message", "usage"}} on stdout, else on
 * stderr with the command's usage line); returns FRONT_EXIT_USAGE. */
int cli_usage_error(struct cli *cli, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* With --json print v compactly on one line; frees v. Returns
 * FRONT_EXIT_OK. */
int cli_print_json(json_t *v);
/* "BANK:NUMBER:HOLDER" (the holder may hold colons) as a refund account
 * {"bank","account_number","holder_name"} (the caller's), or NULL when a
 * part is missing. The service checks the parts. */
json_t *cli_parse_refund_account(const char *spec);
/* Print one {CODE: n} object of reason counts under its title, each
 * code with its Korean. */
void cli_reasons_print(const char *title, const json_t *counts);
/* Parse a positive integer argument (order id, minutes); -1 if not one. */
int64_t cli_parse_id(const char *s);

/* Print s padded or cut to exactly cols terminal columns (Hangul-aware),
 * followed by a space. When stdout is not a terminal a longer s is
 * printed whole, never cut. */
void cli_col(const char *s, int cols);
/* The same for money ("18,000원") and an integer, right-aligned. */
void cli_col_won(int64_t won, int cols);
/* Wall-clock "HH:MM:SS" (local time) of a millisecond time. */
const char *cli_clock(int64_t ms);

/* The command tables of each topic file, NULL-name terminated. */
extern const struct cli_cmd cli_basic_cmds[];
extern const struct cli_cmd cli_order_cmds[];
extern const struct cli_cmd cli_shop_cmds[];
extern const struct cli_cmd cli_shop_mode_cmds[];
extern const struct cli_cmd cli_payments_cmds[];
extern const struct cli_cmd cli_notify_cmds[];
extern const struct cli_cmd cli_printer_cmds[];
extern const struct cli_cmd cli_sales_cmds[];
extern const struct cli_cmd cli_admin_cmds[];
extern const struct cli_cmd cli_review_cmds[];
extern const struct cli_cmd cli_rider_cmds[];
extern const struct cli_cmd cli_address_cmds[];

#endif
