/*
 * cli.c: baedal's main: options, the command tables, shared output.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui_text.h"
#include "ui_i18n.h"
#include "util.h"

static const struct cli_cmd *const cli_tables[] = {
	cli_basic_cmds, cli_order_cmds, cli_shop_cmds, cli_shop_mode_cmds,
	cli_payments_cmds, cli_notify_cmds, cli_printer_cmds, cli_review_cmds,
	cli_rider_cmds, cli_address_cmds, cli_sales_cmds, cli_admin_cmds,
};

static const struct cli_cmd *cli_running;

static void
cli_usage(FILE *out)
{
	const struct cli_cmd *cmd;
	size_t t;

	fprintf(out, "%s", _("사용법: baedal [options] COMMAND [ARGS]\n\n"
	    "baedal 명령줄 클라이언트: 음식 주문, 가게 운영, 이벤트 "
	    "따라가기.\n\n명령:\n"));
	for (t = 0; t < ARRAY_LEN(cli_tables); t++)
		for (cmd = cli_tables[t]; cmd->name != NULL; cmd++) {
			char head[160];

			snprintf(head, sizeof head, "%s %s", cmd->name,
			    cmd->args);
			fprintf(out, "  %-34s %s\n", head, _(cmd->help));
		}
	fprintf(out, _(
"\n옵션:\n%s"
"  --json           기계가 읽는 출력 (한 줄에 JSON 값 하나)\n"
"  --timeout MS     응답을 기다리는 시간 (기본값 5000)\n"
"  --address TEXT   order: 배달 주소 (--pickup과 함께 쓰지 않음)\n"
"  --pickup         order, quote: 가게에서 찾아가기 (포장): 주소 없음,\n"
"                   배달팁 없음\n"
"  --card NUMBER    order: 카드 번호 (테스트 카드: ...0002는 거절됨)\n"
"  --virtual-account BANK\n"
"                   order: BANK의 가상계좌에 입금해 결제\n"
"                   (은행 코드: 88 신한, 20 우리, 06 KB국민, 90 카카오뱅크...)\n"
"  --refund-account BANK:NUMBER:HOLDER\n"
"                   가상계좌 주문: 환불받을 계좌\n"
"  --eta MIN        shop accept: 배달까지 걸리는 분 (기본값 30, 바쁠 때\n"
"                   더 김)\n"
"  --code CODE      shop reject, cancel: 사유 코드 (가게: OUT_OF_ITEMS,\n"
"                   TOO_BUSY, CLOSING_SOON, OUT_OF_AREA, OTHER; 고객:\n"
"                   CUSTOMER_REQUEST (기본값), OTHER)\n"
"  --reason TEXT    shop reject, cancel: 직접 쓴 사유 (OTHER에 필요;\n"
"                   --reason만 쓰면 OTHER); shop pause: 멈추는 이유\n"
"  --filter F       shop queue: new, active, done, all (기본값 all)\n"
"  --today          shop soldout: 가게의 다음 영업 시작까지\n"
"  --until HH:MM    shop soldout: 그 시각까지 (가게 시계)\n"), front_usage_text());
	fputs(_(
"  --closed DATES   shop hours set: 휴무일, YYYY-MM-DD,... (없음)\n"
"  --tz ZONE        shop hours set: 가게의 시간대 (Asia/Seoul)\n"
"  --from SEQ       events: 이 기록 위치 다음부터 (기본값 0)\n"
"  --day DATE       shop sales: 하루, YYYY-MM-DD (기본값 오늘)\n"
"  --from DATE --to DATE\n"
"                   shop sales: 한 날짜부터 다른 날짜까지\n"
"  --follow         events: 새 이벤트를 계속 따라가기\n"
"  --type PREFIX    events: PREFIX로 시작하는 종류만\n"
"  --order ID       events: 이 주문의 이벤트만\n"
"  --limit N        orders, inbox, payments dead, notify outbox: 최대\n"
"                   N줄\n"
"  --offset N       orders: 최신 N개를 건너뛰기 (기본값 0)\n"
"  --state S        payments dead: open (기본값), retried, resolved, all;\n"
"                   notify outbox: pending, sent, dead, inbox; shop\n"
"                   print-jobs: pending, sending, printed, dead, unknown\n"
"  --width MM       shop printer: 용지 폭, 58 또는 80 (기본값 80)\n"
"  --print-on WHEN  shop printer: 주문을 접수할 때 (기본값) 또는 결제될\n"
"                   때 (도착할 때) 주문서 출력\n"
"  --note TEXT      order: 가게 요청사항; payments retry,\n"
"                   resolve: 처리한 내용\n"
"  --rider-note TEXT  order: 라이더 요청사항\n"
"  --at LAT,LON     rider: 지금 있는 곳, 도 단위 (없으면 BAEDAL_RIDER_AT,\n"
"                   그것도 없으면 마지막으로 알린 곳)\n"
"  --radius M       rider available: 이 거리(미터) 안의 배달만\n"
"                   (기본값 5000, 최대 100000)\n"
"  -h, --help       이 도움말\n"
"  -V, --version    버전\n\n"), out);
	fputs(_(
"종료 상태: 0 정상, 1 요청 실패, 2 사용법 오류.\n"
"메뉴: ITEM[xQTY][+OPTION]...[#NOTE], id는 'menu'가 보여 주는 대로;\n"
"'#' 뒤는 그 줄의 요청사항 (따옴표로: 'friedx2+boneless#덜 맵게').\n"
"예: baedal --user minji order chicken friedx2+boneless cola \\\n"
"           --address '서울시 마포구 1' --card 4111111111111111\n"
"         baedal --user minji order chicken fried --address '서울시 마포구 1' \\\n"
"           --virtual-account 88 --refund-account 20:1002123456789:김민지\n"),
	    out);
}

int
cli_usage_error(struct cli *cli, const char *fmt, ...)
{
	char msg[512], usage[160] = "";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (cli_running != NULL)
		snprintf(usage, sizeof usage, "baedal %s %s", cli_running->name,
		    cli_running->args);
	if (cli->json) {
		/* One JSON value on stdout, as every other answer. */
		cli_print_json(json_pack("{s:{s:s, s:s, s:s}}", "error", "code",
		    CLI_E_USAGE, "message", msg, "usage", usage[0] ? usage :
		    "baedal --help"));
		return FRONT_EXIT_USAGE;
	}
	fprintf(stderr, "baedal: %s\n", msg);
	if (usage[0] == '\0')
		return front_try_help("baedal");
	fprintf(stderr, _("사용법: %s\n"), usage);
	return FRONT_EXIT_USAGE;
}

int
cli_fail(struct cli *cli, const struct wire_error *err)
{
	if (cli->json) {
		json_t *e = json_pack("{s:{s:s, s:s}}", "error", "code",
		    err->code, "message", err->message);

		if (err->retry_after_ms > 0)
			json_object_set_new(json_object_get(e, "error"),
			    "retry_after_ms", json_integer(err->retry_after_ms));
		cli_print_json(e);
	} else if (err->retry_after_ms > 0)
		fprintf(stderr, _("baedal: %s (%s; %.1f초 후 다시)\n"),
		    err->message, err->code, err->retry_after_ms / 1000.0);
	else
		fprintf(stderr, "baedal: %s (%s)\n", err->message, err->code);
	return FRONT_EXIT_FAIL;
}

struct client *
cli_client(struct cli *cli)
{
	struct wire_error err;

	if (cli->client == NULL &&
	    (cli->client = front_connect(&cli->id, cli->timeout_ms,
	    &err)) == NULL)
		cli_fail(cli, &err);
	return cli->client;
}

json_t *
cli_call(struct cli *cli, const char *service, const char *method,
    json_t *body)
{
	struct wire_error err;
	json_t *result;

	if (cli_client(cli) == NULL) {
		json_decref(body);
		return NULL;
	}
	result = client_call(cli->client, service, method, body,
	    cli->timeout_ms, &err);
	if (result == NULL)
		cli_fail(cli, &err);
	return result;
}

int
cli_print_json(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	puts(s ? s : "null");
	free(s);
	json_decref(v);
	return FRONT_EXIT_OK;
}

json_t *
cli_parse_refund_account(const char *spec)
{
	const char *c1 = strchr(spec, ':'), *c2 = c1 ? strchr(c1 + 1, ':') :
	    NULL;

	if (c1 == NULL || c2 == NULL || c1 == spec || c2 == c1 + 1 ||
	    c2[1] == '\0')
		return NULL;
	return json_pack("{s:s%, s:s%, s:s}", "bank", spec,
	    (size_t)(c1 - spec), "account_number", c1 + 1,
	    (size_t)(c2 - c1 - 1), "holder_name", c2 + 1);
}

int64_t
cli_parse_id(const char *s)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n <= 0)
		return -1;
	return n;
}

void
cli_col(const char *s, int cols)
{
	static int tty = -1;
	char *cell;
	int w;

	if (tty < 0)
		tty = isatty(STDOUT_FILENO);
	s = s != NULL ? s : "";
	w = ui_text_width(s);
	/* Piped, a cell is never cut: a script gets the whole text. */
	if (!tty && w > cols) {
		printf("%s ", s);
		return;
	}
	cell = ui_text_fit(s, cols, UI_ALIGN_LEFT);
	printf("%s ", cell);
	free(cell);
}

void
cli_col_won(int64_t won, int cols)
{
	char buf[48];
	char *cell;

	util_won(buf, sizeof buf, won);
	cell = ui_text_fit(buf, cols, UI_ALIGN_RIGHT);
	printf("%s ", cell);
	free(cell);
}

const char *
cli_clock(int64_t ms)
{
	static char buf[16];
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%H:%M:%S", &tm);
	return buf;
}

/* Find the command for argv: "shop accept" takes two words. */
static const struct cli_cmd *
cli_find(int argc, char **argv, int *words)
{
	const struct cli_cmd *cmd;
	char two[64];
	size_t t;

	snprintf(two, sizeof two, "%s %s", argv[0], argc > 1 ? argv[1] : "");
	for (t = 0; t < ARRAY_LEN(cli_tables); t++)
		for (cmd = cli_tables[t]; cmd->name != NULL; cmd++) {
			if (strcmp(cmd->name, two) == 0) {
				*words = 2;
				return cmd;
			}
			if (strcmp(cmd->name, argv[0]) == 0) {
				*words = 1;
				return cmd;
			}
		}
	return NULL;
}

/* The number arg of option flag (at least min) into *out; else -1
 * after the usage error. */
static int
cli_number(struct cli *cli, const char *arg, const char *flag, int64_t min,
    int64_t *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || n < min) {
		cli_usage_error(cli, min > 0 ? _("%s에는 1 이상의 숫자가 "
		    "필요합니다 ('%s'이(가) 아님)") : _("%s에는 숫자가 필요합니다 "
		    "('%s'이(가) 아님)"), flag, arg);
		return -1;
	}
	*out = n;
	return 0;
}

/* 1 when word is one of the --filter values store.queue takes. */
static int
cli_filter_ok(const char *word)
{
	static const char *const filters[] = { "new", "active", "done",
	    "all" };
	size_t i;

	for (i = 0; i < ARRAY_LEN(filters); i++)
		if (strcmp(word, filters[i]) == 0)
			return 1;
	return 0;
}

/* --json anywhere before "--": usage errors found while parsing the
 * options are JSON too. */
static int
cli_wants_json(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--json") == 0)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	enum { O_JSON = FRONT_O_NEXT, O_TIMEOUT,
	    O_ADDRESS, O_CARD, O_REASON, O_FILTER, O_TYPE, O_FROM, O_FOLLOW,
	    O_ETA, O_ORDER, O_LIMIT, O_NOTE, O_STATE, O_RIDER_NOTE, O_PICKUP,
	    O_CODE, O_TODAY, O_UNTIL, O_CLOSED, O_TZ, O_WIDTH, O_PRINT_ON, O_VA,
	    O_REFUND_ACCOUNT, O_AT, O_DAY, O_TO, O_OFFSET, O_RADIUS };
	static const struct option opts[] = {
		FRONT_LONG_OPTIONS,
		{ "json", no_argument, NULL, O_JSON },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "address", required_argument, NULL, O_ADDRESS },
		{ "card", required_argument, NULL, O_CARD },
		{ "virtual-account", required_argument, NULL, O_VA },
		{ "refund-account", required_argument, NULL, O_REFUND_ACCOUNT },
		{ "reason", required_argument, NULL, O_REASON },
		{ "filter", required_argument, NULL, O_FILTER },
		{ "type", required_argument, NULL, O_TYPE },
		{ "from", required_argument, NULL, O_FROM },
		{ "day", required_argument, NULL, O_DAY },
		{ "to", required_argument, NULL, O_TO },
		{ "follow", no_argument, NULL, O_FOLLOW },
		{ "eta", required_argument, NULL, O_ETA },
		{ "order", required_argument, NULL, O_ORDER },
		{ "limit", required_argument, NULL, O_LIMIT },
		{ "offset", required_argument, NULL, O_OFFSET },
		{ "note", required_argument, NULL, O_NOTE },
		{ "rider-note", required_argument, NULL, O_RIDER_NOTE },
		{ "pickup", no_argument, NULL, O_PICKUP },
		{ "code", required_argument, NULL, O_CODE },
		{ "today", no_argument, NULL, O_TODAY },
		{ "until", required_argument, NULL, O_UNTIL },
		{ "closed", required_argument, NULL, O_CLOSED },
		{ "tz", required_argument, NULL, O_TZ },
		{ "state", required_argument, NULL, O_STATE },
		{ "width", required_argument, NULL, O_WIDTH },
		{ "print-on", required_argument, NULL, O_PRINT_ON },
		{ "at", required_argument, NULL, O_AT },
		{ "radius", required_argument, NULL, O_RADIUS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cli;
	const struct cli_cmd *cmd;
	int64_t n;
	int c, words, rc, idx = 0;
	char flag[32];

	memset(&cli, 0, sizeof cli);
	cli.timeout_ms = 5000;
	cli.from = cli.eta = cli.limit = cli.width = cli.offset =
	    cli.radius = -1;
	cli.json = cli_wants_json(argc, argv);
	opterr = !cli.json; /* our own words, as JSON */
	/* --json is the same whatever the locale: no catalogue, so any
	 * text in it stays as the source has it. */
	if (!cli.json)
		front_i18n_init();
	log_set_tag("baedal");
	while ((c = getopt_long(argc, argv, "hV", opts, &idx)) != -1) {
		if (front_option(&cli.id, c, optarg))
			continue;
		switch (c) {
		case O_JSON: cli.json = 1; break;
		case O_ADDRESS: cli.address = optarg; break;
		case O_CARD: cli.card = optarg; break;
		case O_VA: cli.va_bank = optarg; break;
		case O_REFUND_ACCOUNT: cli.refund_account = optarg; break;
		case O_REASON: cli.reason = optarg; break;
		case O_FILTER:
			if (!cli_filter_ok(optarg)) {
				rc = cli_usage_error(&cli, _("--filter는 "
				    "new, active, done, all 중 하나입니다 "
				    "('%s'이(가) 아님)"), optarg);
				goto out;
			}
			cli.filter = optarg;
			break;
		case O_TYPE: cli.type = optarg; break;
		case O_NOTE: cli.note = optarg; break;
		case O_RIDER_NOTE: cli.rider_note = optarg; break;
		case O_STATE: cli.state = optarg; break;
		case O_FOLLOW: cli.follow = 1; break;
		case O_PICKUP: cli.pickup = 1; break;
		case O_CODE: cli.code = optarg; break;
		case O_TODAY: cli.today = 1; break;
		case O_UNTIL: cli.until = optarg; break;
		case O_CLOSED: cli.closed = optarg; break;
		case O_TZ: cli.tz = optarg; break;
		case O_PRINT_ON: cli.print_on = optarg; break;
		case O_AT: cli.at = optarg; break;
		case O_DAY: cli.day = optarg; break;
		case O_TO: cli.to = optarg; break;
		case O_FROM:
			cli.from_text = optarg;
			if (strchr(optarg, '-') != NULL && optarg[0] != '-')
				break; /* a date: shop sales */
			/* FALLTHROUGH */
		case O_TIMEOUT: case O_ETA: case O_ORDER:
		case O_LIMIT: case O_WIDTH: case O_OFFSET: case O_RADIUS:
			snprintf(flag, sizeof flag, "--%s", opts[idx].name);
			if (cli_number(&cli, optarg, flag, c == O_LIMIT ||
			    c == O_ORDER || c == O_RADIUS ? 1 : 0, &n) != 0) {
				rc = FRONT_EXIT_USAGE;
				goto out;
			}
			if (c == O_TIMEOUT)
				cli.timeout_ms = n > 0 && n < 600000 ? (int)n :
				    5000;
			else if (c == O_FROM)
				cli.from = n;
			else if (c == O_ETA)
				cli.eta = n;
			else if (c == O_ORDER)
				cli.order = n;
			else if (c == O_WIDTH)
				cli.width = n;
			else if (c == O_OFFSET)
				cli.offset = n;
			else if (c == O_RADIUS)
				cli.radius = n;
			else
				cli.limit = n;
			break;
		case 'h':
		case 'V':
			rc = front_help("baedal", c, cli_usage);
			goto out;
		default:
			if (!cli.json)
				goto usage; /* getopt has said why */
			rc = cli_usage_error(&cli, _("알 수 없는 옵션이거나 "
			    "값이 없습니다: '%s'"), argv[optind - 1]);
			goto out;
		}
	}
	if (optind >= argc) {
		if (cli.json)
			rc = cli_usage_error(&cli, _("명령이 없습니다"));
		else {
			cli_usage(stderr);
			rc = FRONT_EXIT_USAGE;
		}
		goto out;
	}
	if ((cmd = cli_find(argc - optind, argv + optind, &words)) == NULL) {
		rc = cli_usage_error(&cli, _("알 수 없는 명령 '%s'"),
		    argv[optind]);
		goto out;
	}
	cli_running = cmd;
	cli.argc = argc - optind - words;
	cli.argv = argv + optind + words;
	if (cli.argc < cmd->min_args ||
	    (cmd->max_args >= 0 && cli.argc > cmd->max_args)) {
		rc = cli_usage_error(&cli, _("인자 개수가 맞지 않습니다"));
		goto out;
	}
	front_id_defaults(&cli.id);
	rc = cmd->fn(&cli);
	client_destroy(&cli.client);
out:
	front_id_free(&cli.id);
	return rc;
usage:
	front_id_free(&cli.id);
	return front_try_help("baedal");
}
