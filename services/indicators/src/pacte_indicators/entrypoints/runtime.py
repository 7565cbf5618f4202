"""The indicators service's runtime: the platform's, plus the tasks that keep the business metrics
and the public scopes' counts current."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from pacte_indicators.adapters.prometheus import collector
from pacte_indicators.service_layer.latest_counts import LatestCounts
from pacte_indicators.service_layer.metrics_refresh import MetricsRefresher
from pacte_indicators.service_layer.public_counts import PublicCountsPublisher
from pacte_platform import db
from pacte_platform.runtime import ServiceRuntime


class IndicatorsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    #: Least time between two recomputations of the business metrics.
    metrics_refresh_s: float = Field(default=5.0, alias="INDICATORS_METRICS_REFRESH_S")
    #: Least time between two sends of the public scopes' counts to the open-data service.
    public_counts_s: float = Field(default=10.0, alias="INDICATORS_PUBLIC_COUNTS_S")
    #: Consumer groups are named `<prefix>-<role>`. A new prefix with an empty database replays every
    #: topic from the start: that is how the indicators' projection is rebuilt (as billing's is).
    consumer_group_prefix: str = Field(default="indicators", alias="INDICATORS_CONSUMER_GROUP_PREFIX")


@dataclass
class IndicatorsRuntime(ServiceRuntime):
    metrics_refresh_s: float = 5.0
    public_counts_s: float = 10.0
    refresher: MetricsRefresher | None = None
    #: Every scope's counts as the refresher last took them, for the reads at that version.
    latest: LatestCounts = field(default_factory=LatestCounts)
    _refresh_task: asyncio.Task[None] | None = field(default=None, repr=False)
    _public_task: asyncio.Task[None] | None = field(default=None, repr=False)

    async def start(self) -> None:
        await super().start()
        publisher = PublicCountsPublisher(self.db(), service=self.service, min_interval_s=self.public_counts_s)
        self.refresher = MetricsRefresher(self.db(), collector(), min_interval_s=self.metrics_refresh_s,
                                          connect=lambda: db.connect(self.settings.database_url, self.schema),
                                          on_counts=(self.latest.keep, publisher.offer))
        self._refresh_task = asyncio.create_task(self.refresher.run(), name=f"{self.service}-metrics")
        self._public_task = asyncio.create_task(publisher.run(), name=f"{self.service}-public-counts")

    async def stop(self) -> None:
        for task in (self._refresh_task, self._public_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
        self._refresh_task = self._public_task = None
        await super().stop()
