#!/usr/bin/env bash
# Install Debian packages the project needs when their command is missing:
#   gettext  -> msgfmt (compiling translations)
#   chromium -> /usr/bin/chromium (browser journeys)
set -euo pipefail
declare -A command_of=([gettext]=msgfmt [chromium]=chromium [postgresql]=pg_ctlcluster [redis-server]=redis-server [make]=make)
missing=()
for pkg in "$@"; do
  command -v "${command_of[$pkg]:-$pkg}" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "Please install: ${missing[*]} (apt-get install ${missing[*]})" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing ${missing[*]} with apt-get ..."
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
