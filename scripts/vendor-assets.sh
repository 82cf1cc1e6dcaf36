#!/usr/bin/env bash
# Copy the browser libraries the pages load from node_modules (installed by `npm ci` from
# package-lock.json) into src/carecenter/web/ui/static/vendor/, which is git-ignored: third-party
# files are installed, never committed. Run from anywhere; re-running is harmless.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
modules="$root/node_modules"
vendor="$root/src/carecenter/web/ui/static/vendor"

if [ ! -d "$modules/htmx.org" ] || [ ! -d "$modules/htmx-ext-sse" ]; then
  echo "vendor-assets: $modules has no htmx.org / htmx-ext-sse; run 'npm ci' in $root first" >&2
  exit 1
fi

mkdir -p "$vendor"
# source (inside node_modules) -> name the templates load from /static/vendor/
copy() {
  if [ ! -f "$modules/$1" ]; then
    echo "vendor-assets: $modules/$1 is missing; the installed package layout changed?" >&2
    exit 1
  fi
  cp "$modules/$1" "$vendor/$2"
}
copy htmx.org/dist/htmx.min.js htmx.min.js
copy htmx-ext-sse/dist/sse.min.js htmx-ext-sse.min.js
copy htmx.org/LICENSE htmx.LICENSE.txt

echo "vendor-assets: copied htmx $(node -p "require('$modules/htmx.org/package.json').version" 2>/dev/null || echo '?') into $vendor"
