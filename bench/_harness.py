"""What the load benchmarks share (bench/attendance_checkin_load.py, bench/survey_form_load.py,
bench/load_mixed.py): gunicorn started and stopped on a free loopback port, CPU read from /proc, and
a small HTTP/1.1 client on asyncio streams (no dependency) with the open-loop scheduler.

The client is meant to cost little beside the server on the same cores: requests are built as bytes
before a step starts, connections are kept alive where the server allows it (gunicorn's gthread
workers do; its sync workers answer "Connection: close", and the client opens a new connection for
the next request), and an answer's head is split once, its body read by Content-Length. Nothing here
imports Django: the scripts set it up themselves.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
KEEP_ALIVE_S = (
    5  # gunicorn's --keep-alive for gthread workers (its default, 2 s, drops idle pool connections)
)

T = TypeVar("T")


# --- gunicorn ------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_gunicorn(
    port: int,
    *,
    workers: int,
    worker_class: str = "sync",
    threads: int = 1,
    env: dict[str, str] | None = None,
    output: IO[bytes] | None = None,
) -> subprocess.Popen[bytes]:
    """gunicorn serving the project on HOST:port with the real settings (DEBUG off); `env` adds to or
    overrides the environment; `output` receives its stdout and stderr (inherited when None)."""
    environment = dict(os.environ)
    environment.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
        DEBUG="False",
        ALLOWED_HOSTS=HOST,
        LOG_LEVEL="WARNING",
        # Each worker keeps its database connection for the whole run (the CPU of its PostgreSQL
        # backend is read from /proc at the start and at the end of a step).
        CONN_MAX_AGE="3600",
        PYTHONWARNINGS="ignore:No directory at",  # whitenoise: no collectstatic here, files come from the finders
    )
    environment.update(env or {})
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "asn_portal.wsgi:application",
        "--chdir",
        str(PROJECT_ROOT),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--backlog",
        "4096",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    if worker_class == "gthread":
        command += ["--threads", str(threads), "--keep-alive", str(KEEP_ALIVE_S)]
    return subprocess.Popen(
        command,
        env=environment,
        cwd=PROJECT_ROOT,
        start_new_session=True,
        stdout=output,
        stderr=subprocess.STDOUT if output is not None else None,
    )


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM (graceful: workers finish their request), then SIGKILL after 30 s."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def wait_until_up(port: int, server: subprocess.Popen[bytes], path: str, seconds: float = 60) -> None:
    """Until `path` answers 200; exits the script when gunicorn exits or does not answer in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}")
        try:
            if asyncio.run(request(port, "GET", path)).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer within {seconds:g} s")


# --- CPU and load from /proc ------------------------------------------------------------------------------------


def process_cpu(pid: int, children: bool = False) -> float:
    """utime + stime of a process (or, with `children`, of its children that have ended), in
    seconds; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    first = 13 if children else 11  # cutime + cstime, or utime + stime
    return (int(fields[first]) + int(fields[first + 1])) / os.sysconf("SC_CLK_TCK")


def children_of(pid: int) -> list[int]:
    """The live child processes of `pid` (gunicorn's workers of its master)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def cpu_of(pids: Sequence[int]) -> float:
    return sum(process_cpu(pid) for pid in pids)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- HTTP/1.1 on asyncio streams ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, list[str]]  # lower-case names
    body: bytes

    def header(self, name: str) -> str:
        values = self.headers.get(name, [])
        return values[0] if values else ""


def build_request(
    method: str, path: str, port: int, *, body: bytes = b"", cookie: str = "", keep_alive: bool = True
) -> bytes:
    """A request as bytes (built before a step: the client's own work stays out of the timing)."""
    head = b"%s %s HTTP/1.1\r\nHost: %s:%d\r\nAccept-Encoding: identity\r\n" % (
        method.encode(),
        path.encode(),
        HOST.encode(),
        port,
    )
    if not keep_alive:
        head += b"Connection: close\r\n"
    if cookie:
        head += b"Cookie: %s\r\n" % cookie.encode()
    if method == "POST":
        head += b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n" % len(body)
    return head + b"\r\n" + body


async def _read_reply(reader: asyncio.StreamReader) -> tuple[Reply, bool]:
    """One answer; (the reply, whether the server keeps the connection open)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head[:-4].decode("latin-1").split("\r\n")
    status = int(lines[0][9:12])
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, _colon, value = line.partition(":")
        headers.setdefault(name.lower(), []).append(value.strip())
    length = headers.get("content-length")
    keep = lines[0].startswith("HTTP/1.1") and "close" not in headers.get("connection", [""])[0].lower()
    if length is not None:
        body = await reader.readexactly(int(length[0])) if int(length[0]) else b""
    else:
        body, keep = await reader.read(), False  # no length: the body ends with the connection
    return Reply(status, headers, body), keep


async def request(port: int, method: str, path: str, *, body: bytes = b"", cookie: str = "") -> Reply:
    """One request on a connection of its own, closed after the answer."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(build_request(method, path, port, body=body, cookie=cookie, keep_alive=False))
        reply, _keep = await _read_reply(reader)
        return reply
    finally:
        writer.close()


class Pool:
    """Keep-alive connections to HOST:port, at most `size` requests in flight (waiting for a free
    slot is part of a request's latency). The most recently used idle connection goes first, so that
    the busy ones stay warm and the rest may be closed by the server's keep-alive timeout. A reused
    connection that the server closed while it was idle (no byte of an answer) is replaced and the
    request sent once more on a new one; nothing else is retried."""

    def __init__(self, port: int, size: int) -> None:
        self.port = port
        self.slots = asyncio.Semaphore(size)
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.opened = 0  # connections opened (one per request against sync workers)

    async def _exchange(
        self, raw: bytes, connection: tuple[asyncio.StreamReader, asyncio.StreamWriter]
    ) -> Reply:
        reader, writer = connection
        try:
            writer.write(raw)
            reply, keep = await _read_reply(reader)
        except BaseException:  # an error, or the caller's timeout cancelling it: the connection is spent
            writer.close()
            raise
        if keep:
            self.idle.append(connection)
        else:
            writer.close()
        return reply

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        self.opened += 1
        return await asyncio.open_connection(HOST, self.port)

    async def send(self, raw: bytes, sent: Callable[[], None] | None = None) -> Reply:
        """Send a pre-built request (build_request) and read its answer; `sent` is called once a slot
        is free, before the request goes out."""
        async with self.slots:
            if sent is not None:
                sent()
            if self.idle:
                connection = self.idle.pop()
                try:
                    return await self._exchange(raw, connection)
                except (asyncio.IncompleteReadError, ConnectionError) as exc:
                    if isinstance(exc, asyncio.IncompleteReadError) and exc.partial:
                        raise
            return await self._exchange(raw, await self._open())

    def close(self) -> None:
        for _reader, writer in self.idle:
            writer.close()
        self.idle.clear()


async def open_loop(items: Sequence[T], rate: float, fire: Callable[[float, T], Awaitable[None]]) -> float:
    """Open loop: item i is due at i/rate seconds from now, whatever the answers before it; `fire(due,
    item)` runs as its own task (latency counts from `due`). Returns the seconds from the start until
    the last answer."""
    started = time.perf_counter()
    tasks = []
    for i, item in enumerate(items):
        due = started + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(fire(due, item)))
    await asyncio.gather(*tasks)
    return time.perf_counter() - started


def percentile(values: Sequence[float], q: float) -> float:
    """The q-quantile by rank (nan when empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
