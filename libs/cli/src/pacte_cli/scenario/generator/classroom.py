"""One day of one session: who enrols, who is there and for how long, who pauses, who leaves."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from pacte_cli.scenario.generator.draws import weighted
from pacte_cli.scenario.generator.outcomes import Exit
from pacte_cli.scenario.generator.skeleton import Session, json_hours
from pacte_cli.scenario.generator.trainees import SUSPENSION_REASONS, Trainee, satisfaction_score
from pacte_contracts.codes import ActionType, BillingUnit, Certification, DropoutReason

Events = list[tuple[dict[str, Any], Any]]  # a day's commands and their tags
Records = list[tuple[str, dict[str, Any]]]  # a day's records that a later correction may change
Later = list[tuple[date, dict[str, Any]]]  # satisfaction answered on a later day
_CERTIFICATIONS = tuple(c.value for c in (Certification.FULL, Certification.PARTIAL, Certification.NONE))
#: Planned days before a dropout over which attendance drifts down (three weeks of five days).
DRIFT_DAYS = 15
#: The chance of an absence on the last day before the dropout; it rises linearly from 0 over the drift.
DRIFT_PEAK = 0.55
#: Dropouts whose attendance drifts first, with the share of their absences left unjustified: a project
#: given up or unexplained absences fade out, illness or a material problem (transport, housing, childcare)
#: keeps them away with a reason. A job, a business or another course is taken at once: no drift.
DRIFTING: dict[str, float] = {DropoutReason.PROJECT_ABANDONED: 0.6, DropoutReason.UNJUSTIFIED_ABSENCE: 0.85,
                              DropoutReason.SICK_OR_PARENTAL_LEAVE: 0.1, DropoutReason.MATERIAL_REASON: 0.4,
                              DropoutReason.OTHER: 0.5}


class Classroom:
    """A session's trainees and trainers; `day` draws what happens on one planned day, in a fixed order."""

    def __init__(self, rng: random.Random, session: Session, trainees: list[Trainee], horizon_end: date) -> None:
        self.rng = rng
        self.session = session
        self.sid = session.session_id
        self.hours_per_day = session.hours_per_day
        self.hours_per_day_json = json_hours(session.hours_per_day)
        self.trainees = trainees
        self.horizon_end = horizon_end
        self.main_trainer = f"F-{session.lot.index}-{session.number}"
        self.second_trainer = self.main_trainer + "-b" if rng.random() < 0.3 else ""

    def day(self, i: int, day: date) -> tuple[Events, Records, Later]:
        """The day's commands (with their tags), its records that may be corrected later, and the
        satisfaction answers it brings for a later day."""
        text = day.isoformat()
        events: Events = []
        for t in self.trainees:
            if t.enrol == i:
                events.append(({"cmd": "trainee.enrol", "session_id": self.sid, "trainee_id": t.trainee_id,
                                "date": text, "profile": t.profile}, None))
        active = [t for t in self.trainees if t.enrol <= i <= t.exit]
        records: Records = []
        if active:
            self._presence(text, events, records)
        self._pauses(active, i, text, events)
        self._attendance(active, i, text, events, records)
        later: Later = []
        for t in active:
            if t.exit == i:
                self._exit(t, day, text, events, later)
        return events, records, later

    def _presence(self, text: str, events: Events, records: Records) -> None:
        unit = self.session.lot.billing_unit
        if unit == BillingUnit.OPENING_DAY:
            events.append(({"cmd": "session.open_day", "session_id": self.sid, "date": text}, True))
        if unit == BillingUnit.TRAINER_HOUR:
            cmd = {"cmd": "trainer.hours", "session_id": self.sid, "trainer_id": self.main_trainer, "date": text,
                   "hours": self.hours_per_day_json}
            events.append((cmd, True))
            records.append(("trainer.hours", cmd))
            if self.second_trainer and self.rng.random() < 0.3:
                events.append(({"cmd": "trainer.hours", "session_id": self.sid, "trainer_id": self.second_trainer,
                                "date": text, "hours": self.rng.choice((1.5, 2, 2.5, 3, 3.5))}, True))

    def _pauses(self, active: list[Trainee], i: int, text: str, events: Events) -> None:
        for t in active:
            if t.resume == i:
                events.append(({"cmd": "trainee.resume", "session_id": self.sid, "trainee_id": t.trainee_id,
                                "date": text}, None))
            if t.suspend == i:
                events.append(({"cmd": "trainee.suspend", "session_id": self.sid, "trainee_id": t.trainee_id,
                                "date": text, "reason": self.rng.choice(SUSPENSION_REASONS)}, None))

    def _attendance(self, active: list[Trainee], i: int, text: str, events: Events, records: Records) -> None:
        rng, hpd, sid = self.rng, self.hours_per_day, self.sid
        by_hours = self.session.lot.billing_unit == BillingUnit.TRAINEE_HOUR
        for t in active:
            if t.suspend >= 0 and t.suspend <= i and (t.resume < 0 or i < t.resume):
                continue  # suspended
            draw = rng.random()
            if t.dropout and i == t.exit:
                draw = 0.9 + draw * 0.1 if rng.random() < 0.5 else draw
            if t.dropout and t.reason == DropoutReason.UNJUSTIFIED_ABSENCE and i >= t.exit - 3:
                draw = max(draw, 0.97)
            if draw < 0.87:
                hours, absence = hpd, None
            elif draw < 0.93:
                hours = max(0.5, hpd - rng.choice((1.0, 1.5, 2.0, 3.5)))
                absence = "justified" if rng.random() < 0.55 else "unjustified"
            else:
                hours, absence = 0.0, ("justified" if draw < 0.96 else "unjustified")
            hours, absence = self._drift(t, i) or (hours, absence)
            cmd = {"cmd": "attendance.record", "session_id": sid, "trainee_id": t.trainee_id, "date": text,
                   "hours_present": json_hours(hours), "absence": absence}
            events.append((cmd, True if by_hours and hours > 0 else None))
            records.append(("attendance.record", cmd))

    def _drift(self, t: Trainee, i: int) -> tuple[float, str | None] | None:
        """The absence that replaces the day's line in the weeks before a drifting dropout, if any. Drawn
        from the trainee's and day's own seed, not the session's stream, so every other line of the
        programme is the one it would be without the drift."""
        unjustified = DRIFTING.get(t.reason) if t.dropout and t.reason is not None else None
        start = t.exit - DRIFT_DAYS
        if unjustified is None or not start <= i < t.exit:
            return None
        rng = random.Random(f"drift:{self.sid}:{t.trainee_id}:{i}")
        if rng.random() >= DRIFT_PEAK * (i - start + 1) / DRIFT_DAYS:
            return None
        absence = "unjustified" if rng.random() < unjustified else "justified"
        if rng.random() < 0.4:  # late or gone early rather than away all day
            return max(0.5, self.hours_per_day - rng.choice((2.0, 3.0, 3.5, 4.0))), absence
        return 0.0, absence

    def _exit(self, t: Trainee, day: date, text: str, events: Events, later: Later) -> None:
        rng, sid, lot = self.rng, self.sid, self.session.lot
        if t.dropout:
            cmd = {"cmd": "trainee.dropout", "session_id": sid, "trainee_id": t.trainee_id, "date": text,
                   "reason": t.reason}
            answers = rng.random() < 0.25
        else:
            certifying = lot.action_type == ActionType.CERTIFYING
            cert = weighted(rng, _CERTIFICATIONS, (62, 20, 18)) if certifying else Certification.NONE.value
            cmd = {"cmd": "trainee.complete", "session_id": sid, "trainee_id": t.trainee_id, "date": text,
                   "certification": cert}
            answers = rng.random() < 0.75
        events.append((cmd, Exit(sid, t.trainee_id, day, not t.dropout, t.reason, lot.action_type)))
        if answers:
            when = min(day + timedelta(days=rng.choice((0, 0, 0, 1, 2, 3, 7))), self.horizon_end)
            score = {"cmd": "satisfaction.record", "session_id": sid, "trainee_id": t.trainee_id,
                     "date": when.isoformat(), "score": satisfaction_score(rng, not t.dropout)}
            if when == day:
                events.append((score, None))
            else:
                later.append((when, score))
