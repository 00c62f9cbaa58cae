#!/usr/bin/env bash
# Installs what building and testing the suite needs on a fresh Debian 12 machine.
# Idempotent: packages already present are not touched. Run as root.
set -euo pipefail

# gcc compiles the emitted C reproducers in tests; python3 + venv run the result validators;
# dpkg-dev (dpkg-shlibdeps) computes the release package's Depends; the static release build
# links libcurl (libcurl4-openssl-dev) for FoundationNetworking.
packages=(libdrm-dev libkmod-dev pkg-config gcc python3 python3-venv dpkg-dev libcurl4-openssl-dev)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup-host: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
