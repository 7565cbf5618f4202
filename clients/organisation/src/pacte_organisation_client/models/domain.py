from enum import StrEnum

class Domain(StrEnum):
    AERONAUTICS = "aeronautics"
    AGRI_FOOD_FORESTRY = "agri_food_forestry"
    CONSTRUCTION = "construction"
    DIGITAL = "digital"
    ENERGY = "energy"
    FOOD_TRADES = "food_trades"
    INDUSTRY_OF_THE_FUTURE = "industry_of_the_future"
    MOBILITY_TRANSPORT = "mobility_transport"
    NUCLEAR = "nuclear"
    PERSONAL_SERVICES = "personal_services"
    PLASTICS = "plastics"
    SALES = "sales"
    SPORT_MOUNTAIN_TOURISM = "sport_mountain_tourism"
    TRANSVERSE = "transverse"

    def __str__(self) -> str:
        return str(self.value)
