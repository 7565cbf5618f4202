"""The player says where its time went: every wait by kind and line, and what is left."""

from __future__ import annotations

import httpx
from playerfakes import URLS, QuietPlayer, back_office, lines

from pacte_cli.scenario.timings import Span, Timings


def test_the_summary_adds_each_kind_and_leaves_the_rest_to_scheduling() -> None:
    timings = Timings([Span("quiet", 10, 0.25), Span("closing", 20, 0.5, "period.close"), Span("quiet", 30, 0.75),
                       Span("lanes", 20, 0.125)])
    assert timings.summary(2.0) == ("quiet 2× 1.00s (max 0.75s line 30); closing 1× 0.50s (max 0.50s line 20); "
                                    "lanes 1× 0.12s (max 0.12s line 20); scheduling 0.38s")
    assert timings.lines()[1] == "closing  line     20    500.0 ms  period.close"


async def test_a_play_times_its_barriers_closings_and_lanes_by_line() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/periods/") and request.method == "GET":
            return httpx.Response(200, json={"status": "closed"})
        return httpx.Response(202 if request.url.path.endswith("/close") else 201, json={"api_key": "key"})

    commands = [*back_office(), {"cmd": "period.close", "period": "2019-09"},
                {"cmd": "invoice.approve", "order_id": "O1", "period": "2019-09"},
                {"cmd": "order.close", "order_id": "O1"}]
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        player = QuietPlayer(urls=URLS, bootstrap="unused:9092", auth_secret="s" * 32, client=client)
        result = await player.play(lines(*commands))
    # The awards run at once; orders and sessions on lots no line defined are barriers (procurement_lanes).
    assert [(s.kind, s.line) for s in result.timings.spans] == [
        ("lanes", 3), ("barrier", 3), ("barrier", 4), ("barrier", 5), ("barrier", 6), ("closing", 7), ("lanes", 9),
        ("barrier", 9)]
    assert result.timings.spans[5].detail == "period.close"
