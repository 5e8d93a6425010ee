/** The benchmark scripts' command lines. */

/** The value after `name` among the script's arguments (`--rounds 5` → `'5'`), or undefined. */
export function flag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
