#!/usr/bin/env python3
"""Hostile requests over real sockets against a running eventgraph: every route and parameter of
/openapi.json with hostile values, malformed and truncated bodies, slow clients and oversized
heads. Prints the count per status, the answers that are not problem+json and the 5xx; exits 1
unless both are 0.

Usage: hostile_corpus.py HOST:PORT [--short]
"""
import json
import random
import socket
import sys
import time
import urllib.parse

VALUES = [
    "", "0", "-1", "99999999999999999999", "1e309", "NaN", "' OR 1=1 --", "\"a\" NEAR b*",
    "2024-02-30", "0000-00-00", "9999-99", "\u202eevil", "\x00", "%", "a" * 5000, "Person 1",
    "call,meeting,,", "any", "🙂" * 50, "../../etc/passwd", "{}", "[]", "null",
]
BODIES = [
    ("application/json", b"{"), ("application/json", b'{"text": 5}'),
    ("application/json", b"[" * 10000), ("application/x-ndjson", b'{"text":"a"}\n{oops\n'),
    ("text/plain", b"\xff\xfe\x00garbage"), ("text/plain", b""), ("application/xml", b"<a/>"),
    ("multipart/form-data", b"--x\r\n"),
]


def exchange(addr, raw, wait=10.0, pause=None):
    """Sends raw bytes (in two halves with a pause between, when asked), reads the answer."""
    host, port = addr
    s = socket.create_connection((host, port), timeout=wait)
    try:
        try:
            if pause:
                half = len(raw) // 2
                s.sendall(raw[:half])
                time.sleep(pause)
                s.sendall(raw[half:])
            else:
                s.sendall(raw)
        except OSError:
            pass  # the server may answer and close before reading everything
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, OSError):
                break
            if not chunk:
                break
            data += chunk
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep:
                length = [l for l in head.lower().split(b"\r\n") if l.startswith(b"content-length:")]
                if length and len(body) >= int(length[0].split(b":")[1]):
                    break
    finally:
        s.close()
    head = data.partition(b"\r\n\r\n")[0].decode("latin-1").lower()
    parts = head.split(" ", 2)
    status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    return status, head


def request(method, target, headers="", body=b"", close=True):
    head = f"{method} {target} HTTP/1.1\r\nhost: test\r\n"
    if close:
        head += "connection: close\r\n"
    if body and "content-length" not in headers.lower() and "transfer-encoding" not in headers.lower():
        head += f"content-length: {len(body)}\r\n"
    return (head + headers + "\r\n").encode() + body


def corpus(spec, short):
    rng = random.Random(7)
    cases = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = op.get("parameters", [])
            for _ in range(3 if short else 100):
                target = path
                query = []
                for p in params:
                    value = rng.choice(VALUES)
                    if p.get("in") == "path":
                        target = target.replace("{" + p["name"] + "}", urllib.parse.quote(value, safe="") or "x")
                    elif rng.random() < 0.7:
                        query.append((p["name"], value))
                target = target.replace("{*file}", "x")
                if query:
                    target += "?" + urllib.parse.urlencode(query)
                if method.upper() in ("POST", "PUT", "PATCH"):
                    kind, body = rng.choice(BODIES)
                    cases.append((method.upper(), target, f"content-type: {kind}\r\n", body, None))
                else:
                    cases.append((method.upper(), target, "", b"", None))
    # Truncated chunked bodies: the client hangs up (the server must not crash or stall).
    cases.append(("POST", "/v1/articles", "content-type: text/plain\r\ntransfer-encoding: chunked\r\n",
                  b"10\r\nonly half", "hangup"))
    cases.append(("POST", "/v1/articles", "content-type: text/plain\r\ntransfer-encoding: chunked\r\n",
                  b"zz\r\nnot hex\r\n0\r\n\r\n", None))
    cases.append(("POST", "/v1/articles", "content-type: text/plain\r\ncontent-length: 50\r\n",
                  b"short", "hangup"))
    # Slow clients: the request arrives in two halves, a second apart.
    for path in ["/v1/events?limit=5", "/v1/entities?q=Person"]:
        cases.append(("GET", path, "", b"", "slow"))
    # Oversized heads within hyper's own limits: the service must refuse them itself.
    cases.append(("GET", "/v1/entities?q=" + "a" * 20000, "", b"", None))
    cases.append(("GET", "/v1/events", "x-filler: " + "b" * 40000 + "\r\n", b"", None))
    cases.append(("BREW", "/v1/events", "", b"", None))
    cases.append(("GET", "/v1/nothing-here", "", b"", None))
    return cases


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    addr = (host, int(port))
    short = "--short" in sys.argv
    status, _ = exchange(addr, request("GET", "/healthz"))
    if status != 200:
        print(f"hostile corpus: server at {sys.argv[1]} is not healthy ({status})")
        return 1
    spec_raw = b""
    with socket.create_connection(addr) as s:
        s.sendall(request("GET", "/openapi.json"))
        while chunk := s.recv(65536):
            spec_raw += chunk
    spec = json.loads(spec_raw.partition(b"\r\n\r\n")[2])
    counts, bare, server_errors, hangups = {}, [], [], 0
    started = time.time()
    cases = corpus(spec, short)
    for method, target, headers, body, mode in cases:
        raw = request(method, target, headers, body)
        if mode == "hangup":
            with socket.create_connection(addr) as s:
                s.sendall(raw)
            hangups += 1
            continue
        status, head = exchange(addr, raw, pause=1.0 if mode == "slow" else None)
        counts[status] = counts.get(status, 0) + 1
        if status >= 400 and "content-type: application/problem+json" not in head:
            bare.append(f"{status} {method} {target[:100]}")
        if status >= 500 or status == 0:
            server_errors.append(f"{status} {method} {target[:100]}")
    status, _ = exchange(addr, request("GET", "/healthz"))
    alive = status == 200
    print(f"hostile corpus: {len(cases)} requests ({hangups} hung up on purpose) in {time.time() - started:.1f} s")
    print("  per status: " + ", ".join(f"{s}: {n}" for s, n in sorted(counts.items())))
    print(f"  not problem+json: {len(bare)}; 5xx or no answer: {len(server_errors)}; healthy after: {alive}")
    for line in (bare + server_errors)[:10]:
        print("   ", line)
    return 0 if not bare and not server_errors and alive else 1


if __name__ == "__main__":
    sys.exit(main())
