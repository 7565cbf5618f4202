"""French labels of the wire codes, as the publication shows them (the code itself when unknown)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final, TypeVar

from pacte_contracts.codes import ACTION_TYPE_LABELS_FR, AXIS_LABELS_FR, DOMAIN_LABELS_FR, TERRITORY_NAMES

Code = TypeVar("Code", bound=StrEnum)


def _by_code(labels: Mapping[Code, str]) -> dict[str, str]:
    return {code.value: label for code, label in labels.items()}


LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "axis": _by_code(AXIS_LABELS_FR),
    "territory": _by_code(TERRITORY_NAMES),
    "domain": _by_code(DOMAIN_LABELS_FR),
    "action_type": _by_code(ACTION_TYPE_LABELS_FR),
}


def label(kind: str, code: str) -> str:
    return LABELS.get(kind, {}).get(code, code)
