"""`airclass token create|list|revoke`: staff bearer tokens for the API.

The secret is printed once, on stdout, when the token is created; only its hash is stored.
`--expires 90d` (or 12w, 8h) makes a token stop working after that long.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

import typer
from airclass.api.auth import is_expired, issue_token, revoke_token
from airclass.api.cli.common import (
    JsonOption,
    LangOption,
    database_session,
    err_console,
    language,
    print_json,
)
from airclass.api.db.auth_models import ApiToken, Role
from airclass.config.database import utcnow
from airclass.config.errors import ExitCode
from airclass.config.i18n import t
from rich.table import Table
from sqlalchemy import select

token_app = typer.Typer(help="Issue and revoke staff API tokens.", no_args_is_help=True)

_UNITS = {"h": dt.timedelta(hours=1), "d": dt.timedelta(days=1), "w": dt.timedelta(weeks=1)}
_MAX_LIFETIME = dt.timedelta(days=3660)
"""Longer than ten years is a typo, not a policy (and would overflow far enough out)."""


def parse_lifetime(text: str, lang: str = "en") -> dt.timedelta:
    """`90d` → 90 days; also weeks (`12w`) and hours (`8h`)."""
    match = re.fullmatch(r"\s*(\d{1,6})\s*([hdw])\s*", text.lower())
    lifetime = int(match[1]) * _UNITS[match[2]] if match else dt.timedelta(0)
    if not dt.timedelta(0) < lifetime <= _MAX_LIFETIME:
        raise typer.BadParameter(
            t("api.token.bad_expiry", lang, value=text), param_hint="--expires"
        )
    return lifetime


@token_app.command("create")
def create(
    role: Annotated[Role, typer.Option("--role", help="editor, scheduler or admin")],
    name: Annotated[str, typer.Option("--name", help="Who or what uses the token")] = "",
    expires: Annotated[
        str | None,
        typer.Option("--expires", help="Lifetime, e.g. 90d, 12w or 8h (default: no expiry)"),
    ] = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Issue a token with ROLE and print its secret once."""
    lang = language(lang)
    expires_at = utcnow() + parse_lifetime(expires, lang) if expires else None
    with database_session() as session:
        issued = issue_token(session, role=role, name=name or role.value, expires_at=expires_at)
        token_id, token_name = issued.token.id, issued.token.name
    if as_json:
        print_json(
            {
                "id": token_id,
                "name": token_name,
                "role": role.value,
                "expires_at": _iso(expires_at),
                "secret": issued.secret,
            }
        )
        return
    err_console.print(t("api.token.created", lang, role=role.value, id=token_id, name=token_name))
    typer.echo(issued.secret)


@token_app.command("list")
def list_tokens(as_json: JsonOption = False) -> None:
    """List tokens: name, role, created, last used, expiry and state; never their secrets."""
    now = utcnow()
    with database_session() as session:
        rows = [
            {
                "id": tok.id,
                "name": tok.name,
                "role": tok.role.value,
                "created_at": _iso(tok.created_at),
                "last_used_at": _iso(tok.last_used_at),
                "expires_at": _iso(tok.expires_at),
                "state": _state(tok, now),
            }
            for tok in session.scalars(select(ApiToken).order_by(ApiToken.id))
        ]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "name", "role", "created", "last used", "expires", "state")
    for row in rows:
        table.add_row(*(str(v or "—") for v in row.values()))
    err_console.print(table)


@token_app.command("revoke")
def revoke(
    token_id: Annotated[int, typer.Argument(help="Token id from `airclass token list`")],
    lang: LangOption = None,
) -> None:
    """Revoke a token: it stops working at once."""
    lang = language(lang)
    with database_session() as session:
        if not revoke_token(session, token_id):
            err_console.print(t("api.token.not_found", lang, token_id=token_id))
            raise typer.Exit(int(ExitCode.BAD_INPUT))


def _state(token: ApiToken, now: dt.datetime) -> str:
    if token.revoked_at is not None:
        return "revoked"
    return "expired" if is_expired(token, now) else "live"


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.add_typer(token_app, name="token")
