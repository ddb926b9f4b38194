from django.contrib.auth import views as auth_views
from django.urls import path

from kotaku import beranda, views

urlpatterns = [
    path("", beranda.beranda, name="beranda"),
    path("masuk/", beranda.Masuk.as_view(authentication_form=beranda.FormulirMasuk), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("lkm/<int:lkm_id>/", views.lkm_detail, name="lkm_detail"),
    path("lkm/<int:lkm_id>/kebijakan/", views.lkm_kebijakan, name="lkm_kebijakan"),
    path("token/", views.token_api, name="token_api"),
    path("token/<int:token_id>/cabut/", views.token_api_cabut, name="token_api_cabut"),
    path("healthz", views.healthz, name="healthz"),
]
