#!/usr/bin/env bash
# HelpBot's one test command: installs what the tests need, builds, and runs every test project.
# Safe to run again: each step skips what is already in place. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n==> %s\n' "$*"; }

# 1. Debian packages the tests use as real stand-ins: Chromium for Web Chat, aiosmtpd for SMTP, slapd and ldap-utils for LDAP.
apt_packages=(chromium python3-aiosmtpd slapd ldap-utils)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "Installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# slapd's package may start a system instance where services can start (not in this container: policy-rc.d refuses).
# The LDAP tests run their own throwaway slapd on 127.0.0.1, so a system one is stopped and kept from starting again.
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet slapd 2>/dev/null; then
  log "Stopping the system slapd that the package started"
  $SUDO systemctl disable --now slapd
elif [ -x /etc/init.d/slapd ] && /etc/init.d/slapd status >/dev/null 2>&1; then
  log "Stopping the system slapd that the package started"
  $SUDO /etc/init.d/slapd stop
  command -v update-rc.d >/dev/null 2>&1 && $SUDO update-rc.d slapd disable >/dev/null 2>&1 || true
fi

# 2. npm packages for tests: the Adaptive Cards validator, the Teams manifest schemas, the Agents Playground (the Web Chat bundle is installed by the bot's build).
log "Installing npm packages for tests"
(cd tests/tools && npm ci --no-audit --no-fund --loglevel=error)

# 3. Build once, then run every test project.
log "Building"
dotnet build HelpBot.sln --nologo -v quiet -clp:ErrorsOnly

log "Running tests"
results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
dotnet test HelpBot.sln --no-build --nologo -v minimal "$@" 2>&1 | tee "$results" || status=$?

# One closing line for people and CI: totals over every test assembly.
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$results"
exit $status
