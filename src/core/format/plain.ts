/**
 * Text from outside (the API, a link, a user's paste, a file name) made safe to show where VS Code renders
 * markup: a notification turns `[label](command:…)` into a link that runs a command with its arguments,
 * and quick picks, titles and some labels turn `$(name)` into an icon. A zero-width space between the
 * bracket and the parenthesis keeps both from parsing, and the text reads the same.
 */
export function plain(s: string): string {
  return s.replace(/\]\(/g, ']\u200b(').replace(/\$\(/g, '$\u200b(');
}
