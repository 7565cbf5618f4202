"""Reference codes of ../shared/spec/DOMAIN.md and SCENARIO.md.

Enum values are the wire codes; French labels are kept beside the codes that reports show.
"""

from __future__ import annotations

from enum import StrEnum


class DropoutReason(StrEnum):
    PROJECT_ABANDONED = "project_abandoned"
    UNJUSTIFIED_ABSENCE = "unjustified_absence"
    SICK_OR_PARENTAL_LEAVE = "sick_or_parental_leave"
    OTHER = "other"
    BUSINESS_CREATION = "business_creation"
    MATERIAL_REASON = "material_reason"
    OTHER_TRAINING = "other_training"
    RETURN_TO_WORK = "return_to_work"


DROPOUT_REASON_LABELS_FR: dict[DropoutReason, str] = {
    DropoutReason.PROJECT_ABANDONED: "Abandon du projet de formation",
    DropoutReason.UNJUSTIFIED_ABSENCE: "Absence ou abandon non justifié par le demandeur d'emploi",
    DropoutReason.SICK_OR_PARENTAL_LEAVE: "Arrêt maladie / Congé maternité ou paternité",
    DropoutReason.OTHER: "Autres",
    DropoutReason.BUSINESS_CREATION: "Création / Reprise d'entreprise",
    DropoutReason.MATERIAL_REASON: "Raison matérielle (mobilité, déménagement, finances)",
    DropoutReason.OTHER_TRAINING: "Retenu(e) sur autre formation",
    DropoutReason.RETURN_TO_WORK: "Retour à l'emploi",
}


class Domain(StrEnum):
    INDUSTRY_OF_THE_FUTURE = "industry_of_the_future"
    PLASTICS = "plastics"
    AERONAUTICS = "aeronautics"
    CONSTRUCTION = "construction"
    DIGITAL = "digital"
    PERSONAL_SERVICES = "personal_services"
    AGRI_FOOD_FORESTRY = "agri_food_forestry"
    ENERGY = "energy"
    NUCLEAR = "nuclear"
    MOBILITY_TRANSPORT = "mobility_transport"
    SPORT_MOUNTAIN_TOURISM = "sport_mountain_tourism"
    SALES = "sales"
    FOOD_TRADES = "food_trades"
    TRANSVERSE = "transverse"


DOMAIN_LABELS_FR: dict[Domain, str] = {
    Domain.INDUSTRY_OF_THE_FUTURE: "Industrie du futur",
    Domain.PLASTICS: "Plasturgie",
    Domain.AERONAUTICS: "Aéronautique",
    Domain.CONSTRUCTION: "BTP",
    Domain.DIGITAL: "Numérique",
    Domain.PERSONAL_SERVICES: "Services à la personne",
    Domain.AGRI_FOOD_FORESTRY: "Agriculture, agroalimentaire, forêt",
    Domain.ENERGY: "Énergie",
    Domain.NUCLEAR: "Nucléaire",
    Domain.MOBILITY_TRANSPORT: "Mobilité, transport",
    Domain.SPORT_MOUNTAIN_TOURISM: "Sport, montagne, tourisme",
    Domain.SALES: "Commerce",
    Domain.FOOD_TRADES: "Métiers de bouche",
    Domain.TRANSVERSE: "Transverse",
}


class Territory(StrEnum):
    """The region's departments, by INSEE code."""

    AIN = "01"
    ALLIER = "03"
    ARDECHE = "07"
    CANTAL = "15"
    DROME = "26"
    ISERE = "38"
    LOIRE = "42"
    HAUTE_LOIRE = "43"
    PUY_DE_DOME = "63"
    RHONE = "69"
    SAVOIE = "73"
    HAUTE_SAVOIE = "74"


TERRITORY_NAMES: dict[Territory, str] = {
    Territory.AIN: "Ain",
    Territory.ALLIER: "Allier",
    Territory.ARDECHE: "Ardèche",
    Territory.CANTAL: "Cantal",
    Territory.DROME: "Drôme",
    Territory.ISERE: "Isère",
    Territory.LOIRE: "Loire",
    Territory.HAUTE_LOIRE: "Haute-Loire",
    Territory.PUY_DE_DOME: "Puy-de-Dôme",
    Territory.RHONE: "Rhône",
    Territory.SAVOIE: "Savoie",
    Territory.HAUTE_SAVOIE: "Haute-Savoie",
}


class PriorityPublic(StrEnum):
    QPV = "qpv"
    ZRR = "zrr"
    DISABILITY = "disability"
    MINIMUM_INCOME = "minimum_income"
    SINGLE_PARENT = "single_parent"
    JUSTICE = "justice"
    MIGRANT = "migrant"
    NEET = "neet"
    INVISIBLE = "invisible"


class AgeBand(StrEnum):
    UNDER_26 = "<26"
    FROM_26_TO_44 = "26-44"
    FROM_45 = "45+"


class Qualification(StrEnum):
    BELOW_BAC = "below_bac"
    BAC = "bac"
    ABOVE_BAC = "above_bac"


class BillingUnit(StrEnum):
    TRAINEE_HOUR = "trainee_hour"
    OPENING_DAY = "opening_day"
    TRAINER_HOUR = "trainer_hour"


class Axis(StrEnum):
    QUALIFYING = "qualifying"
    ESSENTIALS = "essentials"
    TRANSVERSE = "transverse"


AXIS_LABELS_FR: dict[Axis, str] = {
    Axis.QUALIFYING: "Axe 1 — parcours qualifiants",
    Axis.ESSENTIALS: "Axe 2 — Les Essentiels",
    Axis.TRANSVERSE: "Axe transverse",
}

#: The pact's budget targets per axis, as exact decimal strings.
AXIS_TARGETS: dict[Axis, str] = {
    Axis.QUALIFYING: "0.5000",
    Axis.ESSENTIALS: "0.4300",
    Axis.TRANSVERSE: "0.0700",
}

#: Reference full cost of one training path, in cents (5,500 EUR).
REFERENCE_COST_PER_PATH_CENTS = 550_000


class ActionType(StrEnum):
    PREPARATORY = "preparatory"
    CERTIFYING = "certifying"
    PROFESSIONALISING = "professionalising"


ACTION_TYPE_LABELS_FR: dict[ActionType, str] = {
    ActionType.PREPARATORY: "Préparatoire",
    ActionType.CERTIFYING: "Certifiante",
    ActionType.PROFESSIONALISING: "Professionnalisante",
}


class Procedure(StrEnum):
    OPEN = "open"
    QUOTE = "quote"


class Absence(StrEnum):
    JUSTIFIED = "justified"
    UNJUSTIFIED = "unjustified"


class WarningReason(StrEnum):
    """Why an early dropout warning holds (issue 22), in the order the rule checks them."""

    UNJUSTIFIED_ABSENCES = "unjustified_absences"
    CONSECUTIVE_ABSENCES = "consecutive_absences"
    LOW_ATTENDANCE = "low_attendance"


class Certification(StrEnum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class OutcomeStatus(StrEnum):
    EMPLOYED_DURABLE = "employed_durable"
    EMPLOYED_OTHER = "employed_other"
    TRAINING = "training"
    JOBSEEKER = "jobseeker"
    UNKNOWN = "unknown"


class ImprovementDimension(StrEnum):
    TRAINEE_SUPPORT = "trainee_support"
    DROPOUT_PREVENTION = "dropout_prevention"
    PEDAGOGY = "pedagogy"
    EMPLOYER_LINKS = "employer_links"
    CONTINUITY = "continuity"
    SATISFACTION = "satisfaction"


class MilestoneIndicator(StrEnum):
    DROPOUT_RATE = "dropout_rate"
    DROPOUT_EXCL_EMPLOYMENT_RATE = "dropout_excl_employment_rate"
    FILL_RATE = "fill_rate"
    CERTIFICATION_RATE = "certification_rate"
    RETURN_TO_WORK_6M_RATE = "return_to_work_6m_rate"
    DURABLE_EMPLOYMENT_6M_RATE = "durable_employment_6m_rate"
    SATISFACTION_AVG = "satisfaction_avg"
    SATISFACTION_RESPONSE_RATE = "satisfaction_response_rate"


class MilestoneScope(StrEnum):
    LOT = "lot"
    ORGANISATION = "organisation"


class Comparator(StrEnum):
    AT_MOST = "<="
    AT_LEAST = ">="


class MilestoneStatus(StrEnum):
    PLANNED = "planned"
    ACHIEVED = "achieved"
    MISSED = "missed"
    WAIVED = "waived"


class InvoiceStatus(StrEnum):
    ISSUED = "issued"
    APPROVED = "approved"
    PAID = "paid"
    DISPUTED = "disputed"


class VatStatus(StrEnum):
    """An organisation's standing for VAT (what a self-billed invoice needs to say about the seller)."""

    #: Assujettie: holds an intra-community VAT number and invoices VAT where the lot is taxable.
    REGISTERED = "registered"
    #: Franchise en base (article 293 B du CGI): invoices no VAT at all.
    FRANCHISE = "franchise"
    #: Non assujettie (a public body acting as such, for instance): outside the scope of VAT.
    NOT_SUBJECT = "not_subject"


class LineKind(StrEnum):
    MILESTONE = "milestone"
    OPENING_DAY = "opening_day"
    RETURN_TO_WORK = "return_to_work"
    TRAINEE_HOUR = "trainee_hour"
    TRAINER_HOUR = "trainer_hour"
    #: The continuity bonus of an Essentials order (issue 22, docs/continuity-bonus.md).
    CONTINUITY = "continuity"


class RejectionReason(StrEnum):
    """Stable refusal codes (SCENARIO.md), listed in precedence order where several apply."""

    INVALID = "invalid"
    UNKNOWN_SESSION = "unknown_session"
    FORBIDDEN = "forbidden"
    SESSION_CANCELLED = "session_cancelled"
    TRAINEE_NOT_ENROLLED = "trainee_not_enrolled"
    LOT_NOT_AWARDED = "lot_not_awarded"
    BUDGET_EXCEEDED = "budget_exceeded"
    DAY_NOT_PLANNED = "day_not_planned"
    HOURS_OVER_DAILY_CAP = "hours_over_daily_cap"
    TRAINEE_NOT_ACTIVE = "trainee_not_active"
    SESSION_FULL = "session_full"
