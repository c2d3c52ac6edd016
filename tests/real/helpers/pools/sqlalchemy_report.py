"""Executes a generated SQLAlchemy snippet and prints, as one JSON line, what the engine it built reports.

Usage: /usr/bin/python3 sqlalchemy_report.py SNIPPET.py
The snippet must define `engine` (create_engine); the caller has already pointed it at a loopback
server. Read back: the pool's _recycle and _pre_ping (sqlalchemy/pool/base.py, 1.4), one query on a
pooled connection, and that connection's socket options with getsockopt (FACTS.md section 2).
"""
import json
import os
import socket
import sys

import sqlalchemy

ns = {}
with open(sys.argv[1], encoding="utf-8") as f:
    exec(compile(f.read(), sys.argv[1], "exec"), ns)
engine = ns["engine"]

fairy = engine.raw_connection()
try:
    # _ConnectionFairy.dbapi_connection is 1.4.24+; .connection is the older name of the same object.
    dbapi = getattr(fairy, "dbapi_connection", None) or fairy.connection
    cur = dbapi.cursor()
    cur.execute("SELECT version()")
    server = cur.fetchone()[0]
    cur.close()
    # psycopg2 connections expose fileno(); PyMySQL keeps its socket in _sock.
    fd = dbapi.fileno() if hasattr(dbapi, "fileno") else dbapi._sock.fileno()
    s = socket.socket(fileno=os.dup(fd))
    T = socket.IPPROTO_TCP
    sockopts = [
        s.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE),
        s.getsockopt(T, socket.TCP_KEEPIDLE),
        s.getsockopt(T, socket.TCP_KEEPINTVL),
        s.getsockopt(T, socket.TCP_KEEPCNT),
        s.getsockopt(T, socket.TCP_USER_TIMEOUT),
    ]
    s.close()
finally:
    fairy.close()
    engine.dispose()

driver = sys.modules.get(engine.dialect.driver)
print(json.dumps({
    "sqlalchemy": sqlalchemy.__version__,
    "dialect": engine.dialect.name,
    "driver": engine.dialect.driver,
    "driverVersion": str(getattr(driver, "__version__", getattr(driver, "VERSION", "?"))),
    "recycle": engine.pool._recycle,
    "prePing": engine.pool._pre_ping,
    "server": server,
    "sockopts": sockopts,
}))
