"""The JSON API shell (API.md): bearer tokens, the error format, pagination. Routers come from each app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer

from kotaku.errors import KesalahanDomain
from kotaku.models import TokenAPI


class TokenBearer(HttpBearer):
    """`Authorization: Bearer <token>`: the token acts as its user (same role, same scope).

    Revoked or expired tokens, and tokens of a deactivated, locked-out or re-passworded user, answer 401.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        token_api = TokenAPI.cari_berlaku(token)
        if token_api is None:
            return None
        TokenAPI.objects.filter(pk=token_api.pk).update(terakhir_dipakai=timezone.now())
        request.user = token_api.pengguna
        return token_api.pengguna


api = NinjaAPI(
    title="kotaku API",
    version="1",
    description="API pinjaman bergulir LKM/UPK KOTAKU. Uang dalam rupiah bulat; tanggal YYYY-MM-DD.",
    auth=TokenBearer(),
    urls_namespace="api",
)


class Galat(Schema):
    field: str
    message: str


class GalatRespon(Schema):
    detail: str
    errors: list[Galat] = []


def galat(
    request: HttpRequest, status: int, detail: str, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(KesalahanDomain)
def _domain(request: HttpRequest, exc: KesalahanDomain) -> HttpResponse:
    return galat(request, exc.status, exc.pesan, exc.errors)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return galat(request, 403, str(exc) or "Peran Anda tidak berwenang melakukan tindakan ini.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return galat(request, 404, "Data tidak ditemukan.")


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return galat(request, 401, "Token tidak ada atau tidak valid.")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for e in exc.errors:
        loc = [str(x) for x in e.get("loc", []) if x not in ("body", "payload", "query")]
        errors.append({"field": ".".join(loc), "message": str(e.get("msg", ""))})
    return galat(request, 400, "Data yang dikirim tidak valid.", errors)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return galat(request, exc.status_code, str(exc))


class Halaman(LimitOffsetPagination):
    """`?limit=&offset=` -> `{"items": [...], "count": N}` (API.md): ninja's own pagination, with the offset
    bounded so an absurd one is a 400 and never reaches the database."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500)
        offset: int = Field(0, ge=0, le=2_000_000_000)


def tidak_dikenal(request: HttpRequest, jalur: str = "") -> HttpResponse:
    """Any path under /api/v1/ that names no operation: the JSON error body, never an HTML page."""
    return JsonResponse({"detail": "Alamat API tidak dikenal.", "errors": []}, status=404)
