/** The package's size budgets in bytes (budget.mjs), for the TypeScript that reads them (bench/startup.ts). */
export declare const BUDGET: {
  readonly extensionBundle: number;
  readonly mcpBundle: number;
  readonly webviewAssets: number;
  readonly vsix: number;
};
