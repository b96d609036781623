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

# The shipped binary: Swift runtime linked in, no exports, no RUNPATH ($ORIGIN would let a
# library beside it in /usr/bin load first). Relative relocations are not packed
# (-z pack-relative-relocs): that needs GLIBC_ABI_DT_RELR, glibc 2.36, past RHEL 9's.
RELEASE = $(SWIFT) build -c release --static-swift-stdlib --disable-local-rpath --scratch-path .build-release -Xlinker --version-script=$(CURDIR)/packaging/exports.map -Xswiftc -use-ld=lld

.PHONY: all build-deps rpm-deps test-deps build unit test demo bench fuzz release check-symbols completions man install uninstall deb check-deb rpm check-rpm clean

all: build

# What each job needs from Debian, and no more: building installs no registry, proxy or docker.
build-deps:
	scripts/install-deps build
rpm-deps:
	scripts/install-deps rpm
test-deps:
	scripts/install-deps test

build: build-deps
	$(SWIFT) build --build-tests

# The unit-test targets alone, in the debug build: no services, no release build, no
# integration suite (that is `make test`'s); seconds after a build.
unit: build
	$(SWIFT) test --skip-build --filter 'RegctlCoreTests|RegctlCommandsTests'

# The unit tests run in the debug build; every program the tests start is the release
# binary, stripped as `make install` installs it (the harness reads REGCTL_PRODUCTS_DIR).
TESTED = $(CURDIR)/.build-release/tested
test: test-deps build release
	install -d $(TESTED)
	install -m 0755 -s $$($(RELEASE) --show-bin-path)/regctl $(TESTED)/regctl
	REGCTL_PRODUCTS_DIR=$(TESTED) $(SWIFT) test --skip-build

demo: test-deps
	$(SWIFT) build --product regctl
	$(SWIFT) build --product regctl-demo
	$$($(SWIFT) build --show-bin-path)/regctl-demo

completions: build-deps
	$(SWIFT) build --product regctl
	for shell in bash zsh fish; do \
	  case $$shell in bash) file=regctl.bash;; zsh) file=_regctl;; fish) file=regctl.fish;; esac; \
	  $$($(SWIFT) build --show-bin-path)/regctl --generate-completion-script $$shell > completions/$$file; \
	done

# Fuzzing with libFuzzer: every Swift module built with -sanitize=fuzzer in .build-fuzz.
# The release configuration (no testability); -Onone keeps the build as fast as a debug one
# (-O takes about 2.5 times as long). A third full build, so not part of `make test` and CI.
FUZZ_SECONDS ?= 60
FUZZ_BUILD = $(SWIFT) build -c release -Xswiftc -Onone --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DREGCTL_FUZZ
fuzz: build-deps
	$(FUZZ_BUILD) --product regctl-fuzz
	scripts/fuzz $$($(FUZZ_BUILD) --show-bin-path)/regctl-fuzz $(FUZZ_SECONDS)

release: build-deps
	$(RELEASE) --product regctl

# Fails when the release binary needs a newer glibc or libstdc++ than RHEL 9 has.
check-symbols: release
	scripts/check-symbols $$($(RELEASE) --show-bin-path)/regctl

bench: test-deps release
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
check-deb: test-deps deb
	scripts/check-deb regctl_$(VERSION)_amd64.deb

# The same files for Fedora and RHEL 9 (zsh completion in site-functions), by rpmbuild.
RPM_DIR = $(CURDIR)/.build-release/rpm
RPM = regctl-$(VERSION)-1.x86_64.rpm
rpm: rpm-deps check-symbols man
	rm -rf $(RPM_DIR) && mkdir -p $(RPM_DIR)/SOURCES
	$(MAKE) install DESTDIR=$(RPM_DIR)/root PREFIX=/usr ZSH_DIR=$(RPM_DIR)/root/usr/share/zsh/site-functions
	cp packaging/copyright README.md $(RPM_DIR)/SOURCES/
	sed -e 's/@VERSION@/$(VERSION)/' -e 's/@MAINTAINER@/$(MAINTAINER)/' packaging/regctl.spec > $(RPM_DIR)/regctl.spec
	rpmbuild -bb --quiet --define '_topdir $(RPM_DIR)' --define 'staged $(RPM_DIR)/root' $(RPM_DIR)/regctl.spec
	cp $(RPM_DIR)/RPMS/x86_64/$(RPM) .

# Lints the package, installs it into a scratch root and checks its files from there.
check-rpm: rpm
	scripts/check-rpm $(RPM)

clean:
	rm -rf .build .build-release .build-fuzz *.deb *.rpm
