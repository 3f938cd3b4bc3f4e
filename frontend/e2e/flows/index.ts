import type { Flow } from '../support/flow';
import { escalationsFlow } from './escalations';
import { messagesFlow } from './messages';

/** Every browser flow, in the order `npm test` runs them. Each area adds its own file here. */
export const FLOWS: Array<[string, Flow]> = [
  ['messages', messagesFlow],
  ['escalations', escalationsFlow],
];
