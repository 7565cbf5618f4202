"""Attendance's own configuration: the early dropout warning's thresholds (issue 22)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from pacte_attendance.domain.early_warning import WarningRules


class EarlyWarningSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    #: Sessions of at least this many planned hours (planned days × hours per day) are watched.
    min_session_hours: Decimal = Field(default=Decimal(300), alias="PACTE_WARNING_MIN_SESSION_HOURS")
    #: How many of the last planned days are judged.
    window_days: int = Field(default=5, ge=1, alias="PACTE_WARNING_WINDOW_DAYS")
    #: Unjustified absences in the window that raise a warning.
    unjustified_absences: int = Field(default=2, ge=1, alias="PACTE_WARNING_UNJUSTIFIED_ABSENCES")
    #: Absences of any kind in a row that raise a warning.
    consecutive_absences: int = Field(default=3, ge=1, alias="PACTE_WARNING_CONSECUTIVE_ABSENCES")
    #: Hours present below this share of the hours planned in the window raise a warning.
    min_attended_ratio: Decimal = Field(default=Decimal("0.5"), ge=0, le=1, alias="PACTE_WARNING_MIN_ATTENDED_RATIO")

    def rules(self) -> WarningRules:
        return WarningRules(self.min_session_hours, self.window_days, self.unjustified_absences,
                            self.consecutive_absences, self.min_attended_ratio)
