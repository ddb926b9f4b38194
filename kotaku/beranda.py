"""The home page of each role: its villages and LKMs, and what it can do next."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from kotaku.akses import akses_lkm
from kotaku.models import Peran

# Quick actions per role: (label, url name, needs lkm_id).
AKSI: dict[str, list[tuple[str, str, bool]]] = {
    Peran.MANAJER_UPK: [("Verifikasi pengajuan pinjaman", "pinjaman:daftar", False), ("Daftar KSM", "ksm:daftar", False),
                        ("Kebijakan LKM", "lkm_kebijakan", True)],
    Peran.KASIR: [("Catat transaksi kas", "buku:transaksi_baru", True), ("Daftar pinjaman", "pinjaman:daftar", False),
                  ("Buku kas", "buku:kas", True)],
    Peran.PEMBUKU: [("Buku kas", "buku:kas", True), ("Neraca", "buku:neraca", True), ("Tutup bulan", "buku:tutup_bulan", True)],
    Peran.PETUGAS_PINJAMAN: [("Daftar KSM", "ksm:daftar", False), ("Ajukan pinjaman", "pinjaman:ajukan", False)],
    Peran.PENGURUS_LKM: [("Pinjaman menunggu persetujuan", "pinjaman:daftar", False), ("Neraca", "buku:neraca", True),
                         ("Kolektibilitas", "pinjaman:kolektibilitas", True), ("Kebijakan LKM", "lkm_kebijakan", True)],
    Peran.FASILITATOR: [("Daftar KSM", "ksm:daftar", False), ("Dasbor", "laporan:dasbor", False)],
    Peran.ADMIN: [("Admin", "admin:index", False)],
}


class FormulirMasuk(AuthenticationForm):
    """Login form whose messages speak plainly to staff."""

    error_messages = {
        "invalid_login": "Nama pengguna atau kata sandi salah. Periksa lagi (huruf besar/kecil berpengaruh).",
        "inactive": "Akun ini tidak aktif. Hubungi admin.",
    }
    username = forms.CharField(label="Nama pengguna", widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(label="Kata sandi", strip=False, widget=forms.PasswordInput)


@login_required
def beranda(request: HttpRequest) -> HttpResponse:
    daftar_lkm = list(akses_lkm(request.user))
    pertama = daftar_lkm[0] if daftar_lkm else None
    aksi = []
    for label, nama, perlu_lkm in AKSI.get(getattr(request.user, "peran", ""), []):
        try:
            url = reverse(nama, kwargs={"lkm_id": pertama.pk}) if perlu_lkm and pertama else reverse(nama)
        except NoReverseMatch:
            continue
        aksi.append({"label": label, "url": url})
    return render(request, "kotaku/beranda.html", {"daftar_lkm": daftar_lkm, "aksi": aksi})
