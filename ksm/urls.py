from django.urls import path

from ksm import views

app_name = "ksm"
urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("baru/", views.buat, name="buat"),
    path("impor/", views.impor_ksm, name="impor"),
    path("impor/templat.xlsx", views.impor_templat, name="impor_templat"),
    path("ekspor.xlsx", views.ekspor, name="ekspor"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ubah/", views.ubah, name="ubah"),
    path("<int:pk>/status/", views.ubah_status, name="status"),
    path("<int:pk>/anggota/baru/", views.anggota_tambah, name="anggota_tambah"),
    path("<int:pk>/anggota/<int:keanggotaan_id>/", views.anggota_ubah, name="anggota_ubah"),
    path("<int:pk>/anggota/<int:keanggotaan_id>/keluar/", views.anggota_keluar, name="anggota_keluar"),
    path("<int:pk>/pertemuan/<int:pertemuan_id>/", views.pertemuan_detail, name="pertemuan"),
    path("<int:pk>/kegiatan/", views.kegiatan_tambah, name="kegiatan"),
    path("<int:pk>/pemeriksaan/", views.pemeriksaan_tambah, name="pemeriksaan"),
]
