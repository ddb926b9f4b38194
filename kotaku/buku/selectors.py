"""Read queries of the books; every figure is an SQL aggregate over BarisJurnal as of a date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import F, Q, Sum

from kotaku.buku import akun as kode_akun
from kotaku.buku.akun import JenisAkun
from kotaku.buku.models import Akun, BarisJurnal, JenisJurnal, Jurnal, PeriodeTutup
from kotaku.models import LKM


def _bersih(akun: Akun, debit: int, kredit: int) -> int:
    """Balance on the account's normal side."""
    return debit - kredit if akun.saldo_normal_debit else kredit - debit


def _mutasi(
    lkm: LKM, *, sampai: date, dari: date | None = None, tanpa_penutup: bool = False
) -> dict[int, tuple[int, int]]:
    """{akun_id: (debit, kredit)} summed in SQL over the lines of the period."""
    qs = BarisJurnal.objects.filter(lkm=lkm, tanggal__lte=sampai)
    if dari is not None:
        qs = qs.filter(tanggal__gte=dari)
    if tanpa_penutup:
        qs = qs.exclude(jurnal__jenis=JenisJurnal.PENUTUP)
    return {
        r["akun_id"]: (int(r["d"]), int(r["k"]))
        for r in qs.values("akun_id").annotate(d=Sum("debit"), k=Sum("kredit")).order_by()
    }


def saldo_semua_akun(*, lkm: LKM, per: date) -> dict[str, int]:
    """Every account's balance on its normal side as of `per` (inclusive)."""
    mutasi = _mutasi(lkm, sampai=per)
    return {a.kode: _bersih(a, *mutasi.get(a.pk, (0, 0))) for a in Akun.objects.filter(lkm=lkm)}


def saldo_akun(*, lkm: LKM, kode: str, per: date) -> int:
    """One account's balance on its normal side as of `per`; an account the LKM never opened holds nothing."""
    akun = Akun.objects.filter(lkm=lkm, kode=kode).first()
    if akun is None:
        return 0
    r = BarisJurnal.objects.filter(lkm=lkm, akun=akun, tanggal__lte=per).aggregate(
        d=Sum("debit"), k=Sum("kredit")
    )
    return _bersih(akun, int(r["d"] or 0), int(r["k"] or 0))


@dataclass
class BarisNeraca:
    kode: str
    nama: str
    saldo: int


@dataclass
class Neraca:
    per: date
    aset: list[BarisNeraca] = field(default_factory=list)
    kewajiban: list[BarisNeraca] = field(default_factory=list)
    modal: list[BarisNeraca] = field(default_factory=list)
    surplus_berjalan: int = (
        0  # every unclosed year's income - costs (the current year, and earlier ones if open)
    )

    @property
    def total_aset(self) -> int:
        return sum(b.saldo for b in self.aset)

    @property
    def total_kewajiban(self) -> int:
        return sum(b.saldo for b in self.kewajiban)

    @property
    def total_modal(self) -> int:
        return sum(b.saldo for b in self.modal)

    @property
    def total_kewajiban_modal(self) -> int:
        return self.total_kewajiban + self.total_modal

    @property
    def seimbang(self) -> bool:
        return self.total_aset == self.total_kewajiban_modal


def neraca(*, lkm: LKM, per: date) -> Neraca:
    """Aset = kewajiban + modal, where modal includes the surplus of the periods not yet closed into 31030.

    Contra accounts (12010, 12021) appear within aset with a negative balance. Income and costs of earlier
    years that were never closed show on their own line, apart from the current year's surplus. Aggregated in
    SQL.
    """
    semua_akun = list(Akun.objects.filter(lkm=lkm).order_by("kode"))
    mutasi = _mutasi(lkm, sampai=per)
    # This year's income and costs: a narrow range of the (lkm, akun, tanggal) index, so the split costs
    # little.
    laba_rugi = [a.pk for a in semua_akun if a.jenis in (JenisAkun.PENDAPATAN, JenisAkun.BIAYA)]
    tahun_ini = {
        r["akun_id"]: (int(r["d"]), int(r["k"]))
        for r in BarisJurnal.objects.filter(
            lkm=lkm, akun__in=laba_rugi, tanggal__gte=date(per.year, 1, 1), tanggal__lte=per
        )
        .values("akun_id")
        .annotate(d=Sum("debit"), k=Sum("kredit"))
        .order_by()
    }
    hasil = Neraca(per=per)
    surplus = surplus_ini = 0
    for akun in semua_akun:
        d, k = mutasi.get(akun.pk, (0, 0))
        di, ki = tahun_ini.get(akun.pk, (0, 0))
        if akun.jenis == JenisAkun.PENDAPATAN:
            surplus += k - d
            surplus_ini += ki - di
        elif akun.jenis == JenisAkun.BIAYA:
            surplus -= d - k
            surplus_ini -= di - ki
        elif akun.jenis == JenisAkun.ASET:
            if d or k or akun.aktif:
                hasil.aset.append(BarisNeraca(akun.kode, akun.nama, d - k))
        elif akun.jenis == JenisAkun.KEWAJIBAN:
            hasil.kewajiban.append(BarisNeraca(akun.kode, akun.nama, k - d))
        else:
            hasil.modal.append(BarisNeraca(akun.kode, akun.nama, k - d))
    hasil.surplus_berjalan = surplus
    if surplus != surplus_ini:
        hasil.modal.append(BarisNeraca("", "Surplus/defisit tahun lalu belum ditutup", surplus - surplus_ini))
    hasil.modal.append(BarisNeraca("", "Surplus/defisit tahun berjalan", surplus_ini))
    return hasil


@dataclass
class SurplusDefisit:
    dari: date
    sampai: date
    pendapatan: list[BarisNeraca]
    biaya: list[BarisNeraca]

    @property
    def total_pendapatan(self) -> int:
        return sum(b.saldo for b in self.pendapatan)

    @property
    def total_biaya(self) -> int:
        return sum(b.saldo for b in self.biaya)

    @property
    def cadangan(self) -> int:
        return sum(b.saldo for b in self.biaya if b.kode == kode_akun.BIAYA_CADANGAN)

    @property
    def surplus(self) -> int:
        return self.total_pendapatan - self.total_biaya


def surplus_defisit(*, lkm: LKM, dari: date, sampai: date) -> SurplusDefisit:
    """Income and costs of a period (the year-end closing journal excluded), in SQL."""
    mutasi = _mutasi(lkm, dari=dari, sampai=sampai, tanpa_penutup=True)
    pendapatan, biaya = [], []
    for akun in Akun.objects.filter(lkm=lkm, jenis__in=[JenisAkun.PENDAPATAN, JenisAkun.BIAYA]).order_by(
        "kode"
    ):
        d, k = mutasi.get(akun.pk, (0, 0))
        if akun.jenis == JenisAkun.PENDAPATAN:
            pendapatan.append(BarisNeraca(akun.kode, akun.nama, k - d))
        else:
            biaya.append(BarisNeraca(akun.kode, akun.nama, d - k))
    return SurplusDefisit(dari=dari, sampai=sampai, pendapatan=pendapatan, biaya=biaya)


@dataclass
class BarisNeracaSaldo:
    kode: str
    nama: str
    jenis: str
    awal: int
    debit: int
    kredit: int
    akhir: int


def neraca_saldo(*, lkm: LKM, dari: date, sampai: date) -> list[BarisNeracaSaldo]:
    """Trial balance (U8): opening balance, movements and closing balance per account, all in SQL."""
    awal = _mutasi(lkm, sampai=dari - timedelta(days=1))
    periode = _mutasi(lkm, dari=dari, sampai=sampai)
    hasil = []
    for akun in Akun.objects.filter(lkm=lkm).order_by("kode"):
        da, ka = awal.get(akun.pk, (0, 0))
        dp, kp = periode.get(akun.pk, (0, 0))
        hasil.append(
            BarisNeracaSaldo(
                akun.kode,
                akun.nama,
                akun.jenis,
                _bersih(akun, da, ka),
                dp,
                kp,
                _bersih(akun, da + dp, ka + kp),
            )
        )
    return hasil


@dataclass
class BukuAkun:
    akun: Akun
    dari: date
    sampai: date
    saldo_awal: int
    baris: list[dict[str, Any]]
    saldo_akhir: int
    total_debit: int
    total_kredit: int


def buku_akun(*, lkm: LKM, kode: str, dari: date, sampai: date) -> BukuAkun:
    """Buku Kas (U3, 11010), Buku Bank (U4, 11021) or Buku Besar of any account: opening balance and lines
    with a running balance computed by a window function in SQL."""
    akun = Akun.objects.get(lkm=lkm, kode=kode)
    r = BarisJurnal.objects.filter(lkm=lkm, akun=akun, tanggal__lt=dari).aggregate(
        d=Sum("debit"), k=Sum("kredit")
    )
    saldo_awal = _bersih(akun, int(r["d"] or 0), int(r["k"] or 0))
    tanda = "1" if akun.saldo_normal_debit else "-1"
    with connection.cursor() as cur:
        cur.execute(
            f"""
            SELECT b.tanggal, j.tahun, j.urut, j.uraian, b.debit, b.kredit,
                   %s + {tanda} * SUM(b.debit - b.kredit) OVER (ORDER BY b.tanggal, j.tahun, j.urut, b.id) AS
                   saldo
              FROM buku_barisjurnal b JOIN buku_jurnal j ON j.id = b.jurnal_id
             WHERE b.lkm_id = %s AND b.akun_id = %s AND b.tanggal BETWEEN %s AND %s
             ORDER BY b.tanggal, j.tahun, j.urut, b.id
            """,
            [saldo_awal, lkm.pk, akun.pk, dari, sampai],
        )
        baris = [
            {
                "tanggal": t,
                "nomor": f"{th}/{u:06d}",
                "uraian": ur,
                "debit": int(d),
                "kredit": int(k),
                "saldo": int(s),
            }
            for t, th, u, ur, d, k, s in cur.fetchall()
        ]
    total_d = sum(b["debit"] for b in baris)
    total_k = sum(b["kredit"] for b in baris)
    akhir = saldo_awal + (total_d - total_k if akun.saldo_normal_debit else total_k - total_d)
    return BukuAkun(akun, dari, sampai, saldo_awal, baris, akhir, total_d, total_k)


def total_tidak_seimbang(*, lkm: LKM | None = None) -> int:
    """Number of journals whose lines do not balance (always 0: the database refuses them). For checks and
    tests."""
    qs = Jurnal.objects.all() if lkm is None else Jurnal.objects.filter(lkm=lkm)
    return qs.annotate(d=Sum("baris__debit"), k=Sum("baris__kredit")).filter(~Q(d=F("k"))).count()


def bulan_tutup_terakhir(*, lkm: LKM, tahun: int | None = None) -> date | None:
    """The last day of the LKM's latest closed month, of `tahun` when given (None when it has closed none)."""
    from kotaku.tanggal import akhir_bulan

    tutup = PeriodeTutup.objects.filter(lkm=lkm, dibuka_pada__isnull=True)
    terakhir = (
        (tutup.filter(tahun=tahun) if tahun is not None else tutup)
        .order_by("-tahun", "-bulan")
        .values_list("tahun", "bulan")
        .first()
    )
    return akhir_bulan(date(terakhir[0], terakhir[1], 1)) if terakhir else None
