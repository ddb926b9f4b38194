"""Issue 13 in Chromium with a real Celery worker: the fasilitator asks for the 2019 pack of Kecamatan Jiwan,
watches the progress, downloads the Bukur PDF and the ZIP; the PDFs become PNG snapshots in test-
artifacts/."""

from __future__ import annotations

import io
import subprocess
import zipfile
from datetime import date

import pytest
from playwright.sync_api import expect

from kotaku.buku.services import Baris, catat_saldo_awal, posting_jurnal
from kotaku.models import LKM
from tests.browser.conftest import ARTEFAK

pytestmark = [pytest.mark.browser, pytest.mark.celery]


def _png(pdf: bytes, nama: str, halaman: int = 1) -> None:
    ARTEFAK.mkdir(exist_ok=True)
    (ARTEFAK / f"{nama}.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", str(halaman), "-l", str(halaman), "-singlefile",
         str(ARTEFAK / f"{nama}.pdf"), str(ARTEFAK / nama)],
        check=True,
    )  # fmt: skip


def test_the_fasilitator_builds_and_downloads_the_2019_pack(
    halaman, live_server, demo, celery_pekerja, foto, login
):
    for lkm in LKM.objects.filter(desa__nama__in=["Bukur", "Kwangsen", "Wayut"]):
        catat_saldo_awal(
            lkm=lkm, tanggal=date(2018, 12, 31), oleh=None, saldo={"11021": 150_000_000, "31010": 150_000_000}
        )
        posting_jurnal(
            lkm=lkm,
            tanggal=date(2019, 12, 20),
            uraian="Jasa pinjaman 2019",
            baris=[Baris("11010", debit=14_250_000), Baris("41010", kredit=14_250_000)],
        )
    wayut = LKM.objects.get(desa__nama="Wayut")
    posting_jurnal(
        lkm=wayut,
        tanggal=date(2019, 12, 27),
        uraian="Insentif pengelola 2019",
        baris=[Baris("51010", debit=16_000_000), Baris("11010", kredit=16_000_000)],
    )
    login(halaman, live_server, "fasilitator.jiwan")
    halaman.goto(f"{live_server.url}/laporan/paket/")
    halaman.select_option("#id_jenis", "alokasi_surplus")
    halaman.fill("#id_tahun", "2019")
    halaman.click("[data-testid=minta-paket]")
    expect(halaman.locator("[data-testid=hitung-berkas]")).to_contain_text("dari 15 berkas selesai")
    foto(halaman, "1-antre")
    expect(halaman.locator("[data-testid=status-paket]")).to_have_text("Selesai", timeout=120_000)
    expect(halaman.locator("[data-testid=hitung-berkas]")).to_have_text("15 dari 15 berkas selesai")
    foto(halaman, "2-selesai")

    bukur = halaman.request.get(live_server.url + halaman.get_attribute("[data-testid=unduh-bukur]", "href"))
    assert bukur.headers["content-type"] == "application/pdf"
    teks = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=bukur.body(), capture_output=True, check=True
    )
    isi = teks.stdout.decode()
    assert "LKM Barokah" in isi and "Surplus tahun 2019" in isi and "Rp 14.250.000" in isi
    _png(bukur.body(), "paket-2019-bukur-hal1")
    _png(bukur.body(), "paket-2019-bukur-hal2", halaman=2)

    arsip = halaman.request.get(live_server.url + halaman.get_attribute("[data-testid=unduh-zip]", "href"))
    berkas = zipfile.ZipFile(io.BytesIO(arsip.body()))
    assert len(berkas.namelist()) == 15 and "rekap-tahunan-2019-jiwan.pdf" in berkas.namelist()
    rekap = berkas.read("rekap-tahunan-2019-jiwan.pdf")
    # Wayut: 14.250.000 - 16.000.000 = a deficit of 1.750.000; the kecamatan: 3 x 14.250.000 - 16.000.000.
    # Each cell's text in reading order (the label sits above its amount in the cell).
    sel = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=rekap, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "Defisit 1.750.000" in sel and "Surplus 26.750.000" in sel
    _png(rekap, "paket-2019-rekap-jiwan")
