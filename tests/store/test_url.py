"""Database URLs are shown with the password masked, and so are error texts that echo them."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from greenpark.store.url import database_url, masked_url, redact

SECRET = "Gp:s3cr@t/42"  # ':', '@' and '/' must be percent-encoded in a URL
ENCODED = quote(SECRET, safe="")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            f"postgresql+psycopg://alice:{ENCODED}@db.example:5432/parks",
            "postgresql+psycopg://alice:***@db.example:5432/parks",
        ),
        (
            "postgresql://alice:plain@h/db?sslmode=require",
            "postgresql://alice:***@h/db?sslmode=require",
        ),
        (
            f"postgresql://alice@h/db?password={ENCODED}&x=1",
            "postgresql://alice@h/db?password=***&x=1",
        ),
        ("postgres:plain@127.0.0.1", "postgres:***@127.0.0.1"),  # not a URL at all
        ("sqlite:////tmp/runs.db", "sqlite:////tmp/runs.db"),
        ("postgresql://alice@h/db", "postgresql://alice@h/db"),
    ],
)
def test_masked_url(url: str, shown: str) -> None:
    assert masked_url(url) == shown


def test_error_texts_lose_every_form_of_the_password() -> None:
    url = f"postgresql+psycopg://alice:{ENCODED}@h:5432/db"
    echoes = [
        f"connection failed: {url}",
        f"invalid dsn: host=h password={SECRET} dbname=db",
        f"invalid dsn: password='{SECRET}' host=h",
        f"the password was {SECRET} (decoded) or {ENCODED} (encoded)",
    ]
    for echo in echoes:
        shown = redact(echo, url)
        assert SECRET not in shown and ENCODED not in shown and "s3cr" not in shown, shown
        assert "***" in shown


def test_any_dsn_password_is_hidden_even_without_the_url() -> None:
    assert redact("host=h password=hunter2 port=5") == "host=h password=*** port=5"
    assert redact("see mysql://u:hunter2@h/db") == "see mysql://u:***@h/db"
    assert redact("password authentication failed") == "password authentication failed"


def test_url_comes_from_the_option_then_the_environment_then_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.chdir(str(tmp_path))
    assert database_url() == f"sqlite:///{tmp_path}/greenpark.db"
    monkeypatch.setenv("GREENPARK_DB", "postgresql://u@h/env")
    assert database_url() == "postgresql://u@h/env"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"
