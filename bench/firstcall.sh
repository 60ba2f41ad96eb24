#!/usr/bin/env bash
# Time to the first call after loading a script set: `blobrepo call` (open
# the repository, load HEAD, run every chunk, decode and call one function)
# against `lua5.4` loading the same files from source and making the same
# call, in one hyperfine run, for 10,000 and for 100,000 functions.
# Usage: bench/firstcall.sh [FUNCTIONS_PER_FILE]
source "$(dirname "$0")/common.sh"
functions=${1:-20}
command -v lua5.4 >/dev/null || { echo "bench: lua5.4 is needed (apt-get install lua5.4)" >&2; exit 1; }
for files in 500 5000; do
    set_dir="$scratch/set$files"
    python3 "$root/bench/gen_corpus.py" "$set_dir/src" "$files" "$functions"
    "$blobrepo" init "$set_dir" >/dev/null
    (cd "$set_dir" && "$blobrepo" commit -m "$files files" >/dev/null)
    # The Lua peer: every file in the order blobrepo runs them, then the call.
    (cd "$set_dir/src" && find . -name '*.lua' | sed 's|^\./||' | LC_ALL=C sort |
        awk '{ printf "dofile(\"%s\")\n", $0 }'
     echo 'print(handler_7({name = "e", items = {}}, {log = {}}))') > "$set_dir/load.lua"
    hyperfine --warmup 2 --runs 10 \
        -n blobrepo "cd $set_dir && $blobrepo call handler_7 '{name = \"e\", items = {}}' '{log = {}}'" \
        -n lua5.4 "cd $set_dir/src && lua5.4 ../load.lua" \
        --export-json "$scratch/first$files.json" >&2
    report "first call, $((files * functions)) functions" "$scratch/first$files.json" blobrepo lua5.4
done
