#!/usr/bin/env bash
# Incremental commit of a 10,000-function set in 500 files after editing one
# function: `blobrepo commit` against `git add -A && git commit -q` of the
# same tree after the same edit, in one hyperfine run. Also reports the cold
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
# git leaves its first commit's 500 objects unflushed; flush them now, so
# that the first syncs measured below do not write them out for it.
sync

# Each run edits one function body in the same file of both trees. git
# does not sync loose objects by default; blobrepo syncs every object before
# a ref names it, so git with `core.fsync=all` is shown too, for the same
# durability (the target is against git's default).
edit="python3 -c \"import re,sys
for p in sys.argv[1:]:
    s=open(p).read(); n=int(re.search(r'item.value \\\\* (\\\\d+)', s).group(1))
    open(p,'w').write(re.sub(r'item.value \\\\* \\\\d+', 'item.value * %d' % (n + 1), s, count=1))\" \
    $scratch/ours/src/mod0/file7.lua $scratch/theirs/mod0/file7.lua"
hyperfine --warmup 2 --runs 15 --prepare "$edit" \
    -n blobrepo "cd $scratch/ours && $blobrepo commit -m edit >/dev/null" \
    -n git "cd $scratch/theirs && git add -A && git commit -q -m edit" \
    -n git-fsync "cd $scratch/theirs && git -c core.fsync=all add -A && git -c core.fsync=all commit -q -m edit" \
    --export-json "$scratch/commit.json"
report "incremental commit" "$scratch/commit.json" blobrepo git
report "incremental commit, same durability" "$scratch/commit.json" blobrepo git-fsync
