# baedal: a food-ordering platform for the terminal.
#
#   make                 build everything into build/
#   make test            install missing packages, build, run every test
#   make run             install missing packages, build, start the demo
#   make deps            install the Debian packages baedal needs
#   make SANITIZE=address,undefined test   the same under ASan/UBSan
#   make install PREFIX=/usr/local DESTDIR=
#   make bench           print performance figures
#   V=1                  show the commands; WERROR= to drop -Werror

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
CC ?= cc
PKG_CONFIG ?= pkg-config
WERROR ?= -Werror

ifeq ($(SANITIZE),)
BUILD ?= build
SANFLAGS :=
else
# Always its own directory, whatever BUILD the environment carries.
override BUILD := build/sanitize
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -g
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

DEPS_BACKEND := libzmq jansson sqlite3 libcurl
DEPS_TUI := libzmq jansson ncursesw
DEB_PACKAGES := build-essential pkg-config libzmq3-dev libjansson-dev \
	libsqlite3-dev libcurl4-openssl-dev libncurses-dev tmux python3 \
	python3-zmq sqlite3 ncurses-term jq curl clang libclang-rt-14-dev

# Resolve pkg-config flags lazily, and fail early with a clear message.
pc = $(shell $(PKG_CONFIG) $(1) $(2) 2>/dev/null)
define need_pkgs
$(foreach p,$(1),$(if $(shell $(PKG_CONFIG) --exists $(p) && echo y),,\
$(error missing library '$(p)': run 'make deps' (Debian packages: $(DEB_PACKAGES)))))
endef

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral $(WERROR)
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 $(WARN) $(SANFLAGS) -MMD -MP
CPPFLAGS += -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -D_XOPEN_SOURCE_EXTENDED \
	-Iprotocol -Ibackend -Itui
LDFLAGS += $(SANFLAGS)

PROTO_SRC := $(wildcard protocol/*.c)
BACKEND_SRC := $(filter-out backend/baedald.c,$(wildcard backend/*.c))
FRONT_SRC := $(wildcard tui/front*.c)
UI_SRC := $(wildcard tui/ui_*.c)
CLI_SRC := $(wildcard tui/cli*.c) tui/ui_text.c
CUSTOMER_SRC := $(wildcard tui/customer*.c)
SHOP_SRC := $(wildcard tui/shop*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
TESTLIB_SRC := $(filter-out $(UNIT_SRC),$(wildcard tests/unit/*.c))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

PROGRAMS := $(BUILD)/baedald $(BUILD)/baedal
ifneq ($(CUSTOMER_SRC),)
PROGRAMS += $(BUILD)/baedal-customer
endif
ifneq ($(SHOP_SRC),)
PROGRAMS += $(BUILD)/baedal-shop
endif
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all test check run deps install uninstall clean bench units fuzz
all: $(PROGRAMS) $(UNIT_BINS)

# Our own feature macros win over the ones pkg-config may add.
PKG_CFLAGS = $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(call pc,--cflags,$(DEPS_BACKEND) ncursesw))
BACKEND_LIBS = $(call pc,--libs,$(DEPS_BACKEND)) -lpthread
TUI_LIBS = $(call pc,--libs,$(DEPS_TUI))

$(BUILD)/obj/%.o: %.c
	$(call need_pkgs,$(DEPS_BACKEND) ncursesw)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/baedald: $(call obj,backend/baedald.c $(BACKEND_SRC) $(PROTO_SRC))
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(BACKEND_LIBS)

$(BUILD)/baedal: $(call obj,$(CLI_SRC) $(FRONT_SRC) $(PROTO_SRC))
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc,--libs,libzmq jansson)

$(BUILD)/baedal-customer: $(call obj,$(CUSTOMER_SRC) $(UI_SRC) $(FRONT_SRC) $(PROTO_SRC))
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(TUI_LIBS)

$(BUILD)/baedal-shop: $(call obj,$(SHOP_SRC) $(UI_SRC) $(FRONT_SRC) $(PROTO_SRC))
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(TUI_LIBS)

# Unit tests link everything but the programs' main files.
$(BUILD)/tests/%: $(call obj,tests/unit/%.c $(TESTLIB_SRC) $(BACKEND_SRC) $(PROTO_SRC) $(UI_SRC) $(FRONT_SRC))
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(BACKEND_LIBS) $(TUI_LIBS)

$(BUILD)/bench: $(call obj,tests/bench/bench.c $(PROTO_SRC))
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc,--libs,libzmq jansson)

# The wire decoder under libFuzzer (clang); see tests/fuzz/fuzz_wire.c.
FUZZ_CC ?= clang
fuzz: $(BUILD)/fuzz/fuzz_wire
$(BUILD)/fuzz/fuzz_wire: tests/fuzz/fuzz_wire.c protocol/wire.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) \
	    $(call pc,--cflags,jansson) -o $@ $^ $(call pc,--libs,jansson)

# Keep objects make would otherwise treat as intermediate.
.SECONDARY:

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

test check: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BUILD=$(BUILD) sh tests/run.sh

units: all
	$(Q)BUILD=$(BUILD) sh tests/run.sh unit

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BUILD=$(BUILD) sh tui/demo.sh

bench: deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/bench
	$(Q)BUILD=$(BUILD) sh tests/bench/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGRAMS)))

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
