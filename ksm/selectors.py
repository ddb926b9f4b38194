"""Read queries for KSM, members, meetings and savings. Every queryset starts from `lkm_milik(user)`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, TruncMonth

from kotaku.akses import lkm_milik
from kotaku.models import LKM
from kotaku.uang import Rupiah, RupiahField
from ksm.models import (
    KSM,
    Anggota,
    Keanggotaan,
    Kehadiran,
    Penilaian,
    Pertemuan,
    Tahap,
    TransaksiTabungan,
)

# ---- scope -------------------------------------------------------------------------------------------------


def akses_ksm(user: Any) -> QuerySet[KSM]:
    """KSMs of the LKMs in the user's scope."""
    return KSM.objects.filter(lkm__in=lkm_milik(user)).select_related("lkm__desa", "desa")


def akses_keanggotaan(user: Any) -> QuerySet[Keanggotaan]:
    return Keanggotaan.objects.filter(ksm__lkm__in=lkm_milik(user)).select_related("anggota", "ksm")


def akses_pertemuan(user: Any) -> QuerySet[Pertemuan]:
    return Pertemuan.objects.filter(ksm__lkm__in=lkm_milik(user))


# ---- members -----------------------------------------------------------------------------------------------


def syarat_aktif(per: date, awalan: str = "") -> Q:
    """Membership open on `per`: joined on or before, not yet left (leaving on `per` ends it)."""
    return Q(**{f"{awalan}tanggal_bergabung__lte": per}) & (
        Q(**{f"{awalan}tanggal_keluar__isnull": True}) | Q(**{f"{awalan}tanggal_keluar__gt": per})
    )


def keanggotaan_aktif(ksm: KSM, *, per: date | None = None) -> QuerySet[Keanggotaan]:
    """The KSM's current members (or on `per`), officers first."""
    qs = ksm.keanggotaan.select_related("anggota")
    qs = qs.filter(syarat_aktif(per)) if per else qs.filter(tanggal_keluar__isnull=True)
    peran_urut = Case(
        *[When(peran=k, then=Value(i)) for i, k in enumerate(Keanggotaan.Peran.values)],
        output_field=IntegerField(),
    )
    return qs.annotate(peran_urut=peran_urut).order_by("peran_urut", "anggota__nama", "id")


# ---- eligibility facts and summaries -----------------------------------------------------------------------


def _hitung(qs: QuerySet[Any]) -> Coalesce:
    return Coalesce(
        Subquery(
            qs.order_by().values("ksm").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
        ),
        Value(0),
    )


def dengan_fakta_kelayakan(qs: QuerySet[KSM], *, per: date) -> QuerySet[KSM]:
    """Annotate what `ksm.kelayakan.nilai_kelayakan` needs, as subqueries: one query
    for any number of rows."""
    aktif = Keanggotaan.objects.filter(syarat_aktif(per), ksm=OuterRef("pk"))
    belum_tr = aktif.filter(Q(tanggal_tanggung_renteng__isnull=True) | Q(tanggal_tanggung_renteng__gt=per))
    pertemuan = Pertemuan.objects.filter(ksm=OuterRef("pk"), tanggal__lte=per)
    setoran = TransaksiTabungan.objects.filter(ksm=OuterRef("pk"), tanggal__lte=per, jumlah__gt=0)
    return qs.annotate(
        jumlah_anggota=_hitung(aktif),
        jumlah_perempuan=_hitung(aktif.filter(anggota__jenis_kelamin="P")),
        belum_tanggung_renteng=ArraySubquery(belum_tr.order_by("anggota__nama").values("anggota__nama")),
        bulan_pertemuan=ArraySubquery(
            pertemuan.annotate(b=TruncMonth("tanggal")).order_by("b").values("b").distinct()
        ),
        bulan_setoran=ArraySubquery(
            setoran.annotate(b=TruncMonth("tanggal")).order_by("b").values("b").distinct()
        ),
    )


def dengan_saldo_tabungan(qs: QuerySet[KSM], *, per: date | None = None) -> QuerySet[KSM]:
    transaksi = TransaksiTabungan.objects.filter(ksm=OuterRef("pk"))
    if per:
        transaksi = transaksi.filter(tanggal__lte=per)
    jumlah = transaksi.order_by().values("ksm").annotate(s=Sum("jumlah")).values("s")[:1]
    return qs.annotate(saldo_tabungan=Coalesce(Subquery(jumlah), Value(0), output_field=RupiahField()))


def cari_ksm(
    qs: QuerySet[KSM],
    *,
    lkm: int | None = None,
    q: str = "",
    desa: int | None = None,
    jenis: str = "",
    status: str = "",
) -> QuerySet[KSM]:
    """Filters of the KSM list and `GET ksm?lkm=&q=`."""
    if lkm:
        qs = qs.filter(lkm_id=lkm)
    if q:
        qs = qs.filter(
            Q(nama__icontains=q)
            | Q(alamat__icontains=q)
            | Q(keanggotaan__anggota__nama__icontains=q, keanggotaan__tanggal_keluar__isnull=True)
        )
        qs = qs.distinct()
    if desa:
        qs = qs.filter(desa_id=desa)
    if jenis:
        qs = qs.filter(jenis=jenis)
    if status:
        qs = qs.filter(status=status)
    return qs


def hitungan_ksm(qs: QuerySet[KSM]) -> dict[str, int]:
    """Counts for the list header: all, per status and per jenis (one query)."""
    hasil = qs.order_by().aggregate(
        semua=Count("pk", distinct=True),
        aktif=Count("pk", filter=Q(status=KSM.Status.AKTIF), distinct=True),
        nonaktif=Count("pk", filter=Q(status=KSM.Status.NONAKTIF), distinct=True),
        bubar=Count("pk", filter=Q(status=KSM.Status.BUBAR), distinct=True),
        pinjaman_bergulir=Count("pk", filter=Q(jenis=KSM.Jenis.PINJAMAN_BERGULIR), distinct=True),
    )
    return {k: v or 0 for k, v in hasil.items()}


# ---- meetings ----------------------------------------------------------------------------------------------


def pertemuan_ksm(ksm: KSM) -> QuerySet[Pertemuan]:
    """Meetings, newest first, with attendance counts and the savings deposited at each."""
    setoran = (
        TransaksiTabungan.objects.filter(pertemuan=OuterRef("pk"))
        .order_by()
        .values("pertemuan")
        .annotate(s=Sum("jumlah"))
        .values("s")[:1]
    )
    return ksm.pertemuan.annotate(
        jumlah_hadir=Count("kehadiran", filter=Q(kehadiran__status=Kehadiran.Status.HADIR)),
        jumlah_dicatat=Count("kehadiran"),
        tabungan_pertemuan=Coalesce(Subquery(setoran), Value(0), output_field=RupiahField()),
    ).order_by("-tanggal", "-id")


# ---- savings -----------------------------------------------------------------------------------------------


def saldo_anggota(*, ksm: KSM, anggota: Anggota, per: date | None = None) -> Rupiah:
    """A member's savings balance in the KSM (deposits minus withdrawals), optionally as of `per`."""
    qs = TransaksiTabungan.objects.filter(ksm=ksm, anggota=anggota)
    if per:
        qs = qs.filter(tanggal__lte=per)
    return int(qs.aggregate(s=Coalesce(Sum("jumlah"), 0, output_field=RupiahField()))["s"])


def saldo_ksm(*, ksm: KSM, per: date | None = None) -> Rupiah:
    qs = TransaksiTabungan.objects.filter(ksm=ksm)
    if per:
        qs = qs.filter(tanggal__lte=per)
    return int(qs.aggregate(s=Coalesce(Sum("jumlah"), 0, output_field=RupiahField()))["s"])


def saldo_setelah(transaksi: TransaksiTabungan) -> Rupiah:
    """The member's balance right after `transaksi` (in date, then entry, order): what its receipt shows."""
    qs = TransaksiTabungan.objects.filter(ksm_id=transaksi.ksm_id, anggota_id=transaksi.anggota_id).filter(
        Q(tanggal__lt=transaksi.tanggal) | Q(tanggal=transaksi.tanggal, pk__lte=transaksi.pk)
    )
    return int(qs.aggregate(s=Coalesce(Sum("jumlah"), 0, output_field=RupiahField()))["s"])


@dataclass(frozen=True)
class SaldoAnggota:
    anggota_id: int
    nama: str
    setoran: Rupiah
    penarikan: Rupiah  # positive figure
    saldo: Rupiah


def saldo_per_anggota(*, ksm: KSM, per: date | None = None) -> list[SaldoAnggota]:
    """Balance of each member who ever saved in the KSM (one query)."""
    qs = TransaksiTabungan.objects.filter(ksm=ksm)
    if per:
        qs = qs.filter(tanggal__lte=per)
    baris = (
        qs.order_by()
        .values("anggota_id", "anggota__nama")
        .annotate(
            setoran=Coalesce(Sum("jumlah", filter=Q(jumlah__gt=0)), 0, output_field=RupiahField()),
            penarikan=Coalesce(Sum("jumlah", filter=Q(jumlah__lt=0)), 0, output_field=RupiahField()),
            saldo=Sum("jumlah"),
        )
        .order_by("anggota__nama")
    )
    return [
        SaldoAnggota(
            b["anggota_id"], b["anggota__nama"], int(b["setoran"]), -int(b["penarikan"]), int(b["saldo"])
        )
        for b in baris
    ]


def kartu_tabungan(*, ksm: KSM, anggota: Anggota) -> QuerySet[TransaksiTabungan]:
    """Kartu Tabungan (U7): every transaction of the member in date order with the running balance."""
    return (
        TransaksiTabungan.objects.filter(ksm=ksm, anggota=anggota)
        .select_related("pertemuan", "dibuat_oleh")
        .annotate(
            saldo_berjalan=Window(Sum("jumlah"), order_by=["tanggal", "id"]),
        )
        .order_by("tanggal", "id")
    )


@dataclass(frozen=True)
class BarisRegister:
    ksm_id: int
    ksm_nama: str
    desa: str
    anggota_id: int
    anggota_nama: str
    setoran: Rupiah
    penarikan: Rupiah
    saldo: Rupiah


def register_tabungan(*, lkm: LKM, per: date) -> list[BarisRegister]:
    """Register Tabungan (LU-06): each member's deposits, withdrawals and balance per KSM, as of `per`."""
    baris = (
        TransaksiTabungan.objects.filter(ksm__lkm=lkm, tanggal__lte=per)
        .order_by()
        .values("ksm_id", "ksm__nama", "ksm__desa__nama", "anggota_id", "anggota__nama")
        .annotate(
            setoran=Coalesce(Sum("jumlah", filter=Q(jumlah__gt=0)), 0, output_field=RupiahField()),
            penarikan=Coalesce(Sum("jumlah", filter=Q(jumlah__lt=0)), 0, output_field=RupiahField()),
            saldo=Sum("jumlah"),
        )
        .order_by("ksm__nama", "anggota__nama", "anggota_id")
    )
    return [
        BarisRegister(
            b["ksm_id"],
            b["ksm__nama"],
            b["ksm__desa__nama"],
            b["anggota_id"],
            b["anggota__nama"],
            int(b["setoran"]),
            -int(b["penarikan"]),
            int(b["saldo"]),
        )
        for b in baris
    ]


# ---- maturity ----------------------------------------------------------------------------------------------

BELUM_DINILAI = "belum"
"""The stage filter's value for KSMs never assessed."""


def syarat_ksm_aktif(per: date) -> Q:
    """KSMs active on `per`: founded by then, and active now or still active then (status changed after)."""
    return Q(tanggal_berdiri__lte=per) & (Q(status=KSM.Status.AKTIF) | Q(tanggal_status__gt=per))


def _penilaian_terakhir(per: date | None) -> QuerySet[Penilaian]:
    qs = Penilaian.objects.filter(ksm=OuterRef("pk"))
    if per is not None:
        qs = qs.filter(tanggal__lte=per)
    return qs.order_by("-tanggal", "-pk")


def dengan_tahap(qs: QuerySet[KSM], *, per: date | None = None) -> QuerySet[KSM]:
    """Annotate the latest assessment (on or before `per`): `tahap_terakhir` (None: never assessed),
    `tanggal_penilaian_terakhir` and `usulan_tahap_terakhir`, as subqueries (no query per row)."""
    terakhir = _penilaian_terakhir(per)
    return qs.annotate(
        tahap_terakhir=Subquery(terakhir.values("tahap")[:1]),
        tanggal_penilaian_terakhir=Subquery(terakhir.values("tanggal")[:1]),
        usulan_tahap_terakhir=Subquery(terakhir.values("usulan_tahap")[:1]),
    )


def saring_tahap(qs: QuerySet[Any], tahap: str) -> QuerySet[Any]:
    """Filter a `dengan_tahap` queryset by the latest stage; `belum` keeps the KSMs never assessed."""
    if tahap == BELUM_DINILAI:
        return qs.filter(tahap_terakhir__isnull=True)
    if tahap in Tahap.values:
        return qs.filter(tahap_terakhir=tahap)
    return qs


def riwayat_penilaian(ksm: KSM) -> QuerySet[Penilaian]:
    """The KSM's assessments, newest first, with their ten indicator rows and the assessor (three queries)."""
    return (
        Penilaian.objects.filter(ksm=ksm)
        .select_related("oleh")
        .prefetch_related("indikator")
        .order_by("-tanggal", "-pk")
    )


WARNA_TAHAP = {Tahap.TUNAS: "#975a16", Tahap.TUMBUH: "#2b7a9b", Tahap.KEMBANG: "#1f6f50"}


def grafik_jalur_tahap(ksm: KSM, penilaian: list[Penilaian]) -> dict[str, Any]:
    """Chart.js config of the path over time: the total of each assessment (oldest first), each point in the
    colour of its stage, and the policy's stage bounds as dashed lines. The page shows the same as a table."""
    from kotaku.selectors import kebijakan_berlaku
    from kotaku.tanggal import format_tanggal, hari_ini

    kebijakan = kebijakan_berlaku(lkm=ksm.lkm, tanggal=hari_ini())
    urut = sorted(penilaian, key=lambda p: (p.tanggal, p.pk))
    n = len(urut)
    return {
        "type": "line",
        "data": {
            "labels": [format_tanggal(p.tanggal) for p in urut],
            "datasets": [
                {
                    "label": "Total skor",
                    "data": [p.total for p in urut],
                    "borderColor": "#495057",
                    "pointBackgroundColor": [WARNA_TAHAP[Tahap(p.tahap)] for p in urut],
                    "pointBorderColor": [WARNA_TAHAP[Tahap(p.tahap)] for p in urut],
                    "pointRadius": 6,
                    "tension": 0,
                    "clip": False,  # a point at 30 (the top) is drawn whole
                },
                {
                    "label": f"Batas Tumbuh ({kebijakan.tahap_tumbuh_min})",
                    "data": [kebijakan.tahap_tumbuh_min] * n,
                    "borderColor": WARNA_TAHAP[Tahap.TUMBUH],
                    "borderDash": [5, 5],
                    "pointRadius": 0,
                },
                {
                    "label": f"Batas Kembang ({kebijakan.tahap_kembang_min})",
                    "data": [kebijakan.tahap_kembang_min] * n,
                    "borderColor": WARNA_TAHAP[Tahap.KEMBANG],
                    "borderDash": [5, 5],
                    "pointRadius": 0,
                },
            ],
        },
        "options": {
            "scales": {"y": {"min": 0, "max": 30}},
            "plugins": {"legend": {"position": "bottom", "labels": {"boxWidth": 14}}},
        },
    }
