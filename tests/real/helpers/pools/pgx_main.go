// Usage: report SERVER_PORT. Opens the generated pgx snippet (package db, copied beside this file as ./db, its import rewritten
// to pgx v4 by the harness), pings the real server, and prints as one JSON line the pool's Config()
// (pgxpool/pool.go, v4.15: MaxConnLifetime, MaxConnIdleTime, HealthCheckPeriod).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"

	db "./db"
)

// peerSockopts finds this process's TCP socket connected to 127.0.0.1:port (the pooled connection,
// held idle in the pool after Ping) and reads [SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL,
// TCP_KEEPCNT, TCP_USER_TIMEOUT]: what the driver's dialer left on it (FACTS.md section 2).
func peerSockopts(port int) []int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return nil
	}
	for _, e := range entries {
		fd, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		sa, err := syscall.Getpeername(fd)
		if err != nil {
			continue
		}
		if in4, ok := sa.(*syscall.SockaddrInet4); !ok || in4.Port != port {
			continue
		}
		opts := []int{}
		for _, o := range [][2]int{{syscall.SOL_SOCKET, syscall.SO_KEEPALIVE}, {syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE}, {syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL}, {syscall.IPPROTO_TCP, syscall.TCP_KEEPCNT}, {syscall.IPPROTO_TCP, 18}} {
			// 18 is TCP_USER_TIMEOUT (linux/tcp.h), which package syscall does not name.
			v, err := syscall.GetsockoptInt(fd, o[0], o[1])
			if err != nil {
				return nil
			}
			opts = append(opts, v)
		}
		return opts
	}
	return nil
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pool, err := db.Open(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "Open:", err)
		os.Exit(1)
	}
	defer pool.Close()
	if err := pool.Ping(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "Ping:", err)
		os.Exit(1)
	}
	port, _ := strconv.Atoi(os.Args[1])
	c := pool.Config()
	out := map[string]interface{}{
		"go":                   runtime.Version(),
		"maxConnLifetimeSec":   c.MaxConnLifetime.Seconds(),
		"maxConnIdleTimeSec":   c.MaxConnIdleTime.Seconds(),
		"healthCheckPeriodSec": c.HealthCheckPeriod.Seconds(),
		"maxConns":             c.MaxConns,
		"sockopts":             peerSockopts(port),
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		os.Exit(1)
	}
}
