#!/usr/bin/env bash
# The main job on the bundled example (Fixtures/demo): builds blobrepo, then,
# in a scratch folder, commits the script set v1 and calls its functions,
# commits v2 (a bad change to Account:deposit and faster spawns), reads the
# log, rolls functions back one by one and calls again, commits v2 again (the
# rollbacks hold), commits the fix v3 (the hold on Account:deposit is
# released), tags, runs gc and fsck, and lets git check the repository.
# Last, hot reload: the example event host (Examples/EventHost) runs its
# rules from a repository while a new rule is committed; it picks the change
# up between two events, without a restart.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/build-release.sh --product blobrepo
scripts/build-release.sh --product blobrepo-example-events
blobrepo="$root/.build-static/release/blobrepo"
host="$root/.build-static/release/blobrepo-example-events"
demo="$root/Fixtures/demo"
work=$(mktemp -d "${TMPDIR:-/tmp}/blobrepo-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
step() { printf '\n$ %s\n' "$*" | sed "s|$blobrepo|blobrepo|"; "$@"; }

step "$blobrepo" init .
cp -R "$demo/v1" src
step "$blobrepo" commit -m "First version of the game scripts"
step "$blobrepo" call on_join '"ada"'
step "$blobrepo" call Account.new '"bob"' 100
cp -R "$demo/v2/." src/
step "$blobrepo" status
step "$blobrepo" commit -m "Deposit fee; faster spawns"
step "$blobrepo" call spawn_rate 25
step "$blobrepo" log -n 2
step "$blobrepo" log Account:deposit
step "$blobrepo" rollback Account:deposit
step "$blobrepo" rollback spawn_rate
step "$blobrepo" call spawn_rate 25
step "$blobrepo" commit -m "Same source again: deposit stays rolled back"
step "$blobrepo" show Account:deposit
cp -R "$demo/v3/." src/
step "$blobrepo" commit -m "Fix the deposit fee"
step "$blobrepo" tag v1 HEAD~4
step "$blobrepo" diff v1 HEAD
step "$blobrepo" log Account:deposit
step "$blobrepo" gc --prune=now
step "$blobrepo" fsck
step git --git-dir=.blobrepo fsck --strict --no-dangling
step git --git-dir=.blobrepo log --oneline
step git --git-dir=.blobrepo cat-file -p 'HEAD^{tree}'

printf '\n# Hot reload: a running host picks up a commit between two events\n'
mkdir "$work/live" && cd "$work/live"
cp -R "$root/Examples/EventHost/scripts" scripts
"$blobrepo" init . >/dev/null
"$blobrepo" commit scripts -m "Game rules" >/dev/null
"$host" . 16 60 > host.log &
sleep 0.45
sed -i 's/return world.add_score(player, points)/world.announce("double points for " .. player)\n  return world.add_score(player, points * 2)/' scripts/rules.lua
step "$blobrepo" commit scripts -m "Double points"
wait
cat host.log
step "$blobrepo" log on_score
