#!/usr/bin/env bash
# Makes sure the Debian packages Pantau needs are present. As root it
# installs what is missing with apt-get; otherwise it says what to install.
#   ensure-deps.sh run    — what `make run` needs (PostgreSQL 15 + PostGIS,
#                           Node.js + npm to build the web map, the DejaVu
#                           fonts its label glyphs are made from)
#   ensure-deps.sh test   — plus what the tests use (GDAL's ogrinfo,
#                           chromium for the browser test, xmllint)
set -euo pipefail
want=(postgresql-15 postgresql-15-postgis-3 nodejs npm fonts-dejavu-core) # node + npm build the web map; glyphs from DejaVu
if [[ "${1:-run}" == test ]]; then
  want+=(gdal-bin chromium libxml2-utils)
fi
missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # node/npm may come from elsewhere than Debian
    case "$p" in nodejs) command -v node >/dev/null && continue ;; npm) command -v npm >/dev/null && continue ;; esac
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -eq 0 ]]; then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "missing Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
