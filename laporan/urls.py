from django.urls import URLPattern, path

from laporan import views, views_paket, views_tahap

app_name = "laporan"
urlpatterns: list[URLPattern] = [
    path("", views.dasbor, name="dasbor"),
    path("lkm/<int:lkm_id>/", views.dasbor_lkm, name="dasbor_lkm"),
    path("kecamatan/<int:kecamatan_id>/", views.kecamatan, name="kecamatan"),
    path("kabupaten/<int:kabupaten_id>/", views.kabupaten, name="kabupaten"),
    path("semua/", views.daftar, name="daftar"),
    path("tugas/", views.kotak_tugas, name="kotak_tugas"),
    path("tugas/jumlah/", views.jumlah_tugas, name="jumlah_tugas"),
    path("paket/", views_paket.daftar, name="paket"),
    path("paket/<int:paket_id>/", views_paket.detail, name="paket_detail"),
    path("paket/<int:paket_id>/berkas/<int:berkas_id>.pdf", views_paket.unduh_berkas, name="paket_berkas"),
    path("paket/<int:paket_id>/arsip.zip", views_paket.unduh_arsip, name="paket_arsip"),
    path("tahap-ksm/", views_tahap.tahap, name="tahap"),
    path("penilaian/", views_tahap.penilaian_jatuh_tempo, name="penilaian_jatuh_tempo"),
    path("penilaian/ksm/<int:ksm_id>/", views_tahap.penilaian, name="penilaian"),
    path("penilaian/<int:penilaian_id>/foto/", views_tahap.penilaian_foto, name="penilaian_foto"),
]
