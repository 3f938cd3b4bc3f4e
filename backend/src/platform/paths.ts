import path from 'node:path';

/** The repository root (the same from `src/` under tsx and from `dist/` once compiled). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
