#!/usr/bin/env bash
# Compile throughput on a generated corpus of about 100k lines (500 files of
# 13 functions): `blobrepo check DIR` (compile everything, store nothing)
# against Lua 5.4's own compiler on the same files, in one hyperfine run.
# The peer is `lua5.4` calling `loadfile` on each file (compile, not run),
# which is luac's compiler in one process: Debian's `luac5.4 -p` aborts
# ("double free") when given more than one file, and one process per file
# would measure process start-up instead.
# Usage: bench/compile.sh [FILES] [FUNCTIONS_PER_FILE]
source "$(dirname "$0")/common.sh"
files=${1:-500}
functions=${2:-13}
command -v lua5.4 >/dev/null || { echo "bench: lua5.4 is needed (apt-get install lua5.4)" >&2; exit 1; }
python3 "$root/bench/gen_corpus.py" "$scratch/src" "$files" "$functions"
find "$scratch/src" -name '*.lua' | sort > "$scratch/files"
echo "corpus: $(wc -l < "$scratch/files") files, $(cat $(cat "$scratch/files") | wc -l) lines"
hyperfine --warmup 2 --runs 10 \
    -n blobrepo "$blobrepo check $scratch/src" \
    -n luac "lua5.4 -e \"for f in io.lines('$scratch/files') do assert(loadfile(f)) end\"" \
    --export-json "$scratch/compile.json"
report "compile" "$scratch/compile.json" blobrepo luac
