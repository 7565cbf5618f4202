"""At-least-once batch consumption with an inbox, over a FastStream Kafka subscriber.

One batch = one database transaction: the inbox rows (processed-event ids) and the handler's
effects commit together, and the Kafka offsets are committed only after that commit. A redelivered
event is found in the inbox and skipped. When a batch fails, it is retried in halves down to the
failing message; a message that keeps failing is counted in PostgreSQL and, after N attempts, sent
to `<topic>.dlq` with its error and origin in headers, so the partition keeps flowing.

The modules, by what each is about:
- `handler`: what a handler receives (`Consumed`) and emits (`Emitter`), the callables' shapes;
- `batch`: `BatchConsumer`, the transaction of a batch and its halving on failure;
- `decoding`: records' headers, envelopes, mirrors and event checks;
- `inbox`: recording processed event ids; `failures` and `dead_letters`: messages that keep failing;
- `markers` and `holds`: consistent cuts, in the batch and on the Kafka partitions;
- `subscription`: the FastStream subscribers and acknowledgement; `lag`: the lag gauge;
- `errors`: which failures count against a message and which only have the batch fetched again.

Services import from this package; its modules are for the machinery itself.
"""

from pacte_platform.consumer.batch import BatchConsumer
from pacte_platform.consumer.decoding import Typed, decode, event_type_names, record_event_id, record_event_type
from pacte_platform.consumer.errors import INFRASTRUCTURE_ERRORS, InboxRace, MetadataMissing, PoisonMessage, RetryLater
from pacte_platform.consumer.handler import Consumed, CutFilter, CutHandler, Emitter, Handler, MarkerPreparation
from pacte_platform.consumer.lag import observe_lag
from pacte_platform.consumer.markers import Holds
from pacte_platform.consumer.subscription import subscribe

__all__ = [
    "INFRASTRUCTURE_ERRORS",
    "BatchConsumer",
    "Consumed",
    "CutFilter",
    "CutHandler",
    "Emitter",
    "Handler",
    "Holds",
    "InboxRace",
    "MarkerPreparation",
    "MetadataMissing",
    "PoisonMessage",
    "RetryLater",
    "Typed",
    "decode",
    "event_type_names",
    "observe_lag",
    "record_event_id",
    "record_event_type",
    "subscribe",
]
