"""Why a batch or a message fails, sorted by what is done about it.

A message's own failure is counted against it and, when it persists, dead-lettered; a failure of
the infrastructure only has the batch fetched again. This sorting lives here so that the batch, the
failure bookkeeping and the partition holds agree on it.
"""

from __future__ import annotations

import asyncpg


class PoisonMessage(ValueError):
    """The message cannot be decoded or violates its contract."""


class InboxRace(RuntimeError):
    """Another member of the group recorded one of the batch's events first (a rebalance overlap):
    the batch is fetched again and the inbox then skips what the other member processed."""


class MetadataMissing(RuntimeError):
    """The partitions of a cut topic are not known yet: the batch is fetched again."""


class RetryLater(RuntimeError):
    pass


#: Failures of the infrastructure, not of a message (the database restarting, a broken pooled
#: connection): the batch is fetched again later and no attempt is counted against its messages,
#: or a database restart would send good messages to the dead-letter topic.
INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError, asyncpg.exceptions.OperatorInterventionError, asyncpg.InterfaceError,
    OSError, InboxRace, MetadataMissing,
    # Transient conflicts between concurrent transactions (two members at a closing's cut): run again.
    asyncpg.exceptions.DeadlockDetectedError, asyncpg.exceptions.SerializationError,
)
