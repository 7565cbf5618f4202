"""The committed integration document and the generated client are what the services' committed
OpenAPI documents and the pinned generator give; `make client` regenerates both."""

from __future__ import annotations

import filecmp
import importlib.util
import json
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("organisation_client_generate", HERE / "generate.py")
assert spec is not None and spec.loader is not None
generate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate)


def test_the_integration_document_is_current() -> None:
    assert generate.DOCUMENT.read_text() == generate.render_document(), "stale: run `make client`"


def test_the_generated_client_is_current() -> None:
    if shutil.which("openapi-python-client", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("openapi-python-client is not installed: run `make install`")
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "pacte_organisation_client"
        generate.generate_package(generate.DOCUMENT, fresh)
        differences = _differences(filecmp.dircmp(fresh, generate.PACKAGE))
    assert not differences, f"the generated client is stale ({differences[:5]}): run `make client`"


def test_the_routing_table_is_the_documents() -> None:
    from pacte_organisation_tools.routing import SERVICE_PREFIXES

    routing = json.loads(generate.DOCUMENT.read_text())["x-pacte-services"]
    assert {service: tuple(prefixes) for service, prefixes in routing.items()} == dict(SERVICE_PREFIXES)


def _differences(comparison: filecmp.dircmp[str]) -> list[str]:
    found = [*comparison.left_only, *comparison.right_only, *comparison.diff_files]
    found = [name for name in found if name != "__pycache__"]
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found
