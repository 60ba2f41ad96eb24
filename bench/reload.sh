#!/usr/bin/env bash
# Hot reload on a 10,000-function set (500 files):
#  1. the time to apply a one-function patch inside a VM that has the set
#     loaded (blobrepo-synth reload: median and p99 of the whole reload, and
#     of its apply phase);
#  2. the latency of `blobrepo watch`: from writing an edited function to
#     the first call answered by the new code (median and p99).
# Usage: bench/reload.sh [ROUNDS]
source "$(dirname "$0")/common.sh"
rounds=${1:-40}
set_dir="$scratch/set"
python3 "$root/bench/gen_corpus.py" "$set_dir/src" 500 20
"$blobrepo" init "$set_dir" >/dev/null
(cd "$set_dir" && "$blobrepo" commit -m "10,000 functions" >/dev/null)
sed -i 's/item.value \* 8/item.value * 9/' "$set_dir/src/mod0/file7.lua"
(cd "$set_dir" && "$blobrepo" commit -m "one function edited" >/dev/null)
echo "patch, 10,000 functions loaded: $("$synth" reload "$set_dir" HEAD~1 HEAD 400)"

python3 - "$blobrepo" "$set_dir" "$rounds" <<'PY'
import os, subprocess, sys, time
blobrepo, folder, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
probe = os.path.join(folder, "src", "mod0", "probe.lua")
def write(version):
    with open(probe, "w") as out:
        out.write(f"function probe() return {version} end\n")
write(0)
watch = subprocess.Popen([blobrepo, "watch", "src", "--call", "probe", "--every", "60000"], cwd=folder,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
assert watch.stdout.readline().strip() == "0"
latencies = []
for version in range(1, rounds + 1):
    time.sleep(0.2)
    started = time.perf_counter()
    write(version)
    while True:
        line = watch.stdout.readline()
        if not line:
            sys.exit("watch ended early")
        if line.strip() == str(version):
            break
    latencies.append((time.perf_counter() - started) * 1000)
watch.terminate()
watch.wait()
latencies.sort()
p = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))]
print(f"watch reload latency, 10,001 functions, {rounds} edits: p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms")
PY
