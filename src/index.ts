import './fluent.ts';

export * from './core/index.ts';
export * from './transforms/index.ts';
