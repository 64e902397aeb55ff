"""The page shown when a console form fails its CSRF check: what happened and what to do."""

from __future__ import annotations

from typing import Any

from airclass.config.i18n import t


async def csrf_failed(scope: dict[str, Any], send: Any, message_id: object) -> None:
    """asgi-csrf's failure hook: 403 with a bilingual page instead of a bare message."""
    body = (
        "<!doctype html><html lang='zh'><meta charset='utf-8'><title>403</title>"
        f"<h1>{t('console.csrf.title', 'zh')} · {t('console.csrf.title', 'en')}</h1>"
        f"<p lang='zh'>{t('console.csrf.help', 'zh')}</p>"
        f"<p lang='en'>{t('console.csrf.help', 'en')}</p>"
        "<p><a href='/console/login'>/console/login</a></p></html>"
    ).encode()
    headers = [(b"content-type", b"text/html; charset=utf-8")]
    await send({"type": "http.response.start", "status": 403, "headers": headers})
    await send({"type": "http.response.body", "body": body})
