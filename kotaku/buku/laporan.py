"""Report builders of the books: Neraca, Surplus/Defisit, Pendapatan dan Biaya (U9), Neraca Saldo (U8), Buku
Kas
(U3), Buku Bank (U4) and Buku Besar. Each is `(lkm, dates) -> Laporan`, with no request: a page and a Celery
task
show the same object. The figures come from `kotaku.buku.selectors` (SQL aggregates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kotaku.buku import akun as kode_akun
from kotaku.buku import selectors
from kotaku.buku.models import Akun
from kotaku.dokumen import Kolom, Laporan
from kotaku.models import LKM
from kotaku.tanggal import akhir_bulan, format_bulan, format_tanggal

JUDUL_BUKU = {kode_akun.KAS: "Buku Kas (U3)", kode_akun.BANK_UPK: "Buku Bank (U4)"}


def laporan_neraca(*, lkm: LKM, per: date) -> Laporan:
    n = selectors.neraca(lkm=lkm, per=per)
    baris: list[list[Any]] = [["ASET", "", None]]
    baris += [[b.kode, b.nama, b.saldo] for b in n.aset] + [["", "Jumlah aset", n.total_aset]]
    baris += [["KEWAJIBAN", "", None]] + [[b.kode, b.nama, b.saldo] for b in n.kewajiban]
    baris += [["", "Jumlah kewajiban", n.total_kewajiban]]
    baris += [["MODAL", "", None]] + [[b.kode, b.nama, b.saldo] for b in n.modal]
    baris += [
        ["", "Jumlah modal", n.total_modal],
        ["", "Jumlah kewajiban dan modal", n.total_kewajiban_modal],
    ]
    return Laporan(
        judul="Neraca",
        template="buku/neraca",
        nama_berkas=f"neraca-{_slug(lkm)}-{per}",
        periode=f"Per {format_tanggal(per)}",
        lkm=lkm,
        data={"n": n, "per": per},
        kolom=[Kolom("Kode"), Kolom("Pos"), Kolom("Saldo (Rp)", "uang")],
        baris=baris,
    )


@dataclass(frozen=True)
class HasilPeriode:
    """`Surplus 406.024` or `Defisit 406.024`: the word says the sign, the amount is never negative."""

    label: str
    jumlah: int

    @classmethod
    def dari(cls, surplus: int) -> HasilPeriode:
        return cls("Defisit" if surplus < 0 else "Surplus", abs(surplus))


def _laporan_pendapatan_biaya(
    *, lkm: LKM, dari: date, sampai: date, judul: str, template: str, label: str, nama_berkas: str
) -> Laporan:
    """Income and costs of a period beside the year to date, with the result labelled by its sign."""
    periode = selectors.surplus_defisit(lkm=lkm, dari=dari, sampai=sampai)
    ytd = selectors.surplus_defisit(lkm=lkm, dari=date(sampai.year, 1, 1), sampai=sampai)
    kumulatif = {b.kode: b.saldo for b in ytd.pendapatan + ytd.biaya}
    baris_pendapatan = [(b, kumulatif.get(b.kode, 0)) for b in periode.pendapatan]
    baris_biaya = [(b, kumulatif.get(b.kode, 0)) for b in periode.biaya]
    hasil = HasilPeriode.dari(periode.surplus)
    hasil_ytd = HasilPeriode.dari(ytd.surplus)
    excel: list[list[Any]] = [["Pendapatan", "", None, None]]
    excel += [[b.kode, b.nama, b.saldo, k] for b, k in baris_pendapatan]
    excel += [
        ["", "Jumlah pendapatan", periode.total_pendapatan, ytd.total_pendapatan],
        ["Biaya", "", None, None],
    ]
    excel += [[b.kode, b.nama, b.saldo, k] for b, k in baris_biaya]
    excel += [
        ["", "Jumlah biaya", periode.total_biaya, ytd.total_biaya],
        ["", f"{hasil.label} {label}", hasil.jumlah, None],
        ["", f"{hasil_ytd.label} kumulatif {sampai.year}", None, hasil_ytd.jumlah],
    ]
    return Laporan(
        judul=judul,
        template=template,
        nama_berkas=nama_berkas,
        periode=f"{label}; kumulatif sejak 1 Januari {sampai.year}",
        lkm=lkm,
        data={
            "label": label,
            "tahun": sampai.year,
            "periode_data": periode,
            "ytd": ytd,
            "baris_pendapatan": baris_pendapatan,
            "baris_biaya": baris_biaya,
            "hasil": hasil,
            "hasil_ytd": hasil_ytd,
        },
        kolom=[
            Kolom("Kode"),
            Kolom("Uraian"),
            Kolom(label, "uang"),
            Kolom(f"Kumulatif {sampai.year}", "uang"),
        ],
        baris=excel,
    )


def laporan_surplus(*, lkm: LKM, tahun: int, bulan: int) -> Laporan:
    """Laporan Surplus/Defisit of a month and the year to date."""
    awal = date(tahun, bulan, 1)
    return _laporan_pendapatan_biaya(
        lkm=lkm,
        dari=awal,
        sampai=akhir_bulan(awal),
        judul="Laporan Surplus/Defisit",
        template="buku/surplus",
        label=format_bulan(tahun, bulan),
        nama_berkas=f"surplus-{_slug(lkm)}-{tahun}-{bulan:02d}",
    )


def laporan_pendapatan_biaya(*, lkm: LKM, dari: date, sampai: date) -> Laporan:
    """U9: income and costs of the period and of the year to date."""
    return _laporan_pendapatan_biaya(
        lkm=lkm,
        dari=dari,
        sampai=sampai,
        judul="Pendapatan dan Biaya (U9)",
        template="buku/surplus",
        label=f"{format_tanggal(dari)} s.d. {format_tanggal(sampai)}",
        nama_berkas=f"pendapatan-biaya-{_slug(lkm)}-{dari}-{sampai}",
    )


def laporan_neraca_saldo(*, lkm: LKM, dari: date, sampai: date) -> Laporan:
    rows = selectors.neraca_saldo(lkm=lkm, dari=dari, sampai=sampai)
    total_debit, total_kredit = sum(r.debit for r in rows), sum(r.kredit for r in rows)
    return Laporan(
        judul="Neraca Saldo (U8)",
        template="buku/neraca_saldo",
        nama_berkas=f"neraca-saldo-{_slug(lkm)}-{dari}-{sampai}",
        periode=f"{format_tanggal(dari)} s.d. {format_tanggal(sampai)}",
        lkm=lkm,
        data={
            "rows": rows,
            "total_debit": total_debit,
            "total_kredit": total_kredit,
            "dari": dari,
            "sampai": sampai,
        },
        kolom=[
            Kolom("Kode"),
            Kolom("Akun"),
            Kolom("Saldo awal", "uang"),
            Kolom("Debit", "uang"),
            Kolom("Kredit", "uang"),
            Kolom("Saldo akhir", "uang"),
        ],
        baris=[[r.kode, r.nama, r.awal, r.debit, r.kredit, r.akhir] for r in rows]
        + [["", "Jumlah mutasi", None, total_debit, total_kredit, None]],
    )


def laporan_buku_akun(*, lkm: LKM, kode: str, dari: date, sampai: date) -> Laporan:
    """Buku Kas (U3, 11010), Buku Bank (U4, 11021) or Buku Besar of any account, with a running balance."""
    buku = selectors.buku_akun(lkm=lkm, kode=kode, dari=dari, sampai=sampai)
    judul = JUDUL_BUKU.get(kode, f"Buku Besar {buku.akun}")
    excel: list[list[Any]] = [[None, "", "Saldo awal", None, None, buku.saldo_awal]]
    excel += [
        [b["tanggal"], b["nomor"], b["uraian"], b["debit"], b["kredit"], b["saldo"]] for b in buku.baris
    ]
    excel += [[None, "", "Jumlah / saldo akhir", buku.total_debit, buku.total_kredit, buku.saldo_akhir]]
    return Laporan(
        judul=judul,
        template="buku/buku_akun",
        nama_berkas=f"buku-{kode}-{_slug(lkm)}-{dari}-{sampai}",
        periode=f"{format_tanggal(dari)} s.d. {format_tanggal(sampai)}",
        lkm=lkm,
        data={
            "buku": buku,
            "dari": dari,
            "sampai": sampai,
            "semua_akun": list(Akun.objects.filter(lkm=lkm).order_by("kode")),
        },
        kolom=[
            Kolom("Tanggal", "tanggal"),
            Kolom("Nomor"),
            Kolom("Uraian"),
            Kolom("Debit", "uang"),
            Kolom("Kredit", "uang"),
            Kolom("Saldo", "uang"),
        ],
        baris=excel,
    )


def _slug(lkm: LKM) -> str:
    return lkm.desa.nama.lower().replace(" ", "-")
