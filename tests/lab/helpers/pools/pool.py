"""Lab client for the Python pool snippets: one pool, one query per "query" line on stdin.

Usage: pool.py LIB HOST [--snippet FILE.py]
  LIB  sqlalchemy-postgres | sqlalchemy-mysql | psycopg-pool
  HOST the server's address; used only without --snippet (the snippet names its own host)
  --snippet FILE.py  exec the engine's snippet as emitted and take its `engine` (SQLAlchemy) or
                     `pool` (psycopg_pool); without it the pool is built with the library's defaults.
stdin: "query" checks a connection out, runs `select 1` on it and returns it; "close" disposes of
the pool and exits. Events (one JSON line each, "t" = CLOCK_MONOTONIC seconds):
  ready, query (before the checkout), checkout {port} (the connection's local TCP port),
  reply {port}, error {port, timedOut, message}.
The user is libpq's PGUSER (set by the lab); MariaDB runs with skip-grant-tables.
"""
import errno
import json
import socket
import sys
import time
from typing import Any, Callable


def emit(event: str, **fields: object) -> None:
    print(json.dumps({"event": event, "t": time.monotonic(), **fields}), flush=True)


def local_port(fd: int) -> int:
    # A second socket object on the same descriptor, only to read its address (detach: never close it).
    sock = socket.socket(fileno=fd)
    try:
        return sock.getsockname()[1]
    finally:
        sock.detach()


def timed_out(error: BaseException) -> bool:
    """ETIMEDOUT anywhere in the chain, or the drivers' text for it (libpq prints strerror)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno == errno.ETIMEDOUT:
            return True
        if "timed out" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def sqlalchemy_client(lib: str, host: str, snippet: str | None) -> tuple[Callable[[], None], Callable[[], None]]:
    from sqlalchemy import create_engine, text

    if snippet is not None:
        scope: dict[str, Any] = {}
        exec(compile(open(snippet).read(), snippet, "exec"), scope)
        engine = scope["engine"]
    elif lib == "sqlalchemy-postgres":
        # SQLAlchemy's defaults: QueuePool, pool_recycle=-1, pool_pre_ping=False (sqlalchemy/pool/base.py Pool.__init__).
        engine = create_engine(f"postgresql+psycopg2://{host}:5432/app")
    else:
        engine = create_engine(f"mysql+pymysql://{host}:3306/app")

    def port_of(dbapi: Any) -> int:
        # psycopg2: connection.fileno(); PyMySQL: the connection's socket (pymysql/connections.py _sock).
        return local_port(dbapi.fileno()) if hasattr(dbapi, "fileno") else dbapi._sock.getsockname()[1]

    def query() -> None:
        port = None
        try:
            with engine.connect() as conn:  # the checkout: pool_recycle and pool_pre_ping act here
                port = port_of(conn.connection.dbapi_connection)
                emit("checkout", port=port)
                conn.execute(text("select 1")).scalar_one()
            emit("reply", port=port)
        except Exception as error:  # noqa: BLE001 -- the test reads what failed
            emit("error", port=port, timedOut=timed_out(error), message=str(error)[:300])

    return query, engine.dispose


def psycopg_pool_client(host: str, snippet: str | None) -> tuple[Callable[[], None], Callable[[], None]]:
    from psycopg_pool import ConnectionPool

    if snippet is not None:
        scope: dict[str, Any] = {}
        exec(compile(open(snippet).read(), snippet, "exec"), scope)
        pool = scope["pool"]
    else:
        # psycopg_pool 3.1's defaults: min_size 4, max_idle 600, max_lifetime 3600, no check (psycopg_pool/base.py).
        pool = ConnectionPool(f"host={host} port=5432 dbname=app")

    def query() -> None:
        port = None
        try:
            with pool.connection() as conn:
                port = local_port(conn.pgconn.socket)
                emit("checkout", port=port)
                conn.execute("select 1").fetchone()
            emit("reply", port=port)
        except Exception as error:  # noqa: BLE001
            emit("error", port=port, timedOut=timed_out(error), message=str(error)[:300])

    return query, pool.close


def main() -> None:
    lib, host = sys.argv[1], sys.argv[2]
    snippet = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--snippet" else None
    if lib in ("sqlalchemy-postgres", "sqlalchemy-mysql"):
        query, close = sqlalchemy_client(lib, host, snippet)
    elif lib == "psycopg-pool":
        query, close = psycopg_pool_client(host, snippet)
    else:
        raise SystemExit(f"unknown pool {lib}")
    emit("ready")
    for line in sys.stdin:
        command = line.strip()
        if command == "query":
            emit("query")
            query()
        elif command == "close":
            break
    close()
    emit("closed")


if __name__ == "__main__":
    main()
