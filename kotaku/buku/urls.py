from django.urls import path

from kotaku.buku import views

app_name = "buku"
urlpatterns = [
    path("<int:lkm_id>/kas/", views.buku_kas, name="kas"),
    path("<int:lkm_id>/bank/", views.buku_bank, name="bank"),
    path("<int:lkm_id>/besar/", views.buku_kas, name="besar"),
    path("<int:lkm_id>/neraca-saldo/", views.neraca_saldo, name="neraca_saldo"),
    path("<int:lkm_id>/pendapatan-biaya/", views.pendapatan_biaya, name="pendapatan_biaya"),
    path("<int:lkm_id>/neraca/", views.neraca, name="neraca"),
    path("<int:lkm_id>/surplus/", views.surplus, name="surplus"),
    path("<int:lkm_id>/transaksi/baru/", views.transaksi_baru, name="transaksi_baru"),
    path("<int:lkm_id>/jurnal/", views.jurnal_daftar, name="jurnal_daftar"),
    path("<int:lkm_id>/jurnal/<int:jurnal_id>/", views.jurnal_detail, name="jurnal"),
    path("<int:lkm_id>/jurnal/<int:jurnal_id>/bukti.pdf", views.bukti_kas, name="bukti"),
    path("<int:lkm_id>/tutup-bulan/", views.tutup_bulan, name="tutup_bulan"),
    path("<int:lkm_id>/buka-bulan/", views.buka_bulan, name="buka_bulan"),
    path("<int:lkm_id>/tutup-tahun/", views.tutup_tahun, name="tutup_tahun"),
    path("<int:lkm_id>/saldo-awal/", views.saldo_awal, name="saldo_awal"),
]
