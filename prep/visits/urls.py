from django.urls import path

from prep.visits import views

app_name = "visits"

urlpatterns = [
    path("p/<str:token>/", views.open_invitation, name="open_invitation"),
    path("visit/", views.identity, name="identity"),
    path("visit/welcome/", views.welcome, name="welcome"),
    path("visit/section/<slug:key>/", views.section, name="section"),
    path("visit/review/", views.review, name="review"),
    path("visit/submitted/", views.submitted, name="submitted"),
    path("visit/submitted/answers/", views.submitted_answers, name="submitted_answers"),
    path("visit/saved/", views.saved, name="saved"),
    path("visit/sign-out/", views.sign_out, name="sign_out"),
    path("visit/signed-out/", views.signed_out, name="signed_out"),
]
