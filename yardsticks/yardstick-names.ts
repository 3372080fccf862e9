/**
 * The yardsticks, as columns: one figure each for any finished run, whatever objective trained
 * it, `n/a` (value null, with a note) where a run's model cannot be measured that way. Kept apart
 * from the code that measures them, so the app's UI thread can name them without loading tfjs.
 */
export const YARDSTICKS = {
  generation: 'generation: held-out continuation, bits per character (lower is better)',
  infillChars: 'infill: hidden characters written back (character accuracy)',
  infillExact: 'infill: hidden spans written back exactly',
  probe: 'linear probe: Brown genre from frozen hidden states (accuracy)',
  retrieval: 'retrieval: zero-shot image classification (accuracy)',
  imageToCaption: 'retrieval: image -> caption recall@1',
  captionToImage: 'retrieval: caption -> image recall@1',
} as const;

export type YardstickName = keyof typeof YARDSTICKS;
