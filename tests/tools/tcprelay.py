#!/usr/bin/env python3
"""tcprelay.py: a TCP relay that records every byte it passes, for tests
that look at what crosses the wire.

  tcprelay.py PORT_FILE TARGET_PORT CAPTURE_FILE

Listens on 127.0.0.1 (a free port, written to PORT_FILE), connects each
client to 127.0.0.1:TARGET_PORT and copies both ways, appending all the
bytes to CAPTURE_FILE. Runs until killed.
"""
import os
import socket
import sys
import threading

lock = threading.Lock()


def pump(src, dst, capture):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            with lock:
                capture.write(data)
                capture.flush()
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def main():
    port_file, target, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    capture = open(path, "ab")
    lsock = socket.socket()
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(64)
    with open(port_file + ".tmp", "w") as f:
        f.write("%d\n" % lsock.getsockname()[1])
    os.rename(port_file + ".tmp", port_file)
    while True:
        client, _ = lsock.accept()
        try:
            server = socket.create_connection(("127.0.0.1", target))
        except OSError:
            client.close()
            continue
        for a, b in ((client, server), (server, client)):
            threading.Thread(target=pump, args=(a, b, capture),
                             daemon=True).start()


if __name__ == "__main__":
    main()
