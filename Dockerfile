# gaveld in a container: built on the official Swift image, run on Debian slim as a non-root user.
# The image has no PostgreSQL of its own: give it DATABASE_URL (docker-compose.yml wires one up).

FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libpq-dev libssl-dev libedit-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --product gaveld --static-swift-stdlib
RUN install -D "$(swift build -c release --show-bin-path)/gaveld" /out/gaveld

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libpq5 libssl3 ca-certificates \
    && rm -rf /var/lib/apt/lists/*
# The data directory (receipt key, key history, admin token) is a volume; created here owner-only so a
# fresh named volume starts with these owner and mode.
RUN useradd --system --user-group --home-dir /var/lib/gavel --shell /usr/sbin/nologin gavel \
    && install -d -o gavel -g gavel -m 0700 /var/lib/gavel /var/lib/gavel/data
COPY --from=build /out/gaveld /usr/local/bin/gaveld
USER gavel
WORKDIR /var/lib/gavel
ENV GAVEL_LISTEN=0.0.0.0:7070 \
    GAVEL_DATA_DIR=/var/lib/gavel/data
EXPOSE 7070
STOPSIGNAL SIGTERM
ENTRYPOINT ["gaveld"]
CMD ["serve"]
