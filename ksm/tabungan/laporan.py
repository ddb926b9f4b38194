"""Report builders of group savings: Register Tabungan (LU-06) and Kartu Tabungan (U7), with no request."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from kotaku.dokumen import Kolom, Laporan
from kotaku.models import LKM
from kotaku.tanggal import format_tanggal
from ksm.models import KSM, Anggota
from ksm.selectors import kartu_tabungan, register_tabungan


def laporan_lu06(*, lkm: LKM, per: date) -> Laporan:
    """LU-06: each member's deposits, withdrawals and balance, per KSM, as of `per`."""
    baris = register_tabungan(lkm=lkm, per=per)
    kelompok = []
    for (ksm_id, ksm_nama), isi_iter in groupby(baris, key=lambda b: (b.ksm_id, b.ksm_nama)):
        isi = list(isi_iter)
        kelompok.append(
            {
                "ksm_id": ksm_id,
                "nama": ksm_nama,
                "baris": isi,
                "setoran": sum(b.setoran for b in isi),
                "penarikan": sum(b.penarikan for b in isi),
                "saldo": sum(b.saldo for b in isi),
            }
        )
    total = {
        "setoran": sum(b.setoran for b in baris),
        "penarikan": sum(b.penarikan for b in baris),
        "saldo": sum(b.saldo for b in baris),
        "anggota": len(baris),
    }
    return Laporan(
        judul="Register Tabungan KSM (LU-06)",
        template="tabungan/register",
        nama_berkas=f"register-tabungan-{lkm.desa.nama.lower().replace(' ', '-')}-{per:%Y%m%d}",
        periode=f"Per {format_tanggal(per)}",
        lkm=lkm,
        data={"per": per, "kelompok": kelompok, "total": total},
        kolom=[
            Kolom("KSM"),
            Kolom("Anggota"),
            Kolom("Setoran", "uang"),
            Kolom("Penarikan", "uang"),
            Kolom("Saldo", "uang"),
        ],
        baris=[[b.ksm_nama, b.anggota_nama, b.setoran, b.penarikan, b.saldo] for b in baris]
        + [["Jumlah", f"{total['anggota']} anggota", total["setoran"], total["penarikan"], total["saldo"]]],
    )


def laporan_u07(*, ksm: KSM, anggota: Anggota, per: date) -> Laporan:
    """Kartu Tabungan (U7): every transaction of the member with the running balance."""
    baris = list(kartu_tabungan(ksm=ksm, anggota=anggota))
    saldo = baris[-1].saldo_berjalan if baris else 0  # type: ignore[attr-defined]
    return Laporan(
        judul=f"Kartu Tabungan (U7) {anggota.nama}",
        template="tabungan/kartu",
        nama_berkas=f"kartu-tabungan-{anggota.pk}",
        periode=f"KSM {ksm.nama} · per {format_tanggal(per)}",
        lkm=ksm.lkm,
        data={"ksm": ksm, "anggota": anggota, "baris": baris, "saldo": saldo},
        kolom=[
            Kolom("Tanggal", "tanggal"),
            Kolom("Setoran", "uang"),
            Kolom("Penarikan", "uang"),
            Kolom("Saldo", "uang"),
        ],
        baris=[
            [t.tanggal, max(t.jumlah, 0), max(-t.jumlah, 0), t.saldo_berjalan]  # type: ignore[attr-defined]
            for t in baris
        ],
    )
