"""Root conftest: the real-infrastructure fixtures (PostgreSQL, Kafka) for every test folder."""

pytest_plugins = ["pacte_testing"]
