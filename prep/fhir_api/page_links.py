"""The links between the pages of a search that names a patient by an identifier carry the search sealed.

A client that searches by POST (FHIR's `_search`) keeps the record number out of URLs, and so out of access logs and
browser histories; the Bundle's self, next and previous links must not put it back. Such links carry one parameter,
`_page`: the search encrypted and authenticated with Fernet, under a key derived from SECRET_KEY (so every instance
opens every other's links), and good for PAGE_LINK_SECONDS. Links of other searches stay readable.
"""

import base64
import json
import time
from urllib.parse import urlencode

from cryptography.fernet import Fernet, InvalidToken
from django.http import QueryDict
from django.utils.crypto import salted_hmac

from prep.fhir_api.searching import SearchProblem

PAGE = "_page"
IDENTIFYING = frozenset({"identifier", "patient.identifier"})
PAGE_LINK_SECONDS = 60 * 60


class PageLinkExpired(SearchProblem):
    """A link this server made, too old to follow: the client runs the search again."""


def sealing_key():
    return Fernet(base64.urlsafe_b64encode(salted_hmac(__name__, "page links", algorithm="sha256").digest()))


def link_query(type_name, pairs):
    """The query string of a link to a page of this search: the pairs as they are, or sealed if one identifies."""
    if not IDENTIFYING & {name for name, _value in pairs}:
        return urlencode(pairs)
    search = {"type": type_name, "params": [[name, str(value)] for name, value in pairs]}
    return urlencode({PAGE: sealing_key().encrypt(json.dumps(search).encode()).decode()})


def opened(params, type_name):
    """The search parameters: as the client gave them, or those sealed in a `_page` link this server made."""
    if PAGE not in params:
        return params
    if set(params) - {PAGE, "_format"} or len(params.getlist(PAGE)) > 1:
        raise SearchProblem(f"The parameter {PAGE} comes alone, as in the links of a searchset.")
    token, key = params[PAGE].encode(), sealing_key()
    try:
        sealed_at = key.extract_timestamp(token)
        search = json.loads(key.decrypt(token))
    except InvalidToken:
        raise SearchProblem(f"The parameter {PAGE} is not a link this server made.") from None
    if search["type"] != type_name:
        raise SearchProblem(f"The parameter {PAGE} is a link to a search of another resource type.")
    if time.time() - sealed_at > PAGE_LINK_SECONDS:
        raise PageLinkExpired("This link to a page of search results has expired: run the search again.")
    query = QueryDict(mutable=True)
    for name, value in search["params"]:
        query.appendlist(name, value)
    return query
