"""Navigation by role and the active LKM, available to every template.

The menu is built from URL names; a name that is not installed (yet) is skipped, so apps can land in any
order. Links that need an LKM use the active one: the LKM of the page being shown (`lkm_id` in its URL), else
`?lkm=` (remembered in the session under "lkm_aktif"), else the first LKM in the user's scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from kotaku.akses import HAK, akses_lkm
from kotaku.models import LKM, PERAN_UPK, Peran

KUNCI_SESI = "lkm_aktif"
# Above this many LKMs in scope the switcher becomes a link to the home page's paginated table.
BATAS_PILIHAN = 100

_PENGURUS = frozenset({Peran.PENGURUS_LKM})
_FASILITATOR = frozenset({Peran.FASILITATOR})
_SEMUA_LKM = PERAN_UPK | _PENGURUS


@dataclass(frozen=True)
class Tautan:
    judul: str
    nama_url: str
    perlu_lkm: bool = False
    peran: frozenset[str] | None = None  # None: every role
    kueri: str = ""
    ikon: str = ""


@dataclass(frozen=True)
class Kelompok:
    judul: str
    ikon: str
    tautan: tuple[Tautan, ...]


# UPK staff run operations; the board approves and reads; the fasilitator reads its villages; admin sees all.
MENU: tuple[Kelompok, ...] = (
    Kelompok("Beranda", "house", (Tautan("Beranda", "beranda"),)),
    Kelompok(
        "Persetujuan",
        "check2-square",
        (
            Tautan(
                "Pinjaman menunggu persetujuan",
                "pinjaman:daftar",
                peran=_PENGURUS,
                kueri="?status=diverifikasi",
                ikon="hourglass-split",
            ),
            Tautan("Semua pinjaman", "pinjaman:daftar", peran=_PENGURUS, ikon="list-ul"),
            Tautan("Hapus buku pinjaman macet", "pinjaman:hapus_buku", True, _PENGURUS, ikon="x-octagon"),
            Tautan("Tutup / buka bulan", "buku:tutup_bulan", True, _PENGURUS, ikon="calendar-check"),
        ),
    ),
    Kelompok(
        "KSM",
        "people",
        (
            Tautan("Daftar KSM", "ksm:daftar", ikon="people"),
            Tautan(
                "KSM perlu dinilai",
                "laporan:penilaian_jatuh_tempo",
                peran=_FASILITATOR,
                ikon="clipboard-check",
            ),
            Tautan("Impor dari Excel", "ksm:impor", peran=HAK["ksm.tulis"], ikon="file-earmark-spreadsheet"),
            Tautan("Register tabungan (LU-06)", "tabungan:register", True, _SEMUA_LKM, ikon="piggy-bank"),
        ),
    ),
    Kelompok(
        "Pinjaman",
        "cash-stack",
        (
            Tautan("Daftar pinjaman", "pinjaman:daftar", peran=PERAN_UPK, ikon="list-ul"),
            Tautan("Ajukan pinjaman", "pinjaman:ajukan", peran=HAK["pinjaman.ajukan"], ikon="plus-circle"),
            Tautan("Register pinjaman (LU-04)", "pinjaman:register", True, PERAN_UPK, ikon="journal"),
        ),
    ),
    Kelompok(
        "Kas & Buku",
        "journal-text",
        (
            Tautan("Catat transaksi kas", "buku:transaksi_baru", True, HAK["kas.tulis"], ikon="plus-circle"),
            Tautan("Buku kas (U3)", "buku:kas", True, PERAN_UPK, ikon="wallet2"),
            Tautan("Buku bank (U4)", "buku:bank", True, PERAN_UPK, ikon="bank"),
            Tautan("Daftar jurnal", "buku:jurnal_daftar", True, PERAN_UPK, ikon="journal-text"),
            Tautan("Tutup bulan", "buku:tutup_bulan", True, HAK["buku.tutup_bulan"], ikon="calendar-check"),
            Tautan("Saldo awal", "buku:saldo_awal", True, HAK["buku.saldo_awal"], ikon="box-arrow-in-right"),
        ),
    ),
    Kelompok(
        "Laporan",
        "bar-chart-line",
        (
            Tautan("Dasbor", "laporan:dasbor", ikon="speedometer2"),
            Tautan("Semua laporan", "laporan:daftar", ikon="collection"),
            Tautan("Neraca", "buku:neraca", True, ikon="columns-gap"),
            Tautan("Surplus / defisit", "buku:surplus", True, ikon="graph-up"),
            Tautan("Pendapatan dan biaya (U9)", "buku:pendapatan_biaya", True, ikon="receipt"),
            Tautan("Neraca saldo (U8)", "buku:neraca_saldo", True, ikon="list-check"),
            Tautan("Kolektibilitas (LU-02)", "pinjaman:kolektibilitas", True, ikon="bar-chart"),
            Tautan("Perkembangan pinjaman", "pinjaman:perkembangan", True, ikon="graph-up-arrow"),
            Tautan("Tahap KSM per desa", "laporan:tahap", ikon="flower1"),
            Tautan(
                "Register pinjaman (LU-04)",
                "pinjaman:register",
                True,
                _PENGURUS | _FASILITATOR,
                ikon="journal",
            ),
            Tautan("Register hapus buku", "pinjaman:hapus_buku", True, ikon="x-octagon"),
            Tautan("Register tabungan (LU-06)", "tabungan:register", True, _FASILITATOR, ikon="piggy-bank"),
        ),
    ),
    Kelompok(
        "Kebijakan",
        "sliders",
        (Tautan("Kebijakan LKM", "lkm_kebijakan", True, _PENGURUS | {Peran.MANAJER_UPK}, ikon="sliders"),),
    ),
    Kelompok("Admin", "gear", (Tautan("Admin", "admin:index", peran=frozenset({Peran.ADMIN})),)),
)


def _calon(request: HttpRequest) -> list[int]:
    """LKM ids asked for, strongest first: the page's `lkm_id`, `?lkm=`, the session's choice."""
    cocok = getattr(request, "resolver_match", None)
    sesi = getattr(request, "session", None)
    calon = [
        cocok.kwargs.get("lkm_id") if cocok else None,
        request.GET.get("lkm"),
        sesi.get(KUNCI_SESI) if sesi is not None else None,
    ]
    return [int(x) for x in calon if x is not None and str(x).isdigit()]


def lkm_aktif(request: HttpRequest, daftar: list[LKM] | None = None) -> LKM | None:
    """The LKM the user is working on: the page's `lkm_id`, `?lkm=`, the session's choice, else the first in
    scope.

    `daftar`, when given, is the complete list of LKMs in scope (saves a query).
    """
    if hasattr(request, "_kotaku_lkm_aktif"):
        return cast(LKM | None, request._kotaku_lkm_aktif)
    urutan = _calon(request)
    if daftar is not None:
        ketemu = {x.pk: x for x in daftar}
    elif urutan:
        ketemu = {x.pk: x for x in akses_lkm(request.user).filter(pk__in=urutan)}
    else:
        ketemu = {}
    lkm = next((ketemu[x] for x in urutan if x in ketemu), None)
    if lkm is None:
        lkm = (daftar[0] if daftar else None) if daftar is not None else akses_lkm(request.user).first()
    sesi = getattr(request, "session", None)
    if lkm is not None and sesi is not None and sesi.get(KUNCI_SESI) != lkm.pk:
        sesi[KUNCI_SESI] = lkm.pk
    request._kotaku_lkm_aktif = lkm  # type: ignore[attr-defined]
    return lkm


def url_tautan(tautan: Tautan, lkm: LKM | None) -> str | None:
    """The link's URL for the active LKM, or None when its URL name is not installed or needs an LKM."""
    try:
        if tautan.perlu_lkm:
            if lkm is None:
                return None
            return reverse(tautan.nama_url, kwargs={"lkm_id": lkm.pk}) + tautan.kueri
        return reverse(tautan.nama_url) + tautan.kueri
    except NoReverseMatch:
        return None


def boleh_lihat(user: Any, tautan: Tautan) -> bool:
    return tautan.peran is None or user.adalah_admin or user.peran in tautan.peran


def menu_untuk(request: HttpRequest, lkm: LKM | None) -> list[dict[str, Any]]:
    """The navbar for this user: groups with at least one installed link; one-link groups render as a link."""
    user = request.user
    hasil = []
    for kelompok in MENU:
        isi: list[dict[str, Any]] = []
        for tautan in kelompok.tautan:
            if not boleh_lihat(user, tautan):
                continue
            url = url_tautan(tautan, lkm)
            if url is None or any(x["url"] == url for x in isi):
                continue
            jalur = url.split("?", 1)[0]
            aktif = request.path == jalur if jalur == "/" else request.path.startswith(jalur)
            isi.append(
                {"judul": tautan.judul, "url": url, "ikon": tautan.ikon or kelompok.ikon, "aktif": aktif}
            )
        if isi:
            hasil.append(
                {
                    "judul": kelompok.judul,
                    "ikon": kelompok.ikon,
                    "tautan": isi,
                    "aktif": any(x["aktif"] for x in isi),
                    "kunci": kelompok.judul.lower().replace(" & ", "-"),
                }
            )
    return hasil


def _url_pilihan(request: HttpRequest, lkm_id: int) -> str:
    """The same page (and its dates) for another LKM: swap `lkm_id` in the URL when the page has one, else set
    `?lkm=`."""
    kueri = request.GET.copy()
    kueri.pop("format", None)
    cocok = getattr(request, "resolver_match", None)
    if cocok is not None and "lkm_id" in cocok.kwargs:
        try:
            kueri.pop("lkm", None)
            url = reverse(cocok.view_name, kwargs={**cocok.kwargs, "lkm_id": lkm_id})
            return f"{url}?{kueri.urlencode()}" if kueri else url
        except NoReverseMatch:
            pass
    kueri["lkm"] = str(lkm_id)
    return f"{request.path}?{kueri.urlencode()}"


def navigasi(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigasi": []}
    daftar = list(akses_lkm(user)[: BATAS_PILIHAN + 1])
    lkm = lkm_aktif(request, daftar if len(daftar) <= BATAS_PILIHAN else None)
    pilihan: list[dict[str, Any]] = []
    if 1 < len(daftar) <= BATAS_PILIHAN:
        pilihan = [
            {
                "id": x.pk,
                "nama": f"{x.nama} · Desa {x.desa.nama}",
                "url": _url_pilihan(request, x.pk),
                "aktif": lkm is not None and x.pk == lkm.pk,
            }
            for x in daftar
        ]
    return {
        "navigasi": menu_untuk(request, lkm),
        "lkm_aktif": lkm,
        "pilihan_lkm": pilihan,
        "lkm_terlalu_banyak": len(daftar) > BATAS_PILIHAN,
    }
