# Pantau — two commands do everything on a fresh Debian 12 machine:
#   make run    build, start the private PostGIS, migrate, load the demo data, serve the map
#   make test   go vet + go test against a private PostGIS (installed if missing)
GO        ?= go
BIN       := bin/pantau
ADDR      ?= 127.0.0.1:8080
export PANTAU_HOME ?= $(CURDIR)/.pantau
BENCHTIME ?= 1x
BENCH     ?= .

.PHONY: all build run test bench fuzz clean deps-run deps-test

all: build

build:
	$(GO) build -o $(BIN) .

run: deps-run build
	$(BIN) serve --addr $(ADDR) --demo-if-empty

test: deps-test
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 30m ./...

# Benchmarks print one table; see README "Benchmarks".
bench: deps-test
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -timeout 60m ./... | awk -f scripts/benchtable.awk

deps-run:
	@scripts/ensure-deps.sh run

deps-test:
	@scripts/ensure-deps.sh test

clean:
	rm -rf bin
