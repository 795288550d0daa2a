// The ESLint rule that keeps every user-facing string localisable: `extruct/localised-text`. Used by
// eslint.config.mjs; test/unit/l10nRule.test.ts proves on small fixtures that it flags a bypass and
// accepts `l10n.t`.
//
// Text for people is written as the first argument of `vscode.l10n.t(…)` (src/extension/) or of
// `l10n.t(…)` from @vscode/l10n (src/core/), where `npm run l10n` finds it for l10n/bundle.l10n.json.
// The rule reports a string or template literal that holds words anywhere else:
//  - `words`: a literal with a space between letters, or ending in "…" ("No task is watched.",
//    `Watching ${n} tasks`), anywhere in the file: sentences are never data. Not reported there: the
//    message of `l10n.t` and its comments for translators (also in a constant named `…comment`), log lines (`log.info(…)` and the like: the "Extruct" log is English, as VS
//    Code's own logs), `new Error(…)` (for developers), comparisons, `case` labels, imports, object keys
//    and types.
//  - `surfaces`: any literal with a word (two letters or more) given to a text surface: the text
//    arguments of the doors in src/extension/ui/ (`info`, `warn`, `askModal`, `setText`, `treeItem`,
//    `statusMessage`, `showQuickPick`, …) or of the webview's DOM helpers, and the value of a text
//    property in an object (`label`, `description`, `title`, `prompt`, `placeholder`, `tooltip`, …).
//    Identifiers, command IDs, setting keys and icons never reach these places.
// A literal with no letters (" · ", ": ") may join localised parts.
//
// The escape hatch, for text that is English on purpose (what a chat tool tells the model, an ID that is
// also a name), is an eslint-disable comment that says why:
//   // eslint-disable-next-line extruct/localised-text -- read by the model: chat-tool answers stay English

/** The doors of src/extension/ui/ and the webview's helpers: which arguments are text (`rest`: from there on). */
export const DOORS = {
  // src/extension/ui/messages.ts
  show: { args: [1], rest: 2 },
  info: { args: [0], rest: 1 },
  warn: { args: [0], rest: 1 },
  error: { args: [0], rest: 1 },
  askModal: { args: [1, 2], rest: 3 },
  // src/extension/ui/text.ts
  setText: { args: [1] },
  setValidation: { args: [1] },
  setTooltip: { args: [1] },
  setStatusText: { args: [2] },
  setBadge: { args: [2] },
  setAccessibility: { args: [1] },
  treeItem: { args: [0, 2] },
  statusMessage: { args: [1] },
  markdown: { args: [0] },
  literalMarkdown: { args: [0] },
  // src/extension/ui/inputs.ts and surfaces.ts
  setItems: { args: [1] },
  createInputBox: { args: [0] },
  createQuickPick: { args: [0] },
  showInputBox: { args: [0] },
  showQuickPick: { args: [0, 1] },
  withProgress: { args: [0] },
  showSaveDialog: { args: [0] },
  createWebviewPanel: { args: [1] },
  // src/webview/dom.ts
  h: { args: [1] },
  button: { args: [0, 2] },
  link: { args: [0, 3] },
};

/** Properties whose value people read. */
export const TEXT_KEYS = [
  'label',
  'description',
  'detail',
  'title',
  'prompt',
  'placeholder',
  'placeHolder',
  'tooltip',
  'message',
  'text',
  'saveLabel',
  'invocationMessage',
  'warning',
  'button',
  'hint',
  'aria-label',
];

const MESSAGE =
  'Words for people go through l10n.t (scripts/l10n-rule.mjs); English on purpose: // eslint-disable-next-line extruct/localised-text -- <why>';

/** Text of a literal, or of a template's fixed parts with "X" for each expression; undefined for anything else. */
function literalText(node) {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked ?? '').join('X');
  return undefined;
}

/** The letters a literal itself holds (a template's expressions are not words). */
const ownText = (node) =>
  node.type === 'TemplateLiteral' ? node.quasis.map((q) => q.value.cooked ?? '').join(' ') : (literalText(node) ?? '');
const hasWord = (node) => /\p{L}{2,}/u.test(ownText(node));
/** Words in a sentence: a letter, a space, and a letter further on; or a word and a trailing ellipsis. */
const isSentence = (node) => hasWord(node) && (/\p{L}\s[\s\S]*\p{L}/u.test(literalText(node) ?? '') || /…\s*$/.test(ownText(node)));

/** `l10n.t(…)` or `vscode.l10n.t(…)`. */
function isL10nCall(node) {
  if (node?.type !== 'CallExpression') return false;
  const c = node.callee;
  return (
    c.type === 'MemberExpression' &&
    !c.computed &&
    c.property.name === 't' &&
    ((c.object.type === 'Identifier' && c.object.name === 'l10n') ||
      (c.object.type === 'MemberExpression' && !c.object.computed && c.object.property.name === 'l10n'))
  );
}

/** The door a call is made to: the doors are imported by name (`info(…)`); `log.info(…)` is no door. */
function calleeName(call) {
  return call.callee.type === 'Identifier' ? call.callee.name : undefined;
}

/** The source text of a member chain, for `log.info`, `this.o.log?.warn`: "this.o.log.warn". */
function chain(node) {
  if (node.type === 'ChainExpression') return chain(node.expression);
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'MemberExpression' && !node.computed) return `${chain(node.object)}.${node.property.name}`;
  return '?';
}

const isLogCall = (call) => /(^|\.)(log|logger|channel)\.(info|warn|error|debug|trace)$/i.test(chain(call.callee));

/** True when the literal sits where it is no text for people (see the top of this file). */
function exempt(node) {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'CallExpression':
        if (isL10nCall(parent) || isLogCall(parent)) return true;
        if (parent.arguments.includes(child)) return false;
        break;
      case 'NewExpression':
        return parent.callee.type === 'Identifier' && /Error$/.test(parent.callee.name);
      case 'ImportDeclaration':
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
      case 'ImportExpression':
      case 'TSLiteralType':
      case 'TSEnumMember':
        return true;
      case 'Property':
        if (parent.key === child && !parent.computed) return true;
        break;
      case 'MemberExpression':
        if (parent.property === child) return true;
        break;
      case 'BinaryExpression':
        if (parent.operator === '+') break; // a part of a longer text: what holds it decides
        return ['===', '!==', '==', '!='].includes(parent.operator);
      case 'VariableDeclarator':
        // A comment for translators, kept in a constant: `const comment = [...]`, `const TASK_NAME_COMMENT = ...`
        return parent.id.type === 'Identifier' && /comment$/i.test(parent.id.name);
      case 'SwitchCase':
        return parent.test === child;
      case 'ExpressionStatement':
        return parent.directive !== undefined;
      case 'TemplateLiteral':
      case 'ConditionalExpression':
      case 'LogicalExpression':
      case 'ArrayExpression':
      case 'ObjectExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'ChainExpression':
      case 'AwaitExpression':
      case 'SpreadElement':
        break;
      default:
        return false;
    }
  }
  return false;
}

const keyName = (prop) =>
  prop.computed
    ? undefined
    : prop.key.type === 'Identifier'
      ? prop.key.name
      : typeof prop.key.value === 'string'
        ? prop.key.value
        : undefined;

export const localisedText = {
  meta: {
    type: 'problem',
    docs: { description: "User-facing strings go through l10n.t / vscode.l10n.t (or the host's strings in the webview)." },
    schema: [
      {
        type: 'object',
        properties: { words: { type: 'boolean' }, surfaces: { type: 'boolean' }, importL10n: { type: 'boolean' } },
        additionalProperties: false,
      },
    ],
    messages: {
      bypass: MESSAGE,
      dynamic: 'l10n.t takes the text itself (a literal), so that `npm run l10n` finds it for the bundle.',
      import: "This layer words its text with vscode.l10n.t (the webview: with the host's strings), not @vscode/l10n.",
    },
  },
  create(context) {
    const { words = true, surfaces = true, importL10n = true } = context.options[0] ?? {};
    const reported = new Set();
    const report = (node) => {
      if (reported.has(node)) return;
      reported.add(node);
      context.report({ node, messageId: 'bypass' });
    };

    /** An expression that reaches a text surface: each literal in it that holds a word is reported. */
    const surface = (node) => {
      if (!node) return;
      const text = literalText(node);
      if (text !== undefined) {
        if (hasWord(node)) report(node);
        if (node.type === 'TemplateLiteral') node.expressions.forEach(surface);
        return;
      }
      switch (node.type) {
        case 'ConditionalExpression':
          return (surface(node.consequent), surface(node.alternate));
        case 'LogicalExpression':
          return (surface(node.left), surface(node.right));
        case 'ArrayExpression':
          return node.elements.forEach((e) => surface(e?.type === 'SpreadElement' ? e.argument : e));
        // An object's text properties are checked wherever the object is (the `Property` visitor).
        case 'TSAsExpression':
        case 'TSSatisfiesExpression':
        case 'TSNonNullExpression':
          return surface(node.expression);
        default:
          return;
      }
    };

    const literal = (node) => {
      if (!words) return;
      if (literalText(node) === undefined || !isSentence(node) || exempt(node)) return;
      report(node);
    };

    /** The message of an `l10n.t` call, as l10n-dev reads it: a literal, or `{ message: <literal>, … }`. */
    const staticMessage = (arg) => {
      if (!arg) return false;
      if (arg.type === 'Literal') return typeof arg.value === 'string';
      if (arg.type === 'TemplateLiteral') return arg.expressions.length === 0;
      if (arg.type !== 'ObjectExpression') return false;
      const message = arg.properties.find((p) => p.type === 'Property' && keyName(p) === 'message');
      return message !== undefined && staticMessage(message.value);
    };

    return {
      Literal: literal,
      TemplateLiteral: literal,
      ImportDeclaration(node) {
        if (!importL10n && node.source.value === '@vscode/l10n') context.report({ node, messageId: 'import' });
      },
      CallExpression(node) {
        if (isL10nCall(node) && !staticMessage(node.arguments[0])) context.report({ node, messageId: 'dynamic' });
        if (!surfaces || isL10nCall(node)) return;
        const door = Object.hasOwn(DOORS, calleeName(node) ?? '') ? DOORS[calleeName(node)] : undefined;
        if (!door) return;
        node.arguments.forEach((arg, i) => {
          if (door.args.includes(i) || (door.rest !== undefined && i >= door.rest)) surface(arg);
        });
      },
      Property(node) {
        if (!surfaces) return;
        const key = keyName(node);
        if (key === undefined || !TEXT_KEYS.includes(key) || isL10nCall(node.parent.parent)) return;
        surface(node.value);
      },
      AssignmentExpression(node) {
        // `el.textContent = '…'` (the webview), `item.name = '…'`
        if (!surfaces || node.left.type !== 'MemberExpression' || node.left.computed) return;
        if (['textContent', 'name', ...TEXT_KEYS].includes(node.left.property.name)) surface(node.right);
      },
    };
  },
};

/** The plugin, as eslint.config.mjs registers it: `extruct/localised-text`. */
export const l10nPlugin = { rules: { 'localised-text': localisedText } };

/** Where user-facing text is made: every file of the VS Code layer and the webview, and the core's text builders. */
export const L10N_FILES = {
  extension: ['src/extension/**/*.ts'],
  core: [
    'src/core/format/**/*.ts',
    'src/core/model/**/*.ts',
    'src/core/notify/**/*.ts',
    'src/core/auth/**/*.ts',
    'src/core/input/**/*.ts',
    'src/core/tree/**/*.ts',
    'src/core/results/**/*.ts',
    'src/core/store/**/*.ts',
    // The shared folder's problems the user is told of; the rest of sync/ speaks to the log only.
    'src/core/sync/listFile.ts',
    'src/core/sync/listReplica.ts',
    'src/core/sync/watchList.ts',
    // What the user is asked before an agent's search; the other answers in agent/ are the model's, in English.
    'src/core/agent/confirmation.ts',
  ],
  webview: ['src/webview/**/*.ts'],
};

/**
 * The flat-config entries: words and surfaces in the core and the host, which uses vscode.l10n.t only
 * (src/extension/l10n.ts hands the core its bundle); surfaces only in the webview (its class names have
 * spaces), which imports no l10n at all.
 */
export function l10nConfig() {
  return [
    {
      files: L10N_FILES.core,
      plugins: { extruct: l10nPlugin },
      rules: { 'extruct/localised-text': 'error' },
    },
    {
      files: L10N_FILES.extension,
      plugins: { extruct: l10nPlugin },
      rules: { 'extruct/localised-text': ['error', { importL10n: false }] },
    },
    {
      files: L10N_FILES.webview,
      plugins: { extruct: l10nPlugin },
      rules: { 'extruct/localised-text': ['error', { words: false, importL10n: false }] },
    },
  ];
}
