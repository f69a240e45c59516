"""Which database to use, and how to show its URL — or any text that may echo it — without
the password.

A password can sit in the user part (``postgresql+psycopg://user:PASSWORD@host/db``), in the
query (``?password=PASSWORD``) or, once a driver has turned the URL into a libpq DSN, in
``password=PASSWORD``. :func:`redact` hides all three, plus every literal occurrence of the
password (raw and percent-encoded), so an error text from SQLAlchemy or psycopg can be shown.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, quote, quote_plus, unquote, unquote_plus

DB_ENV = "GREENPARK_DB"
DEFAULT_SQLITE_FILE = "greenpark.db"
MASK = "***"

# scheme://user:PASSWORD@  (the password stops at the last '@' before the host)
_USERINFO = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^\s/:@]*:)[^\s/]*@")
# password=PASSWORD in a query string or a libpq DSN, quoted or not
_KEY_VALUE = re.compile(r"(?P<head>\bpassword\s*=\s*)(?:'(?:[^'\\]|\\.)*'|[^\s&;,)]+)", re.I)


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``$GREENPARK_DB``, else ``./greenpark.db`` (SQLite)."""
    if url:
        return url
    if os.environ.get(DB_ENV):
        return os.environ[DB_ENV]
    return f"sqlite:///{Path.cwd() / DEFAULT_SQLITE_FILE}"


def _secrets(url: str) -> set[str]:
    """Every password the URL carries, in the forms it may be echoed in."""
    found: set[str] = set()
    rest = url.split("://", 1)[-1]  # a string that is no URL is searched whole
    authority = rest.split("/", 1)[0].split("?", 1)[0]
    if "@" in authority:
        userinfo = authority.rsplit("@", 1)[0]
        if ":" in userinfo:
            found.add(userinfo.split(":", 1)[1])
    query = url.partition("?")[2]
    found.update(v for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() == "password")
    for secret in list(found):
        found |= {unquote(secret), unquote_plus(secret)}
    for secret in list(found):
        found |= {quote(secret, safe=""), quote_plus(secret, safe="")}
    return {s for s in found if s}


def redact(message: str, url: str | None = None) -> str:
    """``message`` with the password of ``url`` (and any URL or DSN password) as ``***``."""
    for secret in sorted(_secrets(url or ""), key=len, reverse=True):
        message = message.replace(secret, MASK)
    message = _USERINFO.sub(lambda m: m["head"] + MASK + "@", message)
    return _KEY_VALUE.sub(lambda m: m["head"] + MASK, message)


def masked_url(url: str) -> str:
    """The URL as it may be shown: ``postgresql+psycopg://user:***@host/db``."""
    return redact(url, url)
