# One Dockerfile for both services; the build arg SERVICE (a folder under apps/) picks which one runs:
#   docker build --build-arg SERVICE=order-service -t order-service .
#   docker build --build-arg SERVICE=inventory-service -t inventory-service .
# docker-compose.yml builds both. The build stage does not depend on SERVICE, so both images share it.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 is compiled here against the Node headers the image ships (/usr/local/include/node):
# the build fetches npm packages and Debian packages only, never a prebuilt binary or headers from elsewhere.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
# better-sqlite3 is the only dependency with an install script; it is built explicitly below.
RUN npm ci --ignore-scripts --no-audit --no-fund \
  && npm run build-release --prefix node_modules/better-sqlite3 \
  && node -e "new (require('better-sqlite3'))(':memory:').close()"
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
# The operator's dead-letter tool and the demo, which npm run build compiles into dist/scripts beside the apps.
COPY scripts/dead-letters.ts ./scripts/
COPY scripts/dead-letters ./scripts/dead-letters
COPY scripts/demo ./scripts/demo
# After pruning, better-sqlite3 keeps only its compiled addon (not the SQLite sources and object files).
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && cd node_modules/better-sqlite3 \
  && mv build/Release/better_sqlite3.node . \
  && rm -rf build deps src \
  && mkdir -p build/Release \
  && mv better_sqlite3.node build/Release/

FROM node:24-bookworm-slim AS runtime
ARG SERVICE
# The SQLite file lives on /data, the one directory the service may write (mount a volume there).
ENV NODE_ENV=production \
  SERVICE=${SERVICE} \
  DATABASE_URL=/data/${SERVICE}.sqlite
WORKDIR /app
# Code and dependencies stay owned by root: the service can read them but not change them. dist/ holds
# the service, the dead-letter tool (`node dist/scripts/dead-letters.js --help`) and the demo.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN if [ ! -f "dist/apps/${SERVICE}/src/main.js" ]; then \
      echo "build arg SERVICE must name a folder under apps/ (got '${SERVICE}')" >&2; exit 1; \
    fi \
  && mkdir -p /data \
  && chown node:node /data
USER node
# PORT, when set, wins; otherwise the service's own default port (see apps/*/src/main.ts).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const port = process.env.PORT || { 'order-service': 3000, 'inventory-service': 3001 }[process.env.SERVICE]; fetch('http://127.0.0.1:' + port + '/health/ready', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# exec: node becomes PID 1 and receives SIGTERM itself (the service drains and exits on it).
CMD ["sh", "-c", "exec node \"dist/apps/${SERVICE}/src/main.js\""]
