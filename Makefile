# RealtimeOperator: `make run` starts the product on this machine, `make test` runs everything CI runs.
SLN := RealtimeOperator.sln
DOTNET ?= dotnet

.PHONY: build test run bench crds fmt clean deps

build:
	$(DOTNET) build $(SLN) --nologo

deps:
	./scripts/ensure-deps.sh

test: deps
	./scripts/test-summary.sh

run: deps
	$(DOTNET) run --project realtime-server/Realtime.Server

bench: deps
	./scripts/bench.sh

crds:
	$(DOTNET) run --project operator/Realtime.Operator -- crd --output crds/realtimecluster.yaml

fmt:
	$(DOTNET) format $(SLN)

clean:
	$(DOTNET) clean $(SLN) --nologo
	rm -rf artifacts
