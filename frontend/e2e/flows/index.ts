import type { Flow } from '../support/flow';
import { liveFlow } from './live';

/** Every browser flow, in the order `npm test` runs them. Each area adds its own file here. */
export const FLOWS: Array<[string, Flow]> = [['live', liveFlow]];
