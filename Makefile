# regctl — the two commands a new machine needs are `make demo` and `make test`.
SWIFT ?= swift
PREFIX ?= /usr/local

RELEASE = $(SWIFT) build -c release --static-swift-stdlib --scratch-path .build-release

.PHONY: all deps build test demo bench release completions clean

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

completions: deps
	$(SWIFT) build --product regctl
	for shell in bash zsh fish; do \
	  case $$shell in bash) file=regctl.bash;; zsh) file=_regctl;; fish) file=regctl.fish;; esac; \
	  $$($(SWIFT) build --show-bin-path)/regctl --generate-completion-script $$shell > completions/$$file; \
	done

release: deps
	$(RELEASE) --product regctl
	$(RELEASE) --product docker-credential-regctl

bench: release
	$(RELEASE) --product regctl-bench
	$$($(RELEASE) --show-bin-path)/regctl-bench

clean:
	rm -rf .build .build-release
