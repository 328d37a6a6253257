# syntax=docker/dockerfile:1
#
# cebase: the server binary plus the built single-page app, on Debian slim.
#   docker build -t cebase .
#   docker run -p 8080:8080 -v cebase-data:/app/data cebase      # SQLite in the volume
# See docker-compose.yml for the PostgreSQL setup and docs/operations.md for configuration.
# (Written for BuildKit; not exercised on the development machines, which have no Docker engine.)

ARG RUST_VERSION=1.95
ARG DEBIAN_RELEASE=bookworm

# binaryen's wasm-opt from npm: Debian's binaryen is too old for current Rust's wasm output.
FROM node:20-${DEBIAN_RELEASE}-slim AS wasm-opt
ARG BINARYEN_VERSION=132
RUN npm install --prefix /opt/binaryen --no-audit --no-fund "binaryen@${BINARYEN_VERSION}"

FROM rust:${RUST_VERSION}-${DEBIAN_RELEASE} AS builder
ARG TRUNK_VERSION=0.21.14
# Must equal the wasm-bindgen crate in Cargo.lock (xtask installs the right one if it differs).
ARG WASM_BINDGEN_VERSION=0.2.130
# Build tools only: skip their fat LTO to save many minutes. wasm-bindgen-cli goes without
# --locked: one of its locked dependencies is no longer on crates.io.
RUN rustup target add wasm32-unknown-unknown \
 && CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "${TRUNK_VERSION}" --locked \
 && CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" \
 && rm -rf /usr/local/cargo/registry
# wasm-opt is a Node.js program; xtask finds it in <repo>/.tools/node_modules/.bin.
COPY --from=wasm-opt /usr/local/bin/node /usr/local/bin/node
WORKDIR /src
COPY . .
COPY --from=wasm-opt /opt/binaryen /src/.tools
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --locked --release -p cebase-api --bin cebase \
 && cargo xtask build-spa \
 && install -D -m 0755 target/release/cebase /out/cebase \
 && cp -r frontend/dist /out/spa

FROM debian:${DEBIAN_RELEASE}-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin cebase \
 && mkdir -p /app/data \
 && chown cebase:cebase /app/data
COPY --from=builder /out/cebase /usr/local/bin/cebase
COPY --from=builder /out/spa /app/spa
WORKDIR /app
ENV CEBASE_SPA_DIR=/app/spa \
    CEBASE_BIND=0.0.0.0:8080
# The SQLite default (./data/cebase.sqlite) lands here; unused when DATABASE_URL is PostgreSQL.
VOLUME ["/app/data"]
USER cebase
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["/usr/local/bin/cebase"]
CMD ["serve"]
