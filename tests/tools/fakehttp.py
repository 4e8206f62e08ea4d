#!/usr/bin/python3
"""fakehttp.py: a fake payment gateway and notification webhook for tests.

Standard library only; listens on 127.0.0.1 only.

    /usr/bin/python3 tests/tools/fakehttp.py --port 0 --port-file PATH [--log PATH]
        [--verbose] [--sens-access-key K] [--sens-secret-key S]
        [--sens-service-id ID] [--sens-channel @ID]

  --port N        port to listen on; 0 picks a free one
  --port-file P   once listening, write the port there (atomically: a temp
                  file renamed into place), so a test can wait for P
  --log P         append one JSON line per received request (see below)
  --verbose       log each request to stderr (quiet by default)
SIGTERM or SIGINT stops it cleanly (exit 0).

Payment gateway, shaped like a Korean PG's (Toss Payments) confirm/cancel API:
  POST /v1/payments/confirm  {"paymentKey", "orderId", "amount", "card"?,
                              "method"?: "VIRTUAL_ACCOUNT"}
      200 {"paymentKey", "orderId", "status": "DONE", "totalAmount",
           "balanceAmount", "method", "approvedAt": ISO 8601 (+09:00), ...}
      400 {"code": "REJECT_CARD_PAYMENT", ...} when "card" (a string, or an
          object with "number") ends in "0002"
      400 {"code": "INVALID_REQUEST", ...} for missing/ill-typed members
      With "method": "VIRTUAL_ACCOUNT": 200 {"status":
      "WAITING_FOR_DEPOSIT", "secret", "virtualAccount": {"accountNumber",
      "bank", "customerName", "dueDate", "expired"}, ...}; /_deposit plays
      the bank. "bank" (a bank code) picks the account's bank (400
      INVALID_BANK for an unknown code; 신한 without it).
      A repeat with the same paymentKey, orderId and amount returns the
      first answer again (idempotent); the same paymentKey with another
      orderId or amount gets 400 ALREADY_PROCESSED_PAYMENT. A request
      repeating an Idempotency-Key header that was answered 2xx gets that
      answer again.
  POST /v1/payments/{paymentKey}/cancel  {"cancelReason", "cancelAmount"?}
      200 {"paymentKey", "orderId", "status": "CANCELED" (or
           "PARTIAL_CANCELED" while a balance is left), "balanceAmount",
           "cancels": [{"cancelAmount", "cancelReason", "canceledAt"}], ...}
      Without cancelAmount the whole balance is cancelled. Giving back a
      virtual account's deposit (its status DONE) needs
      "refundReceiveAccount": {"bank" (a code), "accountNumber" (6-20
      digits), "holderName" (1-60 characters)}: 400
      INVALID_REFUND_ACCOUNT_INFO without it, when it is malformed or when
      its number is in "refused_accounts". A repeat of an
      Idempotency-Key that was answered 2xx gets that answer again (the
      refund happens once); only 2xx answers are kept for a key.
      400 ALREADY_CANCELED_PAYMENT   the payment is CANCELED already
      403 NOT_CANCELABLE_AMOUNT      cancelAmount over the balance (or not
                                     a positive integer: 400 INVALID_REQUEST)
      403 FORBIDDEN_CONSECUTIVE_REQUEST  a second cancel of one payment
                                     within 1 s (consecutive_ms) of the
                                     last one it processed; not processed
      404 NOT_FOUND_PAYMENT          a key never approved (declined, failed
                                     or never seen): nothing to refund.
  GET /v1/payments/{paymentKey}  the payment as it stands, or 404.
  Any POST whose Idempotency-Key is still being answered (a slow first
  request) gets 409 IDEMPOTENT_REQUEST_PROCESSING, as Toss answers.

Notification webhook:
  POST /webhook, /webhook/anything  JSON or form body  -> 200 {"ok": true}

Message dealer (NCP SENS AlimTalk, signed requests): see fakesens.py.
  POST /alimtalk/v2/services/{serviceId}/messages, GET .../messages/{id}

Control (never recorded, never delayed, never failed):
  POST /_control  JSON merged into the settings; answers the settings:
      "latency_ms": n or [min, max]  sleep that long before answering
                                     (uniform random in [min, max])
      "status": 500 or null          answer every request with this status
                                     ({"code": "FORCED_STATUS", ...})
      "fail_match": "text" or null   answer 500 {"code":
                                     "FAILED_INTERNAL_SYSTEM_PROCESSING"} to
                                     requests whose raw body contains text
      "down": true or false          close the connection without answering
                                     (after the latency); for "503" use
                                     "status": 503
      "alimtalk_fail_to": ["010..."]  AlimTalk to these numbers fails
      "sms_fail_to": ["010..."]       and so does their SMS failover
      "cancel_errors": [{"status": 403, "code": "NOT_CANCELABLE_PAYMENT",
                         "process": false}, ...]
                                     answer the next cancels, one each in
                                     turn, with these errors; "process":
                                     true cancels all the same (the answer
                                     is lost, as after a gateway's fault)
      "confirm_errors": [...]          the same for the next confirms
      A forced status, a fail_match hit or "down" has no effect on payments
      (nothing approved, nothing refunded). A slow answer does: the payment
      is approved (or refunded) when the request arrives, before the sleep,
      so a client that gave up has a payment to refund.
      "consecutive_ms": n            FORBIDDEN_CONSECUTIVE_REQUEST's window
                                     (1000, as Toss's second); setting it
                                     starts the window again for every
                                     payment cancelled before
      "va_due_ms": n                 a virtual account's dueDate is n ms
                                     away (default an hour)
      "refused_accounts": ["110..."]  refund accounts the bank refuses
                                     (INVALID_REFUND_ACCOUNT_INFO)
  POST /_deposit  {"paymentKey", "status": "DONE" | "WAITING_FOR_DEPOSIT"
                  | "CANCELED", "url", "repeat"?: n, "secret"?}: the bank
                  side of a virtual account: its status changes, and the
                  DEPOSIT_CALLBACK {"createdAt", "secret", "status",
                  "transactionKey", "orderId"} is POSTed to url n times
                  (as Toss retries); answers {"answers": [HTTP statuses],
                  "callback"}
  GET  /_control   the settings
  GET  /_received  JSON list of the records below; ?path=PREFIX filters
  POST /_reset     forget records, payments and settings
  GET  /_health    200 {"ok": true}

Record (one per non-control request, kept in memory and appended to --log
when it arrives; "status" is the answer chosen, null when "down"):
  {"at": ms since epoch, "method", "path", "headers": {"Idempotency-Key",
   "Authorization", "Content-Type"} (those present), "body": parsed JSON,
   or a form as {name: value}, or raw text, "status", "delay_ms"}
"""

import argparse
import datetime
import json
import os
import random
import signal
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import fakesens

BODY_MAX = 1024 * 1024
RECORDED_HEADERS = ("Idempotency-Key", "Authorization", "Content-Type",
                    "x-ncp-apigw-timestamp", "x-ncp-iam-access-key",
                    "x-ncp-apigw-signature-v2")
KST = datetime.timezone(datetime.timedelta(hours=9))
DEFAULT_SETTINGS = {"latency_ms": 0, "status": None, "fail_match": None,
                    "down": False, "cancel_errors": [], "confirm_errors": [],
                    "alimtalk_fail_to": [], "sms_fail_to": [],
                    "va_due_ms": 3600000, "consecutive_ms": 1000,
                    "refused_accounts": []}
# Toss's bank codes, as baedal knows them (bank_account.c).
BANKS = {"02": "KDB산업", "03": "IBK기업", "06": "KB국민", "07": "Sh수협",
         "11": "NH농협", "12": "단위농협", "20": "우리", "23": "SC제일",
         "27": "씨티", "31": "iM뱅크", "32": "부산", "34": "광주",
         "35": "제주", "37": "전북", "39": "경남", "45": "새마을",
         "48": "신협", "50": "저축은행", "64": "산림조합", "71": "우체국",
         "81": "하나", "88": "신한", "89": "케이뱅크", "90": "카카오뱅크",
         "92": "토스뱅크"}


class State:
    """Everything the handlers share, behind one lock."""

    def __init__(self, log_path):
        self.lock = threading.Lock()
        self.log_path = log_path
        self.reset()

    def reset(self):
        self.settings = json.loads(json.dumps(DEFAULT_SETTINGS))
        self.records = []
        self.payments = {}      # paymentKey -> payment object
        self.confirms = {}      # paymentKey -> (status, answer) of confirm
        self.idempotent = {}    # Idempotency-Key -> (status, answer)
        self.answering = {}     # Idempotency-Key -> requests being answered
        self.last_cancel = {}   # paymentKey -> time of the last cancel done
        self.sens = {}          # messageId -> AlimTalk message

    def record(self, rec):
        self.records.append(rec)
        if self.log_path:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def iso_now():
    return datetime.datetime.now(KST).isoformat(timespec="seconds")


def error(status, code, message):
    return status, {"code": code, "message": message}


def card_number(card):
    if isinstance(card, dict):
        card = card.get("number")
    return card if isinstance(card, str) else None


def pay_confirm(state, body):
    """The answer to a confirm; called with state.lock held."""
    if not isinstance(body, dict):
        return error(400, "INVALID_REQUEST", "JSON object expected")
    key, order, amount = (body.get("paymentKey"), body.get("orderId"),
                          body.get("amount"))
    if (not isinstance(key, str) or not key or not isinstance(order, str)
            or not order or not isinstance(amount, int)
            or isinstance(amount, bool) or amount <= 0):
        return error(400, "INVALID_REQUEST",
                     "paymentKey, orderId and a positive amount are required")
    if key in state.confirms:
        first = state.payments.get(key)
        if first and (first["orderId"] != order
                      or first["totalAmount"] != amount):
            return error(400, "ALREADY_PROCESSED_PAYMENT",
                         "this paymentKey was used for another payment")
        return state.confirms[key]
    if body.get("method") == "VIRTUAL_ACCOUNT":
        bank = body.get("bank")
        if bank is not None and bank not in BANKS:
            return error(400, "INVALID_BANK", "no such bank code")
        return va_issue(state, key, order, amount, BANKS.get(bank, "신한"))
    number = card_number(body.get("card"))
    if number is not None and number.replace("-", "").endswith("0002"):
        return error(400, "REJECT_CARD_PAYMENT",
                     "the card issuer declined the payment")
    payment = {"paymentKey": key, "orderId": order, "status": "DONE",
               "method": "CARD", "totalAmount": amount,
               "balanceAmount": amount, "currency": "KRW",
               "requestedAt": iso_now(), "approvedAt": iso_now(),
               "cancels": None}
    if number is not None:
        payment["card"] = {"number": number[:4] + "****" + number[-4:]}
    state.payments[key] = payment
    state.confirms[key] = (200, dict(payment))
    return state.confirms[key]


def va_issue(state, key, order, amount, bank):
    """A virtual account for a confirm by VIRTUAL_ACCOUNT; lock held."""
    due = datetime.datetime.now(KST) + datetime.timedelta(
        milliseconds=state.settings["va_due_ms"])
    payment = {"paymentKey": key, "orderId": order,
               "status": "WAITING_FOR_DEPOSIT", "method": "가상계좌",
               "totalAmount": amount, "balanceAmount": amount,
               "currency": "KRW", "requestedAt": iso_now(),
               "approvedAt": None, "cancels": None,
               "secret": "ps_" + os.urandom(12).hex(),
               "virtualAccount": {
                   "accountNumber": "X%011d" % random.randrange(10 ** 11),
                   "bank": bank, "customerName": "baedal",
                   "dueDate": due.isoformat(timespec="seconds"),
                   "expired": False}}
    state.payments[key] = payment
    state.confirms[key] = (200, dict(payment))
    return state.confirms[key]


def deposit(state, update):
    """Change a virtual account's status as a bank would, and the
    DEPOSIT_CALLBACK to send: (callback, url, repeat) or an error text."""
    if not isinstance(update, dict):
        return "JSON object expected"
    payment = state.payments.get(update.get("paymentKey"))
    status = update.get("status")
    if payment is None or "secret" not in payment:
        return "no such virtual-account payment"
    if status not in ("DONE", "WAITING_FOR_DEPOSIT", "CANCELED"):
        return "status: DONE, WAITING_FOR_DEPOSIT or CANCELED"
    if not isinstance(update.get("url"), str):
        return "url: where to send the callback"
    payment["status"] = status
    if status == "DONE":
        payment["approvedAt"] = iso_now()
    callback = {"createdAt": datetime.datetime.now(KST).isoformat(
                    timespec="microseconds"),
                "secret": update.get("secret", payment["secret"]),
                "status": status,
                "transactionKey": "tx_" + os.urandom(8).hex(),
                "orderId": payment["orderId"]}
    return callback, update["url"], int(update.get("repeat", 1))


def post_callback(url, callback):
    """POST callback as Toss does; the HTTP status (0: no answer)."""
    req = urllib.request.Request(url, json.dumps(callback).encode(),
                                 {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except (urllib.error.URLError, OSError):
        return 0


def refund_account_error(state, acct):
    """Why a deposit's refund account is refused (Toss needs one to give a
    deposit back), or None."""
    if not isinstance(acct, dict):
        return "refundReceiveAccount is required to cancel a deposit"
    bank, number, holder = (acct.get("bank"), acct.get("accountNumber"),
                            acct.get("holderName"))
    if bank not in BANKS:
        return "refundReceiveAccount.bank: not a bank code"
    if not isinstance(number, str) or not number.isdigit() \
            or not 6 <= len(number) <= 20:
        return "refundReceiveAccount.accountNumber: 6 to 20 digits"
    if not isinstance(holder, str) or not 1 <= len(holder) <= 60:
        return "refundReceiveAccount.holderName: 1 to 60 characters"
    if number in state.settings["refused_accounts"]:
        return "the bank says the account does not match its holder"
    return None


def pay_cancel(state, key, body):
    """The answer to a cancel; called with state.lock held."""
    payment = state.payments.get(key)
    if payment is None:
        return error(404, "NOT_FOUND_PAYMENT", "no such payment")
    if payment["status"] == "CANCELED":
        return error(400, "ALREADY_CANCELED_PAYMENT",
                     "the payment was cancelled already")
    body = body if isinstance(body, dict) else {}
    if "secret" in payment and payment["status"] == "DONE":
        refused = refund_account_error(state, body.get("refundReceiveAccount"))
        if refused:
            return error(400, "INVALID_REFUND_ACCOUNT_INFO", refused)
    amount = body.get("cancelAmount", payment["balanceAmount"])
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        return error(400, "INVALID_REQUEST", "cancelAmount: a positive integer")
    if amount > payment["balanceAmount"]:
        return error(403, "NOT_CANCELABLE_AMOUNT",
                     "cancelAmount is over the balance")
    now = time.monotonic()
    window = state.settings["consecutive_ms"] / 1000.0
    if now - state.last_cancel.get(key, -window) < window:
        return error(403, "FORBIDDEN_CONSECUTIVE_REQUEST",
                     "repeated requests are not allowed; try again later")
    state.last_cancel[key] = now
    payment["cancels"] = (payment["cancels"] or []) + [{
        "cancelAmount": amount, "cancelReason": body.get("cancelReason") or "",
        "canceledAt": iso_now()}]
    payment["balanceAmount"] -= amount
    payment["status"] = ("CANCELED" if payment["balanceAmount"] == 0
                         else "PARTIAL_CANCELED")
    return 200, dict(payment)


def route(state, method, path, body):
    """(status, answer) for a non-control request; state.lock held."""
    parts = [p for p in path.split("/") if p]
    if parts[:1] == ["webhook"] and method == "POST":
        return 200, {"ok": True}
    if parts[:2] == ["v1", "payments"]:
        if method == "POST" and parts[2:] == ["confirm"]:
            return pay_confirm(state, body)
        if method == "POST" and len(parts) == 4 and parts[3] == "cancel":
            return pay_cancel(state, parts[2], body)
        if method == "GET" and len(parts) == 3:
            payment = state.payments.get(parts[2])
            if payment is None:
                return error(404, "NOT_FOUND_PAYMENT", "no such payment")
            return 200, dict(payment)
    return error(404, "NOT_FOUND", "no such endpoint: %s %s" % (method, path))


def forced_queue(settings, method, path):
    """The non-empty list of forced errors for this request, or None."""
    parts = [p for p in path.split("/") if p]
    if method != "POST" or parts[:2] != ["v1", "payments"]:
        return None
    if len(parts) == 4 and parts[3] == "cancel":
        return settings["cancel_errors"] or None
    if parts[2:] == ["confirm"]:
        return settings["confirm_errors"] or None
    return None


def parse_body(ctype, raw):
    text = raw.decode("utf-8", errors="replace")
    if "json" in ctype:
        try:
            return json.loads(text)
        except ValueError:
            return text
    if "x-www-form-urlencoded" in ctype:
        form = urllib.parse.parse_qs(text, keep_blank_values=True)
        return {k: v[0] if len(v) == 1 else v for k, v in form.items()}
    return text


def pick_latency(latency):
    if isinstance(latency, (list, tuple)) and len(latency) == 2:
        return random.uniform(float(latency[0]), float(latency[1]))
    return float(latency or 0)


def check_settings(update):
    """An error message for a bad /_control body, or None."""
    if not isinstance(update, dict):
        return "JSON object expected"
    for k, v in update.items():
        if k not in DEFAULT_SETTINGS:
            return "unknown setting %r" % k
        if k == "latency_ms" and not (
                isinstance(v, (int, float)) and v >= 0 or
                isinstance(v, list) and len(v) == 2 and
                all(isinstance(x, (int, float)) for x in v) and
                0 <= v[0] <= v[1]):
            return "latency_ms: a number or [min, max]"
        if k == "status" and v is not None and not (
                isinstance(v, int) and 100 <= v <= 599):
            return "status: an HTTP status or null"
        if k == "fail_match" and v is not None and not isinstance(v, str):
            return "fail_match: a string or null"
        if k == "down" and not isinstance(v, bool):
            return "down: true or false"
        if k in ("cancel_errors", "confirm_errors") and not (
                isinstance(v, list) and all(
                    isinstance(e, dict) and isinstance(e.get("code"), str)
                    and isinstance(e.get("status"), int) for e in v)):
            return "%s: a list of {status, code, process?}" % k
        if k in ("va_due_ms", "consecutive_ms") and not (
                isinstance(v, int) and v >= 0):
            return "%s: milliseconds" % k
        if k in ("alimtalk_fail_to", "sms_fail_to", "refused_accounts") and not (
                isinstance(v, list) and all(isinstance(x, str) for x in v)):
            return "%s: a list of numbers" % k
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fakehttp/1.0"
    state = None        # set in main
    verbose = False

    def log_message(self, fmt, *args):
        if self.verbose:
            sys.stderr.write("fakehttp: %s\n" % (fmt % args))

    def send_json(self, status, obj):
        data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True    # the client gave up

    def read_body(self):
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = -1
        if n < 0 or n > BODY_MAX:
            self.close_connection = True
            return None
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        self.handle_request("GET")

    def do_POST(self):
        self.handle_request("POST")

    def do_PUT(self):
        self.handle_request("PUT")

    def do_DELETE(self):
        self.handle_request("DELETE")

    def handle_request(self, method):
        raw = self.read_body()
        if raw is None:
            self.send_json(413, {"code": "TOO_LARGE",
                                 "message": "body over %d bytes" % BODY_MAX})
            return
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_"):
            self.control(method, url, raw)
            return
        ctype = self.headers.get("Content-Type") or ""
        state = self.state
        with state.lock:
            s = state.settings
            delay_ms = pick_latency(s["latency_ms"])
            idem = self.headers.get("Idempotency-Key")
            if s["down"]:
                status, answer = None, None
            elif s["status"] is not None:
                status, answer = error(s["status"], "FORCED_STATUS",
                                       "forced by /_control")
            elif s["fail_match"] and s["fail_match"].encode() in raw:
                status, answer = error(500, "FAILED_INTERNAL_SYSTEM_PROCESSING",
                                       "fail_match hit")
            elif idem and state.answering.get(idem):
                status, answer = error(409, "IDEMPOTENT_REQUEST_PROCESSING",
                                       "an earlier request with this key "
                                       "is still being processed")
            elif idem and idem in state.idempotent:
                status, answer = state.idempotent[idem]
            elif forced_queue(s, method, url.path):
                forced = forced_queue(s, method, url.path).pop(0)
                if forced.get("process"):
                    route(state, method, url.path, parse_body(ctype, raw))
                status, answer = error(forced["status"], forced["code"],
                                       "forced by /_control")
            elif url.path.startswith("/alimtalk/"):
                status, answer = fakesens.route(
                    state, method, url.path, self.headers,
                    parse_body(ctype, raw), s)
            else:
                status, answer = route(state, method, url.path,
                                       parse_body(ctype, raw))
                if idem and method == "POST" and 200 <= status < 300:
                    state.idempotent[idem] = (status, answer)
            if idem:
                state.answering[idem] = state.answering.get(idem, 0) + 1
            headers = {h: self.headers[h] for h in RECORDED_HEADERS
                       if self.headers.get(h) is not None}
            state.record({"at": int(time.time() * 1000), "method": method,
                          "path": url.path, "headers": headers,
                          "body": parse_body(ctype, raw), "status": status,
                          "delay_ms": int(delay_ms)})
        try:
            if delay_ms > 0:
                time.sleep(delay_ms / 1000.0)
            if status is None:
                self.close_connection = True    # answer nothing, hang up
                return
            self.send_json(status, answer)
        finally:
            if idem:
                with state.lock:
                    n = state.answering.get(idem, 0) - 1
                    if n > 0:
                        state.answering[idem] = n
                    else:
                        state.answering.pop(idem, None)

    def control(self, method, url, raw):
        state = self.state
        what = (method, url.path)
        if what == ("GET", "/_health"):
            self.send_json(200, {"ok": True})
        elif what == ("GET", "/_received"):
            prefix = urllib.parse.parse_qs(url.query).get("path", [""])[0]
            with state.lock:
                out = [r for r in state.records
                       if r["path"].startswith(prefix)]
            self.send_json(200, out)
        elif what == ("POST", "/_reset"):
            with state.lock:
                state.reset()
            self.send_json(200, {"ok": True})
        elif what == ("POST", "/_deposit"):
            try:
                update = json.loads(raw.decode("utf-8")) if raw else {}
            except ValueError:
                update = None
            with state.lock:
                made = deposit(state, update)
            if isinstance(made, str):
                self.send_json(400, {"code": "INVALID_REQUEST",
                                     "message": made})
                return
            callback, target, repeat = made
            answers = [post_callback(target, callback) for _ in range(repeat)]
            self.send_json(200, {"answers": answers, "callback": callback})
        elif what in (("GET", "/_control"), ("POST", "/_control")):
            try:
                update = json.loads(raw.decode("utf-8")) if raw else {}
            except ValueError:
                update = None
            problem = check_settings(update)
            if problem:
                self.send_json(400, {"code": "INVALID_REQUEST",
                                     "message": problem})
                return
            with state.lock:
                state.settings.update(update)
                if "consecutive_ms" in update:
                    # The window starts now for every payment cancelled
                    # before, so a test's next cancel meets it however
                    # long its own checks took.
                    now = time.monotonic()
                    for key in state.last_cancel:
                        state.last_cancel[key] = now
                current = dict(state.settings)
            self.send_json(200, current)
        else:
            self.send_json(404, {"code": "NOT_FOUND",
                                 "message": "no such control endpoint"})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        if Handler.verbose:
            super().handle_error(request, client_address)


def write_port_file(path, port):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w", encoding="ascii") as f:
        f.write("%d\n" % port)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(
        description="Fake payment gateway and webhook on 127.0.0.1.")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--log")
    ap.add_argument("--verbose", action="store_true")
    for k in ("access_key", "secret_key", "service_id", "channel"):
        ap.add_argument("--sens-" + k.replace("_", "-"),
                        default=fakesens.CONFIG[k])
    args = ap.parse_args()
    for k in ("access_key", "secret_key", "service_id", "channel"):
        fakesens.CONFIG[k] = getattr(args, "sens_" + k)

    Handler.state = State(args.log)
    Handler.verbose = args.verbose
    try:
        server = Server(("127.0.0.1", args.port), Handler)
    except OSError as e:
        sys.stderr.write("fakehttp: cannot listen on 127.0.0.1:%d: %s\n"
                         % (args.port, e))
        return 1
    port = server.server_address[1]

    # serve_forever runs here; shutdown() must come from another thread.
    def on_signal(signo, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    if args.port_file:
        write_port_file(args.port_file, port)
    if args.verbose:
        sys.stderr.write("fakehttp: listening on 127.0.0.1:%d\n" % port)
    server.serve_forever(poll_interval=0.1)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
