"""In Chromium, under the real CSP: the pembuku drafts the 2018 allocation watching the live preview, the LKM
board records the decision, the kasir pays the environment fund out and opens its receipt."""

from __future__ import annotations

import subprocess
from datetime import date
from typing import Any

import pytest

from tests.browser.conftest import ARTEFAK

pytestmark = pytest.mark.browser


def _buku_bukur_2018() -> int:
    """Bukur 2018: jasa Rp 15.000.001, insentif Rp 5.000.000 (surplus Rp 10.000.001); the year closed."""
    from kotaku.buku.services import Baris, catat_saldo_awal, posting_jurnal, tutup_buku_tahunan
    from kotaku.models import LKM, Pengguna

    lkm = LKM.objects.get(desa__nama="Bukur")
    catat_saldo_awal(
        lkm=lkm, tanggal=date(2017, 12, 31), oleh=None, saldo={"11021": 50_000_000, "31010": 50_000_000}
    )
    for tanggal, uraian, debit, kredit, jumlah in [
        (date(2018, 6, 10), "Jasa pinjaman", "11010", "41010", 15_000_001),
        (date(2018, 6, 25), "Insentif UPK", "51010", "11010", 5_000_000),
    ]:
        posting_jurnal(
            lkm=lkm,
            tanggal=tanggal,
            uraian=uraian,
            baris=[Baris(debit, debit=jumlah), Baris(kredit, kredit=jumlah)],
        )
    tutup_buku_tahunan(lkm=lkm, tahun=2018, oleh=Pengguna.objects.get(username="pembuku.bukur"))
    return lkm.pk


def _pelanggaran(page: Any) -> list[str]:
    hasil: list[str] = []
    page.on("console", lambda m: hasil.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda galat: hasil.append(str(galat)))
    return hasil


def test_allocation_journey(halaman, ponsel, live_server, demo, foto, login):
    lkm = _buku_bukur_2018()
    url = f"{live_server.url}/laporan/{lkm}/alokasi-surplus/?tahun=2018"
    pelanggaran = _pelanggaran(halaman)

    login(halaman, live_server, "pembuku.bukur")
    halaman.goto(url)
    assert "Rp 10.000.001" in halaman.inner_text("[data-testid=surplus]")
    for pos, nilai in [("pemupukan_modal", "50"), ("lingkungan", "20,00"), ("sosial", "15")]:
        halaman.fill(f"#id_{pos}", nilai)
    halaman.wait_for_selector("[data-testid=pratinjau-total]:has-text('85,00%')")
    assert halaman.inner_text("[data-testid=pratinjau-pemupukan_modal]") == "Rp 5.000.000"
    halaman.fill("#id_insentif", "10")
    halaman.fill("#id_cadangan", "5")
    halaman.wait_for_selector("[data-testid=pratinjau-sah]")
    assert halaman.inner_text("[data-testid=pratinjau-pemupukan_modal]") == "Rp 5.000.001"
    assert "sisa pembulatan Rp 1 masuk pemupukan modal" in halaman.inner_text("[data-testid=pratinjau-sah]")
    foto(halaman, "pratinjau-pembuku")
    halaman.click("button[value=draf]")
    halaman.wait_for_selector("[data-testid=draf]")

    halaman.context.clear_cookies()  # the next person at the office computer
    login(halaman, live_server, "pengurus.bukur")
    halaman.goto(url)
    assert halaman.input_value("#id_pemupukan_modal") == "50,00"
    halaman.fill("#id_nomor_keputusan", "05/KEP/LKM-BRK/II/2019")
    halaman.fill("#id_tanggal_keputusan", "2019-02-20")
    halaman.click("button[value=tetapkan]")
    halaman.wait_for_selector("[data-testid=keputusan]")
    teks = halaman.inner_text("[data-testid=tabel-alokasi]")
    for jumlah in ("Rp 5.000.001", "Rp 2.000.000", "Rp 1.500.000", "Rp 1.000.000", "Rp 500.000"):
        assert jumlah in teks
    foto(halaman, "keputusan-pengurus")

    halaman.context.clear_cookies()
    login(halaman, live_server, "kasir.bukur")
    halaman.goto(url)
    halaman.select_option("#id_pos", "lingkungan")
    halaman.fill("#id_tanggal", "2019-03-15")
    halaman.fill("#id_jumlah", "2.000.000")
    halaman.fill("#id_penerima", "UPL LKM Barokah")
    halaman.click("[data-testid=form-bayar-alokasi] button[type=submit]")
    halaman.wait_for_selector("[data-testid=pembayaran-alokasi] a:has-text('PDF')")
    href = halaman.get_attribute("[data-testid=pembayaran-alokasi] a:has-text('PDF')", "href")
    respon = halaman.request.get(f"{live_server.url}{href}")
    assert respon.status == 200 and respon.headers["content-type"] == "application/pdf"
    ARTEFAK.mkdir(exist_ok=True)
    (ARTEFAK / "bukti-alokasi-upl.pdf").write_bytes(respon.body())
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-singlefile",
            str(ARTEFAK / "bukti-alokasi-upl.pdf"),
            str(ARTEFAK / "bukti-alokasi-upl"),
        ],
        check=True,
    )
    teks = subprocess.run(
        ["pdftotext", "-", "-"], input=respon.body(), capture_output=True, check=True
    ).stdout
    assert "Dua juta rupiah" in teks.decode()
    foto(halaman, "penyaluran-kasir")
    assert pelanggaran == []

    login(ponsel, live_server, "pengurus.bukur")
    ponsel.goto(url)
    ponsel.wait_for_selector("[data-testid=keputusan]")
    foto(ponsel, "keputusan-ponsel")
