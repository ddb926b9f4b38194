"""Backup and restore: `cadangkan` then `pulihkan` into a fresh database gives back the same books and
loans."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum

from kotaku import cadangan
from kotaku.buku.models import BarisJurnal, Jurnal
from kotaku.buku.selectors import neraca
from kotaku.buku.services import Baris, posting_jurnal
from kotaku.models import LKM, Peran
from pinjaman import services as layanan_pinjaman
from pinjaman.models import Pinjaman
from pinjaman.selectors import posisi_pinjaman
from tests.bantuan import ubah_kebijakan_awal
from tests.ksm.factories import ksm_dengan_anggota
from tests.pinjaman.conftest import ALUR, cair

ROOT = Path(__file__).resolve().parents[2]
PER = date(2019, 12, 31)


def ringkasan() -> dict[str, Any]:
    """What must survive a backup: journals, every account's debit/kredit per LKM, neraca totals, loan
    positions,
    and the database rule that posted journals are append-only (a trigger, so it must be restored too)."""
    akun = (
        BarisJurnal.objects.values("lkm__nama", "akun__kode")
        .annotate(debit=Sum("debit"), kredit=Sum("kredit"))
        .order_by("lkm__nama", "akun__kode")
    )
    lkm_berbuku = LKM.objects.filter(jurnal__isnull=False).distinct().order_by("nama")
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"UPDATE {Jurnal._meta.db_table} SET uraian = 'diubah'")
        jurnal_terkunci = False
    except DatabaseError:
        jurnal_terkunci = True
    return {
        "jurnal": Jurnal.objects.count(),
        "akun": [[r["lkm__nama"], r["akun__kode"], int(r["debit"]), int(r["kredit"])] for r in akun],
        "neraca": {
            lkm.nama: [(n := neraca(lkm=lkm, per=PER)).total_aset, n.total_kewajiban_modal]
            for lkm in lkm_berbuku
        },
        "pinjaman": [
            {k: str(v) for k, v in asdict(posisi_pinjaman(pinjaman=p, per=PER)).items()}  # type: ignore[arg-type]
            for p in Pinjaman.objects.order_by("pk")
        ],
        "jurnal_terkunci": jurnal_terkunci,
    }


def _url(nama_db: str) -> str:
    s = connection.settings_dict
    host = s.get("HOST") or s.get("OPTIONS", {}).get("host") or ""
    kredensial = f"{s['USER']}:{s.get('PASSWORD') or ''}"
    if host.startswith("/"):
        return f"postgresql://{kredensial}@/{nama_db}?host={host}"
    return f"postgresql://{kredensial}@{host}:{s.get('PORT') or 5432}/{nama_db}"


def _ringkasan_di(url: str) -> dict[str, Any]:
    """The same summary computed by the app itself running on the restored database (a fresh process)."""
    kode = (
        "import json, django; django.setup(); from tests.kotaku.test_cadangan import ringkasan; "
        "print(json.dumps(ringkasan()))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "kotaku.settings",
    }
    hasil = subprocess.run(
        [sys.executable, "-c", kode], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert hasil.returncode == 0, hasil.stderr
    return json.loads(hasil.stdout.strip().splitlines()[-1])


def _isi_buku(lkm_bukur: LKM, lkm_kwangsen: LKM, buat_pengguna: Any) -> None:
    for lkm, modal in ((lkm_bukur, 10_000_000), (lkm_kwangsen, 7_500_000)):
        posting_jurnal(
            lkm=lkm,
            tanggal=date(2019, 1, 2),
            uraian="Modal APBN",
            baris=[Baris("11010", debit=modal), Baris("31020", kredit=modal)],
        )
    posting_jurnal(
        lkm=lkm_kwangsen,
        tanggal=date(2019, 3, 5),
        uraian="Transport rapat",
        baris=[Baris("51040", debit=40_000), Baris("11010", kredit=40_000)],
    )
    ubah_kebijakan_awal(lkm_bukur, wajib_tiga_bulan=False)
    orang = {p: buat_pengguna(p, lkm_bukur) for p in ALUR}
    pinjaman = cair(ksm_dengan_anggota(6, lkm=lkm_bukur, nama="KSM Laris Jaya"), orang, pokok=500_000)
    layanan_pinjaman.catat_pembayaran(
        pinjaman=pinjaman, tanggal=date(2019, 2, 10), jumlah=345_000, kunci="b1", oleh=orang[Peran.KASIR]
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_the_same_books_and_loans(
    tmp_path, lkm_bukur, lkm_kwangsen, buat_pengguna
):
    _isi_buku(lkm_bukur, lkm_kwangsen, buat_pengguna)
    asli = ringkasan()
    # Written by hand: 3 journals + disbursement + repayment; Bukur 10 000 000 modal + 45 000 jasa,
    # Kwangsen 7 500 000 modal - 40 000 transport; 6 x 500 000 loan, 300 000 pokok repaid.
    assert asli["jurnal"] == 5
    assert asli["neraca"] == {
        "LKM Barokah": [10_045_000, 10_045_000],
        "LKM Sejahtera Mandiri": [7_460_000, 7_460_000],
    }
    assert [(p["pokok"], p["sisa_pokok"]) for p in asli["pinjaman"]] == [("3000000", "2700000")]
    assert asli["jurnal_terkunci"] is True

    berkas = tmp_path / "kotaku.dump"
    call_command("cadangkan", "--keluaran", str(berkas))
    assert berkas.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format

    nama_baru = f"{connection.settings_dict['NAME']}_pulih"
    with connection.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{nama_baru}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{nama_baru}" TEMPLATE template0')
    try:
        call_command("pulihkan", str(berkas), "--ke-basis-data", _url(nama_baru))
        assert _ringkasan_di(_url(nama_baru)) == asli
    finally:
        connection.close()
        with connection.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{nama_baru}" WITH (FORCE)')


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("pulihkan", str(tmp_path / "tidak-ada.dump"))


def test_make_restore_refuses_without_file():
    hasil = subprocess.run(
        ["make", "--no-print-directory", "restore"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        env={**os.environ, "FILE": ""},
    )
    assert hasil.returncode != 0
    assert "Pakai: make restore FILE=" in hasil.stderr


# ---- command lines -----------------------------------------------------------------------------------------


def test_command_lines_over_a_unix_socket_carry_no_password():
    db = {
        "NAME": "kotaku",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "OPTIONS": {"host": "/srv/pg/socket"},
    }
    perintah, env = cadangan.perintah_cadangkan(db, program=Path("/x/pg_dump"), keluaran=Path("/b/k.dump"))
    assert perintah == [
        "/x/pg_dump",
        "--format=custom",
        "--file",
        "/b/k.dump",
        "--no-password",
        "--host",
        "/srv/pg/socket",
        "--username",
        "postgres",
        "--dbname",
        "kotaku",
    ]
    assert env == {}


def test_command_lines_over_tcp_put_the_password_in_the_environment():
    db = {
        "NAME": "kotaku",
        "USER": "kotaku",
        "PASSWORD": "s4ndi rahasia",
        "HOST": "db",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require"},
    }
    perintah, env = cadangan.perintah_pulihkan(db, program=Path("/x/pg_restore"), berkas=Path("/b/k.dump"))
    assert perintah == [
        "/x/pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        "--host",
        "db",
        "--port",
        "5433",
        "--username",
        "kotaku",
        "--dbname",
        "kotaku",
        "/b/k.dump",
    ]
    assert env == {"PGPASSWORD": "s4ndi rahasia", "PGSSLMODE": "require"}
    assert not any("s4ndi" in bagian for bagian in perintah)


def test_the_client_programs_match_the_server_version(db):
    versi = cadangan.versi_server(connection.settings_dict)
    for nama in ("pg_dump", "pg_restore"):
        program = cadangan.cari_program(nama, versi=versi)
        keluaran = subprocess.run([str(program), "--version"], capture_output=True, text=True).stdout
        assert f"PostgreSQL) {versi}." in keluaran
    assert (
        "PostgreSQL) 16."
        in subprocess.run(
            [str(cadangan.cari_program("pg_dump", versi=16)), "--version"], capture_output=True, text=True
        ).stdout
    )
    with pytest.raises(cadangan.ProgramTidakAda, match="pg_dump untuk PostgreSQL 99 tidak ditemukan"):
        cadangan.cari_program("pg_dump", versi=99)
