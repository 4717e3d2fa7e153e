// jose 6 ships only as an ES module; this package compiles to CommonJS, so it is loaded with a dynamic import
// (esbuild inlines it in the bundle) and its types are imported with an explicit resolution mode.

export type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });

let loading: Promise<Jose> | undefined;

export function loadJose(): Promise<Jose> {
  loading ??= import('jose');
  return loading;
}
