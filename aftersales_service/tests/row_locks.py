"""Counting the row locks a step takes, for the tests of the workflow steps
that lock their rows early (before their own checks) and must not lock them
again when they move."""

from contextlib import contextmanager
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tools import SQL


@contextmanager
def row_locks(table):
    """Yields the list of the `SELECT ... FOR NO KEY UPDATE` statements run on
    `table` inside the block (every query still runs, as Odoo's own
    assertQueries does)."""
    locks = []
    execute = Cursor.execute
    name = f'"{table}"'

    def counting(cr, query, params=None, log_exceptions=None):
        code = query.code if isinstance(query, SQL) else str(query)
        if "FOR NO KEY UPDATE" in code and name in code:
            locks.append(code)
        return execute(cr, query, params, log_exceptions)

    with patch("odoo.sql_db.Cursor.execute", counting):
        yield locks
