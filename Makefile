# regctl — the two commands a new machine needs are `make demo` and `make test`.
SWIFT ?= swift
PREFIX ?= /usr/local

.PHONY: all deps build test demo clean

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

clean:
	rm -rf .build
