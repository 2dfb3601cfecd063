# Multi-stage build of the Stocktake server and web app. Mirrors scripts/setup: the same
# Debian 12 packages at the same pinned versions (scripts/versions.env), the same
# third-party sources, the same build script.
# (Docker cannot run on the team's build machines; CI exercises scripts/setup instead.)

FROM debian:bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
        ca-certificates curl gnupg sudo apt-utils dpkg-dev \
    && rm -rf /var/lib/apt/lists/*
# Node.js 20 and npm (the build machines get them from nodesource as well).
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash - \
    && apt-get install -y --no-install-recommends nodejs \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY scripts/ scripts/
COPY package.json package-lock.json ./
RUN ./scripts/setup
COPY . .
RUN ./scripts/build all

FROM debian:bookworm-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends \
        ca-certificates libsqlite3-0 libssl3 zlib1g libbrotli1 \
        libcpp-httplib0.11=0.11.4+ds-1+deb12u1 libpq5=15.18-0+deb12u1 \
        libmicrohttpd12=0.9.75-6 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/stocktake stocktake \
    && mkdir -p /var/lib/stocktake && chown stocktake /var/lib/stocktake
COPY --from=build /src/build/native/stocktake /usr/local/bin/stocktake
COPY --from=build /src/public /usr/share/stocktake/public
USER stocktake
# APP_DATABASE_URL=postgresql://... puts the data in PostgreSQL instead (README).
# APP_SECRET_KEY must be given at run time (`docker run -e APP_SECRET_KEY=$(openssl rand
# -hex 32) ...`, the same on every replica): serve refuses to start without a strong one.
ENV APP_HOST=0.0.0.0 \
    APP_PORT=8080 \
    APP_DATA_DIR=/var/lib/stocktake \
    APP_PUBLIC_DIR=/usr/share/stocktake/public
VOLUME /var/lib/stocktake
EXPOSE 8080
CMD ["stocktake", "serve"]
