"""The task inbox per role (maker-checker respected), its home-page fragment and the menu badge."""

from __future__ import annotations

from datetime import date

import pytest

from kotaku.buku.services import tutup_bulan
from kotaku.models import Peran
from laporan import kotak_tugas
from laporan.kotak_tugas import tugas_untuk
from pinjaman import services
from pinjaman.services import BagianDiminta, sesuaikan_cadangan
from tests.bantuan import ubah_kebijakan_awal
from tests.ksm.factories import ksm_dengan_anggota
from tests.laporan.conftest import biaya, ksm_berpinjaman, modal

HARI = date(2019, 6, 15)  # "today" for the inbox: last month end is 31 May 2019


@pytest.fixture(autouse=True)
def _hari_ini(monkeypatch):
    monkeypatch.setattr(kotak_tugas, "hari_ini", lambda: HARI)


def _ajukan(ksm, oleh):
    return services.ajukan_pinjaman(
        ksm=ksm,
        tanggal_pengajuan=date(2019, 6, 1),
        jangka_bulan=10,
        frekuensi="bulanan",
        bagian=[BagianDiminta(k.anggota, 500_000) for k in ksm.keanggotaan.all()],
        oleh=oleh,
    )


def _ringkas(user) -> dict[str, int]:
    return {t.kunci: t.jumlah for t in tugas_untuk(user)}


def test_loans_waiting_for_me_never_my_own(lkm_bukur, orang, buat_pengguna):
    petugas, manajer, pengurus, kasir = (
        orang[Peran.PETUGAS_PINJAMAN],
        orang[Peran.MANAJER_UPK],
        orang[Peran.PENGURUS_LKM],
        orang[Peran.KASIR],
    )
    manajer_lain = buat_pengguna(Peran.MANAJER_UPK, lkm_bukur)
    a = _ajukan(ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM A"), petugas)
    _ajukan(ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM B"), petugas)
    _ajukan(
        ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM C"), manajer
    )  # the Manajer applied: not his to verify
    assert _ringkas(manajer) == {"verifikasi": 2}
    assert _ringkas(manajer_lain) == {"verifikasi": 3}
    services.verifikasi(pinjaman=a, oleh=manajer)
    assert _ringkas(pengurus) == {"persetujuan": 1}
    # Where the policy says the Manajer approves, the board has none and the verifier never his own.
    ubah_kebijakan_awal(lkm_bukur, persetujuan_oleh="manajer_upk")
    assert "persetujuan" not in _ringkas(pengurus)
    assert _ringkas(manajer) == {"verifikasi": 1}
    assert _ringkas(manajer_lain) == {"verifikasi": 2, "persetujuan": 1}
    ubah_kebijakan_awal(lkm_bukur, persetujuan_oleh="pengurus_lkm")
    services.setujui(pinjaman=a, oleh=pengurus)
    assert _ringkas(kasir) == {"pencairan": 1}
    assert _ringkas(petugas) == {}


def test_months_to_close_for_the_pembuku(lkm_bukur, lkm_kwangsen, buat_pengguna):
    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_bukur)
    assert _ringkas(pembuku) == {}  # no journal yet: nothing to close
    modal(lkm_bukur, date(2019, 2, 3), 1_000_000)
    # February..May ended (June is running): 4 months; February closed leaves 3.
    (t,) = tugas_untuk(pembuku)
    assert (t.jumlah, t.keterangan) == (
        4,
        "Februari 2019 s.d. Mei 2019, 4 bulan belum ditutup. Periksa buku kas dan neraca, lalu tutup.",
    )
    assert t.url == f"/buku/{lkm_bukur.pk}/tutup-bulan/"
    tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=2, oleh=pembuku)
    assert _ringkas(pembuku) == {f"tutup-{lkm_bukur.pk}": 3}
    modal(lkm_kwangsen, date(2019, 5, 2), 1_000_000)
    assert _ringkas(pembuku) == {f"tutup-{lkm_bukur.pk}": 3}  # Kwangsen is not his


def test_reserve_true_up_pending_until_booked(lkm_bukur, orang, buat_pengguna):
    manajer = orang[Peran.MANAJER_UPK]
    ksm_berpinjaman(lkm_bukur, orang, "KSM Cadangan", per_anggota=1_000_000, cair=date(2019, 5, 2))
    (t,) = [x for x in tugas_untuk(manajer) if x.kunci.startswith("cadangan")]
    # 5.000.000 in Kol 1 on 31 May: 0,5% = 25.000 required, nothing booked.
    assert t.keterangan == "Per 31 Mei 2019 cadangan wajib Rp 25.000, tercatat Rp 0."
    assert t.url == f"/pinjaman/lkm/{lkm_bukur.pk}/kolektibilitas/?per=2019-05-31"
    # Months closed through March: the true-up that comes next is April's (nothing lent yet), not May's.
    pembuku = buat_pengguna(Peran.PEMBUKU, lkm_bukur)
    for bulan in (1, 2, 3):
        tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=bulan, oleh=pembuku)
    assert not [x for x in tugas_untuk(manajer) if x.kunci.startswith("cadangan")]
    tutup_bulan(lkm=lkm_bukur, tahun=2019, bulan=4, oleh=pembuku)
    (t,) = [x for x in tugas_untuk(manajer) if x.kunci.startswith("cadangan")]
    assert t.keterangan == "Per 31 Mei 2019 cadangan wajib Rp 25.000, tercatat Rp 0."
    sesuaikan_cadangan(lkm=lkm_bukur, per=date(2019, 5, 31))
    assert not [x for x in tugas_untuk(manajer) if x.kunci.startswith("cadangan")]
    fasilitator = buat_pengguna(Peran.FASILITATOR, kecamatan=lkm_bukur.desa.kecamatan)
    assert _ringkas(fasilitator) == {"penilaian": 1}  # KSM Cadangan was never assessed


def test_ksm_due_for_assessment_for_the_fasilitator(lkm_bukur, lkm_kwangsen, buat_pengguna):
    """Never assessed, or last assessed more than 6 months ago: due. Assessed within 6 months with the same
    proposal: not. A new assessment shows at once (the cached count is keyed by the newest one); the loan
    staff have no such task; the link is the fasilitator's due list."""
    from ksm.models import Penilaian
    from laporan.tahap import usulan_tahap_banyak

    fasilitator = buat_pengguna(Peran.FASILITATOR, kecamatan=lkm_bukur.desa.kecamatan)
    a = ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM A")
    b = ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM B")
    ksm_dengan_anggota(5, lkm=lkm_kwangsen, nama="KSM C")
    (t,) = tugas_untuk(fasilitator)
    assert (t.kunci, t.jumlah, t.url) == ("penilaian", 3, "/laporan/penilaian/")

    def nilai(ksm, tanggal):
        u = usulan_tahap_banyak([ksm.pk], tanggal)[ksm.pk]
        Penilaian.objects.create(
            ksm=ksm,
            tanggal=tanggal,
            total=u.total,
            tahap=u.tahap,
            usulan_total=u.total,
            usulan_tahap=usulan_tahap_banyak([ksm.pk], HARI)[ksm.pk].tahap,
            oleh=fasilitator,
        )

    nilai(a, date(2019, 6, 1))
    assert _ringkas(fasilitator) == {"penilaian": 2}
    nilai(b, date(2018, 12, 14))  # 6 months and a day before 15 June 2019
    assert _ringkas(fasilitator) == {"penilaian": 2}
    assert _ringkas(buat_pengguna(Peran.PETUGAS_PINJAMAN, lkm_bukur)) == {}


def test_the_home_page_loads_the_inbox_and_the_badge(lkm_bukur, orang, masuk):
    manajer = orang[Peran.MANAJER_UPK]
    _ajukan(ksm_dengan_anggota(5, lkm=lkm_bukur, nama="KSM A"), orang[Peran.PETUGAS_PINJAMAN])
    biaya(lkm_bukur, date(2019, 5, 3), 10_000, "atk")
    klien = masuk(manajer)
    beranda = klien.get("/").content.decode()
    assert 'hx-get="/laporan/tugas/" hx-trigger="load"' in beranda
    assert '<span id="lencana-tugas"></span>' in beranda  # filled by the inbox fragment, out of band
    r = klien.get("/laporan/tugas/", HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert 'data-testid="jumlah-verifikasi">1<' in html
    assert 'href="/pinjaman/?status=diajukan"' in html
    assert 'id="lencana-tugas" data-testid="lencana-tugas" hx-swap-oob="true">1<' in html
    # Any other page asks for the badge itself.
    ksm = klien.get("/ksm/").content.decode()
    assert (
        '<span id="lencana-tugas" hx-get="/laporan/tugas/jumlah/" hx-trigger="load" hx-swap="outerHTML">'
        in ksm
    )
    lencana = klien.get("/laporan/tugas/jumlah/").content.decode()
    assert '>1<span class="visually-hidden"> tugas menunggu</span>' in lencana
    assert "hx-swap-oob" not in lencana


def test_nothing_waiting(lkm_kwangsen, buat_pengguna, masuk):
    r = masuk(buat_pengguna(Peran.PETUGAS_PINJAMAN, lkm_kwangsen)).get("/laporan/tugas/")
    assert 'data-testid="tanpa-tugas"' in r.content.decode()
    assert (
        masuk(buat_pengguna(Peran.PETUGAS_PINJAMAN, lkm_kwangsen))
        .get("/laporan/tugas/jumlah/")
        .content.decode()
        .strip()
        == '<span id="lencana-tugas"></span>'
    )
