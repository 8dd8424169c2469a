#!/usr/bin/env bash
# npm test: lint, type-check, build, start (or reuse) the brokers, then every Jest project.
# Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit`.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run lint
npx tsc --noEmit -p tsconfig.json
npm run build
bash scripts/brokers/up.sh
NODE_OPTIONS=--experimental-vm-modules npx jest --runInBand --verbose "$@"
