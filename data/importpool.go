package data

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// ImportConns is the default size of the imports' own pool: a bulk import
// of new stays takes two (importer/detached.go), which leaves one for
// another upload.
const ImportConns = 3

// ForImports returns a DB on a pool of its own with at most conns
// connections (ImportConns when conns ≤ 0), opened on demand, with the same
// settings as db's. Imports run on it, so however many uploads are open or
// stalled they never hold more than conns connections and every other
// request still finds one in db's pool. Close it before db.
func (db *DB) ForImports(ctx context.Context, conns int32) (*DB, error) {
	if conns <= 0 {
		conns = ImportConns
	}
	cfg := db.Pool.Config()
	cfg.MaxConns, cfg.MinConns = conns, 0
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &DB{Pool: pool, Cluster: db.Cluster, AdminDSN: db.AdminDSN, Log: db.Log, Now: db.Now}, nil
}
