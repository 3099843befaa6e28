"""A webhook receiver on 127.0.0.1: the only place tests send webhooks for real."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    server: "Receiver"

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.received.append({"path": self.path, "headers": dict(self.headers), "body": body})
        self.server.arrived.set()
        status = self.server.answers.pop(0) if self.server.answers else 200
        if status == "hang":
            self.server.release.wait(30)
            status = 200
        extra = {"Location": self.server.redirect_to} if 300 <= status < 400 else {}
        payload = b'{"ok": true}' if status < 300 else b"receiver said no"
        self.send_response(status)
        for name, value in extra.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class Receiver(ThreadingHTTPServer):
    """Answers each POST with the next of ``answers`` (a status, or "hang" until released), then 200."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[dict] = []
        self.answers: list = []
        self.redirect_to = ""
        self.arrived = threading.Event()
        self.release = threading.Event()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def bodies(self) -> list[dict]:
        return [json.loads(r["body"]) for r in self.received]

    def ids(self) -> list[str]:
        return [r["headers"]["webhook-id"] for r in self.received]
