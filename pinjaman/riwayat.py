"""A loan history recorded in bulk: the disbursement and the payments of many approved loans at once.

What `services.cairkan` and `services.catat_pembayaran` do one by one, with the same schedule
(`hitung_jadwal`), the same allocation (`alokasi.alokasikan`, over the unpaid instalments in the same order),
the same rows and the same journals, but with bulk inserts and one batch posting (`posting_jurnal_massal`),
so importing a UPK's years of history takes seconds. Used by the Jiwan demo and for taking over a UPK's
past loans.

Decisions taken here:
- Every loan must be approved (disetujui); a loan already disbursed with the same `kunci_cair` is skipped
  (the history was recorded before), one disbursed otherwise is refused. A refused loan or payment refuses
  the whole batch, naming it; nothing is recorded.
- Payments are applied in date order (the order given for equal dates), each allocated jasa first, then
  pokok, oldest instalment first; money beyond what is due prepays future pokok; more is refused. A payment
  that clears everything unpaid closes the loan (lunas) on its date; a payment after that is refused.
- `saldo_awal_per`: events on or before this date happened before the LKM used kotaku and are in its opening
  balance (11030 carries what was still owed): they are recorded (schedule, payments) without a journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from kotaku.akses import wajib_boleh
from kotaku.buku import akun
from kotaku.buku.services import Baris, JurnalBaru, posting_jurnal_massal
from kotaku.errors import KesalahanDomain, KonflikStatus
from kotaku.log import catat
from kotaku.massal import id_baru, perbarui_massal, simpan_massal
from kotaku.models import LKM, Pengguna
from kotaku.tanggal import format_tanggal, hari_ini
from pinjaman.alokasi import PembayaranDitolak, Tagihan, alokasikan, batas_tagih
from pinjaman.jadwal import hitung_jadwal
from pinjaman.models import (
    Angsuran,
    BagianPinjaman,
    Pembayaran,
    Pinjaman,
    RincianPembayaran,
    StatusPinjaman,
)


@dataclass(frozen=True)
class BayarRiwayat:
    tanggal: date
    jumlah: int
    kunci: str


@dataclass(frozen=True)
class RiwayatPinjaman:
    """One approved loan: when it was disbursed (and from which account) and what the KSM paid, when."""

    pinjaman: Pinjaman
    tanggal_cair: date
    kunci_cair: str
    pembayaran: list[BayarRiwayat] = field(default_factory=list)
    akun_cair: str = akun.KAS
    akun_bayar: str = akun.KAS


@dataclass(frozen=True)
class HasilRiwayat:
    pinjaman: int
    angsuran: int
    pembayaran: int
    jurnal: int


@dataclass
class _Sisa:
    angsuran: Angsuran
    pokok: int
    jasa: int


def _periksa(r: RiwayatPinjaman, p: Pinjaman) -> None:
    nama = f"pinjaman #{p.pk} {p.ksm.nama}"
    if p.status != StatusPinjaman.DISETUJUI:
        raise KonflikStatus(
            f"{nama.capitalize()} berstatus {p.get_status_display().lower()}; tidak bisa dicairkan."
        )
    if r.tanggal_cair > hari_ini() or r.tanggal_cair < p.tanggal_pengajuan:
        raise KesalahanDomain(
            f"Tanggal pencairan {nama} ({format_tanggal(r.tanggal_cair)}) harus antara tanggal pengajuan dan "
            "hari ini."
        )
    if r.akun_cair not in akun.KAS_BANK or r.akun_bayar not in akun.KAS_BANK:
        raise KesalahanDomain(f"Akun kas/bank {nama} tidak dikenal.")
    kunci = [b.kunci for b in r.pembayaran]
    if len(set(kunci)) != len(kunci):
        raise KesalahanDomain(f"Kunci pembayaran {nama} ganda.")
    for b in r.pembayaran:
        if not isinstance(b.jumlah, int) or isinstance(b.jumlah, bool) or b.jumlah <= 0:
            raise KesalahanDomain(f"Jumlah pembayaran {nama} harus lebih dari Rp 0.")
        if b.tanggal > hari_ini() or b.tanggal < r.tanggal_cair:
            raise KesalahanDomain(
                f"Pembayaran {nama} bertanggal {format_tanggal(b.tanggal)}: harus antara pencairan dan "
                "hari ini."
            )


@transaction.atomic
def catat_riwayat_pinjaman(
    *, lkm: LKM, riwayat: list[RiwayatPinjaman], oleh: Pengguna, saldo_awal_per: date | None = None
) -> HasilRiwayat:
    """Disburse approved loans and record their payments in bulk: the same schedules, allocations, rows and
    journals as cairkan and catat_pembayaran one by one, in one transaction."""
    wajib_boleh(oleh, "pinjaman.cairkan")
    wajib_boleh(oleh, "pinjaman.bayar")
    terkunci = {
        p.pk: p
        for p in Pinjaman.objects.select_for_update(of=("self",))
        .select_related("ksm")
        .filter(lkm=lkm, pk__in=[r.pinjaman.pk for r in riwayat])
    }
    kerja: list[tuple[RiwayatPinjaman, Pinjaman]] = []
    for r in riwayat:
        p = terkunci.get(r.pinjaman.pk)
        if p is None:
            raise KesalahanDomain(f"Pinjaman #{r.pinjaman.pk} bukan pinjaman {lkm.nama}.")
        if p.status != StatusPinjaman.DISETUJUI and p.kunci_cair == r.kunci_cair:
            continue  # recorded before
        _periksa(r, p)
        kerja.append((r, p))

    bagian: dict[int, list[BagianPinjaman]] = {}
    for b in BagianPinjaman.objects.filter(pinjaman__in=[p for _, p in kerja]).order_by("pk"):
        bagian.setdefault(b.pinjaman_id, []).append(b)
    angsuran: list[Angsuran] = []
    for r, p in kerja:
        for b in bagian.get(p.pk, []):
            for baris in hitung_jadwal(
                pokok=b.pokok,
                jangka_bulan=p.jangka_bulan,
                frekuensi=p.frekuensi,
                metode=p.metode_jasa,
                jasa_persen=p.jasa_persen_per_bulan,
                tanggal_cair=r.tanggal_cair,
                satuan=p.satuan_pembulatan,
                mode=p.mode_pembulatan,
            ):
                angsuran.append(
                    Angsuran(
                        pinjaman=p,
                        bagian=b,
                        ke=baris.ke,
                        jatuh_tempo=baris.jatuh_tempo,
                        pokok=baris.pokok,
                        jasa=baris.jasa,
                    )
                )
    simpan_massal(angsuran)
    per_pinjaman: dict[int, list[_Sisa]] = {}
    for a in angsuran:
        per_pinjaman.setdefault(a.pinjaman_id, []).append(_Sisa(a, a.pokok, a.jasa))
    for sisa in per_pinjaman.values():
        sisa.sort(key=lambda s: (s.angsuran.jatuh_tempo, s.angsuran.bagian_id, s.angsuran.ke))  # as the SQL

    id_bayar = iter(id_baru(Pembayaran, sum(len(r.pembayaran) for r, _ in kerja)))
    pembayaran: list[Pembayaran] = []
    rincian: list[RincianPembayaran] = []
    jurnal: list[tuple[tuple[date, int, int, int], JurnalBaru, Pembayaran | None]] = []
    for r, p in kerja:
        p.status, p.tanggal_cair, p.dicairkan_oleh = StatusPinjaman.DICAIRKAN, r.tanggal_cair, oleh
        p.kunci_cair, p.akun_cair = r.kunci_cair, r.akun_cair
        if saldo_awal_per is None or r.tanggal_cair > saldo_awal_per:
            jurnal.append(
                (
                    (r.tanggal_cair, 0, p.pk, 0),
                    JurnalBaru(
                        tanggal=r.tanggal_cair,
                        uraian=f"Pencairan pinjaman {p.ksm.nama} #{p.pk}",
                        baris=[Baris(akun.PINJAMAN_KSM, debit=p.pokok), Baris(r.akun_cair, kredit=p.pokok)],
                        sumber=p,
                    ),
                    None,
                )
            )
        sisa = per_pinjaman.get(p.pk, [])
        for urutan, byr in enumerate(sorted(r.pembayaran, key=lambda x: x.tanggal)):
            if p.status == StatusPinjaman.LUNAS:
                raise KonflikStatus(
                    f"Pinjaman #{p.pk} {p.ksm.nama} sudah lunas {format_tanggal(p.tanggal_lunas)}; "
                    f"pembayaran {format_tanggal(byr.tanggal)} tidak bisa dicatat."
                )
            tagihan, peta = [], {}
            for nomor, s in enumerate(sisa, start=1):
                if s.pokok or s.jasa:
                    tagihan.append(
                        Tagihan(ke=nomor, jatuh_tempo=s.angsuran.jatuh_tempo, pokok=s.pokok, jasa=s.jasa)
                    )
                    peta[nomor] = s
            try:
                # The horizon of the meeting, exactly as `catat_pembayaran` sets it (DOMAIN.md §4).
                batas = batas_tagih(tagihan, tanggal=byr.tanggal, frekuensi=p.frekuensi)
                bagian_bayar = alokasikan(byr.jumlah, tagihan, per=byr.tanggal, batas=batas)
            except PembayaranDitolak as exc:
                raise KesalahanDomain(
                    f"Pembayaran pinjaman #{p.pk} {p.ksm.nama} {format_tanggal(byr.tanggal)}: {exc}"
                ) from exc
            terutang = sum(s.pokok + s.jasa for s in sisa)
            bayar = Pembayaran(
                pk=next(id_bayar),
                pinjaman=p,
                lkm=lkm,
                tanggal=byr.tanggal,
                jumlah=byr.jumlah,
                pokok=sum(x.pokok for x in bagian_bayar),
                jasa=sum(x.jasa for x in bagian_bayar),
                akun_kas=r.akun_bayar,
                kunci=byr.kunci,
                dibuat_oleh=oleh,
            )
            pembayaran.append(bayar)
            for x in bagian_bayar:
                s = peta[x.ke]
                s.pokok -= x.pokok
                s.jasa -= x.jasa
                rincian.append(
                    RincianPembayaran(
                        pembayaran=bayar,
                        angsuran=s.angsuran,
                        pinjaman=p,
                        tanggal=byr.tanggal,
                        pokok=x.pokok,
                        jasa=x.jasa,
                        versi=s.angsuran.versi,
                    )
                )
            if saldo_awal_per is None or byr.tanggal > saldo_awal_per:
                baris_jurnal = [Baris(r.akun_bayar, debit=byr.jumlah)]
                if bayar.pokok:
                    baris_jurnal.append(Baris(akun.PINJAMAN_KSM, kredit=bayar.pokok))
                if bayar.jasa:
                    baris_jurnal.append(Baris(akun.PENDAPATAN_JASA, kredit=bayar.jasa))
                jurnal.append(
                    (
                        (byr.tanggal, 1, p.pk, urutan),
                        JurnalBaru(
                            tanggal=byr.tanggal,
                            uraian=f"Angsuran {p.ksm.nama} #{p.pk}",
                            baris=baris_jurnal,
                            sumber=bayar,
                        ),
                        bayar,
                    )
                )
            if terutang == bayar.pokok + bayar.jasa:  # everything that was unpaid is now paid
                p.status, p.tanggal_lunas = StatusPinjaman.LUNAS, byr.tanggal

    jurnal.sort(key=lambda j: j[0])
    diposting = posting_jurnal_massal(lkm=lkm, jurnal=[j for _, j, _ in jurnal], oleh=oleh)
    for (_, _, sumber_bayar), j in zip(jurnal, diposting, strict=True):
        if sumber_bayar is not None:
            sumber_bayar.jurnal_id = j.pk
    simpan_massal(pembayaran)
    simpan_massal(rincian)
    perbarui_massal(
        [p for _, p in kerja],
        ["status", "tanggal_cair", "dicairkan_oleh", "kunci_cair", "akun_cair", "tanggal_lunas"],
    )
    hasil = HasilRiwayat(len(kerja), len(angsuran), len(pembayaran), len(diposting))
    catat(
        "pinjaman.riwayat_dicatat",
        oleh=oleh,
        lkm=lkm,
        pinjaman=hasil.pinjaman,
        pembayaran=hasil.pembayaran,
        jurnal=hasil.jurnal,
        jumlah=sum(b.jumlah for b in pembayaran),
    )
    return hasil
