// Package pgcluster runs Pantau's embedded PostgreSQL/PostGIS cluster: it
// finds, creates, starts and stops a private cluster under PANTAU_HOME
// (reachable over a Unix socket, its superuser behind a password), starts
// streaming replicas of it for tests, and backs a database up and restores
// it with pg_dump/pg_restore. It knows nothing of Pantau's schema
// (package data migrates and uses the database).
package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// Superuser is the cluster's bootstrap superuser; it runs migrations.
// AppRole is the role the service's pool connects as (see migrations).
const (
	Superuser = "pantau"
	AppRole   = "pantau_app"
	DBName    = "pantau"
)

// Config describes the private PostgreSQL cluster under a PANTAU_HOME.
type Config struct {
	Home   string // PANTAU_HOME; the data directory is Home/pg, the socket Home/run
	Logger *slog.Logger
	// NoFsync trades crash safety for speed; only tests set it.
	NoFsync bool
	// Settings are extra postgresql.conf settings written at every start.
	Settings map[string]string
}

// Cluster is a running private PostgreSQL cluster reachable over a Unix socket.
type Cluster struct {
	Home string
	// Root holds the data directory (pg), the socket (run) and
	// postgres.log: Home itself, unless pantau runs as root and the
	// unprivileged account cannot reach Home (a folder under /root, mode
	// 700); then a folder of that account's under ExternalRoot.
	Root      string
	DataDir   string
	SocketDir string
	bin       string
	runAs     *user.User // nil when not root
	log       *slog.Logger
}

// ErrMissingBinaries is returned when the PostgreSQL server binaries or
// PostGIS are not installed.
var ErrMissingBinaries = errors.New("PostgreSQL 15 server binaries with PostGIS 3 are required: apt-get install postgresql-15 postgresql-15-postgis-3")

// Ensure starts the cluster under cfg.Home, or reuses it when another
// process already started it. It creates the cluster on first use, copes with
// a stale postmaster.pid left by a crash and serialises concurrent starters
// with a file lock, so two pantau processes sharing one home share one server.
func Ensure(ctx context.Context, cfg Config) (*Cluster, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	home, err := filepath.Abs(cfg.Home)
	if err != nil {
		return nil, fmt.Errorf("PANTAU_HOME %q: %w", cfg.Home, err)
	}
	bin, err := findBinDir()
	if err != nil {
		return nil, err
	}
	c := &Cluster{Home: home, Root: home, bin: bin, log: log}
	if os.Geteuid() == 0 {
		if c.runAs, err = unprivilegedUser(); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(home, 0o755); err != nil {
		return nil, fmt.Errorf("create PANTAU_HOME %s: %w", home, err)
	}
	if c.runAs != nil && !c.reachable(ctx, home) {
		c.Root = filepath.Join(ExternalRoot, externalName(home))
		log.Info("PANTAU_HOME is not reachable by the account PostgreSQL runs as; its cluster lives elsewhere",
			"home", home, "account", c.runAs.Username, "cluster", c.Root)
	}
	c.DataDir, c.SocketDir = filepath.Join(c.Root, "pg"), filepath.Join(c.Root, "run")
	if n := len(c.SocketDir) + len("/.s.PGSQL.5432"); n > 107 {
		return nil, fmt.Errorf("PANTAU_HOME %q is too long for a Unix socket path (%d > 107 bytes); choose a shorter one", home, n)
	}
	for _, d := range []string{c.Root, c.SocketDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("create %s: %w", d, err)
		}
		if err := c.chown(d); err != nil {
			return nil, err
		}
	}
	if c.Root != home {
		if err := os.WriteFile(filepath.Join(c.Root, "PANTAU_HOME"), []byte(home+"\n"), 0o644); err != nil {
			return nil, err
		}
	}
	unlock, err := lockFile(ctx, filepath.Join(home, "cluster.lock"))
	if err != nil {
		return nil, err
	}
	defer unlock()

	if _, err := os.Stat(filepath.Join(c.DataDir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := c.initdb(ctx); err != nil {
			return nil, err
		}
	}
	if err := c.writeSettings(cfg); err != nil {
		return nil, err
	}
	if c.Ping(ctx) == nil {
		log.Debug("reusing running cluster", "home", home)
		return c, c.bootstrap(ctx)
	}
	if err := c.clearStalePID(); err != nil {
		return nil, err
	}
	start := time.Now()
	if out, err := c.run(ctx, filepath.Join(bin, "pg_ctl"), "-D", c.DataDir, "-l", filepath.Join(c.Root, "postgres.log"), "-w", "-t", "120", "start"); err != nil {
		return nil, fmt.Errorf("start PostgreSQL in %s: %w\n%s(see %s)", c.DataDir, err, out, filepath.Join(c.Root, "postgres.log"))
	}
	log.Info("started embedded PostgreSQL", "home", home, "took", time.Since(start).Round(time.Millisecond).String())
	return c, c.bootstrap(ctx)
}

// ConnString returns a keyword/value connection string for db as user
// (with the superuser's password for Superuser; see auth.go).
func (c *Cluster) ConnString(db, user string) string {
	s := fmt.Sprintf("host=%s port=5432 user=%s dbname=%s sslmode=disable", c.SocketDir, user, db)
	if pw := c.superuserPassword(); user == Superuser && pw != "" {
		s += " password=" + pw
	}
	return s
}

// Ping reports whether the server accepts connections.
func (c *Cluster) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.ConnString("postgres", Superuser))
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

// Stop shuts the server down (fast mode: open sessions are rolled back).
func (c *Cluster) Stop(ctx context.Context) error {
	out, err := c.run(ctx, filepath.Join(c.bin, "pg_ctl"), "-D", c.DataDir, "-m", "fast", "-w", "stop")
	if err != nil {
		return fmt.Errorf("stop PostgreSQL: %w\n%s", err, out)
	}
	return nil
}

// Start starts a stopped server again (tests use Stop and Start to simulate
// an outage).
func (c *Cluster) Start(ctx context.Context) error {
	if err := c.clearStalePID(); err != nil {
		return err
	}
	out, err := c.run(ctx, filepath.Join(c.bin, "pg_ctl"), "-D", c.DataDir, "-l", filepath.Join(c.Root, "postgres.log"), "-w", "-t", "120", "start")
	if err != nil {
		return fmt.Errorf("start PostgreSQL: %w\n%s", err, out)
	}
	return nil
}

// bootstrap reloads the settings and creates the application database and
// login role when missing.
func (c *Cluster) bootstrap(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, c.ConnString("postgres", Superuser))
	if err != nil {
		return fmt.Errorf("connect to embedded PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)
	// A server that was already running reads the settings just written
	// (those it can change without a restart, such as max_wal_size).
	if _, err := conn.Exec(ctx, `SELECT pg_reload_conf()`); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(4242)`); err != nil {
		return err
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(4242)`)
	if err := c.secureSuperuser(ctx, conn); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf(`DO $$ BEGIN
		IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%[1]s') THEN CREATE ROLE %[1]s LOGIN; END IF;
	END $$`, AppRole)); err != nil {
		return fmt.Errorf("create role %s: %w", AppRole, err)
	}
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)`, DBName).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+DBName); err != nil {
			return fmt.Errorf("create database %s: %w", DBName, err)
		}
	}
	return nil
}

func (c *Cluster) initdb(ctx context.Context) error {
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return err
	}
	if err := c.chown(c.DataDir); err != nil {
		return err
	}
	c.log.Info("creating embedded PostgreSQL cluster", "dir", c.DataDir)
	// Text sorts by code point either way: glibc's C.UTF-8 collates by
	// code point, and so does the C collation on UTF-8 bytes. But
	// PostgreSQL compares C-collated text with memcmp and abbreviates its
	// sort keys, where any other collation goes through strcoll for every
	// comparison: the text B-trees of stays (source key, passport) build
	// and grow markedly faster (docs/benchmarks.md, session 10). Character
	// classes (upper, lower, ILIKE, regular expressions) still follow
	// C.UTF-8.
	out, err := c.run(ctx, filepath.Join(c.bin, "initdb"), "-D", c.DataDir, "-U", Superuser, "--auth=trust", "-E", "UTF8",
		"--locale=C.UTF-8", "--lc-collate=C", "--no-instructions")
	if err != nil {
		os.RemoveAll(c.DataDir)
		return fmt.Errorf("initdb %s: %w\n%s", c.DataDir, err, out)
	}
	conf := filepath.Join(c.DataDir, "postgresql.conf")
	f, err := os.OpenFile(conf, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteString("\ninclude_if_exists = 'pantau.conf'\n")
	return err
}

// SharedBuffers is the shared_buffers setting of a cluster: a quarter of
// the machine's memory, at least 256 MB and at most 8 GB, as PostgreSQL's
// documentation advises for a dedicated server (a test cluster, noFsync,
// keeps 256 MB: many run side by side). The stays' indexes the tiles and
// density read grow with the data (about 3 GB at 10,000,000 stays); with
// 256 MB a z8–z12 stays tile on the 10M benchmark set read most of its
// 9,500 index pages from the operating system's cache: 90 ms against 57
// with 4 GB. A change takes effect when the cluster next starts.
func SharedBuffers(noFsync bool) string {
	const mb = 1 << 20
	size := uint64(256 * mb)
	if !noFsync {
		size = min(max(memTotal()/4, size), 8192*mb)
	}
	return fmt.Sprintf("'%dMB'", size/mb)
}

// memTotal is the machine's memory in bytes (/proc/meminfo), 0 if unknown.
func memTotal() uint64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
			kb, err := strconv.ParseUint(f[1], 10, 64)
			if err == nil {
				return kb * 1024
			}
		}
	}
	return 0
}

// writeSettings rewrites pantau.conf, read by the server at start.
func (c *Cluster) writeSettings(cfg Config) error {
	s := map[string]string{
		"listen_addresses":        "''",
		"unix_socket_directories": "'" + c.SocketDir + "'",
		"unix_socket_permissions": "0770",
		"port":                    "5432",
		"max_connections":         "200",
		"shared_buffers":          SharedBuffers(cfg.NoFsync),
		"work_mem":                "'32MB'",
		"maintenance_work_mem":    "'256MB'",
		// A bulk import of 1,000,000 stays writes about 1.2 GB of WAL (the
		// rows, then the rebuilt indexes); with the default 1 GB a
		// checkpoint starts in the middle of it and the index build slows
		// by a third. PostgreSQL's "Populating a Database" advises raising
		// it. Crash recovery replays at most this much.
		"max_wal_size":     "'2GB'",
		"jit":              "off",
		"timezone":         "'UTC'",
		"log_min_messages": "warning",
	}
	if cfg.NoFsync {
		s["fsync"] = "off"
		s["synchronous_commit"] = "off"
		s["full_page_writes"] = "off"
		s["max_connections"] = "500" // many test processes share one test cluster
	}
	for k, v := range cfg.Settings {
		s[k] = v
	}
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("# written by pantau at every start; edit settings through pantau's configuration\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "%s = %s\n", k, s[k])
	}
	path := filepath.Join(c.DataDir, "pantau.conf")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return err
	}
	return c.chown(path)
}

// clearStalePID removes postmaster.pid when the process it names is gone
// (a crash or SIGKILL of the machine); a live postmaster is left alone.
func (c *Cluster) clearStalePID() error {
	path := filepath.Join(c.DataDir, "postmaster.pid")
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if pid > 0 && processAlive(pid) {
		comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if strings.HasPrefix(strings.TrimSpace(string(comm)), "postgres") {
			return fmt.Errorf("PostgreSQL (pid %d) holds %s but does not accept connections on %s; see %s", pid, c.DataDir, c.SocketDir, filepath.Join(c.Root, "postgres.log"))
		}
	}
	c.log.Warn("removing stale postmaster.pid", "pid", pid)
	return os.Remove(path)
}

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func (c *Cluster) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	return c.runEnv(ctx, nil, name, args...)
}

// runEnv is run with extra environment variables.
func (c *Cluster) runEnv(ctx context.Context, env []string, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = c.Root
	cmd.Env = append(append(os.Environ(), "LC_ALL=C.UTF-8"), env...)
	if c.runAs != nil {
		uid, _ := strconv.Atoi(c.runAs.Uid)
		gid, _ := strconv.Atoi(c.runAs.Gid)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
		cmd.Env = append(cmd.Env, "HOME="+c.Root)
	}
	// pg_ctl start leaves the postmaster running; it must not inherit our
	// stdout or the caller would wait for it.
	f, err := os.CreateTemp("", "pantau-pgctl-*.log")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	cmd.Stdout, cmd.Stderr = f, f
	err = cmd.Run()
	out, _ := os.ReadFile(f.Name())
	return out, err
}

func (c *Cluster) chown(path string) error {
	if c.runAs == nil {
		return nil
	}
	uid, _ := strconv.Atoi(c.runAs.Uid)
	gid, _ := strconv.Atoi(c.runAs.Gid)
	if err := os.Chown(path, uid, gid); err != nil {
		return fmt.Errorf("chown %s to %s: %w", path, c.runAs.Username, err)
	}
	return nil
}

// unprivilegedUser picks the account the server runs as when pantau runs as
// root: PostgreSQL refuses to run as root.
func unprivilegedUser() (*user.User, error) {
	for _, name := range []string{"postgres", "nobody"} {
		if u, err := user.Lookup(name); err == nil {
			return u, nil
		}
	}
	return nil, errors.New("running as root needs an unprivileged account for PostgreSQL: create user 'postgres' (apt-get install postgresql-15 does)")
}

// findBinDir locates initdb/pg_ctl/postgres of a PostgreSQL with PostGIS.
func findBinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append([]string{strings.TrimSpace(string(out))}, dirs...)
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "postgres")); err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "initdb")); err != nil {
			continue
		}
		ver := filepath.Base(filepath.Dir(d))
		if matches, _ := filepath.Glob("/usr/share/postgresql/" + ver + "/extension/postgis.control"); len(matches) == 0 {
			if _, err := strconv.Atoi(ver); err == nil {
				return "", fmt.Errorf("PostGIS is not installed for PostgreSQL %s: apt-get install postgresql-%s-postgis-3", ver, ver)
			}
		}
		return d, nil
	}
	return "", ErrMissingBinaries
}
