import type { Flow } from '../support/flow';
import { accessibilityFlow } from './accessibility';
import { agentFlow } from './agent';
import { appointmentsFlow } from './appointments';
import { callsFlow } from './calls';
import { escalationsFlow } from './escalations';
import { isolationFlow } from './isolation';
import { knowledgeFlow } from './knowledge';
import { liveFlow } from './live';
import { messagesFlow } from './messages';
import { overviewFlow } from './overview';
import { sessionFlow } from './session';

/** Every browser flow, in the order `npm test` runs them. Each area adds its own file here. */
export const FLOWS: Array<[string, Flow]> = [
  ['session', sessionFlow],
  ['overview', overviewFlow],
  ['live', liveFlow],
  ['calls', callsFlow],
  ['knowledge', knowledgeFlow],
  ['agent', agentFlow],
  ['appointments', appointmentsFlow],
  ['messages', messagesFlow],
  ['escalations', escalationsFlow],
  ['isolation', isolationFlow],
  ['accessibility', accessibilityFlow],
];
