import type { Flow } from '../support/flow';
import { accessibilityFlow } from './accessibility';
import { agentFlow } from './agent';
import { isolationFlow } from './isolation';
import { knowledgeFlow } from './knowledge';
import { overviewFlow } from './overview';
import { sessionFlow } from './session';

/** Every browser flow, in the order `npm test` runs them. Each area adds its own file here. */
export const FLOWS: Array<[string, Flow]> = [
  ['session', sessionFlow],
  ['overview', overviewFlow],
  ['knowledge', knowledgeFlow],
  ['agent', agentFlow],
  ['isolation', isolationFlow],
  ['accessibility', accessibilityFlow],
];
