#!/usr/bin/env bash
# Builds the two container images, baremetal-lb/ipam-service and baremetal-lb/announcer-service,
# tagged with the chart's appVersion, from ipam-service/Containerfile and announcer-service/Containerfile.
#
#   helm/build-images.sh                  build with podman, or docker if podman is missing
#   REGISTRY=registry.example/team helm/build-images.sh
#                                         also tag them under REGISTRY and push them there
#   ENGINE=docker helm/build-images.sh    choose the engine
#
# It needs a container engine that can build (podman, or docker with a running daemon). Our own
# development machines have none (there is a docker client but no daemon), so CI does not build
# images; on such a machine the script says so and exits with status 2 without building anything.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$root/helm/baremetal-lb/Chart.yaml")"
if [[ -z "$version" ]]; then
  echo "build-images: no appVersion in $root/helm/baremetal-lb/Chart.yaml" >&2
  exit 1
fi

# An engine counts only if it can reach what builds images: `docker info` fails without a daemon.
usable() { command -v "$1" >/dev/null 2>&1 && "$1" info >/dev/null 2>&1; }

engine="${ENGINE:-}"
if [[ -n "$engine" ]]; then
  if ! usable "$engine"; then
    echo "build-images: $engine cannot build here ('$engine info' fails: no such program, or no daemon)" >&2
    exit 2
  fi
else
  for candidate in podman docker; do
    if usable "$candidate"; then engine="$candidate"; break; fi
  done
  if [[ -z "$engine" ]]; then
    echo "build-images: no container engine exists on this machine (neither podman nor docker with a" >&2
    echo "running daemon); images not built. Build them where one exists, see docs/install.md." >&2
    exit 2
  fi
fi

for service in ipam-service announcer-service; do
  image="baremetal-lb/$service:$version"
  echo "build-images: $engine build -f $service/Containerfile -t $image $root"
  "$engine" build -f "$root/$service/Containerfile" -t "$image" "$root"
  if [[ -n "${REGISTRY:-}" ]]; then
    remote="${REGISTRY%/}/$image"
    "$engine" tag "$image" "$remote"
    "$engine" push "$remote"
    echo "build-images: pushed $remote"
  fi
done
