import { describeToolUse, type ToolUse } from '@/lib/realtime/tool-uses';
import styles from './live.module.css';

const TONE_CLASS = { ok: 'badge-ok', warning: 'badge-warning', danger: 'badge-danger', neutral: '' } as const;

/** What the assistant did on the call so far, one chip per tool use; the full result on hover/focus. */
export function ToolChips({ tools }: { tools: ToolUse[] }) {
  if (tools.length === 0) return null;
  return (
    <ul className={styles.chips} aria-label="Actions taken">
      {tools.map((tool, index) => {
        const chip = describeToolUse(tool);
        return (
          <li key={tool.toolCallId ?? `${tool.name}-${index}`} className={`badge ${TONE_CLASS[chip.tone]} ${styles.chip}`} title={chip.detail || undefined}>
            {chip.label}
          </li>
        );
      })}
    </ul>
  );
}
