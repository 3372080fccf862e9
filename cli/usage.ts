import { SPECIAL_TOKEN_SPELLING } from '../engine/core/vocabulary.js';
import { DEFAULT_BUDGET_TOKENS } from '../yardsticks/compare-budget.js';

export const USAGE: Record<string, string> = {
  main: `pretrain-lab — build, check and train pretraining objectives as graphs

Usage:
  pretrain-lab validate FILE... [--json]
  pretrain-lab preview FILE NODE [--split train|val] [--batch K] [--json]
  pretrain-lab train FILE [--steps N] [--backend tensorflow|webgpu|wasm|cpu|pytorch] [--devices N] [--fsdp] [--seed S] [--out DIR] [--resume RUN_DIR] [--json]
  pretrain-lab sample RUN_DIR [--prompt TEXT] [--tokens N] [--temperature T] [--top-k K] [--seed S]
  pretrain-lab fill-mask RUN_DIR TEXT [--top-k K]
  pretrain-lab infill RUN_DIR TEXT
  pretrain-lab generate RUN_DIR [-n 64] [-o grid.png] [--sampler ddpm|ddim] [--steps N]
  pretrain-lab export FILE [-o OUT.ts | --target pytorch -o OUT.py]
  pretrain-lab measure RUN_DIR [--json]
  pretrain-lab compare GRAPH... [--budget-tokens N] [--seeds K] [--out DIR] [--json]

Run "pretrain-lab COMMAND --help" for a command's details, "pretrain-lab --version" for the version.`,
  validate: `pretrain-lab validate FILE... [--json]

Checks graph files: each one's format, every node's settings, every connection's types and
shapes. Exit 0 when all are valid (warnings are printed), 1 with one line per problem:
  FILE: node <id>[.<port>]: <message>
2 on a usage error. --json prints {"file", "valid", "diagnostics"}, one line a file.`,
  preview: `pretrain-lab preview FILE NODE [--split train|val] [--batch K] [--json]

Shows what a data, tokenizer, batching or masking node produces, computed as a run computes it:
batch K (default 1, the batch step 1 of a run trains on) of the split, token ids decoded, special
tokens written as the tokenizer names them ([MASK], <extra_id_0>, [PAD]). A corpus or tokenizer
shows the start of the split. --json prints one object:
  {"node", "split", "batch", "ports": {NAME: {"dtype", "shape", "values", "text", "role"}}}
where "values" is the nested array and "text" one decoded string per example.`,
  train: `pretrain-lab train FILE [options]

Trains the graph and writes its run folder (checkpoints, graph, tokenizer).
  --steps N        total steps (default: the Optimizer node's)
  --backend B      tensorflow (libtensorflow via @tensorflow/tfjs-node[-gpu]), webgpu (the GPU
                   through Dawn: Vulkan, Metal or D3D12; the optional package "webgpu"), wasm, cpu
                   (default: tensorflow when installed, else wasm); pytorch: the graph
                   exported as a PyTorch program (RUN/pytorch/program.py) and run with the local
                   Python (the first of python3, /usr/bin/python3, python that imports torch)
  --devices N      with pytorch: N ranks on this machine (DDP; gloo on cpu, nccl on cuda), each
                   training on its own slice of every batch (not for InfoNCE, which needs whole
                   batches: it says so)
  --fsdp           with pytorch: shard weights, gradients and Adam's moments over the ranks
                   (FullyShardedDataParallel; torch 2.1 or later) instead of replicating them
  --seed S         override the graph's seed
  --out DIR        run folder (default: runs/<graph name>-<time>)
  --resume DIR     continue a run from its latest checkpoint, exactly where it stopped
  --json           one JSON object a line: start, step, eval, output, checkpoint, done|error`,
  sample: `pretrain-lab sample RUN_DIR [options]

Generates text from a trained causal LM (its graph needs a "Sample text" output node).
  --prompt TEXT    text to continue (default: the node's prompt)
  --tokens N       how many tokens to generate
  --temperature T  below 1 sharper, above 1 more varied
  --top-k K        draw only from the K most likely tokens (0: all)
  --seed S         sampling seed`,
  'fill-mask': `pretrain-lab fill-mask RUN_DIR TEXT [--top-k K]

Asks a trained masked LM what belongs at each mask in TEXT. Write the mask token as
${SPECIAL_TOKEN_SPELLING.mask}, e.g.:  pretrain-lab fill-mask runs/mlm "Call me Ish${SPECIAL_TOKEN_SPELLING.mask}ael."
(with a character tokenizer each ${SPECIAL_TOKEN_SPELLING.mask} stands for one character).`,
  infill: `pretrain-lab infill RUN_DIR TEXT

Asks a trained span-corruption (T5-style) model to write the spans that sentinels stand for in
TEXT, greedily, and prints each span and the filled text. Write the sentinels as <extra_id_0>,
<extra_id_1>, ... e.g.:
  pretrain-lab infill runs/t5 "He declared that a w<extra_id_0> must be near."
(its graph needs a "Span infill" output node; the sample hides one span of 4 characters in 24).`,
  export: `pretrain-lab export FILE [-o OUT.ts] | --target pytorch -o OUT.py

Writes the graph as one standalone TypeScript program that trains exactly what "train" trains
(same seed, same losses): its settings as a typed config object, then its data, model and
training loop, calling Pretrain Lab's own node code, which is copied in below. It needs only
@tensorflow/tfjs, @tensorflow/tfjs-backend-wasm and the corpus packages it reads. Without -o the
program is printed. Run it with:
  npx tsx OUT.ts [--steps N] [--backend wasm|cpu|tensorflow] [--json]

--target pytorch writes a PyTorch program instead (torch and numpy, no npm) and its data folder
OUT.data/ (what the graph's data nodes make: token ids and the vocabulary, images). Run it with:
  python3 OUT.py [--steps N] [--device cpu|cuda] [--dtype float32|bfloat16] [--out RUN_DIR] [--json]`,
  measure: `pretrain-lab measure RUN_DIR [--json]

Measures a finished run with every yardstick, on its corpus's held-out text (and Brown's genres
for the probe), each beside its baseline; n/a, with the reason, where one does not apply:
  generation   bits per character of 6 held-out characters after 16 (lower is better)
  infill       4 characters hidden in the middle of 20, written back (character accuracy, exact)
  probe        Brown genre from the frozen hidden states (beside the same model untrained)
  retrieval    zero-shot accuracy and recall@1, for contrastive image-text runs`,
  compare: `pretrain-lab compare GRAPH... [options]

Trains every graph on the same budget of training tokens with K seeds each, measures every run
with every yardstick, and prints one table: a row per graph, a column per yardstick, mean ± spread
over the seeds beside the yardstick's baseline (and, for the probe, the same model untrained);
n/a where a yardstick does not apply. GRAPH is a graph file or a sample's name (causal-lm).
  --budget-tokens N  training tokens per run: the token ids a run's batching nodes draw from the
                     tokenizer (B x T a step for fixed-length blocks), before any masking
                     (default ${DEFAULT_BUDGET_TOKENS.toLocaleString('en-US')}); each graph trains N / (its tokens a step) steps
  --seeds K          runs per graph, seeds graph seed .. graph seed + K - 1 (default 3)
  --out DIR          where runs, compare.json, compare.csv and compare.png go (default
                     runs/compare-<time>); run the same command again to resume a stopped compare
  --backend B        wasm, cpu or tensorflow
  --json             progress as JSON lines, then {"event":"compare","rows":[...]}`,
  generate: `pretrain-lab generate RUN_DIR [options]

Draws new images with a trained diffusion model (its graph needs a "Generate images" output
node) and writes them as one PNG grid, or prints a rough character picture without -o.
  -n, --count N    how many images (default: the node's, 64)
  -o, --out FILE   the PNG to write
  --sampler S      ddpm (every step, with noise) or ddim (fewer steps, deterministic)
  --steps N        DDIM: how many steps to take
  --columns N      images per row of the grid
  --scale N        each pixel drawn N x N in the PNG (default 2)
  --seed S         sampling seed`,
};
