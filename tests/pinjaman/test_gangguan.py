"""Faults with the real database and Redis (issue 14): a database connection lost in the middle of a payment
leaves nothing partial and the person gets a clear answer; with Redis stopped, staff still enter payments
(entering data never needs the worker) and /healthz says Redis is down."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections
from django.test import Client

from kotaku.buku.models import Jurnal
from kotaku.models import LKM, Peran, TokenAPI
from pinjaman.models import Pembayaran, RincianPembayaran
from tests.ksm.factories import ksm_dengan_anggota
from tests.pinjaman.conftest import cair


def _putus_di_tengah(kirim, lkm_id):
    """Run `kirim()` (one request) in a thread while another connection holds the LKM's journal-number row,
    so the payment's transaction stops after writing its payment rows and while it holds the loan row lock;
    then terminate that transaction's backend (what a PostgreSQL restart or failover does to it)."""
    penahan = connections.create_connection("default")
    penahan.set_autocommit(False)
    hasil = {}

    def jalan():
        try:
            hasil["respon"] = kirim()
        finally:
            connection.close()

    try:
        with penahan.cursor() as cur:
            cur.execute(
                "SELECT terakhir FROM buku_nomorjurnal WHERE lkm_id = %s AND tahun = 2019 FOR UPDATE",
                [lkm_id],
            )
            utas = threading.Thread(target=jalan)
            utas.start()
            korban = None
            batas = time.monotonic() + 30
            while korban is None and time.monotonic() < batas:
                cur.execute("SELECT pg_stat_clear_snapshot()")  # a transaction sees one snapshot otherwise
                cur.execute(
                    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND pid <> pg_backend_pid() AND query LIKE '%buku_nomorjurnal%'"
                )
                baris = cur.fetchone()
                korban = baris[0] if baris else None
                time.sleep(0.05)
            assert korban is not None, "the payment never reached the journal"
            # the payment's rows are written, uncommitted, in the victim's transaction
            cur.execute("SELECT pg_terminate_backend(%s)", [korban])
        penahan.rollback()
        utas.join(30)
    finally:
        penahan.close()
    connection.close()  # the test's own connection may have been the one reused: start clean
    return hasil["respon"]


@pytest.fixture
def pinjaman(orang):
    return cair(ksm_dengan_anggota(5, lkm=LKM.objects.get(desa__nama="Bukur")), orang, pokok=500_000)


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_mid_payment_posts_nothing_and_the_api_says_503(pinjaman, orang):
    _, rahasia = TokenAPI.buat(pengguna=orang[Peran.KASIR], nama="uji")
    klien = Client(HTTP_AUTHORIZATION=f"Bearer {rahasia}")
    jurnal_sebelum = Jurnal.objects.count()
    respon = _putus_di_tengah(
        lambda: klien.post(
            f"/api/v1/pinjaman/{pinjaman.pk}/pembayaran",
            {"tanggal": "2019-02-10", "jumlah": 287_500, "kunci": "putus-1"},
            content_type="application/json",
        ),
        pinjaman.lkm_id,
    )
    assert respon.status_code == 503
    assert respon.json()["detail"].startswith("Sambungan ke basis data terputus; tidak ada yang tersimpan")
    assert (Pembayaran.objects.count(), RincianPembayaran.objects.count()) == (0, 0)
    assert Jurnal.objects.count() == jurnal_sebelum
    # the same request again, the database back: posted once, with its journal
    ulang = klien.post(
        f"/api/v1/pinjaman/{pinjaman.pk}/pembayaran",
        {"tanggal": "2019-02-10", "jumlah": 287_500, "kunci": "putus-1"},
        content_type="application/json",
    )
    assert ulang.status_code == 201
    bayar = Pembayaran.objects.get()
    assert Jurnal.objects.filter(pk=bayar.jurnal_id, sumber_id=bayar.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_mid_collection_sheet_shows_a_message_not_a_traceback(pinjaman, orang, masuk):
    klien = masuk(orang[Peran.KASIR])
    a = pinjaman.bagian.first().anggota_id
    data = {"tanggal": "2019-02-10", "kunci": "lembar-putus", f"bayar_{a}": "57500"}
    respon = _putus_di_tengah(
        lambda: klien.post(f"/pinjaman/{pinjaman.pk}/lembar-tagih/", data), pinjaman.lkm_id
    )
    assert respon.status_code == 503
    teks = respon.content.decode()
    assert "tidak ada yang tersimpan dari permintaan ini" in teks and "Traceback" not in teks
    assert not Pembayaran.objects.exists() and not RincianPembayaran.objects.exists()


def test_with_redis_down_payments_still_work_and_healthz_says_so(pinjaman, orang, masuk, api_klien):
    from kotaku.celery import app

    lama = app.conf.broker_url, app.conf.result_backend
    app.conf.broker_url = app.conf.result_backend = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        a, b = pinjaman.bagian.values_list("anggota_id", flat=True)[:2]
        halaman = masuk(orang[Peran.KASIR]).post(
            f"/pinjaman/{pinjaman.pk}/lembar-tagih/",
            {"tanggal": "2019-02-10", "kunci": "lembar-tanpa-redis", f"bayar_{a}": "57500"},
        )
        assert halaman.status_code == 302
        api = api_klien(orang[Peran.KASIR]).post(
            f"/api/v1/pinjaman/{pinjaman.pk}/pembayaran",
            {
                "tanggal": "2019-02-11",
                "jumlah": 57_500,
                "kunci": "api-tanpa-redis",
                "rincian": [{"anggota": b, "jumlah": 57_500}],
            },
            content_type="application/json",
        )
        assert api.status_code == 201
        sehat = Client().get("/healthz")
    finally:
        app.conf.broker_url, app.conf.result_backend = lama
    assert Pembayaran.objects.filter(tanggal__gte=date(2019, 2, 10)).count() == 2
    assert all(p.jurnal_id for p in Pembayaran.objects.all())
    assert sehat.status_code == 503
    assert sehat.json()["database"] == "ok" and sehat.json()["redis"].startswith("gagal")
