#!/usr/bin/env bash
# Start N Spend Geography replicas (public mode) and nginx in front of them, on loopback.
# Usage: deploy/serve.sh [REPLICAS=2] [PROXY_PORT=8600]; Ctrl-C (or SIGTERM) stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
replicas="${1:-2}"
proxy_port="${2:-8600}"
first_port="${SPENDGEO_FIRST_PORT:-8611}"
py=.venv/bin/python
prefix="$(mktemp -d -t spendgeo-nginx.XXXXXX)"
pids=()

stop() {
  [ -f "$prefix/nginx.pid" ] && nginx -p "$prefix" -c "$prefix/nginx.conf" -s quit 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$prefix"
}
trap stop EXIT INT TERM

upstreams=""
for i in $(seq 0 $((replicas - 1))); do
  port=$((first_port + i))
  SPENDGEO_PUBLIC=1 "$py" -m streamlit run app.py \
    --server.port "$port" --server.address 127.0.0.1 --server.headless true \
    --browser.gatherUsageStats false >"$prefix/replica-$port.log" 2>&1 &
  pids+=($!)
  upstreams+="        server 127.0.0.1:$port max_fails=0;"$'\n'
  echo "replica $i: pid $! on 127.0.0.1:$port (log $prefix/replica-$port.log)"
done

sed -e "s|@PREFIX@|$prefix|g" -e "s|@LISTEN@|127.0.0.1:$proxy_port|g" deploy/nginx.conf.template |
  awk -v ups="$upstreams" '{ if ($0 ~ /@UPSTREAMS@/) printf "%s", ups; else print }' >"$prefix/nginx.conf"
mkdir -p "$prefix"/{client_body,proxy,fastcgi,uwsgi,scgi}
nginx -t -p "$prefix" -c "$prefix/nginx.conf" 2>/dev/null
nginx -p "$prefix" -c "$prefix/nginx.conf"

for _ in $(seq 1 120); do
  ok=0
  for i in $(seq 0 $((replicas - 1))); do
    curl -fs "http://127.0.0.1:$((first_port + i))/_stcore/health" >/dev/null && ok=$((ok + 1))
  done
  [ "$ok" -eq "$replicas" ] && break
  sleep 1
done
curl -fs "http://127.0.0.1:$proxy_port/_stcore/health" >/dev/null
echo "ready: http://127.0.0.1:$proxy_port/ ($replicas replicas behind nginx; nginx prefix $prefix)"
echo "SPENDGEO_PIDS=${pids[*]}"
wait "${pids[@]}"
