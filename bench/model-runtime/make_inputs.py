"""Writes the side-by-side inputs from the DEV reference files of the llm benchmark.
  generate.jsonl  {"id","max_tokens","messages"|"prompt"}: the SmolLM2 reference generation prompts
                  (chat prompts as messages, so both runtimes apply the chat template themselves)
  embed.jsonl     {"id","text"}: the MiniLM reference phrases
usage: make_inputs.py REFS_DIR OUT_DIR   (REFS_DIR holds smollm2-dev-reference.json, minilm-dev-reference.json)"""
import json, os, sys

refs, out = sys.argv[1], sys.argv[2]
smol = json.load(open(os.path.join(refs, "smollm2-dev-reference.json"), encoding="utf-8"))
max_new = smol["settings"]["max_new_tokens"]
with open(os.path.join(out, "generate.jsonl"), "w", encoding="utf-8") as f:
    for p in smol["generation"]["prompts"]:
        item = {"id": p["id"], "max_tokens": max_new}
        if p.get("messages"):
            item["messages"] = p["messages"]
        else:
            item["prompt"] = p["prompt"]
        f.write(json.dumps(item) + "\n")
minilm = json.load(open(os.path.join(refs, "minilm-dev-reference.json"), encoding="utf-8"))
with open(os.path.join(out, "embed.jsonl"), "w", encoding="utf-8") as f:
    for it in minilm["items"]:
        f.write(json.dumps({"id": it["index"], "text": it["text"]}) + "\n")
print(f"inputs: {len(smol['generation']['prompts'])} generation prompts (max {max_new} new tokens), "
      f"{len(minilm['items'])} encoder phrases", file=sys.stderr)
