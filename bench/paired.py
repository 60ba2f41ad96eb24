#!/usr/bin/env python3
"""Times commands against each other in rounds, for a noisy machine.

    bench/paired.py --edit 'SHELL' --rounds N [--warmup W] NAME='SHELL' NAME='SHELL' ...

Each round runs the edit command, then every named command once, through
`sh -c` each (so every one pays the same shell start), in an order that
rotates from round to round (so none always runs first, or right after the
same other one). A hyperfine run times each command's runs in one block,
one block after the other; when the machine's speed drifts between blocks
(on this machine the same binary's two blocks can differ by 30 %), the
ratio of two blocks drifts with it. Here each round times every command
within a few tens of milliseconds, so a ratio compares like with like.

Prints each command's median and, for every command after the first, the
ratio of its median to the first's and the median of the per-round ratios.
"""
import argparse
import statistics
import subprocess
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edit", required=True, help="shell command run before each round")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("commands", nargs="+", help="NAME=SHELL")
    arguments = parser.parse_args()
    commands = [tuple(command.split("=", 1)) for command in arguments.commands]
    times = {name: [] for name, _ in commands}
    for round_number in range(arguments.warmup + arguments.rounds):
        subprocess.run(arguments.edit, shell=True, check=True)
        start = round_number % len(commands)
        for name, shell in commands[start:] + commands[:start]:
            began = time.perf_counter()
            subprocess.run(["sh", "-c", shell], check=True, stdout=subprocess.DEVNULL)
            elapsed = time.perf_counter() - began
            if round_number >= arguments.warmup:
                times[name].append(elapsed)
    first = commands[0][0]
    for name, _ in commands:
        line = f"{name}: median {statistics.median(times[name]) * 1000:.1f} ms"
        if name != first:
            ratio = statistics.median(times[first]) / statistics.median(times[name])
            per_round = statistics.median(a / b for a, b in zip(times[first], times[name]))
            line += f"; {first} / {name}: {ratio:.3f} (median of the rounds' ratios {per_round:.3f})"
        print(line)


if __name__ == "__main__":
    main()
