#!/usr/bin/env bash
# One function's history in a log of 100k ReloadEvents (1,000 functions with
# 100 changes each): `blobrepo log f17` against `git log --oneline main -- f17` in a
# git repository of 100k commits where each commit changes one of 1,000
# files, in one hyperfine run.  Usage: bench/log.sh [EVENTS] [FUNCTIONS]
source "$(dirname "$0")/common.sh"
events=${1:-100000}
functions=${2:-1000}
"$blobrepo" init "$scratch/ours" >/dev/null
"$synth" events "$scratch/ours" "$functions" "$events" >/dev/null
git init -q --bare --object-format=sha256 "$scratch/git"
python3 - "$events" "$functions" <<'PY' | git --git-dir="$scratch/git" fast-import --quiet
import sys
events, functions = int(sys.argv[1]), int(sys.argv[2])
out = sys.stdout
for i in range(events):
    name, step = f"f{i % functions}", i // functions
    data = f"{name} v{step}\n"
    message = f"step {step}\n"
    out.write(f"commit refs/heads/main\nmark :{i + 1}\ncommitter b <b@x> {1700000000 + i} +0000\n")
    out.write(f"data {len(message)}\n{message}")
    if i: out.write(f"from :{i}\n")
    out.write(f"M 100644 inline {name}\ndata {len(data)}\n{data}\n")
PY
hyperfine --warmup 3 --runs 20 \
    -n blobrepo "$blobrepo log --repo $scratch/ours f17" \
    -n git "git --git-dir=$scratch/git log --oneline main -- f17" \
    --export-json "$scratch/log.json"
report "log FUNCTION" "$scratch/log.json" blobrepo git
