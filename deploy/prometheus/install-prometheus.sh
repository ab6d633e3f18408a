#!/usr/bin/env bash
# Installs Debian's Prometheus (prometheus, promtool) where missing, for the observatory's PromQL tests.
set -euo pipefail
if command -v promtool >/dev/null && command -v prometheus >/dev/null; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus
command -v promtool
