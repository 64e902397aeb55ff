"""The staff web console under /console: server-rendered pages over the staff API's own route
functions and roles, with its templates and vendored static files beside it.

`install_console(app)` is the one call `create_app` makes: the pages, /console/static, and
CSRF protection (asgi-csrf) on the console's forms only, so the public side stays cookie-free.
"""

from __future__ import annotations

from pathlib import Path

from asgi_csrf import asgi_csrf
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .csrf import csrf_failed
from .session import COOKIE_PATH, console_secret
from .views import router

STATIC = Path(__file__).parent / "static"


def install_console(app: FastAPI) -> None:
    secret = console_secret(app.state.settings.home)
    app.state.console_secret = secret
    app.include_router(router)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
    app.add_middleware(
        asgi_csrf,
        signing_secret=secret,
        cookie_path=COOKIE_PATH,
        cookie_samesite="Strict",
        always_protect={"/console/login"},
        skip_if_scope=lambda scope: not scope["path"].startswith(COOKIE_PATH),
        send_csrf_failed=csrf_failed,
    )
