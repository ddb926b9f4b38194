"""Group savings money: deposits and withdrawals posted through the UPK's books in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from kotaku.akses import wajib_boleh
from kotaku.buku import akun
from kotaku.buku.services import Baris, posting_jurnal
from kotaku.errors import KesalahanDomain, KonflikStatus
from kotaku.tanggal import format_tanggal, hari_ini
from kotaku.uang import Rupiah, format_rupiah
from ksm import services as ksm_services
from ksm.models import KSM, Anggota, Pertemuan, TransaksiTabungan
from ksm.selectors import saldo_anggota, syarat_aktif


def _galat(field: str, pesan: str) -> KesalahanDomain:
    return KesalahanDomain(pesan, errors=[{"field": field, "message": pesan}])


def _posting(*, tabungan: TransaksiTabungan, oleh: Any) -> int:
    """One balanced journal: deposit = debit cash/bank, credit 21020; a withdrawal the reverse."""
    akun_uang = akun.BANK_UPK if tabungan.melalui == TransaksiTabungan.Melalui.BANK else akun.KAS
    jumlah = abs(tabungan.jumlah)
    nama = tabungan.anggota.nama
    if tabungan.membalik_id:
        keterangan = f"Koreksi tabungan {nama} ({tabungan.ksm.nama}): {tabungan.alasan}"[:255]
        if tabungan.jumlah > 0:
            baris = [
                Baris(kode_akun=akun_uang, debit=jumlah),
                Baris(kode_akun=akun.TABUNGAN_KSM, kredit=jumlah),
            ]
        else:
            baris = [
                Baris(kode_akun=akun.TABUNGAN_KSM, debit=jumlah),
                Baris(kode_akun=akun_uang, kredit=jumlah),
            ]
    elif tabungan.jumlah > 0:
        keterangan = f"Setoran tabungan {nama} ({tabungan.ksm.nama})"
        baris = [Baris(kode_akun=akun_uang, debit=jumlah), Baris(kode_akun=akun.TABUNGAN_KSM, kredit=jumlah)]
    else:
        keterangan = f"Penarikan tabungan {nama} ({tabungan.ksm.nama})"
        baris = [Baris(kode_akun=akun.TABUNGAN_KSM, debit=jumlah), Baris(kode_akun=akun_uang, kredit=jumlah)]
    jurnal = posting_jurnal(
        lkm=tabungan.ksm.lkm,
        tanggal=tabungan.tanggal,
        uraian=keterangan,
        baris=baris,
        sumber=tabungan,
        oleh=oleh if getattr(oleh, "pk", None) else None,
    )
    return int(jurnal.pk)


@transaction.atomic
def catat_tabungan(
    *,
    ksm: KSM,
    anggota: Anggota,
    tanggal: date,
    jumlah: int,
    kunci: str,
    oleh: Any,
    pertemuan: Pertemuan | None = None,
    melalui: str = TransaksiTabungan.Melalui.KAS,
) -> TransaksiTabungan:
    """Deposit (jumlah > 0) or withdraw (< 0) a member's savings; never beyond the balance; posts once per
    kunci."""
    wajib_boleh(oleh, "tabungan.tulis")
    ksm = ksm_services.kunci_ksm(ksm)
    kunci = (kunci or "").strip()
    if not kunci:
        raise _galat("kunci", "Kunci idempotensi wajib diisi.")
    if ada := TransaksiTabungan.objects.filter(ksm=ksm, kunci=kunci).first():
        if (ada.anggota_id, ada.tanggal, ada.jumlah, ada.melalui) != (anggota.pk, tanggal, jumlah, melalui):
            raise KonflikStatus(
                "Kunci ini sudah dipakai untuk transaksi tabungan lain "
                f"({format_rupiah(ada.jumlah)}, {format_tanggal(ada.tanggal)}); kunci yang sama hanya untuk "
                "mengulang permintaan yang sama. Tidak ada yang dicatat.",
                errors=[{"field": "kunci", "message": "Kunci sudah dipakai untuk transaksi lain."}],
            )
        return ada
    if isinstance(jumlah, bool) or not isinstance(jumlah, int):
        raise _galat("jumlah", "Jumlah tabungan harus rupiah bulat.")
    if jumlah == 0:
        raise _galat("jumlah", "Jumlah tabungan tidak boleh nol.")
    if melalui not in TransaksiTabungan.Melalui.values:
        raise _galat("melalui", "Tabungan melalui kas atau bank.")
    if tanggal > hari_ini():
        raise _galat(
            "tanggal", f"Tanggal {format_tanggal(tanggal)} belum terjadi; tanggal tidak boleh di masa depan."
        )
    if tanggal < ksm.tanggal_berdiri:
        raise _galat("tanggal", f"Tanggal sebelum KSM berdiri ({format_tanggal(ksm.tanggal_berdiri)}).")
    if pertemuan is not None and (pertemuan.ksm_id != ksm.pk or pertemuan.tanggal != tanggal):
        raise _galat("pertemuan", "Pertemuan itu bukan milik KSM ini atau tanggalnya berbeda.")
    anggota = Anggota.objects.get(pk=anggota.pk)
    anggota_saat_itu = ksm.keanggotaan.filter(syarat_aktif(tanggal), anggota=anggota).exists()
    if jumlah > 0 and not anggota_saat_itu:
        raise _galat(
            "anggota", f"{anggota.nama} bukan anggota KSM {ksm.nama} pada {format_tanggal(tanggal)}."
        )
    if jumlah < 0:
        if not ksm.keanggotaan.filter(anggota=anggota, tanggal_bergabung__lte=tanggal).exists():
            raise _galat(
                "anggota", f"{anggota.nama} bukan anggota KSM {ksm.nama} pada {format_tanggal(tanggal)}."
            )
        # Enough on that date and overall: a back-dated withdrawal must not make an earlier balance negative.
        saldo = min(
            saldo_anggota(ksm=ksm, anggota=anggota, per=tanggal), saldo_anggota(ksm=ksm, anggota=anggota)
        )
        if -jumlah > saldo:
            raise _galat(
                "jumlah",
                f"Saldo tabungan {anggota.sapaan} {format_rupiah(saldo)}; penarikan "
                f"{format_rupiah(-jumlah)} ditolak.",
            )
    tabungan = TransaksiTabungan.objects.create(
        ksm=ksm,
        anggota=anggota,
        pertemuan=pertemuan,
        tanggal=tanggal,
        jumlah=jumlah,
        melalui=melalui,
        kunci=kunci,
        dibuat_oleh=oleh if getattr(oleh, "pk", None) else None,
    )
    tabungan.jurnal_id = _posting(tabungan=tabungan, oleh=oleh)
    tabungan.save(update_fields=["jurnal_id"])
    tabungan.baru = True  # type: ignore[attr-defined]  # the API answers 201 only for a new record
    return tabungan


@transaction.atomic
def koreksi_tabungan(*, tabungan: TransaksiTabungan, alasan: str, oleh: Any) -> TransaksiTabungan:
    """The Manajer corrects a mistaken savings entry (a deposit typed wrong at a meeting) with a reason: an
    opposite entry pointing at it, and its own journal. Posted rows never change."""
    wajib_boleh(oleh, "tabungan.koreksi")
    if not (alasan or "").strip():
        raise _galat("alasan", "Alasan koreksi wajib diisi.")
    ksm = ksm_services.kunci_ksm(tabungan.ksm)
    asal = TransaksiTabungan.objects.select_related("anggota").get(pk=tabungan.pk)
    if asal.membalik_id or TransaksiTabungan.objects.filter(membalik=asal).exists():
        raise KonflikStatus("Transaksi ini sudah dikoreksi atau merupakan koreksi.")
    tanggal = hari_ini()  # the correction is entered today; the original keeps its own date
    if asal.jumlah > 0:
        # Taking a deposit back must not leave the member with less than nothing, now or on any later date.
        saldo = saldo_anggota(ksm=ksm, anggota=asal.anggota)
        if saldo < asal.jumlah:
            raise _galat(
                "alasan",
                f"Saldo tabungan {asal.anggota.sapaan} tinggal {format_rupiah(saldo)}; setoran "
                f"{format_rupiah(asal.jumlah)} tidak bisa dibatalkan seluruhnya. Catat penarikan bila perlu.",
            )
    koreksi = TransaksiTabungan.objects.create(
        ksm=ksm,
        anggota=asal.anggota,
        pertemuan=asal.pertemuan,
        tanggal=tanggal,
        jumlah=-asal.jumlah,
        melalui=asal.melalui,
        kunci=f"koreksi-{asal.pk}",
        membalik=asal,
        alasan=alasan.strip(),
        dibuat_oleh=oleh if getattr(oleh, "pk", None) else None,
    )
    koreksi.jurnal_id = _posting(tabungan=koreksi, oleh=oleh)
    koreksi.save(update_fields=["jurnal_id"])
    return koreksi


@transaction.atomic
def catat_pertemuan_dan_tabungan(
    *,
    ksm: KSM,
    tanggal: date,
    kehadiran: Mapping[int, str],
    setoran: Mapping[int, Rupiah],
    kunci: str,
    oleh: Any,
    agenda: str = "",
    tempat: str = "",
    notulen: str = "",
    perkara_kritis: str = "",
    keputusan: str = "",
) -> Pertemuan:
    """The meeting sheet in one submit: attendance and each member's deposit; all or nothing, posted once."""
    if not (kunci or "").strip():
        raise _galat("kunci", "Kunci idempotensi wajib diisi.")
    salah = [a for a, j in setoran.items() if j and j < 0]
    if salah:
        raise _galat(
            "setoran", "Setoran di lembar pertemuan tidak boleh negatif; penarikan dicatat terpisah."
        )
    pertemuan = ksm_services.catat_pertemuan(
        ksm=ksm,
        tanggal=tanggal,
        kehadiran=kehadiran,
        agenda=agenda,
        tempat=tempat,
        notulen=notulen,
        perkara_kritis=perkara_kritis,
        keputusan=keputusan,
        kunci=kunci,
        oleh=oleh,
    )
    anggota = {a.pk: a for a in Anggota.objects.filter(pk__in=[a for a, j in setoran.items() if j])}
    for anggota_id, jumlah in sorted(setoran.items()):
        if not jumlah:
            continue
        if anggota_id not in anggota:
            raise _galat("setoran", f"Anggota #{anggota_id} bukan anggota KSM {ksm.nama}.")
        catat_tabungan(
            ksm=ksm,
            anggota=anggota[anggota_id],
            tanggal=tanggal,
            jumlah=jumlah,
            kunci=f"{kunci}:{anggota_id}",
            oleh=oleh,
            pertemuan=pertemuan,
        )
    return pertemuan
