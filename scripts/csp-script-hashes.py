#!/usr/bin/env python3
"""Trunk post-build hook: puts the sha256 of every inline <script> of the
built index.html into its Content-Security-Policy, in place of the
'inline-script-hashes' placeholder. Trunk writes its wasm loader inline, with
the build's hashed file names in it, so its hash is known only after a build.
"""
import base64, hashlib, os, re, sys

path = os.path.join(os.environ.get("TRUNK_STAGING_DIR", "dist"), "index.html")
html = open(path, encoding="utf-8").read()
scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
hashes = " ".join(
    "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in scripts
)
if "'inline-script-hashes'" not in html:
    sys.exit(f"{path}: no 'inline-script-hashes' placeholder in its Content-Security-Policy")
open(path, "w", encoding="utf-8").write(html.replace("'inline-script-hashes'", hashes))
