"""`python -m pacte_gateway`: serves the back-office web application (port 8000 by default).

`python -m pacte_gateway hash-password` prints the PBKDF2 hash of a password read from the terminal
(or stdin), for PACTE_BACKOFFICE_USERS=`name:role:hash,...`.
`python -m pacte_gateway revoke-sessions NAME` ends every session of a user at once (an administrator's
revocation; a changed password ends them too), written in the gateway's audit trail.
"""

from __future__ import annotations

import getpass
import os
import sys

from pacte_gateway.settings import DEFAULT_PORT, SERVICE, GatewaySettings
from pacte_gateway.store import SessionStore


def main() -> None:
    if sys.argv[1:2] == ["hash-password"]:
        from pacte_gateway.users import hash_password

        password = getpass.getpass("Mot de passe : ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
        print(hash_password(password))
        return
    if sys.argv[1:2] == ["revoke-sessions"] and len(sys.argv) == 3:
        import asyncio

        from pacte_gateway.store import PostgresStore

        print(f"{asyncio.run(revoke(PostgresStore(GatewaySettings().database_url), sys.argv[2]))} sessions ended")
        return
    import uvicorn

    from pacte_gateway.app import create_app
    from pacte_platform.logging import configure_logging

    settings = GatewaySettings()
    overrides: dict[str, object] = {}
    if "HTTP_PORT" not in os.environ:
        overrides["http_port"] = DEFAULT_PORT
    if "PACTE_SERVICE" not in os.environ:
        overrides["service_name"] = SERVICE
    settings = settings.model_copy(update=overrides)
    configure_logging(SERVICE, settings.log_level)
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, log_level="warning",
                access_log=False, timeout_graceful_shutdown=5, timeout_keep_alive=75)


async def revoke(store: SessionStore, user: str) -> int:
    await store.open()
    try:
        ended = await store.delete_user(user)
        await store.audit(actor="operator", action="sessions.revoke", address="cli",
                          detail={"user": user, "sessions": ended})
        return ended
    finally:
        await store.close()


if __name__ == "__main__":
    main()
