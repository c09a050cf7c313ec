// Command pantau is Pantau's single binary: the HTTP service, migrations,
// importers, the demo data loader and token administration.
//
// Every command reads PANTAU_HOME (default ./.pantau) and DATABASE_URL; with
// no DATABASE_URL it starts or reuses the private PostgreSQL cluster under
// PANTAU_HOME.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"pantau/data"
	"pantau/data/pgcluster"
	"pantau/geo"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "pantau:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `pantau — foreign-resident oversight for Kabupaten Cianjur

Usage:
  pantau serve [--addr 127.0.0.1:8080] [--demo-if-empty]
  pantau migrate
  pantau import boundaries|accommodations|stays FILE [flags]
  pantau demo [--stays N] [--seed S]
  pantau token create --role R [--name N] [--area CODE] [--expires D]
  pantau user create --username U --role R [--area CODE] [--name N]   (password: PANTAU_PASSWORD or stdin)
  pantau db status|stop|backup FILE|restore FILE
  pantau fieldkit --area CODE --out FILE.pmtiles (--token T | --role R [--scope CODE]) [--teams N] [--at D]

Common flags (and environment):
  --home DIR          PANTAU_HOME   private cluster folder (default ./.pantau)
  --database-url URL  DATABASE_URL  use this PostgreSQL instead of the private cluster
  --log-level LEVEL   PANTAU_LOG_LEVEL  debug, info, warn, error (default info)
`

// common holds the flags every command shares.
type common struct {
	home, databaseURL, logLevel string
	stmtTimeout                 time.Duration
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.home, "home", env("PANTAU_HOME", ".pantau"), "private cluster folder (PANTAU_HOME)")
	fs.StringVar(&c.databaseURL, "database-url", env("DATABASE_URL", ""), "PostgreSQL URL (DATABASE_URL); empty: private cluster")
	fs.StringVar(&c.logLevel, "log-level", env("PANTAU_LOG_LEVEL", "info"), "log level: debug, info, warn, error (PANTAU_LOG_LEVEL)")
	fs.DurationVar(&c.stmtTimeout, "statement-timeout", envDuration("PANTAU_STATEMENT_TIMEOUT", 30*time.Second), "per-statement timeout (PANTAU_STATEMENT_TIMEOUT)")
}

func (c *common) logger(w io.Writer) *slog.Logger {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.logLevel)); err != nil {
		lvl = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lvl}))
}

func (c *common) open(ctx context.Context, log *slog.Logger) (*data.DB, error) {
	return data.Open(ctx, data.Config{URL: c.databaseURL, Home: c.home, Logger: log, StatementTimeout: c.stmtTimeout})
}

// command is one subcommand: it parses its own flags from args.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) error

func commands() map[string]command {
	return map[string]command{
		"serve":    cmdServe,
		"migrate":  cmdMigrate,
		"import":   cmdImport,
		"demo":     cmdDemo,
		"token":    cmdToken,
		"user":     cmdUser,
		"db":       cmdDB,
		"fieldkit": cmdFieldkit,
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		return usageError{fmt.Sprintf("unknown command %q\n\n%s", args[0], usage)}
	}
	return cmd(ctx, args[1:], stdout, stderr)
}

// commandFlags gives the flag set of the subcommand "pantau name", its
// usage and errors written to stderr, with the flags every command shares
// (--home, --database-url, --log-level, --statement-timeout) registered.
func commandFlags(name string, stderr io.Writer) (*flag.FlagSet, *common) {
	fs := flag.NewFlagSet("pantau "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := new(common)
	c.register(fs)
	return fs, c
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := commandFlags("migrate", stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := c.open(ctx, c.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}

func cmdToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError{"usage: pantau token create --role R [--name N] [--area CODE] [--expires D]"}
	}
	fs, c := commandFlags("token create", stderr)
	role := fs.String("role", "", "viewer, officer, analyst or admin (required)")
	name := fs.String("name", "", "a name for the token, shown in the audit log")
	area := fs.String("area", "", "Kemendagri code of the area the token is scoped to (officers)")
	expiresFlag := fs.String("expires", "", "lifetime, e.g. 720h or 90d; empty = never")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	r, err := geo.ParseRole(*role)
	if err != nil {
		return usageError{"--role: " + geo.ErrorMessage(err)}
	}
	expires, err := parseExpiry(*expiresFlag)
	if err != nil {
		return usageError{err.Error()}
	}
	log := c.logger(stderr)
	db, err := c.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	t := data.NewToken{Name: *name, Role: r, AreaCode: *area}
	if expires > 0 {
		t.Expires = time.Now().Add(expires)
	}
	token, id, err := db.CreateToken(ctx, t)
	if err != nil {
		return fmt.Errorf("create token: %s", geo.ErrorMessage(err))
	}
	db.Audit(ctx, data.AuditEntry{Actor: "cli", Role: "admin", Action: "token.create", Resource: fmt.Sprintf("token/%d", id),
		Params: map[string]any{"role": r, "name": t.Name, "area": t.AreaCode, "expires": t.Expires}, Outcome: "ok", ClientAddr: "local"})
	fmt.Fprintln(stdout, token)
	return nil
}

func cmdDB(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "backup" || args[0] == "restore") {
		return cmdDBBackup(ctx, args, stdout, stderr)
	}
	if len(args) == 0 || (args[0] != "status" && args[0] != "stop") {
		return usageError{"usage: pantau db status|stop|backup FILE|restore FILE"}
	}
	fs, c := commandFlags("db "+args[0], stderr)
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if c.databaseURL != "" {
		return usageError{"pantau db manages the private cluster; DATABASE_URL is set"}
	}
	// Neither command starts or creates a cluster.
	cl, state, err := pgcluster.Find(ctx, pgcluster.Config{Home: c.home, Logger: c.logger(stderr)})
	if err != nil {
		return err
	}
	switch {
	case state == pgcluster.Absent:
		fmt.Fprintf(stdout, "absent: no cluster for PANTAU_HOME %s (pantau serve or pantau migrate creates one)\n", c.home)
	case args[0] == "stop" && state == pgcluster.Running:
		if err := cl.Stop(ctx); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "stopped PostgreSQL in", cl.DataDir)
	default:
		fmt.Fprintf(stdout, "%s: data %s, socket %s\n", state, cl.DataDir, cl.SocketDir)
	}
	return nil
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && strings.TrimSpace(v) != "" {
		return v
	}
	return def
}

func envDuration(key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(env(key, "")); err == nil {
		return d
	}
	return def
}

func envInt(key string, def int) int {
	var n int
	if _, err := fmt.Sscan(env(key, ""), &n); err == nil {
		return n
	}
	return def
}
