#!/usr/bin/env bash
# `make test`: lint, then the whole test suite against SQLite, PostgreSQL and Chromium.
# PostgreSQL: OTE_TEST_POSTGRES_URL, else OTE_DATABASE_URL if it is PostgreSQL, else a
# throwaway cluster from Debian's packages, started here and removed on exit.
# Extra arguments go to pytest (make test ARGS is not needed: bash scripts/run-tests.sh -k x).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: chromium is not installed (apt-get install chromium); browser tests will fail" >&2
  fi
fi

if [ -n "${OTE_TEST_POSTGRES_URL:-}" ]; then
  :
elif [[ "${OTE_DATABASE_URL:-}" == postgresql* ]]; then
  export OTE_TEST_POSTGRES_URL="$OTE_DATABASE_URL"
else
  cluster=$(mktemp -d /tmp/ote-test-pg.XXXXXX)
  trap 'scripts/postgres-cluster.sh stop "$cluster"' EXIT
  OTE_TEST_POSTGRES_URL=$(scripts/postgres-cluster.sh start "$cluster")
  export OTE_TEST_POSTGRES_URL
fi
unset OTE_DATABASE_URL # every test chooses its own database

"$bin/ruff" check .
"$bin/ruff" format --check .

set +e
# In parallel, one worker per core (OTE_TEST_WORKERS=0 runs in this process alone).
# The 15 slowest tests are listed at the end: the suite should stay well under 15 minutes.
"$bin/pytest" -n "${OTE_TEST_WORKERS:-auto}" --durations=15 "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests" >&2
  status=1
fi
exit "$status"
