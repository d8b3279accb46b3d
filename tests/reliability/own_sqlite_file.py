"""For tests that run the app on a SQLite file of their own, whatever database the suite uses: on the PostgreSQL pass
(CI's second) they would only do again exactly what the SQLite pass did."""

import pytest
from django.db import connection

on_the_sqlite_pass_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="runs on a SQLite file of its own: the SQLite pass runs it"
)
