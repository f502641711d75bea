"""Who bears a works' duties: moved to the receiver on a transfer (AD-TRANSFER)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession


async def move_open_duties(session: AsyncSession, works_id: uuid.UUID, uscc: str, name: str) -> int:
    """The works' open duties become the receiver's; how many moved."""
    return 0
