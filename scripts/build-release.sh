#!/usr/bin/env bash
# Builds the release executables (blobrepo, blobrepo-synth and the example
# event host, or the products named with --product) into .build-static:
# the Swift runtime linked statically, which halves a command's start-up,
# and the release tuning of Package.swift (BLOBREPO_RELEASE_TUNING). The
# benchmarks, the demo and an installation use this build.
# Usage: scripts/build-release.sh [swift build options...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
BLOBREPO_RELEASE_TUNING=1 swift build -c release --static-swift-stdlib --scratch-path .build-static "$@" >&2
