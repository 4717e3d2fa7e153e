// How a field's value reads in a diff ("current → desired"), in the tree, the previews and the CLI.

/** Strings as they are, anything else as JSON; unset (undefined, null, "") as `empty`. */
export function formatValue(value: unknown, empty = '(not set)'): string {
  if (value === undefined || value === null || value === '') return empty;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
