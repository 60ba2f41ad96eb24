#!/usr/bin/env bash
# Builds the release executables (blobrepo, blobrepo-synth and the example
# event host, or the products named with --product) into .build-static:
# the Swift runtime linked statically, which halves a command's start-up,
# and every module, the dependencies' too, reaching the metadata of
# concrete generic types through accessor functions rather than by
# demangling their names at first use (see docs/architecture.md). The
# benchmarks, the demo and an installation use this build. No $ORIGIN run
# path: the binary needs only the system's libraries.
# Usage: scripts/build-release.sh [swift build options...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift build -c release --static-swift-stdlib --disable-local-rpath --scratch-path .build-static \
    -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors "$@" >&2
