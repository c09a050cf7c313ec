package importer

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"pantau/data"
	"pantau/geo"
)

// A staging table's desa column holds the desa the locator found, "" for a
// point it found in no desa (certainly: the database's NULL), and NULL for
// a point it left to the database. stagedDesa turns such an expression
// (the staged desa, or the database's answer where it is NULL) into the
// desa_code to store.
func stagedDesa(expr string) string { return "NULLIF(" + expr + ", '')" }

// locate returns the staged desa of p (see stagedDesa), counting in unsure
// the points left to the database.
func locate(loc *geo.DesaLocator, p orb.Point, unsure *int) any {
	code, ok := loc.Locate(p)
	if !ok {
		*unsure++
		return nil
	}
	return code
}

// locators caches DesaLocators by the version of the desa they index, so an
// import pays for building one only after the boundaries change.
var locators = struct {
	sync.Mutex
	byVersion map[string]*geo.DesaLocator
	order     []string
}{byVersion: map[string]*geo.DesaLocator{}}

const locatorCacheSize = 4

// desaLocator returns a locator over the desa as tx sees them. Their
// version is the database and every desa row's code and xmin (the
// transaction that wrote that row version), so any change to the boundaries
// gives a new one.
func desaLocator(ctx context.Context, tx pgx.Tx) (*geo.DesaLocator, error) {
	var version string
	if err := tx.QueryRow(ctx, `SELECT current_database() || ':' || count(*) || ':' ||
		coalesce(md5(string_agg(code || ':' || xmin::text, ',' ORDER BY code)), '')
		FROM areas WHERE level = 'desa'`).Scan(&version); err != nil {
		return nil, data.Classify(err)
	}
	locators.Lock()
	l := locators.byVersion[version]
	locators.Unlock()
	if l != nil {
		return l, nil
	}
	rows, err := tx.Query(ctx, `SELECT code, geom FROM areas WHERE level = 'desa' ORDER BY code`)
	if err != nil {
		return nil, data.Classify(err)
	}
	shapes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (geo.DesaPolygon, error) {
		var d geo.DesaPolygon
		var g orb.MultiPolygon
		err := r.Scan(&d.Code, &g)
		d.Geom = g
		return d, err
	})
	if err != nil {
		return nil, data.Classify(err)
	}
	l = geo.NewDesaLocator(shapes)
	locators.Lock()
	defer locators.Unlock()
	if _, ok := locators.byVersion[version]; !ok {
		locators.byVersion[version] = l
		locators.order = append(locators.order, version)
		if len(locators.order) > locatorCacheSize {
			delete(locators.byVersion, locators.order[0])
			locators.order = locators.order[1:]
		}
	}
	return l, nil
}
