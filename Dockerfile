# syntax=docker/dockerfile:1
# One image for the worker and the API (docker-compose.yml picks the command). TypeScript runs through tsx,
# which is a runtime dependency; the workflow code is bundled once at build time (WORKFLOW_BUNDLE_PATH), so
# workers start in a second instead of running webpack at every start.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:bundle -- /app/dist/workflow-bundle.js

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js \
    API_HOST=0.0.0.0 \
    WORKER_HTTP_HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY . .
COPY --from=build /app/dist/workflow-bundle.js /app/dist/workflow-bundle.js
USER node
# API; worker metrics (Prometheus) and worker health.
EXPOSE 3000 9464 9465
CMD ["node", "--import", "tsx", "api/server.ts"]
