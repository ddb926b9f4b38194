"""The village report pack: asking for it, one PDF per desa and the roll-up, the ZIP, idempotent files, a
failing
desa failing alone, a new pack replacing the old one, scope; then real workers (one killed mid-pack)."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import time
import uuid
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from kotaku.buku.services import Baris, catat_saldo_awal, posting_jurnal
from kotaku.errors import KesalahanDomain
from kotaku.models import LKM, Desa, Peran
from laporan import paket as layanan
from laporan.models import BerkasPaket, PaketLaporan, StatusKerja
from tests.conftest import hentikan_pekerja, mulai_pekerja


@pytest.fixture
def dua_desa(buat_pengguna):
    """A fasilitator who accompanies Bukur and Kwangsen, whose books hold a 2019 year."""
    bukur = LKM.objects.get(desa__nama="Bukur")
    kwangsen = LKM.objects.get(desa__nama="Kwangsen")
    for lkm, jasa in ((bukur, 12_500_000), (kwangsen, 8_000_000)):
        catat_saldo_awal(
            lkm=lkm, tanggal=date(2018, 12, 31), oleh=None, saldo={"11021": 100_000_000, "31010": 100_000_000}
        )
        posting_jurnal(
            lkm=lkm,
            tanggal=date(2019, 6, 30),
            uraian="Jasa pinjaman",
            baris=[Baris("11010", debit=jasa), Baris("41010", kredit=jasa)],
        )
        posting_jurnal(
            lkm=lkm,
            tanggal=date(2019, 6, 30),
            uraian="Insentif",
            baris=[Baris("51010", debit=9_000_000), Baris("11010", kredit=9_000_000)],
        )
    fasilitator = buat_pengguna(Peran.FASILITATOR)
    fasilitator.desa.set(Desa.objects.filter(nama__in=["Bukur", "Kwangsen"]))
    return fasilitator


def _bangun_di_sini(paket: PaketLaporan) -> None:
    """What the workers do, in this process: every desa, then the roll-up and the ZIP."""
    for b in paket.berkas.filter(lkm__isnull=False):
        layanan.buat_berkas_desa(b.pk)
    layanan.selesaikan_paket(paket.pk)


def test_asking_for_a_pack_names_what_is_wrong(dua_desa, buat_pengguna, lkm_bukur):
    with pytest.raises(KesalahanDomain, match="hanya untuk tahun yang sudah berakhir"):
        layanan.minta_paket(jenis="alokasi_surplus", tahun=date.today().year, oleh=dua_desa)
    with pytest.raises(KesalahanDomain, match="hanya untuk bulan yang sudah berakhir"):
        layanan.minta_paket(jenis="bulanan", tahun=2019, bulan=None, oleh=dua_desa)
    paket = layanan.minta_paket(jenis="alokasi_surplus", tahun=2019, oleh=dua_desa)
    desa = sorted(b.lkm.desa.nama for b in paket.berkas.filter(lkm__isnull=False))
    assert desa == ["Bukur", "Kwangsen"] and paket.berkas.filter(lkm__isnull=True).count() == 1
    # The board of one LKM asks for its own desa only: no roll-up.
    pengurus = buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur)
    sendiri = layanan.minta_paket(jenis="alokasi_surplus", tahun=2019, oleh=pengurus)
    assert sendiri.lingkup == [lkm_bukur.pk] and sendiri.berkas.count() == 1


def test_the_pack_has_one_pdf_per_desa_a_roll_up_and_a_zip_with_checksums(dua_desa):
    import subprocess

    paket = layanan.minta_paket(jenis="alokasi_surplus", tahun=2019, oleh=dua_desa)
    _bangun_di_sini(paket)
    paket.refresh_from_db()
    assert paket.status == StatusKerja.SELESAI and paket.kemajuan == 100 and paket.pesan == ""
    semua = list(paket.berkas.select_related("lkm__desa"))
    for b in semua:
        isi = (Path(settings.MEDIA_ROOT) / b.jalur).read_bytes()
        assert (
            isi.startswith(b"%PDF") and hashlib.sha256(isi).hexdigest() == b.sha256 and b.ukuran == len(isi)
        )
    bukur = next(b for b in semua if b.lkm and b.lkm.desa.nama == "Bukur")
    teks = subprocess.run(
        ["pdftotext", "-layout", str(Path(settings.MEDIA_ROOT) / bukur.jalur), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    # Bukur 2019: jasa 12.500.000 - insentif 9.000.000 = surplus 3.500.000
    assert "Laporan Tahunan Pinjaman Bergulir 2019" in teks and "LKM Barokah" in teks
    assert "Surplus tahun 2019" in teks and "Rp 3.500.000" in teks and "Rembug Warga Tahunan" in teks
    arsip = Path(settings.MEDIA_ROOT) / paket.arsip
    assert hashlib.sha256(arsip.read_bytes()).hexdigest() == paket.arsip_sha256
    nama = sorted(zipfile.ZipFile(io.BytesIO(arsip.read_bytes())).namelist())
    assert nama == [
        "laporan-tahunan-2019-bukur.pdf",
        "laporan-tahunan-2019-kwangsen.pdf",
        "rekap-tahunan-2019-jiwan.pdf",
    ]


def test_the_same_file_twice_is_rendered_once(dua_desa):
    paket = layanan.minta_paket(jenis="alokasi_surplus", tahun=2019, oleh=dua_desa)
    b = paket.berkas.filter(lkm__isnull=False).first()
    assert layanan.buat_berkas_desa(b.pk) == "selesai"
    b.refresh_from_db()
    sebelum = (b.sha256, b.selesai_pada)
    assert layanan.buat_berkas_desa(b.pk) == "dilewati"  # a retry or a duplicate delivery
    b.refresh_from_db()
    assert (b.sha256, b.selesai_pada) == sebelum


def test_a_failing_desa_fails_alone_with_its_reason(dua_desa, settings):
    settings.PAKET_UJI_GAGALKAN_DESA = "Kwangsen"
    paket = layanan.minta_paket(jenis="alokasi_surplus", tahun=2019, oleh=dua_desa)
    _bangun_di_sini(paket)
    paket.refresh_from_db()
    status = {b.lkm.desa.nama if b.lkm else "rekap": (b.status, b.pesan) for b in paket.berkas.all()}
    assert status["Bukur"] == ("selesai", "")
    assert status["Kwangsen"] == (
        "gagal",
        "RuntimeError: Data desa Kwangsen tidak bisa dibaca (uji kegagalan).",
    )
    assert status["rekap"][0] == "selesai"
    assert paket.status == "selesai"
    assert (
        paket.pesan
        == "Sebagian gagal: Kwangsen: RuntimeError: Data desa Kwangsen tidak bisa dibaca (uji kegagalan)."
    )


def test_asking_again_replaces_the_pack_when_the_new_one_is_done(dua_desa):
    lama = layanan.minta_paket(jenis="alokasi_surplus", tahun=2019, oleh=dua_desa)
    _bangun_di_sini(lama)
    baru = layanan.minta_paket(jenis="alokasi_surplus", tahun=2019, oleh=dua_desa)
    assert layanan.paket_terbaru(baru).pk == lama.pk  # until the new one is done, the old one is served
    assert (Path(settings.MEDIA_ROOT) / "paket" / str(lama.pk)).exists()
    _bangun_di_sini(baru)
    assert layanan.paket_terbaru(lama).pk == baru.pk
    assert not (Path(settings.MEDIA_ROOT) / "paket" / str(lama.pk)).exists()


def test_files_are_served_only_within_scope(dua_desa, masuk, buat_pengguna, lkm_bukur, lkm_kwangsen):
    paket = layanan.minta_paket(jenis="alokasi_surplus", tahun=2019, oleh=dua_desa)
    _bangun_di_sini(paket)
    bukur = paket.berkas.get(lkm=lkm_bukur)
    kwangsen = paket.berkas.get(lkm=lkm_kwangsen)
    rekap = paket.berkas.get(lkm__isnull=True)
    milik_bukur = masuk(buat_pengguna(Peran.PENGURUS_LKM, lkm_bukur))
    assert milik_bukur.get(f"/laporan/paket/{paket.pk}/berkas/{bukur.pk}.pdf").status_code == 200
    assert milik_bukur.get(f"/laporan/paket/{paket.pk}/berkas/{kwangsen.pk}.pdf").status_code == 404
    assert milik_bukur.get(f"/laporan/paket/{paket.pk}/berkas/{rekap.pk}.pdf").status_code == 404
    assert milik_bukur.get(f"/laporan/paket/{paket.pk}/arsip.zip").status_code == 404
    fasilitator = masuk(dua_desa)
    zip_ = fasilitator.get(f"/laporan/paket/{paket.pk}/arsip.zip")
    assert zip_.status_code == 200 and zip_["Content-Type"] == "application/zip"


def test_the_api_asks_and_reports_progress(dua_desa, api_klien):
    klien = api_klien(dua_desa)
    r = klien.post(
        "/api/v1/laporan", {"jenis": "alokasi_surplus", "tahun": 2019}, content_type="application/json"
    )
    assert r.status_code == 202 and r.json()["status"] == "antre"
    pid = r.json()["id"]
    awal = klien.get(f"/api/v1/laporan/{pid}").json()
    assert (awal["status"], awal["kemajuan"], awal["berkas"], awal["arsip"]) == ("antre", 0, [], None)
    _bangun_di_sini(PaketLaporan.objects.get(pk=pid))
    akhir = klien.get(f"/api/v1/laporan/{pid}").json()
    assert akhir["status"] == "selesai" and akhir["kemajuan"] == 100
    assert sorted(b["desa"] or "" for b in akhir["berkas"]) == ["", "Bukur", "Kwangsen"]
    assert all(len(b["sha256"]) == 64 for b in akhir["berkas"]) and akhir["arsip"].endswith("/arsip.zip")
    salah = klien.post("/api/v1/laporan", {"jenis": "lain", "tahun": 2019}, content_type="application/json")
    assert salah.status_code == 400


# ---- real workers ------------------------------------------------------------------------------------------


def _tunggu(paket_id: int, batas_detik: float = 120) -> PaketLaporan:
    akhir = time.monotonic() + batas_detik
    while time.monotonic() < akhir:
        paket = PaketLaporan.objects.get(pk=paket_id)
        if paket.status in (StatusKerja.SELESAI, StatusKerja.GAGAL):
            return paket
        time.sleep(0.5)
    raise AssertionError(f"Paket {paket_id} tidak selesai dalam {batas_detik} detik")


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_pack(celery_pekerja, dua_desa):
    paket = layanan.minta_paket(jenis="alokasi_surplus", tahun=2019, oleh=dua_desa)
    paket = _tunggu(paket.pk)
    assert paket.status == "selesai"
    assert sorted(paket.berkas.values_list("status", flat=True)) == ["selesai", "selesai", "selesai"]


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_pack_leaves_a_job_that_finishes_once_a_worker_returns(dua_desa):
    from kotaku.celery import app
    from laporan.tasks import pulihkan_paket

    antrean = f"uji-mati-{uuid.uuid4().hex[:6]}"
    lama = app.conf.task_default_queue
    app.conf.task_default_queue = antrean
    try:
        # A slow worker (every file takes 4 s): kill it while it renders the first desa.
        pertama = mulai_pekerja(antrean, PAKET_UJI_TUNDA_DETIK="4", PAKET_KLAIM_BASI_DETIK="3")
        paket = layanan.minta_paket(jenis="alokasi_surplus", tahun=2019, oleh=dua_desa)
        akhir = time.monotonic() + 60
        while not BerkasPaket.objects.filter(paket=paket, status=StatusKerja.BERJALAN).exists():
            assert time.monotonic() < akhir, "worker tidak mengambil berkas"
            time.sleep(0.2)
        os.kill(pertama.pid, signal.SIGKILL)
        pertama.wait(10)
        macet = BerkasPaket.objects.get(paket=paket, status=StatusKerja.BERJALAN)
        assert PaketLaporan.objects.get(pk=paket.pk).status != StatusKerja.SELESAI
        # A worker returns; the beat's recovery re-sends what the dead one left once its claim is stale.
        kedua = mulai_pekerja(antrean, PAKET_KLAIM_BASI_DETIK="3")
        try:
            time.sleep(3.5)
            pulihkan_paket.delay().get(timeout=30)
            paket = _tunggu(paket.pk)
        finally:
            hentikan_pekerja(kedua)
    finally:
        app.conf.task_default_queue = lama
    assert paket.status == "selesai"
    macet.refresh_from_db()
    assert macet.status == StatusKerja.SELESAI and len(macet.sha256) == 64
    assert BerkasPaket.objects.filter(paket=paket).count() == 3  # each file once


def test_the_monthly_pack_holds_neraca_surplus_and_lu02(dua_desa, lkm_bukur):
    import subprocess

    paket = layanan.minta_paket(jenis="bulanan", tahun=2019, bulan=6, oleh=dua_desa)
    _bangun_di_sini(paket)
    bukur = paket.berkas.get(lkm=lkm_bukur)
    teks = subprocess.run(
        ["pdftotext", str(Path(settings.MEDIA_ROOT) / bukur.jalur), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Laporan Bulanan UPK Juni 2019" in teks and "Per 30 Juni 2019" in teks
    assert "Jumlah aset" in teks and "Surplus" in teks and "Kolektibilitas (LU-02)" in teks


def test_the_pack_pages_ask_and_show_progress(dua_desa, masuk):
    klien = masuk(dua_desa)
    assert "Susun laporan" in klien.get("/laporan/paket/").content.decode()
    r = klien.post("/laporan/paket/", {"jenis": "alokasi_surplus", "tahun": 2019})
    paket = PaketLaporan.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/laporan/paket/{paket.pk}/"
    bagian = klien.get(r["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "0 dari 3 berkas selesai" in bagian and 'hx-trigger="every 2s"' in bagian  # polls while it runs
    _bangun_di_sini(paket)
    bagian = klien.get(r["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert (
        "3 dari 3 berkas selesai" in bagian and "hx-trigger" not in bagian and "Unduh semua (ZIP)" in bagian
    )
    salah = klien.post("/laporan/paket/", {"jenis": "bulanan", "tahun": 2019})
    assert "Pilih bulan untuk laporan bulanan." in salah.content.decode()
