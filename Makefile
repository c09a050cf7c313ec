# Pantau — two commands do everything on a fresh Debian 12 machine:
#   make run    build, start the private PostGIS, migrate, load the demo data, serve the map
#   make test   go vet + go test against a private PostGIS (installed if missing)
GO        ?= go
BIN       := bin/pantau
ADDR      ?= 127.0.0.1:8080
export PANTAU_HOME ?= $(CURDIR)/.pantau
BENCHTIME ?= 1x
BENCH     ?= .
FUZZTIME  ?= 5s

.PHONY: all build run test bench bench-10m cluster-demo fuzz fuzz-short clean deps-run deps-test web

all: build

build: web
	$(GO) build -o $(BIN) .

# The web map's bundle (api/web/app, embedded in the binary): npm ci installs
# the pinned packages from web/package-lock.json, esbuild bundles web/src.
# `go build` works without it; the binary then serves a 503 page at /.
# The map's label glyphs (SDF PBF ranges, served at /fonts/{stack}/{range}.pbf)
# are made from Debian's fonts-dejavu-core by scripts/glyphs: Latin, Latin
# Extended, IPA/spacing marks and general punctuation.
FONTS        ?= /usr/share/fonts/truetype/dejavu
GLYPH_RANGES ?= 0-767,8192-8447
WEB_SRC := $(wildcard web/src/*.js web/src/*/*.js web/src/*.css) web/build.mjs
web: api/web/app/manifest.json

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

api/web/app/manifest.json: web/node_modules/.package-lock.json $(WEB_SRC) web/index.html $(wildcard scripts/glyphs/*.go)
	cd web && node build.mjs
	$(GO) run ./scripts/glyphs -out api/web/app/fonts -ranges $(GLYPH_RANGES) \
	  -font 'DejaVu Sans=$(FONTS)/DejaVuSans.ttf'

run: deps-run build
	$(BIN) serve --addr $(ADDR) --demo-if-empty

test: deps-test web
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 30m ./...
	$(MAKE) fuzz-short

# Every fuzz target in the repository, FUZZTIME each (5s in `make test`;
# `make fuzz-short FUZZTIME=1m` for the minute-long run). Targets are
# discovered with `go test -list`, so new ones are included automatically;
# only packages whose tests mention "func Fuzz" are listed. A run that ends
# with the engine's own "context deadline exceeded" and no failing input (a
# Go fuzzing hiccup seen in CI) runs again, up to three times; a failing
# input fails at once.
fuzz: FUZZTIME = 1m
fuzz: fuzz-short

fuzz-short:
	@set -e; for dir in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
	  targets=$$($(GO) test -list '^Fuzz' $$dir | grep '^Fuzz'); \
	  dup=$$(echo "$$targets" | sort | uniq -d); \
	  if [ -n "$$dup" ]; then echo "fuzz target $$dup is defined twice in $$dir (package and _test package): rename one"; exit 1; fi; \
	  for target in $$targets; do \
	    echo "fuzz $$dir $$target ($(FUZZTIME))"; \
	    for try in 1 2 3; do \
	      out=$$($(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$dir 2>&1) && status=0 || status=$$?; \
	      echo "$$out"; \
	      if [ $$status -eq 0 ]; then break; fi; \
	      if [ $$try -eq 3 ] || ! echo "$$out" | grep -q 'context deadline exceeded' || echo "$$out" | grep -q 'Failing input written'; then exit $$status; fi; \
	      echo "fuzz $$target: the fuzzing engine ran out of its own time (no failing input); again"; \
	    done; \
	  done; \
	done

# Benchmarks print one table; see docs/benchmarks.md. -p 1: one package at a
# time, so that no benchmark measures beside another one's load.
# A 3-node etcd, a primary and two replicas under Patroni, two Pantau
# instances and haproxy on loopback: started, checked, switched over and
# stopped again (scripts/cluster-demo.sh; docs/operations.md).
cluster-demo:
	scripts/cluster-demo.sh

bench: deps-test
	$(GO) test -p 1 -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -timeout 60m ./... | awk -f scripts/benchtable.awk

# 10× the data: every figure of the benchmark tables over 1,000,000 and
# 10,000,000 stays in one run, one table with the ratios and the targets at
# 10M (BenchmarkScale; `make bench` runs the same at 10,000/100,000). The
# datasets are built once into the test cluster (PANTAU_TEST_HOME) and kept.
bench-10m: deps-test
	PANTAU_TEST_SHARED_BUFFERS=service PANTAU_SCALE_STAYS=1000000 $(GO) test -run '^$$' -bench '^BenchmarkScale$$' -benchtime 1x -timeout 120m ./api | awk -f scripts/benchtable.awk

deps-run:
	@scripts/ensure-deps.sh run

deps-test:
	@scripts/ensure-deps.sh test

clean:
	rm -rf bin api/web/app web/node_modules
