/** Lines of at most `width` characters, broken between words (notes and docs in exported programs). */
export function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        if (current && current.length + 1 + word.length > width) {
          out.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      return [...out, current].join('\n');
    })
    .join('\n');
}
