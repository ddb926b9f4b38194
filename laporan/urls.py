from django.urls import path

from laporan import views

app_name = "laporan"
urlpatterns = [
    path("", views.dasbor, name="dasbor"),
    path("lkm/<int:lkm_id>/", views.dasbor_lkm, name="dasbor_lkm"),
    path("kecamatan/<int:kecamatan_id>/", views.kecamatan, name="kecamatan"),
    path("kabupaten/<int:kabupaten_id>/", views.kabupaten, name="kabupaten"),
    path("semua/", views.daftar, name="daftar"),
    path("tugas/", views.kotak_tugas, name="kotak_tugas"),
    path("tugas/jumlah/", views.jumlah_tugas, name="jumlah_tugas"),
]
