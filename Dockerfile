# syntax=docker/dockerfile:1
# One image per service, chosen by SERVICE (a folder of services/):
#   docker build --build-arg SERVICE=order-router --build-arg VERSION=0.1.0 -t tickflow/order-router:0.1.0 .
# Why it is built this way: docs/decisions/0022-service-images.md. Build and push: infra/README.md.
# infra/test/image runs what this file describes (the build script, WORKDIR, USER, ENV,
# ENTRYPOINT and CMD are read from here), so keep one instruction per concern.

# Node 24 LTS, the release the toolchain pins (scripts/run.sh). Pin by digest in a release pipeline.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
ARG SERVICE
WORKDIR /src
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
# pnpm at the version of the packageManager field ("pnpm@X.Y.Z" is an npm package spec too).
RUN npm install --global --no-audit --no-fund "$(node -p 'require("./package.json").packageManager')"
COPY infra/docker/ infra/docker/
COPY packages/ packages/
COPY services/ services/
RUN --mount=type=cache,id=tickflow-pnpm-store,target=/root/.local/share/pnpm/store \
    node infra/docker/assemble-service.ts "$SERVICE" /out

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE_URL=
LABEL org.opencontainers.image.title="tickflow-${SERVICE}" \
      org.opencontainers.image.description="Tickflow ${SERVICE}: a TypeScript service over Redis Streams" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
# The service needs node only: no package manager left to run in production.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /opt/yarn-* \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg
# HTTP_PORT is the kit's default, stated here beside EXPOSE; TICKFLOW_REVISION feeds tickflow_build_info.
ENV NODE_ENV=production LOG_PRETTY=false HTTP_PORT=8080 TICKFLOW_REVISION=${REVISION}
# Owned by root, read-only to the service's user: nothing under /app is written at run time.
COPY --from=build /out /app
WORKDIR /app/services/${SERVICE}
# The node image's unprivileged user, numeric so Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 8080
# node is PID 1: the service kit handles SIGTERM (stop consuming, ack, release leases, exit
# within SHUTDOWN_GRACE_MS). The young-generation cap is decision 0011.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "--max-semi-space-size=8"]
CMD ["src/main.ts"]
