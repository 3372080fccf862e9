/**
 * Captions for handwritten digits: the templates a contrastive sample pairs MNIST images with,
 * and the class prompts zero-shot classification compares images against.
 */

export const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;

/** `{word}` is the digit's name ("seven"), `{n}` its numeral ("7"). */
export const DIGIT_CAPTION_TEMPLATES = [
  'a handwritten {word}',
  'the digit {n}',
  'a photo of the number {word}',
  'an image of a {n}',
  '{word}',
  'a drawing of the digit {word}',
  'the number {n}, written by hand',
] as const;

export function digitCaption(digit: number, template: number): string {
  return DIGIT_CAPTION_TEMPLATES[template]!.replace('{word}', DIGIT_WORDS[digit]!).replace('{n}', String(digit));
}

/** Every caption of every digit, one a line: the text a tokenizer learns the captions' characters from. */
export function allDigitCaptions(): string {
  return DIGIT_WORDS.flatMap((_, d) => DIGIT_CAPTION_TEMPLATES.map((_t, t) => digitCaption(d, t))).join('\n');
}
