#!/usr/bin/python3
"""fakeprinter.py: a fake networked receipt printer for tests (ESC/POS over
raw TCP, the port-9100 protocol).

Standard library only; listens on 127.0.0.1 only.

    /usr/bin/python3 tests/tools/fakeprinter.py --port-file PATH --log PATH
        [--port N] [--control PATH]

  --port N        port to listen on; 0 (default) picks a free one
  --port-file P   once listening, write the port there (atomically)
  --log P         append one JSON line per ticket (see below)
  --control P     a JSON file the printer rereads about every 50 ms:
      {"refuse": true}      stop listening (connections are refused); false
                            listens again on the same port
      {"stall_ms": N}       wait N ms after accepting before reading
      {"hold": true}        after a ticket's cut, keep the connection open
                            (do not close) until hold is false again
      {"close_after": N}    read N bytes of a connection, then reset it
                            (the rest is lost; logged as incomplete)
SIGTERM or SIGINT stops it (exit 0).

The byte stream is parsed as ESC/POS: ESC @ (initialise), ESC ! n and
GS ! n (character size), ESC a n (alignment), ESC E n (bold), ESC d n
(feed), GS V m [n] (cut; ends a ticket), LF (ends a line); other bytes are
text in CP949. A log line is
  {"conn": N, "complete": true|false, "init": bool, "cut": bool,
   "bytes": N, "commands": ["ESC @", "GS ! 17", ...],
   "lines": [{"text": "주문 #12", "w": 2, "h": 2, "big": true,
              "align": 1, "bold": false}]}
"complete" is false for a connection that ended without a cut (only
logged when it carried bytes).
"""
import argparse
import json
import os
import select
import signal
import socket
import struct
import sys
import threading
import time

ESC, GS, LF = 0x1B, 0x1D, 0x0A


def parse(buf):
    """Tickets (complete ones, ended by a cut) and the unfinished one."""
    tickets, cur = [], None
    st = {"w": 1, "h": 1, "align": 0, "bold": False}
    line = bytearray()
    line_fmt = None

    def new():
        return {"init": False, "cut": False, "commands": [], "lines": [],
                "bytes": 0}

    def flush():
        nonlocal line, line_fmt
        if line or line_fmt is not None:
            fmt = line_fmt or dict(st)
            cur["lines"].append({
                "text": bytes(line).decode("cp949", errors="replace"),
                "w": fmt["w"], "h": fmt["h"],
                "big": fmt["w"] > 1 or fmt["h"] > 1,
                "align": fmt["align"], "bold": fmt["bold"]})
        line, line_fmt = bytearray(), None

    cur = new()
    i, start = 0, 0
    n = len(buf)
    while i < n:
        b = buf[i]
        if b == ESC and i + 1 < n:
            c = buf[i + 1]
            if c == ord("@"):
                cur["init"] = True
                st.update(w=1, h=1, align=0, bold=False)
                cur["commands"].append("ESC @")
                i += 2
                continue
            if i + 2 >= n:
                break
            arg = buf[i + 2]
            if c == ord("!"):
                st["w"] = 2 if arg & 0x20 else 1
                st["h"] = 2 if arg & 0x10 else 1
            elif c == ord("a"):
                st["align"] = arg
            elif c == ord("E"):
                st["bold"] = bool(arg & 1)
            elif c == ord("d"):
                flush()
            cur["commands"].append("ESC %s %d" % (chr(c), arg))
            i += 3
            continue
        if b == GS and i + 2 < n:
            c, arg = buf[i + 1], buf[i + 2]
            if c == ord("!"):
                st["w"] = (arg >> 4) + 1
                st["h"] = (arg & 0x0F) + 1
                cur["commands"].append("GS ! %d" % arg)
                i += 3
                continue
            if c == ord("V"):
                size = 4 if arg >= 65 else 3
                if i + size > n:
                    break
                flush()
                cur["cut"] = True
                cur["commands"].append("GS V %d" % arg)
                i += size
                cur["bytes"] = i - start
                tickets.append(cur)
                cur, start = new(), i
                continue
            cur["commands"].append("GS %s %d" % (chr(c), arg))
            i += 3
            continue
        if b == LF:
            flush()
        else:
            if line_fmt is None:
                line_fmt = dict(st)
            line.append(b)
        i += 1
    flush()
    cur["bytes"] = n - start
    return tickets, cur


class Printer:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.ctl = {}
        self.conns = 0
        self.sock = None
        self.port = args.port

    def control(self):
        if not self.args.control:
            return {}
        try:
            with open(self.args.control) as f:
                return json.load(f)
        except (OSError, ValueError):
            return self.ctl

    def log(self, ticket, conn, complete):
        ticket = dict(ticket, conn=conn, complete=complete)
        with self.lock, open(self.args.log, "a") as f:
            f.write(json.dumps(ticket, ensure_ascii=False) + "\n")

    def listen(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.port))
        s.listen(16)
        self.port = s.getsockname()[1]
        self.sock = s

    def serve(self, c, conn):
        ctl = self.control()
        if ctl.get("stall_ms"):
            time.sleep(ctl["stall_ms"] / 1000.0)
        buf = bytearray()
        logged = 0
        limit = ctl.get("close_after")
        c.settimeout(0.05)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                data = c.recv(4096)
            except socket.timeout:
                continue
            except OSError:
                break
            if not data:
                break
            buf += data
            if limit is not None and len(buf) >= limit:
                del buf[limit:]
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                             struct.pack("ii", 1, 0))
                break
            tickets, _ = parse(bytes(buf))
            for t in tickets[logged:]:
                self.log(t, conn, True)
            logged = len(tickets)
        tickets, rest = parse(bytes(buf))
        for t in tickets[logged:]:
            self.log(t, conn, True)
        if rest["bytes"] > 0:
            self.log(rest, conn, False)
        while logged and self.control().get("hold") and \
                time.time() < deadline:
            time.sleep(0.05)
        c.close()

    def run(self):
        self.listen()
        tmp = self.args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(self.port))
        os.rename(tmp, self.args.port_file)
        while True:
            self.ctl = self.control()
            if self.ctl.get("refuse") and self.sock is not None:
                self.sock.close()
                self.sock = None
            elif not self.ctl.get("refuse") and self.sock is None:
                self.listen()
            if self.sock is None:
                time.sleep(0.05)
                continue
            r, _, _ = select.select([self.sock], [], [], 0.05)
            if r:
                c, _ = self.sock.accept()
                self.conns += 1
                threading.Thread(target=self.serve, args=(c, self.conns),
                                 daemon=True).start()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--control")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    open(args.log, "a").close()
    Printer(args).run()


if __name__ == "__main__":
    main()
