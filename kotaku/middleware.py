"""Responses to a signed-in user are never stored by a browser or a proxy; control characters are refused at
the edge."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase, JsonResponse
from django.utils.html import escape


class TanpaCacheUntukPengguna:
    """`Cache-Control: no-store` and `Pragma: no-cache` on every answer to an authenticated user.

    A shared office computer's back button or disk cache must not show a member's loan card after logout.
    It sits below AuthenticationMiddleware and reads `request.user` after the view, so an API request
    authenticated by its bearer token (set in the view) is covered too. Static files never reach it
    (WhiteNoise answers first) and the login page is anonymous.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


# NUL and the C0 control characters except tab, line feed and carriage return (and DEL): PostgreSQL refuses
# NUL outright, the others break exports, receipts and PDFs once stored. Typed text never needs them.
KARAKTER_KENDALI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _cari_kendali(nilai: Any, jalur: str) -> str | None:
    """The dotted path of the first string (key or value) in a JSON document with a control character."""
    if isinstance(nilai, str):
        return jalur if KARAKTER_KENDALI.search(nilai) else None
    if isinstance(nilai, dict):
        for kunci, isi in nilai.items():
            sini = f"{jalur}.{kunci}" if jalur else str(kunci)
            if KARAKTER_KENDALI.search(str(kunci)):
                return sini
            if (ketemu := _cari_kendali(isi, sini)) is not None:
                return ketemu
    if isinstance(nilai, list):
        for i, isi in enumerate(nilai):
            if (ketemu := _cari_kendali(isi, f"{jalur}.{i}" if jalur else str(i))) is not None:
                return ketemu
    return None


class TolakKarakterKendali:
    """Refuse, at the edge, text with NUL or control characters in a query string, a form or a JSON body:
    400 naming the field (JSON for the API, a short page otherwise), before any view or the database sees it.

    Forms repeat the rule on their fields (kotaku.forms), so a page shows it next to the field it concerns;
    this catches what no form reads (a query string, a field a form does not have, an API body)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (field := self._field_kotor(request)) is not None:
            pesan = "Teks berisi karakter kendali (mis. NUL) yang tidak boleh disimpan."
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": pesan, "errors": [{"field": field, "message": pesan}]}, status=400
                )
            return HttpResponseBadRequest(f"{pesan} Kolom: {escape(field)}.", content_type="text/plain")
        return self.get_response(request)

    @staticmethod
    def _field_kotor(request: HttpRequest) -> str | None:
        for kunci, nilai in request.GET.lists():
            if KARAKTER_KENDALI.search(kunci) or any(KARAKTER_KENDALI.search(v) for v in nilai):
                return kunci
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        if request.content_type == "application/json":
            try:
                dokumen = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError):
                return None  # not JSON: the API answers that itself
            return _cari_kendali(dokumen, "")
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for kunci, nilai in request.POST.lists():
                if KARAKTER_KENDALI.search(kunci) or any(KARAKTER_KENDALI.search(v) for v in nilai):
                    return kunci
        return None


class BasisDataTerputus:
    """A database connection lost in the middle of a request (a restart, a failover, a killed backend): the
    transaction is gone with it - PostgreSQL rolls it back, so nothing of it is stored - and the person gets a
    clear 503 instead of a traceback. The API answers the same in JSON (kotaku.api). No template: rendering
    the site's pages reads the database."""

    PESAN = (
        "Sambungan ke basis data terputus; tidak ada yang tersimpan dari permintaan ini. "
        "Coba lagi sebentar lagi."
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logging.getLogger("kotaku.basis_data").error("Basis data terputus: %s", exception)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": self.PESAN, "errors": []}, status=503)
        halaman = (
            '<!doctype html><html lang="id"><meta charset="utf-8"><title>Basis data terputus</title>'
            f"<body><h1>Basis data terputus</h1><p>{self.PESAN}</p>"
            '<p><a href="">Muat ulang</a></p></body></html>'
        )
        return HttpResponse(halaman, status=503)
