"""What the dashboards show, built from snapshot rows without a request: the cards (this month and the change
from last month), the indicator lights with their thresholds, and the Chart.js charts each with its table.

Charts are drawn by static/js/grafik.js from a `json_script` config (no inline script); every chart has the
same figures as a table under it (for printing and screen readers). Rupiah are ints; ratios go to the charts
as percent numbers with two decimals (display only, never used for money).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from kotaku.tanggal import NAMA_BULAN, akhir_bulan, tambah_bulan
from kotaku.uang import format_angka, format_persen, format_rupiah
from laporan.indikator import AMBANG, INDIKATOR_POB, NAMA_SKOR, Kinerja
from laporan.kinerja import kinerja_aman
from laporan.selectors import data_kinerja_aman
from pinjaman.kolektibilitas import NAMA_KOLEKTIBILITAS

WARNA_KOL = ("#1f6f50", "#8bbf3f", "#f0ad4e", "#e8743b", "#b02a37")
WARNA = {
    "utama": "#1f6f50",
    "kedua": "#2c7fb8",
    "merah": "#b02a37",
    "jingga": "#e8743b",
    "abu": "#6c757d",
    "tunas": "#a6d96a",
    "tumbuh": "#66bd63",
    "kembang": "#1a9850",
}
KELAS_SKOR = {1: "baik", 2: "minimum", 3: "buruk"}

# ---- formatting --------------------------------------------------------------------------------------------


def label_bulan(per: date) -> str:
    """`Nov 2019`: a month on a chart axis."""
    return f"{NAMA_BULAN[per.month][:3]} {per.year}"


def daftar_bulan(per: date, n: int) -> list[date]:
    """The `n` month ends up to and including `per`, oldest first."""
    return [akhir_bulan(tambah_bulan(per.replace(day=1), -i)) for i in range(n - 1, -1, -1)]


def rasio_teks(nilai: Decimal | None) -> str:
    return "-" if nilai is None else format_persen(nilai, rasio=True)


def _bertanda(teks: str, nilai: int | Decimal) -> str:
    return f"+{teks}" if nilai > 0 else teks


# ---- cards -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kartu:
    """One figure of the month: its value, and the change from last month (None: no snapshot to compare)."""

    judul: str
    nilai: str
    perubahan: str | None
    arah: str  # "naik", "turun", "tetap"
    baik: bool | None  # is the change good news? None: neither
    keterangan: str = ""
    kunci: str = ""


def _kartu(
    kunci: str,
    judul: str,
    ini: int | Decimal | None,
    lalu: int | Decimal | None,
    format_: Callable[[Any], str],
    *,
    naik_baik: bool | None,
    keterangan: str = "",
    format_selisih: Callable[[Any], str] | None = None,
) -> Kartu:
    if ini is None:
        return Kartu(judul, "-", None, "tetap", None, keterangan, kunci)
    if lalu is None:
        return Kartu(judul, format_(ini), None, "tetap", None, keterangan, kunci)
    selisih = ini - lalu
    arah = "naik" if selisih > 0 else "turun" if selisih < 0 else "tetap"
    baik = None if naik_baik is None or arah == "tetap" else (arah == "naik") == naik_baik
    teks = (format_selisih or format_)(selisih)
    return Kartu(judul, format_(ini), _bertanda(teks, selisih), arah, baik, keterangan, kunci)


def _poin(nilai: Decimal) -> str:
    """A change of a ratio in percentage points: 0.0125 -> `1,25 poin`."""
    return format_persen(nilai, rasio=True).replace("%", " poin")


def kartu_bulan(ini: Any, lalu: Any | None) -> list[Kartu]:
    """The cards of a month from its snapshot (or fresh facts) and last month's (None when missing)."""
    k_ini = kinerja_aman(data_kinerja_aman(ini))
    k_lalu = kinerja_aman(data_kinerja_aman(lalu))

    def dari(nama: str, obj: Any) -> Any:
        return None if obj is None else getattr(obj, nama)

    def tunggakan(obj: Any) -> int | None:
        return None if obj is None else sum(getattr(obj, f"tunggakan_kol{k}") for k in range(1, 6))

    def surplus(obj: Any) -> int | None:
        return None if obj is None else obj.pendapatan - obj.biaya

    rp = format_rupiah
    return [
        _kartu(
            "outstanding", "Saldo pinjaman", ini.outstanding, dari("outstanding", lalu), rp, naik_baik=None
        ),
        _kartu(
            "dicairkan",
            "Pencairan bulan ini",
            ini.dicairkan_bulan,
            dari("dicairkan_bulan", lalu),
            rp,
            naik_baik=None,
            keterangan=f"{ini.jumlah_cair_bulan} pinjaman",
        ),
        _kartu(
            "angsuran",
            "Angsuran pokok bulan ini",
            ini.pokok_dibayar_bulan,
            dari("pokok_dibayar_bulan", lalu),
            rp,
            naik_baik=True,
            keterangan=f"jasa {rp(ini.jasa_dibayar_bulan)}",
        ),
        _kartu("tunggakan", "Tunggakan pokok", tunggakan(ini), tunggakan(lalu), rp, naik_baik=False),
        _kartu(
            "par",
            "PAR (menunggak ≥ 3 bulan)",
            k_ini.par if k_ini else None,
            k_lalu.par if k_lalu else None,
            rasio_teks,
            naik_baik=False,
            format_selisih=_poin,
        ),
        _kartu(
            "ksm",
            "KSM berpinjaman",
            ini.ksm_aktif,
            dari("ksm_aktif", lalu),
            format_angka,
            naik_baik=True,
            keterangan=f"{ini.ksm_menunggak} menunggak ≥ 3 bulan",
        ),
        _kartu(
            "peminjam",
            "Anggota peminjam",
            ini.peminjam,
            dari("peminjam", lalu),
            format_angka,
            naik_baik=True,
            keterangan=f"{format_angka(ini.anggota)} anggota, "
            f"{format_angka(ini.anggota_perempuan)} perempuan",
        ),
        _kartu("kas", "Kas dan bank", ini.kas_bank, dari("kas_bank", lalu), rp, naik_baik=None),
        _kartu(
            "surplus",
            "Surplus Januari s.d. bulan ini",
            surplus(ini),
            surplus(lalu) if lalu is not None and lalu.bulan < ini.bulan else None,
            rp,
            naik_baik=True,
            keterangan=f"pendapatan {rp(ini.pendapatan)}, biaya {rp(ini.biaya)}",
        ),
    ]


# ---- traffic lights ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lampu:
    kode: str
    singkatan: str
    nama: str
    rumus: str
    nilai: str
    skor: int
    nama_skor: str
    kelas: str  # baik / minimum / buruk (CSS)
    batas: tuple[tuple[str, str], ...]  # (Baik, "< 10%"), (Minimum, ...), (Buruk, ...)


def lampu_kinerja(k: Kinerja) -> list[Lampu]:
    """The five POB indicators with their score and the thresholds stated (from `AMBANG`)."""
    hasil = []
    for kode in INDIKATOR_POB:
        a = AMBANG[kode]
        skor = k.skor[kode]
        hasil.append(
            Lampu(
                kode,
                kode.upper() if kode != "ccr" else "CCr",
                a.nama,
                a.rumus,
                rasio_teks(getattr(k, kode)),
                skor,
                NAMA_SKOR[skor],
                KELAS_SKOR[skor],
                (("Baik", a.label_baik), ("Minimum", a.label_minimum), ("Buruk", a.label_buruk)),
            )
        )
    return hasil


# ---- charts ------------------------------------------------------------------------------------------------


@dataclass
class Grafik:
    """A chart config for grafik.js and the same figures as a table (`baris`: formatted cells)."""

    id: str
    judul: str
    konfigurasi: dict[str, Any]
    kolom: list[str]
    baris: list[list[str]] = field(default_factory=list)
    kosong: str = ""  # when set, the chart is not drawn and this sentence says why


def _nilai(s: Any, nama: str) -> Any:
    return None if s is None else getattr(s, nama)


def _persen_grafik(nilai: Decimal | None) -> float | None:
    """A ratio as a percent number for a chart axis (0.0731 -> 7.31); display only."""
    return None if nilai is None else float(round(nilai * 100, 2))


def _dataset(label: str, data: list[Any], warna: str, **lain: Any) -> dict[str, Any]:
    return {"label": label, "data": data, "backgroundColor": warna, "borderColor": warna, **lain}


def _opsi(*, bertumpuk: bool = False) -> dict[str, Any]:
    opsi: dict[str, Any] = {
        "plugins": {"legend": {"position": "bottom"}},
        "interaction": {"mode": "index", "intersect": False},
        "spanGaps": False,
    }
    if bertumpuk:
        opsi["scales"] = {"x": {"stacked": True}, "y": {"stacked": True}}
    return opsi


def grafik_tren(tren: Sequence[Any], per: date, bulan: int) -> list[Grafik]:
    """The six charts of an LKM dashboard over the `bulan` months ending with `per` (a month without a
    snapshot is a gap in the line and "-" in the table)."""
    bulan_bulan = daftar_bulan(per, bulan)
    peta = {s.per: s for s in tren}
    baris = [peta.get(b) for b in bulan_bulan]
    label = [label_bulan(b) for b in bulan_bulan]
    kinerja = [kinerja_aman(data_kinerja_aman(s)) for s in baris]

    def seri(nama: str) -> list[Any]:
        return [_nilai(s, nama) for s in baris]

    def rp(nilai: Any) -> str:
        return "-" if nilai is None else format_angka(nilai)

    def tabel(*kolom: list[Any], fmt: Callable[[Any], str] = rp) -> list[list[str]]:
        return [[label[i], *(fmt(k[i]) for k in kolom)] for i in range(len(label))]

    hasil = []
    saldo = seri("outstanding")
    hasil.append(
        Grafik(
            "grafik-saldo",
            "Saldo pinjaman (Rp)",
            {
                "type": "line",
                "data": {"labels": label, "datasets": [_dataset("Saldo pinjaman", saldo, WARNA["utama"])]},
                "options": _opsi(),
            },
            ["Bulan", "Saldo pinjaman (Rp)"],
            tabel(saldo),
        )
    )
    cair, pokok, jasa = seri("dicairkan_bulan"), seri("pokok_dibayar_bulan"), seri("jasa_dibayar_bulan")
    hasil.append(
        Grafik(
            "grafik-arus",
            "Pencairan dan angsuran per bulan (Rp)",
            {
                "type": "bar",
                "data": {
                    "labels": label,
                    "datasets": [
                        _dataset("Pencairan", cair, WARNA["kedua"]),
                        _dataset("Angsuran pokok", pokok, WARNA["utama"]),
                    ],
                },
                "options": _opsi(),
            },
            ["Bulan", "Pencairan (Rp)", "Angsuran pokok (Rp)", "Jasa (Rp)"],
            tabel(cair, pokok, jasa),
        )
    )
    kol = [seri(f"outstanding_kol{k}") for k in range(1, 6)]
    hasil.append(
        Grafik(
            "grafik-kolektibilitas",
            "Saldo pinjaman per kolektibilitas (Rp)",
            {
                "type": "bar",
                "data": {
                    "labels": label,
                    "datasets": [
                        _dataset(f"Kol {k} {NAMA_KOLEKTIBILITAS[k]}", kol[k - 1], WARNA_KOL[k - 1])
                        for k in range(1, 6)
                    ],
                },
                "options": _opsi(bertumpuk=True),
            },
            ["Bulan", *(f"Kol {k} (Rp)" for k in range(1, 6))],
            tabel(*kol),
        )
    )
    par = [k.par if k else None for k in kinerja]
    lar = [k.lar if k else None for k in kinerja]
    hasil.append(
        Grafik(
            "grafik-risiko",
            "PAR dan LAR (%)",
            {
                "type": "line",
                "persen": True,
                "data": {
                    "labels": label,
                    "datasets": [
                        _dataset("PAR", [_persen_grafik(x) for x in par], WARNA["merah"]),
                        _dataset("LAR", [_persen_grafik(x) for x in lar], WARNA["jingga"]),
                    ],
                },
                "options": _opsi(),
            },
            ["Bulan", "PAR", "LAR"],
            [[label[i], rasio_teks(par[i]), rasio_teks(lar[i])] for i in range(len(label))],
        )
    )
    masuk, keluar = seri("pendapatan_bulan"), seri("biaya_bulan")
    lebih = [None if s is None else s.pendapatan_bulan - s.biaya_bulan for s in baris]
    hasil.append(
        Grafik(
            "grafik-surplus",
            "Pendapatan, biaya dan surplus per bulan (Rp)",
            {
                "type": "bar",
                "data": {
                    "labels": label,
                    "datasets": [
                        _dataset("Pendapatan", masuk, WARNA["utama"]),
                        _dataset("Biaya", keluar, WARNA["jingga"]),
                        _dataset("Surplus", lebih, WARNA["abu"], type="line"),
                    ],
                },
                "options": _opsi(),
            },
            ["Bulan", "Pendapatan (Rp)", "Biaya (Rp)", "Surplus (Rp)"],
            tabel(masuk, keluar, lebih),
        )
    )
    tahap = [seri("ksm_tunas"), seri("ksm_tumbuh"), seri("ksm_kembang")]
    ada_tahap = any(x for t in tahap for x in t)
    hasil.append(
        Grafik(
            "grafik-tahap",
            "KSM per tahap (Tunas, Tumbuh, Kembang)",
            {
                "type": "bar",
                "data": {
                    "labels": label,
                    "datasets": [
                        _dataset(nama.capitalize(), tahap[i], WARNA[nama])
                        for i, nama in enumerate(("tunas", "tumbuh", "kembang"))
                    ],
                },
                "options": _opsi(bertumpuk=True),
            },
            ["Bulan", "Tunas", "Tumbuh", "Kembang"],
            tabel(*tahap),
            kosong=""
            if ada_tahap
            else "Belum ada KSM yang dinilai tahapnya (Tunas, Tumbuh, Kembang) pada bulan-bulan ini.",
        )
    )
    return hasil
