// Package dbtest gives tests a real, freshly migrated PostGIS database of
// their own. All test processes share one private cluster (started on first
// use, like `pantau serve` does) under $PANTAU_TEST_HOME, default
// $TMPDIR/pantau-test-<uid>; each test gets a new database cloned from a
// migrated template, dropped when the test ends.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pantau/data"
	"pantau/data/pgcluster"
	"pantau/geo"
)

// Home returns the folder of the shared test cluster.
func Home() string {
	if h := os.Getenv("PANTAU_TEST_HOME"); h != "" {
		return h
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("pantau-test-%d", os.Getuid()))
}

// Cluster starts or reuses the shared test cluster. Its shared_buffers are
// a test cluster's (pgcluster.SharedBuffers) unless PANTAU_TEST_SHARED_BUFFERS
// says otherwise: "service" for the service's own size (make bench-10m),
// or a PostgreSQL size such as 4GB; it takes effect when the cluster starts.
func Cluster(tb testing.TB) *pgcluster.Cluster {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var settings map[string]string
	switch v := os.Getenv("PANTAU_TEST_SHARED_BUFFERS"); v {
	case "":
	case "service":
		settings = map[string]string{"shared_buffers": pgcluster.SharedBuffers(false)}
	default:
		settings = map[string]string{"shared_buffers": "'" + strings.Trim(v, "'") + "'"}
	}
	c, err := pgcluster.Ensure(ctx, pgcluster.Config{Home: Home(), Logger: quiet(), NoFsync: true, Settings: settings})
	if err != nil {
		tb.Fatalf("test cluster: %v", err)
	}
	return c
}

// DB is a test database: the pool (role pantau_app, as the service uses) and
// the connection strings of both roles.
type DB struct {
	*data.DB
	Name    string
	AppDSN  string
	Cluster *pgcluster.Cluster
}

// New returns a new migrated database for tb, dropped at cleanup.
func New(tb testing.TB) *DB {
	tb.Helper()
	c := Cluster(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	tpl, err := template(ctx, c)
	if err != nil {
		tb.Fatalf("template database: %v", err)
	}
	name := create(tb, c, tpl)
	appDSN := c.ConnString(name, pgcluster.AppRole)
	db, err := data.Connect(ctx, appDSN, data.PoolOptions{})
	if err != nil {
		tb.Fatalf("connect test database: %v", err)
	}
	db.Cluster, db.AdminDSN, db.Log = c, c.ConnString(name, pgcluster.Superuser), quiet()
	tb.Cleanup(db.Close) // runs before create's cleanup drops the database
	return &DB{DB: db, Name: name, AppDSN: appDSN, Cluster: c}
}

// Empty returns the superuser address of a new database with nothing in
// it (not even PostGIS), dropped at cleanup.
func Empty(tb testing.TB) string {
	tb.Helper()
	c := Cluster(tb)
	return c.ConnString(create(tb, c, "template0"), pgcluster.Superuser)
}

// create makes a database from template and drops it when tb ends.
func create(tb testing.TB, c *pgcluster.Cluster, template string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	name := "t_" + randHex(6)
	admin, err := pgx.Connect(ctx, c.ConnString("postgres", pgcluster.Superuser))
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, template)); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if conn, err := pgx.Connect(ctx, c.ConnString("postgres", pgcluster.Superuser)); err == nil {
			conn.Exec(ctx, fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name))
			conn.Close(ctx)
		}
	})
	return name
}

// Admin opens a connection as the schema owner (superuser), for test set-up
// that the application role may not do.
func (d *DB) Admin(tb testing.TB) *pgx.Conn {
	tb.Helper()
	conn, err := pgx.Connect(context.Background(), d.AdminDSN)
	if err != nil {
		tb.Fatalf("admin connect: %v", err)
	}
	if err := data.RegisterGeometry(context.Background(), conn); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// Connect connects to dsn until tb ends.
func Connect(tb testing.TB, dsn string) *pgx.Conn {
	tb.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// template returns the name of a database migrated with the current
// schema (migrations and definitions), creating it once per schema across
// test processes.
func template(ctx context.Context, c *pgcluster.Cluster) (string, error) {
	name := "tpl_" + migrationsHash()
	conn, err := pgx.Connect(ctx, c.ConnString("postgres", pgcluster.Superuser))
	if err != nil {
		return "", err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(7243002)`); err != nil {
		return "", err
	}
	defer conn.Exec(context.Background(), `SELECT pg_advisory_unlock(7243002)`)
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1 AND datistemplate)`, name).Scan(&ok); err != nil || ok {
		return name, err
	}
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	if err := data.MigrateDSN(ctx, c.ConnString(name, pgcluster.Superuser), quiet()); err != nil {
		return "", err
	}
	_, err = conn.Exec(ctx, "ALTER DATABASE "+name+" WITH is_template true")
	return name, err
}

func migrationsHash() string {
	h := sha256.New()
	s := data.EmbeddedSchema()
	for _, dir := range []fs.FS{s.Migrations, s.Definitions} {
		names, _ := fs.Glob(dir, "*.sql")
		sort.Strings(names)
		for _, n := range names {
			b, _ := fs.ReadFile(dir, n)
			h.Write([]byte(n))
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// quiet is the tests' logger: warnings only, unless PANTAU_TEST_LOG is set
// (info; "debug": debug, e.g. the import's phases with their seconds).
func quiet() *slog.Logger {
	switch os.Getenv("PANTAU_TEST_LOG") {
	case "":
	case "debug":
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	default:
		return slog.Default()
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// TempHome returns a new PANTAU_HOME that the unprivileged PostgreSQL user
// can reach (t.TempDir is private to root). At cleanup the cluster in it,
// if any, is stopped and the folder removed.
func TempHome(tb testing.TB) string {
	tb.Helper()
	dir, err := os.MkdirTemp("", "pantau-home-")
	if err != nil {
		tb.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	tb.Cleanup(func() {
		if _, err := os.Stat(filepath.Join(dir, "pg", "postmaster.pid")); err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if c, err := pgcluster.Ensure(ctx, pgcluster.Config{Home: dir, Logger: quiet()}); err == nil {
				c.Stop(ctx)
			}
		}
		os.RemoveAll(dir)
	})
	return dir
}

// Token creates a bearer token for role (scoped to area when not "").
func (d *DB) Token(tb testing.TB, role, area string) string {
	tb.Helper()
	tok, _, err := d.CreateToken(context.Background(), data.NewToken{Name: "test-" + role, Role: geoRole(role), AreaCode: area})
	if err != nil {
		tb.Fatalf("token: %v", err)
	}
	return tok
}
func geoRole(s string) geo.Role { return geo.Role(s) }

// SharedData returns the folder of the real Cianjur boundaries:
// PANTAU_SHARED_DATA, else ../shared/data/cianjur searched upwards from the
// working directory. When they are missing tb skips with a clear message —
// or fails when CI=true, so a CI without the data cannot stay green.
func SharedData(tb testing.TB) string {
	tb.Helper()
	dir, err := findSharedData()
	switch {
	case err == nil:
		return dir
	case os.Getenv("CI") == "true":
		tb.Fatalf("%v (CI=true: tests that need the real boundaries fail instead of skipping)", err)
	default:
		tb.Skipf("%v; set PANTAU_SHARED_DATA to run this test", err)
	}
	return ""
}

// findSharedData locates the folder holding cianjur_desa.geojson.
func findSharedData() (string, error) {
	const probe = "cianjur_desa.geojson"
	if d := os.Getenv("PANTAU_SHARED_DATA"); d != "" {
		if _, err := os.Stat(filepath.Join(d, probe)); err != nil {
			return "", fmt.Errorf("PANTAU_SHARED_DATA=%s: %w", d, err)
		}
		return d, nil
	}
	wd, _ := os.Getwd()
	for dir := wd; ; dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "..", "shared", "data", "cianjur")
		if _, err := os.Stat(filepath.Join(p, probe)); err == nil {
			return p, nil
		}
		if dir == filepath.Dir(dir) {
			return "", fmt.Errorf("real Cianjur boundaries not found (../shared/data/cianjur/%s above %s)", probe, wd)
		}
	}
}

// LoadCianjur loads the real kabupaten, 32 kecamatan and 360 desa of
// Cianjur into d straight through SQL (a fixture independent of the
// importer, which has its own tests). Skips when the data is absent.
func (d *DB) LoadCianjur(tb testing.TB) {
	tb.Helper()
	dir := SharedData(tb)
	if err := loadCianjurSQL(context.Background(), d.Admin(tb), dir); err != nil {
		tb.Fatal(err)
	}
}

// loadCianjurSQL loads the real boundaries of dir through SQL.
func loadCianjurSQL(ctx context.Context, conn *pgx.Conn, dir string) error {
	for _, f := range []struct{ file, level, name, parent string }{
		{"cianjur_kabupaten.geojson", "kabupaten", "kabupaten", "NULL"},
		{"cianjur_kecamatan.geojson", "kecamatan", "kecamatan", "f->'properties'->>'kode_kab'"},
		{"cianjur_desa.geojson", "desa", "desa", "f->'properties'->>'kode_kec'"},
	} {
		b, err := os.ReadFile(filepath.Join(dir, f.file))
		if err != nil {
			return err
		}
		_, err = conn.Exec(ctx, fmt.Sprintf(`INSERT INTO areas (code, level, parent_code, name, kind, geom, label_point, source)
			SELECT f->'properties'->>'kode', '%s', %s, f->'properties'->>'%s', f->'properties'->>'jenis',
			       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326)),
			       ST_SetSRID(ST_Point((f->'properties'->>'label_lon')::float8, (f->'properties'->>'label_lat')::float8), 4326),
			       'fixture'
			FROM jsonb_array_elements($1::jsonb->'features') f`, f.level, f.parent, f.name), string(b))
		if err != nil {
			return fmt.Errorf("load %s: %w", f.file, err)
		}
	}
	return nil
}

// AlertKey spells out the idempotency key the alert rules give a stay's or
// an accommodation's alert (data/sql/alerts.sql), for tests to name the
// alerts they expect: rule + stay (or, with stayID 0, accommodation) +
// fence + period.
func AlertKey(rule string, stayID, accommodationID, fenceID int64, period string) string {
	if stayID != 0 {
		return fmt.Sprintf("%s:stay:%d:fence:%d:%s", rule, stayID, fenceID, period)
	}
	return fmt.Sprintf("%s:accommodation:%d:fence:%d:%s", rule, accommodationID, fenceID, period)
}

// DesaShapesOf returns every loaded desa's shape (data.DB.DesaShapes), for
// the generator and the locator in tests; a failure ends the test.
func (d *DB) DesaShapesOf(tb testing.TB) []data.DesaShape {
	tb.Helper()
	shapes, err := d.DesaShapes(context.Background(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return shapes
}
