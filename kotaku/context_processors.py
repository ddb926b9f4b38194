"""Navigation by role and the active LKM, available to every template."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from kotaku.akses import akses_lkm
from kotaku.models import LKM, PERAN_UPK, Peran

# (title, url name, needs lkm_id, roles that see it; None = everyone). Names not (yet) installed are skipped.
MENU: list[tuple[str, str, bool, frozenset[str] | None]] = [
    ("Beranda", "beranda", False, None),
    ("KSM", "ksm:daftar", False, None),
    ("Pinjaman", "pinjaman:daftar", False, None),
    ("Kas & Bank", "buku:kas", True, PERAN_UPK | {Peran.PENGURUS_LKM, Peran.ADMIN}),
    ("Neraca", "buku:neraca", True, None),
    ("Kolektibilitas", "pinjaman:kolektibilitas", True, None),
    ("Dasbor", "laporan:dasbor", False, frozenset({Peran.PENGURUS_LKM, Peran.FASILITATOR, Peran.ADMIN})),
    ("Kebijakan", "lkm_kebijakan", True, frozenset({Peran.PENGURUS_LKM, Peran.MANAJER_UPK, Peran.ADMIN})),
]


def lkm_aktif(request: HttpRequest) -> LKM | None:
    """The LKM the user is working on: `?lkm=` remembered in the session, else the first in scope."""
    daftar = akses_lkm(request.user)
    dipilih = request.GET.get("lkm") or request.session.get("lkm_aktif")
    lkm = None
    if dipilih and str(dipilih).isdigit():
        lkm = daftar.filter(pk=int(dipilih)).first()
    if lkm is None:
        lkm = daftar.first()
    if lkm is not None and request.session.get("lkm_aktif") != lkm.pk:
        request.session["lkm_aktif"] = lkm.pk
    return lkm


def _url(nama: str, lkm: LKM | None, perlu_lkm: bool) -> str | None:
    try:
        if perlu_lkm:
            return reverse(nama, kwargs={"lkm_id": lkm.pk}) if lkm else None
        return reverse(nama)
    except NoReverseMatch:
        return None


def navigasi(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigasi": []}
    lkm = lkm_aktif(request)
    menu = []
    for judul, nama, perlu_lkm, peran in MENU:
        if peran is not None and user.peran not in peran and not user.adalah_admin:
            continue
        url = _url(nama, lkm, perlu_lkm)
        if url:
            aktif = request.path == url if url == "/" else request.path.startswith(url)
            menu.append({"judul": judul, "url": url, "aktif": aktif})
    pilihan = []
    if user.peran not in PERAN_UPK:
        pilihan = [
            {"nama": f"{x.nama} ({x.desa.nama})", "url": f"{request.path}?lkm={x.pk}", "aktif": lkm and x.pk == lkm.pk}
            for x in akses_lkm(user)
        ]
    return {"navigasi": menu, "lkm_aktif": lkm, "pilihan_lkm": pilihan}
