#!/usr/bin/env bash
# Builds and runs every test of the solution on real databases (SQLite files and a throwaway
# PostgreSQL started by the tests themselves), then prints one line:
#   Total: N passed, N failed, N skipped
# Exit status is non-zero when anything failed or did not run.
set -uo pipefail
cd "$(dirname "$0")/.."

# --- 1. System packages (only when root, only what is missing) ---------------------------------
if [ "$(id -u)" = "0" ]; then
  missing=()
  compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null || missing+=(postgresql)
  command -v chromium > /dev/null || missing+=(chromium)
  command -v ffmpeg > /dev/null || missing+=(ffmpeg)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" || exit 1
  fi
fi

# --- 2. JavaScript projects (capture app, designer) --------------------------------------------
# npm steps go here (npm ci / npm run build / npm test per project), before the .NET tests so the
# server can serve freshly built bundles.

# --- 3. .NET ------------------------------------------------------------------------------------
dotnet restore WorkflowPlatform.sln || exit 1

export MSBUILDTERMINALLOGGER=off
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet test WorkflowPlatform.sln --no-restore 2>&1 | tee "$log"
test_status=${PIPESTATUS[0]}

# --- 4. One summary line over all test assemblies -----------------------------------------------
# The runner prints per assembly: "Passed!  - Failed: 0, Passed: 34, Skipped: 0, Total: 34, ..."
read -r passed failed skipped assemblies < <(
  grep -E '^(Passed|Failed)! +- ' "$log" | awk '
    { for (i = 1; i <= NF; i++) {
        gsub(",", "", $(i + 1))
        if ($i == "Failed:")  f += $(i + 1)
        if ($i == "Passed:")  p += $(i + 1)
        if ($i == "Skipped:") s += $(i + 1)
      }
      n++ }
    END { printf "%d %d %d %d\n", p, f, s, n }')

echo
echo "Total: ${passed} passed, ${failed} failed, ${skipped} skipped"

if [ "$test_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$assemblies" -eq 0 ]; then
  exit 1
fi
