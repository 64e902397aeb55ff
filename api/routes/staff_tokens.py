"""Staff tokens over the API (admin only): list them, revoke one.

Issuing stays on the command line (`airclass token create`), where the secret is shown once to
the person who runs it; the API never returns a secret.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from airclass.api.auth import AdminToken, SelfRevokeError, TokenNotFoundError, revoke_token
from airclass.api.db.auth_models import ApiToken
from airclass.api.deps import SessionDep
from fastapi import APIRouter, Path
from pydantic import BaseModel
from sqlalchemy import select

router = APIRouter(prefix="/api/v1/tokens", tags=["staff: tokens"])

TokenId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Id from `airclass token list`")]


class TokenPublic(BaseModel):
    id: int
    name: str
    role: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @classmethod
    def of(cls, token: ApiToken) -> TokenPublic:
        return cls(
            id=token.id,
            name=token.name,
            role=token.role.value,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
        )


class TokensPublic(BaseModel):
    data: list[TokenPublic]
    count: int


@router.get("", response_model=TokensPublic)
def list_tokens(session: SessionDep, _token: AdminToken) -> TokensPublic:
    """Every token with its role, creation, last use, expiry and revocation; never a secret."""
    rows = [TokenPublic.of(t) for t in session.scalars(select(ApiToken).order_by(ApiToken.id))]
    return TokensPublic(data=rows, count=len(rows))


@router.delete(
    "/{token_id}",
    response_model=TokenPublic,
    responses={
        404: {"description": "No live token has that id."},
        409: {"description": "The token tried to revoke itself."},
    },
)
def revoke(token_id: TokenId, session: SessionDep, admin: AdminToken) -> TokenPublic:
    """Revoke a token: its next request gets 401. Returns the token as revoked. The token
    making the request cannot revoke itself here (that would lock its holder out mid-task);
    use another admin token or `airclass token revoke`."""
    if token_id == admin.id:
        raise SelfRevokeError(token_id)
    token = revoke_token(session, token_id)
    if token is None:
        raise TokenNotFoundError(token_id)
    return TokenPublic.of(token)
