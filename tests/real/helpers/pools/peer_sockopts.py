"""Prints, as one JSON list, the TCP keepalive options of socket FD in process PID.

Usage: /usr/bin/python3 peer_sockopts.py PID FD   (as root)
Node.js has no getsockopt: this borrows the socket with pidfd_getfd(2) (Linux 5.6+; syscall numbers
434 and 438 are the same on every architecture) and reads [SO_KEEPALIVE, TCP_KEEPIDLE,
TCP_KEEPINTVL, TCP_KEEPCNT, TCP_USER_TIMEOUT], as FACTS.md section 2 describes libuv setting them.
"""
import ctypes
import json
import os
import socket
import sys

SYS_PIDFD_GETFD = 438

pid, fd = int(sys.argv[1]), int(sys.argv[2])
libc = ctypes.CDLL(None, use_errno=True)
pidfd = os.pidfd_open(pid)
try:
    borrowed = libc.syscall(SYS_PIDFD_GETFD, pidfd, fd, 0)
    if borrowed < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))
finally:
    os.close(pidfd)
s = socket.socket(fileno=borrowed)
T = socket.IPPROTO_TCP
print(json.dumps([
    s.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE),
    s.getsockopt(T, socket.TCP_KEEPIDLE),
    s.getsockopt(T, socket.TCP_KEEPINTVL),
    s.getsockopt(T, socket.TCP_KEEPCNT),
    s.getsockopt(T, socket.TCP_USER_TIMEOUT),
]))
s.detach()
os.close(borrowed)
