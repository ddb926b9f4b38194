"""A loan history in bulk (pinjaman/riwayat.py): the same rows and journals as cairkan + catat_pembayaran."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kotaku.buku.models import Jurnal
from kotaku.buku.selectors import saldo_akun, total_tidak_seimbang
from kotaku.errors import KesalahanDomain, KonflikStatus
from kotaku.models import Peran
from pinjaman import services
from pinjaman.models import Angsuran, Pembayaran, Pinjaman, RincianPembayaran
from pinjaman.riwayat import BayarRiwayat, RiwayatPinjaman, catat_riwayat_pinjaman
from pinjaman.selectors import posisi_pinjaman
from pinjaman.services import BagianDiminta
from tests.ksm.factories import ksm_dengan_anggota

CAIR = date(2019, 1, 10)


def _disetujui(
    ksm, orang, pokok: list[int] | int, *, jangka=10, frekuensi="bulanan", metode=None
) -> Pinjaman:
    anggota = [k.anggota for k in ksm.keanggotaan.filter(tanggal_keluar__isnull=True).order_by("pk")]
    pokok = pokok if isinstance(pokok, list) else [pokok] * len(anggota)
    p = services.ajukan_pinjaman(
        ksm=ksm,
        tanggal_pengajuan=date(2019, 1, 2),
        jangka_bulan=jangka,
        frekuensi=frekuensi,
        bagian=[BagianDiminta(a, x) for a, x in zip(anggota, pokok, strict=False)],
        oleh=orang[Peran.PETUGAS_PINJAMAN],
        metode_jasa=metode,
    )
    services.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])
    return services.setujui(pinjaman=p, oleh=orang[Peran.PENGURUS_LKM])


def _potret(pinjaman_id: int) -> tuple[object, ...]:
    p = Pinjaman.objects.get(pk=pinjaman_id)
    angsuran = sorted(
        (a.bagian.anggota_id, a.ke, a.jatuh_tempo, a.pokok, a.jasa)
        for a in Angsuran.objects.filter(pinjaman=p).select_related("bagian")
    )
    bayar = [
        (b.tanggal, b.jumlah, b.pokok, b.jasa, b.kunci, b.akun_kas, b.jurnal_id is not None)
        for b in Pembayaran.objects.filter(pinjaman=p).order_by("tanggal", "pk")
    ]
    rincian = sorted(
        (r.pembayaran.kunci, r.angsuran.bagian.anggota_id, r.angsuran.ke, r.tanggal, r.pokok, r.jasa, r.versi)
        for r in RincianPembayaran.objects.filter(pinjaman=p).select_related("pembayaran", "angsuran__bagian")
    )
    jurnal = [
        (
            j.nomor,
            j.tanggal,
            j.uraian,
            j.sumber_jenis.model if j.sumber_jenis else None,
            tuple((b.akun.kode, b.debit, b.kredit) for b in j.baris.select_related("akun").order_by("id")),
        )
        for j in Jurnal.objects.filter(lkm=p.lkm).select_related("sumber_jenis").order_by("tahun", "urut")
    ]
    posisi = [posisi_pinjaman(pinjaman=p, per=CAIR + timedelta(days=d)) for d in (0, 45, 200, 500)]
    return (p.status, p.tanggal_cair, p.tanggal_lunas, p.kunci_cair, angsuran, bayar, rincian, jurnal, posisi)


def test_a_laris_jaya_history_in_bulk(orang, lkm_bukur):
    ksm = ksm_dengan_anggota(6, lkm=lkm_bukur, nama="KSM Laris Jaya")
    p = _disetujui(ksm, orang, 500_000)
    hasil = catat_riwayat_pinjaman(
        lkm=lkm_bukur,
        riwayat=[
            RiwayatPinjaman(
                pinjaman=p,
                tanggal_cair=CAIR,
                kunci_cair="cair-lj",
                pembayaran=[
                    # Rp 3.000.000 over 10 months flat 1,5%: Rp 345.000 a month (300.000 pokok + 45.000 jasa).
                    BayarRiwayat(date(2019, 2, 10), 345_000, "b1"),
                    BayarRiwayat(date(2019, 3, 10), 345_000, "b2"),
                    BayarRiwayat(date(2019, 4, 10), 100_000, "b3"),  # jasa 45.000 first, then pokok 55.000
                ],
            )
        ],
        oleh=orang[Peran.KASIR],
    )
    assert (hasil.pinjaman, hasil.angsuran, hasil.pembayaran, hasil.jurnal) == (1, 60, 3, 4)
    p.refresh_from_db()
    assert (p.status, p.tanggal_cair, p.kunci_cair) == ("dicairkan", CAIR, "cair-lj")
    assert [(b.pokok, b.jasa) for b in p.pembayaran.order_by("tanggal")] == [
        (300_000, 45_000),
        (300_000, 45_000),
        (55_000, 45_000),
    ]
    posisi = posisi_pinjaman(pinjaman=p, per=date(2019, 4, 30))
    assert (posisi.sisa_pokok, posisi.tunggakan_pokok, posisi.tunggakan_jasa) == (2_345_000, 245_000, 0)
    assert saldo_akun(lkm=lkm_bukur, kode="11030", per=date(2019, 4, 30)) == 2_345_000
    assert saldo_akun(lkm=lkm_bukur, kode="41010", per=date(2019, 4, 30)) == 135_000
    assert saldo_akun(lkm=lkm_bukur, kode="11010", per=date(2019, 4, 30)) == -3_000_000 + 790_000
    # the same history again records nothing new
    lagi = catat_riwayat_pinjaman(
        lkm=lkm_bukur,
        riwayat=[RiwayatPinjaman(pinjaman=p, tanggal_cair=CAIR, kunci_cair="cair-lj")],
        oleh=orang[Peran.KASIR],
    )
    assert lagi.pinjaman == 0 and Pembayaran.objects.count() == 3 and Jurnal.objects.count() == 4


def test_history_before_the_opening_balance_has_no_journal(orang, lkm_bukur):
    ksm = ksm_dengan_anggota(5, lkm=lkm_bukur)
    p = _disetujui(ksm, orang, 1_000_000)
    Pinjaman.objects.filter(pk=p.pk).update(tanggal_pengajuan=date(2017, 10, 1))
    catat_riwayat_pinjaman(
        lkm=lkm_bukur,
        riwayat=[
            RiwayatPinjaman(
                pinjaman=p,
                tanggal_cair=date(2017, 10, 5),
                kunci_cair="lama",
                # Rp 5.000.000 over 10 months: 500.000 pokok + 75.000 jasa a month
                pembayaran=[
                    BayarRiwayat(date(2017, 11, 5), 575_000, "a"),
                    BayarRiwayat(date(2018, 1, 5), 1_150_000, "b"),
                ],
            )
        ],
        oleh=orang[Peran.KASIR],
        saldo_awal_per=date(2017, 12, 31),
    )
    jurnal = list(Jurnal.objects.filter(lkm=lkm_bukur))
    assert len(jurnal) == 1 and jurnal[0].tanggal == date(2018, 1, 5)
    assert [
        (b.akun.kode, b.debit, b.kredit) for b in jurnal[0].baris.select_related("akun").order_by("id")
    ] == [
        ("11010", 1_150_000, 0),
        ("11030", 0, 1_000_000),
        ("41010", 0, 150_000),
    ]
    assert Pembayaran.objects.get(kunci="a").jurnal_id is None
    assert posisi_pinjaman(pinjaman=p, per=date(2018, 1, 5)).sisa_pokok == 3_500_000


def test_refusals_name_the_loan_and_record_nothing(orang, lkm_bukur):
    a = _disetujui(ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM Mawar"), orang, 200_000)
    b = _disetujui(ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM Melati"), orang, 200_000)
    baik = RiwayatPinjaman(
        pinjaman=a,
        tanggal_cair=CAIR,
        kunci_cair="a",
        pembayaran=[BayarRiwayat(date(2019, 2, 10), 115_000, "1")],
    )
    # the whole of b is Rp 1.000.000 of pokok plus the jasa billable by then (the due 10 Feb instalment and
    # the next one, as at the desk: 2 x 15.000): Rp 1.030.001 is too much
    lebih = RiwayatPinjaman(
        pinjaman=b,
        tanggal_cair=CAIR,
        kunci_cair="b",
        pembayaran=[BayarRiwayat(date(2019, 2, 10), 1_030_001, "1")],
    )
    with pytest.raises(KesalahanDomain) as info:
        catat_riwayat_pinjaman(lkm=lkm_bukur, riwayat=[baik, lebih], oleh=orang[Peran.KASIR])
    assert info.value.pesan == (
        f"Pembayaran pinjaman #{b.pk} KSM Melati 10 Februari 2019: "
        "Pembayaran Rp 1.030.001 melebihi sisa kewajiban Rp 1.030.000."
    )
    sebelum = RiwayatPinjaman(
        pinjaman=b, tanggal_cair=CAIR, kunci_cair="b", pembayaran=[BayarRiwayat(date(2019, 1, 9), 1, "1")]
    )
    with pytest.raises(KesalahanDomain, match="harus antara pencairan dan hari ini"):
        catat_riwayat_pinjaman(lkm=lkm_bukur, riwayat=[sebelum], oleh=orang[Peran.KASIR])
    lunas = RiwayatPinjaman(  # everything (1.000.000 pokok + 150.000 jasa) paid on the last due date
        pinjaman=b,
        tanggal_cair=CAIR,
        kunci_cair="b",
        pembayaran=[
            BayarRiwayat(date(2019, 11, 10), 1_150_000, "1"),
            BayarRiwayat(date(2019, 12, 10), 5, "2"),
        ],
    )
    with pytest.raises(KonflikStatus, match="sudah lunas 10 November 2019; pembayaran 10 Desember 2019"):
        catat_riwayat_pinjaman(lkm=lkm_bukur, riwayat=[lunas], oleh=orang[Peran.KASIR])
    assert not Angsuran.objects.exists() and not Pembayaran.objects.exists() and not Jurnal.objects.exists()
    assert set(Pinjaman.objects.values_list("status", flat=True)) == {"disetujui"}
    diajukan = Pinjaman.objects.create(
        lkm=lkm_bukur,
        ksm=a.ksm,
        tanggal_pengajuan=date(2019, 1, 2),
        jangka_bulan=10,
        metode_jasa="flat",
        jasa_persen_per_bulan=Decimal("1.5"),
        pokok=1,
        diajukan_oleh=orang[Peran.PETUGAS_PINJAMAN],
    )
    with pytest.raises(KonflikStatus, match="berstatus diajukan; tidak bisa dicairkan"):
        catat_riwayat_pinjaman(
            lkm=lkm_bukur,
            riwayat=[RiwayatPinjaman(pinjaman=diajukan, tanggal_cair=CAIR, kunci_cair="c")],
            oleh=orang[Peran.KASIR],
        )


@pytest.mark.parametrize("n", [2, 6])
def test_the_query_count_does_not_grow_with_the_loans(orang, lkm_bukur, django_assert_num_queries, n):
    riwayat = []
    for i in range(n):
        p = _disetujui(ksm_dengan_anggota(5, lkm=lkm_bukur, nama=f"KSM {i}"), orang, 300_000)
        riwayat.append(
            RiwayatPinjaman(
                pinjaman=p,
                tanggal_cair=CAIR,
                kunci_cair=f"c{i}",
                pembayaran=[BayarRiwayat(date(2019, m, 10), 172_500, f"{m}") for m in range(2, 8)],
            )
        )
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(Pinjaman, Pembayaran)  # cached per process: not part of the count
    with django_assert_num_queries(43):
        catat_riwayat_pinjaman(lkm=lkm_bukur, riwayat=riwayat, oleh=orang[Peran.KASIR])
    assert Pembayaran.objects.count() == 6 * n and total_tidak_seimbang(lkm=lkm_bukur) == 0


# ---- the batch path equals the one-by-one path -------------------------------------------------------------

syarat = st.fixed_dictionaries(
    {
        "pokok": st.lists(
            st.sampled_from([100_000, 250_000, 500_000, 750_000, 1_000_000]), min_size=5, max_size=5
        ),
        "jangka": st.integers(3, 12),
        "frekuensi": st.sampled_from(["bulanan", "dua_mingguan", "mingguan"]),
        "metode": st.sampled_from(["flat", "menurun"]),
        "bayar": st.lists(st.tuples(st.integers(0, 60), st.integers(1, 2_500_000)), min_size=0, max_size=12),
        "lunasi": st.sampled_from([None, "lunas", "lunas lalu bayar lagi"]),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(syarat)
def test_property_history_in_bulk_equals_one_by_one(orang, lkm_bukur, ksm_uji, data):
    sid_luar = transaction.savepoint()
    try:
        p = _disetujui(
            ksm_uji,
            orang,
            data["pokok"],
            jangka=data["jangka"],
            frekuensi=data["frekuensi"],
            metode=data["metode"],
        )
        tanggal = CAIR
        bayar = []
        for i, (hari, jumlah) in enumerate(data["bayar"]):
            tanggal += timedelta(days=hari)
            bayar.append(BayarRiwayat(tanggal, jumlah, f"k{i}"))
        if data["lunasi"]:  # pay off whatever is left after the last due date: the loan closes (lunas)
            from pinjaman.jadwal import hitung_jadwal

            total = sum(
                b.jumlah
                for x in data["pokok"]
                for b in hitung_jadwal(
                    pokok=x,
                    jangka_bulan=data["jangka"],
                    frekuensi=data["frekuensi"],
                    metode=data["metode"],
                    jasa_persen=Decimal("1.5"),
                    tanggal_cair=CAIR,
                )
            )
            akhir = max(tanggal, CAIR + timedelta(days=31 * data["jangka"] + 5))
            if (sisa := total - sum(b.jumlah for b in bayar)) > 0:
                bayar.append(BayarRiwayat(akhir, sisa, "lunas"))
            if data["lunasi"] == "lunas lalu bayar lagi":
                bayar.append(BayarRiwayat(akhir + timedelta(days=3), 1_000, "setelah"))
        kasir = orang[Peran.KASIR]

        sid = transaction.savepoint()
        try:
            services.cairkan(pinjaman=p, tanggal=CAIR, kunci="cair", oleh=kasir)
            ditolak_satu = False
            for b in bayar:
                try:
                    services.catat_pembayaran(
                        pinjaman=p, tanggal=b.tanggal, jumlah=b.jumlah, kunci=b.kunci, oleh=kasir
                    )
                except KesalahanDomain:
                    ditolak_satu = True
                    break
            satu = _potret(p.pk)
        finally:
            transaction.savepoint_rollback(sid)

        sid = transaction.savepoint()
        try:
            try:
                catat_riwayat_pinjaman(
                    lkm=lkm_bukur,
                    riwayat=[
                        RiwayatPinjaman(pinjaman=p, tanggal_cair=CAIR, kunci_cair="cair", pembayaran=bayar)
                    ],
                    oleh=kasir,
                )
                ditolak_massal = False
            except KesalahanDomain:
                ditolak_massal = True
            massal = _potret(p.pk)
        finally:
            transaction.savepoint_rollback(sid)
        assert ditolak_satu == ditolak_massal
        event("ditolak" if ditolak_satu else f"{len(bayar)} pembayaran, {satu[0]}")
        if not ditolak_satu:
            assert massal == satu
    finally:
        transaction.savepoint_rollback(sid_luar)


@pytest.fixture
def ksm_uji(lkm_bukur, orang):
    return ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM Sumber Rejeki")
