"""An emulation of Elasticsearch's transport keepalive pings, for the lab (Elasticsearch cannot run here).

What it copies, from elastic/elasticsearch server/src/main/java/org/elasticsearch/transport/:
- TransportKeepAlive.java: the node that opened a connection (the client channel) pings on a fixed
  schedule, transport.ping_schedule; the scheduled task runs every ping_schedule (the next run is
  scheduled ping_schedule after one ends, threadPool.scheduleUnlessShuttingDown) and pings a channel
  only if it was not accessed since the previous run (needsKeepAlivePing: lastAccessedTime -
  lastPingRelativeMillis <= 0). It never gives up on unanswered pings. A server channel answers a
  ping with a ping (receiveKeepAlive). The ping is 'E' 'S' and the int -1 (PING_DATA_SIZE).
- Channel "access" is any read (InboundPipeline.doHandleBytes) or send (OutboundHandler.internalSend),
  marked when the connection opens too. Elasticsearch reads a cached clock (ThreadPool
  relativeTimeInMillis, refreshed every 200 ms by default); this emulation reads CLOCK_MONOTONIC.
- The keep_* settings become per-socket options on transport sockets (TCP_KEEPIDLE, TCP_KEEPINTVL,
  TCP_KEEPCNT with SO_KEEPALIVE, as the Netty transport applies them).

Usage:
  proxy-es-transport.py server ADDRESS PORT
      answers every ping with a ping; stdin "message PORT" sends a 20-byte transport message on the
      connection whose peer port is PORT (a response from the peer node).
  proxy-es-transport.py client HOST PORT CONNECTIONS PING_SECONDS KEEP_IDLE KEEP_INTERVAL KEEP_COUNT
      opens CONNECTIONS connections, then runs the ping schedule.
Events (JSON lines, "t" = CLOCK_MONOTONIC seconds): ready; accepted {port}; connected {ports};
run; ping {port} (sent); message {port} (sent); error {port, errno} (the kernel gave up on a connection).
"""
import errno
import json
import select
import socket
import struct
import sys
import threading
import time

PING = b"ES" + struct.pack(">i", -1)
LOCK = threading.Lock()


def emit(event: str, **fields: object) -> None:
    with LOCK:
        print(json.dumps({"event": event, "t": time.monotonic(), **fields}), flush=True)


def server(address: str, port: int) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((address, port))
    listener.listen(16)
    conns: dict[int, socket.socket] = {}
    emit("ready")
    while True:
        readable, _, _ = select.select([listener, sys.stdin, *conns.values()], [], [])
        for r in readable:
            if r is listener:
                conn, peer = listener.accept()
                conns[peer[1]] = conn
                emit("accepted", port=peer[1])
            elif r is sys.stdin:
                words = sys.stdin.readline().split()
                if not words:
                    return
                if words[0] == "message" and int(words[1]) in conns:
                    conns[int(words[1])].sendall(b"ES" + struct.pack(">i", 14) + b"\x00" * 14)
                    emit("message", port=int(words[1]))
            else:
                peer = next(p for p, c in conns.items() if c is r)
                try:
                    data = r.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    del conns[peer]
                    continue
                # Pings arrive whole on this quiet lab connection: answer each one.
                for _ in range(data.count(PING)):
                    r.sendall(PING)


def client(host: str, port: int, count: int, period: float, idle: int, interval: int, probes: int) -> None:
    channels: dict[int, dict] = {}
    for _ in range(count):
        sock = socket.create_connection((host, port), timeout=5)
        sock.settimeout(None)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, idle)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, interval)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, probes)
        channels[sock.getsockname()[1]] = {"sock": sock, "accessed": time.monotonic()}
    emit("connected", ports=list(channels))
    last_run = time.monotonic()
    next_run = last_run + period
    while channels:
        timeout = max(0.0, next_run - time.monotonic())
        readable, _, _ = select.select([c["sock"] for c in channels.values()], [], [], timeout)
        for r in readable:
            local = r.getsockname()[1]
            try:
                data = r.recv(65536)
            except OSError as error:
                emit("error", port=local, errno=errno.errorcode.get(error.errno or 0, str(error.errno)))
                del channels[local]
                continue
            if not data:
                emit("error", port=local, errno="EOF")
                del channels[local]
                continue
            channels[local]["accessed"] = time.monotonic()
        if time.monotonic() >= next_run:
            emit("run")
            for local, channel in channels.items():
                if channel["accessed"] - last_run <= 0:
                    channel["accessed"] = time.monotonic()
                    channel["sock"].sendall(PING)
                    emit("ping", port=local)
            last_run = time.monotonic()
            next_run = last_run + period


def main() -> None:
    if sys.argv[1] == "server":
        server(sys.argv[2], int(sys.argv[3]))
    else:
        a = sys.argv[2:]
        client(a[0], int(a[1]), int(a[2]), float(a[3]), int(a[4]), int(a[5]), int(a[6]))


if __name__ == "__main__":
    main()
