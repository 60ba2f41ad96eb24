#!/usr/bin/env bash
# gc of 100k unreachable objects: `blobrepo gc --prune=now` against
# `git prune --expire=now`, each on a repository holding the same 100k loose
# objects that nothing refers to, in one hyperfine run.  Usage: bench/gc.sh [COUNT]
source "$(dirname "$0")/common.sh"
count=${1:-100000}
python3 - "$scratch/paths" "$scratch/payloads" "$count" <<'PY'
import os, sys
paths, folder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(paths, "w") as out:
    for i in range(count):
        sub = os.path.join(folder, str(i // 1000))
        if i % 1000 == 0: os.makedirs(sub, exist_ok=True)
        path = os.path.join(sub, f"{i}")
        with open(path, "w") as f: f.write(f"garbage {i}\n")
        out.write(path + "\n")
PY
"$blobrepo" init "$scratch/ours-template" >/dev/null
"$blobrepo" hash-object --repo "$scratch/ours-template" -w --stdin-paths < "$scratch/paths" >/dev/null
git init -q --bare --object-format=sha256 "$scratch/git-template"
git --git-dir="$scratch/git-template" hash-object -w --stdin-paths < "$scratch/paths" >/dev/null
# Hard-linked copies: each run starts from the same 100k objects.
hyperfine --runs 3 \
    --prepare "rm -rf $scratch/ours $scratch/git && cp -al $scratch/ours-template $scratch/ours && cp -al $scratch/git-template $scratch/git" \
    -n blobrepo "$blobrepo gc --repo $scratch/ours --prune=now > /dev/null" \
    -n git "git --git-dir=$scratch/git prune --expire=now" \
    --export-json "$scratch/gc.json"
report "gc" "$scratch/gc.json" blobrepo git
