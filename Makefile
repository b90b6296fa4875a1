# 党支部组织生活指导材料 — entry points. Every target installs what it needs first and is idempotent.
#   make build   install, then build site/ with every PDF booklet
#   make test    install (with test tools and Chromium), then run the tests
#   make check   validate the content only;  make serve  live preview;  make bench  benchmarks
#   ENGINE=zensical make build|serve   the same with Zensical instead of MkDocs + Material (generator/site/engines/)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .stamps
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Fonts and libraries the booklet needs: open CJK faces, Pango, and HarfBuzz's subsetter
# (without libharfbuzz-subset0 every CJK booklet is about 40 times slower).
APT_BUILD := fonts-noto-cjk fonts-arphic-ukai libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig
APT_TEST := poppler-utils chromium zbar-tools libreoffice-writer-nogui faketime
AXE_VERSION := 4.14.1
WORKBOX_VERSION := 7.4.1
# Every npm package at the version named here: --save-exact writes that version into .cache/npm/package.json,
# so installing another package later cannot move it (a range there let a later install lift axe-core 4.11 to 4.14).
NPM_INSTALL := npm install --prefix .cache/npm --no-audit --no-fund --silent --save-exact

.PHONY: build test check serve schema new bench setup setup-test clean fonts-fandol import console console-assets

# The clerk's commands (build, check, new, import, schema): the program's Chinese message is the last
# word. On failure make would add "make: *** [Makefile:N: check] Error 1" in English; QUIET_FAIL ends make
# itself instead, with SIGPIPE, which neither make nor any shell reports (exit status 141, still non-zero).
# V=1 passes -v (the traceback of a program error) to the program.
QUIET_FAIL = || { kill -PIPE $$PPID; exit 1; }
GENERATOR = $(PY) -m generator $(if $(V),-v)

build: setup
	@$(GENERATOR) build $(QUIET_FAIL)

test: setup-test
	$(PY) -m pytest

check: setup
	@$(GENERATOR) check $(QUIET_FAIL)

# make import FILE=通知.docx [MONTH=2019-11] [DOCUMENT=1] [FORCE=1]: a notice → a draft month or document
import: setup
	@test -n "$(FILE)" || { echo "请写明要导入的文件，例如 make import FILE=通知.docx（文件中没有写明月份时加 MONTH=2019-11）" >&2; kill -PIPE $$PPID; exit 2; }
	@$(GENERATOR) import "$(FILE)" $(if $(MONTH),--month "$(MONTH)") $(if $(DOCUMENT),--document) $(if $(FORCE),--force) $(QUIET_FAIL)

serve: setup
	$(PY) -m generator serve $(if $(HOST),--host '$(HOST)')

schema: setup
	@$(GENERATOR) schema $(QUIET_FAIL)

# make new MONTH=2019-11 [FROM=latest]: a new month's data file and content folder
new: setup
	@test -n "$(MONTH)" || { echo "请写明月份，例如 make new MONTH=2019-11" >&2; kill -PIPE $$PPID; exit 2; }
	@$(GENERATOR) new "$(MONTH)" $(if $(FROM),--from "$(FROM)") $(QUIET_FAIL)

bench: setup-test
	$(PY) bench/archive_build.py --bundled
	$(PY) bench/booklet.py
	$(PY) bench/engines.py
	$(PY) bench/search.py
	$(PY) bench/word.py
	$(PY) bench/limits.py
	$(PY) bench/console.py

setup: apt-build fonts-fandol $(STAMPS)/venv $(STAMPS)/workbox-$(WORKBOX_VERSION)
setup-test: setup apt-test $(STAMPS)/venv-test $(STAMPS)/axe-$(AXE_VERSION) console-assets

# axe-core for the accessibility test, from the npm registry into a project-local folder (the test
# loads .cache/npm/node_modules/axe-core/axe.min.js into the page); a second run does nothing.
$(STAMPS)/axe-$(AXE_VERSION):
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm; }
	$(NPM_INSTALL) axe-core@$(AXE_VERSION)
	@mkdir -p $(STAMPS) && touch $@

# Workbox for the site's service worker (offline reading, generator/site/offline.py), from the npm registry into
# .cache/npm like axe-core: the build copies its browser files (build/*.prod.js) into the site; a second run does nothing.
WORKBOX_PACKAGES := sw core routing strategies precaching expiration cacheable-response
$(STAMPS)/workbox-$(WORKBOX_VERSION):
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm; }
	$(NPM_INSTALL) $(foreach p,$(WORKBOX_PACKAGES),workbox-$(p)@$(WORKBOX_VERSION))
	@mkdir -p $(STAMPS) && touch $@

# Installs only the Debian packages that are missing; a second run does nothing.
apt-build apt-test: apt-%:
	@pkgs="$(if $(filter build,$*),$(APT_BUILD),$(APT_TEST))"; \
	missing=$$(for p in $$pkgs; do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "安装系统软件包：" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The booklet's open 仿宋 (FandolFang, with FandolKai/Song/Hei, GPL with font exception) ships only inside
# Debian's texlive-lang-chinese (≈50 MB .deb, ≈250 MB with TeX Live). Take just the fonts out of the .deb.
FANDOL_DIR := /usr/local/share/fonts/fandol
fonts-fandol: apt-build
	@if ! fc-list : family | grep -q FandolFang; then \
	  echo "安装开源仿宋字体 FandolFang（取自 Debian 软件包 texlive-lang-chinese）"; \
	  tmp=$$(mktemp -d) && chmod 777 $$tmp && (cd $$tmp && { $(SUDO) apt-get download texlive-lang-chinese || { $(SUDO) apt-get update -qq && $(SUDO) apt-get download texlive-lang-chinese; }; } >/dev/null) && \
	  dpkg-deb --fsys-tarfile $$tmp/texlive-lang-chinese_*.deb | tar -x -C $$tmp ./usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/ && \
	  $(SUDO) mkdir -p $(FANDOL_DIR) && $(SUDO) cp $$tmp/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol[FKSH]*-*.otf $(FANDOL_DIR)/ && \
	  $(SUDO) fc-cache -f $(FANDOL_DIR) && rm -rf $$tmp; \
	fi

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMPS)/venv: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/venv-test: requirements-test.txt requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-test.txt
	@mkdir -p $(STAMPS) && touch $@

clean:
	rm -rf site build test-output $(STAMPS)

# The web console (generator/console/): make console serves it (python -m generator console --host H --port P).
# Its form library, PDF viewer and Markdown editor (Vditor) come from the npm registry into .cache/npm and are served by the console
# itself (no CDN); a second run does nothing.
JSON_EDITOR_VERSION := 2.17.2
PDFJS_VERSION := 5.4.149
VDITOR_VERSION := 4.0.0
console: setup console-assets
	$(PY) -m generator console $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

console-assets: $(STAMPS)/console-npm-$(JSON_EDITOR_VERSION)-$(PDFJS_VERSION)-vditor-$(VDITOR_VERSION)
$(STAMPS)/console-npm-$(JSON_EDITOR_VERSION)-$(PDFJS_VERSION)-vditor-$(VDITOR_VERSION):
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm; }
	$(NPM_INSTALL) @json-editor/json-editor@$(JSON_EDITOR_VERSION) pdfjs-dist@$(PDFJS_VERSION) vditor@$(VDITOR_VERSION)
	@mkdir -p $(STAMPS) && touch $@
