package importer

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/data"
	"pantau/geo"
)

var accStageCols = []string{"n", "source_id", "name", "kind", "licensed", "apoa_registered", "capacity", "owner_name", "lon", "lat", "desa"}

// accStage is the staging table of an accommodations import.
var accStage = stagingTable[geo.Accommodation]{name: "pantau_stage_acc", cols: accStageCols, values: accValues,
	ddl: `n int PRIMARY KEY, source_id text, name text, kind text, licensed bool, apoa_registered bool,
	capacity int, owner_name text, lon float8, lat float8, desa text`}

// accValues returns the staging row of an accommodation, its desa located
// as stayValues locates a stay's.
func accValues(loc *geo.DesaLocator, unsure *int) func(n int, a geo.Accommodation) []any {
	return func(n int, a geo.Accommodation) []any {
		var capacity any
		if a.Capacity >= 0 {
			capacity = int32(a.Capacity)
		}
		return []any{int32(n), a.SourceID, a.Name, a.Kind, a.Licensed, a.APOARegistered, capacity, textOrNil(a.OwnerName),
			a.Point[0], a.Point[1], locate(loc, a.Point, unsure)}
	}
}

// Accommodations writes the accommodations of src in one transaction,
// with the same rules as Stays: validated first, all-or-nothing
// unless opts.SkipInvalid, identified by (source, source_id), unchanged
// records left alone, changed ones updated in place with history, desa_code
// assigned by pantau_desa_for's rule in the same statement (located while
// the file is read where geo.DesaLocator is certain, else by the database).
func Accommodations(ctx context.Context, db *data.DB, src RecordSource[geo.Accommodation], opts Options) (Result, error) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "register"
	}
	res := Result{Kind: "accommodations", File: opts.File}
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		read, rejects, unsure, err := stageAll(ctx, tx, accStage, src, opts)
		res.Read = read
		if err != nil {
			return err
		}
		progress(opts, "checking", read)
		rejects, err = checkStaged(ctx, tx, opts, src.Unit(), accStage.name, "accommodations", read, rejects,
			swappedCheck("pantau_stage_acc"), `SELECT n, source_id,
			`+stagedDesa("coalesce(desa, pantau_desa_for(ST_SetSRID(ST_MakePoint(lon, lat), 4326)))")+` AS d
			FROM pantau_stage_acc`)
		if err != nil {
			return err
		}
		res.Rejects, res.Rejected = rejects, len(rejects)
		progress(opts, "writing", read)
		desa, join, err := assignDesa(ctx, tx, unsure, `SELECT n, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g FROM pantau_stage_acc WHERE desa IS NULL`)
		if err != nil {
			return err
		}
		var ins, upd, outside int
		err = tx.QueryRow(ctx, `
			WITH src AS (SELECT s.*, ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326) AS g`+dcol(join)+` FROM pantau_stage_acc s `+join+`),
			ins AS (
			  INSERT INTO accommodations AS t (source, source_id, name, kind, licensed, apoa_registered, capacity, owner_name, geom, desa_code)
			  SELECT $1, source_id, name, kind, licensed, apoa_registered, capacity, owner_name, g, `+desa+` FROM src
			  ON CONFLICT (source, source_id) DO UPDATE SET
			    name = EXCLUDED.name, kind = EXCLUDED.kind, licensed = EXCLUDED.licensed,
			    apoa_registered = EXCLUDED.apoa_registered, capacity = EXCLUDED.capacity,
			    owner_name = EXCLUDED.owner_name, geom = EXCLUDED.geom, desa_code = EXCLUDED.desa_code
			  WHERE (t.name, t.kind, t.licensed, t.apoa_registered, t.capacity, t.owner_name, t.geom)
			        IS DISTINCT FROM
			        (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.licensed, EXCLUDED.apoa_registered, EXCLUDED.capacity,
			         EXCLUDED.owner_name, EXCLUDED.geom)
			  RETURNING (xmax = 0) AS inserted, desa_code IS NULL AS outside
			)
			SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted), count(*) FILTER (WHERE outside) FROM ins`,
			opts.Source).Scan(&ins, &upd, &outside)
		if err != nil {
			return err
		}
		res.wrote(ins, upd, outside)
		return nil
	})
	res.done(opts, start)
	return res, err
}
