#!/usr/bin/env python3
"""Records raw HTTP responses of a real OpenAI-compatible server into Fixtures/llm/ for the replay tests
(Tests/MendelInferenceTests/ChatBackendTests.swift). Usage: record-llm-fixtures.py HOST PORT OUTDIR.
The request is the one the tests send (same messages, schema, greedy decoding); the server is
llama-cpp-python's, started by scripts/test-integration --record."""
import json, socket, sys

SCHEMA = {"type": "object",
          "properties": {"disease": {"enum": ["OMIM:154700", "OMIM:162200"]},
                         "evidence": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"enum": ["E1", "E2"]}}},
          "required": ["disease", "evidence"]}
MESSAGES = [
    {"role": "system", "content": "Answer in JSON only."},
    {"role": "user", "content": "Facts: E1 HP:0001166 Arachnodactyly; E2 HP:0001083 Ectopia lentis. Candidates: OMIM:154700 Marfan syndrome, "
                                "OMIM:162200 Neurofibromatosis type 1. Which candidate fits, citing facts?"},
]

def body(stream):
    return json.dumps({"model": "smollm2", "messages": MESSAGES, "max_tokens": 48, "temperature": 0, "seed": 0, "stream": stream,
                       # llama-cpp-python's server takes the schema as {"type": "json_object", "schema": ...}
                       "response_format": {"type": "json_object", "schema": SCHEMA}},
                      sort_keys=True, separators=(",", ":")).encode()

def exchange(host, port, payload):
    s = socket.create_connection((host, port), timeout=300)
    head = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode()
    s.sendall(head + payload)
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    return data

def main():
    host, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    for name, stream in [("chat-json-schema.http", False), ("chat-json-schema-stream.http", True)]:
        raw = exchange(host, port, body(stream))
        status = raw.split(b"\r\n", 1)[0]
        if b" 200 " not in status:
            sys.exit(f"{name}: server answered {status!r}")
        with open(f"{out}/{name}", "wb") as f:
            f.write(raw)
        print(f"recorded {name}: {len(raw)} bytes")

if __name__ == "__main__":
    main()
