"""Two small middlewares: no caching of pages, and the limits of a staff session."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver


def no_store(get_response):
    """Pages and PDFs may show health information: no browser or proxy may keep a copy (static files may)."""

    def middleware(request):
        response = get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
            response["Pragma"] = "no-cache"
        return response

    return middleware


STAFF_LAST_SEEN = "staff.last_seen"
STAFF_SIGNED_IN = "staff.signed_in"
LAST_SEEN_RESOLUTION = 60  # seconds: write the session at most once a minute just to note activity


@receiver(user_logged_in)
def note_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STAFF_SIGNED_IN] = now
        request.session[STAFF_LAST_SEEN] = now


def staff_session_limits(get_response):
    """Sign staff out after STAFF_IDLE_SECONDS without a request or STAFF_SESSION_MAX_SECONDS after signing in."""

    def middleware(request):
        if request.user.is_authenticated:
            now = int(time.time())
            signed_in = request.session.get(STAFF_SIGNED_IN, now)
            last_seen = request.session.get(STAFF_LAST_SEEN, now)
            if now - last_seen > settings.STAFF_IDLE_SECONDS or now - signed_in > settings.STAFF_SESSION_MAX_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= LAST_SEEN_RESOLUTION or STAFF_SIGNED_IN not in request.session:
                request.session[STAFF_SIGNED_IN] = signed_in
                request.session[STAFF_LAST_SEEN] = now
        return get_response(request)

    return middleware
