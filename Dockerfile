# Builds the icpledger service image. Used by docker-compose.yml.
FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY Schema ./Schema
RUN swift build -c release --product icpledger --static-swift-stdlib

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/.build/release/icpledger /usr/local/bin/icpledger
COPY Schema /usr/share/icpledger/Schema
ENV ICPLEDGER_SCHEMA_DIR=/usr/share/icpledger/Schema
USER nobody
EXPOSE 8080
ENTRYPOINT ["icpledger"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
