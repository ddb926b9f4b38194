"""Dashboards in Chromium, desktop and phone, under the CSP: the board lands on its LKM dashboard (cards,
lights, charts drawn, a chart's table opened, arrears drilled down to the KSM), the fasilitator on the
kecamatan (sorted by PAR, into a desa), the admin on the kabupaten. Screenshots go to test-artifacts/.

Data is built here (a year of loans and books in Bukur and Kwangsen, snapshots Jan..Nov 2019), not the demo.
"""

from __future__ import annotations

import subprocess
from datetime import date
from typing import Any

import pytest

from kotaku.buku.services import siapkan_akun
from kotaku.models import LKM, Desa, Kecamatan, Pengguna, Peran
from kotaku.tanggal import akhir_bulan, tambah_bulan
from laporan.services import simpan_snapshot
from pinjaman import services
from tests.bantuan import ubah_kebijakan_awal
from tests.browser.conftest import ARTEFAK
from tests.ksm.factories import ksm_dengan_anggota
from tests.laporan.conftest import biaya, modal, pinjam

pytestmark = pytest.mark.browser


def _pelanggaran(page: Any) -> list[str]:
    daftar: list[str] = []
    page.on(
        "console",
        lambda pesan: (
            daftar.append(pesan.text)
            if "Content Security Policy" in pesan.text or pesan.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda galat: daftar.append(str(galat)))
    return daftar


def _data() -> None:
    """Bukur: six KSM borrowing through 2019, two of them falling behind; Kwangsen: two sound loans."""
    orang = {
        p: Pengguna.objects.get(username=f"{n}.bukur")
        for p, n in (
            (Peran.PETUGAS_PINJAMAN, "petugas"),
            (Peran.MANAJER_UPK, "manajer"),
            (Peran.PENGURUS_LKM, "pengurus"),
            (Peran.KASIR, "kasir"),
        )
    }
    for lkm in LKM.objects.filter(desa__nama__in=["Bukur", "Kwangsen"]):
        ubah_kebijakan_awal(lkm, wajib_tiga_bulan=False, batas_siklus_pertama=3_000_000)
    bukur = LKM.objects.get(desa__nama="Bukur")
    modal(bukur, date(2018, 12, 1), 60_000_000)
    kasir = orang[Peran.KASIR]
    rencana = [  # (name, share per member, disbursed, instalments paid before stopping)
        ("KSM Mawar", 1_000_000, date(2019, 1, 8), 10),
        ("KSM Melati", 800_000, date(2019, 2, 12), 3),
        ("KSM Kenanga", 600_000, date(2019, 3, 5), 10),
        ("KSM Sri Rejeki", 1_000_000, date(2019, 5, 20), 1),
        ("KSM Laris Jaya", 500_000, date(2019, 7, 3), 10),
        ("KSM Sumber Makmur", 700_000, date(2019, 9, 9), 10),
        ("KSM Sido Rukun", 2_000_000, date(2019, 10, 7), 10),
        ("KSM Rukun Santoso", 1_500_000, date(2019, 11, 4), 10),
    ]
    for nama, bagian, cair, bayar in rencana:
        p = pinjam(
            ksm_dengan_anggota(5, lkm=bukur, nama=nama), orang, per_anggota=bagian, cair=cair, kunci=nama
        )
        angsuran = 5 * (bagian // 10 + bagian * 15 // 1000)
        for ke in range(1, bayar + 1):
            tanggal = tambah_bulan(cair, ke)
            if tanggal > date(2019, 11, 30):
                break
            services.catat_pembayaran(
                pinjaman=p, tanggal=tanggal, jumlah=angsuran, kunci=f"{nama}-{ke}", oleh=kasir
            )
    for bulan in range(1, 12):
        biaya(bukur, date(2019, bulan, 25), 60_000 + 5_000 * bulan, f"insentif-{bulan}")
    kwangsen = LKM.objects.get(desa__nama="Kwangsen")
    modal(kwangsen, date(2018, 12, 1), 30_000_000)
    petugas_kw = {
        p: Pengguna.objects.get(username=f"{n}.kwangsen")
        for p, n in (
            (Peran.PETUGAS_PINJAMAN, "petugas"),
            (Peran.MANAJER_UPK, "manajer"),
            (Peran.PENGURUS_LKM, "pengurus"),
            (Peran.KASIR, "kasir"),
        )
    }
    for nama, cair in (("KSM Jamu Gendong", date(2019, 4, 2)), ("KSM Tani Makmur", date(2019, 6, 11))):
        p = pinjam(
            ksm_dengan_anggota(5, lkm=kwangsen, nama=nama),
            petugas_kw,
            per_anggota=900_000,
            cair=cair,
            kunci=nama,
        )
        for ke in range(1, 9):
            tanggal = tambah_bulan(cair, ke)
            if tanggal <= date(2019, 11, 30):
                services.catat_pembayaran(
                    pinjaman=p,
                    tanggal=tanggal,
                    jumlah=5 * 103_500,
                    kunci=f"{nama}-{ke}",
                    oleh=petugas_kw[Peran.KASIR],
                )
    biaya(kwangsen, date(2019, 10, 1), 300_000, "atk-kw")
    # A second kecamatan of the kabupaten, for the admin: two young LKMs with capital and a first cost.
    mejayan = Kecamatan.objects.create(kabupaten=bukur.desa.kecamatan.kabupaten, nama="Mejayan")
    for nama in ("Krajan", "Kaliabu"):
        lkm = LKM.objects.create(
            desa=Desa.objects.create(kecamatan=mejayan, nama=nama), nama=f"LKM {nama} Sejahtera"
        )
        siapkan_akun(lkm)
        modal(lkm, date(2019, 6, 3), 25_000_000, f"modal-{nama}")
        biaya(lkm, date(2019, 8, 5), 150_000, f"atk-{nama}")
    semua = list(LKM.objects.values_list("pk", flat=True))
    for bulan in range(1, 12):
        simpan_snapshot(lkm_ids=semua, per=akhir_bulan(date(2019, bulan, 1)))


@pytest.fixture
def data_dasbor(demo: Any) -> None:
    _data()


def test_the_board_on_its_dashboard(halaman, live_server, data_dasbor, foto, login):
    pelanggaran = _pelanggaran(halaman)
    login(halaman, live_server, "pengurus.bukur")
    assert halaman.url == f"{live_server.url}/laporan/"
    halaman.goto(f"{live_server.url}/laporan/?bulan=2019-11")
    halaman.wait_for_selector("canvas[data-grafik=grafik-saldo]")
    assert halaman.inner_text("[data-testid=periode-dasbor]") == "Desa Bukur · per 30 November 2019"
    # Every chart was drawn by Chart.js (a canvas with a size), not left blank.
    for nama in ("saldo", "arus", "kolektibilitas", "risiko", "surplus"):
        assert halaman.evaluate(
            f"!!window.Chart.getChart(document.querySelector('[data-grafik=grafik-{nama}]'))"
        )
    assert halaman.is_visible("[data-testid=lampu-par]")
    assert "Baik < 10%" in halaman.inner_text("[data-testid=lampu-par]")
    # The inbox loads into the dashboard (the board's home); the badge beside Beranda too.
    halaman.wait_for_selector("[data-testid=kotak-tugas]")
    foto(halaman, "pengurus-desktop")
    # A chart's table opens on demand; numbers right-aligned.
    halaman.click("[data-tabel-grafik=grafik-saldo-tabel]")
    assert halaman.is_visible("#grafik-saldo-tabel table")
    assert halaman.eval_on_selector("#grafik-saldo-tabel td", "e => getComputedStyle(e).textAlign") == "right"
    assert halaman.get_attribute("[data-tabel-grafik=grafik-saldo-tabel]", "aria-expanded") == "true"
    # Drill down: the KSM in arrears, then its loan.
    baris = halaman.locator("[data-testid=tabel-menunggak] tbody tr")
    assert baris.count() == 2
    assert "KSM Melati" in baris.nth(0).inner_text() or "KSM Sri Rejeki" in baris.nth(0).inner_text()
    halaman.click("[data-testid=tabel-menunggak] a:text('KSM Sri Rejeki')")
    halaman.wait_for_selector("[data-testid=pinjaman-ksm]")
    assert "Dicairkan" in halaman.inner_text("[data-testid=pinjaman-ksm]")
    foto(halaman, "pengurus-ksm")
    # A4 print: the charts' tables print under their charts, the menu and buttons do not.
    halaman.goto(f"{live_server.url}/laporan/?bulan=2019-11")
    halaman.wait_for_selector("canvas[data-grafik=grafik-saldo]")
    halaman.emulate_media(media="print")
    assert halaman.is_visible("#grafik-saldo-tabel table")
    assert not halaman.is_visible("nav.navbar")
    ARTEFAK.mkdir(exist_ok=True)
    pdf = ARTEFAK / "dasbor-pengurus-a4.pdf"
    halaman.pdf(path=str(pdf), format="A4", print_background=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(pdf), str(ARTEFAK / "dasbor-pengurus-a4")],
        check=True,
    )
    assert pelanggaran == []


def test_the_board_dashboard_on_a_phone(ponsel, live_server, data_dasbor, foto, login):
    pelanggaran = _pelanggaran(ponsel)
    login(ponsel, live_server, "pengurus.bukur")
    ponsel.goto(f"{live_server.url}/laporan/?bulan=2019-11")
    ponsel.wait_for_selector("canvas[data-grafik=grafik-risiko]")
    # Charts stack (one per row) and nothing is wider than the screen but the tables' own scroll boxes.
    kiri = ponsel.eval_on_selector_all(
        "[data-testid^=grafik-]:not([data-testid$=kosong])",
        "es => es.map(e => Math.round(e.getBoundingClientRect().left))",
    )
    assert len(set(kiri)) == 1
    lebar = ponsel.evaluate("document.documentElement.scrollWidth")
    assert lebar <= 390, lebar
    foto(ponsel, "pengurus-ponsel")
    assert pelanggaran == []


def test_the_fasilitator_and_the_kecamatan(halaman, ponsel, live_server, data_dasbor, foto, login):
    pelanggaran = _pelanggaran(halaman)
    login(halaman, live_server, "fasilitator.jiwan")
    halaman.goto(f"{live_server.url}/laporan/?bulan=2019-11")
    assert "/laporan/kecamatan/" in halaman.url
    assert halaman.inner_text("[data-testid=judul-dasbor]") == "Dasbor Kecamatan Jiwan"
    halaman.click("[data-testid=urut-par]")
    halaman.click("[data-testid=urut-par]")  # again: descending
    assert "urut=-par" in halaman.url
    pertama = halaman.locator("[data-testid=tabel-kinerja] tbody tr").first.inner_text()
    assert "Bukur" in pertama
    foto(halaman, "fasilitator-kecamatan")
    halaman.click("[data-testid=tabel-kinerja] tbody tr >> nth=0 >> a")
    halaman.wait_for_selector("canvas[data-grafik=grafik-saldo]")
    assert "Desa Bukur" in halaman.inner_text("[data-testid=periode-dasbor]")
    assert "Kecamatan Jiwan" in halaman.inner_text(".breadcrumb")
    foto(halaman, "fasilitator-desa")
    login(ponsel, live_server, "fasilitator.jiwan")
    ponsel.goto(f"{live_server.url}/laporan/?bulan=2019-11")
    lebar_lebih = ponsel.evaluate(
        "Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 391"
        " && !e.closest('.table-responsive')).map(e => e.tagName + '.' + e.className).slice(0, 8)"
    )
    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 390, lebar_lebih
    foto(ponsel, "fasilitator-kecamatan-ponsel")
    assert pelanggaran == []


def test_the_admin_and_the_kabupaten(halaman, live_server, data_dasbor, foto, login):
    pelanggaran = _pelanggaran(halaman)
    login(halaman, live_server, "admin")
    halaman.goto(f"{live_server.url}/laporan/?bulan=2019-11")
    assert "/laporan/kabupaten/" in halaman.url
    assert halaman.inner_text("[data-testid=judul-dasbor]") == "Dasbor Kabupaten Madiun"
    total = halaman.inner_text("[data-testid=baris-total]")
    assert "Kabupaten Madiun" in total and "16 LKM" in total
    foto(halaman, "admin-kabupaten")
    halaman.click("[data-testid=tabel-kinerja] tbody a:text('Jiwan')")
    assert halaman.inner_text("[data-testid=judul-dasbor]") == "Dasbor Kecamatan Jiwan"
    foto(halaman, "admin-kecamatan")
    assert pelanggaran == []
