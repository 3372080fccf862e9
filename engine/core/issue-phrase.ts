import type { z } from 'zod';

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** Zod's issue, said the way a person reads a settings panel. */
export function phrase(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small': {
      const n = String(issue.minimum);
      if (issue.origin === 'array') return `needs at least ${n} item${n === '1' ? '' : 's'}`;
      if (issue.origin === 'string') return `needs at least ${n} character${n === '1' ? '' : 's'}`;
      return issue.inclusive === false ? `must be more than ${n}` : `must be at least ${n}`;
    }
    case 'too_big': {
      const n = String(issue.maximum);
      if (issue.origin === 'array') return `takes at most ${n} item${n === '1' ? '' : 's'}`;
      if (issue.origin === 'string') return `takes at most ${n} character${n === '1' ? '' : 's'}`;
      return issue.inclusive === false ? `must be less than ${n}` : `must be at most ${n}`;
    }
    case 'invalid_type':
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

/** The value at a zod issue's path, to show what was actually there. */
export function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const key of path) cur = cur && typeof cur === 'object' ? (cur as Record<PropertyKey, unknown>)[key] : undefined;
  return cur;
}
