"""UPK staff registers a KSM, is refused with the reason, completes it, holds three monthly meetings:
eligible."""

from __future__ import annotations

from typing import Any

import pytest

ANGGOTA = [  # name, NIK (Kabupaten Madiun, Jiwan; women +40 on the day), role
    ("Sumiati", "3519104503740001", "ketua"),
    ("Suparmi", "3519104207790002", "sekretaris"),
    ("Tukinah", "3519106311680003", "bendahara"),
    ("Kasiyem", "3519104501710004", "anggota"),
    ("Marsini", "3519107009830005", "anggota"),
]


@pytest.mark.browser
def test_ksm_from_registration_to_eligible(
    halaman: Any, live_server: Any, demo: Any, foto: Any, login: Any
) -> None:
    from playwright.sync_api import expect

    login(halaman, live_server, "manajer.bukur")
    halaman.goto(f"{live_server.url}/ksm/")
    halaman.get_by_role("link", name="KSM baru").click()
    halaman.fill("#id_nama", "Mekar Jaya")
    halaman.select_option("#id_jenis", "pinjaman_bergulir")
    halaman.fill("#id_tanggal_berdiri", "2019-06-03")
    halaman.fill("#id_alamat", "Dusun Bukur RT 02 RW 01")
    foto(halaman, "01-ksm-baru")
    halaman.get_by_role("button", name="Simpan").click()
    expect(halaman.get_by_role("heading", name="Mekar Jaya")).to_be_visible()
    url_ksm = halaman.url

    def tambah(nama: str, nik: str, peran: str, lagi: bool) -> None:
        halaman.fill("#id_nik", nik)
        halaman.fill("#id_nama", nama)
        halaman.select_option("#id_jenis_kelamin", "P")
        halaman.fill("#id_jenis_usaha", "keripik pisang")
        halaman.fill("#id_pendapatan_sebelum", "30000")
        halaman.select_option("#id_peran", peran)
        halaman.fill("#id_tanggal_bergabung", "2019-06-03")
        halaman.fill("#id_tanggal_tanggung_renteng", "2019-06-03")
        halaman.get_by_role("button", name="Simpan dan tambah lagi" if lagi else "Simpan", exact=True).click()

    halaman.get_by_role("link", name="Tambah anggota").click()
    for i, (nama, nik, peran) in enumerate(ANGGOTA[:4]):
        tambah(nama, nik, peran, lagi=i < 3)
    expect(halaman.get_by_test_id("alasan")).to_contain_text("KSM baru memiliki 4 anggota aktif; minimal 5.")
    foto(halaman, "02-empat-anggota-ditolak")

    halaman.get_by_role("link", name="Tambah anggota").click()
    tambah(*ANGGOTA[4], lagi=False)
    expect(halaman.get_by_test_id("tabel-anggota").locator("tbody tr")).to_have_count(5)
    alasan = halaman.get_by_test_id("alasan")
    expect(alasan).not_to_contain_text("anggota aktif")
    expect(alasan).to_contain_text("3 bulan berturut-turut; baru terpenuhi 0 bulan")
    foto(halaman, "03-lima-anggota-belum-tiga-bulan")

    for n, tanggal in enumerate(["2019-08-12", "2019-09-09", "2019-10-14"], start=1):
        halaman.goto(url_ksm)
        halaman.get_by_role("link", name="Catat pertemuan").click()
        halaman.fill("#id_tanggal", tanggal)
        halaman.fill("#id_agenda", "tabungan rutin dan produksi")
        setoran = halaman.locator("input[name^=setor_]")
        for i in range(setoran.count()):
            setoran.nth(i).fill("10000")
        if n == 2:  # Bu Marsini sends word she cannot come
            halaman.locator("label", has_text="Izin").last.click()
        foto(halaman, f"04-pertemuan-{n}")
        halaman.get_by_role("button", name="Simpan pertemuan").click()
        expect(halaman.locator(".alert-success")).to_contain_text("dicatat")

    expect(halaman.get_by_test_id("layak")).to_contain_text("Layak mengajukan pinjaman.")
    expect(halaman.get_by_test_id("saldo-ksm")).to_have_text("150.000")
    expect(halaman.get_by_test_id("tabel-pertemuan").locator("tbody tr")).to_have_count(3)
    foto(halaman, "05-layak")
