"""For tests whose outcome cannot depend on the database the suite runs on: CI's PostgreSQL pass would only do again
exactly what its SQLite pass did, so they run on the SQLite pass only."""

import pytest
from django.db import connection


def on_the_sqlite_pass_only(why_the_database_does_not_matter):
    reason = f"{why_the_database_does_not_matter}: the SQLite pass runs it"
    return pytest.mark.skipif(connection.vendor != "sqlite", reason=reason)


OWN_SQLITE_FILE = "runs the app on a SQLite file of its own"
