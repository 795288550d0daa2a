/**
 * Fills a localised template's placeholders, `{0}` or `{name}`, as `l10n.t` does: for templates the host
 * localised and the panel's browser script fills (core/format/time.ts, the panel's strings). No imports.
 */
export function fill(template: string, args: Readonly<Record<string, string | number>> | readonly (string | number)[]): string {
  const values = args as Readonly<Record<string, string | number | undefined>>;
  return template.replace(/\{([^}]+)\}/g, (match, key: string) => {
    const value = values[key];
    return value === undefined ? match : String(value);
  });
}
