"""The loan journey in Chromium: staff applies, the Manajer verifies, the board approves, staff disburses and
records the collection sheet, prints the receipt (PDF and PNG kept); the board sees the kolektibilitas report.
"""

from __future__ import annotations

import subprocess

import pytest

from kotaku.models import LKM
from tests.bantuan import ubah_kebijakan_awal
from tests.browser.conftest import ARTEFAK
from tests.ksm.factories import ksm_dengan_anggota

pytestmark = pytest.mark.browser


def _keluar(halaman, live_server):
    halaman.context.clear_cookies()


def test_loan_journey(halaman, live_server, demo, foto, login):
    bukur = LKM.objects.get(desa__nama="Bukur")
    ubah_kebijakan_awal(bukur, wajib_tiga_bulan=False)
    ksm = ksm_dengan_anggota(6, lkm=bukur, nama="KSM Laris Jaya")

    login(halaman, live_server, "petugas.bukur")
    halaman.goto(f"{live_server.url}/pinjaman/ajukan/?ksm={ksm.pk}")
    halaman.fill("#id_tanggal_pengajuan", "2019-01-02")
    halaman.fill("#id_jangka_bulan", "10")
    for k in ksm.keanggotaan.all():
        halaman.fill(f"#id_pokok_{k.anggota_id}", "500000")
    foto(halaman, "1-ajukan")
    halaman.click("[data-testid=form-ajukan] button[type=submit]")
    assert halaman.inner_text("[data-testid=status]") == "Diajukan"
    url_pinjaman = halaman.url
    _keluar(halaman, live_server)

    login(halaman, live_server, "manajer.bukur")
    halaman.goto(url_pinjaman)
    halaman.click("[data-testid=verifikasi]")
    assert halaman.inner_text("[data-testid=status]") == "Diverifikasi"
    foto(halaman, "2-verifikasi")
    _keluar(halaman, live_server)

    login(halaman, live_server, "pengurus.bukur")
    halaman.goto(url_pinjaman)
    halaman.click("[data-testid=setujui]")
    assert halaman.inner_text("[data-testid=status]") == "Disetujui"
    _keluar(halaman, live_server)

    login(halaman, live_server, "kasir.bukur")
    halaman.goto(url_pinjaman)
    halaman.fill("input[name=tanggal]", "2019-01-10")
    halaman.once("dialog", lambda d: d.accept())
    halaman.click("[data-testid=cairkan]")
    assert halaman.inner_text("[data-testid=status]") == "Dicairkan"
    assert "345.000" in halaman.inner_text("[data-testid=jadwal]")
    foto(halaman, "3-dicairkan")
    halaman.goto(f"{url_pinjaman}lembar-tagih/?tanggal=2019-02-10")
    foto(halaman, "4-lembar-tagih")
    halaman.click("[data-testid=simpan-lembar]")
    assert "Pembayaran 10 Februari 2019 dicatat" in halaman.inner_text("main")
    foto(halaman, "5-dibayar")
    href = halaman.get_attribute("[data-testid=kuitansi]", "href")
    respon = halaman.request.get(f"{live_server.url}{href}")
    assert respon.headers["content-type"] == "application/pdf"
    ARTEFAK.mkdir(exist_ok=True)
    (ARTEFAK / "kuitansi-laris-jaya.pdf").write_bytes(respon.body())
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(ARTEFAK / "kuitansi-laris-jaya.pdf"),
            str(ARTEFAK / "kuitansi-laris-jaya"),
        ],
        check=True,
    )
    teks = subprocess.run(
        ["pdftotext", "-", "-"], input=respon.body(), capture_output=True, check=True
    ).stdout.decode()
    assert "Tiga ratus empat puluh lima ribu rupiah" in teks
    _keluar(halaman, live_server)

    login(halaman, live_server, "pengurus.bukur")
    halaman.goto(f"{live_server.url}/pinjaman/lkm/{bukur.pk}/kolektibilitas/?per=2019-06-30")
    assert halaman.inner_text("[data-testid=total-sisa]") == "2.700.000"
    assert halaman.inner_text("[data-testid=par]") == "100,00%"
    foto(halaman, "6-kolektibilitas")
