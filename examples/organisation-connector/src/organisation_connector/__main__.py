"""`pacte-connector`: the connector's commands. The API key comes from `PACTE_API_KEY` (never from the
command line, which other users of the machine can read); `--api` is the API's base URL, or `--stack`
a local stack's `var/stack/stack.json`."""

from __future__ import annotations

import argparse
import asyncio
import os
from datetime import datetime
from pathlib import Path

import uvicorn

from .api import connect, find_trainee, sessions
from .reconcile import invoices, reconcile
from .sheets import sync_folder
from .webhooks import Inbox, receiver, subscribe


async def run(args: argparse.Namespace) -> None:
    client = connect(os.environ["PACTE_API_KEY"], args.api, args.stack)
    if args.command == "sessions":
        async for session in sessions(client):
            print(session.session_id, session.order_id, session.starts_on, session.ends_on,
                  f"{len(session.planned_days)} planned days", "cancelled" if session.cancelled else "")
    elif args.command == "trainee":
        found = await find_trainee(client, args.trainee_id)
        for declaration in found.declarations if found else []:
            print(declaration.session_id, declaration.kind, declaration.date, declaration.value.to_dict())
    elif args.command == "sync":
        for result in await sync_folder(client, args.folder):
            print(result.session_id, result.problem or f"{result.accepted} accepted", *result.refused, sep="\n  ")
    elif args.command == "subscribe":
        endpoint = await subscribe(client, args.url)
        args.secret_file.touch(mode=0o600)
        args.secret_file.write_text(str(endpoint.secret))
        print(endpoint.endpoint_id, endpoint.created_at.isoformat(), f"secret written to {args.secret_file}")
    elif args.command == "reconcile":
        books = reconcile(Inbox(args.inbox).events, await invoices(client), datetime.fromisoformat(args.since))
        print(f"{len(books.matched)} matched, payable {books.payable_cents / 100:.2f} EUR; differing "
              f"{books.differing}; unknown {books.unknown}; not notified {books.unnotified}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="pacte-connector")
    parser.add_argument("--api", help="the integration API's base URL")
    parser.add_argument("--stack", type=Path, help="a local stack's stack.json instead")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("sessions", help="its sessions and their planned days")
    commands.add_parser("trainee", help="what was declared for one of its trainees").add_argument("trainee_id")
    commands.add_parser("sync", help="send new or changed <session id>.csv sheets").add_argument("folder", type=Path)
    subscribing = commands.add_parser("subscribe", help="register the webhook endpoint URL")
    subscribing.add_argument("url")
    subscribing.add_argument("--secret-file", type=Path, required=True)
    listening = commands.add_parser("listen", help="receive webhooks into an inbox file")
    listening.add_argument("--port", type=int, default=8400)
    listening.add_argument("--secret-file", type=Path, required=True)
    listening.add_argument("--inbox", type=Path, required=True)
    reconciling = commands.add_parser("reconcile", help="compare the inbox's invoices with the API's")
    reconciling.add_argument("--inbox", type=Path, required=True)
    reconciling.add_argument("--since", required=True, help="when the endpoint was registered (ISO 8601)")
    args = parser.parse_args()
    if args.command == "listen":
        app = receiver(lambda: args.secret_file.read_text().strip(), Inbox(args.inbox))
        uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")  # behind your TLS proxy
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
