from django.urls import path

from prep.clinic import views

app_name = "clinic"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("appointments/new/", views.appointment_new, name="appointment_new"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment"),
    path("appointments/<int:pk>/summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("appointments/<int:pk>/summary.fhir.json", views.summary_fhir, name="summary_fhir"),
    path("appointments/<int:pk>/reissue/", views.invitation_reissue, name="reissue"),
    path("appointments/<int:pk>/review/", views.mark_reviewed, name="review"),
    path("appointments/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("patients/<int:pk>/", views.patient_detail, name="patient"),
    path("print/", views.print_day, name="print_day"),
]
