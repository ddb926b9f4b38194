"""Issue 10 in Chromium: the kasir's collection sheet on a phone (the meeting date recomputes the dues, rupiah
typed
with dots, a running total, the posted result with its receipt), the fasilitator switching the village of
LU-02
(the chosen date stays), and the board's Surplus/Defisit labelled by its sign. Screenshots in test-
artifacts/."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from kotaku.buku.services import Baris, posting_jurnal
from kotaku.models import LKM, Pengguna, Peran
from pinjaman.models import Pembayaran
from tests.bantuan import ubah_kebijakan_awal
from tests.ksm.factories import ksm_dengan_anggota
from tests.pinjaman.conftest import cair

pytestmark = pytest.mark.browser


@pytest.fixture
def pinjaman_laris(demo):
    bukur = LKM.objects.get(desa__nama="Bukur")
    ubah_kebijakan_awal(bukur, wajib_tiga_bulan=False)
    orang = {
        Peran.PETUGAS_PINJAMAN: Pengguna.objects.get(username="petugas.bukur"),
        Peran.MANAJER_UPK: Pengguna.objects.get(username="manajer.bukur"),
        Peran.PENGURUS_LKM: Pengguna.objects.get(username="pengurus.bukur"),
        Peran.KASIR: Pengguna.objects.get(username="kasir.bukur"),
    }
    return cair(ksm_dengan_anggota(6, lkm=bukur, nama="KSM Laris Jaya"), orang, pokok=500_000)


def test_the_collection_sheet_on_a_phone(ponsel, live_server, pinjaman_laris, foto, login):
    p = pinjaman_laris
    login(ponsel, live_server, "kasir.bukur")
    ponsel.goto(f"{live_server.url}/pinjaman/{p.pk}/lembar-tagih/?tanggal=2019-02-07")
    # 7 Feb, three days before instalment 1: it is due at this meeting (57.500 a member, 345.000 for six).
    assert ponsel.inner_text("[data-testid=tanggal-tagih]") == "7 Februari 2019"
    assert ponsel.inner_text("[data-testid=total-dibayar]") == "345.000"
    foto(ponsel, "1-lembar-7-feb")
    # A later meeting date: htmx recomputes the sheet (15 Apr: three instalments overdue, one coming).
    ponsel.fill("#pilih-tanggal", "2019-04-15")
    ponsel.dispatch_event("#pilih-tanggal", "change")
    expect(ponsel.locator("[data-testid=tanggal-tagih]")).to_have_text("15 April 2019")
    assert ponsel.inner_text("[data-testid=total-tertunggak]") == "1.035.000"
    assert "tanggal=2019-04-15" in ponsel.url
    # Back to 7 Feb; two members pay less, one member's share is covered by the chair (tanggung renteng).
    ponsel.goto(f"{live_server.url}/pinjaman/{p.pk}/lembar-tagih/?tanggal=2019-02-07")
    masukan = ponsel.locator(".kolom-bayar input")
    masukan.nth(0).fill("50.000")
    masukan.nth(1).fill("Rp 40.000")
    expect(ponsel.locator("[data-total-bayar]")).to_have_text("320.000")
    foto(ponsel, "2-lembar-diubah")
    ponsel.locator("tbody select").nth(2).select_option(index=1)
    ponsel.click("[data-testid=simpan-lembar]")
    assert "Pembayaran 7 Februari 2019 dicatat" in ponsel.inner_text("main")
    assert ponsel.inner_text("[data-testid=jumlah-bayar]") == "Rp 320.000"
    foto(ponsel, "3-hasil")
    assert Pembayaran.objects.get().jumlah == 320_000
    assert (
        ponsel.get_attribute("[data-testid=kuitansi]", "href")
        == f"/pinjaman/kuitansi/{Pembayaran.objects.get().pk}.pdf"
    )


def test_a_typing_error_on_the_sheet_keeps_everything_typed(ponsel, live_server, pinjaman_laris, foto, login):
    login(ponsel, live_server, "kasir.bukur")
    ponsel.goto(f"{live_server.url}/pinjaman/{pinjaman_laris.pk}/lembar-tagih/?tanggal=2019-02-10")
    masukan = ponsel.locator(".kolom-bayar input")
    masukan.nth(0).fill("57,5")
    masukan.nth(3).fill("60.000")
    ponsel.click("[data-testid=simpan-lembar]")
    assert "Rupiah harus bulat, tanpa sen" in ponsel.inner_text("main")
    assert ponsel.locator(".kolom-bayar input").nth(0).input_value() == "57,5"
    assert ponsel.locator(".kolom-bayar input").nth(3).input_value() == "60.000"
    foto(ponsel, "galat-tetap-terisi")
    assert not Pembayaran.objects.exists()


def test_the_fasilitator_switches_the_village_of_lu02_and_keeps_the_date(
    halaman, live_server, demo, foto, login
):
    bukur = LKM.objects.get(desa__nama="Bukur")
    login(halaman, live_server, "fasilitator.jiwan")
    halaman.goto(f"{live_server.url}/pinjaman/lkm/{bukur.pk}/kolektibilitas/?per=2019-11-30")
    assert "LKM Barokah · Desa Bukur · Per 30 November 2019" in halaman.inner_text(
        "[data-testid=lingkup-laporan]"
    )
    halaman.select_option("#saring-lkm", label="LKM Sejahtera Mandiri · Desa Kwangsen")
    halaman.click("[data-testid=saring-laporan] button[type=submit]")
    lingkup = halaman.inner_text("[data-testid=lingkup-laporan]")
    assert lingkup == "LKM Sejahtera Mandiri · Desa Kwangsen · Per 30 November 2019"
    assert "per=2019-11-30" in halaman.get_attribute("[data-testid=unduh-pdf]", "href")
    foto(halaman, "lu02-kwangsen")
    # The LKM bar's switcher keeps the date too.
    halaman.select_option("#pilih-lkm", label="LKM Barokah · Desa Bukur")
    halaman.wait_for_url("**/kolektibilitas/?per=2019-11-30")
    assert "LKM Barokah · Desa Bukur · Per 30 November 2019" in halaman.inner_text(
        "[data-testid=lingkup-laporan]"
    )


def test_the_boards_surplus_report_names_the_sign(halaman, live_server, demo, foto, login):
    bukur = LKM.objects.get(desa__nama="Bukur")
    for tanggal, uraian, debit, kredit, jumlah in (
        (date(2019, 1, 25), "Insentif Januari", "51010", "11010", 5_442_844),
        (date(2019, 11, 10), "Jasa pinjaman November", "11010", "41010", 1_597_524),
        (date(2019, 11, 25), "Insentif November", "51010", "11010", 1_191_500),
    ):
        posting_jurnal(
            lkm=bukur,
            tanggal=tanggal,
            uraian=uraian,
            baris=[Baris(debit, debit=jumlah), Baris(kredit, kredit=jumlah)],
        )
    login(halaman, live_server, "pengurus.bukur")
    halaman.goto(f"{live_server.url}/buku/{bukur.pk}/surplus/?tahun=2019&bulan=11")
    assert halaman.inner_text("[data-testid=surplus-periode]") == "Surplus 406.024"
    assert halaman.inner_text("[data-testid=surplus-kumulatif]") == "Defisit 5.036.820"
    foto(halaman, "surplus-november-2019")
