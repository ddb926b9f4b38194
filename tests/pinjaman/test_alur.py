"""Loans end to end through the services: apply, verify, approve, disburse, pay, reverse; journals and
arrears."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from kotaku.buku.models import Jurnal
from kotaku.buku.selectors import saldo_akun
from kotaku.errors import KesalahanDomain, KonflikStatus
from kotaku.models import Peran
from kotaku.uang import format_rupiah
from pinjaman import services
from pinjaman.models import Angsuran, Pembayaran, Pinjaman
from pinjaman.selectors import posisi_pinjaman
from pinjaman.services import BagianDiminta, BayarAnggota
from tests.bantuan import ubah_kebijakan_awal
from tests.ksm.factories import ksm_dengan_anggota
from tests.pinjaman.conftest import cair


@pytest.fixture
def laris_jaya(orang, lkm_bukur):
    return ksm_dengan_anggota(6, lkm=lkm_bukur, nama="KSM Laris Jaya")


def _ajukan(ksm, orang, pokok=500_000, jangka=10, **kw):
    anggota = [
        k.anggota for k in ksm.keanggotaan.filter(tanggal_keluar__isnull=True).select_related("anggota")
    ]
    return services.ajukan_pinjaman(
        ksm=ksm,
        tanggal_pengajuan=date(2019, 1, 2),
        jangka_bulan=jangka,
        frekuensi="bulanan",
        bagian=[BagianDiminta(a, pokok) for a in anggota],
        oleh=orang[Peran.PETUGAS_PINJAMAN],
        **kw,
    )


def _sampai_cair(ksm, orang, tanggal=date(2019, 1, 10), **kw):
    return cair(ksm, orang, pokok=kw.pop("pokok", 500_000), tanggal=tanggal, kunci="cair-1", **kw)


def test_laris_jaya_6_x_500_000_over_10_months(laris_jaya, orang, lkm_bukur):
    p = _sampai_cair(laris_jaya, orang)
    assert (p.status, p.pokok) == ("dicairkan", 3_000_000)
    ksm_per_bulan = {}
    for a in Angsuran.objects.filter(pinjaman=p):
        pk, js = ksm_per_bulan.get(a.ke, (0, 0))
        ksm_per_bulan[a.ke] = (pk + a.pokok, js + a.jasa)
    assert ksm_per_bulan == {ke: (300_000, 45_000) for ke in range(1, 11)}
    assert Angsuran.objects.get(pinjaman=p, ke=1, bagian__anggota__nama="Sumiati").jatuh_tempo == date(
        2019, 2, 10
    )
    assert saldo_akun(lkm=lkm_bukur, kode="11030", per=date(2019, 1, 10)) == 3_000_000
    assert Jurnal.objects.filter(lkm=lkm_bukur).count() == 1


def test_repayment_jasa_first_then_pokok_and_the_journal(laris_jaya, orang, lkm_bukur):
    p = _sampai_cair(laris_jaya, orang)
    bayar = services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 2, 10), jumlah=345_000, kunci="a1", oleh=orang[Peran.KASIR]
    )
    assert (bayar.jasa, bayar.pokok) == (45_000, 300_000)
    assert saldo_akun(lkm=lkm_bukur, kode="41010", per=date(2019, 2, 28)) == 45_000
    assert saldo_akun(lkm=lkm_bukur, kode="11030", per=date(2019, 2, 28)) == 2_700_000
    sebagian = services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 3, 10), jumlah=100_000, kunci="a2", oleh=orang[Peran.KASIR]
    )
    assert (sebagian.jasa, sebagian.pokok) == (45_000, 55_000)


def test_a_retried_payment_posts_once(laris_jaya, orang, lkm_bukur):
    p = _sampai_cair(laris_jaya, orang)
    a = services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 2, 10), jumlah=345_000, kunci="sama", oleh=orang[Peran.KASIR]
    )
    b = services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 2, 10), jumlah=345_000, kunci="sama", oleh=orang[Peran.KASIR]
    )
    assert a.pk == b.pk and Pembayaran.objects.count() == 1
    assert saldo_akun(lkm=lkm_bukur, kode="11030", per=date(2019, 2, 28)) == 2_700_000


def test_collection_sheet_with_tanggung_renteng_cover(laris_jaya, orang):
    p = _sampai_cair(laris_jaya, orang)
    anggota = [b.anggota for b in p.bagian.order_by("pk")]
    rincian = [BayarAnggota(a.pk, 57_500) for a in anggota[:5]]
    rincian.append(BayarAnggota(anggota[5].pk, 57_500, dibayar_oleh_id=anggota[0].pk))  # the chair covers
    bayar = services.catat_pembayaran(
        pinjaman=p,
        tanggal=date(2019, 2, 10),
        jumlah=345_000,
        kunci="lembar-1",
        oleh=orang[Peran.KASIR],
        rincian=rincian,
    )
    assert (bayar.pokok, bayar.jasa) == (300_000, 45_000)
    ditanggung = bayar.rincian.get(angsuran__bagian__anggota=anggota[5])
    assert (ditanggung.pokok, ditanggung.jasa, ditanggung.dibayar_oleh_id) == (50_000, 7_500, anggota[0].pk)


def test_overpayment_is_refused_and_nothing_posted(laris_jaya, orang, lkm_bukur):
    p = _sampai_cair(laris_jaya, orang)
    # On 10 Feb: jasa of instalment 1 (due that day) and of instalment 2 (10 Mar, within one month: due at
    # this
    # meeting, DOMAIN.md §4) = 90.000, plus all pokok 3.000.000.
    with pytest.raises(KesalahanDomain, match="melebihi sisa kewajiban Rp 3.090.000"):
        services.catat_pembayaran(
            pinjaman=p, tanggal=date(2019, 2, 10), jumlah=5_000_000, kunci="x", oleh=orang[Peran.KASIR]
        )
    assert Pembayaran.objects.count() == 0 and Jurnal.objects.filter(lkm=lkm_bukur).count() == 1


def test_prepayment_and_full_repayment_closes_the_loan(laris_jaya, orang):
    p = _sampai_cair(laris_jaya, orang)
    # on 10 Feb: jasa of instalments 1 and 2 (the next one, 10 Mar, is within one month) 90.000 + all pokok
    # 3.000.000 = 3.090.000 closes everything due and all future pokok
    services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 2, 10), jumlah=3_090_000, kunci="lunas", oleh=orang[Peran.KASIR]
    )
    p.refresh_from_db()
    posisi = posisi_pinjaman(pinjaman=p, per=date(2019, 2, 10))
    assert posisi.sisa_pokok == 0
    # flat jasa of future months stays due on its dates (DOMAIN: prepayment is of pokok), so not yet lunas
    assert p.status == "dicairkan"


def test_arrears_and_kolektibilitas_as_of_dates(laris_jaya, orang):
    p = _sampai_cair(laris_jaya, orang)
    services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 2, 10), jumlah=345_000, kunci="k1", oleh=orang[Peran.KASIR]
    )
    tabel = [
        (date(2019, 2, 10), 0, 0, Decimal("0"), 1),
        (date(2019, 3, 10), 300_000, 45_000, Decimal("1"), 2),
        (date(2019, 6, 10), 1_200_000, 180_000, Decimal("4"), 3),
        (date(2019, 9, 10), 2_100_000, 315_000, Decimal("7"), 4),
        (date(2019, 11, 10), 2_700_000, 405_000, Decimal("9"), 4),
        (date(2019, 12, 10), 2_700_000, 405_000, Decimal("9"), 4),
    ]
    for per, t_pokok, t_jasa, bulan, kol in tabel:
        pos = posisi_pinjaman(pinjaman=p, per=per)
        assert (pos.tunggakan_pokok, pos.tunggakan_jasa, pos.bulan_tunggakan, pos.kolektibilitas) == (
            t_pokok,
            t_jasa,
            bulan,
            kol,
        ), per
        assert pos.sisa_pokok == 2_700_000


def test_reversal_by_the_manager(laris_jaya, orang, lkm_bukur):
    p = _sampai_cair(laris_jaya, orang)
    bayar = services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 2, 10), jumlah=345_000, kunci="r1", oleh=orang[Peran.KASIR]
    )
    with pytest.raises(PermissionDenied):
        services.balik_pembayaran(pembayaran=bayar, alasan="salah", oleh=orang[Peran.KASIR])
    services.balik_pembayaran(
        pembayaran=bayar, alasan="Salah KSM", oleh=orang[Peran.MANAJER_UPK], tanggal=date(2019, 2, 11)
    )
    assert posisi_pinjaman(pinjaman=p, per=date(2019, 2, 11)).sisa_pokok == 3_000_000
    assert saldo_akun(lkm=lkm_bukur, kode="11030", per=date(2019, 2, 11)) == 3_000_000
    assert saldo_akun(lkm=lkm_bukur, kode="41010", per=date(2019, 2, 11)) == 0
    with pytest.raises(KonflikStatus):
        services.balik_pembayaran(pembayaran=bayar, alasan="lagi", oleh=orang[Peran.MANAJER_UPK])


# ---- refusals ----------------------------------------------------------------------------------------------


def test_an_ineligible_ksm_is_refused_naming_each_rule(orang, lkm_bukur):
    ubah_kebijakan_awal(lkm_bukur, wajib_tiga_bulan=True)
    ksm = ksm_dengan_anggota(4, lkm=lkm_bukur)
    with pytest.raises(KesalahanDomain) as info:
        _ajukan(ksm, orang)
    pesan = [e["message"] for e in info.value.errors]
    assert any("4 anggota aktif; minimal 5" in m for m in pesan)
    assert any("3 bulan" in m for m in pesan)
    assert Pinjaman.objects.count() == 0


@pytest.mark.parametrize(
    ("kw", "pesan"),
    [
        ({"pokok": 1_500_000}, "melebihi batas siklus pertama Rp 1.000.000"),
        ({"jangka": 13}, "Jangka 13 bulan di luar kebijakan (3-12 bulan)."),
        ({"jangka": 2}, "Jangka 2 bulan di luar kebijakan (3-12 bulan)."),
        ({"jasa_persen": Decimal("2.5")}, "Jasa 2.5% per bulan di luar kebijakan"),
    ],
)
def test_limits_terms_and_rates_outside_policy(laris_jaya, orang, kw, pesan):
    with pytest.raises(
        KesalahanDomain, match=pesan.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")
    ):
        _ajukan(laris_jaya, orang, **kw)
    assert Pinjaman.objects.count() == 0


def test_approval_by_the_verifier_is_refused(laris_jaya, orang, buat_pengguna, lkm_bukur):
    ubah_kebijakan_awal(lkm_bukur, persetujuan_oleh="manajer_upk")
    p = _ajukan(laris_jaya, orang)
    services.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])
    with pytest.raises(KesalahanDomain, match="Persetujuan harus oleh orang yang berbeda dari verifikator."):
        services.setujui(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])
    p.refresh_from_db()
    assert p.status == "diverifikasi"


def test_disbursement_before_approval_and_payment_before_disbursement(laris_jaya, orang):
    p = _ajukan(laris_jaya, orang)
    with pytest.raises(KonflikStatus, match="tidak bisa dicairkan"):
        services.cairkan(pinjaman=p, tanggal=date(2019, 1, 10), kunci="c", oleh=orang[Peran.KASIR])
    with pytest.raises(KonflikStatus, match="tidak bisa menerima pembayaran"):
        services.catat_pembayaran(
            pinjaman=p, tanggal=date(2019, 1, 10), jumlah=1000, kunci="b", oleh=orang[Peran.KASIR]
        )


def test_payment_dated_before_disbursement_or_in_a_closed_month(laris_jaya, orang, buat_pengguna, lkm_bukur):
    from kotaku.buku.services import tutup_bulan

    p = _sampai_cair(laris_jaya, orang)
    with pytest.raises(KesalahanDomain, match="sebelum pencairan"):
        services.catat_pembayaran(
            pinjaman=p, tanggal=date(2019, 1, 5), jumlah=1000, kunci="b1", oleh=orang[Peran.KASIR]
        )
    tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=2, oleh=buat_pengguna(Peran.PEMBUKU, lkm_bukur))
    with pytest.raises(KesalahanDomain, match="Bulan Februari 2019 sudah ditutup"):
        services.catat_pembayaran(
            pinjaman=p, tanggal=date(2019, 2, 10), jumlah=345_000, kunci="b2", oleh=orang[Peran.KASIR]
        )
    assert Pembayaran.objects.count() == 0


def test_rejection_needs_a_reason_and_blocks_later_steps(laris_jaya, orang):
    p = _ajukan(laris_jaya, orang)
    with pytest.raises(KesalahanDomain, match="Alasan penolakan wajib diisi."):
        services.tolak(pinjaman=p, oleh=orang[Peran.MANAJER_UPK], alasan=" ")
    services.tolak(pinjaman=p, oleh=orang[Peran.MANAJER_UPK], alasan="Usaha belum berjalan")
    with pytest.raises(KonflikStatus):
        services.verifikasi(pinjaman=p, oleh=orang[Peran.MANAJER_UPK])


def test_a_member_in_another_ksms_running_loan(laris_jaya, orang, lkm_bukur):
    from ksm.models import Keanggotaan

    _sampai_cair(laris_jaya, orang)
    lain = ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM Mawar")
    pindah = laris_jaya.keanggotaan.first()
    Keanggotaan.objects.filter(pk=pindah.pk).update(tanggal_keluar=date(2019, 1, 20), pinjaman_bergulir=False)
    Keanggotaan.objects.create(
        ksm=lain,
        anggota=pindah.anggota,
        tanggal_bergabung=date(2019, 1, 20),
        tanggal_tanggung_renteng=date(2019, 1, 20),
        pinjaman_bergulir=True,
    )
    with pytest.raises(KesalahanDomain, match="masih menjadi peminjam pada pinjaman berjalan KSM Laris Jaya"):
        services.ajukan_pinjaman(
            ksm=lain,
            tanggal_pengajuan=date(2019, 1, 25),
            jangka_bulan=10,
            frekuensi="bulanan",
            bagian=[BagianDiminta(k.anggota, 500_000) for k in lain.keanggotaan.all()],
            oleh=orang[Peran.PETUGAS_PINJAMAN],
        )


def test_a_running_loan_is_judged_as_of_the_date_and_a_back_dated_application_is_refused(laris_jaya, orang):
    """Eligibility as of a date sees the loans running on that date: before the 10 January disbursement there
    is none, after it there is one. An application dated 2 January entered while that loan runs is refused
    all the same: it would be a second concurrent loan."""
    from ksm.kelayakan import cek_kelayakan

    p = _sampai_cair(laris_jaya, orang)
    berjalan = f"KSM masih punya pinjaman berjalan #{p.pk} (dicairkan 10 Januari 2019)"
    assert not any(berjalan in a for a in cek_kelayakan(laris_jaya, per=date(2019, 1, 9)).alasan)
    assert any(berjalan in a for a in cek_kelayakan(laris_jaya, per=date(2019, 1, 31)).alasan)
    sebelum = Pinjaman.objects.count()
    with pytest.raises(KesalahanDomain) as galat:
        _ajukan(laris_jaya, orang)
    assert (
        f"KSM sudah menerima pinjaman #{p.pk} pada 10 Januari 2019, sesudah tanggal pengajuan ini, dan "
        "pinjaman "
        "itu masih berjalan" in str(galat.value)
    )
    assert Pinjaman.objects.count() == sebelum


def test_the_next_cycle_is_applied_for_before_the_last_instalment_and_disbursed_once_repaid(
    laris_jaya, orang, monkeypatch
):
    """A 3-month loan of Rp 3.000.000 disbursed 10 Jan 2019 ends 10 Apr 2019. On 3 Apr
    the next loan may be applied for (a warning says it must be repaid first); disbursing on 9 Apr is refused
    while it runs; once the last instalment is paid on 10 Apr the new loan is disbursed that day."""
    from ksm.kelayakan import cek_kelayakan

    lama = _sampai_cair(laris_jaya, orang, jangka=3, pokok=500_000)
    tagihan = {ke: 0 for ke in (1, 2, 3)}
    for a in Angsuran.objects.filter(pinjaman=lama):
        tagihan[a.ke] += a.pokok + a.jasa
    assert sum(tagihan.values()) == 3_135_000
    for ke, hari in ((1, date(2019, 2, 10)), (2, date(2019, 3, 10))):
        services.catat_pembayaran(
            pinjaman=lama, tanggal=hari, jumlah=tagihan[ke], kunci=f"b{ke}", oleh=orang[Peran.KASIR]
        )
    hasil = cek_kelayakan(laris_jaya, per=date(2019, 4, 3))
    assert hasil.layak and hasil.peringatan == [
        f"Pinjaman #{lama.pk} (angsuran terakhir 10 April 2019) harus lunas sebelum pinjaman baru dicairkan."
    ]
    assert not cek_kelayakan(laris_jaya, per=date(2019, 3, 3)).layak
    baru = services.ajukan_pinjaman(
        ksm=laris_jaya,
        tanggal_pengajuan=date(2019, 4, 3),
        jangka_bulan=10,
        frekuensi="bulanan",
        bagian=[BagianDiminta(k.anggota, 500_000) for k in laris_jaya.keanggotaan.all()],
        oleh=orang[Peran.PETUGAS_PINJAMAN],
    )
    services.verifikasi(pinjaman=baru, oleh=orang[Peran.MANAJER_UPK])
    services.setujui(pinjaman=baru, oleh=orang[Peran.PENGURUS_LKM])
    with pytest.raises(KesalahanDomain) as galat:
        services.cairkan(pinjaman=baru, tanggal=date(2019, 4, 9), kunci="c2", oleh=orang[Peran.KASIR])
    assert str(galat.value) == (
        f"Pinjaman #{lama.pk} KSM ini masih berjalan pada 9 April 2019 (sisa pokok "
        f"{format_rupiah(tagihan[3] - 45_000)}); "
        f"lunasi dulu sebelum pinjaman #{baru.pk} dicairkan."
    )
    baru.refresh_from_db()
    assert baru.status == "disetujui" and not Angsuran.objects.filter(pinjaman=baru).exists()
    services.catat_pembayaran(
        pinjaman=lama, tanggal=date(2019, 4, 10), jumlah=tagihan[3], kunci="b3", oleh=orang[Peran.KASIR]
    )
    lama.refresh_from_db()
    assert (lama.status, lama.tanggal_lunas) == ("lunas", date(2019, 4, 10))
    baru = services.cairkan(pinjaman=baru, tanggal=date(2019, 4, 10), kunci="c2", oleh=orang[Peran.KASIR])
    assert baru.status == "dicairkan"


def test_write_off_only_kol_5_then_recovery_is_income(laris_jaya, orang, lkm_bukur):
    p = _sampai_cair(laris_jaya, orang)
    pengurus = orang[Peran.PENGURUS_LKM]
    with pytest.raises(
        KesalahanDomain,
        match="Hanya pinjaman Kol 5 \\(macet\\) yang boleh dihapusbukukan; pinjaman ini Kol 2.",
    ):
        services.hapus_buku(
            pinjaman=p,
            tanggal=date(2019, 4, 30),
            nomor_keputusan="01/2019",
            tanggal_keputusan=date(2019, 4, 30),
            kunci="hb-1",
            oleh=pengurus,
        )
    with pytest.raises(PermissionDenied):
        services.hapus_buku(
            pinjaman=p,
            tanggal=date(2019, 12, 31),
            nomor_keputusan="x",
            tanggal_keputusan=date(2019, 12, 31),
            kunci="hb-2",
            oleh=orang[Peran.MANAJER_UPK],
        )
    # nothing paid: on 31 Dec 2019, 10 months are due and unpaid -> Kol 5
    hb = services.hapus_buku(
        pinjaman=p,
        tanggal=date(2019, 12, 31),
        nomor_keputusan="07/LKM-B/XII/2019",
        tanggal_keputusan=date(2019, 12, 20),
        kunci="hb-3",
        oleh=pengurus,
    )
    assert (hb.sisa_pokok, hb.tunggakan_jasa) == (3_000_000, 450_000)
    assert saldo_akun(lkm=lkm_bukur, kode="11030", per=date(2019, 12, 31)) == 0
    assert saldo_akun(lkm=lkm_bukur, kode="12010", per=date(2019, 12, 31)) == -3_000_000
    p.refresh_from_db()
    assert p.status == "dihapusbukukan"
    kasir = orang[Peran.KASIR]
    services.catat_pemulihan(pinjaman=p, tanggal=date(2020, 2, 1), jumlah=250_000, kunci="p1", oleh=kasir)
    services.catat_pemulihan(pinjaman=p, tanggal=date(2020, 2, 1), jumlah=250_000, kunci="p1", oleh=kasir)
    assert saldo_akun(lkm=lkm_bukur, kode="41020", per=date(2020, 2, 1)) == 250_000
    with pytest.raises(KesalahanDomain, match="melebihi sisa yang dihapusbukukan Rp 3.200.000"):
        services.catat_pemulihan(
            pinjaman=p, tanggal=date(2020, 2, 2), jumlah=5_000_000, kunci="p2", oleh=kasir
        )


def test_reschedule_keeps_the_old_schedule_and_clears_arrears(laris_jaya, orang, lkm_bukur):
    p = _sampai_cair(laris_jaya, orang)
    services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 2, 10), jumlah=345_000, kunci="j1", oleh=orang[Peran.KASIR]
    )
    # March..May unpaid: 3 months behind on 31 May
    assert posisi_pinjaman(pinjaman=p, per=date(2019, 5, 31)).kolektibilitas == 2
    with pytest.raises(PermissionDenied):
        services.jadwal_ulang(
            pinjaman=p,
            mulai=date(2019, 6, 1),
            jangka_bulan=12,
            nomor_keputusan="x",
            tanggal_keputusan=date(2019, 5, 30),
            oleh=orang[Peran.MANAJER_UPK],
        )
    services.jadwal_ulang(
        pinjaman=p,
        mulai=date(2019, 6, 1),
        jangka_bulan=12,
        nomor_keputusan="09/LKM-B/V/2019",
        tanggal_keputusan=date(2019, 5, 30),
        oleh=orang[Peran.PENGURUS_LKM],
    )
    p.refresh_from_db()
    assert p.versi_jadwal == 2
    assert Angsuran.objects.filter(pinjaman=p, versi=1).count() == 60  # the old schedule stays
    baru = Angsuran.objects.filter(pinjaman=p, versi=2, bagian__anggota__nama="Sumiati").order_by("ke")
    # 450.000 unpaid pokok over 12 months: 37.500 each; flat jasa 1,5% x 450.000 x 12 = 81.000, 6.750 a month
    # rounded to 6.800 (the last takes 6.200); the first also carries the 3 x 7.500 jasa due in March-May
    assert [(a.jatuh_tempo, a.pokok, a.jasa) for a in baru] == [
        (date(2019, 7, 1), 37_500, 6_800 + 22_500)
    ] + [(date(2019 + (6 + k) // 12, (6 + k) % 12 + 1, 1), 37_500, 6_800) for k in range(1, 11)] + [
        (date(2020, 6, 1), 37_500, 6_200)
    ]
    posisi = posisi_pinjaman(pinjaman=p, per=date(2019, 6, 15))
    assert (posisi.sisa_pokok, posisi.tunggakan_pokok, posisi.tunggakan_jasa, posisi.kolektibilitas) == (
        2_700_000,
        0,
        0,
        1,
    )
    services.catat_pembayaran(
        pinjaman=p,
        tanggal=date(2019, 7, 1),
        jumlah=6 * (37_500 + 6_800 + 22_500),
        kunci="j2",
        oleh=orang[Peran.KASIR],
    )
    posisi = posisi_pinjaman(pinjaman=p, per=date(2019, 7, 1))
    assert (posisi.sisa_pokok, posisi.tunggakan_pokok, posisi.tunggakan_jasa) == (2_700_000 - 225_000, 0, 0)


def test_domain_example_a_payment_on_the_disbursement_day_pays_the_first_instalment_jasa_first(
    laris_jaya, orang
):
    """DOMAIN.md §4: Rp 3.000.000 over 10 months flat 1,5%, Rp 100.000 paid on the disbursement day: the first
    instalment falls due one month later, inside one period, so it is due: jasa 45.000, pokok 55.000."""
    p = _sampai_cair(laris_jaya, orang)  # 10 Jan 2019; instalment 1 due 10 Feb: 300.000 + 45.000
    bayar = services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 1, 10), jumlah=100_000, kunci="hari-cair", oleh=orang[Peran.KASIR]
    )
    assert (bayar.jasa, bayar.pokok) == (45_000, 55_000)
    posisi = posisi_pinjaman(pinjaman=p, per=date(2019, 1, 10))
    assert (posisi.sisa_pokok, posisi.tunggakan_pokok, posisi.kolektibilitas) == (2_945_000, 0, 1)
    # On the first due date: pokok 300.000 - 55.000 = 245.000 in arrears, the jasa is paid: Kol 2.
    posisi = posisi_pinjaman(pinjaman=p, per=date(2019, 2, 10))
    assert (posisi.tunggakan_pokok, posisi.tunggakan_jasa, posisi.kolektibilitas) == (245_000, 0, 2)


def test_a_meeting_a_few_days_before_the_due_date_collects_the_instalment(laris_jaya, orang):
    """Issue 10: a meeting on 7 Feb paid the whole instalment due 10 Feb; it went to future pokok and the jasa
    fell into arrears on the due date. Now the instalment is due at the meeting: no arrears on 10 Feb."""
    p = _sampai_cair(laris_jaya, orang)
    bayar = services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 2, 7), jumlah=345_000, kunci="rapat-7-feb", oleh=orang[Peran.KASIR]
    )
    assert (bayar.jasa, bayar.pokok) == (45_000, 300_000)
    posisi = posisi_pinjaman(pinjaman=p, per=date(2019, 2, 10))
    assert (posisi.tunggakan_pokok, posisi.tunggakan_jasa, posisi.kolektibilitas) == (0, 0, 1)


def test_a_meeting_more_than_one_period_ahead_only_prepays_pokok(laris_jaya, orang):
    """Instalment 1 (10 Feb) paid in full on 10 Jan; the next unpaid one falls due 10 Mar, more than one month
    after 10 Jan, so a second payment that day prepays pokok only; its jasa stays on its date."""
    p = _sampai_cair(laris_jaya, orang, tanggal=date(2019, 1, 10))
    services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 1, 10), jumlah=345_000, kunci="awal-1", oleh=orang[Peran.KASIR]
    )
    kedua = services.catat_pembayaran(
        pinjaman=p, tanggal=date(2019, 1, 10), jumlah=345_000, kunci="awal-2", oleh=orang[Peran.KASIR]
    )
    assert (kedua.jasa, kedua.pokok) == (0, 345_000)
