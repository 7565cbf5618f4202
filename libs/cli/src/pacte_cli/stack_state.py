"""What `stack.json` says about a local stack, and what of it still runs.

Processes are recognised by their pid *and* their command line (`lifetime.running`): a pid read from
the file of a stack whose runner was killed may have been recycled by another program since.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from pacte_cli.secrets import StackSecrets
from pacte_platform.infra import lifetime
from pacte_platform.infra.kafka import BrokerProcess
from pacte_platform.infra.postgres import EmbeddedPostgres


@dataclass
class StackState:
    root: str
    database_url: str
    bootstrap: str
    broker_kind: str
    pg_port: int | None
    broker_port: int | None
    services: dict[str, dict[str, int | str]] = field(default_factory=dict)
    #: The process the stack dies with (`pacte run`, `pacte scenario run`); None for `pacte infra up`.
    runner_pid: int | None = None
    #: The broker authenticates clients (SASL/SCRAM) and authorises them (ACLs): Apache Kafka started
    #: by the stack. Tansu, or a broker of KAFKA_BOOTSTRAP_SERVERS, is reached without authentication.
    kafka_secured: bool = False

    def url(self, service: str) -> str:
        return str(self.services[service]["url"])

    @property
    def secrets_file(self) -> Path:
        return Path(self.root) / "secrets.json"

    @cached_property
    def secrets(self) -> StackSecrets:
        """The stack's secrets (`secrets.json`, mode 0600): never written into stack.json."""
        return StackSecrets.load(self.secrets_file)

    @property
    def auth_secret(self) -> str:
        return self.secrets.auth_secret

    @property
    def dev_password(self) -> str:
        return self.secrets.dev_password

    def operations_headers(self) -> dict[str, str]:
        """What `/metrics` and `/internal/*` require: the scrape token."""
        return {"Authorization": f"Bearer {self.secrets.scrape_token}"}

    def kafka_options(self) -> dict[str, Any]:
        """aiokafka's options of the broker's `admin` principal (operators' tools, tests); none unsecured."""
        return self.secrets.kafka_options() if self.kafka_secured else {}

    def kafka_admin_env(self) -> dict[str, str]:
        """The same as environment variables, for a `pacte` command run as the broker's admin."""
        if not self.kafka_secured:
            return {}
        return {"KAFKA_SASL_USERNAME": "admin", "KAFKA_SASL_PASSWORD": self.secrets.kafka["admin"]}

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Whole or not at all: other commands read it while a runner starts its stack.
        draft = path.with_suffix(".tmp")
        draft.write_text(json.dumps({f.name: getattr(self, f.name) for f in fields(self)}, indent=2))
        draft.replace(path)

    @classmethod
    def load(cls, path: Path) -> StackState:
        # A description written by an older release may hold more (its secret, before secrets.json).
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in json.loads(path.read_text()).items() if k in known})

    def live_runner(self) -> int | None:
        """The pid of the runner that owns the stack, if it still runs."""
        if self.runner_pid is None or not lifetime.running(self.runner_pid, "pacte"):
            return None
        return self.runner_pid

    def leftovers(self) -> dict[str, int]:
        """What still runs of the stack: name → pid."""
        found: dict[str, int] = {}
        for name, info in self.services.items():
            if lifetime.running(int(info["pid"]), f"pacte_{name}"):
                found[name] = int(info["pid"])
        root = Path(self.root)
        broker = BrokerProcess(self.broker_kind, 0, root / self.broker_kind).pid_from_file()
        if broker is not None:
            found[f"kafka ({self.broker_kind})"] = broker
        postmaster = EmbeddedPostgres(root / "postgres", 0).postmaster_pid()
        if postmaster is not None:
            found["postgres"] = postmaster
        return found


def remove_abandoned_stacks(folder: Path, prefix: str) -> None:
    """Removes the folders of earlier ephemeral stacks whose runner was killed (SIGKILL leaves no time
    to remove them; its processes stopped with it): the runner is gone and nothing of them runs."""
    for root in folder.glob(f"{prefix}*"):
        try:
            state = StackState.load(root / "stack.json")
        except (OSError, ValueError, TypeError):
            continue  # being started
        if state.runner_pid is None:
            continue  # not a runner's (a test's stack)
        if state.live_runner() is None and not state.leftovers():
            shutil.rmtree(root, ignore_errors=True)
