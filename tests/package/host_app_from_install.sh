#!/usr/bin/env bash
# The embedding example as a host builds it: this build installed into a prefix under WORK, then
# examples/host_app configured and built on its own with find_package(costpanel) through
# CMAKE_PREFIX_PATH, and run for frames in a real window (tests/gui/run_host_app.sh).
#   host_app_from_install.sh CMAKE BUILD_DIR SOURCE_DIR WORK [-DVAR=VALUE...]  (for the host's cmake)
set -euo pipefail
cmake=$1 build=$2 source=$3 work=$4
shift 4
rm -rf "$work"
mkdir -p "$work"
"$cmake" --install "$build" --prefix "$work/prefix" >"$work/install.log"
"$cmake" -S "$source/examples/host_app" -B "$work/host" -DCMAKE_PREFIX_PATH="$work/prefix" "$@" \
    >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
# The costpanel it found must be the one just installed, not one elsewhere on the machine.
found=$(sed -n 's/^costpanel_DIR:PATH=//p' "$work/host/CMakeCache.txt")
installed=$(dirname "$(find "$work/prefix" -name costpanelConfig.cmake)")
if [ "$found" != "$installed" ]; then
    echo "FAIL: the host found costpanel in '$found', not in $installed" >&2
    exit 1
fi
echo "costpanel_DIR=$found"
"$cmake" --build "$work/host" -j2 >"$work/build.log" || { cat "$work/build.log"; exit 1; }
exec "$source/tests/gui/run_host_app.sh" "$work/host/costpanel_host_app"
