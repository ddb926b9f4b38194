"""Browser tests: Playwright (sync) driving Debian's Chromium against pytest-django's live_server.

How to write a journey:
    @pytest.mark.browser
    def test_x(halaman, live_server, demo, foto, login):
        login(halaman, live_server, "kasir.bukur")
        halaman.goto(live_server.url + "/ksm/")
        foto(halaman, "daftar-ksm")

live_server makes the tests transactional: every table is flushed after each test, including the Jiwan
organisation that a data migration created. The `demo` fixture puts back the organisation (the migration's own
function) and the demo users, so journeys start from what `make run` shows. Screenshots go to test-artifacts/
(git-ignored).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTEFAK = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def peramban() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Chromium tidak ada di /usr/bin/chromium: jalankan `make test` (memasangnya) atau apt-get "
            "install chromium"
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


def _halaman(peramban: Any, **opsi: Any) -> Iterator[Any]:
    konteks = peramban.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **opsi)
    konteks.set_default_timeout(15_000)
    page = konteks.new_page()
    yield page
    konteks.close()


@pytest.fixture
def halaman(peramban: Any) -> Iterator[Any]:
    yield from _halaman(peramban, viewport={"width": 1280, "height": 900})


@pytest.fixture
def ponsel(peramban: Any) -> Iterator[Any]:
    yield from _halaman(peramban, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)


@pytest.fixture
def demo(transactional_db: Any) -> None:
    """The Jiwan organisation and the demo users, recreated after live_server's flush."""
    from kotaku.demo import buat_pengguna_demo

    buat_pengguna_demo()


@pytest.fixture
def foto(request: Any) -> Callable[[Any, str], Path]:
    """foto(page, "nama") -> test-artifacts/<test>-<nama>.png (full page)."""
    ARTEFAK.mkdir(exist_ok=True)
    dasar = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)

    def _foto(page: Any, nama: str) -> Path:
        path = ARTEFAK / f"{dasar}-{nama}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _foto


@pytest.fixture
def login() -> Callable[..., None]:
    """login(page, live_server, username, password=demo password): fills the login form."""
    from kotaku.demo import KATA_SANDI_DEMO

    def _login(page: Any, live_server: Any, username: str, password: str = KATA_SANDI_DEMO) -> None:
        page.goto(f"{live_server.url}/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        # The login form's own button: a late response of the previous user's page (htmx fragments) may have
        # restored that session, and then the navbar's "Keluar" button is a submit button too.
        page.click("form:has(#id_password) button[type=submit]")
        page.wait_for_load_state("networkidle")

    return _login
