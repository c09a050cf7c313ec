package data_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"pantau/data"
	"pantau/data/dbtest"
)

// TestUpgradeEqualsFreshInstall restores the schema of each earlier release
// (data/testdata/schema, the first landed one included), migrates it to
// head and compares its catalog with a freshly migrated database's.
func TestUpgradeEqualsFreshInstall(t *testing.T) {
	fresh := catalog(t, dbtest.New(t).AdminDSN)
	dumps, err := filepath.Glob("testdata/schema/*.sql")
	if err != nil || len(dumps) == 0 {
		t.Fatalf("no release schemas in data/testdata/schema: %v", err)
	}
	for _, dump := range dumps {
		t.Run(strings.TrimSuffix(filepath.Base(dump), ".sql"), func(t *testing.T) {
			ctx := context.Background()
			dsn := dbtest.Empty(t)
			b, err := os.ReadFile(dump)
			if err != nil {
				t.Fatal(err)
			}
			restore, err := pgx.Connect(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			_, err = restore.Exec(ctx, string(b))
			restore.Close(ctx)
			if err != nil {
				t.Fatalf("restore %s: %v", dump, err)
			}
			if err := data.MigrateDSN(ctx, dsn, nil); err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			diffCatalogs(t, fresh, catalog(t, dsn))
		})
	}
}

// TestDefinitionsReapply applies every definition file again over a
// migrated database (as after a change to one of them): the catalog stays
// the same, so each file can be re-run.
func TestDefinitionsReapply(t *testing.T) {
	db := dbtest.New(t)
	ctx := context.Background()
	before := catalog(t, db.AdminDSN)
	if _, err := db.Admin(t).Exec(ctx, `UPDATE schema_definitions SET checksum = 'changed'`); err != nil {
		t.Fatal(err)
	}
	if err := db.Ready(ctx); err == nil || !strings.Contains(err.Error(), "sql/") {
		t.Fatalf("ready with changed definitions: %v, want them pending", err)
	}
	if err := data.MigrateDSN(ctx, db.AdminDSN, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.Ready(ctx); err != nil {
		t.Fatal(err)
	}
	diffCatalogs(t, before, catalog(t, db.AdminDSN))
}

// TestEveryDefinitionHasASubjectFile checks that each function, trigger and
// view of a migrated database is defined in a file of data/sql, so the
// files say what the database runs.
func TestEveryDefinitionHasASubjectFile(t *testing.T) {
	sites := definitionSites(t)
	for _, line := range catalog(t, dbtest.New(t).AdminDSN) {
		kind, rest, _ := strings.Cut(line, " ")
		if kind != "function" && kind != "trigger" && kind != "view" {
			continue
		}
		name, _, _ := strings.Cut(rest, "(")
		name = strings.Fields(name)[0]
		if _, ok := sites[name]; !ok {
			t.Errorf("%s %s is not defined in any data/sql file", kind, name)
		}
	}
}

// catalogQueries list what a schema consists of, one text line per object:
// columns, constraints, indexes, functions (with bodies), triggers, views,
// privileges and default privileges.
var catalogQueries = []string{
	`SELECT format('column %s.%s %s %s %s acl=%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
	        CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END, coalesce(pg_get_expr(d.adbin, d.adrelid), ''), a.attacl)
	 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
	 LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
	`SELECT format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
	 FROM pg_constraint WHERE connamespace = 'public'::regnamespace`,
	`SELECT format('index %s', pg_get_indexdef(indexrelid)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
	 WHERE c.relnamespace = 'public'::regnamespace`,
	`SELECT format('function %s %s acl=%s', p.oid::regprocedure, pg_get_functiondef(p.oid), p.proacl)
	 FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
	 AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`,
	`SELECT format('trigger %s %s', tgname, pg_get_triggerdef(t.oid)) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
	 WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal`,
	`SELECT format('view %s %s', c.relname, pg_get_viewdef(c.oid)) FROM pg_class c
	 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm')
	 AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`,
	`SELECT format('acl %s %s', c.oid::regclass, c.relacl) FROM pg_class c
	 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'S', 'p')`,
	`SELECT format('default acl %s %s', defaclobjtype, defaclacl) FROM pg_default_acl`,
	`SELECT format('type %s', t.oid::regtype) FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace
	 AND t.typtype IN ('c', 'e', 'd') AND NOT EXISTS (SELECT FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c')`,
}

// catalog returns the sorted lines of catalogQueries for the database at dsn.
func catalog(t *testing.T, dsn string) []string {
	t.Helper()
	ctx := context.Background()
	conn := dbtest.Connect(t, dsn)
	var lines []string
	for _, q := range catalogQueries {
		rows, err := conn.Query(ctx, q+` ORDER BY 1`)
		if err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, got...)
	}
	return lines
}

// diffCatalogs fails t with the lines only one of want and got has.
func diffCatalogs(t *testing.T, want, got []string) {
	t.Helper()
	count := map[string]int{}
	for _, l := range want {
		count[l]++
	}
	for _, l := range got {
		count[l]--
	}
	var diff []string
	for l, n := range count {
		switch {
		case n > 0:
			diff = append(diff, fmt.Sprintf("only in fresh:    %s", l))
		case n < 0:
			diff = append(diff, fmt.Sprintf("only in upgraded: %s", l))
		}
	}
	if len(diff) > 0 {
		sort.Strings(diff)
		t.Errorf("%d catalog differences:\n%s", len(diff), strings.Join(diff, "\n"))
	}
}
