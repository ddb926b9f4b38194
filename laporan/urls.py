from django.urls import path

from laporan import views

app_name = "laporan"
urlpatterns = [
    path("tahap-ksm/", views.tahap, name="tahap"),
    path("penilaian/", views.penilaian_jatuh_tempo, name="penilaian_jatuh_tempo"),
    path("penilaian/ksm/<int:ksm_id>/", views.penilaian, name="penilaian"),
    path("penilaian/<int:penilaian_id>/foto/", views.penilaian_foto, name="penilaian_foto"),
]
