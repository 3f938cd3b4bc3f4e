import type { Flow } from '../support/flow';
import { appointmentsFlow } from './appointments';

/** Every browser flow, in the order `npm test` runs them. Each area adds its own file here. */
export const FLOWS: Array<[string, Flow]> = [['appointments', appointmentsFlow]];
