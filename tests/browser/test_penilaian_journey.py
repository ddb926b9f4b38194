"""The fasilitator on a phone: opens a KSM due for assessment, changes one score with a note, saves, and sees
the stage and the path change (Chromium, 390 px wide, under the real Content-Security-Policy)."""

from __future__ import annotations

from typing import Any

import pytest

from kotaku.tanggal import hari_ini, tambah_bulan

pytestmark = pytest.mark.browser


def _siapkan() -> Any:
    """KSM Sekar Melati (Bukur): last assessed 8 months ago (Tunas, 8), so it is due. Its records today: rules
    agreed 3 months ago (3), an account with two signatories (3), a good book check 2 months ago (3), two
    partner activities this year (2), nothing else: 11, Tunas."""
    from kotaku.models import LKM, Pengguna, Peran
    from ksm import services
    from ksm.models import KSM
    from ksm.penilaian import catat_penilaian
    from ksm.tahap import NAMA_INDIKATOR, HasilTahap, Indikator

    hari = hari_ini()
    lkm = LKM.objects.get(desa__nama="Bukur")
    ksm = KSM.objects.create(
        lkm=lkm,
        desa=lkm.desa,
        nama="KSM Sekar Melati",
        tanggal_berdiri=tambah_bulan(hari, -30),
        aturan_main="Pertemuan bulanan; tabungan wajib.",
        tanggal_aturan_main=tambah_bulan(hari, -3),
        nama_bank="BRI Unit Jiwan",
        nomor_rekening="0001-01-000777-53-2",
        penandatangan_1="Sumiati",
        penandatangan_2="Suparmi",
    )
    manajer = Pengguna.objects.get(username="manajer.bukur")
    services.catat_pemeriksaan_buku(ksm=ksm, tanggal=tambah_bulan(hari, -2), hasil="sesuai", oleh=manajer)
    for bulan, mitra in ((-5, "Dinas Koperasi dan Usaha Mikro"), (-1, "Toko oleh-oleh Madiun")):
        services.catat_kegiatan_mitra(
            ksm=ksm, mitra=mitra, jenis="pemasaran", tanggal=tambah_bulan(hari, bulan)
        )
    fasilitator = Pengguna.objects.get(username="fasilitator.jiwan")
    assert fasilitator.peran == Peran.FASILITATOR
    lama = (2, 0, 0, 0, 3, 0, 0, 3, 0, 0)
    catat_penilaian(
        ksm=ksm,
        tanggal=tambah_bulan(hari, -8),
        skor=dict(enumerate(lama, 1)),
        catatan={},
        usulan=HasilTahap(
            tuple(Indikator(n, NAMA_INDIKATOR[n - 1], s) for n, s in enumerate(lama, 1)), 8, "tunas"
        ),
        oleh=fasilitator,
    )
    return ksm


def test_the_fasilitator_assesses_a_ksm_on_a_phone(
    ponsel: Any, live_server: Any, demo: Any, foto: Any, login: Any
) -> None:
    from playwright.sync_api import expect

    pelanggaran: list[str] = []
    ponsel.on(
        "console", lambda p: pelanggaran.append(p.text) if "Content Security Policy" in p.text else None
    )
    ponsel.on("pageerror", lambda galat: pelanggaran.append(str(galat)))
    ksm = _siapkan()

    login(ponsel, live_server, "fasilitator.jiwan")
    foto(ponsel, "01-beranda")
    ponsel.get_by_role("link", name="KSM perlu dinilai").click()
    expect(ponsel.get_by_test_id("total-jatuh-tempo")).to_have_text("1")
    expect(ponsel.get_by_test_id("daftar-jatuh-tempo")).to_contain_text("lebih dari 6 bulan")
    foto(ponsel, "02-perlu-dinilai")
    ponsel.get_by_role("link", name="KSM Sekar Melati").click()

    expect(ponsel.get_by_test_id("usulan-tahap")).to_have_text("Tunas")
    expect(ponsel.get_by_test_id("usulan-total")).to_have_text("skor 11 dari 30")
    expect(ponsel.get_by_test_id("bukti-9")).to_have_text(
        "2 kegiatan dengan pihak luar dalam 12 bulan terakhir."
    )
    foto(ponsel, "03-usulan")

    # Indicator 10: the records show no critical issue, but the fasilitator heard one discussed.
    kotak = ponsel.get_by_test_id("indikator-10")
    kotak.scroll_into_view_if_needed()
    kotak.locator("label", has_text="1").click()
    expect(
        kotak.locator(".catatan-wajib")
    ).to_be_visible()  # the note is now required (static/js/penilaian.js)
    expect(kotak).to_have_class("card mb-2 indikator diubah")
    ponsel.get_by_role("button", name="Simpan penilaian").click()
    expect(ponsel.get_by_test_id("galat-catatan-10")).to_contain_text("tulis catatan buktinya")
    foto(ponsel, "04-catatan-wajib")

    kotak = ponsel.get_by_test_id("indikator-10")
    kotak.locator("textarea").fill(
        "Anggota menunggak dibahas di pertemuan Oktober, tidak dicatat di notulen."
    )
    ponsel.get_by_role("button", name="Simpan penilaian").click()

    expect(ponsel.locator(".alert-success")).to_contain_text("Tumbuh (skor 12)")
    expect(ponsel.get_by_test_id("tahap-ksm")).to_contain_text("Tumbuh")
    expect(ponsel.get_by_test_id("tahap-ksm")).to_contain_text("oleh Rina Kurniawati")
    baris = ponsel.get_by_test_id("tabel-tahap").locator("tbody tr")
    expect(baris).to_have_count(2)
    expect(baris.first).to_contain_text("Tumbuh")
    expect(baris.first).to_contain_text("#10: 0 → 1")
    expect(baris.last).to_contain_text("Tunas")
    ponsel.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-grafik]'))"
    )
    titik = ponsel.evaluate(
        "() => Chart.getChart(document.querySelector('canvas[data-grafik]')).data.datasets[0].data"
    )
    assert titik == [8, 12]
    ponsel.locator("#tahap").scroll_into_view_if_needed()
    foto(ponsel, "05-tahap-berubah")

    assert ponsel.evaluate("document.documentElement.scrollWidth") <= 390
    assert pelanggaran == []
    assert ksm.penilaian.count() == 2
