"""The two ways a request stops before its route's work: no valid session, or a forged form."""

from __future__ import annotations


class LoginRequired(Exception):
    """No session, an expired one, or a back-office token the services no longer accept: sign in again."""


class CsrfFailed(Exception):
    """The form did not carry the session's CSRF token (or the login form's own)."""
