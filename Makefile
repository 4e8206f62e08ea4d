# baedal: a food-ordering platform for the terminal.
#
#   make                 build everything into build/
#   make test            install missing packages, build, run every test
#   make check           build and run every test (no package installs)
#   make run             install missing packages, build, start the demo
#   make deps            install the Debian packages baedal needs
#   make SANITIZE=address,undefined test   the same under ASan/UBSan
#   make install PREFIX=/usr/local DESTDIR=
#   make bench           print performance figures (and a 2-minute soak)
#   make soak            the open loop at 1,000 orders/s for SOAK_MINUTES (60)
#   make torture         the fault-injection suite for 10 minutes
#   make cluster         3 nats-servers, 2 brokers and 2 replicas of every
#                        service on 127.0.0.1-3, until Ctrl-C
#   V=1                  show the commands; WERROR= to drop -Werror

.DEFAULT_GOAL := all

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
LOCALEDIR ?= $(DATADIR)/locale
MANDIR ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR ?= $(DATADIR)/zsh/site-functions
UNITDIR ?= $(PREFIX)/lib/systemd/system
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

DEPS_BACKEND := libzmq jansson sqlite3 libcurl libnats libmicrohttpd
DEPS_TUI := libzmq jansson ncursesw
DEB_PACKAGES := build-essential pkg-config libzmq3-dev libjansson-dev \
	libsqlite3-dev libcurl4-openssl-dev libmicrohttpd-dev libncurses-dev \
	tmux python3 python3-zmq sqlite3 ncurses-term jq curl clang \
	libclang-rt-14-dev nats-server libnats-dev gettext groff-base

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
CPPFLAGS += -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -D_XOPEN_SOURCE_EXTENDED
LDFLAGS += $(SANFLAGS)

# ---- sources, by layer -------------------------------------------------
# A folder is a layer; a program is the layers it links.
PROTO_SRC := $(wildcard protocol/*.c)
LIB_SRC := $(wildcard backend/lib/*.c)
BROKER_SRC := $(wildcard backend/broker/*.c)
RUNTIME_SRC := $(wildcard backend/runtime/*.c)
SERVICES_SRC := $(wildcard backend/services/*/*.c)
DAEMON_SRC := $(wildcard backend/*.c)
FRONT_SRC := tui/front.c
UI_SRC := $(wildcard tui/ui/*.c)
CLI_SRC := $(wildcard tui/cli/*.c)
CUSTOMER_SRC := $(wildcard tui/customer/*.c)
SHOP_SRC := $(wildcard tui/shop/*.c)
RIDER_SRC := $(wildcard tui/rider/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)

# ---- what each layer may include ---------------------------------------
# Each layer is compiled with the include paths of the layers below it
# only, so a service that includes the broker's or another service's header
# does not build. A module's private headers sit beside its files and are
# found there ("x_int.h" in quotes searches the including file's folder).
INC_PROTO := -Iprotocol
INC_LIB := $(INC_PROTO) -Ibackend/lib
INC_SERVICES := $(INC_LIB) -Ibackend/runtime -Ibackend/services/common
INC_DAEMON := $(INC_LIB) -Ibackend/runtime -Ibackend/broker
INC_UI := $(INC_PROTO) -Itui
INC_APPS := $(INC_UI) -Itui/ui
INC_TESTS := $(INC_DAEMON) -Ibackend/services/common \
	$(addprefix -I,$(wildcard backend/services/*)) -Itui -Itui/ui \
	$(addprefix -I,$(wildcard tui/customer tui/shop tui/cli)) -Itests/unit

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

# Our own feature macros win over the ones pkg-config may add.
pc_cflags = $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(call pc,--cflags,$(1)))
DEPS_CLI := libzmq jansson

# The most specific pattern wins, so services/ overrides backend/.
$(BUILD)/obj/protocol/%.o: LAYER = $(INC_PROTO)
$(BUILD)/obj/protocol/%.o: LAYER_PKGS = $(DEPS_CLI)
$(BUILD)/obj/backend/%.o: LAYER = $(INC_DAEMON)
$(BUILD)/obj/backend/lib/%.o: LAYER = $(INC_LIB)
$(BUILD)/obj/backend/broker/%.o: LAYER = $(INC_LIB)
$(BUILD)/obj/backend/runtime/%.o: LAYER = $(INC_LIB)
$(BUILD)/obj/backend/services/%.o: LAYER = $(INC_SERVICES)
$(BUILD)/obj/backend/services/common/%.o: LAYER = $(INC_LIB)
$(BUILD)/obj/backend/%.o: LAYER_PKGS = $(DEPS_BACKEND)
$(BUILD)/obj/tui/%.o: LAYER = $(INC_APPS)
$(BUILD)/obj/tui/%.o: LAYER_PKGS = $(DEPS_TUI)
$(BUILD)/obj/tui/front.o: LAYER = $(INC_PROTO)
$(BUILD)/obj/tui/front.o: LAYER_PKGS = $(DEPS_CLI)
$(BUILD)/obj/tui/front.o: CPPFLAGS += -DBAEDAL_LOCALEDIR='"$(LOCALEDIR)"'
$(BUILD)/obj/tui/ui/%.o: LAYER = $(INC_UI)
$(BUILD)/obj/tui/cli/%.o: LAYER_PKGS = $(DEPS_CLI)
$(BUILD)/obj/tests/%.o: LAYER = $(INC_TESTS)
$(BUILD)/obj/tests/%.o: LAYER_PKGS = $(DEPS_BACKEND) ncursesw

PROGRAMS := $(BUILD)/baedald $(BUILD)/baedal $(BUILD)/baedal-customer \
	$(BUILD)/baedal-shop $(BUILD)/baedal-rider
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

# ---- message catalogues (gettext) --------------------------------------
# The source speaks Korean; tui/po/LANG.po gives another language. The .mo
# files go to $(BUILD)/locale, where the programs look first (beside the
# binary), so the build tree runs translated without install.
LINGUAS := en
MO_FILES := $(patsubst %,$(BUILD)/locale/%/LC_MESSAGES/baedal.mo,$(LINGUAS))
I18N_SRC = $(sort $(wildcard tui/*.c tui/ui/*.[ch] tui/customer/*.c \
	tui/shop/*.c tui/rider/*.c tui/cli/*.c protocol/*.c))
MSGFMT ?= msgfmt
XGETTEXT ?= xgettext

$(BUILD)/locale/%/LC_MESSAGES/baedal.mo: tui/po/%.po
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MSGFMT  $<")
	$(Q)$(MSGFMT) --check -o $@ $<

# make pot: tui/po/baedal.pot from the source (then msgmerge tui/po/en.po).
pot:
	$(XGETTEXT) --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=NC_:1c,2 \
	    --add-comments=TRANSLATORS --package-name=baedal \
	    --msgid-bugs-address=baedal --sort-by-file -o tui/po/baedal.pot $(I18N_SRC)

.PHONY: all test pot check run deps install uninstall clean bench soak units fuzz torture \
	cluster
all: $(PROGRAMS) $(UNIT_BINS) $(BUILD)/baedal-bench $(MO_FILES)

BACKEND_LIBS = $(call pc,--libs,$(DEPS_BACKEND)) -lpthread
TUI_LIBS = $(call pc,--libs,$(DEPS_TUI))
CLI_LIBS = $(call pc,--libs,$(DEPS_CLI))

$(BUILD)/obj/%.o: %.c
	$(call need_pkgs,$(LAYER_PKGS))
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(LAYER) $(CFLAGS) $(call pc_cflags,$(LAYER_PKGS)) -c -o $@ $<

$(BUILD)/baedald: $(call obj,$(DAEMON_SRC) $(SERVICES_SRC) $(RUNTIME_SRC) \
		$(BROKER_SRC) $(LIB_SRC) $(PROTO_SRC))
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(BACKEND_LIBS)

$(BUILD)/baedal: $(call obj,$(CLI_SRC) tui/ui/ui_text.c tui/ui/ui_review.c $(FRONT_SRC) $(PROTO_SRC))
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(CLI_LIBS)

$(BUILD)/baedal-customer: $(call obj,$(CUSTOMER_SRC) $(UI_SRC) $(FRONT_SRC) $(PROTO_SRC))
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(TUI_LIBS)

$(BUILD)/baedal-shop: $(call obj,$(SHOP_SRC) $(UI_SRC) $(FRONT_SRC) $(PROTO_SRC))
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(TUI_LIBS)

$(BUILD)/baedal-rider: $(call obj,$(RIDER_SRC) $(UI_SRC) $(FRONT_SRC) $(PROTO_SRC))
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(TUI_LIBS)

# ---- unit tests: each links what it tests, nothing more ----------------
# TEST_<name> lists the sources beside tests/unit/<name>.c and check.c;
# TEST_<name>_LIBS the libraries (default: jansson, for wire and util).
TEST_test_wire := protocol/wire.c protocol/util.c
TEST_test_jbuf := protocol/jbuf.c protocol/util.c
TEST_test_jscan := protocol/jscan.c protocol/wire.c protocol/util.c
TEST_test_breaker := backend/lib/breaker.c protocol/util.c
TEST_test_sha256 := backend/lib/sha256.c backend/lib/sign.c protocol/util.c
TEST_test_map := backend/broker/map.c protocol/util.c
TEST_test_client_eps := protocol/client_eps.c protocol/wire.c protocol/util.c
TEST_test_client_eps_LIBS = $(call pc,--libs,libzmq)
TEST_test_metrics := backend/lib/metrics.c backend/lib/metrics_http.c \
	protocol/util.c
TEST_test_metrics_LIBS = $(call pc,--libs,libmicrohttpd) -lpthread
TEST_test_db := backend/lib/db.c protocol/util.c
TEST_test_evlog := backend/broker/evlog.c backend/broker/evlog_nats.c \
	backend/broker/evlog_batch.c \
	backend/lib/db.c protocol/util.c protocol/wire.c protocol/jbuf.c
TEST_test_evlog_LIBS = $(call pc,--libs,sqlite3 libnats) -lpthread
TEST_test_db_LIBS = $(call pc,--libs,sqlite3)
TEST_test_order_price := backend/services/order/order_price.c protocol/text_check.c \
	backend/services/order/order_rules.c \
	backend/services/common/card.c protocol/wire.c protocol/util.c
TEST_test_bank_account := backend/services/common/bank_account.c \
	protocol/wire.c protocol/util.c
TEST_test_order_moves := protocol/order_moves.c
TEST_test_notify_phone := backend/services/notify/notify_phone.c
TEST_test_text_check := protocol/text_check.c protocol/wire.c protocol/util.c
TEST_test_shop_hours := backend/services/common/shop_hours.c \
	backend/services/common/shop_state.c \
	backend/services/common/shop_tz.c protocol/wire.c protocol/util.c
TEST_test_pay_classify := backend/services/payment/payment_classify.c \
	protocol/util.c
TEST_test_order_text := backend/services/common/order_text.c \
	protocol/wire.c protocol/util.c protocol/jbuf.c
TEST_test_store_ticket := backend/services/store/store_ticket.c \
	backend/services/common/shop_tz.c protocol/wire.c protocol/util.c
TEST_test_shop_queue := tui/shop/shop_queue.c protocol/wire.c \
	protocol/util.c
TEST_test_shop_times := tui/shop/shop_times.c
TEST_test_svc_life := $(BROKER_SRC) $(RUNTIME_SRC) \
	$(wildcard backend/services/store/*.c backend/services/order/*.c \
	backend/services/payment/*.c backend/services/common/*.c) \
	$(LIB_SRC) $(PROTO_SRC)
TEST_test_svc_life_LIBS = $(BACKEND_LIBS)
TEST_test_cust_eta := tui/customer/customer_eta.c protocol/wire.c \
	protocol/util.c
TEST_test_ui_text := tui/ui/ui_text.c protocol/util.c
TEST_test_ui_search := tui/ui/ui_search.c tui/ui/ui_text.c protocol/util.c
TEST_test_ui_widgets := tui/ui/ui_widgets.c tui/ui/ui_input.c \
	tui/ui/ui_keys.c tui/ui/ui_text.c tui/ui/ui_theme.c protocol/util.c
TEST_test_ui_widgets_LIBS = $(call pc,--libs,ncursesw)
TEST_test_ui_view := tui/ui/ui_view.c tui/ui/ui_help.c tui/ui/ui_keys.c \
	tui/ui/ui_widgets.c tui/ui/ui_input.c tui/ui/ui_text.c \
	tui/ui/ui_theme.c protocol/util.c
TEST_test_ui_view_LIBS = $(call pc,--libs,ncursesw)

.SECONDEXPANSION:
$(BUILD)/tests/%: $$(call obj,tests/unit/%.c tests/unit/check.c $$(TEST_$$*))
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc,--libs,jansson) $(TEST_$*_LIBS)

# The load generator (tests/bench/load.h): raw ZeroMQ, jansson, and
# SQLite to read how far each service has applied the log.
BENCH_SRC := $(wildcard tests/bench/*.c)
$(BUILD)/baedal-bench: $(call obj,$(BENCH_SRC) protocol/util.c protocol/wire.c \
		protocol/jbuf.c)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(call pc,--libs,libzmq jansson sqlite3) -lpthread

# The wire decoder under libFuzzer (clang); see tests/fuzz/fuzz_wire.c.
FUZZ_CC ?= clang
fuzz: $(BUILD)/fuzz/fuzz_wire
$(BUILD)/fuzz/fuzz_wire: tests/fuzz/fuzz_wire.c protocol/wire.c protocol/jscan.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) $(INC_PROTO) \
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

# check: build and run every test with what is installed; test: the same
# after installing what is missing (the README's command).
check: all
	$(Q)BUILD=$(BUILD) sh tests/run.sh

test: deps
	$(Q)$(MAKE) --no-print-directory check

units: all
	$(Q)BUILD=$(BUILD) sh tests/run.sh unit

# The fault-injection suite (tests/e2e/chaos.sh, 70 s of faults in make
# check) for 10 minutes; CHAOS_SEED=N replays a run.
CHAOS_SECONDS ?= 600
torture: all
	$(Q)CHAOS_SECONDS=$(CHAOS_SECONDS) BUILD=$(BUILD) sh tests/e2e/chaos.sh

# A cluster on three simulated hosts (tests/tools/cluster.py), started
# afresh in CLUSTER_DIR; it prints how to reach it and runs until Ctrl-C.
CLUSTER_DIR ?= $(CURDIR)/build/cluster
cluster: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)rm -rf $(CLUSTER_DIR) && mkdir -p $(CLUSTER_DIR)
	$(Q)/usr/bin/python3 tests/tools/cluster.py up --bin $(BUILD) --dir $(CLUSTER_DIR)

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BUILD=$(BUILD) sh tui/demo.sh

bench: deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/baedal-bench
	$(Q)BUILD=$(BUILD) sh tests/bench/run.sh

# An hour of orders at 1,000 a second, a line of figures a minute.
SOAK_MINUTES ?= 60
soak: deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/baedal-bench
	$(Q)BUILD=$(BUILD) sh tests/bench/run.sh --minutes $(SOAK_MINUTES)

MAN1 := docs/man/baedal.1 docs/man/baedal-customer.1 docs/man/baedal-shop.1 \
	docs/man/baedal-rider.1
MAN8 := docs/man/baedald.8

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(UNITDIR)
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MAN8) $(DESTDIR)$(MANDIR)/man8
	install -m 644 tui/cli/completion/baedal.bash $(DESTDIR)$(BASHCOMPDIR)/baedal
	install -m 644 tui/cli/completion/_baedal $(DESTDIR)$(ZSHCOMPDIR)/_baedal
	# The unit names the installed baedald (BINDIR), whatever the PREFIX.
	sed 's|@BINDIR@|$(BINDIR)|g' backend/baedald.service.in \
	    > $(DESTDIR)$(UNITDIR)/baedald.service
	chmod 644 $(DESTDIR)$(UNITDIR)/baedald.service
	$(foreach l,$(LINGUAS),install -d \
	    $(DESTDIR)$(LOCALEDIR)/$(l)/LC_MESSAGES && install -m 644 \
	    $(BUILD)/locale/$(l)/LC_MESSAGES/baedal.mo \
	    $(DESTDIR)$(LOCALEDIR)/$(l)/LC_MESSAGES/baedal.mo;)

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGRAMS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MAN8)))
	rm -f $(DESTDIR)$(BASHCOMPDIR)/baedal $(DESTDIR)$(ZSHCOMPDIR)/_baedal
	rm -f $(DESTDIR)$(UNITDIR)/baedald.service
	rm -f $(foreach l,$(LINGUAS),$(DESTDIR)$(LOCALEDIR)/$(l)/LC_MESSAGES/baedal.mo)

clean:
	rm -rf build

# make print-VAR: the value of a variable (tests/e2e/layers.sh reads the
# include paths of each layer this way).
print-%:
	@echo '$($*)'

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
