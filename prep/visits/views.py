"""The patient journey: open the link, confirm the date of birth, one section per page, review, submit."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prep.summaries.tasks import summary_build_soon
from prep.visits import access, journey
from prep.visits.forms import BirthDateForm
from prep.visits.models import Invitation, hash_token
from prep.visits.services import (
    invitation_check_birth_date,
    page_digest,
    response_start,
    response_submit,
    section_save,
)


@require_safe
@never_cache
def open_invitation(request, token):
    """Exchange the link's token for the session, then continue on a URL without it."""
    invitation = Invitation.objects.for_token(token)
    if invitation is None:
        return access.link_not_valid(request, token_hash=hash_token(token))
    access.remember_invitation(request, invitation)
    return redirect("visits:identity")


@require_http_methods(["GET", "POST"])
@never_cache
def identity(request):
    invitation = access.session_invitation(request)
    if invitation is None:
        return access.link_not_valid(request)
    response = getattr(invitation.appointment, "response", None)
    if response is not None and response.is_submitted:
        return render(request, "patient/submitted.html", {"response": response})
    form = BirthDateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if invitation_check_birth_date(invitation=invitation, date_of_birth=form.cleaned_data["date_of_birth"]):
            response = response_start(appointment=invitation.appointment)
            access.confirm_patient(request, response)
            stashed = access.pop_stashed_post(request)
            if stashed and not response.is_submitted:
                return replay_stashed_post(request, response, stashed)
            return redirect(journey.resume_url(response))
        invitation.refresh_from_db(fields=["locked_until", "failed_checks"])
        if invitation.is_locked():
            return access.lock_out(request, invitation)
        form.add_error(None, wrong_birth_date_message(invitation))
    return render(request, "patient/identity.html", {"form": form})


def wrong_birth_date_message(invitation):
    message = _("That date of birth does not match our records. Please check it and try again.")
    if not invitation.should_warn_about_tries():
        return message
    tries = invitation.tries_left()
    warning = ngettext(
        "You have %(tries)d more try before this link is paused for %(minutes)d minutes.",
        "You have %(tries)d more tries before this link is paused for %(minutes)d minutes.",
        tries,
    ) % {"tries": tries, "minutes": settings.INVITATION_LOCK_MINUTES}
    return f"{message} {warning}"


@require_safe
@never_cache
@access.patient_required
def welcome(request, response):
    if response.is_submitted:
        return redirect("visits:submitted")
    if journey.pop_support_step(request):
        return support_step(request)
    steps = journey.Steps(response)
    context = {
        "response": response,
        "questionnaire": response.questionnaire,
        "intro_paragraphs": journey.paragraphs(response.questionnaire.intro),
        "started": journey.has_started(response),
        "carried_forward": bool(response.carried_forward),
        "resume_url": journey.resume_url(response),
        "first_url": steps.url_for(steps.sections[0]),
    }
    return render(request, "patient/welcome.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
@access.patient_required
def section(request, response, key):
    if response.is_submitted:
        return redirect("visits:submitted")
    steps = journey.Steps(response)
    current = steps.section_for(key)
    if current is None:
        raise Http404
    if request.method == "POST":
        return save_section(request, response, steps, current, request.POST)
    if journey.pop_support_step(request):
        return support_step(request)
    pending = response.pending_input.get(current.key)
    add_row = request.GET.get("add")
    if request.GET.get("check"):
        page = steps.checked_page(current)
    elif pending:
        page = steps.page(current, data=journey.pending_as_data(pending), add_row_to=add_row)
    else:
        page = steps.page(current, add_row_to=add_row)
    return render_section(request, response, steps, current, page)


def replay_stashed_post(request, response, stashed):
    """Save what was posted while the session had lapsed, as if the patient had just pressed the button."""
    steps = journey.Steps(response)
    current = steps.section_for(stashed["section"])
    if current is None:
        return redirect(journey.resume_url(response))
    return save_section(request, response, steps, current, journey.pending_as_data(stashed["data"]))


def save_section(request, response, steps, current, post):
    outcome = section_save(response=response, steps=steps, section=current, post=post)
    if outcome.frozen:
        return redirect("visits:submitted")
    if outcome.safety_signal:
        journey.remember_safety_signal(request)
    if outcome.support_step:
        journey.remember_support_step(request)
    if outcome.conflict:
        messages.warning(
            request,
            _(
                "This form changed in another window. Your answers below are not saved yet: check them against "
                "what was saved in the other window, then continue."
            ),
        )
    if outcome.stays:
        return render_section(request, outcome.response, steps, current, outcome.page, outcome=outcome)
    if outcome.ends_visit:
        access.end_visit(request)
    return redirect(outcome.next_url)


def render_section(request, response, steps, current, page, outcome=None):
    number = steps.number_of(current)
    context = {
        "response": response,
        "section": current,
        "page": page,
        "items": page.items(),
        "errors": page.error_list(),
        "blocked": outcome is not None and outcome.blocked,
        "blank": page.blank_list() if outcome is not None and outcome.blank else [],
        "step_number": number,
        "step_count": steps.count,
        "percent": round(100 * (number - 1) / steps.count),
        "is_first": number == 1,
        "revision": response.revision,
        "digest": page_digest(response.answers, [q.key for q in page.questions]),
        "theirs": journey.describe_answers(page, outcome.theirs) if outcome is not None and outcome.conflict else None,
        "saved_answers_json": journey.condition_context(page, response.answers),
        "suggestions": journey.suggestions_for(page),
        "crisis_notice": journey.pop_safety_signal(request),
        "return_to_review": journey.returns_to_review(request.POST or request.GET),
        "carried_forward": [q.text for q in page.questions if q.key in response.carried_forward],
    }
    return render(request, "patient/section.html", context, status=200)


@require_http_methods(["GET", "POST"])
@never_cache
@access.patient_required
def review(request, response):
    if response.is_submitted:
        return redirect("visits:submitted")
    steps = journey.Steps(response)
    if request.method == "GET" and journey.pop_support_step(request):
        return support_step(request)
    if request.method == "POST":
        response, invalid = response_submit(response=response, flags=journey.flag_codes)
        if invalid is not None:
            messages.error(request, _("An answer on this page needs a change before you send the form."))
            return redirect(steps.url_for(invalid) + "?check=1")
        summary_build_soon(response)
        return redirect("visits:submitted")
    sections = steps.review_sections()
    context = {
        "response": response,
        "sections": sections,
        "expected_blank_count": sum(1 for block in sections for blank in block["blank"] if blank.expected),
        "step_number": steps.count,
        "step_count": steps.count,
        "percent": round(100 * (steps.count - 1) / steps.count),
        "back_url": steps.url_for(steps.sections[-1]),
        "show_crisis": journey.has_safety_signal(response) or journey.pop_safety_signal(request),
    }
    return render(request, "patient/review.html", context)


@require_safe
@never_cache
@access.patient_required
def submitted(request, response):
    if not response.is_submitted:
        return redirect(journey.resume_url(response))
    return render(request, "patient/submitted.html", {"response": response, "appointment": response.appointment})


@require_safe
@never_cache
@access.patient_required
def submitted_answers(request, response):
    """The patient's own copy of what they sent, to print: a page, never a file kept on the device."""
    if not response.is_submitted:
        return redirect(journey.resume_url(response))
    sections = journey.Steps(response).review_sections()
    return render(request, "patient/submitted_answers.html", {"response": response, "sections": sections})


@require_safe
@never_cache
def saved(request):
    """After "Save and finish later": the session has ended, so this page shows nothing about the patient."""
    if journey.pop_support_step(request):
        return support_step(request)
    return render(request, "patient/saved.html", {"crisis_notice": journey.pop_safety_signal(request)})


def support_step(request):
    """After "Are you having these thoughts today?" = yes: help now, then on to the page the patient was going to
    (this same address: the step is shown once). It shows no answers, so it also follows "Save and finish later"."""
    journey.pop_safety_signal(request)
    return render(request, "patient/support.html", {"continue_url": request.path})


@require_POST
def sign_out(request):
    access.end_visit(request)
    return redirect("visits:signed_out")


@require_safe
@never_cache
def signed_out(request):
    return render(request, "patient/signed_out.html")
