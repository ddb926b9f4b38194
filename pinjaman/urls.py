from django.urls import path

from pinjaman import views

app_name = "pinjaman"
urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("ajukan/", views.ajukan, name="ajukan"),
    path("<int:pinjaman_id>/", views.detail, name="detail"),
    path("<int:pinjaman_id>/verifikasi/", views.verifikasi, name="verifikasi"),
    path("<int:pinjaman_id>/setujui/", views.setujui, name="setujui"),
    path("<int:pinjaman_id>/tolak/", views.tolak, name="tolak"),
    path("<int:pinjaman_id>/cairkan/", views.cairkan, name="cairkan"),
    path("<int:pinjaman_id>/hapus-buku/", views.hapus_buku, name="hapus_buku_aksi"),
    path("<int:pinjaman_id>/jadwal-ulang/", views.jadwal_ulang, name="jadwal_ulang"),
    path("<int:pinjaman_id>/pemulihan/", views.pemulihan, name="pemulihan"),
    path("<int:pinjaman_id>/balik/", views.balik_pembayaran, name="balik"),
    path("<int:pinjaman_id>/lembar-tagih/", views.lembar_tagih, name="lembar_tagih"),
    path("<int:pinjaman_id>/perjanjian.pdf", views.perjanjian, name="perjanjian"),
    path("kuitansi/<int:pembayaran_id>.pdf", views.kuitansi, name="kuitansi"),
    path("pembayaran/<int:pembayaran_id>/", views.bayar_selesai, name="bayar_selesai"),
    path("lkm/<int:lkm_id>/kolektibilitas/", views.kolektibilitas, name="kolektibilitas"),
    path("lkm/<int:lkm_id>/register/", views.register, name="register"),
    path("lkm/<int:lkm_id>/hapus-buku/", views.hapus_buku_daftar, name="hapus_buku"),
    path("lkm/<int:lkm_id>/perkembangan/", views.perkembangan, name="perkembangan"),
    path("<int:pinjaman_id>/kartu/<int:anggota_id>.pdf", views.kartu, name="kartu"),
    path("ksm/<int:ksm_id>/ringkasan/", views.ringkasan_ksm, name="ringkasan_ksm"),
]
