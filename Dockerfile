# syntax=docker/dockerfile:1
# Build steps mirror CI: `npm ci` then `npm run build` (CI runs both on every change).

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles its native addon at install time.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    CONFIG_PATH=/app/config/bot.yaml \
    STATE_DB=/data/bot.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
# /threshold set rewrites the config file atomically, so the node user must own its folder.
RUN mkdir -p /data && chown node:node /data /app/config
USER node
VOLUME ["/data"]
CMD ["node", "dist/main.js"]
