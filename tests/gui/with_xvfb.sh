#!/usr/bin/env bash
# Runs a command on a private Xvfb display and stops the server afterwards, whatever happens.
# -displayfd hands back a free display number once the server accepts connections: no fixed :99,
# no sleep. -noreset keeps the server from resetting between clients. Without Xvfb it exits 77 (ctest's
# skip), except under CI=true, where a skipped window test would pass a run that tested no window.
set -euo pipefail
if ! command -v Xvfb >/dev/null 2>&1; then
    reason="Xvfb is not installed (apt-get install xvfb)"
    if [ "${CI:-}" = true ]; then
        echo "CI=true, so this may not be skipped: $reason" >&2
        exit 1
    fi
    echo "skipped: $reason"
    exit 77
fi
dir=$(mktemp -d)
mkfifo "$dir/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$dir/display" 2>"$dir/xvfb.log" &
xvfb=$!
cleanup() {
    kill "$xvfb" 2>/dev/null || true
    wait "$xvfb" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT
if ! read -r -t 30 number <"$dir/display"; then
    echo "Xvfb did not start:" >&2
    cat "$dir/xvfb.log" >&2
    exit 1
fi
export DISPLAY=":$number"
"$@"
