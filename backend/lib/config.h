/*
 * config.h: every setting of baedald in one place. Flags override
 * BAEDAL_* environment variables, which override these defaults.
 */
#ifndef BAEDAL_CONFIG_H
#define BAEDAL_CONFIG_H

#include <stdint.h>

#define DEFAULT_FRONT_ENDPOINT "tcp://127.0.0.1:8088"
#define DEFAULT_BACK_ENDPOINT "tcp://127.0.0.1:8089"

struct config {
	char *home;                 /* data directory, created if missing */
	char *front;                /* --bind: clients' endpoint */
	char *back;                 /* --services-bind: services' endpoint */
	char *broker;               /* --broker: back door to join (--service) */
	char *token;                /* --token: service token (--service) */
	int64_t auto_cancel_ms;     /* a PAID order not accepted is cancelled */
	int64_t payment_deadline_ms;/* order -> payment call deadline */
	int64_t lease_ms;           /* a service process acts only while it
	                               holds its service's lease, renewed
	                               within this (0: no lease) */
	int breaker_window;         /* calls in the breaker's sliding window */
	int breaker_failure_pct;    /* share of failures that opens it */
	int breaker_min_calls;      /* calls needed before it may open */
	int64_t breaker_open_ms;    /* how long it stays open */
	char *pg_url;               /* HTTP payment gateway, NULL: built-in */
	char *pg_secret;            /* its secret key (Basic auth), or NULL */
	int64_t pg_timeout_ms;      /* one approve call; 0: under the deadline */
	int64_t pg_callback_port;   /* DEPOSIT_CALLBACK receiver; 0: none */
	char *webhook_url;          /* notification webhook, NULL: inbox only */
	char *webhook_format;       /* "json" or "kakao" */
	int webhook_max_attempts;   /* then the notification is dead-lettered */
	int64_t webhook_backoff_ms; /* first retry delay, doubling, +-20% */
	char *webhook_link;         /* kakao: the button's URL; {order_id} */
	char *webhook_token;        /* sent as "Authorization: Bearer", or NULL */
	int print_max_attempts;     /* then a kitchen ticket job is dead */
	int64_t print_backoff_ms;   /* its first retry delay, doubling, +-20% */
	char *alimtalk_url;         /* message dealer (NCP SENS), NULL: none */
	char *alimtalk_service_id;  /* its AlimTalk service id */
	char *alimtalk_channel;     /* the KakaoTalk channel (plusFriendId) */
	char *alimtalk_access_key;  /* signs requests (environment only) */
	char *alimtalk_secret_key;
	char *alimtalk_sms_from;    /* SMS failover sender, NULL: no failover */
	int64_t alimtalk_poll_ms;   /* first result poll after this, doubling */
	int demo;                   /* seed demo data on first start */
	char *log;                  /* --log: NULL embedded, or nats://... */
	char *log_stream;           /* the JetStream stream's name */
	int log_replicas;           /* its replicas */
	int64_t log_dup_window_ms;  /* its duplicate window */
	int64_t log_max_wait_ms;    /* an append not acknowledged by then fails */
	int insecure;               /* --insecure: plain TCP, no CURVE */
	int64_t clock_offset_ms;    /* the shops' clock runs this far ahead */
	int64_t auto_pause_ms;      /* no owner console this long: paused;
	                               0: never */
	char *metrics_bind;         /* --metrics-bind [HOST:]PORT, NULL: no
	                               Prometheus endpoint */
	int64_t rider_timeout_ms;   /* a rider silent this long loses the
	                               deliveries not yet picked up */
};

/* Fill cfg with the defaults, then the environment. */
void config_defaults(struct config *cfg);
/* Free the strings; the struct itself is the caller's. */
void config_free(struct config *cfg);
/* Path of file name inside cfg->home; the caller frees it. */
char *config_path(const struct config *cfg, const char *name);

#endif
