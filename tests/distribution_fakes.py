"""A fake Telegram Bot API, WebSub hub and IndexNow endpoint on 127.0.0.1, recording every request.

One server answers all three (by path): ``/bot<token>/<method>`` like the Bot API (a new
message id for each post), ``/hub`` like a hub (204), ``/indexnow`` like IndexNow (202).
``answers`` scripts the next answers, as (status, JSON body or None), before the defaults.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl


class _Handler(BaseHTTPRequestHandler):
    server: "Fakes"

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        status, answer = self.server.answer(self.path, self.headers, body)
        payload = json.dumps(answer).encode() if answer is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class Fakes(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.telegram: list[dict] = []
        self.hub: list[list[tuple[str, str]]] = []
        self.indexnow: list[dict] = []
        self.answers: list[tuple[int, dict | None]] = []
        self.next_message_id = 100

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, path: str, headers, body: bytes) -> tuple[int, dict | None]:
        with self.lock:
            if path.startswith("/bot"):
                method = path.rsplit("/", 1)[1]
                self.telegram.append({"method": method, "at": time.monotonic(), **json.loads(body)})
                return self._scripted() or self._telegram_ok(method)
            if path.startswith("/hub"):
                self.hub.append(parse_qsl(body.decode("ascii")))
                return self._scripted() or (204, None)
            self.indexnow.append({"content_type": headers.get("Content-Type"), **json.loads(body)})
            return self._scripted() or (202, None)

    def _scripted(self):
        return self.answers.pop(0) if self.answers else None

    def _telegram_ok(self, method: str) -> tuple[int, dict]:
        if method in ("sendPhoto", "sendMessage"):
            self.next_message_id += 1
            return 200, {"ok": True, "result": {"message_id": self.next_message_id, "chat": {"id": -100}}}
        if method == "deleteMessage":
            return 200, {"ok": True, "result": True}
        return 200, {"ok": True, "result": {"message_id": 0}}

    def methods(self) -> list[str]:
        return [request["method"] for request in self.telegram]
