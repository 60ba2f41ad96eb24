#!/usr/bin/env bash
# Runs files of Lua's official test suite (lua.org's lua-5.4.x-tests, the
# `testes/` folder) under `blobrepo run` and reports, per file, whether it
# ran to its end or where it stopped. The suite is not part of this
# repository: point the script at a copy of it.
# Usage: scripts/official-tests.sh TESTS_DIR [FILE.lua ...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tests=${1:?usage: scripts/official-tests.sh TESTS_DIR [FILE.lua ...]}
shift
"$root/scripts/build-release.sh"
blobrepo="$root/.build-static/release/blobrepo"
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    files=(closure.lua calls.lua strings.lua sort.lua nextvar.lua vararg.lua events.lua math.lua pm.lua errors.lua)
fi
cd "$tests"
for file in "${files[@]}"; do
    if output=$(timeout 300 "$blobrepo" run "$file" 2>&1 </dev/null); then
        echo "$file: passes"
    else
        echo "$file: stops: $(printf '%s\n' "$output" | grep -m1 'blobrepo:' || printf '%s\n' "$output" | tail -n1)"
    fi
done
