"""Encoder peer: builds an ONNX BERT graph from the MiniLM model.safetensors (onnx.helper, no torch), runs it
with onnxruntime (1 intra/inter-op thread, batch 1) on the token ids Mendel produced, checks that the
embeddings agree, and reports sentences/s (best of REPEATS passes) in the line format summarize.py reads.
usage: peer_minilm_onnx.py MODEL_DIR MENDEL_EMBED_OUT.jsonl [repeats]"""
import json, struct, sys, time
import numpy as np, onnx, onnxruntime as ort
from onnx import helper, TensorProto, numpy_helper

model_dir, mendel_out = sys.argv[1], sys.argv[2]
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
raw = open(model_dir + "/model.safetensors", "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
hdr = json.loads(raw[8:8 + n])
W = {k: np.frombuffer(raw[8 + n + v["data_offsets"][0]:8 + n + v["data_offsets"][1]], dtype=np.float32).reshape(v["shape"])
     for k, v in hdr.items() if k != "__metadata__" and v["dtype"] == "F32"}
cfg = json.load(open(model_dir + "/config.json"))
H, NH, L = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_hidden_layers"]
D = H // NH
nodes, inits = [], []
def init(name, arr):
    inits.append(numpy_helper.from_array(np.ascontiguousarray(arr, dtype=np.float32) if arr.dtype != np.int64 else arr, name)); return name
def node(op, ins, out, **kw):
    nodes.append(helper.make_node(op, ins, [out], **kw)); return out
init("word", W["embeddings.word_embeddings.weight"]); init("pos", W["embeddings.position_embeddings.weight"])
init("tt0", W["embeddings.token_type_embeddings.weight"][0])
inits.append(numpy_helper.from_array(np.array([0, -1, NH, D], dtype=np.int64), "shape4"))
inits.append(numpy_helper.from_array(np.array([0, -1, H], dtype=np.int64), "shape3"))
inits.append(numpy_helper.from_array(np.array([1], dtype=np.int64), "one"))
init("scale", np.array(1 / np.sqrt(D), dtype=np.float32)); init("half", np.array(0.5, dtype=np.float32))
init("rsqrt2", np.array(1 / np.sqrt(2), dtype=np.float32)); init("onef", np.array(1.0, dtype=np.float32))
x = node("Gather", ["word", "ids"], "we")
node("Shape", ["ids"], "ids_shape")
node("Gather", ["ids_shape", "one"], "seqlen")  # shape [1]
inits.append(numpy_helper.from_array(np.array([0], dtype=np.int64), "zero"))
node("Slice", ["pos", "zero", "seqlen"], "pe")
x = node("Add", ["we", "pe"], "e1"); x = node("Add", [x, "tt0"], "e2")
def ln(x, p, out):
    init(out + "_g", W[p + ".weight"]); init(out + "_b", W[p + ".bias"])
    return node("LayerNormalization", [x, out + "_g", out + "_b"], out, axis=-1, epsilon=1e-12)
x = ln(x, "embeddings.LayerNorm", "emb_ln")
def lin(x, p, out):
    init(out + "_w", W[p + ".weight"].T); init(out + "_b", W[p + ".bias"])
    return node("Add", [node("MatMul", [x, out + "_w"], out + "_mm"), out + "_b"], out)
for l in range(L):
    p = f"encoder.layer.{l}."
    heads = {}
    for nm in ("query", "key", "value"):
        t = lin(x, p + f"attention.self.{nm}", f"l{l}{nm}")
        t = node("Reshape", [t, "shape4"], f"l{l}{nm}_r")
        heads[nm] = node("Transpose", [t], f"l{l}{nm}_t", perm=[0, 2, 1, 3] if nm != "key" else [0, 2, 3, 1])
    s = node("Mul", [node("MatMul", [heads["query"], heads["key"]], f"l{l}qk"), "scale"], f"l{l}s")
    a = node("Softmax", [s], f"l{l}a", axis=-1)
    c = node("Transpose", [node("MatMul", [a, heads["value"]], f"l{l}c")], f"l{l}ct", perm=[0, 2, 1, 3])
    c = node("Reshape", [c, "shape3"], f"l{l}cr")
    o = lin(c, p + "attention.output.dense", f"l{l}o")
    x = ln(node("Add", [x, o], f"l{l}r1"), p + "attention.output.LayerNorm", f"l{l}ln1")
    f = lin(x, p + "intermediate.dense", f"l{l}f1")
    g = node("Mul", [node("Mul", [f, "half"], f"l{l}gh"), node("Add", [node("Erf", [node("Mul", [f, "rsqrt2"], f"l{l}gs")], f"l{l}ge"), "onef"], f"l{l}g1")], f"l{l}g")
    f2 = lin(g, p + "output.dense", f"l{l}f2")
    x = ln(node("Add", [x, f2], f"l{l}r2"), p + "output.LayerNorm", f"l{l}ln2")
node("ReduceMean", [x], "pooled", axes=[1], keepdims=0)
node("LpNormalization", ["pooled"], "emb", axis=-1, p=2)
graph = helper.make_graph(nodes, "minilm", [helper.make_tensor_value_info("ids", TensorProto.INT64, [1, None])],
                          [helper.make_tensor_value_info("emb", TensorProto.FLOAT, [1, H])], inits)
m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
opts = ort.SessionOptions(); opts.intra_op_num_threads = 1; opts.inter_op_num_threads = 1
sess = ort.InferenceSession(m.SerializeToString(), opts, providers=["CPUExecutionProvider"])
items = [json.loads(l) for l in open(mendel_out)]
worst = 0.0
for it in items:
    e = sess.run(None, {"ids": np.array([it["input_ids"]], dtype=np.int64)})[0][0]
    worst = max(worst, float(np.abs(e - np.array(it["embedding"])).max()))
best = 1e9
for _ in range(repeats):
    t = time.perf_counter(); c = time.process_time()
    for it in items: sess.run(None, {"ids": np.array([it["input_ids"]], dtype=np.int64)})
    best = min(best, time.perf_counter() - t)
print(f"onnxruntime {ort.__version__} (1 thread, batch 1): {len(items)} sentences, best of {repeats}: {best:.4f} s = {len(items)/best:.1f} sentences/s; max |mendel - ort| = {worst:.2e}")
