"""Hand-written companions of the generated `pacte_organisation_client`: webhook signatures and the
routing of a local stack (one service per port) behind one base URL."""

from pacte_organisation_tools.routing import SERVICE_PREFIXES, service_routes
from pacte_organisation_tools.signatures import InvalidSignature, verify_signature

__all__ = ["SERVICE_PREFIXES", "InvalidSignature", "service_routes", "verify_signature"]
