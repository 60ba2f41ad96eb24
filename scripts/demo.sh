#!/usr/bin/env bash
# The main job on the bundled example: builds blobrepo, then, in a scratch
# folder, commits three versions of the example script set, shows the log and
# one function's history, rolls that function back, tags, resets, runs gc and
# fsck, and lets git check the repository.
#
# The script set is synthetic: until `blobrepo commit DIR` lands with the
# compiler, blobrepo-synth makes 40 function blobs in code and commits them
# through the library's API, as the compiler will.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift build -c release --static-swift-stdlib --scratch-path .build-static >&2
bin="$root/.build-static/release"
work=$(mktemp -d "${TMPDIR:-/tmp}/blobrepo-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
step() { printf '\n$ %s\n' "$*"; "$@"; }

step "$bin/blobrepo" init .
step "$bin/blobrepo-synth" commit . 40 1
step "$bin/blobrepo-synth" commit . 40 2 3
step "$bin/blobrepo-synth" commit . 40 3 1
step "$bin/blobrepo" log -n 2
step "$bin/blobrepo" diff HEAD~2 HEAD~1
step "$bin/blobrepo" log mod0.f0
step "$bin/blobrepo" rollback mod0.f0
step "$bin/blobrepo" log mod0.f0 -n 2
step "$bin/blobrepo" show mod0.f0
step "$bin/blobrepo" tag v1 HEAD~3
step "$bin/blobrepo" rollback --to v1
step "$bin/blobrepo" gc --prune=now
step "$bin/blobrepo" fsck
step git --git-dir=.blobrepo fsck --strict --no-dangling
step git --git-dir=.blobrepo log --oneline
step git --git-dir=.blobrepo cat-file -p 'HEAD^{tree}'
