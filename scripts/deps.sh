#!/usr/bin/env bash
# Installs what gongkai needs to build, run and test, from Debian 12's packages only.
# Skips apt entirely when everything is there already.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config
  libboost-dev libpqxx-dev libpq-dev libspdlog-dev libfmt-dev nlohmann-json3-dev libcli11-dev
  doctest-dev libxlsxwriter-dev libsodium-dev libkainjow-mustache-dev libssl-dev postgresql-15 unzip
  chromium fonts-noto-cjk zlib1g-dev libexpat1-dev)
# msmtp: a sendmail-compatible program; the reminder tests send through it to their own SMTP sink
# (docs/reminders.md), the way an installation's GONGKAI_SENDMAIL would.
packages+=(msmtp)
# Node.js runs the browser tests (puppeteer-core, from npm): Debian's, unless one is there already.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
