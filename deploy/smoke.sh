#!/usr/bin/env bash
# The container stack, proven for real: base images from Debian packages (cached), every image
# built on them, compose.yaml started with a PostgreSQL container made the same way, every
# healthcheck waited for, a token-authenticated fund check and medical settlement sent through
# the gateway container, then everything torn down (volumes too).
#
#   bash deploy/smoke.sh            # as root where docker, docker-compose or debootstrap may be
#                                   # missing: they are installed from Debian's packages
# Environment: WZ_SMOKE_PORT (gateway on 127.0.0.1, default 58000), WZ_SMOKE_PROJECT,
# WZ_IMAGE_CACHE (see deploy/base-images.sh), WZ_SMOKE_KEEP=1 (leave the stack running).
# Exit 3: no Docker daemon could be had here (nothing was tested); any other non-zero: failed.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
elapsed() { echo "$(( $(date +%s) - t0 )) s"; }

PORT=${WZ_SMOKE_PORT:-58000}
PROJECT=${WZ_SMOKE_PROJECT:-wzsmoke}

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v debootstrap >/dev/null || need+=(debootstrap)
if ((${#need[@]})); then
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    echo "smoke: needs ${need[*]} (Debian packages) and root to install them" >&2; exit 3
  fi
  echo "== installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "smoke: could not install ${need[*]}" >&2; exit 3; }
fi
# Debian's client speaks to Debian's daemon; a newer client elsewhere on the PATH may not.
DOCKER=$(command -v /usr/bin/docker || command -v docker)
export DOCKER

started_daemon=""
if ! "$DOCKER" info >/dev/null 2>&1; then
  echo "== starting dockerd"
  dockerd >/tmp/wz-smoke-dockerd.log 2>&1 &
  started_daemon=$!
  for _ in $(seq 60); do "$DOCKER" info >/dev/null 2>&1 && break; sleep 1; done
  "$DOCKER" info >/dev/null 2>&1 || { echo "smoke: dockerd did not start" >&2; tail -20 /tmp/wz-smoke-dockerd.log >&2; exit 3; }
fi

bash deploy/base-images.sh
CACHE=${WZ_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wz-images}
export BASE_IMAGE=wz-base:bookworm UV_IMAGE=$(cat "$CACHE/uv-image") POSTGRES_IMAGE=wz-postgres:bookworm
export GATEWAY_PUBLISH=127.0.0.1:$PORT WZ_TAG=smoke WZ_IMAGE_PREFIX=wz
echo "== base images ready ($(elapsed))"

dc() { docker-compose --ansi never -p "$PROJECT" -f compose.yaml "$@"; }
cleanup() {
  local rc=$?
  if [[ -z ${WZ_SMOKE_KEEP:-} ]]; then
    ((rc)) && dc ps && dc logs --tail 40 >&2 || true
    dc down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  [[ -n $started_daemon ]] && kill "$started_daemon" 2>/dev/null || true
  echo "== smoke $( ((rc)) && echo FAILED || echo passed ) in $(elapsed)"
  exit $rc
}
trap cleanup EXIT

dc down -v --remove-orphans >/dev/null 2>&1 || true
dc build --quiet 2>&1 | grep -v -i -e deprecated -e buildx -e '^ *$' || true
echo "== images built ($(elapsed)):"
"$DOCKER" image ls --format '   {{.Repository}}:{{.Tag}}  {{.Size}}' | grep ":smoke " | sort

dc up -d --quiet-pull 2>&1 | grep -v -e '^Creating' -e '^Starting' || true
containers=$(dc ps -q)
deadline=$(( $(date +%s) + 300 ))
while :; do
  pending=()
  for c in $containers; do
    state=$("$DOCKER" inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$c")
    read -r name status code health <<<"$state"
    case "$status:$health" in
      exited:*) [[ $code == 0 ]] || { echo "smoke: $name exited with $code" >&2; exit 1; } ;;
      running:healthy) ;;
      running:) ;;  # no healthcheck of its own
      *) pending+=("$name") ;;
    esac
  done
  ((${#pending[@]} == 0)) && break
  (( $(date +%s) > deadline )) && { echo "smoke: not healthy after 300 s: ${pending[*]}" >&2; exit 1; }
  sleep 2
done
echo "== every container healthy ($(elapsed))"

# The token issuer's key lives only in its own volume: mint there.
TOKEN=$(dc run --rm -T keys python -m govkit.tokens mint --dir /keys/issuer --client smoke \
  --scopes "fund:read medical:read medical:write medical:settle audit:read admin" 2>/dev/null | tail -n 1)
python3 deploy/smoke_check.py "http://127.0.0.1:$PORT" "$TOKEN"

# Each service holds its own signing key and the public JWKS, never the issuer's key.
for s in $(dc config --services); do
  c=$(dc ps -q "$s")
  [[ -n $c ]] || continue
  if "$DOCKER" exec "$c" sh -c 'ls -R /run/keys 2>/dev/null' | grep -q issuer; then
    echo "smoke: $s can read the token-signing key" >&2; exit 1
  fi
done
echo "== checks passed through the gateway container ($(elapsed))"
