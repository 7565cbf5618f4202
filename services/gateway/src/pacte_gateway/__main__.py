"""`python -m pacte_gateway`: serves the back-office web application (port 8000 by default).

`python -m pacte_gateway hash-password` prints the PBKDF2 hash of a password read from the terminal
(or stdin), for PACTE_BACKOFFICE_USERS=`name:role:hash,...`.
"""

from __future__ import annotations

import getpass
import os
import sys

from pacte_gateway.settings import DEFAULT_PORT, SERVICE, GatewaySettings


def main() -> None:
    if sys.argv[1:2] == ["hash-password"]:
        from pacte_gateway.users import hash_password

        password = getpass.getpass("Mot de passe : ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
        print(hash_password(password))
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


if __name__ == "__main__":
    main()
