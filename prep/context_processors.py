import re

from django.conf import settings

from prep.visits.access import INVITATION


def clinic(request):
    return {
        "clinic_name": settings.CLINIC_NAME,
        "patient_form_title": settings.PATIENT_FORM_TITLE,
        "crisis_contacts": settings.CRISIS_CONTACTS,
        "clinic_phone": settings.CLINIC_PHONE,
        "clinic_phone_href": "tel:" + re.sub(r"[^0-9+]", "", settings.CLINIC_PHONE),
        "clinic_hours": settings.CLINIC_HOURS,
        "patient_signed_in": patient_signed_in(request),
    }


def patient_signed_in(request):
    """A patient visit is open in this browser (a link was opened): the patient pages offer "Sign out"."""
    session = getattr(request, "session", None)
    return session is not None and INVITATION in session
