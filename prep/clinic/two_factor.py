"""Optional TOTP two-factor sign-in for staff (django-otp), required for everyone when REQUIRE_2FA=1.

A user who has set up an authenticator app must always use it, whatever the setting.
"""

import io

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image


def needs_second_factor(user):
    """True when this signed-in user must still enter a code from their authenticator app."""
    if user.is_verified():
        return False
    return settings.REQUIRE_2FA or user_has_device(user)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("6-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def qr_code_svg(device):
    buffer = io.BytesIO()
    write_qrcode_image(device.config_url, buffer)
    return buffer.getvalue().decode()


def safe_next(request):
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Enter a code; a user with no authenticator app yet sets one up here first."""
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
            user=request.user, name=_("Authenticator app"), confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].replace(" ", "")):
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(safe_next(request))
        form.add_error("token", _("That code did not work. Codes change every 30 seconds: try the current one."))
    context = {"form": form, "setting_up": setting_up, "next": safe_next(request)}
    if setting_up:
        context.update(qr_svg=qr_code_svg(device), secret=device.config_url.split("secret=")[1].split("&")[0])
    return render(request, "registration/two_factor.html", context)
