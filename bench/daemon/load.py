#!/usr/bin/env python3
"""Closed-loop HTTP/1.1 load generator for mendeld over its Unix socket (Python 3 standard library only).

Each of --clients concurrent clients holds one keep-alive connection and sends requests back to back
(the next one as soon as the previous response has been read completely); latency is measured per
request from just before the send to just after the last body byte. If the daemon answers
`Connection: close` (or drops the connection) the client reconnects, and a dropped connection counts
as an error. A response counts as OK when its status is the expected one (200 for GET, 201 for POST
/v1/cases unless --expect says otherwise).

The clients are asyncio tasks, split over --procs processes (each with its own event loop) so the
generator can use more than one core when that is what limits it. The result is one JSON object on
stdout: requests, ok, errors (by kind), requests/s, latency percentiles in ms.

Examples:
  load.py --socket S --clients 16 --duration 10 GET /v1/health
  load.py --socket S --clients 16 --duration 10 --min-requests 1000 --body-file case.json POST /v1/cases
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import sys
import time


def build_request(method: str, path: str, body: bytes | None) -> bytes:
    head = [f"{method} {path} HTTP/1.1", "Host: localhost", "Connection: keep-alive"]
    if body is not None:
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + (body or b"")


class ProtocolError(Exception):
    pass


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool, bytes]:
    """Reads one response; returns (status, keep_alive, body). Handles Content-Length and chunked bodies."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head[:-4].split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
        raise ProtocolError("bad status line")
    status = int(parts[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    keep_alive = headers.get(b"connection", b"keep-alive").lower() != b"close"
    if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        chunks = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                break
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        body = b"".join(chunks)
    elif b"content-length" in headers:
        body = await reader.readexactly(int(headers[b"content-length"]))
    else:
        raise ProtocolError("response without length")
    return status, keep_alive, body


async def client(socket_path: str, request: bytes, expect: int, deadline: float, min_requests: int,
                 shared: dict, latencies: list, errors: dict, timeout: float) -> None:
    reader = writer = None
    perf = time.perf_counter
    while True:
        now = perf()
        if now >= deadline and shared["sent"] >= min_requests:
            break
        if now >= shared["hard_deadline"]:
            break
        try:
            if writer is None:
                reader, writer = await asyncio.open_unix_connection(socket_path, limit=1 << 22)
            shared["sent"] += 1
            start = perf()
            writer.write(request)
            status, keep_alive, body = await asyncio.wait_for(read_response(reader), timeout)
            elapsed = perf() - start
            latencies.append(elapsed)
            if status != expect:
                key = f"http_{status}"
                errors[key] = errors.get(key, 0) + 1
                if len(shared["samples"]) < 3:
                    shared["samples"].append(body[:300].decode("utf-8", "replace"))
            if not keep_alive:
                writer.close()
                reader = writer = None
                shared["reconnects"] += 1
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError, ProtocolError, ValueError) as exc:
            kind = type(exc).__name__
            errors[kind] = errors.get(kind, 0) + 1
            if writer is not None:
                writer.close()
            reader = writer = None
            shared["reconnects"] += 1
            await asyncio.sleep(0.001)
        except asyncio.TimeoutError:
            errors["timeout"] = errors.get("timeout", 0) + 1
            if writer is not None:
                writer.close()
            reader = writer = None
            shared["reconnects"] += 1
        except FileNotFoundError:
            errors["no_socket"] = errors.get("no_socket", 0) + 1
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()
        try:
            await writer.wait_closed()
        except (ConnectionError, OSError):
            pass


async def run_clients(args, request: bytes, start_at: float, count: int, min_requests: int) -> dict:
    # Start all processes at the same wall-clock moment, then run for the duration.
    delay = start_at - time.time()
    if delay > 0:
        await asyncio.sleep(delay)
    begin = time.perf_counter()
    shared = {"sent": 0, "reconnects": 0, "samples": [],
              "hard_deadline": begin + max(args.duration, 1) * 20 + 60}
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = begin + args.duration
    await asyncio.gather(*(client(args.socket, request, args.expect, deadline, min_requests, shared,
                                  latencies, errors, args.timeout) for _ in range(count)))
    wall = time.perf_counter() - begin
    return {"latencies": latencies, "errors": errors, "wall": wall,
            "reconnects": shared["reconnects"], "samples": shared["samples"]}


def worker(args, request, start_at, count, min_requests, queue) -> None:
    try:
        queue.put(asyncio.run(run_clients(args, request, start_at, count, min_requests)))
    except BaseException as exc:  # report, do not hang the parent
        queue.put({"fatal": repr(exc)})


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("method", choices=["GET", "POST"])
    parser.add_argument("path")
    parser.add_argument("--socket", required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--procs", type=int, default=1, help="processes to split the clients over")
    parser.add_argument("--duration", type=float, default=10, help="seconds to run")
    parser.add_argument("--min-requests", type=int, default=0, help="keep going past --duration until this many were sent")
    parser.add_argument("--body-file", help="request body (sent as is)")
    parser.add_argument("--expect", type=int, help="expected status (default 200 for GET, 201 for POST)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds to wait for one response")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    if args.expect is None:
        args.expect = 201 if args.method == "POST" else 200
    body = open(args.body_file, "rb").read() if args.body_file else (b"" if args.method == "POST" else None)
    request = build_request(args.method, args.path, body)

    procs = max(1, min(args.procs, args.clients))
    shares = [args.clients // procs + (1 if i < args.clients % procs else 0) for i in range(procs)]
    start_at = time.time() + 0.3
    results = []
    if procs == 1:
        results.append(asyncio.run(run_clients(args, request, start_at, shares[0], args.min_requests)))
    else:
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        per_proc_min = -(-args.min_requests // procs)
        children = [ctx.Process(target=worker, args=(args, request, start_at, n, per_proc_min, queue)) for n in shares]
        for child in children:
            child.start()
        results = [queue.get() for _ in children]
        for child in children:
            child.join()
    fatal = [r["fatal"] for r in results if "fatal" in r]
    if fatal:
        print(json.dumps({"fatal": fatal}), file=sys.stderr)
        return 2

    latencies = sorted(x for r in results for x in r["latencies"])
    errors: dict[str, int] = {}
    for r in results:
        for key, value in r["errors"].items():
            errors[key] = errors.get(key, 0) + value
    wall = max(r["wall"] for r in results)
    requests = len(latencies) + sum(v for k, v in errors.items() if not k.startswith("http_"))
    http_errors = sum(v for k, v in errors.items() if k.startswith("http_"))
    ok = len(latencies) - http_errors
    ms = lambda s: round(s * 1000, 3)
    summary = {
        "label": args.label, "method": args.method, "path": args.path, "clients": args.clients, "procs": procs,
        "duration_s": round(wall, 3), "requests": requests, "ok": ok, "errors": sum(errors.values()),
        "error_kinds": errors, "reconnects": sum(r["reconnects"] for r in results),
        "rps": round(len(latencies) / wall, 1) if wall > 0 else 0.0,
        "ok_per_s": round(ok / wall, 1) if wall > 0 else 0.0,
        "p50_ms": ms(percentile(latencies, 50)), "p90_ms": ms(percentile(latencies, 90)),
        "p99_ms": ms(percentile(latencies, 99)), "p999_ms": ms(percentile(latencies, 99.9)),
        "max_ms": ms(latencies[-1]) if latencies else float("nan"),
        "error_samples": [s for r in results for s in r["samples"]][:3],
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
