#!/usr/bin/python3
"""contract.py: the protocol contract, checked from another language.

A client written from protocol/PROTOCOL.md alone (DEALER socket, hello,
requests, a subscription with acks) drives a whole order as a customer
and its shop owner, and checks that every reply and event has the
members, and the types, that PROTOCOL.md documents. A service that
changes a documented shape fails here.

  contract.py FRONT_ENDPOINT CREDENTIALS_JSON
Prints "ok - ..." / "not ok - ..." lines.
"""
import json
import sys
import time
import uuid

import zmq

FAILED = False
INT, STR, BOOL, LIST, OBJ = int, str, bool, list, dict
OPT = object()  # marks a member that may be null


def report(ok, name):
    global FAILED
    print(("ok - " if ok else "not ok - ") + name)
    FAILED |= not ok


def shape(value, spec, where):
    """Every member in spec is in value with its type; returns problems."""
    problems = []
    for key, want in spec.items():
        nullable = isinstance(want, tuple) and OPT in want
        types = tuple(t for t in (want if isinstance(want, tuple) else (want,))
                      if t is not OPT)
        if key not in value:
            problems.append("%s.%s missing" % (where, key))
        elif value[key] is None:
            if not nullable:
                problems.append("%s.%s is null" % (where, key))
        elif isinstance(value[key], bool) and bool not in types:
            problems.append("%s.%s is a boolean" % (where, key))
        elif not isinstance(value[key], types):
            problems.append("%s.%s is %s" % (where, key,
                                              type(value[key]).__name__))
    return problems


def check_shape(name, value, spec):
    problems = shape(value, spec, name)
    report(not problems, "%s has the documented shape%s" % (
        name, "" if not problems else ": " + "; ".join(problems[:4])))


class Peer:
    """A client as PROTOCOL.md describes one."""

    def __init__(self, endpoint, token):
        self.sock = zmq.Context.instance().socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.connect(endpoint)
        self.events = []
        self.unacked = 0
        r = self.call_raw({"type": "hello", "token": token})
        assert r["ok"], r
        self.identity = r["result"]

    def send(self, msg):
        self.sock.send(json.dumps(msg).encode())

    def pump(self, timeout_ms, want_id=None):
        end = time.time() + timeout_ms / 1000.0
        while time.time() < end:
            if not self.sock.poll(50):
                continue
            msg = json.loads(self.sock.recv())
            if msg["type"] == "event":
                self.events.append(msg)
                self.unacked += 1
                if self.unacked >= 64:
                    self.ack()
            elif msg["type"] == "reply" and msg.get("id") == want_id:
                return msg
        self.ack()
        return None

    def ack(self):
        if self.unacked:
            self.send({"type": "ack", "sub": "mine", "count": self.unacked})
            self.unacked = 0

    def call_raw(self, msg):
        msg["id"] = "k" + uuid.uuid4().hex[:12]
        self.send(msg)
        return self.pump(5000, msg["id"])

    def call(self, service, method, body=None):
        r = self.call_raw({"type": "request", "service": service,
                           "method": method, "deadline_ms": 5000,
                           "body": body or {}})
        if r is None or not r.get("ok"):
            raise AssertionError("%s.%s: %s" % (service, method, r))
        return r["result"]

    def wait(self, predicate, seconds=10):
        end = time.time() + seconds
        while time.time() < end:
            if predicate():
                return True
            self.pump(100)
        return False


PRICED_LINE = {"item_id": STR, "name": STR, "qty": INT, "unit_price": INT,
               "options": LIST, "line_total": INT}
EVENT = {"seq": INT, "type": STR, "at": INT, "data": OBJ}


def main(endpoint, credentials):
    tokens = {u["name"]: u["token"] for u in
              json.load(open(credentials))["users"]}
    me = Peer(endpoint, tokens["junho"])
    shop = Peer(endpoint, tokens["china_owner"])
    check_shape("hello", me.identity, {"user": STR, "role": STR,
                                       "shop_id": (STR, OPT), "name": STR})

    shops = me.call("store", "shops")
    check_shape("store.shops", shops, {"shops": LIST})
    check_shape("store.shops[0]", shops["shops"][0], {
        "id": STR, "name": STR, "category": STR, "open": BOOL,
        "min_order": INT, "delivery_fee": INT})
    menu = me.call("store", "menu", {"shop_id": "china"})
    check_shape("store.menu", menu, {"shop": OBJ, "menu": LIST})
    check_shape("store.menu item", menu["menu"][0], {
        "id": STR, "name": STR, "price": INT, "sold_out": BOOL,
        "options": LIST})
    opt = [o for i in menu["menu"] for o in i["options"]][0]
    check_shape("store.menu option", opt, {"id": STR, "name": STR,
                                           "price": INT,
                                           "group": (STR, OPT)})

    lines = [{"item_id": "jjajang", "qty": 2, "options": ["large"]},
             {"item_id": "tangsuyuk", "qty": 1}]
    quote = me.call("order", "quote", {"shop_id": "china", "items": lines})
    check_shape("order.quote", quote, {
        "shop_id": STR, "items": LIST, "subtotal": INT, "delivery_fee": INT,
        "total": INT, "min_order": INT, "below_minimum": BOOL})
    check_shape("a priced line", quote["items"][0], PRICED_LINE)
    report(quote["total"] == quote["subtotal"] + quote["delivery_fee"] and
           quote["subtotal"] == sum(l["line_total"] for l in quote["items"]),
           "quote totals add up")

    view = me.call("view", "orders")
    me.send({"type": "subscribe", "id": "s1", "sub": "mine",
             "from": view["seq"]})
    placed = me.call("order", "place", {
        "shop_id": "china", "items": lines, "address": "서울시 종로구 1",
        "card": "4111111111111111"})
    check_shape("order.place", placed, {"order_id": INT, "status": STR,
                                        "total": INT, "payment_id": STR,
                                        "accept_by": INT})
    report(placed["total"] == quote["total"], "the order costs the quote")
    oid = placed["order_id"]

    queue = shop.call("store", "queue", {"filter": "new"})
    check_shape("store.queue", queue, {"shop_id": STR, "seq": INT,
                                       "orders": LIST})
    entry = [o for o in queue["orders"] if o["order_id"] == oid]
    if not entry:
        shop.wait(lambda: any(o["order_id"] == oid for o in shop.call(
            "store", "queue", {"filter": "new"})["orders"]))
        entry = [o for o in shop.call("store", "queue",
                                      {"filter": "new"})["orders"]
                 if o["order_id"] == oid]
    check_shape("a queue entry", entry[0], {
        "order_id": INT, "status": STR, "items": LIST, "subtotal": INT,
        "delivery_fee": INT, "total": INT, "address": STR,
        "customer_id": STR, "placed_at": INT, "accept_by": INT,
        "eta_min": (INT, OPT), "eta_at": (INT, OPT), "updated_at": INT,
        "timeline": LIST})
    check_shape("store.accept", shop.call("store", "accept", {
        "order_id": oid, "eta_min": 25}), {"order_id": INT, "status": STR})

    def types_seen():
        return {e["event"]["type"] for e in me.events
                if e["event"].get("order_id") == oid}
    report(me.wait(lambda: {"order.paid", "order.accepted",
                            "payment.approved", "delivery.created"}
                   <= types_seen()),
           "the customer's subscription carries the order's events")
    for e in me.events:
        ev = e["event"]
        if ev.get("order_id") != oid:
            continue
        problems = shape(ev, EVENT, ev["type"])
        problems += shape(ev, {"order_id": INT, "customer_id": STR}, ev["type"])
        if ev["type"] != "notification.created":
            problems += shape(ev, {"shop_id": STR}, ev["type"])
        report(not problems, "event %s carries the correlation keys%s" % (
            ev["type"], "" if not problems else ": " + "; ".join(problems)))
    paid = [e["event"] for e in me.events
            if e["event"]["type"] == "order.paid" and
            e["event"]["order_id"] == oid][0]
    check_shape("order.paid data", paid["data"], {
        "shop_name": STR, "items": LIST, "subtotal": INT,
        "delivery_fee": INT, "total": INT, "address": STR,
        "payment_id": STR, "accept_by": INT})

    def accepted():
        return me.call("view", "status", {"order_id": oid})["status"] == \
            "ACCEPTED"
    me.wait(accepted)
    status = me.call("view", "status", {"order_id": oid})
    check_shape("view.status", status, {
        "order_id": INT, "shop_id": STR, "shop_name": STR,
        "customer_id": STR, "status": STR, "items": LIST, "subtotal": INT,
        "delivery_fee": INT, "total": INT, "address": STR,
        "eta_min": (INT, OPT), "eta_at": (INT, OPT), "placed_at": INT,
        "updated_at": INT, "accept_by": INT, "payment": (OBJ, OPT),
        "delivery": (OBJ, OPT), "review": (OBJ, OPT), "timeline": LIST,
        "seq": INT})
    check_shape("view.status payment", status["payment"], {
        "payment_id": STR, "status": STR, "amount": INT})
    check_shape("view.status delivery", status["delivery"], {
        "delivery_id": STR, "status": STR})
    check_shape("a timeline entry", status["timeline"][0], {
        "at": INT, "seq": INT, "event": STR, "status": STR, "text": STR})
    orders = me.call("view", "orders")
    check_shape("view.orders", orders, {"orders": LIST, "seq": INT})
    reviews = me.call("view", "reviews", {"shop_id": "chicken", "limit": 2})
    check_shape("view.reviews", reviews, {
        "shop_id": STR, "count": INT, "average": ((INT, float), OPT),
        "reviews": LIST, "more": bool})
    check_shape("a review", reviews["reviews"][0], {
        "review_id": INT, "order_id": (INT, OPT), "shop_id": STR,
        "customer": STR, "mine": bool, "rating": INT, "text": (STR, OPT),
        "created_at": INT, "reply": (STR, OPT), "replied_at": (INT, OPT)})
    check_shape("an order summary", orders["orders"][0], {
        "order_id": INT, "shop_id": STR, "shop_name": STR, "status": STR,
        "total": INT, "placed_at": INT, "updated_at": INT,
        "item_summary": STR})

    cancelled = me.call("order", "cancel", {"order_id": oid})
    check_shape("order.cancel", cancelled, {"order_id": INT, "status": STR,
                                            "refund": INT})
    inbox = me.call("notify", "inbox")
    check_shape("notify.inbox", inbox, {"notifications": LIST,
                                        "unread": INT})
    me.wait(lambda: len(me.call("notify", "inbox")["notifications"]) >= 3)
    check_shape("a notification", me.call("notify", "inbox")[
        "notifications"][0], {"id": INT, "at": INT, "order_id": INT,
                              "status": STR, "text": STR, "read": BOOL})
    r = me.call_raw({"type": "request", "service": "order",
                     "method": "cancel", "body": {"order_id": oid}})
    check_shape("an error reply", r, {"type": STR, "id": STR, "ok": BOOL,
                                      "error": OBJ})
    check_shape("an error", r["error"], {"code": STR, "message": STR})
    report(r["error"]["code"] == "invalid_state",
           "a second cancel is invalid_state")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
