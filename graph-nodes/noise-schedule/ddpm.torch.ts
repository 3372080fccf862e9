import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

const uses = ['graph-nodes/noise-schedule/ddpm.torch.py'];

/** The schedule is worked out again from its settings (a few thousand numbers). */
export const noiseScheduleTorch: TorchEmit = { uses, code: (e) => `{"schedule": noise_schedule(${e.settings})}` };

export const diffuseTorch: TorchEmit = { uses, code: (e) => `diffuse(${e.input('images')}, ${e.input('schedule')}, ${e.rng})` };
