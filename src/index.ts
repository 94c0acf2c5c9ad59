import './fluent.ts';

export * from './core/index.ts';
export * from './transforms/index.ts';
export * from './parallel/index.ts';
export * from './formats/index.ts';
export * from './remote/index.ts';
export * from './image/index.ts';
export * from './datasets/index.ts';
