"""A real Celery worker on the embedded Redis: a round trip, and /healthz seeing it."""

import json

import pytest


@pytest.mark.celery
def test_round_trip_through_a_real_worker(celery_pekerja) -> None:
    from kotaku.celery import ping

    hasil = ping.delay(41)
    assert hasil.get(timeout=30) == 42


@pytest.mark.celery
def test_healthz_reports_database_redis_and_worker(celery_pekerja, client, db) -> None:
    respon = client.get("/healthz")
    assert respon.status_code == 200
    data = json.loads(respon.content)
    assert data["database"] == "ok"
    assert data["redis"] == "ok"
    assert data["worker"] == "ok"
    assert data["jumlah_worker"] >= 1


def test_healthz_is_503_when_redis_is_down(client, db) -> None:
    from kotaku.celery import app

    lama = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        respon = client.get("/healthz")
    finally:
        app.conf.broker_url = lama
    data = json.loads(respon.content)
    assert respon.status_code == 503
    assert data["database"] == "ok"
    assert data["redis"].startswith("gagal")
    assert data["worker"] == "tidak diketahui"
