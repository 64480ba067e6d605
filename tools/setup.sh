#!/usr/bin/env bash
# Ganscape's two commands (README.md):
#
#   tools/setup.sh run    install missing Debian packages, build with meson, start the app
#   tools/setup.sh test   the same set-up, then the whole test suite in two builds:
#                           _build           gcc; every suite (GUI under Xvfb, Vulkan on
#                                            whatever device exists: Mesa's lavapipe without
#                                            a GPU)
#                           _build-sanitize  clang, -Db_sanitize=address,undefined,
#                                            -Dfuzzers=true, no GUI; every suite except
#                                            those in SANITIZE_SKIP_SUITES (too slow there)
#                         and ends with one line "N passed, N failed" over both builds.
#   tools/setup.sh packages   print the Debian package list (for installing by hand)
#
# Idempotent: packages already installed are left alone, and existing builds are updated.
# Needs root or sudo only when something is missing.
set -euo pipefail

# Every Debian 12 package the project needs to build, run and test: one list, one place.
PACKAGES=(
  # build
  meson ninja-build pkg-config gcc clang llvm libclang-rt-14-dev binutils gettext python3
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libjson-glib-dev libsqlite3-dev zlib1g-dev
  libopenblas-dev liblapacke-dev libcairo2-dev libpango1.0-dev libxml2-utils
  libvulkan-dev glslc spirv-tools
  # run
  mesa-vulkan-drivers vulkan-validationlayers adwaita-icon-theme hicolor-icon-theme librsvg2-common
  fonts-dejavu-core fonts-noto-cjk locales
  # test and look
  desktop-file-utils appstream xvfb xauth x11-utils dbus-daemon imagemagick poppler-utils
  dataset-fashion-mnist
)

# Suites the sanitized build leaves out: the GUI (not built there), Vulkan (lavapipe itself is
# not instrumented and crawls under ASan) and anything marked slow.
SANITIZE_SKIP_SUITES=(gui vulkan slow)

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "need root to run: $* (run as root, or install sudo)"
  fi
}

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "all ${#PACKAGES[@]} Debian packages are installed"
    return
  fi
  say "installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
}

# The Japanese test runs with LANGUAGE=ja under C.UTF-8 (glibc ignores LANGUAGE in the plain
# C locale), so C.UTF-8 must exist; Debian's libc ships it, locale-gen makes it otherwise.
ensure_locale() {
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then return; fi
  say "generating the C.UTF-8 locale"
  as_root sh -c 'grep -q "^C.UTF-8 UTF-8" /etc/locale.gen 2>/dev/null ||
                 echo "C.UTF-8 UTF-8" >> /etc/locale.gen; locale-gen'
}

# build DIR [MESON-SETUP-OPTIONS…]: configure once, then build; the folder keeps its options.
build() {
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    say "configuring $dir"
    meson setup "$dir" "$@" || return 1
  fi
  say "building $dir"
  ninja -C "$dir"
}

# Results of one build's meson test: passed failed skipped.
count_results() {
  python3 - "$1/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
try:
    lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
except FileNotFoundError:
    lines = []
for line in lines:
    if not line.strip():
        continue
    result = json.loads(line).get("result")
    if result in ("OK", "EXPECTEDFAIL"):
        passed += 1
    elif result == "SKIP":
        skipped += 1
    else:  # FAIL, ERROR, TIMEOUT, UNEXPECTEDPASS
        failed += 1
        print("setup: failed:", json.loads(line).get("name"), result, file=sys.stderr)
print(passed, failed, skipped)
PY
}

passed=0 failed=0 skipped=0
# test_build DIR WRAPPER [MESON-TEST-OPTIONS…]: run meson test in DIR (through WRAPPER, a
# command word such as xvfb-run or env) and add its results to the totals.
test_build() {
  local dir=$1 wrapper=$2
  shift 2
  rm -f "$dir/meson-logs/testlog.json"
  local status=0
  GANSCAPE_REQUIRE_DISPLAY=1 $wrapper meson test -C "$dir" --print-errorlogs "$@" || status=$?
  local p f s
  read -r p f s < <(count_results "$dir")
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi # meson test itself failed
  say "$dir: $p passed, $f failed, $s skipped"
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
}

cmd=${1:-}
case "$cmd" in
  packages)
    printf '%s\n' "${PACKAGES[@]}"
    ;;
  run)
    install_packages
    ensure_locale
    build _build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      die "built; no display to show the app on (tools/screenshot.sh OUT.png takes a picture under Xvfb instead)"
    fi
    say "starting ganscape"
    exec meson devenv -C _build "$top/_build/app/programs/ganscape"
    ;;
  test)
    start=$(date +%s)
    install_packages
    ensure_locale

    if build _build; then
      test_build _build "xvfb-run -a"
    else
      say "_build: the build failed"
      failed=$((failed + 1))
    fi

    skip_args=()
    for suite in "${SANITIZE_SKIP_SUITES[@]}"; do skip_args+=(--no-suite "$suite"); done
    if CC=clang build _build-sanitize -Db_sanitize=address,undefined -Db_lundef=false \
         -Dfuzzers=true -Dgui=disabled; then
      # No Vulkan driver here: lavapipe is not instrumented, and its teardown leaks from a
      # library already unloaded (so no suppression can name it). The gcc build covers Vulkan;
      # this one covers the "no Vulkan device" paths.
      test_build _build-sanitize \
        "env VK_ICD_FILENAMES=/nonexistent VK_DRIVER_FILES=/nonexistent
             LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0" \
        "${skip_args[@]}"
    else
      say "_build-sanitize: the build failed"
      failed=$((failed + 1))
    fi

    say "took $(($(date +%s) - start)) s"
    say "$skipped skipped"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    ;;
  *)
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
