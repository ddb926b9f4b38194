from django.urls import path

from laporan import views

app_name = "laporan"
urlpatterns = [
    path("<int:lkm_id>/alokasi-surplus/", views.alokasi_surplus, name="alokasi_surplus"),
    path("<int:lkm_id>/alokasi-surplus/pratinjau/", views.pratinjau_alokasi, name="pratinjau_alokasi"),
    path("<int:lkm_id>/alokasi-surplus/<int:alokasi_id>/bayar/", views.bayar_alokasi, name="bayar_alokasi"),
    path(
        "<int:lkm_id>/alokasi-surplus/bayar/<int:pembayaran_id>/bukti.pdf",
        views.bukti_bayar_alokasi,
        name="bukti_bayar_alokasi",
    ),
]
