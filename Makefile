# regctl — the two commands a new machine needs are `make demo` and `make test`.
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
# The package's maintainer: set it to whoever publishes the .deb.
MAINTAINER ?= regctl developers <regctl-developers@example.org>
VERSION := $(shell sed -n 's/.*current = "\(.*\)"/\1/p' Sources/RegctlCore/Support/RegctlVersion.swift)
BIN_DIR = $(DESTDIR)$(PREFIX)/bin
SHARE_DIR = $(DESTDIR)$(PREFIX)/share
# Debian's zsh reads vendor completions for /usr, site-functions elsewhere.
ZSH_DIR = $(if $(filter /usr,$(PREFIX)),$(SHARE_DIR)/zsh/vendor-completions,$(SHARE_DIR)/zsh/site-functions)

RELEASE = $(SWIFT) build -c release --static-swift-stdlib --scratch-path .build-release -Xlinker --version-script=$(CURDIR)/packaging/exports.map -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs

.PHONY: all deps build test demo bench fuzz release completions man install uninstall deb check-deb clean

all: build

deps:
	scripts/install-deps

build: deps
	$(SWIFT) build --build-tests

test: build
	$(SWIFT) test --skip-build
	$(MAKE) fuzz FUZZ_SECONDS=5

demo: deps
	$(SWIFT) build --product regctl
	$(SWIFT) build --product regctl-demo
	$$($(SWIFT) build --show-bin-path)/regctl-demo

completions: deps
	$(SWIFT) build --product regctl
	for shell in bash zsh fish; do \
	  case $$shell in bash) file=regctl.bash;; zsh) file=_regctl;; fish) file=regctl.fish;; esac; \
	  $$($(SWIFT) build --show-bin-path)/regctl --generate-completion-script $$shell > completions/$$file; \
	done

# Fuzzing with libFuzzer: every Swift module built with -sanitize=fuzzer in .build-fuzz.
# The release configuration (no testability), so that it also proves the fuzz target builds
# in release; -Onone keeps the build as fast as a debug one (-O takes about 2.5 times as long).
FUZZ_SECONDS ?= 60
FUZZ_BUILD = $(SWIFT) build -c release -Xswiftc -Onone --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DREGCTL_FUZZ
fuzz: deps
	$(FUZZ_BUILD) --product regctl-fuzz
	scripts/fuzz $$($(FUZZ_BUILD) --show-bin-path)/regctl-fuzz $(FUZZ_SECONDS)

release: deps
	$(RELEASE) --product regctl

bench: release
	$(RELEASE) --product regctl-bench
	$$($(RELEASE) --show-bin-path)/regctl-bench

man: release
	$(SWIFT) build --product generate-manual
	mkdir -p .build-release/man
	$$($(SWIFT) build --show-bin-path)/generate-manual $$($(RELEASE) --show-bin-path)/regctl \
	  --output-directory .build-release/man --authors "regctl developers"

install: release man
	install -d $(BIN_DIR) $(SHARE_DIR)/bash-completion/completions $(ZSH_DIR) \
	  $(SHARE_DIR)/fish/vendor_completions.d $(SHARE_DIR)/man/man1
	install -m 0755 -s $$($(RELEASE) --show-bin-path)/regctl $(BIN_DIR)/regctl
	ln -sf regctl $(BIN_DIR)/docker-credential-regctl
	sed '1{/^#!/d}' completions/regctl.bash > $(SHARE_DIR)/bash-completion/completions/regctl
	chmod 0644 $(SHARE_DIR)/bash-completion/completions/regctl
	install -m 0644 completions/_regctl $(ZSH_DIR)/_regctl
	install -m 0644 completions/regctl.fish $(SHARE_DIR)/fish/vendor_completions.d/regctl.fish
	gzip -9n -c .build-release/man/regctl.1 > $(SHARE_DIR)/man/man1/regctl.1.gz
	chmod 0644 $(SHARE_DIR)/man/man1/regctl.1.gz
	ln -sf regctl.1.gz $(SHARE_DIR)/man/man1/docker-credential-regctl.1.gz

uninstall:
	rm -f $(BIN_DIR)/regctl $(BIN_DIR)/docker-credential-regctl \
	  $(SHARE_DIR)/bash-completion/completions/regctl $(ZSH_DIR)/_regctl \
	  $(SHARE_DIR)/fish/vendor_completions.d/regctl.fish $(SHARE_DIR)/man/man1/regctl.1.gz \
	  $(SHARE_DIR)/man/man1/docker-credential-regctl.1.gz

deb: release man
	rm -rf .build-release/deb && mkdir -p .build-release/deb/DEBIAN
	$(MAKE) install DESTDIR=$(CURDIR)/.build-release/deb PREFIX=/usr
	install -d .build-release/deb/usr/share/doc/regctl
	install -m 0644 packaging/copyright .build-release/deb/usr/share/doc/regctl/copyright
	sed -e 's/@VERSION@/$(VERSION)/' -e 's/@MAINTAINER@/$(MAINTAINER)/' packaging/changelog \
	  | gzip -9n > .build-release/deb/usr/share/doc/regctl/changelog.gz
	chmod 0644 .build-release/deb/usr/share/doc/regctl/changelog.gz
	sed -e 's/@VERSION@/$(VERSION)/' -e 's/@MAINTAINER@/$(MAINTAINER)/' packaging/control > .build-release/deb/DEBIAN/control
	cd .build-release/deb && find usr -type f -exec md5sum {} + > DEBIAN/md5sums
	dpkg-deb --root-owner-group --build .build-release/deb regctl_$(VERSION)_amd64.deb

# Installs the package on this machine, checks it as a user would, and removes it again.
check-deb: deb
	scripts/check-deb regctl_$(VERSION)_amd64.deb

clean:
	rm -rf .build .build-release .build-fuzz *.deb
