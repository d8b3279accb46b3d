"""Logging filters: a log record never carries an invitation token or what a page showed.

Django logs the path of every request it answers with an error status (django.request) and every request the
development server serves (django.server); an invitation link's path is the token itself. At DEBUG, the template
engine logs every missing variable with the whole template context, which holds answers and links.
"""

import logging
import re

TOKEN_IN_PATH = re.compile(r"/p/[^/\s\"'?#]+")


def redact(value):
    return TOKEN_IN_PATH.sub("/p/[token]", value) if isinstance(value, str) else value


class RedactInvitationTokens(logging.Filter):
    def filter(self, record):
        record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: redact(arg) for key, arg in record.args.items()}
        request = getattr(record, "request", None)
        if request is not None and TOKEN_IN_PATH.search(str(getattr(request, "path", "") or "")):
            record.request = None  # its repr and META carry the path; handlers cope without it
        return True


class DropTemplateContext(logging.Filter):
    """django.template's DEBUG records ("Exception while resolving variable") include the whole context."""

    def filter(self, record):
        return record.levelno > logging.DEBUG
