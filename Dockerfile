# syntax=docker/dockerfile:1
# Build steps mirror CI: `npm ci` then `npm run build` (CI runs both on every change).
# Usage, the CLIs in the image and the health check: docs/docker.md.

FROM node:22-bookworm-slim AS build
# better-sqlite3 compiles its native addon at install time.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY deploy/slim-node-modules.sh ./deploy/
# After the prune, drop what the bot never loads: better-sqlite3's sources and build objects (it
# needs lib/ and the .node addon) and every font file but those the charts load (FONT_FILES, read
# from the build so the list cannot drift from the code).
RUN npm run build && npm prune --omit=dev \
 && sh deploy/slim-node-modules.sh node_modules $(node --input-type=module -e \
      "const { FONT_FILES } = await import('./dist/discord/chart/render.js'); console.log(Object.values(FONT_FILES).join(' '))")

FROM node:22-bookworm-slim
# HTTP_HOST 0.0.0.0: the health check, `docker run -p` and Prometheus reach /healthz and /metrics
# from outside the bot's process (the default, 127.0.0.1, suits a bare-metal run).
ENV NODE_ENV=production \
    CONFIG_PATH=/app/config/bot.yaml \
    STATE_DB=/data/bot.db \
    HTTP_PORT=9464 \
    HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
# /threshold set rewrites the config file atomically, so the node user must own its folder.
RUN mkdir -p /data && chown node:node /data /app/config
USER node
VOLUME ["/data"]
EXPOSE 9464
# Slim images have no curl: node asks /healthz (the process answers; not /readyz, whose "not ready"
# during a Discord or provider outage is no reason to restart the container). The start period
# covers loading the headline model, several seconds on a busy host.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "require('node:http').get({ host: '127.0.0.1', port: process.env.HTTP_PORT, path: '/healthz', timeout: 4000 }, (res) => process.exit(res.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1)).on('timeout', () => process.exit(1))"]
# The node options of `npm start` (a test keeps them equal): V8 favours a small heap, and its young
# generation stays at 2 MB a semi-space instead of growing to 32 MB of resident memory after the
# first busy poll and keeping it (docs/performance.md, "Memory").
CMD ["node", "--optimize-for-size", "--max-semi-space-size=2", "dist/main.js"]
