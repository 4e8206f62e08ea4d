#!/usr/bin/python3
"""cluster.py: baedal on three simulated hosts, and a test that breaks it.

The hosts are the loopback addresses 127.0.0.1, 127.0.0.2 and 127.0.0.3.
Each has its own data directory (DIR/hostN) and its own process group (a
leader process every other process of the host joins), so killing a host is
one killpg(SIGKILL):

  host 1   nats-server n1, broker A (tcp://127.0.0.1), 4 service processes
  host 2   nats-server n2, broker B (tcp://127.0.0.2), 4 service processes
  host 3   nats-server n3,                              4 service processes

The three nats-servers form one JetStream cluster holding the event log
(3 replicas) and the users; both brokers follow it (--log with all three).
Every service runs twice, its replicas on two different hosts, each joining
both brokers (--broker A,B). CURVE on every TCP link (the brokers share one
key pair). Order, payment and store keep a data directory on each host
(DIR/hostN/svc), rebuilt from the log at every start, and run with a lease
(--lease-ms): one replica acts, the other is a standby that takes over when
the holder's host is lost. Delivery, notify and view are not rebuilt from
the log: their two replicas share one data directory, DIR/shared, which
stands for storage every host mounts (a SAN or NFS volume) and which no
host kill touches; the database fences them.

  cluster.py up   --bin BUILD --dir DIR    start it, print how to use it,
                                           run until SIGINT/SIGTERM
  cluster.py test --bin BUILD --dir DIR --fake URL [--seed N] [--seconds S]
      under load (tests/tools/chaos.py's customers, owners and
      subscribers), SIGKILL one whole host, restart it, then another; then
      check chaos.py's invariants and report the time from each kill to
      orders flowing again and the orders refused meanwhile.
"""
import argparse
import collections
import itertools
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import zmq
import zmq.utils.monitor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chaos  # noqa: E402
from chaos import say, report  # noqa: E402

NATS = "/usr/sbin/nats-server"
HOSTS = (1, 2, 3)
BROKER_HOSTS = (1, 2)
SERVICES = chaos.SERVICES
LEASED = ("order", "payment", "store")  # a directory per host, a lease
# A holder whose lease runs out while the store of leases elects a leader
# (2-3 s here) waits, and goes on once it renews it (svc.c's pause).
LEASE_MS = 1500
# The streams whose leader's loss stops orders: the log's and the leases'
# (the users' bucket is read when a session begins).
STREAMS = ("baedal", "KV_baedal_leases")
NATSRAW = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "natsraw.py")


def free_port(host):
    s = socket.socket()
    s.bind((host, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def addr(h):
    return "127.0.0.%d" % h


def placement():
    """{host: [service, ...]}: replica a of service i on host i%3+1,
    replica b on the next host."""
    out = collections.defaultdict(list)
    for i, s in enumerate(SERVICES):
        out[i % 3 + 1].append(s)
        out[(i + 1) % 3 + 1].append(s)
    return out


def nats_api(port, *args):
    try:
        r = subprocess.run(["/usr/bin/python3", NATSRAW,
                            "127.0.0.1:%d" % port] + list(args),
                           capture_output=True, text=True, timeout=8)
        return json.loads(r.stdout) if r.returncode == 0 else None
    except (subprocess.TimeoutExpired, ValueError):
        return None


def stream_events(port):
    """How many events the stream's log holds (natsraw.py events: the
    stream's messages expanded and numbered as a broker's copy does),
    or None."""
    try:
        r = subprocess.run(["/usr/bin/python3", NATSRAW,
                            "127.0.0.1:%d" % port, "events", "baedal"],
                           capture_output=True, text=True, timeout=60)
        return len(r.stdout.splitlines()) if r.returncode == 0 else None
    except subprocess.TimeoutExpired:
        return None


class Cluster:
    def __init__(self, bin_dir, root, extra):
        self.bin, self.root, self.extra = bin_dir, root, extra
        self.shared = os.path.join(root, "shared")
        self.nats_port = {h: free_port(addr(h)) for h in HOSTS}
        self.route_port = {h: free_port(addr(h)) for h in HOSTS}
        self.front_port = {h: free_port(addr(h)) for h in BROKER_HOSTS}
        self.back_port = {h: free_port(addr(h)) for h in BROKER_HOSTS}
        self.metrics_port = {h: free_port(addr(h)) for h in BROKER_HOSTS}
        self.monitor_port = {h: free_port(addr(h)) for h in HOSTS}
        self.leader = {}      # host -> the process group's leader (Popen)
        self.lock = threading.RLock()   # tend() against kills and restarts
        self.restarts = collections.Counter()
        self.procs = collections.defaultdict(list)  # host -> [Popen]
        self.svc_token = None
        self.server_pub = None
        self.front = ",".join("tcp://%s:%d" % (addr(h), self.front_port[h])
                              for h in BROKER_HOSTS)
        self.back = ",".join("tcp://%s:%d" % (addr(h), self.back_port[h])
                             for h in BROKER_HOSTS)
        self.log_url = self.log_url_of(1)
        for d in ["shared"] + ["host%d" % h for h in HOSTS]:
            os.makedirs(os.path.join(root, d), mode=0o700, exist_ok=True)

    def log_url_of(self, h):
        """The log's servers for a broker of host h: its own first (it
        keeps to the order given)."""
        return "nats://" + ",".join("%s:%d" % (addr(k), self.nats_port[k])
                                    for k in sorted(HOSTS,
                                                    key=lambda k: k != h))

    def home(self, h):
        return os.path.join(self.root, "host%d" % h, "broker")

    def svc_home(self, h, s):
        """Service s's data directory on host h."""
        return os.path.join(self.root, "host%d" % h, "svc") if s in LEASED \
            else self.shared

    # -- processes of a host
    def spawn(self, h, name, args, env=None):
        """Start args in host h's process group; output to DIR/hostH/NAME.log.
        tend() starts it again when it exits while its host is up."""
        pgid = self.leader[h].pid
        log = open(os.path.join(self.root, "host%d" % h, name + ".log"), "a")

        def pre():
            os.setpgid(0, pgid)
            chaos.die_with_us()
        p = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, preexec_fn=pre,
                             env=dict(os.environ, **(env or {})))
        log.close()
        p.spec = (name, args, env)
        self.procs[h].append(p)
        return p

    def tend(self):
        """Start again what exited on a host that is up (a host's init
        system would): a broker that found JetStream without a leader
        exits at start, for one."""
        with self.lock:
            for h in HOSTS:
                if h not in self.leader or self.leader[h].poll() is not None:
                    continue
                for i, p in enumerate(self.procs[h]):
                    if p.poll() is not None:
                        name, args, env = p.spec
                        self.procs[h].pop(i)
                        self.restarts[name] += 1
                        self.spawn(h, name, args, env)
                        break

    def tend_forever(self, stop):
        while not stop.wait(0.5):
            self.tend()

    def host_up(self, h):
        """The host's leader: a process that does nothing, whose pid is the
        process group of everything else of the host."""
        self.leader[h] = subprocess.Popen(
            ["sleep", "100000"], preexec_fn=lambda: (os.setpgid(0, 0),
                                                     chaos.die_with_us()))
        self.procs[h] = []

    def start_nats(self, h):
        routes = ",".join("nats://%s:%d" % (addr(k), self.route_port[k])
                          for k in HOSTS)
        self.spawn(h, "nats", [
            NATS, "-js", "-a", addr(h), "-p", str(self.nats_port[h]),
            "-n", "n%d" % h, "-m", str(self.monitor_port[h]),
            "-sd", os.path.join(self.root, "host%d" % h,
                                                 "js"),
            "--cluster_name", "baedal", "--cluster",
            "nats://%s:%d" % (addr(h), self.route_port[h]),
            "--routes", routes])

    def start_broker(self, h):
        self.spawn(h, "broker", [
            os.path.join(self.bin, "baedald"), "--home", self.home(h),
            "--bind", "tcp://%s:%d" % (addr(h), self.front_port[h]),
            "--services-bind", "tcp://%s:%d" % (addr(h), self.back_port[h]),
            "--services", "none", "--log", self.log_url_of(h),
            # An append JetStream has not stored in 1 s will not be: the
            # broker says so sooner (and waits less for a lost server).
            "--log-max-wait-ms", "1000",
            "--metrics-bind", "%s:%d" % (addr(h), self.metrics_port[h])])

    def start_service(self, h, s):
        """Service s on host h, joining broker A (B when A is gone): a
        broker hands requests only to the workers connected to it, so
        they all gather at one (B takes them over when A dies)."""
        lease = ["--lease-ms", str(LEASE_MS)] if s in LEASED else []
        os.makedirs(self.svc_home(h, s), mode=0o700, exist_ok=True)
        self.spawn(h, "svc-" + s, [
            os.path.join(self.bin, "baedald"), "--home", self.svc_home(h, s),
            "--service", s, "--broker", self.back, "--token",
            self.svc_token] + lease + self.extra,
            env={"BAEDAL_SERVER_KEY": self.server_pub})

    def kill_host(self, h):
        """SIGKILL every process of host h at once."""
        with self.lock:
            try:
                os.killpg(self.leader[h].pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            for p in self.procs[h] + [self.leader[h]]:
                p.wait()

    def restart_host(self, h):
        with self.lock:
            self.host_up(h)
            self.start_nats(h)
            if h in BROKER_HOSTS:
                self.start_broker(h)
            for s in placement()[h]:
                self.start_service(h, s)

    # -- readiness
    def cli(self, user, *args, timeout=6):
        try:
            r = subprocess.run(
                [os.path.join(self.bin, "baedal"), "--home", self.home(1),
                 "--connect", self.front, "--user", user, "--json",
                 "--timeout", "3000"] + list(args),
                capture_output=True, timeout=timeout, text=True,
                env=dict(os.environ, BAEDAL_SERVER_KEY=self.server_pub or ""))
            return r.returncode, r.stdout
        except subprocess.TimeoutExpired:
            return 1, ""

    def wait(self, what, fn, limit):
        end = time.time() + limit
        while time.time() < end:
            if fn():
                return True
            time.sleep(0.1)
        report(False, "cluster: " + what)
        return False

    def js_ready(self):
        a = nats_api(self.nats_port[1], "api", "$JS.API.STREAM.CREATE.probe",
                     json.dumps({"name": "probe", "subjects": ["probe"],
                                 "num_replicas": 3, "storage": "memory"}))
        if not a or a.get("error"):
            return False
        nats_api(self.nats_port[1], "api", "$JS.API.STREAM.DELETE.probe")
        return True

    def start(self):
        """Everything, in order; False (reported) when a step fails."""
        for h in HOSTS:
            self.host_up(h)
            self.start_nats(h)
        if not self.wait("the JetStream cluster forms", self.js_ready, 30):
            return False
        # Broker A first: it makes the users, the key pair and the stream;
        # B takes the users from JetStream and A's key pair.
        self.start_broker(1)
        pub = os.path.join(self.home(1), "server.pub")
        if not self.wait("broker A starts", lambda: os.path.exists(
                os.path.join(self.home(1), "credentials.json")) and
                os.path.exists(pub), 30):
            return False
        with open(pub) as f:
            self.server_pub = f.read().strip()
        with open(os.path.join(self.home(1), "credentials.json")) as f:
            self.svc_token = {u["name"]: u["token"] for u in
                              json.load(f)["users"]}["svc"]
        os.makedirs(self.home(2), mode=0o700, exist_ok=True)
        for k in ("server.key", "server.pub"):
            with open(os.path.join(self.home(1), k), "rb") as f:
                data = f.read()
            fd = os.open(os.path.join(self.home(2), k),
                         os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.write(fd, data)
            os.close(fd)
        self.start_broker(2)
        if not self.wait("both brokers answer", lambda: all(
                self.cli_at(h, "admin", "ping")[0] == 0
                for h in BROKER_HOSTS), 30):
            return False
        # One replica of each first (the store seeds the demo shops once),
        # then the second ones.
        first = {}
        for h, names in sorted(placement().items()):
            for s in names:
                if s not in first:
                    first[s] = h
                    self.start_service(h, s)
        if not self.wait("the first replicas seed and serve", lambda:
                         self.cli("minji", "quote", "chicken",
                                  "fried")[0] == 0, 40):
            return False
        for h, names in sorted(placement().items()):
            for s in names:
                if first[s] != h:
                    self.start_service(h, s)
        return self.wait("two replicas of every service joined", lambda:
                         self.all_joined(), 40)

    def cli_at(self, h, user, *args):
        front, self.front = self.front, "tcp://%s:%d" % (addr(h),
                                                         self.front_port[h])
        try:
            return self.cli(user, *args)
        finally:
            self.front = front

    def running(self, s):
        """How many processes of service s run on hosts that are up."""
        return sum(1 for h in HOSTS if h in self.leader and
                   self.leader[h].poll() is None for p in self.procs[h]
                   if p.spec[0] == "svc-" + s and p.poll() is None)

    def all_joined(self):
        """Both replicas of every service are connected (to either broker);
        of a leased one, the holder (the standby waits unregistered)."""
        n = collections.Counter()
        for h in BROKER_HOSTS:
            rc, out = self.cli_at(h, "admin", "call", "broker", "stats")
            try:
                for s, k in json.loads(out)["services"].items():
                    n[s] += k
            except (ValueError, KeyError, TypeError):
                return False
        return all(n[s] >= 1 and self.running(s) == 2 if s in LEASED
                   else n[s] == 2 for s in SERVICES)

    def holder_host(self, s):
        """The host whose replica of s holds its lease, or None."""
        for h in BROKER_HOSTS:
            rc, out = self.cli_at(h, "admin", "call", "broker", "stats")
            try:
                pid = int(json.loads(out)["leases"][s]["holder"].split(
                    ":")[1])
            except (ValueError, KeyError, TypeError, IndexError):
                continue
            for k in HOSTS:
                if any(p.pid == pid and p.poll() is None
                       for p in self.procs.get(k, [])):
                    return k
        return None

    def stream_leader(self, stream="baedal"):
        for h in HOSTS:
            info = nats_api(self.nats_port[h], "info", stream)
            if info and info.get("cluster", {}).get("leader"):
                return int(info["cluster"]["leader"][1:])
        return None

    def lead_nothing(self, h):
        """Have host h lead none of STREAMS: each one it leads is
        asked to step down until another leads it (for up to 10 s). The
        streams stepped down, by name."""
        other = [k for k in HOSTS if k != h][0]
        moved = []
        for stream in STREAMS:
            end = time.time() + 10
            while time.time() < end:
                leader = self.stream_leader(stream)
                if leader is not None and leader != h:
                    break
                if leader == h:
                    moved.append(stream)
                    nats_api(self.nats_port[other], "api",
                             "$JS.API.STREAM.LEADER.STEPDOWN." + stream)
                time.sleep(0.2)
        still = [st for st in STREAMS if self.stream_leader(st) == h]
        say("# cluster: host %d leads %s (%s stepped down)" % (
            h, ", ".join(still) or "no stream",
            ", ".join(sorted(set(moved))) or "none"))
        return moved

    def epochs(self):
        """{service: its lease's epoch} as a broker says."""
        for h in BROKER_HOSTS:
            rc, out = self.cli_at(h, "admin", "call", "broker", "stats")
            try:
                return {s: json.loads(out)["leases"][s]["epoch"]
                        for s in LEASED}
            except (ValueError, KeyError, TypeError):
                continue
        return None

    def meta_leader(self):
        """The host of JetStream's metadata leader (it makes consumers,
        a broker's follower among them), or None."""
        for h in HOSTS:
            try:
                with urllib.request.urlopen("http://%s:%d/jsz" % (
                        addr(h), self.monitor_port[h]), timeout=3) as r:
                    return int(json.load(r)["meta_cluster"]["leader"][1:])
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return None

    def stop(self):
        self.lock.acquire()   # no tend() from now on
        for h in HOSTS:
            if h in self.leader:
                for p in self.procs[h]:
                    if p.poll() is None:
                        p.terminate()
        for h in HOSTS:
            for p in self.procs.get(h, []):
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            if h in self.leader:
                self.kill_host(h)


# ---- the test ---------------------------------------------------------------

EFFECT_S = 4.0
LEADER_DOWN_S = 14.0   # how long the stream leader's host stays down
SENT = collections.defaultdict(list)   # request id -> times it was sent
SENT_LOCK = threading.Lock()


class TimedConn(chaos.Conn):
    """chaos.Conn that notes when each request is sent (every try), and,
    as baedal's client library does, takes a broker it has had no
    connection to for 0.5 s for gone (the next one of the list is tried),
    besides one that has said nothing for SILENT_S."""
    GONE_S = 0.5
    MONITORS = itertools.count(1)

    def reconnect(self):
        if getattr(self, "monitor", None) is not None:
            self.sock.disable_monitor()
            self.monitor.close(0)
        super().reconnect()
        # Each monitor under a name of its own: pyzmq's default,
        # inproc://monitor.s-FD, names the new socket as the one just
        # closed (its fd is reused) while ZeroMQ may not have released
        # that name yet, and the "Address already in use" it raises
        # ended the thread (a subscriber then missed the rest).
        self.monitor = self.sock.get_monitor_socket(
            zmq.EVENT_HANDSHAKE_SUCCEEDED | zmq.EVENT_DISCONNECTED,
            "inproc://cluster-conn-%d" % next(self.MONITORS))
        self.gone_since = time.time()

    def silent(self):
        while self.monitor.poll(0):
            ev = zmq.utils.monitor.recv_monitor_message(self.monitor)
            if ev["event"] == zmq.EVENT_DISCONNECTED:
                self.gone_since = self.gone_since or time.time()
            else:
                self.gone_since = None
        return super().silent() or (self.gone_since is not None and
                                    time.time() - self.gone_since >
                                    self.GONE_S)

    def send(self, msg):
        if msg.get("type") == "request":
            with SENT_LOCK:
                SENT[msg["id"]].append(time.time())
        super().send(msg)


class ClusterRun(chaos.Run):
    """chaos.py's load and invariants against the cluster, with host kills
    instead of process faults."""

    def __init__(self, opts, seed):
        super().__init__(opts, "cluster", opts.seconds, seed)
        self.c = Cluster(opts.bin, os.path.join(opts.dir, "cluster"),
                         ["--pg-url", opts.fake, "--pg-timeout-ms", "1200",
                          "--payment-deadline-ms", "1500"])
        self.home = self.c.home(1)
        self.front = self.c.front
        self.kills = []     # (host, when, leader held)

    def cli(self, user, *args, timeout=5):
        return self.c.cli(user, *args, timeout=timeout)

    def db(self, name):
        """A service's database: in the shared directory, or for a leased
        service its lease holder's; "broker": broker A's copy of the
        JetStream log (natslog.db)."""
        if name == "broker":
            path = os.path.join(self.c.home(1), "natslog.db")
        elif name in LEASED:
            h = self.c.wait("%s has a lease holder" % name,
                            lambda: self.c.holder_host(name), 15) and \
                self.c.holder_host(name)
            if not h:
                raise chaos.sqlite3.Error("no holder of %s's lease" % name)
            path = os.path.join(self.c.svc_home(h, name), name + ".db")
        else:
            path = os.path.join(self.c.shared, name + ".db")
        con = chaos.sqlite3.connect("file:%s?mode=ro" % path, uri=True,
                                    timeout=5)
        con.row_factory = chaos.sqlite3.Row
        return con

    def cleanup(self):
        self.c.stop()

    def answers(self):
        """[(when answered, when the try it answers was sent, rid,
        answer)] of every place answer, in time order."""
        with self.lock:
            replies = {k: list(v) for k, v in self.replies.items()}
        with SENT_LOCK:
            sent = {k: list(v) for k, v in SENT.items()}
        out = []
        for rid, ans in replies.items():
            for t, a in ans:
                tries = [x for x in sent.get(rid, []) if x <= t]
                out.append((t, tries[-1] if tries else t, rid, a))
        return sorted(out, key=lambda x: x[0])

    def outage(self, t_kill, t_back):
        """Orders after the kill at t_kill (the host came back at t_back):
        (the longest stretch without an acknowledged place that began
        within EFFECT_S of the kill (when its effects begin: a stalled
        log is noticed after 1 s, a silent broker after 2.5-3.5 s), as
        (start, end) seconds after the kill, None when it lasts past
        t_back; the try-again answers before its end, by code; the
        slowest of them (seconds) and the three slowest described)."""
        answers = [x for x in self.answers() if x[0] >= t_kill]
        oks = [t_kill] + [x[0] for x in answers
                          if x[3].get("ok") and x[0] < t_back] + [t_back]
        start, end = max([p for p in zip(oks, oks[1:])
                          if p[0] <= t_kill + EFFECT_S],
                         key=lambda p: p[1] - p[0])
        gap = (start - t_kill, end - t_kill) if end < t_back else None
        refused = [x for x in answers if x[0] <= end and
                   not x[3].get("ok") and
                   x[3]["error"].get("code") in chaos.TRANSIENT]
        codes = collections.Counter(x[3]["error"].get("code")
                                    for x in refused)
        # The log's "try again" comes at once. Other try-laters may wait
        # for the work a killed replica had in hand, or for the services
        # to move to the other broker: not the same promise.
        slow = sorted([x for x in refused if x[3]["error"].get("code") ==
                       "service_unavailable" and "event log" in
                       x[3]["error"].get("message", "")],
                      key=lambda x: x[1] - x[0])[:3]
        wait = slow[0][0] - slow[0][1] if slow else 0
        return gap, codes, wait, [
            "%s at +%.1f s after %.1f s: %s %s" % (
                x[2], x[0] - t_kill, x[0] - x[1], x[3]["error"].get("code"),
                x[3]["error"].get("message")) for x in slow]

    def run(self):
        say("# %s: seed %d, %.0f s of load" % (self.name, self.seed,
                                               self.seconds))
        chaos.http(self.o.fake + "/_reset", {})
        chaos.http(self.o.fake + "/_control", {"latency_ms": [20, 300]})
        t_start = time.time()
        ok = self.c.start()
        report(ok, "cluster: 3 nats-servers, 2 brokers and 2 replicas of "
               "every service on 3 hosts start (%.1f s)"
               % (time.time() - t_start))
        if not ok:
            return
        tending = threading.Event()
        threading.Thread(target=self.c.tend_forever, args=(tending,),
                         daemon=True).start()
        chaos.Conn = TimedConn
        chaos.Conn.CURVE_SERVER = self.c.server_pub
        chaos.Conn.SILENT_S = 2.5
        info = nats_api(self.c.nats_port[1], "info",
                                          "baedal") or {}
        report(info.get("config", {}).get("num_replicas") == 3,
               "cluster: the log's stream has 3 replicas")
        died = []
        threading.excepthook = lambda a: (died.append("%s: %s" % (
            a.thread.name, a.exc_value)), threading.__excepthook__(a))
        threads, subs = self.start_load()
        self.t0 = time.time()
        # The first host lost leads nothing of JetStream (the case of
        # the 3 s goal); the second is one of the other two, whatever
        # it leads.
        meta = self.c.meta_leader()
        first = self.rng.choice([h for h in HOSTS if h != meta])
        victims = [first, self.rng.choice([h for h in HOSTS
                                           if h != first])]
        seg = self.seconds / 5.0
        for i, h in enumerate(victims):
            if i == 0:
                time.sleep(max(0, self.t0 + seg - 3 - time.time()))
                before = self.c.epochs()
                if "KV_baedal_leases" in self.c.lead_nothing(h):
                    # Its holders' renewals failed meanwhile: they wait
                    # for the store, and keep their leases.
                    after = self.c.epochs()
                    report(before is not None and before == after,
                           "%s: the leases' stream electing a leader "
                           "moves no lease (epochs %s, then %s)" % (
                               self.name, before, after))
            time.sleep(max(0, self.t0 + seg * (1 + 2 * i) - time.time()))
            if i == 0:  # (a stream stepped down may have come back)
                self.c.lead_nothing(h)
            # What the host leads: the log's stream, JetStream's
            # metadata (which makes a broker's follower anew), the
            # stream of the leases.
            leads = [what for what, k in (
                ("the stream", self.c.stream_leader()),
                ("the metadata", self.c.meta_leader()),
                ("the leases' stream",
                 self.c.stream_leader("KV_baedal_leases"))) if k == h]
            held = [s for s in LEASED if self.c.holder_host(s) == h]
            t_kill = time.time()
            self.c.kill_host(h)
            self.kills.append([h, t_kill, leads, held, None])
            say("# %s: +%.1f s SIGKILL host %d (%s; leader of %s; leases "
                "held there: %s)" % (
                    self.name, t_kill - self.t0, h, addr(h),
                    ", ".join(leads) or "nothing",
                    ", ".join(held) or "none"))
            # A leader's host is kept down longer: JetStream elects
            # another in 4-8 s (more on a loaded machine), and only then
            # can a broker follow the stream again.
            down = seg * 1.1 if not leads else max(seg * 1.1,
                                                   LEADER_DOWN_S)
            time.sleep(max(0, t_kill + down - time.time()))
            self.c.restart_host(h)
            self.kills[-1][4] = time.time()
            say("# %s: +%.1f s host %d restarted" % (
                self.name, time.time() - self.t0, h))
        time.sleep(max(0, self.t0 + self.seconds - time.time()))
        fault_end = time.time()
        self.stop_load.set()
        self.until = fault_end + 30
        for t in threads:
            t.join(max(0.1, self.until - time.time()))
        stuck = [t.name for t in threads if t.is_alive()]
        say("# %s: load stopped %.1f s after the end%s" % (
            self.name, time.time() - fault_end,
            "; still busy: %s" % stuck if stuck else ""))
        report(self.c.wait("both replicas of every service are back after "
                           "the restarts", self.c.all_joined, 30),
               "%s: both replicas of every service joined again" % self.name)
        settled, d, gw, waiting = False, None, None, []
        settle_end = time.time() + 40
        while time.time() < settle_end:
            try:
                d, gw = self.read(), self.gateway()
            except chaos.sqlite3.Error:
                time.sleep(0.3)
                continue
            results = self.evaluate(d, gw)
            waiting = [(n, det[:2]) for n, ok, det, settles in results
                       if settles and not ok]
            if not waiting:
                settled = True
                break
            time.sleep(0.5)
        converge = time.time() - fault_end
        if converge > 10 and waiting:
            say("# %s: still settling 10 s on: %s" % (self.name, waiting))
        tending.set()
        self.stop_subs.set()
        for t in subs:
            t.join(5)
        chaos.http(self.o.fake + "/_control", {"latency_ms": 0})
        d, gw = self.read(), self.gateway(ask=True)
        for name, ok, details, _ in self.evaluate(d, gw):
            report(ok, "%s: %s" % (self.name, name), details)
        report(not died, "%s: no customer, owner or subscriber of the load "
               "died of an exception" % self.name, died)
        last = stream_events(self.c.nats_port[1])
        report(last == len(d["events"]),
               "%s: broker A's copy holds the whole stream (%s events, "
               "the stream's log %s)" % (self.name, len(d["events"]),
                                         last))
        bad = self.integrity()
        report(not bad, "%s: PRAGMA integrity_check of every database" %
               self.name, bad)
        self.figures(d, settled, converge)

    def figures(self, d, settled, converge):
        for h, t_kill, leads, held, t_back in self.kills:
            gap, refused, wait, slow = self.outage(t_kill, t_back)
            report(gap is not None,
                   "%s: orders are taken again after host %d is killed, "
                   "before it is back" % (self.name, h))
            report(wait < 3.0,
                   "%s:   every place refused meanwhile because the log "
                   "stored nothing was refused at once, the slowest in "
                   "%.1f s" % (self.name, wait),
                   ["refused: %s" % dict(refused)] + slow)
            goal = "the engine's election" if leads else "3 s"
            if gap is None:
                flow = "orders did not flow again before it was back"
            elif gap[0] < 1.0 or gap[1] - gap[0] >= 1.0:
                flow = ("no order taken from +%.2f s to +%.2f s after the "
                        "kill, so orders flowed again %.2f s after it" % (
                            gap[0], gap[1], gap[1]))
            else:  # (some 12 orders a second: a short gap is noise)
                flow = ("orders did not stop: the longest stretch without "
                        "one was %.2f s, from +%.2f s" % (gap[1] - gap[0],
                                                          gap[0]))
            say("# %s: host %d killed (leader of %s; leases held: %s): %s "
                "(goal: %s); try-again answers meanwhile: %s" % (
                    self.name, h, ", ".join(leads) or "nothing",
                    ", ".join(held) or "none", flow, goal, dict(refused)))
        finals = collections.Counter(
            ("ok" if r["final"].get("ok") else r["final"]["error"]["code"])
            if r.get("final") else "unanswered"
            for r in self.requests.values() if "final" in r)
        say("# %s: %d place requests, answers %s; %d orders, %d events; "
            "converged %s %.1f s after the load; processes started again "
            "after exiting: %s" % (
                self.name, len(self.requests), dict(sorted(finals.items())),
                len(d["orders"]), len(d["events"]),
                "in" if settled else "NOT, gave up at", converge,
                dict(self.c.restarts)))


def up(o):
    c = Cluster(o.bin, o.dir, [])
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    try:
        if not c.start():
            return 1
        say("# baedal cluster up in %s" % o.dir)
        say("#   clients:  BAEDAL_SERVER_KEY=%s baedal --home %s --connect %s "
            "--user minji shops" % (os.path.join(c.home(1), "server.pub"),
                                     c.home(1), c.front))
        say("#   metrics:  %s" % " ".join(
            "http://%s:%d/metrics" % (addr(h), c.metrics_port[h])
            for h in BROKER_HOSTS))
        say("#   log:      %s (stream baedal, 3 replicas)" % c.log_url)
        for h in HOSTS:
            say("#   host %d (%s): pgid %d, %s" % (
                h, addr(h), c.leader[h].pid, ", ".join(
                    (["nats n%d" % h] + (["broker"] if h in BROKER_HOSTS
                                         else []) + placement()[h]))))
        say("#   kill a host: kill -KILL -PGID (restart: not done by this "
            "script); Ctrl-C stops everything")
        while not stop.is_set():
            stop.wait(0.5)
            c.tend()
    finally:
        c.stop()
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("up", "test"))
    ap.add_argument("--bin", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--fake")
    ap.add_argument("--seconds", type=float, default=40)
    ap.add_argument("--seed", type=int)
    o = ap.parse_args()
    if o.mode == "up":
        return up(o)
    seed = o.seed if o.seed is not None else random.SystemRandom().randrange(
        1, 1 << 31)
    say("# cluster: seed %d (replay with CLUSTER_SEED=%d)" % (seed, seed))
    r = ClusterRun(o, seed)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
    try:
        r.run()
    finally:
        r.cleanup()
    say("# cluster: seed %d" % seed)
    return 1 if chaos.FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
