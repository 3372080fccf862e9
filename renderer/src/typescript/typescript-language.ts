import { loader } from '@monaco-editor/react';

/**
 * TypeScript in Monaco for the read-only program view: tfjs's types, so hovering `tf.tidy` or
 * `tf.Tensor` shows what they are. @tensorflow/tfjs re-exports @tensorflow/tfjs-core, whose
 * declarations (about 1 MB of text) are bundled here, in the TypeScript tab's lazy chunk only.
 *
 * The view checks syntax but not types: the program also imports Node's built-ins and the corpus
 * packages, whose types are not here, and the test suite type-checks every export with `tsc
 * --strict` for real (test/export). So a valid export never shows a red squiggle.
 */
const tfjsCore = import.meta.glob<string>(['../../../node_modules/@tensorflow/tfjs-core/dist/**/*.d.ts', '!**/*_test.d.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

const CORE_PREFIX = '../../../node_modules/@tensorflow/tfjs-core/';

/** Where the program's model lives: module resolution looks in file:///node_modules from here. */
export const PROGRAM_URI = 'file:///program.ts';

let installed = false;

/** Monaco itself comes through @monaco-editor/react's loader (configured by code/monaco-setup.ts). */
export async function installTypeScriptLanguage(): Promise<void> {
  if (installed) return;
  installed = true;
  const monaco = await loader.init();
  const ts = monaco.typescript;
  ts.typescriptDefaults.setCompilerOptions({
    target: 9 as never, // ES2022 (not in monaco's ScriptTarget enum, which stops at ES2020)
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    allowNonTsExtensions: true,
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    skipLibCheck: true,
  });
  ts.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: true, noSyntaxValidation: false, noSuggestionDiagnostics: true });
  const libs = Object.entries(tfjsCore).map(([key, content]) => ({
    content,
    filePath: `file:///node_modules/@tensorflow/tfjs-core/${key.slice(CORE_PREFIX.length)}`,
  }));
  libs.push(
    { content: "export * from './dist/index';\n", filePath: 'file:///node_modules/@tensorflow/tfjs-core/index.d.ts' },
    // @tensorflow/tfjs is tfjs-core plus layers, converter and data, which exported programs do not use
    { content: "export * from '@tensorflow/tfjs-core';\n", filePath: 'file:///node_modules/@tensorflow/tfjs/index.d.ts' },
  );
  ts.typescriptDefaults.setExtraLibs(libs);
}
