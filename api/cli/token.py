"""`airclass token create|list|revoke`: staff bearer tokens for the API.

The secret is printed once, on stdout, when the token is created; only its hash is stored.
"""

from __future__ import annotations

from typing import Annotated

import typer
from airclass.api.auth import issue_token, revoke_token
from airclass.api.cli.common import (
    JsonOption,
    LangOption,
    database_session,
    err_console,
    language,
    print_json,
)
from airclass.api.db.auth_models import ApiToken, Role
from airclass.config.errors import ExitCode
from airclass.config.i18n import t
from rich.table import Table
from sqlalchemy import select

token_app = typer.Typer(help="Issue and revoke staff API tokens.", no_args_is_help=True)


@token_app.command("create")
def create(
    role: Annotated[Role, typer.Option("--role", help="editor, scheduler or admin")],
    name: Annotated[str, typer.Option("--name", help="Who or what uses the token")] = "",
    lang: LangOption = None,
    as_json: JsonOption = False,
) -> None:
    """Issue a token with ROLE and print its secret once."""
    lang = language(lang)
    with database_session() as session:
        issued = issue_token(session, role=role, name=name or role.value)
        token_id, token_name = issued.token.id, issued.token.name
    if as_json:
        print_json(
            {"id": token_id, "name": token_name, "role": role.value, "secret": issued.secret}
        )
        return
    err_console.print(t("api.token.created", lang, role=role.value, id=token_id, name=token_name))
    typer.echo(issued.secret)


@token_app.command("list")
def list_tokens(as_json: JsonOption = False) -> None:
    """List tokens (never their secrets)."""
    with database_session() as session:
        rows = [
            {
                "id": tok.id,
                "name": tok.name,
                "role": tok.role.value,
                "created_at": tok.created_at.isoformat(),
                "revoked": tok.revoked_at is not None,
            }
            for tok in session.scalars(select(ApiToken).order_by(ApiToken.id))
        ]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "name", "role", "created_at", "revoked")
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    err_console.print(table)


@token_app.command("revoke")
def revoke(
    token_id: Annotated[int, typer.Argument(help="Token id from `airclass token list`")],
) -> None:
    """Revoke a token: it stops working at once."""
    with database_session() as session:
        if not revoke_token(session, token_id):
            err_console.print(f"no live token #{token_id}")
            raise typer.Exit(int(ExitCode.BAD_INPUT))


def register(app: typer.Typer, bench: typer.Typer) -> None:
    app.add_typer(token_app, name="token")
