"""Import this service's package from ``src`` even when the venv holds a non-editable copy.

Otherwise the unit tests would silently exercise a stale install instead of the code under review.
"""

from __future__ import annotations

import sys
from pathlib import Path

_SRC = Path(__file__).resolve().parents[2] / "src"
if str(_SRC) not in sys.path:
    sys.path.insert(0, str(_SRC))
for _name in [n for n in sys.modules if n == "pacte_attendance" or n.startswith("pacte_attendance.")]:
    _file = getattr(sys.modules[_name], "__file__", None) or ""
    if not _file.startswith(str(_SRC)):
        del sys.modules[_name]
