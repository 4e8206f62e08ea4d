#!/usr/bin/python3
"""chaos.py: baedal's fault-injection suite (run by tests/e2e/chaos.sh).

It starts `baedald --processes` against the slow fake HTTP payment gateway
(tests/tools/fakehttp.py), puts load on it from customer, owner and
subscriber connections (the wire protocol of protocol/PROTOCOL.md, as
tests/tools/rawpeer.py speaks it), and meanwhile injects a fault every
2-5 s, chosen by a seeded RNG: SIGKILL of a service process, SIGSTOP of one
(SIGCONT after 1-6 s), SIGKILL of the daemon and a restart. After the last
fault it waits (bounded) for the system to settle, stops it, reads every
SQLite database directly and checks the guarantees of DESIGN.md, one
"ok - " / "not ok - " line each.

Two variants run one after the other, each in its own data directory:
  processes  baedald --processes
  replicas   the same plus a second order-service process on purpose
             (baedald --home H --service order --broker BACK)

  chaos.py --bin BUILD --dir TMP --fake URL [--seconds S] [--seed N]
           [--variants processes,replicas]
--seconds is the fault time of all variants together (split evenly).
Replay a run with its seed: CHAOS_SEED=N sh tests/e2e/chaos.sh.
"""
import argparse
import collections
import ctypes
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request

import zmq

SERVICES = ("order", "payment", "store", "delivery", "notify", "view")
TRANSIENT = {"timeout", "service_unavailable", "payment_unavailable",
             "internal", "no_session", "conflict", "in_progress"}
HIDDEN = {"PAYING", "FAILED"}            # orders no one ever saw
FINAL_REFUNDED = {"CANCELLED", "REJECTED"}
GOOD_CARD, DECLINED_CARD = "4111111111111111", "4000000000000002"
MENUS = {  # shop -> order lines above the shop's minimum
    "chicken": [[{"item_id": "fried", "qty": 1}],
                [{"item_id": "yangnyeom", "qty": 1, "options": ["boneless"]}],
                [{"item_id": "banban", "qty": 1},
                 {"item_id": "cola", "qty": 1}]],
    "bunsik": [[{"item_id": "tteokbokki", "qty": 3, "options": ["mild"]}],
               [{"item_id": "gimbap", "qty": 2},
                {"item_id": "twigim", "qty": 1}]],
    "china": [[{"item_id": "jjajang", "qty": 2}],
              [{"item_id": "tangsuyuk", "qty": 1}]],
}
OWNERS = {"chicken": "chicken_owner", "bunsik": "bunsik_owner",
          "china": "china_owner"}
CUSTOMERS = ("minji", "junho", "seoyeon")
# delivery's status for each order status
DELIVERY_OF = {"PAID": "PENDING", "ACCEPTED": "PENDING", "COOKING": "PENDING",
               "DELIVERING": "DELIVERING", "DELIVERED": "DELIVERED",
               "CANCELLED": "CANCELLED", "REJECTED": "CANCELLED"}
NEXT_STEP = {"ACCEPTED": "cook", "COOKING": "dispatch",
             "DELIVERING": "deliver"}

OUT_LOCK = threading.Lock()
FAILED = False


def say(line):
    with OUT_LOCK:
        print(line)
        sys.stdout.flush()


def report(ok, name, details=()):
    global FAILED
    say(("ok - " if ok else "not ok - ") + name)
    if not ok:
        FAILED = True
        details = list(details)
        for d in details[:25]:
            say("    # " + d)
        if len(details) > 25:
            say("    # ... and %d more" % (len(details) - 25))


# ---- the wire -------------------------------------------------------------

class Conn:
    """One DEALER connection to the front door, as one user. Reconnects
    and says hello again after no_session or SILENT_S without a word from
    the broker (it restarted). ep may list several brokers, comma-separated:
    each reconnect goes to the next one. With CURVE_SERVER (the broker's
    public key, Z85) set, tcp:// connections speak CURVE."""
    SILENT_S = 4.0
    CURVE_SERVER = None

    def __init__(self, ep, token, stop):
        self.ep, self.token, self.stop = ep, token, stop
        self.sock = None
        self.session = False
        self.last_tx = self.last_rx = time.time()
        self.n = 0
        self.on_event = None
        self.reconnects = 0

    def reconnect(self):
        if self.sock is not None:
            self.sock.close(0)
            self.reconnects += 1
        self.sock = zmq.Context.instance().socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        eps = self.ep.split(",")
        ep = eps[self.reconnects % len(eps)]
        if self.CURVE_SERVER and ep.startswith("tcp://"):
            pub, sec = zmq.curve_keypair()
            self.sock.curve_serverkey = self.CURVE_SERVER.encode()
            self.sock.curve_publickey = pub
            self.sock.curve_secretkey = sec
        self.sock.connect(ep)
        self.session = False
        self.last_rx = time.time()

    def send(self, msg):
        self.sock.send(json.dumps(msg).encode())
        self.last_tx = time.time()

    def silent(self):
        return time.time() - self.last_rx > self.SILENT_S

    def recv(self, timeout):
        """The next message that is not a heartbeat (events go to
        on_event), or None after timeout s."""
        end = time.time() + timeout
        while True:
            now = time.time()
            if self.session and now - self.last_tx >= 0.9:
                self.send({"type": "heartbeat"})
            left = min(end - now, 0.2)
            if left <= 0:
                return None
            if not self.sock.poll(int(left * 1000) + 1):
                continue
            msg = json.loads(self.sock.recv_multipart()[-1])
            self.last_rx = time.time()
            kind = msg.get("type")
            if kind == "heartbeat":
                continue
            if kind in ("event", "live", "behind") and self.on_event:
                self.on_event(msg)
                continue
            return msg

    def hello(self, until):
        """Reconnect until a hello is answered (or until passes)."""
        while time.time() < until:
            self.reconnect()
            self.n += 1
            hid = "h%d" % self.n
            self.send({"type": "hello", "id": hid, "token": self.token})
            end = time.time() + 2.0
            while time.time() < end:
                m = self.recv(end - time.time())
                if m and m.get("type") == "reply" and m.get("id") == hid:
                    if m.get("ok"):
                        self.session = True
                        return True
                    break
            time.sleep(0.2)
        return False

    def call(self, service, method, body, rid, until, record=None,
             retry=True, deadline_ms=8000):
        """Send request rid, and send it again with the same id while the
        answer says "try later" or none comes. Returns the last answer
        (None when until passed first). Every answer is appended to
        record, if given."""
        msg = {"type": "request", "id": rid, "service": service,
               "method": method, "deadline_ms": deadline_ms, "body": body}
        answer = None
        while time.time() < until:
            if not self.session and not self.hello(until):
                break
            self.send(msg)
            end = time.time() + deadline_ms / 1000.0 + 2.0
            answer = None
            while time.time() < end and not self.silent():
                m = self.recv(0.2)
                if m is None:
                    continue
                if m.get("type") == "reply" and m.get("id") == rid:
                    answer = m
                    break
                if m.get("type") == "error" or (
                        m.get("type") == "reply" and not m.get("ok") and
                        m.get("error", {}).get("code") == "no_session"):
                    self.session = False
                    break
            if answer is None:
                if self.silent():
                    self.session = False
                if not retry:
                    return None
                continue
            if record is not None:
                record.append((time.time(), answer))
            code = None if answer.get("ok") else answer["error"].get("code")
            if code == "no_session":
                self.session = False
            if code is None or code not in TRANSIENT or not retry:
                return answer
            if code == "no_session":
                continue
            wait = answer["error"].get("retry_after_ms") or 200
            time.sleep(min(wait, 1000) / 1000.0)
        return answer


# ---- processes ------------------------------------------------------------

LIBC = ctypes.CDLL(None, use_errno=True)


def die_with_us():
    LIBC.prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG


def proc_args(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return [a.decode(errors="replace")
                    for a in f.read().split(b"\0") if a]
    except OSError:
        return None


def proc_state(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
        rest = s[s.rindex(")") + 2:].split()
        return rest[0], int(rest[1])
    except (OSError, ValueError):
        return None, None


def procs_of(home):
    """[(pid, service or None, ppid, state)] of every live baedald of home."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        args = proc_args(int(d))
        if not args or not os.path.basename(args[0]).startswith("baedald"):
            continue
        if "--home" not in args or args.index("--home") + 1 >= len(args):
            continue
        if args[args.index("--home") + 1] != home:
            continue
        state, ppid = proc_state(int(d))
        if state in (None, "Z", "X"):
            continue
        svc = args[args.index("--service") + 1] if "--service" in args \
            else None
        out.append((int(d), svc, ppid, state))
    return out


def signal_ours(pid, sig, home):
    """Signal pid only if it is still a baedald of home."""
    args = proc_args(pid)
    if not args or "--home" not in args or home not in args:
        return False
    try:
        os.kill(pid, sig)
        return True
    except ProcessLookupError:
        return False


def http(url, body=None, timeout=5):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method="POST" if data
                                 is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        return json.loads(e.read() or b"null")


# ---- one run --------------------------------------------------------------

class Run:
    def __init__(self, opts, variant, seconds, seed):
        self.o, self.variant, self.seconds, self.seed = opts, variant, \
            seconds, seed
        self.rng = random.Random(seed)
        tag = variant[0]
        self.home = os.path.join(opts.dir, "home-" + variant)
        self.front = "ipc://%s/front-%s" % (opts.dir, tag)
        self.back = "ipc://%s/back-%s" % (opts.dir, tag)
        self.log = os.path.join(opts.dir, "baedald-%s.log" % variant)
        self.daemon = None
        self.replica = None
        self.stopped = {}                # pid -> when to SIGCONT
        self.faults = collections.Counter()
        self.fault_log = []
        self.stop_load = threading.Event()
        self.stop_subs = threading.Event()
        self.until = time.time() + 3600  # calls give up then (set later)
        self.requests = {}               # rid -> facts
        self.replies = collections.defaultdict(list)  # rid -> answers
        self.cancels = {}                # cancel rid -> (order, answer)
        self.actions = {}                # owner rid -> answer
        self.polls = collections.Counter()  # queue poll outcomes
        self.subs = []
        self.lock = threading.Lock()
        self.args = ["--pg-url", opts.fake, "--pg-timeout-ms", "1200",
                     "--payment-deadline-ms", "1500"]
        self.name = "chaos[%s]" % variant

    # -- processes
    def baedald(self, extra, log):
        return subprocess.Popen(
            [os.path.join(self.o.bin, "baedald"), "--home", self.home] +
            extra, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, preexec_fn=die_with_us)

    def cli(self, user, *args, timeout=5):
        try:
            r = subprocess.run(
                [os.path.join(self.o.bin, "baedal"), "--home", self.home,
                 "--connect", self.front, "--user", user, "--json",
                 "--timeout", "2000"] + list(args),
                capture_output=True, timeout=timeout, text=True)
            return r.returncode, r.stdout
        except subprocess.TimeoutExpired:
            return 1, ""

    def start_daemon(self, limit=20):
        """Start the daemon and wait (bounded) until it answers; a start
        refused because the data directory is still in use is tried again."""
        end = time.time() + limit
        with open(self.log, "a") as log:
            while time.time() < end:
                self.daemon = self.baedald(
                    ["--bind", self.front, "--services-bind", self.back,
                     "--processes"] + self.args, log)
                while time.time() < end and self.daemon.poll() is None:
                    if self.cli("admin", "ping", timeout=3)[0] == 0:
                        return True
                    time.sleep(0.1)
                if self.daemon.poll() is not None:
                    time.sleep(0.2)
        return False

    def start_replica(self):
        with open(self.log, "a") as log:
            self.replica = self.baedald(
                ["--service", "order", "--broker", self.back] + self.args,
                log)

    def service_pids(self):
        """{pid: name} of the service processes we may hit."""
        out = {}
        dpid = self.daemon.pid if self.daemon else None
        for pid, svc, ppid, state in procs_of(self.home):
            if svc and (ppid == dpid or
                        (self.replica and pid == self.replica.pid)):
                out[pid] = svc if ppid == dpid else "order(replica)"
        return out

    def cont_due(self, all_now=False):
        now = time.time()
        for pid, when in list(self.stopped.items()):
            if all_now or when <= now:
                signal_ours(pid, signal.SIGCONT, self.home)
                del self.stopped[pid]

    def inject(self):
        kinds = ["kill_service"] * 4 + ["stop_service"] * 4 + \
            ["kill_daemon"] * 2
        kind = self.rng.choice(kinds)
        pick = self.rng.random()
        # Half the stops outlast the broker's peer timeout (3.5 s), so a
        # stopped worker's requests go to another one meanwhile.
        dur = self.rng.uniform(1.0, 6.0)
        if kind == "kill_daemon":
            self.faults[kind] += 1
            self.fault_log.append("%.1f kill daemon %d" % (
                time.time() - self.t0, self.daemon.pid))
            self.daemon.kill()
            self.daemon.wait()
            for pid in list(self.stopped):  # its children die with it
                if not self.replica or pid != self.replica.pid:
                    del self.stopped[pid]
            if not self.start_daemon():
                report(False, "%s: the daemon restarts after a SIGKILL"
                       % self.name, [open(self.log).read()[-1500:]])
                raise SystemExit(1)
            return
        pids = self.service_pids()
        if self.variant == "replicas" and pick < 0.5:
            cands = sorted(p for p, s in pids.items() if s.startswith("order"))
        else:
            cands = sorted(pids)
        cands = [p for p in cands if p not in self.stopped]
        if not cands:
            return
        pid = cands[int(pick * 1000003) % len(cands)]
        what = pids[pid]
        self.fault_log.append("%.1f %s %s %d" % (time.time() - self.t0,
                                                  kind, what, pid))
        if kind == "kill_service":
            self.faults["kill " + what.split("(")[0] +
                        ("(replica)" if "replica" in what else "")] += 1
            signal_ours(pid, signal.SIGKILL, self.home)
        else:
            self.faults["stop " + what] += 1
            if signal_ours(pid, signal.SIGSTOP, self.home):
                self.stopped[pid] = time.time() + dur

    def cleanup(self):
        """SIGCONT what we stopped, then end every process we started
        and any baedald of our data directory still running."""
        self.cont_due(all_now=True)
        for p in (self.replica, self.daemon):
            if p and p.poll() is None:
                p.terminate()
        for p in (self.replica, self.daemon):
            if p:
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        for pid, _, _, _ in procs_of(self.home):
            signal_ours(pid, signal.SIGCONT, self.home)
            signal_ours(pid, signal.SIGKILL, self.home)

    # -- load
    def tokens(self):
        with open(os.path.join(self.home, "credentials.json")) as f:
            return {u["name"]: u["token"] for u in json.load(f)["users"]}

    def customer(self, name, k, token, rng):
        c = Conn(self.front, token, self.stop_load)
        n = 0
        while not self.stop_load.is_set():
            n += 1
            rid = "%s-%s-%d-%d" % (self.variant[0], name, k, n)
            shop = rng.choice(sorted(MENUS))
            card = DECLINED_CARD if rng.random() < 0.06 else GOOD_CARD
            body = {"shop_id": shop, "items": rng.choice(MENUS[shop]),
                    "address": "chaos " + rid, "card": card}
            with self.lock:
                self.requests[rid] = {"customer": name, "shop": shop,
                                      "card": card, "at": time.time()}
            ans = c.call("order", "place", body, rid, self.until,
                         record=self.replies[rid])
            with self.lock:
                self.requests[rid]["final"] = ans
                self.requests[rid]["done_at"] = time.time()
            if ans and ans.get("ok") and rng.random() < 0.2:
                oid = ans["result"]["order_id"]
                time.sleep(rng.uniform(0, 1.0))
                xrid = "x" + rid
                rec = []
                a = c.call("order", "cancel", {"order_id": oid}, xrid,
                           self.until, record=rec)
                with self.lock:
                    self.cancels[xrid] = (oid, a, rec)
            time.sleep(rng.uniform(0.02, 0.2))
        # A late answer to the last request is still recorded above.

    def owner(self, shop, token, rng):
        c = Conn(self.front, token, self.stop_load)
        decided = {}
        q = 0
        while not self.stop_load.is_set():
            orders = []
            for f in ("new", "active"):
                q += 1
                a = c.call("store", "queue", {"filter": f, "limit": 200},
                           "q%d" % q, min(self.until, time.time() + 6),
                           retry=False, deadline_ms=2000)
                with self.lock:
                    self.polls["ok" if a and a.get("ok") else (a or {}).get(
                        "error", {}).get("code", "unanswered")] += 1
                if a and a.get("ok"):
                    orders += a["result"]["orders"]
            for o in orders:
                if self.stop_load.is_set() or rng.random() < 0.4:
                    continue
                oid, st = o["order_id"], o["status"]
                if st == "PAID":
                    if oid not in decided:
                        decided[oid] = "reject" if rng.random() < 0.12 \
                            else "accept"
                    act = decided[oid]
                else:
                    act = NEXT_STEP.get(st)
                if not act:
                    continue
                body = {"order_id": oid}
                if act == "accept":
                    body["eta_min"] = 20
                if act == "reject":
                    body["reason"] = "chaos: kitchen closed"
                rid = "%s-%s-%d" % (shop, act, oid)
                a = c.call("store", act, body, rid, self.until)
                with self.lock:
                    self.actions[rid] = a
            time.sleep(0.3)

    # -- subscribers
    def subscriber(self, who, token, flt, scope):
        s = {"who": who, "scope": scope, "events": [], "last": 0,
             "dups": [], "errors": [], "resubscribes": 0}
        self.subs.append(s)
        c = Conn(self.front, token, self.stop_subs)
        unacked = [0]
        subname = "chaos"

        def on_event(m):
            if m.get("type") != "event" or m.get("sub") != subname:
                return
            ev = m["event"]
            if ev["seq"] <= s["last"]:
                s["dups"].append(ev["seq"])
            else:
                s["last"] = ev["seq"]
            s["events"].append(ev)
            unacked[0] += 1
            if unacked[0] >= 64:
                c.send({"type": "ack", "sub": subname, "count": unacked[0]})
                unacked[0] = 0

        c.on_event = on_event
        k = 0
        end = time.time() + 3600
        while not self.stop_subs.is_set():
            if not c.hello(end):
                continue
            k += 1
            sid = "s%d" % k
            msg = {"type": "subscribe", "id": sid, "sub": subname,
                   "from": s["last"]}
            if flt is not None:
                msg["filter"] = flt
            unacked[0] = 0
            c.send(msg)
            s["resubscribes"] += 1
            while not self.stop_subs.is_set():
                m = c.recv(0.3)
                if m is None:
                    if unacked[0]:
                        c.send({"type": "ack", "sub": subname,
                                "count": unacked[0]})
                        unacked[0] = 0
                    if c.silent():
                        break
                    continue
                if m.get("type") == "reply" and m.get("id") == sid and \
                        not m.get("ok"):
                    s["errors"].append(m)
                    if m["error"].get("code") in TRANSIENT:
                        break
                    time.sleep(1)
                    break
                if m.get("type") == "error" or (
                        m.get("type") == "reply" and not m.get("ok") and
                        m.get("error", {}).get("code") == "no_session"):
                    break
        c.sock.close(0)

    # -- the databases
    def db(self, name):
        path = os.path.join(self.home, name + ".db")
        con = sqlite3.connect("file:%s?mode=ro" % path, uri=True,
                              timeout=5)
        con.row_factory = sqlite3.Row
        return con

    def read(self):
        """Everything the checks need, read from the databases."""
        d = {}
        with self.db("order") as c:
            d["orders"] = {r["id"]: dict(r) for r in c.execute(
                "SELECT id, customer_id, shop_id, status, address, "
                "payment_id, total FROM orders")}
            d["outbox_order"] = c.execute(
                "SELECT count(*) FROM svc_outbox").fetchone()[0]
        with self.db("payment") as c:
            d["payments"] = {r["order_id"]: dict(r) for r in c.execute(
                "SELECT order_id, payment_id, status, amount, gateway_ref "
                "FROM payments")}
            # Settled refunds stay in the ledger; only those still
            # owed (due) or given up (dead) count.
            d["refunds"] = [dict(r) for r in c.execute(
                "SELECT * FROM refunds WHERE state NOT IN "
                "('done', 'resolved')")]
        with self.db("store") as c:
            d["queue"] = {r["order_id"]: dict(r) for r in c.execute(
                "SELECT order_id, shop_id, customer_id, status FROM queue")}
            d["qtl"] = collections.defaultdict(list)
            for r in c.execute("SELECT order_id, status FROM queue_timeline "
                               "ORDER BY order_id, seq"):
                d["qtl"][r[0]].append(r[1])
        with self.db("delivery") as c:
            d["deliveries"] = {r["order_id"]: r["status"] for r in c.execute(
                "SELECT order_id, status FROM deliveries")}
        with self.db("view") as c:
            d["view"] = {r["order_id"]: r["status"] for r in c.execute(
                "SELECT order_id, status FROM orders")}
            d["view_pay"] = {r[0]: r[1] for r in c.execute(
                "SELECT order_id, status FROM payments")}
            d["view_del"] = {r[0]: r[1] for r in c.execute(
                "SELECT order_id, status FROM deliveries")}
            d["vtl"] = collections.defaultdict(list)
            for r in c.execute("SELECT order_id, event, status FROM timeline "
                               "ORDER BY order_id, seq"):
                d["vtl"][r[0]].append((r[1], r[2]))
        with self.db("notify") as c:
            d["inbox"] = [dict(r) for r in c.execute(
                "SELECT id, recipient, order_id, status, seq FROM inbox")]
            d["notify_pending"] = c.execute(
                "SELECT count(*) FROM notify_outbox WHERE state = 'pending'"
            ).fetchone()[0]
        with self.db("broker") as c:
            d["events"] = [dict(r) for r in c.execute(
                "SELECT seq, key, type, order_id, shop_id, customer_id, data "
                "FROM events ORDER BY seq")]
        d["outbox"] = {}
        for s in SERVICES:
            with self.db(s) as c:
                d["outbox"][s] = c.execute(
                    "SELECT count(*) FROM svc_outbox").fetchone()[0]
        return d

    def gateway(self, ask=False):
        """The gateway's confirms and its ledger {paymentKey: payment}.
        The ledger is rebuilt from what the gateway recorded answering
        (a 200 confirm charges, a 200 cancel refunds); with ask, each
        payment is also fetched from the gateway itself (GET
        /v1/payments/KEY, as slow as the gateway is set to be)."""
        recs = http(self.o.fake + "/_received?path=/v1/payments/")
        confirms = [r for r in recs if r["path"] == "/v1/payments/confirm"]
        ledger = {}
        for r in confirms:
            b = r.get("body") if isinstance(r.get("body"), dict) else {}
            key = b.get("paymentKey")
            if key and r.get("status") == 200:
                ledger[key] = {"paymentKey": key, "status": "DONE",
                               "orderId": b.get("orderId")}
        for r in recs:
            parts = r["path"].split("/")
            if len(parts) == 5 and parts[4] == "cancel" and \
                    r.get("method") == "POST" and r.get("status") == 200 \
                    and parts[3] in ledger:
                ledger[parts[3]]["status"] = "CANCELED"
        if ask:
            for key in list(ledger):
                p = http(self.o.fake + "/v1/payments/" + key)
                if not isinstance(p, dict) or p.get("paymentKey") != key:
                    p = {"paymentKey": key, "status": "missing: %s" % p}
                if p.get("status") != ledger[key]["status"]:
                    p["status"] = "%s (records say %s)" % (
                        p.get("status"), ledger[key]["status"])
                ledger[key] = p
        return confirms, ledger

    # -- the invariants
    @staticmethod
    def rid_of(order):
        a = order.get("address") or ""
        return a[6:] if a.startswith("chaos ") else None

    def evaluate(self, d, gw):
        """[(name, ok, details, settles)]; settles: may still become true
        while the system catches up."""
        with self.lock:
            replies = {k: list(v) for k, v in self.replies.items()}
            requests = {k: dict(v) for k, v in self.requests.items()}
        orders, payments, events = d["orders"], d["payments"], d["events"]
        visible = {i: o for i, o in orders.items()
                   if o["status"] not in HIDDEN}
        by_rid = collections.defaultdict(list)
        for i, o in orders.items():
            by_rid[self.rid_of(o)].append(o)

        def orders_of(rid):
            return ", ".join("%d %s" % (o["id"], o["status"])
                             for o in by_rid.get(rid, [])) or "none"

        confirms, ledger = gw
        gw_by_order = collections.defaultdict(set)   # order -> charged keys
        for r in confirms:
            b = r.get("body") or {}
            if r.get("status") == 200 and isinstance(b, dict):
                oid = str(b.get("orderId", ""))
                if oid.startswith("baedal-"):
                    gw_by_order[int(oid[7:])].add(b["paymentKey"])

        def charges(oid):
            return ", ".join("%s %s" % (k, ledger.get(k, {}).get("status"))
                             for k in sorted(gw_by_order.get(oid, ()))) \
                or "none"
        out = []

        # 1. acknowledged orders exist and are their request's
        bad = []
        for rid, ans in sorted(replies.items()):
            for _, a in ans:
                if not a.get("ok"):
                    continue
                oid = a["result"]["order_id"]
                o = orders.get(oid)
                req = requests.get(rid, {})
                if o is None or o["status"] in HIDDEN or \
                        self.rid_of(o) != rid or \
                        o["customer_id"] != req.get("customer"):
                    bad.append("%s acknowledged order %d: %s (orders of %s: "
                               "%s)" % (rid, oid, o and (o["status"],
                                                         o["address"]),
                                        rid, orders_of(rid)))
        out.append(("every acknowledged order exists and was made by its own "
                    "request", not bad, bad, False))

        # 2. a retry gets the first answer
        bad = []
        for rid, ans in sorted(replies.items()):
            final = [a for _, a in ans if a.get("ok") or
                     a["error"].get("code") not in TRANSIENT]
            shapes = ["order %d" % a["result"]["order_id"] if a.get("ok")
                      else a["error"].get("code") for a in final]
            if len(set(shapes)) > 1:
                bad.append("%s answered %s; orders: %s; charges: %s" % (
                    rid, " then ".join(shapes), orders_of(rid), "; ".join(
                        charges(o["id"]) for o in by_rid.get(rid, []))))
        out.append(("every answer to one request id is the first answer",
                    not bad, bad, False))

        # 3. an error made no order
        bad = []
        for rid, ans in sorted(replies.items()):
            if any(a.get("ok") for _, a in ans):
                continue
            errs = [a["error"]["code"] for _, a in ans
                    if a["error"].get("code") not in TRANSIENT]
            if errs and any(o["status"] not in HIDDEN
                            for o in by_rid.get(rid, [])):
                bad.append("%s answered %s (%s), yet orders: %s; charges: %s"
                           % (rid, errs[-1], [a["error"].get("message")
                                              for _, a in ans][-1:],
                              orders_of(rid), "; ".join(
                                  charges(o["id"]) for o in by_rid[rid])))
        out.append(("a place answered with an error made no order",
                    not bad, bad, False))

        # 3a. a place has no order whose state could be invalid: an
        # invalid_state answer is a payment outcome taken for final
        bad = ["%s answered invalid_state (%s) at +%.1f s (answers: %s); "
               "orders: %s; charges: %s" % (
                   rid, a["error"].get("message"), t - self.t0, " ".join(
                       "+%.1f:%s" % (t2 - self.t0, "ok" if a2.get("ok") else
                                     a2["error"].get("code"))
                       for t2, a2 in ans), orders_of(rid), "; ".join(
                                    charges(o["id"])
                                    for o in by_rid.get(rid, [])))
               for rid, ans in sorted(replies.items()) for t, a in ans
               if not a.get("ok") and
               a["error"].get("code") == "invalid_state"]
        out.append(("no place is answered invalid_state (a payment still in "
                    "flight is a try-later)", not bad, bad, False))

        # 3c. an acknowledged cancel holds
        with self.lock:
            cancels = dict(self.cancels)
        bad = ["%s: cancel of order %d acknowledged, order is %s" % (
            xrid, oid, (orders.get(oid) or {}).get("status"))
            for xrid, (oid, a, _) in sorted(cancels.items())
            if a and a.get("ok") and
            (orders.get(oid) or {}).get("status") != "CANCELLED"]
        out.append(("every acknowledged cancel left its order CANCELLED",
                    not bad, bad, False))

        # 3b. every request got a final answer
        bad = ["%s: no final answer (%d answers: %s)" % (
            rid, len(replies[rid]), [a.get("error", {}).get("code")
                                          for _, a in replies[rid]][-3:])
               for rid, r in sorted(requests.items())
               if "final" in r and (r["final"] is None or (
                   not r["final"].get("ok") and
                   r["final"]["error"].get("code") in TRANSIENT))]
        out.append(("every place request got a final answer once the faults "
                    "stopped", not bad, bad, False))

        # 4. at most one visible order per request id
        bad = ["%s: %s; charges: %s" % (rid, orders_of(rid), "; ".join(
            charges(o["id"]) for o in os_))
            for rid, os_ in sorted(by_rid.items(), key=lambda x: str(x[0]))
            if len([o for o in os_ if o["status"] not in HIDDEN]) > 1]
        out.append(("at most one visible order per request id", not bad, bad,
                    False))

        # 5. one charge per order; one live charge per request at the gateway
        bad = []
        for oid, keys in sorted(gw_by_order.items()):
            if len(keys) > 1:
                bad.append("order %d charged %d times at the gateway: %s"
                           % (oid, len(keys), charges(oid)))
        for oid, o in sorted(visible.items()):
            p = payments.get(oid)
            if p is None or p["status"] not in ("APPROVED", "REFUNDED",
                                                 "REFUNDING"):
                bad.append("order %d (%s) has payment %s" % (oid, o["status"],
                                                             p))
            elif p["gateway_ref"] not in gw_by_order.get(oid, ()):
                bad.append("order %d: payment.db ref %s is no charge at the "
                           "gateway (%s)" % (oid, p["gateway_ref"],
                                             charges(oid)))
        live = collections.defaultdict(list)
        for oid, keys in gw_by_order.items():
            for k in keys:
                if ledger.get(k, {}).get("status") == "DONE":
                    live[self.rid_of(orders.get(oid, {}))].append((oid, k))
        for rid, ch in sorted(live.items(), key=lambda x: str(x[0])):
            if len(ch) > 1:
                bad.append("request %s has %d live charges at the gateway: %s;"
                           " orders: %s" % (rid, len(ch), ch, orders_of(rid)))
        out.append(("one charge per order, and at most one live charge per "
                    "request id at the gateway", not bad, bad, False))

        # 5b. live charges are exactly the live orders
        bad = []
        for oid, keys in sorted(gw_by_order.items()):
            o = orders.get(oid)
            want_live = o is not None and o["status"] not in HIDDEN | \
                FINAL_REFUNDED
            for k in keys:
                st = ledger.get(k, {}).get("status")
                if (st == "DONE") != want_live:
                    bad.append("order %d (%s, request %s): gateway %s is %s" % (
                        oid, o and o["status"], o and self.rid_of(o), k, st))
        for oid, o in sorted(visible.items()):
            if o["status"] not in FINAL_REFUNDED and not gw_by_order.get(oid):
                bad.append("order %d (%s) was never charged at the gateway"
                           % (oid, o["status"]))
        out.append(("every charge at the gateway of an order that failed, was "
                    "cancelled or rejected is refunded; every other is live",
                    not bad, bad, True))

        # 6. cancelled/rejected refunded, ours and the gateway's
        bad = []
        for oid, o in sorted(visible.items()):
            if o["status"] in FINAL_REFUNDED:
                p = payments.get(oid) or {}
                st = [ledger.get(k, {}).get("status")
                      for k in gw_by_order.get(oid, ())]
                if p.get("status") != "REFUNDED" or \
                        any(s != "CANCELED" for s in st):
                    bad.append("order %d %s: payment.db %s, gateway %s" % (
                        oid, o["status"], p.get("status"), charges(oid)))
        out.append(("every cancelled or rejected order is refunded, in "
                    "payment.db and at the gateway", not bad, bad, True))

        # 7. read models agree with the order service
        bad = []
        ostatus = collections.defaultdict(list)   # order -> statuses by log
        for e in events:
            if e["type"].startswith("order.") and \
                    e["type"] != "order.payment_abandoned":
                try:
                    ostatus[e["order_id"]].append(
                        json.loads(e["data"]).get("status"))
                except ValueError:
                    pass
        for oid, o in sorted(visible.items()):
            st = o["status"]
            seen = {"view": d["view"].get(oid), "queue": (d["queue"].get(
                oid) or {}).get("status"), "log": (ostatus.get(oid) or
                                                    [None])[-1]}
            want_del = DELIVERY_OF.get(st)
            dl, vdl = d["deliveries"].get(oid), d["view_del"].get(oid)
            want_pay = "REFUNDED" if st in FINAL_REFUNDED else "APPROVED"
            vtl = [s for ev, s in d["vtl"].get(oid, [])
                   if ev.startswith("order.")]
            problems = [k + " " + str(v) for k, v in seen.items() if v != st]
            if dl != want_del:
                problems.append("delivery %s (want %s)" % (dl, want_del))
            if vdl != want_del:
                problems.append("view's delivery %s (want %s)" % (vdl,
                                                                  want_del))
            if d["view_pay"].get(oid) != want_pay:
                problems.append("view's payment %s (want %s)" % (
                    d["view_pay"].get(oid), want_pay))
            if vtl != ostatus.get(oid):
                problems.append("view timeline %s, log %s" % (
                    vtl, ostatus.get(oid)))
            if d["qtl"].get(oid) != ostatus.get(oid):
                problems.append("queue timeline %s, log %s" % (
                    d["qtl"].get(oid), ostatus.get(oid)))
            if problems:
                bad.append("order %d %s: %s" % (oid, st, "; ".join(problems)))
        for name, model in (("view", d["view"]), ("queue", d["queue"]),
                            ("delivery", d["deliveries"])):
            for oid in sorted(set(model) - set(visible)):
                bad.append("%s has order %d, which the order service has as "
                           "%s" % (name, oid, (orders.get(oid) or {}).get(
                               "status")))
        out.append(("delivery, view, shop queue and timelines agree with the "
                    "order service", not bad, bad, True))

        # 8. one notification per status change
        bad = []
        got = collections.Counter((n["order_id"], n["recipient"], n["status"])
                                  for n in d["inbox"])
        want = collections.Counter()
        for oid, o in visible.items():
            for s in ostatus.get(oid, []):
                want[(oid, o["customer_id"], s)] += 1
            want[(oid, "shop:" + o["shop_id"], "PAID")] += 1
        for k in sorted(set(got) | set(want), key=str):
            if got[k] != want[k]:
                bad.append("order %s to %s, %s: %d notifications, want %d" % (
                    k[0], k[1], k[2], got[k], want[k]))
        out.append(("exactly one notification per status change (and one "
                    "per new order to the shop)", not bad, bad, True))

        # 9. the log
        seqs = [e["seq"] for e in events]
        gaps = [] if seqs == list(range(1, len(seqs) + 1)) else [
            "seqs %s..%s, %d rows; missing: %s" % (
                seqs[:1], seqs[-1:], len(seqs),
                sorted(set(range(1, (seqs[-1] if seqs else 0) + 1)) -
                       set(seqs))[:20])]
        out.append(("the log has seq 1..N with no gap (N = %d)" % len(seqs),
                    not gaps, gaps, False))
        logical = collections.defaultdict(list)
        for e in events:
            t = e["type"]
            if t in ("payment.pending", "payment.failed"):
                # Per approve: a declined order's number may be given
                # again, and its new approve announced again.
                try:
                    pid = json.loads(e["data"]).get("payment_id")
                except ValueError:
                    pid = None
                logical[(t, e["order_id"], pid)].append(e["seq"])
            elif t.startswith(("order.", "payment.", "delivery.")):
                logical[(t, e["order_id"])].append(e["seq"])
            elif t == "notification.created":
                try:
                    dd = json.loads(e["data"])
                except ValueError:
                    dd = {}
                logical[(t, e["order_id"], dd.get("recipient"),
                         dd.get("status"))].append(e["seq"])
        bad = ["%s at seqs %s" % (k, v) for k, v in sorted(
            logical.items(), key=str) if len(v) > 1]
        out.append(("no logical event is in the log twice", not bad, bad,
                    False))
        # A publisher's events keep its order (its outbox ids, in the keys
        # "service:id"): else a consumer sees an order cancelled before
        # it was paid.
        last = {}
        bad = []
        for e in events:
            svc, _, n = (e["key"] or "").partition(":")
            if not n.isdigit():
                continue
            if svc in last and int(n) < last[svc][0]:
                bad.append("%s at seq %d after %s:%d at seq %d" % (
                    e["key"], e["seq"], svc, last[svc][0], last[svc][1]))
            else:
                last[svc] = (int(n), e["seq"])
        out.append(("each service's events are in the log in the order it "
                    "made them", not bad, bad[:10], False))

        # 10. subscribers
        bad = []
        for s in self.subs:
            field, value = s["scope"]
            want_seqs = [e["seq"] for e in events if e[field] == value]
            got_seqs = [e["seq"] for e in s["events"]]
            foreign = [e["seq"] for e in s["events"] if e.get(field) != value]
            missing = sorted(set(want_seqs) - set(got_seqs))
            problems = []
            if foreign:
                problems.append("%d foreign events (seqs %s)" % (
                    len(foreign), foreign[:10]))
            if missing:
                problems.append("%d missing (seqs %s)" % (len(missing),
                                                         missing[:10]))
            if s["dups"]:
                problems.append("%d twice or out of order (seqs %s)" % (
                    len(s["dups"]), s["dups"][:10]))
            if problems:
                bad.append("%s (%s=%s, %d events, %d subscriptions): %s" % (
                    s["who"], field, value, len(got_seqs), s["resubscribes"],
                    "; ".join(problems)))
        out.append(("every subscriber got exactly its scope, across "
                    "reconnects (%d subscribers)" % len(self.subs), not bad,
                    bad, True))

        # 11. nothing left over
        bad = ["%s.db: %d outbox rows" % (s, n)
               for s, n in d["outbox"].items() if n]
        bad += ["refund owed: %s" % r for r in d["refunds"]]
        bad += ["payment of order %d is %s" % (oid, p["status"])
                for oid, p in sorted(payments.items())
                if p["status"] in ("PENDING", "PENDING_CANCEL", "REFUNDING")]
        bad += ["order %d is PAYING (request %s)" % (oid, self.rid_of(o))
                for oid, o in sorted(orders.items()) if o["status"] == "PAYING"]
        if d["notify_pending"]:
            bad.append("%d notifications pending" % d["notify_pending"])
        out.append(("no outbox row, owed refund, pending payment or PAYING "
                    "order is left", not bad, bad, True))
        return out

    def integrity(self):
        bad = []
        for name in ("broker",) + SERVICES:
            try:
                with self.db(name) as c:
                    r = [x[0] for x in c.execute("PRAGMA integrity_check")]
                if r != ["ok"]:
                    bad.append("%s.db: %s" % (name, r[:5]))
            except sqlite3.Error as e:
                bad.append("%s.db: %s" % (name, e))
        return bad

    def start_load(self):
        """Start the load: two customers of each name placing and
        cancelling, an owner per shop, a subscriber per customer and per
        shop. Returns (load threads, subscriber threads)."""
        tok = self.tokens()
        threads = []
        for k, name in enumerate(CUSTOMERS):
            for j in range(2):
                threads.append(threading.Thread(
                    target=self.customer, daemon=True,
                    name="customer %s/%d" % (name, j),
                    args=(name, j, tok[name], random.Random(
                        self.seed * 31 + k * 7 + j))))
        for shop, owner in sorted(OWNERS.items()):
            threads.append(threading.Thread(
                target=self.owner, daemon=True, name="owner " + shop,
                args=(shop, tok[owner], random.Random(self.seed + len(shop)))))
        subs = []
        for name in CUSTOMERS:
            # seoyeon asks for nothing in particular: her scope is implied
            flt = None if name == "seoyeon" else {"customer_id": name}
            subs.append(threading.Thread(target=self.subscriber, daemon=True,
                                         name="subscriber " + name,
                                         args=(name, tok[name], flt,
                                               ("customer_id", name))))
        for shop, owner in sorted(OWNERS.items()):
            subs.append(threading.Thread(target=self.subscriber, daemon=True,
                                         name="subscriber " + owner,
                                         args=(owner, tok[owner],
                                               {"shop_id": shop},
                                               ("shop_id", shop))))
        for t in subs + threads:
            t.start()
        return threads, subs

    # -- the whole run
    def run(self):
        say("# %s: seed %d, %.0f s of faults" % (self.name, self.seed,
                                                 self.seconds))
        http(self.o.fake + "/_reset", {})
        http(self.o.fake + "/_control", {"latency_ms": [50, 1400]})
        if not self.start_daemon():
            report(False, "%s: baedald --processes starts" % self.name,
                   [open(self.log).read()[-1500:]])
            return
        if self.variant == "replicas":
            self.start_replica()
        end = time.time() + 20
        ready = False
        while time.time() < end and not ready:
            # The first line of each shop, with its options (a shop's
            # option rules may require one).
            ready = all(self.cli("minji", "quote", s, "+".join(
                [MENUS[s][0][0]["item_id"]] +
                MENUS[s][0][0].get("options", [])))[0] == 0
                        for s in MENUS)
            if self.variant == "replicas":
                rc, out = self.cli("admin", "stats")
                try:
                    ready = ready and json.loads(out)["broker"]["services"][
                        "order"] == 2
                except (ValueError, KeyError, TypeError):
                    ready = False
            if not ready:
                time.sleep(0.2)
        report(ready, "%s: the backend starts and prices orders%s" % (
            self.name, " with two order processes"
            if self.variant == "replicas" else ""))
        if not ready:
            return
        threads, subs = self.start_load()

        self.t0 = time.time()
        stop_at = self.t0 + self.seconds
        next_fault = self.t0 + self.rng.uniform(2, 5)
        replica_due = None
        while True:
            now = time.time()
            self.cont_due()
            if self.variant == "replicas" and self.replica.poll() is not None:
                # Nobody supervises the replica: start it again soon.
                if replica_due is None:
                    replica_due = now + self.rng.uniform(0.5, 1.5)
                elif now >= replica_due:
                    self.start_replica()
                    replica_due = None
            if now >= stop_at:
                break
            if now >= next_fault:
                self.inject()
                next_fault = time.time() + self.rng.uniform(2, 5)
            time.sleep(0.05)
        fault_end = time.time()
        self.cont_due(all_now=True)
        if self.variant == "replicas" and self.replica.poll() is not None:
            self.start_replica()
        placed_under_faults = sum(
            1 for rid, ans in list(self.replies.items())
            if any(a.get("ok") and t <= fault_end for t, a in ans))

        # Settle: load stops, calls in flight finish (bounded), then the
        # checks that depend on catching up are polled until they hold.
        self.stop_load.set()
        self.until = fault_end + 45
        for t in threads:
            t.join(max(0.1, self.until - time.time()))
        stuck = [t.name for t in threads if t.is_alive()]
        say("# %s: load stopped %.1f s after the last fault%s" % (
            self.name, time.time() - fault_end,
            "; still busy: %s" % stuck if stuck else ""))
        settle_end = fault_end + 60
        d = gw = None
        settled = False
        while time.time() < settle_end:
            try:
                d, gw = self.read(), self.gateway()
            except sqlite3.Error:
                time.sleep(0.3)
                continue
            results = self.evaluate(d, gw)
            if all(ok for _, ok, _, settles in results if settles):
                settled = True
                break
            time.sleep(0.5)
        converge = time.time() - fault_end
        self.stop_subs.set()
        for t in subs:
            t.join(5)

        # Stop cleanly; nothing of this data directory may be left.
        self.replica and self.replica.terminate()
        self.daemon.terminate()
        for p in (self.replica, self.daemon):
            if p:
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    pass
        end = time.time() + 10
        left = procs_of(self.home)
        while left and time.time() < end:
            time.sleep(0.1)
            left = procs_of(self.home)
        report(not left, "%s: no process is left behind after SIGTERM" %
               self.name, ["pid %d %s (parent %d, state %s)" % x
                           for x in left])
        self.cleanup()

        http(self.o.fake + "/_control", {"latency_ms": 0})
        d, gw = self.read(), self.gateway(ask=True)
        for name, ok, details, _ in self.evaluate(d, gw):
            report(ok, "%s: %s" % (self.name, name), details)
        bad = self.integrity()
        report(not bad, "%s: PRAGMA integrity_check of every database" %
               self.name, bad)

        visible = sum(1 for o in d["orders"].values()
                      if o["status"] not in HIDDEN)
        finals = collections.Counter(
            ("ok" if r["final"].get("ok") else r["final"]["error"]["code"])
            if r.get("final") else "unanswered"
            for r in self.requests.values() if "final" in r)
        say("# %s figures: %d place requests, %d orders acknowledged under "
            "faults in %.1f s = %.2f orders/s; %d visible orders, %d events"
            % (self.name, len(self.requests), placed_under_faults,
               fault_end - self.t0, placed_under_faults /
               max(0.001, fault_end - self.t0), visible, len(d["events"])))
        say("# %s answers: %s" % (self.name, dict(sorted(finals.items()))))
        acts = collections.Counter(
            "%s %s" % (rid.split("-")[1], "ok" if a and a.get("ok") else
                       (a or {}).get("error", {}).get("code", "unanswered"))
            for rid, a in list(self.actions.items()))
        say("# %s owner actions: %s; queue polls: %s" % (
            self.name, dict(sorted(acts.items())),
            dict(sorted(self.polls.items()))))
        say("# %s faults (%d): %s" % (self.name, sum(self.faults.values()),
                                       dict(sorted(self.faults.items()))))
        say("# %s converged %s %.1f s after the last fault" % (
            self.name, "in" if settled else "NOT, gave up at", converge))
        say("# %s order statuses: %s" % (self.name, dict(sorted(
            collections.Counter(o["status"] for o in
                                d["orders"].values()).items()))))
        if FAILED:
            say("# %s fault schedule: %s" % (self.name,
                                             "; ".join(self.fault_log)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--fake", required=True)
    ap.add_argument("--seconds", type=float, default=70)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--variants", default="processes,replicas")
    o = ap.parse_args()
    seed = o.seed if o.seed is not None else random.SystemRandom().randrange(
        1, 1 << 31)
    variants = o.variants.split(",")
    say("# chaos: seed %d (replay with CHAOS_SEED=%d)" % (seed, seed))
    runs = []

    def on_term(signo, frame):
        raise SystemExit(1)
    signal.signal(signal.SIGTERM, on_term)
    try:
        for i, v in enumerate(variants):
            r = Run(o, v, o.seconds / len(variants), seed + i)
            runs.append(r)
            r.run()
    finally:
        for r in runs:
            r.cleanup()
    say("# chaos: seed %d" % seed)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
