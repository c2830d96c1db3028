#!/usr/bin/env bash
# The one test command (`npm test`): installs what the tests need, then runs
# every check: format, lint (with folder boundaries), typecheck, unit and
# integration tests (SQLite and a throwaway PostgreSQL), the renderer build,
# the Electron security scan, and end-to-end tests in Debian chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh

step() { printf '\n=== %s ===\n' "$*"; }

step "format"; npx prettier --check . --log-level warn
step "lint"; npx eslint . --max-warnings 0
step "typecheck"; npx tsc --noEmit -p tsconfig.json
step "unit + integration"; npx vitest run
step "build renderer"; npx vite build --logLevel warn
step "electron security scan (electronegativity)"; npx tsx scripts/electron-security.ts
step "end-to-end (chromium)"; npx vitest run --config vitest.e2e.config.ts
printf '\nall checks passed\n'
