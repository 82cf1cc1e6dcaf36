#!/usr/bin/env bash
# Install the Debian packages carecenter needs beyond Python and Node:
#   test  -> postgresql (throw-away clusters of the integration suite) and chromium (e2e tests)
#   venv  -> python3-venv (Debian's python3 has no ensurepip without it)
# As root, missing packages are installed with apt-get (one `apt-get update` first). As another user,
# it prints what to install and fails. Either way a missing package is an error, never skipped tests.
set -euo pipefail

what="${1:-test}"

has_postgresql() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; }
has_chromium() { [ -x /usr/bin/chromium ]; }
has_python3_venv() { python3 -c 'import ensurepip, venv' >/dev/null 2>&1; }

case "$what" in
  test) wanted=(postgresql chromium) ;;
  venv) wanted=(python3-venv) ;;
  *) echo "usage: $0 [test|venv]" >&2; exit 64 ;;
esac

missing=()
for package in "${wanted[@]}"; do
  "has_${package//-/_}" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages present: ${wanted[*]}"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${missing[*]}" >&2
  echo "install them as root:  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"

for package in "${missing[@]}"; do
  if ! "has_${package//-/_}"; then
    echo "installed $package but it is still not usable; see the apt output above" >&2
    exit 1
  fi
done
