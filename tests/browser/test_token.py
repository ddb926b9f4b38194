"""Under the real Content-Security-Policy, Chromium runs the menus, htmx and forms with no violation;
a user makes an API token from the user menu, sees its secret once, and revokes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.browser


def _catat_pelanggaran(page: Any) -> list[str]:
    pelanggaran: list[str] = []
    page.on(
        "console",
        lambda pesan: pelanggaran.append(pesan.text) if "Content Security Policy" in pesan.text else None,
    )
    page.on("pageerror", lambda galat: pelanggaran.append(str(galat)))
    return pelanggaran


def test_token_from_the_user_menu_under_the_csp(halaman, live_server, demo, foto, login):
    pelanggaran = _catat_pelanggaran(halaman)
    login(halaman, live_server, "kasir.bukur")
    halaman.click("[data-testid=pengguna]")
    halaman.click("text=Token API")
    halaman.wait_for_url(f"{live_server.url}/token/")
    halaman.fill("#id_nama", "aplikasi kabupaten")
    halaman.click("[data-testid=form-token] button[type=submit]")
    rahasia = halaman.inner_text("[data-testid=rahasia-token] code.user-select-all").strip()
    assert rahasia.startswith("ktk_")
    foto(halaman, "token-baru")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {rahasia}").get("/api/v1/desa").status_code == 200

    halaman.once(
        "dialog", lambda dialog: dialog.accept()
    )  # the data-konfirmasi confirm() from static/js/app.js
    halaman.click("[data-testid=daftar-token] button:has-text('Cabut')")
    halaman.wait_for_selector("[data-testid=pesan]")
    assert "dicabut" in halaman.inner_text("[data-testid=daftar-token]")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {rahasia}").get("/api/v1/desa").status_code == 401

    for path in ("/", "/ksm/", f"/buku/{_lkm_bukur()}/neraca/?per=2019-03-31"):
        halaman.goto(live_server.url + path)
        halaman.wait_for_load_state("networkidle")
    assert pelanggaran == []


def _lkm_bukur() -> int:
    from kotaku.models import LKM

    return LKM.objects.get(desa__nama="Bukur").pk
