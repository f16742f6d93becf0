#!/usr/bin/env python3
"""Trunk post-build hook, on the staged index.html and its files:

1. The loader picks the wasm by the address: Trunk builds the playground as
   the page's app and the embed (src/bin/embed-app.rs) as a second app it does
   not load; an address with embed=1 gets the embed's, any other the
   playground's, so an iframe in a docs page fetches one small wasm and
   never the playground's. Trunk's own loader and its preload links (which
   would fetch the playground's wasm in an embed too) are replaced.
2. The embed's files and the load worker's get a content hash in their
   names, as Trunk gives the playground's, so that a new build is never
   served from a stale cache: the worker's start script names its hashed
   files, and the loader tells the page the start script's hashed name
   (`window.probePlaygroundLoadWorker`, read by src/ui/load_worker.rs).
3. The sha256 of every inline <script> goes into the Content-Security-Policy,
   in place of the 'inline-script-hashes' placeholder: the loader names the
   build's hashed files, so its hash is known only now.
"""
import base64, hashlib, json, os, re, sys

dist = os.environ.get("TRUNK_STAGING_DIR", "dist")
path = os.path.join(dist, "index.html")
html = open(path, encoding="utf-8").read()


def fail(message):
    sys.exit(f"{path}: {message}")


def integrity(name):
    digest = hashlib.sha384(open(os.path.join(dist, name), "rb").read()).digest()
    return "sha384-" + base64.b64encode(digest).decode()


# Trunk's loader of the page's app, and its preload links. Its paths start
# with the public URL (`./` for the static site, `/` under `trunk serve`).
loader = re.search(
    r"<script type=\"module\">\s*import init, \* as bindings from '([^']*?)([\w.-]+\.js)';\s*"
    r"const wasm = await init\(\{ module_or_path: '[^']*?([\w.-]+_bg\.wasm)' \}\);.*?</script>",
    html,
    flags=re.S,
)
if not loader:
    fail("Trunk's wasm loader was not found")
base, page_js, page_wasm = loader.group(1), loader.group(2), loader.group(3)
html = re.sub(
    r"<link rel=\"(?:modulepreload|preload)\" href=\"" + re.escape(base + page_js.removesuffix(".js")) + r"[^>]*>", "", html
)


def hashed(*names):
    """Renames files `names` (a stem's `.js` and `_bg.wasm`, or one file)
    to carry the hash of their contents; returns the new names."""
    contents = b"".join(open(os.path.join(dist, n), "rb").read() for n in names)
    digest = hashlib.sha256(contents).hexdigest()[:16]
    renamed = [re.sub(r"^([\w-]+?)(_bg\.wasm|\.js)$", rf"\1-{digest}\2", n) for n in names]
    for old, new in zip(names, renamed):
        os.replace(os.path.join(dist, old), os.path.join(dist, new))
    return renamed


# The embed's files, and the load worker's with its start script.
embed_js, embed_wasm = hashed("embed-app.js", "embed-app_bg.wasm")
worker_js, worker_wasm = hashed("load-worker.js", "load-worker_bg.wasm")
start_path = os.path.join(dist, "load-worker-start.js")
start = open(start_path, encoding="utf-8").read()
for name, new in (("./load-worker.js", worker_js), ("./load-worker_bg.wasm", worker_wasm)):
    if f'"{name}"' not in start:
        fail(f"load-worker-start.js does not name {name}")
    start = start.replace(f'"{name}"', f'"./{new}"')
open(start_path, "w", encoding="utf-8").write(start)
(worker_start,) = hashed("load-worker-start.js")

apps = {
    "page": {"js": base + page_js, "wasm": base + page_wasm, "integrity": integrity(page_wasm)},
    "embed": {"js": base + embed_js, "wasm": base + embed_wasm, "integrity": integrity(embed_wasm)},
}
chooser = f"""<script type="module">
// embed=1 (the last valid value wins, as the app reads its query) loads the embed's wasm, else the playground's.
const apps = {json.dumps(apps)};
const flags = new URLSearchParams(location.search).getAll("embed").map((v) => v.trim()).filter((v) => ["0", "1", "true", "false"].includes(v));
const app = ["1", "true"].includes(flags.pop()) ? apps.embed : apps.page;
const bytes = fetch(app.wasm, {{ integrity: app.integrity }});
window.probePlaygroundLoadWorker = {json.dumps(base + worker_start)};
const bindings = await import(app.js);
const wasm = await bindings.default({{ module_or_path: bytes }});
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {{ detail: {{ wasm }} }}));
</script>"""
html = html[: loader.start()] + chooser + html[loader.end() :]

scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
hashes = " ".join(
    "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in scripts
)
if "'inline-script-hashes'" not in html:
    fail("no 'inline-script-hashes' placeholder in its Content-Security-Policy")
open(path, "w", encoding="utf-8").write(html.replace("'inline-script-hashes'", hashes))
