#!/usr/bin/env bash
# cpack -G DEB from this build into OUT, then the app package checked: its binary, desktop entry (which
# desktop-file-validate must accept), icon and man page, the runtime Depends, and the binary runs.
#   check_deb.sh CPACK BUILD_DIR OUT
set -euo pipefail
cpack=$1 build=$2 out=$3
skip() {
    if [ "${CI:-}" = true ]; then
        echo "CI=true, so this may not be skipped: $1" >&2
        exit 1
    fi
    echo "skipped: $1"
    exit 77
}
command -v dpkg-deb >/dev/null || skip "dpkg-deb is not installed"
command -v desktop-file-validate >/dev/null || skip "desktop-file-validate is not installed (apt-get install desktop-file-utils)"
rm -rf "$out"
mkdir -p "$out"
(cd "$build" && "$cpack" -G DEB -B "$out") >"$out/cpack.log" 2>&1 || { cat "$out/cpack.log"; exit 1; }
debs=("$out"/costpanel_*.deb)
[ -f "${debs[0]}" ] || { echo "FAIL: no costpanel_*.deb in $out" >&2; ls "$out" >&2; exit 1; }
deb=${debs[0]}
echo "$deb"
dpkg-deb -c "$deb" | awk '{print $NF}' >"$out/contents"
status=0
for f in usr/bin/costpanel usr/share/applications/costpanel.desktop \
         usr/share/icons/hicolor/scalable/apps/costpanel.svg usr/share/man/man1/costpanel.1.gz; do
    if grep -qx "./$f" "$out/contents"; then echo "has /$f"; else echo "FAIL: no /$f" >&2; status=1; fi
done
dpkg-deb -x "$deb" "$out/root"
desktop-file-validate "$out/root/usr/share/applications/costpanel.desktop" || status=1
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for p in libc6 libstdc++6 libglfw3 libsqlite3-0 libgl1; do
    tr ',' '\n' <<<"$depends" | awk '{print $1}' | grep -qxF "$p" || { echo "FAIL: Depends does not name $p" >&2; status=1; }
done
"$out/root/usr/bin/costpanel" --version | grep -q '^costpanel ' || { echo "FAIL: the packaged binary did not answer --version" >&2; status=1; }
if command -v groff >/dev/null; then  # the man page formats without a warning
    warnings=$(gzip -dc "$out/root/usr/share/man/man1/costpanel.1.gz" | groff -man -Tutf8 -ww -z 2>&1)
    [ -z "$warnings" ] || { echo "FAIL: the man page: $warnings" >&2; status=1; }
fi
exit $status
