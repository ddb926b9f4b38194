"""Report builders of floor 4, plain functions with no request: `(LKMs, dates) -> Laporan`.

Tahap KSM per desa: the active KSMs of each desa by the stage of their latest assessment, with a subtotal per
kecamatan and a grand total (screen, PDF, Excel). The year-end village pack reuses `hitungan_tahap`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from kotaku.dokumen import Kolom, Laporan
from kotaku.models import LKM
from kotaku.tanggal import format_tanggal
from laporan.tahap import BarisHitunganTahap, hitungan_tahap


@dataclass(frozen=True)
class JumlahTahap:
    """A subtotal (a kecamatan) or the grand total of the stage counts."""

    judul: str
    tunas: int
    tumbuh: int
    kembang: int
    belum_dinilai: int

    @property
    def jumlah(self) -> int:
        return self.tunas + self.tumbuh + self.kembang + self.belum_dinilai


def _jumlahkan(judul: str, baris: Sequence[BarisHitunganTahap]) -> JumlahTahap:
    return JumlahTahap(
        judul,
        sum(b.tunas for b in baris),
        sum(b.tumbuh for b in baris),
        sum(b.kembang for b in baris),
        sum(b.belum_dinilai for b in baris),
    )


def laporan_tahap_ksm(*, lkm: Sequence[int] | QuerySet[LKM], per: date) -> Laporan:
    """Tahap KSM per desa as of `per`: one row per LKM in `lkm`, a subtotal per kecamatan, the grand total."""
    baris = hitungan_tahap(lkm, per)
    kelompok: list[dict[str, Any]] = []
    for b in baris:
        if not kelompok or kelompok[-1]["kecamatan"] != b.kecamatan:
            kelompok.append({"kecamatan": b.kecamatan, "baris": []})
        kelompok[-1]["baris"].append(b)
    for k in kelompok:
        k["jumlah"] = _jumlahkan(f"Kecamatan {k['kecamatan']}", k["baris"])
    satu = len(baris) == 1
    if len(kelompok) > 1:
        judul_total = "Jumlah seluruhnya"
    elif kelompok and not satu:
        judul_total = f"Kecamatan {kelompok[0]['kecamatan']}"
    else:
        judul_total = "Jumlah"
    total = _jumlahkan(judul_total, baris)
    lkm_satu = (
        LKM.objects.select_related("desa__kecamatan__kabupaten").get(pk=baris[0].lkm_id) if satu else None
    )

    isi: list[list[Any]] = []
    for k in kelompok:
        for b in k["baris"]:
            isi.append([b.kecamatan, b.desa, b.lkm, b.tunas, b.tumbuh, b.kembang, b.belum_dinilai, b.jumlah])
        if len(kelompok) > 1:
            j = k["jumlah"]
            isi.append([j.judul, "", "", j.tunas, j.tumbuh, j.kembang, j.belum_dinilai, j.jumlah])
    isi.append(
        [total.judul, "", "", total.tunas, total.tumbuh, total.kembang, total.belum_dinilai, total.jumlah]
    )
    lingkup = (
        f"Kecamatan {kelompok[0]['kecamatan']}"
        if len(kelompok) == 1 and not satu
        else (f"{len(kelompok)} kecamatan" if kelompok else "")
    )
    grafik = {
        "type": "bar",
        "data": {
            "labels": [b.desa for b in baris],
            "datasets": [
                {"label": "Tunas", "data": [b.tunas for b in baris], "backgroundColor": "#975a16"},
                {"label": "Tumbuh", "data": [b.tumbuh for b in baris], "backgroundColor": "#2b7a9b"},
                {"label": "Kembang", "data": [b.kembang for b in baris], "backgroundColor": "#1f6f50"},
                {
                    "label": "Belum dinilai",
                    "data": [b.belum_dinilai for b in baris],
                    "backgroundColor": "#ced4da",
                },
            ],
        },
        "options": {
            "indexAxis": "y",
            "scales": {"x": {"stacked": True}, "y": {"stacked": True}},
            "plugins": {"legend": {"position": "bottom"}},
        },
    }
    return Laporan(
        judul="Tahap KSM per Desa",
        template="laporan/tahap",
        nama_berkas=f"tahap-ksm-{per}",
        periode=f"Per {format_tanggal(per)}" + (f" · {lingkup}" if lingkup else ""),
        lkm=lkm_satu,
        data={
            "kelompok": kelompok,
            "total": total,
            "per": per,
            "banyak_kecamatan": len(kelompok) > 1,
            "grafik": grafik,
            "tinggi_grafik": 60 + 28 * len(baris),
        },
        kolom=[
            Kolom("Kecamatan"),
            Kolom("Desa"),
            Kolom("LKM"),
            Kolom("Tunas", "angka"),
            Kolom("Tumbuh", "angka"),
            Kolom("Kembang", "angka"),
            Kolom("Belum dinilai", "angka"),
            Kolom("Jumlah KSM aktif", "angka"),
        ],
        baris=isi,
    )
