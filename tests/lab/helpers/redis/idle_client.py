"""A Redis client that runs one command and then idles, for the lab's dead-client scenario.

Usage: /usr/bin/python3 idle_client.py HOST PORT
Plain RESP over a socket with no options of its own (no SO_KEEPALIVE): what the server sees of a
client that stops sending. Prints JSON events with CLOCK_MONOTONIC times (like the lab's other helpers):
{"event": "connected", "local": PORT}, {"event": "data", "reply": "+OK"}; then waits for stdin to close.
"""
import json
import socket
import sys
import time


def event(name, **fields):
    print(json.dumps({"event": name, "t": time.clock_gettime(time.CLOCK_MONOTONIC), **fields}), flush=True)


host, port = sys.argv[1], int(sys.argv[2])
sock = socket.create_connection((host, port), timeout=10)
event("connected", local=sock.getsockname()[1])
sock.sendall(b"*3\r\n$3\r\nSET\r\n$6\r\nka-lab\r\n$4\r\nidle\r\n")
reply = b""
while not reply.endswith(b"\r\n"):
    chunk = sock.recv(64)
    if not chunk:
        break
    reply += chunk
event("data", reply=reply.decode().strip())
sock.settimeout(None)
sys.stdin.read()
sock.close()
