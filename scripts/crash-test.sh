#!/usr/bin/env bash
# Webhook crash test (issue 6). Starts a throwaway PostgreSQL (initdb into a temp folder), a webhook listener on
# 127.0.0.1 and the real server binary as separate processes, then:
#   crash      REQUESTS requests of a non-interactive workflow, the server SIGKILLed KILLS times while deliveries are
#              in flight and restarted; every event in the outbox must reach the listener (missing = 0), duplicates
#              carry the same webhook-id.
#   two-nodes  two server processes on one database: every event delivered, no attempt made twice at the same time.
#   bench      completion → webhook received latency p50/p95, deliveries/s with a slow (250 ms) listener.
# Usage: scripts/crash-test.sh [all|crash|two-nodes|bench] [REQUESTS=300] [KILLS=5]
# Needs PostgreSQL binaries (/usr/lib/postgresql/*/bin); scripts/test.sh installs them when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-all}"; requests="${2:-300}"; kills="${3:-5}"
export MSBUILDTERMINALLOGGER=off
dotnet build src/WorkflowPlatform.Server -c Debug --nologo -v q > /dev/null
dotnet build tests/CrashTest -c Debug --nologo -v q > /dev/null
exec timeout 300 dotnet tests/CrashTest/bin/Debug/net10.0/CrashTest.dll --mode "$mode" --requests "$requests" --kills "$kills"
