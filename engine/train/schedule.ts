/** The optimizer node's settings the schedule reads. */
export interface ScheduleSettings {
  learningRate: number;
  minLearningRate: number;
  warmupSteps: number;
  decay: 'cosine' | 'linear' | 'constant';
  steps: number;
}

/** Learning rate at 1-based `step`: linear warmup, then decay to the minimum by the last step. */
export function learningRate(s: ScheduleSettings, step: number, totalSteps = s.steps): number {
  if (s.warmupSteps > 0 && step <= s.warmupSteps) return (s.learningRate * step) / s.warmupSteps;
  if (s.decay === 'constant') return s.learningRate;
  const span = Math.max(1, totalSteps - s.warmupSteps);
  const progress = Math.min(1, Math.max(0, (step - s.warmupSteps) / span));
  const shape = s.decay === 'cosine' ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1 - progress;
  return s.minLearningRate + (s.learningRate - s.minLearningRate) * shape;
}
