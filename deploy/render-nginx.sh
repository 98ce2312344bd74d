#!/bin/sh
# Render deploy/nginx.conf.template to stdout (used by deploy/serve.sh and the nginx container).
# Usage: render-nginx.sh TEMPLATE PREFIX LISTEN "UPSTREAM[ UPSTREAM…]"   e.g. "127.0.0.1:8611 127.0.0.1:8612"
# Settings from the environment, with the public instance's defaults:
#   SPENDGEO_UPLOAD_MB (20)  SPENDGEO_FRAME_ANCESTORS ('self')  SPENDGEO_RATE (30r/s)
#   SPENDGEO_BURST (200)     SPENDGEO_CONNS (50)
set -eu
template="$1" prefix="$2" listen="$3" upstreams="$4"
upload_mb="${SPENDGEO_UPLOAD_MB:-20}"
frame_ancestors="${SPENDGEO_FRAME_ANCESTORS:-'self'}"
case "$upload_mb$frame_ancestors" in *'|'*|*'"'*|*';'*) echo "render-nginx: settings must not contain | \" or ;" >&2; exit 2 ;; esac
servers=""
for u in $upstreams; do
  servers="$servers        server $u max_fails=0;
"
done
# Only the line that is nothing but the placeholder is replaced (the header comment mentions it).
sed -e "s|@PREFIX@|$prefix|g" -e "s|@LISTEN@|$listen|g" \
  -e "s|@BODY_CAP@|${upload_mb}m|g" -e "s|@FRAME_ANCESTORS@|$frame_ancestors|g" \
  -e "s|@RATE@|${SPENDGEO_RATE:-30r/s}|g" -e "s|@BURST@|${SPENDGEO_BURST:-200}|g" \
  -e "s|@CONNS@|${SPENDGEO_CONNS:-50}|g" "$template" |
  awk -v ups="$servers" '{ if ($0 ~ /^[[:space:]]*@UPSTREAMS@[[:space:]]*$/) printf "%s", ups; else print }'
