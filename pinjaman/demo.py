"""Demo loans for the Jiwan KSMs (2018-2019), through the same services staff use, with arrears in every
class.

Every active pinjaman bergulir KSM has a running loan on 30 November 2019 with all its members borrowing (the
published 418 KSM and 2.190 borrowers), including KSM Laris Jaya's 6 x Rp 500.000 over 10 months.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from kotaku.models import LKM, Pengguna, Peran
from kotaku.tanggal import tambah_bulan
from ksm.models import KSM
from pinjaman import services
from pinjaman.models import Angsuran, BagianPinjaman, Pinjaman
from pinjaman.services import BagianDiminta

PER = date(2019, 11, 30)

# behaviour -> instalments left unpaid at the end (0 = pays everything due); weights give a realistic
# portfolio
PERILAKU = [(0, 70), (1, 9), (2, 5), (4, 6), (5, 3), (7, 3), (8, 2), (10, 2)]


def _petugas(lkm: LKM) -> dict[str, Pengguna]:
    """Inactive system users per role for the demo postings of an LKM (they cannot log in)."""
    hasil: dict[str, Pengguna] = {}
    for peran in (Peran.PETUGAS_PINJAMAN, Peran.MANAJER_UPK, Peran.PENGURUS_LKM, Peran.KASIR):
        user, dibuat = Pengguna.objects.get_or_create(
            username=f"demo-{peran}-{lkm.pk}",
            defaults={"peran": peran, "is_active": False, "first_name": "Demo", "last_name": peran},
        )
        if dibuat:
            user.lkm.add(lkm)
        hasil[peran] = user
    return hasil


def _pinjaman(
    ksm: KSM,
    orang: dict[str, Pengguna],
    *,
    cair: date,
    jangka: int,
    pokok: int,
    kunci: str,
    lewat_pengajuan: bool,
) -> Pinjaman:
    """Laris Jaya goes through every check; the others were approved on paper before the LKM used kotaku
    (their meeting history before mid-2019 is not in the demo), so they enter as approved records and are then
    disbursed and repaid through the same services."""
    anggota = [
        k.anggota for k in ksm.keanggotaan.filter(tanggal_keluar__isnull=True).select_related("anggota")
    ]
    if lewat_pengajuan:
        p = services.ajukan_pinjaman(
            ksm=ksm,
            tanggal_pengajuan=cair,
            jangka_bulan=jangka,
            frekuensi="bulanan",
            bagian=[BagianDiminta(a, pokok) for a in anggota],
            oleh=orang[Peran.PETUGAS_PINJAMAN],
        )
        services.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK], catatan="Survei usaha anggota")
        services.setujui(pinjaman=p, oleh=orang[Peran.PENGURUS_LKM], catatan="Rapat pengurus")
    else:
        p = Pinjaman.objects.create(
            lkm=ksm.lkm,
            ksm=ksm,
            status="disetujui",
            tanggal_pengajuan=cair,
            jangka_bulan=jangka,
            frekuensi="bulanan",
            metode_jasa="flat",
            jasa_persen_per_bulan=Decimal("1.5"),
            pokok=pokok * len(anggota),
            diajukan_oleh=orang[Peran.PETUGAS_PINJAMAN],
            diverifikasi_oleh=orang[Peran.MANAJER_UPK],
            disetujui_oleh=orang[Peran.PENGURUS_LKM],
            catatan_persetujuan="Disetujui sebelum memakai kotaku",
        )
        BagianPinjaman.objects.bulk_create(
            [BagianPinjaman(pinjaman=p, anggota=a, pokok=pokok) for a in anggota]
        )
    return services.cairkan(pinjaman=p, tanggal=cair, kunci=kunci, oleh=orang[Peran.KASIR])


def _bayar_sampai(p: Pinjaman, orang: dict[str, Pengguna], *, tidak_dibayar: int) -> None:
    """Pay each KSM instalment on its due date, leaving the last `tidak_dibayar` due ones unpaid."""
    per_ke = list(
        Angsuran.objects.filter(pinjaman=p, jatuh_tempo__lte=PER)
        .values("ke", "jatuh_tempo")
        .annotate(pokok=Sum("pokok"), jasa=Sum("jasa"))
        .order_by("ke")
    )
    for a in per_ke[: max(0, len(per_ke) - tidak_dibayar)]:
        services.catat_pembayaran(
            pinjaman=p,
            tanggal=a["jatuh_tempo"],
            jumlah=a["pokok"] + a["jasa"],
            kunci=f"demo-{p.pk}-{a['ke']}",
            oleh=orang[Peran.KASIR],
        )


def buat_demo_pinjaman() -> int:
    """One running loan per active PB KSM of Jiwan; idempotent. Returns loans created."""
    if Pinjaman.objects.filter(lkm__desa__kecamatan__nama="Jiwan").exists():
        return 0
    acak = random.Random(2019)
    dibuat = 0
    for lkm in LKM.objects.filter(desa__kecamatan__nama="Jiwan").order_by("desa__nama"):
        orang = _petugas(lkm)
        for ksm in KSM.objects.filter(lkm=lkm, jenis="pinjaman_bergulir", status="aktif").order_by("pk"):
            if ksm.nama.endswith("Laris Jaya"):
                p = _pinjaman(
                    ksm,
                    orang,
                    cair=date(2019, 3, 4),
                    jangka=10,
                    pokok=500_000,
                    kunci=f"demo-cair-{ksm.pk}",
                    lewat_pengajuan=True,
                )
                _bayar_sampai(p, orang, tidak_dibayar=0)
                dibuat += 1
                continue
            tunggak = acak.choices([t for t, _ in PERILAKU], weights=[w for _, w in PERILAKU])[0]
            if tunggak >= 10:
                cair, jangka = date(2018, 12, acak.randint(1, 28)), 12
            else:
                jangka = acak.choice([10, 12])
                cair = tambah_bulan(
                    PER, -min(jangka - 1, tunggak + acak.randint(1, 3)), hari=acak.randint(1, 28)
                )
            pokok = acak.choice([500_000, 750_000, 1_000_000])
            p = _pinjaman(
                ksm,
                orang,
                cair=cair,
                jangka=jangka,
                pokok=pokok,
                kunci=f"demo-cair-{ksm.pk}",
                lewat_pengajuan=False,
            )
            _bayar_sampai(p, orang, tidak_dibayar=tunggak)
            dibuat += 1
    return dibuat
