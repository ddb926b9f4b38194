"""The house's shared pieces: report pages keep the chosen LKM and dates, unknown API paths answer JSON, every
posting is logged as one structured line."""

from __future__ import annotations

import json
import logging
from datetime import date

from kotaku.buku.services import Baris, posting_jurnal
from kotaku.models import Peran


def test_choosing_another_lkm_on_a_report_keeps_its_date(buat_pengguna, masuk, lkm_bukur, lkm_kwangsen):
    fasilitator = buat_pengguna(Peran.FASILITATOR, kecamatan=lkm_bukur.desa.kecamatan)
    klien = masuk(fasilitator)
    r = klien.get(
        f"/pinjaman/lkm/{lkm_bukur.pk}/kolektibilitas/", {"per": "2019-11-30", "lkm": lkm_kwangsen.pk}
    )
    assert (
        r.status_code == 302
        and r["Location"] == f"/pinjaman/lkm/{lkm_kwangsen.pk}/kolektibilitas/?per=2019-11-30"
    )
    halaman = klien.get(r["Location"]).content.decode()
    assert "LKM Sejahtera Mandiri · Desa Kwangsen · Per 30 November 2019" in halaman
    assert "?per=2019-11-30&amp;format=pdf" in halaman and "?per=2019-11-30&amp;format=xlsx" in halaman


def test_an_lkm_outside_scope_chosen_on_a_report_is_404(buat_pengguna, masuk, lkm_bukur, lkm_kwangsen):
    klien = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur))
    r = klien.get(f"/buku/{lkm_bukur.pk}/neraca/", {"lkm": lkm_kwangsen.pk}, follow=True)
    assert r.status_code == 404


def test_a_bad_report_date_is_shown_and_the_period_shown_is_stated(buat_pengguna, masuk, lkm_bukur):
    klien = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur))
    halaman = klien.get(f"/buku/{lkm_bukur.pk}/neraca/", {"per": "2019-02-30"}).content.decode()
    assert "Tanggal 2019-02-30 tidak ada di kalender." in halaman
    assert 'data-testid="lingkup-laporan">LKM Barokah · Desa Bukur · Per ' in halaman


def test_unknown_api_paths_answer_the_json_error_body(api_klien, buat_pengguna, lkm_bukur):
    r = api_klien(buat_pengguna(Peran.KASIR, lkm_bukur)).get("/api/v1/tidak-ada/sama-sekali")
    assert r.status_code == 404 and r["Content-Type"] == "application/json"
    assert r.json() == {"detail": "Alamat API tidak dikenal.", "errors": []}


def test_api_pagination_bounds_are_a_400_not_a_database_error(api_klien, buat_pengguna, lkm_bukur):
    klien = api_klien(buat_pengguna(Peran.KASIR, lkm_bukur))
    assert klien.get("/api/v1/ksm", {"offset": 2**63}).status_code == 400
    assert klien.get("/api/v1/ksm", {"limit": 0}).status_code == 400
    assert klien.get("/api/v1/ksm", {"limit": 2, "offset": 0}).json()["count"] == 0


class _Tangkap(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.catatan: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.catatan.append(record)


def test_every_posting_is_logged_as_one_json_line(lkm_bukur, buat_pengguna):
    kasir = buat_pengguna(Peran.KASIR, lkm_bukur, username="kasir.log")
    tangkap = _Tangkap()
    logger = logging.getLogger("kotaku.aksi")
    logger.addHandler(tangkap)
    try:
        posting_jurnal(
            lkm=lkm_bukur,
            tanggal=date(2019, 3, 1),
            uraian="Modal APBD",
            baris=[Baris("11010", debit=2_500_000), Baris("31020", kredit=2_500_000)],
            kunci="log-1",
            oleh=kasir,
        )
    finally:
        logger.removeHandler(tangkap)
    (catatan,) = tangkap.catatan
    from kotaku.log import FormatJSON

    baris = json.loads(FormatJSON().format(catatan))
    assert baris["peristiwa"] == "jurnal.diposting"
    assert (baris["oleh"], baris["lkm"], baris["kunci"], baris["jumlah"]) == (
        "kasir.log",
        lkm_bukur.pk,
        "log-1",
        2_500_000,
    )
    assert baris["nomor"] == "2019/000001" and baris["tanggal"] == "2019-03-01"
