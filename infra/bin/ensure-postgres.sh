#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at 127.0.0.1:5432 (or TOKENS_DB_URL's server is left alone):
# starts the local clusters with pg_ctlcluster when they are installed and down.
# With --install, installs PostgreSQL from Debian when it is missing (for CI machines).
set -euo pipefail

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p 5432
  else
    (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
  fi
}

if [ -n "${TEST_DB_URL:-}${TOKENS_DB_URL:-}" ]; then
  exit 0 # the caller names its own server
fi
if answers; then
  exit 0
fi

installed_now=false
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  if [ "${1:-}" != "--install" ]; then
    echo "PostgreSQL does not answer at 127.0.0.1:5432 and is not installed (run .ci/run, or install it)" >&2
    exit 1
  fi
  echo "installing PostgreSQL" >&2
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  installed_now=true
fi

for version in $(ls /etc/postgresql); do
  if [ "$installed_now" = true ]; then
    # A cluster made just now for CI: let the tests connect as postgres over loopback without a password,
    # as on the machines this suite is developed on.
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    sudo_if_needed sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  echo "starting PostgreSQL $version (pg_ctlcluster)" >&2
  sudo_if_needed pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  if [ "$installed_now" = true ]; then
    sudo_if_needed pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
  fi
done

for _ in $(seq 1 60); do
  if answers; then exit 0; fi
  sleep 1
done
echo "PostgreSQL still does not answer at 127.0.0.1:5432" >&2
exit 1
