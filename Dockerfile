# syntax=docker/dockerfile:1
# Cutover: build once, run as many stateless replicas as needed on PostgreSQL + Redis.
#   docker build -t cutover .                  # the web image (target: runtime)
#   docker build -t cutover-migrate --target migrate .
# No secret is baked in: AUTH_SECRET, NEXTAUTH_URL, DATABASE_URL, REDIS_URL come from the
# environment at run time (the server refuses to start without the ones it needs).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npm run build

# The one-shot migration job: applies pending prisma/migrations, then exits.
FROM build AS migrate
ENV NODE_ENV=production
USER node
CMD ["npm", "run", "db:migrate"]

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
# Next's standalone server: only the files it needs, node_modules included (production only),
# with the static assets and public/ copied in by the build (scripts/standalone.mjs).
COPY --from=build --chown=node:node /app/.next/standalone ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM: stop accepting, finish in-flight requests, exit (Next's own handler). The server
# refuses to start without AUTH_SECRET and NEXTAUTH_URL, naming them.
CMD ["node", "server.js"]
