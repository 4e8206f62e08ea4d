/*
 * baedald.c: the baedal backend daemon.
 *
 * With no --service: the broker and every service in one process (each
 * service a thread joining the broker's in-process back door), one data
 * directory, demo data on first start. With --service NAME: that one
 * service as its own process, joining a broker's back door.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <zmq.h>

#include "broker.h"
#include "config.h"
#include "credentials.h"
#include "home.h"
#include "metrics_http.h"
#include "services.h"
#include "supervise.h"
#include "util.h"

/* Exit statuses, as the front-ends use them (tui/front.h): 0 done, 1 it
 * failed, 2 the command line was wrong. */
#define EXIT_USAGE 2
#define EXIT_FENCED 75 /* EX_TEMPFAIL: a service's lease went to another */

/* How long a starting daemon waits for the services of a killed one to
 * die (they get SIGKILL with their parent) before it gives up. */
#define HOME_LOCK_WAIT_MS 3000
/* Services one daemon runs at most (a name listed twice counts twice). */
#define RUN_MAX 16

static volatile sig_atomic_t stopping;

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void
usage(FILE *out)
{
	fprintf(out,
"usage: baedald [options]\n"
"       baedald --service NAME [--broker ENDPOINT] [options]\n"
"\n"
"The baedal backend: the broker (the single entry point) and the order,\n"
"payment, store, delivery, notify and view services.\n"
"\n"
"  --home DIR              data directory (BAEDAL_HOME; default\n"
"                          $XDG_DATA_HOME/baedal or ~/.local/share/baedal)\n"
"  --bind ENDPOINT         clients' endpoint (BAEDAL_ENDPOINT;\n"
"                          default " DEFAULT_FRONT_ENDPOINT ")\n"
"  --services-bind ENDPOINT services' endpoint (BAEDAL_SERVICES_ENDPOINT;\n"
"                          default " DEFAULT_BACK_ENDPOINT ")\n"
"  --services LIST         services to run in this process, comma-separated,\n"
"                          'all' (default) or 'none'; a name given twice\n"
"                          runs two replicas of it\n"
"  --service NAME          run only service NAME, as its own process\n"
"  --broker ENDPOINT[,...] with --service: the broker's services endpoint, or\n"
"                          several brokers sharing a --log (BAEDAL_BROKER;\n"
"                          default " DEFAULT_BACK_ENDPOINT ")\n"
"  --token TOKEN           with --service: the service token (BAEDAL_TOKEN;\n"
"                          default: read from HOME/credentials.json)\n"
"  --lease-ms N            with --service (order, payment, store): act only\n"
"                          while holding the service's lease, renewed within\n"
"                          N ms; a standby otherwise (BAEDAL_LEASE_MS; 0: off)\n"
"  --auto-cancel-min N     cancel paid orders not accepted in N minutes (10)\n"
"  --auto-cancel-ms N      the same in milliseconds\n"
"  --payment-deadline-ms N order -> payment deadline (610)\n"
"  --breaker-window N      payment breaker: calls in its window (20)\n"
"  --breaker-failure-pct N  share of failures that opens it (50)\n"
"  --breaker-min-calls N   calls needed before it may open (5)\n"
"  --breaker-open-ms N     how long it stays open (5000)\n"
"  --pg-url URL            HTTP payment gateway (BAEDAL_PG_URL; secret key\n"
"                          from BAEDAL_PG_SECRET); default: built-in test one\n"
"  --pg-timeout-ms N       one gateway approve call (default: the deadline\n"
"                          less 110 ms)\n"
"  --pg-callback-port N    receive the gateway's DEPOSIT_CALLBACKs on\n"
"                          127.0.0.1:N (BAEDAL_PG_CALLBACK_PORT; default none)\n"
"  --webhook-url URL       notification webhook (BAEDAL_WEBHOOK_URL; bearer\n"
"                          token from BAEDAL_WEBHOOK_TOKEN)\n"
"  --webhook-format F      json (default) or kakao\n"
"  --webhook-max-attempts N  then a notification is dead-lettered (8)\n"
"  --webhook-backoff-ms N  first retry delay, doubling, +-20%% (200)\n"
"  --webhook-link URL      kakao: the button's link; {order_id} is replaced\n");
	/* Two pieces: C11 promises string literals of 4095 bytes only. */
	fprintf(out,
"  --log URL               keep the event log in NATS JetStream (BAEDAL_LOG):\n"
"                          nats://HOST:PORT[,HOST:PORT...]; default: embedded\n"
"                          in broker.db\n"
"  --log-stream NAME       its stream (BAEDAL_LOG_STREAM; baedal)\n"
"  --log-replicas N        the stream's replicas (BAEDAL_LOG_REPLICAS; 3)\n"
"  --log-dup-window-ms N   JetStream's duplicate window (120000)\n"
"  --log-max-wait-ms N     an append not stored by then fails (2000)\n"
"  --insecure              plain TCP endpoints (BAEDAL_INSECURE=1); default:\n"
"                          CURVE with the key pair in HOME/server.key and\n"
"                          HOME/server.pub (made on first start)\n"
"  --alimtalk-url URL      AlimTalk to customers through a message dealer\n"
"                          (NCP SENS; BAEDAL_ALIMTALK_URL; keys from\n"
"                          BAEDAL_ALIMTALK_ACCESS_KEY, _SECRET_KEY)\n"
"  --alimtalk-service-id ID  the dealer's AlimTalk service id\n"
"  --alimtalk-channel ID   the KakaoTalk channel (@baedal)\n"
"  --alimtalk-sms-from N   SMS failover sender number (default: no failover)\n"
"  --alimtalk-poll-ms N    first result poll after N ms, doubling (2000)\n"
"  --metrics-bind [HOST:]PORT  serve Prometheus metrics over plain HTTP at\n"
"                          http://HOST:PORT/metrics (BAEDAL_METRICS_BIND;\n"
"                          HOST 127.0.0.1 when left out; default: none)\n"
"  --processes             run each service as its own process, restarted\n"
"                          when it dies (default: threads of this process)\n"
"  --auto-pause-min N      a shop none of whose owner's consoles has been\n"
"                          connected for N minutes takes no orders until\n"
"                          one connects (BAEDAL_AUTO_PAUSE_MS in ms;\n"
"                          0, the default: never)\n"
"  --auto-pause-ms N       the same in milliseconds\n"
"  --rider-timeout-ms N    a rider silent for N ms loses the deliveries\n"
"                          not yet picked up (BAEDAL_RIDER_TIMEOUT_MS;\n"
"                          300000)\n"
"  --clock-offset-ms N     for tests and demos: the shops' clock (pauses,\n"
"                          sold out until, opening hours) runs N ms ahead\n"
"                          of the real one (BAEDAL_CLOCK_OFFSET_MS; 0)\n"
"  --no-demo               do not create demo shops and users\n"
"  --log-level LEVEL       debug, info (default), warn, error\n"
"  -h, --help              this help\n"
"  -V, --version           the version\n");
}

/* The token of user name from the daemon's credentials file; caller
 * frees (NULL, logged, when there is none). */
static char *
token_from_credentials(const struct config *cfg, const char *name)
{
	struct wire_error err;
	char *token = credentials_token(cfg->home, name, &err);

	if (token == NULL)
		log_error("%s: pass --token", err.message);
	return token;
}

struct svc_thread {
	pthread_t tid;
	const struct svc_def *def;
	const struct config *cfg;
	void *ctx;
	char *token;
	int started;
};

static void *
svc_thread_main(void *arg)
{
	struct svc_thread *t = arg;

	log_set_tag(t->def->name);
	/* top -H and perf name the thread after its service. */
	prctl(PR_SET_NAME, t->def->name, 0, 0, 0);
	if (svc_run(t->def, t->cfg, t->ctx, BROKER_INPROC_BACK, t->token,
	    &stopping) != 0) {
		log_error("service %s could not start", t->def->name);
		stopping = 1;
	}
	return NULL;
}

/*
 * The services list names, in order, into defs (at most max): "all" is
 * every service, "none" none, else comma-separated names, a name given
 * twice runs twice (two replicas in one process). Returns how many, or
 * -1 with a message for an unknown name.
 */
static int
services_listed(const char *list, const struct svc_def **defs, size_t max)
{
	char name[WIRE_MAX_ID + 1];
	const char *p = list;
	size_t n = 0, len;

	if (strcmp(list, "all") == 0) {
		while (n < max && (defs[n] = services_at(n)) != NULL)
			n++;
		return (int)n;
	}
	if (strcmp(list, "none") == 0)
		return 0;
	while (*p != '\0' && n < max) {
		len = strcspn(p, ",");
		snprintf(name, sizeof name, "%.*s", (int)len, p);
		if ((defs[n++] = services_find(name)) == NULL) {
			fprintf(stderr, "baedald: no service named '%s' in "
			    "--services\n", name);
			return -1;
		}
		p += len + (p[len] == ',');
	}
	return (int)n;
}

static int
run_all(struct config *cfg, const char *list, int processes, char **argv)
{
	const struct svc_def *defs[RUN_MAX];
	struct svc_thread threads[RUN_MAX];
	const char *names[RUN_MAX + 1];
	struct supervisor *sv = NULL;
	struct broker *broker;
	int listed = services_listed(list, defs, RUN_MAX);
	size_t i, n;
	char *token;
	void *ctx;

	if (listed < 0)
		return EXIT_USAGE;
	n = (size_t)listed;
	ctx = zmq_ctx_new();
	if ((broker = broker_new(cfg, ctx)) == NULL) {
		zmq_ctx_term(ctx);
		return EXIT_FAILURE;
	}
	token = token_from_credentials(cfg, "svc");
	for (i = 0; i < n; i++) {
		names[i] = defs[i]->name;
		threads[i] = (struct svc_thread){ 0, defs[i], cfg, ctx, token,
		    0 };
		if (!processes)
			threads[i].started = pthread_create(&threads[i].tid,
			    NULL, svc_thread_main, &threads[i]) == 0;
	}
	names[n] = NULL;
	/* The children do not serve metrics: the port is this process's. */
	unsetenv("BAEDAL_METRICS_BIND");
	if (processes && n > 0 &&
	    (sv = supervise_start(argv, cfg->back, names)) == NULL)
		stopping = 1;
	log_info("baedald %s ready: %zu services %s, data in %s",
	    BAEDAL_VERSION, n, processes ? "as supervised processes" :
	    "in process", cfg->home);
	broker_run(broker, &stopping);
	log_info("shutting down");
	supervise_stop(&sv);
	for (i = 0; i < n; i++)
		if (threads[i].started)
			pthread_join(threads[i].tid, NULL);
	broker_destroy(&broker);
	zmq_ctx_term(ctx);
	free(token);
	return EXIT_SUCCESS;
}

static int
run_one(struct config *cfg, const char *name)
{
	const struct svc_def *def = services_find(name);
	char *token;
	int rc;

	if (def == NULL) {
		fprintf(stderr, "baedald: no service named %s\n", name);
		return EXIT_USAGE;
	}
	token = cfg->token ? xstrdup(cfg->token) :
	    token_from_credentials(cfg, "svc");
	if (token == NULL)
		return EXIT_FAILURE;
	log_set_tag(name);
	log_info("%s joining %s", name, cfg->broker);
	if (cfg->lease_ms > 0 && def->own == NULL)
		log_warn("--lease-ms: %s does not rebuild its state from the "
		    "log; it runs without a lease (as order, payment and store "
		    "can)", name);
	rc = svc_run(def, cfg, NULL, cfg->broker, token, &stopping);
	free(token);
	/* Fenced: another process holds the lease now. Started again, this
	 * one waits as a standby. */
	if (rc == SVC_FENCED)
		return EXIT_FENCED;
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

static int
parse_count(const char *arg, const char *flag, int64_t *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(arg, &end, 10);
	if (errno != 0 || *end != '\0' || n < 0) {
		fprintf(stderr, "baedald: %s needs a number, not '%s'\n", flag,
		    arg);
		return -1;
	}
	*out = n;
	return 0;
}

/* argv without --metrics-bind and its value (for the supervised
 * children, which must not take this process's port): argv itself,
 * edited in place. */
static char **
metrics_argv(char **argv)
{
	int i, k = 0;

	for (i = 0; argv[i] != NULL; i++) {
		if (strcmp(argv[i], "--metrics-bind") == 0 &&
		    argv[i + 1] != NULL) {
			i++;
			continue;
		}
		if (strncmp(argv[i], "--metrics-bind=", 15) == 0)
			continue;
		argv[k++] = argv[i];
	}
	argv[k] = NULL;
	return argv;
}

/* The long options without a short form. */
enum { O_BIND = 256, O_SBIND, O_SERVICES, O_SERVICE, O_BROKER, O_TOKEN,
    O_ACMIN, O_ACMS, O_PDL, O_PG, O_HOOK, O_HOOKFMT, O_NODEMO, O_PROCESSES, O_LOG,
    O_HOME, O_BWIN, O_BPCT, O_BMIN, O_BOPEN, O_PGTO, O_HOOKMAX,
    O_HOOKBACK, O_HOOKLINK, O_EVLOG, O_EVSTREAM, O_EVREPL, O_EVDUP,
    O_EVWAIT, O_ATURL, O_ATSID, O_ATCHAN, O_ATFROM, O_ATPOLL, O_PGCB,
    O_CLOCK, O_APMIN, O_APMS, O_INSECURE, O_METRICS, O_RIDERTO, O_LEASE };

/* Store the number n of a numeric option (an O_* value) in cfg. */
static void
set_number(struct config *cfg, int opt, int64_t n)
{
	int small = n > INT_MAX ? INT_MAX : (int)n;

	switch (opt) {
	case O_ACMIN: cfg->auto_cancel_ms = n * 60 * 1000; break;
	case O_ACMS: cfg->auto_cancel_ms = n; break;
	case O_PDL: cfg->payment_deadline_ms = n; break;
	case O_BWIN: cfg->breaker_window = small; break;
	case O_BPCT: cfg->breaker_failure_pct = small; break;
	case O_BMIN: cfg->breaker_min_calls = small; break;
	case O_BOPEN: cfg->breaker_open_ms = n; break;
	case O_PGTO: cfg->pg_timeout_ms = n; break;
	case O_HOOKMAX: cfg->webhook_max_attempts = small; break;
	case O_HOOKBACK: cfg->webhook_backoff_ms = n; break;
	case O_EVREPL: cfg->log_replicas = small; break;
	case O_EVDUP: cfg->log_dup_window_ms = n; break;
	case O_EVWAIT: cfg->log_max_wait_ms = n; break;
	case O_ATPOLL: cfg->alimtalk_poll_ms = n; break;
	case O_PGCB: cfg->pg_callback_port = n; break;
	case O_CLOCK: cfg->clock_offset_ms = n; break;
	case O_APMIN: cfg->auto_pause_ms = n * 60 * 1000; break;
	case O_APMS: cfg->auto_pause_ms = n; break;
	case O_RIDERTO: cfg->rider_timeout_ms = n; break;
	case O_LEASE: cfg->lease_ms = n; break;
	default: break;
	}
}

static void
replace(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "home", required_argument, NULL, O_HOME },
		{ "bind", required_argument, NULL, O_BIND },
		{ "services-bind", required_argument, NULL, O_SBIND },
		{ "services", required_argument, NULL, O_SERVICES },
		{ "service", required_argument, NULL, O_SERVICE },
		{ "broker", required_argument, NULL, O_BROKER },
		{ "token", required_argument, NULL, O_TOKEN },
		{ "auto-cancel-min", required_argument, NULL, O_ACMIN },
		{ "auto-cancel-ms", required_argument, NULL, O_ACMS },
		{ "payment-deadline-ms", required_argument, NULL, O_PDL },
		{ "breaker-window", required_argument, NULL, O_BWIN },
		{ "breaker-failure-pct", required_argument, NULL, O_BPCT },
		{ "breaker-min-calls", required_argument, NULL, O_BMIN },
		{ "breaker-open-ms", required_argument, NULL, O_BOPEN },
		{ "pg-url", required_argument, NULL, O_PG },
		{ "pg-timeout-ms", required_argument, NULL, O_PGTO },
		{ "pg-callback-port", required_argument, NULL, O_PGCB },
		{ "webhook-url", required_argument, NULL, O_HOOK },
		{ "webhook-format", required_argument, NULL, O_HOOKFMT },
		{ "webhook-max-attempts", required_argument, NULL, O_HOOKMAX },
		{ "webhook-backoff-ms", required_argument, NULL, O_HOOKBACK },
		{ "webhook-link", required_argument, NULL, O_HOOKLINK },
		{ "alimtalk-url", required_argument, NULL, O_ATURL },
		{ "alimtalk-service-id", required_argument, NULL, O_ATSID },
		{ "alimtalk-channel", required_argument, NULL, O_ATCHAN },
		{ "alimtalk-sms-from", required_argument, NULL, O_ATFROM },
		{ "alimtalk-poll-ms", required_argument, NULL, O_ATPOLL },
		{ "no-demo", no_argument, NULL, O_NODEMO },
		{ "processes", no_argument, NULL, O_PROCESSES },
		{ "insecure", no_argument, NULL, O_INSECURE },
		{ "metrics-bind", required_argument, NULL, O_METRICS },
		{ "log-level", required_argument, NULL, O_LOG },
		{ "log", required_argument, NULL, O_EVLOG },
		{ "log-stream", required_argument, NULL, O_EVSTREAM },
		{ "log-replicas", required_argument, NULL, O_EVREPL },
		{ "log-dup-window-ms", required_argument, NULL, O_EVDUP },
		{ "log-max-wait-ms", required_argument, NULL, O_EVWAIT },
		{ "clock-offset-ms", required_argument, NULL, O_CLOCK },
		{ "auto-pause-min", required_argument, NULL, O_APMIN },
		{ "auto-pause-ms", required_argument, NULL, O_APMS },
		{ "rider-timeout-ms", required_argument, NULL, O_RIDERTO },
		{ "lease-ms", required_argument, NULL, O_LEASE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct config cfg;
	const char *service = NULL, *list = "all", *level;
	int64_t n;
	int c, rc, processes = 0, port;
	struct sigaction sa;
	char host[16], why[160];

	config_defaults(&cfg);
	if ((level = getenv("BAEDAL_LOG_LEVEL")) != NULL)
		log_set_level(level);
	log_set_tag("baedald");
	while ((c = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		switch (c) {
		case O_HOME: replace(&cfg.home, optarg); break;
		case O_BIND: replace(&cfg.front, optarg); break;
		case O_SBIND: replace(&cfg.back, optarg); break;
		case O_SERVICES: list = optarg; break;
		case O_SERVICE: service = optarg; break;
		case O_BROKER: replace(&cfg.broker, optarg); break;
		case O_TOKEN: replace(&cfg.token, optarg); break;
		case O_PG: replace(&cfg.pg_url, optarg); break;
		case O_HOOK: replace(&cfg.webhook_url, optarg); break;
		case O_HOOKFMT: replace(&cfg.webhook_format, optarg); break;
		case O_HOOKLINK: replace(&cfg.webhook_link, optarg); break;
		case O_EVLOG: replace(&cfg.log, optarg); break;
		case O_EVSTREAM: replace(&cfg.log_stream, optarg); break;
		case O_METRICS: replace(&cfg.metrics_bind, optarg); break;
		case O_ATURL: replace(&cfg.alimtalk_url, optarg); break;
		case O_ATSID: replace(&cfg.alimtalk_service_id, optarg); break;
		case O_ATCHAN: replace(&cfg.alimtalk_channel, optarg); break;
		case O_ATFROM: replace(&cfg.alimtalk_sms_from, optarg); break;
		case O_NODEMO: cfg.demo = 0; break;
		case O_PROCESSES: processes = 1; break;
		case O_INSECURE: cfg.insecure = 1; break;
		case O_ACMIN: case O_ACMS: case O_PDL: case O_BWIN:
		case O_BPCT: case O_BMIN: case O_BOPEN: case O_PGTO:
		case O_HOOKMAX: case O_HOOKBACK: case O_EVREPL: case O_EVDUP:
		case O_EVWAIT: case O_ATPOLL: case O_PGCB: case O_CLOCK:
		case O_APMIN: case O_APMS: case O_RIDERTO: case O_LEASE:
			if (parse_count(optarg, argv[optind - 1], &n) != 0)
				goto usage_error;
			set_number(&cfg, c, n);
			break;
		case O_LOG:
			if (log_set_level(optarg) != 0) {
				fprintf(stderr, "baedald: unknown log level "
				    "'%s'\n", optarg);
				goto usage_error;
			}
			break;
		case 'h':
			usage(stdout);
			config_free(&cfg);
			return EXIT_SUCCESS;
		case 'V':
			printf("baedald %s\n", BAEDAL_VERSION);
			config_free(&cfg);
			return EXIT_SUCCESS;
		default:
			goto usage_error;
		}
	}
	if (strcmp(cfg.webhook_format, "json") != 0 &&
	    strcmp(cfg.webhook_format, "kakao") != 0) {
		fprintf(stderr, "baedald: --webhook-format is json or kakao, "
		    "not '%s'\n", cfg.webhook_format);
		goto usage_error;
	}
	if (cfg.log != NULL && strncmp(cfg.log, "nats://", 7) != 0) {
		fprintf(stderr, "baedald: --log takes nats://HOST:PORT[,...], "
		    "not '%s'\n", cfg.log);
		goto usage_error;
	}
	if (cfg.log_replicas < 1 || cfg.log_replicas > 5 ||
	    !wire_id_valid(cfg.log_stream) || cfg.log_stream[strspn(
	    cfg.log_stream, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_-")] != '\0' || cfg.log_max_wait_ms < 1) {
		fprintf(stderr, "baedald: --log-replicas is 1 to 5, "
		    "--log-stream a name of letters, digits, _ and -, "
		    "--log-max-wait-ms above 0\n");
		goto usage_error;
	}
	if (cfg.alimtalk_url != NULL && (cfg.alimtalk_service_id == NULL ||
	    cfg.alimtalk_access_key == NULL ||
	    cfg.alimtalk_secret_key == NULL)) {
		fprintf(stderr, "baedald: --alimtalk-url needs "
		    "--alimtalk-service-id and BAEDAL_ALIMTALK_ACCESS_KEY and "
		    "BAEDAL_ALIMTALK_SECRET_KEY\n");
		goto usage_error;
	}
	if (cfg.metrics_bind != NULL && metrics_bind_parse(cfg.metrics_bind,
	    host, &port, why, sizeof why) != 0) {
		fprintf(stderr, "baedald: %s\n", why);
		goto usage_error;
	}
	if (optind < argc) {
		fprintf(stderr, "baedald: unexpected argument '%s'\n",
		    argv[optind]);
		goto usage_error;
	}
	/* Every file baedald makes is its owner's alone (databases, logs,
	 * credentials); the daemon owns its data directory alone too. */
	umask(077);
	if (home_prepare(cfg.home) != 0 || (!service &&
	    home_lock(cfg.home, HOME_LOCK_WAIT_MS) < 0)) {
		config_free(&cfg);
		return EXIT_FAILURE;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (cfg.metrics_bind != NULL && metrics_http_start(cfg.metrics_bind,
	    why, sizeof why) != 0) {
		fprintf(stderr, "baedald: %s\n", why);
		config_free(&cfg);
		return EXIT_FAILURE;
	}
	if (cfg.metrics_bind != NULL)
		log_info("metrics at http://%s:%d/metrics", host, port);
	rc = service ? run_one(&cfg, service) :
	    run_all(&cfg, list, processes, metrics_argv(argv));
	metrics_http_stop();
	config_free(&cfg);
	return rc;
usage_error:
	fprintf(stderr, "Try 'baedald --help'.\n");
	config_free(&cfg);
	return EXIT_USAGE;
}
