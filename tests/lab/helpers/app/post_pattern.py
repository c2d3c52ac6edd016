"""The request pattern of tests/lab/app-keepalive.test.ts: POSTs to nginx, one after another.

Usage: post_pattern.py HOST PORT TIMEOUT_S GAP_S...
Sends one POST (a small body), then for each GAP_S waits that long after the previous answer ended
and sends the next (len(GAP_S) + 1 requests, and the recoveries below), so each gap is the idle time nginx's pooled upstream
connection sees between two requests. POST, because nginx does not pass a non-idempotent request to
the next server after an error once it has sent it (proxy_next_upstream, nginx docs): the error
reaches the client as 502 instead of being retried on a new connection.
After an answer other than 200, one more POST goes at once (a recovery request, `gap` null): nginx has
dropped the failed connection, so the recovery opens a fresh one and the next gap of the pattern is
again an idle gap on a pooled connection, not the first request of a new one.
Each request has its own client connection (Connection: close) and waits at most TIMEOUT_S.
Events (JSON lines, "t" = CLOCK_MONOTONIC seconds): answer {i, gap, code, recovery}; error {i, gap,
message}; done {n} (every request sent, recoveries included).
"""
import json
import socket
import sys
import time

BODY = b"ping\n"


def emit(event: str, **fields: object) -> None:
    print(json.dumps({"event": event, "t": time.monotonic(), **fields}), flush=True)


def post(host: str, port: int, timeout: float) -> int:
    """One POST; returns the status code once the whole answer has arrived (nginx closes after it)."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: lab\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (len(BODY), BODY))
        answer = b""
        while True:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    line = answer.split(b"\r\n", 1)[0].decode("ascii", "replace").split(" ")
    if len(line) < 2 or not line[1].isdigit():
        raise OSError(f"no status line in {answer[:80]!r}")
    return int(line[1])


def main() -> None:
    host, port, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    gaps = [None] + [float(g) for g in sys.argv[4:]]
    sent = 0
    ended = time.monotonic()
    for gap in gaps:
        if gap is not None:
            time.sleep(max(0.0, ended + gap - time.monotonic()))
        for recovery in (False, True):
            sent += 1
            try:
                code = post(host, port, timeout)
                emit("answer", i=sent - 1, gap=None if recovery else gap, code=code, recovery=recovery)
            except OSError as error:
                code = None
                emit("error", i=sent - 1, gap=None if recovery else gap, message=str(error))
            ended = time.monotonic()
            if code == 200:
                break
    emit("done", n=sent)


if __name__ == "__main__":
    main()
