"""Each demo role logs in through Chromium and sees its own home (screenshots in test-artifacts/)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# username, role label, text that must show, text that must not
PERAN = [
    ("manajer.bukur", "Manajer UPK", ["LKM Barokah", "Desa Bukur"], ["Kwangsen"]),
    ("kasir.bukur", "Kasir UPK", ["LKM Barokah"], ["Kwangsen"]),
    ("pembuku.bukur", "Pembuku UPK", ["LKM Barokah"], ["Kwangsen"]),
    ("petugas.bukur", "Petugas Pinjaman", ["LKM Barokah"], ["Kwangsen"]),
    ("pengurus.bukur", "Pengurus/Pengawas LKM", ["LKM Barokah"], ["Kwangsen"]),
    ("manajer.kwangsen", "Manajer UPK", ["LKM Sejahtera Mandiri", "Desa Kwangsen"], ["Barokah"]),
    (
        "fasilitator.jiwan",
        "Fasilitator",
        ["LKM Barokah", "LKM Sejahtera Mandiri", "Wayut", "Kincang Wetan"],
        [],
    ),
    ("admin", "Admin", ["LKM Barokah", "Teguhan"], []),
]


@pytest.mark.parametrize(("username", "label", "ada", "tidak"), PERAN)
def test_each_demo_role_reaches_its_home(
    halaman, live_server, demo, foto, login, username, label, ada, tidak
):
    login(halaman, live_server, username)
    if username.startswith("pengurus."):
        # The board's home after signing in is its dashboard; "Beranda" is one click away.
        assert halaman.url == f"{live_server.url}/laporan/"
        halaman.goto(f"{live_server.url}/")
    assert halaman.url == f"{live_server.url}/"
    assert halaman.inner_text("[data-testid=peran]").startswith(label)
    isi = halaman.inner_text("main")
    for teks in ada:
        assert teks in isi
    for teks in tidak:
        assert teks not in isi
    foto(halaman, "beranda")


def test_wrong_password_shows_the_message(halaman, live_server, demo, foto, login):
    login(halaman, live_server, "kasir.bukur", "salah-sekali")
    assert halaman.inner_text("[data-testid=galat-masuk]").startswith("Nama pengguna atau kata sandi salah.")
    foto(halaman, "salah")


def test_logout(halaman, live_server, demo, login):
    login(halaman, live_server, "kasir.bukur")
    halaman.click("button.dropdown-toggle")
    halaman.click("text=Keluar")
    halaman.wait_for_url(f"{live_server.url}/masuk/")
    halaman.goto(f"{live_server.url}/")
    assert halaman.url.startswith(f"{live_server.url}/masuk/")


def test_home_on_a_phone(ponsel, live_server, demo, foto, login):
    login(ponsel, live_server, "pengurus.bukur")
    assert ponsel.is_visible("button.navbar-toggler")
    assert not ponsel.is_visible("#menu-utama")
    ponsel.click("button.navbar-toggler")
    ponsel.wait_for_selector("#menu-utama.show")
    foto(ponsel, "menu-terbuka")
    lebar = ponsel.evaluate("document.documentElement.scrollWidth")
    assert lebar <= 390


def test_print_hides_the_navigation(halaman, live_server, demo, login):
    login(halaman, live_server, "pengurus.bukur")
    assert halaman.is_visible("nav.navbar")
    halaman.emulate_media(media="print")
    assert not halaman.is_visible("nav.navbar")
