"""create_api_token <username>: prints a new bearer token that acts as the user."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kotaku.models import Pengguna, TokenAPI


class Command(BaseCommand):
    help = "Membuat token API baru untuk pengguna (dicetak sekali; yang disimpan hanya sidiknya)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--nama", default="", help="keterangan token")

    def handle(self, *args: Any, **o: Any) -> None:
        user = Pengguna.objects.filter(username=o["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna aktif {o['username']!r} tidak ditemukan.")
        _, rahasia = TokenAPI.buat(pengguna=user, nama=o["nama"])
        self.stdout.write(rahasia)
