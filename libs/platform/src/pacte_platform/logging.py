"""structlog JSON logs; the correlation id travels in contextvars from Kafka headers and HTTP requests."""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog


def configure_logging(service: str, level: str = "INFO") -> None:
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=getattr(logging, level.upper(), 20))
    for noisy in ("aiokafka", "kafka", "uvicorn.access", "faststream"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper(), 20)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)


def get_logger(**initial: Any) -> Any:
    return structlog.get_logger(**initial)


def bind_correlation_id(correlation_id: str | None) -> None:
    if correlation_id:
        structlog.contextvars.bind_contextvars(correlation_id=correlation_id)
    else:
        structlog.contextvars.unbind_contextvars("correlation_id")
