import { format } from 'prettier/standalone';
import * as typescript from 'prettier/plugins/typescript';
import * as estree from 'prettier/plugins/estree';

/** An exported program laid out as a person would: prettier, with the project's line width. */
export function formatProgram(source: string): Promise<string> {
  return format(source, { parser: 'typescript', plugins: [typescript, estree], printWidth: 110, singleQuote: true });
}
