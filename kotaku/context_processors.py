"""Navigation by role, available to every template as `navigasi`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigasi(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigasi": []}
    menu: list[dict[str, str]] = [{"judul": "Beranda", "url": "/"}]
    return {"navigasi": menu}
