#!/usr/bin/env bash
# Runs the embedding example for frames on a private Xvfb and passes only when it exits 0 and reports
# the posted calls applied and priced (a PASS_REGULAR_EXPRESSION alone would ignore the exit code).
#   run_host_app.sh HOST_APP    (77 from with_xvfb.sh, no Xvfb, is passed on: ctest's skip)
set -uo pipefail
rc=0
out=$("$(dirname "$0")/with_xvfb.sh" "$1" --frames 30 --post 5 2>&1) || rc=$?
printf '%s\n' "$out"
[ "$rc" -eq 77 ] && exit 77
if [ "$rc" -ne 0 ]; then
    echo "FAIL: $1 exited $rc" >&2
    exit 1
fi
if ! grep -Eq '^frames [0-9]+ posted 5 applied 5 total_usd 0\.24' <<<"$out"; then
    echo "FAIL: $1 did not report the 5 posted calls applied, \$0.24 in all" >&2
    exit 1
fi
