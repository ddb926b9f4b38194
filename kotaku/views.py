"""/healthz and the core API (desa)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
from ninja import Router, Schema
from ninja.pagination import paginate

from kotaku.akses import akses_desa
from kotaku.api import Halaman

router = Router(tags=["organisasi"])


def healthz(request: HttpRequest) -> JsonResponse:
    """Database, Redis and worker status; 200 when the database and Redis answer."""
    status: dict[str, Any] = {}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        status["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - health endpoint reports any failure
        status["database"] = f"gagal: {exc}"
    try:
        from kotaku.celery import app

        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
        status["redis"] = "ok"
        replies = app.control.ping(timeout=0.5) or []
        status["worker"] = "ok" if replies else "tidak ada"
    except Exception as exc:  # noqa: BLE001
        status["redis"] = f"gagal: {exc}"
        status["worker"] = "tidak diketahui"
    sehat = status["database"] == "ok" and status["redis"] == "ok"
    return JsonResponse(status, status=200 if sehat else 503)


class LkmRingkas(Schema):
    id: int
    nama: str


class DesaOut(Schema):
    id: int
    nama: str
    kecamatan: str
    kabupaten: str
    lkm: LkmRingkas | None

    @staticmethod
    def resolve_kecamatan(obj: Any) -> str:
        return str(obj.kecamatan.nama)

    @staticmethod
    def resolve_kabupaten(obj: Any) -> str:
        return str(obj.kecamatan.kabupaten.nama)


@router.get("desa", response=list[DesaOut])
@paginate(Halaman)
def daftar_desa(request: HttpRequest) -> Any:
    return akses_desa(request.user).order_by("nama")
