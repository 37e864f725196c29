"""Per-round ratios (Mendel / peer) from a ./run log, their medians, and the machine and peer versions.
Ratios above 1 mean Mendel is faster. Per-CPU-second ratios are the steadier ones on a shared machine.
usage: summarize.py LOG"""
import re, statistics, sys

rounds, cur, info = [], None, {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("machine: ") or line.startswith("mendel-bench: "):
        info[line.split(":", 1)[0]] = line.split(":", 1)[1].strip()
    elif line.startswith("round "):
        cur = {"load": re.search(r"load average: ([0-9.]+)", line).group(1)}; rounds.append(cur)
    elif m := re.search(r"^mendel generate: .*?= ([0-9.]+) tok/s \(([0-9.]+) per CPU-s\); generated .*?= ([0-9.]+) tok/s \(([0-9.]+) per CPU-s\) \(threads (\d+)", line):
        cur.setdefault("m", {})[m.group(5)] = tuple(map(float, m.group(1, 2, 3, 4)))
        if k := re.search(r"kernels (\w+)", line): info["mendel kernels"] = k.group(1)
    elif m := re.search(r"^peer (llama-cpp-python \S+) \(threads (\d+)\): prompt \d+ tokens ([0-9.]+) tok/s \(([0-9.]+) per CPU-s\); generated \d+ tokens ([0-9.]+) tok/s \(([0-9.]+) per CPU-s\)", line):
        info["decoder peer"] = m.group(1)
        cur.setdefault("p", {})[m.group(2)] = tuple(map(float, m.group(3, 4, 5, 6)))
    elif m := re.search(r"^mendel embed: .*= ([0-9.]+) sentences/s", line):
        cur["me"] = float(m.group(1))
    elif m := re.search(r"^peer (onnxruntime \S+) .*= ([0-9.]+) sentences/s", line):
        info["encoder peer"] = m.group(1)
        cur["pe"] = float(m.group(2))

for k in ("machine", "mendel-bench", "mendel kernels", "decoder peer", "encoder peer"):
    if k in info: print(f"{k}: {info[k]}")
print()
cols = {}
print("| round | load | threads | Mendel prompt tok/s wall (per CPU-s) | llama.cpp prompt | Mendel gen tok/s wall (per CPU-s) | llama.cpp gen | Mendel embed sent/s | ORT sent/s |")
print("|---|---|---|---|---|---|---|---|---|")
for i, r in enumerate(rounds, 1):
    for t in sorted(r.get("m", {})):
        if t not in r.get("p", {}): continue
        m, p = r["m"][t], r["p"][t]
        print(f"| {i} | {r['load']} | {t} | {m[0]} ({m[1]}) | {p[0]} ({p[1]}) | {m[2]} ({m[3]}) | {p[2]} ({p[3]}) | {r.get('me','') if t=='1' else ''} | {r.get('pe','') if t=='1' else ''} |")
        for k, a, b in [("prompt wall", m[0], p[0]), ("prompt per CPU-s", m[1], p[1]), ("gen wall", m[2], p[2]), ("gen per CPU-s", m[3], p[3])]:
            cols.setdefault((t, k), []).append(a / b)
    if "me" in r and "pe" in r: cols.setdefault(("1", "encoder sentences/s"), []).append(r["me"] / r["pe"])
print()
print("Median ratios Mendel / peer (targets, issue 6: encoder >= 1.0x, generation >= 0.8x, prompt >= 0.5x):")
for (t, k), v in sorted(cols.items()):
    print(f"threads {t} {k}: ratios {', '.join(f'{x:.2f}' for x in v)} -> median {statistics.median(v):.2f}x")
if not cols:
    print("no complete round (Mendel and peer both finished) in the log"); sys.exit(1)
