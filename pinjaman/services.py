"""Loan actions: apply, verify, approve, reject, disburse, record a payment, reverse a payment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from kotaku.akses import wajib_boleh
from kotaku.buku import akun
from kotaku.buku.models import Jurnal
from kotaku.buku.services import Baris, balik_jurnal, posting_jurnal
from kotaku.errors import KesalahanDomain, KonflikStatus
from kotaku.models import LKM, Pengguna
from kotaku.selectors import kebijakan_berlaku
from kotaku.tanggal import format_tanggal, hari_ini
from kotaku.uang import format_rupiah
from ksm.kelayakan import cek_kelayakan
from ksm.models import KSM, Anggota, Keanggotaan
from pinjaman.alokasi import PembayaranDitolak, alokasikan, batas_tagih
from pinjaman.jadwal import hitung_jadwal
from pinjaman.models import (
    Angsuran,
    BagianPinjaman,
    HapusBuku,
    JadwalUlang,
    Pembayaran,
    Pemulihan,
    Pinjaman,
    RincianPembayaran,
    StatusPinjaman,
)
from pinjaman.selectors import (
    AngsuranTerbuka,
    pinjaman_berjalan_ksm,
    posisi_pinjaman,
    sebelum_bayar,
    sisa_per_angsuran,
    tagihan_dari,
)

BERJALAN = (StatusPinjaman.DICAIRKAN,)


class PinjamanTidakLayak(KesalahanDomain):
    """An application refused; `errors` names every failed rule."""


@dataclass(frozen=True)
class BagianDiminta:
    anggota: Anggota
    pokok: int


@transaction.atomic
def ajukan_pinjaman(
    *,
    ksm: KSM,
    tanggal_pengajuan: date,
    jangka_bulan: int,
    frekuensi: str,
    bagian: list[BagianDiminta],
    oleh: Pengguna,
    metode_jasa: str | None = None,
    jasa_persen: Decimal | None = None,
    kunci: str | None = None,
) -> Pinjaman:
    """An application for all members of an eligible KSM; every failed rule is named. With `kunci`, a repeated
    submission returns the application already recorded."""
    wajib_boleh(oleh, "pinjaman.ajukan")
    KSM.objects.select_for_update().filter(pk=ksm.pk).first()
    if kunci and (ada := Pinjaman.objects.filter(ksm=ksm, kunci_pengajuan=kunci).first()):
        return ada
    kebijakan = kebijakan_berlaku(lkm=ksm.lkm, tanggal=tanggal_pengajuan)
    galat: list[dict[str, str]] = []

    def salah(field: str, pesan: str) -> None:
        galat.append({"field": field, "message": pesan})

    if tanggal_pengajuan > hari_ini():
        salah("tanggal_pengajuan", "Tanggal pengajuan tidak boleh di masa depan.")
    metode = metode_jasa or kebijakan.metode_jasa
    rate = kebijakan.jasa_persen_per_bulan if jasa_persen is None else Decimal(jasa_persen)
    if not kebijakan.jangka_min_bulan <= jangka_bulan <= kebijakan.jangka_maks_bulan:
        salah(
            "jangka_bulan",
            f"Jangka {jangka_bulan} bulan di luar kebijakan "
            f"({kebijakan.jangka_min_bulan}-{kebijakan.jangka_maks_bulan} bulan).",
        )
    if not kebijakan.jasa_persen_min <= rate <= kebijakan.jasa_persen_maks:
        salah(
            "jasa_persen_per_bulan",
            f"Jasa {rate}% per bulan di luar kebijakan "
            f"({kebijakan.jasa_persen_min}%-{kebijakan.jasa_persen_maks}%).",
        )
    if frekuensi not in ("bulanan", "dua_mingguan", "mingguan"):
        salah("frekuensi", "Frekuensi harus bulanan, dua_mingguan atau mingguan.")
    if metode not in ("flat", "menurun"):
        salah("metode_jasa", "Metode jasa harus flat atau menurun.")
    if not bagian:
        salah("anggota", "Isi bagian pinjaman setiap anggota.")
    ids = [b.anggota.pk for b in bagian]
    if len(set(ids)) != len(ids):
        salah("anggota", "Seorang anggota tercantum lebih dari sekali.")
    aktif = set(
        Keanggotaan.objects.filter(ksm=ksm, anggota_id__in=ids, tanggal_keluar__isnull=True).values_list(
            "anggota_id", flat=True
        )
    )
    siklus = dict(
        BagianPinjaman.objects.filter(anggota_id__in=ids, pinjaman__status__in=["dicairkan", "lunas"])
        .values("anggota_id")
        .annotate(n=Count("id"))
        .values_list("anggota_id", "n")
    )
    for b in bagian:
        ke = siklus.get(b.anggota.pk, 0) + 1
        if b.anggota.pk not in aktif:
            salah("anggota", f"{b.anggota.nama} bukan anggota aktif {ksm.nama}.")
        if not isinstance(b.pokok, int) or b.pokok <= 0:
            salah("anggota", f"Pinjaman {b.anggota.nama} harus lebih dari Rp 0.")
        elif ke == 1 and b.pokok > kebijakan.batas_siklus_pertama:
            salah(
                "anggota",
                f"Pinjaman {b.anggota.nama} {format_rupiah(b.pokok)} melebihi batas siklus pertama "
                f"{format_rupiah(kebijakan.batas_siklus_pertama)}.",
            )
        elif b.pokok > kebijakan.batas_per_anggota:
            salah(
                "anggota",
                f"Pinjaman {b.anggota.nama} {format_rupiah(b.pokok)} melebihi batas per anggota "
                f"{format_rupiah(kebijakan.batas_per_anggota)}.",
            )
    for a in cek_kelayakan(ksm, per=tanggal_pengajuan).alasan:
        salah("ksm", a)
    if not kebijakan.pinjaman_bersamaan:
        # Eligibility is judged as of the application date; a loan disbursed after that date and still
        # running today would otherwise make a back-dated application a second concurrent loan.
        for pid, cair in Pinjaman.objects.filter(
            ksm=ksm, status=StatusPinjaman.DICAIRKAN, tanggal_cair__gt=tanggal_pengajuan
        ).values_list("pk", "tanggal_cair"):
            salah(
                "ksm",
                f"KSM sudah menerima pinjaman #{pid} pada {format_tanggal(cair)}, sesudah tanggal pengajuan "
                "ini, dan pinjaman itu masih berjalan; kebijakan LKM tidak membolehkan pinjaman kedua "
                "sebelum "
                "lunas.",
            )
    if galat:
        raise PinjamanTidakLayak("Pengajuan ditolak: " + " ".join(g["message"] for g in galat), errors=galat)
    pinjaman = Pinjaman.objects.create(
        lkm=ksm.lkm,
        ksm=ksm,
        tanggal_pengajuan=tanggal_pengajuan,
        jangka_bulan=jangka_bulan,
        frekuensi=frekuensi,
        metode_jasa=metode,
        jasa_persen_per_bulan=rate,
        satuan_pembulatan=kebijakan.satuan_pembulatan,
        mode_pembulatan=kebijakan.mode_pembulatan,
        pokok=sum(b.pokok for b in bagian),
        diajukan_oleh=oleh,
        kunci_pengajuan=kunci or None,
    )
    BagianPinjaman.objects.bulk_create(
        [
            BagianPinjaman(
                pinjaman=pinjaman,
                anggota=b.anggota,
                pokok=b.pokok,
                siklus=siklus.get(b.anggota.pk, 0) + 1,
                graduasi=(
                    siklus.get(b.anggota.pk, 0) + 1 >= kebijakan.siklus_graduasi
                    or b.pokok >= kebijakan.batas_per_anggota
                ),
            )
            for b in bagian
        ]
    )
    return pinjaman


def _kunci(pinjaman: Pinjaman) -> Pinjaman:
    """Lock the loan row (only it) and read it with its LKM and KSM, which every action uses."""
    return Pinjaman.objects.select_for_update(of=("self",)).select_related("lkm", "ksm").get(pk=pinjaman.pk)


def _wajib_status(pinjaman: Pinjaman, *status: str, aksi: str) -> None:
    if pinjaman.status not in status:
        raise KonflikStatus(f"Pinjaman berstatus {pinjaman.get_status_display().lower()}; tidak bisa {aksi}.")


@transaction.atomic
def verifikasi(*, pinjaman: Pinjaman, oleh: Pengguna, catatan: str = "") -> Pinjaman:
    """The Manajer UPK verifies each member's capacity (field visit) before the board decides."""
    wajib_boleh(oleh, "pinjaman.verifikasi")
    pinjaman = _kunci(pinjaman)
    _wajib_status(pinjaman, StatusPinjaman.DIAJUKAN, aksi="diverifikasi")
    if pinjaman.diajukan_oleh_id == oleh.pk:
        raise KesalahanDomain("Verifikasi harus oleh orang yang berbeda dari yang mengajukan.")
    pinjaman.status, pinjaman.diverifikasi_oleh, pinjaman.diverifikasi_pada = (
        "diverifikasi",
        oleh,
        timezone.now(),
    )
    pinjaman.catatan_verifikasi = catatan
    pinjaman.save()
    return pinjaman


@transaction.atomic
def setujui(*, pinjaman: Pinjaman, oleh: Pengguna, catatan: str = "") -> Pinjaman:
    """Approval by the LKM board (or the Manajer where policy says so), never by the verifier."""
    wajib_boleh(oleh, "pinjaman.setujui")
    pinjaman = _kunci(pinjaman)
    kebijakan = kebijakan_berlaku(lkm=pinjaman.lkm, tanggal=hari_ini())
    if oleh.peran != kebijakan.persetujuan_oleh:
        raise PermissionDenied(
            f"Persetujuan pinjaman di LKM ini oleh {kebijakan.get_persetujuan_oleh_display()}."
        )
    _wajib_status(pinjaman, StatusPinjaman.DIVERIFIKASI, aksi="disetujui")
    if pinjaman.diverifikasi_oleh_id == oleh.pk:
        raise KesalahanDomain("Persetujuan harus oleh orang yang berbeda dari verifikator.")
    pinjaman.status, pinjaman.disetujui_oleh, pinjaman.disetujui_pada = "disetujui", oleh, timezone.now()
    pinjaman.catatan_persetujuan = catatan
    pinjaman.save()
    return pinjaman


@transaction.atomic
def tolak(*, pinjaman: Pinjaman, oleh: Pengguna, alasan: str) -> Pinjaman:
    """Rejection with a reason at any step before disbursement."""
    wajib_boleh(oleh, "pinjaman.tolak")
    if not alasan.strip():
        raise KesalahanDomain("Alasan penolakan wajib diisi.")
    pinjaman = _kunci(pinjaman)
    _wajib_status(pinjaman, "diajukan", "diverifikasi", "disetujui", aksi="ditolak")
    pinjaman.status, pinjaman.ditolak_oleh, pinjaman.ditolak_pada = "ditolak", oleh, timezone.now()
    pinjaman.alasan_penolakan = alasan.strip()
    pinjaman.save()
    return pinjaman


@transaction.atomic
def cairkan(
    *, pinjaman: Pinjaman, tanggal: date, kunci: str, oleh: Pengguna, akun_kas: str = akun.KAS
) -> Pinjaman:
    """Disburse: store each member's schedule from the disbursement date and post 11030 / kas in one
    transaction."""
    wajib_boleh(oleh, "pinjaman.cairkan")
    pinjaman = _kunci(pinjaman)
    if pinjaman.status != StatusPinjaman.DISETUJUI and pinjaman.kunci_cair == kunci:
        if pinjaman.tanggal_cair != tanggal:
            raise _kunci_terpakai(f"pencairan tanggal {format_tanggal(pinjaman.tanggal_cair)}")
        return pinjaman  # a retried request
    _wajib_status(pinjaman, StatusPinjaman.DISETUJUI, aksi="dicairkan (harus disetujui dulu)")
    if tanggal > hari_ini():
        raise KesalahanDomain(f"Tanggal pencairan {format_tanggal(tanggal)} belum terjadi.")
    if tanggal < pinjaman.tanggal_pengajuan:
        raise KesalahanDomain("Tanggal pencairan tidak boleh sebelum tanggal pengajuan.")
    if not kebijakan_berlaku(lkm=pinjaman.lkm, tanggal=tanggal).pinjaman_bersamaan:
        # The next cycle may be applied for before the current loan ends, but is disbursed only once it is
        # repaid (DOMAIN.md §3; the LKM's policy may allow two).
        berjalan = pinjaman_berjalan_ksm(ksm_id=pinjaman.ksm_id, per=tanggal, kecuali=pinjaman.pk)
        if berjalan:
            lain = berjalan[0]
            raise KesalahanDomain(
                f"Pinjaman #{lain.pinjaman_id} KSM ini masih berjalan pada {format_tanggal(tanggal)} (sisa "
                "pokok "
                f"{format_rupiah(lain.sisa_pokok)}); lunasi dulu sebelum pinjaman #{pinjaman.pk} dicairkan."
            )
    angsuran = []
    for b in pinjaman.bagian.all():
        for baris in hitung_jadwal(
            pokok=b.pokok,
            jangka_bulan=pinjaman.jangka_bulan,
            frekuensi=pinjaman.frekuensi,
            metode=pinjaman.metode_jasa,
            jasa_persen=pinjaman.jasa_persen_per_bulan,
            tanggal_cair=tanggal,
            satuan=pinjaman.satuan_pembulatan,
            mode=pinjaman.mode_pembulatan,
        ):
            angsuran.append(
                Angsuran(
                    pinjaman=pinjaman,
                    bagian=b,
                    ke=baris.ke,
                    jatuh_tempo=baris.jatuh_tempo,
                    pokok=baris.pokok,
                    jasa=baris.jasa,
                )
            )
    Angsuran.objects.bulk_create(angsuran)
    pinjaman.status, pinjaman.tanggal_cair, pinjaman.dicairkan_oleh = "dicairkan", tanggal, oleh
    pinjaman.kunci_cair, pinjaman.akun_cair = kunci, akun_kas
    pinjaman.save()
    posting_jurnal(
        lkm=pinjaman.lkm,
        tanggal=tanggal,
        uraian=f"Pencairan pinjaman {pinjaman.ksm.nama} #{pinjaman.pk}",
        baris=[Baris(akun.PINJAMAN_KSM, debit=pinjaman.pokok), Baris(akun_kas, kredit=pinjaman.pokok)],
        sumber=pinjaman,
        oleh=oleh,
    )
    return pinjaman


@dataclass(frozen=True)
class BayarAnggota:
    anggota_id: int
    jumlah: int
    dibayar_oleh_id: int | None = None  # tanggung renteng: who actually paid for this member


def _kunci_terpakai(apa: str) -> KonflikStatus:
    """The same idempotency key with a different request: refused (409), the first result stays."""
    return KonflikStatus(
        f"Kunci ini sudah dipakai untuk {apa} dengan isi berbeda; kunci yang sama hanya untuk mengulang "
        "permintaan yang sama. Tidak ada yang dicatat.",
        errors=[{"field": "kunci", "message": "Kunci sudah dipakai untuk transaksi lain."}],
    )


def _pembayaran_yang_sama(
    ada: Pembayaran, *, tanggal: date, jumlah: int, rincian: list[BayarAnggota] | None
) -> Pembayaran:
    """A retried payment (same key) must be the same payment: date, amount and, when a split is sent, what
    each member paid and who paid it. A payment first recorded without a split matches on date and amount."""
    sama = (ada.tanggal, ada.jumlah) == (tanggal, jumlah)
    if sama and rincian:
        tercatat: dict[tuple[int, int | None], int] = {}
        for anggota_id, oleh_id, pokok, jasa in ada.rincian.values_list(
            "angsuran__bagian__anggota_id", "dibayar_oleh_id", "pokok", "jasa"
        ):
            kunci_baris = (anggota_id, None if oleh_id == anggota_id else oleh_id)
            tercatat[kunci_baris] = tercatat.get(kunci_baris, 0) + int(pokok) + int(jasa)
        diminta: dict[tuple[int, int | None], int] = {}
        for r in rincian:
            if r.jumlah:
                kunci_baris = (r.anggota_id, None if r.dibayar_oleh_id == r.anggota_id else r.dibayar_oleh_id)
                diminta[kunci_baris] = diminta.get(kunci_baris, 0) + r.jumlah
        sama = tercatat == diminta
    if not sama:
        raise _kunci_terpakai(f"pembayaran {format_rupiah(ada.jumlah)} tanggal {format_tanggal(ada.tanggal)}")
    return ada


def _periksa_rincian(
    *,
    pinjaman: Pinjaman,
    tanggal: date,
    jumlah: int,
    rincian: list[BayarAnggota],
    peminjam: set[int],
    anggota_ksm: set[int],
) -> None:
    """The split of a payment per member: whole non-negative amounts summing to the payment, each for a
    borrower of this loan, each paid by that member or - tanggung renteng, which binds one group - by a member
    of the same KSM on the payment date. Any other id is refused without saying whose it is."""
    galat: list[dict[str, str]] = []
    for i, r in enumerate(rincian):
        if not isinstance(r.jumlah, int) or isinstance(r.jumlah, bool) or r.jumlah < 0:
            galat.append(
                {"field": f"rincian.{i}.jumlah", "message": "Jumlah per anggota harus rupiah bulat >= 0."}
            )
        if r.anggota_id not in peminjam:
            galat.append(
                {"field": f"rincian.{i}.anggota", "message": "Anggota ini bukan peminjam pada pinjaman ini."}
            )
        if r.dibayar_oleh_id is not None and r.dibayar_oleh_id not in anggota_ksm:
            galat.append(
                {
                    "field": f"rincian.{i}.dibayar_oleh",
                    "message": f"Pembayar harus anggota {pinjaman.ksm.nama} pada {format_tanggal(tanggal)}.",
                }
            )
    if not galat and sum(r.jumlah for r in rincian) != jumlah:
        galat.append(
            {"field": "rincian", "message": "Jumlah rincian per anggota harus sama dengan jumlah pembayaran."}
        )
    if galat:
        raise KesalahanDomain(" ".join(dict.fromkeys(g["message"] for g in galat)), errors=galat)


# A payment and its split in one statement (the ORM's two cost more Python than PostgreSQL spends on them);
# parameters by position (pgtrigger.ignore prepends one of its own to every statement).
_TULIS_PEMBAYARAN_SQL = """
WITH b AS (
    INSERT INTO pinjaman_pembayaran (pinjaman_id, lkm_id, tanggal, jumlah, pokok, jasa, akun_kas, kunci,
                                     alasan, dibuat_oleh_id, dibuat_pada)
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', %s, %s)
    RETURNING id
), r AS (
    INSERT INTO pinjaman_rincianpembayaran (pembayaran_id, angsuran_id, pinjaman_id, tanggal, pokok, jasa,
                                            versi, dibayar_oleh_id)
    SELECT b.id, x.angsuran, %s, %s, x.pokok, x.jasa, x.versi, x.oleh
      FROM b, unnest(%s::bigint[], %s::numeric[], %s::numeric[], %s::smallint[], %s::bigint[])
              AS x(angsuran, pokok, jasa, versi, oleh)
)
SELECT id FROM b
"""


def _tulis_pembayaran(bayar: Pembayaran, rincian: list[tuple[int, int, int, int, int | None]]) -> Pembayaran:
    """Insert the payment (not yet saved) and its split rows (angsuran, pokok, jasa, versi, paid by)."""
    with connection.cursor() as cur:
        cur.execute(
            _TULIS_PEMBAYARAN_SQL,
            [
                bayar.pinjaman_id,
                bayar.lkm_id,
                bayar.tanggal,
                bayar.jumlah,
                bayar.pokok,
                bayar.jasa,
                bayar.akun_kas,
                bayar.kunci,
                bayar.dibuat_oleh_id,
                bayar.dibuat_pada,
                bayar.pinjaman_id,
                bayar.tanggal,
                [r[0] for r in rincian],
                [r[1] for r in rincian],
                [r[2] for r in rincian],
                [r[3] for r in rincian],
                [r[4] for r in rincian],
            ],
        )
        bayar.pk = cur.fetchone()[0]
    bayar._state.adding, bayar._state.db = False, connection.alias
    return bayar


@transaction.atomic
def catat_pembayaran(
    *,
    pinjaman: Pinjaman,
    tanggal: date,
    jumlah: int,
    kunci: str,
    oleh: Pengguna,
    rincian: list[BayarAnggota] | None = None,
    akun_kas: str = akun.KAS,
) -> Pembayaran:
    """Record a KSM repayment: jasa first, then pokok, oldest instalment first; prepays future pokok."""
    wajib_boleh(oleh, "pinjaman.bayar")
    pinjaman = _kunci(pinjaman)
    ada, anggota_ksm = sebelum_bayar(pinjaman=pinjaman, kunci=kunci, tanggal=tanggal)
    if ada is not None:
        return _pembayaran_yang_sama(
            Pembayaran.objects.get(pk=ada), tanggal=tanggal, jumlah=jumlah, rincian=rincian
        )
    _wajib_status(pinjaman, StatusPinjaman.DICAIRKAN, aksi="menerima pembayaran")
    if not isinstance(jumlah, int) or jumlah <= 0:
        raise KesalahanDomain("Jumlah pembayaran harus lebih dari Rp 0.")
    if tanggal > hari_ini():
        raise KesalahanDomain(f"Tanggal {format_tanggal(tanggal)} belum terjadi.")
    if pinjaman.tanggal_cair and tanggal < pinjaman.tanggal_cair:
        raise KesalahanDomain(
            f"Tanggal pembayaran sebelum pencairan ({format_tanggal(pinjaman.tanggal_cair)})."
        )
    sisa = sisa_per_angsuran(pinjaman=pinjaman)
    if rincian:
        peminjam = {a.anggota_id for a, _, _ in sisa}
        _periksa_rincian(
            pinjaman=pinjaman,
            tanggal=tanggal,
            jumlah=jumlah,
            rincian=rincian,
            peminjam=peminjam,
            anggota_ksm=anggota_ksm,
        )
    # What is due at this meeting: all unpaid instalments due by the date, plus the next one when it falls
    # due within one period after it (DOMAIN.md §4).
    semua, _ = tagihan_dari(sisa)
    batas = batas_tagih(semua, tanggal=tanggal, frekuensi=pinjaman.frekuensi)
    baris_rincian: list[tuple[AngsuranTerbuka, int, int, int | None]] = []
    try:
        if rincian:
            for r in rincian:
                if r.jumlah == 0:
                    continue
                milik = [s for s in sisa if s[0].anggota_id == r.anggota_id]
                tagihan, peta = tagihan_dari(milik)
                for bagian in alokasikan(r.jumlah, tagihan, per=tanggal, batas=batas):
                    baris_rincian.append((peta[bagian.ke], bagian.pokok, bagian.jasa, r.dibayar_oleh_id))
        else:
            tagihan, peta = tagihan_dari(sisa)
            for bagian in alokasikan(jumlah, tagihan, per=tanggal, batas=batas):
                baris_rincian.append((peta[bagian.ke], bagian.pokok, bagian.jasa, None))
    except PembayaranDitolak as exc:
        raise KesalahanDomain(str(exc)) from exc
    pokok = sum(b[1] for b in baris_rincian)
    jasa = sum(b[2] for b in baris_rincian)
    bayar = _tulis_pembayaran(
        Pembayaran(
            pinjaman=pinjaman,
            lkm=pinjaman.lkm,
            tanggal=tanggal,
            jumlah=jumlah,
            pokok=pokok,
            jasa=jasa,
            akun_kas=akun_kas,
            kunci=kunci,
            dibuat_oleh=oleh,
            dibuat_pada=timezone.now(),
        ),
        [(a.id, p, j, a.versi, oleh_id) for a, p, j, oleh_id in baris_rincian if p or j],
    )
    baris = [Baris(akun_kas, debit=jumlah)]
    if pokok:
        baris.append(Baris(akun.PINJAMAN_KSM, kredit=pokok))
    if jasa:
        baris.append(Baris(akun.PENDAPATAN_JASA, kredit=jasa))
    jurnal = posting_jurnal(
        lkm=pinjaman.lkm,
        tanggal=tanggal,
        uraian=f"Angsuran {pinjaman.ksm.nama} #{pinjaman.pk}",
        baris=baris,
        sumber=bayar,
        oleh=oleh,
        sumber_baru=True,
    )
    with connection.cursor() as cur:
        cur.execute("UPDATE pinjaman_pembayaran SET jurnal_id = %s WHERE id = %s", [jurnal.pk, bayar.pk])
    bayar.jurnal_id = jurnal.pk
    if sum(p + j for _, p, j in sisa) == pokok + jasa:  # everything that was unpaid is now paid
        pinjaman.status, pinjaman.tanggal_lunas = StatusPinjaman.LUNAS, tanggal
        pinjaman.save(update_fields=["status", "tanggal_lunas"])
    return bayar


@transaction.atomic
def balik_pembayaran(
    *, pembayaran: Pembayaran, alasan: str, oleh: Pengguna, tanggal: date | None = None
) -> Pembayaran:
    """The Manajer reverses a mistaken payment with a reason: a negative payment and a reversing journal."""
    wajib_boleh(oleh, "pinjaman.koreksi")
    if not alasan.strip():
        raise KesalahanDomain("Alasan koreksi wajib diisi.")
    pinjaman = _kunci(pembayaran.pinjaman)
    if pembayaran.membalik_id or Pembayaran.objects.filter(membalik=pembayaran).exists():
        raise KonflikStatus("Pembayaran ini sudah dibalik atau merupakan pembalikan.")
    tanggal = tanggal or hari_ini()
    balik = Pembayaran.objects.create(
        pinjaman=pinjaman,
        lkm=pinjaman.lkm,
        tanggal=tanggal,
        jumlah=-pembayaran.jumlah,
        pokok=-pembayaran.pokok,
        jasa=-pembayaran.jasa,
        akun_kas=pembayaran.akun_kas,
        kunci=f"balik-{pembayaran.pk}",
        membalik=pembayaran,
        alasan=alasan.strip(),
        dibuat_oleh=oleh,
    )
    RincianPembayaran.objects.bulk_create(
        [
            RincianPembayaran(
                pembayaran=balik,
                angsuran_id=r.angsuran_id,
                pinjaman=pinjaman,
                tanggal=tanggal,
                pokok=-r.pokok,
                jasa=-r.jasa,
                versi=r.versi,
                dibayar_oleh_id=r.dibayar_oleh_id,
            )
            for r in pembayaran.rincian.all()
        ]
    )
    if pembayaran.jurnal_id:
        jurnal = balik_jurnal(
            jurnal=Jurnal.objects.get(pk=pembayaran.jurnal_id), tanggal=tanggal, alasan=alasan, oleh=oleh
        )
        Pembayaran.objects.filter(pk=balik.pk).update(jurnal_id=jurnal.pk)
    if pinjaman.status == StatusPinjaman.LUNAS:
        pinjaman.status, pinjaman.tanggal_lunas = StatusPinjaman.DICAIRKAN, None
        pinjaman.save(update_fields=["status", "tanggal_lunas"])
    return balik


@transaction.atomic
def sesuaikan_cadangan(*, lkm: Any, per: date, oleh: Pengguna | None = None) -> Jurnal | None:
    """Month-end reserve true-up: book the difference between the required and the booked reserve (51080 /
    12010). Run again for the same date (a late payment changed the classes), it books the new difference
    under a new key; with nothing changed it books nothing."""
    from pinjaman.selectors import laporan_kolektibilitas

    LKM.objects.select_for_update().filter(pk=lkm.pk).first()  # two runs for one LKM take turns
    lap = laporan_kolektibilitas(lkm=lkm, per=per)
    selisih = lap.cadangan_wajib - lap.cadangan_tercatat
    if selisih == 0:
        return None
    baris = (
        [Baris(akun.BIAYA_CADANGAN, debit=selisih), Baris(akun.CADANGAN_RISIKO, kredit=selisih)]
        if selisih > 0
        else [Baris(akun.CADANGAN_RISIKO, debit=-selisih), Baris(akun.BIAYA_CADANGAN, kredit=-selisih)]
    )
    return posting_jurnal(
        lkm=lkm,
        tanggal=per,
        uraian=f"Penyesuaian cadangan risiko pinjaman per {format_tanggal(per)}",
        baris=baris,
        kunci=_kunci_cadangan(lkm, per),
        oleh=oleh,
    )


def _kunci_cadangan(lkm: Any, per: date) -> str:
    """`cadangan-2019-07-31`, then `cadangan-2019-07-31-2` for a correction of the same month end."""
    dasar = f"cadangan-{per.isoformat()}"
    ada = Jurnal.objects.filter(lkm=lkm, kunci__startswith=dasar).count()
    return dasar if ada == 0 else f"{dasar}-{ada + 1}"


@transaction.atomic
def hapus_buku(
    *,
    pinjaman: Pinjaman,
    tanggal: date,
    nomor_keputusan: str,
    tanggal_keputusan: date,
    kunci: str,
    oleh: Pengguna,
) -> HapusBuku:
    """Write off a Kol 5 loan by board decision, against the reserve (12010 / 11030); recoveries later are
    income. The same `kunci` again returns the write-off already recorded."""
    wajib_boleh(oleh, "pinjaman.hapus_buku")
    pinjaman = _kunci(pinjaman)
    if (ada := HapusBuku.objects.filter(pinjaman=pinjaman).first()) and ada.kunci == kunci:
        if (ada.tanggal, ada.nomor_keputusan, ada.tanggal_keputusan) != (
            tanggal,
            nomor_keputusan.strip(),
            tanggal_keputusan,
        ):
            raise _kunci_terpakai(
                f"hapus buku keputusan {ada.nomor_keputusan} tanggal {format_tanggal(ada.tanggal)}"
            )
        return ada
    _wajib_status(pinjaman, StatusPinjaman.DICAIRKAN, aksi="dihapusbukukan")
    if not nomor_keputusan.strip():
        raise KesalahanDomain("Nomor keputusan pengurus LKM wajib diisi.")
    if tanggal > hari_ini() or tanggal_keputusan > tanggal:
        raise KesalahanDomain("Tanggal hapus buku tidak boleh di masa depan atau sebelum tanggal keputusan.")
    posisi = posisi_pinjaman(pinjaman=pinjaman, per=tanggal)
    if posisi is None or posisi.kolektibilitas != 5:
        kol = posisi.kolektibilitas if posisi else "-"
        raise KesalahanDomain(
            f"Hanya pinjaman Kol 5 (macet) yang boleh dihapusbukukan; pinjaman ini Kol {kol}."
        )
    hb = HapusBuku.objects.create(
        pinjaman=pinjaman,
        tanggal=tanggal,
        nomor_keputusan=nomor_keputusan.strip(),
        tanggal_keputusan=tanggal_keputusan,
        sisa_pokok=posisi.sisa_pokok,
        tunggakan_jasa=posisi.tunggakan_jasa,
        kunci=kunci,
        oleh=oleh,
    )
    posting_jurnal(
        lkm=pinjaman.lkm,
        tanggal=tanggal,
        uraian=f"Hapus buku pinjaman {pinjaman.ksm.nama} #{pinjaman.pk} (keputusan {hb.nomor_keputusan})",
        baris=[
            Baris(akun.CADANGAN_RISIKO, debit=posisi.sisa_pokok),
            Baris(akun.PINJAMAN_KSM, kredit=posisi.sisa_pokok),
        ],
        sumber=hb,
        oleh=oleh,
    )
    pinjaman.status = StatusPinjaman.DIHAPUSBUKUKAN
    pinjaman.save(update_fields=["status"])
    return hb


@transaction.atomic
def catat_pemulihan(
    *, pinjaman: Pinjaman, tanggal: date, jumlah: int, kunci: str, oleh: Pengguna
) -> Pemulihan:
    """Money recovered from a written-off loan is income (41020), up to what was written off."""
    wajib_boleh(oleh, "pinjaman.bayar")
    pinjaman = _kunci(pinjaman)
    if ada := Pemulihan.objects.filter(pinjaman=pinjaman, kunci=kunci).first():
        if (ada.tanggal, ada.jumlah) != (tanggal, jumlah):
            raise _kunci_terpakai(
                f"pemulihan {format_rupiah(ada.jumlah)} tanggal {format_tanggal(ada.tanggal)}"
            )
        return ada
    _wajib_status(pinjaman, StatusPinjaman.DIHAPUSBUKUKAN, aksi="menerima pemulihan")
    hb = pinjaman.hapus_buku
    sudah = sum(p.jumlah for p in pinjaman.pemulihan.all())
    batas = hb.sisa_pokok + hb.tunggakan_jasa - sudah
    if not isinstance(jumlah, int) or jumlah <= 0:
        raise KesalahanDomain("Jumlah pemulihan harus lebih dari Rp 0.")
    if jumlah > batas:
        raise KesalahanDomain(
            f"Pemulihan {format_rupiah(jumlah)} melebihi sisa yang dihapusbukukan {format_rupiah(batas)}."
        )
    if tanggal > hari_ini() or tanggal < hb.tanggal:
        raise KesalahanDomain("Tanggal pemulihan harus antara tanggal hapus buku dan hari ini.")
    pulih = Pemulihan.objects.create(
        pinjaman=pinjaman, tanggal=tanggal, jumlah=jumlah, kunci=kunci, oleh=oleh
    )
    posting_jurnal(
        lkm=pinjaman.lkm,
        tanggal=tanggal,
        uraian=f"Pemulihan pinjaman dihapusbukukan #{pinjaman.pk}",
        baris=[Baris(akun.KAS, debit=jumlah), Baris(akun.PENDAPATAN_NON_OPERASIONAL, kredit=jumlah)],
        sumber=pulih,
        oleh=oleh,
    )
    return pulih


@transaction.atomic
def jadwal_ulang(
    *,
    pinjaman: Pinjaman,
    mulai: date,
    jangka_bulan: int,
    nomor_keputusan: str,
    tanggal_keputusan: date,
    oleh: Pengguna,
) -> JadwalUlang:
    """Reschedule by board decision: each member's unpaid pokok over a new term from `mulai`; unpaid jasa
    already due moves into the first new instalment; the old schedule is kept as an earlier version."""
    wajib_boleh(oleh, "pinjaman.jadwal_ulang")
    pinjaman = _kunci(pinjaman)
    _wajib_status(pinjaman, StatusPinjaman.DICAIRKAN, aksi="dijadwal ulang")
    kebijakan = kebijakan_berlaku(lkm=pinjaman.lkm, tanggal=mulai)
    if not nomor_keputusan.strip():
        raise KesalahanDomain("Nomor keputusan pengurus LKM wajib diisi.")
    if not 1 <= jangka_bulan <= kebijakan.jangka_maks_bulan:
        raise KesalahanDomain(f"Jangka baru harus 1-{kebijakan.jangka_maks_bulan} bulan.")
    if mulai > hari_ini() or tanggal_keputusan > mulai:
        raise KesalahanDomain("Tanggal mulai tidak boleh di masa depan atau sebelum tanggal keputusan.")
    sisa: dict[int, tuple[int, int]] = {}
    for a, pokok, jasa in sisa_per_angsuran(pinjaman=pinjaman):
        p0, j0 = sisa.get(a.bagian_id, (0, 0))
        sisa[a.bagian_id] = (p0 + pokok, j0 + (jasa if a.jatuh_tempo <= mulai else 0))
    versi = pinjaman.versi_jadwal + 1
    baru = []
    for bagian_id, (pokok, jasa_tertunggak) in sisa.items():
        if pokok <= 0:
            continue
        for b in hitung_jadwal(
            pokok=pokok,
            jangka_bulan=jangka_bulan,
            frekuensi=pinjaman.frekuensi,
            metode=pinjaman.metode_jasa,
            jasa_persen=pinjaman.jasa_persen_per_bulan,
            tanggal_cair=mulai,
            satuan=pinjaman.satuan_pembulatan,
            mode=pinjaman.mode_pembulatan,
        ):
            baru.append(
                Angsuran(
                    pinjaman=pinjaman,
                    bagian_id=bagian_id,
                    versi=versi,
                    ke=b.ke,
                    jatuh_tempo=b.jatuh_tempo,
                    pokok=b.pokok,
                    jasa=b.jasa + (jasa_tertunggak if b.ke == 1 else 0),
                )
            )
    if not baru:
        raise KonflikStatus("Tidak ada sisa pokok untuk dijadwal ulang.")
    Angsuran.objects.bulk_create(baru)
    pinjaman.versi_jadwal = versi
    pinjaman.save(update_fields=["versi_jadwal"])
    return JadwalUlang.objects.create(
        pinjaman=pinjaman,
        versi=versi,
        berlaku_mulai=mulai,
        jangka_bulan=jangka_bulan,
        nomor_keputusan=nomor_keputusan.strip(),
        tanggal_keputusan=tanggal_keputusan,
        oleh=oleh,
    )
