"""Parity of `mendel-bench embed` output with the MiniLM DEV reference: token ids equal, max |embedding diff|.
usage: compare_minilm.py minilm-dev-reference.json MENDEL_EMBED_OUT.jsonl"""
import json, sys

ref = {str(it["index"]): it for it in json.load(open(sys.argv[1], encoding="utf-8"))["items"]}
worst = 0.0; bad = 0
for line in open(sys.argv[2], encoding="utf-8"):
    o = json.loads(line); r = ref[o["id"]]
    rid = r["input_ids"] if isinstance(r["input_ids"], list) else json.loads(r["input_ids"])
    remb = r["embedding"] if isinstance(r["embedding"], list) else json.loads(r["embedding"])
    d = max(abs(a - b) for a, b in zip(o["embedding"], remb))
    worst = max(worst, d)
    if o["input_ids"] != rid: bad += 1; print("IDS DIFFER", o["id"], o["input_ids"], rid)
    if d > 1e-5: print("EMB", o["id"], d)
print("minilm parity: items", len(ref), "id mismatches", bad, "max abs diff", f"{worst:.2e}")
