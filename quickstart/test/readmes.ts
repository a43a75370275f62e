// The READMEs whose quick starts the suite runs (each must have at least one).
export const README_QUICK_STARTS = [
  'README.md',
  'packages/node/README.md',
  'packages/core/README.md',
  'packages/langchain/README.md',
  'packages/ai-sdk/README.md',
  'packages/llamaindex/README.md',
  'packages/express/README.md',
  'packages/nestjs/README.md',
  'packages/viewer/README.md',
];
