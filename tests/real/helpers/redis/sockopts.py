"""Prints, as one JSON list, the TCP keepalive options of every ESTABLISHED TCP socket of process PID
whose local or remote port is PORT.

Usage: /usr/bin/python3 sockopts.py PID local|remote PORT   (as root)
The sockets are found by inode (/proc/PID/fd -> socket:[inode], /proc/PID/net/tcp and tcp6, proc(5));
each is borrowed with pidfd_getfd(2) (Linux 5.6+; syscall 438 on every architecture) and read with
getsockopt: SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT (tcp(7)), TCP_USER_TIMEOUT (ms).
Node.js has no getsockopt, and redis-server only answers CONFIG GET, so this reads what the kernel holds.
"""
import ctypes
import json
import os
import socket
import sys

SYS_PIDFD_GETFD = 438
ESTABLISHED = "01"  # include/net/tcp_states.h TCP_ESTABLISHED, as /proc/net/tcp prints it (hex)

pid, which, port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
libc = ctypes.CDLL(None, use_errno=True)


def connections():
    """inode -> (local port, remote port) of the ESTABLISHED TCP sockets in PID's network namespace."""
    found = {}
    for table in ("tcp", "tcp6"):
        path = f"/proc/{pid}/net/{table}"
        if not os.path.exists(path):
            continue
        with open(path) as f:
            next(f)
            for line in f:
                fields = line.split()
                local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
                if state == ESTABLISHED:
                    found[inode] = (int(local.split(":")[1], 16), int(remote.split(":")[1], 16))
    return found


conns = connections()
out = []
pidfd = os.pidfd_open(pid)
try:
    for fd in sorted(os.listdir(f"/proc/{pid}/fd"), key=int):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if not target.startswith("socket:["):
            continue
        ports = conns.get(target[len("socket:["):-1])
        if ports is None or ports[0 if which == "local" else 1] != port:
            continue
        borrowed = libc.syscall(SYS_PIDFD_GETFD, pidfd, int(fd), 0)
        if borrowed < 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
        s = socket.socket(fileno=borrowed)
        T = socket.IPPROTO_TCP
        out.append({
            "fd": int(fd),
            "localPort": ports[0],
            "remotePort": ports[1],
            "keepalive": s.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE),
            "idle": s.getsockopt(T, socket.TCP_KEEPIDLE),
            "interval": s.getsockopt(T, socket.TCP_KEEPINTVL),
            "count": s.getsockopt(T, socket.TCP_KEEPCNT),
            "userTimeoutMs": s.getsockopt(T, socket.TCP_USER_TIMEOUT),
        })
        s.detach()
        os.close(borrowed)
finally:
    os.close(pidfd)
print(json.dumps(out))
