/**
 * Held-out metrics as a person reads them. The engine names them for programs (`baselineAccuracy`,
 * `R.loss`, `loss.accuracy` when two loss nodes report); the run panel shows words, with what
 * each one means on hover, and accuracies as percentages.
 */

const KNOWN: Record<string, { label: string; about: string }> = {
  accuracy: { label: 'accuracy', about: 'share of the scored positions where the most likely token is the right one' },
  baselineAccuracy: { label: 'baseline accuracy', about: 'what always guessing the most frequent target would score: accuracy means something only above it' },
  textAccuracy: { label: 'accuracy on text', about: 'accuracy over the text targets alone, leaving out structure tokens (sentinels) that are easy to guess' },
  textBaselineAccuracy: { label: 'baseline accuracy on text', about: 'always guessing the most frequent text target, over the text targets alone' },
  pairAccuracy: { label: 'pair accuracy', about: "how often an item's most similar partner in the batch is its own (image to caption and back)" },
  scale: { label: 'logit scale', about: 'the learnt inverse temperature of the contrastive loss' },
};

/** "baselineAccuracy" -> "baseline accuracy"; "R.loss" -> "R held-out loss"; "loss.accuracy" -> "loss: accuracy". */
export function metricLabel(name: string): string {
  const known = KNOWN[name];
  if (known) return known.label;
  const dot = name.lastIndexOf('.');
  if (dot > 0) {
    const [head, tail] = [name.slice(0, dot), name.slice(dot + 1)];
    // a branch of one loss (UL2's R, S, X) or one of several loss nodes
    return tail === 'loss' ? `${head} held-out loss` : `${head}: ${metricLabel(tail)}`;
  }
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

export function metricAbout(name: string): string | undefined {
  const tail = name.slice(name.lastIndexOf('.') + 1);
  if (name.endsWith('.loss')) return `held-out loss of the ${name.slice(0, -5)} objective alone`;
  return KNOWN[name]?.about ?? KNOWN[tail]?.about;
}

/** Accuracies as percentages, other figures with 4 significant digits. */
export function metricValue(name: string, v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (/accuracy$/i.test(name)) return `${(v * 100).toFixed(1)}%`;
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Number(v.toPrecision(4)).toString();
}
