"""The patient's session: which invitation it came from and whether the date of birth was confirmed recently.

The token from the link is exchanged for the session on the first visit and never appears in a URL again. A
confirmed session is bound to one response and lapses after PATIENT_IDLE_SECONDS without a request; the invitation
stays in the session so that the patient only has to confirm the date of birth again.
"""

import datetime
import time
from functools import wraps

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone

from prep.visits import hostile
from prep.visits.models import Invitation

INVITATION = "visit.invitation"
TOKEN_HASH = "visit.token_hash"
RESPONSE = "visit.response"
LAST_SEEN = "visit.last_seen"
STASHED_POST = "visit.stashed_post"
PAUSED = "visit.paused"  # {"token_hash", "until"}: this browser's wrong dates of birth paused that link
LAST_SEEN_RESOLUTION = 60  # seconds: the idle limit (PATIENT_IDLE_SECONDS) is counted to the minute


def link_not_valid(request, token_hash=None):
    """One neutral page for unknown, expired, locked and re-issued links: it tells nothing about which.

    Only the browser whose wrong dates of birth paused the link is told when it works again (see `lock_out`): it
    learns nothing it did not know. `token_hash` is the link being opened, if any: another link gets the neutral page.
    """
    until = paused_until_known_here(request, token_hash)
    if until is not None:
        return render(request, "patient/link_paused.html", {"paused_until": until}, status=404)
    return render(request, "patient/link_not_valid.html", status=404)


def lock_out(request, invitation):
    """The wrong dates of birth typed in this browser paused the link: end the visit, remember until when."""
    forget_visit(request)
    request.session[PAUSED] = {"token_hash": invitation.token_hash, "until": invitation.locked_until.isoformat()}
    return link_not_valid(request)


def paused_until_known_here(request, token_hash=None):
    paused = request.session.get(PAUSED)
    if paused is None or (token_hash is not None and token_hash != paused["token_hash"]):
        return None
    until = datetime.datetime.fromisoformat(paused["until"])
    if until <= timezone.now():
        request.session.pop(PAUSED, None)
        return None
    return until


def session_invitation(request):
    """The invitation this browser opened, if its link still works (not re-issued, expired or locked)."""
    invitation_id = request.session.get(INVITATION)
    if invitation_id is None:
        return None
    # [:1] rather than .first(): .first() adds ORDER BY pk, which took a third of this query's compile time (the
    # largest part of every patient page's fixed cost, bench/patient_page.py).
    invitation = next(
        iter(Invitation.objects.select_related("appointment__response__questionnaire").filter(pk=invitation_id)[:1]),
        None,
    )
    if (
        invitation is None
        or invitation.token_hash != request.session.get(TOKEN_HASH)
        or invitation.is_expired()
        or invitation.is_locked()
    ):
        forget_visit(request)
        return None
    return invitation


def remember_invitation(request, invitation):
    if request.session.get(TOKEN_HASH) != invitation.token_hash:
        forget_visit(request)
    request.session.pop(PAUSED, None)
    request.session[INVITATION] = invitation.pk
    request.session[TOKEN_HASH] = invitation.token_hash
    request.session.set_expiry(0)


def confirm_patient(request, response):
    """After a correct date of birth: a fresh session key (no fixation), bound to this response."""
    invitation_id, token_hash = request.session.get(INVITATION), request.session.get(TOKEN_HASH)
    stashed = request.session.get(STASHED_POST)
    request.session.cycle_key()
    if stashed:
        request.session[STASHED_POST] = stashed
    request.session[INVITATION] = invitation_id
    request.session[TOKEN_HASH] = token_hash
    request.session[RESPONSE] = response.pk
    request.session[LAST_SEEN] = int(time.time())
    request.session.set_expiry(0)  # the patient's cookie lasts only as long as the browser


def stash_post(request, section_key):
    """A page posted after the session lapsed: keep what was typed until the date of birth is confirmed again.

    Called only for a link that still works (`patient_required`). A post larger than any real page is not kept."""
    data = hostile.posted_lists(request.POST, skip={"csrfmiddlewaretoken"})
    if hostile.is_within_stash_limit(data):
        request.session[STASHED_POST] = {"section": section_key, "data": data}
    else:
        request.session.pop(STASHED_POST, None)


def pop_stashed_post(request):
    return request.session.pop(STASHED_POST, None)


def forget_visit(request):
    for key in (INVITATION, TOKEN_HASH, RESPONSE, LAST_SEEN, STASHED_POST):
        request.session.pop(key, None)


def end_visit(request):
    """The patient said they are done ("Save and finish later", "Sign out"): the next visit asks the date of birth
    again, through the link. A fresh session key, so the old cookie is worth nothing."""
    forget_visit(request)
    request.session.cycle_key()


def confirmed_response_id(request):
    response_id = request.session.get(RESPONSE)
    last_seen = request.session.get(LAST_SEEN, 0)
    if response_id is None or time.time() - last_seen > settings.PATIENT_IDLE_SECONDS:
        request.session.pop(RESPONSE, None)
        return None
    return response_id


def confirmed_response(request, invitation):
    """The response this session confirmed the date of birth for, if it belongs to the invitation's appointment.

    It comes with the invitation (one query, see `session_invitation`).
    """
    response_id = confirmed_response_id(request)
    response = getattr(invitation.appointment, "response", None)
    if response_id is None or response is None or response.pk != response_id:
        return None
    return response


def note_activity(request):
    """Keep the confirmed session alive. Written at most once a minute: a session write costs three queries."""
    now = int(time.time())
    if now - request.session.get(LAST_SEEN, 0) >= LAST_SEEN_RESOLUTION:
        request.session[LAST_SEEN] = now


def patient_required(view):
    """Give the view the response this session is confirmed for, or send the patient to confirm who they are."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        invitation = session_invitation(request)
        if invitation is None:
            return link_not_valid(request)
        response = confirmed_response(request, invitation)
        if response is None:
            if request.method == "POST" and "key" in kwargs:
                stash_post(request, kwargs["key"])
            return redirect("visits:identity")
        note_activity(request)
        return view(request, response, *args, **kwargs)

    return wrapper
