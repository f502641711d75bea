"""Alembic operations for linking audit records at commit (see `govkit.audit.linking`).

A service opts in with a revision that calls `create_commit_linking(SCHEMA)` (and
`drop_commit_linking` to go back); without it, `append_at_commit` links at once, as `append` does.
"""

from __future__ import annotations

from alembic import op

from govkit.audit.linking import link_pending_function
from govkit.migrations import app_role


def create_commit_linking(schema: str) -> None:
    """`audit_pending` (UNLOGGED: rows never outlive their transaction) and its deferred trigger."""
    role = app_role(schema)
    op.execute(
        f'CREATE UNLOGGED TABLE "{schema}".audit_pending ('
        "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "actor_client varchar(200) NOT NULL, actor_user varchar(200), "
        "request_id varchar(128), action varchar(100) NOT NULL, "
        "entity_type varchar(100) NOT NULL, entity_id varchar(200) NOT NULL, "
        "before json, after json, canonical_head bytea NOT NULL)"
    )
    op.execute(
        f'REVOKE UPDATE, TRUNCATE, REFERENCES, TRIGGER ON "{schema}".audit_pending FROM "{role}"'
    )
    op.execute(f'GRANT SELECT, INSERT, DELETE ON "{schema}".audit_pending TO "{role}"')
    op.execute(link_pending_function(schema))
    op.execute(
        f'CREATE CONSTRAINT TRIGGER audit_pending_link AFTER INSERT ON "{schema}".audit_pending '
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        f'EXECUTE FUNCTION "{schema}".audit_link_pending()'
    )


def drop_commit_linking(schema: str) -> None:
    op.execute(f'DROP TABLE IF EXISTS "{schema}".audit_pending')  # drops its trigger
    op.execute(f'DROP FUNCTION IF EXISTS "{schema}".audit_link_pending()')
