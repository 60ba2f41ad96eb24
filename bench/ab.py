#!/usr/bin/env python3
"""Compares two builds of blobrepo on the same work, alternating them.

On a noisy machine two hyperfine runs of the same binary can differ by 30 %,
more than most changes; running OLD and NEW in alternation on one repository
and taking the median of the paired differences cancels most of that drift.

    bench/ab.py OLD NEW --repo DIR [--new-repo DIR2] [--runs N] [--edit FILE] -- ARGS...

runs `OLD ARGS` and `NEW ARGS` in DIR, N pairs (default 60, after 5 pairs of
warm-up), in alternating order. With --new-repo, NEW runs in DIR2 instead (a
copy of DIR, for a change to the database's schema, which the old build
cannot open once the new one has migrated it). With --edit, each run first
bumps the multiplier of the first `item.value * N` in FILE (a corpus file of
bench/gen_corpus.py, relative to the folder it runs in), so that `commit`
has one function to commit.

Both binaries are first copied into fresh files of a scratch folder: on a
virtual machine, a binary written minutes ago ran 0.5 ms slower a command
than a fresh copy of the same bytes (its page-cache pages aged), which
would favour whichever build was copied last.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time


def bump(path):
    with open(path) as f:
        text = f.read()
    n = int(re.search(r"item.value \* (\d+)", text).group(1))
    with open(path, "w") as f:
        f.write(re.sub(r"item.value \* \d+", f"item.value * {n + 1}", text, count=1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--repo", required=True, help="the folder to run in")
    parser.add_argument("--new-repo", help="the folder to run NEW in, when not the same")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--edit", help="a corpus file to change before each run")
    parser.add_argument("args", nargs="+", help="the command's arguments, after --")
    options = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="blobrepo-ab.")
    for name in ("old", "new"):
        copy = os.path.join(scratch, name)
        shutil.copy2(getattr(options, name), copy)
        setattr(options, name, copy)

    def run(binary):
        folder = options.new_repo if binary is options.new and options.new_repo else options.repo
        if options.edit:
            bump(os.path.join(folder, options.edit))
        started = time.perf_counter()
        subprocess.run([binary] + options.args, cwd=folder, stdout=subprocess.DEVNULL, check=True)
        return (time.perf_counter() - started) * 1000

    for _ in range(5):
        run(options.old)
        run(options.new)
    old, new = [], []
    for index in range(options.runs):
        if index % 2:
            old.append(run(options.old))
            new.append(run(options.new))
        else:
            new.append(run(options.new))
            old.append(run(options.old))
    difference = statistics.median(n - o for o, n in zip(old, new))
    print(f"old median {statistics.median(old):.2f} ms, new median {statistics.median(new):.2f} ms, "
          f"median of paired differences (new - old) {difference:+.2f} ms")
    shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
