"""Clients of the push endpoints for tests and the bench: app processes under uvicorn, an SSE reader and a
``graphql-transport-ws`` subscriber, each on its own thread, recording what arrives and when."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppProcess:
    """``uvicorn config.asgi:application`` on a random loopback port, on the given database and broker prefix."""

    def __init__(self, *, database_url: str, channel_prefix: str, settings: str = "config.test_settings"):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings,
            "DATABASE_URL": database_url,
            "ARGMAP_CHANNEL_PREFIX": channel_prefix,
            "PYTHONPATH": str(ROOT),
        }
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--no-access-log", "--log-level", "warning"]
        command += ["--timeout-graceful-shutdown", "1"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"app process died: {self.process.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(f"{self.base}/api/v1/", timeout=1).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("app process did not start in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class SSEReader(threading.Thread):
    """Reads ``text/event-stream`` into ``events`` as ``(arrival time, {"id", "event", "data"})``."""

    def __init__(self, url: str, *, token: str | None = None, last_event_id: str | None = None):
        super().__init__(daemon=True)
        self.url = url
        self.headers = {"Accept": "text/event-stream"}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        if last_event_id:
            self.headers["Last-Event-ID"] = last_event_id
        self.events: queue.Queue = queue.Queue()
        self.comments: list[str] = []
        self.opened = threading.Event()
        self.status: int | None = None
        self.body = b""
        self._response = None

    def run(self) -> None:
        try:
            with httpx.stream("GET", self.url, headers=self.headers, timeout=httpx.Timeout(5, read=None)) as response:
                self._response = response
                self.status = response.status_code
                if response.status_code != 200:
                    self.body = response.read()
                    self.opened.set()
                    return
                event: dict = {}
                for line in response.iter_lines():
                    if line.startswith(":"):
                        self.comments.append(line)
                        self.opened.set()
                    elif line == "":
                        if "data" in event:
                            event["data"] = json.loads(event["data"])
                            self.events.put((time.monotonic(), event))
                        event = {}
                    else:
                        key, _, value = line.partition(":")
                        event[key] = value[1:] if value.startswith(" ") else value
        except (httpx.HTTPError, RuntimeError, ValueError):
            pass
        finally:
            self.opened.set()

    def close(self) -> None:
        if self._response is not None:
            with contextlib.suppress(Exception):  # closing from another thread may race the reader
                self._response.close()

    def take(self, count: int, timeout: float = 5.0) -> list[tuple[float, dict]]:
        return [self.events.get(timeout=timeout) for _ in range(count)]


class GraphQLSubscriber(threading.Thread):
    """A ``graphql-transport-ws`` client: ``connection_init`` (with a token), then one ``subscribe``."""

    def __init__(self, url: str, query: str, variables: dict, *, token: str | None = None):
        super().__init__(daemon=True)
        self.url, self.query, self.variables, self.token = url, query, variables, token
        self.messages: queue.Queue = queue.Queue()
        self.acknowledged = threading.Event()
        self._socket = None

    def run(self) -> None:
        try:
            with connect(self.url, subprotocols=["graphql-transport-ws"], open_timeout=5) as ws:
                self._socket = ws
                payload = {"authorization": f"Token {self.token}"} if self.token else {}
                ws.send(json.dumps({"type": "connection_init", "payload": payload}))
                assert json.loads(ws.recv(timeout=5))["type"] == "connection_ack"
                self.acknowledged.set()
                ws.send(
                    json.dumps(
                        {"id": "1", "type": "subscribe", "payload": {"query": self.query, "variables": self.variables}}
                    )
                )
                for raw in ws:
                    self.messages.put((time.monotonic(), json.loads(raw)))
        except Exception as exc:
            self.messages.put((time.monotonic(), {"type": "closed", "reason": repr(exc)}))
        finally:
            self.acknowledged.set()

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()

    def take(self, count: int, timeout: float = 5.0) -> list[tuple[float, dict]]:
        return [self.messages.get(timeout=timeout) for _ in range(count)]
