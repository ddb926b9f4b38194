"""The one posting service every money event uses, and the books' own actions (vouchers, close, opening)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Exists, Sum
from django.utils import timezone

from kotaku.akses import wajib_boleh
from kotaku.buku import akun as kode_akun
from kotaku.buku.akun import BAGAN_AKUN, JenisAkun
from kotaku.buku.models import (
    Akun,
    BarisJurnal,
    JenisJurnal,
    Jurnal,
    PeriodeTutup,
)
from kotaku.errors import KesalahanDomain, KonflikStatus
from kotaku.log import catat
from kotaku.massal import UKURAN_BATCH, simpan_massal
from kotaku.models import LKM, Pengguna
from kotaku.tanggal import NAMA_BULAN, akhir_bulan, format_tanggal, hari_ini
from kotaku.uang import format_rupiah


@dataclass(frozen=True)
class Baris:
    """One journal line to post: an account code and one positive side."""

    kode_akun: str
    debit: int = 0
    kredit: int = 0


@dataclass(frozen=True)
class JurnalBaru:
    """One journal for the batch path (`posting_jurnal_massal`): what `posting_jurnal` takes, as a value."""

    tanggal: date
    uraian: str
    baris: list[Baris]
    kunci: str | None = None
    sumber: models.Model | None = None


class JurnalDitolak(KesalahanDomain):
    """A posting the books refuse (unbalanced, closed month, unknown account ...)."""


def siapkan_akun(lkm: LKM) -> None:
    """Give an LKM the standard chart of accounts (DOMAIN.md §5); idempotent."""
    ada = set(Akun.objects.filter(lkm=lkm).values_list("kode", flat=True))
    Akun.objects.bulk_create(
        [Akun(lkm=lkm, kode=k, nama=n, jenis=j, kontra=c) for k, n, j, c in BAGAN_AKUN if k not in ada],
        ignore_conflicts=True,
    )


def _nomor_berikut(lkm_id: int, tahun: int) -> int:
    """Next journal number of the LKM and year; the upsert serialises concurrent posters on one row."""
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO buku_nomorjurnal (lkm_id, tahun, terakhir) VALUES (%s, %s, 1) "
            "ON CONFLICT (lkm_id, tahun) DO UPDATE SET terakhir = buku_nomorjurnal.terakhir + 1 "
            "RETURNING terakhir",
            [lkm_id, tahun],
        )
        return int(cur.fetchone()[0])


def _sudah_ada(*, lkm: LKM, sumber: models.Model | None, kunci: str | None) -> Jurnal | None:
    if sumber is not None and sumber.pk is not None:
        ct = ContentType.objects.get_for_model(sumber)
        return Jurnal.objects.filter(lkm=lkm, sumber_jenis=ct, sumber_id=sumber.pk).first()
    if kunci:
        return Jurnal.objects.filter(lkm=lkm, kunci=kunci).first()
    return None


def _periksa_baris(*, tanggal: date, baris: list[Baris]) -> None:
    """The checks that need no database: a past date, two or more whole-rupiah one-sided lines, balanced."""
    if tanggal > hari_ini():
        raise JurnalDitolak(
            f"Tanggal {format_tanggal(tanggal)} belum terjadi; jurnal tidak boleh bertanggal di masa depan."
        )
    if len(baris) < 2:
        raise JurnalDitolak("Jurnal harus punya minimal dua baris (debit dan kredit).")
    for b in baris:
        for sisi in (b.debit, b.kredit):
            if not isinstance(sisi, int) or isinstance(sisi, bool):
                raise JurnalDitolak("Jumlah harus rupiah bulat.")
        if b.debit < 0 or b.kredit < 0:
            raise JurnalDitolak(f"Jumlah tidak boleh negatif (akun {b.kode_akun}).")
        if (b.debit > 0) == (b.kredit > 0):
            raise JurnalDitolak(
                "Setiap baris harus berisi debit atau kredit lebih dari nol, tidak keduanya (akun "
                f"{b.kode_akun})."
            )
    total_d = sum(b.debit for b in baris)
    total_k = sum(b.kredit for b in baris)
    if total_d != total_k:
        raise JurnalDitolak(
            f"Jurnal tidak seimbang: debit {format_rupiah(total_d)}, kredit {format_rupiah(total_k)}."
        )


def _akun_dikenal(*, lkm: LKM, kode: set[str]) -> dict[str, Akun]:
    """The LKM's active accounts for these codes (a missing standard account is added first); refuses
    unknown codes."""
    akun = {a.kode: a for a in Akun.objects.filter(lkm=lkm, kode__in=kode, aktif=True)}
    if (kode - akun.keys()) & {k for k, *_ in BAGAN_AKUN}:
        siapkan_akun(lkm)
        akun = {a.kode: a for a in Akun.objects.filter(lkm=lkm, kode__in=kode, aktif=True)}
    if hilang := sorted(kode - akun.keys()):
        raise JurnalDitolak(f"Akun {', '.join(hilang)} tidak dikenal di {lkm.nama}.")
    return akun


def _bulan_tertutup(lkm: LKM, tanggal: date) -> JurnalDitolak:
    return JurnalDitolak(
        f"Bulan {NAMA_BULAN[tanggal.month]} {tanggal.year} sudah ditutup; jurnal bertanggal "
        f"{format_tanggal(tanggal)} tidak bisa dicatat. Minta pengurus LKM membuka bulan itu."
    )


def _tahun_tertutup(tanggal: date) -> JurnalDitolak:
    return JurnalDitolak(
        f"Buku tahun {tanggal.year} sudah ditutup; jurnal bertanggal {format_tanggal(tanggal)} tidak bisa "
        "dicatat. Catat koreksinya pada tahun berjalan."
    )


def _periksa(
    *, lkm: LKM, tanggal: date, baris: list[Baris], jenis: str = JenisJurnal.UMUM
) -> dict[str, Akun]:
    _periksa_baris(tanggal=tanggal, baris=baris)
    akun = _akun_dikenal(lkm=lkm, kode={b.kode_akun for b in baris})
    if jenis == JenisJurnal.PENUTUP:
        return akun  # the closing journal is dated 31 December, normally after December is closed
    bulan_tutup, tahun_tutup = (
        LKM.objects.filter(pk=lkm.pk)
        .annotate(
            b=Exists(
                PeriodeTutup.objects.filter(
                    lkm=lkm, tahun=tanggal.year, bulan=tanggal.month, dibuka_pada__isnull=True
                )
            ),
            t=Exists(Jurnal.objects.filter(lkm=lkm, jenis=JenisJurnal.PENUTUP, tahun=tanggal.year)),
        )
        .values_list("b", "t")
        .get()
    )
    if bulan_tutup:
        raise _bulan_tertutup(lkm, tanggal)
    if tahun_tutup:
        raise _tahun_tertutup(tanggal)
    return akun


def posting_jurnal(
    *,
    lkm: LKM,
    tanggal: date,
    uraian: str,
    baris: list[Baris],
    sumber: models.Model | None = None,
    kunci: str | None = None,
    oleh: Pengguna | None = None,
    jenis: str = JenisJurnal.UMUM,
    membalik: Jurnal | None = None,
    alasan: str = "",
) -> Jurnal:
    """Post one balanced journal inside the caller's transaction; idempotent by source (or kunci); refuses a
    closed month."""
    if ada := _sudah_ada(lkm=lkm, sumber=sumber, kunci=kunci):
        return ada
    akun = _periksa(lkm=lkm, tanggal=tanggal, baris=baris, jenis=jenis)
    ct = ContentType.objects.get_for_model(sumber) if sumber is not None else None
    try:
        with transaction.atomic():
            jurnal = Jurnal.objects.create(
                lkm=lkm,
                tahun=tanggal.year,
                urut=_nomor_berikut(lkm.pk, tanggal.year),
                tanggal=tanggal,
                jenis=jenis,
                uraian=uraian[:255],
                sumber_jenis=ct,
                sumber_id=sumber.pk if sumber is not None else None,
                kunci=kunci or None,
                membalik=membalik,
                alasan=alasan,
                dibuat_oleh=oleh,
            )
            BarisJurnal.objects.bulk_create(
                [
                    BarisJurnal(
                        jurnal=jurnal,
                        lkm=lkm,
                        akun=akun[b.kode_akun],
                        tanggal=tanggal,
                        debit=b.debit,
                        kredit=b.kredit,
                    )
                    for b in baris
                ]
            )
    except IntegrityError:
        # A concurrent request with the same source or key committed first: return its journal.
        if ada := _sudah_ada(lkm=lkm, sumber=sumber, kunci=kunci):
            return ada
        raise
    catat(
        "jurnal.diposting",
        oleh=oleh,
        lkm=lkm,
        kunci=kunci,
        nomor=jurnal.nomor,
        tanggal=tanggal.isoformat(),
        jenis=jenis,
        sumber=f"{ct.model}#{sumber.pk}" if ct is not None and sumber is not None else None,
        jumlah=sum(b.debit for b in baris),
        uraian=jurnal.uraian,
    )
    return jurnal


Tanda = tuple[int, int] | str
"""What makes a journal the same journal: its source (content type id, object id) or else its key."""


def _tanda(j: JurnalBaru) -> Tanda | None:
    """The journal's identity as posting_jurnal sees it: its source when it has one, else its key."""
    if j.sumber is not None and j.sumber.pk is not None:
        return (ContentType.objects.get_for_model(j.sumber).pk, int(j.sumber.pk))
    return j.kunci or None


def _jurnal_yang_ada(lkm: LKM, tanda: set[Tanda]) -> dict[Tanda, Jurnal]:
    """Journals already posted for these sources and keys, in a few queries whatever their number."""
    ada: dict[Tanda, Jurnal] = {}
    kunci = sorted(t for t in tanda if isinstance(t, str))
    for i in range(0, len(kunci), UKURAN_BATCH):
        for j in Jurnal.objects.filter(lkm=lkm, kunci__in=kunci[i : i + UKURAN_BATCH]):
            assert j.kunci is not None
            ada[j.kunci] = j
    per_jenis: dict[int, list[int]] = {}
    for t in tanda:
        if not isinstance(t, str):
            per_jenis.setdefault(t[0], []).append(t[1])
    for ct_id, ids in per_jenis.items():
        for i in range(0, len(ids), UKURAN_BATCH):
            for j in Jurnal.objects.filter(
                lkm=lkm, sumber_jenis_id=ct_id, sumber_id__in=ids[i : i + UKURAN_BATCH]
            ):
                assert j.sumber_id is not None
                ada[(ct_id, j.sumber_id)] = j
    return ada


def _kunci_nomor(lkm_id: int, tahun: list[int]) -> dict[int, int]:
    """Lock the journal counters of these years (ascending, so two batches never deadlock) and read them."""
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO buku_nomorjurnal (lkm_id, tahun, terakhir) "
            "SELECT %s, t, 0 FROM unnest(%s::int[]) AS t ORDER BY t "
            "ON CONFLICT (lkm_id, tahun) DO UPDATE SET terakhir = buku_nomorjurnal.terakhir "
            "RETURNING tahun, terakhir",
            [lkm_id, sorted(tahun)],
        )
        return {int(t): int(n) for t, n in cur.fetchall()}


@transaction.atomic
def posting_jurnal_massal(*, lkm: LKM, jurnal: list[JurnalBaru], oleh: Pengguna | None) -> list[Jurnal]:
    """Post many balanced journals in one transaction with bulk inserts: the same checks, numbers and lines as
    `posting_jurnal` called once per journal in list order; idempotent by source (or kunci) per journal. A
    refused journal refuses the whole batch (nothing is posted); the message names it."""
    if not jurnal:
        return []
    tanda = [_tanda(j) for j in jurnal]
    nomor = _kunci_nomor(lkm.pk, list({j.tanggal.year for j in jurnal}))
    ada = _jurnal_yang_ada(lkm, {t for t in tanda if t is not None})
    baru = [i for i, t in enumerate(tanda) if t is None or t not in ada]
    kode: set[str] = set()
    for i in baru:
        try:
            _periksa_baris(tanggal=jurnal[i].tanggal, baris=jurnal[i].baris)
        except JurnalDitolak as exc:
            raise JurnalDitolak(f"Jurnal ke-{i + 1} ({jurnal[i].uraian}): {exc.pesan}") from exc
        kode.update(b.kode_akun for b in jurnal[i].baris)
    akun = _akun_dikenal(lkm=lkm, kode=kode)
    bulan = {(jurnal[i].tanggal.year, jurnal[i].tanggal.month) for i in baru}
    tertutup = set(
        PeriodeTutup.objects.filter(
            lkm=lkm, dibuka_pada__isnull=True, tahun__in={t for t, _ in bulan}
        ).values_list("tahun", "bulan")
    )
    tahun_tutup = set(
        Jurnal.objects.filter(
            lkm=lkm, jenis=JenisJurnal.PENUTUP, tahun__in={t for t, _ in bulan}
        ).values_list("tahun", flat=True)
    )
    for i in baru:
        tanggal = jurnal[i].tanggal
        if (tanggal.year, tanggal.month) in tertutup:
            raise _bulan_tertutup(lkm, tanggal)
        if tanggal.year in tahun_tutup:
            raise _tahun_tertutup(tanggal)

    hasil: list[Jurnal | None] = [ada.get(t) if t is not None else None for t in tanda]
    dibuat: dict[Tanda, Jurnal] = {}
    baris_baru: list[BarisJurnal] = []
    objek: list[Jurnal] = []
    ct = {id(j.sumber): ContentType.objects.get_for_model(j.sumber) for j in jurnal if j.sumber is not None}
    for i in baru:
        t = tanda[i]
        if t is not None and t in dibuat:  # the same key twice in one batch: posted once, as one by one
            hasil[i] = dibuat[t]
            continue
        j = jurnal[i]
        nomor[j.tanggal.year] += 1
        obj = Jurnal(
            lkm=lkm,
            tahun=j.tanggal.year,
            urut=nomor[j.tanggal.year],
            tanggal=j.tanggal,
            jenis=JenisJurnal.UMUM,
            uraian=j.uraian[:255],
            sumber_jenis=ct[id(j.sumber)] if j.sumber is not None else None,
            sumber_id=j.sumber.pk if j.sumber is not None else None,
            kunci=j.kunci or None,
            dibuat_oleh=oleh,
        )
        objek.append(obj)
        hasil[i] = obj
        if t is not None:
            dibuat[t] = obj
    with connection.cursor() as cur:
        for tahun, terakhir in nomor.items():
            cur.execute(
                "UPDATE buku_nomorjurnal SET terakhir = %s WHERE lkm_id = %s AND tahun = %s",
                [terakhir, lkm.pk, tahun],
            )
    simpan_massal(objek)
    sudah: set[int] = set()
    for i in baru:
        tercatat = hasil[i]
        assert tercatat is not None
        if tercatat.pk in sudah:
            continue
        sudah.add(tercatat.pk)
        baris_baru.extend(
            BarisJurnal(
                jurnal=tercatat,
                lkm=lkm,
                akun=akun[b.kode_akun],
                tanggal=tercatat.tanggal,
                debit=b.debit,
                kredit=b.kredit,
            )
            for b in jurnal[i].baris
        )
    simpan_massal(baris_baru)
    if objek:
        catat(
            "jurnal.diposting_massal",
            oleh=oleh,
            lkm=lkm,
            jumlah_jurnal=len(objek),
            nomor_awal=objek[0].nomor,
            nomor_akhir=objek[-1].nomor,
            jumlah=sum(b.debit for b in baris_baru),
        )
    return [j for j in hasil if j is not None]


def koreksi_jurnal(*, jurnal: Jurnal, tanggal: date, alasan: str, oleh: Pengguna) -> Jurnal:
    """The Pembuku or Manajer reverses a mistaken journal with a reason (the books' correction)."""
    wajib_boleh(oleh, "buku.koreksi")
    return balik_jurnal(jurnal=jurnal, tanggal=tanggal, alasan=alasan, oleh=oleh)


def balik_jurnal(*, jurnal: Jurnal, tanggal: date, alasan: str, oleh: Pengguna | None) -> Jurnal:
    """Reverse a posted journal with a reason (mistakes are never edited); the caller checked the role."""
    if not alasan.strip():
        raise JurnalDitolak("Alasan pembalikan wajib diisi.")
    if jurnal.jenis == JenisJurnal.PEMBALIK:
        raise KonflikStatus(f"Jurnal {jurnal.nomor} adalah jurnal pembalik; catat jurnal baru bila perlu.")
    if Jurnal.objects.filter(membalik=jurnal).exists():
        raise KonflikStatus(f"Jurnal {jurnal.nomor} sudah dibalik.")
    if tanggal < jurnal.tanggal:
        raise JurnalDitolak("Tanggal pembalikan tidak boleh sebelum tanggal jurnal aslinya.")
    baris = [Baris(b.akun.kode, debit=b.kredit, kredit=b.debit) for b in jurnal.baris.select_related("akun")]
    return posting_jurnal(
        lkm=jurnal.lkm,
        tanggal=tanggal,
        uraian=f"Pembalikan {jurnal.nomor}: {alasan}"[:255],
        baris=baris,
        kunci=f"balik-{jurnal.pk}",
        oleh=oleh,
        jenis=JenisJurnal.PEMBALIK,
        membalik=jurnal,
        alasan=alasan[:255],
    )


# ---- manual cash transactions (bukti kas) ------------------------------------------------------------------

JENIS_TRANSAKSI = {
    "masuk": "Kas/bank masuk",
    "keluar": "Kas/bank keluar",
    "pindah": "Pindah buku kas/bank",
}


@transaction.atomic
def catat_transaksi_kas(
    *,
    lkm: LKM,
    tanggal: date,
    jenis: str,
    akun_kas: str,
    akun_lawan: str,
    jumlah: int,
    uraian: str,
    kunci: str,
    oleh: Pengguna,
) -> Jurnal:
    """Cash or bank in (capital, bank interest, other income), out (incentives, ATK, transport ...), or a
    transfer."""
    wajib_boleh(oleh, "kas.tulis")
    if jenis not in JENIS_TRANSAKSI:
        raise JurnalDitolak("Jenis transaksi tidak dikenal.")
    if akun_kas not in kode_akun.KAS_BANK:
        raise JurnalDitolak("Pilih akun kas atau bank.")
    if jenis == "pindah" and (akun_lawan not in kode_akun.KAS_BANK or akun_lawan == akun_kas):
        raise JurnalDitolak("Pindah buku harus antara dua akun kas/bank yang berbeda.")
    if jenis != "pindah" and akun_lawan in kode_akun.KAS_BANK:
        raise JurnalDitolak("Uang yang pindah antara kas dan bank dicatat dengan jenis Pindah buku kas/bank.")
    if not isinstance(jumlah, int) or jumlah <= 0:
        raise JurnalDitolak("Jumlah harus lebih dari Rp 0.")
    if not uraian.strip():
        raise JurnalDitolak("Uraian wajib diisi.")
    if jenis == "masuk":
        baris = [Baris(akun_kas, debit=jumlah), Baris(akun_lawan, kredit=jumlah)]
    else:  # keluar, or pindah from akun_kas to akun_lawan
        baris = [Baris(akun_lawan, debit=jumlah), Baris(akun_kas, kredit=jumlah)]
    return posting_jurnal(
        lkm=lkm, tanggal=tanggal, uraian=uraian, baris=baris, kunci=f"kas-{kunci}", oleh=oleh
    )


# ---- opening balances, month and year close ----------------------------------------------------------------


@transaction.atomic
def catat_saldo_awal(*, lkm: LKM, tanggal: date, saldo: dict[str, int], oleh: Pengguna | None) -> Jurnal:
    """The opening neraca of an LKM that starts mid-life: once, balanced, dated; everything continues from it.

    `oleh=None` is the system (the demo loader); a person needs the `buku.saldo_awal` role."""
    if oleh is not None:
        wajib_boleh(oleh, "buku.saldo_awal")
    if Jurnal.objects.filter(lkm=lkm, jenis=JenisJurnal.SALDO_AWAL).exists():
        raise KonflikStatus(f"Saldo awal {lkm.nama} sudah dicatat; koreksi dengan jurnal biasa.")
    pertama = Jurnal.objects.filter(lkm=lkm).order_by("tanggal").values_list("tanggal", flat=True).first()
    if pertama is not None and pertama < tanggal:
        raise JurnalDitolak(
            f"Saldo awal harus bertanggal paling lambat {format_tanggal(pertama)}, tanggal jurnal pertama "
            f"{lkm.nama}; semua transaksi berlanjut dari saldo awal."
        )
    siapkan_akun(lkm)
    akun = {a.kode: a for a in Akun.objects.filter(lkm=lkm)}
    baris = []
    for kode, nilai in sorted(saldo.items()):
        if not nilai:
            continue
        if kode not in akun:
            raise JurnalDitolak(f"Akun {kode} tidak dikenal di {lkm.nama}.")
        if akun[kode].jenis in (JenisAkun.PENDAPATAN, JenisAkun.BIAYA):
            raise JurnalDitolak(f"Saldo awal hanya untuk akun neraca; {kode} adalah akun {akun[kode].jenis}.")
        debit_normal = akun[kode].saldo_normal_debit
        if (nilai > 0) == debit_normal:
            baris.append(Baris(kode, debit=abs(nilai)))
        else:
            baris.append(Baris(kode, kredit=abs(nilai)))
    return posting_jurnal(
        lkm=lkm,
        tanggal=tanggal,
        uraian="Saldo awal",
        baris=baris,
        kunci=f"saldo-awal-{lkm.pk}",
        oleh=oleh,
        jenis=JenisJurnal.SALDO_AWAL,
    )


# ---- after a month is closed -------------------------------------------------------------------------------

SetelahTutupBulan = Callable[[int, int, int], None]
"""A hook run after a month close commits: (lkm_id, tahun, bulan)."""

_SETELAH_TUTUP_BULAN: list[SetelahTutupBulan] = []


def daftarkan_setelah_tutup_bulan(fungsi: SetelahTutupBulan) -> None:
    """Register work to do once a month is closed (an upper floor, e.g. the snapshots of `laporan`, registers
    at app ready; the books never import it). Registering the same function twice keeps one."""
    if fungsi not in _SETELAH_TUTUP_BULAN:
        _SETELAH_TUTUP_BULAN.append(fungsi)


def _setelah_tutup_bulan(lkm_id: int, tahun: int, bulan: int) -> None:
    for fungsi in list(_SETELAH_TUTUP_BULAN):
        try:
            fungsi(lkm_id, tahun, bulan)
        except Exception as exc:  # noqa: BLE001 - the close stands; a failed follow-up is logged, not raised
            catat("buku.setelah_tutup_bulan_gagal", lkm=lkm_id, tahun=tahun, bulan=bulan, galat=repr(exc))


@transaction.atomic
def tutup_bulan(*, lkm: LKM, tahun: int, bulan: int, oleh: Pengguna) -> PeriodeTutup:
    """The Pembuku closes a month: no journal dated inside it is accepted until the board reopens it."""
    wajib_boleh(oleh, "buku.tutup_bulan")
    if not 1 <= bulan <= 12:
        raise KesalahanDomain("Bulan harus 1 sampai 12.")
    if akhir_bulan(date(tahun, bulan, 1)) >= hari_ini():
        raise KesalahanDomain(
            f"{NAMA_BULAN[bulan]} {tahun} belum berakhir; bulan hanya bisa ditutup setelah lewat."
        )
    LKM.objects.select_for_update().filter(pk=lkm.pk).first()
    if PeriodeTutup.objects.filter(lkm=lkm, tahun=tahun, bulan=bulan, dibuka_pada__isnull=True).exists():
        raise KonflikStatus(f"{NAMA_BULAN[bulan]} {tahun} sudah ditutup.")
    periode = PeriodeTutup.objects.create(lkm=lkm, tahun=tahun, bulan=bulan, ditutup_oleh=oleh)
    transaction.on_commit(partial(_setelah_tutup_bulan, lkm.pk, tahun, bulan))
    return periode


@transaction.atomic
def buka_bulan(*, lkm: LKM, tahun: int, bulan: int, alasan: str, oleh: Pengguna) -> PeriodeTutup:
    """The LKM board reopens a closed month, with a reason."""
    wajib_boleh(oleh, "buku.buka_bulan")
    if not alasan.strip():
        raise KesalahanDomain("Alasan membuka bulan wajib diisi.")
    periode = (
        PeriodeTutup.objects.select_for_update()
        .filter(lkm=lkm, tahun=tahun, bulan=bulan, dibuka_pada__isnull=True)
        .first()
    )
    if periode is None:
        raise KonflikStatus(f"{NAMA_BULAN[bulan]} {tahun} tidak sedang ditutup.")
    if periode.ditutup_oleh_id == oleh.pk:
        raise KesalahanDomain("Bulan dibuka oleh orang yang berbeda dari yang menutupnya.")
    periode.dibuka_oleh, periode.dibuka_pada, periode.alasan_buka = oleh, timezone.now(), alasan.strip()
    periode.save(update_fields=["dibuka_oleh", "dibuka_pada", "alasan_buka"])
    return periode


@transaction.atomic
def tutup_tahun(*, lkm: LKM, tahun: int, oleh: Pengguna | None) -> Jurnal:
    """Year-end close: one journal moves the year's income and costs into 31030 Surplus Ditahan.

    `oleh=None` is the system (the demo loader); a person needs the `buku.tutup_bulan` role."""
    if oleh is not None:
        wajib_boleh(oleh, "buku.tutup_bulan")
    if not 2000 <= tahun < hari_ini().year:
        raise KesalahanDomain(
            f"Tahun {tahun} belum berakhir atau tidak valid; tutup buku tahunan setelah 31 Desember."
        )
    akhir = date(tahun, 12, 31)
    if Jurnal.objects.filter(lkm=lkm, jenis=JenisJurnal.PENUTUP, tahun=tahun).exists():
        raise KonflikStatus(f"Tahun {tahun} sudah ditutup.")
    saldo = (
        BarisJurnal.objects.filter(
            lkm=lkm, tanggal__year=tahun, akun__jenis__in=[JenisAkun.PENDAPATAN, JenisAkun.BIAYA]
        )
        .values("akun__kode", "akun__jenis")
        .annotate(d=Sum("debit"), k=Sum("kredit"))
    )
    baris: list[Baris] = []
    surplus = 0
    for s in saldo:
        bersih = int(s["d"]) - int(s["k"])  # debit balance
        if bersih > 0:
            baris.append(Baris(s["akun__kode"], kredit=bersih))
        elif bersih < 0:
            baris.append(Baris(s["akun__kode"], debit=-bersih))
        surplus -= bersih
    if surplus > 0:
        baris.append(Baris(kode_akun.SURPLUS_DITAHAN, kredit=surplus))
    elif surplus < 0:
        baris.append(Baris(kode_akun.SURPLUS_DITAHAN, debit=-surplus))
    if len(baris) < 2:
        raise KesalahanDomain(f"Tidak ada pendapatan atau biaya pada tahun {tahun}.")
    return posting_jurnal(
        lkm=lkm,
        tanggal=akhir,
        uraian=f"Penutupan tahun {tahun}",
        baris=baris,
        kunci=f"tutup-tahun-{tahun}",
        oleh=oleh,
        jenis=JenisJurnal.PENUTUP,
    )


@dataclass(frozen=True)
class HasilTutupTahun:
    jurnal: Jurnal
    bulan_ditutup: list[int]

    @property
    def surplus(self) -> int:
        """The year's surplus (negative: deficit) as the closing journal moved it into 31030."""
        return sum(
            b.kredit - b.debit for b in self.jurnal.baris.all() if b.akun.kode == kode_akun.SURPLUS_DITAHAN
        )


@transaction.atomic
def tutup_buku_tahunan(*, lkm: LKM, tahun: int, oleh: Pengguna) -> HasilTutupTahun:
    """The Pembuku closes a year: each of its months not closed yet is closed, then the year-end close moves
    the year's income and costs into 31030 Surplus Ditahan. A year closed before is a conflict (409)."""
    wajib_boleh(oleh, "buku.tutup_bulan")
    if not 2000 <= tahun < hari_ini().year:
        raise KesalahanDomain(
            f"Tahun {tahun} belum berakhir atau tidak valid; tutup buku tahunan setelah 31 Desember.",
            errors=[{"field": "tahun", "message": f"Tahun {tahun} belum berakhir atau tidak valid."}],
        )
    LKM.objects.select_for_update().filter(pk=lkm.pk).first()
    if Jurnal.objects.filter(lkm=lkm, jenis=JenisJurnal.PENUTUP, tahun=tahun).exists():
        raise KonflikStatus(f"Tahun {tahun} sudah ditutup.")
    tertutup = set(
        PeriodeTutup.objects.filter(lkm=lkm, tahun=tahun, dibuka_pada__isnull=True).values_list(
            "bulan", flat=True
        )
    )
    bulan = [b for b in range(1, 13) if b not in tertutup]
    PeriodeTutup.objects.bulk_create(
        [PeriodeTutup(lkm=lkm, tahun=tahun, bulan=b, ditutup_oleh=oleh) for b in bulan]
    )
    jurnal = tutup_tahun(lkm=lkm, tahun=tahun, oleh=oleh)
    catat("buku.tutup_tahun", oleh=oleh, lkm=lkm, tahun=tahun, bulan_ditutup=bulan, nomor=jurnal.nomor)
    return HasilTutupTahun(
        jurnal=Jurnal.objects.prefetch_related("baris__akun").get(pk=jurnal.pk), bulan_ditutup=bulan
    )
