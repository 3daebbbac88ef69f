# Builds the icpledger service image. Used by docker-compose.yml.
# The build image's Swift must be at least the newest swift-tools-version among the resolved
# dependencies (hummingbird 2.28 and others declare 6.2); Tests/DeploymentTests checks this.
FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq-dev zlib1g-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Schema ./Schema
RUN swift build -c release --product icpledger --static-swift-stdlib

# The same Debian release as the build image. serve needs libpq5 (the database), zlib1g (gzip for the
# web pages), ca-certificates (TLS to it), tzdata (workspaces' time zones); the compose healthcheck runs curl.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 zlib1g ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/.build/release/icpledger /usr/local/bin/icpledger
COPY Schema /usr/share/icpledger/Schema
ENV ICPLEDGER_SCHEMA_DIR=/usr/share/icpledger/Schema
USER nobody
EXPOSE 8080
ENTRYPOINT ["icpledger"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
