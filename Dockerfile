# hubget server + web UI. Build: docker build -t hubget .   Run: see compose.yaml.
# Stage 1 builds (TypeScript, Vite; better-sqlite3 falls back to a source build without a prebuilt binary).
FROM node:20-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

# Stage 2 runs: only the build output, production dependencies and the launcher.
FROM node:20-slim
ENV NODE_ENV=production \
    HUBGET_DATA_DIR=/data \
    HUBGET_MODELS_DIR=/models \
    HF_HOME=/hf-home
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
RUN mkdir -p /data /models /hf-home && chown node:node /data /models /hf-home
USER node
EXPOSE 3000
VOLUME ["/data", "/models", "/hf-home"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Listening on all interfaces inside the container requires an API token: pass HUBGET_API_TOKEN
# (hubget refuses to start without it). exec form: SIGTERM reaches node, which pauses and saves jobs.
CMD ["node", "bin/hubget", "serve", "--host", "0.0.0.0", "--port", "3000"]
