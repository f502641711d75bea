"""What every service gets from the factory besides HTTP conventions: the audit endpoints,
calendar publication, parameters, stored decisions, and the start-up that loads them.

Modules: `install` (wiring, start-up, refresh), `migration` (alembic operations for 0002),
`tables`, `calendar_admin`, `parameters` (ParametersDep, apply_overrides, WhatIf),
`decisions` (store_decision), `after_commit` (AfterCommitDep), `problems`.
Kept import-light: alembic migrations import `govkit.platform.migration`.
"""
