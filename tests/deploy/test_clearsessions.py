"""Expired sessions are deleted: `clearsessions` is a deploy step (see test_deploy_script) and it works here."""

import datetime

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone


def saved_session(expires_in):
    session = SessionStore()
    session["visit.invitation"] = 1
    session.set_expiry(expires_in)
    session.save()
    return session.session_key


def test_clearsessions_deletes_expired_sessions_and_keeps_live_ones(db):
    live = saved_session(datetime.timedelta(hours=1))
    expired = saved_session(datetime.timedelta(hours=1))
    Session.objects.filter(session_key=expired).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
