"""The JSON API shell (API.md): bearer tokens, the error format, pagination. Routers come from each app."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db import DataError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer
from pydantic import AfterValidator

from kotaku.errors import KesalahanDomain
from kotaku.models import TokenAPI
from kotaku.tanggal import AWAL_DANA, hari_ini


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


# ---- what a client may send: checked by the schema (and so declared in the OpenAPI) before any service ----

MAKS_RUPIAH = 999_999_999_999  # Rp 999 miliar: above any LKM's whole fund, well inside numeric(15,0)
MAKS_ID = 2**63 - 1  # PostgreSQL bigint
POLA_SATU_BARIS = r"^[^\x00-\x1f\x7f]*$"  # no NUL, no control character, no line break
POLA_TEKS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"  # the same, but tab and line breaks allowed


def _tanggal_wajar(nilai: date) -> date:
    batas = date(hari_ini().year + 1, 12, 31)
    if not AWAL_DANA <= nilai <= batas:
        raise ValueError(f"Tanggal harus antara 1 Januari 2000 dan 31 Desember {batas.year}.")
    return nilai


Tanggal = Annotated[date, AfterValidator(_tanggal_wajar)]
"""A date a person types: within the life of any fund (services check each action's own limits)."""
Tahun = Annotated[int, Field(strict=True, ge=AWAL_DANA.year, le=2100)]
IdBody = Annotated[int, Field(strict=True, ge=1, le=MAKS_ID)]
Rupiah = Annotated[int, Field(strict=True, ge=-MAKS_RUPIAH, le=MAKS_RUPIAH)]
"""Whole rupiah, an integer in JSON (`true` or `1.5` is a 400)."""
RupiahPositif = Annotated[int, Field(strict=True, gt=0, le=MAKS_RUPIAH)]
RupiahTakNegatif = Annotated[int, Field(strict=True, ge=0, le=MAKS_RUPIAH)]
Kunci = Annotated[str, Field(min_length=1, max_length=100, pattern=POLA_SATU_BARIS)]
"""The idempotency key of a money POST: required, non-empty, at most 100 characters (the column)."""


def tanggal_wajar(nilai: date | None, field: str) -> None:
    """The same bound for a date in a query string (`?per=`): ninja builds query models outside this
    module, so the check runs in the view; `?per=0` (read as 1970-01-01) is refused here too."""
    if nilai is not None:
        try:
            _tanggal_wajar(nilai)
        except ValueError as exc:
            raise KesalahanDomain(str(exc), errors=[{"field": field, "message": str(exc)}]) from exc


def tahun_wajar(nilai: int | None, field: str = "tahun") -> None:
    if nilai is not None and not AWAL_DANA.year <= nilai <= 2100:
        pesan = "Tahun harus antara 2000 dan 2100."
        raise KesalahanDomain(pesan, errors=[{"field": field, "message": pesan}])


def teks(panjang: int, *, wajib: bool = False, baris: bool = False, bawaan: str = "") -> Any:
    """A text field bounded by its column: `teks(150, wajib=True)`; `baris=True` allows line breaks."""
    return Field(
        ... if wajib else bawaan,
        min_length=1 if wajib else 0,
        max_length=panjang,
        pattern=POLA_TEKS if baris else POLA_SATU_BARIS,
    )


class Galat(Schema):
    field: str
    message: str


class GalatRespon(Schema):
    detail: str
    errors: list[Galat] = []


# Declared on every operation, so a client (and the fuzz) knows the error body of each status.
GALAT_BACA: dict[int, Any] = {400: GalatRespon, 401: GalatRespon, 404: GalatRespon}
GALAT: dict[int, Any] = {**GALAT_BACA, 403: GalatRespon, 409: GalatRespon}


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
        loc = [str(x) for x in e.get("loc", [])]
        if loc[:1] == ["body"]:
            loc = loc[2:]  # ("body", <the view's parameter>, field, ...): the client knows only the field
        loc = [x for x in loc if x not in ("payload", "query", "path")]
        errors.append({"field": ".".join(loc), "message": str(e.get("msg", ""))})
    return galat(request, 400, "Data yang dikirim tidak valid.", errors)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def _terputus(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database connection was lost mid-request: PostgreSQL rolled the transaction back, nothing of it is
    stored; 503 so a client retries with the same `kunci`."""
    from kotaku.middleware import BasisDataTerputus

    return JsonResponse({"detail": BasisDataTerputus.PESAN, "errors": []}, status=503)


@api.exception_handler(DataError)
def _di_luar_batas(request: HttpRequest, exc: DataError) -> HttpResponse:
    """A value the database cannot hold that no schema caught (the schemas bound every field; this is the
    net under them): a 400, never a 500."""
    return galat(request, 400, "Ada nilai di luar batas yang bisa disimpan.")


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
