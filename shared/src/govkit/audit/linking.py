"""Linking an audit record into its schema's chain in SQL, now or as the transaction commits.

Both ways take the schema's chain lock, read the head with a snapshot taken after the lock was
granted, and compute `hash = SHA-256(prev_hash ‖ canonical JSON)` from the canonical JSON the
caller sends up to the sequence number (`chain.canonical_head`): the database adds the sequence,
the time and the closing brace exactly as `chain.canonical_tail` writes them.

Linking at commit (`append_at_commit`): the chain lock is held from the append to the end of the
commit, and the commit waits for its WAL flush, so every audited transaction of a schema waits
for the previous one's flush. Appending as a statement inside the transaction adds the rest of
the request to that wait (the round trips after the append, and whatever else the client's event
loop runs meanwhile). A schema migrated with `create_commit_linking` has an `audit_pending`
table (UNLOGGED: its rows never outlive their transaction) with a deferred constraint trigger:
the transaction inserts its record there, and the trigger links it into `audit_log` during
COMMIT, just before the flush, then deletes the pending row. The lock is then held for the
trigger and the flush only.
"""

from __future__ import annotations

from govkit.audit.chain import GENESIS_HASH

TIME_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'  # = chain.format_time, in to_char's words


def lock_key(schema_sql: str) -> str:
    """The chain lock's key: `schema_sql` is an SQL expression naming the schema."""
    return f"hashtextextended('govkit.audit:' || {schema_sql}, 0)"


def hash_sql(prev_hash: str, head: str, sequence: str, moment: str) -> str:
    """SQL for the record hash, from SQL expressions for its parts (`head` is bytea)."""
    return (
        f"encode(sha256(convert_to({prev_hash}, 'UTF8') || {head} || convert_to("
        f"{sequence}::text || ',\"time\":\"' || to_char({moment} AT TIME ZONE 'UTC', "
        f"'{TIME_FORMAT}') || '\"}}', 'UTF8')), 'hex')"
    )


PENDING_INSERT = (
    "INSERT INTO audit_pending (actor_client, actor_user, request_id, action, entity_type, "
    "entity_id, before, after, canonical_head) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7::text::json, $8::text::json, $9)"
)


_LINK_PENDING = """
CREATE FUNCTION "@SCHEMA@".audit_link_pending() RETURNS trigger
LANGUAGE plpgsql SET search_path = "@SCHEMA@" AS $$
DECLARE v_sequence bigint; v_prev text; v_at timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(@LOCK_KEY@);
  -- A new statement, a new snapshot: the head as last committed before the lock was granted.
  SELECT sequence, hash INTO v_sequence, v_prev FROM audit_log ORDER BY sequence DESC LIMIT 1;
  v_sequence := coalesce(v_sequence, 0) + 1;
  v_prev := coalesce(v_prev, '@GENESIS@');
  v_at := clock_timestamp();
  INSERT INTO audit_log (sequence, occurred_at, actor_client, actor_user, request_id, action,
                         entity_type, entity_id, before, after, prev_hash, hash)
  VALUES (v_sequence, v_at, NEW.actor_client, NEW.actor_user, NEW.request_id, NEW.action,
          NEW.entity_type, NEW.entity_id, NEW.before, NEW.after, v_prev, @HASH@);
  DELETE FROM audit_pending WHERE id = NEW.id;
  RETURN NULL;
END $$
"""


def link_pending_function(schema: str) -> str:
    """DDL of the trigger function that links an `audit_pending` row into `audit_log`."""
    if not schema.replace("_", "").isalnum():
        raise ValueError(f"not a schema name: {schema!r}")
    return (
        _LINK_PENDING.replace("@SCHEMA@", schema)
        .replace("@LOCK_KEY@", lock_key(f"'{schema}'"))
        .replace("@GENESIS@", GENESIS_HASH)
        .replace("@HASH@", hash_sql("v_prev", "NEW.canonical_head", "v_sequence", "v_at"))
    )
