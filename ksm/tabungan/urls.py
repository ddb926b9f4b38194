from django.urls import path

from ksm.tabungan import views

app_name = "tabungan"
urlpatterns = [
    path("register/", views.register_lkm_aktif, name="register_aktif"),
    path("lkm/<int:lkm_id>/register/", views.register, name="register"),
    path("ksm/<int:pk>/pertemuan/", views.pertemuan, name="pertemuan"),
    path("ksm/<int:pk>/transaksi/", views.transaksi, name="transaksi"),
    path("ksm/<int:pk>/anggota/<int:anggota_id>/", views.kartu, name="kartu"),
    path("ksm/<int:pk>/anggota/<int:anggota_id>/kartu.pdf", views.kartu_pdf, name="kartu_pdf"),
    path("<int:tabungan_id>/koreksi/", views.koreksi, name="koreksi"),
]
