#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (unit and
# integration, through ctest). Exits non-zero on any failure.
#   scripts/test.sh             the normal build (build/test)
#   scripts/test.sh --sanitize  the same suite under ASan+UBSan (build/sanitize)
#   scripts/test.sh --fuzz      the libFuzzer targets, each for a short bounded run
# Extra arguments after the mode go to ctest (e.g. -R smpp).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=test
case "${1:-}" in
  --sanitize) mode=sanitize; shift ;;
  --fuzz) mode=fuzz; shift ;;
esac
./scripts/install-deps.sh --with-tests

flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
env_cc=()
case $mode in
  sanitize) flags+=(-DSMSBROKER_SANITIZE=ON) ;;
  fuzz) flags+=(-DSMSBROKER_FUZZ=ON); env_cc=(env CC=clang) ;;
esac
"${env_cc[@]}" cmake -S . -B "build/$mode" "${flags[@]}" >/dev/null
cmake --build "build/$mode" -j"$(nproc)"
cd "build/$mode"
# A sanitizer report anywhere fails the run, leaks included.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# libconfig 1.5 leaks a few bytes on some syntax errors (not ours): suppressed by name.
export LSAN_OPTIONS="suppressions=$PWD/../../config/libconfig.lsan.supp"
label=(-LE fuzz)
[ "$mode" = fuzz ] && label=(-L fuzz)
ctest --output-on-failure -j2 "${label[@]}" "$@"
