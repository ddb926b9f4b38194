"""Pages and API of the core: LKM profile, LKM policy, own API tokens, /healthz, `GET desa`, `GET lkm`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from ninja import Router, Schema
from ninja.pagination import paginate

from kotaku import services
from kotaku.akses import akses_desa, akses_lkm, boleh, wajib_boleh
from kotaku.api import GALAT_BACA, Halaman, tanggal_wajar
from kotaku.errors import KesalahanDomain
from kotaku.forms import KOLOM_KEBIJAKAN, FormulirKebijakan, FormulirToken
from kotaku.models import Kebijakan, TokenAPI
from kotaku.selectors import kebijakan_berlaku, token_milik
from kotaku.tampilan import Permintaan
from kotaku.tanggal import format_tanggal, hari_ini

router = Router(tags=["organisasi"])


# ---- pages -------------------------------------------------------------------------------------------------


@login_required
def lkm_detail(request: Permintaan, lkm_id: int) -> HttpResponse:
    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    return render(
        request,
        "kotaku/lkm_detail.html",
        {
            "lkm": lkm,
            "kebijakan": kebijakan_berlaku(lkm=lkm, tanggal=hari_ini()),
            "jumlah_pengguna": lkm.pengguna.filter(is_active=True).count(),
        },
    )


@login_required
def lkm_kebijakan(request: Permintaan, lkm_id: int) -> HttpResponse:
    """Policy in force and its history; the board sets a new dated policy by LKM decision."""
    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    berlaku = kebijakan_berlaku(lkm=lkm, tanggal=hari_ini())
    bisa_ubah = boleh(request.user, "kebijakan.ubah")
    if request.method == "POST":
        wajib_boleh(request.user, "kebijakan.ubah")
        form = FormulirKebijakan(request.POST)
        if form.is_valid():
            try:
                baru = services.ubah_kebijakan(
                    lkm=lkm,
                    data={k: form.cleaned_data[k] for k in KOLOM_KEBIJAKAN},
                    oleh=request.user,
                    hari_ini=hari_ini(),
                )
            except KesalahanDomain as exc:
                for g in exc.errors:
                    form.add_error(g["field"] if g["field"] in form.fields else None, g["message"])
            else:
                messages.success(
                    request, f"Kebijakan baru disimpan, berlaku mulai {baru.berlaku_mulai:%d-%m-%Y}."
                )
                return redirect("lkm_kebijakan", lkm_id=lkm.pk)
    else:
        awal = {k: getattr(berlaku, k) for k in KOLOM_KEBIJAKAN}
        awal.update({"berlaku_mulai": hari_ini(), "nomor_keputusan": "", "tanggal_keputusan": hari_ini()})
        form = FormulirKebijakan(initial=awal)
    riwayat = Kebijakan.objects.filter(lkm=lkm).select_related("dibuat_oleh").order_by("-berlaku_mulai")
    return render(
        request,
        "kotaku/kebijakan.html",
        {
            "lkm": lkm,
            "berlaku": berlaku,
            "riwayat": riwayat,
            "form": form,
            "bisa_ubah": bisa_ubah,
        },
    )


@login_required
def token_api(request: Permintaan) -> HttpResponse:
    """The user's own API tokens; a new token's secret is shown on this one answer only (never stored)."""
    rahasia_baru = None
    if request.method == "POST":
        form = FormulirToken(request.POST)
        if form.is_valid():
            token, rahasia_baru = services.buat_token(pengguna=request.user, nama=form.cleaned_data["nama"])
            messages.success(
                request,
                f"Token \u201c{token.nama}\u201d dibuat, berlaku sampai "
                f"{format_tanggal(token.kedaluwarsa_pada)}.",
            )
            form = FormulirToken()
    else:
        form = FormulirToken()
    return render(
        request,
        "kotaku/token.html",
        {
            "daftar_token": token_milik(request.user),
            "form": form,
            "rahasia_baru": rahasia_baru,
            "umur_hari": settings.API_TOKEN_UMUR_HARI,
        },
    )


@login_required
@require_POST
def token_api_cabut(request: Permintaan, token_id: int) -> HttpResponse:
    try:
        token = services.cabut_token(pengguna=request.user, token_id=token_id)
    except TokenAPI.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(
        request, f"Token \u201c{token.nama or token.pk}\u201d dicabut; token itu tidak bisa dipakai lagi."
    )
    return redirect("token_api")


def healthz(request: HttpRequest) -> JsonResponse:
    """Database, Redis and worker status; 200 when the database and Redis answer."""
    status: dict[str, Any] = {}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        status["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - a health endpoint reports any failure
        status["database"] = f"gagal: {exc.__class__.__name__}"
    try:
        from kotaku.celery import app

        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
        status["redis"] = "ok"
        replies = app.control.ping(timeout=1.0) or []
        status["worker"] = "ok" if replies else "tidak ada"
        status["jumlah_worker"] = len(replies)
    except Exception as exc:  # noqa: BLE001
        status["redis"] = f"gagal: {exc.__class__.__name__}"
        status["worker"] = "tidak diketahui"
    sehat = status["database"] == "ok" and status["redis"] == "ok"
    return JsonResponse(status, status=200 if sehat else 503)


# ---- API ---------------------------------------------------------------------------------------------------


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


@router.get("desa", response={200: list[DesaOut], **GALAT_BACA})
@paginate(Halaman)
def daftar_desa(request: Permintaan) -> Any:
    return akses_desa(request.user).order_by("nama")


class LkmOut(Schema):
    id: int
    nama: str
    desa: str
    kecamatan: str
    kabupaten: str
    provinsi: str

    @staticmethod
    def resolve_desa(obj: Any) -> str:
        return str(obj.desa.nama)

    @staticmethod
    def resolve_kecamatan(obj: Any) -> str:
        return str(obj.desa.kecamatan.nama)

    @staticmethod
    def resolve_kabupaten(obj: Any) -> str:
        return str(obj.desa.kecamatan.kabupaten.nama)

    @staticmethod
    def resolve_provinsi(obj: Any) -> str:
        return str(obj.desa.kecamatan.kabupaten.provinsi.nama)


class KebijakanOut(Schema):
    berlaku_mulai: date
    nomor_keputusan: str
    tanggal_keputusan: date
    jasa_persen_per_bulan: str
    jasa_persen_min: str
    jasa_persen_maks: str
    metode_jasa: str
    satuan_pembulatan: int
    mode_pembulatan: str
    jangka_min_bulan: int
    jangka_maks_bulan: int
    batas_siklus_pertama: int
    batas_per_anggota: int
    siklus_graduasi: int
    persetujuan_oleh: str
    batas_kolektibilitas_bulan: list[str]
    bobot_cadangan_persen: dict[str, str]
    tahap_tumbuh_min: int
    tahap_kembang_min: int
    wajib_tiga_bulan: bool
    perempuan_min_persen: str
    aturan_perempuan: str


def _persen(x: Decimal) -> str:
    return format(x.normalize(), "f")


def _kebijakan_out(k: Kebijakan) -> dict[str, Any]:
    data: dict[str, Any] = {f: getattr(k, f) for f in KebijakanOut.model_fields if hasattr(k, f)}
    for f in ("jasa_persen_per_bulan", "jasa_persen_min", "jasa_persen_maks", "perempuan_min_persen"):
        data[f] = _persen(getattr(k, f))
    data["batas_kolektibilitas_bulan"] = [_persen(x) for x in k.batas_kolektibilitas]
    data["bobot_cadangan_persen"] = {str(n): _persen(b) for n, b in k.bobot_cadangan.items()}
    return data


@router.get("lkm", response={200: list[LkmOut], **GALAT_BACA})
@paginate(Halaman)
def daftar_lkm(request: Permintaan) -> Any:
    return akses_lkm(request.user).order_by("desa__nama")


@router.get("lkm/{lkm_id}", response={200: LkmOut, **GALAT_BACA})
def detail_lkm(request: Permintaan, lkm_id: int) -> Any:
    return get_object_or_404(akses_lkm(request.user), pk=lkm_id)


@router.get("lkm/{lkm_id}/kebijakan", response={200: KebijakanOut, **GALAT_BACA})
def kebijakan_lkm(request: Permintaan, lkm_id: int, per: date | None = None) -> Any:
    tanggal_wajar(per, "per")
    lkm = get_object_or_404(akses_lkm(request.user), pk=lkm_id)
    return _kebijakan_out(kebijakan_berlaku(lkm=lkm, tanggal=per or hari_ini()))


class TokenOut(Schema):
    id: int
    nama: str
    dibuat_pada: datetime
    terakhir_dipakai: datetime | None
    kedaluwarsa_pada: datetime
    status: str


@router.get("token", response={200: list[TokenOut], **GALAT_BACA}, tags=["token"])
@paginate(Halaman)
def daftar_token(request: Permintaan) -> Any:
    """The caller's own API tokens (newest first) with their status: aktif, dicabut, kedaluwarsa, kata sandi
    diganti."""
    return token_milik(request.user)


@router.delete("token/{token_id}", response={200: TokenOut, **GALAT_BACA}, tags=["token"])
def cabut_token(request: Permintaan, token_id: int) -> Any:
    """Revoke one of the caller's own tokens (it may be the one in use); another user's token is 404."""
    try:
        return services.cabut_token(pengguna=request.user, token_id=token_id)
    except TokenAPI.DoesNotExist as exc:
        raise Http404 from exc
