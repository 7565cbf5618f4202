"""Validation against the official schemas (OCDS 1.1.5, DECP 2.0.3) copied in shared/standards.

Format checks are on (date-time, uri...: `jsonschema[format-nongpl]` brings the checkers; without
them a format would pass unchecked, so their presence is asserted). The release package refers to
the release schema by its canonical URL: that reference is served from the local copy, never fetched.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

#: shared/standards beside the repository (each worktree and CI has it there); PACTE_STANDARDS_DIR elsewhere.
DEFAULT_DIR = Path(__file__).resolve().parents[6] / "shared" / "standards"
RELEASE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


def standards_dir() -> Path:
    return Path(os.environ.get("PACTE_STANDARDS_DIR") or DEFAULT_DIR)


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _format_checker(validator: type[jsonschema.protocols.Validator]) -> jsonschema.FormatChecker:
    checker = validator.FORMAT_CHECKER
    missing = {"date-time", "uri"} - set(checker.checkers)
    if missing:
        raise RuntimeError(f"format checkers missing ({sorted(missing)}): install jsonschema[format-nongpl]")
    return checker


@dataclass
class Standards:
    root: Path

    @cached_property
    def release(self) -> jsonschema.protocols.Validator:
        schema = _load(self.root / "ocds-1.1.5" / "dereferenced-release-schema.json")
        return jsonschema.Draft4Validator(schema, format_checker=_format_checker(jsonschema.Draft4Validator))

    @cached_property
    def release_package(self) -> jsonschema.protocols.Validator:
        release = _load(self.root / "ocds-1.1.5" / "release-schema.json")
        registry: Registry[Any] = Registry().with_resource(
            RELEASE_SCHEMA_URL, Resource.from_contents(release, default_specification=DRAFT4))
        schema = _load(self.root / "ocds-1.1.5" / "release-package-schema.json")
        return jsonschema.Draft4Validator(schema, registry=registry,
                                          format_checker=_format_checker(jsonschema.Draft4Validator))

    @cached_property
    def decp(self) -> jsonschema.protocols.Validator:
        schema = _load(self.root / "decp-2.0.3" / "schema_decp_v2.0.3.json")
        return jsonschema.Draft7Validator(schema, format_checker=_format_checker(jsonschema.Draft7Validator))


def errors(validator: jsonschema.protocols.Validator, document: Any) -> list[str]:
    """Every violation, as `path: message` (an empty list when the document is valid)."""
    return [f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
            for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))]


def published_errors(standards: Standards, files: dict[str, bytes]) -> dict[str, list[str]]:
    """Errors of each published file that a schema covers: the release package and every release in
    it, every compiled release of the record package, and the DECP file."""
    found: dict[str, list[str]] = {}
    if "ocds/release-package.json" in files:
        package = json.loads(files["ocds/release-package.json"])
        found["ocds/release-package.json"] = errors(standards.release_package, package)
        for release in package["releases"]:
            found[f"ocds/release-package.json#{release['id']}"] = errors(standards.release, release)
    if "ocds/record-package.json" in files:
        for record in json.loads(files["ocds/record-package.json"])["records"]:
            found[f"ocds/record-package.json#{record['ocid']}"] = errors(standards.release, record["compiledRelease"])
    if "decp/marches.json" in files:
        found["decp/marches.json"] = errors(standards.decp, json.loads(files["decp/marches.json"]))
    return found
