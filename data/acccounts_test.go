package data_test

import (
	"context"
	"testing"

	"pantau/data/dbtest"
)

// desa_accommodation_counts always equals a fresh count of the
// accommodations, through imports, updates (also of the desa, as a
// boundary import makes), deletes, concurrent writers and TRUNCATE.
func TestDesaAccommodationCountsStayExact(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	admin := db.Admin(t)
	check := func(step string) {
		t.Helper()
		var wrong int
		if err := db.Pool.QueryRow(ctx, `
			WITH fresh AS (SELECT desa_code, count(*) AS n, count(*) FILTER (WHERE NOT apoa_registered) AS u
			               FROM accommodations WHERE desa_code IS NOT NULL GROUP BY 1)
			SELECT count(*) FROM fresh f FULL JOIN desa_accommodation_counts c USING (desa_code)
			WHERE coalesce(f.n, 0) <> coalesce(c.n, 0) OR coalesce(f.u, 0) <> coalesce(c.unregistered, 0)`).Scan(&wrong); err != nil {
			t.Fatal(err)
		}
		if wrong != 0 {
			t.Fatalf("%s: %d desa with other counts than a fresh count", step, wrong)
		}
	}
	_, accs := db.GenCSV(t, 500)
	if _, err := db.ImportCSV(t, "accommodations", "acc.csv", accs, false); err != nil {
		t.Fatal(err)
	}
	check("import")
	for _, q := range []string{
		`UPDATE accommodations SET apoa_registered = NOT apoa_registered WHERE id % 3 = 0`,
		`UPDATE accommodations SET desa_code = (SELECT min(code) FROM areas WHERE level = 'desa') WHERE id % 7 = 0`,
		`UPDATE accommodations SET desa_code = NULL WHERE id % 11 = 0`,
		`DELETE FROM accommodations WHERE id % 13 = 0 AND id NOT IN (SELECT accommodation_id FROM stays WHERE accommodation_id IS NOT NULL)`,
	} {
		if _, err := admin.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
		check(q)
	}
	// Concurrent writers over the same desa.
	concurrently(t, 4, func(w int) error {
		for i := range 10 {
			if _, err := db.Pool.Exec(ctx, `UPDATE accommodations SET apoa_registered = NOT apoa_registered,
				desa_code = CASE WHEN desa_code IS NULL THEN (SELECT min(code) FROM areas WHERE level = 'desa') ELSE desa_code END
				WHERE id % 4 = $1 AND id % 10 = $2`, w, i); err != nil {
				return err
			}
		}
		return nil
	})
	check("concurrent updates")
	if _, err := admin.Exec(ctx, `TRUNCATE accommodations CASCADE`); err != nil {
		t.Fatal(err)
	}
	check("truncate")
}
