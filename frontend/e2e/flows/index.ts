import type { Flow } from '../support/flow';
import { callsFlow } from './calls';

/** Every browser flow, in the order `npm test` runs them. Each area adds its own file here. */
export const FLOWS: Array<[string, Flow]> = [['calls', callsFlow]];
