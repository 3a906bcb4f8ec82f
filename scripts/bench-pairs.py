#!/usr/bin/env python3
"""Paired timing for scripts/bench.

`pairs`: runs command A and command B alternately (order AB, BA, AB, ...), one warm-up pair
then PAIRS counted pairs, each run preceded by its untimed setup; prints Markdown with the
median and min-max of the ratio A/B (ratio taken within each pair), both medians, the CPU
time of each side (the command and every descendant it waited for: Terraform plus its
provider processes), the machine load before and after, the date and the commands.

`series`: runs one command WARMUP+PAIRS times and divides each wall time by a floor that a
measure command prints after the run (with any extra text to show); prints the same summary.

A failed run stops the comparison and prints the tail of its output.
"""
import argparse
import datetime
import os
import resource
import statistics
import subprocess
import sys
import time


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def sh(cmd):
    return subprocess.run(["bash", "-c", cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def timed(cmd):
    """Wall seconds and CPU seconds (user+sys of all waited-for descendants) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = sh(cmd)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if p.returncode != 0:
        raise RuntimeError(f"`{cmd}` exited {p.returncode}:\n" + "\n".join(p.stdout.splitlines()[-15:]))
    return wall, cpu


def setup(cmd):
    if cmd:
        p = sh(cmd)
        if p.returncode != 0:
            raise RuntimeError(f"setup `{cmd}` exited {p.returncode}:\n" + "\n".join(p.stdout.splitlines()[-15:]))


def spread(xs, fmt):
    return f"{fmt(statistics.median(xs))} ({fmt(min(xs))}–{fmt(max(xs))})"


def verdict(ratio, target):
    if target is None:
        return ""
    return f"; target ≤ {target:.2f}× → **{'met' if ratio <= target else 'missed'}** (median {ratio:.3f}×)"


def header(args, started, load_before):
    print(f"### {args.label}\n")
    print(f"- {started:%Y-%m-%d %H:%M:%S} UTC; {args.pairs} counted pairs after {args.warmup} warm-up; load before: {load_before}")


def seconds(x):
    return f"{x:.2f} s"


def times(x):
    return f"{x:.2f}×"


def report(args, measure):
    """Runs `measure` (which returns a function printing its figures) under the header: on a
    failed run prints the failure and returns 1, else the load after and the figures."""
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = load()
    try:
        show = measure()
    except RuntimeError as e:
        header(args, started, load_before)
        print(f"- **FAILED**: {e}\n")
        return 1
    header(args, started, load_before)
    print(f"- load after: {load()}")
    show()
    return 0


def run_pairs(args):
    sides = {"A": (args.a_setup, args.a_cmd), "B": (args.b_setup, args.b_cmd)}
    wall = {"A": [], "B": []}
    cpu = {"A": [], "B": []}
    ratios = []

    def measure():
        for i in range(args.warmup + args.pairs):
            order = "AB" if i % 2 == 0 else "BA"
            got = {}
            for side in order:
                setup(sides[side][0])
                got[side] = timed(sides[side][1])
            if i >= args.warmup:
                for side in "AB":
                    wall[side].append(got[side][0])
                    cpu[side].append(got[side][1])
                ratios.append(got["A"][0] / got["B"][0])
        return show

    def show():
        print(f"- A = {args.a_name}: `{args.a_cmd}`")
        print(f"- B = {args.b_name}: `{args.b_cmd}`")
        print(f"- A wall: {spread(wall['A'], seconds)}; CPU {spread(cpu['A'], seconds)}")
        print(f"- B wall: {spread(wall['B'], seconds)}; CPU {spread(cpu['B'], seconds)}")
        print(f"- **ratio A/B: {spread(ratios, times)}**{verdict(statistics.median(ratios), args.target)}")
        print(f"- pair ratios: {', '.join(f'{x:.2f}' for x in ratios)}\n")

    return report(args, measure)


def run_series(args):
    wall, floors, ratios, notes = [], [], [], []

    def measure():
        for i in range(args.warmup + args.pairs):
            setup(args.a_setup)
            w, _ = timed(args.a_cmd)
            p = sh(args.measure)
            if p.returncode != 0:
                raise RuntimeError(f"measure `{args.measure}` exited {p.returncode}:\n{p.stdout}")
            floor, _, note = p.stdout.strip().partition(" ")
            if i >= args.warmup:
                wall.append(w)
                floors.append(float(floor))
                ratios.append(w / float(floor))
                notes.append(note)
        return show

    def show():
        print(f"- run: `{args.a_cmd}`")
        print(f"- wall: {spread(wall, seconds)}; floor: {spread(floors, seconds)}")
        print(f"- **ratio wall/floor: {spread(ratios, times)}**{verdict(statistics.median(ratios), args.target)}")
        for i, note in enumerate(notes):
            print(f"- run {i + 1}: {wall[i]:.2f} s, floor {floors[i]:.2f} s; {note}")
        print()

    return report(args, measure)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["pairs", "series"])
    ap.add_argument("--label", required=True)
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--target", type=float)
    ap.add_argument("--a-name", default="A")
    ap.add_argument("--a-setup", default="")
    ap.add_argument("--a-cmd", required=True)
    ap.add_argument("--b-name", default="B")
    ap.add_argument("--b-setup", default="")
    ap.add_argument("--b-cmd")
    ap.add_argument("--measure", help="series: prints `FLOOR_SECONDS note...` after each run")
    args = ap.parse_args()
    if args.mode == "pairs" and not args.b_cmd:
        ap.error("pairs needs --b-cmd")
    if args.mode == "series" and not args.measure:
        ap.error("series needs --measure")
    sys.stdout.flush()
    return run_pairs(args) if args.mode == "pairs" else run_series(args)


if __name__ == "__main__":
    sys.exit(main())
