"""The secrets of a local stack: random, generated once per state directory, kept in `secrets.json`
(mode 0600, beside the stack's data: pseudonyms and Kafka's SCRAM credentials must outlive a restart).

A local stack runs in the explicit development mode (PACTE_DEV_MODE=1), but none of its secrets is a
development value written in the source: a token or a cookie forged with those opens nothing here.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pacte_platform.infra.kafka import sasl_options
from pacte_platform.kafka_acls import ADMIN, SERVICES
from pacte_platform.signing import new_signing_key, public_key_of


def _token() -> str:
    return secrets.token_urlsafe(32)


@dataclass
class StackSecrets:
    auth_secret: str = field(default_factory=_token)
    pseudonym_secret: str = field(default_factory=_token)
    person_pseudonym_secret: str = field(default_factory=_token)
    session_secret: str = field(default_factory=_token)
    scrape_token: str = field(default_factory=_token)
    credentials_signing_key: str = field(default_factory=lambda: new_signing_key()[0])
    #: The gateway's development users' password (printed by `pacte infra up`, never shown by the web app).
    dev_password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    #: SCRAM passwords of the broker's principals: `admin` and one per service.
    kafka: dict[str, str] = field(default_factory=lambda: {name: _token() for name in (ADMIN, *SERVICES)})

    @classmethod
    def ensure(cls, path: Path) -> StackSecrets:
        """The state directory's secrets, created (mode 0600) the first time."""
        if path.exists():
            return cls(**json.loads(path.read_text()))
        created = cls()
        created.save(path)
        return created

    @classmethod
    def load(cls, path: Path) -> StackSecrets:
        return cls(**json.loads(path.read_text()))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_suffix(".tmp")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            json.dump(asdict(self), handle, indent=2)
        os.chmod(draft, 0o600)  # also when the draft existed with another mode
        draft.replace(path)

    @property
    def verify_key(self) -> str:
        return public_key_of(self.credentials_signing_key)

    def kafka_options(self, principal: str = ADMIN) -> dict[str, Any]:
        return sasl_options(principal, self.kafka[principal])

    def service_env(self, service: str, *, kafka_secured: bool) -> dict[str, str]:
        """What a service of the stack is started with: development mode, this stack's secrets."""
        env = {
            "PACTE_DEV_MODE": "1", "PACTE_AUTH_SECRET": self.auth_secret, "PACTE_SCRAPE_TOKEN": self.scrape_token,
            "PACTE_CREDENTIALS_VERIFY_KEYS": self.verify_key,
        }
        if service == "attendance":
            env |= {"PACTE_PSEUDONYM_SECRET": self.pseudonym_secret,
                    "PACTE_PERSON_PSEUDONYM_SECRET": self.person_pseudonym_secret,
                    "PACTE_CREDENTIALS_SIGNING_KEY": self.credentials_signing_key}
        if service == "gateway":
            env |= {"PACTE_SESSION_SECRET": self.session_secret, "PACTE_DEV_PASSWORD": self.dev_password}
        if kafka_secured and service in self.kafka:
            env |= {"KAFKA_SASL_USERNAME": service, "KAFKA_SASL_PASSWORD": self.kafka[service]}
        return env
