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

# --- 2. JavaScript projects: face model weights, capture app, console ---------------------------
# npm ci only when node_modules is missing or older than the lock file; then the unit tests of the
# two front-ends (vitest). The .NET build below builds their bundles (src/WorkflowPlatform.Server/Frontend.targets).
for dir in models src/capture designer; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || exit 1
  fi
done

js_results="$(mktemp -d)"
js_status=0
for dir in src/capture designer; do
  echo "== vitest: $dir"
  (cd "$dir" && npx vitest run --reporter=default --reporter=json --outputFile="$js_results/$(basename "$dir").json") || js_status=1
done

# --- 3. .NET ------------------------------------------------------------------------------------
dotnet restore WorkflowPlatform.sln || exit 1

export MSBUILDTERMINALLOGGER=off
log="$(mktemp)"
trap 'rm -rf "$log" "$js_results"' EXIT
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

# vitest's JSON reports: add the front-end tests to the total.
read -r js_passed js_failed js_skipped < <(node -e '
  const fs = require("fs"), path = require("path");
  let p = 0, f = 0, s = 0;
  for (const file of fs.readdirSync(process.argv[1])) {
    const r = JSON.parse(fs.readFileSync(path.join(process.argv[1], file), "utf8"));
    p += r.numPassedTests; f += r.numFailedTests; s += r.numPendingTests + (r.numTodoTests || 0);
  }
  console.log(p, f, s);' "$js_results")
echo
echo ".NET: ${passed} passed, ${failed} failed, ${skipped} skipped (${assemblies} assemblies)"
echo "JavaScript: ${js_passed} passed, ${js_failed} failed, ${js_skipped} skipped"
echo "Total: $((passed + js_passed)) passed, $((failed + js_failed)) failed, $((skipped + js_skipped)) skipped"

if [ "$test_status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$assemblies" -eq 0 ] || [ "$js_status" -ne 0 ] || [ "$js_failed" -ne 0 ]; then
  exit 1
fi
