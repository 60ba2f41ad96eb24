# Shared by the benchmark scripts: build once, find the binaries, make a
# scratch folder that is removed on exit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Statically linked: a Swift binary starts twice as fast without loading the
# shared Swift and Foundation libraries, which matters for short commands.
"$root/scripts/build-release.sh"
bin="$root/.build-static/release"
blobrepo="$bin/blobrepo"
synth="$bin/blobrepo-synth"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/blobrepo-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
command -v hyperfine >/dev/null || { echo "bench: hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }

# report LABEL JSON OURS THEIRS: one line with both means from a hyperfine
# JSON export and their ratio (OURS / THEIRS).
report() {
    python3 - "$@" <<'PY'
import json, sys
label, path, ours, theirs = sys.argv[1:5]
means = {r["command"]: r["mean"] for r in json.load(open(path))["results"]}
a, b = means[ours], means[theirs]
print(f"{label}: {ours} {a*1000:.1f} ms, {theirs} {b*1000:.1f} ms, ratio {a/b:.3f}")
PY
}
