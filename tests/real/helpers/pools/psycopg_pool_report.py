"""Executes a generated psycopg_pool snippet and prints, as one JSON line, what its pool reports.

Usage: /usr/bin/python3 psycopg_pool_report.py SNIPPET.py
The snippet must define `pool` (a ConnectionPool, opened by its constructor in 3.1); the caller has
already pointed its conninfo at a loopback server. Read back: max_idle and max_lifetime (seconds,
psycopg_pool/pool.py 3.1), one query on a pooled connection, and that connection's socket options.
"""
import json
import os
import socket
import sys
from importlib.metadata import version

ns = {}
with open(sys.argv[1], encoding="utf-8") as f:
    exec(compile(f.read(), sys.argv[1], "exec"), ns)
pool = ns["pool"]
try:
    pool.wait(timeout=20.0)
    with pool.connection(timeout=20.0) as conn:
        server = conn.execute("SELECT version()").fetchone()[0]
        s = socket.socket(fileno=os.dup(conn.pgconn.socket))
        T = socket.IPPROTO_TCP
        sockopts = [
            s.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE),
            s.getsockopt(T, socket.TCP_KEEPIDLE),
            s.getsockopt(T, socket.TCP_KEEPINTVL),
            s.getsockopt(T, socket.TCP_KEEPCNT),
            s.getsockopt(T, socket.TCP_USER_TIMEOUT),
        ]
        s.close()
    print(json.dumps({
        "psycopgPool": version("psycopg-pool"),
        "psycopg": version("psycopg"),
        "maxIdle": pool.max_idle,
        "maxLifetime": pool.max_lifetime,
        "minSize": pool.min_size,
        "server": server,
        "sockopts": sockopts,
    }))
finally:
    pool.close(timeout=5.0)
