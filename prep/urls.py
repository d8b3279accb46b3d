from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from django_otp.admin import OTPAdminSite

from prep import health
from prep.clinic.two_factor import two_factor

if settings.REQUIRE_2FA:
    # django-otp's documented switch: the admin then asks for the authenticator code at sign-in.
    admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("", require_safe(TemplateView.as_view(template_name="start.html")), name="start"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor, name="two_factor"),
    path("clinic/", include("prep.clinic.urls")),
    path("fhir/", include("prep.fhir_api.urls")),
    path("", include("prep.visits.urls")),
]
