// Opens the generated pgx snippet (package db, copied beside this file as ./db, its import rewritten
// to pgx v4 by the harness), pings the real server, and prints as one JSON line the pool's Config()
// (pgxpool/pool.go, v4.15: MaxConnLifetime, MaxConnIdleTime, HealthCheckPeriod).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"time"

	db "./db"
)

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
	c := pool.Config()
	out := map[string]interface{}{
		"go":                   runtime.Version(),
		"maxConnLifetimeSec":   c.MaxConnLifetime.Seconds(),
		"maxConnIdleTimeSec":   c.MaxConnIdleTime.Seconds(),
		"healthCheckPeriodSec": c.HealthCheckPeriod.Seconds(),
		"maxConns":             c.MaxConns,
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		os.Exit(1)
	}
}
