#!/usr/bin/env bash
# Proves the README's commands on a fresh Debian 12 machine: `npm install && npm test` as root, CI
# unset, nothing else done first. `npm test`'s set-up step (scripts/setup.mjs) must then install the
# Debian packages the suites need by itself.
#
#   sudo scripts/fresh-debian.sh [commit]      # default: this checkout's HEAD (committed work only)
#
# Phases, each timed and logged under $FRESH_DEBIAN_LOGS:
#   1 debootstrap  a minimal (minbase) bookworm root in $FRESH_DEBIAN_DIR, outside the repository,
#                  from the first bookworm archive of this machine's apt sources ($FRESH_DEBIAN_MIRROR
#                  overrides it);
#   2 prepare      what a booted machine has and debootstrap leaves out: this machine's Node and npm
#                  (`command -v node`, npm's lib folder), /etc/hosts, resolv.conf, the network's extra
#                  CA file when Node here uses one (NODE_EXTRA_CA_CERTS), the root as a mount point
#                  with /proc, /sys, /dev (with /dev/pts and /dev/shm) and an empty tmpfs /run (the
#                  chroot's own /run/netns) under it, and a policy-rc.d that keeps package scripts
#                  from starting daemons (a chroot has no init and shares this machine's ports; the
#                  suites start their own daemons);
#   3 clone        `git clone` of this checkout into /root/keepalive-config, detached at the commit;
#   4 npm install  in the chroot;
#   5 npm test     in the chroot (pretest installs the packages), bounded by $FRESH_DEBIAN_TIMEOUT s.
# Then it prints each phase's time and exit code, the test counts found in the logs, and PASS or FAIL
# (exit 0 or 1). Processes left in the chroot are killed by pid and every mount under the root is
# removed on any exit (error, Ctrl-C); the root is deleted first on the next run, or at the end
# unless FRESH_DEBIAN_KEEP=1.
set -euo pipefail

DIR=${FRESH_DEBIAN_DIR:-/var/tmp/fresh-debian}
LOGS=${FRESH_DEBIAN_LOGS:-$DIR.logs}
TIMEOUT=${FRESH_DEBIAN_TIMEOUT:-5400}
SUITE=bookworm
REPO=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
if [[ ${1:-} == --phase ]]; then PHASE=$2; else PHASE=; COMMIT_ARG=${1:-HEAD}; fi
export FRESH_DEBIAN_COMMIT=${FRESH_DEBIAN_COMMIT:-$(git -C "$REPO" rev-parse --verify "$COMMIT_ARG^{commit}")}
COMMIT=$FRESH_DEBIAN_COMMIT
APP=/root/keepalive-config

die() { echo "fresh-debian: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || die "needs root (debootstrap, chroot, mounts)"
command -v debootstrap > /dev/null || die "needs debootstrap: apt-get install -y debootstrap"
[[ $DIR == /var/tmp/* && $DIR != */.. && $DIR != *../* ]] || die "FRESH_DEBIAN_DIR must be under /var/tmp: $DIR"
case "$DIR/" in "$REPO"/*) die "FRESH_DEBIAN_DIR must be outside the repository" ;; esac

# The first archive URI whose suites include bookworm, from one-line (.list) and deb822 (.sources) files.
apt_mirror() {
  local files=() f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do [[ -f $f ]] && files+=("$f"); done
  ((${#files[@]})) || return 0
  awk -v suite="$SUITE" '
    function has(list, s,  n, a, i) { n = split(list, a, /[ \t]+/); for (i = 1; i <= n; i++) if (a[i] == s) return 1; return 0 }
    function stanza() { if (!found && uri != "" && has(suites, suite)) { print uri; found = 1 } uri = ""; suites = "" }
    FNR == 1 { stanza() }
    /^deb[ \t]/ { line = $0; sub(/\[[^]]*\]/, "", line); split(line, f, /[ \t]+/); if (!found && f[3] == suite) { print f[2]; found = 1 } next }
    /^URIs:/ { uri = $2 }
    /^Suites:/ { suites = $0; sub(/^Suites:/, "", suites) }
    /^[ \t]*$/ { stanza() }
    END { stanza() }
  ' "${files[@]}" | head -n 1
}
MIRROR=${FRESH_DEBIAN_MIRROR:-$(apt_mirror)}
[[ -n $MIRROR ]] || die "no $SUITE archive in /etc/apt/sources.list*; set FRESH_DEBIAN_MIRROR"

# Mount points under the root, deepest first (mountinfo field 5; octal escapes such as \040 are left as they are).
mounts_under() { awk -v d="$DIR" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r; }

teardown() {
  local pid root
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    root=$(readlink "/proc/$pid/root" 2> /dev/null) || continue
    [[ $root == "$DIR" ]] && kill -KILL "$pid" 2> /dev/null || true
  done
  local m
  for m in $(mounts_under); do umount "$m" 2> /dev/null || umount -l "$m" 2> /dev/null || true; done
  [[ -z $(mounts_under) ]] || { echo "fresh-debian: mounts left under $DIR: $(mounts_under | tr '\n' ' ')" >&2; return 1; }
}

remove_root() {
  [[ -d $DIR ]] || return 0
  teardown || die "not deleting $DIR while something is mounted under it"
  rm -rf --one-file-system "$DIR"
}

declare -a NAMES=() SECS=() CODES=()
# marks START FILE: copies its input through, and for each line that starts an npm script (`> NAME@V
# SCRIPT`) or playwright's run (`Running N tests using`) appends "SECONDS-SINCE-START SCRIPT" to FILE,
# which the summary turns into the time of each suite.
marks() {
  local start=$1 file=$2 line
  while IFS= read -r line || [[ -n $line ]]; do
    printf '%s\n' "$line"
    if [[ $line =~ ^\>\ keepalive-config@[^\ ]+\ ([a-z0-9:_-]+)$ ]]; then
      echo "$((EPOCHSECONDS - start)) ${BASH_REMATCH[1]}" >> "$file"
    elif [[ $line =~ ^Running\ [0-9]+\ tests?\ using ]]; then
      echo "$((EPOCHSECONDS - start)) playwright" >> "$file"
    fi
  done
}

# phase NAME COMMAND...: runs the command with its output in $LOGS/NAME.log, records time and exit
# code. A function of this script runs as `$0 --phase FUNCTION`, a new shell where `set -e` holds
# (bash ignores it inside a function called from `||` or `&&`).
phase() {
  local name=$1 start code=0
  shift
  echo "fresh-debian: [$(date -u +%H:%M:%S)] $name (log: $LOGS/$name.log)"
  start=$EPOCHSECONDS
  if [[ $(type -t "$1") == function ]]; then set -- "$0" --phase "$@"; fi
  if "$@" 2>&1 | marks "$start" "$LOGS/$name.marks" > "$LOGS/$name.log"; then code=0; else code=${PIPESTATUS[0]}; fi
  NAMES+=("$name") SECS+=($((EPOCHSECONDS - start))) CODES+=("$code")
  return "$code"
}

prepare() {
  local node npm_lib
  node=$(readlink -f "$(command -v node)")
  npm_lib=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  [[ -f $npm_lib/package.json ]] || { echo "npm's folder not found from $(command -v npm)"; return 1; }
  install -D -m 755 "$node" "$DIR/usr/local/bin/node"
  mkdir -p "$DIR/usr/local/lib/node_modules"
  cp -a "$npm_lib" "$DIR/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$DIR/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$DIR/usr/local/bin/npx"
  # The installer's /etc/hosts (debootstrap writes none).
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n' \
    "$(cat "$DIR/etc/hostname")" > "$DIR/etc/hosts"
  cp -L /etc/resolv.conf "$DIR/etc/resolv.conf"
  if [[ -n ${NODE_EXTRA_CA_CERTS:-} && -f $NODE_EXTRA_CA_CERTS ]]; then
    install -D -m 644 "$NODE_EXTRA_CA_CERTS" "$DIR/usr/local/share/fresh-debian/extra-ca.crt"
  fi
  # invoke-rc.d(8): exit status 101 of policy-rc.d means "action not allowed".
  printf '#!/bin/sh\nexit 101\n' > "$DIR/usr/sbin/policy-rc.d"
  chmod 755 "$DIR/usr/sbin/policy-rc.d"
  # The root as a mount point of its own, private: `unshare -m` and `ip netns exec` change the
  # propagation of / (mount(8) --make-rprivate, --make-rslave), which fails on a plain directory.
  mount --bind "$DIR" "$DIR" && mount --make-private "$DIR"
  mount -t proc proc "$DIR/proc"
  mount --rbind /sys "$DIR/sys" && mount --make-rslave "$DIR/sys"
  mount --rbind /dev "$DIR/dev" && mount --make-rslave "$DIR/dev"
  mount -t tmpfs -o mode=755,nosuid,nodev tmpfs "$DIR/run"
  node --version
  "$DIR/usr/local/bin/node" "$DIR/usr/local/bin/npm" --version
}

clone() {
  git clone --quiet --no-hardlinks "$REPO" "$DIR$APP"
  git -C "$DIR$APP" -c advice.detachedHead=false checkout --quiet --detach "$COMMIT"
  git -C "$DIR$APP" log --oneline -1
}

in_chroot() { # a root login's environment on the fresh machine: no CI, nothing of this shell's
  local extra=()
  [[ -f $DIR/usr/local/share/fresh-debian/extra-ca.crt ]] && extra=(NODE_EXTRA_CA_CERTS=/usr/local/share/fresh-debian/extra-ca.crt)
  env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${extra[@]}" \
    timeout --kill-after=60 "$TIMEOUT" chroot "$DIR" /bin/bash -c "cd $APP && $1"
}

in_chroot_install() { in_chroot 'npm install'; }
in_chroot_test() { in_chroot 'npm test'; }

summary() {
  local i result=PASS
  echo
  echo "fresh-debian: Debian $SUITE from $MIRROR, commit $COMMIT"
  for i in "${!NAMES[@]}"; do
    printf '  %-12s %6s s  exit %s\n' "${NAMES[$i]}" "${SECS[$i]}" "${CODES[$i]}"
    [[ ${CODES[$i]} == 0 ]] || result=FAIL
  done
  ((${#NAMES[@]} == 5)) || result=FAIL
  if [[ -f $LOGS/npm-test.marks ]]; then
    echo "  npm test, from the start of each npm script to the next one's:"
    awk -v end="${SECS[4]:-0}" '{ t[NR] = $1; n[NR] = $2 }
      END { for (i = 1; i <= NR; i++) printf "    %-12s %6d s\n", n[i], (i < NR ? t[i + 1] : end) - t[i] }' "$LOGS/npm-test.marks"
  fi
  if [[ -f $LOGS/npm-test.log ]]; then
    echo "  from npm-test.log:"
    # setup.mjs's lines, vitest's per-run totals and playwright's closing counts.
    grep -E '^setup: |^ +(Test Files|Tests) +[0-9]|^ +[0-9]+ (passed|failed|flaky|skipped|did not run)|^> keepalive-config@[^ ]+ (test:|typecheck|lint)' "$LOGS/npm-test.log" | sed 's/^/    /' || true
    # vitest's failed files and tests, playwright's failed tests, npm's error lines.
    grep -E '^ *(FAIL|×|✘) |^npm (ERR!|error) ' "$LOGS/npm-test.log" | head -n 30 | sed 's/^/    ! /' || true
  fi
  echo "fresh-debian: $result"
  [[ $result == PASS ]]
}

finish() {
  local code=$?
  teardown || code=1
  [[ ${FRESH_DEBIAN_KEEP:-0} == 1 ]] || remove_root || code=1
  exit "$code"
}

if [[ -n $PHASE ]]; then
  "$PHASE"
  exit
fi
remove_root
rm -rf "$LOGS" && mkdir -p "$LOGS"
trap finish EXIT
trap 'exit 130' INT TERM
ok=1
phase debootstrap debootstrap --variant=minbase "$SUITE" "$DIR" "$MIRROR" &&
  phase prepare prepare &&
  phase clone clone &&
  phase npm-install in_chroot_install &&
  phase npm-test in_chroot_test || ok=0
summary && ((ok))
