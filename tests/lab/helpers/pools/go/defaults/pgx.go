// The library's defaults for the pgx lab client: pgxpool v4 from a plain connection string
// (pgxpool/pool.go: MaxConnIdleTime 30 min, MaxConnLifetime 1 h, HealthCheckPeriod 1 min), pgconn's
// dialer with KeepAlive 5 min (pgconn config.go makeDefaultDialer). The host comes from LAB_DB_HOST.
package db

import (
	"context"
	"os"

	"github.com/jackc/pgx/v4/pgxpool"
)

func Open(ctx context.Context) (*pgxpool.Pool, error) {
	return pgxpool.Connect(ctx, "host="+os.Getenv("LAB_DB_HOST")+" port=5432 dbname=app")
}
