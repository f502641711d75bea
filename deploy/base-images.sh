#!/usr/bin/env bash
# Base images from Debian packages, for machines that cannot pull from a container registry:
#   wz-base:bookworm      python3 (3.11) and CA certificates — BASE_IMAGE of deploy/Dockerfile
#   wz-postgres:bookworm  PostgreSQL 15 with an entrypoint like the official image's
#   wz-uv:<version>       the uv binary of this checkout — UV_IMAGE of deploy/Dockerfile
# Built with debootstrap + docker import; the root file systems are cached as tarballs under
# $WZ_IMAGE_CACHE (default ~/.cache/wz-images), the images in the Docker daemon, so later runs
# cost seconds. Needs root (debootstrap) and a reachable Debian mirror.
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE=${DEBIAN_SUITE:-bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${WZ_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wz-images}
DOCKER=${DOCKER:-docker}
mkdir -p "$CACHE"

have_image() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

rootfs() {  # rootfs NAME PACKAGES… → $CACHE/NAME.tar
  local name=$1; shift
  local tar="$CACHE/$name.tar"
  [[ -s $tar ]] && return 0
  local dir; dir=$(mktemp -d "$CACHE/$name.XXXX")
  echo "== debootstrap $SUITE ($name): $*"
  debootstrap --variant=minbase --include="$(IFS=,; echo "$*")" "$SUITE" "$dir" "$MIRROR" >"$CACHE/$name.log" 2>&1 \
    || { tail -20 "$CACHE/$name.log"; rm -rf "$dir"; return 1; }
  # Smaller images: no package lists, caches, docs or locales beyond C.
  chroot "$dir" apt-get clean
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/* "$dir"/usr/share/doc/* \
    "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/var/log/*
  find "$dir"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'C*' -exec rm -rf {} + 2>/dev/null || true
  tar -C "$dir" -cf "$tar.partial" . && mv "$tar.partial" "$tar"
  rm -rf "$dir"
}

import() {  # import NAME TAG CHANGES…
  local name=$1 tag=$2; shift 2
  have_image "$tag" && return 0
  local changes=()
  for c in "$@"; do changes+=(--change "$c"); done
  "$DOCKER" import "${changes[@]}" "$CACHE/$name.tar" "$tag" >/dev/null
  echo "== imported $tag"
}

if ! have_image "wz-base:$SUITE"; then
  rootfs "python-$SUITE" python3 ca-certificates
  import "python-$SUITE" "wz-base-root:$SUITE" 'ENV LANG=C.UTF-8' 'CMD ["python3"]'
  # The machine's own CA certificates (e.g. a proxy's, in /usr/local/share/ca-certificates) are
  # trusted in the image as on the machine, so `uv sync` in a build reaches the package index.
  ctx=$(mktemp -d)
  cp /usr/local/share/ca-certificates/*.crt "$ctx"/ 2>/dev/null || true
  printf 'FROM wz-base-root:%s\nCOPY . /usr/local/share/ca-certificates/\nRUN update-ca-certificates >/dev/null 2>&1 && rm -f /usr/local/share/ca-certificates/Dockerfile\n' \
    "$SUITE" >"$ctx/Dockerfile"
  "$DOCKER" build -q -t "wz-base:$SUITE" "$ctx" >/dev/null
  rm -rf "$ctx"
  echo "== built wz-base:$SUITE"
fi

if ! have_image "wz-postgres:$SUITE"; then
  rootfs "postgres-$SUITE" postgresql-15 ca-certificates
  import "postgres-$SUITE" "wz-postgres-root:$SUITE" 'ENV LANG=C.UTF-8'
  "$DOCKER" build -q -t "wz-postgres:$SUITE" --build-arg "ROOT_IMAGE=wz-postgres-root:$SUITE" \
    -f deploy/postgres/Dockerfile deploy/postgres >/dev/null
  echo "== built wz-postgres:$SUITE"
fi

UV=${UV:-$(command -v uv || echo .tools/bin/uv)}
UV_VERSION=$("$UV" --version | awk '{print $2}')
if ! have_image "wz-uv:$UV_VERSION"; then
  ctx=$(mktemp -d)
  cp "$(readlink -f "$UV")" "$ctx/uv"
  printf 'FROM scratch\nCOPY uv /uv\n' >"$ctx/Dockerfile"
  "$DOCKER" build -q -t "wz-uv:$UV_VERSION" "$ctx" >/dev/null
  rm -rf "$ctx"
  echo "== built wz-uv:$UV_VERSION"
fi
echo "wz-uv:$UV_VERSION" >"$CACHE/uv-image"
