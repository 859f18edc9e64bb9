"""A request still running in the live server when a test ends (a closed tab's last fetch) must
not make the database flush deadlock: the flush waits for it (tests/conftest.py)."""

import threading
import time

import pytest
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection, connections


@pytest.fixture
def late_request():
    """Stands in for the live server's thread: a transaction that has read the table the flush
    locks last, then, once the flush has locked the others, reads all of them."""
    tables = next(
        statement.split('"')[1::2]
        for statement in sql_flush(no_style(), connection, allow_cascade=False)
        if statement.startswith("TRUNCATE")
    )
    reading = threading.Event()

    def run() -> None:
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(f'SELECT 1 FROM "{tables[-1]}" LIMIT 1')
                reading.set()
                time.sleep(0.3)  # the test ends meanwhile
                for table in tables:
                    cursor.execute(f'SELECT 1 FROM "{table}" LIMIT 1')
                cursor.execute("COMMIT")
        finally:
            other.close()

    # Not joined here: this teardown runs before the flush, and the request must outlive it.
    threading.Thread(target=run, name="late-request", daemon=True).start()
    assert reading.wait(10)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="table locks are PostgreSQL's")
@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_the_flush_waits_for_a_request_still_running(late_request, live_server):
    """Without the wait, PostgreSQL finds a deadlock between the flush and the late request and
    fails the flush (this test's teardown); with it, the request finishes and the flush runs."""
