# clubbot container: a static-ish cgo build (go-sqlite3) on Debian, run as a
# non-root user with the database on a volume.
#   docker build -t clubbot .
#   docker run -d --name clubbot -e DISCORD_TOKEN=... -v clubbot-data:/data -p 8080:8080 clubbot
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/clubbot ./cmd/clubbot

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /data --shell /usr/sbin/nologin clubbot && mkdir -p /data && chown clubbot /data
COPY --from=build /out/clubbot /usr/local/bin/clubbot
USER clubbot
WORKDIR /data
# serve's public /interactions is on :8080 (its default); /healthz and
# /metrics stay on loopback inside the container (set
# CLUBBOT_METRICS_ADDR=:9090 to scrape them).
ENV CLUBBOT_DB=/data/clubbot.db CLUBBOT_METRICS_ADDR=127.0.0.1:9090
EXPOSE 8080
# The binary asks its own /healthz: no shell, curl or bash needed.
HEALTHCHECK --interval=30s --timeout=3s CMD ["/usr/local/bin/clubbot", "health"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/clubbot"]
CMD ["run"]
