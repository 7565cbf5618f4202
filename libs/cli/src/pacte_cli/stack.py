"""The local stack: PostgreSQL, a Kafka-protocol broker and the five services as processes.

A stack started by `pacte infra up` outlives the command. One started by a runner (`pacte run`,
`pacte scenario run`) is `tied` to it: the runner stops it in order however it is interrupted
(`pacte_cli.lifeline`), and every process of it gets the kernel's parent-death signal, so that
not even a SIGKILL of the runner leaves it running. `stack.json` in the state directory says what
runs where (`stack_state`), `secrets.json` (mode 0600) holds the stack's random secrets.

A stack is a development stack (PACTE_DEV_MODE=1: development users in the web application, cookies
without `Secure`) with secrets of its own. Apache Kafka authenticates every service with its own
SCRAM principal and lets it touch only its topics (pacte_platform.kafka_acls); the Tansu fallback has
no SASL, so a stack on Tansu runs its broker without authentication (development only).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from pacte_cli.secrets import StackSecrets
from pacte_cli.stack_state import StackState, remove_abandoned_stacks
from pacte_platform.infra import lifetime
from pacte_platform.infra.kafka import BrokerProcess, apache_kafka_available
from pacte_platform.infra.memory import malloc_env
from pacte_platform.infra.net import free_port, port_open
from pacte_platform.infra.postgres import EmbeddedPostgres

REPO_ROOT = Path(__file__).resolve().parents[4]
DEFAULT_STATE_DIR = REPO_ROOT / "var" / "stack"

SERVICES: dict[str, int] = {
    "procurement": 8001,
    "attendance": 8002,
    "billing": 8003,
    "improvement": 8004,
    "indicators": 8005,
    "opendata": 8006,
    # Organisations' webhooks: endpoints, and deliveries of the events above to them.
    "webhooks": 8007,
    # The back-office web application; it calls the five services above, so it starts last.
    "gateway": 8000,
}

EPHEMERAL_PREFIX = "pacte-stack-"
#: Settings a stack sets itself; an operator's environment must not leak them into its services.
_KAFKA_PRINCIPAL = ("KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD")


def choose_broker(preference: str | None) -> str:
    wanted = (preference or os.environ.get("PACTE_BROKER") or "auto").lower()
    if wanted == "auto":
        return "apache" if apache_kafka_available() else "tansu"
    if wanted not in ("apache", "tansu"):
        raise ValueError(f"unknown broker {wanted!r}: apache, tansu or auto")
    return wanted


def _port(preferred: int, fixed: bool) -> int:
    if fixed and not port_open(preferred):
        return preferred
    return free_port()


class Stack:
    """Starts and stops the whole system; `ephemeral` stacks live in a temporary folder and random ports."""

    def __init__(self, state_dir: Path | None = None, *, broker: str | None = None, ephemeral: bool = False,
                 free_ports: bool = False, tied: bool = False, log: Callable[[str], None] = print,
                 service_overrides: dict[str, dict[str, str]] | None = None) -> None:
        self.ephemeral = ephemeral
        #: Environment of one service only, over the shared one (a fault injected into one relay).
        self.service_overrides = service_overrides or {}
        #: Fixed ports (PostgreSQL 54329, Kafka 19092, services 8000-8005) unless ephemeral or asked.
        self.fixed_ports = not (ephemeral or free_ports)
        #: Every process gets a signal when this one dies: PostgreSQL its fast shutdown, the others SIGTERM.
        self.tied = tied
        if ephemeral and tied:
            remove_abandoned_stacks(Path(tempfile.gettempdir()), EPHEMERAL_PREFIX)
        self.state_dir = (Path(tempfile.mkdtemp(prefix=EPHEMERAL_PREFIX)) if ephemeral
                          else (state_dir or DEFAULT_STATE_DIR).resolve())
        self.broker_kind = choose_broker(broker)
        self.log = log
        self.state: StackState | None = None
        self._pg: EmbeddedPostgres | None = None
        self._broker: BrokerProcess | None = None
        self._procs: dict[str, subprocess.Popen[bytes]] = {}

    @property
    def state_file(self) -> Path:
        return self.state_dir / "stack.json"

    def start_infra(self) -> StackState:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.state_dir, 0o755)
        fixed = self.fixed_ports
        stack_secrets = StackSecrets.ensure(self.state_dir / "secrets.json")
        database_url = os.environ.get("DATABASE_URL") if not self.ephemeral else None
        pg_port = None
        t0 = time.monotonic()
        if not database_url:
            pg_port = _port(54329, fixed)
            self._pg = EmbeddedPostgres(self.state_dir / "postgres", pg_port,
                                        parent_death_signal=signal.SIGINT if self.tied else None)
            self._pg.start()
            database_url = self._pg.url.rsplit("/", 1)[0] + "/pacte"
            _create_database(self._pg.url, "pacte")
        self.log(f"PostgreSQL ready in {time.monotonic() - t0:.1f}s ({database_url})")
        bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS") if not self.ephemeral else None
        broker_port = None
        t0 = time.monotonic()
        secured = False
        if not bootstrap:
            broker_port = _port(19092, fixed)
            secured = self.broker_kind == "apache"
            self._broker = BrokerProcess(self.broker_kind, broker_port, self.state_dir / self.broker_kind,
                                         parent_death_signal=self._death_signal,
                                         users=stack_secrets.kafka if secured else None)
            self._broker.start()
            bootstrap = self._broker.bootstrap
        from pacte_platform import kafka_acls
        from pacte_platform.kafka import ensure_topics

        admin = stack_secrets.kafka_options() if secured else {}
        created = asyncio.run(ensure_topics(bootstrap, **admin))
        granted = asyncio.run(kafka_acls.grant(bootstrap, **admin)) if secured else 0
        access = (f"SASL/SCRAM, {granted} ACLs for {len(kafka_acls.SERVICES)} service principals" if secured
                  else "WITHOUT authentication (development only: Tansu has no SASL)")
        self.log(f"Kafka ({self.broker_kind}) ready in {time.monotonic() - t0:.1f}s at {bootstrap}; "
                 f"{len(created)} topics created; {access}")
        self.log(f"development mode: this stack's secrets are in {self.state_dir / 'secrets.json'} (mode 0600)")
        self.state = StackState(
            root=str(self.state_dir), database_url=database_url, bootstrap=bootstrap,
            broker_kind=self.broker_kind, pg_port=pg_port, broker_port=broker_port,
            runner_pid=os.getpid() if self.tied else None, kafka_secured=secured,
        )
        self.state.save(self.state_file)
        return self.state

    @property
    def _death_signal(self) -> int | None:
        return signal.SIGTERM if self.tied else None

    def service_env(self, service: str, port: int) -> dict[str, str]:
        assert self.state is not None
        return {
            **{k: v for k, v in os.environ.items() if k not in _KAFKA_PRINCIPAL},
            "PACTE_SERVICE": service,
            "DATABASE_URL": self.state.database_url,
            "KAFKA_BOOTSTRAP_SERVERS": self.state.bootstrap,
            "KAFKA_IDEMPOTENT_PRODUCER": "true" if self.state.broker_kind == "apache" else "false",
            "HTTP_PORT": str(port),
            **self.state.secrets.service_env(service, kafka_secured=self.state.kafka_secured),
            "OUTBOX_POLL_INTERVAL_S": os.environ.get("OUTBOX_POLL_INTERVAL_S", "0.2"),
            "PYTHONUNBUFFERED": "1",
            **malloc_env(),
            # A local stack delivers webhooks to this machine only (docs/integration.md: SSRF).
            "WEBHOOKS_URL_POLICY": os.environ.get("WEBHOOKS_URL_POLICY", "loopback"),
            # Where the services already started answer (the gateway calls them).
            **{f"PACTE_{name.upper()}_URL": str(info["url"]) for name, info in self.state.services.items()},
            **self.service_overrides.get(service, {}),
        }

    def start_service(self, service: str, port: int | None = None) -> None:
        assert self.state is not None
        if port is None:
            port = _port(SERVICES[service], self.fixed_ports)
        logs = self.state_dir / "logs"
        logs.mkdir(exist_ok=True)
        out = open(logs / f"{service}.log", "ab")  # noqa: SIM115 - handed to the child, then closed
        proc = subprocess.Popen([sys.executable, "-m", f"pacte_{service}"], env=self.service_env(service, port),
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=lifetime.dying_with_parent(self._death_signal))
        out.close()  # the child has its own copy
        self._procs[service] = proc
        self.state.services[service] = {"port": port, "pid": proc.pid, "url": f"http://127.0.0.1:{port}"}
        self.state.save(self.state_file)

    def start_services(self, timeout: float = 120) -> None:
        t0 = time.monotonic()
        for service in SERVICES:
            self.start_service(service)
        self.wait_healthy(timeout)
        self.log(f"services healthy in {time.monotonic() - t0:.1f}s")

    def wait_healthy(self, timeout: float = 120) -> None:
        assert self.state is not None
        deadline = time.monotonic() + timeout
        pending = set(self.state.services)
        while pending:
            for service in sorted(pending):
                proc = self._procs.get(service)
                if proc is not None and proc.poll() is not None:
                    log_file = self.state_dir / "logs" / f"{service}.log"
                    # The log's end goes into the error: a CI run keeps the error, not the state directory.
                    tail = "\n".join(log_file.read_text(errors="replace").splitlines()[-25:]) \
                        if log_file.exists() else ""
                    raise RuntimeError(f"{service} exited with {proc.returncode}; see {log_file}; its end:\n{tail}")
                try:
                    if httpx.get(self.state.url(service) + "/health", timeout=2).status_code == 200:
                        pending.discard(service)
                except httpx.HTTPError:
                    pass
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"services not healthy: {sorted(pending)}")
            time.sleep(0.2)

    def up(self) -> StackState:
        t0 = time.monotonic()
        self.start_infra()
        self.start_services()
        assert self.state is not None
        self.log(f"stack up in {time.monotonic() - t0:.1f}s")
        return self.state

    def stop_service(self, service: str, sig: int = signal.SIGTERM) -> None:
        self._stop_services([service], sig)

    def _stop_services(self, services: list[str], sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        """Signals every service at once, waits for all, then SIGKILLs what is left."""
        pids = {service: pid for service in services if (pid := self._service_pid(service)) is not None}
        for pid in pids.values():
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + timeout
        for service, pid in pids.items():
            proc = self._procs.pop(service, None)
            if proc is not None:
                try:
                    proc.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    _kill_group(pid)
                    proc.wait(5)
            else:
                _wait_gone(pid, f"pacte_{service}", max(0.1, deadline - time.monotonic()))

    def _service_pid(self, service: str) -> int | None:
        """The pid of a service this process started, or one the state file names if it still runs."""
        proc = self._procs.get(service)
        if proc is not None:
            return proc.pid
        info = self.state.services.get(service) if self.state is not None else None
        if info is None:
            return None
        pid = int(info["pid"])
        return pid if lifetime.running(pid, f"pacte_{service}") else None

    # --- fault injection: stop and restart one part in place (same port, same data) ----------------

    def service_port(self, service: str) -> int:
        assert self.state is not None
        return int(self.state.services[service]["port"])

    def restart_service(self, service: str, sig: int = signal.SIGKILL, down_for: float = 0.0,
                        timeout: float = 120) -> None:
        """Stops a service with `sig` (SIGKILL: no cleanup at all), waits, starts it on the same port."""
        port = self.service_port(service)
        self.stop_service(service, sig)
        if down_for > 0:
            time.sleep(down_for)
        self.start_service(service, port=port)
        self.wait_healthy(timeout)

    def start_extra_service(self, service: str, name: str, *, port: int | None = None,
                            env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        """Starts one more process of a service on `port` (a free one by default): by default with the
        same database and consumer groups as the stack's own; `env` overrides (another DATABASE_URL...)."""
        assert self.state is not None
        logs = self.state_dir / "logs"
        logs.mkdir(exist_ok=True)
        out = open(logs / f"{name}.log", "ab")  # noqa: SIM115 - handed to the child, then closed
        environment = {**self.service_env(service, port or free_port()), **(env or {})}
        proc = subprocess.Popen([sys.executable, "-m", f"pacte_{service}"], env=environment,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=lifetime.dying_with_parent(self._death_signal))
        out.close()  # the child has its own copy
        return proc

    @property
    def broker(self) -> BrokerProcess:
        assert self._broker is not None, "the broker is not one this stack started"
        return self._broker

    def stop_broker(self, sig: int = signal.SIGTERM) -> None:
        """Stops the Kafka broker; Apache Kafka keeps its log on disk (Tansu keeps nothing)."""
        broker = self.broker
        if sig == signal.SIGTERM:
            broker.stop()
            return
        if broker.pid is not None:
            try:
                os.killpg(broker.pid, sig)
            except ProcessLookupError:
                pass
            _wait_gone(broker.pid, broker.marker, 30)

    def start_broker(self) -> None:
        """Starts the broker again on its port and data directory."""
        self.broker.start()

    @property
    def postgres(self) -> EmbeddedPostgres:
        assert self._pg is not None, "PostgreSQL is not one this stack started"
        return self._pg

    def stop_postgres(self) -> None:
        self.postgres.stop()

    def start_postgres(self) -> None:
        self.postgres.start()

    def down(self) -> None:
        """Stops what this state directory describes, services first. Safe after a partial start, twice,
        or on the description left by a runner that was killed (only processes still ours are signalled)."""
        if self.state is None and self.state_file.exists():
            self.state = StackState.load(self.state_file)
        if self.state is not None:
            self._stop_services(list(self.state.services))
        broker = self._broker
        if broker is None and self.state is not None and self.state.broker_port:
            broker = BrokerProcess(self.state.broker_kind, self.state.broker_port,
                                   Path(self.state.root) / self.state.broker_kind)  # only to stop it
        if broker is not None:
            broker.stop()
        pg = self._pg
        if pg is None and self.state is not None and self.state.pg_port:
            pg = EmbeddedPostgres(Path(self.state.root) / "postgres", self.state.pg_port)
        if pg is not None:
            if self.ephemeral:
                pg.destroy()
            else:
                pg.stop()
        if self.ephemeral:
            import shutil

            shutil.rmtree(self.state_dir, ignore_errors=True)
        elif self.state_file.exists():
            self.state_file.unlink()

    def described(self) -> StackState | None:
        """What `stack.json` describes, None when there is no such file."""
        return StackState.load(self.state_file) if self.state_file.exists() else None


def _wait_gone(pid: int, marker: str, timeout: float) -> None:
    """Waits for a process this one did not start (a zombie counts as gone: its parent reaps it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not lifetime.running(pid, marker):
            return
        time.sleep(0.1)
    _kill_group(pid)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _create_database(admin_url: str, name: str) -> None:
    import asyncpg

    async def create() -> None:
        conn = await asyncpg.connect(admin_url)
        try:
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(create())
