"""One HTTP request to nginx, for the nginx scenarios.

Usage: proxy-get.py HOST PORT PATH TIMEOUT_S
Events (JSON lines, "t" = CLOCK_MONOTONIC seconds): sent; status {code}; or error {message}
(no answer within TIMEOUT_S, or the connection failed). Exits after one answer.
"""
import json
import socket
import sys
import time


def emit(event: str, **fields: object) -> None:
    print(json.dumps({"event": event, "t": time.monotonic(), **fields}), flush=True)


def main() -> None:
    host, port, path, timeout = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n".encode("ascii"))
        emit("sent")
        head = b""
        while b"\r\n" not in head:
            data = sock.recv(4096)
            if not data:
                break
            head += data
        line = head.split(b"\r\n", 1)[0].decode("ascii", "replace")
        parts = line.split(" ")
        if len(parts) < 2 or not parts[1].isdigit():
            emit("error", message=f"no status line: {line!r}")
            return
        emit("status", code=int(parts[1]))
    except OSError as error:
        emit("error", message=str(error))


if __name__ == "__main__":
    main()
