# Production image of the Voxanne backend (the dashboard deploys separately, see frontend/vercel.json).
#   docker build -t voxanne-backend .
#   docker run -p 3001:3001 -e NODE_ENV=production -e DATABASE_URL=… -e JWT_SECRET=… \
#     -e VAPI_WEBHOOK_SECRET=… -e TWILIO_AUTH_TOKEN=… voxanne-backend
#
# The layout under /app mirrors the repository: backend/dist/platform/paths.ts resolves the
# repository root three levels up, and migrations/ and sample-kb/ are read from there.

ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Every workspace manifest must be present for `npm ci` to accept the lockfile.
COPY package.json package-lock.json .npmrc ./
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm ci --workspace backend --include=dev --no-audit --no-fund
COPY backend/tsconfig.json backend/tsconfig.build.json backend/
COPY backend/src backend/src
RUN npm run build --workspace backend

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm ci --workspace backend --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/backend/dist backend/dist
COPY migrations migrations
COPY sample-kb sample-kb
# Writable by the app user only for a development run of the image (embedded database and
# generated JWT secret); production keeps nothing on disk.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
ENV PORT=3001
EXPOSE 3001
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3001) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "backend/dist/main.js"]
