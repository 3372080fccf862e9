/** How tokens read on screen: structure tokens as they are, invisible characters made visible. */

const SPECIAL = /^(\[[A-Z]+\]|<extra_id_\d+>|<\|[a-z_]+\|>|<\/?s>|<pad>|<unk>|<mask>)$/;

/** [PAD], [MASK], <extra_id_3> ...: the tokens that are structure rather than text. */
export function isSpecialToken(text: string): boolean {
  return SPECIAL.test(text);
}

/** A token as it can be seen: spaces as ·, newlines as ↵, tabs as →, control characters as ␀-style symbols. */
export function visibleToken(text: string): string {
  if (text === '') return '∅';
  if (isSpecialToken(text)) return text;
  return text
    .replace(/ /g, '·')
    .replace(/\n/g, '↵')
    .replace(/\r/g, '␍')
    .replace(/\t/g, '→')
    .replace(/[\u0000-\u001f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)));
}

