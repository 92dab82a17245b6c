#!/usr/bin/env bash
# Builds the real Kubernetes apiextensions-apiserver (plus etcd) that tests/Realtime.Operator.Tests/ApiServer run the CRD
# and RealtimeCluster semantics against. No registry we reach ships kube-apiserver, but Debian's `sid` suite ships
# the apiextensions-apiserver's Go source with every dependency as golang-*-dev packages, Go itself and etcd.
#
# Nothing is installed into the system and /etc/apt is never changed: a private apt configuration downloads the
# .debs, `dpkg-deb -x` unpacks them into a cache directory, and Go builds there in GOPATH mode with our own main
# (tests/apiextensions-apiserver/main.go). The result is cached outside git, keyed by the packages' versions and
# the hash of our main and this script, so a second run is instant.
#
# On success prints the directory holding `apiextensions-apiserver` and `etcd`, and points
# <cache>/current at it. On failure (a sid transition, no network) prints a LOUD reason, writes it to
# <cache>/skip-reason (the tests print it when they skip) and exits 0, so one Debian hiccup never fails a landing.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

cache="${XDG_CACHE_HOME:-$HOME/.cache}/realtime-operator/apiextensions-apiserver"
mkdir -p "$cache"
rm -f "$cache/skip-reason"

fetched="apiextensions-apiserver"
without="The tests that need the real API server will SKIP and print this reason."
# shellcheck source=lib/debian-archive.sh
. scripts/lib/debian-archive.sh

apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$cache/debs"
printf 'deb [signed-by=%s] %s sid main\n' "$keyring" "$uri" > "$apt_dir/sources.list"
apt_opts=(
  -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Dir::State::status=/dev/null
  -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
  -o APT::Architecture=amd64 -o Debug::NoLocking=1 -o APT::Sandbox::User=root -q
)

# Refresh the package lists at most once a day: a second run must not need the network.
if [ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*_Packages*' -mmin -1440 -print -quit)" ]; then
  apt-get "${apt_opts[@]}" update >"$apt_dir/update.log" 2>&1 \
    || skip "apt-get update of Debian sid failed: $(grep -E '^(E|W):' "$apt_dir/update.log" | head -3 | tr '\n' ' ')"
fi

roots=(golang-k8s-apiextensions-apiserver-dev golang-1.27-go etcd-server)
# apt resolves the closure (alternatives and virtual packages included) as if nothing were installed; of it we
# keep the Go sources, the Go toolchain and etcd: nothing else is needed to build with CGO_ENABLED=0. The result
# only changes with the package lists, so it is kept until they are refreshed.
if [ ! -s "$apt_dir/packages.txt" ] || [ -n "$(find "$apt_dir/lists" -maxdepth 1 -name '*_Packages*' -newer "$apt_dir/packages.txt" -print -quit)" ]; then
  apt-get "${apt_opts[@]}" -s --no-install-recommends install "${roots[@]}" >"$apt_dir/resolve.log" 2>&1 \
    || skip "Debian sid cannot resolve ${roots[*]} (a transition?): $(grep -E '^(E|W):| : Depends' "$apt_dir/resolve.log" | head -3 | tr '\n' ' ')"
  awk '/^Inst / { v = $3; gsub(/[()]/, "", v); print $2 "=" v }' "$apt_dir/resolve.log" \
    | grep -E '^(golang-|etcd-server=)' | sort > "$apt_dir/packages.txt.new"
  [ -s "$apt_dir/packages.txt.new" ] || skip "Debian sid resolved no packages for ${roots[*]}"
  mv "$apt_dir/packages.txt.new" "$apt_dir/packages.txt"
fi

main_dir="$repo/tests/apiextensions-apiserver"
key=$( { cat "$apt_dir/packages.txt"; cat "$main_dir"/*.go; cat "$0"; } | sha256sum | cut -c1-16)
out="$cache/build-$key"
if [ -x "$out/apiextensions-apiserver" ] && [ -x "$out/etcd" ]; then
  ln -sfn "$out" "$cache/current"
  echo "$out"
  exit 0
fi

mapfile -t wanted < "$apt_dir/packages.txt"
missing=()
for p in "${wanted[@]}"; do
  name=${p%%=*}; version=${p#*=}
  compgen -G "$cache/debs/${name}_${version//:/%3a}_*.deb" >/dev/null || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "apiextensions-apiserver: downloading ${#missing[@]} of ${#wanted[@]} Debian sid packages into $cache/debs" >&2
  (cd "$cache/debs" && apt-get "${apt_opts[@]}" download "${missing[@]}") >"$apt_dir/download.log" 2>&1 \
    || skip "downloading from Debian sid failed: $(grep -E '^(E|W):' "$apt_dir/download.log" | head -3 | tr '\n' ' ')"
fi

# The unpacked tree depends only on the packages, so a change to our main rebuilds without unpacking again.
root="$cache/root-$(sha256sum < "$apt_dir/packages.txt" | cut -c1-16)"
if [ ! -f "$root/.complete" ]; then
  rm -rf "$root"
  mkdir -p "$root"
  for p in "${wanted[@]}"; do
    name=${p%%=*}; version=${p#*=}
    deb=$(compgen -G "$cache/debs/${name}_${version//:/%3a}_*.deb" | head -1)
    dpkg-deb -x "$deb" "$root" || skip "cannot unpack $deb"
  done
  touch "$root/.complete"
  # Unpacked trees and .debs of earlier package versions are no longer needed.
  find "$cache" -maxdepth 1 -name 'root-*' ! -path "$root" -exec rm -rf {} +
  for deb in "$cache"/debs/*.deb; do
    base=$(basename "$deb")
    grep -qxF "$(printf '%s=%s' "${base%%_*}" "$(echo "$base" | cut -d_ -f2 | sed 's/%3a/:/')")" "$apt_dir/packages.txt" || rm -f "$deb"
  done
fi
rm -rf "$out.tmp"
mkdir -p "$out.tmp"

goroot="$root/usr/lib/go-1.27"
[ -x "$goroot/bin/go" ] || skip "golang-1.27-go did not provide $goroot/bin/go"
etcd_bin="$root/usr/bin/etcd"
[ -x "$etcd_bin" ] || skip "etcd-server did not provide /usr/bin/etcd"

# Our main lives in its own GOPATH entry; the Debian sources are the second entry.
work="$cache/gopath"
rm -rf "$work"
mkdir -p "$work/src/realtime.dev/apiextensions-apiserver"
cp "$main_dir"/*.go "$work/src/realtime.dev/apiextensions-apiserver/"
# The staging module k8s.io/apiextensions-apiserver v0.X.Y is Kubernetes v1.X.Y.
minor_patch=$(sed -n 's/^golang-k8s-apiextensions-apiserver-dev=0\.\([0-9]*\.[0-9]*\).*/\1/p' "$apt_dir/packages.txt")
git_version="v1.$minor_patch"
echo "apiextensions-apiserver: building $git_version in GOPATH mode (takes minutes on 2 cores)" >&2
(
  cd "$work/src/realtime.dev/apiextensions-apiserver"
  export GOROOT="$goroot" GOPATH="$work:$root/usr/share/gocode" GO111MODULE=off GOPROXY=off GOFLAGS= \
         GOTOOLCHAIN=local CGO_ENABLED=0 GOCACHE="$cache/gocache" PATH="$goroot/bin:$PATH"
  go build -trimpath -o "$out.tmp/apiextensions-apiserver" \
    -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$git_version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor_patch%%.*}" .
) >"$cache/build.log" 2>&1 || skip "go build of apiextensions-apiserver failed: $(grep -v '^#' "$cache/build.log" | head -5 | tr '\n' ' ')"
cp "$etcd_bin" "$out.tmp/etcd"
rm -rf "$out"
mv "$out.tmp" "$out"
find "$cache" -maxdepth 1 -name 'build-*' ! -path "$out" -exec rm -rf {} +
ln -sfn "$out" "$cache/current"
echo "$out"
