# One image for every pacte service; the service is chosen by the command (`pacte service <name>`).
# Production packages only: no embedded servers (pacte-platform's `dev` extra), no test fixtures
# (libs/testing); PostgreSQL and Kafka are the compose file's own servers.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# As pacte_platform/infra/memory.py: one malloc arena, freed memory returned (peak RSS 293 -> 264 MiB).
ENV MALLOC_ARENA_MAX=1 MALLOC_TRIM_THRESHOLD_=1048576
WORKDIR /app
# WeasyPrint (billing's invoice documents) lays text out with pango and embeds the DejaVu fonts in PDF/A-3.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY contracts contracts
COPY libs/platform libs/platform
COPY libs/cli libs/cli
COPY services services
COPY deploy deploy
RUN pip install --no-cache-dir ./contracts ./libs/platform ./libs/cli ./services/procurement ./services/attendance \
    ./services/billing ./services/improvement ./services/indicators ./services/opendata ./services/webhooks ./services/gateway
RUN useradd --system --uid 10001 pacte
USER pacte
EXPOSE 8000
ENV HTTP_HOST=0.0.0.0 HTTP_PORT=8000
CMD ["pacte", "--help"]
