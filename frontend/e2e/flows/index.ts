import type { Flow } from '../support/flow';
import { agentFlow } from './agent';
import { knowledgeFlow } from './knowledge';

/** Every browser flow, in the order `npm test` runs them. Each area adds its own file here. */
export const FLOWS: Array<[string, Flow]> = [
  ['knowledge', knowledgeFlow],
  ['agent', agentFlow],
];
