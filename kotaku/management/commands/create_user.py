"""create_user <username> --role <role> [--lkm <id>]... [--kecamatan <id>]
[--desa <id>]... [--password <pw>]"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kotaku.models import LKM, PERAN_LKM, Desa, Kecamatan, Pengguna, Peran


class Command(BaseCommand):
    help = "Membuat pengguna dengan peran dan lingkup (LKM, kecamatan atau desa)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Peran.values)
        parser.add_argument("--lkm", type=int, action="append", default=[], help="id LKM (boleh berulang)")
        parser.add_argument("--kecamatan", type=int, help="id kecamatan (fasilitator)")
        parser.add_argument(
            "--desa", type=int, action="append", default=[], help="id desa dampingan (fasilitator)"
        )
        parser.add_argument("--password", help="tanpa ini, kata sandi acak dibuat dan dicetak")
        parser.add_argument("--nama", default="", help="nama lengkap")

    @transaction.atomic
    def handle(self, *args: Any, **o: Any) -> None:
        username, peran = o["username"], o["role"]
        if Pengguna.objects.filter(username=username).exists():
            raise CommandError(f"Pengguna {username!r} sudah ada.")
        daftar_lkm = list(LKM.objects.filter(pk__in=o["lkm"]))
        if len(daftar_lkm) != len(set(o["lkm"])):
            raise CommandError(f"LKM tidak ditemukan: {sorted(set(o['lkm']) - {x.pk for x in daftar_lkm})}")
        if peran in PERAN_LKM and not daftar_lkm:
            raise CommandError(f"Peran {peran} wajib memakai --lkm <id>.")
        kecamatan = None
        if o["kecamatan"] is not None:
            kecamatan = Kecamatan.objects.filter(pk=o["kecamatan"]).first()
            if kecamatan is None:
                raise CommandError(f"Kecamatan {o['kecamatan']} tidak ditemukan.")
        daftar_desa = list(Desa.objects.filter(pk__in=o["desa"]))
        if peran == Peran.FASILITATOR and kecamatan is None and not daftar_desa:
            raise CommandError("Fasilitator wajib memakai --kecamatan <id> atau --desa <id>.")
        kata_sandi = o["password"] or secrets.token_urlsafe(12)
        depan, _, belakang = o["nama"].partition(" ")
        user = Pengguna.objects.create_user(
            username=username,
            password=kata_sandi,
            peran=peran,
            kecamatan=kecamatan,
            first_name=depan,
            last_name=belakang,
            is_staff=peran == Peran.ADMIN,
            is_superuser=peran == Peran.ADMIN,
        )
        user.lkm.set(daftar_lkm)
        user.desa.set(daftar_desa)
        lingkup = (
            ", ".join(x.nama for x in daftar_lkm)
            or (f"Kecamatan {kecamatan.nama}" if kecamatan else "")
            or ", ".join(d.nama for d in daftar_desa)
            or "semua"
        )
        self.stdout.write(f"Pengguna {username} ({Peran(peran).label}) dibuat; lingkup: {lingkup}.")
        if not o["password"]:
            self.stdout.write(f"Kata sandi: {kata_sandi}")
