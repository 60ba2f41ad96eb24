#!/usr/bin/env bash
# Runs each program in bench/vm/ with `blobrepo run` and with `lua5.4` in one
# hyperfine run, checks that both print the same, and prints the time ratio
# per program and their geometric mean.
source "$(dirname "$0")/common.sh"
command -v lua5.4 >/dev/null || { echo "bench: lua5.4 is needed (apt-get install lua5.4)" >&2; exit 1; }
ratios=()
for program in "$root"/bench/vm/*.lua; do
    name=$(basename "$program" .lua)
    if ! diff <("$blobrepo" run "$program") <(lua5.4 "$program") >/dev/null; then
        echo "$name: output differs from lua5.4" >&2
        exit 1
    fi
    hyperfine -N --warmup 1 --runs 5 -n blobrepo "$blobrepo run $program" -n lua "lua5.4 $program" \
        --export-json "$scratch/$name.json" >/dev/null
    report "$name" "$scratch/$name.json" blobrepo lua
    ratios+=("$(python3 -c "import json; r={x['command']: x['mean'] for x in json.load(open('$scratch/$name.json'))['results']}; print(r['blobrepo']/r['lua'])")")
done
python3 -c "import math,sys; v=[float(x) for x in sys.argv[1:]]; print(f'geometric mean of the ratios: {math.exp(sum(map(math.log, v))/len(v)):.2f}')" "${ratios[@]}"
