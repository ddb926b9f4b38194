from django.urls import URLPattern, path

from laporan import views_paket

app_name = "laporan"
urlpatterns: list[URLPattern] = [
    path("paket/", views_paket.daftar, name="paket"),
    path("paket/<int:paket_id>/", views_paket.detail, name="paket_detail"),
    path("paket/<int:paket_id>/berkas/<int:berkas_id>.pdf", views_paket.unduh_berkas, name="paket_berkas"),
    path("paket/<int:paket_id>/arsip.zip", views_paket.unduh_arsip, name="paket_arsip"),
]
