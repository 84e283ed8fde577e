#!/usr/bin/env bash
# Installiert die Debian-Pakete, die WeasyPrint und die eingebettete Schrift brauchen, falls sie fehlen.
set -euo pipefail

pakete=(
  libpango-1.0-0      # Textsatz für WeasyPrint
  libpangoft2-1.0-0
  libharfbuzz-subset0 # schnelles Einbetten von Schrift-Teilmengen
  fonts-noto-core     # Noto Sans, die eingebaute Hausschrift (SIL Open Font License)
)

fehlend=()
for paket in "${pakete[@]}"; do
  dpkg-query -W -f='${Status}' "$paket" 2>/dev/null | grep -q "install ok installed" || fehlend+=("$paket")
done

if [ ${#fehlend[@]} -eq 0 ]; then
  exit 0
fi

echo "Installiere Systempakete: ${fehlend[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${fehlend[@]}"
