"""What the player's tests share: the services' addresses, a player whose quiet waits only count, lines."""

from __future__ import annotations

import json
from typing import Any

from pacte_cli.scenario.player import Player

URLS = {name: f"http://{name}" for name in ("procurement", "attendance", "billing", "improvement", "indicators")}


class QuietPlayer(Player):
    async def quiet(self) -> None:
        self.result.quiet_waits += 1

    async def warm_up(self) -> None:
        pass


def lines(*commands: dict[str, Any]) -> list[str]:
    return [json.dumps(c) for c in commands]


def back_office() -> list[dict[str, Any]]:
    return [{"cmd": "lot.award", "lot_id": "L1", "organisation_id": "OF-A"},
            {"cmd": "lot.award", "lot_id": "L2", "organisation_id": "OF-B"},
            {"cmd": "order.place", "order_id": "O1", "lot_id": "L1"},
            {"cmd": "order.place", "order_id": "O2", "lot_id": "L2"},
            {"cmd": "session.schedule", "session_id": "S1", "order_id": "O1"},
            {"cmd": "session.schedule", "session_id": "S2", "order_id": "O2"}]
