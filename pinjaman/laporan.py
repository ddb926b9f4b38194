"""Report builders of loans: Laporan Kolektibilitas (LU-02), Register Pinjaman (LU-04), Laporan Perkembangan
Pinjaman and Kartu Pinjaman (U6). Each is a plain function `(lkm or loan, dates) -> Laporan` with no
request."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Sum

from kotaku.dokumen import Kolom, Laporan
from kotaku.models import LKM
from kotaku.tanggal import format_bulan, format_tanggal
from pinjaman.models import Angsuran, BagianPinjaman, Pinjaman
from pinjaman.selectors import laporan_kolektibilitas, perkembangan_pinjaman, register_pinjaman


def _slug(lkm: LKM) -> str:
    return lkm.desa.nama.lower().replace(" ", "-")


def laporan_lu02(*, lkm: LKM, per: date) -> Laporan:
    """LU-02: outstanding by class, LAR, PAR, required and booked reserve."""
    lap = laporan_kolektibilitas(lkm=lkm, per=per)
    baris: list[list[Any]] = [
        [
            f"Kol {k.kelas}",
            k.nama,
            k.jumlah_pinjaman,
            k.sisa_pokok,
            k.tunggakan_pokok,
            k.bobot_persen,
            k.cadangan,
        ]
        for k in lap.kelas
    ]
    baris += [
        ["", "Jumlah", lap.total_pinjaman, lap.total_sisa_pokok, None, None, lap.cadangan_wajib],
        ["", "LAR (KSM menunggak >= 3 bulan / KSM aktif)", None, None, None, lap.lar * 100, None],
        ["", "PAR (sisa pokok menunggak >= 3 bulan / total)", None, None, None, lap.par * 100, None],
        ["", "Cadangan tercatat (12010)", None, None, None, None, lap.cadangan_tercatat],
    ]
    return Laporan(
        judul="Laporan Kolektibilitas (LU-02)",
        template="pinjaman/kolektibilitas",
        nama_berkas=f"lu02-{_slug(lkm)}-{per}",
        periode=f"Per {format_tanggal(per)}",
        lkm=lkm,
        data={"lap": lap, "per": per},
        kolom=[
            Kolom("Kelas"),
            Kolom("Nama"),
            Kolom("Jumlah pinjaman", "angka"),
            Kolom("Sisa pokok", "uang"),
            Kolom("Tunggakan pokok", "uang"),
            Kolom("Bobot / rasio", "persen"),
            Kolom("Cadangan", "uang"),
        ],
        baris=baris,
    )


def laporan_lu04(*, lkm: LKM, per: date) -> Laporan:
    """LU-04 Register Pinjaman: every disbursed loan with its position as of `per`."""
    baris = register_pinjaman(lkm=lkm, per=per)
    total_pokok = sum(b["p"].pokok for b in baris)
    total_sisa = sum(b["posisi"].sisa_pokok for b in baris)
    return Laporan(
        judul="Register Pinjaman (LU-04)",
        template="pinjaman/register",
        nama_berkas=f"lu04-{_slug(lkm)}-{per}",
        periode=f"Per {format_tanggal(per)}",
        lkm=lkm,
        orientasi="landscape",
        data={"baris": baris, "per": per, "total_pokok": total_pokok, "total_sisa": total_sisa},
        kolom=[
            Kolom("No", "angka"),
            Kolom("KSM"),
            Kolom("Desa"),
            Kolom("Cair", "tanggal"),
            Kolom("Pokok", "uang"),
            Kolom("Jangka (bulan)", "angka"),
            Kolom("Sisa pokok", "uang"),
            Kolom("Tunggakan pokok", "uang"),
            Kolom("Tunggakan jasa", "uang"),
            Kolom("Kol", "angka"),
        ],
        baris=[
            [
                b["p"].pk,
                b["p"].ksm.nama,
                b["p"].ksm.desa.nama,
                b["p"].tanggal_cair,
                b["p"].pokok,
                b["p"].jangka_bulan,
                b["posisi"].sisa_pokok,
                b["posisi"].tunggakan_pokok,
                b["posisi"].tunggakan_jasa,
                b["posisi"].kolektibilitas,
            ]
            for b in baris
        ]
        + [["", "Jumlah", None, None, total_pokok, None, total_sisa, None, None, None]],
    )


def laporan_perkembangan(*, lkm: LKM, tahun: int, bulan: int) -> Laporan:
    """Laporan Perkembangan Pinjaman: realised and repaid up to last month, this month, up to this month."""
    pk = perkembangan_pinjaman(lkm=lkm, tahun=tahun, bulan=bulan)
    return Laporan(
        judul="Laporan Perkembangan Pinjaman",
        template="pinjaman/perkembangan",
        nama_berkas=f"perkembangan-{_slug(lkm)}-{tahun}-{bulan:02d}",
        periode=format_bulan(tahun, bulan),
        lkm=lkm,
        data={"pk": pk},
        kolom=[
            Kolom("Uraian"),
            Kolom("s.d. bulan lalu", "uang"),
            Kolom("Bulan ini", "uang"),
            Kolom("s.d. bulan ini", "uang"),
        ],
        baris=[
            ["Realisasi pinjaman", pk.realisasi_lalu, pk.realisasi_ini, pk.realisasi_sd],
            ["Pengembalian pokok", pk.pokok_lalu, pk.pokok_ini, pk.pokok_sd],
            ["Jasa diterima", pk.jasa_lalu, pk.jasa_ini, pk.jasa_sd],
            ["Saldo pinjaman", None, None, pk.saldo],
        ],
    )


def laporan_kartu(*, pinjaman: Pinjaman, bagian: BagianPinjaman) -> Laporan:
    """Kartu Pinjaman (U6) of one member: every instalment and what was paid of it."""
    baris = list(
        Angsuran.objects.filter(bagian=bagian)
        .order_by("versi", "ke")
        .annotate(dibayar_pokok=Sum("rincian__pokok"), dibayar_jasa=Sum("rincian__jasa"))
    )
    return Laporan(
        judul=f"Kartu Pinjaman (U6) {bagian.anggota.nama}",
        template="pinjaman/kartu",
        nama_berkas=f"kartu-pinjaman-{pinjaman.pk}-{bagian.anggota_id}",
        periode=f"{pinjaman.ksm.nama} · pinjaman #{pinjaman.pk}",
        lkm=pinjaman.lkm,
        data={"p": pinjaman, "bagian": bagian, "baris": baris},
        kolom=[
            Kolom("Versi", "angka"),
            Kolom("Ke", "angka"),
            Kolom("Jatuh tempo", "tanggal"),
            Kolom("Pokok", "uang"),
            Kolom("Jasa", "uang"),
            Kolom("Dibayar pokok", "uang"),
            Kolom("Dibayar jasa", "uang"),
        ],
        baris=[
            [a.versi, a.ke, a.jatuh_tempo, a.pokok, a.jasa, a.dibayar_pokok or 0, a.dibayar_jasa or 0]
            for a in baris
        ],
    )
