"""A PostgreSQL cluster of a test's own, on a free port, that the test may stop, restart,
freeze or crash without touching the server the rest of the suite uses.
"""

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from . import free_port, unavailable

BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin"))


def _binary(name: str) -> str:
    """A server program: from the newest Debian/Ubuntu install, else from PATH."""
    for directory in reversed(BINARIES):
        if (directory / name).is_file():
            return str(directory / name)
    path = shutil.which(name)
    if path is None:
        unavailable(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return path


@dataclass
class PrivatePostgres:
    """A throw-away cluster trusting local connections as user postgres."""

    directory: Path
    port: int

    def url(self, database: str) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        # PostgreSQL refuses to run as root; the package's postgres user owns the directory.
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603 (PostgreSQL's)

    def _pg_ctl(self, *args: str) -> None:
        self._run(_binary("pg_ctl"), "-D", str(self.directory / "data"), *args)

    def start(self, wait: bool = True) -> None:
        """Start the server; unless `wait`, return while it is still starting up."""
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        log = str(self.directory / "server.log")
        self._pg_ctl("-o", options, "-l", log, "-w" if wait else "-W", "start")

    def stop(self, mode: str = "fast") -> None:
        self._pg_ctl("-m", mode, "-w", "stop")

    def postmaster(self) -> int:
        return int((self.directory / "data" / "postmaster.pid").read_text().split()[0])

    def processes(self) -> list[int]:
        """The postmaster, then every process it has started."""
        postmaster = self.postmaster()
        children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text()
        return [postmaster, *map(int, children.split())]

    def freeze(self) -> None:
        """Stop every process of the server, which keeps its sockets open and answers nothing,
        as a server does that hangs.
        """
        for pid in self.processes():  # the postmaster first: it starts no backend after
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in reversed(self.processes()):
            os.kill(pid, signal.SIGCONT)

    def restore(self) -> None:
        """Running and answering again, whatever a test left it in."""
        with suppress(OSError):  # not running: no postmaster.pid
            self.thaw()
        with suppress(subprocess.CalledProcessError):  # running already
            self.start()


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A started cluster of the caller's own, removed afterwards with everything it wrote;
    skipped where PostgreSQL is not installed (failed under CI=true).
    """
    initdb = _binary("initdb")
    # Under /tmp rather than pytest's tmp_path, whose parents the postgres user cannot enter.
    directory = Path(tempfile.mkdtemp(prefix="private-postgres-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    server = PrivatePostgres(directory, free_port())
    try:
        server._run(initdb, "-D", str(directory / "data"), "-U", "postgres", "--auth=trust")
        server.start()
        yield server
    finally:
        with suppress(OSError):  # not running: no postmaster.pid
            server.thaw()
        with suppress(subprocess.CalledProcessError):  # stopped already
            server.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)
