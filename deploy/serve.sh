#!/usr/bin/env bash
# Start N Spend Geography replicas (public mode) and nginx in front of them, on loopback.
# Usage: deploy/serve.sh [REPLICAS=2] [PROXY_PORT=8600]; Ctrl-C (or SIGTERM) stops everything.
# Replicas listen on SPENDGEO_FIRST_PORT (8611), +1, … . Machine-readable lines on stdout once up:
#   SPENDGEO_PIDS=<replica pids>  SPENDGEO_PORTS=<replica ports>  SPENDGEO_NGINX_PREFIX=<dir>
# (the nginx access log there records route=<cookie> upstream=<replica> for every request).
# Settings (environment; see deploy/render-nginx.sh and the README): SPENDGEO_UPLOAD_MB (20: the
# request-body cap, held in memory by nginx), SPENDGEO_FRAME_ANCESTORS ("'self'"), SPENDGEO_RATE,
# SPENDGEO_BURST, SPENDGEO_CONNS.
set -euo pipefail
cd "$(dirname "$0")/.."
replicas="${1:-2}"
proxy_port="${2:-8600}"
first_port="${SPENDGEO_FIRST_PORT:-8611}"
upload_mb="${SPENDGEO_UPLOAD_MB:-20}"
py=.venv/bin/python
prefix="$(mktemp -d -t spendgeo-nginx.XXXXXX)"
pids=()
ports=()

nginx_cmd() { nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" "$@"; }

stop() {
  trap - EXIT INT TERM
  local master=""
  [ -f "$prefix/nginx.pid" ] && master="$(cat "$prefix/nginx.pid" 2>/dev/null || true)"
  [ -n "$master" ] && nginx_cmd -s quit 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Bounded waits: replicas get 20 s to shut down, nginx 10 s to drain, then they are killed.
  for _ in $(seq 1 100); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  if [ -n "$master" ]; then
    for _ in $(seq 1 50); do kill -0 "$master" 2>/dev/null || break; sleep 0.2; done
    kill -TERM "$master" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  rm -rf "$prefix"
}
trap stop EXIT
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

upstreams=""
for i in $(seq 0 $((replicas - 1))); do
  port=$((first_port + i))
  # Public mode: no tracebacks for viewers (showErrorDetails none), XSRF and CORS checks on.
  SPENDGEO_PUBLIC=1 "$py" -m streamlit run app.py \
    --server.port "$port" --server.address 127.0.0.1 --server.headless true \
    --server.fileWatcherType none --server.runOnSave false \
    --client.showErrorDetails none --client.toolbarMode viewer \
    --server.enableXsrfProtection true --server.enableCORS true \
    --browser.gatherUsageStats false --server.maxUploadSize "$upload_mb" >"$prefix/replica-$port.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
  upstreams+="127.0.0.1:$port "
  echo "replica $i: pid $! on 127.0.0.1:$port (log $prefix/replica-$port.log)"
done

deploy/render-nginx.sh deploy/nginx.conf.template "$prefix" "127.0.0.1:$proxy_port" "$upstreams" \
  >"$prefix/nginx.conf"
mkdir -p "$prefix"/{client_body,proxy,fastcgi,uwsgi,scgi}
# Started as root, nginx workers run as `nobody`: they must be able to enter the (0700) prefix
# (request bodies stay in memory up to the cap, but nginx still opens its temp directories).
[ "$(id -u)" -eq 0 ] && chmod 0711 "$prefix"
if ! nginx_cmd -t -q; then
  echo "nginx configuration test failed ($prefix/nginx.conf)" >&2
  exit 1
fi
nginx_cmd

ok=0
for _ in $(seq 1 120); do
  ok=0
  for port in "${ports[@]}"; do
    curl -fs --max-time 2 "http://127.0.0.1:$port/_stcore/health" >/dev/null && ok=$((ok + 1))
  done
  [ "$ok" -eq "$replicas" ] && break
  sleep 1
done
if [ "$ok" -ne "$replicas" ]; then
  echo "only $ok of $replicas replicas became healthy in 120 s; their logs:" >&2
  tail -n 30 "$prefix"/replica-*.log >&2 || true
  exit 1
fi
curl -fs --max-time 5 "http://127.0.0.1:$proxy_port/_stcore/health" >/dev/null
echo "ready: http://127.0.0.1:$proxy_port/ ($replicas replicas behind nginx; nginx prefix $prefix)"
echo "SPENDGEO_PIDS=${pids[*]}"
echo "SPENDGEO_PORTS=${ports[*]}"
echo "SPENDGEO_NGINX_PREFIX=$prefix"
# If any replica exits, stop the whole set: nginx would otherwise keep routing its viewers to a
# dead upstream. A supervisor (systemd, a container orchestrator) restarts the service.
wait -n "${pids[@]}"
echo "a replica exited; stopping the deployment" >&2
exit 1
