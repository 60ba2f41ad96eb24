# Shared by the benchmark scripts: build once, find the binaries, make a
# scratch folder that is removed on exit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Statically linked: a Swift binary starts twice as fast without loading the
# shared Swift and Foundation libraries, which matters for short commands.
(cd "$root" && swift build -c release --static-swift-stdlib --scratch-path .build-static >&2)
bin="$root/.build-static/release"
blobrepo="$bin/blobrepo"
synth="$bin/blobrepo-synth"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/blobrepo-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
command -v hyperfine >/dev/null || { echo "bench: hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }

# ratio NAME OURS THEIRS: prints ours/theirs from hyperfine's JSON means.
ratio() {
    python3 - "$@" <<'PY'
import json, sys
name, ours, theirs = sys.argv[1:4]
a = json.load(open(ours))["results"][0]["mean"]
b = json.load(open(theirs))["results"][0]["mean"]
print(f"{name}: blobrepo {a*1000:.1f} ms, peer {b*1000:.1f} ms, ratio {a/b:.2f}")
PY
}
