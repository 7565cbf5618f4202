"""The region's reference data: departments, job seekers, places, domains, organisations' names."""

from __future__ import annotations

from pacte_contracts.codes import Domain

#: Rough weight of each department in the region's training needs (population, job seekers).
TERRITORY_WEIGHTS: dict[str, int] = {
    "01": 6, "03": 4, "07": 4, "15": 2, "26": 6, "38": 13,
    "42": 8, "43": 3, "63": 7, "69": 19, "73": 5, "74": 8,
}
#: Registered job seekers per department (orders of magnitude, categories A-B-C).
JOBSEEKERS: dict[str, int] = {
    "01": 38_000, "03": 25_000, "07": 24_000, "15": 7_500, "26": 41_000, "38": 92_000,
    "42": 56_000, "43": 13_000, "63": 48_000, "69": 152_000, "73": 27_000, "74": 54_000,
}
RURAL = frozenset({"03", "07", "15", "43"})
PLACES: dict[str, tuple[str, ...]] = {
    "01": ("Bourg-en-Bresse", "Oyonnax", "Ambérieu-en-Bugey"),
    "03": ("Moulins", "Montluçon", "Vichy"),
    "07": ("Privas", "Aubenas", "Annonay"),
    "15": ("Aurillac", "Saint-Flour"),
    "26": ("Valence", "Montélimar", "Romans-sur-Isère"),
    "38": ("Grenoble", "Vienne", "Bourgoin-Jallieu", "Voiron"),
    "42": ("Saint-Étienne", "Roanne", "Montbrison"),
    "43": ("Le Puy-en-Velay", "Yssingeaux"),
    "63": ("Clermont-Ferrand", "Riom", "Thiers", "Issoire"),
    "69": ("Lyon 7e", "Lyon 9e", "Villeurbanne", "Vénissieux", "Villefranche-sur-Saône"),
    "73": ("Chambéry", "Albertville", "Aix-les-Bains"),
    "74": ("Annecy", "Annemasse", "Thonon-les-Bains", "Cluses"),
}
DOMAIN_LABELS: dict[str, str] = {
    "industry_of_the_future": "Industrie du futur",
    "plastics": "Plasturgie",
    "aeronautics": "Aéronautique",
    "construction": "Bâtiment et travaux publics",
    "digital": "Numérique",
    "personal_services": "Services à la personne",
    "agri_food_forestry": "Agriculture, agroalimentaire et forêt",
    "energy": "Énergie",
    "nuclear": "Nucléaire",
    "mobility_transport": "Mobilité et transport",
    "sport_mountain_tourism": "Sport, montagne et tourisme",
    "sales": "Commerce",
    "food_trades": "Métiers de bouche",
    "transverse": "Compétences transverses",
}
#: Every domain but the transverse one.
TRADE_DOMAINS = tuple(d.value for d in Domain if d is not Domain.TRANSVERSE)
MODULES = (
    "CACES R489", "CACES R482", "SST", "Habilitation électrique", "Permis B", "HACCP",
    "Certificat Voltaire", "PIX",
)
ORG_PREFIXES = ("Institut", "Centre", "Atelier", "Académie", "Maison", "Espace", "Campus", "Réseau")
ORG_SUFFIXES = (
    "Compétences", "Formation Pro", "Avenir", "des Métiers", "Alpes Formation", "Auvergne Formation",
    "Rhône Emploi", "Savoir-Faire", "Insertion", "Numérique",
)

