# RealtimeOperator: `make run` starts the product on this machine, `make test` runs everything CI runs.
SLN := RealtimeOperator.sln
DOTNET ?= dotnet

.PHONY: build test run bench crds fmt clean deps images

build:
	$(DOTNET) build $(SLN) --nologo

deps:
	./scripts/ensure-deps.sh

# The demo page test drives Debian's chromium, so `make test` has ensure-deps install it too.
test: export WITH_BROWSER := 1
test: deps
	./scripts/check-test-names.sh
	./scripts/test-summary.sh

# The scaled architecture on loopback from a RealtimeCluster (CLUSTER=...): Redis with a password, the server
# replicas and a cookie-sticky proxy, rendered exactly as for Kubernetes. Ctrl-C stops everything. It needs no
# Node: the launcher itself installs redis-server and haproxy (root + apt) or names the command to run.
# Your own app runs from a local command in place of its image: APP='/usr/bin/python3 examples/flask-socketio/app.py'.
CLUSTER ?= examples/local.yaml
APP ?=
run:
	$(DOTNET) build realtime-server/Realtime.Server --nologo
	$(DOTNET) run --project tools/Realtime.Local -- -f $(abspath $(CLUSTER)) \
	  --server-assembly $(CURDIR)/realtime-server/Realtime.Server/bin/Debug/net10.0/realtime-server.dll \
	  $(if $(APP),--app-command "$(APP)" --app-directory $(CURDIR))

bench: deps
	./scripts/bench.sh

crds:
	$(DOTNET) run --project operator/Realtime.Operator -- crd --output $(CURDIR)/crds/realtimecluster.yaml \
	  --output $(CURDIR)/charts/realtime-operator/crds/realtimecluster.yaml --reference $(CURDIR)/docs/reference.md

fmt:
	$(DOTNET) format $(SLN)

clean:
	$(DOTNET) clean $(SLN) --nologo
	rm -rf artifacts

# Container images, tagged $(IMAGE_REGISTRY)/<name>:<Version from Directory.Build.props>; needs a Docker engine with BuildKit.
IMAGE_REGISTRY ?= ghcr.io/realtime-dev
VERSION := $(shell sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
REVISION := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
IMAGE_ARGS = --build-arg VERSION=$(VERSION) --build-arg REVISION=$(REVISION)

images:
	docker build -f realtime-server/Realtime.Server/Dockerfile $(IMAGE_ARGS) -t $(IMAGE_REGISTRY)/realtime-server:$(VERSION) .
	docker build -f operator/Realtime.Operator/Dockerfile $(IMAGE_ARGS) -t $(IMAGE_REGISTRY)/realtime-operator:$(VERSION) .
