// Opens the generated database/sql snippet (package db, copied beside this file as ./db), pings the
// real server, and prints as one JSON line what the *sql.DB holds. database/sql has no getters for
// SetConnMaxIdleTime / SetConnMaxLifetime: the unexported fields maxIdleTime and maxLifetime
// (database/sql/sql.go, Go 1.19) are read with reflect, which may read but not set them.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"time"

	db "./db"
)

func main() {
	pool, err := db.Open()
	if err != nil {
		fmt.Fprintln(os.Stderr, "Open:", err)
		os.Exit(1)
	}
	defer pool.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := pool.PingContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "Ping:", err)
		os.Exit(1)
	}
	v := reflect.ValueOf(pool).Elem()
	out := map[string]interface{}{
		"go":             runtime.Version(),
		"maxIdleTimeSec": time.Duration(v.FieldByName("maxIdleTime").Int()).Seconds(),
		"maxLifetimeSec": time.Duration(v.FieldByName("maxLifetime").Int()).Seconds(),
		"stats":          pool.Stats(),
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		os.Exit(1)
	}
}
