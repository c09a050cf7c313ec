package importer

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
)

// bulkAssignMin is the batch size from which an import assigns desa
// set-based instead of calling pantau_desa_for once per row.
const bulkAssignMin = 2000

// stageDesa computes, for a large staged batch, the desa of every point
// set-based with the rule of pantau_desa_for (0001_init.sql): step 1 — the
// lowest code among the desa whose polygon covers the point — as one join
// that visits each desa once and finds its points through a GiST index on
// the staged points (PostGIS then reuses the prepared polygon for all of
// them); the points step 1 leaves unassigned (gaps, outside) go through
// pantau_desa_for itself in the INSERT, which applies step 2 (nearest within
// 100 m) and 3 (none). The result is pantau_stage_desa(n, code), and the
// caller writes coalesce(d.code, pantau_desa_for(g)). pts is a query
// yielding (n, g).
func stageDesa(ctx context.Context, tx pgx.Tx, pts string, args ...any) error {
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE pantau_stage_pts ON COMMIT DROP AS `+pts, args...); err != nil {
		return err
	}
	for _, q := range []string{
		`CREATE INDEX ON pantau_stage_pts USING gist (g)`,
		`ANALYZE pantau_stage_pts`,
		`CREATE TEMP TABLE pantau_stage_desa ON COMMIT DROP AS
		   SELECT p.n, min(a.code) AS code FROM areas a JOIN pantau_stage_pts p ON ST_Covers(a.geom, p.g)
		   WHERE a.level = 'desa' GROUP BY p.n`,
		`CREATE UNIQUE INDEX ON pantau_stage_desa (n)`,
		`ANALYZE pantau_stage_desa`,
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// assignDesa returns the expression of the desa_code an import writes
// (see stagedDesa) and the join it needs: the desa located while staging,
// else those of first (a stay's accommodation's), else — for a batch of at
// least bulkAssignMin points left to the database (unsure), assigned
// set-based here from pts (stageDesa) — that one, else pantau_desa_for(g).
func assignDesa(ctx context.Context, tx pgx.Tx, unsure int, pts string, first ...string) (desa, join string, err error) {
	terms := append([]string{"desa"}, first...)
	if unsure >= bulkAssignMin {
		if err := stageDesa(ctx, tx, pts); err != nil {
			return "", "", err
		}
		terms, join = append(terms, "code"), "LEFT JOIN pantau_stage_desa d ON d.n = s.n"
	}
	return stagedDesa("coalesce(" + strings.Join(append(terms, "pantau_desa_for(g)"), ", ") + ")"), join, nil
}
