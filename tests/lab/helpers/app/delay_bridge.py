"""A path with latency: the middlebox forwards IPv4 frames between its two interfaces after DELAY_MS.

Usage: delay_bridge.py DELAY_MS IFACE_A=PEER_MAC_A IFACE_B=PEER_MAC_B  (e.g. 100 vmc=... vms=...)
The kernel has no netem here (CONFIG_NET_SCH_NETEM is off), so the delay is made in user space:
AF_PACKET receives every frame addressed to the middlebox's MAC on one interface whose IPv4
destination is not the middlebox itself, and sends it out of the other interface DELAY_MS later,
with that interface's MAC as source and the peer's as destination. The kernel's own forwarding must
be off (the caller drops it in nftables' forward hook), so each packet crosses once, late.
Both ends run the real kernel TCP; only the wire is slower, as between two hosts.

veth leaves the TCP checksum to the receiver (CHECKSUM_PARTIAL), and a frame sent from a packet
socket is checked in full, so the bridge writes the TCP checksum before sending. A frame larger than
the interface's MTU (a GSO super-packet) cannot be sent from a packet socket: it is reported
(event "oversize") and dropped; the app scenarios send a few hundred bytes per message.

Events (JSON lines, "t" = CLOCK_MONOTONIC seconds): ready {delay_ms}; forwarded {n} every 100 frames;
oversize {len}.
"""
import fcntl
import heapq
import json
import select
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
PACKET_HOST = 0


def emit(event: str, **fields: object) -> None:
    print(json.dumps({"event": event, "t": time.monotonic(), **fields}), flush=True)


def mac_bytes(text: str) -> bytes:
    return bytes(int(part, 16) for part in text.split(":"))


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def with_tcp_checksum(ip: bytes) -> bytes:
    """The IPv4 packet with its TCP checksum written in full (RFC 793 pseudo-header)."""
    ihl = (ip[0] & 0x0F) * 4
    total = struct.unpack("!H", ip[2:4])[0]
    if ip[9] != socket.IPPROTO_TCP or total > len(ip) or total < ihl + 20:
        return ip
    segment = bytearray(ip[ihl:total])
    segment[16:18] = b"\0\0"
    pseudo = ip[12:20] + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(segment))
    segment[16:18] = struct.pack("!H", checksum(pseudo + bytes(segment)))
    return ip[:ihl] + bytes(segment) + ip[total:]


def iface_ip(iface: str) -> str:
    """The interface's IPv4 address (SIOCGIFADDR)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        packed = fcntl.ioctl(probe.fileno(), 0x8915, struct.pack("256s", iface.encode()[:15]))
        return socket.inet_ntoa(packed[20:24])
    finally:
        probe.close()


def main() -> None:
    delay = float(sys.argv[1]) / 1000
    ends = []
    for arg in sys.argv[2:4]:
        iface, peer = arg.split("=", 1)
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
        sock.bind((iface, ETH_P_IP))
        own = sock.getsockname()[4]
        own_ip = socket.inet_aton(iface_ip(iface))
        ends.append({"sock": sock, "own": own, "peer": mac_bytes(peer), "own_ip": own_ip})
    own_ips = {e["own_ip"] for e in ends}
    queue: list[tuple[float, int, int, bytes]] = []
    seq = 0
    forwarded = 0
    emit("ready", delay_ms=delay * 1000)
    while True:
        wait = max(0.0, queue[0][0] - time.monotonic()) if queue else None
        readable, _, _ = select.select([e["sock"] for e in ends], [], [], wait)
        for index, end in enumerate(ends):
            if end["sock"] not in readable:
                continue
            frame, address = end["sock"].recvfrom(65536)
            if address[2] != PACKET_HOST or len(frame) < 34 or frame[30:34] in own_ips:
                continue
            seq += 1
            heapq.heappush(queue, (time.monotonic() + delay, seq, 1 - index, frame[14:]))
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, out, ip = heapq.heappop(queue)
            end = ends[out]
            frame = end["peer"] + end["own"] + struct.pack("!H", ETH_P_IP) + with_tcp_checksum(ip)
            try:
                end["sock"].send(frame)
            except OSError:
                emit("oversize", len=len(frame))
                continue
            forwarded += 1
            if forwarded % 100 == 0:
                emit("forwarded", n=forwarded)


if __name__ == "__main__":
    main()
