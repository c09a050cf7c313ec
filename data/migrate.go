package data

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
)

//go:embed migrations/*.sql sql/*.sql
var schemaFS embed.FS

// Schema is what Migrate applies: versioned migrations (DDL, applied once,
// in name order, never edited once landed) and definitions (functions,
// triggers and views, one file per subject, re-applied whenever one of
// them changes; nil: leave them alone). docs/architecture.md "Changing SQL" says how to
// add to either.
type Schema struct {
	Migrations  fs.FS
	Definitions fs.FS
}

// EmbeddedSchema returns data/migrations and data/sql as built into the
// binary.
func EmbeddedSchema() Schema {
	m, _ := fs.Sub(schemaFS, "migrations")
	d, _ := fs.Sub(schemaFS, "sql")
	return Schema{Migrations: m, Definitions: d}
}

// migrationLock is the advisory lock key that serialises migrators.
const migrationLock = 7243_0001

// Migrate applies every migration of s not yet recorded in
// schema_migrations, in name order, each in its own transaction, while
// holding an advisory lock so concurrent migrators take turns. A failing
// migration rolls back whole and stops the run; the error names the file.
//
// When a migration ran or a definition file's checksum differs from the one
// recorded in schema_definitions, every definition file is applied again,
// in name order, in the transaction of the last migration (or a
// transaction of its own when no migration was pending), so a database
// upgraded step by step ends with the same functions, triggers and views
// as a fresh one.
func Migrate(ctx context.Context, conn *pgx.Conn, s Schema, log *slog.Logger) error {
	if log == nil {
		log = slog.Default()
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)

	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
		CREATE TABLE IF NOT EXISTS schema_definitions (
		name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	applied, err := recorded(ctx, conn, "schema_migrations")
	if err != nil {
		return err
	}
	migrations, err := readSQL(s.Migrations)
	if err != nil {
		return err
	}
	defs, err := readSQL(s.Definitions)
	if err != nil {
		return err
	}
	var pending []sqlFile
	for _, m := range migrations {
		if prev, ok := applied[m.name]; !ok {
			pending = append(pending, m)
		} else if prev != m.checksum {
			// Only migrations edited before the layout of data/sql (a test
			// now refuses edits); the definitions and later migrations
			// bring such a database to the current schema.
			log.Debug("applied migration differs from its recorded checksum", "migration", m.name)
		}
	}
	redefine := len(pending) > 0 && s.Definitions != nil
	if s.Definitions != nil && !redefine {
		done, err := recorded(ctx, conn, "schema_definitions")
		if err != nil {
			return err
		}
		redefine = len(changedDefinitions(defs, done)) > 0
	}
	for i, m := range pending {
		last := i == len(pending)-1
		if err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.body); err != nil {
				return fmt.Errorf("migration %s failed and was rolled back: %w", m.name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)`, m.name, m.checksum); err != nil {
				return err
			}
			if last && s.Definitions != nil {
				return applyDefinitions(ctx, tx, defs)
			}
			return nil
		}); err != nil {
			return err
		}
		log.Info("applied migration", "migration", strings.TrimSuffix(m.name, ".sql"))
	}
	if len(pending) == 0 && redefine {
		if err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error { return applyDefinitions(ctx, tx, defs) }); err != nil {
			return err
		}
	}
	if redefine && len(defs) > 0 {
		log.Info("applied definitions", "files", len(defs))
	}
	return nil
}

// applyDefinitions runs every definition file in tx and records their
// checksums; records of files that no longer exist are removed.
func applyDefinitions(ctx context.Context, tx pgx.Tx, defs []sqlFile) error {
	names := make([]string, 0, len(defs))
	for _, d := range defs {
		if _, err := tx.Exec(ctx, d.body); err != nil {
			return fmt.Errorf("definitions sql/%s failed and were rolled back: %w", d.name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_definitions (name, checksum) VALUES ($1, $2)
			ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()`, d.name, d.checksum); err != nil {
			return err
		}
		names = append(names, d.name)
	}
	_, err := tx.Exec(ctx, `DELETE FROM schema_definitions WHERE name <> ALL ($1)`, names)
	return err
}

// sqlFile is one .sql file of a schema folder.
type sqlFile struct{ name, body, checksum string }

// readSQL reads the .sql files of fsys (nil: none) in name order.
func readSQL(fsys fs.FS) ([]sqlFile, error) {
	if fsys == nil {
		return nil, nil
	}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	files := make([]sqlFile, 0, len(names))
	for _, name := range names {
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		files = append(files, sqlFile{name: path.Base(name), body: string(body), checksum: hex.EncodeToString(sum[:])})
	}
	return files, nil
}

type querier interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
	QueryRow(context.Context, string, ...any) pgx.Row
}

// recorded returns name → checksum of table (schema_migrations or
// schema_definitions); a table that does not exist yet records nothing.
func recorded(ctx context.Context, q querier, table string) (map[string]string, error) {
	out := map[string]string{}
	var exists bool
	if err := q.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, table).Scan(&exists); err != nil || !exists {
		return out, err
	}
	rows, err := q.Query(ctx, `SELECT name, checksum FROM `+pgx.Identifier{table}.Sanitize())
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var n, c string
		if err := rows.Scan(&n, &c); err != nil {
			return nil, err
		}
		out[n] = c
	}
	return out, rows.Err()
}

// changedDefinitions returns the definition files whose checksum differs
// from the recorded one (or that were never applied).
func changedDefinitions(defs []sqlFile, done map[string]string) []string {
	var out []string
	for _, d := range defs {
		if done[d.name] != d.checksum {
			out = append(out, "sql/"+d.name)
		}
	}
	return out
}

// Pending returns the names of embedded migrations not applied yet and of
// definition files changed since they were applied; readiness checks use
// it.
func Pending(ctx context.Context, q querier) ([]string, error) {
	s := EmbeddedSchema()
	applied, err := recorded(ctx, q, "schema_migrations")
	if err != nil {
		return nil, err
	}
	migrations, err := readSQL(s.Migrations)
	if err != nil {
		return nil, err
	}
	var pending []string
	for _, m := range migrations {
		if _, ok := applied[m.name]; !ok {
			pending = append(pending, m.name)
		}
	}
	defs, err := readSQL(s.Definitions)
	if err != nil {
		return nil, err
	}
	done, err := recorded(ctx, q, "schema_definitions")
	if err != nil {
		return nil, err
	}
	return append(pending, changedDefinitions(defs, done)...), nil
}
