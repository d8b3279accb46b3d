from django.urls import path
from oauth2_provider.views import TokenView

from prep.fhir_api import views

app_name = "fhir_api"

urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("auth/token", TokenView.as_view(), name="token"),
    path("<str:type_name>/_search", views.search, name="search_post"),
    path("<str:type_name>", views.search, name="search"),
    path("<str:type_name>/<str:resource_id>", views.read, name="read"),
]
