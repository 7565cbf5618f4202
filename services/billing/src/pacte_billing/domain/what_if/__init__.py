"""The billing-unit what-if (the pact's argument for replacing the trainee hour): the facts a lot, an
organisation or a tender actually declared, re-priced under each of the three billing units.

`facts` is what the rules read (a session's stays and days), `quantities` what each unit would count
per order and month (BILLING.md "What each billing unit pays"), `pricing` what it would cost, rounded
per order and month as invoice lines are, and `variation` how the organisation's monthly revenue
would have moved. Pure: the adapter `adapters/what_if.py` loads the facts from the ledger.
"""

from .facts import OrderTerms, SessionDay, SessionFacts, StaySpan
from .pricing import PriceChoice, UnitPrices, WhatIf, reference_price, what_if

__all__ = ["OrderTerms", "PriceChoice", "SessionDay", "SessionFacts", "StaySpan", "UnitPrices", "WhatIf",
           "reference_price", "what_if"]
