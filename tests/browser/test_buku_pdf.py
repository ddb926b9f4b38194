"""The Pembuku opens the neraca and the buku kas in Chromium and downloads their PDFs (PNG of page 1 kept)."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from kotaku.buku.services import Baris, catat_saldo_awal, posting_jurnal
from kotaku.models import LKM
from tests.browser.conftest import ARTEFAK

pytestmark = pytest.mark.browser


@pytest.fixture
def buku_bukur(demo):
    lkm = LKM.objects.get(desa__nama="Bukur")
    catat_saldo_awal(
        lkm=lkm,
        tanggal=date(2018, 12, 31),
        oleh=None,
        saldo={"11010": 15_000_000, "11021": 85_000_000, "31010": 80_000_000, "31030": 20_000_000},
    )
    posting_jurnal(
        lkm=lkm,
        tanggal=date(2019, 3, 5),
        uraian="Transport monitoring KSM",
        baris=[Baris("51040", debit=125_000), Baris("11010", kredit=125_000)],
    )
    posting_jurnal(
        lkm=lkm,
        tanggal=date(2019, 3, 31),
        uraian="Bunga bank Maret",
        baris=[Baris("11021", debit=212_345), Baris("41020", kredit=212_345)],
    )
    return lkm


def _pdf_ke_png(halaman, url: str, nama: str) -> bytes:
    respon = halaman.request.get(url)
    assert respon.ok and respon.headers["content-type"] == "application/pdf"
    pdf = respon.body()

    ARTEFAK.mkdir(exist_ok=True)
    (ARTEFAK / f"{nama}.pdf").write_bytes(pdf)
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
            str(ARTEFAK / f"{nama}.pdf"),
            str(ARTEFAK / nama),
        ],
        check=True,
    )
    assert (ARTEFAK / f"{nama}.png").stat().st_size > 5_000
    return pdf


def test_neraca_and_buku_kas_pdfs(halaman, live_server, buku_bukur, foto, login):
    login(halaman, live_server, "pembuku.bukur")
    halaman.click("[data-testid=aksi-cepat] >> text=Neraca")
    halaman.fill("#id_per", "2019-03-31")
    halaman.click("button:has-text('Tampilkan')")
    assert halaman.inner_text("[data-testid=total-aset]") == "100.087.345"
    assert halaman.inner_text("[data-testid=total-kewajiban-modal]") == "100.087.345"
    foto(halaman, "neraca")
    pdf = _pdf_ke_png(
        halaman,
        f"{live_server.url}/buku/{buku_bukur.pk}/neraca/?per=2019-03-31&format=pdf",
        "neraca-bukur-2019-03-31",
    )
    teks = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "LKM Barokah" in teks and "Per 31 Maret 2019" in teks and "100.087.345" in teks

    halaman.goto(f"{live_server.url}/buku/{buku_bukur.pk}/kas/?dari=2019-03-01&sampai=2019-03-31")
    assert "Transport monitoring KSM" in halaman.inner_text("[data-testid=tabel-buku]")
    foto(halaman, "buku-kas")
    pdf = _pdf_ke_png(
        halaman,
        f"{live_server.url}/buku/{buku_bukur.pk}/kas/?dari=2019-03-01&sampai=2019-03-31&format=pdf",
        "buku-kas-bukur-2019-03",
    )
    teks = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Buku Kas (U3)" in teks and "14.875.000" in teks and "Disetujui oleh" in teks
