/** The DOM id of the input behind a form key (`hours.1.0.closesAt` → `agent-hours-1-0-closesAt`). */
export function fieldId(key: string): string {
  return `agent-${key.replace(/\./g, '-')}`;
}

export function errorId(key: string): string {
  return `${fieldId(key)}-error`;
}
