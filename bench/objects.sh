#!/usr/bin/env bash
# Writing 100k small objects: `blobrepo hash-object -w --stdin-paths` against
# `git hash-object -w --stdin-paths` on the same payloads, each into an empty
# repository, in one hyperfine run.  Usage: bench/objects.sh [COUNT]
source "$(dirname "$0")/common.sh"
count=${1:-100000}
mkdir -p "$scratch/payloads"
python3 - "$scratch/payloads" "$count" <<'PY'
import os, sys
folder, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    sub = os.path.join(folder, str(i // 1000))
    if i % 1000 == 0: os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"{i}.lua"), "w") as f:
        f.write(f"function f{i}(x)\n  return x * {i} + {i % 97}\nend\n")
PY
find "$scratch/payloads" -type f > "$scratch/paths"
hyperfine --runs 3 \
    --prepare "rm -rf $scratch/ours $scratch/git && $blobrepo init $scratch/ours >/dev/null && git init -q --bare --object-format=sha256 $scratch/git" \
    -n blobrepo "$blobrepo hash-object --repo $scratch/ours -w --stdin-paths < $scratch/paths > /dev/null" \
    -n git "git --git-dir=$scratch/git hash-object -w --stdin-paths < $scratch/paths > /dev/null" \
    --export-json "$scratch/objects.json"
report "write objects" "$scratch/objects.json" blobrepo git
