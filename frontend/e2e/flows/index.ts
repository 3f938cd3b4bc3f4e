import type { Flow } from '../support/flow';
import { accessibilityFlow } from './accessibility';
import { sessionFlow } from './session';

/** Every browser flow, in the order `npm test` runs them. Each area adds its own file here. */
export const FLOWS: Array<[string, Flow]> = [
  ['session', sessionFlow],
  ['accessibility', accessibilityFlow],
];
