# minilateral — build, test, benchmark and regenerate results.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/minilateral
OUT     ?= out
J       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all build test check bench benchcmp demo figures fuzz clean cluster-test parquet-check dist

all: build

build:
	$(GO) build -buildvcs=false -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/minilateral

# The test command of the README and of CI: formatting, vet, then every
# test with the race detector.
test: check
	$(GO) test -race -count=1 -timeout 30m ./...

check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

# Benchmarks; compare runs with benchstat (see docs/performance.md).
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 10 ./... | tee bench.txt

# The model's benchmarks at BASE against the working tree, alternated and
# pinned to one CPU, with instruction counts (scripts/benchcmp.sh).
BASE ?= HEAD
benchcmp:
	scripts/benchcmp.sh -i $(BASE)

# The main job: the bundled default sweep with its figures, in $(OUT)/.
demo: build
	$(BIN) sweep export-controls-vs-threat -j $(J) --out $(OUT)/export-controls-vs-threat

# Regenerates docs/figures/ from bundled scenarios with fixed seeds,
# byte for byte.
figures:
	J=$(J) scripts/figures.sh

# A real single-node SLURM cluster (root; installs slurm-wlm and munge
# when missing): docs/cluster.md.
cluster-test:
	scripts/slurm-test.sh

# Every value of the Parquet tables, read by an independent reader
# (hyparquet, from npm), equals the CSV's: docs/outputs.md.
parquet-check:
	scripts/parquet-check.sh

# Each fuzz target for FUZZTIME (default 60s), reporting executions per
# second; a crash, a stall or a slow interval fails (scripts/fuzz.sh).
fuzz:
	scripts/fuzz.sh

# Static binaries for classrooms (no Go needed to run them), with SHA-256
# sums, in dist/. See README "For students".
PLATFORMS := linux/amd64 linux/arm64 darwin/arm64 darwin/amd64 windows/amd64
dist:
	rm -rf dist && mkdir -p dist
	for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -buildvcs=false \
			-ldflags "-s -w $(LDFLAGS)" -o dist/minilateral-$(VERSION)-$$os-$$arch$$ext ./cmd/minilateral || exit 1; \
	done
	cd dist && sha256sum minilateral-* > SHA256SUMS && cat SHA256SUMS

clean:
	rm -rf bin dist $(OUT) bench.txt
