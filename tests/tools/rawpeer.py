#!/usr/bin/python3
"""rawpeer.py: a raw ZeroMQ peer of the baedal broker, for tests.

It speaks the wire protocol directly (protocol/PROTOCOL.md), as a client
in another language would, and can misbehave on purpose.

  rawpeer.py send EP [--token T] [--id HEX] FRAME...
       send frames, print replies (--id: choose the routing id)
       a FRAME is text, or @big:N (N bytes of JSON-ish junk), @hex:ABCD,
       or @multi (three frames in one message)
  rawpeer.py publish EP TOKEN EVENTS_JSON      publish, print the reply
  rawpeer.py service EP TOKEN NAME [--delay MS] [--seconds S] [--silent]
       register as service NAME and answer every request with
       {"echo": body, "caller": caller} after MS (or never, --silent)
  rawpeer.py req EP TOKEN SERVICE METHOD BODY_JSON  via a REQ socket
  rawpeer.py flood EP TOKEN N FRAME           send FRAME N times (ids f0..),
       then print how many answers came with each error code (or "ok")
  rawpeer.py ask EP TOKEN FRAME [SECONDS]      send the request FRAME and
       print every answer to it (one JSON line each); a transient error is
       asked again with the same id after its retry_after_ms (at most 1 s);
       stop at the first final answer (exit 0) or after SECONDS (exit 1)
  rawpeer.py listen EP TOKEN FRAME [SECONDS]   send FRAME, then print every
       message (never acknowledging events) until SECONDS pass quietly
  rawpeer.py pings EP TOKEN SECONDS            ask the broker's ping every
       50 ms for SECONDS on one session; print the slowest answer's ms
       (3000 when one never came); exit 1 when none was answered
Only loopback or ipc endpoints are used by the tests.
"""
import json
import sys
import time

import zmq


def hello(sock, token):
    sock.send(json.dumps({"type": "hello", "id": "h", "token": token}).encode())
    return recv(sock, 3000)


def recv(sock, timeout_ms):
    """The next message that is not a heartbeat, or None."""
    end = time.time() + timeout_ms / 1000.0
    while True:
        left = int((end - time.time()) * 1000)
        if left <= 0 or not sock.poll(left):
            return None
        frames = sock.recv_multipart()
        msg = json.loads(frames[-1])
        if msg.get("type") != "heartbeat":
            return msg


def session(ep, token, kind=zmq.DEALER):
    """A socket connected to ep that has said hello as token; None (after
    printing the refusal) when refused."""
    s = zmq.Context.instance().socket(kind)
    s.setsockopt(zmq.LINGER, 0)
    s.connect(ep)
    h = hello(s, token)
    if not h or not h.get("ok"):
        print(json.dumps(h))
        return None
    return s


def frame_bytes(arg):
    if arg.startswith("@big:"):
        n = int(arg[5:])
        return b'{"type":"request","x":"' + b"a" * n + b'"}'
    if arg.startswith("@hex:"):
        return bytes.fromhex(arg[5:])
    return arg.encode()


def cmd_send(ep, args):
    token, rid = None, None
    while args and args[0] in ("--token", "--id"):
        if args[0] == "--token":
            token = args[1]
        else:
            rid = bytes.fromhex(args[1])
        args = args[2:]
    ctx = zmq.Context()
    s = ctx.socket(zmq.DEALER)
    s.setsockopt(zmq.LINGER, 0)
    if rid is not None:
        s.setsockopt(zmq.ROUTING_ID, rid)
    s.connect(ep)
    if token:
        print(json.dumps(hello(s, token)))
    for a in args:
        if a == "@multi":
            s.send_multipart([b"one", b"two", b"{}"])
        else:
            s.send(frame_bytes(a))
        print(json.dumps(recv(s, 3000)))
        sys.stdout.flush()


def cmd_publish(ep, token, events):
    s = session(ep, token)
    if s is None:
        return 1
    s.send(json.dumps({"type": "publish", "id": "p",
                       "events": json.loads(events)}).encode())
    print(json.dumps(recv(s, 5000)))
    return 0


def cmd_service(ep, token, name, args):
    delay, seconds, silent = 0, 30, False
    while args:
        if args[0] == "--delay":
            delay, args = int(args[1]), args[2:]
        elif args[0] == "--seconds":
            seconds, args = float(args[1]), args[2:]
        elif args[0] == "--silent":
            silent, args = True, args[1:]
        else:
            raise SystemExit("unknown option " + args[0])
    s = session(ep, token)
    if s is None:
        return 1
    s.send(json.dumps({"type": "register", "id": "r", "service": name}).encode())
    print(json.dumps(recv(s, 3000)))
    sys.stdout.flush()
    end = time.time() + seconds
    last_tx = time.time()
    while time.time() < end:
        if time.time() - last_tx > 0.8:
            s.send(b'{"type":"heartbeat"}')
            last_tx = time.time()
        if not s.poll(100):
            continue
        msg = json.loads(s.recv())
        if msg.get("type") != "request":
            continue
        print(json.dumps(msg))
        sys.stdout.flush()
        if silent:
            continue
        # A long delay still says it is alive (a worker silent for 3.5 s
        # is taken for dead), as a busy service's own thread would.
        until = time.time() + delay / 1000.0
        while time.time() < until:
            time.sleep(min(0.5, max(0.0, until - time.time())))
            s.send(b'{"type":"heartbeat"}')
        s.send(json.dumps({"type": "reply", "id": msg["id"], "ok": True,
                           "result": {"echo": msg.get("body"),
                                      "caller": msg.get("caller")}}).encode())
        last_tx = time.time()
    return 0


def cmd_req(ep, token, service, method, body):
    ctx = zmq.Context()
    s = ctx.socket(zmq.REQ)
    s.setsockopt(zmq.LINGER, 0)
    s.connect(ep)
    s.send(json.dumps({"type": "hello", "id": "h", "token": token}).encode())
    if not s.poll(3000):
        return 1
    s.recv()
    s.send(json.dumps({"type": "request", "id": "r1", "service": service,
                       "method": method, "body": json.loads(body)}).encode())
    if not s.poll(5000):
        return 1
    print(s.recv().decode())
    return 0


TRANSIENT = ("timeout", "service_unavailable", "payment_unavailable",
             "internal", "conflict", "in_progress", "no_session")


def cmd_ask(ep, token, frame, seconds=30):
    msg = json.loads(frame)
    end = time.time() + float(seconds)
    s = None
    while time.time() < end:
        if s is None:
            s = session(ep, token)
            if s is None:
                time.sleep(0.2)
                continue
            s.send(json.dumps(msg).encode())
        r = recv(s, 1000)
        if r is None:  # the broker drops a peer silent for 3.5 s
            s.send(b'{"type":"heartbeat"}')
            continue
        if r.get("id") != msg.get("id"):
            if r is not None and r.get("type") == "error":
                s = None
            continue
        print(json.dumps(r, ensure_ascii=False))
        sys.stdout.flush()
        code = None if r.get("ok") else r.get("error", {}).get("code")
        if code not in TRANSIENT:
            return 0
        if code == "no_session":
            s = None
            continue
        wait = r.get("error", {}).get("retry_after_ms") or 200
        time.sleep(min(wait, 1000) / 1000.0)
        s.send(json.dumps(msg).encode())
    return 1


def cmd_flood(ep, token, n, frame):
    s = session(ep, token)
    if s is None:
        return 1
    msg = json.loads(frame)
    for i in range(int(n)):
        msg["id"] = "f%d" % i
        s.send(json.dumps(msg).encode())
    counts = {}
    while True:
        r = recv(s, 2000)
        if r is None:
            break
        code = "ok" if r.get("ok") else r.get("error", {}).get("code")
        counts[code] = counts.get(code, 0) + 1
    print(json.dumps(counts, sort_keys=True))
    return 0


def cmd_listen(ep, token, frame, seconds):
    s = session(ep, token)
    if s is None:
        return 1
    s.send(frame.encode())
    while True:
        msg = recv(s, int(float(seconds) * 1000))
        if msg is None:
            return 0
        print(json.dumps(msg))


def cmd_pings(ep, token, seconds):
    s = session(ep, token)
    if s is None:
        return 1
    end = time.time() + float(seconds)
    slowest, n = 0, 0
    while time.time() < end:
        n += 1
        rid = "p%d" % n
        t = time.time()
        s.send(json.dumps({"type": "request", "id": rid, "service": "broker",
                           "method": "ping", "body": {}}).encode())
        while True:
            r = recv(s, 3000)
            if r is None or r.get("id") == rid:
                break
        ms = 3000 if r is None else int((time.time() - t) * 1000)
        slowest = max(slowest, ms)
        time.sleep(0.05)
    print(slowest)
    return 0 if slowest < 3000 else 1


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    cmd, ep = argv[1], argv[2]
    if cmd == "send":
        return cmd_send(ep, argv[3:]) or 0
    if cmd == "publish":
        return cmd_publish(ep, argv[3], argv[4])
    if cmd == "service":
        return cmd_service(ep, argv[3], argv[4], argv[5:])
    if cmd == "flood":
        return cmd_flood(ep, argv[3], argv[4], argv[5])
    if cmd == "listen":
        return cmd_listen(ep, argv[3], argv[4], argv[5] if len(argv) > 5 else 1)
    if cmd == "ask":
        return cmd_ask(ep, *argv[3:6])
    if cmd == "pings":
        return cmd_pings(ep, argv[3], argv[4])
    if cmd == "req":
        return cmd_req(ep, *argv[3:7])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
