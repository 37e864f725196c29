#!/usr/bin/env python3
"""Renders bench/daemon/run's results.jsonl as a Markdown table (stdout).

Exit status 0 when every target of issue 3 is met, 1 otherwise (the run script turns that into a
failure only with STRICT=1).
"""
from __future__ import annotations

import argparse
import json
import sys

HEALTH_P99_MS = 5.0
HEALTH_RPS = 2000.0
SUBMIT_RPS = 300.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--nproc", required=True)
    parser.add_argument("--cpu", required=True)
    parser.add_argument("--load", required=True)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--clients", required=True)
    parser.add_argument("--duration", required=True)
    parser.add_argument("--procs", required=True)
    args = parser.parse_args()

    phases, snaps, final, fsync = {}, {}, {}, {}
    for line in open(args.results, encoding="utf-8"):
        record = json.loads(line)
        if "fsync_p50_ms" in record:
            fsync = record
        elif "snapshot" in record:
            snaps[record["snapshot"]] = record
        elif "label" in record:
            phases[record["label"]] = record
        else:
            final = record

    met = True
    out = []
    out.append("## mendeld load benchmark\n")
    out.append(f"Machine: {args.nproc} CPUs, {args.cpu}; load average at start {args.load}. "
               f"Binaries: `{args.bin}` ({args.build}). {args.clients} clients, {args.duration} s per phase, "
               f"{args.procs} load-generator process(es), HTTP/1.1 keep-alive over the Unix socket. "
               + (f"fdatasync of a 400-byte append on the work dir's disk: p50 {fsync['fsync_p50_ms']} ms, "
                  f"p99 {fsync['fsync_p99_ms']} ms (200 samples before the daemon starts).\n" if fsync else "\n"))
    out.append("| measurement | requests | ok/s | p50 ms | p99 ms | max ms | errors | daemon CPU ms/req | load avg (1/5/15) | target | met |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|")

    def row(label: str, title: str, target: str, ok: bool | None, cpu: bool = True) -> None:
        r = phases.get(label)
        if r is None:
            return
        # The mixed row's daemon CPU is mostly the background submissions': not per probe request.
        cpu_per = f"{r['daemon_cpu_s'] * 1000 / r['ok']:.2f}" if cpu and r.get("ok") else "—"
        errors = str(r["errors"]) + (f" {r['error_kinds']}" if r["errors"] else "")
        verdict = "" if ok is None else ("yes" if ok else "**no**")
        out.append(f"| {title} | {r['requests']} | {r['ok_per_s']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                   f"{r['max_ms']:.1f} | {errors} | {cpu_per} | {r['load']} | {target} | {verdict} |")

    health = phases.get("health")
    if health:
        ok = health["p99_ms"] < HEALTH_P99_MS and health["ok_per_s"] >= HEALTH_RPS and health["errors"] == 0
        met &= ok
        row("health", f"`GET /v1/health`, {health['clients']} clients", f"p99 < {HEALTH_P99_MS:g} ms at >= {HEALTH_RPS:,.0f}/s", ok)
    submit = phases.get("submit")
    if submit:
        ok = submit["ok_per_s"] >= SUBMIT_RPS and submit["errors"] == 0
        met &= ok
        row("health_1", "`GET /v1/health`, 1 client (baseline)", "(info)", None)
        row("submit", f"`POST /v1/cases`, {submit['clients']} clients", f">= {SUBMIT_RPS:,.0f}/s", ok)
    row("health_during_submit", f"`GET /v1/health`, 1 probe while {args.clients} clients submit", "(info)", None, cpu=False)

    out.append("")
    out.append("| daemon state | RSS MiB | open fds | threads | audit lines | load avg |")
    out.append("|---|---:|---:|---:|---:|---|")
    names = {"idle": "idle after start", "after_health": "after the health phases",
             "after_cases": "after the submit phase", "after_mixed": "after the mixed phase"}
    for key, title in names.items():
        s = snaps.get(key)
        if s is None:
            continue
        if key == "after_cases" and submit:
            title += f" ({submit['ok']} cases)"
        out.append(f"| {title} | {s['rss_kb'] / 1024:.1f} | {s['fds']} | {s['threads']} | {s['audit_lines']} | {s['load']} |")
    if "idle" in snaps and "after_cases" in snaps:
        growth = snaps["after_cases"]["fds"] - snaps["idle"]["fds"]
        out.append(f"\nOpen fds idle -> after cases: {snaps['idle']['fds']} -> {snaps['after_cases']['fds']} "
                   f"({'no growth' if growth <= 0 else f'+{growth}'}).")
    if final:
        verify = final.get("verify", "").splitlines()
        out.append(f"SIGTERM: exit code {final['exit_code']} ({'ok' if final['exit_code'] == 0 else '**not 0**'}). "
                   f"`mendel audit verify` (offline): rc {final['verify_rc']} "
                   f"({'passed' if final['verify_rc'] == 0 else '**failed**'}){': ' + verify[0] if verify else ''}.")
        met &= final["exit_code"] == 0 and final["verify_rc"] == 0
    print("\n".join(out))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
