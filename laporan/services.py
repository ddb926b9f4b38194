"""Writes of the reports floor that no person triggers: the monthly snapshots (a cache of
`laporan.kinerja.fakta_bulanan`) and the monthly store of every active KSM's maturity proposal.

Year-end actions: the surplus allocation (a pembuku's draft, the board's decision) and its payouts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from kotaku.akses import wajib_boleh
from kotaku.buku import akun
from kotaku.buku.services import Baris, posting_jurnal
from kotaku.errors import KesalahanDomain, KonflikStatus
from kotaku.log import catat
from kotaku.models import LKM, Pengguna
from kotaku.tanggal import akhir_bulan, format_tanggal, hari_ini
from kotaku.uang import format_rupiah
from ksm.models import KSM, UsulanTahapBulanan
from ksm.selectors import syarat_ksm_aktif
from laporan.alokasi_surplus import NAMA_POS, BagianTidakSah, HasilAlokasi, bagi_surplus
from laporan.kinerja import KOLOM_FAKTA, FaktaBulanan, fakta_bulanan, wajib_akhir_bulan
from laporan.models import POS, AlokasiSurplus, PembayaranAlokasi, PosTerutang, SnapshotBulanan, StatusAlokasi
from laporan.selectors import jurnal_penutup, surplus_tahun, terutang
from laporan.tahap import usulan_tahap_banyak

UKURAN_POTONGAN = 300
"""LKMs computed per batch: a kabupaten at a time keeps each statement's working set small."""

UKURAN_POTONGAN_KSM = 2_000
"""KSMs per fact query: a kabupaten is done in a few constant-size rounds."""


def simpan_snapshot(*, lkm_ids: Iterable[int], per: date, oleh: Any = None) -> int:
    """Compute and store each LKM's snapshot as of the month end `per`; recomputing replaces the month's row
    (INSERT .. ON CONFLICT (lkm, per) DO UPDATE), so a retried task or a re-closed month never duplicates.
    Returns the number of rows written."""
    wajib_boleh(oleh, "laporan.snapshot")
    wajib_akhir_bulan(per)
    ids = sorted(set(lkm_ids))
    ditulis = 0
    for mulai in range(0, len(ids), UKURAN_POTONGAN):
        fakta = fakta_bulanan(lkm_ids=ids[mulai : mulai + UKURAN_POTONGAN], per=per)
        ditulis += _tulis(fakta, per)
    catat("laporan.snapshot", oleh=oleh, per=per.isoformat(), jumlah_lkm=ditulis)
    return ditulis


@transaction.atomic
def _tulis(fakta: dict[int, FaktaBulanan], per: date) -> int:
    sekarang = timezone.now()
    baris = [
        SnapshotBulanan(lkm_id=lkm_id, per=per, dihitung_pada=sekarang, **f.sebagai_dict())
        for lkm_id, f in fakta.items()
    ]
    SnapshotBulanan.objects.bulk_create(
        baris,
        update_conflicts=True,
        unique_fields=["lkm", "per"],
        update_fields=["dihitung_pada", *KOLOM_FAKTA],
    )
    return len(baris)


def perbarui_setelah_tutup_bulan(lkm_id: int, tahun: int, bulan: int) -> None:
    """After a month is closed (again): its snapshot and every later one already stored are recomputed, since
    balances, year-to-date and cumulative figures of later months include the closed month."""
    per = akhir_bulan(date(tahun, bulan, 1))
    bulan_lain = SnapshotBulanan.objects.filter(lkm_id=lkm_id, per__gt=per).values_list("per", flat=True)
    for tanggal in sorted({per, *bulan_lain}):
        simpan_snapshot(lkm_ids=[lkm_id], per=tanggal)


def simpan_usulan_bulanan(*, per: date) -> int:
    """Store the proposal of every KSM active at the month end `per`; returns how many were new.

    Idempotent: a KSM already stored for the month keeps its first row (unique per KSM and month, inserts
    that collide are skipped, and the rows are append-only), so a re-run or a retried task changes nothing.
    """
    if per != akhir_bulan(per):
        raise ValueError(f"Usulan bulanan disimpan per akhir bulan, bukan {per}.")
    ids = list(
        KSM.objects.filter(syarat_ksm_aktif(per))
        .exclude(usulan_bulanan__per=per)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    baru = 0
    for mulai in range(0, len(ids), UKURAN_POTONGAN_KSM):
        potongan = ids[mulai : mulai + UKURAN_POTONGAN_KSM]
        usulan = usulan_tahap_banyak(potongan, per)
        with transaction.atomic():
            sebelum = UsulanTahapBulanan.objects.filter(ksm_id__in=potongan, per=per).count()
            UsulanTahapBulanan.objects.bulk_create(
                [
                    UsulanTahapBulanan(
                        ksm_id=ksm_id,
                        per=per,
                        skor=[i.skor for i in hasil.indikator],
                        total=hasil.total,
                        tahap=hasil.tahap,
                    )
                    for ksm_id, hasil in sorted(usulan.items())
                ],
                ignore_conflicts=True,
            )
            baru += UsulanTahapBulanan.objects.filter(ksm_id__in=potongan, per=per).count() - sebelum
    return baru


AKUN_POS = {
    "pemupukan_modal": akun.PEMUPUKAN_MODAL,
    "lingkungan": akun.DANA_LINGKUNGAN,
    "sosial": akun.DANA_SOSIAL,
    "insentif": akun.INSENTIF_TERUTANG,
    "cadangan": akun.CADANGAN_UMUM,
}
"""Where each line of the decision goes (DOMAIN.md §7): equity for capital and reserve, owed for the rest."""
URAIAN_POS = {
    "lingkungan": "dana lingkungan",
    "sosial": "dana sosial",
    "insentif": "insentif pengelola/pengawas",
}


def hitung_alokasi(*, lkm: LKM, tahun: int, bagian: Mapping[str, object]) -> HasilAlokasi:
    """The split of a closed year's surplus; refuses an open year, a deficit and shares not summing to 100."""
    if jurnal_penutup(lkm=lkm, tahun=tahun) is None:
        raise KonflikStatus(
            f"Buku tahun {tahun} belum ditutup; pembuku menutup tahun dulu (Tutup buku tahunan), baru "
            "surplusnya dialokasikan."
        )
    surplus = surplus_tahun(lkm=lkm, tahun=tahun).surplus
    if surplus <= 0:
        keadaan = f"defisit {format_rupiah(-surplus)}" if surplus < 0 else "surplus Rp 0"
        raise KonflikStatus(
            f"Tahun {tahun} {lkm.nama} berakhir dengan {keadaan}; tidak ada surplus yang dialokasikan."
        )
    try:
        return bagi_surplus(surplus, bagian)
    except BagianTidakSah as exc:
        raise KesalahanDomain(exc.pesan, errors=exc.errors) from exc


def _isi(alokasi: AlokasiSurplus, hasil: HasilAlokasi) -> None:
    alokasi.surplus = hasil.surplus
    for pos in POS:
        setattr(alokasi, f"bagian_{pos}", hasil.bagian[pos])
        setattr(alokasi, f"jumlah_{pos}", hasil.jumlah[pos])


def _yang_ada(lkm: LKM, tahun: int) -> AlokasiSurplus | None:
    LKM.objects.select_for_update().filter(pk=lkm.pk).first()  # one decision at a time per LKM
    ada = AlokasiSurplus.objects.filter(lkm=lkm, tahun=tahun).first()
    if ada is not None and ada.ditetapkan:
        raise KonflikStatus(
            f"Surplus tahun {tahun} {lkm.nama} sudah dialokasikan (keputusan {ada.nomor_keputusan}, "
            f"{format_tanggal(ada.tanggal_keputusan)})."
        )
    return ada


@transaction.atomic
def simpan_draf_alokasi(
    *,
    lkm: LKM,
    tahun: int,
    bagian: Mapping[str, object],
    oleh: Pengguna,
    nomor_keputusan: str = "",
    tanggal_keputusan: date | None = None,
    rapat: str = "",
) -> AlokasiSurplus:
    """The pembuku prepares the allocation with its amounts for the board to decide; saving again replaces
    the draft. Nothing is posted."""
    wajib_boleh(oleh, "surplus.draf")
    ada = _yang_ada(lkm, tahun)
    hasil = hitung_alokasi(lkm=lkm, tahun=tahun, bagian=bagian)
    draf = ada or AlokasiSurplus(lkm=lkm, tahun=tahun)
    _isi(draf, hasil)
    draf.nomor_keputusan, draf.tanggal_keputusan, draf.rapat = (
        nomor_keputusan.strip(),
        tanggal_keputusan,
        rapat,
    )
    draf.dibuat_oleh, draf.dibuat_pada = oleh, timezone.now()
    draf.save()
    catat("surplus.draf", oleh=oleh, lkm=lkm, tahun=tahun, surplus=hasil.surplus, jumlah=hasil.jumlah)
    return draf


@transaction.atomic
def tetapkan_alokasi(
    *,
    lkm: LKM,
    tahun: int,
    nomor_keputusan: str,
    tanggal_keputusan: date,
    oleh: Pengguna,
    rapat: str = "",
    bagian: Mapping[str, object] | None = None,
) -> AlokasiSurplus:
    """The LKM board records its decision and the allocation is posted at once: debit 31030 for the surplus,
    credit 31031 / 21031 / 21032 / 21040 / 31032 on the decision date. Without `bagian` the board confirms the
    pembuku's draft; whoever drafted may not also decide."""
    wajib_boleh(oleh, "surplus.alokasi")
    errors = []
    if not nomor_keputusan.strip():
        errors.append({"field": "nomor_keputusan", "message": "Nomor keputusan wajib diisi."})
    if tanggal_keputusan <= date(tahun, 12, 31):
        errors.append(
            {
                "field": "tanggal_keputusan",
                "message": f"Keputusan atas surplus {tahun} diambil setelah tahun itu berakhir.",
            }
        )
    elif tanggal_keputusan > hari_ini():
        errors.append(
            {
                "field": "tanggal_keputusan",
                "message": f"Tanggal {format_tanggal(tanggal_keputusan)} belum terjadi.",
            }
        )
    if errors:
        raise KesalahanDomain(" ".join(e["message"] for e in errors), errors=errors)
    ada = _yang_ada(lkm, tahun)
    if ada is not None and ada.dibuat_oleh_id == oleh.pk:
        raise KesalahanDomain("Draf ini Anda buat sendiri; keputusan ditetapkan oleh pengurus LKM yang lain.")
    if bagian is None:
        if ada is None:
            raise KesalahanDomain(
                "Belum ada draf alokasi; isi bagian setiap pos.",
                errors=[{"field": "bagian", "message": "Isi bagian setiap pos."}],
            )
        bagian = ada.bagian
    hasil = hitung_alokasi(lkm=lkm, tahun=tahun, bagian=bagian)
    alokasi = ada or AlokasiSurplus(lkm=lkm, tahun=tahun, dibuat_oleh=oleh)
    _isi(alokasi, hasil)
    alokasi.nomor_keputusan, alokasi.tanggal_keputusan = nomor_keputusan.strip(), tanggal_keputusan
    alokasi.rapat = rapat.strip()
    alokasi.save()  # still a draft row: the append-only rule holds from the status change below
    baris = [Baris(akun.SURPLUS_DITAHAN, debit=hasil.surplus)]
    baris += [Baris(AKUN_POS[pos], kredit=hasil.jumlah[pos]) for pos in POS if hasil.jumlah[pos]]
    jurnal = posting_jurnal(
        lkm=lkm,
        tanggal=tanggal_keputusan,
        uraian=f"Alokasi surplus {tahun} (keputusan {alokasi.nomor_keputusan})",
        baris=baris,
        sumber=alokasi,
        kunci=f"alokasi-surplus-{tahun}",
        oleh=oleh,
    )
    alokasi.status, alokasi.jurnal = StatusAlokasi.DITETAPKAN, jurnal
    alokasi.ditetapkan_oleh, alokasi.ditetapkan_pada = oleh, timezone.now()
    alokasi.save(update_fields=["status", "jurnal", "ditetapkan_oleh", "ditetapkan_pada"])
    catat(
        "surplus.ditetapkan",
        oleh=oleh,
        lkm=lkm,
        tahun=tahun,
        surplus=hasil.surplus,
        jumlah=hasil.jumlah,
        nomor=jurnal.nomor,
        keputusan=alokasi.nomor_keputusan,
    )
    return alokasi


@transaction.atomic
def bayar_alokasi(
    *,
    alokasi: AlokasiSurplus,
    pos: str,
    tanggal: date,
    jumlah: int,
    akun_kas: str,
    penerima: str,
    kunci: str,
    oleh: Pengguna,
    uraian: str = "",
) -> PembayaranAlokasi:
    """Pay out (part of) a liability the decision created: debit 21031 / 21032 / 21040, credit kas or bank,
    its own journal; never more than is still owed. The same `kunci` again returns the payout recorded."""
    wajib_boleh(oleh, "surplus.bayar")
    alokasi = AlokasiSurplus.objects.select_for_update().select_related("lkm").get(pk=alokasi.pk)
    if ada := PembayaranAlokasi.objects.filter(alokasi=alokasi, kunci=kunci).first():
        return ada
    if not alokasi.ditetapkan:
        raise KonflikStatus(
            "Alokasi ini masih draf; yang dibayar hanya alokasi yang sudah ditetapkan pengurus."
        )
    errors: list[dict[str, str]] = []
    if pos not in PosTerutang.values:
        errors.append({"field": "pos", "message": "Pilih dana lingkungan, dana sosial atau insentif."})
    if akun_kas not in akun.KAS_BANK:
        errors.append({"field": "akun_kas", "message": "Pilih akun kas atau bank."})
    if not isinstance(jumlah, int) or isinstance(jumlah, bool) or jumlah <= 0:
        errors.append({"field": "jumlah", "message": "Jumlah harus lebih dari Rp 0."})
    if not penerima.strip():
        errors.append({"field": "penerima", "message": "Penerima wajib diisi."})
    assert alokasi.tanggal_keputusan is not None
    if tanggal > hari_ini() or tanggal < alokasi.tanggal_keputusan:
        errors.append(
            {
                "field": "tanggal",
                "message": f"Tanggal harus antara {format_tanggal(alokasi.tanggal_keputusan)} dan hari ini.",
            }
        )
    if errors:
        raise KesalahanDomain(" ".join(e["message"] for e in errors), errors=errors)
    sisa = terutang(alokasi)[pos]
    if jumlah > sisa:
        pesan = (
            f"{NAMA_POS[pos]} yang masih terutang {format_rupiah(sisa)}; {format_rupiah(jumlah)} melebihinya."
        )
        raise KesalahanDomain(pesan, errors=[{"field": "jumlah", "message": pesan}])
    jurnal = posting_jurnal(
        lkm=alokasi.lkm,
        tanggal=tanggal,
        uraian=(uraian or f"Penyaluran {URAIAN_POS[pos]} alokasi surplus {alokasi.tahun} ke {penerima}")[
            :255
        ],
        baris=[Baris(AKUN_POS[pos], debit=jumlah), Baris(akun_kas, kredit=jumlah)],
        kunci=f"alokasi-bayar-{alokasi.pk}-{kunci}",
        oleh=oleh,
    )
    bayar = PembayaranAlokasi.objects.create(
        alokasi=alokasi,
        lkm=alokasi.lkm,
        pos=pos,
        tanggal=tanggal,
        jumlah=jumlah,
        akun_kas=akun_kas,
        penerima=penerima.strip(),
        uraian=jurnal.uraian,
        kunci=kunci,
        jurnal=jurnal,
        dibuat_oleh=oleh,
    )
    catat(
        "surplus.dibayar", oleh=oleh, lkm=alokasi.lkm, kunci=kunci, pos=pos, jumlah=jumlah, nomor=jurnal.nomor
    )
    return bayar
