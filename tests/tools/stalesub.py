#!/usr/bin/python3
"""stalesub.py: play the broker for one notify replica and send it, after
it subscribed again, a frame of the subscription it replaced.

A real broker sends such a frame when it was on its way before the
broker read the new subscribe (the service subscribes again after its
batch was undone, or after the broker forgot its session). It carries
events past the ones the replica dropped meanwhile; applying it would
move the replica's offset over those for good (their notifications are
never made). The replica must ignore it and take every event from its
new subscription.

  stalesub.py EP DB     bind EP (ipc), play the broker; DB is the
                        replica's notify.db. Prints one line per step;
                        exit 0 when the script ran to its end (what the
                        replica stored is the caller's to check).

The script: hello, register, subscribe A from 0 and order.paid (seq 1);
once seq 1 is applied, "no_session" (the broker forgot the session):
hello, register, subscribe B from 1; before answering B, a frame of A
with order.cancelled (seq 3); then B's frame: order.accepted (seq 2) and
order.cancelled (seq 3). Waits (bounded) until seq 3 is applied.
"""
import json
import sqlite3
import sys
import time

import zmq

ORDER = {"order_id": 7, "shop_id": "chicken", "customer_id": "minji"}


def event(seq, typ, data):
    return dict(ORDER, seq=seq, type=typ, at=1700000000000 + seq,
                key="order:%d" % seq, data=data)


PAID = event(1, "order.paid", {"shop_name": "치킨집", "total": 18000,
                               "items": [{"name": "후라이드", "qty": 1}]})
ACCEPTED = event(2, "order.accepted", {"eta_min": 30})
CANCELLED = event(3, "order.cancelled", {"by": "customer", "total": 18000})


class Broker:
    def __init__(self, ep):
        self.sock = zmq.Context.instance().socket(zmq.ROUTER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.bind(ep)
        self.peer = None

    def send(self, msg):
        self.sock.send_multipart([self.peer, json.dumps(msg).encode()])

    def reply(self, rid, result=None):
        self.send({"type": "reply", "id": rid, "ok": True,
                   "result": result or {}})

    def expect(self, want, until):
        """The next message of type want (answering heartbeats and
        anything else on the way); None after until."""
        while time.time() < until:
            if not self.sock.poll(100):
                continue
            frames = self.sock.recv_multipart()
            self.peer = frames[0]
            msg = json.loads(frames[-1])
            if msg.get("type") == want:
                return msg
            if msg.get("type") == "heartbeat":
                self.send({"type": "heartbeat"})
            elif "id" in msg:
                self.reply(msg["id"])
        return None

    def session(self, until):
        """hello, register, subscribe: the subscribe (unanswered)."""
        for t in ("hello", "register"):
            m = self.expect(t, until)
            if m is None:
                sys.exit("no %s" % t)
            self.reply(m["id"])
        m = self.expect("subscribe", until)
        if m is None:
            sys.exit("no subscribe")
        print("subscribe %s from %d" % (m["sub"], m.get("from", -1)))
        return m


def applied(db):
    try:
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=2)
        try:
            return con.execute("SELECT seq FROM svc_offset").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def wait_applied(b, db, seq, until):
    while time.time() < until:
        if applied(db) >= seq:
            return True
        b.expect("none", time.time() + 0.1)
    return False


def main():
    ep, db = sys.argv[1], sys.argv[2]
    until = time.time() + 60  # a bound for a stuck replica, not a timing
    b = Broker(ep)
    a = b.session(until)
    b.reply(a["id"], {"head": 1})
    b.send({"type": "events", "sub": a["sub"], "events": [PAID]})
    if not wait_applied(b, db, 1, until):
        sys.exit("seq 1 was not applied")
    print("applied 1")
    b.send({"type": "error", "error": {"code": "no_session",
                                       "message": "who are you?"}})
    n = b.session(until)
    # On its way before the broker read the new subscribe.
    b.send({"type": "events", "sub": a["sub"], "events": [CANCELLED]})
    b.reply(n["id"], {"head": 3})
    b.send({"type": "events", "sub": n["sub"],
            "events": [e for e in (ACCEPTED, CANCELLED)
                       if e["seq"] > n.get("from", 0)]})
    if not wait_applied(b, db, 3, until):
        sys.exit("seq 3 was not applied")
    print("applied 3")


if __name__ == "__main__":
    main()
