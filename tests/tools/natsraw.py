#!/usr/bin/env python3
"""natsraw.py: a few JetStream calls over the plain NATS text protocol,
for tests that look at the stream behind baedald's --log (no client
library needed).

  natsraw.py HOST:PORT info STREAM          the stream's info (JSON)
  natsraw.py HOST:PORT get STREAM SEQ       one message: {"seq","msg_id","body"}
  natsraw.py HOST:PORT pub SUBJECT ID BODY  publish with Nats-Msg-Id ID;
                                            prints JetStream's answer
  natsraw.py HOST:PORT api SUBJECT JSON     any JetStream API request
  natsraw.py HOST:PORT events STREAM        the log the stream holds, as a
                                            broker's copy numbers it: one
                                            JSON line an event
Exit status 1 when the server does not answer within 5 s.
"""
import base64
import json
import socket
import sys


class Nats:
    def __init__(self, hostport):
        host, port = hostport.replace("nats://", "").split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=5)
        self.buf = b""
        self.line()  # INFO
        self.sock.sendall(b'CONNECT {"verbose":false,"pedantic":false,'
                          b'"headers":true,"no_responders":true,'
                          b'"protocol":1}\r\nSUB _INBOX.natsraw 1\r\n')

    def line(self):
        while b"\r\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("connection closed")
            self.buf += data
        out, self.buf = self.buf.split(b"\r\n", 1)
        return out.decode()

    def exactly(self, n):
        while len(self.buf) < n + 2:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("connection closed")
            self.buf += data
        out, self.buf = self.buf[:n], self.buf[n + 2:]
        return out

    def request(self, subject, payload, headers=None):
        payload = payload.encode() if isinstance(payload, str) else payload
        if headers:
            h = "NATS/1.0\r\n" + "".join("%s: %s\r\n" % kv
                                         for kv in headers.items()) + "\r\n"
            h = h.encode()
            self.sock.sendall(b"HPUB %s _INBOX.natsraw %d %d\r\n%s%s\r\n" % (
                subject.encode(), len(h), len(h) + len(payload), h, payload))
        else:
            self.sock.sendall(b"PUB %s _INBOX.natsraw %d\r\n%s\r\n" % (
                subject.encode(), len(payload), payload))
        while True:
            parts = self.line().split()
            if parts[0] == "PING":
                self.sock.sendall(b"PONG\r\n")
            elif parts[0] == "MSG":
                return json.loads(self.exactly(int(parts[-1])))
            elif parts[0] == "HMSG":
                data = self.exactly(int(parts[-1]))
                return json.loads(data[int(parts[-2]):] or b"{}")
            elif parts[0] == "-ERR":
                raise RuntimeError(" ".join(parts))


def get(nc, stream, seq):
    """Stream message seq: {"seq","msg_id","body"}, or the API's error."""
    r = nc.request("$JS.API.STREAM.MSG.GET." + stream,
                   json.dumps({"seq": seq}))
    m = r.get("message")
    if m is None:
        return r
    hdrs = base64.b64decode(m.get("hdrs", "")).decode()
    ids = [h.split(":", 1)[1].strip() for h in hdrs.split("\r\n")
           if h.lower().startswith("nats-msg-id:")]
    return {"seq": m["seq"], "msg_id": ids[0] if ids else None,
            "body": json.loads(base64.b64decode(m.get("data", "")))}


def events(nc, stream):
    """The log, numbered as evlog.c's copy does, written independently:
    a message {"events":[...]} gives its events the next seqs in turn but
    for a key already in the log; any other message keeps its stream
    seq's place (an event of the previous version, its key the
    Nats-Msg-Id, or something skipped)."""
    last = nc.request("$JS.API.STREAM.INFO." + stream, "")["state"]["last_seq"]
    keys, seq, prev = set(), 0, 0
    for n in range(1, last + 1):
        m = get(nc, stream, n)
        if "body" not in m:
            continue
        body = m["body"]
        if isinstance(body, dict) and isinstance(body.get("events"), list) \
                and "type" not in body:
            for ev in body["events"]:
                if ev.get("key") is not None and ev["key"] in keys:
                    continue
                seq += 1
                keys.add(ev.get("key"))
                yield dict(ev, seq=seq)
        else:
            seq += n - prev
            if isinstance(body, dict) and "type" in body:
                keys.add(m["msg_id"])
                yield dict(body, seq=seq, key=m["msg_id"])
        prev = n


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    nc = Nats(sys.argv[1])
    cmd = sys.argv[2]
    if cmd == "info":
        out = nc.request("$JS.API.STREAM.INFO." + sys.argv[3], "")
    elif cmd == "get":
        out = get(nc, sys.argv[3], int(sys.argv[4]))
    elif cmd == "events":
        for ev in events(nc, sys.argv[3]):
            print(json.dumps(ev))
        return 0
    elif cmd == "api":
        out = nc.request(sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "")
    elif cmd == "pub":
        out = nc.request(sys.argv[3], sys.argv[5],
                         {"Nats-Msg-Id": sys.argv[4]})
    else:
        sys.stderr.write(__doc__)
        return 2
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, EOFError, RuntimeError) as e:
        sys.stderr.write("natsraw: %s\n" % e)
        sys.exit(1)
