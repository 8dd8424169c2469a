#!/usr/bin/env bash
# npm run test:e2e: the e2e project on the brokers E2E_BROKERS names (all three by default), after
# the build and brokers:up for those brokers only. Extra arguments go to Jest.
set -euo pipefail
cd "$(dirname "$0")/../.."

npm run build
E2E_BROKERS="${E2E_BROKERS:-kafka,rabbitmq,sqs}"
export E2E_BROKERS
BROKERS="$E2E_BROKERS" bash scripts/brokers/up.sh
NODE_OPTIONS=--experimental-vm-modules exec npx jest --runInBand --selectProjects e2e "$@"
