#!/usr/bin/env bash
# Installs the Debian packages costpanel builds and tests with, when any is missing.
# Needs root or sudo; without either it prints the one apt-get line to run and fails.
set -euo pipefail

packages=(
    cmake make g++ pkg-config
    nlohmann-json3-dev catch2 libsqlite3-dev libhowardhinnant-date-dev libsimdjson-dev tzdata
    libcpp-httplib-dev libprotobuf-dev protobuf-compiler  # the OTLP/HTTP receiver
    libimgui-dev libstb-dev libglfw3-dev libgl-dev libcli11-dev fonts-dejavu-core
    xvfb libgl1-mesa-dri xdotool
    desktop-file-utils  # the .deb test validates its desktop entry
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The OTLP tests' client (the OpenTelemetry JS SDK, from npm) runs on Node.js: Debian's, unless a
# node and an npm are there already from elsewhere.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo)
else
    echo "costpanel needs these Debian packages: ${missing[*]}" >&2
    echo "Install them as root with:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "Installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
