# Sourced by the scripts that take packages from Debian's other suites on this machine's own mirror
# (build-apiextensions-apiserver.sh, fetch-valkey.sh). The sourcing script sets $cache (its cache directory),
# $fetched (what it provides) and $without (what skips without it). This file gives them:
# - skip REASON: prints a LOUD reason, writes it to $cache/skip-reason (the tests print it when they skip) and exits 0,
#   so one Debian hiccup never fails a landing;
# - $uri and $keyring, for a private sources.list: /etc/apt is never changed, and the mirror's name is read here at
#   run time, never written into the repo.

skip() {
  local reason="$1"
  printf '%s\n' "$reason" > "$cache/skip-reason"
  rm -f "$cache/current"
  {
    echo "########################################################################################"
    echo "## $fetched NOT available: $reason"
    echo "## $without"
    echo "########################################################################################"
  } >&2
  exit 0
}

mirror_uri() {
  local found=""
  if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
    found=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources)
  fi
  if [ -z "$found" ] && [ -f /etc/apt/sources.list ]; then
    found=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
  fi
  printf '%s' "$found"
}

command -v apt-get >/dev/null 2>&1 || skip "apt-get is not available on this machine"
command -v dpkg-deb >/dev/null 2>&1 || skip "dpkg-deb is not available on this machine"
uri=$(mirror_uri)
[ -n "$uri" ] || skip "no Debian mirror found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || skip "$keyring is missing (package debian-archive-keyring)"
