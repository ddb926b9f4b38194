"""The one posting service every money event uses, and the books' own actions (vouchers, close, opening)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Sum
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
from kotaku.tanggal import AWAL_DANA, NAMA_BULAN, akhir_bulan, format_tanggal, hari_ini
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


# The journal's number comes from the counter row of its LKM and year in the same statement that inserts it:
# the upsert serialises concurrent posters on that row until they commit (numbers stay consecutive, no gaps on
# rollback), so the statements after it - the critical section - are kept few.
_NOMOR_CTE = """nomor AS (
    INSERT INTO buku_nomorjurnal (lkm_id, tahun, terakhir) VALUES (%s, %s, 1)
    ON CONFLICT (lkm_id, tahun) DO UPDATE SET terakhir = buku_nomorjurnal.terakhir + 1
    RETURNING lkm_id, tahun, terakhir
)"""
_JURNAL_INSERT = """
INSERT INTO buku_jurnal (lkm_id, tahun, urut, tanggal, jenis, uraian, sumber_jenis_id, sumber_id, kunci,
                         membalik_id, alasan, dibuat_oleh_id, dibuat_pada)
SELECT nomor.lkm_id, nomor.tahun, nomor.terakhir, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s
  FROM nomor
RETURNING id, urut, lkm_id, tanggal"""
_BARIS_INSERT = """
INSERT INTO buku_barisjurnal (jurnal_id, lkm_id, akun_id, tanggal, debit, kredit)
SELECT j.id, j.lkm_id, x.akun, j.tanggal, x.debit, x.kredit"""
_BARIS_ISI = "unnest(%s::bigint[], %s::numeric[], %s::numeric[]) AS x(akun, debit, kredit)"

_TULIS_JURNAL_SQL = f"WITH {_NOMOR_CTE}{_JURNAL_INSERT}"
_TULIS_BARIS_SQL = f"{_BARIS_INSERT}\n  FROM buku_jurnal j, {_BARIS_ISI}\n WHERE j.id = %s"
# The journal and its lines in one statement: one round trip less while the number's row is locked (until
# COMMIT). Not for the closing journal: the closed-month trigger on the lines looks the journal up, and rows
# of a sibling CTE are not visible to a BEFORE trigger.
_TULIS_JURNAL_DAN_BARIS_SQL = (
    f"WITH {_NOMOR_CTE}, j AS ({_JURNAL_INSERT}\n), b AS ({_BARIS_INSERT}\n  FROM j, {_BARIS_ISI}\n)\n"
    "SELECT id, urut FROM j"
)


def _sudah_ada(*, lkm: LKM, sumber: models.Model | None, kunci: str | None) -> Jurnal | None:
    if sumber is not None and sumber.pk is not None:
        ct = ContentType.objects.get_for_model(sumber)
        return Jurnal.objects.filter(lkm=lkm, sumber_jenis=ct, sumber_id=sumber.pk).first()
    if kunci:
        return Jurnal.objects.filter(lkm=lkm, kunci=kunci).first()
    return None


@dataclass(frozen=True)
class _Keadaan:
    """What a posting needs to know from the books, read in one query (a payment posts hundreds a second)."""

    ada: int | None  # the journal already posted for this source or key
    akun: dict[str, int]  # code -> id of the LKM's active accounts among the lines' codes
    bulan_tutup: bool
    tahun_tutup: bool
    saldo_awal: date | None  # the date of the LKM's opening balance: its books start there


# Parameters by position (pgtrigger.ignore prepends one of its own to every statement); see _baca_keadaan.
_KEADAAN_SQL = """
SELECT (SELECT id FROM buku_jurnal WHERE lkm_id = %s AND {sudah_ada} LIMIT 1),
       ARRAY(SELECT ARRAY[kode, id::text] FROM buku_akun WHERE lkm_id = %s AND aktif AND kode = ANY(%s)),
       EXISTS(SELECT 1 FROM buku_periodetutup
               WHERE lkm_id = %s AND tahun = %s AND bulan = %s AND dibuka_pada IS NULL),
       EXISTS(SELECT 1 FROM buku_jurnal WHERE lkm_id = %s AND tahun = %s AND jenis = 'penutup'),
       (SELECT tanggal FROM buku_jurnal WHERE lkm_id = %s AND jenis = 'saldo_awal')
"""


def _baca_keadaan(
    *, lkm: LKM, tanggal: date, kode: set[str], sumber: models.Model | None, kunci: str | None
) -> _Keadaan:
    """One round trip (plain SQL: the ORM spends more time building this query than PostgreSQL running it)."""
    if sumber is not None and sumber.pk is not None:
        sudah_ada, cari = (
            "sumber_jenis_id = %s AND sumber_id = %s",
            [
                ContentType.objects.get_for_model(sumber).pk,
                sumber.pk,
            ],
        )
    elif kunci:
        sudah_ada, cari = "kunci = %s", [kunci]
    else:
        sudah_ada, cari = "false", []
    tahun, bulan = tanggal.year, tanggal.month
    param = [lkm.pk, *cari, lkm.pk, sorted(kode), lkm.pk, tahun, bulan, lkm.pk, tahun, lkm.pk]
    with connection.cursor() as cur:
        cur.execute(_KEADAAN_SQL.format(sudah_ada=sudah_ada), param)
        ada, akun, bulan_tutup, tahun_tutup, saldo_awal = cur.fetchone()
    return _Keadaan(ada, {k: int(i) for k, i in akun}, bulan_tutup, tahun_tutup, saldo_awal)


def _periksa_baris(
    *,
    tanggal: date,
    baris: list[Baris],
    saldo_awal: date | None,
    nama_lkm: str,
    jenis: str = JenisJurnal.UMUM,
) -> None:
    """The checks on the journal itself: a past date within the books' life, two or more whole-rupiah
    one-sided lines, balanced."""
    if tanggal > hari_ini():
        raise JurnalDitolak(
            f"Tanggal {format_tanggal(tanggal)} belum terjadi; jurnal tidak boleh bertanggal di masa depan."
        )
    if tanggal < AWAL_DANA:
        raise JurnalDitolak(
            f"Tanggal {format_tanggal(tanggal)} sebelum {format_tanggal(AWAL_DANA)}: salah ketik?"
        )
    if saldo_awal is not None and tanggal < saldo_awal and jenis != JenisJurnal.SALDO_AWAL:
        raise JurnalDitolak(
            f"Buku {nama_lkm} dimulai dengan saldo awal {format_tanggal(saldo_awal)}; jurnal "
            f"bertanggal {format_tanggal(tanggal)} tidak bisa dicatat sebelumnya."
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


def _akun_dikenal(*, lkm: LKM, kode: set[str], akun: dict[str, int] | None = None) -> dict[str, int]:
    """Code -> id of the LKM's active accounts for these codes (`akun` when already read; a missing standard
    account is added first); refuses unknown codes."""
    if akun is None:
        akun = dict(Akun.objects.filter(lkm=lkm, kode__in=kode, aktif=True).values_list("kode", "pk"))
    if (kode - akun.keys()) & {k for k, *_ in BAGAN_AKUN}:
        siapkan_akun(lkm)
        akun = dict(Akun.objects.filter(lkm=lkm, kode__in=kode, aktif=True).values_list("kode", "pk"))
    if hilang := sorted(kode - akun.keys()):
        raise JurnalDitolak(f"Akun {', '.join(hilang)} tidak dikenal di {lkm.nama}.")
    return akun


def _bulan_tertutup(tanggal: date) -> JurnalDitolak:
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
    *, lkm: LKM, tanggal: date, baris: list[Baris], keadaan: _Keadaan, jenis: str = JenisJurnal.UMUM
) -> dict[str, int]:
    """The posting rules in Python (the database repeats the ones that matter); returns code -> account id."""
    _periksa_baris(
        tanggal=tanggal, baris=baris, saldo_awal=keadaan.saldo_awal, nama_lkm=lkm.nama, jenis=jenis
    )
    akun = _akun_dikenal(lkm=lkm, kode={b.kode_akun for b in baris}, akun=keadaan.akun)
    if jenis == JenisJurnal.PENUTUP:
        return akun  # the closing journal is dated 31 December, normally after December is closed
    if keadaan.bulan_tutup:
        raise _bulan_tertutup(tanggal)
    if keadaan.tahun_tutup:
        raise _tahun_tertutup(tanggal)
    return akun


def _yang_sama(jurnal: Jurnal, *, tanggal: date, baris: list[Baris]) -> Jurnal:
    """The journal already posted under this source or key, when the request is the same journal (a retry);
    a different date or different lines under the same key are refused, never silently dropped."""
    ada = sorted(jurnal.baris.values_list("akun__kode", "debit", "kredit"))
    minta = sorted((b.kode_akun, b.debit, b.kredit) for b in baris)
    if jurnal.tanggal != tanggal or [(k, int(d), int(c)) for k, d, c in ada] != minta:
        asal = f"kunci {jurnal.kunci}" if jurnal.kunci else "sumber yang sama"
        raise KonflikStatus(
            f"Jurnal {jurnal.nomor} sudah dicatat dengan {asal} ({format_tanggal(jurnal.tanggal)}, "
            f"{format_rupiah(sum(int(d) for _, d, _ in ada))}) dan isinya berbeda; kunci yang sama hanya "
            "untuk mengulang permintaan yang sama.",
            errors=[{"field": "kunci", "message": "Kunci sudah dipakai untuk transaksi lain."}],
        )
    return jurnal


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
    sumber_baru: bool = False,
) -> Jurnal:
    """Post one balanced journal inside the caller's transaction; idempotent by source (or kunci): the same
    journal again returns the first, a different one under the same source or key is a conflict (409);
    refuses a closed month. `sumber_baru=True`: the source was created in this transaction, so no concurrent
    journal can name it and the savepoint that catches that race is skipped (two statements fewer)."""
    keadaan = _baca_keadaan(
        lkm=lkm, tanggal=tanggal, kode={b.kode_akun for b in baris}, sumber=sumber, kunci=kunci
    )
    if keadaan.ada is not None:
        return _yang_sama(Jurnal.objects.get(pk=keadaan.ada), tanggal=tanggal, baris=baris)
    akun = _periksa(lkm=lkm, tanggal=tanggal, baris=baris, keadaan=keadaan, jenis=jenis)
    ct = ContentType.objects.get_for_model(sumber) if sumber is not None else None
    try:
        with nullcontext() if sumber_baru else transaction.atomic():
            jurnal = Jurnal(
                lkm=lkm,
                tahun=tanggal.year,
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
            # One plain statement instead of the ORM's three (numbering, journal, lines): a payment posts one
            # journal, hundreds a second, and the rows are exactly these columns.
            kolom: list[Any] = [
                lkm.pk,
                jurnal.tahun,
                tanggal,
                jenis,
                jurnal.uraian,
                ct.pk if ct is not None else None,
                jurnal.sumber_id,
                jurnal.kunci,
                membalik.pk if membalik is not None else None,
                alasan,
                oleh.pk if oleh is not None else None,
                jurnal.dibuat_pada,
            ]
            isi: list[Any] = [
                [akun[b.kode_akun] for b in baris],
                [b.debit for b in baris],
                [b.kredit for b in baris],
            ]
            with connection.cursor() as cur:
                if jenis == JenisJurnal.PENUTUP:
                    cur.execute(_TULIS_JURNAL_SQL, kolom)
                    jurnal.pk, jurnal.urut, *_ = cur.fetchone()
                    cur.execute(_TULIS_BARIS_SQL, [*isi, jurnal.pk])
                else:
                    cur.execute(_TULIS_JURNAL_DAN_BARIS_SQL, [*kolom, *isi])
                    jurnal.pk, jurnal.urut = cur.fetchone()
            jurnal._state.adding, jurnal._state.db = False, connection.alias
    except IntegrityError:
        # A concurrent request with the same source or key committed first: return its journal.
        if ada := _sudah_ada(lkm=lkm, sumber=sumber, kunci=kunci):
            return _yang_sama(ada, tanggal=tanggal, baris=baris)
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


def _isi_baru(j: JurnalBaru) -> tuple[date, list[tuple[str, int, int]]]:
    return j.tanggal, sorted((b.kode_akun, b.debit, b.kredit) for b in j.baris)


def _tolak_isi_berbeda(jurnal: list[JurnalBaru], tanda: list[Tanda | None], ada: dict[Tanda, Jurnal]) -> None:
    """A source or key repeated with other content is a conflict (409), in a batch as one by one: against the
    journal already posted and against its first use in the same batch."""
    ids = sorted({j.pk for j in ada.values()})
    isi_ada: dict[int, list[tuple[str, int, int]]] = {}
    for i in range(0, len(ids), UKURAN_BATCH):
        for jid, kode, d, k in BarisJurnal.objects.filter(
            jurnal_id__in=ids[i : i + UKURAN_BATCH]
        ).values_list("jurnal_id", "akun__kode", "debit", "kredit"):
            isi_ada.setdefault(jid, []).append((kode, int(d), int(k)))
    pertama: dict[Tanda, int] = {}
    for i, t in enumerate(tanda):
        if t is None:
            continue
        tanggal, baris = _isi_baru(jurnal[i])
        if t in ada:
            lama = ada[t]
            if lama.tanggal != tanggal or sorted(isi_ada.get(lama.pk, [])) != baris:
                _yang_sama(lama, tanggal=tanggal, baris=jurnal[i].baris)
        elif t in pertama and _isi_baru(jurnal[pertama[t]]) != (tanggal, baris):
            raise KonflikStatus(
                f"Jurnal ke-{i + 1} ({jurnal[i].uraian}) memakai "
                f"{'kunci ' + t if isinstance(t, str) else 'sumber'}"
                f" yang sama dengan jurnal ke-{pertama[t] + 1} tetapi isinya berbeda.",
                errors=[{"field": "kunci", "message": "Kunci sudah dipakai untuk transaksi lain."}],
            )
        else:
            pertama.setdefault(t, i)


@transaction.atomic
def posting_jurnal_massal(*, lkm: LKM, jurnal: list[JurnalBaru], oleh: Pengguna | None) -> list[Jurnal]:
    """Post many balanced journals in one transaction with bulk inserts: the same checks, numbers and lines as
    `posting_jurnal` called once per journal in list order; idempotent by source (or kunci) per journal, and
    the same source or key with other content is a conflict. A refused journal refuses the whole batch
    (nothing is posted); the message names it."""
    if not jurnal:
        return []
    tanda = [_tanda(j) for j in jurnal]
    nomor = _kunci_nomor(lkm.pk, list({j.tanggal.year for j in jurnal}))
    ada = _jurnal_yang_ada(lkm, {t for t in tanda if t is not None})
    _tolak_isi_berbeda(jurnal, tanda, ada)
    baru = [i for i, t in enumerate(tanda) if t is None or t not in ada]
    kode: set[str] = set()
    saldo_awal = (
        Jurnal.objects.filter(lkm=lkm, jenis=JenisJurnal.SALDO_AWAL).values_list("tanggal", flat=True).first()
    )
    for i in baru:
        try:
            _periksa_baris(
                tanggal=jurnal[i].tanggal, baris=jurnal[i].baris, saldo_awal=saldo_awal, nama_lkm=lkm.nama
            )
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
            raise _bulan_tertutup(tanggal)
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
                akun_id=akun[b.kode_akun],
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
