package importer

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"pantau/data"
	"pantau/geo"
)

// BoundaryOptions configure Boundaries. Property names default to
// those of ../shared/data/cianjur: kode, desa/kecamatan/kabupaten (by
// level), jenis, label_lat/label_lon.
type BoundaryOptions struct {
	File                       string
	Level                      geo.Level // "" = from each feature's code
	CodeProp                   string    // default "kode"
	NameProp                   string    // default: the level's name ("desa", "kecamatan", "kabupaten"), then "name", "nama"
	KindProp                   string    // default "jenis"
	LabelLatProp, LabelLonProp string    // default "label_lat", "label_lon"
	// Repair applies ST_MakeValid to invalid polygons (self-intersections,
	// …) and reports what changed; without it they are rejected.
	Repair      bool
	SkipInvalid bool
	Timeout     time.Duration
	Progress    func(Progress)
}

type boundary struct {
	code, level, parent, name, kind string
	geom                            orb.MultiPolygon
	label                           *orb.Point
	parents                         map[string]string // names of parent areas read from the properties
}

var boundaryStageCols = []string{"n", "code", "level", "parent", "name", "kind", "geom", "label"}

// Boundaries loads a GeoJSON FeatureCollection of Polygon and
// MultiPolygon areas with Kemendagri codes in one transaction: validates
// every feature (geo.ParseGeoJSONGeometry, then ST_IsValid), upserts the
// areas by code (approximate = false), derives every kecamatan and the
// kabupaten that has no boundary of its own from the union of its children,
// and re-assigns the desa_code of every stay and accommodation. Nothing is
// written when a feature is invalid, unless SkipInvalid.
func Boundaries(ctx context.Context, db *data.DB, r io.Reader, opts BoundaryOptions) (Result, error) {
	start := time.Now()
	if opts.CodeProp == "" {
		opts.CodeProp = "kode"
	}
	if opts.KindProp == "" {
		opts.KindProp = "jenis"
	}
	if opts.LabelLatProp == "" {
		opts.LabelLatProp, opts.LabelLonProp = "label_lat", "label_lon"
	}
	res := Result{Kind: "boundaries", File: opts.File}
	fs := newFeatureStream(opts.File, r, MaxBoundaryFeature)
	var rows [][]any
	var rejects []geo.Reject
	seen := map[string]int{}
	parentNames := map[string]string{}
	for {
		n, f, err := fs.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return res, err
		}
		res.Read++
		b, prob := parseBoundary(f, opts)
		if prob == nil {
			if first, dup := seen[b.code]; dup {
				prob = &geo.FieldProblem{Field: opts.CodeProp, Reason: fmt.Sprintf("duplicate code %s (first at feature %d)", b.code, first)}
			} else {
				seen[b.code] = n
			}
		}
		if prob != nil {
			rejects = append(rejects, geo.Reject{File: opts.File, Unit: "feature", N: n, SourceID: b.code, Field: prob.Field, Reason: prob.Reason})
			continue
		}
		for c, n := range b.parents {
			if _, ok := parentNames[c]; !ok {
				parentNames[c] = n
			}
		}
		var label any
		if b.label != nil {
			label = *b.label
		}
		rows = append(rows, []any{int32(n), b.code, b.level, b.parent, b.name, textOrNil(b.kind), b.geom, label})
	}
	err := db.InTx(ctx, func(tx pgx.Tx) error {
		if err := beginImport(ctx, tx, Options{Timeout: opts.Timeout}); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE pantau_stage_areas (n int PRIMARY KEY, code text, level text,
			parent text, name text, kind text, geom geometry, label geometry) ON COMMIT DROP`); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"pantau_stage_areas"}, boundaryStageCols, pgx.CopyFromRows(rows)); err != nil {
			return err
		}
		pc, pn := make([]string, 0, len(parentNames)), make([]string, 0, len(parentNames))
		for c, n := range parentNames {
			pc, pn = append(pc, c), append(pn, n)
		}
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE pantau_stage_names ON COMMIT DROP AS
			SELECT * FROM unnest($1::text[], $2::text[]) AS t(code, name)`, pc, pn); err != nil {
			return err
		}
		progress(Options{Progress: opts.Progress}, "checking", res.Read)
		// Validity as PostGIS judges it (self-intersections, ring
		// orientation aside): repaired on request, otherwise rejected.
		if opts.Repair {
			rrows, err := tx.Query(ctx, `
				WITH bad AS (SELECT n, code, geom, ST_IsValidReason(geom) AS reason FROM pantau_stage_areas WHERE NOT ST_IsValid(geom)),
				fixed AS (SELECT n, code, reason, ST_Area(geom::geography) / 1e6 AS before,
				                 ST_Multi(ST_CollectionExtract(ST_MakeValid(geom), 3)) AS g, ST_NPoints(geom) AS np FROM bad)
				UPDATE pantau_stage_areas s SET geom = f.g FROM fixed f WHERE s.n = f.n
				RETURNING f.n, f.code, f.reason, f.before, ST_Area(f.g::geography) / 1e6, f.np, ST_NPoints(f.g), ST_NumGeometries(f.g), ST_IsEmpty(f.g)`)
			if err != nil {
				return err
			}
			for rrows.Next() {
				var n, np0, np1, parts int
				var code, reason string
				var a0, a1 float64
				var empty bool
				if err := rrows.Scan(&n, &code, &reason, &a0, &a1, &np0, &np1, &parts, &empty); err != nil {
					return err
				}
				res.Repaired = append(res.Repaired, fmt.Sprintf("%s: feature %d (%s): %s; repaired with ST_MakeValid: area %.4f → %.4f km², %d → %d vertices, %d polygon(s)",
					opts.File, n, code, reason, a0, a1, np0, np1, parts))
				if empty {
					rejects = append(rejects, geo.Reject{File: opts.File, Unit: "feature", N: n, SourceID: code, Field: "geometry", Reason: reason + "; ST_MakeValid left no polygon"})
				}
			}
			if err := rrows.Err(); err != nil {
				return err
			}
		} else {
			more, err := sqlRejects(ctx, tx, opts.File, "feature", `SELECT n, code, 'geometry',
				ST_IsValidReason(geom) || ' (use --repair to fix it with ST_MakeValid)' FROM pantau_stage_areas WHERE NOT ST_IsValid(geom)`)
			if err != nil {
				return err
			}
			rejects = append(rejects, more...)
		}
		if err := settleRejects(ctx, tx, "pantau_stage_areas", rejects, opts.SkipInvalid); err != nil {
			return err
		}
		res.Rejects, res.Rejected = rejects, len(rejects)
		progress(Options{Progress: opts.Progress}, "writing", res.Read)
		var ins, upd int
		if err := tx.QueryRow(ctx, `
			WITH w AS (
			  INSERT INTO areas AS a (code, level, parent_code, name, kind, approximate, geom, label_point, source, updated_at)
			  SELECT code, level, nullif(parent, ''), name, kind, false, ST_SetSRID(geom, 4326), ST_SetSRID(label, 4326), 'import', now()
			  FROM pantau_stage_areas
			  ON CONFLICT (code) DO UPDATE SET level = EXCLUDED.level, parent_code = EXCLUDED.parent_code, name = EXCLUDED.name,
			    kind = EXCLUDED.kind, approximate = false, geom = EXCLUDED.geom, label_point = EXCLUDED.label_point,
			    source = 'import', updated_at = now()
			  WHERE (a.level, a.parent_code, a.name, a.kind, a.approximate, a.geom, a.label_point, a.source)
			        IS DISTINCT FROM
			        (EXCLUDED.level, EXCLUDED.parent_code, EXCLUDED.name, EXCLUDED.kind, false, EXCLUDED.geom, EXCLUDED.label_point, 'import')
			  RETURNING xmax = 0 AS inserted)
			SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM w`).Scan(&ins, &upd); err != nil {
			return err
		}
		res.wrote(ins, upd, 0) // Outside: counted below, over stays and accommodations
		if err := deriveParents(ctx, tx); err != nil {
			return err
		}
		if ins+upd > 0 {
			n, err := reassignDesa(ctx, tx)
			if err != nil {
				return err
			}
			res.Reassigned = n
		}
		return tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM stays WHERE desa_code IS NULL) + (SELECT count(*) FROM accommodations WHERE desa_code IS NULL)`).Scan(&res.Outside)
	})
	res.Seconds = time.Since(start).Seconds()
	return res, err
}

// SpeckM2 is the largest hole (m², geodesic) a derived boundary drops: the
// gaps between neighbouring desa of the source data (up to 7,890 m² in
// Cianjur's) are filled; a real enclave is many times larger.
const SpeckM2 = 50_000

// deriveParents makes the kecamatan and kabupaten that have no boundary of
// their own (missing, derived or demo-approximate) the union of their
// children, without the specks between children (pantau_fill_specks):
// kecamatan from desa, then kabupaten from kecamatan.
func deriveParents(ctx context.Context, tx pgx.Tx) error {
	for _, q := range []struct {
		level, child string
		codeLen      int
	}{{"kecamatan", "desa", 8}, {"kabupaten", "kecamatan", 5}} {
		if _, err := tx.Exec(ctx, `
			WITH kids AS (
			  SELECT substr(c.code, 1, $3) AS code, bool_or(c.approximate) AS approx,
			         pantau_fill_specks(ST_CollectionExtract(ST_MakeValid(ST_Union(c.geom)), 3), $4) AS geom
			  FROM areas c WHERE c.level = $2 GROUP BY 1)
			INSERT INTO areas AS a (code, level, parent_code, name, approximate, geom, source)
			SELECT k.code, $1, CASE WHEN $1 = 'kecamatan' THEN substr(k.code, 1, 5) END,
			       coalesce((SELECT name FROM areas WHERE code = k.code), (SELECT name FROM pantau_stage_names WHERE code = k.code), k.code), k.approx, k.geom, 'derived'
			FROM kids k
			WHERE NOT EXISTS (SELECT FROM areas p WHERE p.code = k.code AND p.source = 'import')
			ON CONFLICT (code) DO UPDATE SET geom = EXCLUDED.geom, approximate = EXCLUDED.approximate, source = 'derived', updated_at = now()
			WHERE (a.geom, a.approximate, a.source) IS DISTINCT FROM (EXCLUDED.geom, EXCLUDED.approximate, 'derived')`,
			q.level, q.child, q.codeLen, float64(SpeckM2)); err != nil {
			return fmt.Errorf("derive %s: %w", q.level, err)
		}
	}
	return nil
}

// reassignDesa recomputes desa_code for every stay and accommodation whose
// desa changed, in the caller's transaction, through plain UPDATEs (so
// triggers on those tables see the change).
func reassignDesa(ctx context.Context, tx pgx.Tx) (int, error) {
	n := 0
	for _, t := range []string{"accommodations", "stays"} {
		tag, err := tx.Exec(ctx, `UPDATE `+t+` t SET desa_code = x.d
			FROM (SELECT id, pantau_desa_for(geom) AS d FROM `+t+`) x
			WHERE t.id = x.id AND t.desa_code IS DISTINCT FROM x.d`)
		if err != nil {
			return n, fmt.Errorf("re-assign %s: %w", t, err)
		}
		n += int(tag.RowsAffected())
	}
	return n, nil
}

func parseBoundary(f rawFeature, opts BoundaryOptions) (boundary, *geo.FieldProblem) {
	var b boundary
	if f.Type != "Feature" {
		return b, &geo.FieldProblem{Field: "type", Reason: fmt.Sprintf("%q is not a Feature", f.Type)}
	}
	b.code = strings.TrimSpace(propString(f.Properties, opts.CodeProp))
	if b.code == "" {
		return b, &geo.FieldProblem{Field: "properties." + opts.CodeProp, Reason: "the Kemendagri code is missing (map the property with --code-prop)"}
	}
	lvl, err := geo.LevelOf(b.code)
	if err != nil {
		return b, &geo.FieldProblem{Field: "properties." + opts.CodeProp, Reason: geo.ErrorMessage(err)}
	}
	if opts.Level != "" && lvl != opts.Level {
		return b, &geo.FieldProblem{Field: "properties." + opts.CodeProp, Reason: fmt.Sprintf("code %s is a %s code, not %s", b.code, lvl, opts.Level)}
	}
	b.level, b.parent = string(lvl), geo.ParentCode(b.code)
	names := []string{opts.NameProp}
	if opts.NameProp == "" {
		names = []string{string(lvl), "name", "nama"}
	}
	for _, n := range names {
		if b.name = strings.TrimSpace(propString(f.Properties, n)); b.name != "" {
			break
		}
	}
	if b.name == "" {
		return b, &geo.FieldProblem{Field: "properties." + names[0], Reason: "the area's name is missing (map the property with --name-prop)"}
	}
	if len(b.name) > geo.MaxTextLen {
		return b, &geo.FieldProblem{Field: "properties." + names[0], Reason: "the name is too long"}
	}
	b.kind = strings.TrimSpace(propString(f.Properties, opts.KindProp))
	b.parents = map[string]string{}
	for code, prop := range map[string]string{geo.ParentCode(b.code): "kecamatan", b.code[:min(5, len(b.code))]: "kabupaten"} {
		if v := strings.TrimSpace(propString(f.Properties, prop)); v != "" && code != b.code && code != "" {
			b.parents[code] = v
		}
	}
	if lvl == geo.LevelKecamatan {
		delete(b.parents, b.code)
	}
	g, gerr := geo.ParseGeoJSONGeometryIn(f.CRS, f.Geometry, "Polygon", "MultiPolygon")
	if gerr != nil {
		return b, &geo.FieldProblem{Field: gerr.Path, Reason: gerr.Reason}
	}
	b.geom, _ = geo.AsMultiPolygon(g) // the parser gave a Polygon or a MultiPolygon
	if ls, os := propString(f.Properties, opts.LabelLatProp), propString(f.Properties, opts.LabelLonProp); ls != "" && os != "" {
		lat, e1 := strconv.ParseFloat(ls, 64)
		lon, e2 := strconv.ParseFloat(os, 64)
		if e1 != nil || e2 != nil {
			return b, &geo.FieldProblem{Field: "properties." + opts.LabelLatProp, Reason: "label point is not numeric"}
		}
		if field, err := geo.CheckLonLat(lon, lat); err != nil {
			return b, &geo.FieldProblem{Field: "properties.label_" + field, Reason: err.Error()}
		}
		b.label = &orb.Point{lon, lat}
	}
	return b, nil
}
