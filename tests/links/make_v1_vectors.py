#!/usr/bin/env python3
"""Writes the v1 link test vectors that do not exist yet, with Python's zlib
rather than the playground's own encoder, so that the vectors check the
format and not one implementation of it. Existing vectors are never
rewritten: a v1 link must open for ever, so its files are frozen once made.

Each vector NAME is NAME.url (the link), NAME.k8s.yaml and NAME.behaviour.yaml
(the editors' exact text), NAME.title.txt and NAME.gallery.txt when the link
carries them. NAME.events.txt (its first events) is written by tests/links.rs
with PROBE_PLAYGROUND_BLESS=1.
"""
import base64, os, zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "v1")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
BASE = "https://probe-playground.example/probe-playground/"


def frame(sections):
    out = b""
    for tag, text in sections:
        data = text.encode("utf-8")
        out += tag.encode() + b" " + str(len(data)).encode() + b"\n" + data
    return out


def stored_zlib(data):
    """A zlib stream of stored (uncompressed) deflate blocks, as embed.js writes it."""
    out = bytearray(b"\x78\x01")
    chunks = [data[i:i + 65535] for i in range(0, len(data), 65535)] or [b""]
    for i, chunk in enumerate(chunks):
        final = 1 if i == len(chunks) - 1 else 0
        n = len(chunk)
        out += bytes([final]) + n.to_bytes(2, "little") + (n ^ 0xFFFF).to_bytes(2, "little") + chunk
    return bytes(out) + zlib.adler32(data).to_bytes(4, "big")


def link(compressed, query=""):
    payload = base64.urlsafe_b64encode(compressed).decode().rstrip("=")
    return BASE + (("?" + query) if query else "") + "#v1." + payload


def lesson(path):
    text = open(os.path.join(ROOT, "gallery", path), encoding="utf-8").read()
    head, sep, behaviour = text.partition("\n---\nkind: Behaviour\n")
    return head + "\n", "kind: Behaviour\n" + behaviour


def write(name, url, k8s, behaviour, title=None, gallery=None):
    if os.path.exists(os.path.join(HERE, name + ".url")):
        return
    files = {".url": url + "\n", ".k8s.yaml": k8s, ".behaviour.yaml": behaviour}
    if title is not None:
        files[".title.txt"] = title
    if gallery is not None:
        files[".gallery.txt"] = gallery
    for suffix, text in files.items():
        with open(os.path.join(HERE, name + suffix), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    print("wrote", name)


POD = """apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: example/web:1.0
    livenessProbe:
      httpGet:
        path: /healthz
        port: 8080
      periodSeconds: 5
      failureThreshold: 2
"""

BEHAVIOUR = """kind: Behaviour
simulation:
  duration: 3m
apps:
- container: app
  startup: 2s
  http:
  - path: /healthz
    after: 40s
    status: 500
"""

# 1. A gallery lesson as edited in the playground: title and gallery id, zlib level 9.
k8s, behaviour = lesson("01-slow-start-readiness.yaml")
title = "Slow start behind readiness (edited)"
sections = [("k", k8s), ("b", behaviour), ("t", title), ("g", "slow-start-readiness")]
write("lesson-with-title", link(zlib.compress(frame(sections), 9)), k8s, behaviour, title, "slow-start-readiness")

# 2. Text that must survive byte for byte: non-ASCII, tabs, `---` inside a
#    block scalar, CRLF in a comment, no newline at the end of the Kubernetes
#    half and two at the end of the behaviour half. zlib's default level.
k8s = POD.replace("  name: web\n", "  name: web\n  annotations:\n    note: |\n      ✅ ready & \"fine\" #1\n      ---\n      \tindented with a tab\n", 1).rstrip("\n") + "  # größe\r\n# end"
behaviour = BEHAVIOUR + "# 日本語 — the end\n\n"
write("unicode-tabs-separators", link(zlib.compress(frame([("k", k8s), ("b", behaviour)]))), k8s, behaviour)

# 3. Stored blocks, as embed.js builds links from a page's code blocks, with presentation in the query.
write("stored-blocks", link(stored_zlib(frame([("k", POD), ("b", BEHAVIOUR)])), "embed=1&panes=timeline,events&t=0:30"),
      POD, BEHAVIOUR)

# 4. A section this version does not know comes first and is skipped.
sections = [("x", "a later version's data\n"), ("k", POD), ("b", BEHAVIOUR), ("t", "Liveness fails at 0:40")]
write("unknown-section", link(zlib.compress(frame(sections), 9)), POD, BEHAVIOUR, "Liveness fails at 0:40")

# 5. No behaviour at all: the `b` section is there and empty.
write("empty-behaviour", link(zlib.compress(frame([("k", POD), ("b", "")]), 9)), POD, "")

# Not a vector: a decompression bomb, 64 MiB of zeros in an ~87,000-character
# link, which the decoder must refuse without unpacking it.
BOMB = os.path.join(os.path.dirname(HERE), "bomb-64mib.url")
if not os.path.exists(BOMB):
    with open(BOMB, "w") as f:
        f.write(link(zlib.compress(frame([("k", "\0" * (64 << 20)), ("b", "")]), 9)) + "\n")
    print("wrote bomb-64mib.url")
