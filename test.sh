#!/usr/bin/env bash
# HelpBot's one test command: installs what the tests need, builds, and runs every test project.
# Safe to run again: each step skips what is already in place. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n==> %s\n' "$*"; }

# 1. Debian packages the tests use as real stand-ins: Chromium for Web Chat, aiosmtpd for SMTP, slapd and ldap-utils for LDAP,
#    a Samba AD domain controller (samba-ad-dc, samba-ad-provision) for Active Directory, faketime for its password ages,
#    PostgreSQL and Redis for several instances (the tests run their own throwaway servers on 127.0.0.1).
apt_packages=(chromium python3-aiosmtpd slapd ldap-utils samba-ad-dc samba-ad-provision faketime postgresql redis-server)
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

# Likewise a system Samba AD DC would hold ports 389 and 636, which the Active Directory tests' own DC needs.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet samba-ad-dc 2>/dev/null; then
  log "Stopping the system samba-ad-dc"
  $SUDO systemctl disable --now samba-ad-dc
fi

# 2. npm packages for tests: the Adaptive Cards validator, the Teams manifest schemas, the Agents Playground (the Web Chat bundle is installed by the bot's build).
log "Installing npm packages for tests"
(cd tests/tools && npm ci --no-audit --no-fund --loglevel=error)

# 3. Build once, then run every test project.
log "Building"
dotnet build HelpBot.sln --nologo -v quiet -clp:ErrorsOnly

log "Running tests"
# Two lanes for two cores: the browser tests in one, the other projects one after another in the other. Each project
# logs every test to its own file; a status line every 20 s says how far each has got, so a long run is never silent.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
run_project() { # name, then dotnet test arguments
  local name=$1; shift
  # Not a bare command: under set -e a failing project would end its lane and the projects after it would never run.
  local rc=0
  dotnet test "tests/$name" --no-build --nologo --logger "console;verbosity=normal" "$@" >"$logs/$name.log" 2>&1 || rc=$?
  echo "$rc" >"$logs/$name.rc"
}
( run_project HelpBot.EndToEnd.Tests "$@" ) &
lane1=$!
( run_project HelpBot.Cards.Tests "$@"; run_project HelpBot.Dialogs.Tests "$@"; run_project HelpBot.Bot.Tests "$@" ) &
lane2=$!
projects=(HelpBot.Cards.Tests HelpBot.Dialogs.Tests HelpBot.Bot.Tests HelpBot.EndToEnd.Tests)
started=$SECONDS
progress() {
  local line="" name done failed state
  for name in "${projects[@]}"; do
    [ -f "$logs/$name.log" ] || { line+="  ${name#HelpBot.}: waiting"; continue; }
    done=$(grep -cE '^ +Passed ' "$logs/$name.log" || true)
    failed=$(grep -cE '^ +Failed ' "$logs/$name.log" || true)
    state=$([ -f "$logs/$name.rc" ] && echo "done" || echo "running")
    line+="  ${name#HelpBot.}: $state, $done passed"
    [ "$failed" -gt 0 ] && line+=", $failed FAILED"
  done
  printf '[%3d s]%s\n' $((SECONDS - started)) "$line"
}
while kill -0 $lane1 2>/dev/null || kill -0 $lane2 2>/dev/null; do
  sleep 20
  progress
done
wait $lane1 $lane2 || true

status=0
for name in "${projects[@]}"; do
  rc=$(cat "$logs/$name.rc" 2>/dev/null || echo 1)
  if [ "$rc" != 0 ]; then
    status=1
    printf '\n==> %s failed (exit %s); its failures:\n' "$name" "$rc"
    # Each failed test with its message and stack, as the console logger wrote them.
    awk '/^ +Failed / {show = 1} /^ +Passed / {show = 0} show' "$logs/$name.log" | head -400
    grep -E 'Testhost process|Test Run Aborted' "$logs/$name.log" | head -20 || true
  fi
  # The console logger's closing block: "Total tests: N", "Passed: N", "Failed: N", "Skipped: N", "Total time: …".
  awk -v name="$name" '/^Total tests:/ {t = $3} /^ +Passed: / {p = $2} /^ +Failed: / {f = $2} /^ +Skipped: / {s = $2}
       /^ Total time:/ {time = $3 " " $4}
       END { if (t == "") printf "%s: no result (see above)\n", name; else printf "%s: %d passed, %d failed, %d skipped in %s\n", name, p, f, s, time }' "$logs/$name.log"
done

# One closing line for people and CI: totals over every test assembly.
cat "$logs"/*.log | awk '/^ +Passed: / {p += $2} /^ +Failed: / {f += $2} /^ +Skipped: / {s += $2}
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }'
printf 'tests took %d s\n' $((SECONDS - started))
exit $status
