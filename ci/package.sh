#!/usr/bin/env bash
# Builds the release package accel-conformance_<version>_<arch>.deb and checks it.
#   package.sh [--out DIR] [--no-check]
# 1. swift build -c release --static-swift-stdlib (the Swift runtime linked in: the board needs
#    no Swift toolchain);
# 2. stages /usr/bin/conformance-runner, a man page (swift-argument-parser's generate-manual
#    plugin), bash/zsh/fish completions (the binary's --generate-completion-script), the LAVA
#    test definition, the known-defect baselines, the ABI headers C reproducers include, the
#    workload fixture and the README;
# 3. computes Depends with dpkg-shlibdeps from what the binary links (never written by hand);
# 4. dpkg-deb --build; extracts it with dpkg -x into a scratch root (OUT/conformance-runner
#    links to the extracted binary) and, unless --no-check, runs `devices` and a full
#    reference run with it.
# Prints the package's path, size and Depends. Exit 0 ok, 1 a step failed, 2 bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

out=$repo/.build-package
check=1
while [ $# -gt 0 ]; do
    case $1 in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --no-check) check=0; shift ;;
    *) echo "package.sh: unknown argument '$1' (usage: package.sh [--out DIR] [--no-check])" >&2; exit 2 ;;
    esac
done
for tool in dpkg-deb dpkg-shlibdeps gzip; do
    command -v $tool >/dev/null || { echo "package.sh: $tool missing (ci/setup-host.sh installs dpkg-dev)" >&2; exit 1; }
done
[ -e "/usr/lib/$(gcc -print-multiarch)/libcurl.so" ] ||
    { echo "package.sh: libcurl.so missing (ci/setup-host.sh installs libcurl4-openssl-dev)" >&2; exit 1; }

echo "== release build (static Swift runtime)"
# The static FoundationNetworking (URLSession, for `upload`) is built on libcurl but does not
# name it at link time: link the system's libcurl dynamically (dpkg-shlibdeps then lists it).
build=(swift build -c release --static-swift-stdlib -Xlinker -lcurl)
"${build[@]}" --product conformance-runner 2>&1 | tail -n 3
binary=$("${build[@]}" --show-bin-path)/conformance-runner
[ -x "$binary" ] || { echo "package.sh: $binary was not built" >&2; exit 1; }

version=$("$binary" --version)
arch=$(dpkg --print-architecture)
name=accel-conformance_${version}_${arch}
work=$out/$name
rm -rf "$work" "$out/$name.deb"
root=$work/root
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" "$root/usr/share/doc/accel-conformance" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
    "$root/usr/share/fish/vendor_completions.d" "$root/usr/share/accel-conformance/lava" \
    "$root/usr/share/accel-conformance/baselines" "$root/usr/share/accel-conformance/include" \
    "$root/usr/share/accel-conformance/workloads"

install -m 0755 "$binary" "$root/usr/bin/conformance-runner"
strip --strip-unneeded "$root/usr/bin/conformance-runner"

echo "== man page (swift-argument-parser generate-manual)"
man_dir=$work/man
mkdir -p "$man_dir"
swift package --allow-writing-to-directory "$man_dir" generate-manual --configuration debug \
    --output-directory "$man_dir" > "$work/generate-manual.log" 2>&1 || { cat "$work/generate-manual.log" >&2; exit 1; }
[ -s "$man_dir/conformance-runner.1" ] || { echo "package.sh: generate-manual wrote no page" >&2; exit 1; }
gzip -9n < "$man_dir/conformance-runner.1" > "$root/usr/share/man/man1/conformance-runner.1.gz"

echo "== shell completions"
"$binary" --generate-completion-script bash > "$root/usr/share/bash-completion/completions/conformance-runner"
"$binary" --generate-completion-script zsh > "$root/usr/share/zsh/vendor-completions/_conformance-runner"
"$binary" --generate-completion-script fish > "$root/usr/share/fish/vendor_completions.d/conformance-runner.fish"

cp ci/lava/*.yaml "$root/usr/share/accel-conformance/lava/"
cp ci/vm/baselines/*.txt "$root/usr/share/accel-conformance/baselines/"
cp Sources/CAccelShim/include/accel_*_uapi.h "$root/usr/share/accel-conformance/include/"
cp Fixtures/workloads/loopback.json "$root/usr/share/accel-conformance/workloads/"
cp README.md "$root/usr/share/doc/accel-conformance/"
cat > "$root/usr/share/doc/accel-conformance/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: accel-conformance
Comment: the suite's own code; the binary links the Swift runtime statically
 (Apache-2.0 with Runtime Library Exception, swift.org).
EOF
find "$root/usr/share" -type f -exec chmod 0644 {} +

echo "== Depends (dpkg-shlibdeps over the binary)"
# dpkg-shlibdeps reads debian/control of a source tree: a stub naming the one package.
mkdir -p "$work/debian"
cat > "$work/debian/control" <<EOF
Source: accel-conformance
Maintainer: accel-conformance maintainers <accel-conformance@localhost>

Package: accel-conformance
Architecture: $arch
EOF
depends=$(cd "$work" && dpkg-shlibdeps -O -e root/usr/bin/conformance-runner 2>"$work/shlibdeps.log" |
    sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { cat "$work/shlibdeps.log" >&2; echo "package.sh: dpkg-shlibdeps found no Depends" >&2; exit 1; }

cat > "$root/DEBIAN/control" <<EOF
Package: accel-conformance
Version: $version
Architecture: $arch
Maintainer: accel-conformance maintainers <accel-conformance@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Section: devel
Priority: optional
Description: ioctl conformance suite for Linux compute-accelerator drivers
 conformance-runner checks /dev/accel drivers (qaic, DRM core ioctls) against
 per-ioctl tables derived from the kernel's rules; results as KTAP, JUnit,
 KCIDB, deqp-runner CSV, LAVA signals and an HTML report. Ships the LAVA test
 definition and the known-defect baselines.
EOF
dpkg-deb --build --root-owner-group -Zxz "$root" "$out/$name.deb" >/dev/null
deb=$out/$name.deb
echo "package: $deb ($(du -h "$deb" | cut -f1); binary $(du -h "$root/usr/bin/conformance-runner" | cut -f1))"
echo "Depends: $depends"

# The package's binary as a board gets it: extracted from the .deb. OUT/conformance-runner points
# at it; CI hands it to the VM tier (ci/vm/ci-tier.sh --runner), so the guests run what ships.
scratch=$work/scratch
rm -rf "$scratch"
dpkg -x "$deb" "$scratch"
installed=$scratch/usr/bin/conformance-runner
ln -sfn "$installed" "$out/conformance-runner"
echo "extracted binary: $out/conformance-runner -> $installed"

[ $check = 1 ] || exit 0
echo "== installed into a scratch root (dpkg -x): devices and a full reference run"
# Another working directory, so nothing is found through the source tree.
(cd "$work" && "$installed" devices) | tee "$work/devices.txt"
grep -q 'reference:qaic' "$work/devices.txt" || { echo "package.sh: 'devices' does not list reference:qaic" >&2; exit 1; }
status=0
(cd "$work" && "$installed" run --device reference:qaic \
    --workload "$scratch/usr/share/accel-conformance/workloads/loopback.json" --results "$work/reference-run") \
    > "$work/reference-run.log" 2>&1 || status=$?
tail -n 2 "$work/reference-run.log"
[ $status = 0 ] || { echo "package.sh: the packaged binary's reference run exited $status" >&2; exit 1; }
cases=$(grep -c '' "$work/reference-run/results.csv")
echo "package check: the extracted binary listed reference:qaic and ran $cases reference case(s), exit 0"
