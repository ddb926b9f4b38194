"""The home page of each role: its villages and LKMs, and what it can do next; the login form's wording."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kotaku.akses import HAK, akses_lkm
from kotaku.context_processors import Tautan, boleh_lihat, lkm_aktif, url_tautan
from kotaku.models import PERAN_LKM, Peran
from kotaku.tampilan import Permintaan
from kotaku.tanggal import format_tanggal

NAMA_HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
LKM_PER_HALAMAN = 50

# Quick actions per role: a link (skipped when its URL name is not installed) and one line saying what it is
# for.
_ANTRE_PERSETUJUAN = Tautan(
    "Setujui pinjaman", "pinjaman:daftar", kueri="?status=diverifikasi", ikon="check2-square"
)
_KSM = Tautan("Daftar KSM", "ksm:daftar", ikon="people")
_NERACA = Tautan("Neraca", "buku:neraca", True, ikon="columns-gap")
_SURPLUS = Tautan("Surplus / defisit", "buku:surplus", True, ikon="graph-up")
_KOL = Tautan("Kolektibilitas (LU-02)", "pinjaman:kolektibilitas", True, ikon="bar-chart")
_DASBOR = Tautan("Dasbor", "laporan:dasbor", ikon="speedometer2")
_KEBIJAKAN = Tautan("Kebijakan LKM", "lkm_kebijakan", True, ikon="sliders")
_BUKU_KAS = Tautan("Buku kas", "buku:kas", True, ikon="wallet2")
_AJUKAN = Tautan("Ajukan pinjaman", "pinjaman:ajukan", peran=HAK["pinjaman.ajukan"], ikon="plus-circle")

AKSI: dict[str, list[tuple[Tautan, str]]] = {
    Peran.MANAJER_UPK: [
        (
            Tautan(
                "Verifikasi pengajuan", "pinjaman:daftar", kueri="?status=diajukan", ikon="clipboard-check"
            ),
            "Periksa pengajuan pinjaman KSM yang baru masuk.",
        ),
        (_AJUKAN, "Pengajuan baru untuk KSM yang sudah layak."),
        (_KSM, "Kelompok, anggota, pertemuan dan tabungan."),
        (_KOL, "Tunggakan per kelas dan cadangan risiko."),
        (_KEBIJAKAN, "Jasa, jangka, batas pinjaman dan pembulatan."),
    ],
    Peran.KASIR: [
        (
            Tautan("Catat transaksi kas", "buku:transaksi_baru", True, ikon="plus-circle"),
            "Uang masuk atau keluar di luar angsuran.",
        ),
        (
            Tautan("Terima angsuran", "pinjaman:daftar", kueri="?status=dicairkan", ikon="cash-coin"),
            "Buka pinjaman yang berjalan, lalu isi lembar tagih.",
        ),
        (_BUKU_KAS, "Semua uang masuk dan keluar, dengan saldo."),
        (_KSM, "Kelompok, anggota, pertemuan dan tabungan."),
    ],
    Peran.PEMBUKU: [
        (_BUKU_KAS, "Semua uang masuk dan keluar, dengan saldo."),
        (
            Tautan("Daftar jurnal", "buku:jurnal_daftar", True, ikon="journal-text"),
            "Setiap catatan yang sudah dibukukan.",
        ),
        (_NERACA, "Posisi harta, kewajiban dan modal."),
        (_SURPLUS, "Pendapatan dikurangi biaya."),
        (
            Tautan("Tutup bulan", "buku:tutup_bulan", True, ikon="calendar-check"),
            "Kunci bulan yang sudah selesai dibukukan.",
        ),
    ],
    Peran.PETUGAS_PINJAMAN: [
        (_KSM, "Kelompok, anggota, pertemuan dan tabungan."),
        (Tautan("KSM baru", "ksm:buat", ikon="person-plus"), "Daftarkan kelompok baru beserta anggotanya."),
        (_AJUKAN, "Pengajuan baru untuk KSM yang sudah layak."),
        (Tautan("Daftar pinjaman", "pinjaman:daftar", ikon="list-ul"), "Status setiap pinjaman KSM."),
    ],
    Peran.PENGURUS_LKM: [
        (_ANTRE_PERSETUJUAN, "Pinjaman yang sudah diverifikasi Manajer UPK."),
        (_DASBOR, "Kinerja UPK sekilas."),
        (_NERACA, "Posisi harta, kewajiban dan modal."),
        (_SURPLUS, "Pendapatan dikurangi biaya."),
        (_KOL, "Tunggakan per kelas dan cadangan risiko."),
        (_KEBIJAKAN, "Ubah kebijakan dengan nomor keputusan LKM."),
    ],
    Peran.FASILITATOR: [
        (
            Tautan("KSM perlu dinilai", "laporan:penilaian_jatuh_tempo", ikon="clipboard-check"),
            "Tahap KSM yang waktunya dinilai, per desa.",
        ),
        (_KSM, "KSM di desa dampingan Anda."),
        (_DASBOR, "Kinerja UPK seluruh desa."),
        (_KOL, "Tunggakan per kelas di LKM yang dipilih."),
        (_NERACA, "Posisi keuangan LKM yang dipilih."),
    ],
    Peran.ADMIN: [
        (Tautan("Admin", "admin:index", ikon="gear"), "Pengguna, data rujukan dan riwayat perubahan."),
        (
            Tautan("Pengguna", "admin:kotaku_pengguna_changelist", ikon="person-gear"),
            "Tambah pengguna, atur peran dan LKM.",
        ),
        (_DASBOR, "Kinerja UPK seluruh wilayah."),
        (_KSM, "Semua KSM."),
    ],
}

# A few plain sentences for staff who are not accountants: the day's work of each role.
PANDUAN: dict[str, list[str]] = {
    Peran.MANAJER_UPK: [
        "Periksa pengajuan pinjaman: pendapatan, biaya dan kemampuan bayar setiap anggota.",
        "Verifikasi, lalu Pengurus LKM yang menyetujui (bukan orang yang sama).",
        "Pantau kolektibilitas setiap akhir bulan.",
    ],
    Peran.KASIR: [
        "Terima angsuran di pertemuan KSM lewat lembar tagih; cetak kuitansinya.",
        "Catat setiap uang masuk dan keluar lainnya pada hari yang sama.",
        "Cocokkan saldo buku kas dengan uang di brankas.",
    ],
    Peran.PEMBUKU: [
        "Periksa buku kas dan jurnal setiap minggu.",
        "Catatan yang salah tidak dihapus: buat jurnal koreksi.",
        "Di akhir bulan, periksa neraca lalu tutup bulan.",
    ],
    Peran.PETUGAS_PINJAMAN: [
        "Daftarkan KSM dan anggotanya (NIK 16 digit).",
        "Catat pertemuan dan tabungan kelompok setiap bulan.",
        "Ajukan pinjaman setelah KSM memenuhi syarat.",
    ],
    Peran.PENGURUS_LKM: [
        "Setujui atau tolak pinjaman yang sudah diverifikasi.",
        "Baca neraca, surplus dan kolektibilitas setiap bulan.",
        "Ubah kebijakan hanya dengan nomor keputusan LKM.",
    ],
    Peran.FASILITATOR: [
        "Pilih desa di bilah LKM untuk melihat laporannya.",
        "Nilai tingkat KSM (Tunas, Tumbuh, Kembang) dengan bukti.",
        "Cetak laporan desa untuk Rembug Warga Tahunan.",
    ],
}


def sapaan(sekarang: datetime) -> str:
    """Selamat pagi / siang / sore / malam by the hour in Asia/Jakarta."""
    jam = timezone.localtime(sekarang).hour
    if 4 <= jam < 11:
        return "Selamat pagi"
    if 11 <= jam < 15:
        return "Selamat siang"
    if 15 <= jam < 19:
        return "Selamat sore"
    return "Selamat malam"


def aksi_cepat(request: HttpRequest) -> list[dict[str, Any]]:
    """The role's quick actions whose URL names are installed, for the active LKM."""
    lkm = lkm_aktif(request)
    hasil = []
    for tautan, keterangan in AKSI.get(getattr(request.user, "peran", ""), []):
        if not boleh_lihat(request.user, tautan):
            continue
        url = url_tautan(tautan, lkm)
        if url:
            hasil.append({"judul": tautan.judul, "url": url, "ikon": tautan.ikon, "keterangan": keterangan})
    return hasil


# Where each role lands after signing in (unless `?next=` says otherwise); URL names, so the upper floors that
# serve them are never imported here. The board's home is its dashboard; a name not installed falls back.
BERANDA_PERAN: dict[str, str] = {Peran.PENGURUS_LKM: "laporan:dasbor"}


class Masuk(LoginView):
    """The login page; after it, the role's own home (`BERANDA_PERAN`), else the home page."""

    def get_default_redirect_url(self) -> str:
        nama = BERANDA_PERAN.get(getattr(self.request.user, "peran", ""))
        if nama:
            try:
                return reverse(nama)
            except NoReverseMatch:
                pass
        return str(super().get_default_redirect_url())


class FormulirMasuk(AuthenticationForm):
    """Login form whose messages speak plainly to staff."""

    error_messages = {
        "invalid_login": "Nama pengguna atau kata sandi salah. Periksa lagi (huruf besar/kecil berpengaruh).",
        "inactive": "Akun ini tidak aktif. Hubungi admin.",
    }
    username = forms.CharField(label="Nama pengguna", widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(label="Kata sandi", strip=False, widget=forms.PasswordInput)


@login_required
def beranda(request: Permintaan) -> HttpResponse:
    """Greeting, quick actions, and the villages/LKMs in scope (cards for LKM staff, a table for a wider
    scope)."""
    user = request.user
    sekarang = timezone.now()
    hari = timezone.localdate(sekarang)
    lebar = user.peran not in PERAN_LKM
    if lebar:
        halaman = Paginator(akses_lkm(user), LKM_PER_HALAMAN).get_page(request.GET.get("halaman"))
        daftar_lkm = list(halaman.object_list)
    else:
        halaman = None
        daftar_lkm = list(akses_lkm(user))
        lkm_aktif(request, daftar_lkm)
    return render(
        request,
        "kotaku/beranda.html",
        {
            "sapaan": sapaan(sekarang),
            "hari_ini": f"{NAMA_HARI[hari.weekday()]}, {format_tanggal(hari)}",
            "daftar_lkm": daftar_lkm,
            "halaman": halaman,
            "tabel": lebar,
            "aksi": aksi_cepat(request),
            "panduan": PANDUAN.get(user.peran, []),
            "kotak_tugas_di_halaman": True,
        },
    )
