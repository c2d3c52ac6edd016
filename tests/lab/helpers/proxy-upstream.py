"""Upstream for the nginx scenarios: a small HTTP/1.1 server that keeps connections alive.

Usage: proxy-upstream.py ADDRESS PORT
  GET /slow...  answers 200 after 0.3 s (so that concurrent requests need one connection each)
  GET /hang...  reads the request and never answers (the request is in flight, acknowledged by TCP)
  GET anything else answers 200 at once.
Every response has Content-Length and no Connection: close, so nginx may pool the connection.
Events (one JSON line each, "t" = CLOCK_MONOTONIC seconds): ready; accepted {port}; request
{port, path}; answered {port, path}; closed {port}. `port` is the peer's (nginx's) TCP port.
"""
import json
import socket
import sys
import threading
import time

LOCK = threading.Lock()


def emit(event: str, **fields: object) -> None:
    with LOCK:
        print(json.dumps({"event": event, "t": time.monotonic(), **fields}), flush=True)


def serve(conn: socket.socket, port: int) -> None:
    buffer = b""
    with conn:
        while True:
            while b"\r\n\r\n" not in buffer:
                try:
                    data = conn.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    emit("closed", port=port)
                    return
                buffer += data
            head, buffer = buffer.split(b"\r\n\r\n", 1)
            path = head.split(b"\r\n", 1)[0].split(b" ")[1].decode("ascii", "replace")
            emit("request", port=port, path=path)
            if path.startswith("/hang"):
                continue
            if path.startswith("/slow"):
                time.sleep(0.3)
            body = b"ok\n"
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            emit("answered", port=port, path=path)


def main() -> None:
    address, port = sys.argv[1], int(sys.argv[2])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((address, port))
    listener.listen(64)
    emit("ready")
    while True:
        conn, peer = listener.accept()
        emit("accepted", port=peer[1])
        threading.Thread(target=serve, args=(conn, peer[1]), daemon=True).start()


if __name__ == "__main__":
    main()
