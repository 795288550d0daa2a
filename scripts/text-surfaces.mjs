// Every VS Code API that puts text on screen (or before a model), and the ESLint rule that lets only
// src/extension/ui/ use it: there, text is made plain first (src/core/format/plain.ts: nothing hidden,
// no link, no icon, bounded). Used by eslint.config.mjs; test/unit/textSurfaces.test.ts checks that every
// `window` function of @types/vscode is classified here, and that the rule flags each surface.

/** The `vscode.window` functions: those that show text (only ui/ calls them) and those that do not. */
export const WINDOW = {
  surfaces: [
    'createInputBox',
    'createOutputChannel',
    'createQuickPick',
    'createStatusBarItem',
    'createTerminal',
    'createTextEditorDecorationType',
    'createTreeView',
    'createWebviewPanel',
    'registerCustomEditorProvider',
    'registerFileDecorationProvider',
    'registerTerminalLinkProvider',
    'registerTerminalProfileProvider',
    'registerTreeDataProvider',
    'registerWebviewPanelSerializer',
    'registerWebviewViewProvider',
    'setStatusBarMessage',
    'showErrorMessage',
    'showInformationMessage',
    'showInputBox',
    'showOpenDialog',
    'showQuickPick',
    'showSaveDialog',
    'showWarningMessage',
    'showWorkspaceFolderPick',
    'withProgress',
    'withScmProgress',
  ],
  /** No text of ours: a document the user opened, a URI handler. */
  notText: ['registerUriHandler', 'showNotebookDocument', 'showTextDocument'],
};

/** `vscode.lm` functions whose text reaches a model or the chat. */
export const LM = ['registerTool'];

/** Classes whose instances carry text to a surface. */
export const CONSTRUCTORS = ['TreeItem', 'MarkdownString', 'LanguageModelTextPart', 'LanguageModelToolResult'];

/** Properties of VS Code objects that show text: assigned only in ui/ (ui/text.ts `setText` and friends). */
export const PROPERTIES = [
  'title',
  'prompt',
  'placeholder',
  'validationMessage',
  'tooltip',
  'description',
  'detail',
  'label',
  'text',
  'message',
  'badge',
  'items',
  'accessibilityInformation',
];

const MESSAGE =
  'Text on a VS Code surface goes through src/extension/ui/, which makes it plain first (src/core/format/plain.ts). Use its wrappers.';

const names = (list) => `/^(${list.join('|')})$/`;

/** The `no-restricted-syntax` selectors for the rule. */
export function surfaceSelectors() {
  return [
    `MemberExpression[object.type='MemberExpression'][object.object.name='vscode'][object.property.name='window'][property.name=${names(WINDOW.surfaces)}]`,
    `MemberExpression[object.type='MemberExpression'][object.object.name='vscode'][object.property.name='lm'][property.name=${names(LM)}]`,
    `NewExpression[callee.type='MemberExpression'][callee.object.name='vscode'][callee.property.name=${names(CONSTRUCTORS)}]`,
    `AssignmentExpression > MemberExpression.left[property.name=${names(PROPERTIES)}]`,
    // `vscode.window` taken apart, or imported by name, would slip past the selectors above.
    "VariableDeclarator[init.type='MemberExpression'][init.object.name='vscode'][init.property.name=/^(window|lm)$/]",
    "VariableDeclarator[init.name='vscode'][id.type='ObjectPattern']",
    "ImportDeclaration[source.value='vscode'] > ImportSpecifier",
  ].map((selector) => ({ selector, message: MESSAGE }));
}

/** The flat-config entry: everywhere in src/extension but ui/. */
export function textSurfaceConfig() {
  return {
    files: ['src/extension/**/*.ts'],
    ignores: ['src/extension/ui/**'],
    rules: { 'no-restricted-syntax': ['error', ...surfaceSelectors()] },
  };
}
