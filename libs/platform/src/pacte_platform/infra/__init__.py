"""Local infrastructure the project starts itself: PostgreSQL and a Kafka-protocol broker."""
