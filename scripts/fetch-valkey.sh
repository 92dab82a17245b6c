#!/usr/bin/env bash
# Fetches Valkey (valkey-server, valkey-sentinel) from Debian, this release's backports first (built for the machine's
# libc; bookworm-backports ships Valkey 8), else sid, for the backplane's Valkey tests
# (tests/Realtime.SocketIO.Redis.Tests/ValkeyCompatibilityTests.cs): the managed Redis image is a setting, and Valkey
# (BSD) is what a team picks when Redis 7.4+'s RSALv2/SSPL will not do, so the commands the backplane uses are run
# against it as against Redis 7.
#
# Nothing is installed into the system and /etc/apt is never changed: as scripts/build-apiextensions-apiserver.sh
# does, a private apt configuration downloads the .debs and `dpkg-deb -x` unpacks them into a cache directory
# outside git. On success prints the directory holding `valkey-server` (and `valkey-sentinel` when Debian ships it)
# and points <cache>/current at it. On failure prints a LOUD reason, writes it to <cache>/skip-reason (the tests
# print it when they skip) and exits 0, so one Debian hiccup never fails a landing.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${XDG_CACHE_HOME:-$HOME/.cache}/realtime-operator/valkey"
mkdir -p "$cache"
rm -f "$cache/skip-reason"

fetched="Valkey"
without="The Valkey compatibility tests will SKIP and print this reason."
# shellcheck source=lib/debian-archive.sh
. scripts/lib/debian-archive.sh

. /etc/os-release 2>/dev/null || true
suites="${VALKEY_SUITES:-${VERSION_CODENAME:+$VERSION_CODENAME-backports }sid}"
failures=()

# Unpacks Valkey from one suite into $root; returns 1 (with the reason in $failure) when the suite cannot.
fetch_from() {
  local suite="$1"
  apt_dir="$cache/apt-$suite"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$cache/debs"
  printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$uri" "$suite" > "$apt_dir/sources.list"
  # A backports suite resolves against its release (init-system-helpers and the like); only Valkey's packages are unpacked.
  case "$suite" in
    *-backports) printf 'deb [signed-by=%s] %s %s main\n' "$keyring" "$uri" "${suite%-backports}" >> "$apt_dir/sources.list" ;;
  esac
  apt_opts=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Dir::State::status=/dev/null
    -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
    -o APT::Architecture=amd64 -o Debug::NoLocking=1 -o APT::Sandbox::User=root -q
  )
  # Refresh the package lists at most once a day: a second run must not need the network.
  if [ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 -print -quit)" ]; then
    apt-get "${apt_opts[@]}" update >"$apt_dir/update.log" 2>&1 \
      || { failure="$suite: apt-get update failed: $(grep -E '^(E|W):' "$apt_dir/update.log" | head -2 | tr '\n' ' ')"; return 1; }
  fi
  # Of the closure apt resolves (as if nothing were installed) only Valkey's own packages and the two libraries
  # it bundles are unpacked; the rest (libc, libssl) is the system's.
  local roots=(valkey-server valkey-sentinel)
  apt-cache "${apt_opts[@]}" show valkey-sentinel >/dev/null 2>&1 || roots=(valkey-server)
  apt-get "${apt_opts[@]}" -s --no-install-recommends install "${roots[@]}" >"$apt_dir/resolve.log" 2>&1 \
    || { failure="$suite: cannot resolve ${roots[*]}: $(grep -E '^(E|W):| : Depends' "$apt_dir/resolve.log" | head -2 | tr '\n' ' ')"; return 1; }
  awk '/^Inst / { v = $3; gsub(/[()]/, "", v); print $2 "=" v }' "$apt_dir/resolve.log" \
    | grep -E '^(valkey-|libjemalloc|liblzf)' | sort > "$apt_dir/packages.txt" || true
  grep -q '^valkey-' "$apt_dir/packages.txt" || { failure="$suite: no valkey package"; return 1; }

  local wanted missing=() p name version deb
  mapfile -t wanted < "$apt_dir/packages.txt"
  for p in "${wanted[@]}"; do
    name=${p%%=*}; version=${p#*=}
    compgen -G "$cache/debs/${name}_${version//:/%3a}_*.deb" >/dev/null || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "valkey: downloading ${#missing[@]} of ${#wanted[@]} packages of Debian $suite into $cache/debs" >&2
    (cd "$cache/debs" && apt-get "${apt_opts[@]}" download "${missing[@]}") >"$apt_dir/download.log" 2>&1 \
      || { failure="$suite: download failed: $(grep -E '^(E|W):' "$apt_dir/download.log" | head -2 | tr '\n' ' ')"; return 1; }
  fi

  root="$cache/root-$(sha256sum < "$apt_dir/packages.txt" | cut -c1-16)"
  if [ ! -f "$root/.complete" ]; then
    rm -rf "$root"
    mkdir -p "$root"
    for p in "${wanted[@]}"; do
      name=${p%%=*}; version=${p#*=}
      deb=$(compgen -G "$cache/debs/${name}_${version//:/%3a}_*.deb" | head -1)
      dpkg-deb -x "$deb" "$root" || { failure="$suite: cannot unpack $deb"; return 1; }
    done
    touch "$root/.complete"
  fi

  [ -x "$root/usr/bin/valkey-server" ] || { failure="$suite: no /usr/bin/valkey-server in the packages"; return 1; }
  # The unpacked libraries (jemalloc, lzf) come first; everything else is the system's.
  LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$root/usr/bin/valkey-server" --version \
    >"$cache/version.txt" 2>&1 || { failure="$suite: valkey-server does not start here: $(head -c 200 "$cache/version.txt")"; return 1; }
}

root=""
for suite in $suites; do
  failure=""
  if fetch_from "$suite"; then
    break
  fi
  failures+=("$failure")
  root=""
done
[ -n "$root" ] || skip "$(printf '%s; ' "${failures[@]}")"
# Trees of other package sets are no longer needed.
find "$cache" -maxdepth 1 -name 'root-*' ! -path "$root" -exec rm -rf {} +

ln -sfn "$root" "$cache/current"
echo "$root/usr/bin"
