#!/usr/bin/env bash
# Incremental commit of a 10,000-function set in 500 files after editing one
# function: `blobrepo commit` against `git add -A && git commit -q` of the
# same tree after the same edit, in one run of alternating rounds (and, for
# comparison, one hyperfine run). Also reports the cold
# first commit of the set and its split (`commit --timings`: compile, hash,
# compress, write, record).
# Usage: bench/commit.sh [FILES] [FUNCTIONS_PER_FILE]
source "$(dirname "$0")/common.sh"
files=${1:-500}
functions=${2:-20}
python3 "$root/bench/gen_corpus.py" "$scratch/ours/src" "$files" "$functions"
cp -R "$scratch/ours/src" "$scratch/theirs"
"$blobrepo" init "$scratch/ours" >/dev/null
git init -q --object-format=sha256 "$scratch/theirs"
git -C "$scratch/theirs" config user.name bench
git -C "$scratch/theirs" config user.email bench@localhost
# Let every file's time fall out of the "racily clean" second before the first commit.
sleep 1.5

started=$(date +%s.%N)
split=$(cd "$scratch/ours" && "$blobrepo" commit --timings -m first | grep '^timings:')
ours=$(python3 -c "print(f'{$(date +%s.%N) - $started:.2f}')")
started=$(date +%s.%N)
(cd "$scratch/theirs" && git add -A && git commit -q -m first)
theirs=$(python3 -c "print(f'{$(date +%s.%N) - $started:.2f}')")
echo "cold first commit: blobrepo ${ours}s ($split); git add+commit ${theirs}s"
# git with `core.fsync=all` commits in a copy of its repository, so that
# each command of a round has the edit to commit.
cp -R "$scratch/theirs" "$scratch/theirs-fsync"
# git leaves its first commit's 500 objects unflushed; flush them now, so
# that the first syncs measured below do not write them out for it.
sync

# Each run edits one function body in the same file of every tree. git
# does not sync loose objects by default; blobrepo syncs every object before
# a ref names it, so git with `core.fsync=all` is shown too, for the same
# durability (the target is against git's default).
edit="python3 -c \"import re,sys
for p in sys.argv[1:]:
    s=open(p).read(); n=int(re.search(r'item.value \\\\* (\\\\d+)', s).group(1))
    open(p,'w').write(re.sub(r'item.value \\\\* \\\\d+', 'item.value * %d' % (n + 1), s, count=1))\" \
    $scratch/ours/src/mod0/file7.lua $scratch/theirs/mod0/file7.lua $scratch/theirs-fsync/mod0/file7.lua"
# In rounds: each round edits the three trees and runs the three commands, in an
# order that rotates (bench/paired.py); the ratios compare runs made within
# the same few tens of milliseconds.
python3 "$root/bench/paired.py" --edit "$edit" --rounds 40 \
    "blobrepo=cd $scratch/ours && $blobrepo commit -m edit >/dev/null" \
    "git=cd $scratch/theirs && git add -A && git commit -q -m edit" \
    "git-fsync=cd $scratch/theirs-fsync && git -c core.fsync=all add -A && git -c core.fsync=all commit -q -m edit"
# The same as one hyperfine run (each command's runs in a block), for
# comparison with earlier measurements.
hyperfine --warmup 2 --runs 15 --prepare "$edit" \
    -n blobrepo "cd $scratch/ours && $blobrepo commit -m edit >/dev/null" \
    -n git "cd $scratch/theirs && git add -A && git commit -q -m edit" \
    -n git-fsync "cd $scratch/theirs-fsync && git -c core.fsync=all add -A && git -c core.fsync=all commit -q -m edit" \
    --export-json "$scratch/commit.json" >/dev/null
report "incremental commit, hyperfine blocks" "$scratch/commit.json" blobrepo git
report "incremental commit, hyperfine blocks, same durability" "$scratch/commit.json" blobrepo git-fsync
