#!/bin/sh
# nginx container entrypoint: render the shared template for the compose service `app`, whose
# replicas Docker's DNS returns as several addresses for one name (nginx resolves them at start),
# then run nginx in the foreground with its logs on the container's stdout/stderr.
set -eu
prefix=/var/cache/nginx/spendgeo
mkdir -p "$prefix"/client_body "$prefix"/proxy "$prefix"/fastcgi "$prefix"/uwsgi "$prefix"/scgi
ln -sf /dev/stdout "$prefix/access.log"
ln -sf /dev/stderr "$prefix/error.log"
/deploy/render-nginx.sh /deploy/nginx.conf.template "$prefix" "0.0.0.0:8080" \
  "${SPENDGEO_UPSTREAM:-app:8501}" >"$prefix/nginx.conf"
nginx -t -q -p "$prefix" -c "$prefix/nginx.conf"
exec nginx -p "$prefix" -c "$prefix/nginx.conf" -g "daemon off;"
