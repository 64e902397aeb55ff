"""One message catalogue for user-facing text in Simplified Chinese and English.

Messages live in `config/messages/*.toml`, one file per package, each entry a table
`[key] zh = "…" en = "…"` with `str.format` fields.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

_FOLDER = Path(__file__).parent / "messages"


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    messages: dict[str, dict[str, str]] = {}
    for path in sorted(_FOLDER.glob("*.toml")):
        for key, texts in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if key in messages:
                raise RuntimeError(f"message {key!r} defined twice (second in {path.name})")
            messages[key] = texts
    return messages


def t(key: str, lang: str = "zh", /, **fields: object) -> str:
    """The message `key` in `lang` ('zh' or 'en'), formatted with `fields`."""
    texts = catalogue()[key]
    return texts.get(lang, texts["en"]).format(**fields)
