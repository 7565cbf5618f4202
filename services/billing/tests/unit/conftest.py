"""Make the unit tests exercise this checkout's sources.

The venv may hold a non-editable copy of pacte_billing; putting src first means a test run
always sees the code under review, not a stale install.
"""

from __future__ import annotations

import sys
from pathlib import Path

_SRC = Path(__file__).resolve().parents[2] / "src"
if str(_SRC) not in sys.path:
    sys.path.insert(0, str(_SRC))
for _name in [m for m in sys.modules if m == "pacte_billing" or m.startswith("pacte_billing.")]:
    del sys.modules[_name]
