#!/usr/bin/env python3
"""Medians of a bench/vcf-throughput/run log: wall, CPU (user+sys), Mendel's critical path, ratio to bcftools."""
import re, statistics, sys
from collections import defaultdict

runs = defaultdict(list)  # label -> [dict]
loads, current, records = [], None, {}
for line in open(sys.argv[1]):
    m = re.match(r"== (.+?) load=([\d.]+) cmd:", line)
    if m:
        current = {"label": m.group(1)}
        loads.append(float(m.group(2)))
        continue
    m = re.search(r"critical path (?:≈ )?([\d.]+) s", line)
    if m and current is not None:
        current["critical"] = float(m.group(1))
        # Builds that classify on both threads (RecordPipeline) say so; CPU/2 applies to them only.
        current["shared"] = "reading (+ classifying)" in line or "calling (classify" in line
    m = re.match(r"analyze returned after ([\d.]+) s wall, ([\d.]+) CPU-s", line)
    if m and current is not None:
        current["returned_cpu"] = float(m.group(2))
    m = re.match(r"vcf-throughput: (\d+) records", line)
    if m and current is not None:
        current["records"] = int(m.group(1))
    m = re.match(r"TIME (.+?) wall=([\d.]+) user=([\d.]+) sys=([\d.]+)", line)
    if m and current is not None:
        current.update(wall=float(m.group(2)), cpu=float(m.group(3)) + float(m.group(4)))
        runs[m.group(1)].append(current)
        current = None

def med(label, key):
    values = [r[key] for r in runs.get(label, []) if key in r]
    return statistics.median(values) if values else None

size_records = {"100k": 100_000, "2m": 2_000_000}
print(f"load average at the start of each run: min {min(loads):.1f}, median {statistics.median(loads):.1f}, max {max(loads):.1f}")
print(f"{'run':34} {'n':>2} {'wall s':>8} {'CPU s':>8} {'crit. s':>8} {'rec/s (crit.)':>13} {'vs bcftools':>18} {'CPU/2 s':>8} {'vs bcftools':>11}")
for label in runs:
    size = label.split()[0]
    n = len(runs[label])
    wall, cpu, crit = med(label, "wall"), med(label, "cpu"), med(label, "critical")
    bcf_wall, bcf_cpu = med(f"{size} bcftools", "wall"), med(f"{size} bcftools", "cpu")
    recs = size_records.get(size, 0)
    if "bcftools" in label:
        print(f"{label:34} {n:>2} {wall:8.2f} {cpu:8.2f} {'':>8} {recs / cpu:13.0f} {'1.00 (CPU)':>18}")
        continue
    # bcftools view is single-threaded: its wall on a free core is its CPU time. Mendel on two free cores: the
    # critical path (busier thread or half the total CPU). Ratio = records/s ratio = bcftools time / Mendel time.
    speed = f"{recs / crit:13.0f}" if crit else f"{'':>13}"
    ratio = f"{bcf_cpu / crit:.2f} crit, {bcf_wall / wall:.2f} wall" if crit else f"{bcf_wall / wall:.2f} wall"
    # Balanced estimate for the work-sharing pipeline: half the process CPU (both threads busy). On this shared VM
    # the busier thread's CPU depends on which thread the scheduler let run, so "crit." is an upper estimate.
    half = cpu / 2
    shared = any(r.get("shared") for r in runs[label])
    halves = f"{half:8.2f} {bcf_cpu / half:11.2f}" if shared else f"{'–':>8} {'–':>11}"
    print(f"{label:34} {n:>2} {wall:8.2f} {cpu:8.2f} {crit if crit else float('nan'):8.2f} {speed} {ratio:>18} {halves}")
    returned = med(label, "returned_cpu")
    if returned:
        print(f"{'':34}    analyze returned after (median) {returned:.2f} CPU-s; half: {returned / 2:.2f} s")
