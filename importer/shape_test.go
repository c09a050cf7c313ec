package importer_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"pantau/data/dbtest"
	"pantau/geo"
	"pantau/importer"
)

// excelStays is a stays file as Indonesian-locale Excel saves "CSV (comma
// delimited)": a UTF-8 byte order mark, CRLF line ends, semicolons between
// fields and decimal commas in the coordinates.
const excelStays = "\ufeffsource_id;full_name;passport_no;nationality;sex;birth_date;permit_type;permit_expiry;arrival_date;departure_date;accommodation_id;lat;lon\r\n" +
	"x1;Anna Lee;AB1234567;AUS;F;1990-02-03;voa;2026-04-01;2026-03-01;;;-6,7321;107,0412\r\n" +
	"x2;\"Ben; Junior\";CD7654321;NLD;M;1985-11-30;itas;2027-01-31;2026-03-02;2026-03-09;;-6,81;107,1\r\n"

func TestImportExcelSemicolonCSV(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	res, err := importer.File(ctx, db.DB, "stays", "csv", strings.NewReader(excelStays), importer.Options{File: "excel.csv"})
	if err != nil || res.Inserted != 2 {
		t.Fatalf("import: %+v %v", res, err)
	}
	rows, err := db.Pool.Query(ctx, `SELECT source_id, full_name, ST_Y(geom), ST_X(geom), arrival_date::text, coalesce(departure_date::text, '')
		FROM stays ORDER BY source_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id, name, arr, dep string
		var lat, lon float64
		if err := rows.Scan(&id, &name, &lat, &lon, &arr, &dep); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s|%s|%g|%g|%s|%s", id, name, lat, lon, arr, dep))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{"x1|Anna Lee|-6.7321|107.0412|2026-03-01|", "x2|Ben; Junior|-6.81|107.1|2026-03-02|2026-03-09"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("stored\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCSVSeparator(t *testing.T) {
	semi := strings.ReplaceAll("source_id,name,kind,licensed,apoa_registered,capacity,owner_name,lat,lon\nv1,Villa,villa,true,true,4,Owner,\"-6,75\",\"107,02\"\n", ",", ";")
	semi = strings.ReplaceAll(semi, "\"-6;75\"", "-6,75")
	semi = strings.ReplaceAll(semi, "\"107;02\"", "107,02")
	cases := []struct {
		name  string
		body  string
		delim rune
		want  string // in the error; "" = reads
	}{
		{"detected semicolon", semi, 0, ""},
		{"given semicolon", semi, ';', ""},
		{"tab", strings.ReplaceAll(strings.ReplaceAll(semi, ";", "\t"), ",", "."), 0, ""},
		{"forced comma on a semicolon file", semi, ',', "read with the comma ',' as separator, it has 1 column(s): source_id;name;kind"},
		{"pipes", strings.ReplaceAll(semi, ";", "|"), 0, "the header lacks column(s) source_id, name, kind"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src, err := importer.AccommodationsCSV("a.csv", strings.NewReader(c.body), c.delim)
			if c.want != "" {
				if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "a.csv: line 1") {
					t.Fatalf("error %v, want …%s", err, c.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			r, err := src.Next()
			if err != nil || r.Problem != nil {
				t.Fatalf("record %+v %v", r, err)
			}
			if r.Value.Point[1] != -6.75 || r.Value.Point[0] != 107.02 || r.Value.Capacity != 4 {
				t.Fatalf("value %+v", r.Value)
			}
		})
	}
}

// endless yields head, then fill forever.
type endless struct {
	head []byte
	fill byte
}

func (e *endless) Read(p []byte) (int, error) {
	n := copy(p, e.head)
	e.head = e.head[n:]
	for i := n; i < len(p); i++ {
		p[i] = e.fill
	}
	return len(p), nil
}

func TestCSVRecordBound(t *testing.T) {
	head := strings.Join(geo.StayColumns, ",") + "\n"
	cases := []struct {
		name string
		r    io.Reader
		want string
	}{
		{"a line of commas", &endless{head: []byte(head + "a1,"), fill: ','}, "stays.csv: line 2: the record is longer than 65536 bytes"},
		{"a huge quoted field over many lines", &endless{head: []byte(head + "a1,Ok\nb2,\""), fill: '\n'}, "stays.csv: line 3: the record is longer than 65536 bytes"},
		{"a huge header", &endless{fill: 'x'}, "stays.csv: line 1: the record is longer than 65536 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src, err := importer.StaysCSV("stays.csv", c.r, 0)
			for err == nil {
				_, err = src.Next()
			}
			if !strings.Contains(err.Error(), c.want) || geo.ErrorCode(err) != geo.EINVALID {
				t.Fatalf("error %v, want …%s", err, c.want)
			}
		})
	}
	// A field over MaxCSVField rejects its record, naming the field.
	src, err := importer.StaysCSV("stays.csv", strings.NewReader(head+"a1,"+strings.Repeat("n", importer.MaxCSVField+1)+",,,,,,,,,,,\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := src.Next()
	if err != nil || r.Problem == nil || r.Problem.Field != "full_name" || !strings.Contains(r.Problem.Reason, "longer than 4096 bytes") {
		t.Fatalf("record %+v %v", r.Problem, err)
	}
}

func TestGeoJSONFeatureBound(t *testing.T) {
	start := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"source_id":"a","x":`
	cases := []struct {
		name string
		r    io.Reader
		want string
	}{
		{"deep nesting", &endless{head: []byte(start), fill: '['}, "s.geojson: feature 1: malformed JSON near byte 40: invalid character '[' exceeded max depth"},
		{"a long number", &endless{head: []byte(start + `[`), fill: '1'}, "s.geojson: feature 1 is larger than 65536 bytes"},
		{"a huge string", &endless{head: []byte(start + `"`), fill: 'x'}, "s.geojson: feature 1 is larger than 65536 bytes"},
		{"a huge member before the features", &endless{head: []byte(`{"type":"FeatureCollection","bbox":"`), fill: 'x'}, `s.geojson: the member "bbox" is larger than 65536 bytes`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := importer.StaysGeoJSON("s.geojson", c.r)
			var err error
			for err == nil {
				_, err = src.Next()
			}
			if errors.Is(err, io.EOF) || !strings.Contains(err.Error(), c.want) || geo.ErrorCode(err) != geo.EINVALID {
				t.Fatalf("error %v, want …%s", err, c.want)
			}
		})
	}
}

// TestGeoJSONCRS imports the same two stays written in each supported CRS
// (projected by PostGIS's ST_Transform) and checks the stored points are
// the originals within a millimetre; other CRSs are refused by name.
func TestGeoJSONCRS(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	pts := [][2]float64{{107.0412, -6.7321}, {107.3, -7.2}}
	crss := []struct{ name, member string }{
		{"4326", `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4326"}}`},
		{"4326", `{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}}`},
		{"3857", `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}}`},
		{"32748", `{"type":"name","properties":{"name":"EPSG:32748"}}`},
		{"32748", `{"type":"EPSG","properties":{"code":32748}}`},
	}
	for i, c := range crss {
		t.Run(c.member, func(t *testing.T) {
			var feats []string
			for j, p := range pts {
				var x, y float64
				if err := db.Pool.QueryRow(ctx, `SELECT ST_X(g), ST_Y(g) FROM ST_Transform(ST_SetSRID(ST_Point($1, $2), 4326), $3::int) g`,
					p[0], p[1], c.name).Scan(&x, &y); err != nil {
					t.Fatal(err)
				}
				feats = append(feats, fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[%.10f,%.10f]},
					"properties":{"source_id":"c%d","full_name":"Crs Test","passport_no":"X1234567","nationality":"ARE","permit_type":"itas","arrival_date":"2026-03-01"}}`, x, y, j))
			}
			body := `{"type":"FeatureCollection","crs":` + c.member + `,"features":[` + strings.Join(feats, ",") + `]}`
			src := fmt.Sprintf("crs%d", i)
			res, err := importer.File(ctx, db.DB, "stays", "geojson", strings.NewReader(body), importer.Options{File: "c.geojson", Source: src})
			if err != nil || res.Inserted != 2 {
				t.Fatalf("import: %+v %v", res, err)
			}
			for j, p := range pts {
				var metres float64
				if err := db.Pool.QueryRow(ctx, `SELECT ST_Distance(geom::geography, ST_SetSRID(ST_Point($1, $2), 4326)::geography)
					FROM stays WHERE source = $3 AND source_id = $4`, p[0], p[1], src, fmt.Sprintf("c%d", j)).Scan(&metres); err != nil {
					t.Fatal(err)
				}
				if metres > 0.001 {
					t.Fatalf("point %d is %.6f m from where it should be", j, metres)
				}
			}
		})
	}
	refused := []struct{ member, want string }{
		{`{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::23830"}}`, `the crs "urn:ogc:def:crs:EPSG::23830" (EPSG:23830) is not supported (want EPSG:4326, OGC CRS84, EPSG:3857`},
		{`{"type":"name","properties":{"name":"+proj=utm +zone=48 +south"}}`, `the crs "+proj=utm +zone=48 +south" is not supported`},
		{`{"type":"link","properties":{"href":"http://example.com/crs"}}`, `"crs" of type "link" names no CRS`},
	}
	for _, c := range refused {
		body := `{"type":"FeatureCollection","crs":` + c.member + `,"features":[]}`
		_, err := importer.File(ctx, db.DB, "stays", "geojson", strings.NewReader(body), importer.Options{File: "c.geojson"})
		if err == nil || !strings.Contains(err.Error(), "c.geojson: ") || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("error %v, want …%s", err, c.want)
		}
	}
	// A projected crs after the features cannot apply to them.
	late := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[107.1,-6.8]},
		"properties":{"source_id":"l1","full_name":"Late Crs","passport_no":"X1234567","nationality":"ARE","permit_type":"itas","arrival_date":"2026-03-01"}}],
		"crs":{"type":"name","properties":{"name":"EPSG:3857"}}}`
	_, err := importer.File(ctx, db.DB, "stays", "geojson", strings.NewReader(late), importer.Options{File: "c.geojson"})
	if err == nil || !strings.Contains(err.Error(), `the "crs" member (EPSG:3857) comes after the features`) {
		t.Fatalf("late crs: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM stays WHERE source_id = 'l1'`); n != 0 {
		t.Fatalf("late crs: %d stays written", n)
	}
}

// TestUTM48SInverse checks the Go inverse against PostGIS over the
// kabupaten and the edges of the zone.
func TestUTM48SInverse(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	crs, err := geo.ParseCRSName("urn:ogc:def:crs:EPSG::32748")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]float64{{107.0, -6.8}, {105.0, -0.5}, {102.1, -10.0}, {107.9, -7.5}, {106.5, -6.2}} {
		var x, y float64
		if err := db.Pool.QueryRow(ctx, `SELECT ST_X(g), ST_Y(g) FROM ST_Transform(ST_SetSRID(ST_Point($1, $2), 4326), 32748) g`, p[0], p[1]).Scan(&x, &y); err != nil {
			t.Fatal(err)
		}
		lon, lat := crs.ToLonLat(x, y)
		if math.Abs(lon-p[0]) > 1e-9 || math.Abs(lat-p[1]) > 1e-9 {
			t.Fatalf("%v: got %.12f %.12f", p, lon, lat)
		}
	}
}

// TestBoundariesCRS re-imports three real desa written in EPSG:32748 and
// EPSG:3857 (by PostGIS) and checks every boundary comes back where it was,
// within a millimetre.
func TestBoundariesCRS(t *testing.T) {
	db := dbtest.New(t)
	db.LoadCianjur(t)
	ctx := context.Background()
	codes := []string{"32.03.28.2001", "32.03.29.2001", "32.03.01.2001"}
	orig := map[string]string{}
	for _, c := range codes {
		var ewkt string
		if err := db.Pool.QueryRow(ctx, `SELECT ST_AsEWKT(geom) FROM areas WHERE code = $1`, c).Scan(&ewkt); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		orig[c] = ewkt
	}
	for _, srid := range []int{32748, 3857} {
		var feats []string
		for _, c := range codes {
			var gj, name string
			if err := db.Pool.QueryRow(ctx, `SELECT ST_AsGeoJSON(ST_Transform(ST_GeomFromEWKT($1), $2::int), 6), name FROM areas WHERE code = $3`,
				orig[c], srid, c).Scan(&gj, &name); err != nil {
				t.Fatal(err)
			}
			feats = append(feats, fmt.Sprintf(`{"type":"Feature","properties":{"kode":%q,"desa":%q},"geometry":%s}`, c, name, gj))
		}
		body := fmt.Sprintf(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::%d"}},"features":[%s]}`, srid, strings.Join(feats, ","))
		res, err := importer.Boundaries(ctx, db.DB, strings.NewReader(body), importer.BoundaryOptions{File: "b.geojson"})
		if err != nil || res.Read != 3 || res.Updated != 3 {
			t.Fatalf("EPSG:%d: %+v %v", srid, res, err)
		}
		for _, c := range codes {
			var metres float64
			if err := db.Pool.QueryRow(ctx, `SELECT ST_HausdorffDistance(ST_Transform(geom, 32748), ST_Transform(ST_GeomFromEWKT($1), 32748))
				FROM areas WHERE code = $2`, orig[c], c).Scan(&metres); err != nil {
				t.Fatal(err)
			}
			if metres > 0.001 {
				t.Fatalf("EPSG:%d: desa %s moved %.6f m", srid, c, metres)
			}
		}
	}
}
