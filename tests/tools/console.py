"""console.py: an owner's console for the tests, as the broker sees one: a
session on the front door that stays connected (heartbeats) until its stop
file appears, at most 60 s.

Usage: console.py TOOLS_DIR ENDPOINT TOKEN STOP_FILE
"""
import os
import sys
import time

sys.path.insert(0, sys.argv[1])
from rawpeer import session  # noqa: E402

s = session(sys.argv[2], sys.argv[3])
end = time.time() + 60
while time.time() < end and not os.path.exists(sys.argv[4]):
    s.send(b'{"type":"heartbeat"}')
    s.poll(500)
    while s.poll(0):
        s.recv()
