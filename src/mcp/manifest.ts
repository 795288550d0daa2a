/**
 * What the package declares, put into the bundle by esbuild.mjs (`define`) so that it is declared once:
 * the extension's version, and the language-model tools of package.json (`contributes.languageModelTools`:
 * names, descriptions, input schemas, tags), which the MCP tools are. The Deep Search semantics an agent
 * needs (skills/extruct-deep-search/SKILL.md, also VS Code's chat skill) come as the server's instructions.
 */
import skill from '../../skills/extruct-deep-search/SKILL.md';

export interface ToolManifest {
  readonly name: string;
  readonly displayName: string;
  readonly modelDescription: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
  readonly tags?: readonly string[];
}

declare const EXTRUCT_MANIFEST: { readonly version: string; readonly tools: readonly ToolManifest[] };

export const MANIFEST = EXTRUCT_MANIFEST;

/** The skill without its front matter (the lines between the opening `---` and the next). */
export const INSTRUCTIONS = skill.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '').trim();
