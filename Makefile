GO ?= go
PKGS := ./...

.PHONY: build test bench bench-ratio fuzz golden vet

build:
	$(GO) build -o bin/obcert ./cmd/obcert

# The test command CI runs (see .ci/run).
test:
	$(GO) vet $(PKGS)
	$(GO) test -count=1 -timeout 20m $(PKGS)
	cd deploy/k8s && $(GO) vet ./... && $(GO) test -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

# The floor and pipeline benchmarks of cmd/obcert/perf_bench_test.go at GOMAXPROCS=1, in
# BENCHCOUNT rounds (each round runs every benchmark once, so a pipeline and its floor run seconds
# apart), and each pipeline figure as a ratio to its floor from the same rounds.
BENCHCOUNT ?= 5
BENCH_RATIO := ^Benchmark(FloorHosted|FloorSigned|FloorBakedPNG|BatchHosted|BatchSigned|BatchBakedPNG|ColdHosted|ColdSigned)$$
bench-ratio:
	$(GO) test -c -o bench-ratio.test ./cmd/obcert
	: > bench-ratio.out
	cd cmd/obcert && for i in $$(seq $(BENCHCOUNT)); do \
		../../bench-ratio.test -test.run '^$$' -test.bench '$(BENCH_RATIO)' -test.benchmem -test.cpu 1 -test.count 1 >> ../../bench-ratio.out || { cat ../../bench-ratio.out; exit 1; }; \
	done
	rm -f bench-ratio.test
	cat bench-ratio.out
	$(GO) run ./internal/tools/benchratio < bench-ratio.out

# Run every fuzz target for FUZZTIME each (default 1m), in the packages FUZZ_DIRS holds.
FUZZTIME ?= 1m
FUZZ_DIRS := openbadges internal runner
fuzz:
	@for t in $$($(GO) test -list '^Fuzz' $(FUZZ_DIRS:%=./%/...) | grep '^Fuzz'); do \
		pkg=$$(grep -rl "func $$t(" --include='*_test.go' $(FUZZ_DIRS) | head -1 | xargs dirname); \
		echo "== $$t ($$pkg)"; \
		$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) ./$$pkg || exit 1; \
	done

# Regenerate golden files after a reviewed change. Only the packages listed here define the
# -update flag; add a package when it gets a Golden test.
GOLDEN_PKGS := ./cmd/obcert
golden:
	$(GO) test -count=1 $(GOLDEN_PKGS) -run Golden -update
