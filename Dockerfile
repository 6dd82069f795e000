# One image for every service; docker-compose.yml picks the entry point.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
COPY scripts ./scripts
COPY bench ./bench
COPY tests ./tests
COPY tsconfig.json tsconfig.base.json ./
RUN npm ci --no-audit --no-fund && node node_modules/typescript/bin/tsc -b && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app ./
USER node
CMD ["node", "scripts/dist/migrate.js"]
