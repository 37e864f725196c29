"""Decoder peer: llama.cpp through llama-cpp-python (0.3.36, built from its sdist by ./run) on the same prompts
as `mendel-bench generate`: greedy (argmax of the raw logits), whole prompt in one eval, then one token per eval,
n_ctx 2048, n_batch 512, stop after an end-of-generation token or max_tokens. Reports prompt and generation
tokens/s (wall and per CPU-second) in the line format summarize.py reads.
usage: peer_llamacpp.py MODEL.gguf PROMPTS.jsonl [threads]"""
import json, sys, time, os
import numpy as np
import llama_cpp
from llama_cpp import Llama
path, prompts = sys.argv[1], [json.loads(l) for l in open(sys.argv[2])]
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 1
llm = Llama(model_path=path, n_threads=threads, n_threads_batch=threads, n_ctx=2048, n_batch=512, verbose=False, seed=42)
EOG = {0, 2, 4}  # SmolLM2 end-of-generation ids (llm README model facts)
pt = gt = 0; pw = gw = pc = gc = 0.0
for p in prompts:
    if "messages" in p:
        text = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in p["messages"]) + "<|im_start|>assistant\n"
        ids = llm.tokenize(text.encode(), add_bos=False, special=True)
    else:
        ids = llm.tokenize(p["prompt"].encode(), add_bos=False, special=False)
    llm.reset()
    w0, c0 = time.perf_counter(), time.process_time()
    llm.eval(ids)
    w1, c1 = time.perf_counter(), time.process_time()
    n = 0
    for _ in range(p.get("max_tokens", 48)):
        tok = int(np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1), shape=(llm.n_vocab(),)).argmax())
        n += 1
        if tok in EOG: break
        if n == p.get("max_tokens", 48): break
        llm.eval([tok])
    w2, c2 = time.perf_counter(), time.process_time()
    pt += len(ids); gt += max(n - 1, 0); pw += w1 - w0; pc += c1 - c0; gw += w2 - w1; gc += c2 - c1
print(f"llama-cpp-python {llama_cpp.__version__} (threads {threads}): prompt {pt} tokens {pt/pw:.1f} tok/s ({pt/pc:.1f} per CPU-s); "
      f"generated {gt} tokens {gt/gw:.1f} tok/s ({gt/gc:.1f} per CPU-s)")
