#!/usr/bin/env bash
# Make a fresh machine (Node 20 + npm + JDK 17 + Maven) ready to run Overfly:
# pnpm, then the workspace's node modules. Idempotent and quick when nothing changed.
# Kafka's jars, the schema registry and PostgreSQL are fetched by `infra up` on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=9.15.9
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "overfly: Node 20 or newer is required (found $(node -v))." >&2
  exit 1
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "overfly: installing pnpm $PNPM_VERSION with npm" >&2
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION" >&2
fi

# Reinstall only when the lockfile changed since the last install.
stamp=node_modules/.overfly-lock-stamp
want=$(sha256sum pnpm-lock.yaml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "overfly: installing node modules (pnpm install --frozen-lockfile)" >&2
  pnpm install --frozen-lockfile --reporter=append-only >&2
  echo "$want" > "$stamp"
fi
