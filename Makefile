# regctl — the two commands a new machine needs are `make demo` and `make test`.
SWIFT ?= swift
PREFIX ?= /usr/local

RELEASE = $(SWIFT) build -c release --static-swift-stdlib --scratch-path .build-release

.PHONY: all deps build test demo bench release clean

all: build

deps:
	scripts/install-deps

build: deps
	$(SWIFT) build --build-tests

test: build
	$(SWIFT) test --skip-build

demo: deps
	$(SWIFT) build --product regctl
	$(SWIFT) build --product docker-credential-regctl
	$(SWIFT) build --product regctl-demo
	$$($(SWIFT) build --show-bin-path)/regctl-demo

release: deps
	$(RELEASE) --product regctl
	$(RELEASE) --product docker-credential-regctl

bench: release
	$(RELEASE) --product regctl-bench
	$$($(RELEASE) --show-bin-path)/regctl-bench

clean:
	rm -rf .build .build-release
