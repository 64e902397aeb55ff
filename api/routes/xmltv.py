"""`GET /xmltv.xml`: the published schedule as an XMLTV programme guide."""

from __future__ import annotations

from airclass.api.deps import DocumentCacheDep, FeedConfigDep, NowDep, SessionDep
from airclass.api.feeds.http_cache import cached_response
from airclass.api.feeds.published_feeds import XMLTV_TYPE, xmltv_document
from fastapi import APIRouter, Request, Response

router = APIRouter(tags=["feeds"])


@router.get(
    "/xmltv.xml",
    response_class=Response,
    responses={
        200: {"content": {XMLTV_TYPE: {}}, "description": "XMLTV document."},
        304: {"description": "The client's copy is current."},
    },
)
def xmltv(
    request: Request,
    session: SessionDep,
    now: NowDep,
    config: FeedConfigDep,
    documents: DocumentCacheDep,
) -> Response:
    """Every channel and its lessons, −7 to +35 days around today."""
    document = documents.document(
        session, ("xmltv",), now=now, render=lambda: xmltv_document(session, now=now, config=config)
    )
    return cached_response(
        request,
        document.body,
        media_type=document.media_type,
        last_modified=document.last_modified,
        config=config,
    )
