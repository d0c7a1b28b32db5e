#!/usr/bin/env bash
# Installs the system programs the test suite drives for real: a PostgreSQL 15 server
# (initdb, pg_ctl) and Debian's Chromium for the browser tests, plus fonts with Danish
# letters for readable screenshots. Installs only what is missing, so a second run is quick.
set -euo pipefail

need=()
pg_bin=""
for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ]; then pg_bin="$dir"; break; fi
done
[ -n "$pg_bin" ] || command -v initdb >/dev/null 2>&1 || need+=(postgresql-15)
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'dejavu' || need+=(fonts-dejavu-core)

if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing system packages: ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
