"""Summarises a py-spy `--format raw` profile (collapsed stacks): self and inclusive share per function."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

#: (label, frames any of which puts a sample in it); the first matching category wins.
CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("decode: pydantic envelope + contract", (";decode (pacte_platform/consumer/decoding.py",)),
    ("handler: asyncpg (argument encoding, protocol)", ("handle_facts (", "project_facts (")),
    ("inbox, transaction, failures bookkeeping (asyncpg)", ("_process_in_one_transaction (",)),
    ("outbox relay", ("OutboxRelay",)),
    ("Kafka fetch (aiokafka getmany, record unpacking)", ("getmany (",)),
    ("FastStream dispatch (batch parsing, middlewares)", ("_run_consume_loop (",)),
    ("HTTP, metrics refresh, other tasks", ("httptools_impl", "h11_impl", "starlette", "MetricsRefresher")),
)


def categorise(path: Path) -> str:
    """Shares of the active samples by what the process was doing."""
    shares: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        total += n
        label = "event loop (socket I/O, callbacks)"
        for name, needles in CATEGORIES:
            if any(needle in stack for needle in needles):
                label = name
                break
        if label.startswith("handler") and "asyncpg" not in stack.rsplit(";", 1)[-1] and \
                "connection.py" not in stack.rsplit(";", 1)[-1] and "Connection." not in stack.rsplit(";", 1)[-1]:
            label = "handler: Python (building rows, domain rules)"
        shares[label] += n
    lines = [f"{total} samples", "", "| share | where |", "|---:|---|"]
    for name, n in shares.most_common():
        lines.append(f"| {100 * n / max(total, 1):.1f}% | {name} |")
    return "\n".join(lines)


def top_self(path: Path, top: int = 12) -> str:
    """The functions the samples were in (self time)."""
    text = summarise(path, top, self_table=True)
    return text[text.index("\n| self | function |") + 1:]


def summarise(path: Path, top: int = 25, *, self_table: bool = False) -> str:
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        total += n
        frames = [f.split(" (")[0] + " (" + f.split(" (")[1].split(":")[0].rsplit("/", 1)[-1] + ")"
                  if " (" in f else f for f in stack.split(";")]
        own[frames[-1]] += n
        for frame in set(frames):
            inclusive[frame] += n
    lines = [f"{total} samples (active CPU only)", "", "| inclusive | self | function |", "|---:|---:|---|"]
    boring = ("runpy", "__main__", "Server.run", "asyncio_run", "serve (", "run (main", "_run_code")
    for name, n in [(k, v) for k, v in inclusive.most_common() if not any(b in k for b in boring)][:top]:
        lines.append(f"| {100 * n / total:.1f}% | {100 * own[name] / total:.1f}% | `{name}` |")
    if self_table:
        lines += ["", "| self | function |", "|---:|---|"]
        for name, n in own.most_common(top):
            lines.append(f"| {100 * n / total:.1f}% | `{name}` |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(categorise(Path(sys.argv[1])))
    print()
    print(summarise(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 25, self_table=True))
