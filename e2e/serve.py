#!/usr/bin/env python3
"""The end-to-end tests' static server: the built site (../dist, or the
folder named by DIST) at / and,
as GitHub Pages serves a project, under /probe-playground/ (the path without
its slash answers 301, as static hosts do); the host pages of host/ under
/host/ (written for port 8082: served on another port, they name that
one). Every request line is appended to the file named by REQUEST_LOG, so a
test can check that no link fragment ever reaches the server.

usage: serve.py PORT
"""
import functools, http.server, io, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DIST = os.environ.get("DIST", os.path.join(HERE, "..", "dist"))
LOG = os.environ.get("REQUEST_LOG", os.path.join(HERE, "test-results", "requests.log"))
PREFIX = "/probe-playground"
PORT = int(sys.argv[1])


class Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        if path.startswith("/host/"):
            return os.path.join(HERE, "host", path[len("/host/"):].split("?")[0].split("#")[0])
        if path == PREFIX or path.startswith(PREFIX + "/") or path.startswith(PREFIX + "?"):
            path = path[len(PREFIX):] or "/"
            if path.startswith("?"):
                path = "/" + path
        return super().translate_path(path)

    def send_head(self):
        # /probe-playground and /probe-playground?x=1 redirect to the slash form.
        bare = self.path.split("?")[0]
        if bare.startswith("/host/") and PORT != 8082:
            return self.host_page()
        if bare == PREFIX:
            self.send_response(301)
            self.send_header("Location", PREFIX + "/" + self.path[len(PREFIX):])
            self.end_headers()
            return None
        return super().send_head()

    def host_page(self):
        try:
            with open(self.translate_path(self.path), "rb") as f:
                body = f.read().replace(b"127.0.0.1:8082", b"127.0.0.1:%d" % PORT)
        except OSError:
            self.send_error(404)
            return None
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(self.path))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format, *args):
        with open(LOG, "a") as f:
            f.write(self.requestline + "\n")


os.makedirs(os.path.dirname(LOG), exist_ok=True)
handler = functools.partial(Handler, directory=DIST)
http.server.ThreadingHTTPServer(("127.0.0.1", PORT), handler).serve_forever()
