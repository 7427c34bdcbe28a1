"""Servers a test owns and may stop: each on a free port of its own, never the machine's
shared instance, in a directory removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from bench.common import free_port

from .helpers import unavailable

POSTGRES_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin"))


@dataclass
class PrivatePostgres:
    """A throw-away PostgreSQL cluster, trusting local connections as user postgres."""

    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}"

    def _pg(self, *args: str) -> None:
        command = [str(POSTGRES_BINARIES[-1] / args[0]), *args[1:]]
        # PostgreSQL refuses to run as root; the package's postgres user owns the directory.
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        log = str(self.directory / "server.log")
        self._pg("pg_ctl", "-D", str(self.directory / "data"), "-o", options, "-l", log, "-w",
                 "start")  # fmt: skip

    def stop(self) -> None:
        self._pg("pg_ctl", "-D", str(self.directory / "data"), "-m", "fast", "-w", "stop")


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A started cluster of our own; skipped (failed under CI) where PostgreSQL is missing."""
    if not POSTGRES_BINARIES:
        unavailable("PostgreSQL's server binaries are not installed (apt-get install postgresql)")
    # Under /tmp rather than pytest's tmp_path, whose parents the postgres user cannot enter.
    directory = Path(tempfile.mkdtemp(prefix="private-postgres-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    server = PrivatePostgres(directory, free_port())
    server._pg("initdb", "-D", str(directory / "data"), "-U", "postgres", "--auth=trust")
    server.start()
    try:
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):  # the test may have stopped it already
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class PrivateRedis:
    """A throw-away Redis server that keeps nothing on disk."""

    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            with suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    """A started Redis of our own; skipped (failed under CI) where redis-server is missing."""
    if shutil.which("redis-server") is None:
        unavailable("redis-server is not installed (apt-get install redis-server)")
    server = PrivateRedis(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()
