"""Polls a Redis server's CLIENT LIST from inside its own network namespace (over loopback).

Usage: /usr/bin/python3 watch_clients.py PORT [EVERY_MS]
Prints {"event": "config", "tcp-keepalive": "N"} (CONFIG GET) once, then
{"event": "clients", "t": ..., "addrs": ["10.231.0.1:PORT", ...]} at start and whenever the set of
client addresses changes (this poller's own connection left out); t is CLOCK_MONOTONIC at the reply.
CLIENT LIST prints one line per client with addr=IP:PORT (Redis docs, CLIENT LIST).
Runs until killed.
"""
import json
import socket
import sys
import time

port = int(sys.argv[1])
every = int(sys.argv[2]) / 1000 if len(sys.argv) > 2 else 0.05


def now():
    return time.clock_gettime(time.CLOCK_MONOTONIC)


sock = socket.create_connection(("127.0.0.1", port), timeout=5)
buf = b""


def read_line():
    global buf
    while b"\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("redis-server closed the poller's connection")
        buf += chunk
    line, buf = buf.split(b"\r\n", 1)
    return line


def read_exact(n):
    global buf
    while len(buf) < n + 2:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("redis-server closed the poller's connection")
        buf += chunk
    data, buf = buf[:n], buf[n + 2:]
    return data


def command(*args):
    sock.sendall(b"".join([f"*{len(args)}\r\n".encode()] + [f"${len(a)}\r\n{a}\r\n".encode() for a in args]))


def read_reply():
    """Bulk strings and arrays of bulk strings, all that CONFIG GET and CLIENT LIST return."""
    line = read_line()
    kind, rest = line[:1], line[1:]
    if kind == b"$":
        return read_exact(int(rest)).decode()
    if kind == b"*":
        return [read_reply() for _ in range(int(rest))]
    if kind == b"-":
        raise RuntimeError(rest.decode())
    return rest.decode()


command("CONFIG", "GET", "tcp-keepalive")
got = read_reply()
print(json.dumps({"event": "config", "t": now(), "tcp-keepalive": got[1] if len(got) == 2 else None}), flush=True)
own = f"127.0.0.1:{sock.getsockname()[1]}"
last = None
while True:
    command("CLIENT", "LIST")
    text = read_reply()
    t = now()
    addrs = sorted(
        f.split("=", 1)[1]
        for l in text.splitlines()
        for f in l.split(" ")
        if f.startswith("addr=") and f.split("=", 1)[1] != own
    )
    if addrs != last:
        print(json.dumps({"event": "clients", "t": t, "addrs": addrs}), flush=True)
        last = addrs
    time.sleep(every)
