#!/usr/bin/env python3
"""Medians of a bench/vcf-throughput/run log: wall, CPU (user+sys), CPU per thread, Mendel's critical path, the
records/s ratio to bcftools, and the two issue #5 targets (2M ratio >= 0.5x bcftools; 100k end to end < 1 s)."""
import re, statistics, sys
from collections import defaultdict

runs = defaultdict(list)  # label -> [dict]
loads, current = [], None
for line in open(sys.argv[1]):
    m = re.match(r"== (.+?) load=([\d.]+) cmd:", line)
    if m:
        current = {"label": m.group(1), "load": float(m.group(2))}
        loads.append(float(m.group(2)))
        continue
    if current is None:
        continue
    m = re.search(r"critical path (?:≈ )?([\d.]+) s", line)
    if m:
        current["critical"] = float(m.group(1))
        # Builds that parse and/or classify on both threads say so; CPU/2 applies to them only.
        current["shared"] = any(k in line for k in ("worker (parse", "calling (parse", "reading (+ classifying)", "calling (classify"))
    # Per-thread CPU: current builds "worker (parse + classify) X CPU-s, calling (parse + classify) Y CPU-s, other (inflate) Z
    # CPU-s"; session-3 builds "reading (+ classifying) X CPU-s, classifying Y CPU-s, other (inflate) Z CPU-s".
    m = re.search(r"(?:worker \(parse \+ classify\)|reading \(\+ classifying\)) ([\d.]+) CPU-s, (?:calling \(parse \+ classify\)|classifying) ([\d.]+) CPU-s, other \(inflate\) ([\d.]+) CPU-s", line)
    if m:
        current.update(t_worker=float(m.group(1)), t_calling=float(m.group(2)), t_other=float(m.group(3)))
    m = re.match(r"analyze returned after ([\d.]+) s wall, ([\d.]+) CPU-s", line)
    if m:
        current["returned_wall"], current["returned_cpu"] = float(m.group(1)), float(m.group(2))
    m = re.match(r"vcf-throughput: (\d+) records", line)
    if m:
        current["records"] = int(m.group(1))
    m = re.match(r"TIME (.+?) wall=([\d.]+) user=([\d.]+) sys=([\d.]+)", line)
    if m:
        current.update(wall=float(m.group(2)), cpu=float(m.group(3)) + float(m.group(4)))
        runs[m.group(1)].append(current)
        current = None

def med(label, key):
    values = [r[key] for r in runs.get(label, []) if key in r]
    return statistics.median(values) if values else None

def loads_of(label):
    values = [r["load"] for r in runs.get(label, [])]
    return f"{min(values):.1f}–{max(values):.1f}" if values else "?"

size_records = {"100k": 100_000, "2m": 2_000_000}
print(f"load average (1 min) at the start of each run: min {min(loads):.1f}, median {statistics.median(loads):.1f}, max {max(loads):.1f}")
print(f"{'run':32} {'n':>2} {'load':>9} {'wall s':>7} {'CPU s':>7} {'worker/calling/other CPU-s':>27} {'rec/s wall':>10} {'vs bcftools wall':>16} {'CPU/2 s':>7} {'vs bcf CPU':>10}")
for label in runs:
    size = label.split()[0]
    n = len(runs[label])
    wall, cpu = med(label, "wall"), med(label, "cpu")
    bcf_wall, bcf_cpu = med(f"{size} bcftools", "wall"), med(f"{size} bcftools", "cpu")
    recs = size_records.get(size, 0)
    if "bcftools" in label:
        print(f"{label:32} {n:>2} {loads_of(label):>9} {wall:7.2f} {cpu:7.2f} {'(1 thread)':>27} {recs / wall:10.0f} {'1.00':>16}")
        continue
    threads = ""
    if med(label, "t_worker") is not None:
        threads = f"{med(label, 't_worker'):.2f}/{med(label, 't_calling'):.2f}/{med(label, 't_other'):.2f}"
    # Ratio of records/s = bcftools time / Mendel time. "wall": as measured. "CPU": bcftools view is single-threaded, so
    # its time on a free core is its CPU time; Mendel's on two free cores is about half its process CPU (both threads
    # parse and classify) — the estimate for a loaded machine.
    half = cpu / 2
    shared = any(r.get("shared") for r in runs[label])
    halves = f"{half:7.2f} {bcf_cpu / half:10.2f}" if shared and bcf_cpu else f"{'–':>7} {'–':>10}"
    print(f"{label:32} {n:>2} {loads_of(label):>9} {wall:7.2f} {cpu:7.2f} {threads:>27} {recs / wall:10.0f} {bcf_wall / wall:16.2f} {halves}")
    if med(label, "returned_wall") is not None:
        print(f"{'':32}    analyze returned after (median) {med(label, 'returned_wall'):.2f} s wall, {med(label, 'returned_cpu'):.2f} CPU-s")

print()
print("Issue #5 targets (medians; 'wall' is what this machine measured — meaningful only on a quiet machine):")
for label in runs:
    size = label.split()[0]
    if "bcftools" in label:
        continue
    wall, cpu = med(label, "wall"), med(label, "cpu")
    bcf_wall, bcf_cpu = med(f"{size} bcftools", "wall"), med(f"{size} bcftools", "cpu")
    mode = label.split()[-1]
    if size == "2m" and not mode.startswith("analyze") and bcf_wall:
        print(f"  ratio {label}: {bcf_wall / wall:.2f}x bcftools records/s by wall, {2 * bcf_cpu / cpu:.2f}x by CPU (two free cores)"
              f"  [target >= 0.5x; bcftools {2_000_000 / bcf_wall:.0f} rec/s, Mendel {2_000_000 / wall:.0f} rec/s; load {loads_of(label)}]")
    if size == "100k" and (mode.startswith("analyze") or mode == "decisions"):
        returned = med(label, "returned_wall")
        extra = f", analyze returned after {returned:.2f} s" if returned is not None else ""
        print(f"  100k end to end {label}: {wall:.2f} s wall (process){extra}, CPU/2 {cpu / 2:.2f} s  [target < 1 s; load {loads_of(label)}]")
