import type { Flow } from '../support/flow';
import { isolationFlow } from './isolation';
import { overviewFlow } from './overview';

/** Every browser flow, in the order `npm test` runs them. Each area adds its own file here. */
export const FLOWS: Array<[string, Flow]> = [
  ['overview', overviewFlow],
  ['isolation', isolationFlow],
];
